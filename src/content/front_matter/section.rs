//! The keys only a section's `_index.md` takes, with Zola's meaning: how its pages are
//! sorted (`sort_by`), the template of the pages below it (`page_template`), whether its
//! pages are listed in its parent's too (`transparent`). Each is checked here, once, so the rest of the build reads a value
//! it can trust; written in a page's front matter, each is an error saying where it goes.

use crate::diagnostics::{suggest, Diagnostic, Location};
use std::path::Path;

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum SortBy {
    /// No `sort_by` written: relief's order (weight, newest date, title).
    #[default]
    Relief,
    /// Newest `date` first; pages without one are left out of the list.
    Date,
    /// Newest of `date` and `updated` first; pages with neither are left out.
    UpdateDate,
    /// Titles in natural order (`Track-2` before `Track-13`, accents as their letter).
    Title,
    /// Titles byte by byte.
    TitleBytes,
    /// Lightest `weight` first; pages without one are left out.
    Weight,
    /// Slugs in natural order.
    Slug,
    /// Permalinks in natural order.
    Permalink,
    /// `sort_by = "none"`: the order the files are found in, with no previous and next.
    None,
}

/// The values `sort_by` takes, as written.
const SORT_BY: &[(&str, SortBy)] = &[
    ("date", SortBy::Date),
    ("update_date", SortBy::UpdateDate),
    ("title", SortBy::Title),
    ("title_bytes", SortBy::TitleBytes),
    ("weight", SortBy::Weight),
    ("slug", SortBy::Slug),
    ("permalink", SortBy::Permalink),
    ("none", SortBy::None),
];

impl SortBy {
    /// The value as written in front matter.
    pub(crate) fn name(self) -> &'static str {
        SORT_BY
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("", |(name, _)| name)
    }
}

/// The section keys of a validated front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SectionKeys {
    pub sort_by: SortBy,
    /// The template of every page below the section that has no `template` of its own and
    /// no closer section with a `page_template`.
    pub page_template: Option<String>,
    /// The section's pages are listed in its parent section too (and further up while the
    /// parent is transparent), and take their neighbours from there.
    pub transparent: bool,
}

/// The section keys as written, before validation.
pub(super) struct Raw {
    pub sort_by: Option<String>,
    pub page_template: Option<String>,
    pub transparent: Option<bool>,
}

/// Check the section keys of `file`, pushing each problem onto `errors` at the line `at`
/// gives for its key.
pub(super) fn parse(
    raw: Raw,
    file: &Path,
    at: &dyn Fn(&str) -> Location,
    errors: &mut Vec<Diagnostic>,
) -> SectionKeys {
    let is_section = file
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n == "_index.md");
    let mut keys = SectionKeys {
        transparent: raw.transparent.unwrap_or(false),
        ..SectionKeys::default()
    };
    let written = [
        ("sort_by", raw.sort_by.is_some()),
        ("page_template", raw.page_template.is_some()),
        ("transparent", raw.transparent.is_some()),
    ];
    if !is_section {
        for (key, _) in written.iter().filter(|(_, w)| *w) {
            errors.push(
                Diagnostic::error(
                    "front-matter",
                    format!(
                        "`{key}` only applies to a section (an `_index.md` file), not to a page"
                    ),
                )
                .at(at(key))
                .help("move it to the front matter of the section's _index.md"),
            );
        }
        return keys;
    }
    if let Some(sort_by) = raw.sort_by {
        match SORT_BY.iter().find(|(name, _)| *name == sort_by) {
            Some(&(_, s)) => keys.sort_by = s,
            None => {
                let names: Vec<&str> = SORT_BY.iter().map(|(n, _)| *n).collect();
                let help = match suggest(&sort_by, names.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? sort_by takes: {}", names.join(", ")),
                    None => format!("sort_by takes: {}", names.join(", ")),
                };
                errors.push(
                    Diagnostic::error(
                        "front-matter",
                        format!("`sort_by` = \"{}\" is not an order", sort_by.escape_debug()),
                    )
                    .at(at("sort_by"))
                    .help(help),
                );
            }
        }
    }
    if let Some(template) = raw.page_template {
        match super::paths::check_template(&template) {
            Ok(()) => keys.page_template = Some(template),
            Err(why) => errors.push(
                Diagnostic::error(
                    "front-matter",
                    format!("page_template `{}` {why}", template.escape_debug()),
                )
                .at(at("page_template")),
            ),
        }
    }
    keys
}
