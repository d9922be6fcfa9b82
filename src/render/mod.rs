//! Tera, behind relief's own interface: templates are loaded once from templates/ and
//! checked up front (syntax, unknown filters and functions, inheritance loops); errors come
//! back as relief diagnostics pointing into templates/ with line and column.

mod content;
mod contrib;
pub(crate) mod data;
mod errors;
mod files;
pub(crate) mod functions;
mod languages;
mod structured;
pub(crate) mod values;

use crate::diagnostics::{Diagnostic, Location};
use crate::markdown::{Element, HeadingHook, LinkHook};
use crate::rendered::Store;
use crate::site::Site;
use functions::Known;
pub(crate) use functions::{Common, Lookup, Resolved, StaticFiles};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::{Context, Tera};

/// Build every template value of the site once, for the functions of the page phase.
pub(crate) fn prepare(site: &Arc<Site>, store: &Store) -> Arc<Lookup> {
    let pages = values::page_values(site, store);
    prepare_with(site, store, pages)
}

/// Like [`prepare`], with the page values given: `serve` rebuilds only those of the pages
/// an edit changed and reuses the others.
pub(crate) fn prepare_with(
    site: &Arc<Site>,
    store: &Store,
    pages: Vec<tera::Value>,
) -> Arc<Lookup> {
    let sections: Vec<tera::Value> = {
        use rayon::prelude::*;
        (0..site.content.sections.len())
            .into_par_iter()
            .map(|i| values::section_value(site, store, i, &pages))
            .collect()
    };
    let lookup = Lookup {
        page_by_rel: site
            .content
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.doc.rel.clone(), i))
            .collect(),
        section_by_rel: site
            .content
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.doc.rel.clone(), i))
            .collect(),
        taxonomy_names: site.taxonomies.iter().map(|t| t.name.clone()).collect(),
        taxonomy_langs: site.taxonomies.iter().map(|t| t.lang.clone()).collect(),
        taxonomy_values: values::taxonomy_values(site, &pages),
        related: values::Related::new(site),
        all_references: values::all_references(site, store, &pages),
        pages,
        sections,
        site: site.clone(),
        rendered: store.clone(),
    };
    Arc::new(lookup)
}

/// A Tera instance with the site's template sources, rendering with relief's diagnostics.
#[derive(Clone)]
struct Engine {
    tera: Tera,
    /// Which Markdown hooks the site has, by [`Element`]: asked for every link and heading.
    hooks: [bool; 3],
    /// Template sources by name, for snippets in diagnostics.
    sources: Arc<HashMap<String, String>>,
    /// Whether the site or its theme has templates in templates/shortcodes/ (see
    /// [`content`]).
    has_shortcodes: bool,
    /// What the theme's templates' names start with (`name/templates/`), if there is a theme.
    theme_prefix: Option<String>,
}

/// The site's templates, loaded and checked, before anything of the site is known: each
/// phase's renderer starts from them ([`Templates::for_markdown`], [`Templates::for_pages`]).
pub(crate) struct Templates {
    engine: Engine,
    root: PathBuf,
    common: Arc<Common>,
}

/// The templates as the Markdown step uses them (hooks and shortcodes): the resolved site's
/// URLs and `config` are known, its pages not yet.
pub(crate) struct HookRenderer {
    engine: Engine,
    resolved: Arc<Resolved>,
    /// Holds the image processor, which makes Markdown images responsive.
    common: Arc<Common>,
}

/// The templates with every function: renders the site's pages.
pub(crate) struct Renderer {
    engine: Engine,
    resolved: Arc<Resolved>,
    values: Arc<Lookup>,
    common: Arc<Common>,
}

