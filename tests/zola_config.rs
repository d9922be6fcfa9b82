//! Zola 0.23's configuration (getting-started/configuration.md of its documentation), over
//! the fixture site tests/fixtures/zola-config: `zola.toml` read before `config.toml`, and
//! each key with Zola's meaning, checked in the HTML relief writes.

mod common;

use common::{built, fixture, html, select, stderr, texts, write_file};
use std::path::Path;

/// Build the fixture, after `edit` has changed it, and return its output folder.
fn build_fixture(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = fixture("zola-config");
    edit(dir.path());
    let out = built(dir.path(), &[]);
    (dir, out)
}

/// The fixture's `zola.toml` with `top` as its first lines, above every table.
fn with_config(root: &Path, top: &str) {
    let config = std::fs::read_to_string(root.join("zola.toml")).unwrap();
    write_file(root, "zola.toml", &format!("{top}{config}"));
}

/// The fixture's `zola.toml` with the table `table` added before `[extra]`.
fn with_table(root: &Path, table: &str) {
    let config = std::fs::read_to_string(root.join("zola.toml")).unwrap();
    let config = config.replace("[extra]\n", &format!("{table}\n[extra]\n"));
    write_file(root, "zola.toml", &config);
}

#[test]
fn zola_toml_is_read_before_config_toml() {
    let (_dir, out) = build_fixture(|_| {});
    let page = html(&out.join("blog/cafe/index.html"));
    assert_eq!(texts(&page, "title"), ["Zola config fixture"]);
    assert_eq!(texts(&page, ".author"), ["Ada"]);
    assert_eq!(texts(&page, ".motto"), ["Petit et net"]);
    let home = select(&page, "a.home");
    // Zola's `config.base_url` has no trailing slash.
    assert_eq!(home[0].attr("href"), Some("https://zola.example.org"));
}

#[test]
fn config_toml_is_read_when_there_is_no_zola_toml() {
    let (_dir, out) = build_fixture(|root| {
        std::fs::remove_file(root.join("zola.toml")).unwrap();
        write_file(
            root,
            "config.toml",
            "title = \"Legacy name\"\nbase_url = \"https://legacy.example.org/\"\n",
        );
    });
    let page = html(&out.join("index.html"));
    assert_eq!(texts(&page, "title"), ["Legacy name"]);
}

