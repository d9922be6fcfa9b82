//! The build, stage by stage: **load** (config, templates, content) → **resolve** (URLs,
//! ordering, taxonomies: [`Site`]) → **markdown** (every document in parallel, into a
//! [`Store`]) → **check** (anchors, templates, reviews) → **search index** → **template
//! values** → **write** (rendered in parallel into a staging folder swapped in at the end).
//! Each stage hands the next a value; none changes what an earlier one made.

use crate::config::{self, Config};
use crate::diagnostics::{self, Diagnostic, Severity};
use crate::render::{self, HookRenderer, Renderer, Resolved, StaticFiles, Templates};
use crate::rendered::Store;
use crate::site::Site;
use crate::{content, crawl, output, rendered, timings};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What to build, and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The project folder: config.toml, content/, templates/, static/.
    pub root: PathBuf,
    /// Output folder; relative paths are taken from `root`.
    pub output: PathBuf,
    /// A base URL replacing config.toml's (`--base-url`).
    pub base_url: Option<String>,
    /// Build drafts too (`--drafts`).
    pub drafts: bool,
    /// How internal URLs are written.
    pub urls: UrlStyle,
}

/// How a build writes internal URLs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UrlStyle {
    /// As config.toml's `relative_urls` says.
    #[default]
    AsConfigured,
    /// Relative to each page (`--relative`), whatever config.toml says.
    Relative,
    /// Under `base_url`, whatever config.toml says: what `relief check` checks, since
    /// relative mode only rewrites the same URLs mechanically.
    Published,
}

/// A successful build: what was written, how long it took, and any warnings.
#[derive(Debug)]
pub struct Built {
    /// How many files of each kind were written.
    pub counts: output::Counts,
    /// How long the build took.
    pub elapsed: Duration,
    /// The warnings found, once each.
    pub warnings: Vec<Diagnostic>,
}

/// A failed build: every error found (and the warnings), once each.
#[derive(Debug)]
pub struct Failed {
    /// Every error and warning found, once each, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// A read, resolved, Markdown-rendered and checked site; nothing written yet.
pub(crate) struct Parsed {
    pub site: Site,
    /// Every document's rendered Markdown.
    pub rendered: Store,
    /// The site's templates, checked.
    pub templates: Templates,
    /// The templates as Markdown hooks and shortcodes use them.
    pub hooks: HookRenderer,
    /// The site's URLs and `config`, as template functions read them.
    pub resolved: Arc<Resolved>,
    pub warnings: Vec<Diagnostic>,
}

/// A site ready to render: its search index written and its template values built.
pub(crate) struct Loaded {
    /// The resolved site, shared with the template functions that read it.
    pub site: Arc<Site>,
    /// Every document's rendered Markdown (its search text freed unless kept for `serve`).
    pub rendered: Store,
    /// The site's templates, checked: each phase's renderer is made from them.
    pub templates: Templates,
    /// The templates as Markdown hooks and shortcodes use them (`serve`, after an edit).
    pub hooks: HookRenderer,
    /// The templates with every function, reading the template values.
    pub renderer: Renderer,
    pub warnings: Vec<Diagnostic>,
    /// Output paths of the search index files, written or being made.
    pub search_files: Vec<String>,
    /// Zola's search index, being made while the pages render: `output::write_site` writes
    /// it.
    pub zola_index: Option<output::search::PendingZolaIndex>,
}

/// Read and check everything a build needs; nothing is written.
pub(crate) fn parse(options: &BuildOptions) -> Result<Parsed, Failed> {
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
    config.relative_urls = match options.urls {
        UrlStyle::AsConfigured => config.relative_urls,
        UrlStyle::Relative => true,
        UrlStyle::Published => false,
    };
    // `[check] allow`: the warnings not to report, wherever they come from.
    let check = config.check.clone();
    let mut diagnostics = std::mem::take(&mut config.warnings);
    let theme = config.theme_folder();
    let statics = Arc::new(static_files(
        root,
        theme.as_deref(),
        &config.ignored_static,
        &mut diagnostics,
    ));
    let images = Arc::new(crate::images::Processor::new(
        config.images.clone(),
        root.to_path_buf(),
        root.join(&config.images.cache_dir),
    ));
    let templates = timings::step("templates", || {
        Templates::load(root, statics, theme.as_deref(), images)
    })
    .map_err(|d| diagnostics.extend(d))
    .ok();
    let (content, load_diagnostics) = timings::step("read content", || {
        content::load::load(root, options.drafts, &config)
    });
    diagnostics.extend(load_diagnostics);
    let today = jiff::Zoned::now().date();
    let (site, resolve_diagnostics) =
        timings::step("resolve", || Site::new(root, config, content, today));
    diagnostics.extend(resolve_diagnostics);
    let resolved = Arc::new(Resolved::new(&site));
    let hooks = templates.as_ref().map(|t| t.for_markdown(resolved.clone()));
    let (store, markdown_diagnostics) = timings::step("markdown", || {
        let hooks = hooks.as_ref().map(|h| h as &dyn rendered::Templates);
        rendered::render_all(&site, &resolved.links, hooks)
    });
    diagnostics.extend(markdown_diagnostics);
    diagnostics.extend(timings::step("check links", || {
        rendered::check_anchors(&site, &store)
    }));
    if let Some(templates) = &templates {
        diagnostics.extend(site.check_templates(|name| templates.has(name)));
    }
    diagnostics.extend(site.overdue_reviews());
    diagnostics.extend(
        site.content
            .translations
            .checks(&site.content, &site.config.language),
    );
    check.silence(&mut diagnostics);
    let (Some(templates), Some(hooks)) = (templates, hooks) else {
        return Err(fail(diagnostics));
    };
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(fail(diagnostics));
    }
    Ok(Parsed {
        site,
        rendered: store,
        templates,
        hooks,
        resolved,
        warnings: diagnostics,
    })
}

