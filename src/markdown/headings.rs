//! Heading ids, anchor links and the table of contents.

use crate::config::{AnchorLinks, Word, Words};
use crate::html::escape;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// Hands out readable ids that are unique within a page. Explicit `{#id}`s are reserved
/// first so an automatic id never takes one a later heading asked for.
pub(crate) struct IdAllocator {
    strategy: crate::slug::Strategy,
    taken: HashSet<String>,
    /// For each id asked for, the number to try next: `base`, `base-1` … below it are all
    /// taken already, so 10,000 headings of the same text do not try 50 million ids.
    next: HashMap<String, usize>,
}

impl IdAllocator {
    pub(crate) fn new<'a>(
        strategy: crate::slug::Strategy,
        explicit: impl Iterator<Item = &'a str>,
    ) -> Self {
        IdAllocator {
            strategy,
            taken: explicit.map(str::to_owned).collect(),
            next: HashMap::new(),
        }
    }

    pub(crate) fn allocate(&mut self, text: &str) -> String {
        let mut base = self.strategy.apply(text, crate::slug::Target::Anchor);
        if base.is_empty() {
            base = "section".into();
        }
        // Ids that relief itself uses for references and citations stay free.
        if base.starts_with("ref-") || base.starts_with("cite-") {
            base.insert_str(0, "h-");
        }
        let n = self.next.entry(base.clone()).or_insert(0);
        loop {
            let id = match *n {
                0 => base.clone(),
                n => format!("{base}-{n}"),
            };
            *n += 1;
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// The text of a heading's inline events, as a reader sees it: citations, which become
/// numbers, are left out.
pub(crate) fn plain_text<'a, 'e: 'a>(events: impl IntoIterator<Item = &'a Event<'e>>) -> String {
    let mut text = String::new();
    let mut in_citation = false;
    for e in events {
        match e {
            Event::Start(Tag::Link { dest_url, .. })
                if dest_url.starts_with(super::citations::SCHEME) =>
            {
                in_citation = true
            }
            Event::End(TagEnd::Link) => in_citation = false,
            _ if in_citation => {}
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

pub(crate) fn open_tag(
    level: HeadingLevel,
    id: &str,
    classes: &[CowStr<'_>],
    attrs: &[(CowStr<'_>, Option<CowStr<'_>>)],
) -> String {
    let mut tag = format!("<{level} id=\"{}\"", escape(id));
    if !classes.is_empty() {
        let classes: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
        tag.push_str(&format!(" class=\"{}\"", escape(&classes.join(" "))));
    }
    for (key, value) in attrs {
        // Event handlers would let a page run script; they are not heading attributes.
        if key.to_ascii_lowercase().starts_with("on")
            || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            continue;
        }
        match value {
            Some(v) => tag.push_str(&format!(" {key}=\"{}\"", escape(v))),
            None => tag.push_str(&format!(" {key}")),
        }
    }
    tag.push('>');
    tag
}

/// Zola's anchor link, for a site without an `anchor-link.html` template: Zola's words in a
/// Zola site, else labelled in the page's language (the translation `anchor_link`, `{id}`
/// standing for the heading's id).
pub(crate) fn default_anchor(id: &str, words: &Words) -> String {
    let label = match words.zola {
        true => format!("Anchor link for: {id}"),
        false => words.with(Word::AnchorLink, "id", id),
    };
    let (id, label) = (escape(id), escape(&label));
    format!("<a class=\"zola-anchor\" href=\"#{id}\" aria-label=\"{label}\">🔗</a>")
}

/// A heading's content with its anchor placed as `anchors` says; `anchor` is the link's
/// HTML (for `Heading`, its opening `<a …>` tag is kept and wrapped around the content).
pub(crate) fn with_anchor(anchors: AnchorLinks, content: &str, anchor: &str) -> String {
    match anchors {
        AnchorLinks::Left => format!("{anchor}{content}"),
        AnchorLinks::Right => format!("{content}{anchor}"),
        AnchorLinks::Heading => match opening_a(anchor) {
            Some(open) => format!("{open}{content}</a>"),
            None => content.to_string(),
        },
        AnchorLinks::None => content.to_string(),
    }
}

/// The opening `<a …>` tag of `html`, when it holds a link.
fn opening_a(html: &str) -> Option<&str> {
    let start = html.find("<a")?;
    let end = start + html[start..].find('>')?;
    html[end..].contains("</a>").then(|| &html[start..=end])
}

/// Turn headings in document order into a tree: h2–h6 (relief's, whose pages' h1 is their
/// title), or every level from h1 when `with_h1` (Zola's).
pub(crate) fn nest(flat: Vec<(u8, String, String)>, with_h1: bool) -> Vec<TocEntry> {
    fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
        match list.last_mut() {
            Some(last) if last.level < entry.level => insert(&mut last.children, entry),
            _ => list.push(entry),
        }
    }
    let mut toc = Vec::new();
    for (level, id, title) in flat {
        if level < 2 && !with_h1 {
            continue;
        }
        insert(
            &mut toc,
            TocEntry {
                level,
                id,
                title,
                children: Vec::new(),
            },
        );
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_respect_explicit_ones() {
        let mut ids = IdAllocator::new(crate::slug::Strategy::Relief, ["tips"].into_iter());
        assert_eq!(ids.allocate("Tips"), "tips-1");
        assert_eq!(ids.allocate("Tips"), "tips-2");
        assert_eq!(
            ids.allocate("What the evidence says"),
            "what-the-evidence-says"
        );
        assert_eq!(ids.allocate("!!!"), "section");
        assert_eq!(ids.allocate("Refund"), "refund");
        assert_eq!(ids.allocate("ref-x"), "h-ref-x");
    }

    #[test]
    fn many_headings_of_one_text_are_numbered_without_retrying_every_number() {
        // 20,000 tries in all, not 200 million: this would take minutes if quadratic.
        let mut ids = IdAllocator::new(crate::slug::Strategy::Relief, ["same-3"].into_iter());
        let got: Vec<String> = (0..20_000).map(|_| ids.allocate("Same")).collect();
        assert_eq!(got[..4], ["same", "same-1", "same-2", "same-4"]);
        assert_eq!(got.last().map(String::as_str), Some("same-20000"));
        assert_eq!(got.iter().collect::<HashSet<_>>().len(), got.len());
        assert_eq!(ids.allocate("Same 5"), "same-5-1");
    }

    #[test]
    fn toc_nests_by_level() {
        let flat: Vec<(u8, String, String)> = vec![
            (2, "a".into(), "A".into()),
            (3, "b".into(), "B".into()),
            (4, "c".into(), "C".into()),
            (2, "d".into(), "D".into()),
            (1, "x".into(), "X".into()),
            (2, "y".into(), "Y".into()),
        ];
        let toc = nest(flat.clone(), false);
        assert_eq!(toc.len(), 3);
        assert_eq!(toc[0].children[0].children[0].id, "c");
        assert_eq!(toc[1].id, "d");
        assert_eq!(toc[2].id, "y");
        let toc = nest(flat, true);
        assert_eq!(toc.len(), 3);
        assert_eq!(toc[2].id, "x");
        assert_eq!(toc[2].children[0].id, "y");
    }

    #[test]
    fn event_handler_attributes_are_dropped() {
        let attrs = vec![
            ("onclick".into(), Some("x()".into())),
            ("data-x".into(), Some("1\"".into())),
        ];
        let tag = open_tag(HeadingLevel::H2, "a", &[], &attrs);
        assert_eq!(tag, "<h2 id=\"a\" data-x=\"1&quot;\">");
    }
}
