//! GitHub-style alerts (`> [!NOTE]` …) as labelled callouts: `role="note"` with a visible
//! title, so screen readers announce the kind as well as sighted readers see it.

use pulldown_cmark::BlockQuoteKind;

pub const CLOSE: &str = "</div>\n";

pub fn open(kind: BlockQuoteKind) -> String {
    let (class, label) = match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    };
    format!("<div class=\"callout callout-{class}\" role=\"note\" aria-label=\"{label}\">\n<p class=\"callout-title\">{label}</p>\n")
}
