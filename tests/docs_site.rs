//! relief's documentation (docs/) is a relief site, and every example in it, and in
//! README.md, is tested.
//!
//! The convention, by the fence's Zola-style annotations:
//!
//! - ```` ```toml,name=config.toml ````: a configuration snippet. It is completed into a whole
//!   config.toml (`title` and `base_url` added when it lacks them) and a tiny site built with
//!   it must succeed.
//! - ```` ```toml,name=front-matter ```` and ```` ```toml,name=section-front-matter ````: the
//!   front matter of a page, or of a section's `_index.md`, in a site made by `relief init`;
//!   the build must succeed.
//! - a block named after a file of a site, ```` ```md,name=content/….md ````,
//!   ```` ```jinja,name=templates/….html ````, or under `static/` or `data/`: written into the
//!   page's example site, a site made by `relief init`, when its turn comes in the page.
//! - ```` ```console ````: each `$ relief …` line runs in the page's example site, in page
//!   order with the file blocks; `$ cd DIR` moves into a folder. A command must exit with 0,
//!   unless the next line is `$ echo $?` and the line after it the status. Every other line
//!   shown must appear in the command's output, in order; `…` stands for any text, and a line
//!   of `…` alone for any lines.
//!
//! When file blocks come after a page's last command (or the page has no command), the
//! example site must build. Blocks of other languages, or without these names, are shown only.

#[path = "docs_common/mod.rs"]
mod docs;

use docs::{blocks, pages, relief, shown, Block};
use std::path::{Path, PathBuf};

/// A site made by `relief init` in a fresh folder: the example site of a page.
fn init_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = relief(dir.path(), &["init", "site"]);
    assert!(out.status.success(), "relief init: {}", shown(&out));
    let site = dir.path().join("site");
    (dir, site)
}

/// Build the site at `root` into a folder of its own; the output of a failed build.
fn build(root: &Path) -> Result<(), String> {
    let out = relief(root, &["build", "--output", "docs-example-public"]);
    match out.status.success() {
        true => Ok(()),
        false => Err(shown(&out)),
    }
}

/// `relief build` of a tiny site whose config.toml is `snippet`, completed.
fn config_snippet_builds(snippet: &str) -> Result<(), String> {
    let table: toml::Table = toml::from_str(snippet).map_err(|e| format!("not TOML: {e}"))?;
    let mut config = String::new();
    if !table.contains_key("title") {
        config.push_str("title = \"Docs example\"\n");
    }
    if !table.contains_key("base_url") {
        config.push_str("base_url = \"https://example.org/\"\n");
    }
    config.push_str(snippet);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("config.toml"), config).unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(
        root.join("content/_index.md"),
        "+++\ntitle = \"Home\"\n+++\nHello.\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    for (name, body) in [
        ("index.html", "{{ section.title }}"),
        ("section.html", "{{ section.title }}"),
        ("page.html", "{{ page.title }}"),
        ("taxonomy_list.html", "{{ taxonomy.name }}"),
        ("taxonomy_single.html", "{{ term.name }}"),
    ] {
        std::fs::write(root.join("templates").join(name), body).unwrap();
    }
    build(root)
}

/// `relief build` of a `relief init` site with a page (or a section) of this front matter.
fn front_matter_builds(snippet: &str, section: bool) -> Result<(), String> {
    let (_dir, site) = init_site();
    let file = match section {
        true => site.join("content/docs-example/_index.md"),
        false => site.join("content/docs-example.md"),
    };
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, format!("+++\n{snippet}+++\nThe page's text.\n")).unwrap();
    build(&site)
}

/// Whether `name` is a file of a site: a block to write into the page's example site.
fn is_site_file(name: &str) -> bool {
    ["content/", "templates/", "static/", "data/"]
        .iter()
        .any(|p| name.starts_with(p))
}

