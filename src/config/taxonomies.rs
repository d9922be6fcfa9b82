//! `taxonomies`: each a name (`"tags"`, relief's short form) or Zola's table
//! (`{name = "tags", paginate_by = 10, feed = true}`, also written as `[[taxonomies]]`),
//! checked value by value so that a bad one is reported at its own line and column.

use crate::diagnostics::{suggest, Diagnostic, Location};
use serde::Deserialize;
use std::path::Path;

/// One taxonomy: a name (`"tags"`), or Zola's table (`{name = "tags", paginate_by = 10,
/// feed = true}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TaxonomyConfig {
    pub name: String,
    /// List each term's pages over pagers of this many pages.
    pub paginate_by: Option<usize>,
    /// Write an Atom feed for each term.
    pub feed: bool,
    /// The path segment the terms' pagers hang under (Zola's `paginate_path`): `page` for
    /// `tags/pain/page/2/`; empty for `tags/pain/2/`.
    pub paginate_path: String,
    /// Write the taxonomy's pages (Zola's `render`); without them, templates still see it.
    pub render: bool,
}

impl TaxonomyConfig {
    pub(super) fn named(name: &str) -> TaxonomyConfig {
        TaxonomyConfig {
            name: name.into(),
            paginate_by: None,
            feed: false,
            paginate_path: "page".into(),
            render: true,
        }
    }
}

/// Zola's `taxonomy_root` as written (`"blog"`, `"/blog/"`) made the folder the taxonomies'
/// pages go under (`blog`), or an error at its place: a path with `.` or `..`, a backslash or
/// nothing but slashes.
pub(super) fn root(
    written: toml::Spanned<String>,
    source: &str,
    display: &Path,
) -> Result<String, Diagnostic> {
    let path = written.get_ref().trim_matches('/');
    let bad = path.is_empty()
        || path.contains('\\')
        || path.split('/').any(|part| matches!(part, "" | "." | ".."));
    if bad {
        let span = written.span();
        return Err(Diagnostic::error(
            "config",
            format!("`taxonomy_root` = \"{}\" is not a folder of the site", written.get_ref()),
        )
        .at(Location::offset(display, source, span.start, span.len()))
        .help("write the folder the taxonomies go under, e.g. taxonomy_root = \"blog\" for /blog/tags/, or remove the key"));
    }
    Ok(path.to_string())
}

const TAXONOMY_KEYS: &[&str] = &["name", "paginate_by", "feed", "paginate_path", "render"];

/// An entry of `taxonomies` as written, with the place of each value, so that a bad one is
/// reported at its own line and column.
#[derive(Debug, Clone)]
pub(super) enum RawTaxonomy {
    Name(String),
    Table(Vec<(toml::Spanned<String>, toml::Spanned<toml::Value>)>),
}

