//! The crawl of a rendered site: every HTML page's links and ids, recorded as the pages are
//! written, then checked against the files the site has. A broken internal link or anchor, a
//! missing image or asset, is traced back to where an author can fix it: the Markdown line,
//! else the template line that writes the URL, else the line of the rendered page.
//!
//! `relief check` reports the findings as errors; `relief build` records the same crawl while
//! it writes and reports them as warnings.

use crate::content::{Document, Draft};
use crate::diagnostics::{self, Diagnostic, Location};
use crate::output::plan::{self, Job};
use crate::output::{urls, Sink};
use crate::site::Site;
use crate::sync::lock;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What a URL is for, which decides what a broken one is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// `<a>` or `<area>`: a link.
    Link,
    /// `<img>`, `<source>`, `<picture>`, `<video>`, `<audio>`.
    Image,
    /// Anything else: stylesheets, scripts, icons, `url(…)` in CSS.
    Asset,
}

impl Role {
    fn of(tag: &str) -> Role {
        match tag {
            "a" | "area" => Role::Link,
            "img" | "source" | "picture" | "video" | "audio" => Role::Image,
            _ => Role::Asset,
        }
    }
}

/// One URL found in a rendered page, as recorded: its text is a range of the page's `text`.
/// A build records every link of every page (70 on each of the bundled site's), so this is
/// kept small: numbers instead of a `Location` holding the line, one string per page.
struct Recorded {
    start: u32,
    end: u32,
    role: Role,
    kind: urls::Kind,
    line: u32,
    column: u32,
    width: u32,
}

/// One URL found in a rendered page.
#[derive(Clone, Copy)]
pub(super) struct Link<'p> {
    /// As written in the HTML, character references decoded.
    pub(super) raw: &'p str,
    role: Role,
    kind: urls::Kind,
    /// Where it is in the rendered HTML: line, column and width in characters.
    line: u32,
    column: u32,
    width: u32,
}

#[derive(Default)]
pub(super) struct Page {
    /// The decoded URLs of the page, one after the other.
    text: String,
    links: Vec<Recorded>,
    ids: HashSet<String>,
}

impl Page {
    /// The page's links, in document order.
    pub(super) fn links(&self) -> impl Iterator<Item = Link<'_>> {
        self.links.iter().map(|r| Link {
            raw: &self.text[r.start as usize..r.end as usize],
            role: r.role,
            kind: r.kind,
            line: r.line,
            column: r.column,
            width: r.width,
        })
    }
}

/// Line and column (1-based, in characters) of ranges of a page visited in document order:
/// each character is counted once, however long the line (rendered HTML often has lines of
/// thousands of characters with dozens of links).
struct Cursor<'h> {
    html: &'h str,
    offset: usize,
    line: u32,
    column: u32,
}

