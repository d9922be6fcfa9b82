//! `related_pages`: the pages sharing the most taxonomy terms with a page. An index built
//! once per build, with a cache, because a page template may ask it on every page.

use crate::content::PageId;
use crate::site::Site;
use crate::sync::lock;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Index of pages by the taxonomy terms they carry, for `related_pages`.
///
/// The answer depends only on a page's set of terms (and on the page itself, which is left
/// out), so it is computed once per distinct term set and limit and shared by every page that
/// carries the same set: on a large site with few, big terms this turns a per-page scan of
/// thousands of candidates into a cache hit.
pub(crate) struct Related {
    /// For each page, the (taxonomy, term) pairs it carries, sorted.
    page_terms: Vec<Vec<(usize, usize)>>,
    /// For each taxonomy and term, its pages.
    term_pages: Vec<Vec<Vec<PageId>>>,
    /// Best `limit + 1` pages for a term set and limit (the page asking may be among them).
    cache: Mutex<HashMap<RelatedKey, Arc<[PageId]>>>,
}

/// A page's sorted (taxonomy, term) pairs and the requested limit.
type RelatedKey = (Vec<(usize, usize)>, usize);

impl Related {
    /// The index of `site`'s pages by the terms they carry.
    pub(crate) fn new(site: &Site) -> Self {
        let mut page_terms = vec![Vec::new(); site.content.pages.len()];
        let term_pages = site
            .taxonomies
            .iter()
            .enumerate()
            .map(|(ti, t)| {
                t.terms
                    .iter()
                    .enumerate()
                    .map(|(term_i, term)| {
                        for &p in &term.pages {
                            page_terms[p].push((ti, term_i));
                        }
                        term.pages.clone()
                    })
                    .collect()
            })
            .collect();
        Related {
            page_terms,
            term_pages,
            cache: Default::default(),
        }
    }

    /// Up to `limit` other pages sharing the most terms with `page`, ties in the order they
    /// are first met (the page's terms in order, each term's pages in site order).
    pub(crate) fn of(&self, page: PageId, limit: usize) -> Vec<PageId> {
        let terms = &self.page_terms[page];
        if terms.is_empty() || limit == 0 {
            return Vec::new();
        }
        let key = (terms.clone(), limit);
        let cached = lock(&self.cache).get(&key).cloned();
        let best = match cached {
            Some(best) => best,
            None => {
                let best: Arc<[PageId]> = self.best(terms, limit + 1).into();
                lock(&self.cache).insert(key, best.clone());
                best
            }
        };
        best.iter()
            .copied()
            .filter(|&p| p != page)
            .take(limit)
            .collect()
    }

    /// The `limit` pages carrying the most of `terms`, ties in first-met order.
    fn best(&self, terms: &[(usize, usize)], limit: usize) -> Vec<PageId> {
        thread_local! {
            static COUNTS: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        COUNTS.with(|counts| {
            let mut counts = counts.borrow_mut();
            if counts.len() < self.page_terms.len() {
                counts.resize(self.page_terms.len(), 0);
            }
            // Pages in the order they are first met, and how many of the terms each carries.
            let mut met = Vec::new();
            for &(t, term) in terms {
                for &other in &self.term_pages[t][term] {
                    if counts[other] == 0 {
                        met.push(other);
                    }
                    counts[other] += 1;
                }
            }
            // One bucket per count, each keeping its first `limit` pages in first-met order.
            let mut buckets: Vec<Vec<PageId>> = vec![Vec::new(); terms.len() + 1];
            for &p in &met {
                let bucket = &mut buckets[counts[p] as usize];
                if bucket.len() < limit {
                    bucket.push(p);
                }
                counts[p] = 0;
            }
            buckets.into_iter().rev().flatten().take(limit).collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The straightforward definition: count shared terms for every other page, rank by count
    /// then by first-met order.
    fn naive(r: &Related, page: PageId, limit: usize) -> Vec<PageId> {
        let mut counts: HashMap<PageId, (usize, usize)> = HashMap::new();
        let mut rank = 0;
        for &(t, term) in &r.page_terms[page] {
            for &other in &r.term_pages[t][term] {
                if other != page {
                    counts.entry(other).or_insert((0, rank)).0 += 1;
                    rank += 1;
                }
            }
        }
        let mut ranked: Vec<_> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
        ranked.into_iter().take(limit).map(|(p, _)| p).collect()
    }

    #[test]
    fn related_pages_match_the_definition() {
        // 60 pages, 7 terms in two taxonomies, term pages in a scrambled "site order".
        let pages = 60;
        let mut term_pages = vec![vec![Vec::new(); 5], vec![Vec::new(); 2]];
        let mut page_terms = vec![Vec::new(); pages];
        for step in 0..pages {
            let p = (step * 37) % pages;
            for (t, terms) in term_pages.iter_mut().enumerate() {
                for (term, list) in terms.iter_mut().enumerate() {
                    if (p * (term + 3) + t) % (term + 2) == 0 {
                        list.push(p);
                    }
                }
            }
        }
        for (t, terms) in term_pages.iter().enumerate() {
            for (term, list) in terms.iter().enumerate() {
                for &p in list {
                    page_terms[p].push((t, term));
                }
            }
        }
        let related = Related {
            page_terms,
            term_pages,
            cache: Default::default(),
        };
        for limit in [0, 1, 3, 10, 100] {
            for page in 0..pages {
                assert_eq!(
                    related.of(page, limit),
                    naive(&related, page, limit),
                    "page {page}, limit {limit}"
                );
            }
        }
    }
}
