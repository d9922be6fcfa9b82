//! Footnotes. References that name no footnote: pulldown-cmark leaves `text[^nope]` as the
//! literal text `[^nope]` when no `[^nope]: …` defines it, which a reader would see on the
//! page; relief makes it an error at the reference instead (a warning on a Zola site, which
//! Zola builds with the text as written). And Zola's `bottom_footnotes`:
//! the notes gathered at the end of the page, each with links back to where it is referenced,
//! named for screen readers in the page's language (the translation `footnote_back`) on a
//! relief site.

use crate::config::{Word, Words};
use crate::diagnostics::{Diagnostic, Location};
use crate::html::escape;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Whether `body` may hold a footnote reference: most pages have none and skip [`check`].
pub(super) fn may_have_references(body: &str) -> bool {
    body.contains("[^")
}

/// An error (a warning unless `strict`) for each `[^label]` of `events` (spans in `body`)
/// left as text for want of a definition, at the place `locate` gives.
pub(super) fn check(
    events: &[(Event<'_>, Range<usize>)],
    body: &str,
    strict: bool,
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
            let message = format!("footnote `[^{label}]` is not defined");
            match strict {
                true => Diagnostic::error("footnote", message),
                false => Diagnostic::warning(
                    "undefined-footnote",
                    format!("{message}: `[^{label}]` is shown as text"),
                ),
            }
            .at(locate(&range))
            .help(help)
        })
        .collect()
}

/// Footnotes as Zola's `bottom_footnotes` writes them: each reference a numbered superscript
/// linking to its note, and the notes referenced gathered in one list after everything else,
/// in the order of their first reference, each ending with a link back to every reference
/// to it. `summary_end`, an index into `events`, is moved to the same place in the result;
/// the ids written go into `anchors`.
pub(super) fn to_bottom<'a>(
    events: Vec<Event<'a>>,
    summary_end: &mut Option<usize>,
    anchors: &mut HashSet<String>,
    words: &Words,
) -> Vec<Event<'a>> {
    let summary_at = summary_end.take();
    let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len() + 8);
    // The notes as written, each its label and content.
    let mut notes: Vec<(CowStr<'a>, Vec<Event<'a>>)> = Vec::new();
    let mut open: Option<(CowStr<'a>, Vec<Event<'a>>)> = None;
    // By label: the note's number and how often it is referenced.
    let mut numbers: HashMap<CowStr<'a>, (usize, usize)> = HashMap::new();
    for (i, event) in events.into_iter().enumerate() {
        if Some(i) == summary_at {
            *summary_end = Some(out.len());
        }
        let event = match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                open = Some((label, Vec::new()));
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                notes.extend(open.take());
                continue;
            }
            Event::FootnoteReference(label) => {
                let next = numbers.len() + 1;
                let (number, count) = numbers.entry(label.clone()).or_insert((next, 0));
                *count += 1;
                anchors.insert(format!("fr-{label}-{count}"));
                let label = escape(&label);
                Event::InlineHtml(
                    format!("<sup class=\"footnote-reference\" id=\"fr-{label}-{count}\"><a href=\"#fn-{label}\">[{number}]</a></sup>").into(),
                )
            }
            other => other,
        };
        match &mut open {
            Some((_, content)) => content.push(event),
            None => out.push(event),
        }
    }
    if summary_at.is_some() && summary_end.is_none() {
        *summary_end = Some(out.len());
    }
    // A note nobody references is left out, as in Zola.
    let mut notes: Vec<(usize, usize, CowStr<'a>, Vec<Event<'a>>)> = notes
        .into_iter()
        .filter_map(|(label, content)| {
            let &(number, count) = numbers.get(&label)?;
            Some((number, count, label, content))
        })
        .collect();
    if notes.is_empty() {
        return out;
    }
    notes.sort_by_key(|(number, ..)| *number);
    out.push(Event::Html(
        "<section class=\"footnotes\">\n<ol class=\"footnotes-list\">\n".into(),
    ));
    for (number, count, label, content) in notes {
        anchors.insert(format!("fn-{label}"));
        let label = escape(&label);
        out.push(Event::Html(format!("<li id=\"fn-{label}\">").into()));
        // Named for screen readers in the page's language (a second reference's link with its
        // count); a Zola site's are as Zola writes them, unnamed.
        let named = |n: usize| match (words.zola, n) {
            (true, _) => String::new(),
            (false, 1) => back_label(words, number, ""),
            (false, n) => back_label(words, number, &format!(" ({n})")),
        };
        let back: String = (1..=count)
            .map(|n| match n {
                1 => format!(" <a href=\"#fr-{label}-1\"{}>↩</a>", named(1)),
                n => format!(" <a href=\"#fr-{label}-{n}\"{}>↩{n}</a>", named(n)),
            })
            .collect();
        // The links back end the note's last paragraph, or follow it when it has none.
        let last_paragraph = content
            .iter()
            .rposition(|e| matches!(e, Event::End(TagEnd::Paragraph)));
        match last_paragraph {
            Some(at) => {
                let mut content = content;
                content[at] = Event::Html(format!("{back}</p>\n").into());
                out.extend(content);
            }
            None => {
                out.extend(content);
                out.push(Event::Html(back.into()));
            }
        }
        out.push(Event::Html("</li>\n".into()));
    }
    out.push(Event::Html("</ol>\n</section>\n".into()));
    out
}

/// The ` aria-label` of a link back to a reference to note `number`, `suffix` after the words.
fn back_label(words: &Words, number: usize, suffix: &str) -> String {
    let label = words.with(Word::FootnoteBack, "number", &number.to_string());
    format!(" aria-label=\"{}{suffix}\"", escape(&label))
}
