//! relief: a static site generator for evidence-based informational websites.
//!
//! The pipeline: **load** (config, content, templates) → **markdown** (one pass per page, in
//! parallel) → **resolve** (URLs, ordering, taxonomies, link checks) → **render** (Tera, one
//! shared value per page) → **write** (into a staging directory swapped in atomically).

// Diagnostics carry a location and a snippet; they are built only on the error path, so their
// size in `Result` costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod html;
mod json;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod site;
pub mod slug;
mod sync;
pub mod timings;

use config::Config;
use diagnostics::{Diagnostic, Severity};
use render::{Renderer, Shared, StaticFiles};
use site::Site;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; relative paths are taken from `root`.
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Write every internal URL relative to its page (`--relative`), whatever config.toml says.
    pub relative: bool,
}

/// A successful build: what was written, how long it took, and any warnings.
#[derive(Debug)]
pub struct Built {
    pub counts: output::Counts,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
}

/// A failed build: every error found (and the warnings), once each.
#[derive(Debug)]
pub struct Failed {
    pub diagnostics: Vec<Diagnostic>,
}

/// A read, resolved, Markdown-rendered and checked site; nothing written yet.
pub struct Parsed {
    pub site: Site,
    pub renderer: Renderer,
    pub shared: Arc<Shared>,
    pub warnings: Vec<Diagnostic>,
}

/// A site ready to render: its search index written and its template values built.
pub struct Loaded {
    pub site: Site,
    pub renderer: Renderer,
    pub lookup: Arc<render::Lookup>,
    pub warnings: Vec<Diagnostic>,
    /// Output paths of the search index files already written.
    pub search_files: Vec<String>,
}

/// Read and check everything a build needs; nothing is written.
pub fn parse(options: &BuildOptions) -> Result<Parsed, Failed> {
    let root = &options.root;
    let fail = |mut diagnostics: Vec<Diagnostic>| {
        diagnostics::dedup(&mut diagnostics);
        Failed { diagnostics }
    };
    let mut config = Config::load(root).map_err(fail)?;
    if let Some(url) = &options.base_url {
        config::parse_base_url(url).map_err(|why| {
            fail(vec![Diagnostic::error(
                "config",
                format!("--base-url `{url}` is not a URL: {why}"),
            )
            .help(
                "write an absolute http(s) URL such as https://example.org/",
            )])
        })?;
        config.base_url = url.clone();
    }
    config.relative_urls |= options.relative;
    // `[check] allow`: the warnings not to report, wherever they come from.
    let check = config.check.clone();
    let mut diagnostics = std::mem::take(&mut config.warnings);
    let shared = Arc::new(Shared::default());
    shared.set_statics(static_files(root, &mut diagnostics));
    let renderer = timings::step("templates", || Renderer::load(root, shared.clone()))
        .map_err(|d| diagnostics.extend(d))
        .ok();
    let (content, load_diagnostics) =
        timings::step("read content", || content::load::load(root, options.drafts));
    diagnostics.extend(load_diagnostics);
    let today = jiff::Zoned::now().date();
    let (mut site, resolve_diagnostics) =
        timings::step("resolve", || Site::new(root, config, content, today));
    diagnostics.extend(resolve_diagnostics);
    let resolved = shared.set_resolved(render::Resolved::new(&site));
    let hooks = renderer.as_ref().map(|r| r as &dyn markdown::Hooks);
    diagnostics.extend(timings::step("markdown", || {
        site.render_markdown(&resolved.links, hooks)
    }));
    diagnostics.extend(timings::step("check links", || site.check_anchors()));
    if let Some(renderer) = &renderer {
        diagnostics.extend(site.check_templates(|name| renderer.has(name)));
    }
    diagnostics.extend(site.overdue_reviews());
    check.silence(&mut diagnostics);
    let Some(renderer) = renderer.filter(|_| !diagnostics.iter().any(Diagnostic::is_error)) else {
        return Err(fail(diagnostics));
    };
    Ok(Parsed {
        site,
        renderer,
        shared,
        warnings: diagnostics,
    })
}

/// What becomes of the pages' plain text once the search index is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchText {
    /// Freed: nothing else needs it (a build).
    Free,
    /// Kept, to index the site again after an edit (`relief serve`).
    Keep,
}

/// Read and check everything, write the search index into `sink` and build the template
/// values: what `output::write_site` needs. The index goes first so that the pages' plain
/// text, which only it needs, is written out and freed before the template values are
/// built, and the two are never held at once.
pub fn load(options: &BuildOptions, sink: &dyn output::Sink) -> Result<Loaded, Failed> {
    load_with(options, sink, SearchText::Free)
}

