//! Front matter: TOML between `+++` lines at the top of a file. relief splits it itself
//! (pulldown-cmark's metadata blocks also fire mid-document) and keeps line numbers so every
//! TOML error points at the real line of the file. Every bad key, wrong value and missing
//! title of a file is reported in one run.

use crate::diagnostics::{from_toml, Diagnostic, Location};
use crate::schema::{self, key, required, Kind};
use crate::toml_position::{key_line, key_line_in_table};
use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use toml::de::DeValue;

/// A file cut into its front matter and body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    pub body: &'a str,
    /// Lines of the file before the front matter text: blank lines before the opening
    /// `+++`, and that line (a BOM is not a line).
    pub front_matter_line_offset: usize,
    /// Lines of the file before the body.
    pub body_line_offset: usize,
}

/// Cut `source` at its `+++` fences. `source` must already be free of a byte-order mark.
/// Blank lines before the opening `+++` are allowed, as Zola allows them.
pub fn split<'a>(source: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    if source.trim().is_empty() {
        return Err(Diagnostic::error("front-matter", "the file is empty")
            .at(Location::line(file, source, 1))
            .help("start the file with front matter:\n+++\ntitle = \"Page title\"\n+++"));
    }
    let mut lines = source.split_inclusive('\n');
    let mut start = 0;
    let mut opening_line = 0;
    for line in lines.by_ref() {
        start += line.len();
        opening_line += 1;
        if line.trim().is_empty() {
            continue;
        }
        if line.trim() == "+++" {
            break;
        }
        if line.trim_end() == "---" {
            if let Some(yaml) = yaml(&source[start..], file, source, opening_line) {
                return Err(yaml);
            }
        }
        return Err(Diagnostic::error("front-matter", "the file does not start with front matter")
            .at(Location::line(file, source, opening_line))
            .help("put the page's TOML settings between two `+++` lines at the top, with at least title = \"…\""));
    }
    let mut pos = start;
    for (line_no, line) in (opening_line + 1..).zip(lines) {
        if line.trim_end() == "+++" {
            return Ok(Split {
                front_matter: &source[start..pos],
                body: &source[pos + line.len()..],
                front_matter_line_offset: opening_line,
                body_line_offset: line_no,
            });
        }
        pos += line.len();
    }
    Err(Diagnostic::error(
        "front-matter",
        "front matter is opened with `+++` but never closed",
    )
    .at(Location::line(file, source, opening_line))
    .help("add a line containing only `+++` after the last front matter setting"))
}

/// The error for YAML front matter (`---` lines, `key: value`, as Jekyll and Hugo write
/// it), when `rest` (what follows the first `---` on line `line`) looks like YAML.
fn yaml(rest: &str, file: &Path, source: &str, line: usize) -> Option<Diagnostic> {
    let block = rest
        .split_inclusive('\n')
        .take_while(|l| l.trim_end() != "---");
    let first = block.filter_map(|l| yaml_key_value(l)).next()?;
    let (key, value) = first;
    let example = match value {
        "" => String::new(),
        value => format!(
            ": `{key}: {value}` is `{key} = {}` in TOML",
            yaml_to_toml(value)
        ),
    };
    Some(
        Diagnostic::error(
            "front-matter",
            "the front matter is YAML (between `---` lines); relief reads TOML front matter between `+++` lines",
        )
        .at(Location::line(file, source, line))
        .help(format!(
            "convert it to TOML: write `+++` for each `---` line, and `key = value` for each `key: value` line{example}"
        )),
    )
}

/// `key: value` of a YAML line, if it is one.
fn yaml_key_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.trim_end().split_once(':')?;
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    plain.then(|| (key, value.trim()))
}

/// A YAML scalar or flow list as TOML: quoted unless it is a number, a bool or a date.
fn yaml_to_toml(value: &str) -> String {
    let value = value.trim();
    let quoted = value.len() >= 2
        && ((value.starts_with('"') && value.ends_with('"'))
            || (value.starts_with('\'') && value.ends_with('\'')));
    if quoted
        || matches!(value, "true" | "false")
        || value.parse::<f64>().is_ok()
        || value.parse::<Date>().is_ok()
    {
        return value.to_string();
    }
    if let Some(items) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        let items: Vec<String> = items
            .split(',')
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .map(yaml_to_toml)
            .collect();
        return format!("[{}]", items.join(", "));
    }
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The byte offset of the opening `+++` of a file (after blank lines), or 0.
pub fn opening(source: &str) -> usize {
    let mut pos = 0;
    for line in source.split_inclusive('\n') {
        if !line.trim().is_empty() {
            return pos + (line.len() - line.trim_start().len());
        }
        pos += line.len();
    }
    0
}