/// Whether `line` shows the same as `pattern`, in which `…` stands for any text (white space
/// at either end aside).
fn line_matches(pattern: &str, line: &str) -> bool {
    let (pattern, line) = (pattern.trim(), line.trim());
    let parts: Vec<&str> = pattern.split('…').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if parts.len() == 1 {
        return line == pattern;
    }
    let Some(mut rest) = line.strip_prefix(first) else {
        return false;
    };
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// Check that every line `shown` in the docs appears in `output`, in order.
fn output_shows(shown_lines: &[&str], output: &str) -> Result<(), String> {
    let actual: Vec<&str> = output.lines().map(str::trim_end).collect();
    let mut at = 0;
    for want in shown_lines.iter().map(|l| l.trim_end()) {
        if want.trim().is_empty() || want.trim() == "…" {
            continue;
        }
        match actual[at..].iter().position(|l| line_matches(want, l)) {
            Some(found) => at += found + 1,
            None => return Err(format!("the output has no line like `{want}`")),
        }
    }
    Ok(())
}

/// Split a command line into words, with "double" and 'single' quotes.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (None, c) if c.is_whitespace() => {
                if started || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                started = false;
            }
            (None, c) => word.push(c),
        }
    }
    if started || !word.is_empty() {
        out.push(word);
    }
    out
}

/// Run a console block's commands in `cwd` (which `cd` changes).
fn run_console(block: &Block, cwd: &mut PathBuf) -> Result<(), String> {
    let lines: Vec<&str> = block.text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let Some(command) = lines[i].strip_prefix("$ ") else {
            return Err(format!("`{}` is not a `$ ` command line", lines[i]));
        };
        i += 1;
        let shown_from = i;
        while i < lines.len() && !lines[i].starts_with("$ ") {
            i += 1;
        }
        let shown_lines = &lines[shown_from..i];
        let args = words(command);
        match args.first().map(String::as_str) {
            Some("cd") if args.len() == 2 => {
                *cwd = cwd.join(&args[1]);
                if !cwd.is_dir() {
                    return Err(format!("`{command}`: no such folder"));
                }
            }
            Some("relief") => {
                // `$ echo $?` and the status it prints, right after the command.
                let mut status = 0;
                if lines.get(i) == Some(&"$ echo $?") {
                    status = lines
                        .get(i + 1)
                        .and_then(|l| l.trim().parse().ok())
                        .ok_or_else(|| format!("`{command}`: `$ echo $?` shows no status"))?;
                    i += 2;
                }
                let rest: Vec<&str> = args[1..].iter().map(String::as_str).collect();
                let out = relief(cwd, &rest);
                let output = shown(&out);
                if out.status.code() != Some(status) {
                    return Err(format!(
                        "`{command}` exited with {:?}, the docs show {status}:\n{output}",
                        out.status.code()
                    ));
                }
                output_shows(shown_lines, &output)
                    .map_err(|e| format!("`{command}`: {e}; it printed:\n{output}"))?;
            }
            _ => {
                return Err(format!(
                    "`{command}`: only `relief …` and `cd DIR` run here"
                ))
            }
        }
    }
    Ok(())
}

/// Every example of one docs page, each failure named by the page's file and line.
fn page_examples(rel: &str, markdown: &str) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut tested = 0;
    let at = |b: &Block| format!("{rel}:{}", b.line);
    let (_dir, site) = init_site();
    let mut cwd = site.clone();
    let mut unbuilt_files = false;
    for block in blocks(markdown) {
        let name = block.name.as_deref().unwrap_or("");
        let result = match (block.lang.as_str(), name) {
            ("toml", "config.toml") => config_snippet_builds(&block.text),
            ("toml", "front-matter") => front_matter_builds(&block.text, false),
            ("toml", "section-front-matter") => front_matter_builds(&block.text, true),
            (_, name) if is_site_file(name) => {
                let path = cwd.join(name);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &block.text).unwrap();
                unbuilt_files = true;
                Ok(())
            }
            ("console", _) => {
                unbuilt_files = false;
                run_console(&block, &mut cwd)
            }
            _ => continue,
        };
        tested += 1;
        if let Err(e) = result {
            failures.push(format!(
                "{}: the `{} {name}` example: {e}",
                at(&block),
                block.lang
            ));
        }
    }
    if unbuilt_files {
        if let Err(e) = build(&cwd) {
            failures.push(format!("{rel}: its example files do not build:\n{e}"));
        }
    }
    (tested, failures)
}

