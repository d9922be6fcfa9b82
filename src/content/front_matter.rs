//! Front matter: TOML between `+++` lines at the top of a file. relief splits it itself
//! (pulldown-cmark's metadata blocks also fire mid-document) and keeps line numbers so every
//! TOML error points at the real line of the file.

use crate::diagnostics::{from_toml, Diagnostic, Location};
use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// A file cut into its front matter and body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    pub body: &'a str,
    /// Lines of the file before the front matter text (the opening `+++`, a BOM is not a line).
    pub front_matter_line_offset: usize,
    /// Lines of the file before the body.
    pub body_line_offset: usize,
}

/// Cut `source` at its `+++` fences. `source` must already be free of a byte-order mark.
pub fn split<'a>(source: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    if source.trim().is_empty() {
        return Err(Diagnostic::error("front-matter", "the file is empty")
            .at(Location::line(file, source, 1))
            .help("start the file with front matter:\n+++\ntitle = \"Page title\"\n+++"));
    }
    let mut lines = source.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "+++" {
        return Err(Diagnostic::error("front-matter", "the file does not start with front matter")
            .at(Location::line(file, source, 1))
            .help("put the page's TOML settings between two `+++` lines at the top, with at least title = \"…\""));
    }
    let start = first.len();
    let mut pos = start;
    for (line_no, line) in (2..).zip(lines) {
        if line.trim_end() == "+++" {
            return Ok(Split {
                front_matter: &source[start..pos],
                body: &source[pos + line.len()..],
                front_matter_line_offset: 1,
                body_line_offset: line_no,
            });
        }
        pos += line.len();
    }
    Err(Diagnostic::error(
        "front-matter",
        "front matter is opened with `+++` but never closed",
    )
    .at(Location::line(file, source, 1))
    .help("add a line containing only `+++` after the last front matter setting"))
}

/// Front matter as written, before validation. Shared by pages and sections.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    pub title: Option<String>,
    #[serde(default)]
    pub description: String,
    pub date: Option<toml::Value>,
    pub updated: Option<toml::Value>,
    pub reviewed: Option<toml::Value>,
    pub review_due: Option<toml::Value>,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
    pub template: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub evidence: Option<String>,
    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub references: Vec<Reference>,
    pub paginate_by: Option<toml::Value>,
    #[serde(default)]
    pub extra: toml::Table,
}

pub const KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "reviewed",
    "review_due",
    "weight",
    "draft",
    "slug",
    "template",
    "aliases",
    "evidence",
    "taxonomies",
    "references",
    "paginate_by",
    "extra",
];

const REFERENCE_KEYS: &[&str] = &[
    "id",
    "authors",
    "title",
    "container",
    "year",
    "url",
    "doi",
    "pmid",
];

/// One entry of `[[references]]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub id: String,
    #[serde(default)]
    pub authors: String,
    pub title: String,
    #[serde(default)]
    pub container: String,
    #[serde(default, deserialize_with = "string_or_integer")]
    pub year: Option<String>,
    pub url: Option<String>,
    pub doi: Option<String>,
    #[serde(default, deserialize_with = "string_or_integer")]
    pub pmid: Option<String>,
}

fn string_or_integer<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        S(String),
        I(i64),
    }
    Ok(Option::<Raw>::deserialize(d)?.map(|r| match r {
        Raw::S(s) => s,
        Raw::I(i) => i.to_string(),
    }))
}

/// Validated front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    pub description: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub reviewed: Option<Date>,
    pub review_due: Option<Date>,
    pub weight: i64,
    pub draft: bool,
    pub slug: Option<String>,
    pub template: Option<String>,
    pub aliases: Vec<String>,
    pub evidence: Option<String>,
    pub taxonomies: BTreeMap<String, Vec<String>>,
    pub references: Vec<Reference>,
    /// Sections only: list the section's pages over pagers of this many pages each.
    pub paginate_by: Option<usize>,
    pub extra: toml::Table,
}

