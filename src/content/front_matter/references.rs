//! The `[[references]]` of a page: their keys, their typed form, and the checks of their
//! identifiers (a bare DOI, a PubMed number, a full web address), each reported at its line.

use crate::diagnostics::{Diagnostic, Location};
use crate::schema::{self, key, required, Kind};
use crate::toml_position::key_line_in_table;
use crate::url_syntax::malformed;
use serde::{Deserialize, Deserializer, Serialize};
use std::path::Path;

/// The keys of one `[[references]]` table.
pub(super) const FIELDS: &[schema::Field] = &[
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
pub(crate) struct Reference {
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
    /// Where the entry is written; not a key of its own: [`super::parse`] sets it.
    #[serde(skip)]
    pub lines: ReferenceLines,
}

impl Reference {
    /// The address of its DOI (`https://doi.org/…`), as pages link it.
    pub(crate) fn doi_url(&self) -> Option<String> {
        self.doi
            .as_ref()
            .map(|doi| format!("https://doi.org/{doi}"))
    }

    /// The address of its PubMed record (`https://pubmed.ncbi.nlm.nih.gov/…/`), as pages
    /// link it.
    pub(crate) fn pubmed_url(&self) -> Option<String> {
        self.pmid
            .as_ref()
            .map(|pmid| format!("https://pubmed.ncbi.nlm.nih.gov/{pmid}/"))
    }
}

/// Where a reference is written, as 1-based lines of its file, for diagnostics about it long
/// after the TOML text is gone. A key the entry does not set has the header's line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) struct ReferenceLines {
    /// The entry's `[[references]]` header.
    pub entry: usize,
    pub id: usize,
    pub doi: usize,
    pub pmid: usize,
    pub url: usize,
}

impl ReferenceLines {
    /// The lines of the entry whose header is on the 0-based line `header` of `toml_text`,
    /// a front matter whose first line is line `offset + 1` of the file.
    pub(super) fn in_table(toml_text: &str, header: usize, offset: usize) -> ReferenceLines {
        let line = |key: &str| key_line_in_table(toml_text, header, key) + offset;
        ReferenceLines {
            entry: header + 1 + offset,
            id: line("id"),
            doi: line("doi"),
            pmid: line("pmid"),
            url: line("url"),
        }
    }

    /// Every key on `line`: for an entry whose header could not be found.
    pub(super) fn all_on(line: usize) -> ReferenceLines {
        ReferenceLines {
            entry: line,
            id: line,
            doi: line,
            pmid: line,
            url: line,
        }
    }
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

/// Every problem of a page's references: an id used twice or not usable as an HTML id, and
/// identifiers that are not what their key says. Each is reported at its key's line of
/// `file`, whose text is `source`.
pub(super) fn check(references: &[Reference], file: &Path, source: &str) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for r in references {
        let at = |line: usize| Location::line(file, source, line);
        if !seen.insert(r.id.as_str()) {
            errors.push(
                Diagnostic::error(
                    "references",
                    format!("reference id `{}` is used twice", r.id),
                )
                .at(at(r.lines.id))
                .help("give every reference of a page its own id"),
            );
        }
        let fields = [
            (r.lines.doi, r.doi.as_deref().map(check_doi)),
            (r.lines.pmid, r.pmid.as_deref().map(check_pmid)),
            (r.lines.url, r.url.as_deref().map(check_reference_url)),
        ];
        for (line, checked) in fields {
            if let Some(Err((why, help))) = checked {
                errors.push(
                    Diagnostic::error("references", format!("reference `{}`: {why}", r.id))
                        .at(at(line))
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
                .at(at(r.lines.id)),
            );
        }
    }
    errors
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
    match malformed(url) {
        Some(why) => Err((format!("`url` = `{url}` is malformed: {why}"), help())),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn doi_and_pmid_become_the_links_pages_show() {
        let reference = Reference {
            id: "a".into(),
            authors: String::new(),
            title: "T".into(),
            container: String::new(),
            year: None,
            url: None,
            doi: Some("10.1001/archinte.166.22.2533".into()),
            pmid: Some("2954166".into()),
            lines: ReferenceLines::default(),
        };
        assert_eq!(
            reference.doi_url().as_deref(),
            Some("https://doi.org/10.1001/archinte.166.22.2533")
        );
        assert_eq!(
            reference.pubmed_url().as_deref(),
            Some("https://pubmed.ncbi.nlm.nih.gov/2954166/")
        );
        let bare = Reference {
            doi: None,
            pmid: None,
            ..reference
        };
        assert_eq!((bare.doi_url(), bare.pubmed_url()), (None, None));
    }
}
