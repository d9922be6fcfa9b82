//! TOML as templates see it: front matter and config `[extra]` tables, and `config` itself
//! (with its `[evidence.levels]` as a list, in the site's order).
//! Tables become maps with their keys sorted; TOML dates become `YYYY-MM-DD…` strings.

use crate::config::EvidenceLevels;
use crate::site::Site;
use std::collections::BTreeMap;
use tera::{Map, Value};

/// `config` as templates see it.
pub(crate) fn config_value(site: &Site) -> Value {
    let config = &site.config;
    let mut map = tera::Map::new();
    for (key, value) in [
        ("title", Value::from(config.title.as_str())),
        ("description", Value::from(config.description.as_str())),
        ("base_url", Value::from(site.permalink(""))),
        ("language", Value::from(config.language.as_str())),
        // Zola's names, for Zola's templates.
        ("default_language", Value::from(config.language.as_str())),
        ("generate_feeds", Value::from(config.generate_feeds)),
        ("feed_filenames", Value::from(config.feed_filenames.clone())),
        ("build_search_index", Value::from(config.build_search_index)),
        // Zola shows templates the index's format only of `[search]`.
        ("search", search_value(&config.search)),
        // Zola's map of the site's other languages and their options.
        ("languages", languages_value(config)),
        ("author", Value::from(config.author.as_str())),
        ("taxonomies", Value::from(config.taxonomy_names())),
        ("evidence", evidence_value(&config.evidence.levels)),
        ("extra", toml_table_value(&config.extra)),
    ] {
        map.insert(key.into(), value);
    }
    Value::from(map)
}

/// `config.languages`: each language other than the default one, by code, with its options.
fn languages_value(config: &crate::config::Config) -> Value {
    let mut languages = Map::new();
    for language in &config.languages {
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
        options.insert("build_search_index".into(), Value::from(false));
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
        languages.insert(language.code.clone().into(), Value::from(options));
    }
    Value::from(languages)
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
