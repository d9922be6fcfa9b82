//! Front matter: TOML between `+++` lines at the top of a file. relief splits it itself
//! (pulldown-cmark's metadata blocks also fire mid-document) and keeps line numbers so every
//! TOML error points at the real line of the file. Every bad key and wrong value of a file
//! is reported in one run.
//!
//! The parts: [`split`] cuts the file at its fences; this module parses and validates the
//! TOML into a [`FrontMatter`] (its keys and `paginate_by`); [`dates`] reads Zola's date forms; [`references`] holds the
//! `[[references]]` entries and their checks; [`paths`] the values that become paths (slug,
//! path, aliases, template).

mod dates;
mod paths;
mod references;
mod section;
mod split;

pub(crate) use dates::{from_file_name as date_from_file_name, Written};
pub(crate) use paths::{check_alias, check_slug};
use paths::{check_path, check_template};
pub(crate) use references::{Reference, ReferenceLines};
pub(crate) use section::{SectionKeys, SortBy};
pub(crate) use split::{key_location, opening, split, Split};

use crate::diagnostics::{from_toml, Diagnostic, Location};
use crate::schema::{self, key, Kind};
use crate::toml_position::key_line;
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::de::DeValue;

/// Front matter as written, before validation. Shared by pages and sections.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFrontMatter {
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
    pub path: Option<String>,
    pub template: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    pub in_search_index: Option<bool>,
    pub evidence: Option<String>,
    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub references: Vec<Reference>,
    pub paginate_by: Option<toml::Value>,
    pub sort_by: Option<String>,
    pub page_template: Option<String>,
    pub transparent: Option<bool>,
    pub render: Option<bool>,
    pub redirect_to: Option<String>,
    pub paginate_path: Option<String>,
    pub paginate_reversed: Option<bool>,
    pub insert_anchor_links: Option<String>,
    pub generate_feeds: Option<bool>,
    #[serde(default)]
    pub extra: toml::Table,
}

/// The keys of front matter and the type of each. Dates, `paginate_by` and the values of
/// references are checked further by [`parse`].
pub(crate) const FIELDS: &[schema::Field] = &[
    key("title", Kind::Text),
    key("description", Kind::Text),
    key("date", Kind::Any),
    key("updated", Kind::Any),
    key("reviewed", Kind::Any),
    key("review_due", Kind::Any),
    key("weight", Kind::Integer),
    key("draft", Kind::Flag),
    key("slug", Kind::Text),
    key("path", Kind::Text),
    key("template", Kind::Text),
    key("aliases", Kind::TextList),
    key("authors", Kind::TextList),
    key("in_search_index", Kind::Flag),
    key("evidence", Kind::Text),
    // Each taxonomy's name is checked against config.toml once the site is resolved.
    key("taxonomies", Kind::Map(&Kind::TextList)),
    key("references", Kind::Tables(references::FIELDS)),
    key("paginate_by", Kind::Any),
    // Zola's section keys: checked further by `section::parse`.
    key("sort_by", Kind::Text),
    key("page_template", Kind::Text),
    key("transparent", Kind::Flag),
    key("render", Kind::Flag),
    key("redirect_to", Kind::Text),
    key("paginate_path", Kind::Text),
    key("paginate_reversed", Kind::Flag),
    key("insert_anchor_links", Kind::Text),
    key("generate_feeds", Kind::Flag),
    key("extra", Kind::Free),
];

