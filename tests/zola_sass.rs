//! Sass, as Zola compiles it (content/sass.md of its docs): with `compile_sass = true`, each
//! `.scss`/`.sass` file of sass/ not starting with `_` becomes a `.css` file at the same place
//! in the output; partials are for `@import` only; a `.scss` and a `.sass` of one name, or a
//! Sass error, fail the build naming the file.

mod common;
use common::*;

fn sass_site() -> tempfile::TempDir {
    let dir = fixture("zola-content");
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    write_file(
        dir.path(),
        "config.toml",
        &format!("compile_sass = true\n{config}"),
    );
    write_file(dir.path(), "sass/_colours.scss", "$ink: #123456;\n");
    write_file(
        dir.path(),
        "sass/site.scss",
        "@import 'colours';\nbody { main { color: $ink; } }\n",
    );
    write_file(dir.path(), "sass/extra/print.sass", "p\n  margin: 0\n");
    dir
}

#[test]
fn sass_files_become_css_at_the_same_place() {
    let dir = sass_site();
    let out = built(dir.path(), &[]);
    let css = std::fs::read_to_string(out.join("site.css")).unwrap();
    assert_eq!(css.trim(), "body main{color:#123456}");
    let print = std::fs::read_to_string(out.join("extra/print.css")).unwrap();
    assert_eq!(print.trim(), "p{margin:0}");
    assert!(
        !out.join("_colours.css").exists(),
        "a partial is not written"
    );
}

#[test]
fn without_compile_sass_nothing_is_compiled() {
    let dir = sass_site();
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    write_file(
        dir.path(),
        "config.toml",
        &config.replace("compile_sass = true", "compile_sass = false"),
    );
    let out = built(dir.path(), &[]);
    assert!(!out.join("site.css").exists());
}

#[test]
fn a_sass_error_and_a_name_clash_fail_naming_the_files() {
    let dir = sass_site();
    write_file(dir.path(), "sass/broken.scss", "body { color: ; \n");
    write_file(dir.path(), "sass/site.sass", "body\n  margin: 0\n");
    let out = dir.path().join("public");
    let result = build(dir.path(), &out, &[]);
    assert_eq!(result.status.code(), Some(1));
    let err = stderr(&result);
    assert!(err.contains("--> sass/broken.scss"), "{err}");
    assert!(
        err.contains("`sass/site.scss` and `sass/site.sass` would both become `site.css`")
            || err.contains("`sass/site.sass` and `sass/site.scss` would both become `site.css`"),
        "{err}"
    );
    assert!(!out.exists(), "nothing written");
}
