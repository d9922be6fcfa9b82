//! Writing the site: every HTML file of the plan (plan.rs: pages, sections, pagers, taxonomy
//! pages, the 404 page) rendered in parallel and written as it is rendered (no page's HTML
//! waits for the others), then sitemap, feeds, robots.txt, alias and pager redirects, content
//! assets and static files. The search index is not written here: `load` writes it before
//! the template values are built (search.rs).

pub(crate) mod aliases;
pub(crate) mod feed;
mod minify;
pub(crate) mod paths;
pub(crate) mod plan;
pub(crate) mod relative;
mod sass;
pub(crate) mod search;
pub(crate) mod sitemap;
pub(crate) mod urls;
pub(crate) mod writer;

use crate::diagnostics::Diagnostic;
use crate::render::Renderer;
use crate::rendered::Store;
use crate::site::Site;
pub(crate) use plan::{jobs, section_jobs, term_jobs, Job};
use rayon::prelude::*;
use std::path::Path;
use tera::{Context, Value};
pub(crate) use writer::{Sink, Staging};

/// What a build wrote, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Pages written (each page's own HTML file).
    pub pages: usize,
    /// Section pages written, the home page and pagers included.
    pub sections: usize,
    /// Taxonomy pages written: term lists and terms.
    pub terms: usize,
    /// Files copied from static/ and content/.
    pub static_files: usize,
    /// Processed images written (`resize_image`, responsive Markdown images).
    pub processed_images: usize,
    /// Of those, how many this build encoded rather than found in the image cache.
    pub images_encoded: usize,
}

/// Render and write everything but relief's search index, which `load` wrote already: the
/// search files are `search_files` (a static file must not replace them either), of which
/// Zola's, when the site asks for them, are still being made (`zola_index`), and are written
/// last.
pub(crate) fn write_site(
    site: &Site,
    rendered: &Store,
    renderer: &Renderer,
    search_files: &[String],
    zola_index: Option<search::PendingZolaIndex>,
    sink: &dyn Sink,
) -> Result<Counts, Vec<Diagnostic>> {
    let mut files = crate::timings::step("feed, sitemap", || generated_files(site, rendered));
    let css = crate::timings::step("sass", || sass::compile_site(site))?;
    renderer.statics().set_compiled(&css);
    files.extend(css);
    // A static file or content asset must not silently replace a page or a generated file.
    let generated = files.iter().map(|(path, _)| path).chain(search_files);
    let clashes = overwrites(site, renderer, generated);
    if !clashes.is_empty() {
        return Err(clashes);
    }
    let mut errors = crate::timings::step("render pages", || {
        render_jobs(site, renderer, sink, &jobs(site, renderer))
    });
    let statics = renderer.statics();
    crate::timings::step("write other files", || {
        errors.par_extend(
            files
                .par_iter()
                .filter_map(|(path, text)| sink.write(path, text.as_bytes()).err()),
        );
        errors.par_extend(
            site.content
                .assets
                .par_iter()
                .filter_map(|a| sink.copy(&a.path, &a.source).err()),
        );
        let static_files: Vec<(&String, &std::path::PathBuf)> = statics.iter().collect();
        errors.par_extend(static_files.par_iter().filter_map(|(rel, path)| {
            match static_output(site, rel, path) {
                Ok(Some(text)) => sink.write(rel, text.as_bytes()).err(),
                Ok(None) => sink.copy(rel, path).err(),
                Err(e) => Some(e),
            }
        }));
    });
    // Last: every page has asked for its images by now.
    let images = renderer.images().outputs();
    errors.par_extend(images.par_iter().filter_map(|(path, kept)| match kept {
        crate::images::Kept::File(file) => sink.copy(path, file).err(),
        crate::images::Kept::Memory(bytes) => sink.write(path, bytes).err(),
    }));
    if let Some(index) = zola_index {
        let written = crate::timings::step("Zola search index", || index.finish(sink));
        errors.extend(written.err().into_iter().flatten());
    }

    if !errors.is_empty() {
        return Err(collapse_io(errors));
    }
    Ok(Counts {
        pages: site.content.pages.len(),
        sections: site.content.sections.len(),
        terms: site.taxonomies.iter().map(|t| t.terms.len()).sum(),
        static_files: statics.len(),
        processed_images: images.len(),
        images_encoded: renderer.images().encoded(),
    })
}

