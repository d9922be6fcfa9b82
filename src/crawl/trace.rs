//! Tracing a finding in the rendered HTML back to where an author can fix it. The output
//! plan says which job wrote the file, hence the Markdown it shows and the template it was
//! rendered with: the URL is looked for in the Markdown (as relief rendered its links, or as
//! written), else in the templates, the page's own first; else the finding stays at its line
//! of the rendered page.

use super::page::Link;
use super::Crawl;
use crate::content::Document;
use crate::diagnostics::Location;
use crate::markdown::Rendered;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One page's Markdown, indexed to find where it writes a URL: the links relief rendered
/// (images, `@/` and `#` links) by the href they became, and every URL-shaped token of the
/// source (what [`find_delimited`] would find) by its first offset.
pub(super) struct MarkdownIndex {
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

/// Whether `location` is a line of the rendered page: no source writes the URL.
pub(super) fn is_rendered(location: &Location) -> bool {
    location.file.to_string_lossy().starts_with(RENDERED)
}

/// Where each URL was found in the templates, by the template a page was rendered with.
type TemplateTraces<'a, 'l> = HashMap<(Option<&'a str>, &'l str), Option<Location>>;

impl<'a> Crawl<'a> {
    /// The document whose Markdown the output file `file` shows, if any.
    fn document_of(&self, file: &str) -> Option<(&Document, &Rendered)> {
        let id = self.jobs.get(file)?.doc_id()?;
        Some((self.site.document(id), self.rendered.get(id)))
    }

    /// The template that rendered the output file `file`, as named under templates/.
    fn template_of(&self, file: &str) -> Option<&'a str> {
        Some(self.jobs.get(file)?.template(self.site))
    }

    /// Where an author can fix `link`, found in the output file `from`.
    pub(super) fn trace(&self, from: &str, link: &Link<'_>) -> Location {
        let markdown = self.markdown_index(from);
        self.trace_with(from, link, markdown.as_ref(), &mut HashMap::new())
    }

    /// `trace`, with the page's Markdown indexed in `markdown`, remembering in `in_templates`
    /// where each URL was found from each template: a template's broken link shows on every
    /// page, and the templates are searched once.
    pub(super) fn trace_with<'l>(
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
    pub(super) fn markdown_index(&self, from: &str) -> Option<MarkdownIndex> {
        let (doc, rendered) = self.document_of(from)?;
        let mut written = HashMap::new();
        for image in &rendered.images {
            written
                .entry(image.src.clone())
                .or_insert_with(|| image.location.clone());
        }
        // An `@/page.md#anchor` or `#anchor` link of the Markdown, as it was rendered.
        for internal in &rendered.internal_links {
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
}

/// The first occurrence of `needle` in `haystack` standing as a whole URL: between quotes,
/// parentheses, angle brackets or spaces.
fn find_delimited(haystack: &str, needle: &str) -> Option<usize> {
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

/// Every template's source, for tracing a URL back to the template that writes it.
pub(super) fn templates(root: &Path) -> Vec<(PathBuf, String)> {
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
