//! The values that list pages: a paginated list's `paginator` and each taxonomy with its
//! terms. They hold the page values themselves (shared, not copied), so a listing costs a
//! pointer per page however large the pages are.

use crate::content::Pagination;
use crate::site::Site;
use serde::Serialize;
use tera::{Map, Value};

/// The `paginator` of pager `n` (1-based) of a paginated list (a section with `paginate_by`,
/// or a term of a taxonomy with it), in Zola's shape. URLs are root-relative like every
/// `url` field (Zola's are absolute); `pages` shares the page values.
pub(crate) fn paginator_value(
    site: &Site,
    pagination: Pagination<'_>,
    n: usize,
    page_values: &[Value],
) -> Value {
    let count = pagination.count();
    let url = |n: usize| Value::from(site.url(&pagination.path(n)));
    let pages: Vec<Value> = pagination
        .pages(n)
        .into_iter()
        .map(|p| page_values[p].clone())
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

/// A taxonomy's own fields, before its `terms`.
#[derive(Serialize)]
struct TaxonomyHeader<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    permalink: String,
}

/// `(taxonomy value with its terms, term values)` for each taxonomy.
pub(crate) fn taxonomy_values(site: &Site, page_values: &[Value]) -> Vec<(Value, Vec<Value>)> {
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
                    // Zola's path: from the site's root, with its leading slash.
                    map.insert("path".into(), Value::from(format!("/{path}")));
                    map.insert("permalink".into(), Value::from(site.permalink(path)));
                    map.insert("page_count".into(), Value::from(term.pages.len()));
                    // Root-relative, like `url`; none when the taxonomy has no feeds.
                    map.insert(
                        "feed_url".into(),
                        site.config
                            .feed_filenames
                            .first()
                            .and_then(|name| t.feed_path(i, name))
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
            let path = &t.path;
            let mut map = Value::from_serializable(&TaxonomyHeader {
                name: &t.name,
                slug: &t.slug,
                url: site.url(path),
                permalink: site.permalink(path),
            })
            .into_map()
            .unwrap_or_default();
            map.insert("terms".into(), Value::from(terms.clone()));
            // Zola's shape beside relief's: `kind` describes the taxonomy, `items` its terms.
            let mut kind = Map::new();
            kind.insert("name".into(), Value::from(t.name.as_str()));
            kind.insert("slug".into(), Value::from(t.slug.as_str()));
            kind.insert("feed".into(), Value::from(t.feed));
            kind.insert(
                "paginate_by".into(),
                t.paginate_by.map_or_else(Value::none, Value::from),
            );
            map.insert("kind".into(), Value::from(kind));
            map.insert("items".into(), Value::from(terms.clone()));
            map.insert("lang".into(), Value::from(t.lang.as_str()));
            (Value::from(map), terms)
        })
        .collect()
}
