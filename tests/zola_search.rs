//! Zola's search index (`build_search_index` and `[search]`), one fixture site per format
//! under tests/fixtures/zola-search-*, checked against Zola's documented behaviour
//! (documentation/content/search.md, getting-started/configuration.md): the files written,
//! the fields of each document, which documents are in, and truncation.

mod common;

use common::{build, fixture, html, select, stderr};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The fixture `name` built into a temporary folder: the folder (kept alive) and the output.
fn built(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = fixture(name);
    let out = dir.path().join("public");
    let o = build(dir.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, out)
}

/// The JSON of an index file; a JavaScript index has Zola's `window.searchIndex = ` before it.
fn index(out: &Path, file: &str) -> Value {
    let text = std::fs::read_to_string(out.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let json = match file.ends_with(".js") {
        true => text
            .strip_prefix("window.searchIndex = ")
            .unwrap_or_else(|| panic!("{file} sets window.searchIndex: {text}")),
        false => &text,
    };
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{file} is JSON: {e}\n{json}"))
}

/// The documents an elasticlunr index stores, by URL.
fn stored(index: &Value) -> &serde_json::Map<String, Value> {
    index["documentStore"]["docs"].as_object().unwrap()
}

/// The URLs of the documents an elasticlunr index finds `term` (a stem) in, in `field`.
fn found(index: &Value, field: &str, term: &str) -> BTreeSet<String> {
    let mut node = &index["index"][field]["root"];
    for c in term.chars() {
        node = &node[c.to_string()];
    }
    node["docs"]
        .as_object()
        .map(|docs| docs.keys().cloned().collect())
        .unwrap_or_default()
}

fn urls(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|u| u.to_string()).collect()
}

#[test]
fn elasticlunr_json_holds_the_fields_asked_for_of_every_searched_document() {
    let (_dir, out) = built("zola-search-elasticlunr");
    let index = index(&out, "search_index.en.json");
    assert_eq!(
        index["fields"],
        serde_json::json!(["title", "description", "date", "path", "body"])
    );
    assert_eq!(index["ref"], "id");
    assert_eq!(index["version"], "0.9.5");
    assert_eq!(index["lang"], "English");
    assert_eq!(
        index["pipeline"],
        serde_json::json!(["trimmer", "stopWordFilter", "stemmer"])
    );
    // Sections and the pages they list; not a page or section with in_search_index = false,
    // nor the pages of such a section, nor a section redirecting elsewhere (its page is in).
    let docs = stored(&index);
    assert_eq!(
        docs.keys().cloned().collect::<BTreeSet<_>>(),
        urls(&[
            "https://example.org/",
            "https://example.org/blog/",
            "https://example.org/blog/first/",
            "https://example.org/blog/dated-by-name/",
            "https://example.org/moved/still-here/",
        ])
    );
    assert_eq!(index["documentStore"]["length"], 5);
    let first = &docs["https://example.org/blog/first/"];
    assert_eq!(first["id"], "https://example.org/blog/first/");
    assert_eq!(first["title"], "First post");
    assert_eq!(first["description"], "Massage for stiff knees");
    // The date as written, with its offset; from the file name when that gives it.
    assert_eq!(first["date"], "2024-05-01T10:00:00+02:00");
    assert_eq!(
        docs["https://example.org/blog/dated-by-name/"]["date"],
        "2024-03-02T00:00:00Z"
    );
    assert_eq!(first["path"], "/blog/first/");
    // The text without markup (entities kept, as Zola's), code blocks left out, one line
    // per block.
    assert_eq!(
        first["body"],
        "Knees &amp; hips like gentle massage.\nEvidence\nTrials found less pain."
    );
    // A section has no date: its value is empty, and the fields after it keep their places.
    let blog = &docs["https://example.org/blog/"];
    assert_eq!(blog["date"], "");
    assert_eq!(blog["path"], "/blog/");
    assert_eq!(blog["description"], "Notes on massage");
    assert_eq!(docs["https://example.org/"]["path"], "/");
    // The words are indexed per field, stemmed.
    assert_eq!(
        found(&index, "body", "knee"),
        urls(&["https://example.org/blog/first/"])
    );
    assert_eq!(
        found(&index, "description", "massag"),
        urls(&[
            "https://example.org/blog/",
            "https://example.org/blog/first/"
        ])
    );
    // A path is split at slashes and dashes, then stemmed like the rest.
    assert_eq!(
        found(&index, "path", "move"),
        urls(&["https://example.org/moved/still-here/"])
    );
    assert!(found(&index, "body", "nobodi").is_empty());
    assert!(found(&index, "body", "code_is_left_out").is_empty());
    // elasticlunr.js is written beside the index, licence header first.
    let library = std::fs::read_to_string(out.join("elasticlunr.min.js")).unwrap();
    assert!(
        library.starts_with("/**\n * elasticlunr"),
        "{}",
        &library[..80]
    );
    assert!(library.contains("MIT Licensed"));
    // relief's own index is not: the site has Zola's defaults and did not ask for it.
    assert!(!out.join("search").exists());
    // Templates see the settings as Zola's do.
    let home = html(&out.join("index.html"));
    let p = select(&home, "p.search");
    assert_eq!(p[0].attr("data-build"), Some("true"));
    assert_eq!(p[0].attr("data-format"), Some("elasticlunr_json"));
}

