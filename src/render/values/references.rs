//! References as templates see them: each entry of a page's `references` (numbered in the
//! order the page first cites them, with its DOI and PubMed URLs) and `all_references`,
//! every reference of the site listed once under the page that relies on it most.

use crate::content::{DocId, PageId, Reference};
use crate::rendered::Store;
use crate::site::Site;
use serde::Serialize;
use std::collections::HashMap;
use tera::{Map, Value};

/// One reference of a page's (or `all_references`') list.
#[derive(Serialize)]
pub(super) struct ReferenceValue<'a> {
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

/// Reference `r`, shown as number `number` of its list and cited `cited` times.
pub(super) fn reference_value(r: &Reference, number: usize, cited: usize) -> ReferenceValue<'_> {
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

/// Every reference of the site once, under the page that relies on it most: the page citing
/// it most often, ties going to the first of them in site order. References count as the same
/// when their DOI, PubMed id or else id and title match; each group keeps its page's order.
/// The default language's pages only: a translation cites the same sources as its original
/// (relief checks it), so its groups would only repeat them.
///
/// One list per language of the site (`all_references(lang=…)`), the default language's
/// first: the same groups, each under its page's version in that language where there is one
/// (else the default language's page, whose `lang` says so).
pub(crate) fn all_references(
    site: &Site,
    store: &Store,
    page_values: &[Value],
) -> Vec<(String, Value)> {
    let pages: Vec<PageId> = site
        .content
        .site_order()
        .into_iter()
        .filter(|&p| site.content.pages[p].doc.lang == site.config.language)
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
    // Each group: its page and its references.
    let mut groups: Vec<(PageId, Value)> = Vec::new();
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
            groups.push((p, Value::from_serializable(&refs)));
        }
    }
    site.config
        .language_codes()
        .map(|lang| {
            let list: Vec<Value> = groups
                .iter()
                .map(|(p, refs)| {
                    let doc = &site.content.pages[*p].doc;
                    let shown =
                        match site
                            .content
                            .translations
                            .version(&site.content, &doc.rel, lang)
                        {
                            Some(DocId::Page(version)) => version,
                            _ => *p,
                        };
                    let mut map = Map::new();
                    map.insert("page".into(), page_values[shown].clone());
                    map.insert("references".into(), refs.clone());
                    Value::from(map)
                })
                .collect();
            (lang.to_string(), Value::from(list))
        })
        .collect()
}

/// What makes two references the same work: the DOI, else the PubMed id, else id and title.
fn same_reference(r: &Reference) -> String {
    match (&r.doi, &r.pmid) {
        (Some(doi), _) => format!("doi:{}", doi.to_lowercase()),
        (None, Some(pmid)) => format!("pmid:{pmid}"),
        _ => format!("id:{}:{}", r.id, r.title),
    }
}
