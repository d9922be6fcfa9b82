//! Zola themes (documentation/themes/ of Zola 0.23's docs), over tests/fixtures/zola-themes:
//! `theme = "plain"` takes templates, static files, Sass and the `[extra]` of theme.toml from
//! themes/plain/, and the site's own files of the same name win over each.

mod common;

use common::{build, fixture, html, select, stderr, texts, write_file};
use std::path::{Path, PathBuf};

/// The fixture built into a temporary folder: the folder (kept alive) and the output.
fn built() -> (tempfile::TempDir, PathBuf) {
    let dir = fixture("zola-themes");
    let out = dir.path().join("public");
    let o = build(dir.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, out)
}

fn page(out: &Path, rel: &str) -> scraper::Html {
    html(&out.join(rel))
}

#[test]
fn the_themes_templates_render_the_site_and_the_sites_own_replace_them() {
    let (_dir, out) = built();
    let home = page(&out, "index.html");
    // The theme's index.html and base.html, with no template of the site's.
    assert_eq!(texts(&home, "h1.theme-index"), ["Home"]);
    assert_eq!(select(&home, "body.theme-base").len(), 1);
    // The theme's base.html includes footer.html: the site's replaces the theme's.
    assert_eq!(texts(&home, "footer.site-footer"), ["the site's footer"]);
    assert!(select(&home, "footer.theme-footer").is_empty());
    // The site's page.html extends the theme's by its full name, replacing one block.
    let about = page(&out, "about/index.html");
    assert_eq!(texts(&about, "title"), ["About (site)"]);
    assert_eq!(texts(&about, "article.theme-page h1"), ["About"]);
}

#[test]
fn the_themes_components_work_in_content() {
    let (_dir, out) = built();
    let about = page(&out, "about/index.html");
    assert_eq!(texts(&about, "article span.theme-badge"), ["new"]);
}

#[test]
fn theme_toml_extra_is_merged_under_the_sites() {
    let (_dir, out) = built();
    let home = page(&out, "index.html");
    // The site's value wins; the theme's fills in what the site does not set, in nested
    // tables too.
    assert_eq!(texts(&home, "p.greeting"), ["from the site"]);
    assert_eq!(texts(&home, "p.accent"), ["teal"]);
    let home_link = select(&home, "a.home")[0].value().attr("href");
    assert_eq!(home_link, Some("/"));
    let about_link = select(&home, "a.about")[0].value().attr("href");
    assert_eq!(about_link, Some("/about/"));
}

#[test]
fn the_themes_static_files_are_copied_and_the_sites_win() {
    let (_dir, out) = built();
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    assert_eq!(read("js/theme.js"), "console.log(\"theme\");\n");
    assert_eq!(read("js/shared.js"), "the site\n");
}

#[test]
fn the_themes_sass_is_compiled_and_the_sites_wins() {
    let (_dir, out) = built();
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    assert_eq!(read("theme.css").trim(), "body{color:teal}");
    assert_eq!(read("both.css").trim(), "p{margin:1px}");
}

#[test]
fn the_themes_sass_is_compiled_even_without_compile_sass() {
    // As Zola's docs say: "Zola always compiles Sass files in theme directories."
    let dir = fixture("zola-themes");
    let config = std::fs::read_to_string(dir.path().join("zola.toml")).unwrap();
    write_file(
        dir.path(),
        "zola.toml",
        &config.replace("compile_sass = true", "compile_sass = false"),
    );
    let out = dir.path().join("public");
    let o = build(dir.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let both = std::fs::read_to_string(out.join("both.css")).unwrap();
    assert_eq!(
        both.trim(),
        "p{margin:0}",
        "the site's sass/ is not compiled"
    );
}

#[test]
fn a_site_without_templates_builds_from_its_theme_alone() {
    let dir = fixture("zola-themes");
    std::fs::remove_dir_all(dir.path().join("templates")).unwrap();
    let out = dir.path().join("public");
    let o = build(dir.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let about = page(&out, "about/index.html");
    assert_eq!(texts(&about, "title"), ["About (theme)"]);
    assert_eq!(
        texts(&page(&out, "index.html"), "footer.theme-footer"),
        ["the theme's footer"]
    );
}

#[test]
fn an_error_in_a_theme_template_names_the_themes_file() {
    let dir = fixture("zola-themes");
    write_file(
        dir.path(),
        "themes/plain/templates/section.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ section.title | nope }}{% endblock content %}\n",
    );
    let out = dir.path().join("public");
    let o = build(dir.path(), &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("themes/plain/templates/section.html:2:"),
        "{err}"
    );
}
