//! The keys only a section's `_index.md` takes, with Zola's meaning: how its pages are
//! sorted (`sort_by`), the template of the pages below it (`page_template`), whether its
//! pages are listed in its parent's too (`transparent`), whether it is written (`render`)
//! or sends visitors elsewhere (`redirect_to`), how its pagers are made (`paginate_path`,
//! `paginate_reversed`), where its headings' anchor links go (`insert_anchor_links`),
//! whether it is searched (`in_search_index`), whether it has a feed (`generate_feeds`).
//! Each is checked here, once, so the rest of the build reads a value it can trust; written
//! in a page's front matter, each is an error saying where it goes.

use crate::config::AnchorLinks;
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
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SectionKeys {
    pub sort_by: SortBy,
    /// The template of every page below the section that has no `template` of its own and
    /// no closer section with a `page_template`.
    pub page_template: Option<String>,
    /// The section's pages are listed in its parent section too (and further up while the
    /// parent is transparent), and take their neighbours from there.
    pub transparent: bool,
    /// The section's own page (and pagers) is written; its pages are, either way. On a page
    /// (the one section key a page takes, as in Zola): `false` writes no file for it and
    /// leaves it out of every list (sections, taxonomies, feeds, sitemap, search), while
    /// `get_page` and `@/` links still find it.
    pub render: bool,
    /// Where the section's page sends visitors instead of showing the section: a site path
    /// (`docs/start`) or an absolute URL.
    pub redirect_to: Option<String>,
    /// The path segment the section's pagers hang under instead of `page` (`""` for none).
    pub paginate_path: Option<String>,
    /// The pages are split into pagers from the last to the first.
    pub paginate_reversed: bool,
    /// Where the headings of the section and of the pages in its folder put their anchor
    /// links; `None` keeps relief's own.
    pub insert_anchor_links: Option<AnchorLinks>,
    /// The section and the pages it lists are in the search index (`in_search_index`,
    /// which a page takes too, for itself).
    pub in_search_index: bool,
    /// The section has an Atom feed of the pages it lists, at `{section}/atom.xml`.
    pub generate_feeds: bool,
}

impl Default for SectionKeys {
    fn default() -> Self {
        SectionKeys {
            sort_by: SortBy::default(),
            page_template: None,
            transparent: false,
            render: true,
            redirect_to: None,
            paginate_path: None,
            paginate_reversed: false,
            insert_anchor_links: None,
            in_search_index: true,
            generate_feeds: false,
        }
    }
}

/// The section keys as written, before validation.
pub(super) struct Raw {
    pub sort_by: Option<String>,
    pub page_template: Option<String>,
    pub transparent: Option<bool>,
    pub render: Option<bool>,
    pub redirect_to: Option<String>,
    pub paginate_path: Option<String>,
    pub paginate_reversed: Option<bool>,
    pub insert_anchor_links: Option<String>,
    pub in_search_index: Option<bool>,
    pub generate_feeds: Option<bool>,
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
        .is_some_and(crate::content::languages::is_section_file);
    let mut keys = SectionKeys {
        transparent: raw.transparent.unwrap_or(false),
        render: raw.render.unwrap_or(true),
        paginate_reversed: raw.paginate_reversed.unwrap_or(false),
        in_search_index: raw.in_search_index.unwrap_or(true),
        generate_feeds: raw.generate_feeds.unwrap_or(false),
        ..SectionKeys::default()
    };
    let written = [
        ("sort_by", raw.sort_by.is_some()),
        ("page_template", raw.page_template.is_some()),
        ("transparent", raw.transparent.is_some()),
        ("render", raw.render.is_some()),
        ("redirect_to", raw.redirect_to.is_some()),
        ("paginate_path", raw.paginate_path.is_some()),
        ("paginate_reversed", raw.paginate_reversed.is_some()),
        ("insert_anchor_links", raw.insert_anchor_links.is_some()),
        ("generate_feeds", raw.generate_feeds.is_some()),
    ];
    if !is_section {
        let section_only = written.iter().filter(|(k, w)| *w && *k != "render");
        for (key, _) in section_only {
            let d = Diagnostic::error(
                "front-matter",
                format!("`{key}` only applies to a section (an `_index.md` file), not to a page"),
            )
            .help("move it to the front matter of the section's _index.md");
            errors.push(d.at(at(key)));
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
    if let Some(to) = raw.redirect_to {
        match redirect_target(&to) {
            Ok(()) => keys.redirect_to = Some(to),
            Err(why) => errors.push(
                Diagnostic::error(
                    "front-matter",
                    format!("redirect_to `{}` {why}", to.escape_debug()),
                )
                .at(at("redirect_to"))
                .help("write a path on this site, e.g. redirect_to = \"docs/start\", or a full https:// URL"),
            ),
        }
    }
    if let Some(written) = raw.insert_anchor_links {
        match AnchorLinks::parse(&written) {
            Ok(place) => keys.insert_anchor_links = Some(place),
            Err(help) => errors.push(
                Diagnostic::error(
                    "front-matter",
                    format!(
                        "`insert_anchor_links` = \"{}\" is not a place for anchor links",
                        written.escape_debug()
                    ),
                )
                .at(at("insert_anchor_links"))
                .help(help),
            ),
        }
    }
    if let Some(segment) = raw.paginate_path {
        match segment.as_str() {
            "" => keys.paginate_path = Some(segment),
            _ => match super::check_slug(&segment) {
                Ok(()) => keys.paginate_path = Some(segment),
                Err(why) => errors.push(
                    Diagnostic::error(
                        "front-matter",
                        format!("paginate_path `{}` {why}", segment.escape_debug()),
                    )
                    .at(at("paginate_path"))
                    .help("write one URL segment, e.g. paginate_path = \"page\""),
                ),
            },
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

/// Why `redirect_to` can't be a redirect's target, if it can't: an absolute URL is kept as
/// it is, anything else must be a path on the site.
fn redirect_target(to: &str) -> Result<(), &'static str> {
    if to.starts_with("https://") || to.starts_with("http://") {
        return Ok(());
    }
    if to.trim().is_empty() {
        Err("is empty")
    } else if to.contains(['\\', '\0', '?', '#']) || to.contains("://") {
        Err("is not a path on this site")
    } else if to.split('/').any(|segment| segment == "..") {
        Err("leaves the site with `..`")
    } else {
        Ok(())
    }
}
