//! The words of the index: how text is split into lower-cased words, which words are left
//! out, and the stem each remaining word is indexed under, by the rules of the index's
//! language ([`Words`]). `static/search.js` treats a query the same way (its stemmers are
//! ports of these), so these rules are the contract between the index and the script.

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

/// Frequent Spanish words left out of the index, as [`STOP_WORDS`] for English: articles,
/// pronouns, prepositions, conjunctions and the commonest forms of "ser", "estar" and "haber".
pub(super) const SPANISH_STOP_WORDS: &[&str] = &[
    "al", "algo", "algunas", "algunos", "ante", "como", "con", "cual", "cuando", "de", "del",
    "desde", "donde", "el", "ella", "ellas", "ellos", "en", "entre", "era", "es", "esa", "esas",
    "ese", "eso", "esos", "esta", "estas", "este", "esto", "estos", "está", "están", "fue", "ha",
    "han", "hasta", "hay", "la", "las", "le", "les", "lo", "los", "me", "mi", "mis", "muy", "más",
    "ni", "no", "nos", "para", "pero", "por", "porque", "que", "qué", "se", "sea", "ser", "si",
    "sin", "sobre", "son", "su", "sus", "sí", "también", "te", "tu", "tus", "un", "una", "unas",
    "uno", "unos", "usted", "ustedes", "ya", "yo", "él",
];

/// How the words of one language are indexed: the stemmer and stop words that relief's index
/// and `static/search.js` both have for it. English and Spanish have both (Snowball's
/// stemmers, as rust-stemmers writes them and search.js ports them); any other language is
/// indexed word for word, lower-cased, with no stop words, so that the script, which has no
/// stemmer for it, still finds every word as written.
pub(crate) struct Words {
    stemmer: Option<Stemmer>,
    /// The words left out.
    pub(super) stop: &'static [&'static str],
    /// The stemmer's name, written into index.js for search.js: `english`, `spanish` or
    /// `none`.
    pub(super) name: &'static str,
}

impl Words {
    /// The rules for the language `code` (`es`, or a regional code of it such as `es-MX`).
    pub(crate) fn of(code: &str) -> Words {
        match code.split(['-', '_']).next().unwrap_or(code) {
            "en" => Words::english(),
            "es" => Words {
                stemmer: Some(Stemmer::create(Algorithm::Spanish)),
                stop: SPANISH_STOP_WORDS,
                name: "spanish",
            },
            _ => Words {
                stemmer: None,
                stop: &[],
                name: "none",
            },
        }
    }

    /// English's rules: the Porter2 stemmer and [`STOP_WORDS`].
    pub(crate) fn english() -> Words {
        Words {
            stemmer: Some(stemmer()),
            stop: STOP_WORDS,
            name: "english",
        }
    }
}

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
pub(super) fn term_of(words: &Words, word: &str) -> Option<String> {
    (word.chars().count() >= MIN_TOKEN && !words.stop.contains(&word)).then(|| {
        match &words.stemmer {
            Some(stemmer) => stemmer.stem(word).into_owned(),
            None => word.to_string(),
        }
    })
}

/// The index terms of `text`: stems of the tokens, without stop words and one-letter tokens.
/// Tests only: the index reads words through [`for_each_span`].
#[cfg(test)]
pub(crate) fn terms(words: &Words, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w, _| out.extend(term_of(words, w)));
    out
}