impl Templates {
    /// Load every file under `root/templates`, and under the theme's templates/ when the site
    /// has a theme (`theme`: its folder from the root, `themes/name`); `resize_image`
    /// processes through `images`.
    pub(crate) fn load(
        root: &Path,
        statics: Arc<StaticFiles>,
        theme: Option<&Path>,
        images: Arc<crate::images::Processor>,
    ) -> Result<Templates, Vec<Diagnostic>> {
        let dir = root.join("templates");
        let common = Arc::new(Common::new(statics, images));
        let mut tera = Tera::new();
        // As in Zola, a theme's template is named `name/templates/page.html`, and a name the
        // site has no template for falls back to the theme's: a site's `page.html` replaces
        // the theme's, and may extend it by its full name.
        let prefix = theme.map(theme_prefix);
        if let Some(prefix) = &prefix {
            tera.set_fallback_prefixes([prefix.clone()])
                .expect("set before any template is added");
        }
        // Every function is known from the start, so templates are checked against them all;
        // each phase registers its own over these.
        let known = Known {
            common: common.clone(),
            resolved: None,
            values: None,
        };
        functions::register(&mut tera, &known, root);
        let mut sources = HashMap::new();
        let mut diagnostics = Vec::new();
        if !dir.is_dir() && theme.is_none() {
            return Err(vec![Diagnostic::error("template", "there is no templates/ folder")
                .at(Location::file(root))
                .help("create templates/ with at least base.html, index.html, section.html and page.html (`relief init` writes a starter set), or use a theme")]);
        }
        // The theme's first: a site's template of the same full name replaces it.
        if let (Some(theme), Some(prefix)) = (theme, &prefix) {
            read_sources(
                root,
                &theme.join("templates"),
                prefix,
                &mut sources,
                &mut diagnostics,
            );
        }
        if dir.is_dir() {
            read_sources(
                root,
                Path::new("templates"),
                "",
                &mut sources,
                &mut diagnostics,
            );
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        {
            let mut found = syntax_errors(&sources);
            if found.is_empty() {
                found = errors::diagnostics(&e, &sources, None);
            }
            return Err(found);
        }
        let has_shortcodes = sources
            .keys()
            .any(|name| unthemed(name, prefix.as_deref()).starts_with(SHORTCODES));
        Ok(Templates {
            engine: Engine {
                hooks: Element::ALL.map(|e| tera.contains_template(e.template())),
                has_shortcodes,
                tera,
                sources: Arc::new(sources),
                theme_prefix: prefix,
            },
            root: root.to_path_buf(),
            common,
        })
    }

    /// The source of every template, by name.
    pub(crate) fn sources(&self) -> &HashMap<String, String> {
        &self.engine.sources
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.engine.has(name)
    }

    /// What the functions of every phase share (static files, data files).
    pub(crate) fn common(&self) -> &Arc<Common> {
        &self.common
    }

    /// The engine with functions that read `known`.
    fn engine_for(&self, known: Known) -> Engine {
        let mut engine = self.engine.clone();
        functions::register(&mut engine.tera, &known, &self.root);
        engine
    }

    /// The renderer of Markdown hooks and shortcodes, once the site is resolved.
    pub(crate) fn for_markdown(&self, resolved: Arc<Resolved>) -> HookRenderer {
        HookRenderer {
            engine: self.engine_for(Known {
                common: self.common.clone(),
                resolved: Some(resolved.clone()),
                values: None,
            }),
            resolved,
            common: self.common.clone(),
        }
    }

    /// The renderer of pages, once the template values are built.
    pub(crate) fn for_pages(&self, resolved: Arc<Resolved>, values: Arc<Lookup>) -> Renderer {
        Renderer {
            engine: self.engine_for(Known {
                common: self.common.clone(),
                resolved: Some(resolved.clone()),
                values: Some(values.clone()),
            }),
            resolved,
            values,
            common: self.common.clone(),
        }
    }
}

impl Renderer {
    pub(crate) fn has(&self, name: &str) -> bool {
        self.engine.has(name)
    }

    /// Render `template` for the document shown as `what` (used in error hints).
    pub(crate) fn render(
        &self,
        template: &str,
        context: &Context,
        what: &Path,
    ) -> Result<String, Vec<Diagnostic>> {
        self.engine.render(template, context, what)
    }

    /// The site's URLs and `config`.
    pub(crate) fn resolved(&self) -> &Arc<Resolved> {
        &self.resolved
    }

    /// The template values its functions read.
    pub(crate) fn values(&self) -> &Arc<Lookup> {
        &self.values
    }

    /// The files of static/.
    pub(crate) fn statics(&self) -> &Arc<StaticFiles> {
        self.common.statics()
    }

