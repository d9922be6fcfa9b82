//! Zola's search index: `build_search_index` and the `[search]` table (what each document
//! of the index holds, and its format). relief's own index (`search/`) is written whatever
//! these say; Zola's is written beside it when `build_search_index = true`.

use crate::diagnostics::{suggest, Diagnostic, Location};
use serde::Deserialize;
use std::path::Path;

/// `[search]` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSearch {
    include_title: Option<bool>,
    include_content: Option<bool>,
    include_description: Option<bool>,
    include_date: Option<bool>,
    include_path: Option<bool>,
    truncate_content_length: Option<usize>,
    index_format: Option<toml::Spanned<String>>,
}

/// The keys of `[search]`, for the schema.
pub(super) const KEYS: &[crate::schema::Field] = &[
    crate::schema::key("include_title", crate::schema::Kind::Flag),
    crate::schema::key("include_description", crate::schema::Kind::Flag),
    crate::schema::key("include_date", crate::schema::Kind::Flag),
    crate::schema::key("include_path", crate::schema::Kind::Flag),
    crate::schema::key("include_content", crate::schema::Kind::Flag),
    crate::schema::key("truncate_content_length", crate::schema::Kind::Count),
    crate::schema::key("index_format", crate::schema::Kind::Text),
];

/// The file formats of Zola's search index (`index_format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum IndexFormat {
    /// An elasticlunr.js index in a script that sets `window.searchIndex` (Zola's default).
    #[default]
    ElasticlunrJavascript,
    /// An elasticlunr.js index as JSON.
    ElasticlunrJson,
    /// A list of documents for Fuse.js, in a script that sets `window.searchIndex`.
    FuseJavascript,
    /// A list of documents for Fuse.js, as JSON.
    FuseJson,
}

impl IndexFormat {
    /// Every format with its name in the configuration.
    const NAMES: [(&'static str, IndexFormat); 4] = [
        ("elasticlunr_javascript", IndexFormat::ElasticlunrJavascript),
        ("elasticlunr_json", IndexFormat::ElasticlunrJson),
        ("fuse_javascript", IndexFormat::FuseJavascript),
        ("fuse_json", IndexFormat::FuseJson),
    ];

    /// The format's name as the configuration writes it (and templates read it).
    pub(crate) fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, format)| *format == self)
            .map_or("", |(name, _)| name)
    }

    /// Whether the index is elasticlunr's (else Fuse's list of documents).
    pub(crate) fn is_elasticlunr(self) -> bool {
        matches!(
            self,
            IndexFormat::ElasticlunrJavascript | IndexFormat::ElasticlunrJson
        )
    }

    /// Whether the index is wrapped in a script (else plain JSON).
    pub(crate) fn is_javascript(self) -> bool {
        matches!(
            self,
            IndexFormat::ElasticlunrJavascript | IndexFormat::FuseJavascript
        )
    }

    /// The index's file name for the language `lang`, at the root of the output:
    /// `search_index.en.js`, `search_index.fr.json`.
    pub(crate) fn file_name(self, lang: &str) -> String {
        let extension = if self.is_javascript() { "js" } else { "json" };
        format!("search_index.{lang}.{extension}")
    }
}

/// What Zola's search index holds and how it is written (`[search]`), with Zola's defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SearchConfig {
    pub index_format: IndexFormat,
    /// Each document's title (on by default).
    pub include_title: bool,
    /// Each document's text, without markup (on by default).
    pub include_content: bool,
    /// Each document's description.
    pub include_description: bool,
    /// Each page's date, in RFC 3339 (elasticlunr formats only, as in Zola).
    pub include_date: bool,
    /// Each document's path (`/blog/post/`).
    pub include_path: bool,
    /// Keep only this many characters of each document's text.
    pub truncate_content_length: Option<usize>,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            index_format: IndexFormat::default(),
            include_title: true,
            include_content: true,
            include_description: false,
            include_date: false,
            include_path: false,
            truncate_content_length: None,
        }
    }
}

/// Settle `[search]` as written into its settings, Zola's default for each key left out; an
/// unknown `index_format` is an error at its value.
pub(super) fn settle(
    raw: RawSearch,
    source: &str,
    display: &Path,
) -> Result<SearchConfig, Diagnostic> {
    let defaults = SearchConfig::default();
    let index_format = match raw.index_format {
        None => defaults.index_format,
        Some(written) => {
            let name = written.get_ref().as_str();
            match IndexFormat::NAMES.iter().find(|(n, _)| *n == name) {
                Some((_, format)) => *format,
                None => {
                    let span = written.span();
                    let names = IndexFormat::NAMES.map(|(n, _)| n);
                    let help = match suggest(name, names) {
                        Some(near) => format!("did you mean \"{near}\"?"),
                        None => format!("write one of \"{}\"", names.join("\", \"")),
                    };
                    return Err(Diagnostic::error(
                        "config",
                        format!("`index_format` in `[search]` must be one of Zola's search index formats, found \"{name}\""),
                    )
                    .at(Location::offset(display, source, span.start, span.len()))
                    .help(help));
                }
            }
        }
    };
    Ok(SearchConfig {
        index_format,
        include_title: raw.include_title.unwrap_or(defaults.include_title),
        include_content: raw.include_content.unwrap_or(defaults.include_content),
        include_description: raw
            .include_description
            .unwrap_or(defaults.include_description),
        include_date: raw.include_date.unwrap_or(defaults.include_date),
        include_path: raw.include_path.unwrap_or(defaults.include_path),
        truncate_content_length: raw.truncate_content_length,
    })
}

/// Whether elasticlunr can index text of the language `code` (`en`, `fr`…): it stems and
/// drops stop words per language, and knows only some.
pub(crate) fn elasticlunr_knows(code: &str) -> bool {
    elasticlunr::lang::from_code(code).is_some()
}
