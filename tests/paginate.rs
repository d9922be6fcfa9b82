//! `paginate_by`: a section's page list over several pagers (`/topics/`, `/topics/page/2/`,
//! …), built with the bundled templates, under a sub-path and in relative mode, and the
//! errors for a bad `paginate_by`.

mod common;

use common::{
    assert_pager_links_resolve, build, built, bundled_site, hrefs, html, resolve_relative,
    resolve_under, select, stderr, texts, write_file,
};
use std::path::{Path, PathBuf};

/// A site with the bundled config, templates and static files, a `topics` section with
/// `paginate_by = 2` and five pages, and a `notes` section (paginate_by = 1) whose template
/// prints the paginator's fields, `|` between them (the bundled config minifies HTML, which would
/// fold two spaces around an empty field into one).
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    bundled_site(root);
    let write = |rel: &str, text: &str| write_file(root, rel, text);
    write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\ndescription = \"Home.\"\n+++\nSee [topics](@/topics/_index.md) and [notes](@/notes/_index.md).\n",
    );
    write(
        "content/topics/_index.md",
        "+++\ntitle = \"Topics\"\npaginate_by = 2\ndescription = \"All topics.\"\n+++\nAll topics.\n",
    );
    for i in 1..=5 {
        write(
            &format!("content/topics/t{i}.md"),
            &format!("+++\ntitle = \"Topic {i}\"\nweight = {i}\ndescription = \"About topic {i}.\"\n+++\nBody {i}.\n"),
        );
    }
    write(
        "content/notes/_index.md",
        "+++\ntitle = \"Notes\"\ntemplate = \"notes.html\"\npaginate_by = 1\ndescription = \"Notes.\"\n+++\n",
    );
    for i in 1..=2 {
        write(
            &format!("content/notes/n{i}.md"),
            &format!("+++\ntitle = \"Note {i}\"\nweight = {i}\ndescription = \"Note {i}.\"\n+++\nNote.\n"),
        );
    }
    write(
        "templates/notes.html",
        "<!DOCTYPE html><html lang=\"en\"><head><title>{{ section.title }}</title></head><body>\
         <p id=\"all\">{{ section.pages | length }}</p>\
         <p id=\"fields\">{{ paginator.paginate_by }}|{{ paginator.number_pagers }}|{{ paginator.current_index }}|{{ paginator.total_pages }}|{{ paginator.base_url }}|{{ paginator.first }}|{{ paginator.last }}|{{ paginator.previous }}|{{ paginator.next }}</p>\
         <ul>{% for p in paginator.pages %}<li><a href=\"{{ p.url }}\">{{ p.title }}</a></li>{% endfor %}</ul>\
         </body></html>",
    );
    dir
}

fn card_titles(file: &Path) -> Vec<String> {
    texts(&html(file), ".card-title")
}

#[test]
fn pagers_list_the_pages_in_order_with_prev_next_and_current() {
    let dir = site();
    let out = built(dir.path(), &[]);
    let pager = |n: usize| match n {
        1 => out.join("topics/index.html"),
        n => out.join(format!("topics/page/{n}/index.html")),
    };
    assert_eq!(card_titles(&pager(1)), ["Topic 1", "Topic 2"]);
    assert_eq!(card_titles(&pager(2)), ["Topic 3", "Topic 4"]);
    assert_eq!(card_titles(&pager(3)), ["Topic 5"]);
    assert!(!out.join("topics/page/4").exists());
    let nav = "nav[aria-label=Pagination]";
    let expected_prev: [&[&str]; 3] = [&[], &["/topics/"], &["/topics/page/2/"]];
    let expected_next: [&[&str]; 3] = [&["/topics/page/2/"], &["/topics/page/3/"], &[]];
    for n in 1..=3 {
        let file = pager(n);
        let doc = html(&file);
        assert_eq!(
            texts(&doc, &format!("{nav} .pagination-status")),
            [format!("Page {n} of 3")]
        );
        assert_eq!(
            hrefs(&file, &format!("{nav} a[rel=prev]")),
            expected_prev[n - 1]
        );
        assert_eq!(
            hrefs(&file, &format!("{nav} a[rel=next]")),
            expected_next[n - 1]
        );
        assert_eq!(
            hrefs(&file, &format!("{nav} a:not([rel])")),
            ["/topics/", "/topics/page/2/", "/topics/page/3/"]
        );
        let current = select(&doc, &format!("{nav} a[aria-current=page]"));
        assert_eq!(current.len(), 1);
        assert_eq!(
            current[0].text().collect::<String>(),
            format!("Page {n}"),
            "{}",
            file.display()
        );
        // Later pagers are pages of their own.
        let canonical = hrefs(&file, "link[rel=canonical]");
        let own = match n {
            1 => "https://example.org/topics/".to_string(),
            n => format!("https://example.org/topics/page/{n}/"),
        };
        assert_eq!(canonical, [own]);
    }
}

