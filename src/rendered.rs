//! The Markdown step over the whole site, and what it hands on: every document's rendered
//! Markdown (HTML, table of contents, anchors, the links it wrote, search text) in a store
//! keyed by document id. The resolved [`Site`] is not changed by it: later stages read the
//! site and the store side by side, and `serve` replaces one document's entry after an edit.

use crate::content::{DocId, Document};
use crate::diagnostics::{suggest, Diagnostic};
use crate::markdown::{self, Rendered};
use crate::site::{Site, SiteLinks};
use rayon::prelude::*;
use std::sync::Arc;

/// Every document's rendered Markdown, by [`DocId`]. Entries are shared, so a copy of the
/// store with one entry replaced (`serve`, after an edit) costs a pointer per document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Store {
    pages: Vec<Arc<Rendered>>,
    sections: Vec<Arc<Rendered>>,
}

impl Store {
    /// The rendered Markdown of `id`.
    pub(crate) fn get(&self, id: DocId) -> &Rendered {
        match id {
            DocId::Page(p) => &self.pages[p],
            DocId::Section(s) => &self.sections[s],
        }
    }

    /// Replace the entry of `id`, returning the one it had (`serve`, after an edit).
    pub(crate) fn replace(&mut self, id: DocId, rendered: Rendered) -> Arc<Rendered> {
        let slot = match id {
            DocId::Page(p) => &mut self.pages[p],
            DocId::Section(s) => &mut self.sections[s],
        };
        std::mem::replace(slot, Arc::new(rendered))
    }

    /// Free the search text of every document: once the index is written a build needs it no
    /// more, and on a large site it is the largest part of the store.
    pub(crate) fn drop_search_text(&mut self) {
        for rendered in self.pages.iter_mut().chain(&mut self.sections) {
            Arc::make_mut(rendered).text_sections = Vec::new();
        }
    }
}

/// The site's templates as the Markdown step uses them: Markdown hooks and shortcodes, and
/// the templating of a whole body before Markdown (Zola 0.23's content templating).
pub(crate) trait Templates: markdown::Hooks {
    /// `body` of `doc` rendered through Tera, when the site templates its content and the body
    /// holds template syntax; `None` leaves it as written. `line_offset` is the body's first
    /// line in the file, for errors.
    fn template_body(
        &self,
        doc: &Document,
        body: &str,
        line_offset: usize,
    ) -> Option<Result<String, Vec<Diagnostic>>>;
}

/// Render every document's Markdown in parallel with `@/` links resolved by `links`, reading
/// back from its file each body that loading dropped.
pub(crate) fn render_all(
    site: &Site,
    links: &SiteLinks,
    hooks: Option<&dyn Templates>,
) -> (Store, Vec<Diagnostic>) {
    let render = |id: DocId| {
        let doc = site.document(id);
        let (rendered, diagnostics) = render_one(doc, links, hooks, site.anchor_links(id));
        (Arc::new(rendered), diagnostics)
    };
    let (pages, page_diagnostics): (Vec<_>, Vec<_>) = (0..site.content.pages.len())
        .into_par_iter()
        .map(|p| render(DocId::Page(p)))
        .unzip();
    let (sections, section_diagnostics): (Vec<_>, Vec<_>) = (0..site.content.sections.len())
        .into_par_iter()
        .map(|s| render(DocId::Section(s)))
        .unzip();
    let diagnostics = page_diagnostics
        .into_iter()
        .chain(section_diagnostics)
        .flatten()
        .collect();
    (Store { pages, sections }, diagnostics)
}

/// Render one document's Markdown, its body read back from its file when not held.
pub(crate) fn render_one(
    doc: &Document,
    links: &SiteLinks,
    hooks: Option<&dyn Templates>,
    anchor_links: crate::config::AnchorLinks,
) -> (Rendered, Vec<Diagnostic>) {
    let read;
    let (body, line_offset) = match doc.body.is_empty() && !doc.source.as_os_str().is_empty() {
        true => match crate::content::load::read_body(doc) {
            Ok(found) => {
                read = found;
                (read.0.as_str(), read.1)
            }
            Err(d) => return (Rendered::default(), vec![d]),
        },
        false => (doc.body.as_str(), doc.body_line_offset),
    };
    let templated = match hooks.and_then(|h| h.template_body(doc, body, line_offset)) {
        Some(Ok(text)) => Some(text),
        Some(Err(errors)) => return (Rendered::default(), errors),
        None => None,
    };
    let reference_ids: Vec<&str> = doc.meta.references.iter().map(|r| r.id.as_str()).collect();
    let beside = crate::content::load::beside(&doc.rel);
    markdown::render(&markdown::Input {
        body: templated.as_deref().unwrap_or(body),
        file: &doc.display,
        line_offset,
        dir: &doc.path,
        beside: beside.as_deref(),
        reference_ids: &reference_ids,
        links,
        hooks: hooks.map(|h| h as &dyn markdown::Hooks),
        heading_ids: links.heading_ids,
        smart_punctuation: links.smart_punctuation,
        external_links: &links.external_links,
        features: crate::config::MarkdownFeatures {
            anchor_links,
            ..links.features
        },
        lang: &doc.lang,
        words: links.words(&doc.lang),
        highlighter: links.highlighter.as_deref(),
    })
}

/// Every `@/…#anchor` and `#anchor` must name an id that exists in its target: an error, or
/// a warning when `[link_checker] internal_level = "warn"` (as Zola's link checker).
pub(crate) fn check_anchors(site: &Site, store: &Store) -> Vec<Diagnostic> {
    let documents: Vec<(DocId, &Document)> = site.content.documents_with_ids().collect();
    let mut broken = documents
        .par_iter()
        .flat_map_iter(|&(id, doc)| {
            store.get(id).internal_links.iter().filter_map(move |link| {
                let anchor = link.anchor.as_deref()?;
                let (target, target_id) = match &link.target {
                    Some(rel) => {
                        let target_id = *site.by_rel.get(rel.as_str())?;
                        (site.document(target_id), target_id)
                    }
                    None => (doc, id),
                };
                let anchors = &store.get(target_id).anchors;
                if anchor.is_empty() || anchors.contains(anchor) {
                    return None;
                }
                let d = Diagnostic::error(
                    "broken-anchor",
                    format!("`#{anchor}` does not exist in {}", target.display.display()),
                )
                .at(link.location.clone());
                Some(match suggest(anchor, anchors.iter().map(String::as_str)) {
                    Some(s) => d.help(format!("did you mean `#{s}`?")),
                    None => d.help("anchors are heading ids: the heading text in lowercase with hyphens, or an explicit {#id}"),
                })
            })
        })
        .collect::<Vec<_>>();
    crate::diagnostics::fill_snippets(&mut broken, &site.root);
    site.config.link_checker.internal_level.apply(broken)
}
