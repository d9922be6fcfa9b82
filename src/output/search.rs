//! The full-text search index, written at build time and queried in the browser by
//! `static/search.js`; no server is involved.
//!
//! Every page and section is split into *chunks* at its h2–h4 headings: chunk 0 holds the
//! title, the description and the text before the first heading; each later chunk holds one
//! heading and the text under it, so a result can jump to that heading's anchor. Words are
//! lower-cased, split on anything that is not a letter or digit and reduced to their English
//! (Snowball/Porter2) stem, the same way `search.js` treats the query.
//!
//! The output is sharded so a 10,000-page site never makes the browser load one huge file:
//!
//! - `search/index.js`: page count, stop words, the term shards by prefix and the first page
//!   of every fragment file;
//! - `search/t-*.js`: term shards, one `stem postings` line per term, split by stem prefix
//!   until each is small; the postings are (page delta, chunk, score) triples in a compact
//!   base-32 text (see [`encode`]);
//! - `search/f-N.js`: fragments, `[[path, title, description, [[anchor, heading, text]]]]`
//!   for a run of pages: only the few holding the top results are loaded, for snippets.
//!
//! Each file is a small script that hands its data to the search script's one global,
//! `reliefSearch.put("NAME",DATA);` (see [`CALLBACK`]): the JSON of index.js and of the
//! fragments as it is, a shard's lines as one string. From `file://` (a `--relative` build
//! opened from disk), where browsers refuse `fetch()`, `search.js` runs them with `<script>`
//! elements; over HTTP it fetches them and reads the data without running them.

use crate::content::{DocId, Document};
use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;
use crate::rendered::Store;
use crate::site::Site;
use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Mutex, PoisonError};

/// Frequent English words left out of the index (the query drops them too; the list is
/// written into index.js so the script needs no copy).
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "all", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can",
    "could", "did", "do", "does", "each", "every", "for", "from", "had", "has", "have", "he",
    "her", "his", "how", "if", "in", "into", "is", "it", "its", "may", "might", "more", "most",
    "must", "my", "no", "not", "of", "on", "one", "only", "or", "other", "our", "she", "should",
    "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "to", "too", "very", "was", "we", "were", "what", "when", "where", "which",
    "who", "why", "will", "with", "would", "you", "your",
];

/// Scores of one occurrence kind; a page-title word outranks any amount of body text, a
/// heading word outranks a few body mentions.
pub const TITLE_SCORE: u32 = 40;
pub const HEADING_SCORE: u32 = 16;
pub const DESCRIPTION_SCORE: u32 = 8;

/// A term shard is split by one more prefix letter once it is larger than this (bytes).
pub const SHARD_TARGET: usize = 48 * 1024;
/// The longest shard prefix, in characters: a shard of terms sharing this many first
/// characters is not split further however large it is, so shard file names stay short
/// (`t-` and at most 8 characters, or `t-x` and their UTF-8 in hex).
pub const SHARD_PREFIX_MAX: usize = 8;
/// A fragment file holds consecutive pages up to about this size (bytes).
pub const FRAGMENT_TARGET: usize = 6 * 1024;
/// Shortest token indexed.
pub const MIN_TOKEN: usize = 2;

/// One searchable page or section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Site path relative to the base URL (`benefits/sleep/`), URL-encoded.
    pub path: String,
    pub title: String,
    pub description: String,
    pub chunks: Vec<Chunk>,
}

/// A run of text under one heading (or, for the first, under the page title), as the
/// Markdown pass extracts it.
pub use crate::markdown::TextSection as Chunk;

/// Where a term occurs and how much that counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub page: u32,
    pub chunk: u32,
    pub score: u32,
}

/// The whole index in memory.
#[derive(Debug, Default)]
pub struct Index {
    pub entries: Vec<Entry>,
    /// Stem → postings, sorted by page then chunk.
    pub terms: BTreeMap<String, Vec<Posting>>,
}

/// A ranked page for a query.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub page: usize,
    /// The chunk that matched best (0: the page top).
    pub chunk: usize,
    pub score: f64,
}

/// The words of `text`, lower-cased, with their byte ranges. A word is a run of letters and
/// digits (`char::is_alphanumeric`; the script uses `[\p{Alphabetic}\p{N}]`).
pub fn tokenize(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut words = Vec::new();
    for_each_word(text, |word, range| words.push((word.to_string(), range)));
    words
}

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
fn for_each_span(text: &str, mut f: impl FnMut(usize, usize, bool)) {
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
pub fn stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// The index term of one lower-cased word: its stem, or `None` for stop words and one-letter
/// words.
fn term_of(stemmer: &Stemmer, word: &str) -> Option<String> {
    (word.chars().count() >= MIN_TOKEN && !STOP_WORDS.contains(&word))
        .then(|| stemmer.stem(word).into_owned())
}

/// The index terms of `text`: stems of the tokens, without stop words and one-letter tokens.
pub fn terms(stemmer: &Stemmer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w, _| out.extend(term_of(stemmer, w)));
    out
}

