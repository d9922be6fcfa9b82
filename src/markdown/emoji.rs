//! GitHub's emoji shortcodes (`:smile:` → 😄), for Zola's `[markdown] render_emoji`: replaced
//! in the text of a page, never in its code, with the `gh-emoji` crate Zola uses, so a site
//! gets the same emoji for the same names.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

/// Compiled once: its pattern is a regular expression.
static REPLACER: LazyLock<gh_emoji::Replacer> = LazyLock::new(gh_emoji::Replacer::new);

/// Whether `body` may hold a shortcode: most pages have none and skip [`replace`].
pub(super) fn may_have_shortcodes(body: &str) -> bool {
    body.contains(':')
}

/// Replace the shortcodes in every text event outside code blocks. Done before anything
/// reads the text, so a heading's id is made from its emoji, as in Zola.
pub(super) fn replace(events: &mut [(Event<'_>, Range<usize>)]) {
    let mut in_code_block = false;
    for (event, _) in events.iter_mut() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(text) if !in_code_block => {
                if let Cow::Owned(replaced) = REPLACER.replace_all(text) {
                    *text = CowStr::from(replaced);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn texts(body: &str) -> Vec<String> {
        let mut events: Vec<_> = Parser::new(body).into_offset_iter().collect();
        replace(&mut events);
        events
            .into_iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) | Event::Code(t) => Some(t.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn shortcodes_become_emoji_outside_code() {
        assert_eq!(
            texts("Hi :smile: and :+1: but :nope: stays.\n\n`:smile:`\n\n```\n:cat:\n```\n"),
            ["Hi 😄 and 👍 but :nope: stays.", ":smile:", ":cat:\n"]
        );
    }
}