/// What the file `rel` of static/ (at `path`) becomes in the output: `None` when it is copied
/// as it is, which is every file but a stylesheet of a site with `relative_urls` (whose
/// root-relative `url(/…)` must become relative too) or `minify_css` (minified, see
/// [`minify::css`]). A stylesheet that is not UTF-8 is copied as it is, unless it was to be
/// minified; one that does not parse is an error at the place lightningcss stopped.
pub(crate) fn static_output(
    site: &Site,
    rel: &str,
    path: &Path,
) -> Result<Option<String>, Diagnostic> {
    let (relative, minified) = (site.config.relative_urls, site.config.minify_css);
    if !rel.ends_with(".css") || !(relative || minified) {
        return Ok(None);
    }
    let display = path.strip_prefix(&site.root).unwrap_or(path);
    let css = match std::fs::read(path).map(String::from_utf8) {
        Ok(Ok(css)) => css,
        Ok(Err(_)) if minified => {
            return Err(Diagnostic::error(
                "static",
                "this stylesheet is not UTF-8 text, so it cannot be minified",
            )
            .at(crate::diagnostics::Location::file(display))
            .help("save it as UTF-8, or set `minify_css = false` to copy static/ as it is"))
        }
        // Unreadable: the copy reports why.
        _ => return Ok(None),
    };
    let css = match relative {
        true => relative::rewrite_css(&css, rel, &site.base_path),
        false => css,
    };
    if !minified {
        return Ok(Some(css));
    }
    minify::css(&css).map(Some).map_err(|e| {
        let location = match e.at {
            // A relative build moved nothing but `url(…)` text: the line is the file's.
            Some((line, column)) => crate::diagnostics::Location {
                column: Some(column),
                width: 1,
                ..crate::diagnostics::Location::line(display, &css, line)
            },
            None => crate::diagnostics::Location::file(display),
        };
        Diagnostic::error(
            "static",
            format!("this stylesheet cannot be minified: {}", e.message),
        )
        .at(location)
        .help("correct the CSS there (lightningcss, the minifier, stopped at it), or set `minify_css = false` to copy static/ as it is")
    })
}

/// Static files and content assets whose output path is already taken by a page, a section,
/// a taxonomy page, a generated file (sitemap, feed, robots.txt, 404, alias) or each other.
pub(crate) fn overwrites<'a>(
    site: &Site,
    renderer: &Renderer,
    generated: impl Iterator<Item = &'a String>,
) -> Vec<Diagnostic> {
    use crate::diagnostics::Location;
    use std::collections::HashMap;
    let mut taken: HashMap<String, String> = jobs(site, renderer)
        .into_iter()
        .map(|job| (job.file(site), job.describe(site)))
        .collect();
    for path in generated {
        // A static/robots.txt deliberately replaces the generated one (static files are
        // written last); nothing else may be replaced.
        if path == "robots.txt" {
            continue;
        }
        taken
            .entry(path.trim_start_matches('/').to_string())
            .or_insert_with(|| {
                "a file relief generates (sitemap, feed, search index or alias redirect)".into()
            });
    }
    let mut errors = Vec::new();
    let statics = renderer.statics();
    let mut sources: Vec<(&str, std::path::PathBuf)> = site
        .content
        .assets
        .iter()
        .map(|a| {
            let shown = a
                .source
                .strip_prefix(&site.root)
                .unwrap_or(&a.source)
                .to_path_buf();
            (a.path.as_str(), shown)
        })
        .collect();
    let mut static_list: Vec<(&String, &std::path::PathBuf)> = statics.iter().collect();
    static_list.sort();
    sources.extend(
        static_list
            .into_iter()
            .map(|(rel, _)| (rel.as_str(), Path::new("static").join(rel))),
    );
    for (path, shown) in sources {
        let path = path.trim_start_matches('/');
        match taken.get(path) {
            Some(by) => errors.push(
                Diagnostic::error(
                    "duplicate-url",
                    format!(
                        "{} would overwrite {by} (both are `{path}` in the output)",
                        shown.display()
                    ),
                )
                .at(Location::file(&shown))
                .help("rename or move the file"),
            ),
            None => {
                taken.insert(path.to_string(), shown.display().to_string());
            }
        }
    }
    errors
}