/// Body text score for `count` occurrences in one chunk: grows slowly, so repetition does
/// not beat a heading or title match.
pub fn body_score(count: u32) -> u32 {
    if count == 0 {
        0
    } else {
        (3.0 * (1.0 + f64::from(count).ln())).round() as u32
    }
}

impl Index {
    /// Index every page and section of the site, except documents whose front matter says
    /// `[extra] search = false` (the search page itself).
    pub fn build(site: &Site, store: &Store) -> Index {
        let entries = documents(site, store)
            .into_iter()
            .map(|(doc, rendered, path)| Entry {
                path,
                title: doc.meta.title.clone(),
                description: doc.meta.description.clone(),
                chunks: rendered.text_sections.clone(),
            })
            .collect();
        Index::from_entries(entries)
    }

    /// Index entries made elsewhere (tests, benchmarks), the same way as [`render`] indexes a
    /// site.
    pub fn from_entries(entries: Vec<Entry>) -> Index {
        let sources: Vec<Source> = entries.iter().map(Entry::source).collect();
        let postings = Postings::build(&sources);
        let terms = (0..postings.count())
            .map(|t| {
                let mut list = Vec::new();
                postings.for_each(t, |p| list.push(*p));
                (postings.name(t).to_string(), list)
            })
            .collect();
        drop(sources);
        Index { entries, terms }
    }

    /// Rank pages for a query the way `search.js` does: every query term must occur in the
    /// page; a page's score for a term is its best chunk's score plus a quarter of the
    /// others', weighted by how rare the term is. Exact stems only (the script also matches
    /// the last word as a prefix while the visitor types).
    pub fn rank(&self, query: &str) -> Vec<Hit> {
        let query = terms(&stemmer(), query);
        if query.is_empty() {
            return Vec::new();
        }
        let n = self.entries.len() as f64;
        let mut total: BTreeMap<usize, (f64, BTreeMap<usize, f64>)> = BTreeMap::new();
        for (i, term) in query.iter().enumerate() {
            let postings = self.terms.get(term).map(Vec::as_slice).unwrap_or(&[]);
            let mut per_page: BTreeMap<usize, Vec<(usize, f64)>> = BTreeMap::new();
            for p in postings {
                per_page
                    .entry(p.page as usize)
                    .or_default()
                    .push((p.chunk as usize, f64::from(p.score)));
            }
            let idf = (1.0 + n / per_page.len().max(1) as f64).ln();
            let mut next = BTreeMap::new();
            for (page, chunks) in per_page {
                if i > 0 && !total.contains_key(&page) {
                    continue;
                }
                let (mut score, mut chunk_scores) = total.remove(&page).unwrap_or_default();
                let best = chunks.iter().map(|c| c.1).fold(0.0, f64::max);
                let sum: f64 = chunks.iter().map(|c| c.1).sum();
                score += idf * (best + (sum - best) / 4.0);
                for (c, s) in chunks {
                    *chunk_scores.entry(c).or_insert(0.0) += idf * s;
                }
                next.insert(page, (score, chunk_scores));
            }
            total = next;
        }
        let mut hits: Vec<Hit> = total
            .into_iter()
            .map(|(page, (score, chunks))| Hit {
                page,
                chunk: chunks
                    .iter()
                    .fold(
                        (0, f64::MIN),
                        |best, (&c, &s)| {
                            if s > best.1 {
                                (c, s)
                            } else {
                                best
                            }
                        },
                    )
                    .0,
                score,
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.page.cmp(&b.page)));
        hits
    }