impl<'h> Cursor<'h> {
    fn new(html: &'h str) -> Cursor<'h> {
        Cursor {
            html,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    /// Line, column and width in characters of `range`, which starts at or after the start
    /// of the range asked for before.
    fn position(&mut self, range: std::ops::Range<usize>) -> (u32, u32, u32) {
        if range.start < self.offset {
            *self = Cursor::new(self.html);
        }
        let boundary = |mut i: usize| {
            i = i.min(self.html.len());
            while !self.html.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let (start, end) = (boundary(range.start), boundary(range.end));
        let skipped = &self.html[self.offset..start];
        let chars = |s: &str| u32::try_from(s.chars().count()).unwrap_or(u32::MAX);
        match skipped.rfind('\n') {
            Some(newline) => {
                let newlines = skipped.bytes().filter(|&b| b == b'\n').count();
                self.line = self
                    .line
                    .saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
                self.column = 1 + chars(&skipped[newline + 1..]);
            }
            None => self.column = self.column.saturating_add(chars(skipped)),
        }
        self.offset = start;
        (self.line, self.column, chars(&self.html[start..end]).max(1))
    }
}

/// A sink that records what the checks need of each file written (an HTML page's links and
/// ids, every file's path, the stylesheets) and hands the write on to the sink behind it:
/// nothing for `relief check`, the staging folder for a build.
pub struct Recorder<'a> {
    inner: Option<&'a dyn Sink>,
    pages: Mutex<HashMap<String, Page>>,
    files: Mutex<HashSet<String>>,
    /// Stylesheets copied from static/ or content/: `(output path, source file)`.
    stylesheets: Mutex<Vec<(String, PathBuf)>>,
}

impl<'a> Recorder<'a> {
    /// A recorder that writes nothing.
    pub fn inspect_only() -> Recorder<'static> {
        Recorder::new(None)
    }

    /// A recorder that writes every file into `sink` too.
    pub fn passing_to(sink: &'a dyn Sink) -> Recorder<'a> {
        Recorder::new(Some(sink))
    }

    fn new(inner: Option<&'a dyn Sink>) -> Recorder<'a> {
        Recorder {
            inner,
            pages: Mutex::default(),
            files: Mutex::default(),
            stylesheets: Mutex::default(),
        }
    }

    /// What was recorded, ready to check against `site`.
    pub(super) fn crawl<'s>(self, site: &'s Site, root: &Path) -> Crawl<'s> {
        Crawl {
            site,
            pages: self.pages.into_inner().unwrap_or_else(|e| e.into_inner()),
            files: self.files.into_inner().unwrap_or_else(|e| e.into_inner()),
            stylesheets: self
                .stylesheets
                .into_inner()
                .unwrap_or_else(|e| e.into_inner()),
            templates: templates(root),
            jobs: plan::by_file(site),
            drafts: site
                .content
                .drafts
                .iter()
                .filter_map(|d| Some((plan::file_of(d.path.as_deref()?), d)))
                .collect(),
        }
    }
}

impl Sink for Recorder<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if let Some(inner) = self.inner {
            inner.write(path, bytes)?;
        }
        let path = path.trim_start_matches('/').to_string();
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            let scan = urls::scan(&html);
            let mut cursor = Cursor::new(&html);
            let mut page = Page {
                ids: scan.ids.into_iter().collect(),
                ..Page::default()
            };
            for found in scan.urls.iter().filter(|f| f.kind != urls::Kind::Action) {
                let (line, column, width) = cursor.position(found.range.clone());
                let start = page.text.len();
                page.text
                    .push_str(&urls::decode(&html[found.range.clone()]));
                // A page's URLs add up to far less than 4 GiB; past that, the rest is dropped.
                let (Ok(start), Ok(end)) = (u32::try_from(start), u32::try_from(page.text.len()))
                else {
                    break;
                };
                page.links.push(Recorded {
                    start,
                    end,
                    role: Role::of(&found.tag),
                    kind: found.kind,
                    line,
                    column,
                    width,
                });
            }
            page.text.shrink_to_fit();
            lock(&self.pages).insert(path.clone(), page);
        }
        lock(&self.files).insert(path);
        Ok(())
    }

    fn copy(&self, path: &str, source: &Path) -> Result<(), Diagnostic> {
        if let Some(inner) = self.inner {
            inner.copy(path, source)?;
        }
        let path = path.trim_start_matches('/').to_string();
        if path.ends_with(".css") {
            lock(&self.stylesheets).push((path.clone(), source.to_path_buf()));
        }
        lock(&self.files).insert(path);
        Ok(())
    }
}

/// Where an internal URL leads, as an output file and an anchor.
pub(super) struct Target {
    file: String,
    anchor: Option<String>,
}

pub(super) enum Resolved {
    /// Not ours to check: external, `mailto:`, `data:`…
    External,
    Internal(Target),
    /// Root-relative but outside the base path: a 404 under a sub-path deployment.
    OutsideBase,
    /// `..` above the site's root.
    AboveRoot,
}

