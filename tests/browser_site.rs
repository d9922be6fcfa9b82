//! Real-browser checks of the bundled site (issue 3, "Tests in the suite") and of relief's
//! documentation site (docs/).
//!
//! Builds the site with the relief binary into a temporary directory and runs
//! `tests/browser/check-site.mjs` on it: every page loads in headless Chromium
//! without console errors, failed requests or requests to other origins; no
//! horizontal overflow at 320/768/1280 px; at 390 x 844 the h1 starts in the
//! top 40% of the screen; each evidence chart's bars and table say the same;
//! clicking the header navigation and the home page's cards works, and Back
//! returns home; the dark palette
//! applies with prefers-color-scheme: dark; axe-core finds no WCAG 2.2 A/AA
//! violation and no landmark problem (two search forms with one name, say) in
//! light and dark; the Nu HTML checker finds no error.
//!
//! Needs Chromium, Node.js, a JRE and `tests/browser/node_modules`: run the
//! suite with `scripts/test`, which installs them.

#[path = "browser/harness.rs"]
mod harness;

use std::time::Duration;

/// Build the site at `root` (with `args`) and run check-site.mjs on it; `what` names the
/// site in the failure message.
fn assert_site_passes(what: &str, root: &std::path::Path, args: &[&str]) {
    harness::require_browser_tools(true);
    let site = harness::build_site(root, args);
    let run = harness::run_node_script(
        "check-site.mjs",
        [site.path.as_os_str()],
        Duration::from_secs(600),
    );
    assert!(
        run.status.success(),
        "the browser checks of {what} failed ({}); the failures:\n{}{}",
        run.status,
        run.stdout
            .lines()
            .filter(|l| l.starts_with("FAIL") || l.ends_with(" failed"))
            .collect::<Vec<_>>()
            .join("\n"),
        if run.stderr.is_empty() {
            String::new()
        } else {
            format!("\nstderr:\n{}", run.stderr)
        }
    );
}

#[test]
fn bundled_site_passes_the_real_browser_checks() {
    assert_site_passes("the bundled site", &harness::repo_root(), &[]);
}

/// relief's documentation (docs/) passes the same checks as the bundled site. It is built
/// for the root of the test server: its own base_url has a sub-path.
#[test]
fn docs_site_passes_the_real_browser_checks() {
    assert_site_passes(
        "the docs site",
        &harness::repo_root().join("docs"),
        &["--base-url", "https://example.org/"],
    );
}

