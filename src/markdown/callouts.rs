//! GitHub-style alerts (`> [!NOTE]` …) as labelled callouts: `role="note"` with a visible
//! title, so screen readers announce the kind as well as sighted readers see it.
//!
//! An author may give a callout its own title on the marker's line,
//! `> [!WARNING] Get emergency help now`: the title (inline Markdown and all) replaces the
//! kind's label and names the callout for screen readers (`aria-labelledby`). GitHub shows
//! no titles, so pulldown-cmark leaves such a blockquote plain; it is recognised here, as is
//! a marker of no known kind (`> [!DANGER]`), which is an error rather than literal text.
//!
//! An untitled callout's title is its kind's in the page's language: the translation
//! `callout_note`, `callout_warning`… when the site has it, else relief's own ("Note",
//! "Nota"), as [`crate::config::Words`] settles them.

use super::headings::{plain_text, IdAllocator};
use crate::config::{Word, Words};
use crate::diagnostics::{suggest, Diagnostic, Location};
use crate::html::escape;
use pulldown_cmark::{BlockQuoteKind, Event, Tag, TagEnd};
use std::collections::HashSet;
use std::ops::Range;

const CLOSE: &str = "</div>\n";

/// Ends a titled callout's title, before the paragraph's end; its body follows.
const TITLE_CLOSE: &str = "</span>";

/// The kinds, as written in the marker.
const KINDS: [(&str, BlockQuoteKind); 5] = [
    ("NOTE", BlockQuoteKind::Note),
    ("TIP", BlockQuoteKind::Tip),
    ("IMPORTANT", BlockQuoteKind::Important),
    ("WARNING", BlockQuoteKind::Warning),
    ("CAUTION", BlockQuoteKind::Caution),
];

/// Kinds other tools have, and the one of ours that says the same (Obsidian, Docusaurus,
/// MkDocs): the suggestion for a marker that is no typo of ours.
const SYNONYMS: [(&str, &str); 20] = [
    ("DANGER", "CAUTION"),
    ("ERROR", "CAUTION"),
    ("BUG", "CAUTION"),
    ("FAILURE", "CAUTION"),
    ("FAIL", "CAUTION"),
    ("MISSING", "CAUTION"),
    ("ATTENTION", "WARNING"),
    ("ALERT", "WARNING"),
    ("INFO", "NOTE"),
    ("ABSTRACT", "NOTE"),
    ("SUMMARY", "NOTE"),
    ("TLDR", "NOTE"),
    ("EXAMPLE", "NOTE"),
    ("QUOTE", "NOTE"),
    ("QUESTION", "NOTE"),
    ("FAQ", "NOTE"),
    ("HINT", "TIP"),
    ("SUCCESS", "TIP"),
    ("CHECK", "TIP"),
    ("DONE", "TIP"),
];

/// A kind's class, and its title: the `Word` it is in the page's language.
fn class_and_word(kind: BlockQuoteKind) -> (&'static str, Word) {
    match kind {
        BlockQuoteKind::Note => ("note", Word::CalloutNote),
        BlockQuoteKind::Tip => ("tip", Word::CalloutTip),
        BlockQuoteKind::Important => ("important", Word::CalloutImportant),
        BlockQuoteKind::Warning => ("warning", Word::CalloutWarning),
        BlockQuoteKind::Caution => ("caution", Word::CalloutCaution),
    }
}

/// The icon of the two kinds that warn of danger: a shape a reader scanning the page for
/// danger spots before reading, as on road signs (a triangle for a warning, an octagon for
/// caution), with an "!" cut out so that the box's colour shows through. Drawn in the
/// title's colour (`currentColor`), so it follows the theme and prints; hidden from screen
/// readers, which hear the title. The other kinds have none: an icon there would only be
/// decoration competing with the ones that matter.
fn icon(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Warning => concat!(
            "<svg class=\"callout-icon\" aria-hidden=\"true\" focusable=\"false\" width=\"24\" height=\"24\" viewBox=\"0 0 24 24\">",
            "<path fill=\"currentColor\" fill-rule=\"evenodd\" d=\"M12 1.5 23.5 22H.5ZM10.8 8.5h2.4v7h-2.4Zm0 8.8h2.4v2.4h-2.4Z\"/></svg>"
        ),
        BlockQuoteKind::Caution => concat!(
            "<svg class=\"callout-icon\" aria-hidden=\"true\" focusable=\"false\" width=\"24\" height=\"24\" viewBox=\"0 0 24 24\">",
            "<path fill=\"currentColor\" fill-rule=\"evenodd\" d=\"M7 .5h10L23.5 7v10L17 23.5H7L.5 17V7ZM10.8 5.5h2.4v8.5h-2.4Zm0 10.3h2.4v2.6h-2.4Z\"/></svg>"
        ),
        BlockQuoteKind::Note | BlockQuoteKind::Tip | BlockQuoteKind::Important => "",
    }
}

