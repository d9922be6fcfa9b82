//! What templates see. Each page and section is turned into a Tera `Value` once; listings
//! and contexts share those values (cheap `Arc` clones) instead of re-serialising every page
//! into every context, which is what makes other generators quadratic.

use crate::content::{DocId, Document, PageId, Pagination, Reference};
use crate::markdown::{reading_time, Rendered, TocEntry};
use crate::rendered::Store;
use crate::site::Site;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use tera::{Map, Value};

#[derive(Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
    pub permalink: String,
}

#[derive(Serialize)]
struct TagLink<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    permalink: String,
}

#[derive(Serialize)]
struct Evidence<'a> {
    key: &'a str,
    label: &'a str,
}

#[derive(Serialize)]
struct ReferenceValue<'a> {
    number: usize,
    id: &'a str,
    authors: &'a str,
    title: &'a str,
    container: &'a str,
    year: Option<&'a str>,
    url: Option<&'a str>,
    doi: Option<&'a str>,
    pmid: Option<&'a str>,
    doi_url: Option<String>,
    pubmed_url: Option<String>,
    /// How often the page cites it.
    cited: usize,
}

/// The fields pages and sections share.
#[derive(Serialize)]
struct Common<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
    permalink: String,
    relative_path: &'a str,
    date: Option<String>,
    updated: Option<String>,
    reviewed: Option<String>,
    review_due: Option<String>,
    review_overdue: bool,
    weight: i64,
    draft: bool,
    toc: &'a [TocEntry],
    word_count: usize,
    reading_time: usize,
    evidence: Option<Evidence<'a>>,
    references: Vec<ReferenceValue<'a>>,
}

fn common<'a>(site: &'a Site, doc: &'a Document, rendered: &'a Rendered) -> Common<'a> {
    let due = site.review_due(&doc.meta);
    Common {
        title: &doc.meta.title,
        description: &doc.meta.description,
        url: site.url(&doc.path),
        permalink: site.permalink(&doc.path),
        relative_path: &doc.rel,
        date: doc.meta.date.map(|d| d.to_string()),
        updated: doc.meta.updated.map(|d| d.to_string()),
        reviewed: doc.meta.reviewed.map(|d| d.to_string()),
        review_due: due.map(|d| d.to_string()),
        review_overdue: due.is_some_and(|d| d < site.today),
        weight: doc.meta.weight,
        draft: doc.meta.draft,
        toc: &rendered.toc,
        word_count: rendered.word_count,
        reading_time: reading_time(rendered.word_count),
        evidence: doc.meta.evidence.as_deref().and_then(|key| {
            site.config
                .evidence
                .levels
                .get_key_value(key)
                .map(|(key, label)| Evidence { key, label })
        }),
        references: rendered
            .reference_order
            .iter()
            .enumerate()
            .map(|(n, &(index, cited))| reference_value(&doc.meta.references[index], n + 1, cited))
            .collect(),
    }
}

fn reference_value(r: &Reference, number: usize, cited: usize) -> ReferenceValue<'_> {
    ReferenceValue {
        number,
        id: &r.id,
        authors: &r.authors,
        title: &r.title,
        container: &r.container,
        year: r.year.as_deref(),
        url: r.url.as_deref(),
        doi: r.doi.as_deref(),
        pmid: r.pmid.as_deref(),
        doi_url: r.doi_url(),
        pubmed_url: r.pubmed_url(),
        cited,
    }
}

