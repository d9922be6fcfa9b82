//! Which change re-enters which stage of the pipeline. The last good build stays in memory
//! (`Loaded`: the resolved site with its Markdown rendered, the templates, the template
//! values), and a change is applied to it:
//!
//! | change | re-entered at | re-rendered |
//! |---|---|---|
//! | a page's or section's body (front matter unchanged) | markdown, for that file only; then all link and anchor checks | the file itself, its section and their ancestors up to the home page (every pager), its taxonomy lists and terms (every pager, and the terms' feeds), the pages listing it among their related pages, the pages whose template shows every reference (when it cites any), atom.xml; the search index once edits pause |
//! | a template, or a file of data/ (a template in templates/markdown/ or templates/shortcodes/, or a data file when the site has one: a full load) | templates reloaded, data files read again; site and values kept | every HTML file (relief does not track which template a page inherits from or includes, or which reads a data file) |
//! | a file of static/ or a content asset that already existed | nothing | that file alone, copied |
//! | front matter, config.toml, a file of the theme's folder (themes/name/), a file added, deleted or renamed | a full load | everything |
//!
//! A body-only edit cannot move a page, rename it or change its listings' order or titles,
//! so navigation shown on every page stays valid. The one approximation: a custom template
//! that shows another, unrelated page's Markdown-derived fields (its summary, reading time
//! or table of contents through `get_page`/`get_section`) shows the old values until the
//! next full rebuild; relief's own templates do not.
//!
//! A failed rebuild changes nothing: the previous state and the served files stay as they
//! were.

use super::memory::{Files, Memory};
use crate::content::load::read_document;
use crate::content::DocId;
use crate::content::PageId;
use crate::diagnostics::{self, Diagnostic};
use crate::markdown::Rendered;
use crate::output::{self, feed, Job, Sink};
use crate::pipeline::{self, BuildOptions, Loaded};
use crate::render::{self, values, Templates};
use crate::rendered::{self, Store};
use crate::site::Site;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

/// What a successful rebuild produced.
pub(crate) enum Output {
    /// A whole new site: replace everything served.
    Whole(HashMap<String, Vec<u8>>),
    /// These files replace or add to what is served.
    Changed(HashMap<String, Vec<u8>>),
}

pub(crate) struct Rebuilt {
    pub output: Output,
    /// One line for the terminal: what was rebuilt.
    pub summary: String,
    pub warnings: Vec<Diagnostic>,
}

impl Rebuilt {
    /// Whether only stylesheets changed (browsers can swap them without a reload).
    pub(crate) fn css_only(&self) -> Option<Vec<String>> {
        match &self.output {
            Output::Changed(files)
                if !files.is_empty() && files.keys().all(|f| f.ends_with(".css")) =>
            {
                let mut names: Vec<String> = files.keys().cloned().collect();
                names.sort();
                Some(names)
            }
            _ => None,
        }
    }
}

/// The site kept alive between changes.
pub(crate) struct Builder {
    options: BuildOptions,
    state: Option<State>,
}

struct State {
    loaded: Loaded,
    /// For each page, the pages showing it among their related pages.
    related_by: RelatedBy,
    /// Which templates show every page's references (`all_references()`).
    reference_templates: ReferenceTemplates,
    /// A body changed since the search index was made.
    search_stale: bool,
}

/// A new search index: its files, and the paths of the old one's files it no longer has.
pub(crate) struct SearchIndex {
    pub files: HashMap<String, Vec<u8>>,
    pub removed: Vec<String>,
}

enum ReferenceTemplates {
    Named(HashSet<String>),
    /// A template calling `all_references()` is extended or included by others.
    All,
}

/// What a batch of changed paths needs.
enum Plan {
    Full(String),
    Templates,
    Edits {
        docs: Vec<DocId>,
        copies: Vec<(String, PathBuf)>,
    },
}

impl Builder {
    pub(crate) fn new(options: BuildOptions) -> Builder {
        Builder {
            options,
            state: None,
        }
    }

