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
//! - `search/index.json`: page count, stop words, the term shards by prefix and the first page
//!   of every fragment file;
//! - `search/t-*.txt`: term shards, one `stem postings` line per term, split by stem prefix
//!   until each is small; the postings are (page delta, chunk, score) triples in a compact
//!   base-32 text (see [`encode`]);
//! - `search/f-N.json`: fragments, `[[path, title, description, [[anchor, heading, text]]]]`
//!   for a run of pages: only the few holding the top results are fetched, for snippets.

use crate::content::Document;
use crate::diagnostics::Diagnostic;
use crate::site::Site;
use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Frequent English words left out of the index (the query drops them too; the list is
/// written into index.json so the script needs no copy).
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
const SHARD_TARGET: usize = 48 * 1024;
/// A fragment file holds consecutive pages up to about this size (bytes).
const FRAGMENT_TARGET: usize = 6 * 1024;
/// Shortest token indexed.
const MIN_TOKEN: usize = 2;

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

/// Call `f` with each lower-cased word of `text` and its byte range, lower-casing into one
/// reused buffer so that indexing allocates nothing per word.
fn for_each_word(text: &str, mut f: impl FnMut(&str, std::ops::Range<usize>)) {
    let mut start = None;
    let mut lower = String::new();
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                lower.clear();
                lower.push_str(&text[s..i]);
                if lower.is_ascii() {
                    lower.make_ascii_lowercase();
                } else {
                    lower = text[s..i].to_lowercase();
                }
                f(&lower, s..i);
                start = None;
            }
            _ => {}
        }
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

/// Memoised terms of words: a site's vocabulary is small next to its word count, so most
/// words were seen before, and stemming them (and the stop-word test) was most of the cost of
/// indexing. Terms are shared `Arc<str>`s, so a page's postings allocate no strings.
type Stems = FxHashMap<String, Option<Arc<str>>>;