/// What becomes of the pages' plain text once the search index is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SearchText {
    /// Freed: nothing else needs it (a build).
    Free,
    /// Kept, to index the site again after an edit (`relief serve`).
    Keep,
}

/// Read and check everything, write the search index into `sink` and build the template
/// values: what `output::write_site` needs. The index goes first so that the pages' plain
/// text, which only it needs, is written out and freed before the template values are
/// built, and the two are never held at once.
pub(crate) fn load(options: &BuildOptions, sink: &dyn output::Sink) -> Result<Loaded, Failed> {
    load_with(options, sink, SearchText::Free)
}

/// `load`, keeping or freeing the pages' plain text as `text` says.
pub(crate) fn load_with(
    options: &BuildOptions,
    sink: &dyn output::Sink,
    text: SearchText,
) -> Result<Loaded, Failed> {
    let Parsed {
        site,
        rendered: mut store,
        templates,
        hooks,
        resolved,
        mut warnings,
    } = parse(options)?;
    let search = timings::step("search index", || {
        output::search::write(&site, &store, sink)
    })
    .map_err(|mut errors| {
        errors.append(&mut warnings);
        diagnostics::dedup(&mut errors);
        Failed {
            diagnostics: errors,
        }
    })?;
    if text == SearchText::Free {
        store.drop_search_text();
    }
    let site = Arc::new(site);
    let lookup = timings::step("template values", || render::prepare(&site, &store));
    let renderer = templates.for_pages(resolved, lookup);
    Ok(Loaded {
        site,
        rendered: store,
        templates,
        hooks,
        renderer,
        warnings,
        search_files: search.paths,
        zola_index: search.zola,
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

/// The output folder the configuration of the site at `root` names (`output_dir`), from the
/// root: `public` unless it says otherwise, or when it cannot be read (the build then says
/// why).
pub fn output_dir(root: &Path) -> PathBuf {
    Config::load(root).map_or_else(|_| "public".into(), |c| c.output_dir.into())
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
    let recorder = crawl::Recorder::passing_to(&staging);
    let mut loaded = load(options, &recorder)?;
    let result = output::write_site(
        &loaded.site,
        &loaded.rendered,
        &loaded.renderer,
        &loaded.search_files,
        loaded.zola_index.take(),
        &recorder,
    );
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
        crawl::site_files(recorder, &loaded.site, &loaded.rendered, &options.root)
    });
    let Loaded {
        site,
        rendered,
        renderer,
        mut warnings,
        ..
    } = loaded;
    warnings.extend(site_files);
    warnings.extend(renderer.images().warnings());
    diagnostics::dedup(&mut warnings);
    if policy == Warnings::Deny && !warnings.is_empty() {
        return Err(Failed {
            diagnostics: warnings,
        });
    }
    timings::step("replace output", || {
        if site.config.preserve_dotfiles_in_output {
            staging.carry_dotfiles()?;
        }
        staging.commit()
    })
    .map_err(|d| Failed {
        diagnostics: vec![d],
    })?;
    // Freeing a large site (every page's HTML and template value) takes a noticeable share of
    // a build (7% of its CPU on 10,000 pages): do it off the caller's path, which for the CLI
    // is about to exit anyway.
    std::thread::spawn(move || drop((site, rendered, renderer)));
    Ok(Built {
        counts,
        elapsed: started.elapsed(),
        warnings,
    })
}

/// The files of static/ by output path, less those `ignored` (`ignored_static`) matches, over
/// those of the theme's static/ (`theme`: its folder from the root), as Zola copies them: the
/// site's file replaces the theme's of the same path, and `ignored_static` is the site's only.
fn static_files(
    root: &Path,
    theme: Option<&Path>,
    ignored: &globset::GlobSet,
    diagnostics: &mut Vec<Diagnostic>,
) -> StaticFiles {
    let mut files: std::collections::BTreeMap<String, PathBuf> = Default::default();
    if let Some(theme) = theme {
        let none = globset::GlobSet::empty();
        files.extend(static_folder(
            root,
            &theme.join("static"),
            &none,
            diagnostics,
        ));
    }
    files.extend(static_folder(
        root,
        Path::new("static"),
        ignored,
        diagnostics,
    ));
    StaticFiles::new(files)
}

/// The files of `root/folder` by path below it, less those `ignored` matches.
fn static_folder(
    root: &Path,
    folder: &Path,
    ignored: &globset::GlobSet,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, PathBuf)> {
    let dir = root.join(folder);
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
                            .help(format!("copy the file into {}/ instead of linking to it", folder.display())),
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
                    // `ignored_static` files are not published.
                    if !ignored.is_match(&rel) {
                        files.push((rel, e.into_path()));
                    }
                }
                Ok(_) => {}
                Err(e) => diagnostics.push(
                    Diagnostic::error(
                        "static",
                        format!("could not read {}/: {e}", folder.display()),
                    )
                    .at(diagnostics::Location::file(
                        e.path()
                            .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
                            .unwrap_or_else(|| folder.to_path_buf()),
                    )),
                ),
            }
        }
    }
    files
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests;
