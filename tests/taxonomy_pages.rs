//! Taxonomies in Zola's table form (`{name = "tags", paginate_by = 2, feed = true}`): term
//! pages over several pagers (`/tags/pain/`, `/tags/pain/page/2/`, …), per-term Atom feeds,
//! the errors for bad values, and the string form unchanged.

mod common;

use common::{
    assert_pager_links_resolve, build, built, bundled_site, hrefs, html, resolve_relative,
    resolve_under, select, snapshot, stderr, texts, write_file,
};
use std::path::{Path, PathBuf};

const TABLE_FORM: &str = "taxonomies = [\n  {name = \"tags\", paginate_by = 2, feed = true},\n]";

/// A site with the bundled config, templates and static files; a `topics` section with five
/// dated pages all tagged `pain` (Topic 1 also `sleep`); `taxonomies` set to `taxonomies`.
fn site(taxonomies: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    bundled_site(root);
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    assert!(config.contains("taxonomies = [\"tags\"]\n"), "{config}");
    let config = config.replace("taxonomies = [\"tags\"]", taxonomies);
    std::fs::write(root.join("config.toml"), config).unwrap();
    let write = |rel: &str, text: &str| write_file(root, rel, text);
    write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\ndescription = \"Home.\"\n+++\nSee [topics](@/topics/_index.md).\n",
    );
    write(
        "content/topics/_index.md",
        "+++\ntitle = \"Topics\"\ndescription = \"All topics.\"\n+++\nAll topics.\n",
    );
    for i in 1..=5 {
        let tags = if i == 1 {
            "\"pain\", \"sleep\""
        } else {
            "\"pain\""
        };
        write(
            &format!("content/topics/t{i}.md"),
            &format!(
                "+++\ntitle = \"Topic {i}\"\nweight = {i}\ndate = 2026-01-0{i}\ndescription = \"About topic {i}.\"\n\n[taxonomies]\ntags = [{tags}]\n+++\nBody of topic {i}.\n"
            ),
        );
    }
    dir
}

fn pain_pager(out: &Path, n: usize) -> PathBuf {
    match n {
        1 => out.join("tags/pain/index.html"),
        n => out.join(format!("tags/pain/page/{n}/index.html")),
    }
}

const NAV: &str = "nav[aria-label=Pagination]";

#[test]
fn term_pagers_list_their_pages_with_prev_next_current_title_and_canonical() {
    let dir = site(TABLE_FORM);
    let out = built(dir.path(), &[]);
    let cards = |n| texts(&html(&pain_pager(&out, n)), ".card-title");
    assert_eq!(cards(1), ["Topic 1", "Topic 2"]);
    assert_eq!(cards(2), ["Topic 3", "Topic 4"]);
    assert_eq!(cards(3), ["Topic 5"]);
    assert!(!out.join("tags/pain/page/4").exists());
    let expected_prev: [&[&str]; 3] = [&[], &["/tags/pain/"], &["/tags/pain/page/2/"]];
    let expected_next: [&[&str]; 3] = [&["/tags/pain/page/2/"], &["/tags/pain/page/3/"], &[]];
    for n in 1..=3 {
        let file = pain_pager(&out, n);
        let doc = html(&file);
        assert_eq!(
            texts(&doc, &format!("{NAV} .pagination-status")),
            [format!("Page {n} of 3")]
        );
        assert_eq!(
            hrefs(&file, &format!("{NAV} a[rel=prev]")),
            expected_prev[n - 1]
        );
        assert_eq!(
            hrefs(&file, &format!("{NAV} a[rel=next]")),
            expected_next[n - 1]
        );
        assert_eq!(
            hrefs(&file, &format!("{NAV} a:not([rel])")),
            ["/tags/pain/", "/tags/pain/page/2/", "/tags/pain/page/3/"]
        );
        assert_eq!(
            texts(&doc, &format!("{NAV} a[aria-current=page]")),
            [format!("Page {n}")]
        );
        // Later pagers are pages of their own: title and canonical.
        let (title, canonical) = match n {
            1 => (
                "Pages tagged “pain”".to_string(),
                "https://example.org/tags/pain/".to_string(),
            ),
            n => (
                format!("Pages tagged “pain” (page {n} of 3)"),
                format!("https://example.org/tags/pain/page/{n}/"),
            ),
        };
        let title = format!("{title} | Massage and Joint Pain: What the Evidence Says");
        assert_eq!(texts(&doc, "title"), [title]);
        assert_eq!(hrefs(&file, "link[rel=canonical]"), [canonical]);
    }
    // A term with fewer pages than `paginate_by` has one pager and no pagination links.
    let sleep = html(&out.join("tags/sleep/index.html"));
    assert_eq!(texts(&sleep, ".card-title"), ["Topic 1"]);
    assert!(select(&sleep, NAV).is_empty());
    assert!(!out.join("tags/sleep/page/2").exists());
}

