//! What a build writes as HTML, decided in one place: one [`Job`] per rendered file, and for
//! each its output file, the template that renders it and the document it shows.
//!
//! Building asks the plan what to render and where to write it; `relief check` asks it which
//! job wrote a file whose links are broken, hence which Markdown file and template to look
//! in; relative mode, alias redirects and `serve` (which jobs an edit affects) ask it too, so
//! a page's output file and its default template are never decided anywhere else.

use crate::content::{DocId, Document};
use crate::render::Renderer;
use crate::site::Site;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

/// One HTML file to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Job {
    Page(usize),
    Section(usize),
    /// Pager `n` ≥ 2 of a paginated section (pager 1 is the section itself).
    Pager(usize, usize),
    TaxonomyList(usize),
    TaxonomyTerm(usize, usize),
    /// Pager `n` ≥ 2 of a term of a paginated taxonomy (pager 1 is the term page itself).
    TermPager(usize, usize, usize),
    /// The 404 page of language `n` of [`Config::language_codes`] (0: the default language's,
    /// at `404.html`; another's under its folder, `es/404.html`).
    ///
    /// [`Config::language_codes`]: crate::config::Config::language_codes
    NotFound(usize),
}

/// The template of the 404 page; the page is written when the site has it, and in a Zola
/// site always (from [`DEFAULT_NOT_FOUND`] without it), as Zola writes one. A relief site
/// of several languages has one per language, each in its language; a Zola site one only,
/// the default language's, as Zola writes it.
pub(crate) const NOT_FOUND: &str = "404.html";

/// The 404 page of a Zola site without a 404.html template: Zola's built-in one, word for
/// word, so that hosts serve the same page.
pub(crate) const DEFAULT_NOT_FOUND: &str =
    "<!doctype html>\n<title>404 Not Found</title>\n<h1>404 Not Found</h1>\n";

impl Job {
    /// Whether the job writes a file: not for a page with `render = false`.
    pub(crate) fn writes(&self, site: &Site) -> bool {
        match *self {
            Job::Page(id) => site.content.pages[id].doc.meta.section.render,
            _ => true,
        }
    }

    /// The site path the job is published at: `topics/a/`, `tags/pain/page/2/`, `404.html`.
    pub(crate) fn site_path(&self, site: &Site) -> String {
        match *self {
            Job::Page(id) => site.content.pages[id].doc.path.clone(),
            Job::Section(id) => site.content.sections[id].pager_path(1),
            Job::Pager(id, n) => site.content.sections[id].pager_path(n),
            Job::TaxonomyList(t) => site.taxonomies[t].path.clone(),
            Job::TaxonomyTerm(t, term) => site.taxonomies[t].pagination(term).path(1),
            Job::TermPager(t, term, n) => site.taxonomies[t].pagination(term).path(n),
            Job::NotFound(n) => match site.config.language_codes().nth(n) {
                Some(code) if n > 0 => format!("{code}/{NOT_FOUND}"),
                _ => NOT_FOUND.into(),
            },
        }
    }

