//! `relief check`: everything a build checks, plus what an author wants to know before
//! publishing, without writing anything.
//!
//! The whole pipeline runs, and the site is rendered into a sink that only inspects: each
//! HTML file is scanned for its links, assets and ids as it is rendered, then dropped. The
//! checks run on that crawl of the real output, so links written by templates are checked
//! like links written in Markdown. Each finding is traced back to where an author can fix
//! it: the Markdown line, else the template line that writes the URL, else the line of the
//! rendered page.
//!
//! External links are checked for form only, unless asked (`--external`): then each one is
//! fetched once (external.rs).

mod external;

use crate::content::Document;
use crate::diagnostics::{self, Diagnostic, LineIndex, Location};
use crate::output::{self, urls, Sink};
use crate::site::Site;
use crate::BuildOptions;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// Whether `relief check` goes to the network to fetch external links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum External {
    /// Check their form only; nothing leaves the machine.
    Skip,
    /// Fetch every external URL once and report the dead ones.
    Fetch,
}

/// How long one external URL may take to answer, redirects included.
const EXTERNAL_TIMEOUT: Duration = Duration::from_secs(15);

/// Run every check on the site at `options.root`; nothing is written.
/// Errors among the diagnostics mean the site should not be published.
pub fn check(options: &BuildOptions, external: External) -> Vec<Diagnostic> {
    let sink = Inspect::default();
    let loaded = match crate::load(options, &sink) {
        Ok(loaded) => loaded,
        Err(failed) => {
            let mut diagnostics = failed.diagnostics;
            add_columns(&mut diagnostics);
            return diagnostics;
        }
    };
    let mut loaded = loaded;
    // Checked as published under base_url: relative mode only rewrites the same URLs
    // mechanically (tests/deploy.rs covers it), and stylesheets stay files to point into.
    loaded.site.config.relative_urls = false;
    let mut diagnostics = loaded.warnings.clone();
    if let Err(errors) = output::write_site(&loaded, &sink) {
        diagnostics.extend(errors);
    }
    let site = &loaded.site;
    let crawl = Crawl {
        site,
        pages: sink.pages.into_inner().unwrap_or_else(|e| e.into_inner()),
        files: sink.files.into_inner().unwrap_or_else(|e| e.into_inner()),
        stylesheets: sink
            .stylesheets
            .into_inner()
            .unwrap_or_else(|e| e.into_inner()),
        templates: templates(&options.root),
    };
    diagnostics.extend(crawl.links());
    if external == External::Fetch {
        diagnostics.extend(crawl.dead_external_links());
    }
    diagnostics.extend(crawl.orphans());
    for doc in site.content.documents() {
        diagnostics.extend(image_alt(doc));
        diagnostics.extend(malformed_links(doc));
    }
    diagnostics.extend(uncited_evidence(site));
    diagnostics.extend(missing_feedback_url(site, &options.root, &crawl.templates));
    diagnostics.extend(descriptions(site));
    diagnostics.extend(duplicate_titles(site));
    diagnostics::fill_snippets(&mut diagnostics, &options.root);
    add_columns(&mut diagnostics);
    diagnostics::dedup(&mut diagnostics);
    diagnostics
}

/// One URL found in a rendered page.
struct Link {
    /// As written in the HTML, character references decoded.
    raw: String,
    tag: String,
    kind: urls::Kind,
    /// Where it is in the rendered HTML.
    location: Location,
}

#[derive(Default)]
struct Page {
    links: Vec<Link>,
    ids: HashSet<String>,
}

/// A sink that keeps what the checks need of each file and drops the rest.
#[derive(Default)]
struct Inspect {
    pages: Mutex<HashMap<String, Page>>,
    files: Mutex<HashSet<String>>,
    /// Stylesheets copied from static/ or content/: `(output path, source file)`.
    stylesheets: Mutex<Vec<(String, PathBuf)>>,
}