#[test]
fn the_term_paginator_has_the_section_shape_and_term_pages_stays_full() {
    let dir = site(TABLE_FORM);
    std::fs::write(
        dir.path().join("templates/taxonomy_single.html"),
        "<!DOCTYPE html><html lang=\"en\"><head><title>{{ term.name }}</title></head><body>\
         <p id=\"all\">{{ term.pages | length }}</p>\
         <p id=\"fields\">{{ paginator.paginate_by }} {{ paginator.number_pagers }} {{ paginator.current_index }} {{ paginator.total_pages }} {{ paginator.base_url }} {{ paginator.first }} {{ paginator.last }} {{ paginator.previous }} {{ paginator.next }} {{ paginator.url }} {{ paginator.permalink }}</p>\
         <ul>{% for p in paginator.pages %}<li><a href=\"{{ p.url }}\">{{ p.title }}</a></li>{% endfor %}</ul>\
         </body></html>",
    )
    .unwrap();
    let out = built(dir.path(), &[]);
    let second = html(&pain_pager(&out, 2));
    assert_eq!(texts(&second, "#all"), ["5"]);
    assert_eq!(
        texts(&second, "#fields"),
        ["2 3 2 5 /tags/pain/page/ /tags/pain/ /tags/pain/page/3/ /tags/pain/ /tags/pain/page/3/ /tags/pain/page/2/ https://example.org/tags/pain/page/2/"]
    );
    assert_eq!(texts(&second, "li"), ["Topic 3", "Topic 4"]);
    let first = html(&pain_pager(&out, 1));
    assert_eq!(texts(&first, "#all"), ["5"]);
    assert_eq!(texts(&first, "li"), ["Topic 1", "Topic 2"]);
}

#[test]
fn page_one_redirects_to_the_term_and_the_sitemap_lists_the_pagers() {
    let dir = site(TABLE_FORM);
    let out = built(dir.path(), &[]);
    let redirect = html(&out.join("tags/pain/page/1/index.html"));
    let refresh = select(&redirect, "meta[http-equiv=refresh]");
    assert_eq!(
        refresh[0].value().attr("content"),
        Some("0; url=https://example.org/tags/pain/")
    );
    assert_eq!(
        hrefs(
            &out.join("tags/pain/page/1/index.html"),
            "link[rel=canonical]"
        ),
        ["https://example.org/tags/pain/"]
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    for url in [
        "https://example.org/tags/pain/",
        "https://example.org/tags/pain/page/2/",
        "https://example.org/tags/pain/page/3/",
        "https://example.org/tags/sleep/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>{url}</loc>")),
            "{url}\n{sitemap}"
        );
    }
    assert!(!sitemap.contains("/page/1/"), "{sitemap}");
    assert!(!sitemap.contains("/tags/pain/page/4/"), "{sitemap}");
    assert!(!sitemap.contains("/tags/sleep/page/"), "{sitemap}");
    assert!(!sitemap.contains("atom.xml"), "{sitemap}");
}

/// Every pagination link of every pain pager, and the term's feed link, resolve to the right
/// file on disk, `resolve` turning an href found in `from` into an output file.
/// The pager links of the `pain` term resolve as `resolve` opens them, and so does its
/// feed's link in each pager's head.
fn assert_term_links_resolve(out: &Path, resolve: &impl Fn(&Path, &str) -> PathBuf) {
    let pagers: Vec<PathBuf> = (1..=3).map(|n| pain_pager(out, n)).collect();
    assert_pager_links_resolve(&pagers, NAV, resolve);
    for file in &pagers {
        let feed = hrefs(file, "link[rel=alternate][title$='– pain']");
        assert_eq!(feed.len(), 1, "{}", file.display());
        let resolved = resolve(file, &feed[0]);
        assert_eq!(resolved, out.join("tags/pain/atom.xml"), "{}", feed[0]);
        assert!(resolved.is_file());
    }
}