#[test]
fn every_example_in_the_docs_works() {
    let mut failures = Vec::new();
    let mut tested = 0;
    let readme = std::fs::read_to_string(docs::repo().join("README.md")).unwrap();
    let sources = pages()
        .into_iter()
        .map(|(rel, text)| (format!("docs/content/{rel}"), text));
    for (rel, markdown) in sources.chain([("README.md".to_string(), readme)]) {
        let (n, mut f) = page_examples(&rel, &markdown);
        tested += n;
        failures.append(&mut f);
    }
    assert!(
        tested > 40,
        "only {tested} examples found in docs/content/ and README.md"
    );
    assert!(
        failures.is_empty(),
        "{} of {tested} examples fail:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The conventions catch what they promise to: a bad key, a wrong exit status, a missing
/// output line, a page that does not build.
#[test]
fn a_broken_example_fails() {
    assert!(config_snippet_builds("[review]\ninterval_days = 30\n").is_ok());
    assert!(config_snippet_builds("[review]\ninterval_dayz = 30\n").is_err());
    assert!(front_matter_builds("title = \"A\"\nweight = 2\n", false).is_ok());
    assert!(front_matter_builds("title = \"A\"\nwieght = 2\n", false).is_err());
    assert!(front_matter_builds("title = \"A\"\nsort_by = \"date\"\n", false).is_err());
    assert!(front_matter_builds("title = \"A\"\nsort_by = \"date\"\n", true).is_ok());

    let page = "```console\n$ relief build\nBuilt … pages…\n```\n";
    assert_eq!(page_examples("ok.md", page).1, Vec::<String>::new());
    let wrong_status = "```console\n$ relief build\n$ echo $?\n1\n```\n";
    assert_eq!(page_examples("status.md", wrong_status).1.len(), 1);
    let wrong_output = "```console\n$ relief build\nNothing was built\n```\n";
    assert_eq!(page_examples("output.md", wrong_output).1.len(), 1);
    let broken_link = "```md,name=content/x.md\n+++\ntitle = \"X\"\n+++\n[a](@/nowhere.md)\n```\n";
    assert_eq!(page_examples("link.md", broken_link).1.len(), 1);

    assert!(line_matches(
        "Built … pages in … ms",
        "Built 4 pages in 30 ms"
    ));
    assert!(!line_matches("Built … pages in … ms", "Built 4 pages"));
    assert!(!line_matches(
        "relief check: 0 errors",
        "relief check: 0 errors, 1 warning"
    ));
    assert_eq!(
        words("new a.md --title \"My topic\""),
        ["new", "a.md", "--title", "My topic"]
    );
}

/// The docs site itself: it builds, and `relief check --deny-warnings` finds nothing.
#[test]
fn the_docs_site_builds_and_passes_relief_check() {
    let out_dir = tempfile::tempdir().unwrap();
    let output = out_dir.path().join("public");
    let out = relief(
        &docs::repo(),
        &[
            "build",
            "--root",
            "docs",
            "--output",
            output.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "relief build --root docs:\n{}",
        shown(&out)
    );
    for page in [
        "index.html",
        "guides/links/index.html",
        "reference/config/index.html",
        "search/index.html",
        "404.html",
        "giallo.css",
    ] {
        assert!(output.join(page).is_file(), "the docs site has no {page}");
    }
    let check = relief(
        &docs::repo(),
        &["check", "--root", "docs", "--deny-warnings"],
    );
    assert!(
        check.status.success(),
        "relief check --root docs --deny-warnings:\n{}",
        shown(&check)
    );
}

/// The docs site's search script is the bundled site's, not a copy drifting apart.
#[test]
fn the_docs_search_script_is_the_bundled_one() {
    let bundled = std::fs::read(docs::repo().join("static/search.js")).unwrap();
    let docs_copy = std::fs::read(docs::docs().join("static/search.js")).unwrap();
    assert!(
        bundled == docs_copy,
        "docs/static/search.js differs from static/search.js: copy it again"
    );
}
