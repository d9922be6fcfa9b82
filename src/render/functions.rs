//! Template functions and filters. Each phase registers its own, holding what exists at that
//! phase ([`Known`]): nothing of the site while templates are checked, its URLs and `config`
//! for Markdown hooks and shortcodes, and every template value for pages.

use super::languages;
use super::values::Related;
use crate::content::DocId;
use crate::markdown::{self, LinkResolver};
use crate::rendered::Store;
use crate::site::{Site, SiteLinks};
use crate::slug::encode_path;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

/// Lookup tables over the rendered site.
pub(crate) struct Lookup {
    pub pages: Vec<Value>,
    pub page_by_rel: HashMap<String, usize>,
    pub sections: Vec<Value>,
    pub section_by_rel: HashMap<String, usize>,
    pub taxonomy_names: Vec<String>,
    /// The language of each taxonomy of `taxonomy_names`.
    pub taxonomy_langs: Vec<String>,
    /// For each taxonomy: its value (with `terms`) and the term values.
    pub taxonomy_values: Vec<(Value, Vec<Value>)>,
    pub related: Related,
    /// `all_references()` in each language, the default one first.
    pub all_references: Vec<(String, Value)>,
    /// The site and its rendered Markdown, for what is written from typed data (JSON-LD).
    pub site: Arc<Site>,
    pub rendered: Store,
}

impl Lookup {
    /// The taxonomy `kind` of the language `kw` names (`lang`, else the default one).
    fn taxonomy(&self, kind: &str, kw: &Kwargs) -> TeraResult<Option<usize>> {
        let lang = kw
            .get::<&str>("lang")?
            .unwrap_or(&self.site.config.language);
        Ok((0..self.taxonomy_names.len())
            .find(|&t| self.taxonomy_names[t] == kind && self.taxonomy_langs[t] == lang))
    }

    /// The page or section a template value shows, by its `relative_path`.
    fn document_of(&self, value: &Value) -> Option<DocId> {
        let rel = value.get_from_path("relative_path")?.as_str()?;
        match self.page_by_rel.get(rel) {
            Some(&p) => Some(DocId::Page(p)),
            None => self.section_by_rel.get(rel).map(|&s| DocId::Section(s)),
        }
    }
}

/// What is known once the site is resolved, before its Markdown is read: its URLs and
/// `config`. So `get_url`, the `markdown` filter and `config` also work in shortcodes and
/// Markdown hooks.
pub(crate) struct Resolved {
    /// Scheme and host of the base URL, for `absolute=true`.
    pub origin: String,
    pub links: SiteLinks,
    /// `config` as templates see it, for each language of the site (the default one first).
    configs: Vec<(String, Value)>,
    /// The documents whose bodies are not templated (`skip_content_templating`).
    pub skip_templating: globset::GlobSet,
    /// The configuration, for `trans` and the `lang` arguments of functions.
    pub site_config: Arc<crate::config::Config>,
    /// The files published beside documents, for the `assets` a body's page sees.
    pub assets: Vec<crate::content::Asset>,
}

impl Resolved {
    pub(crate) fn new(site: &crate::site::Site) -> Resolved {
        Resolved {
            origin: site.origin.clone(),
            links: SiteLinks::new(site),
            configs: site
                .config
                .language_codes()
                .map(|lang| (lang.to_string(), super::values::config_value(site, lang)))
                .collect(),
            skip_templating: site.config.skip_content_templating.clone(),
            site_config: Arc::new(site.config.clone()),
            assets: site.content.assets.clone(),
        }
    }

    /// `config` as the templates of a document in `lang` see it (the default language's for
    /// a code that is not the site's).
    pub(crate) fn config(&self, lang: &str) -> Value {
        self.configs
            .iter()
            .find(|(code, _)| code == lang)
            .unwrap_or(&self.configs[0])
            .1
            .clone()
    }
}

/// Files of static/, hashed on first use for cache-busting URLs, and the SHA-256 of the
/// stylesheets compiled from Sass, once they are (Zola's `get_url(cachebust=true)` finds
/// those too).
#[derive(Default)]
pub(crate) struct StaticFiles {
    files: HashMap<String, (PathBuf, OnceLock<String>)>,
    compiled: std::sync::RwLock<HashMap<String, String>>,
}

impl StaticFiles {
    pub(crate) fn new(files: impl IntoIterator<Item = (String, PathBuf)>) -> Self {
        StaticFiles {
            files: files
                .into_iter()
                .map(|(rel, path)| (rel, (path, OnceLock::new())))
                .collect(),
            compiled: Default::default(),
        }
    }