#[test]
fn term_pager_and_feed_links_work_under_a_sub_path_base_url() {
    let dir = site(TABLE_FORM);
    let out = built(dir.path(), &["--base-url", "https://example.org/sub/dir/"]);
    assert_term_links_resolve(&out, &|_, href| resolve_under(&out, "/sub/dir/", href));
    let redirect = html(&out.join("tags/pain/page/1/index.html"));
    let refresh = select(&redirect, "meta[http-equiv=refresh]");
    assert_eq!(
        refresh[0].value().attr("content"),
        Some("0; url=https://example.org/sub/dir/tags/pain/")
    );
    let feed = std::fs::read_to_string(out.join("tags/pain/atom.xml")).unwrap();
    assert!(
        feed.contains("href=\"https://example.org/sub/dir/tags/pain/atom.xml\""),
        "{feed}"
    );
}

#[test]
fn term_pager_and_feed_links_work_in_relative_mode() {
    let dir = site(TABLE_FORM);
    let out = built(dir.path(), &["--relative"]);
    assert_term_links_resolve(&out, &resolve_relative);
    let redirect = html(&out.join("tags/pain/page/1/index.html"));
    let refresh = select(&redirect, "meta[http-equiv=refresh]");
    assert_eq!(
        refresh[0].value().attr("content"),
        Some("0; url=../../index.html")
    );
}

/// The term's feed: valid Atom, its dated pages newest first, each linking to its permalink.
#[test]
fn each_term_has_an_atom_feed_of_its_pages() {
    let dir = site(TABLE_FORM);
    let out = built(dir.path(), &[]);
    let text = std::fs::read_to_string(out.join("tags/pain/atom.xml")).unwrap();
    let xml = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let feed = xml.root_element();
    let atom = "http://www.w3.org/2005/Atom";
    assert!(feed.has_tag_name((atom, "feed")), "{text}");
    let text_of = |node: roxmltree::Node<'_, '_>, name: &str| -> String {
        let child = node.children().find(|c| c.has_tag_name((atom, name)));
        let child = child.unwrap_or_else(|| panic!("no <{name}> in {text}"));
        child.text().unwrap_or_default().to_string()
    };
    let link = |node: roxmltree::Node<'_, '_>, rel: &str| {
        node.children()
            .find(|c| c.has_tag_name((atom, "link")) && c.attribute("rel") == Some(rel))
            .and_then(|l| l.attribute("href"))
            .map(str::to_string)
    };
    assert_eq!(
        text_of(feed, "title"),
        "Massage and Joint Pain: What the Evidence Says – pain"
    );
    assert_eq!(
        link(feed, "self").as_deref(),
        Some("https://example.org/tags/pain/atom.xml")
    );
    assert_eq!(
        link(feed, "alternate").as_deref(),
        Some("https://example.org/tags/pain/")
    );
    assert_eq!(text_of(feed, "id"), "https://example.org/tags/pain/");
    assert_eq!(text_of(feed, "updated"), "2026-01-05T00:00:00Z");
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((atom, "entry")))
        .collect();
    let titles: Vec<String> = entries.iter().map(|e| text_of(*e, "title")).collect();
    assert_eq!(
        titles,
        ["Topic 5", "Topic 4", "Topic 3", "Topic 2", "Topic 1"]
    );
    for (entry, i) in entries.iter().zip([5, 4, 3, 2, 1]) {
        let permalink = format!("https://example.org/topics/t{i}/");
        assert_eq!(link(*entry, "alternate"), Some(permalink.clone()));
        assert_eq!(text_of(*entry, "id"), permalink);
        assert!(
            text_of(*entry, "content").contains(&format!("Body of topic {i}.")),
            "{text}"
        );
        // The permalink is a page of the site.
        assert!(out.join(format!("topics/t{i}/index.html")).is_file());
    }
    // The sleep feed holds only its page.
    let sleep = std::fs::read_to_string(out.join("tags/sleep/atom.xml")).unwrap();
    let sleep = roxmltree::Document::parse(&sleep).unwrap();
    let titles: Vec<String> = sleep
        .root_element()
        .children()
        .filter(|c| c.has_tag_name((atom, "entry")))
        .map(|e| text_of(e, "title"))
        .collect();
    assert_eq!(titles, ["Topic 1"]);
    // Each term page announces its own feed, as well as the site's.
    let page = out.join("tags/sleep/index.html");
    assert_eq!(
        hrefs(&page, "link[rel=alternate][type='application/atom+xml']"),
        ["/atom.xml", "/tags/sleep/atom.xml"]
    );
    // The site's feed is still there, with every dated page.
    let site_feed = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    let site_feed = roxmltree::Document::parse(&site_feed).unwrap();
    assert_eq!(
        site_feed
            .descendants()
            .filter(|c| c.has_tag_name((atom, "entry")))
            .count(),
        5
    );
}

