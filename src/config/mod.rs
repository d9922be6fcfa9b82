//! The site's configuration, `zola.toml` or `config.toml`: site-wide settings. Every unknown
//! key and wrong value is an error at its line, all of them in one run, with a suggestion, so a
//! typo never passes silently.
//!
//! A Zola site gets Zola's defaults where Zola and relief differ (feeds, slugs, a required
//! title); a relief site keeps relief's, so existing relief sites build unchanged. Which
//! one a file is: `dialect`.

use crate::diagnostics::{from_toml, Diagnostic, Location};
use crate::schema;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

mod base_url;
mod check;
mod dialect;
mod evidence;
mod fields;
mod highlighting;
mod ignored;
mod languages;
mod markdown;
mod search;
mod slugify;
mod taxonomies;
pub(crate) mod theme;
mod words;
mod zola_keys;

pub(crate) use fields::FIELDS;

pub(crate) use base_url::parse_base_url;
use check::allowed_codes;
pub(crate) use check::CheckConfig;
pub(crate) use evidence::{EvidenceLevel, EvidenceLevels};
pub(crate) use languages::{valid_code as valid_language_code, Language};
pub(crate) use markdown::{AnchorLinks, ImageLoading, MarkdownFeatures};
pub(crate) use search::{elasticlunr_knows, IndexFormat, SearchConfig};
pub(crate) use slugify::SlugifyConfig;
pub(crate) use taxonomies::TaxonomyConfig;
use taxonomies::{taxonomy, RawTaxonomy};
pub(crate) use words::{Word, Words, WORDS};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Config {
    /// Required: [`Config::parse`] reports it missing.
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Required: [`Config::parse`] reports it missing.
    #[serde(default)]
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// Zola's name for `language`; [`Config::parse`] moves it there.
    #[serde(default)]
    default_language: Option<String>,
    /// Zola's `[translations]` as written; [`Config::parse`] settles `translations`.
    #[serde(rename = "translations", default)]
    raw_translations: BTreeMap<String, String>,
    /// The default language's strings for `trans()`.
    #[serde(skip)]
    pub translations: BTreeMap<String, String>,
    /// Zola's `[languages]` as written; [`Config::parse`] settles `languages`.
    #[serde(rename = "languages", default)]
    raw_languages: BTreeMap<String, languages::RawLanguage>,
    /// The site's languages other than its default one (`language`), by code.
    #[serde(skip)]
    pub languages: Vec<Language>,
    #[serde(default)]
    pub author: String,
    /// `taxonomies` as written; [`Config::parse`] checks it into `taxonomies`.
    #[serde(rename = "taxonomies", default)]
    raw_taxonomies: Option<Vec<toml::Spanned<RawTaxonomy>>>,
    /// Zola's `taxonomy_root` as written; [`Config::parse`] settles `taxonomy_root`.
    #[serde(rename = "taxonomy_root", default)]
    raw_taxonomy_root: Option<toml::Spanned<String>>,
    /// The folder the taxonomies' pages go under (`blog` for /blog/tags/), if not the root.
    #[serde(skip)]
    pub taxonomy_root: Option<String>,
    /// The taxonomies, in config order (default: `tags` for relief's sites, none for Zola's).
    #[serde(skip)]
    pub taxonomies: Vec<TaxonomyConfig>,
    #[serde(default)]
    pub relative_urls: bool,
    /// Where `relief build` writes the site when no `--output` is given, from the root
    /// (Zola's `output_dir`).
    #[serde(default = "default_output_dir")]
    pub output_dir: String,
    /// Write sitemap.xml (Zola's `generate_sitemap`).
    #[serde(default = "yes")]
    pub generate_sitemap: bool,
    /// Zola's `exclude_paginated_pages_in_sitemap` as written: `"none"` or `"all"`.
    #[serde(rename = "exclude_paginated_pages_in_sitemap", default)]
    raw_exclude_paginated: Option<toml::Spanned<String>>,
    /// Leave pagers 2, 3… of sections and terms out of sitemap.xml.
    #[serde(skip)]
    pub sitemap_without_pagers: bool,
    /// Write robots.txt (Zola's `generate_robots_txt`).
    #[serde(default = "yes")]
    pub generate_robots_txt: bool,
    /// Keep the dotfiles and dot folders at the root of the previous output (`.git`) in the
    /// new one (Zola's `preserve_dotfiles_in_output`).
    #[serde(default)]
    pub preserve_dotfiles_in_output: bool,
    /// Minify every page's HTML, as Zola's `minify_html` does.
    #[serde(default)]
    pub minify_html: bool,
    /// Minify the stylesheets of static/ (relief's own: Zola copies static/ as it is).
    #[serde(default)]
    pub minify_css: bool,
    /// Compile the Sass of sass/ into CSS (Zola's `compile_sass`).
    #[serde(default)]
    pub compile_sass: bool,
    /// Zola's `ignored_content` as written; [`Config::parse`] makes it `ignored_content`.
    #[serde(rename = "ignored_content", default)]
    raw_ignored_content: Vec<toml::Spanned<String>>,
    /// Files of content/ left out of the build, by their path below content/.
    #[serde(skip)]
    pub ignored_content: globset::GlobSet,
    /// Zola's `ignored_static` as written; [`Config::parse`] makes it `ignored_static`.
    #[serde(rename = "ignored_static", default)]
    raw_ignored_static: Vec<toml::Spanned<String>>,
    /// Files of static/ not copied, by their path below static/.
    #[serde(skip)]
    pub ignored_static: globset::GlobSet,
    /// Zola's `skip_content_templating` as written; [`Config::parse`] makes it
    /// `skip_content_templating`.
    #[serde(rename = "skip_content_templating", default)]
    raw_skip_content_templating: Vec<toml::Spanned<String>>,
    /// Pages and sections whose bodies are not rendered through Tera, by their path below
    /// content/ (see `render::content`).
    #[serde(skip)]
    pub skip_content_templating: globset::GlobSet,
    /// Zola's `[markdown]`: the keys relief acts on (the others: `zola_keys`).
    #[serde(default)]
    markdown: MarkdownConfig,
    /// Turn quotes, dashes and ellipses typographic (Zola's `[markdown] smart_punctuation`):
    /// relief's default, not Zola's.
    #[serde(skip)]
    pub smart_punctuation: bool,
    /// What Markdown links to other sites carry.
    #[serde(skip)]
    pub external_links: ExternalLinks,
    /// The rest of `[markdown]`: anchor links and the Markdown extensions.
    #[serde(skip)]
    pub markdown_features: MarkdownFeatures,
    /// `[markdown.highlighting]`, settled; `None` leaves code blocks plain.
    #[serde(skip)]
    pub highlighting: Option<crate::highlight::Settings>,
    /// The grammars and themes `highlighting` asks for, loaded by [`Config::load`].
    #[serde(skip)]
    pub highlighter: Option<std::sync::Arc<crate::highlight::Highlighter>>,
    /// `[slugify]` as written; [`Config::parse`] settles it into `slugify`.
    #[serde(rename = "slugify", default)]
    raw_slugify: slugify::RawSlugify,
    /// How paths, taxonomy terms and heading ids are made into slugs.
    #[serde(skip)]
    pub slugify: SlugifyConfig,
    /// Zola's `generate_feeds` as written; [`Config::parse`] settles `generate_feeds`.
    #[serde(rename = "generate_feeds", default)]
    raw_generate_feeds: Option<bool>,
    /// Write the site's feed (`atom.xml`): relief's default, not Zola's.
    #[serde(skip)]
    pub generate_feeds: bool,
    /// Zola's `feed_filenames` as written; [`Config::parse`] checks it into `feed_filenames`.
    #[serde(rename = "feed_filenames", default)]
    raw_feed_filenames: Option<Vec<toml::Spanned<String>>>,
    /// The site's feeds: `atom.xml`, `rss.xml`, both or none.
    #[serde(skip)]
    pub feed_filenames: Vec<String>,
    /// Zola's `feed_limit` as written; [`Config::parse`] settles `feed_limit`.
    #[serde(rename = "feed_limit", default)]
    raw_feed_limit: Option<usize>,
    /// The most entries a feed lists (all when `None`).
    #[serde(skip)]
    pub feed_limit: Option<usize>,
    /// Zola's `build_search_index`: write Zola's search index.
    #[serde(default)]
    pub build_search_index: bool,
    /// `relief_search_index` as written; [`Config::parse`] settles `relief_search_index`.
    #[serde(rename = "relief_search_index", default)]
    raw_relief_search_index: Option<bool>,
    /// Write relief's own search index (`search/`): relief's sites have it unless they turn
    /// it off; a site with Zola's defaults only when it asks, since its templates do not
    /// read it.
    #[serde(skip)]
    pub relief_search_index: bool,
    /// `[search]` as written; [`Config::parse`] settles it into `search`.
    #[serde(rename = "search", default)]
    raw_search: search::RawSearch,
    /// What Zola's search index holds, and its format.
    #[serde(skip)]
    pub search: SearchConfig,
    #[serde(default)]
    pub review: ReviewConfig,
    #[serde(default)]
    pub evidence: EvidenceConfig,
    #[serde(default)]
    pub link_checker: LinkCheckerConfig,
    #[serde(default)]
    pub check: CheckConfig,
    /// `[images]`: the cache of processed images, and responsive Markdown images.
    #[serde(default)]
    pub images: crate::images::Settings,
    /// The site's `[extra]`, with the theme's `[extra]` merged under it.
    #[serde(default)]
    pub extra: toml::Table,
    /// Zola's `theme` as written; [`Config::load`] checks it into `theme`.
    #[serde(rename = "theme", default)]
    raw_theme: Option<toml::Spanned<String>>,
    /// The theme the site uses: the name of its folder in themes/.
    #[serde(skip)]
    pub theme: Option<String>,
    /// The file the configuration was read from: `zola.toml` or `config.toml`.
    #[serde(skip)]
    pub file: std::path::PathBuf,
    /// Read from `zola.toml`: Zola's defaults apply where they differ from relief's.
    #[serde(skip)]
    pub zola_defaults: bool,
    /// Warnings about the file as written (a site key below `[extra]`), for the build to
    /// report with the others.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReviewConfig {
    /// How many days a whole-page review stays valid when a page sets no `review_due`.
    #[serde(default = "default_interval")]
    pub interval_days: u32,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        ReviewConfig {
            interval_days: default_interval(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EvidenceConfig {
    /// Allowed values of a page's `evidence` key, with their labels, in the order written.
    #[serde(default)]
    pub levels: EvidenceLevels,
}

/// Link checking settings (Zola's names).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LinkCheckerConfig {
    /// External URLs starting with one of these are never fetched.
    #[serde(default)]
    pub skip_prefixes: Vec<String>,
    /// How `relief check` reports a broken link, anchor, image or asset of the output.
    #[serde(default)]
    pub internal_level: LinkLevel,
    /// How `relief check --external` reports a dead external link.
    #[serde(default)]
    pub external_level: LinkLevel,
}

/// Zola's `internal_level` and `external_level`: whether a link problem fails the check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum LinkLevel {
    /// An error: `relief check` fails.
    #[default]
    Error,
    /// A warning: reported, and the check passes.
    Warn,
}

impl LinkLevel {
    /// `diagnostics` as this level reports them.
    pub(crate) fn apply(self, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self == LinkLevel::Warn {
            for d in &mut diagnostics {
                d.severity = crate::diagnostics::Severity::Warning;
            }
        }
        diagnostics
    }
}

/// The keys of Zola's `[markdown]` relief acts on, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkdownConfig {
    highlighting: Option<toml::Spanned<highlighting::RawHighlighting>>,
    smart_punctuation: Option<bool>,
    external_links_class: Option<toml::Spanned<String>>,
    #[serde(default)]
    external_links_target_blank: bool,
    #[serde(default)]
    external_links_no_follow: bool,
    #[serde(default)]
    external_links_no_referrer: bool,
    external_links_external: Option<bool>,
    insert_anchor_links: Option<toml::Spanned<String>>,
    #[serde(default)]
    bottom_footnotes: bool,
    #[serde(default)]
    definition_list: bool,
    lazy_async_image: Option<bool>,
    github_alerts: Option<bool>,
    #[serde(default)]
    render_emoji: bool,
}

