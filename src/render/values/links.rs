//! The small values that point at a document or a term: a title (or name) with its URLs.
//! Document values embed them (the ancestor chain, previous and next, tags) and JSON-LD
//! breadcrumbs read them, so they stand apart from the full document values.

use crate::content::Document;
use crate::site::Site;
use serde::Serialize;

/// A link to a page or section, as templates see `ancestors`, `previous` and `next`.
#[derive(Serialize)]
pub(in crate::render) struct Link {
    pub(in crate::render) title: String,
    pub(in crate::render) url: String,
    pub(in crate::render) permalink: String,
    /// Its path below content/, which Zola's templates pass to `get_section` and `get_page`.
    pub(in crate::render) relative_path: String,
}

/// A link to a `tags` term, as a page's `tags` lists it.
#[derive(Serialize)]
pub(super) struct TagLink<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    permalink: String,
}

/// The link to `doc`.
pub(super) fn link(site: &Site, doc: &Document) -> Link {
    Link {
        title: doc.meta.title.clone(),
        url: site.url(&doc.path),
        permalink: site.permalink(&doc.path),
        relative_path: doc.rel.clone(),
    }
}

/// Sections from the home page down to the parent of `section` (inclusive of `section`
/// itself when `include_self`).
pub(in crate::render) fn ancestors(
    site: &Site,
    mut section: Option<usize>,
    include_self: bool,
) -> Vec<Link> {
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

/// The link to term `term` of taxonomy `taxonomy`.
pub(super) fn tag_link(site: &Site, taxonomy: usize, term: usize) -> TagLink<'_> {
    let taxonomy = &site.taxonomies[taxonomy];
    let term = &taxonomy.terms[term];
    let path = &term.path;
    TagLink {
        name: &term.name,
        slug: &term.slug,
        url: site.url(path),
        permalink: site.permalink(path),
    }
}