    /// Load and render everything.
    pub(crate) fn full(&mut self) -> Result<Rebuilt, Vec<Diagnostic>> {
        let memory = Memory::default();
        // The pages' text stays, to index the site again after a body edit.
        let mut loaded = pipeline::load_with(&self.options, &memory, pipeline::SearchText::Keep)
            .map_err(|f| f.diagnostics)?;
        if let Err(mut errors) = output::write_site(
            &loaded.site,
            &loaded.rendered,
            &loaded.renderer,
            &loaded.search_files,
            loaded.zola_index.take(),
            &memory,
        ) {
            errors.extend(loaded.warnings);
            diagnostics::dedup(&mut errors);
            return Err(errors);
        }
        let files = memory.into_files();
        let related_by = RelatedBy::start(&loaded);
        let reference_templates = reference_templates(loaded.templates.sources());
        let mut warnings = loaded.warnings.clone();
        diagnostics::dedup(&mut warnings);
        let summary = format!(
            "built {} pages, {} sections, {} files ({} images encoded)",
            loaded.site.content.pages.len(),
            loaded.site.content.sections.len(),
            files.len(),
            loaded.renderer.images().encoded()
        );
        self.state = Some(State {
            loaded,
            related_by,
            reference_templates,
            search_stale: false,
        });
        Ok(Rebuilt {
            output: Output::Whole(files),
            summary,
            warnings,
        })
    }

    /// Apply a batch of changed source paths (absolute). `Ok(None)` when nothing served
    /// depends on them.
    pub(crate) fn apply(&mut self, paths: &[PathBuf]) -> Result<Option<Rebuilt>, Vec<Diagnostic>> {
        match self.plan(paths) {
            Plan::Full(why) => {
                let mut rebuilt = self.full()?;
                rebuilt.summary = format!("{why}: {}", rebuilt.summary);
                Ok(Some(rebuilt))
            }
            Plan::Templates => self.templates().map(Some),
            Plan::Edits { docs, copies } if docs.is_empty() && copies.is_empty() => Ok(None),
            Plan::Edits { docs, copies } => self.edits(&docs, &copies).map(Some),
        }
    }

    /// What `relief build` would warn about in the served output: broken internal links and
    /// anchors, missing images and assets, found by crawling every page of `files`.
    pub(crate) fn output_warnings(&self, files: &Files) -> Vec<Diagnostic> {
        let Some(state) = &self.state else {
            return Vec::new();
        };
        let recorder = crate::crawl::Recorder::inspect_only();
        let entries: Vec<_> = files.iter().collect();
        // Recording never fails: it writes nothing.
        entries.par_iter().for_each(|(path, entry)| {
            let _ = recorder.write(path, &entry.body);
        });
        crate::crawl::site_files(
            recorder,
            &state.loaded.site,
            &state.loaded.rendered,
            &self.options.root,
        )
    }

    /// Drop the site kept in memory, so that the next change loads everything again: after a
    /// rebuild panicked, the kept state may be half updated.
    pub(crate) fn forget(&mut self) {
        self.state = None;
    }

    /// Whether a body changed since the search index was made.
    pub(crate) fn search_stale(&self) -> bool {
        self.state.as_ref().is_some_and(|s| s.search_stale)
    }

    /// The search index made again if a body changed since it was made, else `None`. Open
    /// pages need no reload for it: on a large site it takes longer than the edit (0.25 s on
    /// 10,000 pages).
    pub(crate) fn refresh_search(&mut self) -> Option<SearchIndex> {
        let state = self.state.as_mut()?;
        if !std::mem::take(&mut state.search_stale) {
            return None;
        }
        let files: HashMap<String, Vec<u8>> =
            output::search::render(&state.loaded.site, &state.loaded.rendered)
                .into_iter()
                .map(|(path, body)| (path, body.into_bytes()))
                .collect();
        let old = std::mem::replace(
            &mut state.loaded.search_files,
            files.keys().cloned().collect(),
        );
        Some(SearchIndex {
            removed: old.into_iter().filter(|p| !files.contains_key(p)).collect(),
            files,
        })
    }

