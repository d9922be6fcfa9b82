//! The order of a section's pages: relief's own (weight, newest date, title) when the
//! section writes no `sort_by`, else the Zola order it names. Zola's orders break ties by
//! permalink and leave out of the list the pages that lack what they sort on (a page without
//! a date in a section sorted by date): those are still published, with a warning.

use crate::content::{FrontMatter, Page, PageId, SortBy, Written};
use crate::diagnostics::{Diagnostic, Location};
use jiff::Timestamp;
use lexical_sort::natural_lexical_cmp;
use std::cmp::Ordering;

/// A section's pages put in order: the listed ones, and those left out for lacking what
/// the order sorts on.
pub(crate) struct Ordered {
    pub listed: Vec<PageId>,
    pub left_out: Vec<PageId>,
}

/// Put `ids` (pages of `pages`, in the order the files were found) in the order `sort_by`.
pub(crate) fn sort(pages: &[Page], mut ids: Vec<PageId>, sort_by: SortBy) -> Ordered {
    let meta = |id: PageId| &pages[id].doc.meta;
    let (mut listed, left_out): (Vec<PageId>, Vec<PageId>) = match sort_by {
        SortBy::Relief => {
            ids.sort_by(|&a, &b| relief_order(meta(a), meta(b)));
            return Ordered {
                listed: ids,
                left_out: Vec::new(),
            };
        }
        SortBy::None => {
            return Ordered {
                listed: ids,
                left_out: Vec::new(),
            }
        }
        _ => ids.into_iter().partition(|&id| sortable(meta(id), sort_by)),
    };
    listed.sort_by(|&a, &b| {
        zola_order(&pages[a], &pages[b], sort_by)
            .then_with(|| pages[a].doc.path.cmp(&pages[b].doc.path))
    });
    Ordered { listed, left_out }
}

/// Whether neighbouring pages of a section sorted by `sort_by` are each other's previous
/// and next: Zola gives no neighbours to the pages of a section with `sort_by = "none"`.
pub(crate) fn has_neighbours(sort_by: SortBy) -> bool {
    sort_by != SortBy::None
}

/// relief's order: lightest weight, then newest date, then title.
fn relief_order(a: &FrontMatter, b: &FrontMatter) -> Ordering {
    a.weight
        .cmp(&b.weight)
        .then_with(|| b.date.cmp(&a.date))
        .then_with(|| a.title.cmp(&b.title))
}

/// Whether a page has what `sort_by` sorts on.
fn sortable(meta: &FrontMatter, sort_by: SortBy) -> bool {
    match sort_by {
        SortBy::Date => meta.date.is_some(),
        SortBy::UpdateDate => meta.date.is_some() || meta.updated.is_some(),
        SortBy::Title | SortBy::TitleBytes => !meta.title.is_empty(),
        SortBy::Weight => meta.weight_written,
        SortBy::Slug | SortBy::Permalink | SortBy::Relief | SortBy::None => true,
    }
}

/// Zola's comparison for `sort_by`, before the permalink breaks ties.
fn zola_order(a: &Page, b: &Page, sort_by: SortBy) -> Ordering {
    let (ma, mb) = (&a.doc.meta, &b.doc.meta);
    match sort_by {
        SortBy::Date => moment(&mb.date_written).cmp(&moment(&ma.date_written)),
        SortBy::UpdateDate => latest(mb).cmp(&latest(ma)),
        SortBy::Title => natural_lexical_cmp(&ma.title, &mb.title),
        SortBy::TitleBytes => ma.title.cmp(&mb.title),
        SortBy::Weight => ma.weight.cmp(&mb.weight),
        SortBy::Slug => natural_lexical_cmp(slug(a), slug(b)),
        // Zola compares permalinks byte by byte (its documentation says natural order).
        SortBy::Permalink => a.doc.path.cmp(&b.doc.path),
        SortBy::Relief | SortBy::None => Ordering::Equal,
    }
}

/// The moment a date names, with its time and offset when written (midnight UTC for a day
/// alone): Zola sorts by it, so two pages of one day come in the order of their times.
fn moment(written: &Option<Written>) -> Option<Timestamp> {
    written.as_ref().map(|w| w.instant)
}

/// The later of a page's `date` and `updated`, as moments.
fn latest(meta: &FrontMatter) -> Option<Timestamp> {
    moment(&meta.date_written).max(moment(&meta.updated_written))
}

/// A page's slug: the last segment of its path.
fn slug(page: &Page) -> &str {
    let path = page.doc.path.trim_end_matches('/');
    path.rsplit('/').next().unwrap_or(path)
}