#[test]
fn the_paginator_value_has_zolas_fields_and_section_pages_stays_full() {
    let dir = site();
    let out = built(dir.path(), &[]);
    let first = html(&out.join("notes/index.html"));
    assert_eq!(texts(&first, "#all"), ["2"]);
    assert_eq!(
        texts(&first, "#fields"),
        ["1|2|1|2|/notes/page/|/notes/|/notes/page/2/||/notes/page/2/"]
    );
    assert_eq!(texts(&first, "li"), ["Note 1"]);
    let second = html(&out.join("notes/page/2/index.html"));
    assert_eq!(texts(&second, "#all"), ["2"]);
    assert_eq!(
        texts(&second, "#fields"),
        ["1|2|2|2|/notes/page/|/notes/|/notes/page/2/|/notes/|"]
    );
    assert_eq!(texts(&second, "li"), ["Note 2"]);
}

#[test]
fn page_one_redirects_to_the_section_and_the_sitemap_lists_pagers() {
    let dir = site();
    let out = built(dir.path(), &[]);
    let redirect = html(&out.join("topics/page/1/index.html"));
    let refresh = select(&redirect, "meta[http-equiv=refresh]");
    assert_eq!(
        refresh[0].value().attr("content"),
        Some("0; url=https://example.org/topics/")
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    for url in [
        "https://example.org/topics/",
        "https://example.org/topics/page/2/",
        "https://example.org/topics/page/3/",
        "https://example.org/notes/page/2/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>{url}</loc>")),
            "{url}\n{sitemap}"
        );
    }
    assert!(!sitemap.contains("/page/1/"), "{sitemap}");
    assert!(!sitemap.contains("/topics/page/4/"), "{sitemap}");
}

/// Every pagination link of every pager resolves to the right file on disk, `resolve`
/// turning an href found in `from` into an output file.
/// The topics pagers of a build.
fn topic_pagers(out: &Path) -> Vec<PathBuf> {
    [
        "topics/index.html",
        "topics/page/2/index.html",
        "topics/page/3/index.html",
    ]
    .iter()
    .map(|f| out.join(f))
    .collect()
}

const NAV: &str = "nav[aria-label=Pagination]";

#[test]
fn pager_links_work_under_a_sub_path_base_url() {
    let dir = site();
    let out = built(dir.path(), &["--base-url", "https://example.org/sub/dir/"]);
    assert_pager_links_resolve(&topic_pagers(&out), NAV, &|_, href| {
        resolve_under(&out, "/sub/dir/", href)
    });
    let redirect = html(&out.join("topics/page/1/index.html"));
    let refresh = select(&redirect, "meta[http-equiv=refresh]");
    assert_eq!(
        refresh[0].value().attr("content"),
        Some("0; url=https://example.org/sub/dir/topics/")
    );
}

#[test]
fn pager_links_work_in_relative_mode() {
    let dir = site();
    let out = built(dir.path(), &["--relative"]);
    assert_pager_links_resolve(&topic_pagers(&out), NAV, &resolve_relative);
    // The page/1/ redirect works from disk too.
    let redirect = html(&out.join("topics/page/1/index.html"));
    let refresh = select(&redirect, "meta[http-equiv=refresh]");
    let target = refresh[0].value().attr("content").unwrap();
    assert_eq!(target, "0; url=../../index.html");
}

