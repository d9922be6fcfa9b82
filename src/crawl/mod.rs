//! The crawl of a rendered site: every HTML page's links and ids, recorded as the pages are
//! written (recorder.rs), then checked against the files the site has. A broken internal link
//! or anchor, a missing image or asset, is traced back to where an author can fix it
//! (trace.rs) and reported once per place (report.rs); pages no other page links to are
//! reported too.
//!
//! `relief check` reports the findings as errors; `relief build` records the same crawl while
//! it writes and reports them as warnings.

mod dead_links;
mod external;
mod page;
mod recorder;
mod report;
mod trace;

pub(crate) use recorder::Recorder;

use crate::content::Draft;
use crate::diagnostics::{self, Diagnostic, Location};
use crate::output::plan::{self, Job};
use crate::output::urls;
use crate::rendered::Store;
use crate::site::Site;
use page::{Link, Page, Role};
use rayon::prelude::*;
use report::{page_url, Finding, Report};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::path::PathBuf;
use trace::MarkdownIndex;

/// The site's own files as a build sees them: broken internal links and anchors, missing
/// images and assets, in the pages `recorder` saw written. Warnings, with the same messages and
/// locations `relief check` gives as errors: the build is complete, and may still be what the
/// author wants (a page whose target is in a draft).
pub(crate) fn site_files(
    recorder: Recorder<'_>,
    site: &Site,
    store: &Store,
    root: &Path,
) -> Vec<Diagnostic> {
    let mut found = recorder.crawl(site, store, root).links();
    for d in &mut found {
        d.severity = diagnostics::Severity::Warning;
    }
    diagnostics::fill_snippets(&mut found, root);
    diagnostics::add_columns(&mut found);
    found
}

/// Where an internal URL leads, as an output file and an anchor.
pub(crate) struct Target {
    file: String,
    anchor: Option<String>,
}

/// What a URL found in a page resolves to.
pub(crate) enum Resolved {
    /// Not ours to check: external, `mailto:`, `data:`…
    External,
    Internal(Target),
    /// Root-relative but outside the base path: a 404 under a sub-path deployment.
    OutsideBase,
    /// `..` above the site's root.
    AboveRoot,
}

/// Every page the site rendered, as links and ids, with the files written beside them.
pub(crate) struct Crawl<'a> {
    site: &'a Site,
    /// Every document's rendered Markdown, to trace a finding to its line.
    rendered: &'a Store,
    pages: HashMap<String, Page>,
    files: HashSet<String>,
    stylesheets: Vec<(String, PathBuf)>,
    /// `(display path, source)` of every template, sorted by name.
    pub(crate) templates: Vec<(PathBuf, String)>,
    /// The job of the output plan that wrote each HTML file: the Markdown and the template
    /// a finding in the file is traced to.
    jobs: HashMap<String, Job>,
    /// The drafts left out of the site, by the output file each would have.
    drafts: HashMap<String, &'a Draft>,
}

/// What a run of pages found out about links, for the next pages of the run.
#[derive(Default)]
struct Judged<'l> {
    /// A root-relative or absolute URL means the same on every page: the navigation's links,
    /// repeated on each, are judged once.
    absolute: HashMap<&'l str, Option<Finding>>,
    /// Where in the templates a link was written, by template and link.
    in_templates: trace::TemplateTraces<'l>,
}

impl<'a> Crawl<'a> {
    /// Resolve `raw`, found in the output file `from`, to a file of the output.
    pub(crate) fn resolve(&self, from: &str, raw: &str) -> Resolved {
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
    pub(crate) fn links(&self) -> Vec<Diagnostic> {
        let mut report = Report::default();
        let mut files: Vec<&String> = self.pages.keys().collect();
        files.sort();
        // Pages are judged in parallel, each run of them with its own caches; the findings
        // go into the report in the order of the files, so it is the same on every run.
        let found: Vec<Vec<(Finding, Location)>> = files
            .par_iter()
            .map_init(Judged::default, |judged, from| {
                self.page_findings(from, judged)
            })
            .collect();
        for (from, found) in files.into_iter().zip(found) {
            for (finding, location) in found {
                report.add(finding, location, from);
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

    /// What is wrong with the links of the output file `from`, each with where to fix it.
    fn page_findings<'s>(
        &'s self,
        from: &str,
        judged: &mut Judged<'s>,
    ) -> Vec<(Finding, Location)> {
        let mut found = Vec::new();
        // Built on the page's first finding that needs it: a page with thousands of broken
        // links reads and indexes its Markdown once, not once per link.
        let mut markdown: Option<Option<MarkdownIndex>> = None;
        for link in self.pages[from].links() {
            let finding = if link.raw.starts_with('/') || has_scheme(link.raw) {
                judged
                    .absolute
                    .entry(link.raw)
                    .or_insert_with(|| self.finding(from, &link))
                    .clone()
            } else {
                self.finding(from, &link)
            };
            if let Some(mut finding) = finding {
                let index = markdown.get_or_insert_with(|| self.markdown_index(from));
                let looked = index.as_ref().and_then(|i| i.looked(link.raw));
                if let (Some(looked), "missing-image") = (looked, finding.code) {
                    finding.message =
                        format!("{}; relief looked for {}", finding.message, list(looked));
                }
                let location =
                    self.trace_with(from, &link, index.as_ref(), &mut judged.in_templates);
                found.push((finding, location));
            }
        }
        found
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
                    if let Some(page) = self.unwritten_at(&target.file) {
                        return Some(Finding {
                            help: "link to a page that is written, or remove `render = false` from its front matter".into(),
                            ..missing(&format!(
                                "leads to a page that is not written: {} has `render = false`",
                                page.display()
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
    /// The source of the page with `render = false` that would be written at `file`.
    fn unwritten_at(&self, file: &str) -> Option<&std::path::Path> {
        let written_at = |path: &str| plan::file_of(path) == file;
        self.site
            .content
            .pages
            .iter()
            .find(|p| !p.doc.meta.section.render && written_at(&p.doc.path))
            .map(|p| p.doc.display.as_path())
    }

    fn draft_at(&self, file: &str) -> Option<&Draft> {
        self.drafts
            .get(file)
            .or_else(|| self.drafts.get(&plan::file_of(&format!("{file}/"))))
            .copied()
    }

    /// Pages and sections that no other page links to.
    pub(crate) fn orphans(&self) -> Vec<Diagnostic> {
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
                .at(d.key_or_front_matter_location("title"))
                .help("link to it from a related page with `@/…` so readers can find it, or delete it")
            })
            .collect()
    }
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

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