    /// The language of a job that shows no document: a taxonomy's, a 404 page's.
    pub(crate) fn language<'s>(&self, site: &'s Site) -> &'s str {
        match *self {
            Job::TaxonomyList(t) | Job::TaxonomyTerm(t, _) | Job::TermPager(t, ..) => {
                &site.taxonomies[t].lang
            }
            Job::NotFound(n) => site
                .config
                .language_codes()
                .nth(n)
                .unwrap_or(&site.config.language),
            Job::Page(_) | Job::Section(_) | Job::Pager(..) => match self.document(site) {
                Some(doc) => &doc.lang,
                None => &site.config.language,
            },
        }
    }

    /// The output file the job writes: `topics/a/index.html`.
    pub(crate) fn file(&self, site: &Site) -> String {
        file_of(&self.site_path(site))
    }

    /// The template that renders the job: the document's `template` key, else for a page
    /// the `page_template` of its closest section that has one, else the default for its
    /// kind (`index.html` for the home page).
    pub(crate) fn template<'s>(&self, site: &'s Site) -> &'s str {
        match *self {
            Job::Page(id) => {
                let page = &site.content.pages[id];
                page.doc
                    .meta
                    .template
                    .as_deref()
                    .or_else(|| section_page_template(site, page.section))
                    .unwrap_or("page.html")
            }
            Job::Section(id) | Job::Pager(id, _) => {
                let section = &site.content.sections[id];
                let doc = &section.doc;
                // Each language's home page (the only sections without a parent).
                let default = match section.parent {
                    None => "index.html",
                    Some(_) => "section.html",
                };
                doc.meta.template.as_deref().unwrap_or(default)
            }
            Job::TaxonomyList(_) => "taxonomy_list.html",
            Job::TaxonomyTerm(..) | Job::TermPager(..) => "taxonomy_single.html",
            Job::NotFound(_) => NOT_FOUND,
        }
    }

    /// The template that renders the job, given the templates the site `has`: before the
    /// shared taxonomy templates, a taxonomy's own `tags/list.html` and `tags/single.html`, as
    /// Zola looks them up.
    pub(crate) fn template_among<'s>(
        &self,
        site: &'s Site,
        has: impl Fn(&str) -> bool,
    ) -> Cow<'s, str> {
        let own = match *self {
            Job::TaxonomyList(t) => Some(format!("{}/list.html", site.taxonomies[t].name)),
            Job::TaxonomyTerm(t, _) | Job::TermPager(t, ..) => {
                Some(format!("{}/single.html", site.taxonomies[t].name))
            }
            _ => None,
        };
        match own.filter(|name| has(name)) {
            Some(name) => Cow::Owned(name),
            None => Cow::Borrowed(self.template(site)),
        }
    }

    /// The document whose Markdown the job shows: a page, or a section on each of its pagers.
    pub(crate) fn document<'s>(&self, site: &'s Site) -> Option<&'s Document> {
        Some(site.document(self.doc_id()?))
    }

    /// The id of the document whose Markdown the job shows, if any.
    pub(crate) fn doc_id(&self) -> Option<DocId> {
        match *self {
            Job::Page(id) => Some(DocId::Page(id)),
            Job::Section(id) | Job::Pager(id, _) => Some(DocId::Section(id)),
            _ => None,
        }
    }

    /// The file a problem rendering the job is reported at when the template cannot say:
    /// the document, config.toml for taxonomy pages (taxonomies are declared there), the
    /// template of the 404 page.
    pub(crate) fn source<'s>(&self, site: &'s Site) -> &'s Path {
        match (self.document(site), self) {
            (Some(doc), _) => &doc.display,
            (None, Job::NotFound(_)) => Path::new("templates/404.html"),
            (None, _) => &site.config.file,
        }
    }

    /// The job as named in messages: "the page content/a.md", "pager 2 of …".
    pub(crate) fn describe(&self, site: &Site) -> String {
        match *self {
            Job::Page(_) | Job::Section(_) => format!("the page {}", self.source(site).display()),
            Job::Pager(id, n) => format!(
                "pager {n} of {}",
                site.content.sections[id].doc.display.display()
            ),
            Job::TaxonomyList(t) => format!("the `{}` list", site.taxonomies[t].name),
            Job::TaxonomyTerm(t, term) => term_page(site, t, term),
            Job::TermPager(t, term, n) => format!("pager {n} of {}", term_page(site, t, term)),
            Job::NotFound(0) => "the 404 page".into(),
            Job::NotFound(_) => format!("the `{}` 404 page", self.language(site)),
        }
    }
}

/// The `page_template` of section `section` or, failing that, of its closest ancestor that
/// has one (Zola's rule: the nearest wins).
fn section_page_template(site: &Site, section: usize) -> Option<&str> {
    let mut at = Some(section);
    while let Some(s) = at {
        let s = &site.content.sections[s];
        if let Some(t) = &s.doc.meta.section.page_template {
            return Some(t);
        }
        at = s.parent;
    }
    None
}