impl Sink for Inspect {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = path.trim_start_matches('/').to_string();
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            let scan = urls::scan(&html);
            let lines = LineIndex::new(&html);
            let file = Path::new(&path);
            let page = Page {
                links: scan
                    .urls
                    .iter()
                    .filter(|f| f.kind != urls::Kind::Action)
                    .map(|f| Link {
                        raw: urls::decode(&html[f.range.clone()]),
                        tag: f.tag.clone(),
                        kind: f.kind,
                        location: lines.locate(file, f.range.start, f.range.len(), 0),
                    })
                    .collect(),
                ids: scan.ids.into_iter().collect(),
            };
            lock(&self.pages).insert(path.clone(), page);
        }
        lock(&self.files).insert(path);
        Ok(())
    }

    fn copy(&self, path: &str, source: &Path) -> Result<(), Diagnostic> {
        let path = path.trim_start_matches('/').to_string();
        if path.ends_with(".css") {
            lock(&self.stylesheets).push((path.clone(), source.to_path_buf()));
        }
        lock(&self.files).insert(path);
        Ok(())
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Where an internal URL leads, as an output file and an anchor.
struct Target {
    file: String,
    anchor: Option<String>,
}

enum Resolved {
    /// Not ours to check: external, `mailto:`, `data:`…
    External,
    Internal(Target),
    /// Root-relative but outside the base path: a 404 under a sub-path deployment.
    OutsideBase,
    /// `..` above the site's root.
    AboveRoot,
}

struct Crawl<'a> {
    site: &'a Site,
    pages: HashMap<String, Page>,
    files: HashSet<String>,
    stylesheets: Vec<(String, PathBuf)>,
    /// `(display path, source)` of every template, sorted by name.
    templates: Vec<(PathBuf, String)>,
}

/// How a location in the output, not in any source, is named: `(rendered) a/index.html`.
const RENDERED: &str = "(rendered)";

fn is_rendered(location: &Location) -> bool {
    location.file.to_string_lossy().starts_with(RENDERED)
}

/// File, line, column and message: one finding at one place, whichever pages show it.
type GroupKey = (String, Option<usize>, Option<usize>, String);

/// A finding before it is traced to its source and grouped across pages.
#[derive(Clone)]
struct Finding {
    code: &'static str,
    error: bool,
    message: String,
    help: String,
}

/// Findings grouped by where they can be fixed: the same template link is broken on many
/// pages, and is reported once, saying where.
#[derive(Default)]
struct Report {
    grouped: BTreeMap<GroupKey, (Finding, Location, Vec<String>)>,
}

impl Report {
    /// `finding`, fixable at `location`, shows on the output file `from`.
    fn add(&mut self, finding: Finding, location: Location, from: &str) {
        let key = (
            location.file.display().to_string(),
            location.line,
            location.column,
            finding.message.clone(),
        );
        self.grouped
            .entry(key)
            .or_insert_with(|| (finding, location, Vec::new()))
            .2
            .push(from.to_string());
    }

    fn diagnostics(self, site: &Site) -> Vec<Diagnostic> {
        self.grouped
            .into_values()
            .map(|(f, location, pages)| {
                let on = match pages.len() {
                    1 => format!("on {}", page_url(site, &pages[0])),
                    2 => format!("on {} and 1 other page", page_url(site, &pages[0])),
                    n => format!("on {} and {} other pages", page_url(site, &pages[0]), n - 1),
                };
                let message = format!("{} ({on})", f.message);
                let d = if f.error {
                    Diagnostic::error(f.code, message)
                } else {
                    Diagnostic::warning(f.code, message)
                };
                d.at(location).help(f.help)
            })
            .collect()
    }
}

/// The URL to fetch for a link as written: absolute `http(s)` (a scheme-relative `//host`
/// is taken as https), without its fragment. `None` for every other link.
fn fetchable(raw: &str) -> Option<String> {
    let url = raw.split('#').next().unwrap_or_default();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        Some(url.to_string())
    } else {
        url.strip_prefix("//").map(|rest| format!("https://{rest}"))
    }
}

