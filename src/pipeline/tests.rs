//! Performance regression guards that measure sizes, never time: what one page costs must
//! not grow with the number of pages in the site. A template value or a rendered page that
//! grows with the site makes the whole build quadratic (the trap other generators fell into:
//! serialising every sibling page into every page's context).
//!
//! Two generated sites with the bundled templates, config and static files — one of N pages
//! and one of 4N (100 and 400, so page counts print with the same width) — must give the same first page: the same template value, byte for byte,
//! and the same HTML size; and the home page (which lists every section, at most 12 pages
//! each) must not grow either.

use crate::content::DocId;
use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use crate::pipeline::{load, BuildOptions};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

const TAGS: [&str; 5] = ["knee", "hip", "sleep", "stress", "hands"];

/// A site like the benchmark's: one `topics` section of `n` pages with three tags each.
fn make_site(dir: &Path, n: usize) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("templates"), &dir.join("templates"));
    copy_dir(&repo.join("static"), &dir.join("static"));
    std::fs::copy(repo.join("config.toml"), dir.join("config.toml")).unwrap();
    let topics = dir.join("content/topics");
    std::fs::create_dir_all(&topics).unwrap();
    std::fs::write(
        dir.join("content/_index.md"),
        "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
    )
    .unwrap();
    std::fs::write(topics.join("_index.md"), "+++\ntitle = \"Topics\"\n+++\n").unwrap();
    for i in 1..=n {
        let tags: Vec<String> = (0..3)
            .map(|k| format!("\"{}\"", TAGS[(i + k * (i % 2 + 1)) % TAGS.len()]))
            .collect();
        let page = format!(
            "+++\ntitle = \"Topic {i:05}\"\ndescription = \"About topic {i}.\"\ndate = 2024-01-01\nweight = {i}\n\n[taxonomies]\ntags = [{}]\n+++\n\nSome *text* about topic {i}.\n\n## What helps\n\nA paragraph with a [link](@/topics/page-{:05}.md).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            tags.join(", "),
            i % n + 1,
        );
        std::fs::write(topics.join(format!("page-{i:05}.md")), page).unwrap();
    }
}

/// Remembers the size of every file written.
#[derive(Default)]
struct Sizes(Mutex<HashMap<String, usize>>);

impl Sink for Sizes {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.0.lock().unwrap().insert(path.to_string(), bytes.len());
        Ok(())
    }
    fn copy(&self, path: &str, _source: &Path) -> Result<(), Diagnostic> {
        self.0.lock().unwrap().insert(path.to_string(), 0);
        Ok(())
    }
}

/// What one site of `n` pages costs for its first page and its home page.
struct Measure {
    /// JSON size of the first page's template value.
    page_value: usize,
    /// JSON size of the home section's template value.
    home_value: usize,
    page_html: usize,
    home_html: usize,
    files: usize,
}

fn measure(n: usize) -> Measure {
    let dir = tempfile::tempdir().unwrap();
    make_site(dir.path(), n);
    let options = BuildOptions {
        root: dir.path().to_path_buf(),
        output: PathBuf::from("public"),
        ..Default::default()
    };
    let sizes = Sizes::default();
    let mut loaded = match load(&options, &sizes) {
        Ok(l) => l,
        Err(f) => panic!("the generated site does not load: {:#?}", f.diagnostics),
    };
    // What only one step needs is held once, not kept beside the values: each page's HTML
    // is one allocation shared by the Markdown store and its template value, and its plain
    // text was freed once the search index was written.
    for (id, doc) in loaded.site.content.documents_with_ids() {
        assert!(
            loaded.rendered.get(id).text_sections.is_empty(),
            "{} kept its search text",
            doc.rel
        );
    }
    for (i, page) in loaded.site.content.pages.iter().enumerate() {
        let html = &loaded.rendered.get(DocId::Page(i)).content;
        let shown = loaded.renderer.values().pages[i]
            .get_from_path("content")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        assert!(
            html.len() > 21 && std::ptr::eq(html.as_ptr(), shown.as_ptr()),
            "{} keeps a second copy of its HTML",
            page.doc.rel
        );
    }
    let first = loaded.renderer.values().page_by_rel["topics/page-00001.md"];
    let home = loaded.renderer.values().section_by_rel["_index.md"];
    let page_value = serde_json::to_string(&loaded.renderer.values().pages[first])
        .unwrap()
        .len();
    let home_value = serde_json::to_string(&loaded.renderer.values().sections[home])
        .unwrap()
        .len();
    crate::output::write_site(
        &loaded.site,
        &loaded.rendered,
        &loaded.renderer,
        &loaded.search_files,
        loaded.zola_index.take(),
        &sizes,
    )
    .unwrap_or_else(|e| panic!("the generated site does not build: {e:#?}"));
    let sizes = sizes.0.into_inner().unwrap();
    Measure {
        page_value,
        home_value,
        page_html: sizes["topics/page-00001/index.html"],
        home_html: sizes["index.html"],
        files: sizes.len(),
    }
}

#[test]
fn per_page_cost_does_not_grow_with_the_site() {
    let small = measure(100);
    let large = measure(400);
    // The sites really differ in size (and both exceed the 12-page navigation bound).
    assert!(
        large.files > small.files + 250,
        "{} vs {}",
        large.files,
        small.files
    );
    assert!(small.page_value > 0 && small.page_html > 0);
    assert_eq!(
        small.page_value, large.page_value,
        "a page's template value grew with the number of pages"
    );
    assert_eq!(
        small.page_html, large.page_html,
        "a page's HTML grew with the number of pages (unbounded navigation or listing?)"
    );
    assert_eq!(
        small.home_html, large.home_html,
        "the home page grew with the number of pages (its listings must stay bounded)"
    );
    // The home section has no pages of its own: its value lists subsections, not pages.
    assert_eq!(
        small.home_value, large.home_value,
        "the home section's template value grew with the number of pages"
    );
}
