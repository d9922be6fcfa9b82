//! Zola's `get_url` in a Zola site (templates/overview.md, "get_url"): the permalink, an
//! absolute URL, of a content file (`@/…`, in the page's language unless `lang` says
//! otherwise) or of any other path; no trailing slash unless `trailing_slash=true`; `lang`
//! puts a path under its language's folder; `cachebust=true` adds `?h=` and the file's
//! SHA-256 (a file of static/ or a stylesheet compiled from Sass), and is an error when the
//! path names no file. Also `group_by`, whose groups come in a fixed order (Zola's change
//! from one build to the next). Over a small multilingual site written here.

mod common;
use common::*;
use sha2::{Digest, Sha256};

const CONFIG: &str = r#"base_url = "https://example.org"
title = "Joints"
default_language = "en"
compile_sass = true
generate_feeds = true

[languages.pt]
title = "Articulações"
"#;

const TEMPLATE: &str = r#"<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ section.title }}</title></head>
<body><dl>
<dt>page</dt><dd id="page">{{ get_url(path="@/blog/sleep.md") }}</dd>
<dt>page in English</dt><dd id="page-en">{{ get_url(path="@/blog/sleep.md", lang="en") }}</dd>
<dt>path</dt><dd id="path">{{ get_url(path="archive") }}</dd>
<dt>path with slash</dt><dd id="path-slash">{{ get_url(path="archive", trailing_slash=true) }}</dd>
<dt>path in the language</dt><dd id="path-lang">{{ get_url(path="archive", lang=lang, trailing_slash=true) }}</dd>
<dt>already there</dt><dd id="path-there">{{ get_url(path="/pt/archive/", lang="pt") }}</dd>
<dt>home</dt><dd id="home">{{ get_url(path="/") }}</dd>
<dt>home with slash</dt><dd id="home-slash">{{ get_url(path="/", trailing_slash=true) }}</dd>
<dt>feed</dt><dd id="feed">{{ get_url(path="atom.xml", trailing_slash=true) }}</dd>
<dt>static</dt><dd id="static">{{ get_url(path="js/app.js") }}</dd>
<dt>cachebust</dt><dd id="cachebust">{{ get_url(path="js/app.js", cachebust=true) }}</dd>
<dt>Sass</dt><dd id="sass">{{ get_url(path="site.css", cachebust=true) }}</dd>
<dt>years</dt><dd id="years">{% for year, items in [{"y": 2026}, {"y": 2021}, {"y": 2026}, {"y": 2019}, {"y": 2024}, {"y": 2020}, {"y": 2023}, {"y": 2022}, {"y": 2025}, {"y": 2021}] | group_by(attribute="y") %}{{ year }}:{{ items | length }};{% endfor %}</dd>
</dl></body></html>
"#;

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_file(root, "zola.toml", CONFIG);
    write_file(root, "templates/index.html", TEMPLATE);
    write_file(
        root,
        "templates/section.html",
        "<!DOCTYPE html><html><head><title>x</title></head><body></body></html>",
    );
    write_file(
        root,
        "templates/page.html",
        "<!DOCTYPE html><html><head><title>x</title></head><body></body></html>",
    );
    for (file, title) in [
        ("_index.md", "Home"),
        ("_index.pt.md", "Início"),
        ("blog/_index.md", "Blog"),
        ("blog/_index.pt.md", "Blog"),
        ("blog/sleep.md", "Sleep"),
        ("blog/sleep.pt.md", "Sono"),
    ] {
        let text = format!("+++\ntitle = \"{title}\"\n+++\n");
        write_file(root, &format!("content/{file}"), &text);
    }
    write_file(root, "static/js/app.js", "console.log(1);\n");
    write_file(root, "sass/site.scss", "$c: teal;\nbody { color: $c; }\n");
    dir
}

fn sha256_20(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))[..20].to_string()
}

#[test]
fn get_url_gives_zolas_permalinks() {
    let dir = site();
    let out = built(dir.path(), &[]);
    let home = html(&out.join("index.html"));
    let pt = html(&out.join("pt/index.html"));
    let dd = |doc: &scraper::Html, id: &str| texts(doc, &format!("dd#{id}")).concat();

    // A content file: its permalink, in the page's language without `lang`.
    assert_eq!(dd(&home, "page"), "https://example.org/blog/sleep/");
    assert_eq!(dd(&pt, "page"), "https://example.org/pt/blog/sleep/");
    assert_eq!(dd(&pt, "page-en"), "https://example.org/blog/sleep/");
    // Any other path: absolute, without a trailing slash unless asked.
    assert_eq!(dd(&home, "path"), "https://example.org/archive");
    assert_eq!(dd(&home, "path-slash"), "https://example.org/archive/");
    // `lang` puts it under the language's folder (not the default language's).
    assert_eq!(dd(&home, "path-lang"), "https://example.org/archive/");
    assert_eq!(dd(&pt, "path-lang"), "https://example.org/pt/archive/");
    assert_eq!(dd(&pt, "path-there"), "https://example.org/pt/archive");
    assert_eq!(dd(&home, "home"), "https://example.org");
    assert_eq!(dd(&home, "home-slash"), "https://example.org/");
    // A feed's name never gets the slash.
    assert_eq!(dd(&home, "feed"), "https://example.org/atom.xml");
    // No hash unless asked; then the first 20 hex digits of the file's SHA-256.
    assert_eq!(dd(&home, "static"), "https://example.org/js/app.js");
    assert_eq!(
        dd(&home, "cachebust"),
        format!(
            "https://example.org/js/app.js?h={}",
            sha256_20(b"console.log(1);\n")
        )
    );
    // A stylesheet compiled from Sass is hashed as it is written.
    let css = std::fs::read(out.join("site.css")).unwrap();
    assert_eq!(
        dd(&home, "sass"),
        format!("https://example.org/site.css?h={}", sha256_20(&css))
    );
}

#[test]
fn get_url_with_cachebust_needs_a_file() {
    let dir = site();
    write_file(
        dir.path(),
        "templates/index.html",
        "<!DOCTYPE html><html><head><title>x</title></head><body>{{ get_url(path=\"js/missing.js\", cachebust=true) }}</body></html>",
    );
    let result = build(dir.path(), &dir.path().join("public"), &[]);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    assert!(
        err.contains("cachebust=true") && err.contains("js/missing.js"),
        "{err}"
    );
    assert!(err.contains("templates/index.html"), "{err}");
}

/// `group_by` gives its groups in the order their first item comes, in every build (Zola's
/// order is its hash map's, which changes from one build to the next).
#[test]
fn group_by_keeps_the_order_of_first_appearance() {
    let dir = site();
    let expected = "2026:2;2021:2;2019:1;2024:1;2020:1;2023:1;2022:1;2025:1;";
    for _ in 0..3 {
        let out = built(dir.path(), &[]);
        let home = html(&out.join("index.html"));
        assert_eq!(texts(&home, "dd#years").concat(), expected);
    }
}