/// What an author should hear about an external URL's answer; nothing when it is fine.
fn external_finding(url: &str, outcome: &external::Outcome) -> Option<Finding> {
    use external::Outcome;
    let browser = "open it in a browser: if the page is there, add the site to [link_checker] skip_prefixes in config.toml";
    let passing =
        "this is often passing: run the check again later, and open the link in a browser";
    let replace = "find where the page moved (search its title; a DOI or PubMed link lasts longer) and update the link, or remove it";
    let (code, error, message, help) = match outcome {
        Outcome::Fine => return None,
        Outcome::Moved(to) => (
            "link-moved",
            false,
            format!("`{url}` has moved permanently to `{to}`"),
            "update the link to the new address: the redirect may not last",
        ),
        Outcome::Gone(status) => (
            "dead-link",
            true,
            format!("`{url}` is gone: the server answers {status}"),
            replace,
        ),
        Outcome::Rejected(status) => (
            "dead-link",
            true,
            format!("`{url}` is refused as a bad request: the server answers {status}"),
            replace,
        ),
        Outcome::NoSuchHost => (
            "dead-link",
            true,
            format!("`{url}`: its host name does not exist"),
            "check the spelling of the domain; if the site is gone, find where the page moved or remove the link",
        ),
        Outcome::Refused(status) => (
            "link-refused",
            false,
            format!("`{url}` did not let relief check it: the server answers {status}"),
            browser,
        ),
        Outcome::ServerError(status) => (
            "link-unreachable",
            false,
            format!("`{url}` failed on the server's side: it answers {status}"),
            passing,
        ),
        Outcome::Unreachable(why) => (
            "link-unreachable",
            false,
            format!("`{url}` could not be reached: {why}"),
            passing,
        ),
    };
    Some(Finding {
        code,
        error,
        message,
        help: help.to_string(),
    })
}

