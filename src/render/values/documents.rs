//! Page and section values: the fields every document has (title, URLs, dates, table of
//! contents, evidence level, references, HTML), plus a page's tags and neighbours or a
//! section's pages and subsections. Building all page values at once shares the parts many
//! pages have in common; building one (`serve`, after an edit) makes them afresh.

use super::from_toml::toml_table_value;
use super::links::{ancestors, link, tag_link};
use super::references::{reference_value, ReferenceValue};
use crate::content::{DocId, Document, PageId};
use crate::markdown::{reading_time, Rendered, TocEntry};
use crate::rendered::Store;
use crate::site::Site;
use rayon::prelude::*;
use serde::Serialize;
use tera::{Map, Value};

/// A document's evidence level: its key in config `[evidence.levels]`, its label, and its
/// 1-based place in that scale as the config lists it (for charts that draw the scale).
#[derive(Serialize)]
struct Evidence<'a> {
    key: &'a str,
    label: &'a str,
    position: usize,
}

/// The fields pages and sections share.
#[derive(Serialize)]
struct Common<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
    permalink: String,
    /// Zola's `path`: the site path with a leading slash, without the base URL's.
    path: String,
    relative_path: &'a str,
    date: Option<String>,
    /// Zola's `year`, `month` and `day` of `date`, when there is one.
    year: Option<i16>,
    month: Option<i8>,
    day: Option<i8>,
    updated: Option<String>,
    reviewed: Option<String>,
    review_due: Option<String>,
    review_overdue: bool,
    weight: i64,
    draft: bool,
    authors: &'a [String],
    /// Zola's `lang`: the document's language.
    lang: &'a str,
    /// Zola's `translations`: every version of the document, itself included (none in a
    /// site of one language).
    translations: Vec<Translated<'a>>,
    /// relief's: where a language switcher leads for each other language of the site (none
    /// in a site of one language).
    languages: Vec<LanguageLink<'a>>,
    toc: &'a [TocEntry],
    word_count: usize,
    reading_time: usize,
    evidence: Option<Evidence<'a>>,
    references: Vec<ReferenceValue<'a>>,
}

/// One version of a document, as Zola's `translations` list it (with relief's `url` too).
#[derive(Serialize)]
struct Translated<'a> {
    lang: &'a str,
    title: &'a str,
    permalink: String,
    url: String,
    /// The file under content/, for `get_page` and `get_section`.
    path: &'a str,
}

/// Where a language switcher leads for one language: the document's version, or the
/// nearest section that has one (`translated` false).
#[derive(Serialize)]
struct LanguageLink<'a> {
    lang: String,
    /// The target's title; a home page without one shows the language's site title.
    title: &'a str,
    url: String,
    permalink: String,
    translated: bool,
}

/// The language switcher's links of `doc`.
fn language_links<'a>(site: &'a Site, doc: &Document) -> Vec<LanguageLink<'a>> {
    let (false, Some(&id)) = (
        site.content.translations.of(doc).is_empty(),
        site.by_rel.get(&doc.rel),
    ) else {
        return Vec::new();
    };
    let codes: Vec<&str> = site.config.language_codes().collect();
    site.content
        .translations
        .switch(&site.content, id, &codes)
        .into_iter()
        .map(|switch| {
            let target = site.document(switch.target);
            let config = &site.config;
            let site_title = match config.other_language(&switch.lang) {
                Some(language) => language.title.as_deref().unwrap_or(&config.title),
                None => &config.title,
            };
            LanguageLink {
                title: match target.meta.title.is_empty() {
                    true => site_title,
                    false => &target.meta.title,
                },
                lang: switch.lang,
                url: site.url(&target.path),
                permalink: site.permalink(&target.path),
                translated: switch.translated,
            }
        })
        .collect()
}

/// The common fields of `doc`, whose Markdown rendered to `rendered`.
fn common<'a>(site: &'a Site, doc: &'a Document, rendered: &'a Rendered) -> Common<'a> {
    let due = site.review_due(&doc.meta);
    Common {
        title: &doc.meta.title,
        description: &doc.meta.description,
        url: site.url(&doc.path),
        permalink: site.permalink(&doc.path),
        path: format!("/{}", doc.path),
        relative_path: &doc.rel,
        date: shown(doc.meta.date, &doc.meta.date_written),
        year: doc.meta.date.map(|d| d.year()),
        month: doc.meta.date.map(|d| d.month()),
        day: doc.meta.date.map(|d| d.day()),
        updated: shown(doc.meta.updated, &doc.meta.updated_written),
        reviewed: doc.meta.reviewed.map(|d| d.to_string()),
        review_due: due.map(|d| d.to_string()),
        review_overdue: due.is_some_and(|d| d < site.today),
        weight: doc.meta.weight,
        draft: doc.meta.draft,
        authors: &doc.meta.authors,
        lang: &doc.lang,
        translations: site
            .content
            .translations
            .of(doc)
            .iter()
            .map(|&id| {
                let version = site.document(id);
                Translated {
                    lang: &version.lang,
                    title: &version.meta.title,
                    permalink: site.permalink(&version.path),
                    url: site.url(&version.path),
                    path: &version.rel,
                }
            })
            .collect(),
        languages: language_links(site, doc),
        toc: &rendered.toc,
        word_count: rendered.word_count,
        reading_time: reading_time(rendered.word_count),
        evidence: doc.meta.evidence.as_deref().and_then(|key| {
            site.config
                .evidence
                .levels
                .find(key)
                .map(|(position, level)| Evidence {
                    key: &level.key,
                    label: site.config.evidence_label(level, &doc.lang),
                    position,
                })
        }),
        references: rendered
            .reference_order
            .iter()
            .enumerate()
            .map(|(n, &(index, cited))| reference_value(&doc.meta.references[index], n + 1, cited))
            .collect(),
    }
}

