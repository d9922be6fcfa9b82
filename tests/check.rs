//! `relief check`: every diagnostic on a fixture, at its exact file:line:column; exit codes
//! and JSON output through the real binary.

mod common;
use common::copy_dir;
use relief::{Diagnostic, Severity};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn check(name: &str, base_url: Option<&str>) -> Vec<Diagnostic> {
    relief::check(
        &relief::BuildOptions {
            root: fixture(name),
            base_url: base_url.map(str::to_owned),
            ..Default::default()
        },
        relief::External::Skip,
    )
}

/// `relief check` of the site in `root`, without fetching external links.
fn check_dir(root: &std::path::Path) -> Vec<Diagnostic> {
    relief::check(
        &relief::BuildOptions {
            root: root.to_path_buf(),
            ..Default::default()
        },
        relief::External::Skip,
    )
}

/// `(code, severity, "file:line:column")` of every diagnostic.
fn located(diagnostics: &[Diagnostic]) -> Vec<(&'static str, Severity, String)> {
    diagnostics
        .iter()
        .map(|d| {
            let loc = d
                .location
                .as_ref()
                .expect("every check diagnostic has a location");
            (
                d.code,
                d.severity,
                format!(
                    "{}:{}:{}",
                    loc.file.display(),
                    loc.line.expect("a line"),
                    loc.column.expect("a column")
                ),
            )
        })
        .collect()
}

#[test]
fn every_diagnostic_points_at_its_source() {
    let diagnostics = check("check-broken", None);
    let mut found = located(&diagnostics);
    found.sort();
    use Severity::{Error, Warning};
    let mut expected = vec![
        ("broken-link", Error, "content/a/index.md:6:17"),
        ("broken-anchor", Error, "content/a/index.md:7:21"),
        ("missing-image", Error, "content/a/index.md:9:1"),
        ("malformed-url", Error, "content/a/index.md:10:7"),
        ("missing-asset", Error, "templates/page.html:3:47"),
        ("missing-asset", Error, "static/style.css:2:23"),
        ("broken-anchor", Error, "templates/page.html:6:10"),
        ("duplicate-title", Warning, "content/a/index.md:2:1"),
        ("duplicate-title", Warning, "content/b.md:2:1"),
        ("review-overdue", Warning, "content/a/index.md:4:1"),
        ("image-alt", Warning, "content/a/index.md:8:1"),
        ("orphan-page", Warning, "content/b.md:2:1"),
        ("missing-description", Warning, "content/b.md:2:1"),
    ]
    .into_iter()
    .map(|(c, s, l)| (c, s, l.to_string()))
    .collect::<Vec<_>>();
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn messages_name_the_problem_and_the_pages() {
    let diagnostics = check("check-broken", None);
    let message = |code: &str, file: &str| {
        diagnostics
            .iter()
            .find(|d| d.code == code && d.location.as_ref().unwrap().file == Path::new(file))
            .unwrap_or_else(|| panic!("no {code} in {file}"))
            .to_string()
    };
    let link = message("broken-link", "content/a/index.md");
    assert!(link.contains("`/nope/`"), "{link}");
    assert!(link.contains("6 | A [broken link](/nope/) here."), "{link}");
    assert!(link.contains("  |                 ^^^^^^"), "{link}");
    let asset = message("missing-asset", "templates/page.html");
    assert!(asset.contains("/missing.css"), "{asset}");
    assert!(asset.contains("on /a/ and 1 other page"), "{asset}");
    let anchor = message("broken-anchor", "content/a/index.md");
    assert!(
        anchor.contains("no element has the id `missing` in /"),
        "{anchor}"
    );
    let url = message("malformed-url", "content/a/index.md");
    assert!(url.contains("https://exa mple.org"), "{url}");
    assert!(
        url.contains("10 | Visit [site](<https://exa mple.org>)."),
        "{url}"
    );
    // A page bundle's image is looked for in the bundle, then in static/.
    let image = message("missing-image", "content/a/index.md");
    assert!(
        image.contains("relief looked for content/a/chart.png and static/a/chart.png"),
        "{image}"
    );
    let dup = message("duplicate-title", "content/b.md");
    assert!(dup.contains("also used by content/a/index.md"), "{dup}");
}

#[test]
fn links_outside_a_sub_path_base_url_are_broken() {
    let diagnostics = check("check-broken", Some("https://example.org/docs/"));
    let outside: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.message.contains("outside the site's base path /docs/"))
        .map(|d| located(std::slice::from_ref(d))[0].2.clone())
        .collect();
    assert_eq!(
        outside,
        vec!["content/a/index.md:6:17", "content/a/index.md:7:21"],
        "{diagnostics:#?}"
    );
    // Template links built with get_url follow the base path, so only the broken asset remains.
    assert!(!diagnostics
        .iter()
        .any(|d| d.message.contains("/docs/missing.css") && d.message.contains("outside")));
}