/// Validated front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FrontMatter {
    /// Empty when the front matter has none.
    pub title: String,
    pub description: String,
    pub date: Option<Date>,
    /// `date` as written, with its time and offset when it has them (Zola's `page.date`).
    pub date_written: Option<Written>,
    pub updated: Option<Date>,
    /// `updated` as written.
    pub updated_written: Option<Written>,
    pub reviewed: Option<Date>,
    pub review_due: Option<Date>,
    pub weight: i64,
    /// Whether `weight` was written: a Zola section sorted by weight leaves the pages
    /// without one out of its list.
    pub weight_written: bool,
    pub draft: bool,
    pub slug: Option<String>,
    /// Pages only: the page's site path set outright (Zola's `path`), without a leading
    /// slash and with a trailing one: `about/`, `pt/offline/`.
    pub path: Option<String>,
    pub template: Option<String>,
    pub aliases: Vec<String>,
    /// The page's authors, as Zola's `authors`: shown by templates, and each one an author
    /// of the page's feed entry.
    pub authors: Vec<String>,
    /// `in_search_index = false` (Zola's key): the search index leaves this document out.
    pub not_in_search_index: bool,
    pub evidence: Option<String>,
    pub taxonomies: BTreeMap<String, Vec<String>>,
    pub references: Vec<Reference>,
    /// Sections only: list the section's pages over pagers of this many pages each.
    pub paginate_by: Option<usize>,
    /// Sections only: Zola's section keys (`sort_by`…).
    pub section: SectionKeys,
    pub extra: toml::Table,
    /// Warnings about the front matter as written (a page key below `[extra]`), for the
    /// build to report with the others.
    pub warnings: Vec<Diagnostic>,
}

/// Parse and validate the front matter of `split`. Every problem found is returned, each
/// pointing at its line of `file` (with the file's warnings, when there are errors).
pub(crate) fn parse(
    split: &Split<'_>,
    source: &str,
    file: &Path,
) -> Result<FrontMatter, Vec<Diagnostic>> {
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
    let weight_written = table.get_ref().contains_key("weight");
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
    // Optional, as in Zola: a page without one has an empty title, which `relief check`
    // reports (`missing-title`) and templates can test with `{% if page.title %}`.
    let title = raw.title.unwrap_or_default();
    let mut date =
        |key: &str, value: Option<toml::Value>| match value.map(|v| dates::parse(key, &v)) {
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
    let path = match raw.path.as_deref().map(|path| check_path(path, file)) {
        None => None,
        Some(Ok(path)) => Some(path),
        Some(Err((why, help))) => {
            errors.push(
                Diagnostic::error("front-matter", why)
                    .at(at("path"))
                    .help(help),
            );
            None
        }
    };
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
        if let Err(why) = check_template(template) {
            errors.push(
                Diagnostic::error(
                    "front-matter",
                    format!("template `{}` {why}", template.escape_debug()),
                )
                .at(at("template")),
            );
        }
    }
    let mut references = raw.references;
    for (n, r) in references.iter_mut().enumerate() {
        r.lines = match reference_headers.get(n) {
            Some(&header) => ReferenceLines::in_table(fm, header, offset),
            None => ReferenceLines::all_on(key_line(fm, "references").unwrap_or(0) + offset),
        };
    }
    errors.extend(references::check(&references, file, source));
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
    let section = section::parse(
        section::Raw {
            sort_by: raw.sort_by,
            page_template: raw.page_template,
            transparent: raw.transparent,
            render: raw.render,
            redirect_to: raw.redirect_to,
            paginate_path: raw.paginate_path,
            paginate_reversed: raw.paginate_reversed,
            insert_anchor_links: raw.insert_anchor_links,
            in_search_index: raw.in_search_index,
            generate_feeds: raw.generate_feeds,
        },
        file,
        &at,
        &mut errors,
    );
    if !errors.is_empty() {
        errors.extend(warnings);
        return Err(errors);
    }
    let [date, updated, reviewed, review_due] = dates;
    let (date, date_written) = date.unzip();
    let (updated, updated_written) = updated.unzip();
    Ok(FrontMatter {
        title,
        description: raw.description,
        date,
        date_written,
        updated,
        updated_written,
        reviewed: reviewed.map(|(day, _)| day),
        review_due: review_due.map(|(day, _)| day),
        weight: raw.weight,
        weight_written,
        draft: raw.draft,
        slug: raw.slug,
        path,
        template: raw.template,
        aliases: raw.aliases,
        authors: raw.authors,
        not_in_search_index: raw.in_search_index == Some(false),
        evidence: raw.evidence,
        taxonomies: raw.taxonomies,
        references,
        paginate_by,
        section,
        extra: raw.extra,
        warnings,
    })
}

