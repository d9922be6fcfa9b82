//! Zola's languages: the site's own (`default_language`, with its `[translations]`) and a
//! `[languages.xx]` table for each other one, with its title, description, feeds, search
//! index, taxonomies and `[languages.xx.translations]`. Codes are checked here, at the line
//! that writes them, so a typo never becomes a language nobody meant.

use super::taxonomies::{taxonomy, RawTaxonomy, TaxonomyConfig};
use crate::diagnostics::{Diagnostic, Location};
use crate::schema::{self, key, Kind};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::de::{DeTable, DeValue};

/// The keys of one `[languages.xx]` table.
pub(super) const LANGUAGE: &[schema::Field] = &[
    key("title", Kind::Text),
    key("description", Kind::Text),
    key("generate_feeds", Kind::Flag),
    key("feed_filenames", Kind::TextList),
    key("taxonomies", Kind::List),
    key("build_search_index", Kind::Flag),
    key("search", Kind::Table(super::search::KEYS)),
    key("translations", Kind::Map(&Kind::Text)),
];

/// One language of the site other than its default one, as `[languages.xx]` sets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Language {
    /// The code, as content file names (`page.es.md`) and URLs (`/es/`) carry it.
    pub code: String,
    /// The site's title in this language (the default language's when `None`).
    pub title: Option<String>,
    /// The site's description in this language (the default language's when `None`).
    pub description: Option<String>,
    /// Write a feed of this language's pages under `/xx/`.
    pub generate_feeds: bool,
    /// The language's feeds: `atom.xml`, `rss.xml`, both or none.
    pub feed_filenames: Vec<String>,
    /// The language's taxonomies, published under `/xx/`.
    pub taxonomies: Vec<TaxonomyConfig>,
    /// `trans(key=…, lang="xx")`'s strings.
    pub translations: BTreeMap<String, String>,
    /// Zola's search index of this language's documents, as its `[search]` asks
    /// (`build_search_index = true`), or none.
    pub search: Option<super::SearchConfig>,
}

/// A `[languages.xx]` table as written, the values needing a check kept with their place.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLanguage {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    generate_feeds: bool,
    #[serde(default)]
    feed_filenames: Option<Vec<toml::Spanned<String>>>,
    #[serde(default)]
    taxonomies: Vec<toml::Spanned<RawTaxonomy>>,
    #[serde(default)]
    build_search_index: Option<toml::Spanned<bool>>,
    #[serde(default)]
    search: super::search::RawSearch,
    #[serde(default)]
    translations: BTreeMap<String, String>,
}