/// Parse and validate the front matter of `split`. Every problem found is returned, each
/// pointing at its line of `file`.
pub fn parse(split: &Split<'_>, source: &str, file: &Path) -> Result<FrontMatter, Vec<Diagnostic>> {
    let fm = split.front_matter;
    let offset = split.front_matter_line_offset;
    let raw: RawFrontMatter = toml::from_str(fm).map_err(|e| {
        let known = if e.message().contains("`container`") {
            REFERENCE_KEYS
        } else {
            KEYS
        };
        vec![from_toml(&e, fm, file, offset, known)]
    })?;
    let at = |key: &str| match key_line(fm, key) {
        Some(line) => Location::line(file, source, line + offset),
        None => Location::line(file, source, 1),
    };
    let mut errors = Vec::new();
    let title = match raw.title {
        Some(t) if !t.trim().is_empty() => t,
        Some(_) => {
            errors.push(Diagnostic::error("front-matter", "the title is empty").at(at("title")));
            String::new()
        }
        None => {
            errors.push(
                Diagnostic::error("front-matter", "the front matter has no title")
                    .at(Location::line(file, source, 1))
                    .help(
                        "add a line such as title = \"Can massage help?\" between the `+++` lines",
                    ),
            );
            String::new()
        }
    };
    let mut date = |key: &str, value: Option<toml::Value>| match value.map(|v| parse_date(&v)) {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(why)) => {
            errors.push(
                Diagnostic::error("front-matter", format!("`{key}` is not a date: {why}"))
                    .at(at(key))
                    .help(format!(
                        "write the date as {key} = 2026-11-25 (year-month-day, no quotes needed)"
                    )),
            );
            None
        }
    };
    let dates = [
        date("date", raw.date),
        date("updated", raw.updated),
        date("reviewed", raw.reviewed),
        date("review_due", raw.review_due),
    ];
    if let Some(slug) = &raw.slug {
        if let Err(why) = check_slug(slug) {
            errors.push(Diagnostic::error("front-matter", format!("slug `{}` {why}", slug.escape_debug())).at(at("slug")).help(
                "a slug is one URL segment: letters, digits and hyphens, e.g. slug = \"sleep-and-energy\"",
            ));
        }
    }
    for alias in &raw.aliases {
        if let Err(why) = check_alias(alias) {
            errors.push(
                Diagnostic::error(
                    "front-matter",
                    format!("alias `{}` {why}", alias.escape_debug()),
                )
                .at(at("aliases"))
                .help("an alias is a path on this site, e.g. aliases = [\"/old-page/\"]"),
            );
        }
    }
    if let Some(template) = &raw.template {
        if template.contains("..") || template.starts_with('/') || template.contains(['\\', '\0']) {
            errors.push(
                Diagnostic::error(
                    "front-matter",
                    format!(
                        "template `{}` is not a file name inside templates/",
                        template.escape_debug()
                    ),
                )
                .at(at("template")),
            );
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (n, r) in raw.references.iter().enumerate() {
        let at_key = |key: &str| match reference_key_line(fm, n, key) {
            Some(line) => Location::line(file, source, line + offset),
            None => at("references"),
        };
        if !seen.insert(r.id.as_str()) {
            errors.push(
                Diagnostic::error(
                    "references",
                    format!("reference id `{}` is used twice", r.id),
                )
                .at(at_key("id"))
                .help("give every reference of a page its own id"),
            );
        }
        let fields = [
            ("doi", r.doi.as_deref().map(check_doi)),
            ("pmid", r.pmid.as_deref().map(check_pmid)),
            ("url", r.url.as_deref().map(check_reference_url)),
        ];
        for (key, checked) in fields {
            if let Some(Err((why, help))) = checked {
                errors.push(
                    Diagnostic::error("references", format!("reference `{}`: {why}", r.id))
                        .at(at_key(key))
                        .help(help),
                );
            }
        }
        if r.id.is_empty()
            || !r
                .id
                .chars()
                .all(|c| c.is_alphanumeric() || "-_.:".contains(c))
        {
            errors.push(
                Diagnostic::error(
                    "references",
                    format!(
                        "reference id `{}` must be letters, digits, `-`, `_`, `.` or `:`",
                        r.id
                    ),
                )
                .at(at_key("id")),
            );
        }
    }
    let paginate_by = match raw.paginate_by {
        None => None,
        Some(value) => match check_paginate_by(&value, file) {
            Ok(n) => Some(n),
            Err((why, help)) => {
                errors.push(
                    Diagnostic::error("front-matter", why)
                        .at(at("paginate_by"))
                        .help(help),
                );
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let [date, updated, reviewed, review_due] = dates;
    Ok(FrontMatter {
        title,
        description: raw.description,
        date,
        updated,
        reviewed,
        review_due,
        weight: raw.weight,
        draft: raw.draft,
        slug: raw.slug,
        template: raw.template,
        aliases: raw.aliases,
        evidence: raw.evidence,
        taxonomies: raw.taxonomies,
        references: raw.references,
        paginate_by,
        extra: raw.extra,
    })
}

/// `paginate_by` as a number of pages per pager, or why it can't be one: it belongs to a
/// section's `_index.md` and must be a whole number above zero.
fn check_paginate_by(value: &toml::Value, file: &Path) -> Result<usize, (String, String)> {
    if file.file_name().and_then(|n| n.to_str()) != Some("_index.md") {
        return Err((
            "`paginate_by` only applies to a section (an `_index.md` file), not to a page".into(),
            "move it to the front matter of the section's _index.md".into(),
        ));
    }
    let help = "write the number of pages per pager, e.g. paginate_by = 10".to_string();
    match value {
        toml::Value::Integer(n) if *n > 0 => match usize::try_from(*n) {
            Ok(n) => Ok(n),
            Err(_) => Err((format!("`paginate_by` = {n} is too large"), help)),
        },
        toml::Value::Integer(n) => Err((
            format!("`paginate_by` must be a whole number above zero, found {n}"),
            help,
        )),
        other => Err((
            format!(
                "`paginate_by` must be a whole number above zero, found a {}",
                other.type_str()
            ),
            help,
        )),
    }
}

fn parse_date(value: &toml::Value) -> Result<Date, String> {
    let text = match value {
        toml::Value::Datetime(dt) => match dt.date {
            Some(d) => {
                return Date::new(d.year as i16, d.month as i8, d.day as i8)
                    .map_err(|e| e.to_string())
            }
            None => return Err("it has a time but no date".into()),
        },
        toml::Value::String(s) => s.as_str(),
        other => return Err(format!("found a {}", other.type_str())),
    };
    let day = text.get(..10).unwrap_or(text);
    day.parse::<Date>()
        .map_err(|_| format!("`{text}` is not in the form YYYY-MM-DD"))
}

/// Why `slug` can't be a URL segment, if it can't.
pub fn check_slug(slug: &str) -> Result<(), &'static str> {
    if slug.contains('\0') {
        Err("contains a NUL character")
    } else if slug.contains(['/', '\\']) {
        Err("contains a slash or backslash")
    } else if slug.trim() == ".." || slug.trim() == "." {
        Err("is `.` or `..`")
    } else if crate::slug::slugify(slug).is_empty() {
        Err("has no letters or digits")
    } else {
        Ok(())
    }
}

/// Why `alias` can't be a path on this site, if it can't.
pub fn check_alias(alias: &str) -> Result<(), &'static str> {
    if alias.contains('\0') {
        Err("contains a NUL character")
    } else if alias.contains('\\') {
        Err("contains a backslash")
    } else if alias.contains("://") || alias.starts_with("//") || alias.get(1..2) == Some(":") {
        Err("is an absolute URL or file path, not a path on this site")
    } else if alias.split('/').any(|s| s == ".." || s == ".") {
        Err("contains a `.` or `..` segment")
    } else if alias.trim_matches('/').is_empty() {
        Err("is the site root")
    } else {
        Ok(())
    }
}

/// The 1-based line (within `toml_text`) where `key = …` is set, for pointing at values
/// that parsed but did not validate.
/// The 1-based line of `key` in the `n`-th `[[references]]` table of `toml_text` (the
/// table's header line when the key is not written).
fn reference_key_line(toml_text: &str, n: usize, key: &str) -> Option<usize> {
    let lines: Vec<&str> = toml_text.lines().collect();
    let header = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[references]]")
        .nth(n)?
        .0;
    let in_table = lines[header + 1..]
        .iter()
        .take_while(|l| !l.trim_start().starts_with('['))
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
        });
    Some(match in_table {
        Some(i) => header + 2 + i,
        None => header + 1,
    })
}