/// One disk problem (full, read-only, a size limit) fails every remaining file the same way:
/// report it once, with the number of other files it hit, instead of once per file.
pub(crate) fn collapse_io(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut repeats: std::collections::HashMap<String, (usize, usize)> = Default::default();
    for e in errors {
        if e.code != "io" {
            out.push(e);
            continue;
        }
        // "could not write the file: No space left on device": group by the OS error.
        let cause = e.message.split_once(": ").map_or(&*e.message, |(_, c)| c);
        match repeats.get_mut(cause) {
            Some((_, n)) => *n += 1,
            None => {
                repeats.insert(cause.to_string(), (out.len(), 0));
                out.push(e);
            }
        }
    }
    for (index, more) in repeats.into_values() {
        if more > 0 {
            let d = &mut out[index];
            let help = d.help.take().unwrap_or_default();
            d.help = Some(format!(
                "{help} ({more} other file{} failed the same way)",
                if more == 1 { "" } else { "s" }
            ));
        }
    }
    out
}

/// Render `jobs` in parallel into `sink`; the errors of all of them. `serve` passes the
/// subset of jobs a change can affect.
pub(crate) fn render_jobs(
    site: &Site,
    renderer: &Renderer,
    sink: &dyn Sink,
    jobs: &[Job],
) -> Vec<Diagnostic> {
    jobs.par_iter()
        .filter_map(|job| render_job(site, renderer, sink, job).err())
        .flatten()
        .collect()
}

/// The files relief writes itself from the site: sitemap, feed, robots.txt, alias redirects
/// (the search index is written by `load`).
pub(crate) fn generated_files(site: &Site, store: &Store) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = Vec::new();
    if site.config.generate_sitemap {
        files.extend(sitemap::render(site));
    }
    files.extend(feed::site_feeds(site, store));
    files.extend(feed::term_feeds(site, store));
    files.extend(feed::section_feeds(site, store));
    if site.config.generate_robots_txt {
        files.push(("robots.txt".into(), sitemap::robots(site)));
    }
    // The stylesheets of `[markdown.highlighting] style = "class"`.
    if let Some(highlighter) = &site.config.highlighter {
        files.extend(highlighter.stylesheets());
    }
    // A document that writes no page has no redirects to it either, as in Zola.
    for doc in site.content.documents().filter(|d| d.meta.section.render) {
        for alias in &doc.meta.aliases {
            files.push(redirect(
                site,
                aliases::file_for(alias),
                &doc.path,
                &doc.lang,
            ));
        }
    }
    for section in &site.content.sections {
        if let Some(to) = section.redirect() {
            let file = plan::file_of(&section.doc.path);
            files.push(
                match to.starts_with("https://") || to.starts_with("http://") {
                    true => (
                        file,
                        aliases::page(
                            to,
                            to,
                            &section.doc.lang,
                            site.config.zola_defaults,
                            &site.config.words(&section.doc.lang),
                        ),
                    ),
                    false => redirect(site, file, &redirect_path(to), &section.doc.lang),
                },
            );
        }
    }
    // `/topics/page/1/` is the section itself (`/tags/pain/page/1/` the term page): redirect
    // there, as Zola does.
    let paginated = site
        .content
        .sections
        .iter()
        .map(|s| (s.pagination(), s.doc.lang.as_str()))
        .chain(
            site.taxonomies
                .iter()
                .flat_map(|t| (0..t.terms.len()).map(move |i| (t.pagination(i), t.lang.as_str()))),
        );
    for (pagination, lang) in paginated.filter(|(p, _)| p.count() > 0) {
        let file = plan::file_of(&pagination.first_redirect_path());
        files.push(redirect(site, file, pagination.path, lang));
    }
    files
}

/// The site path a section's `redirect_to` path names: `docs/start` → `docs/start/`, as
/// Zola makes it a permalink (a file name such as `feed.xml` keeps no slash).
fn redirect_path(to: &str) -> String {
    let path = to.trim_start_matches('/');
    let last = path.rsplit('/').next().unwrap_or_default();
    match path.is_empty() || path.ends_with('/') || last.contains('.') {
        true => path.to_string(),
        false => format!("{path}/"),
    }
}