/// A document's common fields plus the given extras, with its HTML (`content`) marked safe.
fn document_value(
    site: &Site,
    doc: &Document,
    rendered: &Rendered,
    ancestors: Value,
    extra_fields: Vec<(&'static str, Value)>,
) -> Value {
    let mut map: Map = Value::from_serializable(&common(site, doc, rendered))
        .into_map()
        .unwrap_or_default();
    map.insert("ancestors".into(), ancestors);
    // The summary is the text before `<!-- more -->`, else the description.
    let summary = match (&rendered.summary, doc.meta.description.is_empty()) {
        (Some(html), _) => Value::safe_string(html),
        (None, false) => Value::safe_string(&format!(
            "<p>{}</p>",
            crate::html::escape(&doc.meta.description)
        )),
        (None, true) => Value::none(),
    };
    map.insert("summary".into(), summary);
    map.insert(
        "summary_marker".into(),
        Value::from(rendered.summary.is_some()),
    );
    map.insert(
        "content".into(),
        Value::safe_shared(rendered.content.clone()),
    );
    map.insert("extra".into(), toml_table_value(&doc.meta.extra));
    for (key, value) in extra_fields {
        map.insert(key.into(), value);
    }
    Value::from(map)
}

pub fn link(site: &Site, doc: &Document) -> Link {
    Link {
        title: doc.meta.title.clone(),
        url: site.url(&doc.path),
        permalink: site.permalink(&doc.path),
    }
}

/// Sections from the home page down to the parent of `section` (inclusive of `section`
/// itself when `include_self`).
pub(super) fn ancestors(site: &Site, mut section: Option<usize>, include_self: bool) -> Vec<Link> {
    let mut chain = Vec::new();
    if !include_self {
        section = section.and_then(|s| site.content.sections[s].parent);
    }
    while let Some(s) = section {
        chain.push(link(site, &site.content.sections[s].doc));
        section = site.content.sections[s].parent;
    }
    chain.reverse();
    chain
}

/// The template value of page `id`, holding `content`: the page's HTML, which the caller
/// takes out of its `Rendered` (see [`page_values`]). For one page (`serve` after an edit);
/// [`page_values`] shares the parts that many pages have in common instead.
pub fn page_value(site: &Site, store: &Store, id: PageId) -> Value {
    page_value_from(site, store, id, &Parts::Fresh)
}

/// Where a page value's parts come from: made for the page, or shared with other pages.
enum Parts {
    Fresh,
    Shared(SharedParts),
}

/// Parts of page values that many pages have in common, each made once and shared (a cheap
/// `Arc` clone): a section's ancestor chain, which all its pages show; each page's link, which
/// its neighbours show as previous and next; each tag's link, which all its pages show. On a
/// large site these parts were over half of the template values' memory.
struct SharedParts {
    ancestors: Vec<Value>,
    links: Vec<Value>,
    /// By taxonomy and term; empty for taxonomies other than `tags`.
    tags: Vec<Vec<Value>>,
}

impl SharedParts {
    fn new(site: &Site) -> SharedParts {
        SharedParts {
            ancestors: (0..site.content.sections.len())
                .map(|s| Value::from_serializable(&ancestors(site, Some(s), true)))
                .collect(),
            links: site
                .content
                .pages
                .par_iter()
                .map(|p| Value::from_serializable(&link(site, &p.doc)))
                .collect(),
            tags: site
                .taxonomies
                .iter()
                .enumerate()
                .map(|(t, taxonomy)| match taxonomy.name == "tags" {
                    true => (0..taxonomy.terms.len())
                        .map(|term| Value::from_serializable(&tag_link(site, t, term)))
                        .collect(),
                    false => Vec::new(),
                })
                .collect(),
        }
    }
}

impl Parts {
    fn ancestors(&self, site: &Site, section: usize) -> Value {
        match self {
            Parts::Fresh => Value::from_serializable(&ancestors(site, Some(section), true)),
            Parts::Shared(parts) => parts.ancestors[section].clone(),
        }
    }

    fn link(&self, site: &Site, page: PageId) -> Value {
        match self {
            Parts::Fresh => Value::from_serializable(&link(site, &site.content.pages[page].doc)),
            Parts::Shared(parts) => parts.links[page].clone(),
        }
    }

    fn tag(&self, site: &Site, taxonomy: usize, term: usize) -> Value {
        match self {
            Parts::Fresh => Value::from_serializable(&tag_link(site, taxonomy, term)),
            Parts::Shared(parts) => parts.tags[taxonomy][term].clone(),
        }
    }
}

fn tag_link(site: &Site, taxonomy: usize, term: usize) -> TagLink<'_> {
    let taxonomy = &site.taxonomies[taxonomy];
    let term = &taxonomy.terms[term];
    let path = format!("{}/{}/", taxonomy.slug, term.slug);
    TagLink {
        name: &term.name,
        slug: &term.slug,
        url: site.url(&path),
        permalink: site.permalink(&path),
    }
}