/// `paginate_by` as a number of pages per pager, or why it can't be one: it belongs to a
/// section's `_index.md` and must be a whole number above zero.
fn check_paginate_by(value: &toml::Value, file: &Path) -> Result<usize, (String, String)> {
    if !file
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(crate::content::languages::is_section_file)
    {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("content/a.md")
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
    fn a_title_is_optional_as_in_zola() {
        let e = parse_src("+++\ndate = \"yesterday\"\n+++\n").unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].message.contains("`date` is not a date"));
        assert_eq!(e[0].location.clone().unwrap().line, Some(2));
        assert_eq!(parse_src("+++\n+++\n").unwrap().title, "");
        assert_eq!(parse_src("+++\ntitle = \"\"\n+++\n").unwrap().title, "");
        let e = parse_src("+++\ntitle = 3\n+++\n").unwrap_err();
        assert_eq!(
            e[0].message,
            "`title` must be a string in quotes, found a whole number (3)"
        );
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
    fn every_bad_key_is_reported_once() {
        let found = all(
            "+++\ntitel = \"A\"\ndescripton = \"D\"\nweight = \"high\"\ndraft = \"yes\"\n+++\n",
        );
        let messages: Vec<(usize, &str)> = found.iter().map(|(l, m, _)| (*l, m.as_str())).collect();
        assert_eq!(
            messages,
            [
                (2, "unknown key `titel`"),
                (3, "unknown key `descripton`"),
                (
                    4,
                    "`weight` must be a whole number, found a string (\"high\")"
                ),
                (5, "`draft` must be true or false, found a string (\"yes\")"),
            ]
        );
        assert_eq!(found[0].2, "did you mean `title`?");
        assert_eq!(found[1].2, "did you mean `description`?");
        assert_eq!(
            found[2].2,
            "write a whole number without quotes, e.g. weight = 10"
        );
        assert_eq!(found[3].2, "write draft = true, without quotes");
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
        let e = parse_src("\n+++\ndate = 2026-02-30\n+++\n").unwrap_err();
        assert_eq!(e[0].location.as_ref().unwrap().line, Some(3));
        assert_eq!(opening(src), 4);
        let loc = key_location(src, p(), "weight").unwrap();
        assert_eq!((loc.line, loc.column), (Some(5), Some(1)));
    }

    #[test]
    fn references_keep_the_lines_of_their_entry_and_keys() {
        let fm = parse_src("\n+++\ntitle = \"A\"\n[[references]]\nid = \"x\"\ntitle = \"T\"\ndoi = \"10.1/x\"\n\n[[references]]\ntitle = \"U\"\nurl = \"https://example.org/u\"\nid = \"y\"\n+++\n").unwrap();
        let lines: Vec<ReferenceLines> = fm.references.iter().map(|r| r.lines).collect();
        assert_eq!(
            lines,
            [
                ReferenceLines {
                    entry: 4,
                    id: 5,
                    doi: 7,
                    pmid: 4,
                    url: 4
                },
                ReferenceLines {
                    entry: 9,
                    id: 12,
                    doi: 9,
                    pmid: 9,
                    url: 11
                },
            ]
        );
    }

    #[test]
    fn references_parse_with_numeric_pmid() {
        let fm = parse_src("+++\ntitle = \"A\"\n[[references]]\nid = \"x\"\ntitle = \"T\"\npmid = 123\nyear = 2006\n+++\n").unwrap();
        assert_eq!(fm.references[0].pmid.as_deref(), Some("123"));
        assert_eq!(fm.references[0].year.as_deref(), Some("2006"));
    }
}
