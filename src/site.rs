//! The site as a graph: URLs (collisions are errors), ordering, previous/next, taxonomies,
//! and how `@/` links resolve. Once made, a [`Site`] does not change: the Markdown step's
//! output lives beside it ([`crate::rendered::Store`]).

use crate::config::Config;
use crate::content::{Content, DocId, PageId, Pagination, SectionId};
use crate::diagnostics::{suggest, Diagnostic, Location};
use crate::markdown::LinkResolver;
use crate::order;
use crate::slug::{encode_path, Target};
use jiff::civil::Date;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub(crate) struct Taxonomy {
    pub name: String,
    pub slug: String,
    /// The language whose pages it lists: each language has its own taxonomies.
    pub lang: String,
    /// Site path of its list of terms: `tags/`, `es/tags/`, or `blog/tags/` under Zola's
    /// `taxonomy_root = "blog"`.
    pub path: String,
    /// Terms sorted by name.
    pub terms: Vec<Term>,
    /// List each term's pages over pagers of this many pages (config.toml).
    pub paginate_by: Option<usize>,
    /// Each term has an Atom feed (config.toml).
    pub feed: bool,
    /// The path segment of the terms' pagers (Zola's `paginate_path`).
    pub paginate_path: String,
    /// Its pages are written (Zola's `render`): list, terms, pagers and feeds.
    pub render: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub name: String,
    pub slug: String,
    /// Site path of the term's page: `tags/pain/`.
    pub path: String,
    /// Pages in site order.
    pub pages: Vec<PageId>,
}

impl Taxonomy {
    /// The page list of term `term`, paginated when the taxonomy has `paginate_by`.
    pub(crate) fn pagination(&self, term: usize) -> Pagination<'_> {
        let term = &self.terms[term];
        Pagination {
            path: &term.path,
            pages: &term.pages,
            by: self.paginate_by,
            segment: &self.paginate_path,
            reversed: false,
        }
    }

    /// Whether the taxonomy's terms have feeds: `feed = true`, and its pages are written.
    pub(crate) fn has_feeds(&self) -> bool {
        self.feed && self.render
    }

    /// Site path of term `term`'s feed named `name` (`tags/pain/atom.xml`), when the
    /// taxonomy has feeds.
    pub(crate) fn feed_path(&self, term: usize, name: &str) -> Option<String> {
        self.has_feeds()
            .then(|| format!("{}{name}", self.terms[term].path))
    }
}

/// Everything a build knows once the content is loaded and resolved.
pub(crate) struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// `https://example.org`
    pub origin: String,
    /// `/` or `/sub/path/`
    pub base_path: String,
    pub content: Content,
    pub by_rel: HashMap<String, DocId>,
    pub taxonomies: Vec<Taxonomy>,
    pub today: Date,
}

impl Site {
    /// Resolve loaded content: check URL collisions, order sections, build taxonomies.
    pub(crate) fn new(
        root: &Path,
        config: Config,
        content: Content,
        today: Date,
    ) -> (Site, Vec<Diagnostic>) {
        let (origin, base_path) = config.base();
        let mut site = Site {
            root: root.to_path_buf(),
            config,
            origin,
            base_path,
            content,
            by_rel: HashMap::new(),
            taxonomies: Vec::new(),
            today,
        };
        let mut diagnostics = Vec::new();
        for (i, s) in site.content.sections.iter().enumerate() {
            site.by_rel.insert(s.doc.rel.clone(), DocId::Section(i));
        }
        for (i, p) in site.content.pages.iter().enumerate() {
            site.by_rel.insert(p.doc.rel.clone(), DocId::Page(i));
        }
        diagnostics.extend(site.order_sections());
        diagnostics.extend(site.build_taxonomies());
        diagnostics.extend(site.check_front_matter_values());
        diagnostics.extend(site.check_url_collisions());
        (site, diagnostics)
    }

    /// Root-relative URL of a site path (`benefits/sleep/` → `/base/benefits/sleep/`).
    pub(crate) fn url(&self, path: &str) -> String {
        format!(
            "{}{}",
            self.base_path,
            encode_path(path.trim_start_matches('/'))
        )
    }

    /// The slug of a taxonomy term as pages name it, by the site's `[slugify] taxonomies`.
    pub(crate) fn term_slug(&self, term: &str) -> String {
        self.config.slugify.taxonomies.apply(term, Target::Path)
    }