#[test]
fn the_string_form_and_tables_without_options_behave_as_before() {
    for form in [
        "taxonomies = [\"tags\"]",
        "taxonomies = [{name = \"tags\"}]",
        "taxonomies = [{name = \"tags\", feed = false}]",
    ] {
        let dir = site(form);
        let out = built(dir.path(), &[]);
        let pain = pain_pager(&out, 1);
        let doc = html(&pain);
        assert_eq!(
            texts(&doc, ".card-title"),
            ["Topic 1", "Topic 2", "Topic 3", "Topic 4", "Topic 5"],
            "{form}"
        );
        assert!(select(&doc, NAV).is_empty(), "{form}");
        assert!(!out.join("tags/pain/page").exists(), "{form}");
        assert!(!out.join("tags/pain/atom.xml").exists(), "{form}");
        assert_eq!(hrefs(&pain, "link[rel=alternate]"), ["/atom.xml"], "{form}");
        assert_eq!(
            texts(&doc, "title"),
            ["Pages tagged “pain” | Massage and Joint Pain: What the Evidence Says"]
        );
        let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
        assert!(!sitemap.contains("/page/"), "{form}: {sitemap}");
    }
    // Mixed forms: `areas` paginated, `tags` as before.
    let dir = site("taxonomies = [\"tags\", {name = \"areas\", paginate_by = 1}]");
    let path = dir.path().join("content/topics/t2.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "tags = [\"pain\"]",
            "tags = [\"pain\"]\nareas = [\"knees\"]",
        ),
    )
    .unwrap();
    let path = dir.path().join("content/topics/t3.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "tags = [\"pain\"]",
            "tags = [\"pain\"]\nareas = [\"knees\"]",
        ),
    )
    .unwrap();
    let out = built(dir.path(), &[]);
    assert!(!out.join("tags/pain/page").exists());
    assert_eq!(
        texts(&html(&out.join("areas/knees/index.html")), ".card-title"),
        ["Topic 2"]
    );
    assert_eq!(
        texts(
            &html(&out.join("areas/knees/page/2/index.html")),
            ".card-title"
        ),
        ["Topic 3"]
    );
}