impl Crawl<'_> {
    fn document_of(&self, file: &str) -> Option<&Document> {
        self.site
            .content
            .documents()
            .find(|d| output_file(&d.path) == file)
    }

    /// Resolve `raw`, found in the output file `from`, to a file of the output.
    fn resolve(&self, from: &str, raw: &str) -> Resolved {
        let base = &self.site.base_path;
        let (rest, fragment) = match raw.split_once('#') {
            Some((r, f)) => (r, Some(f.to_string())),
            None => (raw, None),
        };
        let rest = rest.split('?').next().unwrap_or_default();
        if rest.is_empty() {
            return Resolved::Internal(Target {
                file: from.to_string(),
                anchor: fragment,
            });
        }
        let own = format!("{}{}", self.site.origin, base);
        let site_path = if let Some(path) = rest.strip_prefix(&own) {
            path.to_string()
        } else if rest == own.trim_end_matches('/') {
            String::new()
        } else if has_scheme(rest) || rest.starts_with("//") {
            return Resolved::External;
        } else if let Some(absolute) = rest.strip_prefix('/') {
            match format!("/{absolute}").strip_prefix(base.as_str()) {
                Some(p) => p.to_string(),
                None if format!("/{absolute}") == base.trim_end_matches('/') => String::new(),
                None => return Resolved::OutsideBase,
            }
        } else {
            let dir = from.rfind('/').map_or("", |i| &from[..=i]);
            format!("{dir}{rest}")
        };
        let decoded = crate::slug::decode_path(&site_path).unwrap_or(site_path);
        let mut segments: Vec<&str> = Vec::new();
        for seg in decoded.split('/') {
            match seg {
                "." => {}
                ".." => {
                    if segments.pop().is_none() {
                        return Resolved::AboveRoot;
                    }
                }
                s => segments.push(s),
            }
        }
        let mut file = segments.join("/");
        if file.is_empty() || file.ends_with('/') {
            file.push_str("index.html");
        } else if !self.files.contains(&file) {
            let as_dir = format!("{file}/index.html");
            if self.files.contains(&as_dir) {
                file = as_dir;
            }
        }
        Resolved::Internal(Target {
            file,
            anchor: fragment,
        })
    }

    /// Broken internal links and anchors, missing images and assets, on every page.
    fn links(&self) -> Vec<Diagnostic> {
        let mut report = Report::default();
        let mut files: Vec<&String> = self.pages.keys().collect();
        files.sort();
        for from in files {
            for link in &self.pages[from].links {
                if let Some(finding) = self.finding(from, link) {
                    report.add(finding, self.trace(from, link), from);
                }
            }
        }
        // `url(…)` in stylesheets, resolved from the stylesheet's own URL.
        for (from, source) in &self.stylesheets {
            let Ok(css) = std::fs::read_to_string(source) else {
                continue;
            };
            let display = source.strip_prefix(&self.site.root).unwrap_or(source);
            for range in urls::css(&css) {
                let raw = css[range.clone()].to_string();
                if raw.starts_with("data:") {
                    continue;
                }
                let link = Link {
                    raw,
                    tag: "css".into(),
                    kind: urls::Kind::Css,
                    location: Location::offset(display, &css, range.start, range.len()),
                };
                if let Some(finding) = self.finding(from, &link) {
                    report.add(finding, link.location, from);
                }
            }
        }
        report.diagnostics(self.site)
    }

    /// External links whose servers say the page is gone or could not be asked: each URL is
    /// fetched once, however many pages show it.
    fn dead_external_links(&self) -> Vec<Diagnostic> {
        let skip = &self.site.config.link_checker.skip_prefixes;
        let mut shown_on: BTreeMap<String, Vec<(&String, &Link)>> = BTreeMap::new();
        let mut files: Vec<&String> = self.pages.keys().collect();
        files.sort();
        for from in files {
            for link in &self.pages[from].links {
                let raw = link.raw.trim();
                if !matches!(self.resolve(from, raw), Resolved::External) {
                    continue;
                }
                let Some(url) = fetchable(raw) else {
                    continue;
                };
                if malformed(&url).is_none() && !skip.iter().any(|p| url.starts_with(p.as_str())) {
                    shown_on.entry(url).or_default().push((from, link));
                }
            }
        }
        let urls: Vec<String> = shown_on.keys().cloned().collect();
        let outcomes = external::fetch_all(&urls, EXTERNAL_TIMEOUT);
        let unreachable = |o: &external::Outcome| {
            matches!(
                o,
                external::Outcome::NoSuchHost | external::Outcome::Unreachable(_)
            )
        };
        if urls.len() > 1 && outcomes.values().all(unreachable) {
            let why = match outcomes.values().next() {
                Some(external::Outcome::Unreachable(why)) => why.clone(),
                _ => "no host name could be looked up".into(),
            };
            return vec![Diagnostic::error(
                "offline",
                format!("none of the {} external links could be reached ({why})", urls.len()),
            )
            .help("check the network connection (or proxy settings: HTTPS_PROXY, NO_PROXY) and run `relief check --external` again")];
        }
        let mut report = Report::default();
        for (url, pages) in &shown_on {
            let Some(finding) = outcomes.get(url).and_then(|o| external_finding(url, o)) else {
                continue;
            };
            // Where it is written, if anywhere: a URL that a listing (the sources page) only
            // repeats is reported at the Markdown or front matter it comes from.
            let traced: Vec<(&String, Location)> = pages
                .iter()
                .map(|(from, link)| (*from, self.trace(from, link)))
                .collect();
            let written = traced
                .iter()
                .find(|(_, l)| !is_rendered(l))
                .map(|(_, l)| l.clone());
            for (from, location) in traced {
                let location = match (&written, is_rendered(&location)) {
                    (Some(written), true) => written.clone(),
                    _ => location,
                };
                report.add(finding.clone(), location, from);
            }
        }
        report.diagnostics(self.site)
    }

    fn finding(&self, from: &str, link: &Link) -> Option<Finding> {
        let raw = link.raw.trim();
        if raw.is_empty() {
            return None;
        }
        let (code, noun) = match link.tag.as_str() {
            "a" | "area" => ("broken-link", "link"),
            "img" | "source" | "picture" | "video" | "audio" => ("missing-image", "image"),
            _ => ("missing-asset", "asset"),
        };
        let missing = |what: &str| {
            Finding {
            code,
            error: true,
            message: format!("{noun} `{raw}` {what}"),
            help: match link.kind {
                urls::Kind::Href if link.tag == "a" => {
                    "link to pages with `@/path/to/page.md` in Markdown and get_url(path=\"@/…\") in templates, so relief checks them".into()
                }
                _ => "put the file in static/ (or next to the page in content/) and refer to it with get_url(path=\"…\") in templates".into(),
            },
        }
        };
        match self.resolve(from, raw) {
            Resolved::External => None,
            Resolved::OutsideBase => Some(Finding {
                help: format!(
                    "the site lives under {}: write links with get_url or `@/` links, which include the base path",
                    self.site.base_path
                ),
                ..missing(&format!(
                    "points outside the site's base path {}",
                    self.site.base_path
                ))
            }),
            Resolved::AboveRoot => Some(missing("goes above the site's root folder")),
            Resolved::Internal(target) => {
                if !self.files.contains(&target.file) {
                    return Some(missing("points to a file the site does not have"));
                }
                let anchor = target.anchor.filter(|a| !a.is_empty())?;
                let page = self.pages.get(&target.file)?;
                let anchor = crate::slug::decode_path(&anchor).unwrap_or(anchor);
                if page.ids.contains(&anchor) {
                    return None;
                }
                let mut help = "anchors are element ids: heading ids are the heading text in lowercase with hyphens, or an explicit {#id}".to_string();
                if let Some(s) = diagnostics::suggest(&anchor, page.ids.iter().map(String::as_str)) {
                    help = format!("did you mean `#{s}`?");
                }
                Some(Finding {
                    code: "broken-anchor",
                    error: true,
                    message: if raw.starts_with('#') {
                        format!("`{raw}`: no element of the page has the id `{anchor}`")
                    } else {
                        format!(
                            "`{raw}`: no element has the id `{anchor}` in {}",
                            page_url(self.site, &target.file)
                        )
                    },
                    help,
                })
            }
        }
    }

    /// Where an author can fix `link`, found in the output file `from`.
    fn trace(&self, from: &str, link: &Link) -> Location {
        let raw = link.raw.as_str();
        let doc = self.document_of(from);
        if let Some(doc) = doc {
            if let Some(image) = doc.rendered.images.iter().find(|i| i.src == raw) {
                return image.location.clone();
            }
            // An `@/page.md#anchor` or `#anchor` link of the Markdown, as it was rendered.
            if let Some(internal) = doc
                .rendered
                .internal_links
                .iter()
                .find(|l| self.rendered_href(l).as_deref() == Some(raw))
            {
                return internal.location.clone();
            }
            if let Ok(source) = std::fs::read_to_string(&doc.source) {
                for needle in as_written(raw) {
                    if let Some(at) = find_delimited(&source, needle) {
                        return Location::offset(&doc.display, &source, at, needle.len());
                    }
                }
            }
        }
        let site_path = raw
            .strip_prefix(self.site.base_path.as_str())
            .unwrap_or(raw)
            .split(['?', '#'])
            .next()
            .unwrap_or_default();
        // A template naming the page cannot have made a link to one of its anchors unless it
        // names the anchor too.
        let fragment = raw.split_once('#').map_or("", |(_, f)| f);
        for (file, source) in &self.templates {
            let found = find_delimited(source, raw)
                .map(|at| (at, raw.len()))
                .or_else(|| {
                    (!site_path.is_empty() && source.contains(fragment))
                        .then(|| {
                            [
                                format!("'{site_path}'"),
                                format!("\"{site_path}\""),
                                format!("'/{site_path}'"),
                                format!("\"/{site_path}\""),
                            ]
                            .into_iter()
                            .find_map(|needle| {
                                source.find(&needle).map(|at| (at + 1, needle.len() - 2))
                            })
                        })
                        .flatten()
                });
            if let Some((at, len)) = found {
                return Location::offset(file, source, at, len);
            }
        }
        let mut location = link.location.clone();
        location.file = PathBuf::from(format!("{RENDERED} {from}"));
        location
    }

    /// The href relief wrote for an internal link of the Markdown (root-relative; links of
    /// the relative mode are not matched).
    fn rendered_href(&self, link: &crate::markdown::InternalLink) -> Option<String> {
        let anchor = link.anchor.as_deref().map(|a| format!("#{a}"));
        match &link.target {
            None => anchor,
            Some(target) => {
                let doc = self.site.document(*self.site.by_rel.get(target)?);
                Some(format!(
                    "{}{}",
                    self.site.url(&doc.path),
                    anchor.unwrap_or_default()
                ))
            }
        }
    }

    /// Pages and sections that no other page links to.
    fn orphans(&self) -> Vec<Diagnostic> {
        let mut linked: HashSet<String> = HashSet::new();
        for (from, page) in &self.pages {
            for link in &page.links {
                if link.tag != "a" && link.tag != "area" {
                    continue;
                }
                if let Resolved::Internal(t) = self.resolve(from, link.raw.trim()) {
                    if &t.file != from {
                        linked.insert(t.file);
                    }
                }
            }
        }
        self.site
            .content
            .documents()
            .filter(|d| !d.path.is_empty() && !linked.contains(&output_file(&d.path)))
            .map(|d| {
                Diagnostic::warning(
                    "orphan-page",
                    format!("no page links to {}", self.site.url(&d.path)),
                )
                .at(key_location(d, "title"))
                .help("link to it from a related page with `@/…` so readers can find it, or delete it")
            })
            .collect()
    }
}

