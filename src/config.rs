//! `config.toml`: site-wide settings. Unknown keys are errors with a suggestion, so a typo
//! never passes silently.

use crate::diagnostics::{from_toml, suggest, Diagnostic, Location};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub author: String,
    /// `taxonomies` as written; [`Config::parse`] checks it into `taxonomies`.
    #[serde(rename = "taxonomies", default)]
    raw_taxonomies: Option<Vec<toml::Spanned<RawTaxonomy>>>,
    /// The taxonomies, in config order (default: `tags`).
    #[serde(skip)]
    pub taxonomies: Vec<TaxonomyConfig>,
    #[serde(default)]
    pub relative_urls: bool,
    #[serde(default)]
    pub review: ReviewConfig,
    #[serde(default)]
    pub evidence: EvidenceConfig,
    #[serde(default)]
    pub link_checker: LinkCheckerConfig,
    #[serde(default)]
    pub extra: toml::Table,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewConfig {
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
pub struct EvidenceConfig {
    /// Allowed values of a page's `evidence` key, with their labels, in display order.
    #[serde(default)]
    pub levels: BTreeMap<String, String>,
}

/// `relief check --external` settings (Zola's names).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkCheckerConfig {
    /// External URLs starting with one of these are never fetched.
    #[serde(default)]
    pub skip_prefixes: Vec<String>,
}

/// One taxonomy: a name (`"tags"`), or Zola's table (`{name = "tags", paginate_by = 10,
/// feed = true}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxonomyConfig {
    pub name: String,
    /// List each term's pages over pagers of this many pages.
    pub paginate_by: Option<usize>,
    /// Write an Atom feed for each term.
    pub feed: bool,
}

impl TaxonomyConfig {
    fn named(name: &str) -> TaxonomyConfig {
        TaxonomyConfig {
            name: name.into(),
            paginate_by: None,
            feed: false,
        }
    }
}

const TAXONOMY_KEYS: &[&str] = &["name", "paginate_by", "feed"];

/// An entry of `taxonomies` as written, with the place of each value, so that a bad one is
/// reported at its own line and column.
#[derive(Debug, Clone)]
enum RawTaxonomy {
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

fn default_language() -> String {
    "en".into()
}
fn default_interval() -> u32 {
    365
}

const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "author",
    "taxonomies",
    "relative_urls",
    "review",
    "evidence",
    "link_checker",
    "extra",
];

impl Config {
    /// Read and validate `root/config.toml`.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join("config.toml");
        let display = Path::new("config.toml");
        let source = match std::fs::read_to_string(&path) {
            Ok(s) => s,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Diagnostic::error("config", "config.toml not found")
                    .at(Location::file(root))
                    .help("run relief from the site's folder, pass --root DIR, or create a site with `relief init DIR`"))
            }
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                return Err(Diagnostic::error("config", "config.toml is not valid UTF-8")
                    .at(Location::file(display))
                    .help("save the file as UTF-8"))
            }
            Err(e) => return Err(Diagnostic::io(display, "read config.toml", &e)),
        };
        Config::parse(&source, display)
    }

    pub fn parse(source: &str, display: &Path) -> Result<Config, Diagnostic> {
        if source.trim().is_empty() {
            return Err(Diagnostic::error("config", "config.toml is empty")
                .at(Location::line(display, source, 1))
                .help("set at least `title` and `base_url`, e.g. title = \"My site\" and base_url = \"https://example.org/\""));
        }
        let mut config: Config =
            toml::from_str(source).map_err(|e| from_toml(&e, source, display, 0, KEYS))?;
        config.taxonomies = match config.raw_taxonomies.take() {
            None => vec![TaxonomyConfig::named("tags")],
            Some(raw) => raw
                .into_iter()
                .map(|entry| taxonomy(entry, source, display))
                .collect::<Result<_, _>>()?,
        };
        config.validate(source, display)?;
        Ok(config)
    }

    /// The taxonomies' names, in config order.
    pub fn taxonomy_names(&self) -> Vec<String> {
        self.taxonomies.iter().map(|t| t.name.clone()).collect()
    }

    fn validate(&self, source: &str, display: &Path) -> Result<(), Diagnostic> {
        let at = |key: &str| match crate::content::front_matter::key_line(source, key) {
            Some(line) => Location::line(display, source, line),
            None => Location::file(display),
        };
        if let Err(why) = parse_base_url(&self.base_url) {
            return Err(Diagnostic::error("config", format!("base_url `{}` is not a URL: {why}", self.base_url))
                .at(at("base_url"))
                .help("write an absolute http(s) URL such as \"https://example.org/\" or \"https://example.org/docs/\""));
        }
        let mut slugs: HashMap<String, &str> = HashMap::new();
        for name in self.taxonomies.iter().map(|t| &t.name) {
            let slug = crate::slug::slugify(name);
            if slug.is_empty() {
                return Err(Diagnostic::error(
                    "config",
                    format!("taxonomy name `{name}` has no letters or digits"),
                )
                .at(at("taxonomies")));
            }
            // Two taxonomies at one URL would write over each other's pages.
            if let Some(first) = slugs.insert(slug.clone(), name) {
                return Err(Diagnostic::error(
                    "config",
                    format!("taxonomies `{first}` and `{name}` would both be published at /{slug}/"),
                )
                .at(at("taxonomies"))
                .help("list each taxonomy once, with names that differ in more than case or punctuation"));
            }
        }
        Ok(())
    }

    /// The base URL split into origin (`https://example.org`) and path (`/docs/`).
    pub fn base(&self) -> (String, String) {
        parse_base_url(&self.base_url).expect("validated when loaded")
    }

    pub fn suggest_key(word: &str) -> Option<&'static str> {
        suggest(word, KEYS.iter().copied())
    }
}