#[test]
fn a_build_error_is_reported_by_check() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("check-warnings"), dir.path());
    std::fs::write(
        dir.path().join("content/page.md"),
        "+++\ntitle = \"A page\"\ndescription = \"x\"\n+++\nSee [nothing](@/nothing.md).\n",
    )
    .unwrap();
    let diagnostics = check_dir(dir.path());
    assert_eq!(
        located(&diagnostics),
        vec![(
            "broken-link",
            Severity::Error,
            "content/page.md:5:5".to_string()
        )]
    );
}

#[test]
fn an_evidence_rating_without_a_citation_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("check-warnings"), dir.path());
    let config = dir.path().join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{text}\n[evidence.levels]\nsome = \"Some evidence\"\n"),
    )
    .unwrap();
    let page = |name: &str, body: &str| {
        std::fs::write(
            dir.path().join(format!("content/{name}.md")),
            format!("+++\ntitle = \"{name}\"\ndescription = \"d\"\nevidence = \"some\"\n\n[[references]]\nid = \"trial\"\ntitle = \"A trial\"\n+++\n{body}\n"),
        )
        .unwrap();
    };
    page("rated", "Massage helps, we say. [Home](@/_index.md)");
    page(
        "cited",
        "Massage helped in a trial [@trial]. [Home](@/_index.md)",
    );
    let diagnostics = check_dir(dir.path());
    let uncited: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.code == "uncited-evidence")
        .cloned()
        .collect();
    let uncited = located(&uncited);
    assert_eq!(
        uncited,
        [(
            "uncited-evidence",
            Severity::Warning,
            "content/rated.md:4:1".to_string()
        )],
        "{diagnostics:#?}"
    );
}

fn relief(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_relief"))
        .args(args)
        .output()
        .expect("run relief")
}

#[test]
fn exit_codes_follow_severity() {
    let broken = fixture("check-broken");
    let warnings = fixture("check-warnings");
    let out = relief(&["check", "--root", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--> templates/page.html:3:47"), "{stderr}");
    assert!(
        stderr.contains("relief check: 7 errors, 6 warnings"),
        "{stderr}"
    );

    let out = relief(&["check", "--root", warnings.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "warnings alone pass");
    let out = relief(&[
        "check",
        "--root",
        warnings.to_str().unwrap(),
        "--deny-warnings",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "--deny-warnings fails on warnings"
    );
}

#[test]
fn json_output_is_machine_readable() {
    let warnings = fixture("check-warnings");
    let out = relief(&[
        "check",
        "--root",
        warnings.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["code"], "missing-description");
    assert_eq!(d["location"]["file"], "content/page.md");
    assert_eq!(d["location"]["line"], 2);
    assert_eq!(d["location"]["column"], 1);

    let broken = fixture("check-broken");
    let out = relief(&[
        "check",
        "--root",
        broken.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"], 7);
}

#[test]
fn the_bundled_site_has_no_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let diagnostics = relief::check(
        &relief::BuildOptions {
            root: root.to_path_buf(),
            ..Default::default()
        },
        relief::External::Skip,
    );
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn an_anchor_a_heading_hook_dropped_is_traced_to_the_markdown_link() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("check-warnings"), dir.path());
    std::fs::create_dir_all(dir.path().join("templates/markdown")).unwrap();
    // A hook that forgets the heading's id: links to it pass the build's anchor check (the
    // id is known from the Markdown) but lead nowhere in the HTML.
    std::fs::write(
        dir.path().join("templates/markdown/heading.html"),
        "<h{{ heading.level }}>{{ heading.content }}</h{{ heading.level }}>",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/target.md"),
        "+++\ntitle = \"Target\"\ndescription = \"d\"\n+++\n## Dosage\n\nText. [Home](@/_index.md)\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/linker.md"),
        "+++\ntitle = \"Linker\"\ndescription = \"d\"\n+++\nSee [the dosage](@/target.md#dosage). [Home](@/_index.md)\n",
    )
    .unwrap();
    let diagnostics = check_dir(dir.path());
    let broken: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.message.contains("/target/#dosage"))
        .cloned()
        .collect();
    assert_eq!(
        located(&broken),
        [(
            "broken-anchor",
            Severity::Error,
            "content/linker.md:5:5".to_string()
        )],
        "{diagnostics:#?}"
    );
}

/// A copy of the check-warnings site with `body` appended to its page (which has no
/// description) and `config` appended to its config.toml.
fn warnings_site(body: &str, config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("check-warnings"), dir.path());
    let append = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        let old = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, old + text).unwrap();
    };
    append("content/page.md", body);
    append("config.toml", config);
    dir
}