fn page_value_from(site: &Site, store: &Store, id: PageId, parts: &Parts) -> Value {
    let page = &site.content.pages[id];
    let doc = &page.doc;
    let neighbour = |p: Option<PageId>| p.map_or(Value::none(), |p| parts.link(site, p));
    let mut tags = Vec::new();
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        if taxonomy.name != "tags" {
            continue;
        }
        for term_name in doc
            .meta
            .taxonomies
            .get(&taxonomy.name)
            .into_iter()
            .flatten()
        {
            let slug = crate::slug::slugify(term_name);
            if let Some(term) = taxonomy.terms.iter().position(|t| t.slug == slug) {
                tags.push(parts.tag(site, t, term));
            }
        }
    }
    let slug = doc
        .path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    document_value(
        site,
        doc,
        store.get(DocId::Page(id)),
        parts.ancestors(site, page.section),
        vec![
            ("slug", Value::from(slug)),
            ("taxonomies", Value::from_serializable(&doc.meta.taxonomies)),
            ("tags", Value::from(tags)),
            ("previous", neighbour(page.previous)),
            ("next", neighbour(page.next)),
        ],
    )
}

#[derive(Serialize)]
struct SubsectionLink<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
    permalink: String,
    relative_path: &'a str,
    page_count: usize,
}

pub fn section_value(site: &Site, store: &Store, id: usize, page_values: &[Value]) -> Value {
    let section = &site.content.sections[id];
    let pages: Vec<Value> = section
        .pages
        .iter()
        .map(|&p| page_values[p].clone())
        .collect();
    let subsections: Vec<SubsectionLink<'_>> = section
        .subsections
        .iter()
        .map(|&s| {
            let s = &site.content.sections[s];
            SubsectionLink {
                title: &s.doc.meta.title,
                description: &s.doc.meta.description,
                url: site.url(&s.doc.path),
                permalink: site.permalink(&s.doc.path),
                relative_path: &s.doc.rel,
                page_count: s.pages.len(),
            }
        })
        .collect();
    document_value(
        site,
        &section.doc,
        store.get(DocId::Section(id)),
        Value::from_serializable(&ancestors(site, Some(id), false)),
        vec![
            ("pages", Value::from(pages)),
            ("subsections", Value::from_serializable(&subsections)),
        ],
    )
}

/// The `paginator` of pager `n` (1-based) of a paginated list (a section with `paginate_by`,
/// or a term of a taxonomy with it), in Zola's shape. URLs are root-relative like every
/// `url` field (Zola's are absolute); `pages` shares the page values.
pub fn paginator_value(
    site: &Site,
    pagination: Pagination<'_>,
    n: usize,
    page_values: &[Value],
) -> Value {
    let count = pagination.count();
    let url = |n: usize| Value::from(site.url(&pagination.path(n)));
    let pages: Vec<Value> = pagination
        .pages(n)
        .iter()
        .map(|&p| page_values[p].clone())
        .collect();
    let mut map = Map::new();
    map.insert(
        "paginate_by".into(),
        Value::from(pagination.by.unwrap_or_default()),
    );
    map.insert(
        "base_url".into(),
        Value::from(site.url(&pagination.base_path())),
    );
    map.insert("number_pagers".into(), Value::from(count));
    map.insert("first".into(), url(1));
    map.insert("last".into(), url(count.max(1)));
    map.insert(
        "previous".into(),
        if n > 1 { url(n - 1) } else { Value::none() },
    );
    map.insert(
        "next".into(),
        if n < count { url(n + 1) } else { Value::none() },
    );
    map.insert("pages".into(), Value::from(pages));
    map.insert("current_index".into(), Value::from(n));
    // Not in Zola's shape: this pager's own URLs, for `canonical` and the like.
    map.insert("url".into(), url(n));
    map.insert(
        "permalink".into(),
        Value::from(site.permalink(&pagination.path(n))),
    );
    map.insert("total_pages".into(), Value::from(pagination.pages.len()));
    Value::from(map)
}