/// Whether `code` is a language code as BCP 47 writes them: a language of two or three
/// letters (or five to eight), then subtags of letters and digits (`pt-BR`, `zh-Hant`,
/// `es-419`), joined by `-` (Zola also takes `_`).
pub(crate) fn valid_code(code: &str) -> bool {
    let mut subtags = code.split(['-', '_']);
    let Some(language) = subtags.next() else {
        return false;
    };
    let letters = |s: &str| s.bytes().all(|b| b.is_ascii_alphabetic());
    matches!(language.len(), 2 | 3 | 5..=8)
        && letters(language)
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Check the codes of `[languages]` and `default_language` as written, each error at its
/// key or value.
pub(super) fn check_codes(doc: &schema::Doc<'_>, table: &mut DeTable<'_>) -> Vec<Diagnostic> {
    let help = "write a language code as BCP 47 has them, such as \"en\", \"es\", \"pt-BR\" or \"zh-Hant\"";
    let mut errors = Vec::new();
    for name in ["default_language", "language"] {
        if let Some(value) = table.get(name) {
            if let DeValue::String(code) = value.get_ref() {
                if !valid_code(code) {
                    errors.push(
                        Diagnostic::error(
                            "config",
                            format!("`{name}` = \"{code}\" is not a language code"),
                        )
                        .at(doc.at(value.span()))
                        .help(help),
                    );
                }
            }
        }
    }
    if let Some(DeValue::Table(languages)) = table.get_mut("languages").map(|v| v.get_mut()) {
        for (code, _) in languages.iter() {
            if !valid_code(code.get_ref()) {
                errors.push(
                    Diagnostic::error(
                        "config",
                        format!(
                            "`[languages.{}]`: `{}` is not a language code",
                            code.get_ref(),
                            code.get_ref()
                        ),
                    )
                    .at(doc.at(code.span()))
                    .help(help),
                );
            }
        }
    }
    errors
}

/// What the configuration's languages settle into.
pub(super) struct Settled {
    /// The other languages, by code.
    pub languages: Vec<Language>,
    /// The default language's `[translations]`, with those of its own `[languages.xx]`.
    pub translations: BTreeMap<String, String>,
    /// The default language's title and description from its `[languages.xx]`, when the
    /// top level sets none.
    pub title: Option<String>,
    /// See `title`.
    pub description: Option<String>,
    /// The default language's `[languages.xx]` sets `generate_feeds = true`.
    pub generate_feeds: bool,
}

/// Settle the `[languages]` tables as written: the default language's own table merged into
/// the top level's values (a value set in both is an error, as in Zola), each other
/// language checked value by value.
pub(super) fn settle(
    raw: BTreeMap<String, RawLanguage>,
    default: &str,
    top_translations: BTreeMap<String, String>,
    top_search: &super::SearchConfig,
    source: &str,
    display: &Path,
) -> Result<Settled, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut settled = Settled {
        languages: Vec::new(),
        translations: top_translations,
        title: None,
        description: None,
        generate_feeds: false,
    };
    let header_at = |code: &str| {
        let line = crate::toml_position::key_line(source, &format!("[languages.{code}]"))
            .or_else(|| crate::toml_position::key_line(source, "languages"));
        match line {
            Some(line) => Location::line(display, source, line),
            None => Location::file(display),
        }
    };
    for (code, raw) in raw {
        let mut taxonomies = Vec::new();
        for entry in raw.taxonomies {
            match taxonomy(entry, source, display) {
                Ok(t) => taxonomies.push(t),
                Err(e) => errors.extend(e),
            }
        }
        // Zola's index of this language, in the top level's `index_format` (the language's
        // own is not read, as in Zola), with the fields of the language's `[search]` for
        // elasticlunr and of the top level's for Fuse; elasticlunr's needs a stemmer for the
        // language.
        let search = match raw.build_search_index.filter(|b| *b.get_ref()) {
            None => None,
            Some(flag) => {
                match super::search::settle(raw.search, source, display).map(|own| match top_search
                    .index_format
                    .is_elasticlunr()
                {
                    true => super::SearchConfig {
                        index_format: top_search.index_format,
                        ..own
                    },
                    false => top_search.clone(),
                }) {
                    Err(e) => {
                        errors.push(e);
                        None
                    }
                    Ok(search)
                        if search.index_format.is_elasticlunr()
                            && !super::elasticlunr_knows(&code) =>
                    {
                        let span = flag.span();
                        errors.push(
                        Diagnostic::error("config", format!("Zola's search index (`build_search_index`) has no elasticlunr index for the language `{code}`"))
                            .at(Location::offset(display, source, span.start, span.len()))
                            .help("set index_format = \"fuse_json\" (or \"fuse_javascript\") in the top level's [search] (every language's index is in its format), or set build_search_index = false in this language's table"),
                    );
                        None
                    }
                    Ok(search) => Some(search),
                }
            }
        };
        let feed_filenames = match raw.feed_filenames {
            Some(names) => super::feed_names(names, source, display, &mut errors),
            None => vec!["atom.xml".to_string()],
        };
        if code == default {
            // Zola's rule: the default language's values are set at the top or in its table,
            // never in both.
            if !settled.translations.is_empty() && !raw.translations.is_empty() {
                errors.push(
                    Diagnostic::error(
                        "config",
                        format!("the translations of `{default}`, the default language, are set twice: in [translations] and in [languages.{default}.translations]"),
                    )
                    .at(header_at(&code))
                    .help("keep one of the two tables"),
                );
            }
            settled.translations.extend(raw.translations);
            settled.title = raw.title;
            settled.description = raw.description;
            settled.generate_feeds = raw.generate_feeds;
            continue;
        }
        settled.languages.push(Language {
            code,
            title: raw.title,
            description: raw.description,
            generate_feeds: raw.generate_feeds && !feed_filenames.is_empty(),
            feed_filenames,
            taxonomies,
            search,
            translations: raw.translations,
        });
    }
    match errors.is_empty() {
        true => Ok(settled),
        false => Err(errors),
    }
}

