//! Content templating, as Zola 0.23 does it: a site without templates/shortcodes/ renders each
//! body through Tera before Markdown, so bodies call components and read `page` and `config`,
//! and `{% raw %}` keeps template text as text. (Sites with shortcodes keep relief's
//! shortcodes: tests/build.rs covers them.)

mod common;
use common::*;

#[test]
fn bodies_call_components_and_read_their_page() {
    let dir = fixture("zola-content");
    let out = built(dir.path(), &[]);
    let page = html(&out.join("page/index.html"));
    let main = texts(&page, "main > p");
    assert_eq!(main[0], "This page is Templated and green, at /page/.");
    let img = select(&page, "main figure > img");
    assert_eq!(img.len(), 1, "the figure component rendered");
    assert_eq!(img[0].value().attr("alt"), Some("An example"));
    let note = select(&page, "main aside.note.note-warning");
    assert_eq!(note.len(), 1);
    assert_eq!(note[0].text().collect::<String>(), "Take care.");
    // `{% raw %}` kept the component call as text, shown as code.
    let code = texts(&page, "main pre code");
    assert_eq!(code, ["{{ <figure src=\"x\" /> }}"]);
    // `skip_content_templating` leaves a body as written, braces and all.
    let skipped = html(&out.join("as-written/index.html"));
    assert_eq!(
        texts(&skipped, "main > p"),
        ["Shows {{ page.title }} as it is written."]
    );
    let home = html(&out.join("index.html"));
    assert_eq!(texts(&home, "main > p"), ["Welcome to Content templating."]);
}

#[test]
fn a_template_error_in_a_body_points_at_its_line() {
    let dir = fixture("zola-content");
    write_file(
        dir.path(),
        "content/broken.md",
        "+++\ntitle = \"Broken\"\n+++\nFirst line.\n\nUses {{ page.nope }} here.\n",
    );
    let out = dir.path().join("public");
    let result = build(dir.path(), &out, &[]);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    assert!(err.contains("--> content/broken.md:6:"), "{err}");
    assert!(err.contains("{% raw %}"), "{err}");
}

/// `[link_checker] internal_level = "warn"` makes an anchor that does not exist a warning, as
/// Zola's link checker does; without it, it fails the build.
#[test]
fn internal_level_warn_makes_a_missing_anchor_a_warning() {
    let dir = fixture("zola-content");
    write_file(
        dir.path(),
        "content/anchors.md",
        "+++\ntitle = \"Anchors\"\n+++\nSee [below](#nowhere).\n",
    );
    let out = dir.path().join("public");
    let failed = build(dir.path(), &out, &[]);
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    write_file(
        dir.path(),
        "config.toml",
        &format!("{config}\n[link_checker]\ninternal_level = \"warn\"\n"),
    );
    let warned = build(dir.path(), &out, &[]);
    assert_eq!(warned.status.code(), Some(0), "{}", stderr(&warned));
    assert!(
        stderr(&warned).contains("warning[broken-anchor]: `#nowhere` does not exist"),
        "{}",
        stderr(&warned)
    );
}

/// A translation (`name.fr.md`, Zola's multilingual file name) in a language the site does
/// not declare is an error at each file, never a page of its own at `/name-fr/`.
#[test]
fn translations_in_undeclared_languages_are_errors() {
    let dir = fixture("zola-content");
    write_file(
        dir.path(),
        "content/page.fr.md",
        "+++\ntitle = \"Page\"\n+++\nBonjour.\n",
    );
    write_file(
        dir.path(),
        "content/page.es.md",
        "+++\ntitle = \"Page\"\n+++\nHola.\n",
    );
    let result = build(dir.path(), &dir.path().join("public"), &[]);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    for (file, code) in [("page.es.md", "es"), ("page.fr.md", "fr")] {
        assert!(
            err.contains(&format!("the file name says the page is in `{code}`, which is not one of the site's languages")),
            "{err}"
        );
        assert!(err.contains(&format!("--> content/{file}:1")), "{err}");
    }
    assert!(
        err.contains("declare it with a [languages.fr] table in "),
        "{err}"
    );
}

/// Under a base URL with a path, a body's `page.path` is still the path from the site's root,
/// as `page.path` is in templates (Zola's meaning), and `page.permalink` carries the base.
#[test]
fn a_body_sees_paths_without_the_base_path() {
    let dir = fixture("zola-content");
    let out = built(dir.path(), &["--base-url", "https://example.org/docs/"]);
    let page = html(&out.join("page/index.html"));
    assert_eq!(
        texts(&page, "main > p")[0],
        "This page is Templated and green, at /page/."
    );
}
