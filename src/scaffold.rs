//! The author's starting points: `relief new` writes a page with complete front matter,
//! `relief init` a whole new site (config, the bundled templates and styles, an example
//! section and page) that builds at once.

use crate::diagnostics::{Diagnostic, Location};
use jiff::civil::Date;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The bundled site's templates and static files, as `(path, bytes)`.
pub fn bundled_files() -> &'static [(&'static str, &'static [u8])] {
    embedded::FILES
}

/// A TOML string literal.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The text of a new draft page.
pub(crate) fn page_text(title: &str, today: Date) -> String {
    format!(
        r#"+++
title = {title}
description = ""
date = {today}
draft = true
weight = 0
# evidence = "some"   # one of the ratings under [evidence.levels] in config.toml
aliases = []
# Sources: replace `references = []` with one [[references]] table per source at the end
# of the front matter, e.g.
#   [[references]]
#   id = "smith2024"
#   title = "The study's title"
#   container = "Journal name"
#   year = 2024
#   doi = "10.1000/xyz"
# and cite it in the text as [@smith2024].
references = []
# Page keys go above this line: every key below a [table] line belongs to that table.

[taxonomies]
tags = []

[extra]
+++
Write the page here. Link to other pages by their file under content/, e.g. `@/about.md`.
"#,
        title = toml_string(title)
    )
}

/// Write a new draft page at `path` (under `root/content/`; a leading `content/` is
/// accepted) and return the file written. An existing file is never overwritten.
pub fn new_page(root: &Path, path: &Path, title: &str, today: Date) -> Result<PathBuf, Diagnostic> {
    let rel = path.strip_prefix("content").unwrap_or(path);
    let plain = rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain || rel.as_os_str().is_empty() {
        return Err(Diagnostic::error(
            "new",
            format!("`{}` is not a path inside content/", path.display()),
        )
        .help("give a path relative to content/, e.g. `relief new topics/my-topic.md --title \"My topic\"`"));
    }
    if rel.extension().and_then(|e| e.to_str()) != Some("md") {
        return Err(Diagnostic::error(
            "new",
            format!("`{}` is not a Markdown file", path.display()),
        )
        .help("end the file name with .md"));
    }
    if title.trim().is_empty() {
        return Err(Diagnostic::error("new", "the page needs a title")
            .help("pass --title \"The page's title\""));
    }
    if crate::config::file_name(root).is_none() {
        return Err(Diagnostic::error("new", "config.toml not found")
            .at(Location::file(root))
            .help("run relief new from the site's folder, pass --root DIR, or create a site with `relief init DIR`"));
    }
    let file = root.join("content").join(rel);
    let display = Path::new("content").join(rel);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Diagnostic::io(dir, "create the page's folder", &e))?;
    }
    let mut out = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(Diagnostic::error(
            "new",
            format!("{} already exists", display.display()),
        )
        .at(Location::file(&display))
        .help("relief new never overwrites a page: choose another file name, or edit the page")),
        Err(e) => return Err(Diagnostic::io(&display, "create the page", &e)),
    };
    out.write_all(page_text(title, today).as_bytes())
        .map_err(|e| Diagnostic::io(&display, "write the page", &e))?;
    Ok(display)
}

const CONFIG: &str = r#"title = "My evidence-based site"
description = "Plain-language, evidence-based information, with every claim linked to its source."
# The address the site is published at. A sub-path works too: "https://example.org/docs/".
# Override it for one build with `relief build --base-url URL`.
base_url = "https://example.org/"
language = "en"
author = "The site's editors"
# A taxonomy is a name, or a table: {name = "tags", paginate_by = 20, feed = true} lists
# each tag's pages over pagers of 20 and gives each tag an Atom feed.
taxonomies = ["tags"]
# Write every internal link relative to its page, so the site also works opened from disk
# (`relief build --relative` does the same for one build).
relative_urls = false
# Publish static/'s stylesheets minified; the files you edit keep their comments and layout.
minify_css = true
# `minify_html = true` minifies every page too: about 5% fewer bytes per page, at the cost of
# roughly doubling the build's CPU time on a large site.
minify_html = false

[markdown]
# Each heading ends with a link to itself, written by templates/anchor-link.html (or
# "left", "heading", "none" as in Zola; a section's _index.md may choose its own).
insert_anchor_links = "right"

[link_checker]
# `relief check --external` fetches every external link; URLs starting with these are
# never fetched (sites that turn automated checks away).
skip_prefixes = []

[review]
# A whole-page review stays valid this long when a page sets no review_due.
interval_days = 365

[check]
# Warnings never reported, by the code each warning shows (warning[orphan-page]: …), e.g.
# allow = ["orphan-page", "missing-description"]. Errors cannot be allowed, only fixed.
allow = []

[evidence.levels]
some = "Some evidence (short-term)"
mixed = "Mixed evidence"
limited = "Limited or weak evidence"
unsupported = "Not supported by good evidence"

