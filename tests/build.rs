//! `relief build` on small fixture sites: what it writes, and how it fails.

mod common;
use common::*;

#[test]
fn builds_the_fixture_site() {
    let site = fixture("basic");
    let out = site.path().join("public");
    let o = build(site.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = stdout(&o);
    assert!(
        summary.starts_with("Built 4 pages, 2 sections, 2 tags, 1 static files in "),
        "one summary line: {summary}"
    );
    assert_eq!(summary.lines().count(), 1);

    // Pretty URLs, slugs, Unicode-safe names, drafts left out.
    for file in [
        "index.html",
        "blog/index.html",
        "blog/a/index.html",
        "blog/b/index.html",
        "who-we-are/index.html",
        "睡眠/index.html",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    assert!(!out.join("blog/draft").exists());
    assert!(!out.join("about").exists(), "slug replaces the file name");

    // The home page: summary before <!-- more -->, content after, subsections.
    let home = html(&out.join("index.html"));
    assert_eq!(texts(&home, "h1"), ["Welcome"]);
    assert!(texts(&home, ".intro")[0].contains("An introduction"));
    assert_eq!(texts(&home, ".closing"), ["Closing thoughts."]);
    assert_eq!(texts(&home, ".subsections li"), ["Blog (2)"]);
    let home_links: Vec<&str> = select(&home, ".pages a")
        .iter()
        .map(|a| a.attr("href").unwrap())
        .collect();
    assert!(
        home_links.contains(&"/%E7%9D%A1%E7%9C%A0/"),
        "non-ASCII URLs are percent-encoded: {home_links:?}"
    );
    assert_eq!(select(&home, ".intro a")[0].attr("href"), Some("/blog/a/"));

    // Sorting by weight, reading time.
    let blog = html(&out.join("blog/index.html"));
    assert_eq!(texts(&blog, ".pages a"), ["Post A", "Post B"]);

    // A page: breadcrumbs, evidence, summary, toc, citations, references, tags, prev/next.
    let a = html(&out.join("blog/a/index.html"));
    assert_eq!(texts(&a, "title"), ["Post A | Fixture site"]);
    assert_eq!(texts(&a, ".crumbs a"), ["Welcome", "Blog"]);
    assert_eq!(texts(&a, ".evidence"), ["Some evidence"]);
    assert_eq!(texts(&a, ".summary li"), ["Key point one"]);
    assert_eq!(texts(&a, ".toc > ul > li > a"), ["What the evidence says"]);
    assert_eq!(texts(&a, ".toc ul ul a"), ["Details"]);
    let h2 = &select(&a, ".content h2")[0];
    assert_eq!(h2.attr("id"), Some("what-the-evidence-says"));
    // No `[markdown] insert_anchor_links`: no anchor links, as in Zola.
    assert!(select(&a, ".content h2 a").is_empty());
    let cite = &select(&a, "sup.citation a")[0];
    assert_eq!(
        (cite.attr("href"), cite.attr("id")),
        (Some("#ref-smith2020"), Some("cite-smith2020-1"))
    );
    assert_eq!(
        select(&a, ".references li")[0].attr("id"),
        Some("ref-smith2020")
    );
    assert_eq!(
        select(&a, ".references a")[0].attr("href"),
        Some("https://doi.org/10.1000/xyz")
    );
    assert_eq!(
        select(&a, ".content a[href='/blog/b/#tips']").len(),
        1,
        "@/ link resolved with anchor"
    );
    assert_eq!(texts(&a, ".tags a"), ["Pain", "sleep"]);
    assert_eq!(select(&a, "a[rel=next]")[0].attr("href"), Some("/blog/b/"));
    assert!(select(&a, "a[rel=prev]").is_empty());
    assert_eq!(texts(&a, ".related li"), ["Post B"]);
    assert_eq!(texts(&a, ".meta"), ["Reviewed 10 January 2026"]);
    assert_eq!(texts(&a, "footer"), ["Small & tidy"]);
    let json = texts(&a, "script[type='application/ld+json']");
    assert_eq!(
        json,
        [r#"{"name":"Post A","url":"https://example.org/blog/a/"}"#]
    );

    // Taxonomies: terms merge by slug ("Pain" and "pain").
    let tags = html(&out.join("tags/index.html"));
    assert_eq!(texts(&tags, ".terms li"), ["Pain 2", "sleep 1"]);
    let pain = html(&out.join("tags/pain/index.html"));
    assert_eq!(texts(&pain, ".pages a"), ["Post A", "Post B"]);

    // Static files copied and fingerprinted in links.
    assert!(out.join("style.css").is_file());
    let css_href = select(&a, "link[rel=stylesheet]")[0]
        .attr("href")
        .unwrap()
        .to_string();
    assert!(
        css_href.starts_with("/style.css?h=") && css_href.len() == "/style.css?h=".len() + 10,
        "{css_href}"
    );

    // Sitemap with lastmod, robots pointing at it, Atom feed, 404, alias redirect.
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains(
            "<url><loc>https://example.org/blog/a/</loc><lastmod>2026-01-10</lastmod></url>"
        ),
        "{sitemap}"
    );
    assert!(sitemap.contains("<loc>https://example.org/tags/pain/</loc>"));
    assert!(!sitemap.contains("draft"));
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.org/sitemap.xml"));
    let feed = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    assert!(
        feed.find("Post B").unwrap() < feed.find("Post A").unwrap(),
        "newest first"
    );
    // Each entry carries its page's HTML, escaped (the page value holds the only copy).
    assert!(
        feed.contains(
            "Back to &lt;a href=&quot;/blog/a/#what-the-evidence-says&quot;&gt;A&lt;/a&gt;"
        ),
        "{feed}"
    );
    assert_eq!(
        texts(&html(&out.join("404.html")), "h1"),
        ["Page not found"]
    );
    let alias = html(&out.join("old-a/index.html"));
    assert_eq!(
        select(&alias, "link[rel=canonical]")[0].attr("href"),
        Some("https://example.org/blog/a/")
    );
    assert_eq!(
        select(&alias, "meta[http-equiv=refresh]")[0].attr("content"),
        Some("0; url=https://example.org/blog/a/")
    );
}

#[test]
fn drafts_flag_and_base_url_with_sub_path() {
    let site = fixture("basic");
    let out = site.path().join("out");
    let o = build(
        site.path(),
        &out,
        &["--drafts", "--base-url", "https://example.org/massage"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("blog/draft/index.html").is_file());
    let a = html(&out.join("blog/a/index.html"));
    assert_eq!(select(&a, "nav a")[0].attr("href"), Some("/massage/"));
    assert_eq!(
        select(&a, ".content a[href='/massage/blog/b/#tips']").len(),
        1
    );
    assert!(select(&a, "link[rel=stylesheet]")[0]
        .attr("href")
        .unwrap()
        .starts_with("/massage/style.css?h="));
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/massage/blog/a/</loc>"));
}

/// A PNG of `width` × `height`, all one colour.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(width, height, image::Rgb([120, 160, 200]))
        .write_to(&mut bytes, image::ImageFormat::Png)
        .unwrap();
    bytes.into_inner()
}

#[test]
fn markdown_images_carry_their_size_under_a_sub_path_and_in_relative_mode() {
    let site = fixture("basic");
    std::fs::create_dir_all(site.path().join("content/knee")).unwrap();
    std::fs::write(site.path().join("content/knee/swelling.png"), png(800, 600)).unwrap();
    std::fs::create_dir_all(site.path().join("static/img")).unwrap();
    std::fs::write(site.path().join("static/img/chart.png"), png(300, 900)).unwrap();
    write(
        site.path(),
        "content/knee/index.md",
        "+++\ntitle = \"Knee\"\n+++\n![A swollen knee](swelling.png)\n\n![A chart](/massage/img/chart.png)\n",
    );
    for extra in [&[][..], &["--relative"][..]] {
        let out = tempfile::tempdir().unwrap();
        let mut args = vec!["--base-url", "https://example.org/massage/"];
        args.extend_from_slice(extra);
        let o = build(site.path(), out.path(), &args);
        assert!(o.status.success(), "{}", stderr(&o));
        let page = out.path().join("knee/index.html");
        let doc = html(&page);
        let imgs = select(&doc, ".content img");
        let sizes: Vec<(Option<&str>, Option<&str>, Option<&str>)> = imgs
            .iter()
            .map(|i| {
                let a = |n| i.value().attr(n);
                (a("width"), a("height"), a("loading"))
            })
            .collect();
        assert_eq!(
            sizes,
            [
                (Some("800"), Some("600"), None),
                (Some("300"), Some("900"), Some("lazy"))
            ],
            "{extra:?}"
        );
        // Each src, and each resized copy the 800 px one got, leads to its file.
        let mut urls: Vec<&str> = imgs
            .iter()
            .map(|i| i.value().attr("src").unwrap())
            .collect();
        for set in select(&doc, ".content [srcset]") {
            let srcset = set.value().attr("srcset").unwrap();
            urls.extend(srcset.split(", ").map(|c| c.split(' ').next().unwrap()));
        }
        assert!(urls.len() > 4, "{urls:?}");
        for src in urls {
            let file = match src.strip_prefix("/massage/") {
                Some(rooted) => out.path().join(rooted),
                None => page.parent().unwrap().join(src),
            };
            assert!(file.is_file(), "{src} ({extra:?})");
        }
    }
}

#[test]
fn an_image_hook_template_writes_each_markdown_image() {
    let site = fixture("basic");
    std::fs::create_dir_all(site.path().join("content/knee")).unwrap();
    std::fs::write(site.path().join("content/knee/swelling.png"), png(800, 600)).unwrap();
    std::fs::create_dir_all(site.path().join("templates/markdown")).unwrap();
    write(
        site.path(),
        "templates/markdown/image.html",
        "{% if image.standalone %}<figure><img src=\"{{ image.src }}\" alt=\"{{ image.alt }}\" width=\"{{ image.width }}\" height=\"{{ image.height }}\">{% if image.title %}<figcaption>{{ image.title }}</figcaption>{% endif %}</figure>{% else %}<img class=\"inline\" src=\"{{ image.src }}\" alt=\"{{ image.alt }}\"{% if image.lazy %} loading=\"lazy\"{% endif %}>{% endif %}",
    );
    write(
        site.path(),
        "content/knee/index.md",
        "+++\ntitle = \"Knee\"\n+++\n![A swollen knee](swelling.png \"Swelling after a fall\")\n\nText with ![an icon](swelling.png) inside.\n",
    );
    let out = site.path().join("public");
    let o = build(site.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = html(&out.join("knee/index.html"));
    // The lone image took its paragraph's place; the inline one stayed in its paragraph.
    let figures = select(&page, ".content > figure");
    assert_eq!(figures.len(), 1, "{}", page.html());
    assert_eq!(texts(&page, "figure figcaption"), ["Swelling after a fall"]);
    let img = select(&page, "figure img")[0].value().clone();
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("800"), Some("600"))
    );
    assert!(select(&page, "p figure").is_empty());
    let inline = select(&page, "p img.inline");
    assert_eq!(inline.len(), 1);
    assert_eq!(inline[0].value().attr("loading"), Some("lazy"));

    // A mistake in the hook fails the build at the hook's line.
    write(
        site.path(),
        "templates/markdown/image.html",
        "<img src=\"{{ image.src }}\">\n{{ image.nothing.here }}",
    );
    let o = build(site.path(), &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--> templates/markdown/image.html:2"),
        "{}",
        stderr(&o)
    );
}

/// Build `site` under https://example.org/massage/ and parse its knee/ page.
fn knee_page_under_a_sub_path(site: &std::path::Path) -> scraper::Html {
    let out = site.join("public");
    let o = build(site, &out, &["--base-url", "https://example.org/massage/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    html(&out.join("knee/index.html"))
}

#[test]
fn shortcodes_are_written_by_their_templates() {
    let site = fixture("basic");
    for dir in ["data", "templates/shortcodes", "content/knee"] {
        std::fs::create_dir_all(site.path().join(dir)).unwrap();
    }
    write(site.path(), "data/clinic.toml", "phone = \"0800 123\"\n");
    write(
        site.path(),
        "templates/shortcodes/video.html",
        "<figure class=\"video\"><iframe src=\"https://www.youtube-nocookie.com/embed/{{ id }}\" title=\"{{ title }}\"></iframe><figcaption>Video {{ nth }}: {{ title }}{% if start %} (from {{ start }} s){% endif %}</figcaption></figure>\n",
    );
    write(
        site.path(),
        "templates/shortcodes/phone.html",
        "{% set clinic = load_data(path=\"data/clinic.toml\") %}<a href=\"tel:{{ clinic.phone | replace(from=' ', to='') }}\" title=\"{{ config.title }}\">{{ clinic.phone }}</a>\n",
    );
    write(
        site.path(),
        "templates/shortcodes/page_link.html",
        "<a class=\"page-link\" href=\"{{ get_url(path='@/' ~ to) }}\">{{ text | markdown(inline=true) }}</a> <img src=\"{{ get_url(path='favicon.svg', cachebust=false) }}\" alt=\"\">\n",
    );
    write(
        site.path(),
        "templates/shortcodes/see_a_doctor.html",
        "<aside class=\"see-doctor\" aria-label=\"{{ label }}\">\n<h2 class=\"see-doctor-title\">{{ label }}</h2>\n{{ body }}\n</aside>\n",
    );
    write(
        site.path(),
        "content/knee/index.md",
        "+++\ntitle = \"Knee\"\n+++\nCall us on {{ phone() }} today.\n\n\
         {{ video(id=\"a1\", title=\"Knee <stretches> & you\", start=0) }}\n\
         {{ video(id=\"b2\", title=\"Second\", start=30) }}\n\n\
         {% see_a_doctor(label=\"When to see a doctor\") %}\n\
         - the knee is **hot** and swollen\n\
         - you cannot put weight on it\n\
         {% end %}\n\n\
         Write `{{ video(id=\"x\") }}` to show a video.\n\n\
         Read {{ page_link(to=\"blog/a.md\", text=\"the *first* post\") }} next.\n",
    );
    let page = knee_page_under_a_sub_path(site.path());
    // Inline: inside its paragraph; a data file read by the shortcode's template.
    assert_eq!(
        texts(
            &page,
            ".content > p > a[href=\"tel:0800123\"][title=\"Fixture site\"]"
        ),
        ["0800 123"]
    );
    // Lines of their own: blocks, numbered by nth, arguments escaped as template values.
    let captions = texts(&page, ".content > figure.video > figcaption");
    assert_eq!(
        captions,
        [
            "Video 1: Knee <stretches> & you",
            "Video 2: Second (from 30 s)"
        ]
    );
    assert!(select(&page, "p figure").is_empty());
    // The body is Markdown inside the template's HTML.
    assert_eq!(texts(&page, "aside.see-doctor > ul > li > strong"), ["hot"]);
    assert_eq!(select(&page, "aside.see-doctor > ul > li").len(), 2);
    // Code shows the call as written.
    assert_eq!(texts(&page, ".content code"), ["{{ video(id=\"x\") }}"]);
    // URL functions and the markdown filter work in shortcodes, under the base path.
    let link = select(&page, "p > a.page-link");
    assert_eq!(link.len(), 1, "{}", page.html());
    assert_eq!(link[0].value().attr("href"), Some("/massage/blog/a/"));
    assert_eq!(texts(&page, "a.page-link > em"), ["first"]);
    let icon = select(&page, "p > a.page-link + img")[0]
        .value()
        .attr("src");
    assert_eq!(icon, Some("/massage/favicon.svg"));
}

#[test]
fn link_and_heading_hook_templates_write_markdown_links_and_headings() {
    let site = fixture("basic");
    for dir in ["templates/markdown", "content/knee"] {
        std::fs::create_dir_all(site.path().join(dir)).unwrap();
    }
    write(
        site.path(),
        "templates/markdown/link.html",
        "<a href=\"{{ link.url }}\"{% if link.title %} title=\"{{ link.title }}\"{% endif %}{% if link.external %} rel=\"external noopener\" class=\"external\"{% endif %}>{{ link.content }}</a>",
    );
    write(
        site.path(),
        "templates/markdown/heading.html",
        "<h{{ heading.level }} id=\"{{ heading.id }}\"><a class=\"heading-link\" href=\"#{{ heading.id }}\">{{ heading.content }}</a></h{{ heading.level }}>",
    );
    write(
        site.path(),
        "content/knee/index.md",
        "+++\ntitle = \"Knee\"\n+++\n## Ice <em>or</em> heat?\n\nSee the [NHS *advice*](https://www.nhs.uk/ \"NHS\") and [about us](@/about.md), or [the top](#ice-or-heat).\n",
    );
    let page = knee_page_under_a_sub_path(site.path());
    let heading = select(&page, ".content > h2#ice-or-heat > a.heading-link");
    assert_eq!(heading.len(), 1, "{}", page.html());
    assert_eq!(texts(&page, "h2#ice-or-heat em"), ["or"]);
    let external = select(&page, ".content a.external");
    assert_eq!(external.len(), 1);
    assert_eq!(external[0].value().attr("rel"), Some("external noopener"));
    assert_eq!(external[0].value().attr("title"), Some("NHS"));
    assert_eq!(texts(&page, "a.external > em"), ["advice"]);
    // Internal links come resolved under the base path, without the external marks.
    let hrefs: Vec<&str> = select(&page, ".content p > a:not(.external)")
        .iter()
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(hrefs, ["/massage/who-we-are/", "#ice-or-heat"]);
    // The heading's id is still checked as a link target by relief check.
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_relief"))
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

/// The fixture with a page whose template shows a CSV table and a TOML value via load_data.
fn site_with_data() -> tempfile::TempDir {
    let site = fixture("basic");
    std::fs::create_dir_all(site.path().join("data")).unwrap();
    write(
        site.path(),
        "data/trials.csv",
        "study,year,people\n\"Perlman, et al.\",2006,68\nField,2005,30\n",
    );
    write(
        site.path(),
        "data/site.toml",
        "[contact]\nphone = \"0800 123\"\n",
    );
    write(
        site.path(),
        "templates/studies.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{%- set trials = load_data(path=\"data/trials.csv\") %}\n<table>{% for r in trials.records %}<tr>{% for c in r %}<td>{{ c }}</td>{% endfor %}</tr>{% endfor %}</table>\n{%- set site = load_data(path=\"data/site.toml\") %}<p class=\"phone\">{{ site.contact.phone }}</p>\n{% endblock %}\n",
    );
    write(
        site.path(),
        "content/studies.md",
        "+++\ntitle = \"Studies\"\ntemplate = \"studies.html\"\n+++\nThe trials.\n",
    );
    site
}

#[test]
fn templates_read_csv_and_toml_data_files() {
    let site = site_with_data();
    let out = site.path().join("public");
    let o = build(site.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = html(&out.join("studies/index.html"));
    let rows: Vec<Vec<String>> = select(&page, "table tr")
        .iter()
        .map(|tr| {
            tr.select(&scraper::Selector::parse("td").unwrap())
                .map(|td| td.text().collect())
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        [["Perlman, et al.", "2006", "68"], ["Field", "2005", "30"]]
    );
    assert_eq!(texts(&page, ".phone"), ["0800 123"]);
}

#[test]
fn a_broken_data_file_fails_with_its_own_line_and_the_template_line() {
    let site = site_with_data();
    let out = site.path().join("public");
    assert!(build(site.path(), &out, &[]).status.success());
    let before = snapshot(&out);
    write(site.path(), "data/site.toml", "[contact]\nphone = = 1\n");
    let o = build(site.path(), &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("data/site.toml:2:"), "{err}");
    assert!(err.contains("templates/studies.html:5"), "{err}");
    assert_eq!(snapshot(&out), before, "the previous output is untouched");

    write(site.path(), "data/site.toml", "[contact]\nphone = \"1\"\n");
    std::fs::remove_file(site.path().join("data/trials.csv")).unwrap();
    let o = build(site.path(), &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("there is no data file `data/trials.csv`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn timings_flag_lists_every_step_once() {
    let site = fixture("basic");
    let out = site.path().join("out");
    let quiet = build(site.path(), &out, &[]);
    assert!(quiet.status.success(), "{}", stderr(&quiet));
    assert!(!stderr(&quiet).contains(" ms"), "{}", stderr(&quiet));
    let o = build(site.path(), &out, &["--timings"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let steps: Vec<&str> = err
        .lines()
        .filter_map(|l| {
            l.split_once(" ms")?
                .0
                .rsplit_once(' ')
                .map(|(name, _)| name.trim())
        })
        .collect();
    for step in [
        "templates",
        "read content",
        "markdown",
        "template values",
        "render pages",
        "replace output",
    ] {
        assert_eq!(
            steps.iter().filter(|s| **s == step).count(),
            1,
            "{step} in {err}"
        );
    }
    assert!(err.contains("MiB peak so far"), "{err}");
}

#[test]
fn a_successful_build_replaces_the_old_output_completely() {
    let site = fixture("basic");
    let out = site.path().join("public");
    std::fs::create_dir_all(out.join("stale")).unwrap();
    std::fs::write(out.join("stale/index.html"), "old").unwrap();
    assert!(build(site.path(), &out, &[]).status.success());
    assert!(!out.join("stale").exists());
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert!(
        !leftovers
            .iter()
            .any(|n| n.to_string_lossy().contains("relief-tmp")),
        "{leftovers:?}"
    );
}

/// Break a copy of the fixture with `edit`, build, and check the failure: exit code 1, every
/// expected `file:line` in the message, no panic, and the previous output byte for byte.
fn assert_fails(edit: impl FnOnce(&std::path::Path), expected: &[&str]) -> String {
    let site = fixture("basic");
    let out = site.path().join("public");
    assert!(build(site.path(), &out, &[]).status.success());
    let before = snapshot(&out);
    edit(site.path());
    let o = build(site.path(), &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for needle in expected {
        assert!(err.contains(needle), "expected `{needle}` in:\n{err}");
    }
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    assert!(err.contains("the previous output is unchanged"), "{err}");
    assert_eq!(
        snapshot(&out),
        before,
        "a failed build must leave the output untouched"
    );
    err
}

fn write(root: &std::path::Path, rel: &str, text: &str) {
    std::fs::write(root.join(rel), text).unwrap();
}

fn replace(root: &std::path::Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} not in {rel}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn malformed_reference_identifiers_fail_at_their_own_line() {
    // content/blog/a.md: the reference's doi is line 18; a second reference follows it.
    let second = "doi = \"10.1000/xyz\"\n\n[[references]]\nid = \"jones2021\"\ntitle = \"Another\"\npmid = \"https://pubmed.ncbi.nlm.nih.gov/2954166/\"\nurl = \"www.example.org/a\"";
    let err = assert_fails(
        |r| {
            replace(r, "content/blog/a.md", "doi = \"10.1000/xyz\"", second);
            replace(
                r,
                "content/blog/a.md",
                "doi = \"10.1000/xyz\"",
                "doi = \"https://doi.org/10.1000/xyz\"",
            );
        },
        &[
            "`doi` holds a link, not a DOI",
            "--> content/blog/a.md:18\n",
            "doi = \"10.1000/xyz\"; relief makes the https://doi.org/ link",
            "reference `jones2021`: `pmid`",
            "--> content/blog/a.md:23\n",
            "pmid = 2954166;",
            "`url` = `www.example.org/a` is not a web address",
            "--> content/blog/a.md:24\n",
        ],
    );
    // The page exists: links to it are not called broken because it failed to load.
    assert!(!err.contains("does not exist"), "{err}");
    assert!(err.contains("build failed with 3 errors"), "{err}");
}

#[test]
fn bad_toml_fails_with_its_line() {
    assert_fails(
        |r| replace(r, "content/blog/b.md", "weight = 2", "weight = = 2"),
        &["--> content/blog/b.md:4:"],
    );
}

#[test]
fn wrong_type_fails_with_its_line() {
    assert_fails(
        |r| replace(r, "content/blog/b.md", "weight = 2", "weight = \"high\""),
        &["--> content/blog/b.md:4:10"],
    );
}

#[test]
fn unknown_front_matter_key_is_named_with_a_suggestion() {
    assert_fails(
        |r| replace(r, "content/blog/b.md", "weight = 2", "wieght = 2"),
        &[
            "error: unknown key `wieght`",
            "--> content/blog/b.md:4:1",
            "help: did you mean `weight`?",
        ],
    );
}

#[test]
fn unknown_config_key_is_named_with_a_suggestion() {
    assert_fails(
        |r| replace(r, "config.toml", "author =", "autor ="),
        &[
            "error: unknown key `autor`",
            "--> config.toml:5:1",
            "did you mean `author`?",
        ],
    );
}

#[test]
fn unknown_template_fails() {
    assert_fails(
        |r| {
            replace(
                r,
                "content/blog/b.md",
                "weight = 2",
                "weight = 2\ntemplate = \"nope.html\"",
            )
        },
        &["template `nope.html` does not exist", "content/blog/b.md"],
    );
}

#[test]
fn template_syntax_error_points_into_the_template() {
    assert_fails(
        |r| {
            replace(
                r,
                "templates/page.html",
                "{{ page.title }}</h1>",
                "{{ page.title </h1>",
            )
        },
        &["--> templates/page.html:5:"],
    );
}

#[test]
fn template_runtime_error_names_template_line_and_page() {
    assert_fails(
        |r| {
            replace(
                r,
                "templates/section.html",
                "{{ section.title }}",
                "{{ section.nope }}",
            )
        },
        &[
            "--> templates/section.html:2:",
            "while rendering content/blog/_index.md",
        ],
    );
}

#[test]
fn unknown_filter_fails_at_load() {
    assert_fails(
        |r| {
            replace(
                r,
                "templates/404.html",
                "Page not found",
                "{{ 1 | frobnicate }}",
            )
        },
        &["Unknown filter `frobnicate`", "--> templates/404.html:2:"],
    );
}

#[test]
fn broken_internal_link_fails_with_file_line() {
    assert_fails(
        |r| {
            replace(
                r,
                "content/blog/b.md",
                "[A](@/blog/a.md",
                "[A](@/blog/zz.md",
            )
        },
        &[
            "link to a page that does not exist: `@/blog/zz.md`",
            "--> content/blog/b.md:11:9",
        ],
    );
}

#[test]
fn broken_anchor_fails_with_file_line_and_suggestion() {
    assert_fails(
        |r| {
            replace(
                r,
                "content/blog/b.md",
                "#what-the-evidence-says",
                "#what-the-evidence-said",
            )
        },
        &[
            "`#what-the-evidence-said` does not exist in content/blog/a.md",
            "--> content/blog/b.md:11:9",
            // The snippet is read back from the file when the error is reported.
            "11 | Back to [A](@/blog/a.md#what-the-evidence-said).",
            "did you mean `#what-the-evidence-says`?",
        ],
    );
}

#[test]
fn duplicate_url_names_both_files() {
    assert_fails(
        |r| {
            write(
                r,
                "content/blog/a2.md",
                "+++\ntitle = \"Dup\"\nslug = \"a\"\n+++\n",
            )
        },
        &["/blog/a/", "content/blog/a.md", "content/blog/a2.md"],
    );
}

#[test]
fn non_utf8_file_fails() {
    assert_fails(
        |r| {
            std::fs::write(
                r.join("content/bad.md"),
                b"+++\ntitle = \"x\"\n+++\n\xff\xfe",
            )
            .unwrap()
        },
        &["not valid UTF-8", "--> content/bad.md:4"],
    );
}

#[test]
fn unreadable_file_fails() {
    assert_fails(
        |r| {
            std::os::unix::fs::symlink(
                r.join("content/missing-target.md"),
                r.join("content/dangling.md"),
            )
            .unwrap()
        },
        &["content/dangling.md", "could not read"],
    );
}

#[test]
fn all_errors_of_a_build_are_reported_once_each() {
    let site = fixture("basic");
    let out = site.path().join("public");
    replace(site.path(), "content/blog/b.md", "weight = 2", "wieght = 2");
    replace(
        site.path(),
        "content/blog/a.md",
        "[B's tips](@/blog/b.md#tips)",
        "[x](@/nowhere.md)",
    );
    replace(
        site.path(),
        "templates/section.html",
        "{{ section.title }}",
        "{{ section.title | nope }}",
    );
    let o = build(site.path(), &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        err.matches("error: unknown key `wieght`").count(),
        1,
        "{err}"
    );
    assert_eq!(err.matches("`@/nowhere.md`").count(), 1, "{err}");
    assert_eq!(err.matches("Unknown filter `nope`").count(), 1, "{err}");
    assert!(err.contains("build failed with 3 errors"), "{err}");
    assert!(!out.exists(), "nothing is written when the build fails");
}

#[test]
fn refuses_output_directories_that_overlap_the_sources() {
    let site = fixture("basic");
    for bad in [".", "content", "content/x", "templates", "static"] {
        let o = build(site.path(), &site.path().join(bad), &[]);
        assert_eq!(o.status.code(), Some(1), "{bad}");
        assert!(
            stderr(&o).contains("refusing to use"),
            "{bad}: {}",
            stderr(&o)
        );
    }
    assert!(site.path().join("content/_index.md").exists());
}

/// `[evidence.levels]` is a scale: templates get it in the order config.toml lists it (not
/// sorted), and each page's rating knows its place in it, so a site can draw the scale.
#[test]
fn evidence_levels_reach_templates_in_the_order_written() {
    let site = fixture("basic");
    let config = std::fs::read_to_string(site.path().join("config.toml")).unwrap();
    let config = config.replace(
        "some = \"Some evidence\"\n",
        "strong = \"Strong\"\nsome = \"Some evidence\"\nlimited = \"Limited\"\n",
    );
    write_file(site.path(), "config.toml", &config);
    let b = std::fs::read_to_string(site.path().join("content/blog/b.md")).unwrap();
    write_file(
        site.path(),
        "content/blog/b.md",
        &b.replace("weight = 2\n", "weight = 2\nevidence = \"limited\"\n"),
    );
    write_file(
        site.path(),
        "templates/section.html",
        "{% extends \"base.html\" %}\n{% block main %}<h1>{{ section.title }}</h1>\n\
         <ol class=\"scale\">{% for l in config.evidence.levels %}<li data-key=\"{{ l.key }}\">{{ l.label }}</li>{% endfor %}</ol>\n\
         <ul class=\"rated\">{% for p in section.pages %}<li>{{ p.title }}: {{ p.evidence.position | default(value='none') }} of {{ config.evidence.levels | length }}</li>{% endfor %}</ul>{% endblock %}",
    );
    let out = built(site.path(), &[]);
    let blog = html(&out.join("blog/index.html"));
    assert_eq!(
        texts(&blog, ".scale li"),
        ["Strong", "Some evidence", "Limited"]
    );
    let keys: Vec<&str> = select(&blog, ".scale li")
        .iter()
        .map(|li| li.attr("data-key").unwrap())
        .collect();
    assert_eq!(keys, ["strong", "some", "limited"]);
    assert_eq!(
        texts(&blog, ".rated li"),
        ["Post A: 2 of 3", "Post B: 3 of 3"]
    );
}

/// `minify_css = true`: the stylesheets of static/ are published minified (comments and white
/// space gone, the rules kept), whatever their folder, and nothing else of static/ changes;
/// the file in static/ keeps its comments, and pages link it with the source's hash.
#[test]
fn minify_css_publishes_static_stylesheets_minified() {
    let site = fixture("basic");
    let root = site.path();
    let css =
        "/* The site's colours. */\nbody {\n  color: #ffffff;\n  margin: 0px 0px 0px 0px;\n}\n\n\
        @media (max-width: 40em) {\n  body { font-size: 90%; }\n}\n";
    write_file(root, "static/style.css", css);
    write_file(
        root,
        "static/css/print.css",
        "/* Print. */\n@media print { a::after { content: \" (\" attr(href) \")\"; } }\n",
    );
    write_file(root, "static/notes.txt", "  /* not a stylesheet */  \n");
    let plain = root.join("plain");
    let o = build(root, &plain, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(plain.join("style.css")).unwrap(),
        css
    );

    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    let config = config.replace(
        "taxonomies = [\"tags\"]\n",
        "taxonomies = [\"tags\"]\nminify_css = true\n",
    );
    write_file(root, "config.toml", &config);
    let out = root.join("public");
    let o = build(root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(out.join("style.css")).unwrap(),
        "body{color:#fff;margin:0}@media (max-width:40em){body{font-size:90%}}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("css/print.css")).unwrap(),
        "@media print{a:after{content:\" (\" attr(href) \")\"}}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "  /* not a stylesheet */  \n"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("static/style.css")).unwrap(),
        css
    );
    let href =
        |dir: &std::path::Path| hrefs(&dir.join("blog/a/index.html"), "link[rel=stylesheet]");
    assert_eq!(href(&out), href(&plain), "the hash is the source's");

    // With relative URLs too, a root-relative url() is made relative, then minified.
    write_file(
        root,
        "static/css/print.css",
        "/* Logo. */\nh1 { background: url(/img/logo.png); }\n",
    );
    let o = build(root, &out, &["--relative"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(out.join("css/print.css")).unwrap(),
        "h1{background:url(../img/logo.png)}"
    );
}

/// A stylesheet lightningcss cannot parse fails a `minify_css` build at its line and column,
/// with what to do; without `minify_css` it is copied as it is.
#[test]
fn minify_css_reports_a_stylesheet_it_cannot_parse_where_it_stops() {
    let site = fixture("basic");
    let root = site.path();
    write_file(
        root,
        "static/css/broken.css",
        "a { color: red }\n\nb { color: blue }\n}} c {\n",
    );
    let o = build(root, &root.join("plain"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    let config = config.replace(
        "taxonomies = [\"tags\"]\n",
        "taxonomies = [\"tags\"]\nminify_css = true\n",
    );
    write_file(root, "config.toml", &config);
    let o = build(root, &root.join("public"), &[]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("error: this stylesheet cannot be minified: Invalid empty selector\n --> static/css/broken.css:4:1\n"), "{err}");
    assert!(err.contains("or set `minify_css = false`"), "{err}");
}

/// relief's own search index (`search/`) is a relief site's by default, and
/// `relief_search_index = false` leaves it out.
#[test]
fn relief_search_index_false_leaves_reliefs_index_out() {
    let site = fixture("basic");
    let out = site.path().join("public");
    let o = build(site.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("search/index.js").is_file());
    let config = site.path().join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("relief_search_index = false\n{text}")).unwrap();
    let o = build(site.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join("search").exists());
    assert!(out.join("blog/a/index.html").is_file());
}