fn term_page(site: &Site, t: usize, term: usize) -> String {
    let taxonomy = &site.taxonomies[t];
    format!(
        "the `{}` page of `{}`",
        taxonomy.terms[term].name, taxonomy.name
    )
}

/// Every HTML file of the site, in rendering order.
pub(crate) fn jobs(site: &Site, renderer: &Renderer) -> Vec<Job> {
    planned(site, renderer.has(NOT_FOUND) || site.config.zola_defaults)
}

/// Every HTML file the site may have, by output file: the job that writes it. The 404 page
/// is counted whether or not the site has its template (a file named 404.html that is not
/// the 404 page is never looked up).
pub(crate) fn by_file(site: &Site) -> HashMap<String, Job> {
    planned(site, true)
        .into_iter()
        .map(|job| (job.file(site), job))
        .collect()
}

fn planned(site: &Site, not_found: bool) -> Vec<Job> {
    let mut jobs: Vec<Job> = (0..site.content.pages.len())
        .map(Job::Page)
        .filter(|job| job.writes(site))
        .collect();
    for s in 0..site.content.sections.len() {
        jobs.extend(section_jobs(site, s));
    }
    // A taxonomy with `render = false` has no page of its own (templates still list it); nor,
    // in a Zola site as in Zola, one without terms.
    let written =
        |t: &crate::site::Taxonomy| t.render && !(site.config.zola_defaults && t.terms.is_empty());
    for (t, taxonomy) in site
        .taxonomies
        .iter()
        .enumerate()
        .filter(|(_, t)| written(t))
    {
        jobs.push(Job::TaxonomyList(t));
        for term in 0..taxonomy.terms.len() {
            jobs.extend(term_jobs(site, t, term));
        }
    }
    if not_found {
        jobs.push(Job::NotFound(0));
        if !site.config.zola_defaults {
            jobs.extend((1..=site.config.languages.len()).map(Job::NotFound));
        }
    }
    jobs
}

/// The HTML files of section `s`: the section and, when it is paginated, its later pagers;
/// none when it has `render = false`, nor when it redirects (its redirect page is a
/// generated file).
pub(crate) fn section_jobs(site: &Site, s: usize) -> impl Iterator<Item = Job> {
    let section = &site.content.sections[s];
    let render = section.doc.meta.section.render && section.redirect().is_none();
    let count = if render { section.pager_count() } else { 0 };
    let first = render.then_some(Job::Section(s));
    first
        .into_iter()
        .chain((2..=count).map(move |n| Job::Pager(s, n)))
}

/// The HTML files of term `term` of taxonomy `t`: the term page and, when the taxonomy is
/// paginated, its later pagers.
pub(crate) fn term_jobs(site: &Site, t: usize, term: usize) -> impl Iterator<Item = Job> {
    let count = site.taxonomies[t].pagination(term).count();
    std::iter::once(Job::TaxonomyTerm(t, term))
        .chain((2..=count).map(move |n| Job::TermPager(t, term, n)))
}

/// The file a site path is written to: a folder (`topics/a/`, or `` for the home page) as
/// its `index.html`, a file (`404.html`, `style.css`) as itself.
pub(crate) fn file_of(site_path: &str) -> String {
    const INDEX: &str = "index.html";
    // Built by hand, not with `format!`: check resolves every distinct link of the site here.
    let mut file = String::with_capacity(site_path.len() + INDEX.len());
    file.push_str(site_path);
    if site_path.is_empty() || site_path.ends_with('/') {
        file.push_str(INDEX);
    }
    file
}

