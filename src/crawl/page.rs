//! What the crawl keeps of a rendered page: its URLs, each with what it is for (a link, an
//! image, another asset) and where it stands in the HTML, and the page's element ids.

use crate::output::urls;
use std::collections::HashSet;

/// What a URL is for, which decides what a broken one is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// `<a>` or `<area>`: a link.
    Link,
    /// `<img>`, `<source>`, `<picture>`, `<video>`, `<audio>`.
    Image,
    /// Anything else: stylesheets, scripts, icons, `url(…)` in CSS.
    Asset,
}

impl Role {
    pub(super) fn of(tag: &str) -> Role {
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
pub(super) struct Recorded {
    pub(super) start: u32,
    pub(super) end: u32,
    pub(super) role: Role,
    pub(super) kind: urls::Kind,
    pub(super) line: u32,
    pub(super) column: u32,
    pub(super) width: u32,
}

/// One URL found in a rendered page.
#[derive(Clone, Copy)]
pub(super) struct Link<'p> {
    /// As written in the HTML, character references decoded.
    pub(super) raw: &'p str,
    pub(super) role: Role,
    pub(super) kind: urls::Kind,
    /// Where it is in the rendered HTML: line, column and width in characters.
    pub(super) line: u32,
    pub(super) column: u32,
    pub(super) width: u32,
}

/// A rendered page as the crawl keeps it: its URLs and ids, not its HTML.
#[derive(Default)]
pub(super) struct Page {
    /// The decoded URLs of the page, one after the other.
    pub(super) text: String,
    pub(super) links: Vec<Recorded>,
    pub(super) ids: HashSet<String>,
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
