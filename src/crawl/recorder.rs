//! The recorder: a sink that every written file passes through, keeping what the checks need
//! of each (a page's links and ids, every file's path, the stylesheets) while the site is
//! written, so the HTML itself can be dropped as soon as it is rendered.

use super::page::{Page, Recorded, Role};
use super::trace::templates;
use super::Crawl;
use crate::diagnostics::Diagnostic;
use crate::output::plan;
use crate::output::{urls, Sink};
use crate::rendered::Store;
use crate::site::Site;
use crate::sync::lock;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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
pub(crate) struct Recorder<'a> {
    inner: Option<&'a dyn Sink>,
    pages: Mutex<HashMap<String, Page>>,
    files: Mutex<HashSet<String>>,
    /// Stylesheets copied from static/ or content/: `(output path, source file)`.
    stylesheets: Mutex<Vec<(String, PathBuf)>>,
}

impl<'a> Recorder<'a> {
    /// A recorder that writes nothing.
    pub(crate) fn inspect_only() -> Recorder<'static> {
        Recorder::new(None)
    }

    /// A recorder that writes every file into `sink` too.
    pub(crate) fn passing_to(sink: &'a dyn Sink) -> Recorder<'a> {
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
    pub(crate) fn crawl<'s>(self, site: &'s Site, rendered: &'s Store, root: &Path) -> Crawl<'s> {
        Crawl {
            site,
            rendered,
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
            // `from_utf8` checks ASCII a word at a time; the lossy reading only when it fails.
            let html = match std::str::from_utf8(bytes) {
                Ok(text) => std::borrow::Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(bytes),
            };
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

#[cfg(test)]
mod tests {
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
}