/// What Markdown links to other sites carry (Zola's `external_links_*` of `[markdown]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ExternalLinks {
    /// `class="…"`.
    pub class: Option<String>,
    /// `target="_blank"`, with `rel="noopener"`.
    pub target_blank: bool,
    /// `rel="nofollow"`.
    pub no_follow: bool,
    /// `rel="noreferrer"`.
    pub no_referrer: bool,
    /// `rel="external"`: Zola's default, not relief's.
    pub external: bool,
}

impl ExternalLinks {
    /// Whether external links get anything beyond `href` and `title`.
    pub(crate) fn any(&self) -> bool {
        self.class.is_some()
            || self.target_blank
            || self.no_follow
            || self.no_referrer
            || self.external
    }
}

fn default_language() -> String {
    "en".into()
}
fn default_output_dir() -> String {
    "public".into()
}
fn yes() -> bool {
    true
}
fn default_interval() -> u32 {
    365
}

/// The keys the configuration must have, with an example of each: Zola requires only
/// `base_url`, relief a title too.
const REQUIRED: &[(&str, &str)] = &[
    ("title", "title = \"My site\""),
    ("base_url", "base_url = \"https://example.org/\""),
];

/// The feed file names relief writes (`feed_filenames`): Atom and RSS 2.0, as Zola's built-in
/// feed templates.
pub(crate) const FEED_FILE_NAMES: [&str; 2] = ["atom.xml", "rss.xml"];