[extra]
# Where readers report a problem: a web form, or "mailto:" and an address. Every page's footer
# links to it ("Report a problem with this page"); `relief check` warns until it is set.
# feedback_url = "mailto:editors@example.org"
"#;

/// The bundled templates write every word of their interface with `trans`: the
/// `[translations]` table of the bundled site's config.toml, from its header to the next
/// table, gives a new site those strings in English.
fn interface_strings() -> &'static str {
    const BUNDLED: &str = include_str!("../config.toml");
    let start = BUNDLED
        .find("\n[translations]\n")
        .map_or(BUNDLED.len(), |at| at + 1);
    let rest = &BUNDLED[start..];
    let end = rest[1..].find("\n[").map_or(rest.len(), |at| at + 2);
    &rest[..end]
}

/// `(path, text)` of the example content, reviewed `today`.
fn example_content(today: Date) -> Vec<(&'static str, String)> {
    let due = today
        .checked_add(jiff::Span::new().years(1))
        .unwrap_or(today);
    vec![
        (
            "content/_index.md",
            format!(
                r#"+++
title = "Welcome"
description = "What this site covers and how it rates the evidence."
reviewed = {today}
review_due = {due}
+++
This site explains, in plain language, what research says about its topic.

<!-- more -->

## How to read this site

Each page rates the evidence behind a claim and links to its sources. Start with
[the example topic](@/topics/example.md), or read [how we work](@/about.md).
"#
            ),
        ),
        (
            "content/about.md",
            format!(
                r#"+++
title = "About this site"
description = "Who writes this site, how pages are checked, and how the evidence is rated."
date = {today}
reviewed = {today}
review_due = {due}
weight = 10
+++
Every page is written from its sources and reviewed at least once a year.

## How we rate the evidence {{#evidence-ratings}}

Each claim gets one of the ratings listed in config.toml, from "some evidence" to
"not supported by good evidence".
"#
            ),
        ),
        (
            "content/sources.md",
            format!(
                r#"+++
title = "Sources"
description = "Every source cited on this site, grouped by the page that cites it."
date = {today}
reviewed = {today}
review_due = {due}
weight = 20
template = "sources.html"
+++
Every source cited on this site, each under the page that cites it most.
"#
            ),
        ),
        (
            "content/search.md",
            r#"+++
title = "Search"
description = "Search every page of the site, or browse the full list of topics."
template = "search.html"
weight = 1000

[extra]
search = false
in_nav = false
+++
Type a word; results appear as you type.
"#
            .to_string(),
        ),
        (
            "content/topics/_index.md",
            format!(
                r#"+++
title = "Topics"
description = "Each claim, checked against the research."
reviewed = {today}
review_due = {due}
+++
One page per claim, each with its evidence rating.
"#
            ),
        ),
        (
            "content/topics/example.md",
            format!(
                r#"+++
title = "An example topic"
description = "An example page: a claim, what the research says, and its sources."
date = {today}
reviewed = {today}
review_due = {due}
evidence = "limited"

[taxonomies]
tags = ["example"]

[[references]]
id = "example2024"
authors = "Example A, Sample B"
title = "Replace this with a real source"
container = "Journal of Examples"
year = 2024
url = "https://www.example.com/study"
+++
Write a short, plain answer first: what the claim is and how strong the evidence is.

<!-- more -->

## What the research says

Cite each statement's source like this [@example2024]. The sources list at the end of the
page is built from the references in the front matter.

## When to get help

Say when a reader should see a professional. See also [about this site](@/about.md#evidence-ratings).
"#
            ),
        ),
    ]
}

/// Create a new site in `dir` (which must not exist or be empty) and return the files
/// written, relative to `dir`.
pub fn init(dir: &Path, today: Date) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| Diagnostic::io(dir, "read the folder", &e))?
            .next()
            .is_none();
        if !empty {
            return Err(Diagnostic::error(
                "init",
                format!("{} already exists and is not empty", dir.display()),
            )
            .at(Location::file(dir))
            .help("relief init never overwrites files: choose a new folder name"));
        }
    }
    let config = format!(
        "{CONFIG}\n# Every word the templates show, through trans(key=…, lang=lang). A site in more\n\
         # languages gives each one the same keys under [languages.xx.translations].\n{}",
        interface_strings()
    );
    let mut files: Vec<(String, Vec<u8>)> = vec![("config.toml".into(), config.into())];
    files.extend(
        bundled_files()
            .iter()
            .map(|(path, bytes)| (path.to_string(), bytes.to_vec())),
    );
    files.extend(
        example_content(today)
            .into_iter()
            .map(|(path, text)| (path.to_string(), text.into_bytes())),
    );
    let mut written = Vec::new();
    for (rel, bytes) in files {
        let path = crate::output::paths::join(dir, &rel)
            .map_err(|why| Diagnostic::error("init", format!("refusing to write {rel}: {why}")))?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::io(parent, "create the folder", &e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Diagnostic::io(&path, "write the file", &e))?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}