/// Build a good site, then with `taxonomies` replaced by `bad`: the build must fail with exit
/// 1 at `config.toml:LINE` (LINE being the line of `bad` holding `marker`), say `message`, and
/// leave the previous output as it was.
fn fails(bad: &str, marker: &str, message: &str) {
    let dir = site(TABLE_FORM);
    let out = built(dir.path(), &[]);
    let before = snapshot(&out);
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    let config = config.replace(TABLE_FORM, bad);
    let line = config
        .lines()
        .position(|l| l.contains(marker))
        .unwrap_or_else(|| panic!("{marker} not in {bad}"))
        + 1;
    std::fs::write(dir.path().join("config.toml"), &config).unwrap();
    let o = build(dir.path(), &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{bad}: {err}");
    let at = format!("config.toml:{line}");
    let named = [format!("--> {at}\n"), format!("--> {at}:")];
    assert!(named.iter().any(|n| err.contains(n)), "{at} not in:\n{err}");
    assert!(err.contains(message), "{message:?} not in:\n{err}");
    assert!(err.contains("help:"), "no help in:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(snapshot(&out), before, "the previous output changed");
}

#[test]
fn bad_taxonomy_values_fail_at_their_config_line() {
    let table = |entry: &str| format!("taxonomies = [\n  \"tags\",\n  {entry},\n]");
    fails(
        &table("{name = \"topics\", paginate_by = 0}"),
        "topics",
        "taxonomy `paginate_by` must be a whole number above zero, found 0",
    );
    fails(
        &table("{name = \"topics\", paginate_by = -4}"),
        "topics",
        "must be a whole number above zero, found -4",
    );
    fails(
        &table("{name = \"topics\", paginate_by = \"10\"}"),
        "topics",
        "taxonomy `paginate_by` must be a whole number above zero, found a string",
    );
    fails(
        &table("{name = \"topics\", feed = \"yes\"}"),
        "topics",
        "taxonomy `feed` must be true or false, found a string",
    );
    fails(
        &table("{name = \"topics\", paginateby = 10}"),
        "topics",
        "unknown taxonomy key `paginateby`",
    );
    fails(
        &table("{paginate_by = 10, feed = true}"),
        "paginate_by",
        "a taxonomy table has no `name`",
    );
    fails(
        &table("{name = 7}"),
        "name = 7",
        "taxonomy `name` must be a string, found an integer",
    );
    // The line of the value at fault, in a table over several lines.
    fails(
        "taxonomies = [\n  {name = \"tags\",\n   paginate_by = 0},\n]",
        "paginate_by = 0",
        "found 0",
    );
}

#[test]
fn a_file_or_alias_at_a_term_pager_or_feed_url_is_an_error() {
    /// What is added, how, where the error points, and what it says.
    type Case<'a> = (&'a str, &'a dyn Fn(&Path), &'a str, &'a str);
    let cases: [Case<'_>; 4] = [
        (
            "a static file at a pager",
            &|root| {
                let dir = root.join("static/tags/pain/page/2");
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(dir.join("index.html"), "stale").unwrap();
            },
            "static/tags/pain/page/2/index.html",
            "would overwrite pager 2 of the `pain` page of `tags`",
        ),
        (
            "a static file at a feed",
            &|root| {
                let dir = root.join("static/tags/pain");
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(dir.join("atom.xml"), "stale").unwrap();
            },
            "static/tags/pain/atom.xml",
            "would overwrite a file relief generates",
        ),
        (
            "an alias at a pager",
            &|root| alias(root, "/tags/pain/page/3/"),
            "content/about.md:2",
            "is also produced by a pager of the `pain` tags page",
        ),
        (
            "an alias at the page/1 redirect",
            &|root| alias(root, "/tags/pain/page/1/"),
            "content/about.md:2",
            "is also produced by the redirect to the first pager of the `pain` tags page",
        ),
    ];
    for (what, edit, at, message) in cases {
        let dir = site(TABLE_FORM);
        edit(dir.path());
        let o = build(dir.path(), &dir.path().join("public"), &[]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{what}: {err}");
        let named = [format!("--> {at}\n"), format!("--> {at}:")];
        assert!(
            named.iter().any(|n| err.contains(n)),
            "{what}: {at} not in:\n{err}"
        );
        assert!(err.contains(message), "{what}: {message:?} not in:\n{err}");
    }
}

fn alias(root: &Path, url: &str) {
    let path = root.join("content/about.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen("+++\n", &format!("+++\naliases = [\"{url}\"]\n"), 1);
    std::fs::write(path, text).unwrap();
}

#[test]
fn check_passes_on_a_site_with_paginated_terms_and_feeds() {
    let dir = site(TABLE_FORM);
    // The bundled templates link "Report a problem" to this; unset, check warns.
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    let config = config.replace(
        "[extra]\n",
        "[extra]\nfeedback_url = \"mailto:editors@example.org\"\n",
    );
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    let o = common::relief(&["check", "--root", dir.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    // Pagination links and the feed links were crawled, and lead to files the site has.
    assert!(err.contains("0 errors, 0 warnings"), "{err}");
    assert!(!err.contains("/page/"), "{err}");
    assert!(!err.contains("atom.xml"), "{err}");
}