#[derive(Serialize)]
struct TaxonomyHeader<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    permalink: String,
}

/// `(taxonomy value with its terms, term values)` for each taxonomy.
pub fn taxonomy_values(site: &Site, page_values: &[Value]) -> Vec<(Value, Vec<Value>)> {
    site.taxonomies
        .iter()
        .map(|t| {
            let terms: Vec<Value> = t
                .terms
                .iter()
                .enumerate()
                .map(|(i, term)| {
                    let path = &term.path;
                    let mut map = Map::new();
                    map.insert("name".into(), Value::from(term.name.as_str()));
                    map.insert("slug".into(), Value::from(term.slug.as_str()));
                    map.insert("url".into(), Value::from(site.url(path)));
                    map.insert("permalink".into(), Value::from(site.permalink(path)));
                    // Root-relative, like `url`; none when the taxonomy has no feeds.
                    map.insert(
                        "feed_url".into(),
                        t.feed_path(i)
                            .map_or_else(Value::none, |feed| Value::from(site.url(&feed))),
                    );
                    map.insert(
                        "pages".into(),
                        Value::from(
                            term.pages
                                .iter()
                                .map(|&p| page_values[p].clone())
                                .collect::<Vec<_>>(),
                        ),
                    );
                    Value::from(map)
                })
                .collect();
            let path = format!("{}/", t.slug);
            let mut map = Value::from_serializable(&TaxonomyHeader {
                name: &t.name,
                slug: &t.slug,
                url: site.url(&path),
                permalink: site.permalink(&path),
            })
            .into_map()
            .unwrap_or_default();
            map.insert("terms".into(), Value::from(terms.clone()));
            (Value::from(map), terms)
        })
        .collect()
}

/// Every reference of the site once, under the page that relies on it most: the page citing
/// it most often, ties going to the first of them in site order. References count as the same
/// when their DOI, PubMed id or else id and title match; each group keeps its page's order.
pub fn all_references(site: &Site, store: &Store, page_values: &[Value]) -> Value {
    let pages: Vec<PageId> = site
        .content
        .sections
        .iter()
        .flat_map(|s| s.pages.iter().copied())
        .collect();
    // For each reference, the position (in `pages`) of the page citing it most, and how often.
    let mut home: HashMap<String, (usize, usize)> = HashMap::new();
    for (position, &p) in pages.iter().enumerate() {
        let doc = &site.content.pages[p].doc;
        for &(index, cited) in &store.get(DocId::Page(p)).reference_order {
            let best = home
                .entry(same_reference(&doc.meta.references[index]))
                .or_insert((position, cited));
            if cited > best.1 {
                *best = (position, cited);
            }
        }
    }
    let mut groups = Vec::new();
    for (position, &p) in pages.iter().enumerate() {
        let doc = &site.content.pages[p].doc;
        let mut refs = Vec::new();
        for &(index, _) in &store.get(DocId::Page(p)).reference_order {
            let r = &doc.meta.references[index];
            // Listed once: a page naming the same work under two ids shows it under the first.
            if let Some((at, _)) = home.get_mut(&same_reference(r)) {
                if *at == position {
                    *at = usize::MAX;
                    refs.push(reference_value(r, refs.len() + 1, 0));
                }
            }
        }
        if !refs.is_empty() {
            let mut map = Map::new();
            map.insert("page".into(), page_values[p].clone());
            map.insert("references".into(), Value::from_serializable(&refs));
            groups.push(Value::from(map));
        }
    }
    Value::from(groups)
}