    /// Absolute URL of a site path.
    pub(crate) fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.origin, self.url(path))
    }

    /// Order each section's pages and subsections, and link each page to its neighbours;
    /// the pages a Zola order leaves out are reported.
    fn order_sections(&mut self) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        let section_docs: Vec<(i64, String, String)> = self
            .content
            .sections
            .iter()
            .map(|s| {
                (
                    s.doc.meta.weight,
                    s.doc.meta.title.clone(),
                    s.doc.rel.clone(),
                )
            })
            .collect();
        self.list_in_transparent_parents();
        let pages = &self.content.pages;
        for section in &mut self.content.sections {
            // A page with `render = false` is in no list.
            section.pages.retain(|&p| pages[p].doc.meta.section.render);
            let sort_by = section.doc.meta.section.sort_by;
            let ordered = order::sort(pages, std::mem::take(&mut section.pages), sort_by);
            let shown = section.doc.display.display().to_string();
            for &p in &ordered.left_out {
                diagnostics.push(order::left_out_warning(&pages[p], &shown, sort_by));
            }
            section.pages = ordered.listed;
            section.unlisted = ordered.left_out;
            section
                .subsections
                .sort_by(|&a, &b| section_docs[a].cmp(&section_docs[b]));
        }
        for section in &self.content.sections {
            // A transparent section's pages take their neighbours from the parent's list.
            let keys = &section.doc.meta.section;
            if !order::has_neighbours(keys.sort_by) || keys.transparent {
                continue;
            }
            for (i, &page) in section.pages.iter().enumerate() {
                let p = &mut self.content.pages[page];
                p.previous = i.checked_sub(1).map(|j| section.pages[j]);
                p.next = section.pages.get(i + 1).copied();
            }
        }
        diagnostics
    }

    /// List the pages of each transparent section in its parent too, and further up while
    /// the parent is transparent as well.
    fn list_in_transparent_parents(&mut self) {
        let sections = &mut self.content.sections;
        for (id, page) in self.content.pages.iter().enumerate() {
            let mut at = page.section;
            while sections[at].doc.meta.section.transparent {
                let Some(parent) = sections[at].parent else {
                    break;
                };
                sections[parent].pages.push(id);
                at = parent;
            }
        }
    }

    fn build_taxonomies(&mut self) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        // Site order: sections in tree order, pages in each section's order.
        let order: Vec<PageId> = self.content.site_order();
        let config = &self.config;
        let by_language = std::iter::once((&config.language, &config.taxonomies, String::new()))
            .chain(
                config
                    .languages
                    .iter()
                    .map(|l| (&l.code, &l.taxonomies, format!("{}/", l.code))),
            );
        // Each taxonomy with its terms by slug, and each term's pages by spelling.
        type Terms = (
            BTreeMap<String, Term>,
            BTreeMap<String, BTreeMap<String, Vec<PageId>>>,
        );
        let mut taxonomies: Vec<(Taxonomy, Terms)> = by_language
            .flat_map(|(lang, list, prefix)| {
                list.iter().map(move |t| {
                    let slug = config.slugify.taxonomies.apply(&t.name, Target::Path);
                    let path = match &config.taxonomy_root {
                        Some(root) => format!("{prefix}{root}/{slug}/"),
                        None => format!("{prefix}{slug}/"),
                    };
                    let taxonomy = Taxonomy {
                        name: t.name.clone(),
                        path,
                        slug,
                        lang: lang.clone(),
                        terms: Vec::new(),
                        paginate_by: t.paginate_by,
                        feed: t.feed,
                        paginate_path: t.paginate_path.clone(),
                        render: t.render,
                    };
                    (taxonomy, (BTreeMap::new(), BTreeMap::new()))
                })
            })
            .collect();
        for &page_id in &order {
            let doc = &self.content.pages[page_id].doc;
            for (name, terms) in &doc.meta.taxonomies {
                let found = taxonomies
                    .iter_mut()
                    .find(|(t, _)| &t.name == name && t.lang == doc.lang);
                let Some((taxonomy, (map, spellings))) = found else {
                    let known: Vec<&str> = taxonomies
                        .iter()
                        .filter(|(t, _)| t.lang == doc.lang)
                        .map(|(t, _)| t.name.as_str())
                        .collect();
                    // Zola builds such a page and leaves the terms out: a Zola site gets a
                    // warning, a relief site an error.
                    let message = format!("unknown taxonomy `{name}`");
                    let mut d = match self.config.zola_defaults {
                        true => Diagnostic::warning(
                            "unknown-taxonomy",
                            format!("{message}: its terms are left out"),
                        ),
                        false => Diagnostic::error("taxonomy", message),
                    }
                    .at(doc
                        .key_location(name)
                        .unwrap_or_else(|| Location::file(&doc.display)));
                    d = match suggest(name, known.iter().copied()) {
                        Some(s) => d.help(format!(
                            "did you mean `{s}`? The taxonomies in {} are: {}",
                            self.config.file.display(),
                            known.join(", ")
                        )),
                        None => d.help(format!(
                            "add \"{name}\" to `taxonomies` in {}, or use one of: {}",
                            self.config.file.display(),
                            known.join(", ")
                        )),
                    };
                    diagnostics.push(d);
                    continue;
                };
                for term in terms {
                    let slug = self.term_slug(term);
                    if slug.is_empty() {
                        diagnostics.push(
                            Diagnostic::error(
                                "taxonomy",
                                format!("{name} term `{term}` has no letters or digits"),
                            )
                            .at(doc
                                .key_location(name)
                                .unwrap_or_else(|| Location::file(&doc.display))),
                        );
                        continue;
                    }
                    let entry = map.entry(slug.clone()).or_insert_with(|| Term {
                        name: term.clone(),
                        path: format!("{}{slug}/", taxonomy.path),
                        slug,
                        pages: Vec::new(),
                    });
                    if entry.pages.last() != Some(&page_id) {
                        entry.pages.push(page_id);
                    }
                    let spelt: &mut BTreeMap<String, Vec<PageId>> =
                        spellings.entry(entry.slug.clone()).or_default();
                    spelt.entry(term.clone()).or_default().push(page_id);
                }
            }
        }
        // Zola lists a term's pages newest first (those without a date after them, in site
        // order); relief keeps site order. Terms written differently with one slug (`SEO`,
        // `seo`) are one term in Zola named by the first spelling in byte order, whose pages
        // come spelling by spelling, each newest first.
        let zola = self.config.zola_defaults;
        let pages = &self.content.pages;
        self.taxonomies = taxonomies
            .into_iter()
            .map(|(mut t, (map, mut spellings))| {
                t.terms = map.into_values().collect();
                for term in t.terms.iter_mut().filter(|_| zola) {
                    let spelt = spellings.remove(&term.slug).unwrap_or_default();
                    if let Some(first) = spelt.keys().next() {
                        term.name = first.clone();
                    }
                    term.pages.clear();
                    for ids in spelt.into_values() {
                        let ordered = order::sort(pages, ids, crate::content::SortBy::Date);
                        for id in ordered.listed.into_iter().chain(ordered.left_out) {
                            if !term.pages.contains(&id) {
                                term.pages.push(id);
                            }
                        }
                    }
                }
                t
            })
            .collect();
        diagnostics
    }

    fn check_front_matter_values(&self) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        let levels = &self.config.evidence.levels;
        for doc in self.content.documents() {
            if let Some(evidence) = &doc.meta.evidence {
                if !levels.contains_key(evidence) {
                    let mut d = Diagnostic::error(
                        "evidence",
                        format!("unknown evidence rating `{evidence}`"),
                    )
                    .at(doc
                        .key_location("evidence")
                        .unwrap_or_else(|| Location::file(&doc.display)));
                    d = match suggest(evidence, levels.keys()) {
                        Some(s) => d.help(format!("did you mean `{s}`?")),
                        None if levels.is_empty() => {
                            d.help("define the ratings in config.toml under [evidence.levels]")
                        }
                        None => d.help(format!(
                            "use one of: {}",
                            levels.keys().collect::<Vec<_>>().join(", ")
                        )),
                    };
                    diagnostics.push(d);
                }
            }
        }
        diagnostics
    }

    /// Two sources mapping to one URL are an error naming both, pointing at the `slug` or
    /// `aliases` line when that is what made the URL.
    fn check_url_collisions(&self) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        let mut claimed: HashMap<String, String> = HashMap::new();
        let feeds = self.config.feed_filenames.iter().map(String::as_str);
        for name in ["404.html", "sitemap.xml", "atom.xml", "robots.txt"]
            .into_iter()
            .chain(feeds)
        {
            claimed.insert(name.to_string(), "relief's generated files".to_string());
        }
        // Each other language's 404 page, on a relief site.
        if !self.config.zola_defaults {
            for language in &self.config.languages {
                claimed.insert(
                    format!("{}/404.html", language.code),
                    "relief's generated files".to_string(),
                );
            }
        }
        for t in self.taxonomies.iter().filter(|t| t.render) {
            claimed.insert(t.path.clone(), format!("the `{}` taxonomy", t.name));
            for (i, term) in t.terms.iter().enumerate() {
                let page = format!("the `{}` {} page", term.name, t.name);
                claim_pagers(&mut claimed, t.pagination(i), &page);
                claimed.insert(term.path.clone(), page);
                for feed in self
                    .config
                    .feed_filenames
                    .iter()
                    .filter_map(|n| t.feed_path(i, n))
                {
                    claimed.insert(
                        feed,
                        format!("the feed of the `{}` {} page", term.name, t.name),
                    );
                }
            }
        }
        for section in &self.content.sections {
            let shown = section.doc.display.display().to_string();
            claim_pagers(&mut claimed, section.pagination(), &shown);
            for feed in self
                .config
                .feed_filenames
                .iter()
                .filter_map(|n| section.feed_path(n))
            {
                claimed.insert(feed, format!("the feed of {shown}"));
            }
        }
        let mut claim = |path: String, by: &crate::content::Document, what: &str, set_by: &str| {
            let key = path.trim_start_matches('/').to_string();
            let key = if key.is_empty() || key.ends_with('/') || key.contains('.') {
                key
            } else {
                format!("{key}/")
            };
            if let Some(other) = claimed.get(&key) {
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-url",
                        format!("{what} `/{key}` is also produced by {other}"),
                    )
                    .at(if set_by == "slug" && by.meta.slug.is_none() {
                        Location::file(&by.display)
                    } else {
                        by.key_location(set_by)
                            .unwrap_or_else(|| Location::file(&by.display))
                    })
                    .help(match set_by {
                        "path" => "give one of them a different `path`",
                        _ => "give one of them another file name or a different `slug`",
                    }),
                );
            } else {
                claimed.insert(key, by.display.display().to_string());
            }
        };
        for doc in self.content.documents() {
            let set_by = match doc.meta.path {
                Some(_) => "path",
                None => "slug",
            };
            claim(doc.path.clone(), doc, "the URL", set_by);
        }
        for doc in self.content.documents() {
            for alias in &doc.meta.aliases {
                claim(alias.clone(), doc, "the alias", "aliases");
            }
        }
        diagnostics
    }

    /// Every `template = "…"` and `page_template = "…"` of the front matter must name a
    /// template that exists; checked before rendering so the error points at the front
    /// matter line.
    pub(crate) fn check_templates(&self, exists: impl Fn(&str) -> bool) -> Vec<Diagnostic> {
        let named = self.content.documents().flat_map(|doc| {
            let own = doc.meta.template.as_deref().map(|t| (doc, "template", t));
            let pages =
                (doc.meta.section.page_template.as_deref()).map(|t| (doc, "page_template", t));
            own.into_iter().chain(pages)
        });
        named
            .filter(|(_, _, name)| !exists(name))
            .map(|(doc, key, name)| {
                Diagnostic::error("template", format!("template `{name}` does not exist"))
                    .at(doc
                        .key_location(key)
                        .unwrap_or_else(|| Location::file(&doc.display)))
                    .help(format!(
                        "create templates/{name}, or pick an existing template"
                    ))
            })
            .collect()
    }

    /// Where the headings of document `id` put their anchor links: a section's own
    /// `insert_anchor_links`; for a page, that of the section in its own folder (Zola's
    /// rule: a page in a folder without `_index.md` takes none); `[markdown]`'s otherwise.
    pub(crate) fn anchor_links(&self, id: DocId) -> crate::config::AnchorLinks {
        let section = match id {
            DocId::Section(s) => Some(s),
            DocId::Page(p) => {
                let page = &self.content.pages[p];
                let section = &self.content.sections[page.section];
                fn folder(rel: &str) -> &str {
                    rel.rsplit_once('/').map_or("", |(dir, _)| dir)
                }
                // A bundle's `index.md` is in its section's folder, as the bundle is.
                let page_folder = match page.doc.rel.rsplit_once('/') {
                    Some((dir, name)) if name.split('.').next() == Some("index") => folder(dir),
                    _ => folder(&page.doc.rel),
                };
                (page_folder == folder(&section.doc.rel)).then_some(page.section)
            }
        };
        section
            .and_then(|s| {
                self.content.sections[s]
                    .doc
                    .meta
                    .section
                    .insert_anchor_links
            })
            .unwrap_or(self.config.markdown_features.anchor_links)
    }

    /// Whether document `id` goes into the search index: a section unless it has
    /// `in_search_index = false` or writes no page of its own (`render = false`,
    /// `redirect_to`); a page when a section listing it is searched (its own, or one it is
    /// passed up to through transparent sections).
    pub(crate) fn in_search_index(&self, id: DocId) -> bool {
        let sections = &self.content.sections;
        match id {
            DocId::Section(s) => {
                let section = &sections[s];
                let keys = &section.doc.meta.section;
                keys.in_search_index && keys.render && section.redirect().is_none()
            }
            DocId::Page(p) if !self.content.pages[p].doc.meta.section.render => false,
            DocId::Page(p) => {
                let mut at = self.content.pages[p].section;
                loop {
                    let keys = &sections[at].doc.meta.section;
                    if keys.in_search_index {
                        return true;
                    }
                    match (keys.transparent, sections[at].parent) {
                        (true, Some(parent)) => at = parent,
                        _ => return false,
                    }
                }
            }
        }
    }

    /// The section whose ancestors a page shows, as Zola's do: its own, or, when that is
    /// transparent, the first section up the tree that is not (the one its pages are
    /// passed on to).
    pub(crate) fn ancestors_section(&self, page: PageId) -> SectionId {
        let sections = &self.content.sections;
        let mut at = self.content.pages[page].section;
        while sections[at].doc.meta.section.transparent {
            match sections[at].parent {
                Some(parent) => at = parent,
                None => break,
            }
        }
        at
    }

    /// The document `id` names.
    pub(crate) fn document(&self, id: DocId) -> &crate::content::Document {
        self.content.document(id)
    }

    /// When a page's review runs out: `review_due`, else `reviewed` plus the configured interval.
    pub(crate) fn review_due(&self, meta: &crate::content::FrontMatter) -> Option<Date> {
        meta.review_due.or_else(|| {
            let days = i64::from(self.config.review.interval_days);
            meta.reviewed
                .and_then(|r| r.checked_add(jiff::Span::new().days(days)).ok())
        })
    }

    /// Warnings for pages whose review date has passed.
    pub(crate) fn overdue_reviews(&self) -> Vec<Diagnostic> {
        self.content
            .documents()
            .filter_map(|doc| {
                let due = self.review_due(&doc.meta)?;
                (due < self.today).then(|| {
                    let key = if doc.meta.review_due.is_some() { "review_due" } else { "reviewed" };
                    Diagnostic::warning("review-overdue", format!("the page was due for review on {due}"))
                        .at(doc.key_location(key).unwrap_or_else(|| Location::file(&doc.display)))
                        .help("review the whole page against its sources, then update `reviewed` and `review_due`")
                })
            })
            .collect()
    }
}