/// Call `f` with each index term of `text` (as [`terms`]), through the memo.
fn for_each_term(stemmer: &Stemmer, stems: &mut Stems, text: &str, mut f: impl FnMut(&Arc<str>)) {
    for_each_word(text, |w, _| {
        let term = match stems.get(w) {
            Some(term) => term,
            None => stems
                .entry(w.to_string())
                .or_insert_with(|| term_of(stemmer, w).map(Into::into)),
        };
        if let Some(term) = term {
            f(term);
        }
    });
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
    pub fn build(site: &Site) -> Index {
        let docs = site
            .content
            .sections
            .iter()
            .map(|s| &s.doc)
            .chain(site.content.pages.iter().map(|p| &p.doc))
            .filter(|d| d.meta.extra.get("search").and_then(|v| v.as_bool()) != Some(false));
        let docs: Vec<&Document> = docs.collect();
        let entries = docs
            .par_iter()
            .map(|doc| {
                let url = site.url(&doc.path);
                let path = url
                    .strip_prefix(site.base_path.as_str())
                    .unwrap_or(&url)
                    .to_string();
                entry(doc, path)
            })
            .collect();
        Index::from_entries(entries)
    }

    /// Index entries made elsewhere (tests, benchmarks). Pages are tokenised and stemmed in
    /// parallel, then their postings merged in page order.
    pub fn from_entries(entries: Vec<Entry>) -> Index {
        let per_page: Vec<Vec<(Arc<str>, u32, u32)>> = entries
            .par_iter()
            .map_init(
                || (stemmer(), Stems::default()),
                |(stemmer, stems), e| page_terms(stemmer, stems, e),
            )
            .collect();
        // Hashing, then one sort of the distinct terms, is much cheaper than keeping a
        // sorted map through millions of insertions.
        let mut index_terms: FxHashMap<Arc<str>, Vec<Posting>> = FxHashMap::default();
        for (p, page) in per_page.into_iter().enumerate() {
            for (term, chunk, score) in page {
                index_terms.entry(term).or_default().push(Posting {
                    page: p as u32,
                    chunk,
                    score,
                });
            }
        }
        Index {
            entries,
            terms: index_terms
                .into_iter()
                .map(|(term, postings)| (term.to_string(), postings))
                .collect(),
        }
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

    /// The files to write under the output root: `(path, contents)`.
    pub fn files(&self) -> Vec<(String, String)> {
        let mut files = Vec::new();

        // Fragments: consecutive pages, each file about FRAGMENT_TARGET bytes.
        let mut fragment_starts = Vec::new();
        let mut current = String::new();
        let flush = |current: &mut String, files: &mut Vec<(String, String)>| {
            if !current.is_empty() {
                files.push((
                    format!("search/f-{}.json", files.len()),
                    format!("[{current}]\n"),
                ));
                current.clear();
            }
        };
        for (p, entry) in self.entries.iter().enumerate() {
            let chunks: Vec<[&str; 3]> = entry
                .chunks
                .iter()
                .map(|c| [c.anchor.as_str(), c.heading.as_str(), c.text.as_str()])
                .collect();
            let json =
                serde_json::to_string(&(&entry.path, &entry.title, &entry.description, chunks))
                    .unwrap_or_default();
            if current.is_empty() {
                fragment_starts.push(p);
            } else {
                current.push(',');
            }
            current.push_str(&json);
            if current.len() >= FRAGMENT_TARGET {
                flush(&mut current, &mut files);
            }
        }
        flush(&mut current, &mut files);

        // Term shards by prefix.
        let serialized: Vec<(&str, String)> = self
            .terms
            .iter()
            .map(|(term, postings)| {
                let mut s = term.clone();
                s.push(' ');
                let mut last_page = 0;
                for p in postings {
                    encode(p.page - last_page, &mut s);
                    encode(p.chunk, &mut s);
                    encode(p.score, &mut s);
                    last_page = p.page;
                }
                (term.as_str(), s)
            })
            .collect();
        let mut shards = BTreeMap::new();
        shard(&serialized, String::new(), &mut shards);
        let mut shard_names = BTreeMap::new();
        for (prefix, body) in shards {
            let name = shard_file(&prefix);
            shard_names.insert(prefix, name.clone());
            files.push((format!("search/{name}"), body));
        }

        let meta = serde_json::json!({
            "v": 1,
            "pages": self.entries.len(),
            "min": MIN_TOKEN,
            "stop": STOP_WORDS,
            "shards": shard_names,
            "fragments": fragment_starts,
        });
        files.push(("search/index.json".into(), format!("{meta}\n")));
        files
    }
}

/// Split `terms` (sorted, with their serialized entries) into shards of at most
/// SHARD_TARGET bytes where possible: a shard that is too big keeps only the terms equal to
/// its prefix and hands the rest to one child shard per next character.
fn shard(terms: &[(&str, String)], prefix: String, out: &mut BTreeMap<String, String>) {
    let size: usize = terms.iter().map(|t| t.1.len() + 1).sum();
    let join = |terms: &[(&str, String)]| {
        terms
            .iter()
            .map(|t| format!("{}\n", t.1))
            .collect::<String>()
    };
    let depth = prefix.chars().count();
    if size <= SHARD_TARGET || terms.iter().all(|t| t.0.chars().count() <= depth) {
        out.insert(prefix, join(terms));
        return;
    }
    let (own, rest): (Vec<_>, Vec<_>) = terms
        .iter()
        .cloned()
        .partition(|t| t.0.chars().count() <= depth);
    out.insert(prefix.clone(), join(&own));
    let mut i = 0;
    while i < rest.len() {
        let next: char = rest[i].0.chars().nth(depth).unwrap_or(' ');
        let mut j = i;
        while j < rest.len() && rest[j].0.chars().nth(depth) == Some(next) {
            j += 1;
        }
        shard(&rest[i..j], format!("{prefix}{next}"), out);
        i = j;
    }
}

/// Digits of the posting encoding: a number is written most significant digit first in base
/// 32, every digit but the last from CONTINUE, the last from FINAL; so most postings (page
/// delta, chunk and score all below 32) take three characters.
pub const FINAL: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
pub const CONTINUE: &[u8; 32] = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Append `value` in the posting encoding.
pub fn encode(mut value: u32, out: &mut String) {
    let mut digits = vec![FINAL[(value % 32) as usize]];
    value /= 32;
    while value > 0 {
        digits.push(CONTINUE[(value % 32) as usize]);
        value /= 32;
    }
    out.extend(digits.iter().rev().map(|&d| d as char));
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

/// `(term, chunk, score)` for every term of one page, chunk by chunk.
fn page_terms(stemmer: &Stemmer, stems: &mut Stems, entry: &Entry) -> Vec<(Arc<str>, u32, u32)> {
    let mut out = Vec::new();
    let mut scores: FxHashMap<Arc<str>, (u32, u32)> = FxHashMap::default(); // (bonus, count)
    for (c, chunk) in entry.chunks.iter().enumerate() {
        let mut bonus = |text: &str, score: u32| {
            for_each_term(stemmer, stems, text, |t| {
                let s = scores.entry(t.clone()).or_default();
                s.0 = s.0.max(score);
            });
        };
        if c == 0 {
            bonus(&entry.description, DESCRIPTION_SCORE);
            bonus(&entry.title, TITLE_SCORE);
        }
        bonus(&chunk.heading, HEADING_SCORE);
        for_each_term(stemmer, stems, &chunk.text, |t| match scores.get_mut(t) {
            Some(s) => s.1 += 1,
            None => {
                scores.insert(t.clone(), (0, 1));
            }
        });
        out.extend(
            scores
                .drain()
                .map(|(term, (bonus, count))| (term, c as u32, bonus + body_score(count))),
        );
    }
    out
}

/// A file name for the shard of `prefix`: readable for ASCII letters and digits, hex
/// otherwise.
fn shard_file(prefix: &str) -> String {
    if prefix.is_empty() {
        "t.txt".into()
    } else if prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
        format!("t-{prefix}.txt")
    } else {
        let hex: String = prefix.bytes().map(|b| format!("{b:02x}")).collect();
        format!("t-x{hex}.txt")
    }
}

/// The search entry of one document: its text, split at headings by the Markdown pass.
fn entry(doc: &Document, path: String) -> Entry {
    Entry {
        path,
        title: doc.meta.title.clone(),
        description: doc.meta.description.clone(),
        chunks: doc.rendered.text_sections.clone(),
    }
}

/// Write the search files of the site into `sink`, then free the pages' plain text, which
/// nothing else needs. Returns the paths written.
pub fn write(site: &mut Site, sink: &dyn super::Sink) -> Result<Vec<String>, Vec<Diagnostic>> {
    let files = render(site);
    for doc in site.content.documents_mut() {
        doc.rendered.text_sections = Vec::new();
    }
    let errors: Vec<Diagnostic> = files
        .par_iter()
        .filter_map(|(path, text)| sink.write(path, text.as_bytes()).err())
        .collect();
    if !errors.is_empty() {
        return Err(super::collapse_io(errors));
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// The search files of a site.
pub fn render(site: &Site) -> Vec<(String, String)> {
    Index::build(site).files()
}