    fn plan(&self, paths: &[PathBuf]) -> Plan {
        let Some(state) = &self.state else {
            return Plan::Full("the last build failed".into());
        };
        let root = &self.options.root;
        let site = &state.loaded.site;
        let statics = state.loaded.templates.common().statics();
        let images = state.loaded.templates.common().images();
        let markdown_templates = state
            .loaded
            .templates
            .sources()
            .keys()
            .any(|name| name.starts_with("markdown/") || name.starts_with(render::SHORTCODES));
        let mut templates = false;
        let mut docs = Vec::new();
        let mut copies = Vec::new();
        for path in paths {
            let Ok(rel) = path.strip_prefix(root) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let (folder, rest) = rel.split_once('/').unwrap_or((rel.as_str(), ""));
            if rest.is_empty() {
                if crate::config::FILE_NAMES.contains(&folder) {
                    return Plan::Full(format!("{folder} changed"));
                }
                continue; // a watched folder itself
            }
            // An image relief processed (`resize_image`, a responsive Markdown image): its
            // copies are part of the pages that show it. A build again re-encodes only this
            // one's, the others coming from the image cache.
            if images.processed_from(path) {
                return Plan::Full(format!("{rel} changed, and pages show copies of it"));
            }
            match folder {
                // Markdown hook and shortcode templates are part of each page's HTML, made by
                // the Markdown step; so are the data files they read.
                "templates"
                    if rest.starts_with("markdown/") || rest.starts_with(render::SHORTCODES) =>
                {
                    return Plan::Full(format!("{rel} changed"));
                }
                "data" if markdown_templates => {
                    return Plan::Full(format!(
                        "{rel} changed, and Markdown hooks or shortcodes may read it"
                    ));
                }
                // Sass compiles into CSS the pages name: build again (relief keeps no partial
                // dependency graph of Sass files).
                "sass" => return Plan::Full(format!("{rel} changed")),
                // The theme's templates, static files, Sass and theme.toml: build again, as
                // for the site's own (another theme's files change nothing).
                "themes" if site.config.theme.as_deref() == rest.split('/').next() => {
                    return Plan::Full(format!("{rel} changed"));
                }
                // Templates read data files through load_data: re-render like a template edit.
                "templates" | "data" => templates = true,
                "static" => {
                    let known = statics.iter().any(|(r, _)| r == rest);
                    if known && path.is_file() {
                        copies.push((rest.to_string(), path.clone()));
                    } else {
                        return Plan::Full(format!("{rel} was added or removed"));
                    }
                }
                "content" if rest.ends_with(".md") => match site.by_rel.get(rest) {
                    Some(&id) if path.is_file() => {
                        if !docs.contains(&id) {
                            docs.push(id);
                        }
                    }
                    _ => return Plan::Full(format!("{rel} was added, removed or renamed")),
                },
                "content" => {
                    let asset = site.content.assets.iter().find(|a| &a.source == path);
                    match asset {
                        Some(a) if path.is_file() => copies.push((a.path.clone(), path.clone())),
                        _ => return Plan::Full(format!("{rel} was added, removed or renamed")),
                    }
                }
                _ => {}
            }
        }
        if templates {
            if docs.is_empty() {
                return Plan::Templates;
            }
            return Plan::Full("templates and content changed together".into());
        }
        Plan::Edits { docs, copies }
    }

    /// Reload the templates and re-render every HTML file with the site as it is.
    fn templates(&mut self) -> Result<Rebuilt, Vec<Diagnostic>> {
        let state = self.state.as_mut().expect("planned with a state");
        let loaded = &mut state.loaded;
        // Loaded afresh, with their own data files (read again) and the same static files.
        let statics = loaded.templates.common().statics().clone();
        let theme = loaded.site.config.theme_folder();
        let images = loaded.templates.common().images().clone();
        let templates = Templates::load(&self.options.root, statics, theme.as_deref(), images)?;
        let resolved = loaded.renderer.resolved().clone();
        let renderer = templates.for_pages(resolved.clone(), loaded.renderer.values().clone());
        let memory = Memory::default();
        let jobs = output::jobs(&loaded.site, &renderer);
        let errors = output::render_jobs(&loaded.site, &renderer, &memory, &jobs);
        if !errors.is_empty() {
            return Err(errors);
        }
        loaded.hooks = templates.for_markdown(resolved);
        loaded.renderer = renderer;
        loaded.templates = templates;
        state.reference_templates = reference_templates(loaded.templates.sources());
        state.related_by = RelatedBy::start(loaded);
        Ok(Rebuilt {
            summary: format!("templates changed: re-rendered {} HTML files", jobs.len()),
            output: Output::Changed(memory.into_files()),
            warnings: Vec::new(),
        })
    }