/// Markdown images without alt text.
fn image_alt(doc: &Document) -> Vec<Diagnostic> {
    doc.rendered
        .images
        .iter()
        .filter(|i| !i.has_alt)
        .map(|i| {
            Diagnostic::warning(
                "image-alt",
                format!("the image `{}` has no alt text", i.src),
            )
            .at(i.location.clone())
            .help("describe the image for readers who cannot see it: ![what it shows](file.png)")
        })
        .collect()
}

/// External links in Markdown that are not well-formed URLs.
fn malformed_links(doc: &Document) -> Vec<Diagnostic> {
    doc.rendered
        .external_links
        .iter()
        .filter_map(|(url, location)| {
            let why = malformed(url)?;
            Some(
                Diagnostic::error(
                    "malformed-url",
                    format!("malformed external link `{url}`: {why}"),
                )
                .at(location.clone())
                .help(
                    "write a full URL such as https://example.org/page, with spaces encoded as %20",
                ),
            )
        })
        .collect()
}

/// Why `url` (starting with `http://`, `https://` or `//`) is not a usable URL.
pub fn malformed(url: &str) -> Option<&'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))?;
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("it contains spaces or control characters");
    }
    if url.contains(['"', '<', '>', '\\', '^', '`', '{', '|', '}']) {
        return Some("it contains characters a URL cannot hold unencoded");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let (host, port) = if let Some(v6) = host_port.strip_prefix('[') {
        match v6.split_once(']') {
            Some((_, port)) => ("[v6]", port.strip_prefix(':')),
            None => return Some("its IPv6 address is not closed with `]`"),
        }
    } else {
        match host_port.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        }
    };
    if host.is_empty() {
        return Some("it has no host name");
    }
    if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return Some("its port is not a number");
    }
    if host != "[v6]" {
        if host != "localhost" && !host.contains('.') {
            return Some("its host name has no dot (is the domain complete?)");
        }
        let bad_label = host.split('.').any(|l| {
            l.is_empty()
                || l.starts_with('-')
                || l.ends_with('-')
                || !l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
        if bad_label {
            return Some("its host name is not valid");
        }
    }
    None
}

/// Pages that rate their evidence but cite nothing: a reader has no way to check the rating.
fn uncited_evidence(site: &Site) -> Vec<Diagnostic> {
    site.content
        .documents()
        .filter(|d| d.meta.evidence.is_some())
        .filter(|d| d.rendered.reference_order.iter().all(|&(_, cited)| cited == 0))
        .map(|d| {
            Diagnostic::warning(
                "uncited-evidence",
                "the page rates its evidence but cites no source",
            )
            .at(key_location(d, "evidence"))
            .help("cite the studies behind the rating in the text with [@id], each listed in [[references]]")
        })
        .collect()
}

/// Templates that link to `config.extra.feedback_url` (the "Report a problem" link) on a site
/// whose config.toml does not set it: the link is left out, so readers have no way to report
/// a mistake.
fn missing_feedback_url(
    site: &Site,
    root: &Path,
    templates: &[(PathBuf, String)],
) -> Option<Diagnostic> {
    let set = site
        .config
        .extra
        .get("feedback_url")
        .and_then(toml::Value::as_str)
        .is_some_and(|url| !url.trim().is_empty());
    if set {
        return None;
    }
    let users: Vec<String> = templates
        .iter()
        .filter(|(_, source)| source.contains("feedback_url"))
        .map(|(path, _)| path.display().to_string().replace('\\', "/"))
        .collect();
    if users.is_empty() {
        return None;
    }
    let source = std::fs::read_to_string(root.join("config.toml")).unwrap_or_default();
    let extra = source
        .match_indices("[extra]")
        .map(|(at, _)| at)
        .find(|&at| at == 0 || source[..at].ends_with('\n'));
    let location = match extra {
        Some(at) => Location::offset("config.toml", &source, at, "[extra]".len()),
        None => Location::offset("config.toml", &source, 0, 0),
    };
    Some(
        Diagnostic::warning(
            "missing-feedback-url",
            format!(
                "`feedback_url` is not set under [extra], but {} {} it: readers have no link to report a problem",
                users.join(", "),
                if users.len() == 1 { "uses" } else { "use" },
            ),
        )
        .at(location)
        .help("set it under [extra]: feedback_url = \"https://…\" (a form) or \"mailto:…\" (an address); until then the link is left out"),
    )
}

/// Pages and sections without a description.
fn descriptions(site: &Site) -> Vec<Diagnostic> {
    site.content
        .documents()
        .filter(|d| !d.source.as_os_str().is_empty() && d.meta.description.trim().is_empty())
        .map(|d| {
            Diagnostic::warning("missing-description", "the page has no description")
                .at(key_location(d, "title"))
                .help("add description = \"…\": search engines and link previews show it, and cards list it")
        })
        .collect()
}

/// Titles used by more than one page (search results and tabs cannot tell them apart).
fn duplicate_titles(site: &Site) -> Vec<Diagnostic> {
    let mut by_title: BTreeMap<String, Vec<&Document>> = BTreeMap::new();
    for doc in site.content.documents() {
        if !doc.source.as_os_str().is_empty() {
            by_title
                .entry(doc.meta.title.trim().to_lowercase())
                .or_default()
                .push(doc);
        }
    }
    let mut out = Vec::new();
    for docs in by_title.values().filter(|d| d.len() > 1) {
        for doc in docs {
            let others: Vec<String> = docs
                .iter()
                .filter(|o| o.display != doc.display)
                .map(|o| o.display.display().to_string())
                .collect();
            out.push(
                Diagnostic::warning(
                    "duplicate-title",
                    format!("the title `{}` is also used by {}", doc.meta.title, others.join(", ")),
                )
                .at(key_location(doc, "title"))
                .help("give each page its own title, so readers can tell them apart in search results and tabs"),
            );
        }
    }
    out
}

/// The location of `key` in a document's front matter (the opening `+++` if it is not set).
fn key_location(doc: &Document, key: &str) -> Location {
    let Ok(source) = std::fs::read_to_string(&doc.source) else {
        return Location::file(&doc.display);
    };
    let mut offset = 0;
    for (n, line) in source.split_inclusive('\n').enumerate() {
        if n > 0 && line.trim_end() == "+++" {
            break;
        }
        let trimmed = line.trim_start();
        if n > 0
            && trimmed
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
        {
            let at = offset + (line.len() - trimmed.len());
            return Location::offset(&doc.display, &source, at, key.len());
        }
        offset += line.len();
    }
    Location::offset(&doc.display, &source, 0, 3)
}

/// Give line-only locations a column: the first non-blank character of the line.
fn add_columns(diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        if let Some(loc) = &mut d.location {
            if let (Some(_), None, Some(snippet)) = (loc.line, loc.column, &loc.snippet) {
                let lead = snippet.chars().take_while(|c| c.is_whitespace()).count();
                loc.column = Some(lead + 1);
                loc.width = snippet
                    .trim()
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != '=')
                    .count()
                    .max(1);
            }
        }
    }
}