/// Every page the site rendered, as links and ids, with the files written beside them.
pub(super) struct Crawl<'a> {
    pub(super) site: &'a Site,
    pub(super) pages: HashMap<String, Page>,
    files: HashSet<String>,
    stylesheets: Vec<(String, PathBuf)>,
    /// `(display path, source)` of every template, sorted by name.
    pub(super) templates: Vec<(PathBuf, String)>,
    /// The job of the output plan that wrote each HTML file: the Markdown and the template
    /// a finding in the file is traced to.
    jobs: HashMap<String, Job>,
    /// The drafts left out of the site, by the output file each would have.
    drafts: HashMap<String, &'a Draft>,
}

/// One page's Markdown, indexed to find where it writes a URL: the links relief rendered
/// (images, `@/` and `#` links) by the href they became, and every URL-shaped token of the
/// source (what [`find_delimited`] would find) by its first offset.
struct MarkdownIndex {
    display: PathBuf,
    written: HashMap<String, Location>,
    source: String,
    /// `(start, end)` of each distinct token of `source`, by its text's hash.
    tokens: HashMap<u64, Vec<(usize, usize)>>,
    line_starts: Vec<usize>,
}

impl MarkdownIndex {
    fn new(display: PathBuf, written: HashMap<String, Location>, source: String) -> Self {
        let bytes = source.as_bytes();
        let mut tokens: HashMap<u64, Vec<(usize, usize)>> = HashMap::new();
        // A token starts after each character that may stand before a URL and runs to the
        // next one that may stand after it: walked backwards, each end is known on arrival.
        let mut end = bytes.len();
        for i in (0..bytes.len()).rev() {
            if is_before(bytes[i]) && i + 1 < end && source.is_char_boundary(i + 1) {
                let text = &source[i + 1..end];
                let entry = tokens.entry(hash(text)).or_default();
                match entry.iter_mut().find(|(a, e)| &source[*a..*e] == text) {
                    // Walking backwards, the earlier occurrence wins.
                    Some(first) => *first = (i + 1, end),
                    None => entry.push((i + 1, end)),
                }
            }
            if is_after(bytes[i]) {
                end = i;
            }
        }
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        MarkdownIndex {
            display,
            written,
            source,
            tokens,
            line_starts,
        }
    }

    /// Where the page's Markdown writes `raw` (as a rendered link, or as written: itself, a
    /// DOI or a PubMed number), if it does.
    fn find(&self, raw: &str) -> Option<Location> {
        if let Some(location) = self.written.get(raw) {
            return Some(location.clone());
        }
        as_written(raw).find_map(|needle| {
            let at = if needle.bytes().any(is_after) {
                // Not a token: found the slow way (a URL with spaces or quotes is rare).
                find_delimited(&self.source, needle)?
            } else {
                self.tokens
                    .get(&hash(needle))?
                    .iter()
                    .find(|&&(a, e)| &self.source[a..e] == needle)?
                    .0
            };
            // Located within its line, so a long file costs one line, not its whole start.
            let line = self.line_starts.partition_point(|&s| s <= at) - 1;
            let start = self.line_starts[line];
            let end = self
                .line_starts
                .get(line + 1)
                .map_or(self.source.len(), |&e| e);
            let mut location = Location::offset(
                &self.display,
                &self.source[start..end],
                at - start,
                needle.len(),
            );
            location.line = Some(line + 1);
            Some(location)
        })
    }
}

fn hash(text: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(text)
}

/// Characters that may stand before a URL written in a source file.
fn is_before(b: u8) -> bool {
    matches!(b, b'(' | b'"' | b'\'' | b'<' | b' ' | b'\t' | b'\n' | b'=')
}

/// Characters that may stand after one.
fn is_after(b: u8) -> bool {
    matches!(b, b')' | b'"' | b'\'' | b'>' | b' ' | b'\t' | b'\r' | b'\n')
}