#[test]
fn warnings_show_their_code_and_deny_warnings_says_why_it_fails() {
    let site = warnings_site("\n![](/style.css)\n", "");
    let root = site.path().to_str().unwrap();
    let out = relief(&["check", "--root", root]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning[missing-description]: the page has no description\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning[image-alt]: the image `/style.css` has no alt text\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("--deny-warnings"), "{stderr}");

    let out = relief(&["check", "--root", root, "--deny-warnings"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.lines().last(),
        Some("error: 2 warnings, and --deny-warnings treats them as errors"),
        "{stderr}"
    );
    let one = warnings_site("", "");
    let out = relief(&[
        "check",
        "--root",
        one.path().to_str().unwrap(),
        "--deny-warnings",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).lines().last(),
        Some("error: 1 warning, and --deny-warnings treats it as an error")
    );
}

#[test]
fn allowed_warnings_are_not_reported() {
    let site = warnings_site(
        "\n![](/style.css)\n",
        "\n[check]\nallow = [\"missing-description\", \"image-alt\"]\n",
    );
    let root = site.path().to_str().unwrap();
    let out = relief(&["check", "--root", root, "--deny-warnings"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr.trim(),
        "relief check: 0 errors, 0 warnings",
        "{stderr}"
    );
    // Only the codes listed: another warning still shows.
    let site = warnings_site(
        "\n![](/style.css)\n",
        "\n[check]\nallow = [\"image-alt\"]\n",
    );
    let diagnostics = check_dir(site.path());
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["missing-description"]);
}

/// A temporary copy of the broken-site corpus's good site, with `files` written over it.
fn good_site_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/_good"),
        dir.path(),
    );
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The broken links among `diagnostics`: `(file:line:column, message)`.
fn broken_links(diagnostics: &[Diagnostic]) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = diagnostics
        .iter()
        .filter(|d| d.code == "broken-link")
        .map(|d| {
            (
                located(std::slice::from_ref(d))[0].2.clone(),
                d.message.clone(),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn a_template_link_is_traced_to_the_template_that_rendered_the_page() {
    // Both templates write the same broken link: each page's finding is the template the
    // output plan rendered it with, not the first template (by name) holding the URL.
    let dir = good_site_with(&[
        (
            "templates/index.html",
            "{% extends \"base.html\" %}\n{% block content %}<a href=\"/gone/\">x</a>{% endblock content %}",
        ),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<a href=\"/gone/\">x</a>{{ page.content | safe }}{% endblock content %}",
        ),
    ]);
    assert_eq!(
        broken_links(&check_dir(dir.path())),
        vec![
            (
                "templates/index.html:2:29".to_string(),
                "link `/gone/` points to a file the site does not have (on /)".to_string()
            ),
            (
                "templates/page.html:3:10".to_string(),
                "link `/gone/` points to a file the site does not have (on /a/ and 1 other page)"
                    .to_string()
            ),
        ]
    );
}

#[test]
fn a_link_on_a_later_pager_is_traced_to_the_sections_markdown() {
    // Every pager of a section shows its Markdown: the plan says pager 2 is the section's.
    let dir = good_site_with(&[
        (
            "content/guide/_index.md",
            "+++\ntitle = \"Guide\"\npaginate_by = 1\n+++\nSee [gone](/gone/).\n",
        ),
        (
            "content/guide/c.md",
            "+++\ntitle = \"Page C\"\n+++\nText.\n",
        ),
    ]);
    assert_eq!(
        broken_links(&check_dir(dir.path())),
        vec![(
            "content/guide/_index.md:5:12".to_string(),
            "link `/gone/` points to a file the site does not have (on /guide/ and 1 other page)"
                .to_string()
        )]
    );
}