/// The site path an output file is published at, the inverse of [`file_of`]:
/// `topics/a/index.html` → `topics/a/`.
pub(crate) fn site_path_of(file: &str) -> &str {
    file.strip_suffix("index.html").unwrap_or(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The resolved site of `files` (path, text), with the templates of a minimal site.
    fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, crate::pipeline::Parsed) {
        let dir = tempfile::tempdir().unwrap();
        let templates = [
            "index.html",
            "section.html",
            "page.html",
            "special.html",
            "taxonomy_list.html",
            "taxonomy_single.html",
        ];
        let templates = templates.map(|t| (format!("templates/{t}"), "x".to_string()));
        let files = files.iter().map(|(p, t)| (p.to_string(), t.to_string()));
        for (path, text) in files.chain(templates) {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let options = crate::pipeline::BuildOptions {
            root: dir.path().to_path_buf(),
            ..Default::default()
        };
        let parsed =
            crate::pipeline::parse(&options).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
        (dir, parsed)
    }

    #[test]
    fn every_html_file_has_one_job_with_its_template_and_document() {
        let (_dir, parsed) = site(&[
            (
                "config.toml",
                "title = \"T\"\nbase_url = \"https://e.org/\"\ntaxonomies = [{name = \"tags\", paginate_by = 1}]\n",
            ),
            ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n"),
            (
                "content/guide/_index.md",
                "+++\ntitle = \"Guide\"\npaginate_by = 1\n+++\n",
            ),
            (
                "content/guide/a.md",
                "+++\ntitle = \"A\"\ntemplate = \"special.html\"\n[taxonomies]\ntags = [\"knee\"]\n+++\n",
            ),
            (
                "content/guide/b.md",
                "+++\ntitle = \"B\"\n[taxonomies]\ntags = [\"knee\"]\n+++\n",
            ),
        ]);
        let site = &parsed.site;
        let mut found: Vec<(String, &str, Option<String>)> = by_file(site)
            .into_iter()
            .map(|(file, job)| {
                assert_eq!(job.file(site), file);
                let doc = job.document(site).map(|d| d.display.display().to_string());
                (file, job.template(site), doc)
            })
            .collect();
        found.sort();
        let doc = |d: &str| Some(d.to_string());
        assert_eq!(
            found,
            vec![
                ("404.html".into(), "404.html", None),
                (
                    "guide/a/index.html".into(),
                    "special.html",
                    doc("content/guide/a.md")
                ),
                (
                    "guide/b/index.html".into(),
                    "page.html",
                    doc("content/guide/b.md")
                ),
                (
                    "guide/index.html".into(),
                    "section.html",
                    doc("content/guide/_index.md")
                ),
                (
                    "guide/page/2/index.html".into(),
                    "section.html",
                    doc("content/guide/_index.md")
                ),
                ("index.html".into(), "index.html", doc("content/_index.md")),
                ("tags/index.html".into(), "taxonomy_list.html", None),
                ("tags/knee/index.html".into(), "taxonomy_single.html", None),
                (
                    "tags/knee/page/2/index.html".into(),
                    "taxonomy_single.html",
                    None
                ),
            ]
        );
        // The 404 page is rendered only when the site has its template.
        assert!(!planned(site, parsed.templates.has(NOT_FOUND)).contains(&Job::NotFound(0)));
        assert_eq!(
            Job::TermPager(0, 0, 2).describe(site),
            "pager 2 of the `knee` page of `tags`"
        );
        assert_eq!(
            Job::NotFound(0).source(site),
            Path::new("templates/404.html")
        );
        assert_eq!(Job::TaxonomyList(0).source(site), Path::new("config.toml"));
    }

    #[test]
    fn folders_are_written_as_their_index() {
        assert_eq!(file_of(""), "index.html");
        assert_eq!(file_of("topics/a/"), "topics/a/index.html");
        assert_eq!(file_of("404.html"), "404.html");
        assert_eq!(file_of("css/site.css"), "css/site.css");
        for path in ["", "topics/a/", "404.html"] {
            assert_eq!(site_path_of(&file_of(path)), path);
        }
    }
}