/// How a location in the output, not in any source, is named: `(rendered) a/index.html`.
const RENDERED: &str = "(rendered)";

pub(super) fn is_rendered(location: &Location) -> bool {
    location.file.to_string_lossy().starts_with(RENDERED)
}

/// Where each URL was found in the templates, by the template a page was rendered with.
type TemplateTraces<'a, 'l> = HashMap<(Option<&'a str>, &'l str), Option<Location>>;

/// File, line, column and message: one finding at one place, whichever pages show it.
type GroupKey = (String, Option<usize>, Option<usize>, String);

/// A finding before it is traced to its source and grouped across pages.
#[derive(Clone)]
pub(super) struct Finding {
    pub(super) code: &'static str,
    pub(super) error: bool,
    pub(super) message: String,
    pub(super) help: String,
}

/// Findings grouped by where they can be fixed: the same template link is broken on many
/// pages, and is reported once, saying where.
#[derive(Default)]
pub(super) struct Report {
    grouped: BTreeMap<GroupKey, (Finding, Location, Vec<String>)>,
}

impl Report {
    /// `finding`, fixable at `location`, shows on the output file `from`.
    pub(super) fn add(&mut self, finding: Finding, location: Location, from: &str) {
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

    pub(super) fn diagnostics(self, site: &Site) -> Vec<Diagnostic> {
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

impl<'a> Crawl<'a> {
    /// The document whose Markdown the output file `file` shows, if any.
    fn document_of(&self, file: &str) -> Option<&Document> {
        self.jobs.get(file)?.document(self.site)
    }

    /// The template that rendered the output file `file`, as named under templates/.
    fn template_of(&self, file: &str) -> Option<&'a str> {
        Some(self.jobs.get(file)?.template(self.site))
    }

    /// Resolve `raw`, found in the output file `from`, to a file of the output.
    pub(super) fn resolve(&self, from: &str, raw: &str) -> Resolved {
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
        let mut file = plan::file_of(&segments.join("/"));
        if !self.files.contains(&file) {
            // `topics/a` without its trailing slash: the folder, when the site has it.
            let as_dir = plan::file_of(&format!("{file}/"));
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
    pub(super) fn links(&self) -> Vec<Diagnostic> {
        let mut report = Report::default();
        let mut files: Vec<&String> = self.pages.keys().collect();
        files.sort();
        // A root-relative or absolute URL means the same on every page: the navigation's
        // links, repeated on each, are judged once.
        let mut judged: HashMap<&str, Option<Finding>> = HashMap::new();
        let mut in_templates = HashMap::new();
        for from in files {
            // Built on the page's first finding that needs it: a page with thousands of
            // broken links reads and indexes its Markdown once, not once per link.
            let mut markdown: Option<Option<MarkdownIndex>> = None;
            for link in self.pages[from].links() {
                let finding = if link.raw.starts_with('/') || has_scheme(link.raw) {
                    judged
                        .entry(link.raw)
                        .or_insert_with(|| self.finding(from, &link))
                        .clone()
                } else {
                    self.finding(from, &link)
                };
                if let Some(finding) = finding {
                    let index = markdown.get_or_insert_with(|| self.markdown_index(from));
                    let location = self.trace_with(from, &link, index.as_ref(), &mut in_templates);
                    report.add(finding, location, from);
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
                let raw = &css[range.clone()];
                if raw.starts_with("data:") {
                    continue;
                }
                let location = Location::offset(display, &css, range.start, range.len());
                let link = Link {
                    raw,
                    role: Role::Asset,
                    kind: urls::Kind::Css,
                    line: 0,
                    column: 0,
                    width: 0,
                };
                if let Some(finding) = self.finding(from, &link) {
                    report.add(finding, location, from);
                }
            }
        }
        report.diagnostics(self.site)
    }

    /// What is wrong with `link`, found in the output file `from`, if anything.
    fn finding(&self, from: &str, link: &Link<'_>) -> Option<Finding> {
        let raw = link.raw.trim();
        if raw.is_empty() {
            return None;
        }
        let (code, noun) = match link.role {
            Role::Link => ("broken-link", "link"),
            Role::Image => ("missing-image", "image"),
            Role::Asset => ("missing-asset", "asset"),
        };
        let missing = |what: &str| {
            Finding {
            code,
            error: true,
            message: format!("{noun} `{raw}` {what}"),
            help: match link.kind {
                urls::Kind::Href if link.role == Role::Link => {
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
                    if let Some(draft) = self.draft_at(&target.file) {
                        return Some(Finding {
                            help: crate::markdown::draft_help(&draft.display),
                            ..missing(&format!(
                                "leads to a draft: {} has `draft = true`, and drafts are built only with --drafts",
                                draft.display.display()
                            ))
                        });
                    }
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

    /// The draft left out of the site that would be published at the output file `file`
    /// (`topics/new/index.html`, or `topics/new` for a link without its trailing slash).
    fn draft_at(&self, file: &str) -> Option<&Draft> {
        self.drafts
            .get(file)
            .or_else(|| self.drafts.get(&plan::file_of(&format!("{file}/"))))
            .copied()
    }

    /// Where an author can fix `link`, found in the output file `from`.
    pub(super) fn trace(&self, from: &str, link: &Link<'_>) -> Location {
        let markdown = self.markdown_index(from);
        self.trace_with(from, link, markdown.as_ref(), &mut HashMap::new())
    }

    /// `trace`, with the page's Markdown indexed in `markdown`, remembering in `in_templates`
    /// where each URL was found from each template: a template's broken link shows on every
    /// page, and the templates are searched once.
    fn trace_with<'l>(
        &self,
        from: &str,
        link: &Link<'l>,
        markdown: Option<&MarkdownIndex>,
        in_templates: &mut TemplateTraces<'a, 'l>,
    ) -> Location {
        if let Some(location) = markdown.and_then(|m| m.find(link.raw)) {
            return location;
        }
        let template = self.template_of(from);
        let found = in_templates
            .entry((template, link.raw))
            .or_insert_with(|| self.trace_templates(template, link.raw));
        match found {
            Some(location) => location.clone(),
            None => Location {
                file: PathBuf::from(format!("{RENDERED} {from}")),
                line: Some(link.line as usize),
                column: Some(link.column as usize),
                width: link.width as usize,
                ..Location::default()
            },
        }
    }

    /// The Markdown of the page at the output file `from`, indexed for tracing.
    fn markdown_index(&self, from: &str) -> Option<MarkdownIndex> {
        let doc = self.document_of(from)?;
        let mut written = HashMap::new();
        for image in &doc.rendered.images {
            written
                .entry(image.src.clone())
                .or_insert_with(|| image.location.clone());
        }
        // An `@/page.md#anchor` or `#anchor` link of the Markdown, as it was rendered.
        for internal in &doc.rendered.internal_links {
            if let Some(href) = self.rendered_href(internal) {
                written
                    .entry(href)
                    .or_insert_with(|| internal.location.clone());
            }
        }
        let source = std::fs::read_to_string(&doc.source).unwrap_or_default();
        Some(MarkdownIndex::new(doc.display.clone(), written, source))
    }

    /// The first template line that writes `raw`, or the path it leads to, if any does:
    /// first in `template`, the one the output plan rendered the page with, then in the others
    /// by name (the page's template may inherit the link from a parent, an include or a
    /// component, which Tera does not tell).
    fn trace_templates(&self, template: Option<&str>, raw: &str) -> Option<Location> {
        let site_path = raw
            .strip_prefix(self.site.base_path.as_str())
            .unwrap_or(raw)
            .split(['?', '#'])
            .next()
            .unwrap_or_default();
        // A template naming the page cannot have made a link to one of its anchors unless it
        // names the anchor too.
        let fragment = raw.split_once('#').map_or("", |(_, f)| f);
        let own = template.and_then(|name| {
            let file = Path::new("templates").join(name);
            self.templates.iter().find(|(f, _)| *f == file)
        });
        own.into_iter()
            .chain(&self.templates)
            .find_map(|(file, source)| {
                let (at, len) = find_delimited(source, raw)
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
                    })?;
                Some(Location::offset(file, source, at, len))
            })
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
    pub(super) fn orphans(&self) -> Vec<Diagnostic> {
        let mut linked: HashSet<String> = HashSet::new();
        for (from, page) in &self.pages {
            for link in page.links() {
                if link.role != Role::Link {
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
            .filter(|d| !d.path.is_empty() && !linked.contains(&plan::file_of(&d.path)))
            .map(|d| {
                Diagnostic::warning(
                    "orphan-page",
                    format!("no page links to {}", self.site.url(&d.path)),
                )
                .at(super::key_location(d, "title"))
                .help("link to it from a related page with `@/…` so readers can find it, or delete it")
            })
            .collect()
    }
}

/// The first occurrence of `needle` in `haystack` standing as a whole URL: between quotes,
/// parentheses, angle brackets or spaces.
pub(super) fn find_delimited(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let bytes = haystack.as_bytes();
    haystack.match_indices(needle).map(|(i, _)| i).find(|&i| {
        let end = i + needle.len();
        i > 0 && is_before(bytes[i - 1]) && (end == bytes.len() || is_after(bytes[end]))
    })
}

/// How a URL may be written in a source file: as itself, or as the `doi` or `pmid` of a
/// reference, which templates turn into `doi_url` and `pubmed_url`.
pub(super) fn as_written(url: &str) -> impl Iterator<Item = &str> {
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

/// The URL of an output file, for messages: `a/index.html` → `/base/a/`.
fn page_url(site: &Site, file: &str) -> String {
    site.url(plan::site_path_of(file))
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
    use super::{as_written, find_delimited};

    #[test]
    fn cursor_positions_match_the_line_index() {
        let html = "<p>\n<a href=\"/a/\">é</a> <img src=\"x.png\">\n\n<a href=\"/b/\">b</a></p>";
        let index = crate::diagnostics::LineIndex::new(html);
        let mut cursor = super::Cursor::new(html);
        for needle in ["/a/", "x.png", "/b/", "x.png"] {
            let at = html.find(needle).unwrap();
            let expected = index.locate(std::path::Path::new("p"), at, needle.len(), 0);
            let (line, column, width) = cursor.position(at..at + needle.len());
            assert_eq!(
                (Some(line as usize), Some(column as usize), width as usize),
                (expected.line, expected.column, expected.width),
                "{needle}"
            );
        }
    }

    #[test]
    fn the_markdown_index_finds_what_a_search_of_the_source_finds() {
        let source = "+++\ndoi = \"10.1/x\"\n+++\nSee [a](/a/) and (/a/) [b](https://x.org/?u=https://y.org) \
                      <https://z.org> é [c](/a/b/)\n[d](/a/)";
        let index = super::MarkdownIndex::new(
            "p.md".into(),
            std::collections::HashMap::new(),
            source.to_string(),
        );
        for needle in [
            "/a/",
            "https://y.org",
            "https://x.org/?u=https://y.org",
            "https://z.org",
            "/a/b/",
            "10.1/x",
            "/b/",
            "y.org",
        ] {
            let expected = find_delimited(source, needle)
                .map(|at| crate::diagnostics::Location::offset("p.md", source, at, needle.len()));
            let found = index.find(needle);
            assert_eq!(
                found.as_ref().map(|l| (l.line, l.column, l.width)),
                expected.as_ref().map(|l| (l.line, l.column, l.width)),
                "{needle}"
            );
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
}