/// Where `key` is set in the front matter of a file whose text is `source`: the key,
/// underlined. For pointing at values that parsed but did not pass a later check.
pub fn key_location(source: &str, file: &Path, key: &str) -> Option<Location> {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    let split = split(text, file).ok()?;
    // The front matter is a slice of `text`, which is a slice of `source`.
    let start = split.front_matter.as_ptr() as usize - source.as_ptr() as usize;
    let line = key_line(split.front_matter, key)?;
    let line_start: usize = split
        .front_matter
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let text_of_line = split.front_matter[line_start..].lines().next()?;
    let indent = text_of_line.len() - text_of_line.trim_start().len();
    Some(Location::offset(
        file,
        source,
        start + line_start + indent,
        key.len(),
    ))
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

/// The keys of front matter and the type of each. Dates, `paginate_by` and the values of
/// references are checked further by [`parse`].
pub const FIELDS: &[schema::Field] = &[
    key("title", Kind::Text),
    key("description", Kind::Text),
    key("date", Kind::Any),
    key("updated", Kind::Any),
    key("reviewed", Kind::Any),
    key("review_due", Kind::Any),
    key("weight", Kind::Integer),
    key("draft", Kind::Flag),
    key("slug", Kind::Text),
    key("template", Kind::Text),
    key("aliases", Kind::TextList),
    key("evidence", Kind::Text),
    // Each taxonomy's name is checked against config.toml once the site is resolved.
    key("taxonomies", Kind::Map(&Kind::TextList)),
    key("references", Kind::Tables(REFERENCE_FIELDS)),
    key("paginate_by", Kind::Any),
    key("extra", Kind::Free),
];

/// The keys of one `[[references]]` table.
const REFERENCE_FIELDS: &[schema::Field] = &[
    required("id", Kind::Text),
    key("authors", Kind::Text),
    required("title", Kind::Text),
    key("container", Kind::Text),
    key("year", Kind::TextOrInteger),
    key("url", Kind::Text),
    key("doi", Kind::Text),
    key("pmid", Kind::TextOrInteger),
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
    /// Warnings about the front matter as written (a page key below `[extra]`), for the
    /// build to report with the others.
    pub warnings: Vec<Diagnostic>,
}

/// Parse and validate the front matter of `split`. Every problem found is returned, each
/// pointing at its line of `file` (with the file's warnings, when there are errors).
pub fn parse(split: &Split<'_>, source: &str, file: &Path) -> Result<FrontMatter, Vec<Diagnostic>> {
    let fm = split.front_matter;
    let offset = split.front_matter_line_offset;
    let doc = schema::Doc {
        file,
        text: fm,
        line_offset: offset,
        owner: "page",
        code: "front-matter",
        dates: &["date", "updated", "reviewed", "review_due"],
    };
    let (mut table, mut errors) = schema::parse(&doc)?;
    let title_written = table.get_ref().contains_key("title");
    let found = schema::check(&doc, table.get_mut(), FIELDS);
    errors.extend(found.errors);
    let warnings = found.warnings;
    // The 0-based line in `fm` of each `[[references]]` table kept, to point at its keys.
    let reference_headers: Vec<usize> = match table.get_ref().get("references").map(|v| v.get_ref())
    {
        Some(DeValue::Array(tables)) => tables
            .iter()
            .map(|t| fm[..t.span().start].matches('\n').count())
            .collect(),
        _ => Vec::new(),
    };
    let raw = match RawFrontMatter::deserialize(toml::de::Deserializer::from(table)) {
        Ok(raw) => raw,
        Err(e) => {
            errors.push(from_toml(&e, fm, file, offset, &[]));
            errors.extend(warnings);
            return Err(errors);
        }
    };
    let at = |key: &str| match key_line(fm, key) {
        Some(line) => Location::line(file, source, line + offset),
        None => Location::line(file, source, offset),
    };
    let title = match raw.title {
        Some(t) if !t.trim().is_empty() => t,
        Some(_) => {
            errors.push(Diagnostic::error("front-matter", "the title is empty").at(at("title")));
            String::new()
        }
        // Written, but not as a string: reported as such.
        None if title_written => String::new(),
        None => {
            errors.push(
                Diagnostic::error("front-matter", "the front matter has no title")
                    .at(Location::line(file, source, offset))
                    .help(
                        "add a line such as title = \"Can massage help?\" between the `+++` lines",
                    ),
            );
            String::new()
        }
    };
    let mut date = |key: &str, value: Option<toml::Value>| match value.map(|v| parse_date(key, &v))
    {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err((message, help))) => {
            errors.push(
                Diagnostic::error("front-matter", message)
                    .at(at(key))
                    .help(help),
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
        let at_key = |key: &str| match reference_headers.get(n) {
            Some(&header) => {
                Location::line(file, source, key_line_in_table(fm, header, key) + offset)
            }
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
        errors.extend(warnings);
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
        warnings,
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

/// The date `key` holds, or the message and help saying why it is not one.
fn parse_date(key: &str, value: &toml::Value) -> Result<Date, (String, String)> {
    let not_a_date = |why: String| {
        (
            format!("`{key}` is not a date: {why}"),
            format!("write the date as {key} = 2026-11-25 (year-month-day, no quotes needed)"),
        )
    };
    let text = match value {
        toml::Value::Datetime(dt) => match dt.date {
            Some(d) => {
                return Date::new(d.year as i16, d.month as i8, d.day as i8)
                    .map_err(|e| not_a_date(e.to_string()))
            }
            None => return Err(not_a_date("it has a time but no date".into())),
        },
        toml::Value::String(s) => s.as_str(),
        other => return Err(not_a_date(format!("found a {}", other.type_str()))),
    };
    let day = text.get(..10).unwrap_or(text);
    day.parse::<Date>().map_err(|_| {
        schema::misshapen_date(key, text)
            .unwrap_or_else(|| not_a_date(format!("`{text}` is not in the form YYYY-MM-DD")))
    })
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
    match crate::url_syntax::malformed(url) {
        Some(why) => Err((format!("`url` = `{url}` is malformed: {why}"), help())),
        None => Ok(()),
    }
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
    }

    /// `(line, message, help)` of every diagnostic, in line order.
    fn all(src: &str) -> Vec<(usize, String, String)> {
        let mut e = parse_src(src).unwrap_err();
        crate::diagnostics::dedup(&mut e);
        e.into_iter()
            .map(|d| {
                let line = d.location.and_then(|l| l.line).unwrap_or(0);
                (line, d.message, d.help.unwrap_or_default())
            })
            .collect()
    }

    #[test]
    fn every_bad_key_and_the_missing_title_are_reported_once_each() {
        let found = all(
            "+++\ntitel = \"A\"\ndescripton = \"D\"\nweight = \"high\"\ndraft = \"yes\"\n+++\n",
        );
        let messages: Vec<(usize, &str)> = found.iter().map(|(l, m, _)| (*l, m.as_str())).collect();
        assert_eq!(
            messages,
            [
                (1, "the front matter has no title"),
                (2, "unknown key `titel`"),
                (3, "unknown key `descripton`"),
                (
                    4,
                    "`weight` must be a whole number, found a string (\"high\")"
                ),
                (5, "`draft` must be true or false, found a string (\"yes\")"),
            ]
        );
        assert_eq!(found[1].2, "did you mean `title`?");
        assert_eq!(found[2].2, "did you mean `description`?");
        assert_eq!(
            found[3].2,
            "write a whole number without quotes, e.g. weight = 10"
        );
        assert_eq!(found[4].2, "write draft = true, without quotes");
    }

    #[test]
    fn a_page_key_below_a_table_header_belongs_above_it() {
        let found = all("+++\ntitle = \"A\"\n[taxonomies]\ntags = [\"pain\"]\nweight = 3\nevidence = \"some\"\n+++\n");
        assert_eq!(
            found,
            [
                (
                    5,
                    "`weight` belongs above the `[taxonomies]` header".to_string(),
                    "every key below a `[table]` header belongs to that table: move `weight = 3` above the `[taxonomies]` line".to_string()
                ),
                (
                    6,
                    "`evidence` belongs above the `[taxonomies]` header".to_string(),
                    "every key below a `[table]` header belongs to that table: move `evidence = \"some\"` above the `[taxonomies]` line".to_string()
                ),
            ]
        );
        let found = all("+++\ntitle = \"A\"\n[taxonomies]\ntags = \"pain\"\n+++\n");
        assert_eq!(
            found[0].1,
            "`tags` in `[taxonomies]` must be a list of strings, found a string (\"pain\")"
        );
        assert_eq!(
            found[0].2,
            "write a list in square brackets: tags = [\"pain\"]"
        );
    }

    #[test]
    fn a_page_key_below_extra_is_a_warning_naming_the_table() {
        let fm = parse_src(
            "+++\ntitle = \"A\"\n[extra]\nshort_title = \"S\"\nevidence = \"some\"\n+++\n",
        )
        .unwrap();
        assert_eq!(fm.evidence, None);
        assert_eq!(fm.warnings.len(), 1);
        let w = &fm.warnings[0];
        assert_eq!(
            (w.code, w.severity),
            ("misplaced-key", crate::diagnostics::Severity::Warning)
        );
        assert_eq!(w.location.as_ref().unwrap().line, Some(5));
        assert_eq!(
            w.message,
            "`evidence` is below the `[extra]` header, so it is an extra value for templates, not the page's `evidence`"
        );
        assert_eq!(
            w.help.as_deref(),
            Some("move `evidence = \"some\"` above the `[extra]` line: every key below a `[table]` header belongs to that table")
        );
    }

    #[test]
    fn a_date_in_another_shape_is_explained_and_the_rest_still_checked() {
        let found = all(
            "+++\ntitle = \"A\"\ndate = 15/10/2026\nupdated = \"05/10/2026\"\nwieght = 2\n+++\n",
        );
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(
            found[0],
            (
                3,
                "`date` is not a date: `15/10/2026`; dates are written year-month-day, 2026-10-15"
                    .to_string(),
                "write date = 2026-10-15 (no quotes needed)".to_string()
            )
        );
        assert_eq!(found[1].0, 4);
        assert!(found[1].1.contains("2026-10-05 or 2026-05-10"), "{found:?}");
        assert_eq!(found[2].1, "unknown key `wieght`");
        // Text without quotes is still a syntax error, with the quotes shown, and so is a
        // date-like value of a key that is not a date.
        let found = all("+++\ntitle = My page\n+++\n");
        assert_eq!(found[0].2, "put text in quotes: title = \"My page\"");
        let found = all("+++\ntitle = \"A\"\npublished = 15/10/2026\n+++\n");
        assert_eq!(
            found[0].1,
            "string values must be quoted, expected literal string"
        );
        assert_eq!(found[0].2, "put text in quotes: published = \"15/10/2026\"");
    }

    #[test]
    fn references_report_each_bad_key_in_their_own_table() {
        let src = "+++\ntitle = \"A\"\n[[references]]\ntitle = \"No id\"\n[[references]]\nid = \"b\"\ntitle = \"B\"\ndoii = \"10.1/x\"\npmid = \"PMID 1\"\nevidence = \"some\"\n+++\n";
        let found = all(src);
        let messages: Vec<(usize, &str)> = found.iter().map(|(l, m, _)| (*l, m.as_str())).collect();
        assert_eq!(
            messages,
            [
                (3, "a `[[references]]` table has no `id`"),
                (8, "unknown key `doii` in `[[references]]`"),
                (9, "reference `b`: `pmid` = `PMID 1` is not a PubMed number"),
                (10, "`evidence` belongs above the `[[references]]` header"),
            ]
        );
        assert_eq!(
            found[1].2,
            "did you mean `doi`? `[[references]]` takes: id, authors, title, container, year, url, doi, pmid"
        );
    }

    #[test]
    fn blank_lines_before_the_front_matter_are_allowed_and_lines_stay_right() {
        let src = "\n  \n+++\ntitle = \"A\"\nweight = \"x\"\n+++\nbody\n";
        let s = split(src, p()).unwrap();
        assert_eq!((s.front_matter_line_offset, s.body_line_offset), (3, 6));
        assert_eq!(s.body, "body\n");
        assert_eq!(all(src)[0].0, 5);
        let e = parse_src("\n+++\ndate = 2026-01-01\n+++\n").unwrap_err();
        assert_eq!(
            e[0].location.as_ref().unwrap().line,
            Some(2),
            "the opening line"
        );
        assert_eq!(opening(src), 4);
        let loc = key_location(src, p(), "weight").unwrap();
        assert_eq!((loc.line, loc.column), (Some(5), Some(1)));
    }

    #[test]
    fn yaml_front_matter_is_named_and_its_first_key_converted() {
        let e = split(
            "---\ntitle: Can massage help?\ndate: 2026-10-15\n---\nbody\n",
            p(),
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "the front matter is YAML (between `---` lines); relief reads TOML front matter between `+++` lines"
        );
        assert_eq!(
            e.help.as_deref(),
            Some("convert it to TOML: write `+++` for each `---` line, and `key = value` for each `key: value` line: `title: Can massage help?` is `title = \"Can massage help?\"` in TOML")
        );
        assert_eq!(yaml_to_toml("[pain, \"sleep\"]"), "[\"pain\", \"sleep\"]");
        assert_eq!(yaml_to_toml("2026-10-15"), "2026-10-15");
        assert_eq!(yaml_to_toml("3"), "3");
        // A Markdown rule at the top is not YAML.
        assert!(split("---\n\nText\n", p())
            .unwrap_err()
            .message
            .contains("does not start"));
    }

    #[test]
    fn references_parse_with_numeric_pmid() {
        let fm = parse_src("+++\ntitle = \"A\"\n[[references]]\nid = \"x\"\ntitle = \"T\"\npmid = 123\nyear = 2006\n+++\n").unwrap();
        assert_eq!(fm.references[0].pmid.as_deref(), Some("123"));
        assert_eq!(fm.references[0].year.as_deref(), Some("2006"));
    }
}
