//! Words to term ids, one [`Vocabulary`] per indexing thread: the memo that spares the
//! index step from stemming the same word again.

use super::text::{term_of, Words};
use rustc_hash::FxHashMap;

/// No term: a stop word or a one-letter word.
pub(super) const NONE: u32 = u32::MAX;

/// One thread's memo of words and stems. A site's vocabulary is small next to its word
/// count, so most words were seen before; stemming them (and the stop-word test) was most of
/// the cost of indexing. Terms get ids local to the vocabulary, so counting them is indexing
/// an array.
pub(super) struct Vocabulary {
    /// The language's stemmer and stop words.
    words: Words,
    /// ASCII words of up to 8 and of 9 to 16 bytes, lower-cased and packed into an integer
    /// ([`short_key`]) → term id, or NONE: nearly all words, looked up without hashing or
    /// comparing strings, in tables small enough to stay in the cache.
    short: FxHashMap<u64, u32>,
    medium: FxHashMap<u128, u32>,
    /// Other lower-cased words → term id, or NONE.
    long: FxHashMap<Box<str>, u32>,
    /// Stem → term id.
    ids: FxHashMap<Box<str>, u32>,
    /// Term id → stem.
    pub(super) stems: Vec<Box<str>>,
    /// A reused buffer for lower-casing.
    lower: String,
}

/// The bytes `text[start..end]`, an ASCII word of 1 to 16 letters and digits, lower-cased and
/// packed little-endian into an integer (zero bytes after the word, so the key is unique).
/// ASCII letters and digits are lower-cased by setting bit 5.
#[inline]
fn short_key(text: &[u8], start: usize, end: usize) -> u128 {
    let len = end - start;
    let mut buf = [0u8; 16];
    if start + 16 <= text.len() {
        buf.copy_from_slice(&text[start..start + 16]);
    } else {
        buf[..len].copy_from_slice(&text[start..end]);
    }
    let mask = match len {
        16.. => u128::MAX,
        _ => (1u128 << (8 * len)) - 1,
    };
    (u128::from_le_bytes(buf) | u128::from_le_bytes([0x20; 16])) & mask
}

impl Vocabulary {
    /// A vocabulary of the language `lang`'s words.
    pub(super) fn new(lang: &str) -> Vocabulary {
        Vocabulary {
            words: Words::of(lang),
            short: FxHashMap::default(),
            medium: FxHashMap::default(),
            long: FxHashMap::default(),
            ids: FxHashMap::default(),
            stems: Vec::new(),
            lower: String::new(),
        }
    }

    /// The term id of the word `text[start..end]` (a span of
    /// [`for_each_span`](super::text::for_each_span)), or NONE.
    #[inline]
    pub(super) fn term(&mut self, text: &str, start: usize, end: usize, ascii: bool) -> u32 {
        if ascii && end - start <= 16 {
            let key = short_key(text.as_bytes(), start, end);
            let known = match end - start {
                ..=8 => self.short.get(&(key as u64)),
                _ => self.medium.get(&key),
            };
            if let Some(&id) = known {
                return id;
            }
            let mut word = text[start..end].to_string();
            word.make_ascii_lowercase();
            let id = self.stem(&word);
            match end - start {
                ..=8 => self.short.insert(key as u64, id),
                _ => self.medium.insert(key, id),
            };
            return id;
        }
        let word = &text[start..end];
        if ascii {
            self.lower.clear();
            self.lower.push_str(word);
            self.lower.make_ascii_lowercase();
        } else {
            self.lower = word.to_lowercase();
        }
        if let Some(&id) = self.long.get(self.lower.as_str()) {
            return id;
        }
        let word = std::mem::take(&mut self.lower);
        let id = self.stem(&word);
        self.long.insert(word.into(), id);
        id
    }

    /// The term id of a lower-cased word not seen before (as [`term_of`]), or NONE.
    fn stem(&mut self, word: &str) -> u32 {
        match term_of(&self.words, word) {
            None => NONE,
            Some(stem) => match self.ids.get(stem.as_str()) {
                Some(&id) => id,
                None => {
                    let id = self.stems.len() as u32;
                    let stem: Box<str> = stem.into();
                    self.ids.insert(stem.clone(), id);
                    self.stems.push(stem);
                    id
                }
            },
        }
    }
}
