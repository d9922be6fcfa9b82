//! The text of a page as search and reading time see it: white space collapsed as pieces
//! arrive, words counted from the result.

use super::TextSection;

/// Append `text` to the last section, collapsing white space as it goes: each run becomes
/// one space and none leads, so once a trailing space is dropped the section reads as
/// `split_whitespace().join(" ")` of everything pushed, without building it twice.
pub(super) fn push_text(sections: &mut [TextSection], text: &str) {
    let Some(section) = sections.last_mut() else {
        return;
    };
    let out = &mut section.text;
    let bytes = text.as_bytes();
    // Most pieces are printable ASCII words separated by single spaces: append them whole.
    if bytes.iter().all(|&b| (0x20..0x80).contains(&b)) && !text.contains("  ") {
        let at_word_start = out.is_empty() || out.ends_with(' ');
        out.push_str(match at_word_start {
            true => text.strip_prefix(' ').unwrap_or(text),
            false => text,
        });
        return;
    }
    let (mut i, mut kept) = (0, 0);
    while i < bytes.len() {
        // ASCII bytes are tested directly; only other characters are decoded.
        let (white, len) = match bytes[i] {
            b if b < 0x80 => (matches!(b, b'\t'..=b'\r' | b' '), 1),
            _ => {
                let c = text[i..].chars().next().unwrap_or_default();
                (c.is_whitespace(), c.len_utf8())
            }
        };
        if white {
            out.push_str(&text[kept..i]);
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            kept = i + len;
        }
        i += len;
    }
    out.push_str(&text[kept..]);
}

/// Words in text whose white space [`push_text`] collapsed: one more than its spaces.
/// Counting here rather than per Markdown event also keeps a word that smart punctuation
/// splits into several events (`it’s`) one word.
pub(super) fn collapsed_word_count(text: &str) -> usize {
    match text.is_empty() {
        true => 0,
        false => text.bytes().filter(|&b| b == b' ').count() + 1,
    }
}