/// Claim the URLs of a paginated list's pagers 2.. and of its `page/1/` redirect for `what`
/// (the list, as shown in messages).
fn claim_pagers(claimed: &mut HashMap<String, String>, pagination: Pagination<'_>, what: &str) {
    if pagination.count() == 0 {
        return;
    }
    claimed.insert(
        pagination.first_redirect_path(),
        format!("the redirect to the first pager of {what}"),
    );
    for n in 2..=pagination.count() {
        claimed.insert(pagination.path(n), format!("a pager of {what}"));
    }
}

/// Resolves `@/` links against the site's documents.
pub(crate) struct SiteLinks {
    urls: HashMap<String, String>,
    /// Content assets by site path.
    assets: HashMap<String, PathBuf>,
    static_dir: PathBuf,
    base_path: String,
    unreadable: std::collections::HashSet<String>,
    /// Drafts left out of the build: content path → file shown in messages.
    drafts: HashMap<String, PathBuf>,
    /// How heading ids are made (`[slugify] anchors`).
    pub heading_ids: crate::slug::Strategy,
    /// Typographic quotes and dashes (`[markdown] smart_punctuation`).
    pub smart_punctuation: bool,
    /// What links to other sites carry (`[markdown] external_links_*`).
    pub external_links: crate::config::ExternalLinks,
    /// Each document's language by content path, in a site of several languages (else
    /// empty).
    languages: HashMap<String, String>,
    /// The site's default language.
    default_language: String,
    /// The rest of `[markdown]`: anchor links and Markdown extensions.
    pub features: crate::config::MarkdownFeatures,
    /// Colours code blocks (`[markdown.highlighting]`).
    pub highlighter: Option<std::sync::Arc<crate::highlight::Highlighter>>,
    /// The words relief writes into pages, in each language of the site (the default one
    /// first).
    words: Vec<(String, crate::config::Words)>,
}