    /// The image processor the templates and Markdown used.
    pub(crate) fn images(&self) -> &crate::images::Processor {
        self.common.images()
    }
}

impl Engine {
    fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Render `template` for the document shown as `what` (used in error hints).
    pub(crate) fn render(
        &self,
        template: &str,
        context: &Context,
        what: &Path,
    ) -> Result<String, Vec<Diagnostic>> {
        if !self.has(template) {
            return Err(vec![Diagnostic::error("template", format!("template `{template}` does not exist"))
                .at(Location::file(what))
                .help(format!("create templates/{template}, or pick an existing template with the `template` front matter key"))]);
        }
        self.tera
            .render(template, context)
            .map_err(|e| errors::diagnostics(&e, &self.sources, Some(what)))
    }
}

/// What `templates/markdown/image.html` sees, as `image`.
#[derive(serde::Serialize)]
struct ImageValue<'a> {
    src: &'a str,
    alt: &'a str,
    title: &'a str,
    width: Option<u32>,
    height: Option<u32>,
    lazy: bool,
    standalone: bool,
    /// The `srcset` and `sizes` of the image's resized copies (none when relief made none),
    /// and a `<source>` per smaller modern format: `mime` and `srcset`.
    srcset: Option<&'a str>,
    sizes: Option<&'a str>,
    sources: &'a [crate::images::Source],
}

impl crate::markdown::Hooks for HookRenderer {
    fn image(
        &self,
        image: &crate::markdown::Img<'_>,
        standalone: bool,
        file: &Path,
    ) -> Option<Result<String, Vec<Diagnostic>>> {
        if !self.has_hook(Element::Image) {
            return None;
        }
        let mut context = self.markdown_context(file);
        context.insert(
            "image",
            &ImageValue {
                src: image.src,
                alt: image.alt,
                title: image.title,
                width: image.size.map(|(w, _)| w),
                height: image.size.map(|(_, h)| h),
                lazy: image.loading.lazy,
                standalone,
                srcset: image.responsive.as_ref().and_then(|r| r.srcset.as_deref()),
                sizes: image.responsive.as_ref().map(|r| r.sizes.as_str()),
                sources: image.responsive.as_ref().map_or(&[], |r| &r.sources),
            },
        );
        Some(
            self.engine
                .render(Element::Image.template(), &context, file),
        )
    }

    fn responsive(
        &self,
        file: &Path,
        src: &str,
        site_path: &str,
    ) -> Result<Option<crate::images::Responsive>, String> {
        use crate::markdown::LinkResolver as _;
        let base_path = self.resolved.links.base_path();
        self.common
            .images()
            .responsive(file, src, site_path, base_path)
    }

    fn has_hook(&self, element: Element) -> bool {
        self.engine.hooks[element as usize]
    }

    fn anchor_link(
        &self,
        id: &str,
        level: u8,
        file: &Path,
    ) -> Option<Result<String, Vec<Diagnostic>>> {
        if !self.engine.has(ANCHOR_LINK) {
            return None;
        }
        // Zola's context for the template: the heading's id and level, and the language.
        let mut context = Context::new();
        context.insert_value("id", tera::Value::from(id));
        context.insert_value("level", tera::Value::from(level));
        let lang = languages::lang_of_file(file, &self.resolved.site_config);
        context.insert_value("lang", tera::Value::from(lang));
        Some(self.engine.render(ANCHOR_LINK, &context, file))
    }

    fn expands_shortcodes(&self) -> bool {
        !self.templates_bodies()
    }

    fn link(&self, link: &LinkHook<'_>, file: &Path) -> Option<Result<String, Vec<Diagnostic>>> {
        if !self.has_hook(Element::Link) {
            return None;
        }
        let mut value = tera::Map::new();
        value.insert("url".into(), tera::Value::from(link.url));
        value.insert("title".into(), tera::Value::from(link.title));
        value.insert("content".into(), tera::Value::safe_string(link.content));
        value.insert("external".into(), tera::Value::from(link.external));
        let mut context = self.markdown_context(file);
        context.insert_value("link", tera::Value::from(value));
        Some(self.engine.render(Element::Link.template(), &context, file))
    }

    fn heading(
        &self,
        heading: &HeadingHook<'_>,
        file: &Path,
    ) -> Option<Result<String, Vec<Diagnostic>>> {
        if !self.has_hook(Element::Heading) {
            return None;
        }
        let mut value = tera::Map::new();
        value.insert("level".into(), tera::Value::from(heading.level));
        value.insert("id".into(), tera::Value::from(heading.id));
        value.insert("content".into(), tera::Value::safe_string(heading.content));
        value.insert("text".into(), tera::Value::from(heading.text));
        value.insert(
            "classes".into(),
            tera::Value::from(
                heading
                    .classes
                    .iter()
                    .map(|c| tera::Value::from(*c))
                    .collect::<Vec<_>>(),
            ),
        );
        let mut context = self.markdown_context(file);
        context.insert_value("heading", tera::Value::from(value));
        Some(
            self.engine
                .render(Element::Heading.template(), &context, file),
        )
    }