/// `load`, keeping or freeing the pages' plain text as `text` says.
pub fn load_with(
    options: &BuildOptions,
    sink: &dyn output::Sink,
    text: SearchText,
) -> Result<Loaded, Failed> {
    let Parsed {
        mut site,
        renderer,
        shared,
        mut warnings,
    } = parse(options)?;
    let search_files = timings::step("search index", || output::search::write(&site, sink))
        .map_err(|mut errors| {
            errors.append(&mut warnings);
            diagnostics::dedup(&mut errors);
            Failed {
                diagnostics: errors,
            }
        })?;
    if text == SearchText::Free {
        for doc in site.content.documents_mut() {
            doc.rendered.text_sections = Vec::new();
        }
    }
    let lookup = timings::step("template values", || render::prepare(&mut site, &shared));
    Ok(Loaded {
        site,
        renderer,
        lookup,
        warnings,
        search_files,
    })
}

/// What a build does when it finds warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Warnings {
    /// Report them and publish the site.
    #[default]
    Allow,
    /// Fail like an error would, leaving the previous output as it was (`--deny-warnings`).
    Deny,
}

/// Build the site into `options.output`, replacing it only if everything succeeds.
pub fn build(options: &BuildOptions) -> Result<Built, Failed> {
    build_with(options, Warnings::Allow)
}

/// `build`, failing on warnings too when `policy` says so.
pub fn build_with(options: &BuildOptions, policy: Warnings) -> Result<Built, Failed> {
    let started = Instant::now();
    let output = options.root.join(&options.output);
    let staging = output::Staging::begin(&output, &options.root).map_err(|d| Failed {
        diagnostics: vec![d],
    })?;
    // Every written page passes through the recorder, so the build reports broken links,
    // anchors, images and assets as `relief check` does, wherever they were written.
    let recorder = check::Recorder::passing_to(&staging);
    let loaded = load(options, &recorder)?;
    let result = output::write_site(&loaded, &recorder);
    let counts = match result {
        Ok(counts) => counts,
        Err(mut errors) => {
            errors.extend(loaded.warnings);
            diagnostics::dedup(&mut errors);
            return Err(Failed {
                diagnostics: errors,
            });
        }
    };
    let site_files = timings::step("check rendered links", || {
        check::site_files(recorder, &loaded.site, &options.root)
    });
    let Loaded {
        site,
        renderer,
        lookup,
        mut warnings,
        ..
    } = loaded;
    warnings.extend(site_files);
    diagnostics::dedup(&mut warnings);
    if policy == Warnings::Deny && !warnings.is_empty() {
        return Err(Failed {
            diagnostics: warnings,
        });
    }
    timings::step("replace output", || staging.commit()).map_err(|d| Failed {
        diagnostics: vec![d],
    })?;
    // Freeing a large site (every page's HTML and template value) takes a noticeable share of
    // a build (7% of its CPU on 10,000 pages): do it off the caller's path, which for the CLI
    // is about to exit anyway.
    std::thread::spawn(move || drop((site, renderer, lookup)));
    Ok(Built {
        counts,
        elapsed: started.elapsed(),
        warnings,
    })
}

/// The files of static/ by output path.
fn static_files(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> StaticFiles {
    let dir = root.join("static");
    let mut files = Vec::new();
    if dir.is_dir() {
        let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let mut walker = walkdir::WalkDir::new(&dir).follow_links(true).into_iter();
        while let Some(entry) = walker.next() {
            match entry {
                // A link (to a file or a whole folder) must stay inside the project.
                Ok(e)
                    if e.path_is_symlink()
                        && !e
                            .path()
                            .canonicalize()
                            .is_ok_and(|t| t.starts_with(&canonical_root)) =>
                {
                    diagnostics.push(
                        Diagnostic::error("static", "a symbolic link points outside the project; relief does not publish files from elsewhere")
                            .at(diagnostics::Location::file(e.path().strip_prefix(root).unwrap_or(e.path())))
                            .help("copy the file into static/ instead of linking to it"),
                    );
                    if e.file_type().is_dir() {
                        walker.skip_current_dir();
                    }
                }
                Ok(e) if e.file_type().is_file() => {
                    let rel = e
                        .path()
                        .strip_prefix(&dir)
                        .unwrap_or(e.path())
                        .to_string_lossy()
                        .replace('\\', "/");
                    files.push((rel, e.into_path()));
                }
                Ok(_) => {}
                Err(e) => diagnostics.push(
                    Diagnostic::error("static", format!("could not read static/: {e}")).at(
                        diagnostics::Location::file(
                            e.path()
                                .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
                                .unwrap_or_else(|| "static".into()),
                        ),
                    ),
                ),
            }
        }
    }
    StaticFiles::new(files)
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}