#[test]
fn a_zola_site_needs_no_title_but_relief_sites_do() {
    let (_dir, out) = build_fixture(|root| {
        write_file(
            root,
            "zola.toml",
            "base_url = \"https://zola.example.org/\"\n",
        );
    });
    assert_eq!(texts(&html(&out.join("index.html")), "title"), [""]);

    let dir = fixture("zola-config");
    let root = dir.path();
    std::fs::remove_file(root.join("zola.toml")).unwrap();
    write_file(root, "config.toml", "base_url = \"https://e.org/\"\n");
    let o = common::build(root, &root.join("public"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("config.toml has no `title`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn errors_name_zola_toml() {
    let dir = fixture("zola-config");
    let root = dir.path();
    with_config(root, "languag = \"fr\"\n");
    let o = common::build(root, &root.join("public"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("unknown key `languag`"), "{err}");
    assert!(err.contains("zola.toml:1"), "{err}");
}

#[test]
fn default_language_is_the_pages_language() {
    let (_dir, out) = build_fixture(|_| {});
    let page = html(&out.join("index.html"));
    assert_eq!(select(&page, "html")[0].attr("lang"), Some("fr"));
}

#[test]
fn taxonomies_as_zola_array_of_tables() {
    let (_dir, out) = build_fixture(|_| {});
    let list = html(&out.join("tags/index.html"));
    assert_eq!(texts(&list, ".terms a").len(), 2);
    let term = html(&out.join("tags/morning/index.html"));
    assert_eq!(texts(&term, ".pages a"), ["Café au lait"]);
    // `feed = true`: each term has its feed.
    assert!(out.join("tags/morning/atom.xml").is_file());
}

#[test]
fn feeds_only_when_generate_feeds_is_set() {
    let (_dir, out) = build_fixture(|_| {});
    assert!(
        !out.join("atom.xml").exists(),
        "Zola writes no feed unless asked"
    );
    assert!(select(&html(&out.join("index.html")), "link[rel=alternate]").is_empty());

    let (_dir, out) = build_fixture(|root| with_config(root, "generate_feeds = true\n"));
    let links = select(&html(&out.join("index.html")), "link[rel=alternate]")
        .iter()
        .map(|l| l.attr("href").unwrap_or_default().to_string())
        .collect::<Vec<_>>();
    // Zola's get_url: the feed's full URL.
    assert_eq!(links, ["https://zola.example.org/atom.xml"]);
    let feed = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    // Every page, as no feed_limit is set.
    assert_eq!(feed.matches("<entry>").count(), 2, "{feed}");
    assert!(
        feed.contains("Café au lait") && feed.contains("Summer"),
        "{feed}"
    );
}

#[test]
fn slugs_are_zolas_ascii_slugs_by_default() {
    let (_dir, out) = build_fixture(|_| {});
    let page = html(&out.join("blog/cafe/index.html"));
    let tags: Vec<&str> = select(&page, ".tags a")
        .iter()
        .filter_map(|a| a.attr("href"))
        .collect();
    assert_eq!(tags, ["/tags/cafe-au-lait/", "/tags/morning/"]);
    assert!(out.join("tags/cafe-au-lait/index.html").is_file());
    assert_eq!(select(&page, "h2")[0].attr("id"), Some("creme-brulee"));
    // A `slug` is made a slug too.
    assert!(out.join("blog/ete-chaud/index.html").is_file());
}

#[test]
fn slugify_strategies_safe_and_off() {
    let (_dir, out) = build_fixture(|root| {
        with_table(
            root,
            "[slugify]\npaths = \"safe\"\ntaxonomies = \"off\"\nanchors = \"safe\"\n",
        )
    });
    let page = html(&out.join("blog/cafe/index.html"));
    assert_eq!(select(&page, "h2")[0].attr("id"), Some("Crème_brûlée"));
    assert!(out.join("tags/Café au lait/index.html").is_file());
    assert!(out.join("blog/Été chaud/index.html").is_file());
}

#[test]
fn a_config_toml_site_keeps_relief_s_unicode_slugs() {
    let (_dir, out) = build_fixture(|root| {
        std::fs::remove_file(root.join("zola.toml")).unwrap();
        write_file(
            root,
            "config.toml",
            "title = \"T\"\nbase_url = \"https://e.org/\"\n",
        );
    });
    let page = html(&out.join("blog/cafe/index.html"));
    assert_eq!(select(&page, "h2")[0].attr("id"), Some("crème-brûlée"));
    assert!(out.join("tags/café-au-lait/index.html").is_file());
}

#[test]
fn sitemap_and_robots_can_be_turned_off() {
    let (_dir, out) = build_fixture(|_| {});
    assert!(out.join("sitemap.xml").is_file() && out.join("robots.txt").is_file());
    let (_dir, out) = build_fixture(|root| {
        with_config(
            root,
            "generate_sitemap = false\ngenerate_robots_txt = false\n",
        )
    });
    assert!(!out.join("sitemap.xml").exists());
    assert!(!out.join("robots.txt").exists());
    assert!(out.join("index.html").is_file());
}

#[test]
fn ignored_content_and_static_are_left_out() {
    let (_dir, out) = build_fixture(|_| {});
    assert!(
        out.join("blog/notes.txt").is_file(),
        "other assets are copied"
    );
    assert!(!out.join("blog/data.xlsx").exists());
    assert!(
        !out.join("blog/wip-plans").exists(),
        "an ignored page is not built"
    );
    assert!(out.join("style.css").is_file());
    assert!(!out.join("style.css.bak").exists());
}

#[test]
fn a_bad_glob_is_an_error_at_its_line() {
    let dir = fixture("zola-config");
    let root = dir.path();
    write_file(
        root,
        "zola.toml",
        "base_url = \"https://e.org/\"\nignored_content = [\"*.x\", \"a[b\"]\n",
    );
    let o = common::build(root, &root.join("public"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("`a[b` in `ignored_content` is not a glob pattern"),
        "{err}"
    );
    assert!(err.contains("zola.toml:2:"), "{err}");
}

#[test]
fn link_checker_internal_level_warn_lets_the_check_pass() {
    let dir = fixture("zola-config");
    let root = dir.path();
    write_file(
        root,
        "content/blog/broken.md",
        "+++\ntitle = \"Broken\"\n+++\nSee [nowhere](/nowhere/).\n",
    );
    let check = || common::relief(&["check", "--root", root.to_str().unwrap()]);
    let o = check();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("/nowhere/"), "{}", stderr(&o));
    // Into the fixture's own [link_checker] table.
    let config = std::fs::read_to_string(root.join("zola.toml")).unwrap();
    let config = config.replace(
        "[link_checker]\n",
        "[link_checker]\ninternal_level = \"warn\"\n",
    );
    write_file(root, "zola.toml", &config);
    let o = check();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning") && err.contains("/nowhere/"),
        "{err}"
    );
}

#[test]
fn output_dir_is_where_the_site_is_written_without_output() {
    let dir = fixture("zola-config");
    let root = dir.path();
    with_config(root, "output_dir = \"docs\"\n");
    let o = common::relief(&["build", "--root", root.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(root.join("docs/index.html").is_file());
    assert!(!root.join("public").exists());
    // `--output` still wins.
    let o = common::relief(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        "elsewhere",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(root.join("elsewhere/index.html").is_file());
}

#[test]
fn smart_punctuation_is_off_unless_asked_as_in_zola() {
    let text = |out: &Path| texts(&html(&out.join("blog/cafe/index.html")), ".content p").join("");
    let (_dir, out) = build_fixture(|_| {});
    assert_eq!(
        text(&out),
        "\"Sweet\" -- really.Read Zola's site or the blog."
    );
    let (_dir, out) = build_fixture(|root| {
        // Into the fixture's own [markdown] table.
        let config = std::fs::read_to_string(root.join("zola.toml")).unwrap();
        let config = config.replace("[markdown]\n", "[markdown]\nsmart_punctuation = true\n");
        write_file(root, "zola.toml", &config);
    });
    assert_eq!(
        text(&out),
        "\u{201c}Sweet\u{201d} \u{2013} really.Read Zola\u{2019}s site or the blog."
    );
}

#[test]
fn external_links_get_what_markdown_external_links_asks() {
    let links = |out: &Path| {
        let page = html(&out.join("blog/cafe/index.html"));
        select(&page, ".content p a")
            .iter()
            .map(|a| {
                let attr = |n: &str| a.attr(n).unwrap_or("-").to_string();
                [
                    attr("href"),
                    attr("class"),
                    attr("rel"),
                    attr("target"),
                    attr("title"),
                ]
            })
            .collect::<Vec<_>>()
    };
    // Zola's default: rel="external" on links to other sites only.
    let (_dir, out) = build_fixture(|_| {});
    let found = links(&out);
    assert_eq!(
        found[0],
        ["https://www.getzola.org/", "-", "external", "-", "Zola"]
    );
    assert_eq!(found[1][0], "/blog/");
    assert_eq!(found[1][2], "-");
    let (_dir, out) = build_fixture(|root| {
        let config = std::fs::read_to_string(root.join("zola.toml")).unwrap();
        let config = config.replace(
            "[markdown]\n",
            "[markdown]\nexternal_links_class = \"ext\"\nexternal_links_target_blank = true\nexternal_links_no_follow = true\nexternal_links_no_referrer = true\nexternal_links_external = false\n",
        );
        write_file(root, "zola.toml", &config);
    });
    assert_eq!(
        links(&out)[0],
        [
            "https://www.getzola.org/",
            "ext",
            "noopener nofollow noreferrer",
            "_blank",
            "Zola"
        ]
    );
    // relief's default in config.toml: nothing added.
    let (_dir, out) = build_fixture(|root| {
        std::fs::remove_file(root.join("zola.toml")).unwrap();
        write_file(
            root,
            "config.toml",
            "title = \"T\"\nbase_url = \"https://e.org/\"\n",
        );
    });
    assert_eq!(
        links(&out)[0],
        ["https://www.getzola.org/", "-", "-", "-", "Zola"]
    );
}

#[test]
fn exclude_paginated_pages_in_sitemap() {
    let paginated = |root: &Path, extra: &str| {
        let config = std::fs::read_to_string(root.join("zola.toml")).unwrap();
        let config = config.replace("feed = true\n", "feed = true\npaginate_by = 1\n");
        write_file(root, "zola.toml", &format!("{extra}{config}"));
        write_file(
            root,
            "content/blog/summer.md",
            "+++\ntitle = \"Summer\"\ndate = 2026-02-03\n[taxonomies]\ntags = [\"Morning\"]\n+++\nWarm.\n",
        );
    };
    let pager = "https://zola.example.org/tags/morning/page/2/";
    let (_dir, out) = build_fixture(|root| paginated(root, ""));
    assert!(out.join("tags/morning/page/2/index.html").is_file());
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains(pager), "{sitemap}");
    let (_dir, out) =
        build_fixture(|root| paginated(root, "exclude_paginated_pages_in_sitemap = \"all\"\n"));
    assert!(out.join("tags/morning/page/2/index.html").is_file());
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains(pager), "{sitemap}");
    assert!(
        sitemap.contains("https://zola.example.org/tags/morning/<"),
        "{sitemap}"
    );
}

#[test]
fn preserve_dotfiles_in_output_keeps_the_previous_outputs_dotfiles() {
    let dir = fixture("zola-config");
    let out = built(dir.path(), &[]);
    // What a deployment keeps in the output folder between builds, and a stale page.
    write_file(&out, ".git/HEAD", "ref: refs/heads/pages\n");
    write_file(&out, ".nojekyll", "");
    write_file(&out, "stale/index.html", "old");
    // Without the key, the output is the build's alone, as before.
    let out = built(dir.path(), &[]);
    assert!(!out.join(".git").exists());
    assert!(!out.join(".nojekyll").exists());
    assert!(!out.join("stale").exists());
    write_file(&out, ".git/HEAD", "ref: refs/heads/pages\n");
    write_file(&out, ".nojekyll", "");
    write_file(&out, "stale/index.html", "old");
    // A static dotfile of the site wins over the old output's.
    write_file(dir.path(), "static/.nojekyll", "from static/\n");
    with_config(dir.path(), "preserve_dotfiles_in_output = true\n");
    let out = built(dir.path(), &[]);
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    assert_eq!(read(".git/HEAD"), "ref: refs/heads/pages\n");
    assert_eq!(read(".nojekyll"), "from static/\n");
    // Only dotfiles are kept: the rest is the new build's.
    assert!(!out.join("stale").exists());
    assert!(out.join("blog/cafe/index.html").is_file());
    // Kept again on the next build.
    let out = built(dir.path(), &[]);
    assert_eq!(
        std::fs::read_to_string(out.join(".git/HEAD")).unwrap(),
        "ref: refs/heads/pages\n"
    );
}

#[test]
fn taxonomy_root_puts_the_taxonomies_under_a_folder() {
    let (_dir, out) = build_fixture(|root| with_config(root, "taxonomy_root = \"/blog/\"\n"));
    assert!(!out.join("tags").exists());
    let list = html(&out.join("blog/tags/index.html"));
    let terms: Vec<String> = select(&list, ".terms a")
        .iter()
        .map(|a| a.attr("href").unwrap_or_default().to_string())
        .collect();
    assert!(
        terms.contains(&"/blog/tags/morning/".to_string()),
        "{terms:?}"
    );
    let term = html(&out.join("blog/tags/morning/index.html"));
    assert_eq!(texts(&term, ".pages a"), ["Café au lait"]);
    assert!(out.join("blog/tags/morning/atom.xml").is_file());
    // Pages link to their terms there.
    let page = html(&out.join("blog/cafe/index.html"));
    let tags: Vec<String> = select(&page, ".tags a")
        .iter()
        .map(|a| a.attr("href").unwrap_or_default().to_string())
        .collect();
    assert!(
        tags.contains(&"/blog/tags/morning/".to_string()),
        "{tags:?}"
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("https://zola.example.org/blog/tags/morning/"));
}

#[test]
fn taxonomy_root_outside_the_site_is_an_error_at_its_line() {
    let dir = fixture("zola-config");
    with_config(dir.path(), "taxonomy_root = \"../up\"\n");
    let o = common::build(dir.path(), &dir.path().join("public"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("`taxonomy_root` = \"../up\" is not a folder of the site"),
        "{err}"
    );
    assert!(err.contains("--> zola.toml:1:17"), "{err}");
}

/// The fixture with its `tags` taxonomy table's keys replaced by `keys`, and summer.md
/// tagged `Morning` too, so that the term has two pages.
fn with_tags(root: &Path, keys: &str) {
    let config = std::fs::read_to_string(root.join("zola.toml")).unwrap();
    let config = config.replace(
        "name = \"tags\"\nfeed = true\npaginate_path = \"page\"\n",
        &format!("name = \"tags\"\n{keys}"),
    );
    write_file(root, "zola.toml", &config);
    let summer = std::fs::read_to_string(root.join("content/blog/summer.md")).unwrap();
    let summer = summer.replacen(
        "date = 2026-02-03\n+++",
        "date = 2026-02-03\n[taxonomies]\ntags = [\"Morning\"]\n+++",
        1,
    );
    assert!(
        summer.contains("[taxonomies]"),
        "summer.md changed: {summer}"
    );
    write_file(root, "content/blog/summer.md", &summer);
}

#[test]
fn a_taxonomys_paginate_path_names_its_pagers() {
    let (_dir, out) =
        build_fixture(|root| with_tags(root, "paginate_by = 1\npaginate_path = \"p\"\n"));
    assert!(out.join("tags/morning/index.html").is_file());
    assert!(out.join("tags/morning/p/2/index.html").is_file());
    assert!(!out.join("tags/morning/page").exists());
}

#[test]
fn a_taxonomy_with_render_false_has_no_pages() {
    let (_dir, out) = build_fixture(|root| with_tags(root, "render = false\nfeed = true\n"));
    assert!(!out.join("tags").exists());
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/tags/"), "{sitemap}");
    // The pages are still written, and still carry their terms.
    let page = html(&out.join("blog/cafe/index.html"));
    assert_eq!(texts(&page, ".tags a").len(), 2);
}

/// The text of the child elements named `name` (in no namespace: not `atom:link`) of `node`.
fn child_texts(node: roxmltree::Node<'_, '_>, name: &str) -> Vec<String> {
    node.children()
        .filter(|c| c.is_element() && c.tag_name() == roxmltree::ExpandedName::from(name))
        .map(|c| c.text().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn rss_xml_is_an_rss_2_feed_beside_atom_xml() {
    let (_dir, out) = build_fixture(|root| {
        with_config(
            root,
            "generate_feeds = true\nfeed_filenames = [\"atom.xml\", \"rss.xml\"]\n",
        )
    });
    assert!(out.join("atom.xml").is_file());
    let text = std::fs::read_to_string(out.join("rss.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let rss = doc.root_element();
    assert_eq!(
        (rss.tag_name().name(), rss.attribute("version")),
        ("rss", Some("2.0"))
    );
    let channel = rss.children().find(|c| c.has_tag_name("channel")).unwrap();
    assert_eq!(child_texts(channel, "title"), ["Zola config fixture"]);
    assert_eq!(child_texts(channel, "link"), ["https://zola.example.org/"]);
    assert_eq!(child_texts(channel, "language"), ["fr"]);
    // The newest page's day, as Zola's feed writes a date.
    assert_eq!(
        child_texts(channel, "lastBuildDate"),
        ["Tue, 03 Feb 2026 00:00:00 +0000"]
    );
    let self_link = channel
        .children()
        .find(|c| c.has_tag_name(("http://www.w3.org/2005/Atom", "link")))
        .unwrap();
    assert_eq!(
        self_link.attribute("href"),
        Some("https://zola.example.org/rss.xml")
    );
    let items: Vec<_> = channel
        .children()
        .filter(|c| c.has_tag_name("item"))
        .collect();
    let titles: Vec<String> = items
        .iter()
        .flat_map(|i| child_texts(*i, "title"))
        .collect();
    assert_eq!(titles, ["Summer", "Café au lait"]);
    let cafe = items[1];
    assert_eq!(
        child_texts(cafe, "pubDate"),
        ["Fri, 02 Jan 2026 00:00:00 +0000"]
    );
    // No authors on the page: the site's author.
    assert_eq!(child_texts(cafe, "author"), ["Ada"]);
    assert_eq!(
        child_texts(cafe, "link"),
        ["https://zola.example.org/blog/cafe/"]
    );
    assert_eq!(child_texts(cafe, "guid"), child_texts(cafe, "link"));
    // The page's HTML, escaped once: it reads back as HTML.
    let description = child_texts(cafe, "description").remove(0);
    assert!(description.contains("<h2"), "{description}");
}

#[test]
fn term_and_section_feeds_follow_feed_filenames() {
    let (_dir, out) = build_fixture(|root| {
        with_config(root, "feed_filenames = [\"rss.xml\"]\n");
        let blog = std::fs::read_to_string(root.join("content/blog/_index.md")).unwrap();
        write_file(
            root,
            "content/blog/_index.md",
            &blog.replacen(
                "title = \"Blog\"",
                "title = \"Blog\"\ngenerate_feeds = true",
                1,
            ),
        );
    });
    assert!(out.join("tags/morning/rss.xml").is_file());
    assert!(!out.join("tags/morning/atom.xml").exists());
    let text = std::fs::read_to_string(out.join("blog/rss.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let channel = doc.root_element().first_element_child().unwrap();
    // The site's title and the section's, and the section's page.
    assert_eq!(
        child_texts(channel, "title"),
        ["Zola config fixture - Blog"]
    );
    assert_eq!(
        child_texts(channel, "link"),
        ["https://zola.example.org/blog/"]
    );
}

/// Zola has no taxonomy unless `taxonomies` lists it, and builds a page naming an unlisted one
/// without its terms: relief warns at the key. A relief site's default is `tags`.
#[test]
fn no_taxonomies_by_default_and_an_unlisted_one_is_left_out() {
    let dir = fixture("zola-config");
    let root = dir.path();
    let config = std::fs::read_to_string(root.join("zola.toml")).unwrap();
    let config = config.replace(
        "[[taxonomies]]\nname = \"tags\"\nfeed = true\npaginate_path = \"page\"\n",
        "",
    );
    write_file(root, "zola.toml", &config);
    let o = common::build(root, &root.join("public"), &[]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("warning[unknown-taxonomy]: unknown taxonomy `tags`: its terms are left out"),
        "{err}"
    );
    assert!(err.contains("--> content/blog/cafe.md:6:1"), "{err}");
    assert!(!root.join("public/tags").exists());
}

/// `minify_html = true`: every page is minified (no white space between tags, attribute
/// quotes dropped where HTML allows it) and still holds the same elements, text and links.
#[test]
fn minify_html_minifies_every_page_and_keeps_what_it_says() {
    let (_plain_dir, plain) = build_fixture(|_| {});
    let (_min_dir, minified) = build_fixture(|root| {
        let config = std::fs::read_to_string(root.join("zola.toml")).unwrap();
        let config = config.replace("minify_html = false\n", "minify_html = true\n");
        write_file(root, "zola.toml", &config);
    });
    let file = "blog/cafe/index.html";
    let before = std::fs::read_to_string(plain.join(file)).unwrap();
    let after = std::fs::read_to_string(minified.join(file)).unwrap();
    assert!(
        before.contains(">\n<"),
        "the plain page is not minified:\n{before}"
    );
    assert!(after.len() < before.len(), "{after}");
    assert!(
        !after.contains(">\n<"),
        "white space between tags is left:\n{after}"
    );
    let (a, b) = (html(&plain.join(file)), html(&minified.join(file)));
    for selector in ["title", ".author", ".motto", "h1", "p"] {
        assert_eq!(texts(&a, selector), texts(&b, selector), "{selector}");
    }
    let links = |doc: &scraper::Html| -> Vec<String> {
        select(doc, "a[href]")
            .iter()
            .map(|a| a.attr("href").unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(links(&a), links(&b));
}