impl SiteLinks {
    pub(crate) fn new(site: &Site) -> Self {
        SiteLinks {
            heading_ids: site.config.slugify.anchors,
            smart_punctuation: site.config.smart_punctuation,
            external_links: site.config.external_links.clone(),
            features: site.config.markdown_features,
            highlighter: site.config.highlighter.clone(),
            urls: site
                .content
                .documents()
                .map(|d| (d.rel.clone(), site.url(&d.path)))
                .collect(),
            assets: site
                .content
                .assets
                .iter()
                .map(|a| (a.path.clone(), a.source.clone()))
                .collect(),
            static_dir: site.root.join("static"),
            base_path: site.base_path.clone(),
            unreadable: site.content.unreadable.iter().cloned().collect(),
            drafts: site
                .content
                .drafts
                .iter()
                .map(|d| (d.rel.clone(), d.display.clone()))
                .collect(),
            languages: match site.config.is_multilingual() {
                true => site
                    .content
                    .documents()
                    .map(|d| (d.rel.clone(), d.lang.clone()))
                    .collect(),
                false => HashMap::new(),
            },
            default_language: site.config.language.clone(),
            words: site
                .config
                .language_codes()
                .map(|code| (code.to_string(), site.config.words(code)))
                .collect(),
        }
    }
}