/// The first occurrence of `needle` in `haystack` standing as a whole URL: between quotes,
/// parentheses, angle brackets or spaces.
fn find_delimited(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let before = |c: u8| matches!(c, b'(' | b'"' | b'\'' | b'<' | b' ' | b'\t' | b'\n' | b'=');
    let after = |c: u8| matches!(c, b')' | b'"' | b'\'' | b'>' | b' ' | b'\t' | b'\r' | b'\n');
    let bytes = haystack.as_bytes();
    haystack.match_indices(needle).map(|(i, _)| i).find(|&i| {
        let end = i + needle.len();
        i > 0 && before(bytes[i - 1]) && (end == bytes.len() || after(bytes[end]))
    })
}

/// How a URL may be written in a source file: as itself, or as the `doi` or `pmid` of a
/// reference, which templates turn into `doi_url` and `pubmed_url`.
fn as_written(url: &str) -> impl Iterator<Item = &str> {
    [
        Some(url),
        url.strip_prefix("https://doi.org/"),
        url.strip_prefix("https://pubmed.ncbi.nlm.nih.gov/")
            .map(|p| p.trim_end_matches('/')),
    ]
    .into_iter()
    .flatten()
}

fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// The output file of a site path: `a/b/` → `a/b/index.html`.
fn output_file(path: &str) -> String {
    let path = path.trim_start_matches('/');
    if path.ends_with(".html") {
        path.to_string()
    } else {
        format!("{path}index.html")
    }
}