    /// Take the stylesheets compiled from Sass (`(output path, CSS)`) as files of the output,
    /// replacing those of a previous build.
    pub(crate) fn set_compiled(&self, css: &[(String, String)]) {
        let hashes = css
            .iter()
            .map(|(rel, text)| {
                (
                    rel.clone(),
                    format!("{:x}", Sha256::digest(text.as_bytes())),
                )
            })
            .collect();
        if let Ok(mut compiled) = self.compiled.write() {
            *compiled = hashes;
        }
    }

    /// The SHA-256 in hex of a stylesheet compiled from Sass, by output path.
    pub(crate) fn compiled_hash(&self, rel: &str) -> Option<String> {
        self.compiled.read().ok()?.get(rel).cloned()
    }

    /// The file's SHA-256 in hex (64 digits), or `None` if it is not a static file.
    pub(crate) fn hash(&self, rel: &str) -> Option<&str> {
        let (path, hash) = self.files.get(rel)?;
        Some(hash.get_or_init(|| match std::fs::read(path) {
            Ok(bytes) => format!("{:x}", Sha256::digest(&bytes)),
            Err(_) => "0".into(),
        }))
    }

    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&String, &PathBuf)> {
        self.files.iter().map(|(rel, (path, _))| (rel, path))
    }
}

/// What the functions of every phase share: the files of static/ and data/, and what
/// templates asked of `related_pages`.
pub(crate) struct Common {
    statics: Arc<StaticFiles>,
    /// The largest `limit` any template passed to `related_pages`, so `serve` knows which
    /// pages can show an edited page among their related pages.
    related_limit: AtomicUsize,
    /// Files read by `load_data`.
    data: super::data::DataFiles,
    /// The images `resize_image` processes.
    images: Arc<crate::images::Processor>,
}

impl Common {
    pub(crate) fn new(statics: Arc<StaticFiles>, images: Arc<crate::images::Processor>) -> Common {
        Common {
            statics,
            related_limit: AtomicUsize::new(0),
            data: super::data::DataFiles::default(),
            images,
        }
    }

    pub(crate) fn statics(&self) -> &Arc<StaticFiles> {
        &self.statics
    }

    /// The image processor, whose results the output receives.
    pub(crate) fn images(&self) -> &Arc<crate::images::Processor> {
        &self.images
    }

    /// The largest `limit` passed to `related_pages` so far (0 if it was never called).
    pub(crate) fn related_limit(&self) -> usize {
        self.related_limit.load(Ordering::Relaxed)
    }
}

/// What one phase's functions can read. A Tera instance is made for each phase with
/// functions holding what exists then (the resolved site for Markdown hooks and shortcodes;
/// the template values too for pages), so a function cannot read a value set later: one
/// that needs more than its phase has answers with an error that says why.
#[derive(Clone)]
pub(crate) struct Known {
    pub common: Arc<Common>,
    pub resolved: Option<Arc<Resolved>>,
    pub values: Option<Arc<Lookup>>,
}

impl Known {
    fn resolved(&self) -> TeraResult<&Resolved> {
        self.resolved
            .as_deref()
            .ok_or_else(|| Error::message("the site is not resolved yet"))
    }

    fn values(&self) -> TeraResult<&Lookup> {
        self.values.as_deref().ok_or_else(|| {
            Error::message(
                "pages, sections, taxonomies and references are not available in shortcodes and Markdown hooks, which run while the pages are read; pass what the template needs as an argument",
            )
        })
    }
}