/// What makes two references the same work: the DOI, else the PubMed id, else id and title.
fn same_reference(r: &Reference) -> String {
    match (&r.doi, &r.pmid) {
        (Some(doi), _) => format!("doi:{}", doi.to_lowercase()),
        (None, Some(pmid)) => format!("pmid:{pmid}"),
        _ => format!("id:{}:{}", r.id, r.title),
    }
}

/// Values for every page, built in parallel. A page's HTML is shared between the store and
/// its value, not copied.
pub fn page_values(site: &Site, store: &Store) -> Vec<Value> {
    let parts = Parts::Shared(SharedParts::new(site));
    (0..site.content.pages.len())
        .into_par_iter()
        .map(|i| page_value_from(site, store, i, &parts))
        .collect()
}

/// Front matter `[extra]` and config `[extra]` as template values (TOML dates become
/// `YYYY-MM-DD…` strings).
/// `config` as templates see it.
pub fn config_value(site: &Site) -> Value {
    let config = &site.config;
    let mut map = tera::Map::new();
    for (key, value) in [
        ("title", Value::from(config.title.as_str())),
        ("description", Value::from(config.description.as_str())),
        ("base_url", Value::from(site.permalink(""))),
        ("language", Value::from(config.language.as_str())),
        ("author", Value::from(config.author.as_str())),
        ("taxonomies", Value::from(config.taxonomy_names())),
        ("extra", toml_table_value(&config.extra)),
    ] {
        map.insert(key.into(), value);
    }
    Value::from(map)
}

pub fn toml_table_value(table: &toml::Table) -> Value {
    let map: BTreeMap<&str, Value> = table
        .iter()
        .map(|(k, v)| (k.as_str(), toml_value(v)))
        .collect();
    let mut out = Map::new();
    for (k, v) in map {
        out.insert(k.to_string().into(), v);
    }
    Value::from(out)
}

pub fn toml_value(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::from(s.as_str()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::from(*b),
        toml::Value::Datetime(d) => Value::from(d.to_string()),
        toml::Value::Array(a) => Value::from(a.iter().map(toml_value).collect::<Vec<_>>()),
        toml::Value::Table(t) => toml_table_value(t),
    }
}

/// Index of pages by the taxonomy terms they carry, for `related_pages`.
///
/// The answer depends only on a page's set of terms (and on the page itself, which is left
/// out), so it is computed once per distinct term set and limit and shared by every page that
/// carries the same set: on a large site with few, big terms this turns a per-page scan of
/// thousands of candidates into a cache hit.
pub struct Related {
    /// For each page, the (taxonomy, term) pairs it carries, sorted.
    page_terms: Vec<Vec<(usize, usize)>>,
    /// For each taxonomy and term, its pages.
    term_pages: Vec<Vec<Vec<PageId>>>,
    /// Best `limit + 1` pages for a term set and limit (the page asking may be among them).
    cache: std::sync::Mutex<HashMap<RelatedKey, std::sync::Arc<[PageId]>>>,
}

/// A page's sorted (taxonomy, term) pairs and the requested limit.
type RelatedKey = (Vec<(usize, usize)>, usize);

impl Related {
    pub fn new(site: &Site) -> Self {
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
    pub fn of(&self, page: PageId, limit: usize) -> Vec<PageId> {
        let terms = &self.page_terms[page];
        if terms.is_empty() || limit == 0 {
            return Vec::new();
        }
        let key = (terms.clone(), limit);
        let cached = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned();
        let best = match cached {
            Some(best) => best,
            None => {
                let best: std::sync::Arc<[PageId]> = self.best(terms, limit + 1).into();
                self.cache
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(key, best.clone());
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
