//! Zola 0.23's section front matter keys, built from tests/fixtures/zola-section and
//! checked against Zola's documented behaviour (content/section.md) by reading the HTML.

mod common;

use common::{build, fixture, html, stderr, texts};
use std::path::{Path, PathBuf};

/// The fixture built into a temporary folder: the folder (kept alive), the output and the
/// build's stderr.
fn built() -> (tempfile::TempDir, PathBuf, String) {
    let dir = fixture("zola-section");
    let out = dir.path().join("public");
    let o = build(dir.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    (dir, out, err)
}

/// The titles a section's page lists, in order.
fn listed(out: &Path, section: &str) -> Vec<String> {
    texts(&html(&out.join(section).join("index.html")), "ol.pages li")
}

/// The titles of a page's previous and next links.
fn neighbours(out: &Path, page: &str) -> (Vec<String>, Vec<String>) {
    let doc = html(&out.join(page).join("index.html"));
    (texts(&doc, "a[rel=prev]"), texts(&doc, "a[rel=next]"))
}

#[test]
fn sort_by_gives_zolas_orders() {
    let (_dir, out, _) = built();
    // Newest first, by the moment with its time and offset (Coffee and Coast are of one
    // day, 2025-12-05 in Tokyo, which is the evening before in UTC); equal dates by
    // permalink.
    assert_eq!(
        listed(&out, "by-date"),
        ["Newest", "Tie A", "Tie B", "Evening", "Coffee", "Coast"]
    );
    // The later of date and updated.
    assert_eq!(
        listed(&out, "by-update"),
        ["Old but updated", "Recent", "Oldest"]
    );
    assert_eq!(listed(&out, "by-weight"), ["Light", "Heavy"]);
    // Natural order: case and accents folded, numbers by value.
    assert_eq!(
        listed(&out, "by-title"),
        ["bachata", "BART", "meter", "Métro", "Track-2", "Track-13"]
    );
    assert_eq!(
        listed(&out, "by-title-bytes"),
        ["BART", "Track-13", "Track-2", "bachata"]
    );
    // By slug, not by the pages' weights.
    assert_eq!(listed(&out, "by-slug"), ["Alpha", "Nine", "Ten"]);
    // No sort_by: relief's order (weight, then newest date).
    assert_eq!(listed(&out, "relief-order"), ["Newer", "Older", "Heavier"]);
}

#[test]
fn pages_lacking_the_sort_key_are_published_unlisted_with_a_warning() {
    let (_dir, out, err) = built();
    assert!(!listed(&out, "by-date").contains(&"Undated".to_string()));
    assert!(!listed(&out, "by-weight").contains(&"Unweighted".to_string()));
    assert_eq!(
        texts(&html(&out.join("by-date/undated/index.html")), "h1"),
        ["Undated"]
    );
    assert_eq!(neighbours(&out, "by-date/undated"), (vec![], vec![]));
    for (page, lacks) in [
        (
            "content/by-date/undated.md",
            "sort_by = \"date\" and the page has no `date`",
        ),
        (
            "content/by-weight/unweighted.md",
            "sort_by = \"weight\" and the page has no `weight`",
        ),
    ] {
        let warning = err
            .split("warning[unsorted-page]")
            .find(|w| w.contains(page))
            .unwrap_or_else(|| panic!("a warning for {page}: {err}"));
        assert!(warning.contains(lacks), "{warning}");
    }
}

#[test]
fn neighbours_follow_the_sorted_list_and_none_gives_none() {
    let (_dir, out, _) = built();
    assert_eq!(
        neighbours(&out, "by-date/a"),
        (vec!["Newest".to_string()], vec!["Tie B".to_string()])
    );
    assert_eq!(
        neighbours(&out, "by-slug/item-9"),
        (vec!["Alpha".to_string()], vec!["Ten".to_string()])
    );
    assert_eq!(neighbours(&out, "unsorted/one"), (vec![], vec![]));
    assert_eq!(neighbours(&out, "unsorted/two"), (vec![], vec![]));
}

/// The template a page was rendered with, as its `p.template` says (empty for page.html).
fn template_of(out: &Path, page: &str) -> Vec<String> {
    texts(&html(&out.join(page).join("index.html")), "p.template")
}

#[test]
fn page_template_applies_below_the_section_the_closest_winning() {
    let (_dir, out, _) = built();
    assert_eq!(template_of(&out, "stories/first"), ["story-page.html"]);
    // Recursively, through a subsection without its own.
    assert_eq!(
        template_of(&out, "stories/nested/deep"),
        ["story-page.html"]
    );
    assert_eq!(
        template_of(&out, "stories/closer/near"),
        ["closer-page.html"]
    );
    // A page's own `template` wins.
    assert!(template_of(&out, "stories/own").is_empty());
    assert!(template_of(&out, "by-date/a").is_empty());
}

#[test]
fn a_transparent_sections_pages_are_listed_in_its_parent_with_their_neighbours() {
    let (_dir, out, _) = built();
    assert_eq!(
        listed(&out, "posts"),
        ["New post", "Mid post", "Old post", "Older post"]
    );
    // The transparent section still lists its own.
    assert_eq!(listed(&out, "posts/2025"), ["Old post", "Older post"]);
    assert_eq!(listed(&out, "posts/2026"), ["New post"]);
    // Neighbours come from the parent's list, across the year sections.
    assert_eq!(
        neighbours(&out, "posts/2025/old"),
        (vec!["Mid post".to_string()], vec!["Older post".to_string()])
    );
    assert_eq!(
        neighbours(&out, "posts/2026/new"),
        (vec![], vec!["Mid post".to_string()])
    );
    // As in Zola, the transparent section is not among its pages' ancestors.
    let crumbs = |page: &str| texts(&html(&out.join(page).join("index.html")), ".crumbs span");
    assert_eq!(crumbs("posts/2025/old"), ["Home", "Posts"]);
    assert_eq!(crumbs("posts/mid"), ["Home", "Posts"]);
}

#[test]
fn a_section_with_render_false_writes_no_page_but_its_pages() {
    let (_dir, out, err) = built();
    assert!(!out.join("hidden/index.html").exists());
    // Nor the section's own files, which Zola copies with its page.
    assert!(!out.join("hidden/map.txt").exists());
    assert_eq!(
        texts(&html(&out.join("hidden/kept/index.html")), "h1"),
        ["Kept"]
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        !sitemap.contains("<loc>https://example.org/hidden/</loc>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<loc>https://example.org/hidden/kept/</loc>"),
        "{sitemap}"
    );
    // The home page's list of subsections still links it, as Zola's would: a warning.
    assert!(
        err.contains(
            "warning[broken-link]: link `/hidden/` points to a file the site does not have (on /)"
        ),
        "{err}"
    );
}

/// The `url=` of a redirect page's meta refresh.
fn redirect_of(out: &Path, section: &str) -> Vec<String> {
    let doc = html(&out.join(section).join("index.html"));
    common::select(&doc, "meta[http-equiv=refresh]")
        .iter()
        .filter_map(|m| {
            m.value()
                .attr("content")?
                .split_once("url=")
                .map(|(_, u)| u.to_string())
        })
        .collect()
}

#[test]
fn redirect_to_makes_the_section_page_a_redirect() {
    let (_dir, out, _) = built();
    assert_eq!(
        redirect_of(&out, "moved"),
        ["https://example.org/stories/first/"]
    );
    assert_eq!(redirect_of(&out, "away"), ["https://example.com/elsewhere"]);
    // The section's own text is not shown; its pages are written as usual.
    let moved = std::fs::read_to_string(out.join("moved/index.html")).unwrap();
    assert!(!moved.contains("Never shown"), "{moved}");
    assert_eq!(
        texts(&html(&out.join("moved/still/index.html")), "h1"),
        ["Still here"]
    );
    assert!(redirect_of(&out, "by-date").is_empty());
    // A redirecting section's own files are not published, as in Zola; a paginated
    // section's are (Zola's documentation says a section's files are published with it).
    assert!(!out.join("moved/map.txt").exists());
    assert!(out.join("paged/map.txt").is_file());
}

/// The titles pager `file` of a paginated section lists.
fn pager(out: &Path, file: &str) -> Vec<String> {
    texts(&html(&out.join(file)), "ol.pager li")
}

#[test]
fn paginate_path_and_paginate_reversed_shape_the_pagers() {
    let (_dir, out, _) = built();
    // Sorted by weight, split from the heaviest, under `p/` instead of `page/`.
    assert_eq!(pager(&out, "paged/index.html"), ["Weight 5", "Weight 4"]);
    assert_eq!(
        pager(&out, "paged/p/2/index.html"),
        ["Weight 3", "Weight 2"]
    );
    assert_eq!(pager(&out, "paged/p/3/index.html"), ["Weight 1"]);
    assert!(!out.join("paged/page").exists());
    assert_eq!(
        redirect_of(&out, "paged/p/1"),
        ["https://example.org/paged/"]
    );
    let first = html(&out.join("paged/index.html"));
    assert_eq!(texts(&first, "p.base"), ["/paged/p/"]);
    assert_eq!(
        common::select(&first, "a[rel=next]")[0]
            .value()
            .attr("href"),
        Some("/paged/p/2/")
    );
    // The section's own list keeps its order.
    assert_eq!(
        listed_pager_section(&out),
        ["Weight 1", "Weight 2", "Weight 3", "Weight 4", "Weight 5"]
    );
    // An empty paginate_path numbers the pagers right under the section.
    assert_eq!(pager(&out, "flat/index.html"), ["Flat 1"]);
    assert_eq!(pager(&out, "flat/2/index.html"), ["Flat 2"]);
}

/// The pages of the `paged` section as the home page's subsection list does not show them:
/// read from the pages' own previous/next chain instead, lightest first.
fn listed_pager_section(out: &Path) -> Vec<String> {
    let mut titles = vec!["Weight 1".to_string()];
    let mut at = out.join("paged/w1/index.html");
    loop {
        let doc = html(&at);
        let next = common::select(&doc, "a[rel=next]");
        let Some(a) = next.first() else { break };
        titles.push(a.text().collect());
        at = out
            .join(a.value().attr("href").unwrap().trim_start_matches('/'))
            .join("index.html");
    }
    titles
}

/// The inner HTML of each h2 and h3 of `file`.
fn headings(out: &Path, file: &str) -> Vec<String> {
    let doc = html(&out.join(file).join("index.html"));
    common::select(&doc, ".content h2, .content h3")
        .iter()
        .map(|h| h.inner_html())
        .collect()
}

#[test]
fn insert_anchor_links_uses_the_sites_anchor_link_template() {
    let (_dir, out, _) = built();
    let anchor = |id: &str, level: u8, text: &str| {
        // As scraper writes it back: attributes in name order.
        format!("<a class=\"site-anchor\" data-lang=\"en\" data-level=\"{level}\" href=\"#{id}\">{text}</a>")
    };
    // The section's own content and the pages in its folder.
    assert_eq!(
        headings(&out, "anchors-left"),
        [format!(
            "{}Section <em>heading</em>",
            anchor("section-heading", 2, "§")
        )]
    );
    assert_eq!(
        headings(&out, "anchors-left/doc"),
        [
            format!("{}Some heading", anchor("some-heading", 2, "§")),
            format!("{}Deeper", anchor("deeper", 3, "§"))
        ]
    );
    assert_eq!(
        headings(&out, "anchors-right/doc")[0],
        format!("Some heading{}", anchor("some-heading", 2, "§"))
    );
    // `heading`: the heading's content becomes the link's text.
    assert_eq!(
        headings(&out, "anchors-heading/doc")[0],
        anchor("some-heading", 2, "Some heading")
    );
    assert_eq!(
        headings(&out, "anchors-none/doc"),
        ["Some heading", "Deeper"]
    );
    // A page in a folder without its own _index.md takes `[markdown]`'s: none by default.
    assert_eq!(headings(&out, "anchors-left/deeper/more"), ["Below"]);
}

/// The site paths relief's search index lists (each fragment entry opens with its path).
fn searched(out: &Path) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(out.join("search")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("f-") {
            all.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
    all
}

#[test]
fn in_search_index_false_keeps_the_section_and_its_pages_out_of_search() {
    let (_dir, out, _) = built();
    let index = searched(&out);
    let listed = |path: &str| index.contains(&format!("[\"{path}\",\""));
    assert!(listed("by-date/a/"), "{index}");
    assert!(listed("stories/"));
    assert!(!listed("unsearched/"));
    assert!(!listed("unsearched/page/"));
    // Sections that write no page of their own are not searched; their pages are.
    assert!(!listed("moved/") && !listed("hidden/"));
    assert!(listed("moved/still/") && listed("hidden/kept/"));
    // The pages are still written.
    assert!(out.join("unsearched/page/index.html").is_file());
}

#[test]
fn generate_feeds_gives_a_section_its_own_feed_of_its_pages() {
    let (_dir, out, _) = built();
    let feed = std::fs::read_to_string(out.join("posts/atom.xml")).unwrap();
    let titles: Vec<&str> = feed
        .split("<entry>")
        .skip(1)
        .filter_map(|e| e.split("<title>").nth(1)?.split("</title>").next())
        .collect();
    // The pages the section lists, its transparent subsections' included, newest first.
    assert_eq!(titles, ["New post", "Mid post", "Old post", "Older post"]);
    assert!(
        feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/posts/atom.xml\"/>"),
        "{feed}"
    );
    // Only where asked for.
    assert!(!out.join("by-date/atom.xml").exists());
}

/// Zola's shapes (templates/pages-sections.md): `section.subsections` and the `ancestors` of
/// pages and sections are paths below content/, home first, which `get_section` takes.
#[test]
fn subsections_and_ancestors_are_paths_in_a_zola_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| common::write_file(root, rel, text);
    write(
        "zola.toml",
        "base_url = \"https://example.org/\"\ntitle = \"Site\"\n",
    );
    write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    write("content/guide/_index.md", "+++\ntitle = \"Guide\"\n+++\n");
    write(
        "content/guide/deep/_index.md",
        "+++\ntitle = \"Deep\"\n+++\n",
    );
    write("content/guide/deep/p.md", "+++\ntitle = \"P\"\n+++\n");
    let show = "<p id=\"subs\">{{ section.subsections | join(sep=\"|\") }}</p>\
        <p id=\"anc\">{{ section.ancestors | join(sep=\"|\") }}</p>\
        {% for s in section.subsections %}{% set sub = get_section(path=s) %}<p class=\"title\">{{ sub.title }}</p>{% endfor %}\n";
    write("templates/index.html", show);
    write("templates/section.html", show);
    write(
        "templates/page.html",
        "<p id=\"anc\">{{ page.ancestors | join(sep=\"|\") }}</p>\n",
    );
    let out = root.join("public");
    let o = build(root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = |p: &str| html(&out.join(p).join("index.html"));
    assert_eq!(texts(&page(""), "#subs"), ["guide/_index.md"]);
    assert_eq!(texts(&page(""), ".title"), ["Guide"]);
    assert_eq!(texts(&page("guide"), "#subs"), ["guide/deep/_index.md"]);
    assert_eq!(texts(&page("guide"), "#anc"), ["_index.md"]);
    assert_eq!(
        texts(&page("guide/deep"), "#anc"),
        ["_index.md|guide/_index.md"]
    );
    assert_eq!(
        texts(&page("guide/deep/p"), "#anc"),
        ["_index.md|guide/_index.md|guide/deep/_index.md"]
    );
}