/// A redirect page written at `file` that sends visitors to the site path `to`, in `lang`.
fn redirect(site: &Site, file: String, to: &str, lang: &str) -> (String, String) {
    let permalink = site.permalink(to);
    // In relative mode the redirect must work from disk too; the canonical stays absolute.
    let target = match site.config.relative_urls {
        true => relative::relative_url(&file, &site.url(to), &site.base_path)
            .unwrap_or_else(|| permalink.clone()),
        false => permalink.clone(),
    };
    let page = aliases::page(
        &permalink,
        &target,
        lang,
        site.config.zola_defaults,
        &site.config.words(lang),
    );
    (file, page)
}

/// Render one job of the plan with its context and write it at the plan's file.
fn render_job(
    site: &Site,
    renderer: &Renderer,
    sink: &dyn Sink,
    job: &Job,
) -> Result<(), Vec<Diagnostic>> {
    let not_found = matches!(job, Job::NotFound(_));
    if not_found && !renderer.has(plan::NOT_FOUND) {
        return sink
            .write(&job.file(site), plan::DEFAULT_NOT_FOUND.as_bytes())
            .map_err(|e| vec![e]);
    }
    let lookup = renderer.values();
    let mut ctx = Context::new();
    match *job {
        Job::Page(id) => ctx.insert_value("page", lookup.pages[id].clone()),
        Job::Section(id) | Job::Pager(id, _) => {
            let section = &site.content.sections[id];
            ctx.insert_value("section", lookup.sections[id].clone());
            let n = match *job {
                Job::Pager(_, n) => n,
                _ => 1,
            };
            if section.pager_count() > 0 {
                let paginator = crate::render::values::paginator_value(
                    site,
                    section.pagination(),
                    n,
                    &lookup.pages,
                );
                ctx.insert_value("paginator", paginator);
            }
        }
        Job::TaxonomyList(t) => {
            let (value, terms) = &lookup.taxonomy_values[t];
            ctx.insert_value("taxonomy", value.clone());
            ctx.insert_value("terms", Value::from(terms.clone()));
        }
        Job::TaxonomyTerm(t, term) | Job::TermPager(t, term, _) => {
            let (value, terms) = &lookup.taxonomy_values[t];
            ctx.insert_value("taxonomy", value.clone());
            ctx.insert_value("term", terms[term].clone());
            let pagination = site.taxonomies[t].pagination(term);
            let n = match *job {
                Job::TermPager(_, _, n) => n,
                _ => 1,
            };
            if pagination.count() > 0 {
                let paginator =
                    crate::render::values::paginator_value(site, pagination, n, &lookup.pages);
                ctx.insert_value("paginator", paginator);
            }
        }
        Job::NotFound(_) => {}
    }
    let path = job.site_path(site);
    // As in Zola: the page's permalink, its path from the site's root, and its language;
    // Zola's 404 page has no URL of its own (it is served at any), so no current_url.
    if !(not_found && site.config.zola_defaults) {
        ctx.insert_value("current_url", Value::from(site.permalink(&path)));
        ctx.insert_value("current_path", Value::from(format!("/{path}")));
    }
    let lang = job.language(site);
    ctx.insert_value("lang", Value::from(lang));
    ctx.insert_value("config", renderer.resolved().config(lang));
    let template = job.template_among(site, |name| renderer.has(name));
    let html = renderer.render(&template, &ctx, job.source(site))?;
    #[cfg(debug_assertions)]
    test_panic(&html);
    let file = plan::file_of(&path);
    // Hosts serve 404.html at whatever missing URL was asked for, at any depth, so its
    // links stay root-relative even in relative mode: relative ones would break there.
    let html = match site.config.relative_urls && !not_found {
        true => relative::rewrite(&html, &file, &site.base_path),
        false => html,
    };
    let html = match site.config.minify_html {
        true => minify::html(html),
        false => html,
    };
    sink.write(&file, html.as_bytes()).map_err(|e| vec![e])
}

/// Test-only, in debug builds: an HTML file holding the text of the RELIEF_TEST_PANIC
/// environment variable panics here, after the Markdown step (and, in `relief serve`, after
/// a body edit has updated the site kept in memory), so tests/serve.rs can show that a
/// panicking rebuild leaves serve running. Release builds have no such check.
#[cfg(debug_assertions)]
fn test_panic(html: &str) {
    let marker = std::env::var("RELIEF_TEST_PANIC").unwrap_or_default();
    if !marker.is_empty() && html.contains(&marker) {
        panic!("RELIEF_TEST_PANIC: a page holds {marker:?}");
    }
}
