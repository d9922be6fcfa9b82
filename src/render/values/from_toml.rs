//! TOML as templates see it: front matter and config `[extra]` tables, and `config` itself
//! (with its `[evidence.levels]` as a list, in the site's order).
//! Tables become maps with their keys sorted; TOML dates become `YYYY-MM-DD…` strings.

use crate::config::EvidenceLevels;
use crate::site::Site;
use std::collections::BTreeMap;
use tera::{Map, Value};

/// `config` as the templates of a page in the language `lang` see it. In a Zola site, as in
/// Zola, its title, description, feeds and search switch are those of the language, and
/// `languages` lists every language but `lang` (the default one too); a relief site's is the
/// same in every language: the default one's, with `languages` the others.
pub(crate) fn config_value(site: &Site, lang: &str) -> Value {
    let config = &site.config;
    let language = config
        .languages
        .iter()
        .find(|l| l.code == lang)
        .filter(|_| config.zola_defaults);
    let (title, description) = match language {
        Some(l) => (
            l.title.as_deref().unwrap_or(&config.title),
            l.description.as_deref().unwrap_or(&config.description),
        ),
        None => (config.title.as_str(), config.description.as_str()),
    };
    let (generate_feeds, feed_filenames, search_index) = match language {
        Some(l) => (
            l.generate_feeds,
            l.feed_filenames.clone(),
            l.search.is_some(),
        ),
        None => (
            config.generate_feeds,
            config.feed_filenames.clone(),
            config.build_search_index,
        ),
    };
    let shown_lang = match config.zola_defaults {
        true => lang,
        false => config.language.as_str(),
    };
    let mut base_url = site.permalink("");
    if config.zola_defaults {
        base_url.truncate(base_url.trim_end_matches('/').len());
    }
    let mut map = tera::Map::new();
    for (key, value) in [
        ("title", Value::from(title)),
        ("description", Value::from(description)),
        // Zola's without its trailing slash (templates write `{{ config.base_url }}/x`).
        ("base_url", Value::from(base_url.as_str())),
        ("language", Value::from(config.language.as_str())),
        // Zola's names, for Zola's templates.
        ("default_language", Value::from(config.language.as_str())),
        ("generate_feeds", Value::from(generate_feeds)),
        ("feed_filenames", Value::from(feed_filenames)),
        ("build_search_index", Value::from(search_index)),
        // Zola shows templates the index's format only of `[search]`.
        ("search", search_value(&config.search)),
        // Zola's map of the site's other languages and their options.
        ("languages", languages_value(config, shown_lang)),
        ("author", Value::from(config.author.as_str())),
        ("taxonomies", Value::from(config.taxonomy_names())),
        ("evidence", evidence_value(&config.evidence.levels)),
        ("extra", toml_table_value(&config.extra)),
    ] {
        map.insert(key.into(), value);
    }
    Value::from(map)
}

/// `config.languages`: each language other than `lang`, by code, with its options; the
/// default language is among them in a Zola site (as in Zola), with the top-level options.
fn languages_value(config: &crate::config::Config, lang: &str) -> Value {
    let mut languages = Map::new();
    if config.zola_defaults && lang != config.language {
        let default = crate::config::Language {
            code: config.language.clone(),
            title: Some(config.title.clone()),
            description: Some(config.description.clone()),
            generate_feeds: config.generate_feeds,
            feed_filenames: config.feed_filenames.clone(),
            taxonomies: config.taxonomies.clone(),
            translations: config.translations.clone(),
            search: None,
        };
        languages.insert(
            default.code.clone().into(),
            language_options(&default, config.build_search_index),
        );
    }
    for language in config.languages.iter().filter(|l| l.code != lang) {
        languages.insert(
            language.code.clone().into(),
            language_options(language, language.search.is_some()),
        );
    }
    Value::from(languages)
}

/// The options of one language, as `config.languages` shows them.
fn language_options(language: &crate::config::Language, search_index: bool) -> Value {
    let mut options = Map::new();
    let text = |s: &Option<String>| s.as_deref().map_or_else(Value::none, Value::from);
    options.insert("title".into(), text(&language.title));
    options.insert("description".into(), text(&language.description));
    options.insert(
        "generate_feeds".into(),
        Value::from(language.generate_feeds),
    );
    options.insert(
        "feed_filenames".into(),
        Value::from(language.feed_filenames.clone()),
    );
    options.insert("build_search_index".into(), Value::from(search_index));
    let taxonomies: Vec<Value> = language
        .taxonomies
        .iter()
        .map(|t| Value::from(t.name.as_str()))
        .collect();
    options.insert("taxonomies".into(), Value::from(taxonomies));
    let mut translations = Map::new();
    for (key, text) in &language.translations {
        translations.insert(key.clone().into(), Value::from(text.as_str()));
    }
    options.insert("translations".into(), Value::from(translations));
    Value::from(options)
}

/// `config.evidence`: `levels`, the site's ratings as `{key, label}` maps in the order
/// config.toml lists them, so a template can draw the scale.
fn evidence_value(levels: &EvidenceLevels) -> Value {
    let levels: Vec<Value> = levels
        .iter()
        .map(|level| {
            let mut map = Map::new();
            map.insert("key".into(), Value::from(level.key.as_str()));
            map.insert("label".into(), Value::from(level.label.as_str()));
            Value::from(map)
        })
        .collect();
    let mut map = Map::new();
    map.insert("levels".into(), Value::from(levels));
    Value::from(map)
}

/// `config.search` as templates see it: `{index_format: "elasticlunr_json"}`.
fn search_value(search: &crate::config::SearchConfig) -> Value {
    let mut map = tera::Map::new();
    map.insert(
        "index_format".into(),
        Value::from(search.index_format.name()),
    );
    Value::from(map)
}

/// A TOML table as a template map, its keys in sorted order.
pub(crate) fn toml_table_value(table: &toml::Table) -> Value {
    let map: BTreeMap<&str, Value> = table
        .iter()
        .map(|(k, v)| (k.as_str(), toml_value(v)))
        .collect();
    let mut out = Map::new();
    for (k, v) in map {
        out.insert(k.to_string().into(), v);
    }
    Value::from(out)
}

/// A TOML value as a template value.
pub(crate) fn toml_value(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::from(s.as_str()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::from(*b),
        toml::Value::Datetime(d) => Value::from(d.to_string()),
        toml::Value::Array(a) => Value::from(a.iter().map(toml_value).collect::<Vec<_>>()),
        toml::Value::Table(t) => toml_table_value(t),
    }
}