    /// The files to write under the output root: `(path, contents)`, as [`render`] makes them.
    pub fn files(&self) -> Vec<(String, String)> {
        let sources: Vec<Source> = self.entries.iter().map(Entry::source).collect();
        let terms: Vec<(&str, &[Posting])> = self
            .terms
            .iter()
            .map(|(term, postings)| (term.as_str(), postings.as_slice()))
            .collect();
        let files = std::sync::Mutex::new(Vec::new());
        emit_files(&sources, term_shards(terms.as_slice()), &|path, body| {
            files
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((path, body));
        });
        files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// Write the search files of the site into `sink`, each as soon as it is made (the fragment
/// files together are as large as the site's text, so they are never all held). Returns the
/// paths written.
pub fn write(
    site: &Site,
    store: &Store,
    sink: &dyn super::Sink,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let written = std::sync::Mutex::new((Vec::new(), Vec::new()));
    for_each_file(site, store, &|path, body| {
        let result = sink.write(&path, body.as_bytes());
        let mut written = written.lock().unwrap_or_else(|e| e.into_inner());
        match result {
            Ok(()) => written.0.push(path),
            Err(e) => written.1.push(e),
        }
    });
    let (paths, errors) = written.into_inner().unwrap_or_else(|e| e.into_inner());
    if !errors.is_empty() {
        return Err(super::collapse_io(errors));
    }
    Ok(paths)
}

/// The search files of a site, `(path, contents)`, in no particular order.
pub fn render(site: &Site, store: &Store) -> Vec<(String, String)> {
    let files = std::sync::Mutex::new(Vec::new());
    for_each_file(site, store, &|path, body| {
        files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path, body));
    });
    files.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Make the search files of a site and hand each to `emit` (from several threads). The index
/// is made from the site's text where it lies (no copy), term shards first so that the
/// postings are freed before the fragments are made.
fn for_each_file(site: &Site, store: &Store, emit: &(dyn Fn(String, String) + Sync)) {
    let docs = documents(site, store);
    let sources: Vec<Source> = docs
        .iter()
        .map(|(doc, rendered, path)| Source {
            path,
            title: &doc.meta.title,
            description: &doc.meta.description,
            chunks: &rendered.text_sections,
        })
        .collect();
    let shards = term_shards(&Postings::build(&sources));
    emit_files(&sources, shards, emit);
}

/// The documents to index, with their site paths relative to the base URL: every page and
/// section except those whose front matter says `[extra] search = false`.
fn documents<'a>(site: &'a Site, store: &'a Store) -> Vec<(&'a Document, &'a Rendered, String)> {
    let docs: Vec<(DocId, &Document)> = site
        .content
        .documents_with_ids()
        .filter(|(_, d)| d.meta.extra.get("search").and_then(|v| v.as_bool()) != Some(false))
        .collect();
    docs.into_par_iter()
        .map(|(id, doc)| {
            let url = site.url(&doc.path);
            let path = match url.strip_prefix(site.base_path.as_str()) {
                Some(path) => path.to_string(),
                None => url,
            };
            (doc, store.get(id), path)
        })
        .collect()
}

/// One searchable document as the index reads it: borrowed from an [`Entry`] or straight
/// from the site, never copied.
#[derive(Clone, Copy)]
struct Source<'a> {
    path: &'a str,
    title: &'a str,
    description: &'a str,
    chunks: &'a [Chunk],
}

impl Entry {
    fn source(&self) -> Source<'_> {
        Source {
            path: &self.path,
            title: &self.title,
            description: &self.description,
            chunks: &self.chunks,
        }
    }
}

/// No term: a stop word or a one-letter word.
const NONE: u32 = u32::MAX;

/// One thread's memo of words and stems. A site's vocabulary is small next to its word
/// count, so most words were seen before; stemming them (and the stop-word test) was most of
/// the cost of indexing. Terms get ids local to the vocabulary, so counting them is indexing
/// an array.
struct Vocabulary {
    stemmer: Stemmer,
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
    stems: Vec<Box<str>>,
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
    fn new() -> Vocabulary {
        Vocabulary {
            stemmer: stemmer(),
            short: FxHashMap::default(),
            medium: FxHashMap::default(),
            long: FxHashMap::default(),
            ids: FxHashMap::default(),
            stems: Vec::new(),
            lower: String::new(),
        }
    }