/// Check one entry of `taxonomies`, pointing at the value at fault.
fn taxonomy(
    entry: toml::Spanned<RawTaxonomy>,
    source: &str,
    display: &Path,
) -> Result<TaxonomyConfig, Diagnostic> {
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
                return Err(wrong_type("a string")
                    .help("write the taxonomy's name in quotes, e.g. name = \"topics\""))
            }
            ("paginate_by", toml::Value::Integer(n)) if *n > 0 => {
                taxonomy.paginate_by = Some(usize::try_from(*n).map_err(|_| {
                    Diagnostic::error("config", format!("taxonomy `paginate_by` = {n} is too large"))
                        .at(value_at.clone())
                        .help("write the number of pages per pager, e.g. paginate_by = 10")
                })?);
            }
            ("paginate_by", toml::Value::Integer(n)) => {
                return Err(Diagnostic::error(
                    "config",
                    format!("taxonomy `paginate_by` must be a whole number above zero, found {n}"),
                )
                .at(value_at)
                .help("write the number of pages per pager, e.g. paginate_by = 10, or leave the key out to list each term on one page"))
            }
            ("paginate_by", _) => {
                return Err(wrong_type("a whole number above zero")
                    .help("write the number of pages per pager without quotes, e.g. paginate_by = 10"))
            }
            ("feed", toml::Value::Boolean(b)) => taxonomy.feed = *b,
            ("feed", _) => {
                return Err(wrong_type("true or false")
                    .help("write feed = true to give each term an Atom feed"))
            }
            (other, _) => {
                let d = Diagnostic::error("unknown-key", format!("unknown taxonomy key `{other}`"))
                    .at(at(key.span()));
                return Err(match suggest(other, TAXONOMY_KEYS.iter().copied()) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!(
                        "the keys allowed in a taxonomy are: {}",
                        TAXONOMY_KEYS.join(", ")
                    )),
                });
            }
        }
    }
    if !named {
        return Err(
            Diagnostic::error("config", "a taxonomy table has no `name`")
                .at(at(span))
                .help(format!("give it a name, {example}")),
        );
    }
    Ok(taxonomy)
}

/// Split an absolute http(s) URL into its origin and a path that starts and ends with `/`.
pub fn parse_base_url(url: &str) -> Result<(String, String), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it must start with http:// or https://")?;
    let scheme_len = url.len() - rest.len();
    if rest
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return Err("it contains spaces, control characters or backslashes");
    }
    if rest.contains(['?', '#']) {
        return Err("it must not have a query or fragment");
    }
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty() || host.starts_with(':') || host.ends_with(':') {
        return Err("it has no host name");
    }
    if path.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err("its path must not contain `.` or `..` segments");
    }
    let mut path = path.to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    Ok((url[..scheme_len + host.len()].to_string(), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<Config, Diagnostic> {
        Config::parse(src, Path::new("config.toml"))
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
        assert!(e.message.contains("`languag`"), "{e}");
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
                    name: "topics".into(),
                    paginate_by: Some(10),
                    feed: true
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
    fn empty_config_is_an_error() {
        assert!(parse("  \n").unwrap_err().message.contains("empty"));
    }
}
