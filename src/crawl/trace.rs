//! Tracing a finding in the rendered HTML back to where an author can fix it. The output
//! plan says which job wrote the file, hence the Markdown it shows and the template it was
//! rendered with: the URL is looked for in the Markdown (by the hrefs the Markdown step
//! wrote, or as written in the source), then among the URLs the page's `[[references]]`
//! become, else in the templates, the page's own first; else the finding stays at its line
//! of the rendered page.

use super::page::Link;
use super::Crawl;
use crate::content::{Document, Reference};
use crate::diagnostics::Location;
use crate::markdown::Rendered;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One page's Markdown, indexed to find where it writes a URL: the links relief rendered
/// (images, `@/` and `#` links) by the href they became, every URL-shaped token of the
/// source (what [`find_delimited`] would find) by its first offset, and the URLs its
/// references become by the key that holds each.
pub(super) struct MarkdownIndex {
    display: PathBuf,
    written: HashMap<String, Location>,
    references: HashMap<String, ReferenceKey>,
    source: String,
    /// `(start, end)` of each distinct token of `source`, by its text's hash.
    tokens: HashMap<u64, Vec<(usize, usize)>>,
    line_starts: Vec<usize>,
    /// The files looked for, by the `src` of each local image the Markdown step did not find.
    looked: HashMap<String, Vec<String>>,
}

/// Where a URL that templates make of a reference comes from: its `doi`, `pmid` or `url` key.
struct ReferenceKey {
    /// The key's 1-based line in the file.
    line: usize,
    /// The key's value, underlined when the line shows it as it is.
    value: String,
}

/// The URLs templates make of `references` (`doi_url`, `pubmed_url` and `url`), each with
/// the key it comes from; the first reference to make a URL keeps it.
fn reference_keys(references: &[Reference]) -> HashMap<String, ReferenceKey> {
    let mut keys = HashMap::new();
    for r in references {
        let made = [
            (r.doi_url(), r.lines.doi, &r.doi),
            (r.pubmed_url(), r.lines.pmid, &r.pmid),
            (r.url.clone(), r.lines.url, &r.url),
        ];
        for (url, line, value) in made {
            if let (Some(url), Some(value)) = (url, value) {
                keys.entry(url).or_insert_with(|| ReferenceKey {
                    line,
                    value: value.clone(),
                });
            }
        }
    }
    keys
}

impl MarkdownIndex {
    fn new(
        display: PathBuf,
        written: HashMap<String, Location>,
        references: HashMap<String, ReferenceKey>,
        source: String,
    ) -> Self {
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
            references,
            source,
            tokens,
            line_starts,
            looked: HashMap::new(),
        }
    }

    /// The files the Markdown step looked for as the local image `src`, if it found none.
    pub(super) fn looked(&self, src: &str) -> Option<&[String]> {
        self.looked.get(src).map(Vec::as_slice)
    }

    /// Where the page's Markdown writes `raw`, if it does: as a link relief rendered, as
    /// itself in the source, or as the reference key a template made it of.
    fn find(&self, raw: &str) -> Option<Location> {
        if let Some(location) = self.written.get(raw) {
            return Some(location.clone());
        }
        let at = if raw.bytes().any(is_after) {
            // Not a token: found the slow way (a URL with spaces or quotes is rare).
            find_delimited(&self.source, raw)
        } else {
            self.tokens
                .get(&hash(raw))
                .and_then(|found| found.iter().find(|&&(a, e)| &self.source[a..e] == raw))
                .map(|&(a, _)| a)
        };
        match at {
            Some(at) => Some(self.located(at, raw.len())),
            None => self.reference_key(raw),
        }
    }

    /// The reference key a template made `url` of: its value underlined, or its whole line
    /// when the value is written otherwise (a TOML escape).
    fn reference_key(&self, url: &str) -> Option<Location> {
        let key = self.references.get(url)?;
        let start = *self.line_starts.get(key.line.checked_sub(1)?)?;
        let text = &self.source[start..self.line_end(key.line - 1)];
        Some(match find_delimited(text, &key.value) {
            Some(at) => self.located(start + at, key.value.len()),
            None => {
                let mut location = Location::line(&self.display, text, 1);
                location.line = Some(key.line);
                location
            }
        })
    }

    /// The `len` bytes at `at` in the source. Located within its line, so a long file costs
    /// one line, not its whole start.
    fn located(&self, at: usize, len: usize) -> Location {
        let line = self.line_starts.partition_point(|&s| s <= at) - 1;
        let start = self.line_starts[line];
        let mut location = Location::offset(
            &self.display,
            &self.source[start..self.line_end(line)],
            at - start,
            len,
        );
        location.line = Some(line + 1);
        location
    }

    /// Where the 0-based `line` ends: the start of the next one, or the end of the source.
    fn line_end(&self, line: usize) -> usize {
        self.line_starts
            .get(line + 1)
            .map_or(self.source.len(), |&e| e)
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
pub(super) type TemplateTraces<'l> = HashMap<(Option<String>, &'l str), Option<Location>>;