impl SiteLinks {
    /// Every page and section, as content paths (`benefits/sleep.md`).
    pub(crate) fn paths(&self) -> impl Iterator<Item = &String> {
        self.urls.keys()
    }

    /// The words relief writes into a document in `lang` (the default language's for a
    /// language the site does not have, such as `""`).
    pub(crate) fn words(&self, lang: &str) -> &crate::config::Words {
        static NONE: std::sync::OnceLock<crate::config::Words> = std::sync::OnceLock::new();
        self.words
            .iter()
            .find(|(code, _)| code == lang)
            .or(self.words.first())
            .map_or_else(|| NONE.get_or_init(Default::default), |(_, words)| words)
    }
}

impl LinkResolver for SiteLinks {
    fn url(&self, path: &str) -> Option<String> {
        self.urls.get(path).cloned()
    }

    fn suggest(&self, path: &str) -> Option<String> {
        suggest(path, self.urls.keys().map(String::as_str)).map(str::to_owned)
    }

    fn file(&self, site_path: &str) -> Option<PathBuf> {
        if let Some(source) = self.assets.get(site_path) {
            return Some(source.clone());
        }
        // Static files are copied as they are; `..` never reaches this far (site paths are
        // normalised), and links leaving the project were refused when static/ was read.
        let file = self.static_dir.join(site_path);
        file.is_file().then_some(file)
    }

    fn base_path(&self) -> &str {
        &self.base_path
    }

    fn unreadable(&self, path: &str) -> bool {
        self.unreadable.contains(path)
    }

    fn draft(&self, path: &str) -> Option<&Path> {
        self.drafts.get(path).map(PathBuf::as_path)
    }

    fn version_in(&self, path: &str, lang: &str) -> Option<String> {
        use crate::content::languages::{translated, untranslated};
        let written_in = self.languages.get(path)?;
        let original = untranslated(path, written_in);
        let version = translated(&original, lang, &self.default_language);
        self.languages.contains_key(&version).then_some(version)
    }

    fn language(&self, path: &str) -> Option<&str> {
        self.languages.get(path).map(String::as_str)
    }

    /// The first page in path order, else a section other than the home page's.
    fn example(&self) -> Option<String> {
        let paths = || self.urls.keys().filter(|p| p.as_str() != "_index.md");
        paths()
            .filter(|p| !p.ends_with("_index.md"))
            .min()
            .or_else(|| paths().min())
            .cloned()
    }
}
