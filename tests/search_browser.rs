//! Real-browser checks of the site search (issue 7).
//!
//! Builds the bundled site with the relief binary and runs `tests/browser/search.mjs` in
//! headless Chromium: typing "sleep" gives the sleep page first, "cortisol" the stress and
//! anxiety pages, a word that appears nowhere a clear "no results" message; results jump to
//! their section, work with the keyboard (arrows, Escape), pass axe-core, and nothing of the
//! search loads before a visitor starts searching; /search/ lists every topic without
//! JavaScript. On a Spanish page, "sueño" searches the Spanish index and finds the Spanish
//! sleep page first. A `--relative` build opened from `file://` (no server) searches the same way,
//! its results opening the right page files from disk.
//!
//! Needs Chromium, Node.js and `tests/browser/node_modules`: a missing tool fails the test
//! (run the suite with `scripts/test`, which installs them).

#[path = "browser/harness.rs"]
mod harness;

use std::time::Duration;

#[test]
fn search_works_in_a_real_browser() {
    harness::require_browser_tools(false);
    let site = harness::build_site(&harness::repo_root(), &[]);
    expect_all_passed(&harness::run_node_script(
        "search.mjs",
        [site.path.as_os_str()],
        Duration::from_secs(300),
    ));
}

/// A relative build promises to work from `file://`, where browsers refuse modules and
/// `fetch()`: search must still load, find, and link to page files that open from disk.
#[test]
fn search_works_from_disk_in_a_relative_build() {
    harness::require_browser_tools(false);
    let site = harness::build_site(&harness::repo_root(), &["--relative"]);
    expect_all_passed(&harness::run_node_script(
        "search-file.mjs",
        [site.path.as_os_str()],
        Duration::from_secs(300),
    ));
}

/// The documentation site's search, served and from disk (`tests/browser/search-docs.mjs`).
#[test]
fn docs_search_works_served_and_from_disk() {
    harness::require_browser_tools(false);
    let docs = harness::repo_root().join("docs");
    let served = harness::build_site(&docs, &["--base-url", "https://example.org/"]);
    expect_all_passed(&harness::run_node_script(
        "search-docs.mjs",
        [served.path.as_os_str()],
        Duration::from_secs(300),
    ));
    let relative = harness::build_site(&docs, &["--relative"]);
    expect_all_passed(&harness::run_node_script(
        "search-docs.mjs",
        [relative.path.as_os_str(), std::ffi::OsStr::new("--file")],
        Duration::from_secs(300),
    ));
}

/// Fail with the failed checks of a browser script's run, unless every check passed.
fn expect_all_passed(run: &harness::NodeRun) {
    let failures: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("FAIL"))
        .collect();
    assert!(
        run.status.success() && failures.is_empty() && run.stdout.contains(" passed, 0 failed"),
        "the search browser checks failed ({}):\n{}{}",
        run.status,
        failures.join("\n"),
        if run.stderr.is_empty() {
            String::new()
        } else {
            format!("\nstderr:\n{}", run.stderr)
        }
    );
}