/// Register relief's functions and filters on `tera`, reading what `known` holds.
pub(crate) fn register(tera: &mut Tera, known: &Known, root: &Path) {
    super::contrib::register(tera);
    super::languages::register(tera, known.resolved.as_ref().map(|r| r.site_config.clone()));
    let s = known.clone();
    let url_root = root.to_path_buf();
    tera.register_function("get_url", move |kw: Kwargs, state: &State| {
        get_url(&s, &url_root, &kw, state)
    });
    let s = known.clone();
    let data_root = root.to_path_buf();
    tera.register_function(
        "load_data",
        move |kw: Kwargs, _: &State| -> TeraResult<Value> {
            let path = kw.must_get::<&str>("path")?;
            let format = kw.get::<&str>("format")?;
            // Zola's `required=false`: a file that is not there is none, not an error.
            let required = kw.get::<bool>("required")?.unwrap_or(true);
            if !required && super::files::search(&data_root, path)?.is_none() {
                return Ok(Value::none());
            }
            s.common
                .data
                .load(&data_root, path, format)
                .map_err(Error::message)
        },
    );
    let s = known.clone();
    tera.register_function(
        "get_page",
        move |kw: Kwargs, _: &State| -> TeraResult<Value> {
            let lookup = s.values()?;
            let config = &s.resolved()?.site_config;
            let lang = languages::lang_argument(&kw, config)?;
            let path = languages::file_in(&content_path(&kw)?, lang, config);
            let path = path.as_str();
            match lookup.page_by_rel.get(path) {
                Some(&i) => Ok(lookup.pages[i].clone()),
                // Zola's `allow_missing`: a draft or absent page the template handles itself.
                None if kw.get::<bool>("allow_missing")?.unwrap_or(false) => Ok(Value::none()),
                None => Err(not_found("page", path, lookup.page_by_rel.keys())),
            }
        },
    );
    let s = known.clone();
    tera.register_function(
        "get_section",
        move |kw: Kwargs, _: &State| -> TeraResult<Value> {
            let lookup = s.values()?;
            let config = &s.resolved()?.site_config;
            let lang = languages::lang_argument(&kw, config)?;
            let path = languages::file_in(&content_path(&kw)?, lang, config);
            let path = path.as_str();
            match lookup.section_by_rel.get(path) {
                Some(&i) if kw.get::<bool>("metadata_only")?.unwrap_or(false) => {
                    Ok(without_pages(&lookup.sections[i]))
                }
                Some(&i) => Ok(lookup.sections[i].clone()),
                None if kw.get::<bool>("allow_missing")?.unwrap_or(false) => Ok(Value::none()),
                None => Err(not_found("section", path, lookup.section_by_rel.keys())),
            }
        },
    );
    let s = known.clone();
    tera.register_function(
        "get_taxonomy",
        move |kw: Kwargs, _: &State| -> TeraResult<Value> {
            let lookup = s.values()?;
            let kind = kw.must_get::<&str>("kind")?;
            match lookup.taxonomy(kind, &kw)? {
                Some(i) => Ok(lookup.taxonomy_values[i].0.clone()),
                None => Err(not_found("taxonomy", kind, lookup.taxonomy_names.iter())),
            }
        },
    );
    let s = known.clone();
    tera.register_function(
        "get_taxonomy_term",
        move |kw: Kwargs, _: &State| -> TeraResult<Value> {
            let Some(term) = taxonomy_term(s.values()?, &kw, "get_taxonomy_term")? else {
                return Ok(Value::none());
            };
            match kw.get::<bool>("include_pages")?.unwrap_or(true) {
                true => Ok(term.clone()),
                false => Ok(without_pages(term)),
            }
        },
    );
    let s = known.clone();
    tera.register_function(
        "get_taxonomy_url",
        move |kw: Kwargs, _: &State| -> TeraResult<Value> {
            let term = taxonomy_term(s.values()?, &kw, "get_taxonomy_url")?;
            Ok(term
                .and_then(|t| t.get_from_path("permalink").cloned())
                .unwrap_or_else(Value::none))
        },
    );
    let hash_root = root.to_path_buf();
    tera.register_function("get_hash", move |kw: Kwargs, _: &State| {
        super::files::get_hash(&hash_root, &kw)
    });
    let image_root = root.to_path_buf();
    tera.register_function("get_image_metadata", move |kw: Kwargs, _: &State| {
        super::files::get_image_metadata(&image_root, &kw)
    });
    let s = known.clone();
    let image_root = root.to_path_buf();
    tera.register_function(
        "resize_image",
        move |kw: Kwargs, _: &State| -> TeraResult<Value> {
            let resolved = s.resolved()?;
            let base_url = format!("{}{}", resolved.origin, resolved.links.base_path());
            super::files::resize_image(&image_root, &s.common.images, &base_url, &kw)
        },
    );
    let s = known.clone();
    tera.register_function(
        "social_card",
        move |kw: Kwargs, state: &State| -> TeraResult<Value> {
            let resolved = s.resolved()?;
            let base_url = format!("{}{}", resolved.origin, resolved.links.base_path());
            let config = &resolved.site_config;
            let lang = match languages::lang_argument(&kw, config)? {
                Some(lang) => lang.to_string(),
                None => state.get::<String>("lang")?.unwrap_or_default(),
            };
            super::files::social_card(
                &s.common.images,
                &base_url,
                config,
                resolved.links.words(&lang),
                &lang,
                &kw,
            )
        },
    );
    let s = known.clone();
    tera.register_function(
        "related_pages",
        move |kw: Kwargs, _: &State| -> TeraResult<Value> {
            let lookup = s.values()?;
            let path = kw.must_get::<&str>("path")?;
            let limit = kw.get::<usize>("limit")?.unwrap_or(3);
            s.common.related_limit.fetch_max(limit, Ordering::Relaxed);
            let &page = lookup
                .page_by_rel
                .get(path)
                .ok_or_else(|| not_found("page", path, lookup.page_by_rel.keys()))?;
            Ok(Value::from(
                lookup
                    .related
                    .of(page, limit)
                    .into_iter()
                    .map(|p| lookup.pages[p].clone())
                    .collect::<Vec<_>>(),
            ))
        },
    );
    let s = known.clone();
    tera.register_function(
        "all_references",
        move |kw: Kwargs, _: &State| -> TeraResult<Value> {
            let lookup = s.values()?;
            let lang = languages::lang_argument(&kw, &s.resolved()?.site_config)?;
            let all = &lookup.all_references;
            Ok(all
                .iter()
                .find(|(code, _)| Some(code.as_str()) == lang)
                .or(all.first())
                .map_or_else(|| Value::from(Vec::<Value>::new()), |(_, v)| v.clone()))
        },
    );
    let s = known.clone();
    tera.register_filter(
        "markdown",
        move |text: &str, kw: Kwargs, state: &State| -> TeraResult<Value> {
            let resolved = s.resolved()?;
            let inline = kw.get::<bool>("inline")?.unwrap_or(false);
            // relief's words (a callout's title…) in the language of the page rendered.
            let lang = state.get::<String>("lang")?.unwrap_or_default();
            render_markdown(text, &resolved.links, inline, &lang)
        },
    );
    tera.register_filter(
        "json",
        |value: &Value, _: Kwargs, _: &State| -> TeraResult<Value> {
            let json = serde_json::to_string(value)
                .map_err(|e| Error::message(format!("cannot write JSON: {e}")))?;
            Ok(Value::safe_string(&super::structured::script_safe(&json)))
        },
    );
    let s = known.clone();
    tera.register_filter(
        "json_ld",
        move |doc: &Value, _: Kwargs, _: &State| -> TeraResult<Value> {
            let lookup = s.values()?;
            let id = lookup.document_of(doc).ok_or_else(|| {
                Error::message("json_ld takes a page or section (`page | json_ld`)")
            })?;
            Ok(Value::safe_string(&super::structured::json_ld(
                &lookup.site,
                &lookup.rendered,
                id,
            )))
        },
    );
    tera.register_filter(
        "date_format",
        |date: &str, kw: Kwargs, _: &State| -> TeraResult<String> {
            let format = kw.get::<&str>("format")?.unwrap_or("%-d %B %Y");
            let parsed: jiff::civil::Date = date
                .get(..10)
                .unwrap_or(date)
                .parse()
                .map_err(|_| Error::message(format!("`{date}` is not a YYYY-MM-DD date")))?;
            // `lang`: the month's name (`%B`) in that language, as `5 de diciembre de 2026`.
            let format = match kw.get::<&str>("lang")? {
                None => std::borrow::Cow::Borrowed(format),
                Some(lang) => std::borrow::Cow::Owned(
                    languages::month_in(format, parsed.month(), lang).map_err(Error::message)?,
                ),
            };
            jiff::fmt::strtime::format(format.as_ref(), parsed)
                .map_err(|e| Error::message(format!("bad date format `{format}`: {e}")))
        },
    );
}