impl<'de> Deserialize<'de> for RawTaxonomy {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawTaxonomy;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a taxonomy name or a table such as {name = \"tags\", paginate_by = 10}",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawTaxonomy, E> {
                Ok(RawTaxonomy::Name(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawTaxonomy, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(RawTaxonomy::Table(entries))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// What is wrong with `segment` as one segment of a URL path, if anything (empty is fine:
/// pagers then hang right under the term).
fn segment_problem(segment: &str) -> Option<&'static str> {
    if segment.contains(['/', '\\']) {
        Some("must be one path segment, without slashes")
    } else if segment == "." || segment == ".." {
        Some("must not be `.` or `..`")
    } else if segment
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || matches!(c, '?' | '#' | '%'))
    {
        Some("must not hold spaces, control characters, `?`, `#` or `%`")
    } else {
        None
    }
}

/// Check one entry of `taxonomies`: every problem, each pointing at the value at fault.
pub(super) fn taxonomy(
    entry: toml::Spanned<RawTaxonomy>,
    source: &str,
    display: &Path,
) -> Result<TaxonomyConfig, Vec<Diagnostic>> {
    let at = |span: std::ops::Range<usize>| {
        Location::offset(display, source, span.start, span.len().max(1))
    };
    let span = entry.span();
    let entries = match entry.into_inner() {
        RawTaxonomy::Name(name) => return Ok(TaxonomyConfig::named(&name)),
        RawTaxonomy::Table(entries) => entries,
    };
    let example = "e.g. {name = \"topics\", paginate_by = 10, feed = true}";
    let mut taxonomy = TaxonomyConfig::named("");
    let mut named = false;
    let mut errors = Vec::new();
    for (key, value) in entries {
        let value_at = at(value.span());
        let value = value.into_inner();
        let wrong_type = |expected: &str| {
            Diagnostic::error(
                "config",
                format!(
                    "taxonomy `{}` must be {expected}, found {} {}",
                    key.get_ref(),
                    if value.type_str().starts_with(['a', 'i']) {
                        "an"
                    } else {
                        "a"
                    },
                    value.type_str()
                ),
            )
            .at(value_at.clone())
        };
        match (key.get_ref().as_str(), &value) {
            ("name", toml::Value::String(name)) => {
                taxonomy.name = name.clone();
                named = true;
            }
            ("name", _) => {
                // Reported here; not also as a missing name.
                named = true;
                errors.push(
                    wrong_type("a string")
                        .help("write the taxonomy's name in quotes, e.g. name = \"topics\""),
                );
            }
            ("paginate_by", toml::Value::Integer(n)) if *n > 0 => match usize::try_from(*n) {
                Ok(n) => taxonomy.paginate_by = Some(n),
                Err(_) => errors.push(
                    Diagnostic::error("config", format!("taxonomy `paginate_by` = {n} is too large"))
                        .at(value_at.clone())
                        .help("write the number of pages per pager, e.g. paginate_by = 10"),
                ),
            },
            ("paginate_by", toml::Value::Integer(n)) => errors.push(
                Diagnostic::error(
                    "config",
                    format!("taxonomy `paginate_by` must be a whole number above zero, found {n}"),
                )
                .at(value_at)
                .help("write the number of pages per pager, e.g. paginate_by = 10, or leave the key out to list each term on one page"),
            ),
            ("paginate_by", _) => errors.push(
                wrong_type("a whole number above zero")
                    .help("write the number of pages per pager without quotes, e.g. paginate_by = 10"),
            ),
            ("feed", toml::Value::Boolean(b)) => taxonomy.feed = *b,
            ("feed", _) => errors.push(
                wrong_type("true or false").help("write feed = true to give each term an Atom feed"),
            ),
            ("paginate_path", toml::Value::String(p)) => match segment_problem(p) {
                None => taxonomy.paginate_path = p.clone(),
                Some(why) => errors.push(
                    Diagnostic::error(
                        "config",
                        format!("taxonomy `paginate_path` = \"{}\" {why}", p.escape_debug()),
                    )
                    .at(value_at)
                    .help("write one URL segment, e.g. paginate_path = \"page\" for tags/pain/page/2/"),
                ),
            },
            ("paginate_path", _) => errors.push(
                wrong_type("a string")
                    .help("write the pagers' path segment in quotes, e.g. paginate_path = \"page\""),
            ),
            ("render", toml::Value::Boolean(b)) => taxonomy.render = *b,
            ("render", _) => errors.push(
                wrong_type("true or false")
                    .help("write render = false to publish no page for the taxonomy"),
            ),
            (other, _) => {
                let d = Diagnostic::error("unknown-key", format!("unknown taxonomy key `{other}`"))
                    .at(at(key.span()));
                let keys = TAXONOMY_KEYS.join(", ");
                errors.push(match suggest(other, TAXONOMY_KEYS.iter().copied()) {
                    Some(s) => d.help(format!("did you mean `{s}`? A taxonomy takes: {keys}")),
                    None => d.help(format!("a taxonomy takes: {keys}")),
                });
            }
        }
    }
    if !named {
        errors.push(
            Diagnostic::error("config", "a taxonomy table has no `name`")
                .at(at(span))
                .help(format!("give it a name, {example}")),
        );
    }
    match errors.is_empty() {
        true => Ok(taxonomy),
        false => Err(errors),
    }
}