/// The URL of an output file, for messages: `a/index.html` → `/base/a/`.
fn page_url(site: &Site, file: &str) -> String {
    site.url(file.strip_suffix("index.html").unwrap_or(file))
}

/// Every template's source, for tracing a URL back to the template that writes it.
fn templates(root: &Path) -> Vec<(PathBuf, String)> {
    let dir = root.join("templates");
    let mut out: Vec<(PathBuf, String)> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let source = std::fs::read_to_string(e.path()).ok()?;
            let display = e
                .path()
                .strip_prefix(root)
                .unwrap_or(e.path())
                .to_path_buf();
            Some((display, source))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[cfg(test)]
mod tests {
    use super::{as_written, fetchable, find_delimited, malformed};

    #[test]
    fn malformed_urls() {
        for good in [
            "https://example.org",
            "https://example.org/a?b=c#d",
            "http://localhost:8080/x",
            "//cdn.example.org/x.js",
            "https://[::1]:80/",
            "https://bücher.example/",
        ] {
            assert_eq!(malformed(good), None, "{good}");
        }
        for bad in [
            "https://",
            "https://exa mple.org",
            "https://example",
            "https://example..org",
            "https://example.org:port/",
            "https://-x.org/",
            "https://example.org/<x>",
        ] {
            assert!(malformed(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn reference_links_are_found_where_their_doi_or_pmid_is_written() {
        let source = "+++\n[[references]]\ndoi = \"10.1001/x.1\"\npmid = 2954166\n+++\n";
        let find = |url: &str| as_written(url).find_map(|n| find_delimited(source, n));
        assert_eq!(find("https://doi.org/10.1001/x.1"), source.find("10.1001"));
        assert_eq!(
            find("https://pubmed.ncbi.nlm.nih.gov/2954166/"),
            source.find("2954166")
        );
        assert_eq!(find("https://pubmed.ncbi.nlm.nih.gov/295416/"), None);
    }

    #[test]
    fn only_http_links_are_fetched_and_never_with_their_fragment() {
        assert_eq!(
            fetchable("https://a.org/p#x").as_deref(),
            Some("https://a.org/p")
        );
        assert_eq!(fetchable("HTTP://a.org/").as_deref(), Some("HTTP://a.org/"));
        assert_eq!(fetchable("//a.org/p").as_deref(), Some("https://a.org/p"));
        assert_eq!(fetchable("mailto:x@a.org"), None);
        assert_eq!(fetchable("/local/"), None);
    }
}
