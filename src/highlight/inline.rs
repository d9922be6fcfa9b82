//! The inline style's token colours. A token's style depends only on the scopes open around
//! it, and a build meets the same few thousand scope stacks over and over, while working a
//! style out means matching every selector of the theme. So each stack's `style` attribute
//! is worked out once per build and shared by the Markdown threads.

use super::stylesheet::hex;
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};
use syntect::highlighting::{FontStyle, Highlighter as ThemeHighlighter, Style as TokenStyle};
use syntect::parsing::Scope;

/// The `style` attribute of each scope stack seen so far.
#[derive(Default)]
pub(crate) struct TokenStyles {
    known: RwLock<HashMap<Box<[Scope]>, Arc<str>>>,
}

impl TokenStyles {
    /// The attribute for `stack`, from the cache or worked out with `themes` (one highlighter
    /// per theme, light first, asked for only when the stack is new).
    pub(crate) fn css<'a, 't: 'a>(
        &self,
        stack: &[Scope],
        themes: impl FnOnce() -> &'a [ThemeHighlighter<'t>],
    ) -> Arc<str> {
        // A panic elsewhere cannot leave the map half-written: insertions are whole.
        if let Some(css) = self
            .known
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(stack)
        {
            return css.clone();
        }
        let styles: Vec<TokenStyle> = themes()
            .iter()
            .map(|theme| theme.style_for_stack(stack))
            .collect();
        let css: Arc<str> = token_css(&styles).into();
        self.known
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(stack.into())
            .or_insert(css)
            .clone()
    }
}

/// Whether a `style` attribute made by [`TokenStyles::css`] underlines its text (white space
/// in such a span shows, so it keeps its own span).
pub(crate) fn underlines(css: &str) -> bool {
    css.contains(UNDERLINE)
}

/// The declaration of an underlined token.
const UNDERLINE: &str = "text-decoration: underline;";

/// A token's `style` attribute: its colour (in each theme) and font style.
fn token_css(styles: &[TokenStyle]) -> String {
    let mut css = match styles {
        [one] => format!("color: {};", hex(one.foreground)),
        [light, dark, ..] => format!(
            "color: light-dark({}, {});",
            hex(light.foreground),
            hex(dark.foreground)
        ),
        [] => String::new(),
    };
    if let Some(first) = styles.first() {
        if first.font_style.contains(FontStyle::BOLD) {
            css.push_str(" font-weight: bold;");
        }
        if first.font_style.contains(FontStyle::ITALIC) {
            css.push_str(" font-style: italic;");
        }
        if first.font_style.contains(FontStyle::UNDERLINE) {
            css.push(' ');
            css.push_str(UNDERLINE);
        }
    }
    css
}
