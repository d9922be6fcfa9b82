//! The words of the index: how text is split into lower-cased words, which words are left
//! out, and the English stem each remaining word is indexed under. `static/search.js` treats
//! a query the same way (its stemmer is a port of this one), so these rules are the contract
//! between the index and the script.

use rust_stemmers::{Algorithm, Stemmer};

/// Frequent English words left out of the index (the query drops them too; the list is
/// written into index.js so the script needs no copy).
pub(super) const STOP_WORDS: &[&str] = &[
    "a", "about", "all", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can",
    "could", "did", "do", "does", "each", "every", "for", "from", "had", "has", "have", "he",
    "her", "his", "how", "if", "in", "into", "is", "it", "its", "may", "might", "more", "most",
    "must", "my", "no", "not", "of", "on", "one", "only", "or", "other", "our", "she", "should",
    "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "to", "too", "very", "was", "we", "were", "what", "when", "where", "which",
    "who", "why", "will", "with", "would", "you", "your",
];

/// Shortest token indexed.
pub(super) const MIN_TOKEN: usize = 2;

/// The words of `text`, lower-cased, with their byte ranges. A word is a run of letters and
/// digits (`char::is_alphanumeric`; the script uses `[\p{Alphabetic}\p{N}]`). Tests only:
/// the index reads words through [`for_each_word`] and [`for_each_span`], without a list.
#[cfg(test)]
pub(super) fn tokenize(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut words = Vec::new();
    for_each_word(text, |word, range| words.push((word.to_string(), range)));
    words
}

#[cfg(test)]
/// Call `f` with each lower-cased word of `text` and its byte range: a word already in lower
/// case is passed as a slice of `text`, others are lower-cased into one reused buffer.
fn for_each_word(text: &str, mut f: impl FnMut(&str, std::ops::Range<usize>)) {
    let mut lower = String::new();
    for_each_span(text, |s, e, ascii| {
        let word = &text[s..e];
        if !ascii {
            lower = word.to_lowercase();
            f(&lower, s..e);
        } else if word.bytes().any(|b| b.is_ascii_uppercase()) {
            lower.clear();
            lower.push_str(word);
            lower.make_ascii_lowercase();
            f(&lower, s..e);
        } else {
            f(word, s..e);
        }
    });
}

/// Call `f` with the start and end of each word of `text` (a run of characters that are
/// `char::is_alphanumeric`) and whether it is all ASCII. ASCII is classified byte by byte;
/// only other characters are decoded.
#[inline]
pub(super) fn for_each_span(text: &str, mut f: impl FnMut(usize, usize, bool)) {
    let bytes = text.as_bytes();
    // Whether the character at `i` is a letter or digit, and its length in bytes.
    let class = |i: usize| -> (bool, usize) {
        match bytes[i] {
            b if b.is_ascii() => (b.is_ascii_alphanumeric(), 1),
            _ => text[i..]
                .chars()
                .next()
                .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let (alphanumeric, len) = class(i);
        if !alphanumeric {
            i += len;
            continue;
        }
        let start = i;
        let mut ascii = len == 1;
        i += len;
        while i < bytes.len() {
            if bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let (alphanumeric, len) = class(i);
            if !alphanumeric {
                break;
            }
            ascii = false;
            i += len;
        }
        f(start, i, ascii);
    }
}

/// The English stemmer shared by the index and (ported) the script.
pub(crate) fn stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// The index term of one lower-cased word: its stem, or `None` for stop words and one-letter
/// words.
pub(super) fn term_of(stemmer: &Stemmer, word: &str) -> Option<String> {
    (word.chars().count() >= MIN_TOKEN && !STOP_WORDS.contains(&word))
        .then(|| stemmer.stem(word).into_owned())
}

/// The index terms of `text`: stems of the tokens, without stop words and one-letter tokens.
/// Tests only: the index reads words through [`for_each_span`].
#[cfg(test)]
pub(crate) fn terms(stemmer: &Stemmer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w, _| out.extend(term_of(stemmer, w)));
    out
}
