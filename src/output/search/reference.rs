//! A reference model of the index for tests: every entry and every term's postings held in
//! plain maps, and a ranker that scores a query the way `static/search.js` does. Tests
//! check the index's files and results against it; the build never uses it.

use super::postings::Terms;
use super::postings::{Posting, Postings};
use super::shards::term_shards;
use super::text::{terms, Words};
use super::{documents, emit_files, Chunk, Source};
use crate::rendered::Store;
use crate::site::Site;
use crate::sync::lock;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// One searchable page or section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Entry {
    /// Site path relative to the base URL (`benefits/sleep/`), URL-encoded.
    pub(super) path: String,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) chunks: Vec<Chunk>,
}

/// The whole index in memory.
#[derive(Debug, Default)]
pub(super) struct Index {
    pub(super) entries: Vec<Entry>,
    /// Stem → postings, sorted by page then chunk.
    pub(super) terms: BTreeMap<String, Vec<Posting>>,
    /// The entries' language, whose stemmer and stop words the index uses.
    pub(super) lang: String,
}

/// A ranked page for a query.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Hit {
    pub(super) page: usize,
    /// The chunk that matched best (0: the page top).
    pub(super) chunk: usize,
    pub(super) score: f64,
}

impl Index {
    /// Index every page and section of the site, except documents whose front matter says
    /// `[extra] search = false` (the search page itself).
    pub(super) fn build(site: &Site, store: &Store) -> Index {
        Index::build_in(site, store, &site.config.language)
    }

    /// [`Index::build`] for the documents in the language `lang`.
    pub(super) fn build_in(site: &Site, store: &Store, lang: &str) -> Index {
        let entries = documents(site, store, lang)
            .into_iter()
            .map(|source| Entry {
                path: source.path.into_owned(),
                title: source.title.to_string(),
                description: source.description.to_string(),
                chunks: source.chunks.to_vec(),
            })
            .collect();
        Index::from_entries_in(entries, lang)
    }

    /// Index English entries made by a test, the same way as [`super::render`] indexes a site.
    pub(super) fn from_entries(entries: Vec<Entry>) -> Index {
        Index::from_entries_in(entries, "en")
    }

    /// [`Index::from_entries`] for entries in the language `lang`.
    pub(super) fn from_entries_in(entries: Vec<Entry>, lang: &str) -> Index {
        let sources: Vec<Source> = entries.iter().map(Entry::source).collect();
        let postings = Postings::build(&sources, lang);
        let terms = (0..postings.count())
            .map(|t| {
                let mut list = Vec::new();
                postings.for_each(t, |p| list.push(*p));
                (postings.name(t).to_string(), list)
            })
            .collect();
        drop(sources);
        Index {
            entries,
            terms,
            lang: lang.to_string(),
        }
    }

    /// Rank pages for a query the way `search.js` does: every query term must occur in the
    /// page; a page's score for a term is its best chunk's score plus a quarter of the
    /// others', weighted by how rare the term is. Exact stems only (the script also matches
    /// the last word as a prefix while the visitor types).
    pub(super) fn rank(&self, query: &str) -> Vec<Hit> {
        let query = terms(&Words::of(&self.lang), query);
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

    /// The files to write under the index's folder (`search/`): `(path, contents)`, as
    /// [`super::render`] makes them.
    pub(super) fn files(&self) -> Vec<(String, String)> {
        let sources: Vec<Source> = self.entries.iter().map(Entry::source).collect();
        let terms: Vec<(&str, &[Posting])> = self
            .terms
            .iter()
            .map(|(term, postings)| (term.as_str(), postings.as_slice()))
            .collect();
        let files = Mutex::new(Vec::new());
        let words = Words::of(&self.lang);
        emit_files(
            &sources,
            term_shards(terms.as_slice()),
            &words,
            &BTreeMap::new(),
            &|path, body| {
                lock(&files).push((format!("search/{path}"), body));
            },
        );
        files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Entry {
    /// The entry as the index reads a document.
    fn source(&self) -> Source<'_> {
        Source {
            path: Cow::Borrowed(&self.path),
            title: &self.title,
            description: &self.description,
            chunks: &self.chunks,
        }
    }
}

/// Terms held as the reference holds them, so that its files are written by the same code as
/// a site's.
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
