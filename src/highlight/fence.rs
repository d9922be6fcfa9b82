//! A fenced code block's info string as Zola reads it: the language, then comma-separated
//! annotations (`linenos`, `linenostart=20`, `hl_lines=1 3-5`, `hide_lines=2`, `name=mod.rs`).
//! Any other `key=value` becomes a `data-key` attribute of the block, as in Zola.

use std::ops::RangeInclusive;

/// What a code block's fence asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fence {
    /// The language as written (`rust`, `TOML`); empty when the fence names none.
    pub language: String,
    /// Show line numbers.
    pub line_numbers: bool,
    /// The number shown on the first line.
    pub first_number: i64,
    /// Lines shown highlighted, counted from 1 whatever `first_number` is.
    pub highlighted: Vec<RangeInclusive<usize>>,
    /// Lines left out of the output, counted from 1.
    pub hidden: Vec<RangeInclusive<usize>>,
    /// Other `key=value` annotations (`name=mod.rs`), in the order written.
    pub attributes: Vec<(String, String)>,
}

impl Default for Fence {
    fn default() -> Self {
        Fence {
            language: String::new(),
            line_numbers: false,
            first_number: 1,
            highlighted: Vec::new(),
            hidden: Vec::new(),
            attributes: Vec::new(),
        }
    }
}

impl Fence {
    /// Read a fence's info string (what follows the backticks).
    pub(crate) fn parse(info: &str) -> Fence {
        let mut fence = Fence::default();
        let mut language = None;
        for token in info.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let (key, value) = match token.split_once('=') {
                Some((key, value)) => (key.trim(), Some(value.trim())),
                None => (token, None),
            };
            match (key, value) {
                ("linenos", None) => fence.line_numbers = true,
                ("linenostart", Some(value)) => {
                    if let Ok(start) = value.parse() {
                        fence.first_number = start;
                    }
                }
                ("hl_lines", Some(value)) => fence.highlighted.extend(ranges(value)),
                ("hide_lines", Some(value)) => fence.hidden.extend(ranges(value)),
                (key, Some(value)) => fence.attributes.push((key.to_string(), value.to_string())),
                // The first bare word is the language; later ones mean nothing to Zola either.
                (word, None) => {
                    language.get_or_insert(word);
                }
            }
        }
        fence.language = language.unwrap_or_default().to_string();
        fence
    }

    /// Whether line `n` (from 1) is shown highlighted.
    pub(crate) fn is_highlighted(&self, n: usize) -> bool {
        self.highlighted.iter().any(|r| r.contains(&n))
    }

    /// Whether line `n` (from 1) is left out.
    pub(crate) fn is_hidden(&self, n: usize) -> bool {
        self.hidden.iter().any(|r| r.contains(&n))
    }
}

/// `1 3-5 9` as ranges of lines; a piece that is no number or range is skipped, as Zola does.
fn ranges(text: &str) -> impl Iterator<Item = RangeInclusive<usize>> + '_ {
    text.split_whitespace().filter_map(|piece| {
        let (from, to) = piece.split_once('-').unwrap_or((piece, piece));
        let (from, to) = (from.trim().parse().ok()?, to.trim().parse().ok()?);
        Some(from..=to)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_annotation_is_read() {
        let fence = Fence::parse(
            "scss, linenos, linenostart=10, hl_lines=3-4 8-9, hide_lines=2 7, name=a.scss",
        );
        assert_eq!(fence.language, "scss");
        assert!(fence.line_numbers);
        assert_eq!(fence.first_number, 10);
        assert_eq!(fence.highlighted, vec![3..=4, 8..=9]);
        assert_eq!(fence.hidden, vec![2..=2, 7..=7]);
        assert_eq!(
            fence.attributes,
            vec![("name".to_string(), "a.scss".to_string())]
        );
        assert!(fence.is_highlighted(4) && !fence.is_highlighted(5));
        assert!(fence.is_hidden(7) && !fence.is_hidden(3));
    }

    #[test]
    fn a_fence_without_language_or_with_bad_ranges_keeps_the_defaults() {
        let fence = Fence::parse("linenos,hl_lines=x 2-,linenostart=y");
        assert_eq!(fence.language, "");
        assert_eq!(fence.first_number, 1);
        assert!(fence.highlighted.is_empty());
        assert_eq!(Fence::parse("rust,ignore").language, "rust");
    }
}