    /// The term id of the word `text[start..end]` (a span of [`for_each_span`]), or NONE.
    #[inline]
    fn term(&mut self, text: &str, start: usize, end: usize, ascii: bool) -> u32 {
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
        match term_of(&self.stemmer, word) {
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

/// A chunk number and a score in one `u32` (24 and 8 bits): a site's postings are millions,
/// and a third less memory for them is a third less of the index step's peak. Scores stay
/// far below 256 (at most a title bonus plus a slowly growing body score); a page would need
/// 16 million headings to reach the chunk limit, beyond which its chunks share the last one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ChunkScore(u32);

impl ChunkScore {
    const CHUNK_MAX: u32 = (1 << 24) - 1;

    fn new(chunk: u32, score: u32) -> ChunkScore {
        ChunkScore(chunk.min(Self::CHUNK_MAX) << 8 | score.min(255))
    }

    fn chunk(self) -> u32 {
        self.0 >> 8
    }

    fn score(self) -> u32 {
        self.0 & 255
    }
}

/// Pages in one run at most: small runs are sorted and their entries freed early (see
/// [`Postings::build`]), while each run's per-term offsets stay a small share of the index.
const RUN_PAGES: usize = 512;

/// The postings of consecutive pages, indexed by one thread, by term id of that thread's
/// vocabulary.
struct Run {
    vocabulary: usize,
    first_page: u32,
    /// While indexing: `(term id, chunk and score)` of each page in turn, and where each
    /// page's entries end. Appending to one array is much cheaper than to one per term.
    entries: Vec<(u32, ChunkScore)>,
    pages: Vec<(u32, usize)>,
    /// Then ([`Run::finish`]): `(page, chunk and score)` by term id, in page then chunk
    /// order; those of term `id` are `postings[offsets[id]..offsets[id + 1]]`.
    postings: Vec<(u32, ChunkScore)>,
    offsets: Vec<usize>,
    /// Term id → (bonus, count) in the current chunk, and the ids that are not (0, 0).
    chunk: Vec<(u32, u32)>,
    touched: Vec<u32>,
    /// [`body_score`] of small counts.
    body_scores: [u32; 64],
}

impl Run {
    fn new(vocabulary: usize, first_page: u32) -> Run {
        Run {
            vocabulary,
            first_page,
            entries: Vec::new(),
            pages: Vec::new(),
            postings: Vec::new(),
            offsets: Vec::new(),
            chunk: Vec::new(),
            touched: Vec::new(),
            body_scores: std::array::from_fn(|count| body_score(count as u32)),
        }
    }

    /// Index one page: chunk by chunk, one posting per term and chunk.
    fn page(&mut self, vocabulary: &mut Vocabulary, page: u32, source: &Source) {
        for (c, chunk) in source.chunks.iter().enumerate() {
            if c == 0 {
                self.bonus(vocabulary, source.description, DESCRIPTION_SCORE);
                self.bonus(vocabulary, source.title, TITLE_SCORE);
            }
            self.bonus(vocabulary, &chunk.heading, HEADING_SCORE);
            let text = chunk.text.as_str();
            for_each_span(text, |start, end, ascii| {
                let id = vocabulary.term(text, start, end, ascii);
                if id != NONE {
                    self.touch(id).1 += 1;
                }
            });
            self.flush(c as u32);
        }
        self.pages.push((page, self.entries.len()));
    }

    fn bonus(&mut self, vocabulary: &mut Vocabulary, text: &str, score: u32) {
        for_each_span(text, |start, end, ascii| {
            let id = vocabulary.term(text, start, end, ascii);
            if id != NONE {
                let s = self.touch(id);
                s.0 = s.0.max(score);
            }
        });
    }

    fn touch(&mut self, id: u32) -> &mut (u32, u32) {
        let i = id as usize;
        if i >= self.chunk.len() {
            self.chunk.resize((i + 1).next_power_of_two(), (0, 0));
        }
        let s = &mut self.chunk[i];
        if *s == (0, 0) {
            self.touched.push(id);
        }
        s
    }

    /// The postings of the chunk just counted.
    fn flush(&mut self, chunk: u32) {
        for id in self.touched.drain(..) {
            let i = id as usize;
            let (bonus, count) = std::mem::take(&mut self.chunk[i]);
            let body = match self.body_scores.get(count as usize) {
                Some(&score) => score,
                None => body_score(count),
            };
            self.entries
                .push((id, ChunkScore::new(chunk, bonus + body)));
        }
    }

    /// Sort the entries by term (a counting sort, stable, so each term's postings stay in
    /// page order) for a vocabulary of `terms` ids.
    fn finish(&mut self, terms: usize) {
        self.chunk = Vec::new();
        let mut offsets = vec![0usize; terms + 1];
        for e in &self.entries {
            offsets[e.0 as usize + 1] += 1;
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut next = offsets.clone();
        let mut postings = vec![(0, ChunkScore(0)); self.entries.len()];
        let mut start = 0;
        for &(page, end) in &self.pages {
            for &(id, chunk_score) in &self.entries[start..end] {
                let slot = &mut next[id as usize];
                postings[*slot] = (page, chunk_score);
                *slot += 1;
            }
            start = end;
        }
        (self.entries, self.pages) = (Vec::new(), Vec::new());
        (self.postings, self.offsets) = (postings, offsets);
    }
}

/// The postings of every term of a set of pages. Runs of consecutive pages are indexed in
/// parallel, each thread against its own vocabulary (no shared counters or strings between
/// threads); the vocabularies are then merged into one sorted list of terms.
struct Postings {
    /// The terms, sorted.
    stems: Vec<Box<str>>,
    /// In page order.
    runs: Vec<Run>,
    /// Per vocabulary, the id of every term in it (NONE if it has none).
    ids: Vec<Vec<u32>>,
}

impl Postings {
    fn build(sources: &[Source]) -> Postings {
        let threads = rayon::current_num_threads().max(1);
        let vocabularies: Vec<Mutex<Vocabulary>> = (0..threads)
            .map(|_| Mutex::new(Vocabulary::new()))
            .collect();
        let mut runs: Vec<Run> = sources
            .par_iter()
            .enumerate()
            .with_min_len(16)
            .with_max_len(RUN_PAGES)
            .fold(
                || None,
                |run: Option<Run>, (p, source)| {
                    let page = p as u32;
                    let mut run = run.unwrap_or_else(|| {
                        let thread = rayon::current_thread_index().unwrap_or(0);
                        Run::new(thread % threads, page)
                    });
                    let mut vocabulary = vocabularies[run.vocabulary]
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner);
                    run.page(&mut vocabulary, page, source);
                    Some(run)
                },
            )
            .flatten()
            // Each run is sorted into postings as soon as it is complete, so only the entries
            // of the runs in progress are ever held beside the postings.
            .map(|mut run| {
                let terms = vocabularies[run.vocabulary]
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .stems
                    .len();
                run.finish(terms);
                run
            })
            .collect();
        runs.sort_by_key(|r| r.first_page);
        let vocabularies: Vec<Vocabulary> = vocabularies
            .into_iter()
            .map(|v| v.into_inner().unwrap_or_else(PoisonError::into_inner))
            .collect();
        let mut stems: Vec<&str> = vocabularies
            .iter()
            .flat_map(|v| v.stems.iter().map(|s| &**s))
            .collect();
        stems.sort_unstable();
        stems.dedup();
        let ids = vocabularies
            .iter()
            .map(|v| {
                let mut ids = vec![NONE; stems.len()];
                for (id, stem) in v.stems.iter().enumerate() {
                    if let Ok(t) = stems.binary_search(&&**stem) {
                        ids[t] = id as u32;
                    }
                }
                ids
            })
            .collect();
        Postings {
            stems: stems.into_iter().map(Box::from).collect(),
            runs,
            ids,
        }
    }
}

/// Sorted terms with their postings, as the term shards are written from.
trait Terms: Sync {
    fn count(&self) -> usize;
    fn name(&self, term: usize) -> &str;
    /// Call `f` with the postings of `term`, in page then chunk order.
    fn for_each(&self, term: usize, f: impl FnMut(&Posting));
}

impl Terms for Postings {
    fn count(&self) -> usize {
        self.stems.len()
    }

    fn name(&self, term: usize) -> &str {
        &self.stems[term]
    }

    fn for_each(&self, term: usize, mut f: impl FnMut(&Posting)) {
        for run in &self.runs {
            let id = self.ids[run.vocabulary][term];
            if id == NONE {
                continue;
            }
            let id = id as usize;
            if let Some(&[start, end]) = run.offsets.get(id..id + 2) {
                for &(page, chunk_score) in &run.postings[start..end] {
                    f(&Posting {
                        page,
                        chunk: chunk_score.chunk(),
                        score: chunk_score.score(),
                    });
                }
            }
        }
    }
}

impl Terms for [(&str, &[Posting])] {
    fn count(&self) -> usize {
        self.len()
    }

    fn name(&self, term: usize) -> &str {
        self[term].0
    }

    fn for_each(&self, term: usize, f: impl FnMut(&Posting)) {
        self[term].1.iter().for_each(f);
    }
}

/// The term shards, `(prefix, script)` sorted by prefix: one `stem postings` line per term.
/// Line lengths are computed first, so the shards are cut without serialising anything, then
/// each shard is written in parallel straight into a string of its exact size.
fn term_shards(terms: &(impl Terms + ?Sized)) -> Vec<(String, String)> {
    let lengths: Vec<usize> = (0..terms.count())
        .into_par_iter()
        .map(|t| {
            let mut len = terms.name(t).len() + 2; // the space and the newline
            let mut last_page = 0;
            terms.for_each(t, |p| {
                len +=
                    encoded_len(p.page - last_page) + encoded_len(p.chunk) + encoded_len(p.score);
                last_page = p.page;
            });
            len
        })
        .collect();
    let mut offsets = Vec::with_capacity(lengths.len() + 1);
    offsets.push(0);
    for len in lengths {
        offsets.push(offsets[offsets.len() - 1] + len);
    }
    let chars: Vec<usize> = (0..terms.count())
        .map(|t| terms.name(t).chars().count())
        .collect();
    let mut shards = Vec::new();
    shard(terms, &chars, &offsets, &mut shards);
    shards.sort_by(|a, b| a.0.cmp(&b.0));
    shards
        .into_par_iter()
        .map(|(prefix, range)| {
            let size = offsets[range.end] - offsets[range.start];
            // The shard's script (see [`shard_script`]), the lines written straight into their
            // template literal.
            let name = shard_file(&prefix);
            let head = script_head(&name);
            let mut body = Vec::with_capacity(head.len() + size + 2 + SCRIPT_TAIL.len());
            body.extend_from_slice(head.as_bytes());
            body.push(b'`');
            let start = body.len();
            for t in range {
                body.extend_from_slice(terms.name(t).as_bytes());
                body.push(b' ');
                let mut last_page = 0;
                terms.for_each(t, |p| {
                    encode_posting(p.page - last_page, p.chunk, p.score, &mut body);
                    last_page = p.page;
                });
                body.push(b'\n');
            }
            debug_assert_eq!(body.len() - start, size, "line lengths are exact");
            body.push(b'`');
            body.extend_from_slice(SCRIPT_TAIL.as_bytes());
            // Stems and ASCII digits only: always UTF-8.
            let script = String::from_utf8(body).unwrap_or_default();
            let lines = script.get(start..start + size).unwrap_or_default();
            let script = match template_safe(lines) {
                true => script,
                false => shard_script(&name, lines),
            };
            (prefix, script)
        })
        .collect()
}

/// Split the sorted terms into shards of at most SHARD_TARGET bytes where possible: a shard
/// that is too big keeps only the term equal to its prefix (it sorts first) and hands the rest
/// to one child shard per next character. A shard of one term, however long its line (a
/// pasted URL or hash can be a megabyte), is never split, and no prefix grows beyond
/// SHARD_PREFIX_MAX characters: such a shard stays large instead. The script picks the shard of
/// the longest prefix a word starts with, which either bound leaves correct.
/// `chars` holds each term's length in characters, `offsets` the running sum of line lengths.
///
/// A work list, not recursion: the depth of the split is bounded, but nothing here should
/// depend on that for its stack.
fn shard(
    terms: &(impl Terms + ?Sized),
    chars: &[usize],
    offsets: &[usize],
    out: &mut Vec<(String, Range<usize>)>,
) {
    // Ranges of terms sharing a prefix, with the prefix and its length in characters.
    let mut work: Vec<(Range<usize>, String, usize)> = vec![(0..terms.count(), String::new(), 0)];
    while let Some((range, prefix, depth)) = work.pop() {
        let size = offsets[range.end] - offsets[range.start];
        if size <= SHARD_TARGET || range.len() <= 1 || depth >= SHARD_PREFIX_MAX {
            out.push((prefix, range));
            continue;
        }
        let own = range.start
            + chars[range.clone()]
                .iter()
                .take_while(|&&c| c <= depth)
                .count();
        if own == range.end {
            out.push((prefix, range));
            continue;
        }
        out.push((prefix.clone(), range.start..own));
        // Every term of the range starts with `prefix`, so its next character starts at byte
        // `prefix.len()`; the terms from `own` on all have one.
        let next = |t: usize| terms.name(t)[prefix.len()..].chars().next();
        let mut i = own;
        while i < range.end {
            let c = next(i);
            let mut j = i + 1;
            while j < range.end && next(j) == c {
                j += 1;
            }
            let child = format!("{prefix}{}", c.unwrap_or(' '));
            work.push((i..j, child, depth + 1));
            i = j;
        }
    }
}

/// The fragment files, consecutive pages up to about FRAGMENT_TARGET bytes each, handed to
/// `emit` as scripts with their numbers; returns the first page of each. The pages' JSON lengths are
/// computed first (in parallel) to cut the files, then each file is written in parallel
/// straight into a string of its size.
fn fragments(sources: &[Source], emit: &(dyn Fn(usize, String) + Sync)) -> Vec<usize> {
    // The length of each page's JSON, and whether it has nothing to escape (most pages).
    let lengths: Vec<(usize, bool)> = sources
        .par_iter()
        .map(|source| {
            let len = fragment_len(source, json_len);
            (len, len == fragment_len(source, |s| s.len() + 2))
        })
        .collect();
    let mut groups: Vec<(Range<usize>, usize)> = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for (p, &(len, _)) in lengths.iter().enumerate() {
        if p > start {
            size += 1; // the comma
        }
        size += len;
        if size >= FRAGMENT_TARGET {
            groups.push((start..p + 1, size));
            start = p + 1;
            size = 0;
        }
    }
    if start < sources.len() {
        groups.push((start..sources.len(), size));
    }
    let starts = groups.iter().map(|g| g.0.start).collect();
    groups
        .into_par_iter()
        .enumerate()
        .for_each(|(file, (pages, size))| {
            let head = script_head(&fragment_file(file));
            let capacity = head.len() + size + 2 + SCRIPT_TAIL.len();
            let mut body = String::with_capacity(capacity);
            body.push_str(&head);
            body.push('[');
            for p in pages.clone() {
                if p > pages.start {
                    body.push(',');
                }
                fragment(&sources[p], lengths[p].1, &mut body);
            }
            body.push(']');
            body.push_str(SCRIPT_TAIL);
            debug_assert_eq!(body.len(), capacity, "fragment_len is exact");
            emit(file, body);
        });
    starts
}

/// Append one page's fragment, `[path, title, description, [[anchor, heading, text]]]`, as
/// compact JSON (serde_json's bytes exactly). `plain`: no string of the page needs escaping.
fn fragment(source: &Source, plain: bool, out: &mut String) {
    let push_json = |s: &str, out: &mut String| match plain {
        true => {
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
        false => push_json(s, out),
    };
    out.push('[');
    for s in [source.path, source.title, source.description] {
        push_json(s, out);
        out.push(',');
    }
    out.push('[');
    for (i, c) in source.chunks.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        push_json(&c.anchor, out);
        out.push(',');
        push_json(&c.heading, out);
        out.push(',');
        push_json(&c.text, out);
        out.push(']');
    }
    out.push_str("]]");
}

/// The length of [`fragment`]'s output, given the length of each string in JSON.
fn fragment_len(source: &Source, json_len: impl Fn(&str) -> usize) -> usize {
    let chunks: usize = source
        .chunks
        .iter()
        .map(|c| 4 + json_len(&c.anchor) + json_len(&c.heading) + json_len(&c.text))
        .sum();
    let commas = source.chunks.len().saturating_sub(1);
    7 + json_len(source.path)
        + json_len(source.title)
        + json_len(source.description)
        + chunks
        + commas
}

/// Whether serde_json escapes byte `b` in a string: quote, backslash, control characters.
/// Without branches, so that testing a block of bytes is vectorised.
#[inline]
fn escaped(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

/// Whether any byte of `s` is [`escaped`]: 32 bytes at a time, without branches inside.
fn needs_escape(s: &str) -> bool {
    let mut blocks = s.as_bytes().chunks_exact(32);
    for block in &mut blocks {
        if block.iter().fold(false, |any, &b| any | escaped(b)) {
            return true;
        }
    }
    blocks.remainder().iter().any(|&b| escaped(b))
}

/// The length of `s` as a JSON string, quotes included.
fn json_len(s: &str) -> usize {
    if !needs_escape(s) {
        return s.len() + 2;
    }
    let extra: usize = s
        .bytes()
        .map(|b| match b {
            b'"' | b'\\' | 0x08 | 0x09 | 0x0A | 0x0C | 0x0D => 1,
            0..=0x1F => 5,
            _ => 0,
        })
        .sum();
    s.len() + extra + 2
}

/// Append `s` as a JSON string, escaped as serde_json does: `\"`, `\\`, the short escapes of
/// backspace, tab, newline, form feed and carriage return, `\u00xx` for other control
/// characters; everything else as is.
fn push_json(s: &str, out: &mut String) {
    out.push('"');
    if !needs_escape(s) {
        out.push_str(s);
    } else {
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                0x08 => "\\b",
                0x09 => "\\t",
                0x0A => "\\n",
                0x0C => "\\f",
                0x0D => "\\r",
                0..=0x1F => "",
                _ => continue,
            };
            out.push_str(&s[start..i]);
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            } else {
                out.push_str(escape);
            }
            start = i + 1;
        }
        out.push_str(&s[start..]);
    }
    out.push('"');
}

/// Hand every search file to `emit`: the term shards, the fragments, then index.js, which
/// names them all.
fn emit_files(
    sources: &[Source],
    shards: Vec<(String, String)>,
    emit: &(dyn Fn(String, String) + Sync),
) {
    let mut shard_names = BTreeMap::new();
    let shards: Vec<(String, String)> = shards
        .into_iter()
        .map(|(prefix, script)| {
            let name = shard_file(&prefix);
            shard_names.insert(prefix, name.clone());
            (name, script)
        })
        .collect();
    shards
        .into_par_iter()
        .for_each(|(name, script)| emit(format!("search/{name}"), script));
    let fragment_starts = fragments(sources, &|i, body| {
        emit(format!("search/{}", fragment_file(i)), body)
    });
    let meta = serde_json::json!({
        "v": 1,
        "pages": sources.len(),
        "min": MIN_TOKEN,
        "stop": STOP_WORDS,
        "shards": shard_names,
        "fragments": fragment_starts,
    });
    emit(
        "search/index.js".into(),
        format!("{}{meta}{SCRIPT_TAIL}", script_head("index.js")),
    );
}

/// Digits of the posting encoding: a number is written most significant digit first in base
/// 32, every digit but the last from CONTINUE, the last from FINAL; so most postings (page
/// delta, chunk and score all below 32) take three characters.
pub const FINAL: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
pub const CONTINUE: &[u8; 32] = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Append `value` in the posting encoding.
pub fn encode(value: u32, out: &mut String) {
    let (digits, start) = digits(value);
    out.extend(digits[start..].iter().map(|&d| char::from(d)));
}

/// The posting encoding of `value`: `digits[start..]`.
#[inline]
fn digits(value: u32) -> ([u8; 7], usize) {
    let mut digits = [0u8; 7];
    let mut i = digits.len() - 1;
    digits[i] = FINAL[(value % 32) as usize];
    let mut rest = value / 32;
    while rest > 0 {
        i -= 1;
        digits[i] = CONTINUE[(rest % 32) as usize];
        rest /= 32;
    }
    (digits, i)
}

/// Append one posting (page delta, chunk, score) in the posting encoding.
#[inline]
fn encode_posting(page_delta: u32, chunk: u32, score: u32, out: &mut Vec<u8>) {
    if (page_delta | chunk | score) < 32 {
        out.extend_from_slice(&[
            FINAL[page_delta as usize],
            FINAL[chunk as usize],
            FINAL[score as usize],
        ]);
    } else {
        for value in [page_delta, chunk, score] {
            let (digits, start) = digits(value);
            out.extend_from_slice(&digits[start..]);
        }
    }
}

/// The number of characters [`encode`] writes for `value`.
fn encoded_len(value: u32) -> usize {
    1 + (32 - value.leading_zeros() as usize).saturating_sub(1) / 5
}

/// The numbers of an encoded posting string (the inverse of [`encode`]).
pub fn decode(text: &str) -> Vec<u32> {
    let mut values = Vec::new();
    let mut acc = 0u32;
    for b in text.bytes() {
        if let Some(d) = FINAL.iter().position(|&f| f == b) {
            values.push(acc * 32 + d as u32);
            acc = 0;
        } else if let Some(d) = CONTINUE.iter().position(|&c| c == b) {
            acc = acc * 32 + d as u32;
        }
    }
    values
}

/// A file name for the shard of `prefix`: readable for ASCII letters and digits, hex
/// otherwise.
fn shard_file(prefix: &str) -> String {
    if prefix.is_empty() {
        "t.js".into()
    } else if prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
        format!("t-{prefix}.js")
    } else {
        let hex: String = prefix.bytes().map(|b| format!("{b:02x}")).collect();
        format!("t-x{hex}.js")
    }
}

