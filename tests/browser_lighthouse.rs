//! Lighthouse on a phone (issue 18, "Page budget stays: Lighthouse mobile 100 on every page
//! type"): the bundled site, built for a local server, and `tests/browser/lighthouse.mjs`
//! running Lighthouse's default, mobile, configuration (simulated slow 4G and a 4× slower
//! CPU) in Debian's Chromium on one page of each kind. Each must score 100 in performance,
//! accessibility, best practices and SEO; the script prints the audits that cost points.
//! The search and 404 pages ask not to be indexed and the 404 page is served with status
//! 404: the audits that look for exactly that must fail, and the rest of their categories
//! must score 100 (see lighthouse.mjs).
//!
//! Needs Chromium, Node.js and `tests/browser/node_modules` (lighthouse, chrome-launcher):
//! run the suite with `scripts/test`, which installs them.

#[path = "browser/harness.rs"]
mod harness;

use std::net::TcpListener;
use std::time::Duration;

/// A port free on 127.0.0.1 now (the site is built for it before the script serves it).
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("the port bound").port()
}

/// Run lighthouse.mjs on `dir`, served at `port`, over `pages` (its PAGES_JSON).
fn lighthouse(dir: &std::path::Path, port: u16, pages: &serde_json::Value) -> harness::NodeRun {
    harness::run_node_script(
        "lighthouse.mjs",
        [
            dir.as_os_str().to_owned(),
            port.to_string().into(),
            pages.to_string().into(),
        ],
        Duration::from_secs(900),
    )
}

#[test]
fn every_kind_of_page_scores_100_on_a_phone() {
    harness::require_browser_tools(false);
    let port = free_port();
    let base_url = format!("http://127.0.0.1:{port}/");
    let site = harness::build_site(&harness::repo_root(), &["--base-url", &base_url]);
    let pages = serde_json::json!([
        { "name": "home", "path": "/" },
        { "name": "benefit page", "path": "/benefits/joint-pain/" },
        { "name": "section", "path": "/benefits/" },
        { "name": "about", "path": "/about/" },
        { "name": "sources", "path": "/sources/" },
        { "name": "tag list", "path": "/tags/" },
        { "name": "tag", "path": "/tags/pain/" },
        { "name": "Spanish page", "path": "/es/benefits/joint-pain/" },
        { "name": "search", "path": "/search/", "noindex": true },
        { "name": "404", "path": "/no-such-folder/no-such-page/", "status": 404, "noindex": true },
    ]);
    for page in pages.as_array().unwrap() {
        let path = page["path"].as_str().unwrap();
        let file = site
            .path
            .join(path.trim_start_matches('/'))
            .join("index.html");
        assert!(
            page.get("status").is_some() || file.is_file(),
            "the site has no {path}: choose another page of its kind"
        );
    }
    let run = lighthouse(&site.path, port, &pages);
    let failures: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("FAIL") || l.starts_with("    "))
        .collect();
    assert!(
        run.status.success(),
        "Lighthouse (mobile) scores under 100 ({}):\n{}\n{}",
        run.status,
        failures.join("\n"),
        run.stderr
    );
    let count = pages.as_array().unwrap().len();
    assert!(
        run.stdout.contains(&format!("\n{count} passed, 0 failed")),
        "{}",
        run.stdout
    );
}

/// A page with a flaw in each category, and a page said to ask not to be indexed that does
/// not: the script must fail both, naming the audits (a check that cannot fail proves
/// nothing).
#[test]
fn the_lighthouse_check_catches_a_flaw_in_each_category() {
    harness::require_browser_tools(false);
    let dir = tempfile::tempdir().expect("create a temporary directory");
    // No language, title, description or viewport; text too pale to read; an image without
    // alt text that is not there; a link saying "click here"; a script that blocks the main
    // thread for a second and a half before anything is drawn, then logs an error.
    let flawed = "<!doctype html><html><head><meta charset=\"utf-8\"><title></title>\
        <script>const end = Date.now() + 1500; while (Date.now() < end) {} console.error('broken');</script>\
        </head><body><p style=\"color:#bbb;background:#fff\">Pale text that nobody can read well.</p>\
        <img src=\"/missing.png\"><p><a href=\"/other.html\">click here</a></p></body></html>";
    std::fs::write(dir.path().join("index.html"), flawed).unwrap();
    let indexable = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
        <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
        <title>An indexable page</title><meta name=\"description\" content=\"A page that may be indexed.\">\
        </head><body><main><h1>Indexable</h1><p>Nothing here asks search engines to stay away.</p></main></body></html>";
    std::fs::write(dir.path().join("other.html"), indexable).unwrap();
    let pages = serde_json::json!([
        { "name": "flawed", "path": "/" },
        { "name": "indexable", "path": "/other.html", "noindex": true },
    ]);
    let run = lighthouse(dir.path(), free_port(), &pages);
    assert!(!run.status.success(), "{}", run.stdout);
    for expected in [
        "FAIL flawed /: performance ",
        "first-contentful-paint (score ",
        "FAIL flawed /: accessibility ",
        "html-has-lang (score 0)",
        "image-alt (score 0)",
        "FAIL flawed /: best-practices ",
        "errors-in-console (score 0)",
        "FAIL flawed /: seo ",
        "meta-description (score 0)",
        "link-text (score 0)",
        "FAIL indexable /other.html: is-crawlable passed (score 1), but the page asks not to be indexed: it must fail",
        "0 passed, 2 failed",
    ] {
        assert!(
            run.stdout.contains(expected),
            "no `{expected}` in:\n{}",
            run.stdout
        );
    }
}