/// A date for templates: as written, with its time when it has one (Zola's `page.date`).
fn shown(
    day: Option<jiff::civil::Date>,
    written: &Option<crate::content::Written>,
) -> Option<String> {
    match written {
        Some(w) => Some(w.text.clone()),
        None => day.map(|d| d.to_string()),
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
    // The summary is the text before `<!-- more -->`, else (in a relief site; Zola has none)
    // the description.
    let fallback = !doc.meta.description.is_empty() && !site.config.zola_defaults;
    let summary = match (&rendered.summary, fallback) {
        (Some(html), _) => Value::safe_string(html),
        (None, true) => Value::safe_string(&format!(
            "<p>{}</p>",
            crate::html::escape(&doc.meta.description)
        )),
        (None, false) => Value::none(),
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

/// The template value of page `id`; its `content`, the page's HTML, is shared with the
/// store. For one page (`serve` after an edit); [`page_values`] shares the parts that many
/// pages have in common instead.
pub(crate) fn page_value(site: &Site, store: &Store, id: PageId) -> Value {
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
                .map(|s| ancestors_value(site, Some(s), true))
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
            Parts::Fresh => ancestors_value(site, Some(section), true),
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

/// The value of page `id`, its shared parts taken from `parts`.
fn page_value_from(site: &Site, store: &Store, id: PageId, parts: &Parts) -> Value {
    let page = &site.content.pages[id];
    let doc = &page.doc;
    let neighbour = |p: Option<PageId>| p.map_or(Value::none(), |p| parts.link(site, p));
    let mut tags = Vec::new();
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        if taxonomy.name != "tags" || taxonomy.lang != doc.lang {
            continue;
        }
        for term_name in doc
            .meta
            .taxonomies
            .get(&taxonomy.name)
            .into_iter()
            .flatten()
        {
            let slug = site.term_slug(term_name);
            if let Some(term) = taxonomy.terms.iter().position(|t| t.slug == slug) {
                tags.push(parts.tag(site, t, term));
            }
        }
    }
    let slug = crate::content::load::page_slug(doc, &site.config.slugify);
    document_value(
        site,
        doc,
        store.get(DocId::Page(id)),
        // Zola leaves transparent sections out of their pages' ancestors.
        parts.ancestors(site, site.ancestors_section(id)),
        vec![
            ("slug", Value::from(slug)),
            ("taxonomies", Value::from_serializable(&doc.meta.taxonomies)),
            ("tags", Value::from(tags)),
            ("previous", neighbour(page.previous)),
            ("next", neighbour(page.next)),
            // Zola's names for the same neighbours.
            ("lower", neighbour(page.previous)),
            ("higher", neighbour(page.next)),
            (
                "assets",
                Value::from(crate::content::assets_of(&site.content.assets, doc)),
            ),
        ],
    )
}

/// The `ancestors` of a document: the sections from the home page down to `section` (or to
/// its parent, unless `include_self`). Zola's are their paths below content/, which
/// `get_section` takes; relief's are links ([`Link`](super::links::Link)).
fn ancestors_value(site: &Site, section: Option<usize>, include_self: bool) -> Value {
    let chain = ancestors(site, section, include_self);
    match site.config.zola_defaults {
        true => Value::from_serializable(
            &chain
                .into_iter()
                .map(|l| l.relative_path)
                .collect::<Vec<_>>(),
        ),
        false => Value::from_serializable(&chain),
    }
}

/// A subsection as its parent section's `subsections` lists it.
#[derive(Serialize)]
struct SubsectionLink<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
    permalink: String,
    relative_path: &'a str,
    page_count: usize,
}

/// The template value of section `id`, its `pages` shared from `page_values`.
pub(crate) fn section_value(site: &Site, store: &Store, id: usize, page_values: &[Value]) -> Value {
    let section = &site.content.sections[id];
    let pages: Vec<Value> = section
        .pages
        .iter()
        .map(|&p| page_values[p].clone())
        .collect();
    let subsections = section
        .subsections
        .iter()
        .map(|&s| &site.content.sections[s]);
    // Zola's are the subsections' paths, for `get_section`; relief's are links.
    let subsections = match site.config.zola_defaults {
        true => Value::from_serializable(&subsections.map(|s| &s.doc.rel).collect::<Vec<_>>()),
        false => Value::from_serializable(
            &subsections
                .map(|s| SubsectionLink {
                    title: &s.doc.meta.title,
                    description: &s.doc.meta.description,
                    url: site.url(&s.doc.path),
                    permalink: site.permalink(&s.doc.path),
                    relative_path: &s.doc.rel,
                    page_count: s.pages.len(),
                })
                .collect::<Vec<_>>(),
        ),
    };
    document_value(
        site,
        &section.doc,
        store.get(DocId::Section(id)),
        ancestors_value(site, Some(id), false),
        vec![
            ("pages", Value::from(pages)),
            ("subsections", subsections),
            (
                "assets",
                Value::from(crate::content::assets_of(
                    &site.content.assets,
                    &section.doc,
                )),
            ),
        ],
    )
}

/// Values for every page, built in parallel. A page's HTML is shared between the store and
/// its value, not copied.
pub(crate) fn page_values(site: &Site, store: &Store) -> Vec<Value> {
    let parts = Parts::Shared(SharedParts::new(site));
    (0..site.content.pages.len())
        .into_par_iter()
        .map(|i| page_value_from(site, store, i, &parts))
        .collect()
}
