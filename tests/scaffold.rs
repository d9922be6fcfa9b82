//! `relief new` and `relief init`: what they write, that they never overwrite, and that
//! what they create builds (and passes `relief check`) at once.

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;

fn relief(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_relief"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run relief")
}

fn build(root: &Path, drafts: bool) -> Result<relief::Built, relief::Failed> {
    relief::build(&relief::BuildOptions {
        root: root.to_path_buf(),
        output: "public".into(),
        drafts,
        ..Default::default()
    })
}

fn init_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let out = relief(&["init", "site"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, site)
}

fn h1(file: &Path) -> String {
    let doc = Html::parse_document(&std::fs::read_to_string(file).unwrap());
    doc.select(&Selector::parse("h1").unwrap())
        .next()
        .unwrap()
        .text()
        .collect()
}

#[test]
fn init_creates_a_site_that_builds_and_checks_clean() {
    let (_dir, site) = init_site();
    for file in [
        "config.toml",
        "content/_index.md",
        "content/topics/_index.md",
        "content/topics/example.md",
        "templates/base.html",
        "static/style.css",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    let built = build(&site, false).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    assert!(built.warnings.is_empty(), "{:#?}", built.warnings);
    assert_eq!(
        h1(&site.join("public/topics/example/index.html")),
        "An example topic"
    );
    assert!(site.join("public/topics/index.html").is_file());
    assert!(site.join("public/style.css").is_file());
    // Stylesheets published minified (`minify_css`), the sources as written.
    let read = |path: &str| std::fs::read_to_string(site.join(path)).unwrap();
    assert!(read("static/style.css").contains("/*"));
    assert!(!read("public/style.css").contains("/*"));
    assert!(read("public/style.css").len() < read("static/style.css").len());

    let diagnostics = relief::check(
        &relief::BuildOptions {
            root: site.clone(),
            ..Default::default()
        },
        relief::External::Skip,
    );
    // The one thing left to the author: an address for "Report a problem" (none is invented).
    let shown: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.code != "missing-feedback-url")
        .map(ToString::to_string)
        .collect();
    assert!(shown.is_empty(), "{}", shown.join("\n"));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
}

#[test]
fn init_embeds_every_bundled_template_and_static_file() {
    let (_dir, site) = init_site();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for sub in ["templates", "static"] {
        for entry in walkdir::WalkDir::new(repo.join(sub)) {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(repo).unwrap();
            let copy = std::fs::read(site.join(rel))
                .unwrap_or_else(|_| panic!("{} missing from relief init", rel.display()));
            assert!(
                copy == std::fs::read(entry.path()).unwrap(),
                "{} differs",
                rel.display()
            );
            count += 1;
        }
    }
    assert_eq!(count, relief::bundled_files().len());
}

#[test]
fn init_refuses_a_folder_with_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("site")).unwrap();
    std::fs::write(dir.path().join("site/notes.txt"), "mine").unwrap();
    let out = relief(&["init", "site"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists and is not empty"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("site/notes.txt")).unwrap(),
        "mine"
    );
    assert!(!dir.path().join("site/config.toml").exists());
}

#[test]
fn new_writes_a_draft_with_complete_front_matter_that_builds() {
    let (_dir, site) = init_site();
    let out = relief(
        &[
            "new",
            "guides/my-topic.md",
            "--title",
            "My \"quoted\" topic",
        ],
        &site,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(site.join("content/guides/my-topic.md")).unwrap();
    let front = text
        .strip_prefix("+++\n")
        .and_then(|t| t.split_once("\n+++\n"))
        .unwrap()
        .0;
    let meta: toml::Table = toml::from_str(front).unwrap();
    assert_eq!(meta["title"].as_str(), Some("My \"quoted\" topic"));
    assert_eq!(meta["draft"].as_bool(), Some(true));
    assert_eq!(meta["references"].as_array().map(Vec::len), Some(0));
    assert_eq!(meta["description"].as_str(), Some(""));
    let today = jiff::Zoned::now().date().to_string();
    assert_eq!(meta["date"].to_string(), today);

    // A draft: left out of a normal build, built with --drafts.
    build(&site, false).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    assert!(!site.join("public/guides/my-topic/index.html").exists());
    build(&site, true).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    assert_eq!(
        h1(&site.join("public/guides/my-topic/index.html")),
        "My \"quoted\" topic"
    );
}

#[test]
fn new_never_overwrites() {
    let (_dir, site) = init_site();
    let page = site.join("content/topics/example.md");
    let before = std::fs::read_to_string(&page).unwrap();
    let out = relief(&["new", "content/topics/example.md", "--title", "X"], &site);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/topics/example.md already exists"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&page).unwrap(), before);
}

#[test]
fn new_refuses_paths_outside_content_and_non_markdown() {
    let (_dir, site) = init_site();
    for (path, message) in [
        ("../escape.md", "is not a path inside content/"),
        ("/tmp/x.md", "is not a path inside content/"),
        ("topics/page.txt", "is not a Markdown file"),
    ] {
        let out = relief(&["new", path, "--title", "X"], &site);
        assert_eq!(out.status.code(), Some(1), "{path}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{path}: {stderr}");
    }
    let out = relief(&["new", "topics/x.md", "--title", "  "], &site);
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a title"));
    assert!(!site.join("content/topics/x.md").exists());
}
