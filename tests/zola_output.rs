//! What a Zola site's build writes beyond its templates' pages: the 404 page Zola writes when
//! the site has no template for it.

mod common;
use common::*;
use std::path::Path;

/// A small Zola site in `root`: `zola.toml` with `config` added, a page and a section.
fn zola_site(root: &Path, config: &str) {
    write_file(
        root,
        "zola.toml",
        &format!("base_url = \"https://example.org/\"\ntitle = \"Site\"\n{config}\n"),
    );
    write_file(root, "content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    write_file(
        root,
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\nSome *text*.\n",
    );
    write_file(
        root,
        "templates/index.html",
        "<!DOCTYPE html>\n<html>\n  <body>\n    <h1>{{ section.title }}</h1>\n  </body>\n</html>\n",
    );
    write_file(
        root,
        "templates/page.html",
        "<!DOCTYPE html>\n<html>\n  <head>\n    <title>{{ page.title }}</title>\n  </head>\n  <body>\n    <main>\n      {{ page.content | safe }}\n    </main>\n  </body>\n</html>\n",
    );
}

#[test]
fn a_zola_site_without_a_404_template_gets_zolas_404_page() {
    let dir = tempfile::tempdir().unwrap();
    zola_site(dir.path(), "");
    let out = built(dir.path(), &[]);
    assert_eq!(
        std::fs::read_to_string(out.join("404.html")).unwrap(),
        "<!doctype html>\n<title>404 Not Found</title>\n<h1>404 Not Found</h1>\n"
    );
    // Zola has no taxonomies unless the configuration lists some.
    assert!(!out.join("tags").exists());
    let page = html(&out.join("404.html"));
    assert_eq!(texts(&page, "h1"), ["404 Not Found"]);

    // The site's own template wins; as in Zola, it has no current_url.
    write_file(
        dir.path(),
        "templates/404.html",
        "<p>Lost: {{ lang }} {{ current_url is defined }}</p>\n",
    );
    let out = built(dir.path(), &[]);
    assert_eq!(
        std::fs::read_to_string(out.join("404.html")).unwrap(),
        "<p>Lost: en false</p>\n"
    );

    // A relief site (config.toml with relief's own keys) writes none without a template.
    let dir = tempfile::tempdir().unwrap();
    zola_site(dir.path(), "");
    let config = std::fs::read_to_string(dir.path().join("zola.toml")).unwrap();
    std::fs::remove_file(dir.path().join("zola.toml")).unwrap();
    write_file(
        dir.path(),
        "config.toml",
        &format!("language = \"en\"\ntaxonomies = []\n{config}"),
    );
    let out = built(dir.path(), &[]);
    assert!(!out.join("404.html").exists());
}

/// Redirect pages (`redirect_to`, `aliases`) say what Zola's say.
#[test]
fn redirect_pages_read_as_zolas() {
    let dir = tempfile::tempdir().unwrap();
    zola_site(dir.path(), "");
    write_file(
        dir.path(),
        "content/a.md",
        "+++\ntitle = \"A\"\naliases = [\"old-a\"]\n+++\nSome *text*.\n",
    );
    let out = built(dir.path(), &[]);
    let page = html(&out.join("old-a/index.html"));
    assert_eq!(texts(&page, "body p"), ["Click here to be redirected."]);
    let links = select(&page, "body p a");
    assert_eq!(
        links[0].value().attr("href"),
        Some("https://example.org/a/")
    );
}

/// As in Zola, a taxonomy no page uses has no list page (a relief site writes it).
#[test]
fn a_taxonomy_without_terms_writes_no_list_page() {
    let dir = tempfile::tempdir().unwrap();
    zola_site(dir.path(), "taxonomies = [{ name = \"tags\" }]");
    write_file(
        dir.path(),
        "templates/taxonomy_list.html",
        "<ul>{% for t in terms %}<li>{{ t.name }}</li>{% endfor %}</ul>\n",
    );
    write_file(dir.path(), "templates/taxonomy_single.html", "term\n");
    let out = built(dir.path(), &[]);
    assert!(out.join("a/index.html").is_file());
    assert!(!out.join("tags").exists());
    write_file(
        dir.path(),
        "content/a.md",
        "+++\ntitle = \"A\"\n[taxonomies]\ntags = [\"knee\"]\n+++\nSome *text*.\n",
    );
    let out = built(dir.path(), &[]);
    assert_eq!(texts(&html(&out.join("tags/index.html")), "li"), ["knee"]);
}