/// The warning for page `page`, left out of the list of a section sorted by `sort_by`.
pub(crate) fn left_out_warning(page: &Page, section: &str, sort_by: SortBy) -> Diagnostic {
    let (lacks, help) = match sort_by {
        SortBy::Date => ("no `date`", "add date = 2026-01-02 to its front matter"),
        SortBy::UpdateDate => (
            "neither `date` nor `updated`",
            "add date = 2026-01-02 to its front matter",
        ),
        SortBy::Weight => ("no `weight`", "add weight = 1 to its front matter"),
        _ => ("no `title`", "add title = \"…\" to its front matter"),
    };
    Diagnostic::warning(
        "unsorted-page",
        format!(
            "the page is left out of the list of {section}: that section has sort_by = \"{}\" and the page has {lacks}",
            sort_by.name()
        ),
    )
    .at(Location::file(&page.doc.display))
    .help(format!("{help}; it is still published at its own URL"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Document;

    fn page(path: &str, title: &str, date: Option<&str>, weight: Option<i64>) -> Page {
        let mut doc = Document {
            path: path.into(),
            ..Document::default()
        };
        doc.meta.title = title.into();
        doc.meta.date = date.map(|d| d[..10].parse().unwrap());
        doc.meta.date_written = date.map(|d| Written {
            text: d.to_string(),
            instant: match d.len() {
                10 => format!("{d}T00:00:00Z").parse().unwrap(),
                _ => d.parse().unwrap(),
            },
        });
        doc.meta.weight = weight.unwrap_or(0);
        doc.meta.weight_written = weight.is_some();
        Page {
            doc,
            section: 0,
            previous: None,
            next: None,
        }
    }

    fn titles(pages: &[Page], sort_by: SortBy) -> (Vec<&str>, Vec<&str>) {
        let o = sort(pages, (0..pages.len()).collect(), sort_by);
        let t = |ids: Vec<PageId>| {
            ids.into_iter()
                .map(|i| pages[i].doc.meta.title.as_str())
                .collect()
        };
        (t(o.listed), t(o.left_out))
    }

    #[test]
    fn titles_sort_naturally_or_by_bytes() {
        let names = [
            "underground",
            "Track-13",
            "Métro",
            "bolero",
            "Track-2",
            "BART",
            "meter",
            "μ-kernel",
            "bachata",
            "Track-3",
        ];
        let pages: Vec<Page> = names
            .iter()
            .enumerate()
            .map(|(i, n)| page(&format!("p{i}/"), n, None, None))
            .collect();
        assert_eq!(
            titles(&pages, SortBy::Title).0,
            [
                "bachata",
                "BART",
                "bolero",
                "μ-kernel",
                "meter",
                "Métro",
                "Track-2",
                "Track-3",
                "Track-13",
                "underground"
            ]
        );
        assert_eq!(
            titles(&pages, SortBy::TitleBytes).0,
            [
                "BART",
                "Métro",
                "Track-13",
                "Track-2",
                "Track-3",
                "bachata",
                "bolero",
                "meter",
                "underground",
                "μ-kernel"
            ]
        );
    }

    #[test]
    fn dates_newest_first_ties_by_path_and_undated_left_out() {
        let pages = [
            page("b/", "B", Some("2026-01-02"), None),
            page("c/", "C", None, None),
            page("a/", "A", Some("2026-01-02"), None),
            page("d/", "D", Some("2026-03-01"), None),
        ];
        assert_eq!(
            titles(&pages, SortBy::Date),
            (vec!["D", "A", "B"], vec!["C"])
        );
        assert_eq!(
            titles(&pages, SortBy::None),
            (vec!["B", "C", "A", "D"], vec![])
        );
    }

    #[test]
    fn dates_of_one_day_in_the_order_of_their_moments() {
        let pages = [
            page("coast/", "Coast", Some("2026-02-05T01:23:52+09:00"), None),
            page("coffee/", "Coffee", Some("2026-02-05T01:26:06+09:00"), None),
            // A day alone is its midnight, UTC.
            page("day/", "Day", Some("2026-02-05"), None),
            // The day before as written, later as a moment.
            page("evening/", "Evening", Some("2026-02-04T20:00:00Z"), None),
        ];
        assert_eq!(
            titles(&pages, SortBy::Date).0,
            ["Day", "Evening", "Coffee", "Coast"]
        );
    }

    #[test]
    fn weights_lightest_first_and_unweighted_left_out() {
        let pages = [
            page("a/", "A", None, Some(3)),
            page("b/", "B", None, None),
            page("c/", "C", None, Some(-1)),
            page("d/", "D", None, Some(3)),
        ];
        assert_eq!(
            titles(&pages, SortBy::Weight),
            (vec!["C", "A", "D"], vec!["B"])
        );
        // relief's own order counts a missing weight as 0.
        assert_eq!(titles(&pages, SortBy::Relief).0, ["C", "B", "A", "D"]);
    }
}