/// A site with one flaw for each check: the harness must report every one
/// (a check that cannot fail proves nothing).
#[test]
fn browser_checks_catch_each_kind_of_flaw() {
    harness::require_browser_tools(true);
    let dir = tempfile::tempdir().expect("create a temporary directory");
    let site = dir.path();
    let css = ":root{--bg:#fff;--fg:#1a1a1a;--link:#0b57d0}\n\
        @media (prefers-color-scheme: dark){:root{--bg:#121212;--fg:#eee;--link:#8ab4f8}}\n\
        body{background:var(--bg);color:var(--fg);font:18px/1.5 sans-serif;margin:0;padding:1rem}\n\
        a{color:var(--link);display:inline-block;min-height:24px;min-width:24px}\n";
    let page = |title: &str, head: &str, main: &str| {
        format!(
            "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title}</title><link rel=\"stylesheet\" href=\"/site.css\">{head}</head>\n<body>\n\
             <header><nav aria-label=\"Main\"><ul><li><a href=\"/\">Home</a></li>\
             <li><a href=\"/no-h1/\">No heading</a></li><li><a href=\"/missing/\">Missing</a></li>\
             </ul></nav></header>\n<main>\n{main}\n</main>\n</body>\n</html>\n"
        )
    };
    let files = [
        ("site.css", css.to_string()),
        (
            "index.html",
            page(
                "Home",
                "",
                "<h1>Home</h1>\n\
                 <ul><li class=\"card\"><a href=\"/no-h1/\">No heading</a></li></ul>\n\
                 <img src=\"/missing.png\" width=\"10\" height=\"10\">\n\
                 <div style=\"width:2000px\">too wide</div>\n\
                 <script>console.error(\"deliberate console error\")</script>\n\
                 <script src=\"https://cdn.example.com/lib.js\"></script>",
            ),
        ),
        (
            "no-h1/index.html",
            page(
                "No heading",
                "<style>body{background:#fff!important;color:#000!important}</style>",
                "<h2>Light only</h2>",
            ),
        ),
        (
            "dark-only/index.html",
            page(
                "Dark only",
                "<style>body{background:#000!important;color:#fff!important}</style>",
                "<h1>Dark only</h1>",
            ),
        ),
        (
            "two-searches/index.html",
            page(
                "Two searches",
                "",
                "<h1>Two searches</h1>\n\
                 <form role=\"search\" action=\"/\"><label>Find <input name=\"q\"></label></form>\n\
                 <form role=\"search\" action=\"/\"><label>Look up <input name=\"q\"></label></form>",
            ),
        ),
        (
            "chart/index.html",
            page(
                "Chart",
                "",
                "<h1>Chart</h1>\n\
                 <figure class=\"evidence-chart\" aria-labelledby=\"c\"><figcaption id=\"c\">Evidence</figcaption>\n\
                 <svg width=\"250\" height=\"120\" aria-hidden=\"true\">\n\
                 <g class=\"chart-row\"><text class=\"chart-claim\" x=\"0\" y=\"15\">Pain</text><text class=\"chart-level\" x=\"0\" y=\"30\">Some</text>\
                 <rect class=\"chart-step chart-on\" x=\"0\" y=\"35\" width=\"40\" height=\"10\"/><rect class=\"chart-step\" x=\"50\" y=\"35\" width=\"40\" height=\"10\"/></g>\n\
                 <g class=\"chart-row\"><text class=\"chart-claim\" x=\"0\" y=\"75\">Sleep</text><text class=\"chart-level\" x=\"0\" y=\"90\">Some</text>\
                 <rect class=\"chart-step chart-on\" x=\"0\" y=\"95\" width=\"40\" height=\"10\"/><rect class=\"chart-step chart-on\" x=\"50\" y=\"95\" width=\"40\" height=\"10\"/></g>\n\
                 </svg>\n\
                 <table><thead><tr><th>Claim</th><th>Evidence</th></tr></thead><tbody>\
                 <tr><th>Pain</th><td>Limited</td></tr><tr><th>Sleep</th><td>Some</td></tr></tbody></table></figure>",
            ),
        ),
        (
            "tall-menu/index.html",
            page(
                "Tall menu",
                "",
                "<div style=\"height:500px\">A menu as tall as a phone's first screen</div>\n<h1>Tall menu</h1>",
            ),
        ),
        ("404.html", page("Not found", "", "<h1>Page not found</h1>")),
    ];
    for (name, text) in &files {
        let path = site.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    let run = harness::run_node_script("check-site.mjs", [site], Duration::from_secs(300));
    assert!(!run.status.success(), "check-site.mjs passed a broken site");
    let expect = [
        ("overflow", "/", "at 320px"),
        ("axe-light", "/", "image-alt"),
        ("axe-dark", "/", "image-alt"),
        ("axe-dark", "/no-h1/", "color-contrast"),
        ("axe-light", "/two-searches/", "landmark-unique"),
        ("light", "/dark-only/", "luminance"),
        ("dark", "/no-h1/", "luminance"),
        ("load", "/", "deliberate console error"),
        (
            "load",
            "/",
            "request to another origin: https://cdn.example.com/lib.js",
        ),
        ("load", "/", "HTTP 404"),
        ("nu", "/", "alt"),
        (
            "chart",
            "/chart/",
            "row 1: the bar shows \"Pain: Some\", the table \"Pain: Limited\"",
        ),
        (
            "chart",
            "/chart/",
            "\"Some\" fills 2 segments here and 1 above",
        ),
        ("phone", "/tall-menu/", "below the top 40% of the screen"),
        ("nav", "/no-h1/", "no h1"),
        ("nav", "/missing/", "answered 404"),
    ];
    let mut missing = Vec::new();
    for (check, page, text) in expect {
        let found = run.stdout.lines().any(|l| {
            let mut parts = l.split_whitespace();
            parts.next() == Some("FAIL")
                && parts.next() == Some(check)
                && parts.next() == Some(page)
                && l.contains(text)
        });
        if !found {
            missing.push(format!("{check} {page} ({text})"));
        }
    }
    assert!(
        missing.is_empty(),
        "check-site.mjs did not report: {}",
        missing.join(", ")
    );
}