/// A reference's `doi` must be the bare DOI (`10.1001/archinte.166.22.2533`): relief makes
/// the `https://doi.org/` link itself.
fn check_doi(doi: &str) -> Result<(), (String, String)> {
    let lower = doi.to_ascii_lowercase();
    for prefix in [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ] {
        if lower.starts_with(prefix) {
            let bare = doi[prefix.len()..].trim();
            return Err((
                format!("`doi` holds a link, not a DOI: `{doi}`"),
                format!(
                    "write the DOI alone, doi = \"{bare}\"; relief makes the https://doi.org/ link"
                ),
            ));
        }
    }
    let well_formed = doi
        .strip_prefix("10.")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(registrant, suffix)| {
            !registrant.is_empty()
                && registrant.chars().all(|c| c.is_ascii_digit() || c == '.')
                && !suffix.is_empty()
                && !suffix.chars().any(char::is_whitespace)
        });
    match well_formed {
        true => Ok(()),
        false => Err((
            format!("`{doi}` is not a DOI"),
            "a DOI starts with 10., a number and a slash, e.g. doi = \"10.1001/archinte.166.22.2533\"".into(),
        )),
    }
}

/// A reference's `pmid` is a PubMed number.
fn check_pmid(pmid: &str) -> Result<(), (String, String)> {
    let digits = pmid
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    if !pmid.is_empty() && pmid.len() <= 9 && pmid.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    let help = match !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        true => format!("write the number alone, pmid = {digits}; relief makes the PubMed link"),
        false => "a PMID is the number PubMed gives an article, e.g. pmid = 2954166".into(),
    };
    Err((format!("`pmid` = `{pmid}` is not a PubMed number"), help))
}