/// The file name of fragment file `n`.
fn fragment_file(n: usize) -> String {
    format!("f-{n}.js")
}

/// The function every search file calls with its name and data (static/search.js defines it).
pub const CALLBACK: &str = "reliefSearch.put";

/// The start of the search file `name`: `reliefSearch.put("name",`. Its data and `);\n`
/// follow.
fn script_head(name: &str) -> String {
    // File names are ASCII letters, digits, `-` and `.`: nothing to escape.
    format!("{CALLBACK}(\"{name}\",")
}

/// The end of every search file.
const SCRIPT_TAIL: &str = ");\n";

/// A term shard's script: its lines as a template literal, which takes them as they are
/// (stems are letters and digits, so the literal needs no escape); as a JSON string, which
/// JavaScript reads alike, should a line ever hold a character a template literal would
/// change (`` ` ``, `\`, `$`, a carriage return).
fn shard_script(name: &str, lines: &str) -> String {
    let head = script_head(name);
    let mut out = String::with_capacity(head.len() + lines.len() + 2 + SCRIPT_TAIL.len());
    out.push_str(&head);
    if !template_safe(lines) {
        push_json(lines, &mut out);
    } else {
        out.push('`');
        out.push_str(lines);
        out.push('`');
    }
    out.push_str(SCRIPT_TAIL);
    out
}

