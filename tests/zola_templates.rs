//! Zola 0.23's template functions, filters and tests, with the results its documentation
//! gives (templates/overview.md): the tera-contrib set Zola registers (dates, regular
//! expressions, base64, urlencode, slugify…), `get_hash`, `get_taxonomy_url`,
//! `get_taxonomy_term`, `get_image_metadata`, Zola's shape of `get_taxonomy`, and
//! `allow_missing`, `required`, `include_pages` and `metadata_only`.

mod common;
use base64::Engine as _;
use common::*;
use sha2::{Digest, Sha256};

#[test]
fn zola_functions_filters_and_tests_give_zola_results() {
    let dir = fixture("zola-templates");
    let out = built(dir.path(), &[]);
    let page = html(&out.join("notes/first/index.html"));
    let dd = |id: &str| texts(&page, &format!("dd#{id}")).concat();
    assert_eq!(dd("year"), "2026");
    let this_year = jiff::Zoned::now().year().to_string();
    assert_eq!(dd("now"), this_year);
    assert_eq!(dd("before"), "true");
    assert_eq!(dd("regex"), "Hello World");
    assert_eq!(dd("matching"), "true");
    assert_eq!(dd("striptags"), "bold text");
    assert_eq!(dd("base64"), "cmVsaWVm");
    assert_eq!(dd("urlencode"), "a%20b/c");
    assert_eq!(dd("slugify"), "cafe-au-lait");
    let hello = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"Hello World"));
    assert_eq!(dd("hash"), hello);
    let css = std::fs::read(dir.path().join("static/site.css")).unwrap();
    let hex: String = Sha256::digest(&css)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(dd("hash-hex"), hex, "a path is found under static/");
    assert_eq!(dd("term-url"), "https://example.org/tags/knee-pain/");
    assert_eq!(
        dd("term-count"),
        "1/0",
        "include_pages=false keeps page_count"
    );
    assert_eq!(dd("items"), "tags: 1");
    assert_eq!(dd("missing"), "true");
    assert_eq!(dd("no-term"), "true");
    assert_eq!(dd("metadata"), "0");
    assert_eq!(
        dd("current"),
        "https://example.org/notes/first/ /notes/first/ en",
        "Zola's current_url (permalink), current_path and lang"
    );
    assert_eq!(dd("png"), "2x3 png image/png");
    assert_eq!(dd("svg"), "40x10 svg", "an SVG's size from its viewBox");
    assert_eq!(dd("no-image"), "true");
    // Zola's idiom over its lists of paths works with relief's lists of links.
    assert_eq!(dd("zola-idiom"), "Home;Notes;Notes");
    // Zola's page.year/month/day and lang, its config.languages (empty: one language), and
    // load_data's required=false.
    assert_eq!(dd("date-parts"), "2026-3-4 en 0");
    assert_eq!(dd("optional-data"), "true");
}

/// A taxonomy's own `tags/list.html` and `tags/single.html` come before the shared
/// `taxonomy_list.html` and `taxonomy_single.html`, as Zola looks them up.
#[test]
fn a_taxonomy_uses_its_own_templates_first() {
    let dir = fixture("zola-templates");
    let out = built(dir.path(), &[]);
    let list = html(&out.join("tags/index.html"));
    assert_eq!(texts(&list, "h1#own-list"), ["tags: 1"]);
    let single = html(&out.join("tags/knee-pain/index.html"));
    assert_eq!(texts(&single, "h1#own-single"), ["Knee Pain (1)"]);
}

#[test]
fn get_hash_refuses_a_file_outside_the_project() {
    let dir = fixture("zola-templates");
    write_file(
        dir.path(),
        "templates/index.html",
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>x</title></head><body>{{ get_hash(path=\"../../etc/passwd\") }}</body></html>",
    );
    let result = build(dir.path(), &dir.path().join("public"), &[]);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    assert!(
        err.contains("outside the project") || err.contains("there is no file"),
        "{err}"
    );
    assert!(err.contains("templates/index.html"), "{err}");
}