fn get_url(known: &Known, root: &Path, kw: &Kwargs, state: &State) -> TeraResult<String> {
    let path = kw.must_get::<&str>("path")?;
    let resolved = known.resolved()?;
    // A Zola site's get_url is Zola's: absolute URLs, no cache-busting hash unless asked,
    // `trailing_slash`.
    let zola = resolved.site_config.zola_defaults;
    let absolute = zola || kw.get::<bool>("absolute")?.unwrap_or(false);
    let cachebust = kw.get::<bool>("cachebust")?.unwrap_or(!zola);
    if path.starts_with("http://") || path.starts_with("https://") || path.starts_with("mailto:") {
        return Ok(path.to_string());
    }
    let lang = languages::lang_argument(kw, &resolved.site_config)?;
    // Zola links `@/` to the file in the page's language when no `lang` is given.
    let page_lang = if zola && path.starts_with("@/") && lang.is_none() {
        state.get::<String>("lang")?
    } else {
        None
    }
    .filter(|l| resolved.site_config.language_codes().any(|code| code == l));
    let lang = lang.or(page_lang.as_deref());
    if zola && !path.starts_with("@/") {
        let trailing_slash = kw.get::<bool>("trailing_slash")?.unwrap_or(false);
        return zola_url(known, resolved, root, path, lang, cachebust, trailing_slash);
    }
    let url = if let Some(rel) = path.strip_prefix("@/") {
        let (file, anchor) = rel
            .split_once('#')
            .map_or((rel, None), |(f, a)| (f, Some(a)));
        let file = languages::file_in(file, lang, &resolved.site_config);
        let file = file.as_str();
        let url = resolved.links.url(file).ok_or_else(|| {
            match resolved.links.draft(file) {
                Some(source) => Error::message(format!(
                    "`@/{file}` is a draft (`draft = true` in {}), and drafts are built only with --drafts",
                    source.display()
                )),
                None => not_found("page", file, resolved.links.paths()),
            }
        })?;
        anchor.map_or(url.clone(), |a| format!("{url}#{a}"))
    } else {
        let path = languages::site_path_in(path, lang, &resolved.site_config);
        let trimmed = path.trim_start_matches('/');
        let split_at = trimmed.find(['#', '?']).unwrap_or(trimmed.len());
        let (file, suffix) = trimmed.split_at(split_at);
        let mut url = format!("{}{}", resolved.links.base_path(), encode_path(file));
        if cachebust && suffix.is_empty() {
            if let Some(hash) = known.common.statics.hash(file) {
                url.push_str("?h=");
                url.push_str(&hash[..10]);
            }
        }
        url.push_str(suffix);
        url
    };
    Ok(if absolute {
        format!("{}{url}", resolved.origin)
    } else {
        url
    })
}

