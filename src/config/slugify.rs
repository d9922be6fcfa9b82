//! `[slugify]`: Zola's strategy for each kind of slug (`paths`, `taxonomies`, `anchors`:
//! `on`, `safe` or `off`). Unset, a `zola.toml` site gets Zola's `on` (ASCII slugs) and a
//! `config.toml` site relief's own slugs, which keep letters of any script.

use crate::diagnostics::{Diagnostic, Location};
use crate::slug::Strategy;
use serde::Deserialize;
use std::path::Path;

/// `[slugify]` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSlugify {
    paths: Option<toml::Spanned<String>>,
    taxonomies: Option<toml::Spanned<String>>,
    anchors: Option<toml::Spanned<String>>,
    #[serde(default)]
    paths_keep_dates: bool,
}

/// How the site's slugs are made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SlugifyConfig {
    /// Pages' and sections' URL segments.
    pub paths: Strategy,
    /// Taxonomy terms' URL segments.
    pub taxonomies: Strategy,
    /// Heading ids.
    pub anchors: Strategy,
    /// Zola's `paths_keep_dates`: a page's slug keeps its file name's date prefix.
    pub paths_keep_dates: bool,
}

impl Default for SlugifyConfig {
    fn default() -> Self {
        SlugifyConfig::all(Strategy::Relief)
    }
}

impl SlugifyConfig {
    fn all(strategy: Strategy) -> SlugifyConfig {
        SlugifyConfig {
            paths: strategy,
            taxonomies: strategy,
            anchors: strategy,
            paths_keep_dates: false,
        }
    }
}

/// The keys of `[slugify]`, for the schema.
pub(super) const KEYS: &[crate::schema::Field] = &[
    crate::schema::key("paths", crate::schema::Kind::Text),
    crate::schema::key("taxonomies", crate::schema::Kind::Text),
    crate::schema::key("anchors", crate::schema::Kind::Text),
    crate::schema::key("paths_keep_dates", crate::schema::Kind::Flag),
];

/// Settle `[slugify]`: each strategy written, or the default of the site's kind (Zola's
/// `on` when `zola_defaults`, relief's own otherwise); an unknown strategy is an error at it.
pub(super) fn settle(
    raw: RawSlugify,
    zola_defaults: bool,
    source: &str,
    display: &Path,
) -> Result<SlugifyConfig, Vec<Diagnostic>> {
    let default = match zola_defaults {
        true => Strategy::On,
        false => Strategy::Relief,
    };
    let mut errors = Vec::new();
    let mut strategy = |key: &str, written: Option<toml::Spanned<String>>| {
        let Some(written) = written else {
            return default;
        };
        match written.get_ref().as_str() {
            "on" => Strategy::On,
            "safe" => Strategy::Safe,
            "off" => Strategy::Off,
            other => {
                let span = written.span();
                errors.push(
                    Diagnostic::error("config", format!("`{key}` in `[slugify]` must be \"on\", \"safe\" or \"off\", found \"{other}\""))
                        .at(Location::offset(display, source, span.start, span.len()))
                        .help("\"on\" makes ASCII slugs, \"safe\" removes only the characters file names cannot hold, \"off\" keeps the text as written"),
                );
                default
            }
        }
    };
    let config = SlugifyConfig {
        paths: strategy("paths", raw.paths),
        taxonomies: strategy("taxonomies", raw.taxonomies),
        anchors: strategy("anchors", raw.anchors),
        paths_keep_dates: raw.paths_keep_dates,
    };
    match errors.is_empty() {
        true => Ok(config),
        false => Err(errors),
    }
}
