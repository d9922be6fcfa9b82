//! Postings: for every term, the chunks it occurs in and how much each occurrence counts.
//! Pages are indexed in parallel runs, each thread against its own [`Vocabulary`], and the
//! runs are then read together as one sorted list of terms ([`Postings`]).

use super::text::for_each_span;
use super::vocabulary::{Vocabulary, NONE};
use super::Source;
use rayon::prelude::*;
use std::sync::{Mutex, PoisonError};

/// Scores of one occurrence kind; a page-title word outranks any amount of body text, a
/// heading word outranks a few body mentions.
pub(super) const TITLE_SCORE: u32 = 40;
/// The score of a word in a chunk's heading.
pub(super) const HEADING_SCORE: u32 = 16;
/// The score of a word in the page's description (chunk 0).
pub(super) const DESCRIPTION_SCORE: u32 = 8;

/// Where a term occurs and how much that counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Posting {
    /// The page's number, in the order of the index's pages.
    pub(super) page: u32,
    /// The chunk's number within the page (0: the page top).
    pub(super) chunk: u32,
    pub(super) score: u32,
}

/// Body text score for `count` occurrences in one chunk: grows slowly, so repetition does
/// not beat a heading or title match.
pub(super) fn body_score(count: u32) -> u32 {
    if count == 0 {
        0
    } else {
        (3.0 * (1.0 + f64::from(count).ln())).round() as u32
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
pub(super) struct Postings {
    /// The terms, sorted.
    stems: Vec<Box<str>>,
    /// In page order.
    runs: Vec<Run>,
    /// Per vocabulary, the id of every term in it (NONE if it has none).
    ids: Vec<Vec<u32>>,
}

impl Postings {
    /// The postings of `sources`, documents in the language `lang`.
    pub(super) fn build(sources: &[Source], lang: &str) -> Postings {
        let threads = rayon::current_num_threads().max(1);
        let vocabularies: Vec<Mutex<Vocabulary>> = (0..threads)
            .map(|_| Mutex::new(Vocabulary::new(lang)))
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
pub(super) trait Terms: Sync {
    /// The number of terms.
    fn count(&self) -> usize;
    /// The stem of term number `term`.
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

#[cfg(test)]
mod tests {
    use super::*;

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