/// How many entries relief's feeds list when the configuration does not say.
const RELIEF_FEED_LIMIT: usize = 20;

/// The names the configuration file may have, in the order they are looked for: when both
/// exist, `zola.toml` is read and `config.toml` is not, as Zola does.
pub(crate) const FILE_NAMES: [&str; 2] = ["zola.toml", "config.toml"];

/// The name of the configuration file of the site at `root`, when it has one.
pub(crate) fn file_name(root: &Path) -> Option<&'static str> {
    FILE_NAMES
        .into_iter()
        .find(|name| root.join(name).is_file())
}

/// The feed file names of `feed_filenames` as written: each one relief cannot write (only
/// `atom.xml` and `rss.xml`) is an error at its value, in `errors`.
pub(super) fn feed_names(
    names: Vec<toml::Spanned<String>>,
    source: &str,
    display: &Path,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    for name in names
        .iter()
        .filter(|n| !FEED_FILE_NAMES.contains(&n.get_ref().as_str()))
    {
        let span = name.span();
        errors.push(
            Diagnostic::error(
                "not-supported",
                format!(
                    "feeds other than atom.xml and rss.xml (`{}`) are not supported yet",
                    name.get_ref()
                ),
            )
            .at(Location::offset(display, source, span.start, span.len()))
            .help("write feed_filenames = [\"atom.xml\"] or [\"rss.xml\"] (or both): relief writes feeds from its own Atom and RSS formats, not from a template"),
        );
    }
    names.into_iter().map(|n| n.into_inner()).collect()
}