/// `get_url(path=…)` of a site path in a Zola site, as Zola writes it: the page's `lang`
/// is not applied, only a `lang` argument other than the default language, which puts the
/// path under `/xx/` unless it already starts there (Zola compares from its second
/// character, so `/es/x` stays as it is and `es/x` does not); the URL is absolute and ends
/// with a slash only with `trailing_slash=true` (then one is added, except after a feed's
/// name, an empty path or one with `#`); `cachebust=true` adds `?h=` and the first 20 hex
/// digits of the file's SHA-256, the file being one of static/ (the theme's too), a
/// stylesheet compiled from Sass, or one of the project or content/; no such file is an
/// error, as in Zola.
fn zola_url(
    known: &Known,
    resolved: &Resolved,
    root: &Path,
    path: &str,
    lang: Option<&str>,
    cachebust: bool,
    trailing_slash: bool,
) -> TeraResult<String> {
    let config = &resolved.site_config;
    let path = match lang {
        Some(lang)
            if lang != config.language
                && (path.is_empty()
                    || !path.chars().skip(1).collect::<String>().starts_with(lang)) =>
        {
            format!("{lang}/{path}")
        }
        _ => path.to_string(),
    };
    let no_slash = path.ends_with('/')
        || path.is_empty()
        || path.contains('#')
        || config
            .feed_filenames
            .iter()
            .any(|f| path.ends_with(f.as_str()));
    let below = path.strip_prefix('/').unwrap_or(&path);
    let split_at = below.find(['#', '?']).unwrap_or(below.len());
    let (file, suffix) = below.split_at(split_at);
    let mut url = format!(
        "{}{}{}{suffix}",
        resolved.origin,
        resolved.links.base_path(),
        encode_path(file)
    );
    if !no_slash {
        url.push('/');
    }
    if !trailing_slash && url.ends_with('/') {
        url.pop();
    }
    if cachebust {
        let file = file.trim_end_matches('/');
        let statics = &known.common.statics;
        let hash = match statics.hash(file) {
            Some(hash) => hash.to_string(),
            None => match statics.compiled_hash(file) {
                Some(hash) => hash,
                None => {
                    let found = super::files::search(root, file)?.ok_or_else(|| {
                        Error::message(format!(
                            "`get_url`: cachebust=true hashes the file, and there is no `{file}` in static/, the stylesheets compiled from Sass, the project or content/"
                        ))
                    })?;
                    let bytes = std::fs::read(&found).map_err(|e| {
                        Error::message(format!("`get_url`: could not read `{file}`: {e}"))
                    })?;
                    format!("{:x}", Sha256::digest(&bytes))
                }
            },
        };
        url.push_str("?h=");
        url.push_str(&hash[..20]);
    }
    Ok(url)
}