impl<'a> Crawl<'a> {
    /// The document whose Markdown the output file `file` shows, if any.
    fn document_of(&self, file: &str) -> Option<(&Document, &Rendered)> {
        let id = self.jobs.get(file)?.doc_id()?;
        Some((self.site.document(id), self.rendered.get(id)))
    }

    /// The template that rendered the output file `file`, as named under templates/.
    fn template_of(&self, file: &str) -> Option<String> {
        let has = |name: &str| {
            let path = Path::new("templates").join(name);
            self.templates.iter().any(|(display, _)| *display == path)
        };
        Some(
            self.jobs
                .get(file)?
                .template_among(self.site, has)
                .into_owned(),
        )
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
        in_templates: &mut TemplateTraces<'l>,
    ) -> Location {
        if let Some(location) = markdown.and_then(|m| m.find(link.raw)) {
            return location;
        }
        let template = self.template_of(from);
        let found = in_templates
            .entry((template.clone(), link.raw))
            .or_insert_with(|| self.trace_templates(template.as_deref(), link.raw));
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
        // An `@/page.md#anchor` or `#anchor` link of the Markdown, by the href it became.
        for internal in &rendered.internal_links {
            written
                .entry(internal.href.clone())
                .or_insert_with(|| internal.location.clone());
        }
        let source = std::fs::read_to_string(&doc.source).unwrap_or_default();
        let mut index = MarkdownIndex::new(
            doc.display.clone(),
            written,
            reference_keys(&doc.meta.references),
            source,
        );
        index.looked = rendered
            .images
            .iter()
            .filter(|image| !image.looked.is_empty())
            .map(|image| (image.src.clone(), image.looked.clone()))
            .collect();
        Some(index)
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
    use super::find_delimited;
    use std::collections::HashMap;

    #[test]
    fn the_markdown_index_finds_what_a_search_of_the_source_finds() {
        let source = "+++\ndoi = \"10.1/x\"\n+++\nSee [a](/a/) and (/a/) [b](https://x.org/?u=https://y.org) \
                      <https://z.org> é [c](/a/b/)\n[d](/a/)";
        let index = super::MarkdownIndex::new(
            "p.md".into(),
            HashMap::new(),
            HashMap::new(),
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
    fn reference_links_are_found_at_the_key_they_are_made_of() {
        let source = r#"+++
title = "P"

[[references]]
id = "a"
title = "A"
doi = "10.1001/x.1"

[[references]]
id = "b"
title = "B"
url = "https://example.org/\u0078"
pmid = 2954166
doi = "10.1001/x.1"
+++
Text.
"#;
        let file = std::path::Path::new("content/p.md");
        let split = crate::content::front_matter::split(source, file).unwrap();
        let meta = crate::content::front_matter::parse(&split, source, file).unwrap();
        let index = super::MarkdownIndex::new(
            file.into(),
            HashMap::new(),
            super::reference_keys(&meta.references),
            source.to_string(),
        );
        let at = |url: &str| {
            index
                .find(url)
                .map(|l| (l.line, l.column, l.width, l.snippet.unwrap_or_default()))
        };
        // The first reference with the DOI, its value underlined.
        assert_eq!(
            at("https://doi.org/10.1001/x.1"),
            Some((Some(7), Some(8), 11, "doi = \"10.1001/x.1\"".into()))
        );
        // A PubMed number written as an integer.
        assert_eq!(
            at("https://pubmed.ncbi.nlm.nih.gov/2954166/"),
            Some((Some(13), Some(8), 7, "pmid = 2954166".into()))
        );
        // A URL the source spells with a TOML escape: its key's whole line.
        assert_eq!(
            at("https://example.org/x"),
            Some((
                Some(12),
                None,
                0,
                r#"url = "https://example.org/\u0078""#.into()
            ))
        );
        assert_eq!(at("https://pubmed.ncbi.nlm.nih.gov/295416/"), None);
        assert_eq!(at("https://doi.org/10.1001/x"), None);
    }
}