/// Build `root` after `edit`, expecting a failure that names `at` (file:line) and `message`.
fn fails(edit: impl Fn(&Path), at: &str, message: &str) {
    let dir = site();
    edit(dir.path());
    let o = build(dir.path(), &dir.path().join("public"), &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    // `--> file:line` ends there or goes on with `:column`.
    let named = [format!("--> {at}\n"), format!("--> {at}:")];
    assert!(named.iter().any(|n| err.contains(n)), "{at} not in:\n{err}");
    assert!(err.contains(message), "{message:?} not in:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
}

fn set_paginate_by(root: &Path, rel: &str, value: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let text = match text.contains("paginate_by") {
        true => text.replace("paginate_by = 2", &format!("paginate_by = {value}")),
        false => text.replacen("+++\n", &format!("+++\npaginate_by = {value}\n"), 1),
    };
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_bad_paginate_by_fails_with_file_and_line() {
    let section = "content/topics/_index.md";
    fails(
        |root| set_paginate_by(root, section, "0"),
        "content/topics/_index.md:3",
        "`paginate_by` must be a whole number above zero, found 0",
    );
    fails(
        |root| set_paginate_by(root, section, "-3"),
        "content/topics/_index.md:3",
        "found -3",
    );
    fails(
        |root| set_paginate_by(root, section, "\"two\""),
        "content/topics/_index.md:3",
        "found a string",
    );
    fails(
        |root| set_paginate_by(root, "content/topics/t4.md", "2"),
        "content/topics/t4.md:2",
        "`paginate_by` only applies to a section",
    );
}

#[test]
fn a_static_file_or_alias_at_a_pager_url_is_an_error() {
    fails(
        |root| {
            let dir = root.join("static/topics/page/2");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("index.html"), "stale").unwrap();
        },
        "static/topics/page/2/index.html",
        "would overwrite pager 2 of content/topics/_index.md",
    );
    fails(
        |root| {
            let path = root.join("content/about.md");
            let text = std::fs::read_to_string(&path).unwrap();
            let text = text.replacen("+++\n", "+++\naliases = [\"/topics/page/3/\"]\n", 1);
            std::fs::write(path, text).unwrap();
        },
        "content/about.md:2",
        "is also produced by a pager of content/topics/_index.md",
    );
}

#[test]
fn check_follows_pager_links_so_later_pages_are_not_orphans() {
    let dir = site();
    let o = common::relief(&["check", "--root", dir.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    // Topic 3 to 5 are linked only from pagers 2 and 3.
    assert!(!err.contains("no page links to"), "{err}");
    assert!(!err.contains("/page/"), "{err}");
}

#[test]
fn a_paginated_home_page_lists_its_share_of_pages_on_each_pager() {
    // The bundled home template, with the home section's own pages (about, sources) split one
    // per pager.
    let site = site();
    let root = site.path();
    set_paginate_by(root, "content/_index.md", "1");
    let out = built(root, &[]);
    let guides = |file: &Path| texts(&html(file), ".guides .page-list a");
    assert_eq!(guides(&out.join("index.html")), ["about"]);
    assert_eq!(guides(&out.join("page/2/index.html")), ["sources"]);
    let second = html(&out.join("page/2/index.html"));
    assert_eq!(
        texts(&second, "title"),
        ["Page 2 of 2 | Massage and Joint Pain: What the Evidence Says"]
    );
    assert_eq!(
        select(&second, "link[rel=canonical]")[0].attr("href"),
        Some("https://example.org/page/2/")
    );
    assert_eq!(
        texts(&second, ".guides .pagination a[aria-current=page]"),
        ["Page 2"]
    );
    assert_eq!(
        select(&second, ".guides .pagination a[rel=prev]")[0].attr("href"),
        Some("/")
    );
    // The first pager keeps the home page's own title.
    assert_eq!(
        texts(&html(&out.join("index.html")), "title"),
        ["Massage and Joint Pain: What the Evidence Says"]
    );
}