#[test]
fn elasticlunr_javascript_is_zolas_default_with_title_and_body() {
    let (_dir, out) = built("zola-search-elasticlunr-js");
    assert!(!out.join("search_index.en.json").exists());
    let index = index(&out, "search_index.en.js");
    assert_eq!(index["fields"], serde_json::json!(["title", "body"]));
    let docs = stored(&index);
    // Permalinks under the base URL's path; the description is not stored by default.
    let page = &docs["https://example.org/sub/notes/stretching/"];
    assert_eq!(
        page,
        &serde_json::json!({
            "id": "https://example.org/sub/notes/stretching/",
            "title": "Stretching",
            "body": "Stretch slowly; breathe.",
        })
    );
    assert_eq!(docs["https://example.org/sub/notes/"]["body"], "");
    assert_eq!(docs.len(), 3);
    assert!(out.join("elasticlunr.min.js").is_file());
    let home = html(&out.join("index.html"));
    let p = select(&home, "p.search");
    assert_eq!(p[0].attr("data-format"), Some("elasticlunr_javascript"));
}

#[test]
fn fuse_json_lists_documents_in_order_with_their_text_truncated() {
    let (_dir, out) = built("zola-search-fuse");
    let index = index(&out, "search_index.en.json");
    // Characters, not bytes: "Héllo wörld," is twelve. No date, though include_date is on.
    assert_eq!(
        index,
        serde_json::json!([
            {"url": "https://example.org/", "title": "Home", "body": "Héllo wörld,", "path": "/"},
            {"url": "https://example.org/guide/", "title": "Guide", "body": "", "path": "/guide/"},
            {"url": "https://example.org/guide/one/", "title": "One", "body": "Short.", "path": "/guide/one/"},
            {"url": "https://example.org/guide/three/", "title": "Three", "body": "First line\nS", "path": "/guide/three/"},
        ])
    );
    // Fuse's index comes without elasticlunr.js.
    assert!(!out.join("elasticlunr.min.js").exists());
}

#[test]
fn fuse_javascript_leaves_out_the_fields_turned_off() {
    let (_dir, out) = built("zola-search-fuse-js");
    let index = index(&out, "search_index.en.js");
    assert_eq!(
        index,
        serde_json::json!([
            {"url": "https://example.org/", "title": "Home", "description": "The home page"},
            {"url": "https://example.org/about/", "title": "About", "description": ""},
        ])
    );
    assert!(!out.join("elasticlunr.min.js").exists());
}

/// relief's own index (`search/`) on a site with Zola's defaults: written when
/// `relief_search_index = true` asks for it, beside Zola's or alone; never otherwise.
#[test]
fn a_zola_site_gets_reliefs_own_index_only_when_it_asks() {
    let dir = fixture("zola-search-fuse");
    let config = dir.path().join("zola.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let out = dir.path().join("public");
    let build_with = |settings: &str| {
        std::fs::write(&config, format!("{settings}\n{text}")).unwrap();
        let o = build(dir.path(), &out, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
    };
    build_with("relief_search_index = true");
    assert!(out.join("search_index.en.json").is_file());
    assert!(out.join("search/index.js").is_file());
    build_with("relief_search_index = false");
    assert!(out.join("search_index.en.json").is_file());
    assert!(!out.join("search").exists());

    let text = text.replace("build_search_index = true", "build_search_index = false");
    std::fs::write(&config, format!("relief_search_index = true\n{text}")).unwrap();
    let o = build(dir.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join("search_index.en.json").exists());
    assert!(out.join("search/index.js").is_file());
}

/// A site of two languages: every language's index is in the top level's `index_format`
/// (the language's own is not read); an elasticlunr index takes the fields of its language's
/// `[search]`, a Fuse index those of the top level's (checked against the reference Zola).
#[test]
fn every_language_s_index_is_in_the_top_level_s_format() {
    let write_site = |root: &Path, format: &str| {
        let config = format!(
            "base_url = \"https://example.org\"\ntitle = \"Site\"\nbuild_search_index = true\n\n[search]\nindex_format = \"{format}\"\n\n[languages.es]\nbuild_search_index = true\nsearch.include_title = false\nsearch.include_description = true\nsearch.index_format = \"fuse_javascript\"\n"
        );
        common::write_file(root, "zola.toml", &config);
        common::write_file(root, "templates/index.html", "home\n");
        common::write_file(root, "templates/page.html", "page\n");
        common::write_file(
            root,
            "content/_index.md",
            "+++\ntitle = \"Home\"\ndescription = \"Start\"\n+++\nHello.\n",
        );
        common::write_file(
            root,
            "content/_index.es.md",
            "+++\ntitle = \"Inicio\"\ndescription = \"Comienzo\"\n+++\nHola.\n",
        );
    };
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), "elasticlunr_json");
    let out = dir.path().join("public");
    let o = build(dir.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join("search_index.es.js").exists());
    let es = index(&out, "search_index.es.json");
    assert_eq!(es["fields"], serde_json::json!(["description", "body"]));
    assert_eq!(
        stored(&es)["https://example.org/es/"],
        serde_json::json!({"id": "https://example.org/es/", "description": "Comienzo", "body": "Hola."})
    );
    let en = index(&out, "search_index.en.json");
    assert_eq!(en["fields"], serde_json::json!(["title", "body"]));

    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), "fuse_json");
    let out = dir.path().join("public");
    let o = build(dir.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        index(&out, "search_index.es.json"),
        serde_json::json!([{"url": "https://example.org/es/", "title": "Inicio", "body": "Hola."}])
    );
}
