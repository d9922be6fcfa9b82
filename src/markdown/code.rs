//! Code blocks through the site's highlighter (`[markdown.highlighting]`): the fence's
//! language looked up, and a language no grammar knows reported with the close ones, the
//! block then shown as plain text.

use crate::diagnostics::{Diagnostic, Location};
use crate::highlight::{code_block, Fence, Highlighter, Language};
use pulldown_cmark::CodeBlockKind;

/// The HTML of a code block whose text is `code`, and the problem with its language if any.
/// `at` locates the block's fence, for the diagnostic.
pub(super) fn highlight(
    highlighter: &Highlighter,
    kind: &CodeBlockKind<'_>,
    code: &str,
    at: impl FnOnce() -> Location,
) -> (String, Option<Diagnostic>) {
    let fence = match kind {
        CodeBlockKind::Fenced(info) => Fence::parse(info),
        CodeBlockKind::Indented => Fence::default(),
    };
    if fence.language.is_empty() {
        return (code_block(highlighter, &fence, None, code), None);
    }
    match highlighter.language(&fence.language) {
        Language::Known(syntax) => (code_block(highlighter, &fence, Some(syntax), code), None),
        Language::Unknown(close) => {
            let message = format!(
                "no grammar for the code block's language `{}`",
                fence.language
            );
            let diagnostic = match highlighter.error_on_missing_language {
                true => Diagnostic::error("highlighting", message),
                false => Diagnostic::warning("unknown-language", message),
            };
            let help = match close.as_slice() {
                [] => "the block is shown as plain text; name a language relief knows (`rust`, `toml`, `html`…), load a grammar with extra_grammars, or write `text`".to_string(),
                close => format!(
                    "did you mean {}? the block is shown as plain text",
                    close.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                ),
            };
            let html = code_block(highlighter, &fence, None, code);
            (html, Some(diagnostic.at(at()).help(help)))
        }
    }
}
