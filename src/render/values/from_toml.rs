//! TOML as templates see it: front matter and config `[extra]` tables, and `config` itself.
//! Tables become maps with their keys sorted; TOML dates become `YYYY-MM-DD…` strings.

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
        // Zola's map of the site's other languages: empty, as relief builds one language.
        ("languages", Value::from(tera::Map::new())),
        ("author", Value::from(config.author.as_str())),
        ("taxonomies", Value::from(config.taxonomy_names())),
        ("extra", toml_table_value(&config.extra)),
    ] {
        map.insert(key.into(), value);
    }
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