fn open(kind: BlockQuoteKind, words: &Words) -> String {
    let (class, word) = class_and_word(kind);
    let label = escape(words.get(word));
    let icon = icon(kind);
    format!("<div class=\"callout callout-{class}\" role=\"note\" aria-label=\"{label}\">\n<p class=\"callout-title\">{icon}{label}</p>\n")
}

/// The start of a callout titled by its author, up to where the title's HTML goes. The
/// title is wrapped in a `<span>` so that the title's flex layout (icon, then text) keeps
/// its words and inline markup together.
fn open_titled(kind: BlockQuoteKind, id: &str) -> String {
    let (class, _) = class_and_word(kind);
    let id = escape(id);
    let icon = icon(kind);
    format!("<div class=\"callout callout-{class}\" role=\"note\" aria-labelledby=\"{id}\">\n<p class=\"callout-title\" id=\"{id}\">{icon}<span>")
}

type Spanned<'a> = (Event<'a>, Range<usize>);

/// Whether the page has a blockquote, which may be a callout: most pages have none, and
/// skip [`rewrite`].
pub(super) fn any(events: &[Spanned<'_>]) -> bool {
    events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::BlockQuote(_))))
}

/// A `[!NAME]` at the start of a blockquote's first paragraph.
struct Marker {
    name: String,
    /// Where `[!NAME]` is in the body.
    range: Range<usize>,
    /// How many text events it takes after the paragraph's start.
    events: usize,
    /// Text of the last of them after the `]`: the start of a title.
    rest: String,
}

/// The marker that `events` (what follows a blockquote's start) open with, if any.
fn marker(events: &[Spanned<'_>], body: &str) -> Option<Marker> {
    let (Event::Start(Tag::Paragraph), _) = events.first()? else {
        return None;
    };
    let (_, first) = events.get(1)?;
    // An escaped `\[!NOTE]` is text, as written (its event starts after the backslash).
    if !body[first.start..].starts_with("[!") || body[..first.start].ends_with('\\') {
        return None;
    }
    // pulldown-cmark splits the marker's text at the brackets: gather the leading text.
    let mut text = String::new();
    let mut ends = Vec::new();
    for (event, _) in &events[1..] {
        let Event::Text(t) = event else { break };
        text.push_str(t);
        ends.push(text.len());
        if text.contains(']') {
            break;
        }
    }
    if !text.starts_with("[!") {
        return None;
    }
    let close = text.find(']')?;
    let name = &text[2..close];
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return None;
    }
    let count = ends.iter().position(|&end| end > close)? + 1;
    let start = first.start;
    Some(Marker {
        name: name.to_string(),
        range: start..start + close + 1,
        events: count,
        rest: text[close + 1..].to_string(),
    })
}

fn kind_of(name: &str) -> Option<BlockQuoteKind> {
    KINDS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, kind)| kind)
}

/// The valid kind closest to `name`: a typo of one, else what other tools' kind of that name
/// means.
fn closest(name: &str) -> Option<&'static str> {
    let upper = name.to_ascii_uppercase();
    suggest(&upper, KINDS.map(|(n, _)| n)).or_else(|| {
        SYNONYMS
            .iter()
            .find(|(theirs, _)| *theirs == upper)
            .map(|&(_, ours)| ours)
    })
}

fn unknown(name: &str, location: Location) -> Diagnostic {
    let all: Vec<String> = KINDS.iter().map(|(n, _)| format!("[!{n}]")).collect();
    let kinds = format!(
        "The callout types are {} and {}",
        all[..all.len() - 1].join(", "),
        all[all.len() - 1]
    );
    Diagnostic::error("callout", format!("unknown callout type `[!{name}]`"))
        .at(location)
        .help(match closest(name) {
            Some(s) => format!("did you mean `[!{s}]`? {kinds}"),
            None => kinds,
        })
}