fn render_markdown(text: &str, links: &SiteLinks, inline: bool, lang: &str) -> TeraResult<Value> {
    let file = std::path::Path::new("(markdown filter)");
    let input = markdown::Input {
        body: text,
        file,
        line_offset: 0,
        dir: "",
        beside: None,
        hooks: None,
        reference_ids: &[],
        links,
        heading_ids: links.heading_ids,
        smart_punctuation: links.smart_punctuation,
        external_links: &links.external_links,
        // As Zola's filter: text shown in a template gets no heading anchor links.
        features: crate::config::MarkdownFeatures {
            anchor_links: crate::config::AnchorLinks::None,
            ..links.features
        },
        lang: "",
        words: links.words(lang),
        highlighter: links.highlighter.as_deref(),
    };
    let (rendered, diagnostics) = markdown::render(&input);
    if let Some(e) = diagnostics.iter().find(|d| d.is_error()) {
        return Err(Error::message(e.message.clone()));
    }
    let mut html = rendered.summary.unwrap_or_default() + &rendered.content;
    if inline {
        let trimmed = html.trim();
        if let Some(inner) = trimmed
            .strip_prefix("<p>")
            .and_then(|t| t.strip_suffix("</p>"))
        {
            if !inner.contains("<p>") {
                html = inner.to_string();
            }
        }
    }
    Ok(Value::safe_string(&html))
}

/// The term that `kind` and `term` (as front matter writes it) name, as Zola's
/// `get_taxonomy_term` and `get_taxonomy_url` find it; `None` when `required=false` and there
/// is none.
fn taxonomy_term<'l>(
    lookup: &'l Lookup,
    kw: &Kwargs,
    function: &str,
) -> TeraResult<Option<&'l Value>> {
    let kind = kw.must_get::<&str>("kind")?;
    let term = match (kw.get::<&str>("term")?, kw.get::<&str>("name")?) {
        (Some(term), _) | (None, Some(term)) => term,
        (None, None) => return Err(Error::message(format!("`{function}` needs a `term`"))),
    };
    let required = kw.get::<bool>("required")?.unwrap_or(true);
    let Some(t) = lookup.taxonomy(kind, kw)? else {
        return match required {
            true => Err(not_found("taxonomy", kind, lookup.taxonomy_names.iter())),
            false => Ok(None),
        };
    };
    let slug = crate::slug::slugify(term);
    let found = lookup.taxonomy_values[t]
        .1
        .iter()
        .find(|v| v.get_from_path("slug").and_then(Value::as_str) == Some(slug.as_str()));
    match (found, required) {
        (Some(found), _) => Ok(Some(found)),
        (None, false) => Ok(None),
        (None, true) => Err(Error::message(format!(
            "`{function}`: the `{kind}` taxonomy has no term `{term}`"
        ))),
    }
}

/// The `path` of `get_page` or `get_section`, below content/ (`@/` dropped). A page or section
/// value stands for its own path: Zola's `section.subsections` and `page.ancestors` are
/// paths, relief's are links to them, so Zola's `get_section(path=s)` over them works either
/// way.
fn content_path(kw: &Kwargs) -> TeraResult<String> {
    let path = kw.must_get::<&Value>("path")?;
    let text = match path.as_str() {
        Some(text) => text,
        None => path
            .get_from_path("relative_path")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                Error::message(
                    "`path` is a path below content/ (`blog/_index.md`), or a page or section",
                )
            })?,
    };
    Ok(text.trim_start_matches("@/").to_string())
}

/// `value` (a section or a term) with an empty `pages` list, as `metadata_only=true` and
/// `include_pages=false` ask.
fn without_pages(value: &Value) -> Value {
    let mut map = value.as_map().cloned().unwrap_or_default();
    if map.contains_key(&tera::value::Key::Str("pages")) {
        map.insert("pages".into(), Value::from(Vec::<Value>::new()));
    }
    Value::from(map)
}

fn not_found<'a>(what: &str, path: &str, known: impl Iterator<Item = &'a String>) -> Error {
    let known: Vec<&String> = known.collect();
    let hint = crate::diagnostics::suggest(path, known.iter().map(|s| s.as_str()))
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    Error::message(format!("there is no {what} `{path}`{hint}"))
}
