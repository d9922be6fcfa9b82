//! Zola's page front matter and file names (content/page.md of Zola's documentation), over
//! the fixture tests/fixtures/zola-page: what each key and each file name rule makes of the
//! built page, read back from the HTML.

mod common;

use common::{build, fixture, html, stderr, texts};
use std::path::PathBuf;

/// The fixture, built once per test into a temporary folder.
struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
}

fn built() -> Built {
    let dir = fixture("zola-page");
    let out = dir.path().join("public");
    let o = build(dir.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    Built { _dir: dir, out }
}

impl Built {
    /// The text of the one element `css` selects in the page at site path `path`.
    fn text(&self, path: &str, css: &str) -> String {
        let file = self.out.join(path).join("index.html");
        let found = texts(&html(&file), css);
        assert_eq!(found.len(), 1, "{css} in {}: {found:?}", file.display());
        found[0].clone()
    }

    fn file(&self, path: &str) -> PathBuf {
        self.out.join(path)
    }
}

#[test]
fn a_dated_file_name_gives_the_date_and_the_slug() {
    let site = built();
    // (file, site path, date shown, slug shown)
    let cases = [
        (
            "2026-01-02-first-post.md",
            "blog/first-post",
            "2026-01-02",
            "first-post",
        ),
        (
            "2026-01-03_underscore.md",
            "blog/underscore",
            "2026-01-03",
            "underscore",
        ),
        (
            "2026-01-04 -Spaced Name.md",
            "blog/spaced-name",
            "2026-01-04",
            "spaced-name",
        ),
        // The front matter's date wins; the name's date still leaves the slug.
        (
            "2026-01-05-overridden.md",
            "blog/overridden",
            "2025-12-31",
            "overridden",
        ),
        // Only a date: it is the date and the slug.
        (
            "2026-01-06.md",
            "blog/2026-01-06",
            "2026-01-06",
            "2026-01-06",
        ),
        (
            "2026-01-07-bundle/index.md",
            "blog/bundle",
            "2026-01-07",
            "bundle",
        ),
    ];
    for (file, path, date, slug) in cases {
        assert_eq!(site.text(path, ".date"), date, "{file}");
        assert_eq!(site.text(path, ".slug"), slug, "{file}");
    }
    for dated in ["2026-01-02-first-post", "2026-01-07-bundle", "2026-01-06-"] {
        assert!(!site.file(&format!("blog/{dated}")).exists(), "{dated}");
    }
}

#[test]
fn a_dated_bundle_keeps_its_files_beside_its_page() {
    let site = built();
    let note = site.file("blog/bundle/notes/note.txt");
    assert_eq!(
        std::fs::read_to_string(note).unwrap(),
        "A file of the bundle.\n"
    );
    let page = html(&site.file("blog/bundle/index.html"));
    let href: Vec<&str> = common::select(&page, "article a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(href, ["notes/note.txt"]);
}

#[test]
fn the_dated_pages_are_listed_newest_first() {
    let site = built();
    let titles = texts(&html(&site.file("blog/index.html")), ".pages a");
    assert_eq!(
        titles,
        [
            "Clock",
            "Authored",
            "Moved",
            "Timed",
            "Bundle",
            "Only a date",
            "Spaced name",
            "Underscore",
            "First post",
            "Overridden",
            // Undated.
            "About",
            // Heavier (weight = 3).
            "Every key",
        ]
    );
}

#[test]
fn a_front_matter_date_means_the_name_date_is_not_read() {
    // 30 February is no day (tests/broken/dated_name_not_a_day), but the front matter's
    // date is the page's: the name only gives the slug.
    let dir = fixture("zola-page");
    common::write_file(
        dir.path(),
        "content/blog/2026-02-30-x.md",
        "+++\ntitle = \"X\"\ndate = 2026-03-01\n+++\n",
    );
    let o = build(dir.path(), &dir.path().join("public"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = html(&dir.path().join("public/blog/x/index.html"));
    assert_eq!(texts(&page, ".date"), ["2026-03-01"]);
}

#[test]
fn a_page_without_a_title_builds_and_check_warns() {
    let site = built();
    assert_eq!(site.text("untitled", "h1"), "");
    assert_eq!(
        site.text("untitled", "article > p:last-of-type"),
        "A page without a title, as Zola allows."
    );
    let dir = fixture("zola-page");
    let found = relief::check(
        &relief::BuildOptions {
            root: dir.path().to_path_buf(),
            ..Default::default()
        },
        relief::External::Skip,
    );
    let untitled: Vec<String> = found
        .iter()
        .filter(|d| d.code == "missing-title")
        .map(|d| {
            let at = d.location.as_ref().unwrap();
            format!("{}:{} {}", at.file.display(), at.line.unwrap(), d.message)
        })
        .collect();
    assert_eq!(untitled, ["content/untitled.md:1 the page has no title"]);
}

#[test]
fn the_bundled_templates_show_the_site_title_for_a_page_without_one() {
    let dir = tempfile::tempdir().unwrap();
    common::bundled_site(dir.path());
    common::write_file(
        dir.path(),
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nSee [the note](@/note.md).\n",
    );
    common::write_file(dir.path(), "content/note.md", "+++\n+++\nA note.\n");
    let out = common::built(dir.path(), &[]);
    let page = html(&out.join("note/index.html"));
    let site_title = texts(&html(&out.join("index.html")), "title");
    assert_eq!(texts(&page, "title"), site_title);
    assert!(common::select(&page, "h1").is_empty());
    let og: Vec<&str> = common::select(&page, "meta[property='og:title']")
        .iter()
        .filter_map(|m| m.value().attr("content"))
        .collect();
    assert_eq!(og, site_title);
}

#[test]
fn path_sets_the_url_outright_and_keeps_the_slug() {
    let site = built();
    assert_eq!(site.text("elsewhere/moved", ".path"), "/elsewhere/moved/");
    // page.slug stays the one the file name gives, as in Zola.
    assert_eq!(site.text("elsewhere/moved", ".slug"), "moved");
    assert!(!site.file("blog/moved").exists());
    assert_eq!(site.text("about", ".path"), "/about/");
    assert_eq!(
        std::fs::read_to_string(site.file("about/data.txt")).unwrap(),
        "Bundle data.\n"
    );
    assert_eq!(site.text("blog/first-post", ".path"), "/blog/first-post/");
    // The section still lists its pages wherever they are published.
    let links: Vec<String> = common::select(&html(&site.file("blog/index.html")), ".pages a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(
        links.contains(&"https://example.org/elsewhere/moved/".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"https://example.org/about/".to_string()),
        "{links:?}"
    );
}

#[test]
fn authors_are_shown_and_credited_in_the_feed() {
    let site = built();
    let page = html(&site.file("blog/authored/index.html"));
    assert_eq!(
        texts(&page, ".authors li"),
        ["Ada Lovelace", "Grace Hopper"]
    );
    assert!(texts(
        &html(&site.file("blog/first-post/index.html")),
        ".authors li"
    )
    .is_empty());
    let feed = std::fs::read_to_string(site.file("atom.xml")).unwrap();
    let feed = roxmltree::Document::parse(&feed).unwrap();
    let authors_of = |title: &str| -> Vec<String> {
        let entry = feed
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .find(|e| {
                e.children()
                    .any(|c| c.has_tag_name("title") && c.text() == Some(title))
            })
            .unwrap_or_else(|| panic!("no entry {title}"));
        entry
            .children()
            .filter(|c| c.has_tag_name("author"))
            .flat_map(|a| a.children().filter(|c| c.has_tag_name("name")))
            .filter_map(|n| n.text().map(str::to_string))
            .collect()
    };
    assert_eq!(authors_of("Authored"), ["Ada Lovelace", "Grace Hopper"]);
    assert!(authors_of("First post").is_empty());
}

#[test]
fn dates_with_times_and_offsets_are_kept_as_written() {
    let site = built();
    assert_eq!(
        site.text("blog/clock", ".date"),
        "2026-01-12T23:30:00-05:00"
    );
    // In quotes and with a space, as TOML spells it.
    assert_eq!(site.text("blog/clock", ".updated"), "2026-01-13T08:00:00");
    assert_eq!(site.text("blog/first-post", ".updated"), "");
    let feed = std::fs::read_to_string(site.file("atom.xml")).unwrap();
    let feed = roxmltree::Document::parse(&feed).unwrap();
    let times = |title: &str| -> (String, String) {
        let entry = feed
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .find(|e| {
                e.children()
                    .any(|c| c.has_tag_name("title") && c.text() == Some(title))
            })
            .unwrap_or_else(|| panic!("no entry {title}"));
        let text = |tag: &str| {
            let node = entry.children().find(|c| c.has_tag_name(tag)).unwrap();
            node.text().unwrap().to_string()
        };
        (text("published"), text("updated"))
    };
    // The moment each names: an offset applied, a time without one read as UTC.
    assert_eq!(
        times("Clock"),
        ("2026-01-13T04:30:00Z".into(), "2026-01-13T08:00:00Z".into())
    );
    assert_eq!(
        times("Timed"),
        ("2026-01-08T09:30:00Z".into(), "2026-01-08T09:30:00Z".into())
    );
    assert_eq!(
        times("First post"),
        ("2026-01-02T00:00:00Z".into(), "2026-01-02T00:00:00Z".into())
    );
}

#[test]
fn in_search_index_false_leaves_the_page_out_of_the_index() {
    let site = built();
    let index: String = std::fs::read_dir(site.file("search"))
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
        .collect();
    // Each page's words and path are in the index, unless the page says no.
    assert!(index.contains("wombat"), "{index}");
    assert!(index.contains("\"shown/\""), "{index}");
    assert!(!index.contains("quokka"), "{index}");
    assert!(!index.contains("\"hidden/\""), "{index}");
    // The page itself is still published.
    assert_eq!(site.text("hidden", "h1"), "Hidden");
}

#[test]
fn slug_aliases_template_weight_draft_and_extra_keep_zolas_meaning() {
    let site = built();
    let path = "blog/everything-here";
    assert_eq!(site.text(path, "article.special h1"), "Every key");
    assert_eq!(
        site.text(path, ".description"),
        "The rest of Zola's page keys."
    );
    assert_eq!(site.text(path, ".slug"), "everything-here");
    assert_eq!(site.text(path, ".weight"), "3");
    assert_eq!(site.text(path, ".colour"), "teal");
    // An alias ending in .html is that file; any other is a folder.
    for alias in ["old/everything/index.html", "blog/every.html"] {
        let page = std::fs::read_to_string(site.file(alias)).unwrap();
        assert!(
            page.contains("https://example.org/blog/everything-here/"),
            "{alias}: {page}"
        );
    }
    assert!(!site.file("blog/unfinished").exists());
    let dir = fixture("zola-page");
    let out = dir.path().join("public");
    let o = build(dir.path(), &out, &["--drafts"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("blog/unfinished/index.html").is_file());
}

/// `render = false` on a page (content/page.md of Zola's documentation), as Zola 0.23 does
/// it: no file is written and the page is in no list (its section's pages, taxonomies,
/// sitemap, feed, search index, aliases), but `get_page` and `@/` links still find it.
#[test]
fn a_page_with_render_false_is_not_written_but_get_page_finds_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| common::write_file(root, rel, text);
    write(
        "zola.toml",
        "base_url = \"https://example.org/\"\ntitle = \"Site\"\ngenerate_feeds = true\nbuild_search_index = true\ntaxonomies = [{ name = \"tags\" }]\n\n[search]\nindex_format = \"fuse_json\"\n",
    );
    write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    write(
        "content/blog/_index.md",
        "+++\ntitle = \"Blog\"\nsort_by = \"date\"\n+++\n",
    );
    write(
        "content/blog/shown.md",
        "+++\ntitle = \"Shown\"\ndate = 2026-01-01\n[taxonomies]\ntags = [\"both\"]\n+++\nSee [the hidden one](@/blog/hidden.md).\n",
    );
    write(
        "content/blog/hidden.md",
        "+++\ntitle = \"Hidden\"\ndate = 2026-01-02\nrender = false\naliases = [\"old-hidden\"]\n[taxonomies]\ntags = [\"both\", \"only-hidden\"]\n+++\nThe *hidden* text.\n",
    );
    // A bundle with `render = false`: its files are not published either.
    write(
        "content/blog/folded/index.md",
        "+++\ntitle = \"Folded\"\ndate = 2026-01-03\nrender = false\n+++\nText.\n",
    );
    write("content/blog/folded/map.txt", "a map\n");
    write(
        "templates/index.html",
        "{% set h = get_page(path=\"blog/hidden.md\") %}<p id=\"got\">{{ h.title }} {{ h.permalink }} {{ h.content | striptags | trim }}</p>\n",
    );
    write(
        "templates/section.html",
        "<ul>{% for p in section.pages %}<li>{{ p.title }}</li>{% endfor %}</ul>\n",
    );
    write(
        "templates/page.html",
        "<main>{{ page.content | safe }}</main>\n",
    );
    write(
        "templates/taxonomy_list.html",
        "<ul>{% for t in terms %}<li>{{ t.name }} {{ t.page_count }}</li>{% endfor %}</ul>\n",
    );
    write(
        "templates/taxonomy_single.html",
        "<ul>{% for p in term.pages %}<li>{{ p.title }}</li>{% endfor %}</ul>\n",
    );
    let out = root.join("public");
    let o = build(root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));

    assert!(out.join("blog/shown/index.html").is_file());
    assert!(!out.join("blog/hidden").exists(), "no file for the page");
    assert!(!out.join("old-hidden").exists(), "no alias to it");
    assert!(!out.join("blog/folded").exists(), "no file of the bundle");
    assert_eq!(
        texts(&html(&out.join("index.html")), "#got"),
        ["Hidden https://example.org/blog/hidden/ The hidden text."]
    );
    assert_eq!(texts(&html(&out.join("blog/index.html")), "li"), ["Shown"]);
    assert_eq!(texts(&html(&out.join("tags/index.html")), "li"), ["both 1"]);
    assert!(!out.join("tags/only-hidden").exists());
    let read = |f: &str| std::fs::read_to_string(out.join(f)).unwrap();
    for file in ["sitemap.xml", "atom.xml", "search_index.en.json"] {
        let text = read(file);
        assert!(
            text.contains("https://example.org/blog/shown/"),
            "{file}: {text}"
        );
        assert!(
            !text.contains("https://example.org/blog/hidden/"),
            "{file}: {text}"
        );
    }
    // A link to it leads to its URL, which has no file: a warning says why.
    let shown = html(&out.join("blog/shown/index.html"));
    let links = common::select(&shown, "main a");
    assert_eq!(links[0].value().attr("href"), Some("/blog/hidden/"));
    assert!(
        stderr(&o).contains("warning[broken-link]: link `/blog/hidden/` leads to a page that is not written: content/blog/hidden.md has `render = false`"),
        "{}",
        stderr(&o)
    );
}

/// Zola's `page.content` is the whole page, with `<span id="continue-reading">` where
/// `<!-- more -->` was, and `page.summary` what comes before it (none without the marker,
/// whatever the description); a term lists its pages newest first, whatever their section.
#[test]
fn content_keeps_the_summary_and_terms_list_the_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| common::write_file(root, rel, text);
    write(
        "zola.toml",
        "base_url = \"https://example.org/\"\ntitle = \"Site\"\ntaxonomies = [{ name = \"tags\" }]\n",
    );
    write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\nsort_by = \"date\"\n+++\n",
    );
    write(
        "content/a.md",
        "+++\ntitle = \"A\"\ndate = 2026-01-01\ndescription = \"About A.\"\n[taxonomies]\ntags = [\"t\"]\n+++\nThe lead.\n\n<!-- more -->\n\nThe rest.\n\n# Top\n\n## Under\n",
    );
    write(
        "content/b.md",
        "+++\ntitle = \"B\"\ndate = 2026-01-03\ndescription = \"About B.\"\n[taxonomies]\ntags = [\"t\"]\n+++\nNo marker.\n",
    );
    write("content/sub/_index.md", "+++\ntitle = \"Sub\"\n+++\n");
    write(
        "content/sub/c.md",
        "+++\ntitle = \"C\"\ndate = 2026-01-02\n[taxonomies]\ntags = [\"t\"]\n+++\nC.\n",
    );
    write("templates/index.html", "home\n");
    write("templates/section.html", "section\n");
    write(
        "templates/page.html",
        "<div id=\"content\">{{ page.content | safe }}</div><div id=\"summary\">{% if page.summary %}{{ page.summary | safe }}{% else %}none{% endif %}</div><ol id=\"toc\">{% for h in page.toc %}<li>{{ h.title }}{% for c in h.children %} &gt; {{ c.title }}{% endfor %}</li>{% endfor %}</ol><p id=\"near\">{% if page.lower %}{{ page.lower.title }}{% endif %}|{% if page.higher %}{{ page.higher.title }}{% endif %}</p>\n",
    );
    write("templates/taxonomy_list.html", "list\n");
    write(
        "templates/taxonomy_single.html",
        "<ol>{% for p in term.pages %}<li>{{ p.title }}</li>{% endfor %}</ol>\n",
    );
    let out = root.join("public");
    let o = build(root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let a = html(&out.join("a/index.html"));
    assert_eq!(
        texts(&a, "#content > p"),
        ["The lead.", "The rest."],
        "the summary stays in the content"
    );
    assert_eq!(
        common::select(&a, "#content p + span#continue-reading + p").len(),
        1
    );
    assert_eq!(texts(&a, "#summary p"), ["The lead."]);
    // Zola's table of contents starts at h1; `lower` and `higher` are its neighbours.
    assert_eq!(texts(&a, "#toc li"), ["Top > Under"]);
    assert_eq!(texts(&a, "#near"), ["B|"]);
    assert_eq!(texts(&html(&out.join("b/index.html")), "#near"), ["|A"]);
    let b = html(&out.join("b/index.html"));
    assert_eq!(texts(&b, "#summary"), ["none"], "no marker, no summary");
    assert_eq!(
        texts(&html(&out.join("tags/t/index.html")), "li"),
        ["B", "C", "A"]
    );
}

/// Terms written differently that make one slug (`SEO`, `seo`) are one term, as in Zola:
/// named by the first spelling in byte order, listing the pages spelling by spelling, each
/// newest first with the undated after (checked against the reference Zola).
#[test]
fn terms_of_one_slug_are_one_term_listed_spelling_by_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| common::write_file(root, rel, text);
    write(
        "zola.toml",
        "base_url = \"https://example.org\"\ntaxonomies = [{ name = \"tags\" }]\n",
    );
    write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    for (name, date, tag) in [
        ("a", Some("2026-01-01"), "seo"),
        ("b", Some("2026-01-03"), "SEO"),
        ("c", Some("2026-01-02"), "SEO"),
        ("d", Some("2026-01-05"), "seo"),
        ("e", None, "SEO"),
    ] {
        let date = date.map_or(String::new(), |d| format!("date = {d}\n"));
        let title = name.to_uppercase();
        write(
            &format!("content/{name}.md"),
            &format!("+++\ntitle = \"{title}\"\n{date}[taxonomies]\ntags = [\"{tag}\"]\n+++\n"),
        );
    }
    write("templates/index.html", "home\n");
    write("templates/page.html", "page\n");
    write("templates/taxonomy_list.html", "list\n");
    write(
        "templates/taxonomy_single.html",
        "<h1>{{ term.name }}</h1><ol>{% for p in term.pages %}<li>{{ p.title }}</li>{% endfor %}</ol>\n",
    );
    let out = root.join("public");
    let o = build(root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let term = html(&out.join("tags/seo/index.html"));
    assert_eq!(texts(&term, "h1"), ["SEO"]);
    assert_eq!(texts(&term, "li"), ["B", "C", "E", "D", "A"]);
}
