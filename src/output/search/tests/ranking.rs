//! Ranking: the reference ranker over made-up entries and over the bundled site, as
//! `static/search.js` ranks (exact stems).

use super::{bundled_site, entry};
use crate::output::search::reference::Index;

pub(super) fn paths(index: &Index, query: &str) -> Vec<String> {
    index
        .rank(query)
        .iter()
        .map(|h| index.entries[h.page].path.clone())
        .collect()
}

#[test]
fn a_query_for_sleeping_finds_sleep_and_the_other_way_round() {
    let index = Index::from_entries(vec![
        entry("a/", "Rest", "", &[("", "", "People sleep better.")]),
        entry("b/", "Work", "", &[("", "", "Nothing about rest here.")]),
        entry("c/", "Night", "", &[("", "", "Sleeping soundly.")]),
    ]);
    assert_eq!(paths(&index, "sleeping"), ["a/", "c/"]);
    assert_eq!(paths(&index, "Sleep"), ["a/", "c/"]);
    assert!(index.rank("xylophone").is_empty());
    assert!(index.rank("the and of").is_empty(), "stop words alone");
}

#[test]
fn title_and_heading_matches_rank_above_body_matches() {
    let body = "Sleep sleep sleep. More about sleep and sleep again. Sleep!";
    let index = Index::from_entries(vec![
        entry("body/", "Evening routines", "", &[("", "", body)]),
        entry(
            "heading/",
            "Stress",
            "",
            &[
                ("", "", "Intro."),
                ("sleep-and-stress", "Sleep and stress", "Text."),
            ],
        ),
        entry(
            "title/",
            "Can massage improve sleep?",
            "",
            &[("", "", "Intro.")],
        ),
    ]);
    assert_eq!(paths(&index, "sleep"), ["title/", "heading/", "body/"]);
    let hits = index.rank("sleep");
    assert_eq!(
        hits[1].chunk, 1,
        "the heading's chunk is the one to jump to"
    );
    assert_eq!(hits[0].chunk, 0);
}

#[test]
fn every_query_word_must_occur_and_rarer_words_weigh_more() {
    let index = Index::from_entries(vec![
        entry("a/", "Massage", "", &[("", "", "massage for joint pain")]),
        entry("b/", "Massage", "", &[("", "", "massage and cortisol")]),
        entry("c/", "Massage", "", &[("", "", "massage and sleep")]),
    ]);
    assert_eq!(paths(&index, "massage cortisol"), ["b/"]);
    assert_eq!(paths(&index, "cortisol sleep"), Vec::<String>::new());
}

fn bundled_index() -> Index {
    let parsed = bundled_site();
    Index::build(&parsed.site, &parsed.rendered)
}

#[test]
fn the_bundled_site_index_finds_sleep_and_cortisol_pages() {
    let index = bundled_index();
    let sleep = paths(&index, "sleep");
    assert_eq!(
        sleep.first().map(String::as_str),
        Some("benefits/sleep-energy/")
    );
    assert_eq!(paths(&index, "sleeping").first(), sleep.first());
    // The glossary defines cortisol under its own heading, so it may come first; the two
    // topic pages about it follow.
    let cortisol = paths(&index, "cortisol");
    for page in ["benefits/stress-relief/", "benefits/anxiety-depression/"] {
        assert!(
            cortisol.iter().take(3).any(|p| p == page),
            "{page} is not among the first results for cortisol: {cortisol:?}"
        );
    }
    assert!(index.rank("xylophone").is_empty());
    assert!(
        !index.entries.iter().any(|e| e.path == "search/"),
        "the search page itself is left out"
    );
    // Navigation and footer are not indexed: the footer's feed link is on every page.
    assert!(!index.terms.contains_key("atom"));
    assert!(!index.terms.contains_key("menu"));
}