    fn shortcode(
        &self,
        call: &crate::markdown::shortcodes::Call<'_>,
        at: &Path,
    ) -> Option<Result<String, Vec<Diagnostic>>> {
        let template = format!("{SHORTCODES}{}.html", call.name);
        if !self.engine.has(&template) {
            return None;
        }
        let mut context = self.markdown_context(at);
        for (key, value) in call.args {
            context.insert_value(key.clone(), shortcode_value(value));
        }
        context.insert("nth", &call.nth);
        if call.has_body {
            context.insert("body", crate::markdown::shortcodes::BODY_MARK);
        }
        Some(self.engine.render(&template, &context, at))
    }

    fn shortcode_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .engine
            .sources
            .keys()
            .map(|name| unthemed(name, self.engine.theme_prefix.as_deref()))
            .filter_map(|name| name.strip_prefix(SHORTCODES)?.strip_suffix(".html"))
            .map(str::to_string)
            .collect();
        // A site's shortcode may replace its theme's of the same name.
        names.sort();
        names.dedup();
        names
    }
}

impl HookRenderer {
    /// The context Markdown hooks and shortcodes of the file `file` start from: its `lang`
    /// (as its name gives it) and `config` in that language.
    fn markdown_context(&self, file: &Path) -> Context {
        let lang = languages::lang_of_file(file, &self.resolved.site_config);
        let mut context = Context::new();
        context.insert_value("config", self.resolved.config(lang));
        context.insert_value("lang", tera::Value::from(lang));
        context
    }
}

/// The prefix of the names of the templates of the theme in `folder` (`themes/name`), as
/// Zola names them: `name/templates/`.
fn theme_prefix(folder: &Path) -> String {
    let name = folder.file_name().unwrap_or_default().to_string_lossy();
    format!("{name}/templates/")
}

/// A template's name as the site would look it up: a theme's without its prefix.
fn unthemed<'n>(name: &'n str, prefix: Option<&str>) -> &'n str {
    prefix.and_then(|p| name.strip_prefix(p)).unwrap_or(name)
}

/// Read the templates of `root/folder` into `sources`, each named `prefix` and its path below
/// `folder`; files that cannot be read go into `diagnostics`.
fn read_sources(
    root: &Path,
    folder: &Path,
    prefix: &str,
    sources: &mut HashMap<String, String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let dir = root.join(folder);
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diagnostics.push(
                    Diagnostic::error(
                        "template",
                        format!("could not read {}/: {e}", folder.display()),
                    )
                    .at(Location::file(folder)),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let display = folder.join(&rel);
        match std::fs::read(entry.path())
            .map_err(|e| Diagnostic::io(&display, "read the template", &e))
            .and_then(|b| crate::content::load::decode(b, &display))
        {
            Ok(source) => {
                sources.insert(format!("{prefix}{rel}"), source);
            }
            Err(d) => diagnostics.push(d),
        }
    }
}

/// The template of a heading's anchor link under Zola's `insert_anchor_links`.
const ANCHOR_LINK: &str = "anchor-link.html";

/// Where shortcode templates live under templates/, as in Zola.
pub(crate) const SHORTCODES: &str = "shortcodes/";

fn shortcode_value(arg: &crate::markdown::shortcodes::Arg) -> tera::Value {
    use crate::markdown::shortcodes::Arg;
    match arg {
        Arg::Str(s) => tera::Value::from(s.as_str()),
        Arg::Int(n) => tera::Value::from(*n),
        Arg::Float(x) => tera::Value::from(*x),
        Arg::Bool(b) => tera::Value::from(*b),
        Arg::Array(items) => {
            tera::Value::from(items.iter().map(shortcode_value).collect::<Vec<_>>())
        }
    }
}

/// The syntax errors of every template, each parsed on its own: Tera stops a batch at its
/// first broken template, and an author fixing several wants them all in one run. Errors
/// that need the other templates (a missing parent, include or block) are not syntax
/// errors and are left to the batch.
fn syntax_errors(sources: &HashMap<String, String>) -> Vec<Diagnostic> {
    let mut names: Vec<&String> = sources.keys().collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let error = Tera::new().add_raw_template(name, &sources[name]).err()?;
            matches!(error.kind(), tera::ErrorKind::SyntaxError(_))
                .then(|| errors::diagnostics(&error, sources, None))
        })
        .flatten()
        .collect()
}
