//! Real-browser checks of the bundled site (issue 3, "Tests in the suite").
//!
//! Builds the site with the relief binary into a temporary directory and runs
//! `tests/browser/check-site.mjs` on it: every page loads in headless Chromium
//! without console errors, failed requests or requests to other origins; no
//! horizontal overflow at 320/768/1280 px; clicking the header navigation and
//! the home page's cards works, and Back returns home; the dark palette
//! applies with prefers-color-scheme: dark; axe-core finds no WCAG 2.2 A/AA
//! violation in light and dark; the Nu HTML checker finds no error.
//!
//! Needs Chromium, Node.js, a JRE and `tests/browser/node_modules`: run the
//! suite with `scripts/test`, which installs them.

#[path = "browser/harness.rs"]
mod harness;

use std::time::Duration;

#[test]
fn bundled_site_passes_the_real_browser_checks() {
    harness::require_browser_tools(true);
    let site = harness::build_site(&harness::repo_root(), &[]);
    let run = harness::run_node_script(
        "check-site.mjs",
        [site.path.as_os_str()],
        Duration::from_secs(600),
    );
    assert!(
        run.status.success(),
        "the browser checks of the bundled site failed ({}); the failures:\n{}{}",
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