impl Config {
    /// Read and validate `root/zola.toml`, or else `root/config.toml`: every problem found,
    /// or the config.
    pub(crate) fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let Some(name) = file_name(root) else {
            return Err(vec![Diagnostic::error("config", "config.toml not found")
                .at(Location::file(root))
                .help("run relief from the site's folder (the one holding config.toml or zola.toml), pass --root DIR, or create a site with `relief init DIR`")]);
        };
        let display = Path::new(name);
        let bytes = match std::fs::read(root.join(name)) {
            Ok(bytes) => bytes,
            Err(e) => return Err(vec![Diagnostic::io(display, &format!("read {name}"), &e)]),
        };
        if let Some(utf16) = crate::encoding::utf16(&bytes) {
            return Err(vec![Diagnostic::error(
                "encoding",
                format!("{name} is {utf16}, not UTF-8"),
            )
            .at(Location::file(display))
            .help(crate::encoding::SAVE_AS_UTF8)]);
        }
        let source = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(_) => {
                return Err(vec![Diagnostic::error(
                    "config",
                    format!("{name} is not valid UTF-8"),
                )
                .at(Location::file(display))
                .help("save the file as UTF-8")])
            }
        };
        let source = source.strip_prefix('\u{feff}').unwrap_or(&source);
        let mut config = Config::parse(source, display)?;
        theme::settle(&mut config, root, source, display)?;
        // The grammar and theme files named in the configuration are read from the site.
        if let Some(settings) = &config.highlighting {
            let highlighter = crate::highlight::Highlighter::load(settings, root)?;
            config.highlighter = Some(std::sync::Arc::new(highlighter));
        }
        Ok(config)
    }

    /// The folder of the site's theme from the project root (`themes/name`), if it has one.
    pub(crate) fn theme_folder(&self) -> Option<std::path::PathBuf> {
        self.theme.as_deref().map(theme::folder)
    }

    /// Parse and validate the text of the configuration file `display`: every problem found,
    /// or the config.
    pub(crate) fn parse(source: &str, display: &Path) -> Result<Config, Vec<Diagnostic>> {
        let name = display.display();
        if source.trim().is_empty() {
            return Err(vec![Diagnostic::error("config", format!("{name} is empty"))
                .at(Location::line(display, source, 1))
                .help("set at least `title` and `base_url`, e.g. title = \"My site\" and base_url = \"https://example.org/\"")]);
        }
        let doc = schema::Doc {
            file: display,
            text: source,
            line_offset: 0,
            owner: "site",
            code: "config",
            dates: &[],
        };
        let (mut table, mut errors) = schema::parse(&doc)?;
        let zola_defaults = dialect::zola_defaults(display.file_name(), table.get_ref());
        // A Zola site's title defaults to empty; relief's sites must have one.
        let written: Vec<bool> = REQUIRED
            .iter()
            .map(|(key, _)| {
                table.get_ref().contains_key(*key) || (zola_defaults && *key == "title")
            })
            .collect();
        let found = schema::check(&doc, table.get_mut(), FIELDS);
        errors.extend(found.errors);
        errors.extend(allowed_codes(&doc, table.get_ref()));
        zola_keys::set_aside(table.get_mut());
        errors.extend(languages::check_codes(&doc, table.get_mut()));
        if let Some((key, _)) = table.get_ref().get_key_value("default_language") {
            if table.get_ref().contains_key("language") {
                errors.push(
                    Diagnostic::error("config", "both `language` and `default_language` are set")
                        .at(doc.at(key.span()))
                        .help(
                            "keep one: `default_language` is Zola's name for relief's `language`",
                        ),
                );
            }
        }
        for (&(key, example), written) in REQUIRED.iter().zip(written) {
            if !written {
                errors.push(
                    Diagnostic::error("config", format!("{name} has no `{key}`"))
                        .at(Location::file(display))
                        .help(format!(
                            "add {example} at the top, above the first `[table]` line"
                        )),
                );
            }
        }
        let mut config = match Config::deserialize(toml::de::Deserializer::from(table)) {
            Ok(config) => config,
            Err(e) => {
                errors.push(from_toml(&e, source, display, 0, &[]));
                return Err(errors);
            }
        };
        config.taxonomies = match config.raw_taxonomies.take() {
            None if zola_defaults => Vec::new(),
            None => vec![TaxonomyConfig::named("tags")],
            Some(raw) => raw
                .into_iter()
                .filter_map(|entry| match taxonomy(entry, source, display) {
                    Ok(t) => Some(t),
                    Err(e) => {
                        errors.extend(e);
                        None
                    }
                })
                .collect(),
        };
        if let Some(written) = config.raw_taxonomy_root.take() {
            match taxonomies::root(written, source, display) {
                Ok(root) => config.taxonomy_root = Some(root),
                Err(e) => errors.push(e),
            }
        }
        if let Some(language) = config.default_language.take() {
            config.language = language;
        }
        // `[search]` first: the other languages' indexes take its `index_format`.
        match search::settle(std::mem::take(&mut config.raw_search), source, display) {
            Ok(settled) => config.search = settled,
            Err(e) => errors.push(e),
        }
        match languages::settle(
            std::mem::take(&mut config.raw_languages),
            &config.language,
            std::mem::take(&mut config.raw_translations),
            &config.search,
            source,
            display,
        ) {
            Ok(settled) => {
                config.languages = settled.languages;
                config.translations = settled.translations;
                if config.title.is_empty() {
                    config.title = settled.title.unwrap_or_default();
                }
                if config.description.is_empty() {
                    config.description = settled.description.unwrap_or_default();
                }
                if settled.generate_feeds {
                    config.raw_generate_feeds = Some(true);
                }
            }
            Err(e) => errors.extend(e),
        }
        // Zola's elasticlunr index stems and drops stop words in the site's language.
        if config.build_search_index
            && config.search.index_format.is_elasticlunr()
            && !elasticlunr_knows(&config.language)
        {
            let at = match crate::toml_position::key_line(source, "build_search_index") {
                Some(line) => Location::line(display, source, line),
                None => Location::file(display),
            };
            errors.push(
                Diagnostic::error("config", format!("Zola's search index (`build_search_index`) has no elasticlunr index for the language `{}`", config.language))
                    .at(at)
                    .help("set index_format = \"fuse_json\" (or \"fuse_javascript\") in [search], whose index is the same for every language, or set build_search_index = false"),
            );
        }
        // relief writes a feed of the 20 newest pages unless told otherwise; Zola writes
        // none unless told, and then lists every page.
        config.generate_feeds = config.raw_generate_feeds.unwrap_or(!zola_defaults);
        config.relief_search_index = config.raw_relief_search_index.unwrap_or(!zola_defaults);
        config.smart_punctuation = config.markdown.smart_punctuation.unwrap_or(!zola_defaults);
        config.images.settle(zola_defaults);
        if let Some(raw) = config.markdown.highlighting.take() {
            let span = raw.span();
            let at = Location::offset(display, source, span.start, 0);
            match highlighting::settle(raw.into_inner(), at, source, display) {
                Ok(settings) => config.highlighting = Some(settings),
                Err(e) => errors.extend(e),
            }
        }
        let markdown = &config.markdown;
        if let Some(class) = &markdown.external_links_class {
            if class.get_ref().contains(['"', '\'', '<', '>', '&']) {
                let span = class.span();
                errors.push(
                    Diagnostic::error("config", format!("`external_links_class` = \"{}\" cannot be a class: it has quotes or markup characters", class.get_ref()))
                        .at(Location::offset(display, source, span.start, span.len()))
                        .help("write class names separated by spaces, e.g. external_links_class = \"external\""),
                );
            }
        }
        config.external_links = ExternalLinks {
            class: markdown
                .external_links_class
                .as_ref()
                .map(|c| c.get_ref().clone()),
            target_blank: markdown.external_links_target_blank,
            no_follow: markdown.external_links_no_follow,
            no_referrer: markdown.external_links_no_referrer,
            external: markdown.external_links_external.unwrap_or(zola_defaults),
        };
        match self::markdown::settle(&config.markdown, zola_defaults, source, display) {
            Ok(features) => config.markdown_features = features,
            Err(e) => errors.push(e),
        }
        config.feed_limit = match (config.raw_feed_limit, zola_defaults) {
            (Some(limit), _) => Some(limit),
            (None, true) => None,
            (None, false) => Some(RELIEF_FEED_LIMIT),
        };
        match slugify::settle(
            std::mem::take(&mut config.raw_slugify),
            zola_defaults,
            source,
            display,
        ) {
            Ok(slugify) => config.slugify = slugify,
            Err(e) => errors.extend(e),
        }
        match ignored::glob_set(
            "ignored_content",
            &config.raw_ignored_content,
            source,
            display,
        ) {
            Ok(set) => config.ignored_content = set,
            Err(e) => errors.extend(e),
        }
        match ignored::glob_set(
            "ignored_static",
            &config.raw_ignored_static,
            source,
            display,
        ) {
            Ok(set) => config.ignored_static = set,
            Err(e) => errors.extend(e),
        }
        match ignored::glob_set(
            "skip_content_templating",
            &config.raw_skip_content_templating,
            source,
            display,
        ) {
            Ok(set) => config.skip_content_templating = set,
            Err(e) => errors.extend(e),
        }
        if let Some(written) = config.raw_exclude_paginated.take() {
            match written.get_ref().as_str() {
                "none" => {}
                "all" => config.sitemap_without_pagers = true,
                other => {
                    let span = written.span();
                    errors.push(
                        Diagnostic::error("config", format!("`exclude_paginated_pages_in_sitemap` must be \"none\" or \"all\", found \"{other}\""))
                            .at(Location::offset(display, source, span.start, span.len()))
                            .help("write \"all\" to leave pagers 2, 3… out of sitemap.xml, or \"none\" to list them"),
                    );
                }
            }
        }
        let feed_filenames = config.raw_feed_filenames.take();
        config.feed_filenames = match feed_filenames {
            Some(names) => feed_names(names, source, display, &mut errors),
            None => vec!["atom.xml".into()],
        };
        // No file names, no feed.
        if config.feed_filenames.is_empty() {
            config.generate_feeds = false;
        }
        errors.extend(config.validate(source, display));
        if !errors.is_empty() {
            return Err(errors);
        }
        config.warnings = found.warnings;
        config.file = display.to_path_buf();
        config.zola_defaults = zola_defaults;
        Ok(config)
    }

    /// The taxonomies' names, in config order.
    pub(crate) fn taxonomy_names(&self) -> Vec<String> {
        self.taxonomies.iter().map(|t| t.name.clone()).collect()
    }

    fn validate(&self, source: &str, display: &Path) -> Vec<Diagnostic> {
        let at = |key: &str| match crate::toml_position::key_line(source, key) {
            Some(line) => Location::line(display, source, line),
            None => Location::file(display),
        };
        let mut errors = Vec::new();
        // A missing base_url is reported as missing.
        if !self.base_url.is_empty() {
            if let Err(why) = parse_base_url(&self.base_url) {
                errors.push(Diagnostic::error("config", format!("base_url `{}` is not a URL: {why}", self.base_url))
                    .at(at("base_url"))
                    .help("write an absolute http(s) URL such as \"https://example.org/\" or \"https://example.org/docs/\""));
            }
        }
        let mut slugs: HashMap<String, &str> = HashMap::new();
        for name in self.taxonomies.iter().map(|t| &t.name) {
            let slug = self
                .slugify
                .taxonomies
                .apply(name, crate::slug::Target::Path);
            if slug.is_empty() {
                errors.push(
                    Diagnostic::error(
                        "config",
                        format!("taxonomy name `{name}` has no letters or digits"),
                    )
                    .at(at("taxonomies")),
                );
                continue;
            }
            // Two taxonomies at one URL would write over each other's pages.
            if let Some(first) = slugs.insert(slug.clone(), name) {
                errors.push(Diagnostic::error(
                    "config",
                    format!("taxonomies `{first}` and `{name}` would both be published at /{slug}/"),
                )
                .at(at("taxonomies"))
                .help("list each taxonomy once, with names that differ in more than case or punctuation"));
            }
        }
        errors
    }

    /// The base URL split into origin (`https://example.org`) and path (`/docs/`).
    pub(crate) fn base(&self) -> (String, String) {
        parse_base_url(&self.base_url).expect("validated when loaded")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The config, or its one error.
    fn parse(src: &str) -> Result<Config, Diagnostic> {
        Config::parse(src, Path::new("config.toml")).map_err(|mut e| {
            assert_eq!(e.len(), 1, "{e:?}");
            e.remove(0)
        })
    }

    /// Every error of `src`, as `(line, message, help)`, in line order.
    fn errors(src: &str) -> Vec<(usize, String, String)> {
        let mut e = Config::parse(src, Path::new("config.toml")).unwrap_err();
        crate::diagnostics::dedup(&mut e);
        e.into_iter()
            .map(|d| {
                let line = d.location.and_then(|l| l.line).unwrap_or(0);
                (line, d.message, d.help.unwrap_or_default())
            })
            .collect()
    }

    const TOP: &str = "title = \"T\"\nbase_url = \"https://e.org\"\n";

    #[test]
    fn every_unknown_key_and_wrong_type_is_reported_in_one_run() {
        let src = format!(
            "{TOP}languag = \"en\"\nrelative_urls = \"yes\"\n[review]\ninterval_dayz = 30\n[link_checker]\nskip_prefix = [\"https://x.org\"]\n[evidence.levels]\nsome = 3\n"
        );
        let found = errors(&src);
        let expected = [
            (3, "unknown key `languag`", "did you mean `language`?"),
            (4, "`relative_urls` must be true or false, found a string (\"yes\")", "write relative_urls = true, without quotes"),
            (6, "unknown key `interval_dayz` in `[review]`", "did you mean `interval_days`? `[review]` takes: interval_days"),
            (8, "unknown key `skip_prefix` in `[link_checker]`", "did you mean `skip_prefixes`? `[link_checker]` takes: skip_prefixes, internal_level, external_level, skip_anchor_prefixes, ignored_files"),
            (10, "`some` in `[evidence.levels]` must be a string in quotes, found a whole number (3)", "write text in quotes: some = \"3\""),
        ];
        let expected: Vec<(usize, String, String)> = expected
            .iter()
            .map(|(l, m, h)| (*l, m.to_string(), h.to_string()))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn a_site_key_below_a_table_header_belongs_above_it() {
        let found = errors(&format!(
            "{TOP}[review]\ninterval_days = 30\nauthor = \"Me\"\n"
        ));
        assert_eq!(
            found,
            [(
                5,
                "`author` belongs above the `[review]` header".to_string(),
                "every key below a `[table]` header belongs to that table: move `author = \"Me\"` above the `[review]` line".to_string()
            )]
        );
        // Below [extra] it is a valid extra value: a warning, and the build goes on.
        let c = Config::parse(
            &format!("{TOP}[extra]\nx = 1\nrelative_urls = true\n"),
            Path::new("config.toml"),
        )
        .unwrap();
        assert!(!c.relative_urls);
        assert_eq!(c.warnings.len(), 1);
        let w = &c.warnings[0];
        assert_eq!(
            (w.code, w.location.as_ref().unwrap().line),
            ("misplaced-key", Some(5))
        );
        assert_eq!(
            w.message,
            "`relative_urls` is below the `[extra]` header, so it is an extra value for templates, not the site's `relative_urls`"
        );
    }

    #[test]
    fn required_keys_are_reported_together() {
        let found = errors("description = \"D\"\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].1, "config.toml has no `base_url`");
        assert_eq!(found[1].1, "config.toml has no `title`");
        assert_eq!(
            found[1].2,
            "add title = \"My site\" at the top, above the first `[table]` line"
        );
    }

    #[test]
    fn check_allow_takes_only_warning_codes() {
        let c = parse(&format!(
            "{TOP}[check]\nallow = [\"orphan-page\", \"missing-description\"]\n"
        ))
        .unwrap();
        assert_eq!(c.check.allow, ["orphan-page", "missing-description"]);
        let found = errors(&format!(
            "{TOP}[check]\nallow = [\n  \"orphan-pages\",\n  \"broken-link\",\n]\n"
        ));
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, 5);
        assert_eq!(
            found[0].1,
            "`orphan-pages` in `[check] allow` is not a warning's code"
        );
        assert!(found[0].2.starts_with("did you mean `orphan-page`? The warnings that can be allowed are: duplicate-title, "), "{}", found[0].2);
        assert_eq!(found[1].0, 6);
        assert_eq!(
            found[1].1,
            "`broken-link` is an error, and only warnings can be allowed"
        );
    }

    #[test]
    fn check_allow_silences_only_its_warnings() {
        let check = CheckConfig {
            allow: vec!["orphan-page".into()],
        };
        let mut d = vec![
            Diagnostic::warning("orphan-page", "a"),
            Diagnostic::warning("image-alt", "b"),
            Diagnostic::error("broken-link", "c"),
        ];
        check.silence(&mut d);
        let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["image-alt", "broken-link"]);
    }

    #[test]
    fn parses_minimal_config_with_defaults() {
        let c = parse("title = \"T\"\nbase_url = \"https://example.org\"\n").unwrap();
        assert_eq!(c.language, "en");
        assert_eq!(c.taxonomies, vec![TaxonomyConfig::named("tags")]);
        assert_eq!(c.base(), ("https://example.org".into(), "/".into()));
    }

    #[test]
    fn unknown_key_is_named_with_suggestion() {
        let e =
            parse("title = \"T\"\nbase_url = \"https://e.org\"\nlanguag = \"en\"\n").unwrap_err();
        assert_eq!(e.message, "unknown key `languag`");
        assert_eq!(e.help.as_deref(), Some("did you mean `language`?"));
        assert_eq!(e.location.unwrap().line, Some(3));
    }

    #[test]
    fn base_url_must_be_a_url() {
        let e = parse("title = \"T\"\nbase_url = \"example.org\"\n").unwrap_err();
        assert!(e.message.contains("not a URL"), "{e}");
        assert_eq!(e.location.unwrap().line, Some(2));
    }

    #[test]
    fn base_url_keeps_sub_path() {
        assert_eq!(
            parse_base_url("https://example.org/massage").unwrap(),
            ("https://example.org".into(), "/massage/".into())
        );
        assert!(parse_base_url("https://example.org/../x").is_err());
        assert!(parse_base_url("ftp://x").is_err());
    }

    #[test]
    fn taxonomies_mix_names_and_tables() {
        let c = parse(
            "title = \"T\"\nbase_url = \"https://e.org\"\ntaxonomies = [\"tags\", {name = \"topics\", paginate_by = 10, feed = true}, {name = \"kinds\"}]\n",
        )
        .unwrap();
        assert_eq!(
            c.taxonomies,
            vec![
                TaxonomyConfig::named("tags"),
                TaxonomyConfig {
                    paginate_by: Some(10),
                    feed: true,
                    ..TaxonomyConfig::named("topics")
                },
                TaxonomyConfig::named("kinds"),
            ]
        );
    }

    #[test]
    fn a_bad_taxonomy_table_points_at_the_value() {
        let bad = |entry: &str| {
            let src = format!(
                "title = \"T\"\nbase_url = \"https://e.org\"\ntaxonomies = [\n  \"tags\",\n  {entry},\n]\n"
            );
            let e = parse(&src).unwrap_err();
            assert_eq!(e.location.as_ref().unwrap().line, Some(5), "{e}");
            assert!(e.help.is_some(), "{e}");
            e.message
        };
        assert!(bad("{name = \"t\", paginate_by = 0}").contains("above zero, found 0"));
        assert!(bad("{name = \"t\", paginate_by = -2}").contains("found -2"));
        assert!(bad("{name = \"t\", paginate_by = \"2\"}").contains("found a string"));
        assert!(bad("{name = \"t\", feed = \"yes\"}").contains("true or false"));
        assert!(bad("{name = \"t\", paginat_by = 2}").contains("unknown taxonomy key `paginat_by`"));
        assert!(bad("{paginate_by = 2}").contains("has no `name`"));
        assert!(bad("{name = 3}").contains("must be a string"));
    }

    #[test]
    fn taxonomies_as_zola_writes_them() {
        let c = parse(&format!(
            "{TOP}[[taxonomies]]\nname = \"tags\"\nfeed = true\npaginate_path = \"page\"\nrender = true\n\n[[taxonomies]]\nname = \"authors\"\npaginate_by = 5\n"
        ))
        .unwrap();
        let names: Vec<(&str, bool, Option<usize>)> = c
            .taxonomies
            .iter()
            .map(|t| (t.name.as_str(), t.feed, t.paginate_by))
            .collect();
        assert_eq!(names, [("tags", true, None), ("authors", false, Some(5))]);
        let c = parse(&format!(
            "{TOP}[[taxonomies]]\nname = \"tags\"\nrender = false\npaginate_path = \"p\"\n"
        ))
        .unwrap();
        assert!(!c.taxonomies[0].render);
        assert_eq!(c.taxonomies[0].paginate_path, "p");
        let found = errors(&format!(
            "{TOP}[[taxonomies]]\nname = \"tags\"\nrender = \"no\"\npaginate_path = \"a/b\"\n"
        ));
        let lines: Vec<(usize, &str)> = found.iter().map(|(l, m, _)| (*l, m.as_str())).collect();
        assert_eq!(
            lines,
            [
                (5, "taxonomy `render` must be true or false, found a string"),
                (
                    6,
                    "taxonomy `paginate_path` = \"a/b\" must be one path segment, without slashes"
                ),
            ]
        );
    }

    #[test]
    fn two_taxonomies_at_one_url_are_an_error() {
        let e = parse(
            "title = \"T\"\nbase_url = \"https://e.org\"\ntaxonomies = [\"tags\", {name = \"Tags\", feed = true}]\n",
        )
        .unwrap_err();
        assert!(
            e.message.contains("would both be published at /tags/"),
            "{e}"
        );
        assert_eq!(e.location.as_ref().unwrap().line, Some(3), "{e}");
        assert!(parse(
            "title = \"T\"\nbase_url = \"https://e.org\"\ntaxonomies = [\"tags\", \"topics\"]\n"
        )
        .is_ok());
    }

    #[test]
    fn zola_keys_asking_for_what_relief_does_are_accepted() {
        let c = parse(&format!(
            "{TOP}default_language = \"fr\"\ncompile_sass = false\ntheme = \"\"\nhard_link_static = true\n[markdown]\nsmart_punctuation = true\nrender_emoji = false\n[search]\ninclude_content = false\n[translations]\nhello = \"Bonjour\"\n[link_checker]\nskip_prefixes = [\"https://x.org/\"]\nskip_anchor_prefixes = [\"https://y.org/\"]\n"
        ))
        .unwrap();
        assert_eq!(c.language, "fr");
        assert_eq!(c.link_checker.skip_prefixes, ["https://x.org/"]);
    }

    #[test]
    fn zola_keys_without_effect_are_set_aside_and_wrong_types_are_errors() {
        let c = parse(&format!(
            "{TOP}hard_link_static = true\nminify_html = true\n[link_checker]\nskip_anchor_prefixes = [\"https://y.org/\"]\n"
        ))
        .unwrap();
        assert!(c.minify_html);
        // A wrong type is a type error, as for relief's own keys.
        let found = errors(&format!("{TOP}compile_sass = \"no\"\n"));
        assert_eq!(
            found[0].1,
            "`compile_sass` must be true or false, found a string (\"no\")"
        );
    }

    #[test]
    fn insert_anchor_links_is_a_place_or_an_error_with_a_suggestion() {
        let c = parse(&format!(
            "{TOP}[markdown]\ninsert_anchor_links = \"heading\"\n"
        ))
        .unwrap();
        assert_eq!(c.markdown_features.anchor_links, AnchorLinks::Heading);
        assert_eq!(
            parse(TOP).unwrap().markdown_features.anchor_links,
            AnchorLinks::None
        );
        let found = errors(&format!(
            "{TOP}[markdown]\ninsert_anchor_links = \"rigth\"\n"
        ));
        assert_eq!(
            found,
            [(
                4,
                "`insert_anchor_links` = \"rigth\" is not a place for anchor links".to_string(),
                "did you mean `right`? insert_anchor_links takes: left, right, heading, none"
                    .to_string()
            )]
        );
    }

    #[test]
    fn search_settles_to_zolas_defaults_and_refuses_what_zola_would() {
        let c = parse(TOP).unwrap();
        assert!(!c.build_search_index);
        assert_eq!(c.search, SearchConfig::default());
        assert_eq!(c.search.index_format, IndexFormat::ElasticlunrJavascript);
        assert!(c.search.include_title && c.search.include_content);
        let c = parse(&format!(
            "{TOP}build_search_index = true\n[search]\nindex_format = \"fuse_json\"\ninclude_title = false\ntruncate_content_length = 9\n"
        ))
        .unwrap();
        assert!(c.build_search_index);
        assert_eq!(
            c.search.index_format.file_name("en"),
            "search_index.en.json"
        );
        assert!(!c.search.include_title);
        assert_eq!(c.search.truncate_content_length, Some(9));
        // Fuse's index is the same in any language; elasticlunr's knows only some.
        let esperanto = format!("{TOP}default_language = \"eo\"\nbuild_search_index = true\n");
        assert!(parse(&format!(
            "{esperanto}[search]\nindex_format = \"fuse_javascript\"\n"
        ))
        .is_ok());
        let found = errors(&esperanto);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 4);
        assert_eq!(
            found[0].1,
            "Zola's search index (`build_search_index`) has no elasticlunr index for the language `eo`"
        );
        let found = errors(&format!("{TOP}[search]\nindex_format = \"fuse\"\n"));
        assert_eq!(found[0].0, 4);
        assert_eq!(found[0].2, "did you mean \"fuse_json\"?");
    }

    #[test]
    fn feeds_default_to_relief_s_in_config_toml_and_zola_s_in_zola_toml() {
        let relief = parse(TOP).unwrap();
        assert!(relief.generate_feeds);
        assert_eq!(relief.feed_limit, Some(20));
        let zola = Config::parse(TOP, Path::new("zola.toml")).unwrap();
        assert!(!zola.generate_feeds);
        assert_eq!(zola.feed_limit, None);
        assert_eq!(zola.feed_filenames, ["atom.xml"]);
        let c = parse(&format!("{TOP}generate_feeds = false\nfeed_limit = 5\n")).unwrap();
        assert_eq!((c.generate_feeds, c.feed_limit), (false, Some(5)));
        assert!(
            !parse(&format!("{TOP}feed_filenames = []\n"))
                .unwrap()
                .generate_feeds
        );
        let both = parse(&format!(
            "{TOP}feed_filenames = [\"atom.xml\", \"rss.xml\"]\n"
        ))
        .unwrap();
        assert_eq!(both.feed_filenames, ["atom.xml", "rss.xml"]);
        let e = parse(&format!(
            "{TOP}feed_filenames = [\"atom.xml\", \"feed.xml\"]\n"
        ))
        .unwrap_err();
        assert_eq!(
            e.message,
            "feeds other than atom.xml and rss.xml (`feed.xml`) are not supported yet"
        );
        assert_eq!(e.location.unwrap().line, Some(3));
    }

    #[test]
    fn slugify_strategies_default_by_the_kind_of_site() {
        use crate::slug::Strategy;
        assert_eq!(parse(TOP).unwrap().slugify, SlugifyConfig::default());
        let zola = Config::parse(TOP, Path::new("zola.toml")).unwrap().slugify;
        assert_eq!(
            (zola.paths, zola.taxonomies, zola.anchors),
            (Strategy::On, Strategy::On, Strategy::On)
        );
        let written = "[slugify]\npaths = \"safe\"\nanchors = \"off\"\npaths_keep_dates = true\n";
        // With one of relief's own keys, config.toml is relief's: unset strategies stay relief's.
        let c = parse(&format!("{TOP}language = \"en\"\n{written}"))
            .unwrap()
            .slugify;
        assert_eq!(
            (c.paths, c.taxonomies, c.anchors, c.paths_keep_dates),
            (Strategy::Safe, Strategy::Relief, Strategy::Off, true)
        );
        // With Zola's keys only, it is Zola's.
        let c = parse(&format!("{TOP}{written}")).unwrap().slugify;
        assert_eq!(c.taxonomies, Strategy::On);
        let found = errors(&format!("{TOP}[slugify]\ntaxonomies = \"ascii\"\n"));
        assert_eq!(found[0].0, 4);
        assert_eq!(
            found[0].1,
            "`taxonomies` in `[slugify]` must be \"on\", \"safe\" or \"off\", found \"ascii\""
        );
    }

    #[test]
    fn an_external_links_class_with_quotes_is_an_error() {
        let found = errors(&format!(
            "{TOP}[markdown]\nexternal_links_class = \"a\\\"b\"\n"
        ));
        assert_eq!(found[0].0, 4);
        assert!(found[0].1.contains("cannot be a class"), "{found:?}");
    }

    #[test]
    fn default_language_is_zolas_language() {
        let found = errors(&format!(
            "{TOP}language = \"en\"\ndefault_language = \"fr\"\n"
        ));
        assert_eq!(
            found,
            [(
                4,
                "both `language` and `default_language` are set".to_string(),
                "keep one: `default_language` is Zola's name for relief's `language`".to_string()
            )]
        );
    }

    #[test]
    fn empty_config_is_an_error() {
        assert!(parse("  \n").unwrap_err().message.contains("empty"));
    }
}
