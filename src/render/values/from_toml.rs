//! TOML as templates see it: front matter and config `[extra]` tables, and `config` itself
//! in each language (with its `[evidence.levels]` as a list, in the site's order).
//! Tables become maps with their keys sorted; TOML dates become `YYYY-MM-DD…` strings.

use crate::site::Site;
use std::collections::BTreeMap;
use tera::{Map, Value};

/// `config` as templates of a document in `lang` see it. As in Zola, a language's own
/// options stand in for the site's: `title` and `description` (none when its
/// `[languages.xx]` sets none), its feeds, taxonomies and search index; `languages` lists the site's
/// other languages, the default one included when `lang` is not it.
pub(crate) fn config_value(site: &Site, lang: &str) -> Value {
    let config = &site.config;
    let own = config.other_language(lang);
    let text = |s: Option<&str>| s.map_or_else(Value::none, Value::from);
    let (title, description) = match own {
        Some(language) => (
            text(language.title.as_deref()),
            text(language.description.as_deref()),
        ),
        None => (
            Value::from(config.title.as_str()),
            Value::from(config.description.as_str()),
        ),
    };
    let (generate_feeds, feed_filenames, taxonomies) = match own {
        Some(language) => (
            language.generate_feeds,
            language.feed_filenames.clone(),
            language.taxonomies.iter().map(|t| t.name.clone()).collect(),
        ),
        None => (
            config.generate_feeds,
            config.feed_filenames.clone(),
            config.taxonomy_names(),
        ),
    };
    let mut base_url = site.permalink("");
    if config.zola_defaults {
        base_url.truncate(base_url.trim_end_matches('/').len());
    }
    let mut map = tera::Map::new();
    for (key, value) in [
        ("title", title),
        ("description", description),
        // A Zola site's without its trailing slash, as Zola gives it (its templates write
        // `{{ config.base_url }}/x`).
        ("base_url", Value::from(base_url.as_str())),
        ("language", Value::from(config.language.as_str())),
        // Zola's names, for Zola's templates.
        ("default_language", Value::from(config.language.as_str())),
        ("generate_feeds", Value::from(generate_feeds)),
        ("feed_filenames", Value::from(feed_filenames)),
        (
            "build_search_index",
            Value::from(own.map_or(config.build_search_index, |l| l.search.is_some())),
        ),
        // Zola shows templates the index's format only of `[search]`.
        (
            "search",
            search_value(
                own.and_then(|l| l.search.as_ref())
                    .unwrap_or(&config.search),
            ),
        ),
        // Zola's map of the site's other languages and their options.
        ("languages", languages_value(config, lang)),
        ("author", Value::from(config.author.as_str())),
        ("taxonomies", Value::from(taxonomies)),
        ("evidence", evidence_value(config, lang)),
        ("extra", toml_table_value(&config.extra)),
    ] {
        map.insert(key.into(), value);
    }
    Value::from(map)
}

/// `config.languages`: each language other than `lang`, by code, with its options.
fn languages_value(config: &crate::config::Config, lang: &str) -> Value {
    let mut languages = Map::new();
    if lang != config.language {
        languages.insert(
            config.language.clone().into(),
            default_language_value(config),
        );
    }
    for language in config.languages.iter().filter(|l| l.code != lang) {
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
        options.insert(
            "build_search_index".into(),
            Value::from(language.search.is_some()),
        );
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

/// The default language's entry of `config.languages`, as Zola gives it on the pages of the
/// other languages: the site's own title, description, feeds, taxonomies and translations.
fn default_language_value(config: &crate::config::Config) -> Value {
    let mut options = Map::new();
    options.insert("title".into(), Value::from(config.title.as_str()));
    options.insert(
        "description".into(),
        Value::from(config.description.as_str()),
    );
    options.insert("generate_feeds".into(), Value::from(config.generate_feeds));
    options.insert(
        "feed_filenames".into(),
        Value::from(config.feed_filenames.clone()),
    );
    options.insert(
        "build_search_index".into(),
        Value::from(config.build_search_index),
    );
    options.insert("taxonomies".into(), Value::from(config.taxonomy_names()));
    let mut translations = Map::new();
    for (key, text) in &config.translations {
        translations.insert(key.clone().into(), Value::from(text.as_str()));
    }
    options.insert("translations".into(), Value::from(translations));
    Value::from(options)
}

/// `config.evidence`: `levels`, the site's ratings as `{key, label}` maps in the order
/// config.toml lists them, so a template can draw the scale; each label in `lang`
/// ([`Config::evidence_label`](crate::config::Config::evidence_label)).
fn evidence_value(config: &crate::config::Config, lang: &str) -> Value {
    let levels: Vec<Value> = config
        .evidence
        .levels
        .iter()
        .map(|level| {
            let mut map = Map::new();
            map.insert("key".into(), Value::from(level.key.as_str()));
            map.insert(
                "label".into(),
                Value::from(config.evidence_label(level, lang)),
            );
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