impl super::Config {
    /// Every language of the site, the default one first.
    pub(crate) fn language_codes(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.language.as_str())
            .chain(self.languages.iter().map(|l| l.code.as_str()))
    }

    /// The options of `code`, when it is one of the site's other languages.
    pub(crate) fn other_language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// Whether the site has more than one language.
    pub(crate) fn is_multilingual(&self) -> bool {
        !self.languages.is_empty()
    }

    /// The label readers of `lang` see for the rating `level`: the language's translation
    /// `evidence_<key>` (`evidence_some = "Algunas pruebas"` in `[languages.es.translations]`)
    /// when it has one, else the label `[evidence.levels]` gives.
    pub(crate) fn evidence_label<'a>(
        &'a self,
        level: &'a super::EvidenceLevel,
        lang: &str,
    ) -> &'a str {
        self.other_language(lang)
            .and_then(|l| l.translations.get(&format!("evidence_{}", level.key)))
            .map_or(level.label.as_str(), String::as_str)
    }

    /// `trans(key, lang)`: the string `key` has in language `lang`; `Err` says why there is
    /// none (the language or the key unknown).
    pub(crate) fn translation(&self, key: &str, lang: &str) -> Result<&str, String> {
        let table = match lang == self.language {
            true => &self.translations,
            false => match self.other_language(lang) {
                Some(language) => &language.translations,
                None => {
                    return Err(format!(
                        "`{lang}` is not a language of the site (they are: {})",
                        self.language_codes().collect::<Vec<_>>().join(", ")
                    ))
                }
            },
        };
        table.get(key).map(String::as_str).ok_or_else(|| {
            let header = match lang == self.language {
                true => "[translations]".to_string(),
                false => format!("[languages.{lang}.translations]"),
            };
            match crate::diagnostics::suggest(key, table.keys().map(String::as_str)) {
                Some(s) => format!("no translation `{key}` for language `{lang}`: did you mean `{s}`? Or add it to {header}"),
                None => format!("no translation `{key}` for language `{lang}`: add {key} = \"…\" to {header}"),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::Config;
    use std::path::Path;

    const TOP: &str = "title = \"T\"\nbase_url = \"https://e.org\"\n";

    fn parse(src: &str) -> Result<Config, Vec<crate::diagnostics::Diagnostic>> {
        Config::parse(src, Path::new("zola.toml"))
    }

    /// `(line, message)` of each error.
    fn errors(src: &str) -> Vec<(usize, String)> {
        parse(src)
            .unwrap_err()
            .into_iter()
            .map(|d| (d.location.and_then(|l| l.line).unwrap_or(0), d.message))
            .collect()
    }

    #[test]
    fn languages_and_their_strings_are_read() {
        let c = parse(&format!(
            "{TOP}default_language = \"en\"\ngenerate_feeds = true\n[translations]\nhome = \"Home\"\n\
             [languages.es]\ntitle = \"Sitio\"\ngenerate_feeds = true\ntaxonomies = [{{name = \"etiquetas\"}}]\n\
             [languages.es.search]\ninclude_title = true\n[languages.es.translations]\nhome = \"Inicio\"\n\
             [languages.pt-BR]\n"
        ))
        .unwrap();
        assert_eq!(
            c.language_codes().collect::<Vec<_>>(),
            ["en", "es", "pt-BR"]
        );
        let es = c.other_language("es").unwrap();
        assert_eq!(es.title.as_deref(), Some("Sitio"));
        assert!(es.generate_feeds);
        assert_eq!(es.taxonomies[0].name, "etiquetas");
        assert!(!c.other_language("pt-BR").unwrap().generate_feeds);
        assert_eq!(c.translation("home", "en"), Ok("Home"));
        assert_eq!(c.translation("home", "es"), Ok("Inicio"));
        assert_eq!(
            c.translation("hom", "es"),
            Err("no translation `hom` for language `es`: did you mean `home`? Or add it to [languages.es.translations]".into())
        );
        assert!(c
            .translation("home", "fr")
            .unwrap_err()
            .contains("not a language of the site"));
        assert!(c.is_multilingual());
    }

    #[test]
    fn evidence_labels_are_translated_by_evidence_keys() {
        let c = parse(&format!(
            "{TOP}[evidence.levels]\nsome = \"Some evidence\"\nmixed = \"Mixed\"\n\
             [languages.es.translations]\nevidence_some = \"Algunas pruebas\"\n"
        ))
        .unwrap();
        let (_, some) = c.evidence.levels.find("some").unwrap();
        let (_, mixed) = c.evidence.levels.find("mixed").unwrap();
        assert_eq!(c.evidence_label(some, "es"), "Algunas pruebas");
        assert_eq!(c.evidence_label(some, "en"), "Some evidence");
        // A label the language does not translate stays as [evidence.levels] writes it.
        assert_eq!(c.evidence_label(mixed, "es"), "Mixed");
    }

    #[test]
    fn the_default_language_s_own_table_merges_into_the_top() {
        let c = parse(&format!(
            "{TOP}default_language = \"en\"\n[languages.en.translations]\nhome = \"Home\"\n[languages.es]\n"
        ))
        .unwrap();
        assert_eq!(c.translation("home", "en"), Ok("Home"));
        assert_eq!(c.language_codes().collect::<Vec<_>>(), ["en", "es"]);
        let twice = errors(&format!(
            "{TOP}[translations]\nhome = \"Home\"\n[languages.en.translations]\nhome = \"Hi\"\n"
        ));
        assert_eq!(twice.len(), 1, "{twice:?}");
        assert!(twice[0].1.contains("are set twice"), "{twice:?}");
    }

    #[test]
    fn bad_codes_keys_and_values_are_errors_at_their_line() {
        let found = errors(&format!(
            "{TOP}default_language = \"e\"\n[languages.\"e s\"]\n[languages.es]\ntitel = \"x\"\nbuild_search_index = true\nfeed_filenames = [\"feed.xml\"]\n"
        ));
        let lines: Vec<(usize, &str)> = found.iter().map(|(l, m)| (*l, m.as_str())).collect();
        assert_eq!(
            lines,
            [
                (6, "unknown key `titel` in `[languages.es]`"),
                (3, "`default_language` = \"e\" is not a language code"),
                (4, "`[languages.e s]`: `e s` is not a language code"),
                (
                    8,
                    "feeds other than atom.xml and rss.xml (`feed.xml`) are not supported yet"
                ),
            ]
        );
    }

    #[test]
    fn language_codes_are_bcp_47() {
        for good in ["en", "es", "fil", "pt-BR", "zh-Hant", "es-419", "sr_Latn"] {
            assert!(super::valid_code(good), "{good}");
        }
        for bad in ["", "e", "en!", "e s", "es-", "es.md", "123"] {
            assert!(!super::valid_code(bad), "{bad}");
        }
    }
}