    /// Re-render edited documents' Markdown and the files that show them; copy files.
    fn edits(
        &mut self,
        docs: &[DocId],
        copies: &[(String, PathBuf)],
    ) -> Result<Rebuilt, Vec<Diagnostic>> {
        // Read and render the edited files against the current site.
        let mut renders: Vec<(DocId, Rendered)> = Vec::new();
        let mut warnings = Vec::new();
        {
            let state = self.state.as_ref().expect("planned with a state");
            let site = &state.loaded.site;
            // A body edit moves no URL: the links resolve as when `state` was loaded.
            let resolved = state.loaded.renderer.resolved().clone();
            let mut errors = Vec::new();
            for &id in docs {
                let old = site.document(id);
                let mut doc = read_document(&old.source, &old.rel, &old.lang)?;
                if doc.meta != old.meta {
                    let mut rebuilt = self.full()?;
                    rebuilt.summary = format!(
                        "front matter of {} changed: {}",
                        doc.display.display(),
                        rebuilt.summary
                    );
                    return Ok(rebuilt);
                }
                doc.path = old.path.clone();
                let (rendered, diagnostics) = rendered::render_one(
                    &doc,
                    &resolved.links,
                    Some(&state.loaded.hooks),
                    site.anchor_links(id),
                );
                let (e, w): (Vec<_>, Vec<_>) =
                    diagnostics.into_iter().partition(Diagnostic::is_error);
                errors.extend(e);
                warnings.extend(w);
                renders.push((id, rendered));
            }
            if !errors.is_empty() {
                return Err(errors);
            }
        }

        let state = self.state.as_mut().expect("planned with a state");
        let related_by = state.related_by.get();
        let Loaded {
            site,
            rendered: store,
            templates,
            renderer,
            ..
        } = &mut state.loaded;
        // The edited documents' new entries go into a copy of the store, which replaces the
        // served one only if everything below succeeds.
        let mut next = store.clone();
        let previous: Vec<(DocId, Arc<Rendered>)> = renders
            .into_iter()
            .map(|(id, rendered)| (id, next.replace(id, rendered)))
            .collect();
        let anchor_errors: Vec<Diagnostic> = rendered::check_anchors(site, &next)
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        if !anchor_errors.is_empty() {
            return Err(anchor_errors);
        }

        // New template values for the edited pages; every other page keeps its value.
        let mut pages = renderer.values().pages.clone();
        let mut jobs: Vec<Job> = Vec::new();
        for &(id, _) in &previous {
            if let DocId::Page(p) = id {
                pages[p] = values::page_value(site, &next, p);
            }
        }
        let values = render::prepare_with(site, &next, pages);
        let next_renderer = templates.for_pages(renderer.resolved().clone(), values);
        for (id, old) in &previous {
            affected(
                site,
                &next,
                related_by,
                &state.reference_templates,
                *id,
                old,
                &mut jobs,
            );
        }
        let mut seen = HashSet::new();
        jobs.retain(|j| seen.insert(*j));

        let memory = Memory::default();
        let mut errors = output::render_jobs(site, &next_renderer, &memory, &jobs);
        if errors.is_empty() && !docs.is_empty() {
            for (path, feed) in feed::site_feeds(site, &next) {
                if let Err(e) = memory.write(&path, feed.as_bytes()) {
                    errors.push(e);
                }
            }
            // The feeds of the edited pages' terms and sections show their HTML too.
            for job in &jobs {
                let feeds = match *job {
                    Job::TaxonomyTerm(t, term) => feed::term_feed(site, &next, t, term),
                    Job::Section(s) => feed::section_feed(site, &next, s),
                    _ => Vec::new(),
                };
                for (path, xml) in feeds {
                    if let Err(e) = memory.write(&path, xml.as_bytes()) {
                        errors.push(e);
                    }
                }
            }
        }
        // A stylesheet of static/ goes out as a build writes it (minified, made relative).
        let statics = templates.common().statics();
        for (out, source) in copies {
            let from_static = statics
                .iter()
                .any(|(rel, path)| rel == out && path == source);
            let result = match from_static {
                true => output::static_output(site, out, source),
                false => Ok(None),
            };
            let written = match result {
                Ok(Some(text)) => memory.write(out, text.as_bytes()),
                Ok(None) => memory.copy(out, source),
                Err(e) => Err(e),
            };
            if let Err(e) = written {
                errors.push(e);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        *renderer = next_renderer;
        *store = next;
        state.search_stale |= !docs.is_empty();
        let mut names: Vec<String> = docs
            .iter()
            .map(|&id| site.document(id).display.display().to_string())
            .collect();
        names.extend(copies.iter().map(|(out, _)| out.clone()));
        let mut done = Vec::new();
        if !jobs.is_empty() {
            done.push(format!("re-rendered {} HTML files", jobs.len()));
        }
        if !copies.is_empty() {
            done.push(format!("copied {} files", copies.len()));
        }
        site.config.check.silence(&mut warnings);
        Ok(Rebuilt {
            summary: format!("{} changed: {}", names.join(", "), done.join(", ")),
            output: Output::Changed(memory.into_files()),
            warnings,
        })
    }
}

/// The HTML files that can show the Markdown-derived fields of document `id`.
fn affected(
    site: &Site,
    store: &Store,
    related_by: &[Vec<PageId>],
    reference_templates: &ReferenceTemplates,
    id: DocId,
    old: &Rendered,
    jobs: &mut Vec<Job>,
) {
    let mut section = match id {
        DocId::Page(p) => {
            jobs.push(Job::Page(p));
            for (t, taxonomy) in site.taxonomies.iter().enumerate().filter(|(_, t)| t.render) {
                let terms: Vec<usize> = (0..taxonomy.terms.len())
                    .filter(|&i| taxonomy.terms[i].pages.contains(&p))
                    .collect();
                if !terms.is_empty() {
                    jobs.push(Job::TaxonomyList(t));
                    for i in terms {
                        jobs.extend(output::term_jobs(site, t, i));
                    }
                }
            }
            jobs.extend(
                related_by
                    .get(p)
                    .into_iter()
                    .flatten()
                    .map(|&q| Job::Page(q)),
            );
            Some(site.content.pages[p].section)
        }
        DocId::Section(s) => Some(s),
    };
    while let Some(s) = section {
        jobs.extend(output::section_jobs(site, s));
        section = site.content.sections[s].parent;
    }
    let cites = !store.get(id).reference_order.is_empty() || !old.reference_order.is_empty();
    if cites {
        let shows_references = |template: &str| match reference_templates {
            ReferenceTemplates::All => true,
            ReferenceTemplates::Named(names) => names.contains(template),
        };
        for i in 0..site.content.sections.len() {
            if shows_references(Job::Section(i).template(site)) {
                jobs.extend(output::section_jobs(site, i));
            }
        }
        for i in 0..site.content.pages.len() {
            if shows_references(Job::Page(i).template(site)) {
                jobs.push(Job::Page(i));
            }
        }
    }
    jobs.retain(|job| job.writes(site));
}

/// For each page, the pages that list it among their `related_pages` (with the largest limit
/// any template asked for). Related pages depend only on taxonomies and site order, which a
/// body-only edit cannot change, so this is computed once per full load or template change,
/// on a thread of its own: on large sites with few tags it takes seconds, and the first
/// body edit usually comes later than that (if not, that edit waits for it).
enum RelatedBy {
    Computing(std::thread::JoinHandle<Vec<Vec<PageId>>>),
    Ready(Vec<Vec<PageId>>),
}

impl RelatedBy {
    fn start(loaded: &Loaded) -> RelatedBy {
        let n = loaded.site.content.pages.len();
        let limit = loaded.templates.common().related_limit();
        if limit == 0 {
            return RelatedBy::Ready(vec![Vec::new(); n]);
        }
        let lookup = loaded.renderer.values().clone();
        let background = lookup.clone();
        let spawned = std::thread::Builder::new()
            .name("relief-related".into())
            .spawn(move || compute_related_by(&background, n, limit));
        match spawned {
            Ok(handle) => RelatedBy::Computing(handle),
            Err(_) => RelatedBy::Ready(compute_related_by(&lookup, n, limit)),
        }
    }

    fn get(&mut self) -> &[Vec<PageId>] {
        let by = match std::mem::replace(self, RelatedBy::Ready(Vec::new())) {
            // A panic there is a bug; carrying on would hide it.
            RelatedBy::Computing(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            RelatedBy::Ready(by) => by,
        };
        *self = RelatedBy::Ready(by);
        match self {
            RelatedBy::Ready(by) => by,
            RelatedBy::Computing(_) => &[],
        }
    }
}

fn compute_related_by(lookup: &render::Lookup, n: usize, limit: usize) -> Vec<Vec<PageId>> {
    let lists: Vec<Vec<PageId>> = (0..n)
        .into_par_iter()
        .map(|q| lookup.related.of(q, limit))
        .collect();
    let mut by = vec![Vec::new(); n];
    for (q, list) in lists.into_iter().enumerate() {
        for p in list {
            by[p].push(q);
        }
    }
    by
}

/// Templates calling `all_references()`; `All` when such a template is used by others.
fn reference_templates(sources: &HashMap<String, String>) -> ReferenceTemplates {
    let mut names = HashSet::new();
    for (name, text) in sources {
        if text.contains("all_references") {
            let used_by_others = sources.iter().any(|(other, t)| {
                other != name
                    && (t.contains(&format!("\"{name}\"")) || t.contains(&format!("'{name}'")))
            });
            if used_by_others {
                return ReferenceTemplates::All;
            }
            names.insert(name.clone());
        }
    }
    ReferenceTemplates::Named(names)
}
