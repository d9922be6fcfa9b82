//! Footnote references that name no footnote. pulldown-cmark leaves `text[^nope]` as the
//! literal text `[^nope]` when no `[^nope]: …` defines it, which a reader would see on the
//! page; relief makes it an error at the reference instead.

use crate::diagnostics::{Diagnostic, Location};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

/// Whether `body` may hold a footnote reference: most pages have none and skip [`check`].
pub(super) fn may_have_references(body: &str) -> bool {
    body.contains("[^")
}

/// An error for each `[^label]` of `events` (spans in `body`) left as text for want of a
/// definition, at the place `locate` gives.
pub(super) fn check(
    events: &[(Event<'_>, Range<usize>)],
    body: &str,
    locate: &dyn Fn(&Range<usize>) -> Location,
) -> Vec<Diagnostic> {
    let mut defined: Vec<&str> = Vec::new();
    let mut undefined: Vec<(String, Range<usize>)> = Vec::new();
    let mut in_code = false;
    for (i, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => defined.push(label),
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            // pulldown-cmark leaves `[`, `^label` and `]` as text events (split further by
            // smart quotes): read the label from the source, and check that text is all
            // there is up to its `]`. An escaped `\[^label]` is text, as written.
            Event::Text(open)
                if !in_code
                    && &**open == "["
                    && body[range.clone()] == *"["
                    && !body[..range.start].ends_with('\\') =>
            {
                let after = &body[range.end..];
                let Some(label) = after.strip_prefix('^').and_then(|rest| {
                    let len = rest.find(|c: char| c.is_whitespace() || c == '[' || c == ']')?;
                    rest[len..].starts_with(']').then(|| &rest[..len])
                }) else {
                    continue;
                };
                let end = range.end + 1 + label.len() + 1;
                let all_text = events[i + 1..]
                    .iter()
                    .take_while(|(_, r)| r.start < end)
                    .all(|(e, _)| matches!(e, Event::Text(_)));
                if !label.is_empty() && all_text {
                    undefined.push((label.to_string(), range.start..end));
                }
            }
            _ => {}
        }
    }
    let listed: Vec<String> = defined.iter().map(|l| format!("[^{l}]")).collect();
    undefined
        .into_iter()
        .map(|(label, range)| {
            let help = match listed.is_empty() {
                true => format!(
                    "no footnotes are defined on this page: add a line `[^{label}]: The note's text.` after the paragraph, or write `\\[^{label}]` to show the brackets as text"
                ),
                false => format!(
                    "the footnotes defined on this page are {}; define this one with a line `[^{label}]: The note's text.`",
                    listed.join(", ")
                ),
            };
            Diagnostic::error(
                "footnote",
                format!("footnote `[^{label}]` is not defined"),
            )
            .at(locate(&range))
            .help(help)
        })
        .collect()
}