/// A reference's `url` is a full web address readers can open.
fn check_reference_url(url: &str) -> Result<(), (String, String)> {
    let help = || {
        "write the full address, e.g. url = \"https://www.nice.org.uk/guidance/ng226\"".to_string()
    };
    if !url.starts_with("https://") && !url.starts_with("http://") {
        return Err((format!("`url` = `{url}` is not a web address"), help()));
    }
    match crate::check::malformed(url) {
        Some(why) => Err((format!("`url` = `{url}` is malformed: {why}"), help())),
        None => Ok(()),
    }
}

pub fn key_line(toml_text: &str, key: &str) -> Option<usize> {
    toml_text
        .lines()
        .position(|line| {
            let line = line.trim_start();
            let rest = line
                .strip_prefix(key)
                .or_else(|| line.strip_prefix(&format!("\"{key}\"")));
            rest.is_some_and(|r| r.trim_start().starts_with('='))
                || line.trim_end() == format!("[{key}]")
                || line.trim_end() == format!("[[{key}]]")
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("content/a.md")
    }

    #[test]
    fn splits_and_keeps_line_offsets() {
        let src = "+++\ntitle = \"A\"\n+++\nbody\n";
        let s = split(src, p()).unwrap();
        assert_eq!(s.front_matter, "title = \"A\"\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line_offset, 3);
    }

    #[test]
    fn splits_windows_line_endings() {
        let s = split("+++\r\ntitle = \"A\"\r\n+++\r\nbody", p()).unwrap();
        assert_eq!(s.front_matter, "title = \"A\"\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn later_plus_lines_belong_to_the_body() {
        let s = split("+++\ntitle = \"A\"\n+++\n\n+++\nnot front matter\n", p()).unwrap();
        assert!(s.body.contains("not front matter"));
    }

    #[test]
    fn unclosed_and_missing_front_matter_are_errors() {
        let e = split("+++\ntitle = \"A\"\n", p()).unwrap_err();
        assert!(e.message.contains("never closed"));
        assert_eq!(e.location.unwrap().line, Some(1));
        assert!(split("# Hello", p())
            .unwrap_err()
            .message
            .contains("does not start"));
        assert!(split("", p()).unwrap_err().message.contains("empty"));
    }

    fn parse_src(src: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
        let s = split(src, p()).unwrap();
        parse(&s, src, p())
    }

    #[test]
    fn toml_errors_point_at_file_lines() {
        let e = parse_src("+++\ntitle = \"A\"\nweight = \"high\"\n+++\n").unwrap_err();
        let loc = e[0].location.clone().unwrap();
        assert_eq!(loc.line, Some(3), "{}", e[0]);
        let e = parse_src("+++\ntitle = \"A\"\ntitel = \"B\"\n+++\n").unwrap_err();
        assert_eq!(e[0].help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(e[0].location.clone().unwrap().line, Some(3));
    }

    #[test]
    fn missing_title_and_bad_date_are_both_reported() {
        let e = parse_src("+++\ndate = \"yesterday\"\n+++\n").unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e[0].message.contains("no title"));
        assert!(e[1].message.contains("`date` is not a date"));
        assert_eq!(e[1].location.clone().unwrap().line, Some(2));
    }

    #[test]
    fn dates_parse_from_toml_dates_and_strings() {
        let fm =
            parse_src("+++\ntitle = \"A\"\ndate = 2026-01-02\nupdated = \"2026-03-04\"\n+++\n")
                .unwrap();
        assert_eq!(fm.date.unwrap().to_string(), "2026-01-02");
        assert_eq!(fm.updated.unwrap().to_string(), "2026-03-04");
        assert!(parse_src("+++\ntitle = \"A\"\ndate = 2026-02-30\n+++\n").is_err());
    }

    #[test]
    fn hostile_slugs_and_aliases_are_refused() {
        for slug in ["..", "a/b", "a\\b", "a\0b"] {
            assert!(check_slug(slug).is_err(), "{slug}");
        }
        assert!(check_slug("sleep").is_ok());
        for alias in [
            "../x",
            "/a/../../b",
            "C:\\x",
            "a\0",
            "https://evil.example/",
            "//evil",
            "/",
        ] {
            assert!(check_alias(alias).is_err(), "{alias}");
        }
        assert!(check_alias("/old-url/").is_ok());
    }

    #[test]
    fn reference_identifiers_are_checked_and_located_in_their_own_table() {
        assert!(check_doi("10.1001/archinte.166.22.2533").is_ok());
        assert!(check_doi("10.1093/ptj/67.6.926").is_ok());
        for bad in [
            "11.1/x",
            "10./x",
            "10.1001",
            "10.1001/",
            "10.1001/a b",
            "10.x1/y",
        ] {
            assert!(check_doi(bad).is_err(), "{bad}");
        }
        let (why, help) = check_doi("https://doi.org/10.1/x").unwrap_err();
        assert!(
            why.contains("holds a link") && help.contains("doi = \"10.1/x\""),
            "{help}"
        );
        assert!(check_doi("doi:10.1/x").is_err());
        assert!(check_pmid("2954166").is_ok());
        assert!(check_pmid("PMID 2954166").is_err());
        let (_, help) = check_pmid("https://pubmed.ncbi.nlm.nih.gov/2954166/").unwrap_err();
        assert!(help.contains("pmid = 2954166"), "{help}");
        assert!(check_reference_url("https://nice.org.uk/guidance/ng226").is_ok());
        assert!(check_reference_url("nice.org.uk").is_err());
        assert!(check_reference_url("https://nice org.uk").is_err());

        let fm = "title = \"A\"\n[[references]]\nid = \"a\"\ndoi = \"1\"\n\n[[references]]\nid = \"b\"\ntitle = \"T\"\n[extra]\ndoi = 2\n";
        assert_eq!(reference_key_line(fm, 0, "doi"), Some(4));
        assert_eq!(reference_key_line(fm, 1, "id"), Some(7));
        assert_eq!(
            reference_key_line(fm, 1, "doi"),
            Some(6),
            "not the [extra] key: the header"
        );
        assert_eq!(reference_key_line(fm, 2, "id"), None);
    }

    #[test]
    fn references_parse_with_numeric_pmid() {
        let fm = parse_src("+++\ntitle = \"A\"\n[[references]]\nid = \"x\"\ntitle = \"T\"\npmid = 123\nyear = 2006\n+++\n").unwrap();
        assert_eq!(fm.references[0].pmid.as_deref(), Some("123"));
        assert_eq!(fm.references[0].year.as_deref(), Some("2006"));
    }
}
