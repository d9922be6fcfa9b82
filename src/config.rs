//! `config.toml`: site-wide settings. Unknown keys are errors with a suggestion, so a typo
//! never passes silently.

use crate::diagnostics::{from_toml, suggest, Diagnostic, Location};
use serde::Deserialize;
use std::collections::BTreeMap;
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
    #[serde(default = "default_taxonomies")]
    pub taxonomies: Vec<String>,
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

fn default_language() -> String {
    "en".into()
}
fn default_taxonomies() -> Vec<String> {
    vec!["tags".into()]
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
        let config: Config =
            toml::from_str(source).map_err(|e| from_toml(&e, source, display, 0, KEYS))?;
        config.validate(source, display)?;
        Ok(config)
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
        for name in &self.taxonomies {
            if crate::slug::slugify(name).is_empty() {
                return Err(Diagnostic::error(
                    "config",
                    format!("taxonomy name `{name}` has no letters or digits"),
                )
                .at(at("taxonomies")));
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
        assert_eq!(c.taxonomies, vec!["tags"]);
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
    fn empty_config_is_an_error() {
        assert!(parse("  \n").unwrap_err().message.contains("empty"));
    }
}