/// How many of `events` (a paragraph's inline events) come before the end of its first line:
/// a break, or the paragraph's end, outside any inline element.
fn line_end(events: &[Spanned<'_>]) -> usize {
    let mut depth = 0usize;
    events
        .iter()
        .position(|(e, _)| match e {
            Event::Start(_) => {
                depth += 1;
                false
            }
            Event::End(TagEnd::Paragraph) if depth == 0 => true,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                false
            }
            Event::SoftBreak | Event::HardBreak => depth == 0,
            _ => false,
        })
        .unwrap_or(events.len())
}

/// Turn the blockquotes of `events` that are callouts into callouts' HTML, and report
/// markers of unknown kinds at `locate`d places. A titled callout's title gets an id from
/// `ids`, added to `anchors`. An untitled callout's title is its kind's, from `words`.
pub(super) fn rewrite<'a>(
    events: Vec<Spanned<'a>>,
    body: &'a str,
    ids: &mut IdAllocator,
    anchors: &mut HashSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
    locate: &dyn Fn(&Range<usize>) -> Location,
    words: &Words,
) -> Vec<Spanned<'a>> {
    let mut out = Vec::with_capacity(events.len());
    // For each open blockquote: whether it became a callout.
    let mut quotes: Vec<bool> = Vec::new();
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                quotes.push(true);
                out.push((Event::Html(open(kind, words).into()), range));
            }
            Event::Start(Tag::BlockQuote(None)) => {
                let Some(marker) = marker(iter.as_slice(), body) else {
                    quotes.push(false);
                    out.push((Event::Start(Tag::BlockQuote(None)), range));
                    continue;
                };
                let Some(kind) = kind_of(&marker.name) else {
                    diagnostics.push(unknown(&marker.name, locate(&marker.range)));
                    quotes.push(false);
                    out.push((Event::Start(Tag::BlockQuote(None)), range));
                    continue;
                };
                quotes.push(true);
                let rest = &iter.as_slice()[1 + marker.events..];
                let title_events = &rest[..line_end(rest)];
                let lead = marker.rest.trim_start();
                let title_text =
                    format!("{lead}{}", plain_text(title_events.iter().map(|(e, _)| e)));
                let untitled = title_text.trim().is_empty()
                    && title_events
                        .iter()
                        .all(|(e, _)| matches!(e, Event::Text(_)));
                let title_len = title_events.len();
                // The paragraph's start and the marker are dropped.
                iter.nth(marker.events);
                if untitled {
                    out.push((Event::Html(open(kind, words).into()), range));
                    // White space alone, if anything.
                    iter.by_ref().take(title_len).for_each(drop);
                } else {
                    let id = ids.allocate(&format!("callout {}", title_text.trim()));
                    out.push((Event::Html(open_titled(kind, &id).into()), range));
                    anchors.insert(id);
                    if !lead.is_empty() {
                        out.push((Event::Text(lead.to_string().into()), marker.range));
                    }
                    for (i, (event, range)) in iter.by_ref().take(title_len).enumerate() {
                        match event {
                            // The space between the marker and the title.
                            Event::Text(t) if i == 0 && lead.is_empty() => {
                                out.push((Event::Text(t.trim_start().to_string().into()), range))
                            }
                            event => out.push((event, range)),
                        }
                    }
                }
                // The end of the marker's line ends the title, whose `<p>` was written with
                // the callout's start, as a paragraph's end (which the search text reads as a
                // word boundary); the body's paragraph goes on after it, or a block starts.
                let Some((end, r)) = iter.next() else {
                    continue;
                };
                if !untitled {
                    out.push((Event::Html(TITLE_CLOSE.into()), r.clone()));
                    out.push((Event::End(TagEnd::Paragraph), r.clone()));
                }
                if !matches!(end, Event::End(TagEnd::Paragraph)) {
                    out.push((Event::Start(Tag::Paragraph), r));
                }
            }
            Event::End(TagEnd::BlockQuote(kind)) => match quotes.pop() {
                Some(true) => out.push((Event::Html(CLOSE.into()), range)),
                _ => out.push((Event::End(TagEnd::BlockQuote(kind)), range)),
            },
            event => out.push((event, range)),
        }
    }
    out
}