/// Whether a template literal reads `s` as it is: no `` ` ``, `\`, `$` or carriage return.
/// 32 bytes at a time, without branches inside (as [`needs_escape`]).
fn template_safe(s: &str) -> bool {
    let odd = |b: u8| (b == b'`') | (b == b'\\') | (b == b'$') | (b == b'\r');
    let mut blocks = s.as_bytes().chunks_exact(32);
    for block in &mut blocks {
        if block.iter().fold(false, |any, &b| any | odd(b)) {
            return false;
        }
    }
    !blocks.remainder().iter().any(|&b| odd(b))
}

/// The name and data of a search file as [`emit_files`] writes it (the inverse of the
/// wrapping): the JSON of index.js or of a fragment file, the lines of a term shard. `None`
/// for anything else.
pub fn script_data(script: &str) -> Option<(&str, std::borrow::Cow<'_, str>)> {
    let rest = script.strip_prefix(CALLBACK)?.strip_prefix("(\"")?;
    let (name, rest) = rest.split_once("\",")?;
    let data = rest.strip_suffix(SCRIPT_TAIL)?;
    let data = match data.as_bytes().first()? {
        b'`' => data.strip_prefix('`')?.strip_suffix('`')?.into(),
        b'"' => serde_json::from_str::<String>(data).ok()?.into(),
        _ => data.into(),
    };
    Some((name, data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_scripts_carry_their_lines_unchanged() {
        let plain = "sleep 0a3\nsleepi 1b4w0c\n";
        let script = shard_script("t-sl.js", plain);
        assert_eq!(
            script,
            "reliefSearch.put(\"t-sl.js\",`sleep 0a3\nsleepi 1b4w0c\n`);\n"
        );
        assert_eq!(script_data(&script), Some(("t-sl.js", plain.into())));
        // What a template literal would read differently goes into a JSON string.
        for odd in ["a`b 012\n", "a\\b 012\n", "a${b} 012\n", "a\r\nb 012\n"] {
            let script = shard_script("t.js", odd);
            assert!(
                script.starts_with("reliefSearch.put(\"t.js\",\""),
                "{script}"
            );
            assert_eq!(script_data(&script), Some(("t.js", odd.into())));
        }
        assert_eq!(script_data("[1,2]"), None);
        // In a whole block of 32 bytes and in the rest after the blocks.
        for at in [0, 31, 32, 70, 99] {
            let mut lines = "x".repeat(100);
            lines.replace_range(at..at + 1, "$");
            assert!(!template_safe(&lines), "$ at {at}");
        }
        assert!(template_safe(&"x".repeat(100)));
    }

    #[test]
    fn chunk_and_score_share_a_word() {
        for (chunk, score) in [(0, 0), (1, 3), (70_000, 91), (ChunkScore::CHUNK_MAX, 255)] {
            let packed = ChunkScore::new(chunk, score);
            assert_eq!((packed.chunk(), packed.score()), (chunk, score));
        }
        // Out of range: the last chunk, the highest score; never another chunk's bits.
        let packed = ChunkScore::new(u32::MAX, 300);
        assert_eq!(
            (packed.chunk(), packed.score()),
            (ChunkScore::CHUNK_MAX, 255)
        );
    }
}
