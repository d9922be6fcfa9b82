//! Broken sites: each case under tests/broken/NAME/ overlays the working site of
//! tests/broken/_good/. The good site is built first (the "previous output"), the case is laid
//! over it, and the real binary must then fail with exit code 1, name the file and line,
//! never panic, and leave the previous output — and every other file of the project —
//! byte for byte as it was.

mod common;
use common::{copy_dir, snapshot};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_relief");

fn broken_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken")
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn relief(args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("run relief");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The project of a case, ready to break: the good site, built once into public/.
struct Case {
    _dir: tempfile::TempDir,
    site: PathBuf,
}

impl Case {
    fn new(name: &str) -> Case {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        copy_dir(&broken_dir().join("_good"), &site);
        let good = relief(&["build", "--root", site.to_str().unwrap()]);
        assert_eq!(good.code, Some(0), "the good site builds: {}", good.stderr);
        assert!(site.join("public/a/index.html").is_file());
        let overlay = broken_dir().join(name);
        if name != "_good" {
            assert!(overlay.is_dir(), "tests/broken/{name} exists");
            copy_dir(&overlay, &site);
        }
        Case { _dir: dir, site }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.site.join(rel)
    }

    /// Build with `args` and check the failure: exit code 1, each `expected` text in stderr,
    /// no panic, and nothing under the project's folder changed (output or sources).
    fn fails(&self, args: &[&str], expected: &[&str]) -> String {
        let parent = self.site.parent().unwrap();
        let before = snapshot(parent);
        let mut all = vec!["build", "--root", self.site.to_str().unwrap()];
        all.extend_from_slice(args);
        let run = relief(&all);
        assert_eq!(
            run.code,
            Some(1),
            "exit code 1\nstdout: {}\nstderr: {}",
            run.stdout,
            run.stderr
        );
        for text in expected {
            assert!(
                run.stderr.contains(text),
                "stderr should contain {text:?}:\n{}",
                run.stderr
            );
        }
        assert_no_panic(&run.stderr);
        assert!(
            run.stderr.contains("the previous output is unchanged"),
            "{}",
            run.stderr
        );
        let after = snapshot(parent);
        assert_same(&before, &after);
        run.stderr
    }
}

fn assert_no_panic(stderr: &str) {
    for bad in ["panicked", "RUST_BACKTRACE", "stack backtrace", "thread '"] {
        assert!(!stderr.contains(bad), "a panic: {stderr}");
    }
}

fn assert_same(before: &BTreeMap<PathBuf, Vec<u8>>, after: &BTreeMap<PathBuf, Vec<u8>>) {
    let changed: Vec<&PathBuf> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(
        changed.is_empty(),
        "files changed by a failed build: {changed:?}"
    );
}

/// `--> file:line` exactly (not a longer line number that starts with the same digits).
fn at(stderr: &str, file: &str, line: usize) {
    let needle = format!("--> {file}:{line}");
    let found = stderr
        .match_indices(&needle)
        .any(|(i, _)| matches!(stderr[i + needle.len()..].chars().next(), Some(':' | '\n')));
    assert!(found, "expected a diagnostic at {file}:{line}:\n{stderr}");
}

/// `--> file:line:column` exactly.
fn at_column(stderr: &str, file: &str, line: usize, column: usize) {
    let needle = format!("--> {file}:{line}:{column}\n");
    assert!(
        stderr.contains(&needle),
        "expected a diagnostic at {file}:{line}:{column}:\n{stderr}"
    );
}

fn errors(stderr: &str) -> usize {
    stderr.lines().filter(|l| l.starts_with("error: ")).count() - 1
}

/// A case with exactly one error at `file:line` whose message contains `message`.
fn one(name: &str, file: &str, line: usize, message: &str) {
    let case = Case::new(name);
    let stderr = case.fails(&[], &[message]);
    at(&stderr, file, line);
    assert_eq!(errors(&stderr), 1, "{stderr}");
    assert!(stderr.contains("failed with 1 error;"), "{stderr}");
}

/// `(file:line:column, headline, help)` of each diagnostic printed in `stderr`, in order
/// (the closing "build failed" line left out).
fn printed(stderr: &str) -> Vec<(String, String, String)> {
    let mut found: Vec<(String, String, String)> = Vec::new();
    for line in stderr.lines() {
        let headline = line.starts_with("error: ") || line.starts_with("warning[");
        if headline && !line.starts_with("error: build failed") {
            found.push((String::new(), line.to_string(), String::new()));
        } else if let (Some(last), Some(at)) = (found.last_mut(), line.split_once("--> ")) {
            last.0 = at.1.to_string();
        } else if let (Some(last), Some(help)) = (found.last_mut(), line.split_once("= help: ")) {
            last.2 = help.1.to_string();
        }
    }
    found
}

/// A case whose build fails with exactly these diagnostics: `(file:line:column, headline,
/// help)`, in the order printed.
fn exactly(name: &str, expected: &[(&str, &str, &str)]) {
    let case = Case::new(name);
    let stderr = case.fails(&[], &[]);
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, m, h)| (a.to_string(), m.to_string(), h.to_string()))
        .collect();
    assert_eq!(printed(&stderr), expected, "{stderr}");
    let n = expected.len();
    let plural = if n == 1 { "" } else { "s" };
    assert!(
        stderr.contains(&format!("failed with {n} error{plural};")),
        "{stderr}"
    );
}

#[test]
fn the_good_site_builds_twice() {
    let case = Case::new("_good");
    let run = relief(&["build", "--root", case.site.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!case.path(".public.relief-tmp").exists());
}

// --- what a build checks in its own output ---

/// The warnings a build gives for the `build_warnings` case: a missing image, links to
/// nothing (relative and root-relative), a missing anchor, and a template's missing stylesheet.
const BUILD_WARNINGS: [(&str, usize, &str); 5] = [
    (
        "content/a.md",
        13,
        "warning[missing-image]: image `missing.png` points to a file the site does not have; relief looked for static/a/missing.png and content/missing.png (beside content/a.md) (on /a/)",
    ),
    (
        "content/a.md",
        15,
        "warning[broken-link]: link `../other.md` points to a file the site does not have (on /a/)",
    ),
    (
        "content/a.md",
        15,
        "warning[broken-link]: link `/no/such/` points to a file the site does not have (on /a/)",
    ),
    (
        "content/a.md",
        15,
        "`/guide/b/#no-such-part`: no element has the id `no-such-part` in /guide/b/",
    ),
    (
        "templates/page.html",
        4,
        "warning[missing-asset]: asset `/print.css` points to a file the site does not have (on /a/ and 1 other page)",
    ),
];

#[test]
fn build_warns_about_what_check_finds_in_the_output() {
    let case = Case::new("build_warnings");
    let run = relief(&["build", "--root", case.site.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_no_panic(&run.stderr);
    for (file, line, message) in BUILD_WARNINGS {
        assert!(run.stderr.contains(message), "{message}\n{}", run.stderr);
        at(&run.stderr, file, line);
    }
    let warnings = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning"))
        .count();
    assert_eq!(warnings, BUILD_WARNINGS.len(), "{}", run.stderr);
    // The build is complete: the page with the broken links is published.
    assert!(case.path("public/a/index.html").is_file());
}

#[test]
fn build_deny_warnings_fails_and_says_why() {
    let case = Case::new("build_warnings");
    let stderr = case.fails(
        &["--deny-warnings"],
        &["error: build failed: 5 warnings, and --deny-warnings treats warnings as errors; the previous output is unchanged"],
    );
    for (file, line, message) in BUILD_WARNINGS {
        assert!(stderr.contains(message), "{message}\n{stderr}");
        at(&stderr, file, line);
    }
}

#[test]
fn build_deny_warnings_passes_a_clean_site() {
    let case = Case::new("_good");
    let run = relief(&[
        "build",
        "--root",
        case.site.to_str().unwrap(),
        "--deny-warnings",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

// --- front matter ---

#[test]
fn front_matter_not_closed() {
    one("front_matter_not_closed", "content/a.md", 1, "never closed");
}

#[test]
fn toml_syntax_error() {
    one("toml_syntax_error", "content/a.md", 4, "unclosed array");
}

#[test]
fn wrong_type() {
    one(
        "wrong_type",
        "content/a.md",
        3,
        "`weight` must be a whole number, found a string (\"high\")",
    );
}

#[test]
fn unknown_key() {
    let case = Case::new("unknown_key");
    let stderr = case.fails(&[], &["unknown key `datte`", "did you mean `date`?"]);
    at(&stderr, "content/a.md", 3);
}

#[test]
fn a_file_name_whose_date_is_not_a_day() {
    exactly(
        "dated_name_not_a_day",
        &[(
            "content/guide/2026-02-30-leap.md",
            "error: the name starts with `2026-02-30`, which is not a date",
            "rename it with a real date, or set date = … in its front matter",
        )],
    );
}

#[test]
fn a_path_that_is_empty_leaves_the_site_is_taken_or_is_a_sections() {
    let help = "write the page's path on this site, e.g. path = \"about\" for /about/";
    exactly(
        "path_invalid",
        &[
            (
                "content/guide/_index.md:3",
                "error: `path` only applies to a page, not to a section (an `_index.md` file)",
                "a section's path is its folder's: move or rename the folder instead",
            ),
            ("content/guide/c.md:3", "error: path `` is empty", help),
            (
                "content/guide/d.md:3",
                "error: path `../up` contains a `.` or `..` segment",
                help,
            ),
            (
                "content/guide/e.md:4:1",
                "error: the URL `/guide/b/` is also produced by content/guide/b.md",
                "give one of them a different `path`",
            ),
        ],
    );
}

#[test]
fn authors_written_as_text_not_a_list() {
    exactly(
        "authors_not_a_list",
        &[(
            "content/guide/c.md:3:11",
            "error: `authors` must be a list of strings, found a string (\"Ada Lovelace\")",
            "write a list in square brackets: authors = [\"Ada Lovelace\"]",
        )],
    );
}

#[test]
fn in_search_index_written_as_text() {
    exactly(
        "in_search_index_not_a_flag",
        &[(
            "content/guide/c.md:3:19",
            "error: `in_search_index` must be true or false, found a string (\"no\")",
            "write in_search_index = false, without quotes",
        )],
    );
}

#[test]
fn date_that_is_not_a_date() {
    one("bad_date", "content/a.md", 4, "`date` is not a date");
}

#[test]
fn reference_doi_written_as_a_link() {
    // One error: the page linking to guide/b.md is not told that b.md does not exist.
    one(
        "reference_doi_is_a_link",
        "content/guide/b.md",
        7,
        "`doi` holds a link, not a DOI",
    );
}

#[test]
fn reference_pmid_that_is_not_a_number() {
    one(
        "reference_pmid_not_a_number",
        "content/a.md",
        12,
        "reference `two`: `pmid` = `PMID: 2954166` is not a PubMed number",
    );
}

#[test]
fn data_file_that_does_not_parse() {
    // The template line calling load_data, and the data file's own line in the message.
    one(
        "data_file_malformed",
        "templates/index.html",
        3,
        "data/clinic.json:3:",
    );
}

// Every mistake of a front matter in one run, each in the words of its cause.

#[test]
fn every_bad_key_in_one_run() {
    exactly(
        "front_matter_every_bad_key",
        &[
            (
                "content/a.md:2:1",
                "error: unknown key `titel`",
                "did you mean `title`?",
            ),
            (
                "content/a.md:3:1",
                "error: unknown key `descripton`",
                "did you mean `description`?",
            ),
            (
                "content/a.md:4:10",
                "error: `weight` must be a whole number, found a string (\"high\")",
                "write a whole number without quotes, e.g. weight = 10",
            ),
        ],
    );
}

#[test]
fn a_page_key_below_the_taxonomies_header_belongs_above_it() {
    let help = |line: &str| {
        format!("every key below a `[table]` header belongs to that table: move `{line}` above the `[taxonomies]` line")
    };
    exactly(
        "front_matter_key_below_taxonomies",
        &[
            (
                "content/a.md:7:1",
                "error: `weight` belongs above the `[taxonomies]` header",
                &help("weight = 3"),
            ),
            (
                "content/a.md:8:1",
                "error: `evidence` belongs above the `[taxonomies]` header",
                &help("evidence = \"some\""),
            ),
        ],
    );
}

#[test]
fn an_unknown_taxonomy_lists_the_sites_and_suggests_one() {
    exactly(
        "front_matter_unknown_taxonomy",
        &[(
            "content/a.md:6:1",
            "error: unknown taxonomy `tgas`",
            "did you mean `tags`? The taxonomies in config.toml are: tags",
        )],
    );
}

#[test]
fn a_date_in_another_shape_says_how_dates_are_written() {
    exactly(
        "date_misshapen",
        &[
            (
                "content/a.md:3:8",
                "error: `date` is not a date: `15/10/2026`; dates are written year-month-day, 2026-10-15",
                "write date = 2026-10-15 (no quotes needed)",
            ),
            (
                "content/a.md:4",
                "error: `reviewed` is not a date: `05/10/2026`; dates are written year-month-day, 2026-10-05 or 2026-05-10",
                "`05/10/2026` could be 5 October (reviewed = 2026-10-05) or 10 May (reviewed = 2026-05-10): write the one you mean",
            ),
        ],
    );
}

#[test]
fn yaml_front_matter_is_named_and_converted() {
    exactly(
        "yaml_front_matter",
        &[(
            "content/a.md:1",
            "error: the front matter is YAML (between `---` lines); relief reads TOML front matter between `+++` lines",
            "convert it to TOML: write `+++` for each `---` line, and `key = value` for each `key: value` line: `title: Page A` is `title = \"Page A\"` in TOML",
        )],
    );
}

#[test]
fn utf16_files_are_named_with_or_without_a_byte_order_mark() {
    let page = "+++\ntitle = \"Page A\"\n+++\n\nSee [B](@/guide/b.md#details).\n";
    let le: Vec<u8> = page.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = page.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let cases = [
        (
            [0xFF, 0xFE].iter().chain(&le).copied().collect::<Vec<u8>>(),
            "UTF-16 (little-endian, with a byte-order mark)",
        ),
        (
            [0xFE, 0xFF].iter().chain(&be).copied().collect(),
            "UTF-16 (big-endian, with a byte-order mark)",
        ),
        (le.clone(), "UTF-16 (little-endian)"),
        (be, "UTF-16 (big-endian)"),
    ];
    let help = "save it as UTF-8: in the editor's Save As dialog, choose the encoding UTF-8 (Windows Notepad calls UTF-16 \"Unicode\")";
    for (bytes, utf16) in cases {
        let case = Case::new("_good");
        std::fs::write(case.path("content/a.md"), bytes).unwrap();
        let stderr = case.fails(&[], &[]);
        assert_eq!(
            printed(&stderr),
            [(
                "content/a.md:1".to_string(),
                format!("error: the file is {utf16}, not UTF-8"),
                help.to_string()
            )],
            "{stderr}"
        );
    }
    let case = Case::new("_good");
    let config = "title = \"Good site\"\nbase_url = \"https://example.org/\"\n";
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(config.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(case.path("config.toml"), bytes).unwrap();
    let stderr = case.fails(&[], &[]);
    assert_eq!(
        printed(&stderr),
        [(
            "config.toml".to_string(),
            "error: config.toml is UTF-16 (little-endian, with a byte-order mark), not UTF-8"
                .to_string(),
            help.to_string()
        )],
        "{stderr}"
    );
}

#[test]
fn blank_lines_before_the_front_matter_are_accepted_and_lines_stay_right() {
    let case = Case::new("_good");
    let page = "\n  \n+++\ntitle = \"Page A\"\n+++\n\nSee [C](@/guide/c.md).\n";
    std::fs::write(case.path("content/a.md"), page).unwrap();
    let stderr = case.fails(&[], &["link to a page that does not exist: `@/guide/c.md`"]);
    at(&stderr, "content/a.md", 7);
    std::fs::write(
        case.path("content/a.md"),
        page.replace("(@/guide/c.md)", "(@/guide/b.md)"),
    )
    .unwrap();
    let run = relief(&["build", "--root", case.site.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(case.path("public/a/index.html").is_file());
}

#[test]
fn a_page_key_below_extra_is_a_warning_with_its_code_and_line() {
    let case = Case::new("key_below_extra");
    let run = relief(&["build", "--root", case.site.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let expected = (
        "content/a.md:10:1".to_string(),
        "warning[misplaced-key]: `reviewed` is below the `[extra]` header, so it is an extra value for templates, not the page's `reviewed`".to_string(),
        "move `reviewed = 2026-11-25` above the `[extra]` line: every key below a `[table]` header belongs to that table".to_string(),
    );
    assert_eq!(
        printed(&run.stderr),
        std::slice::from_ref(&expected),
        "{}",
        run.stderr
    );
    // `relief check` reports it the same way.
    let run = relief(&["check", "--root", case.site.to_str().unwrap()]);
    assert!(printed(&run.stderr).contains(&expected), "{}", run.stderr);
    // Allowed in config.toml: silent in both.
    let mut config = std::fs::read_to_string(case.path("config.toml")).unwrap();
    config.push_str("\n[check]\nallow = [\"misplaced-key\"]\n");
    std::fs::write(case.path("config.toml"), config).unwrap();
    for command in ["build", "check"] {
        let run = relief(&[command, "--root", case.site.to_str().unwrap()]);
        assert!(
            !run.stderr.contains("misplaced-key"),
            "{command}: {}",
            run.stderr
        );
    }
}

// --- shortcodes ---

#[test]
fn shortcode_that_does_not_exist() {
    let case = Case::new("shortcode_unknown");
    let stderr = case.fails(&[], &["unknown shortcode `vidoe`", "did you mean `video`?"]);
    at(&stderr, "content/a.md", 9);
    assert_eq!(errors(&stderr), 1, "{stderr}");
}

#[test]
fn shortcode_argument_without_quotes() {
    one(
        "shortcode_malformed",
        "content/a.md",
        7,
        "`x1` is not a value; put text in quotes",
    );
}

#[test]
fn shortcode_never_closed() {
    one(
        "shortcode_not_closed",
        "content/a.md",
        7,
        "shortcode `note` is never closed",
    );
}

#[test]
fn shortcode_template_error_names_the_template_line_and_the_call() {
    let case = Case::new("shortcode_template_error");
    let stderr = case.fails(
        &[],
        &["`title` is not defined", "while rendering content/a.md:9"],
    );
    at(&stderr, "templates/shortcodes/video.html", 2);
    assert_eq!(errors(&stderr), 1, "{stderr}");
}

// --- Markdown ---

#[test]
fn markdown_that_used_to_come_out_wrong_comes_out_right() {
    let case = Case::new("markdown_right");
    let run = relief(&["build", "--root", case.site.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_no_panic(&run.stderr);
    // Every reference is cited: in a heading, and inside a group.
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let html = std::fs::read_to_string(case.path("public/a/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let select = |css: &str| -> Vec<String> {
        doc.select(&scraper::Selector::parse(css).unwrap())
            .map(|e| e.inner_html())
            .collect()
    };
    // Escaped shortcode calls lose their /* */ inside code as outside it.
    assert_eq!(
        select("p:not(.callout-title) > code"),
        ["{{ video(id=\"x1\") }}"],
        "inline code"
    );
    assert!(
        html.contains("</code> to show a video; {{ video(id=&quot;x1&quot;) }} here too."),
        "{html}"
    );
    assert_eq!(
        select("pre code"),
        ["{{ video(id=\"x1\") }}\n{% note() %}\nText.\n{% end %}\n"]
    );
    // The author's title, with its inline Markdown, names the callout.
    assert!(
        html.contains(
            "<div class=\"callout callout-warning\" role=\"note\" aria-labelledby=\"callout-get-emergency-help-now\">\n\
             <p class=\"callout-title\" id=\"callout-get-emergency-help-now\"><svg class=\"callout-icon\" aria-hidden=\"true\" focusable=\"false\" width=\"24\" height=\"24\" viewBox=\"0 0 24 24\"><path fill=\"currentColor\" fill-rule=\"evenodd\" d=\"M12 1.5 23.5 22H.5ZM10.8 8.5h2.4v7h-2.4Zm0 8.8h2.4v2.4h-2.4Z\"/></svg><span>Get <em>emergency</em> help <code>now</code></span></p>\n\
             <p>Call 999 if the pain is sudden and severe.</p>\n</div>"
        ),
        "{html}"
    );
    // Without a title, a callout is as GitHub writes it, with the kind as its label.
    assert!(
        html.contains(
            "<div class=\"callout callout-note\" role=\"note\" aria-label=\"Note\">\n\
             <p class=\"callout-title\">Note</p>\n<p>An untitled note.</p>\n</div>"
        ),
        "{html}"
    );
    // The citation in the heading is a citation, not a link to nowhere.
    assert_eq!(select("h2 sup.citation a"), ["1"]);
    assert_eq!(select("p sup.citation a"), ["2", "3"]);
}

#[test]
fn unknown_callout_type() {
    let case = Case::new("callout_unknown");
    let stderr = case.fails(
        &[],
        &[
            "error: unknown callout type `[!DANGER]`",
            "= help: did you mean `[!CAUTION]`? The callout types are [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] and [!CAUTION]",
        ],
    );
    at_column(&stderr, "content/a.md", 9, 3);
    assert_eq!(errors(&stderr), 1, "{stderr}");
}

#[test]
fn undefined_footnote() {
    let case = Case::new("footnote_undefined");
    let stderr = case.fails(
        &[],
        &[
            "error: footnote `[^nope]` is not defined",
            "= help: the footnotes defined on this page are [^trial]; define this one with a line `[^nope]: The note's text.`",
        ],
    );
    at_column(&stderr, "content/a.md", 9, 22);
    assert_eq!(errors(&stderr), 1, "{stderr}");
}

#[test]
fn unknown_id_in_a_citation_group() {
    // Reported at its own column; the group's known ids count as cited (no warning).
    let case = Case::new("citation_group_unknown");
    let stderr = case.fails(
        &[],
        &[
            "error: citation of unknown reference `nope`",
            "= help: did you mean `@one`? (ids come from this page's [[references]])",
        ],
    );
    at_column(&stderr, "content/a.md", 15, 56);
    assert_eq!(errors(&stderr), 1, "{stderr}");
    assert!(!stderr.contains("never cited"), "{stderr}");
}

#[test]
fn not_utf8() {
    one("not_utf8", "content/a.md", 7, "not valid UTF-8");
}

#[test]
fn nul_byte() {
    one("nul_byte", "content/a.md", 8, "NUL byte");
}

#[test]
fn binary_file_named_md() {
    one(
        "binary_md",
        "content/photo.md",
        3,
        "looks like a binary file",
    );
}

#[test]
fn empty_file() {
    one("empty_file", "content/a.md", 1, "the file is empty");
}

// --- templates ---

#[test]
fn template_syntax_error() {
    one(
        "template_syntax_error",
        "templates/page.html",
        3,
        "expected }}",
    );
}

#[test]
fn template_unknown_filter() {
    one(
        "template_unknown_filter",
        "templates/page.html",
        3,
        "Unknown filter `shout`",
    );
}

#[test]
fn template_undefined_variable_is_reported_once() {
    // Both pages use page.html: the error is the template's, so it is reported once.
    one(
        "template_undefined_variable",
        "templates/page.html",
        4,
        "Field `subtitle` is not defined",
    );
}

#[test]
fn template_undefined_variable_in_a_comparison() {
    // Undefined equals undefined: without the error every page would say "You are here".
    one(
        "template_undefined_comparison",
        "templates/page.html",
        4,
        "Variable `current_page` is not defined (available: ",
    );
}

#[test]
fn template_two_undefined_fields_compared() {
    one(
        "template_undefined_both_fields",
        "templates/page.html",
        4,
        "Both sides of `==` are undefined, so the comparison says nothing.",
    );
}

#[test]
fn template_undefined_variable_in_a_filter() {
    one(
        "template_undefined_filter",
        "templates/page.html",
        4,
        "Variable `sectionn` is not defined (available: ",
    );
    let case = Case::new("template_undefined_filter");
    let stderr = case.fails(&[], &["so the `lower` filter cannot use it"]);
    assert!(
        stderr.contains("Test it first with `sectionn is defined`"),
        "{stderr}"
    );
}

#[test]
fn template_undefined_variable_in_a_test() {
    one(
        "template_undefined_test",
        "templates/page.html",
        4,
        "so the `starting_with` test cannot use it",
    );
}

#[test]
fn template_undefined_values_that_stay_allowed() {
    // `if x`, `is defined`, `default`, `or` and a missing field compared with a value keep
    // Tera's meaning (Zola themes rely on them): the site builds and says what they mean.
    let case = Case::new("_good");
    std::fs::write(
        case.path("templates/page.html"),
        r#"{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock title %}
{% block content %}<h1>{{ page.title }}</h1>
{% if nothing %}<p id="if">wrong</p>{% endif %}
{% if nothing is defined %}<p id="defined">wrong</p>{% endif %}
<p id="default">{{ nothing | default(value="fallback") }}</p>
<p id="or">{{ nothing or "either" }}</p>
{% if page.extra.missing == "x" %}<p id="field">wrong</p>{% endif %}
{% if config.extra?.missing?.deep != "x" %}<p id="chain">differs</p>{% endif %}
{{ page.content | safe }}{% endblock content %}"#,
    )
    .unwrap();
    let run = relief(&["build", "--root", case.site.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html = std::fs::read_to_string(case.path("public/a/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let text = |id: &str| {
        let selector = scraper::Selector::parse(&format!("#{id}")).unwrap();
        doc.select(&selector)
            .next()
            .map(|e| e.text().collect::<String>())
    };
    assert_eq!(text("if"), None);
    assert_eq!(text("defined"), None);
    assert_eq!(text("field"), None);
    assert_eq!(text("default").as_deref(), Some("fallback"));
    assert_eq!(text("or").as_deref(), Some("either"));
    assert_eq!(text("chain").as_deref(), Some("differs"));
}

#[test]
fn template_include_loop() {
    one(
        "template_include_loop",
        "templates/part.html",
        2,
        "templates include each other in a loop: page.html → part.html → part.html",
    );
}

#[test]
fn template_extends_loop() {
    one(
        "template_extends_loop",
        "templates/layout.html",
        1,
        "templates extend each other in a loop: layout.html → page.html → layout.html",
    );
}

#[test]
fn section_sort_by_unknown_or_on_a_page() {
    exactly(
        "section_sort_by",
        &[
            (
                "content/guide/_index.md:3",
                "error: `sort_by` = \"dates\" is not an order",
                "did you mean `date`? sort_by takes: date, update_date, title, title_bytes, weight, slug, permalink, none",
            ),
            (
                "content/guide/b.md:3",
                "error: `sort_by` only applies to a section (an `_index.md` file), not to a page",
                "move it to the front matter of the section's _index.md",
            ),
        ],
    );
}

#[test]
fn section_page_template_missing() {
    one(
        "section_page_template_missing",
        "content/guide/_index.md",
        4,
        "template `guide-page.html` does not exist",
    );
}

#[test]
fn page_render_that_is_not_a_flag() {
    exactly(
        "page_render_not_a_flag",
        &[(
            "content/a.md:3:10",
            "error: `render` must be true or false, found a string (\"no\")",
            "write render = false, without quotes",
        )],
    );
}

#[test]
fn section_redirect_to_outside_the_site() {
    exactly(
        "section_redirect_to",
        &[(
            "content/guide/_index.md:3",
            "error: redirect_to `../outside` leaves the site with `..`",
            "write a path on this site, e.g. redirect_to = \"docs/start\", or a full https:// URL",
        )],
    );
}

#[test]
fn section_paginate_path_not_one_segment() {
    exactly(
        "section_paginate_path",
        &[(
            "content/guide/_index.md:4",
            "error: paginate_path `pages/list` contains a slash or backslash",
            "write one URL segment, e.g. paginate_path = \"page\"",
        )],
    );
}

#[test]
fn section_insert_anchor_links_unknown() {
    exactly(
        "section_insert_anchor_links",
        &[(
            "content/guide/_index.md:3",
            "error: `insert_anchor_links` = \"lft\" is not a place for anchor links",
            "did you mean `left`? insert_anchor_links takes: left, right, heading, none",
        )],
    );
}

#[test]
fn missing_template() {
    one(
        "missing_template",
        "content/a.md",
        3,
        "template `special.html` does not exist",
    );
}

#[test]
fn extends_a_missing_template() {
    one(
        "missing_extends_parent",
        "templates/page.html",
        1,
        "`page.html` extends `layout.html`, which does not exist",
    );
}

// --- links and URLs ---

#[test]
fn link_to_a_missing_page() {
    one(
        "link_missing_page",
        "content/a.md",
        9,
        "link to a page that does not exist: `@/guide/c.md`",
    );
}

#[test]
fn link_to_a_page_with_no_close_name_shows_one_of_the_sites_pages() {
    let case = Case::new("link_no_close_page");
    let stderr = case.fails(
        &[],
        &[
            "error: link to a page that does not exist: `@/zzzz/qqqq.md`",
            "= help: internal links name a file under content/, e.g. @/a.md\n",
        ],
    );
    at_column(&stderr, "content/a.md", 7, 35);
    assert_eq!(errors(&stderr), 1, "{stderr}");
}

#[test]
fn link_to_a_draft() {
    let case = Case::new("link_to_draft");
    let stderr = case.fails(
        &[],
        &[
            "error: link to a draft: `@/guide/draft.md` has `draft = true`, and drafts are built only with --drafts",
            "= help: to publish it, remove `draft = true` from content/guide/draft.md; to preview it, run relief serve --drafts\n",
        ],
    );
    at_column(&stderr, "content/a.md", 7, 35);
    assert_eq!(errors(&stderr), 1, "{stderr}");
    assert!(!stderr.contains("did you mean"), "{stderr}");
    // With the drafts, the link works.
    let run = relief(&["build", "--root", case.site.to_str().unwrap(), "--drafts"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn template_link_to_a_draft() {
    let case = Case::new("template_link_to_draft");
    let stderr = case.fails(
        &[],
        &["`@/guide/draft.md` is a draft (`draft = true` in content/guide/draft.md), and drafts are built only with --drafts"],
    );
    at(&stderr, "templates/page.html", 4);
    assert!(!stderr.contains("did you mean"), "{stderr}");
}

#[test]
fn relative_link_to_a_draft() {
    const MESSAGE: &str = "link `../guide/draft/` leads to a draft: content/guide/draft.md has `draft = true`, and drafts are built only with --drafts (on /a/)";
    const HELP: &str = "= help: to publish it, remove `draft = true` from content/guide/draft.md; to preview it, run relief serve --drafts\n";
    let case = Case::new("link_to_draft_relative");
    let root = case.site.to_str().unwrap();
    // build warns, check fails; both say it is a draft.
    let build = relief(&["build", "--root", root]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    assert!(
        build
            .stderr
            .contains(&format!("warning[broken-link]: {MESSAGE}")),
        "{}",
        build.stderr
    );
    let check = relief(&["check", "--root", root]);
    assert_eq!(check.code, Some(1), "{}", check.stderr);
    for run in [&build, &check] {
        assert!(run.stderr.contains(HELP), "{}", run.stderr);
        at_column(&run.stderr, "content/a.md", 7, 50);
        assert!(!run.stderr.contains("does not have"), "{}", run.stderr);
    }
    assert!(check.stderr.contains(&format!("error: {MESSAGE}")));
    let check = relief(&["check", "--root", root, "--drafts"]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(!check.stderr.contains("leads to"), "{}", check.stderr);
}

#[test]
fn link_to_a_missing_anchor() {
    one(
        "link_missing_anchor",
        "content/a.md",
        7,
        "`#detials` does not exist in content/guide/b.md",
    );
}

/// A file name whose language the configuration does not declare (`a.fr.md`) is an error at
/// the file, never a page of its own at `/a-fr/`.
#[test]
fn a_language_the_site_does_not_declare() {
    one(
        "language_undeclared",
        "content/a.fr.md",
        1,
        "the file name says the page is in `fr`, which is not one of the site's languages",
    );
}

/// A translation of a page that does not exist.
#[test]
fn a_translation_of_nothing() {
    one(
        "language_orphan",
        "content/nothing.es.md",
        1,
        "`content/nothing.es.md` translates `content/nothing.md`, which does not exist",
    );
}

/// A language code that is no code, at its header.
#[test]
fn a_language_code_that_is_not_one() {
    one(
        "language_code_invalid",
        "config.toml",
        4,
        "`[languages.spanish language]`: `spanish language` is not a language code",
    );
}

/// `trans` of a key the language does not have: an error at the template's line, with the
/// key it may have meant.
#[test]
fn trans_of_a_missing_key() {
    let case = Case::new("language_trans_missing");
    let stderr = case.fails(
        &[],
        &["no translation `helo` for language `es`: did you mean `hello`?"],
    );
    at(&stderr, "templates/page.html", 4);
}

/// `date_format(lang=…)` in a language whose month names relief does not have: an error at
/// the template's line that names the languages it has.
#[test]
fn date_format_in_a_language_without_month_names() {
    let case = Case::new("date_format_unknown_language");
    let stderr = case.fails(
        &[],
        &["date_format knows the month names of en, es, fr, de, it, pt only, not of `nl`"],
    );
    at(&stderr, "templates/page.html", 4);
}

/// A translation citing other sources than its original.
#[test]
fn a_translation_with_other_references() {
    one(
        "language_references",
        "content/a.es.md",
        4,
        "the translation cites other sources than content/a.md: it adds `smith`",
    );
}

/// Two files of one language at one URL (a `path` taking a translation's place).
#[test]
fn two_translations_at_one_url() {
    one(
        "language_same_url",
        "content/guide/b.es.md",
        3,
        "the URL `/es/a/` is also produced by content/a.es.md",
    );
}

#[test]
fn two_pages_with_the_same_url() {
    one(
        "same_url",
        "content/guide/c.md",
        3,
        "the URL `/guide/b/` is also produced by content/guide/b.md",
    );
}

#[test]
fn slug_with_dotdot() {
    one("slug_dotdot", "content/a.md", 3, "slug `..` is `.` or `..`");
}

#[test]
fn slug_absolute() {
    one(
        "slug_absolute",
        "content/a.md",
        3,
        "slug `/etc/passwd` contains a slash",
    );
}

#[test]
fn slug_with_backslash() {
    one(
        "slug_backslash",
        "content/a.md",
        3,
        "contains a slash or backslash",
    );
}

#[test]
fn slug_with_nul() {
    one("slug_nul", "content/a.md", 3, "contains a NUL character");
}

#[test]
fn alias_with_dotdot() {
    one(
        "alias_dotdot",
        "content/a.md",
        3,
        "alias `../../outside/` contains a `.` or `..` segment",
    );
}

#[test]
fn alias_absolute_path() {
    one("alias_absolute", "content/a.md", 3, "contains a backslash");
}

#[test]
fn alias_absolute_url() {
    one(
        "alias_url",
        "content/a.md",
        3,
        "is an absolute URL or file path",
    );
}

#[test]
fn alias_with_backslash() {
    one("alias_backslash", "content/a.md", 3, "contains a backslash");
}

#[test]
fn alias_with_nul() {
    one("alias_nul", "content/a.md", 3, "contains a NUL character");
}

// --- links on disk ---

#[test]
fn symlink_loop_inside_content() {
    let case = Case::new("_good");
    std::fs::create_dir(case.path("content/loop")).unwrap();
    std::os::unix::fs::symlink("..", case.path("content/loop/up")).unwrap();
    let stderr = case.fails(
        &[],
        &["a symbolic link loops back to a folder that contains it"],
    );
    assert!(stderr.contains("--> content/loop/up\n"), "{stderr}");
    assert_eq!(errors(&stderr), 1, "{stderr}");
}

/// A folder outside the project with a page and a file in it.
fn outside_tree() -> tempfile::TempDir {
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir(outside.path().join("sub")).unwrap();
    std::fs::write(
        outside.path().join("sub/secret.md"),
        "+++\ntitle = \"Secret\"\n+++\n",
    )
    .unwrap();
    std::fs::write(outside.path().join("sub/secret.txt"), "secret").unwrap();
    outside
}

/// relief refuses links that leave the project (rather than copying their targets): a site
/// must never publish files from elsewhere on the machine by accident, and refusing is the
/// only choice that cannot leak, whatever the link points at.
#[test]
fn symlink_to_a_file_outside_the_project_is_refused() {
    let case = Case::new("_good");
    let outside = outside_tree();
    std::os::unix::fs::symlink(
        outside.path().join("sub/secret.md"),
        case.path("content/leak.md"),
    )
    .unwrap();
    let stderr = case.fails(&[], &["a symbolic link points outside the project"]);
    assert!(stderr.contains("--> content/leak.md\n"), "{stderr}");
}

#[test]
fn symlinked_folders_outside_the_project_are_refused_in_content_and_static() {
    let case = Case::new("_good");
    let outside = outside_tree();
    std::os::unix::fs::symlink(outside.path(), case.path("content/ext")).unwrap();
    std::os::unix::fs::symlink(outside.path(), case.path("static/ext")).unwrap();
    let stderr = case.fails(&[], &["a symbolic link points outside the project"]);
    assert!(stderr.contains("--> content/ext\n"), "{stderr}");
    assert!(stderr.contains("--> static/ext\n"), "{stderr}");
    // The linked folder is not walked: its page is neither read nor reported.
    assert!(!stderr.contains("secret"), "{stderr}");
    assert_eq!(errors(&stderr), 2, "{stderr}");
}

#[test]
fn symlinks_inside_the_project_still_work() {
    let case = Case::new("_good");
    std::fs::create_dir(case.path("shared")).unwrap();
    std::fs::write(case.path("shared/logo.txt"), "logo").unwrap();
    std::os::unix::fs::symlink(case.path("shared"), case.path("static/shared")).unwrap();
    let run = relief(&["build", "--root", case.site.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        std::fs::read(case.path("public/shared/logo.txt")).unwrap(),
        b"logo"
    );
}

// --- config.toml ---

#[test]
fn config_missing() {
    let case = Case::new("_good");
    std::fs::remove_file(case.path("config.toml")).unwrap();
    let stderr = case.fails(&[], &["config.toml not found"]);
    assert!(
        stderr.contains(&format!("--> {}\n", case.site.display())),
        "{stderr}"
    );
}

#[test]
fn config_empty() {
    one("config_empty", "config.toml", 1, "config.toml is empty");
}

#[test]
fn config_invalid_toml() {
    one("config_invalid", "config.toml", 3, "unclosed table");
}

#[test]
fn config_unknown_key() {
    let case = Case::new("config_unknown_key");
    let stderr = case.fails(&[], &["unknown key `languag`", "did you mean `language`?"]);
    at(&stderr, "config.toml", 3);
}

/// `[markdown.highlighting]` values relief cannot read: each an error at its line, with the
/// choices.
#[test]
fn highlighting_settings_wrong() {
    let case = Case::new("highlight_settings");
    let stderr = case.fails(
        &[],
        &[
            "failed with 3 errors",
            "error: `theme` is set with `light_theme` or `dark_theme`",
            "help: set either `theme`, or both `light_theme` and `dark_theme`",
            "error: `style` cannot be \"classes\"",
            "help: write one of: inline, class",
            "error: `data_attr_position` cannot be \"top\"",
            "help: write one of: code, pre, both, none",
        ],
    );
    assert_eq!(errors(&stderr), 3, "{stderr}");
    at_column(&stderr, "config.toml", 5, 9);
    at_column(&stderr, "config.toml", 7, 9);
    at_column(&stderr, "config.toml", 8, 22);
}

/// An unknown theme names the close one and lists the others; a grammar file that cannot be
/// read and a theme in VS Code's format are errors at their lines.
#[test]
fn highlighting_files_wrong() {
    let case = Case::new("highlight_files");
    let stderr = case.fails(
        &[],
        &[
            "failed with 3 errors",
            "error: there is no highlighting theme `catppucin-latte`",
            "help: did you mean `catppuccin-latte`? the themes are: ",
            "catppuccin-frappe, catppuccin-latte, catppuccin-macchiato, catppuccin-mocha",
            "error: cannot read the grammar file `grammars/missing.sublime-syntax`",
            "help: paths are relative to the folder of the configuration file",
            "error: the theme `themes/custom.json` is not a .tmTheme file",
            "VS Code's JSON themes are not supported yet",
        ],
    );
    assert_eq!(errors(&stderr), 3, "{stderr}");
    at_column(&stderr, "config.toml", 5, 15);
    at_column(&stderr, "config.toml", 7, 19);
    at_column(&stderr, "config.toml", 8, 17);
}

/// With `error_on_missing_language`, a fence naming no known language fails the build at
/// its line, naming the close languages.
#[test]
fn highlighting_unknown_language_is_an_error_when_asked() {
    let case = Case::new("highlight_unknown_language");
    let stderr = case.fails(
        &[],
        &[
            "error: no grammar for the code block's language `rusty`",
            "help: did you mean `rust`",
        ],
    );
    at(&stderr, "content/a.md", 9);
    assert_eq!(errors(&stderr), 1, "{stderr}");
}

/// Zola's search index settings relief cannot follow, both in one run: a format Zola does
/// not have, and an elasticlunr index for a language elasticlunr does not know.
#[test]
fn zola_search_settings_it_cannot_follow() {
    exactly(
        "zola_search_config",
        &[
            (
                "zola.toml:4",
                "error: Zola's search index (`build_search_index`) has no elasticlunr index for the language `eo`",
                "set index_format = \"fuse_json\" (or \"fuse_javascript\") in [search], whose index is the same for every language, or set build_search_index = false",
            ),
            (
                "zola.toml:7:16",
                "error: `index_format` in `[search]` must be one of Zola's search index formats, found \"elasticlunr_jsn\"",
                "did you mean \"elasticlunr_json\"?",
            ),
        ],
    );
}

/// A static file where Zola's search index writes its own is an error (Zola would let it
/// replace the generated one).
#[test]
fn zola_search_file_in_static() {
    let case = Case::new("zola_search_static_clash");
    let stderr = case.fails(
        &[],
        &[
            "error: static/elasticlunr.min.js would overwrite a file relief generates (sitemap, feed, search index or alias redirect) (both are `elasticlunr.min.js` in the output)",
            "--> static/elasticlunr.min.js",
            "help: rename or move the file",
        ],
    );
    assert_eq!(errors(&stderr), 1, "{stderr}");
}

#[test]
fn config_not_utf8() {
    let case = Case::new("_good");
    std::fs::write(
        case.path("config.toml"),
        b"title = \"Caf\xe9\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    case.fails(&[], &["config.toml is not valid UTF-8", "--> config.toml"]);
}

#[test]
fn base_url_not_a_url() {
    one(
        "config_base_url",
        "config.toml",
        3,
        "base_url `example.org/massage` is not a URL",
    );
}

#[test]
fn base_url_flag_not_a_url() {
    let case = Case::new("_good");
    case.fails(
        &["--base-url", "javascript:alert(1)"],
        &["--base-url `javascript:alert(1)` is not a URL"],
    );
}

// Every mistake of config.toml in one run, each in the words of its cause.

#[test]
fn config_every_unknown_key_and_wrong_type_in_one_run() {
    exactly(
        "config_every_mistake",
        &[
            (
                "config.toml:3:1",
                "error: unknown key `languag`",
                "did you mean `language`?",
            ),
            (
                "config.toml:4:17",
                "error: `relative_urls` must be true or false, found a string (\"yes\")",
                "write relative_urls = true, without quotes",
            ),
            (
                "config.toml:7:1",
                "error: unknown key `interval_dayz` in `[review]`",
                "did you mean `interval_days`? `[review]` takes: interval_days",
            ),
            (
                "config.toml:10:1",
                "error: unknown key `skip_prefix` in `[link_checker]`",
                "did you mean `skip_prefixes`? `[link_checker]` takes: skip_prefixes, internal_level, external_level, skip_anchor_prefixes, ignored_files",
            ),
        ],
    );
}

#[test]
fn config_site_key_below_a_table_header_belongs_above_it() {
    exactly(
        "config_key_below_table",
        &[(
            "config.toml:6:1",
            "error: `author` belongs above the `[link_checker]` header",
            "every key below a `[table]` header belongs to that table: move `author = \"The editors\"` above the `[link_checker]` line",
        )],
    );
}

#[test]
fn config_check_allow_takes_only_warning_codes() {
    let codes = "duplicate-title, image-alt, image-cache, link-moved, link-refused, link-unreachable, misplaced-key, missing-description, missing-feedback-url, missing-title, orphan-page, outdated-translation, review-overdue, uncited-evidence, undefined-footnote, unknown-language, unknown-taxonomy, unsorted-page, unused-reference";
    exactly(
        "config_check_allow",
        &[
            (
                "config.toml:7:5",
                "error: `orphan-pages` in `[check] allow` is not a warning's code",
                &format!(
                    "did you mean `orphan-page`? The warnings that can be allowed are: {codes}"
                ),
            ),
            (
                "config.toml:8:5",
                "error: `broken-link` is an error, and only warnings can be allowed",
                &format!(
                    "fix what it reports instead (`relief build` shows it as a warning, but `relief check` fails on it); the warnings that can be allowed are: {codes}"
                ),
            ),
        ],
    );
}

// --- output folder ---

#[test]
fn output_overlapping_the_sources_is_refused() {
    let case = Case::new("_good");
    for (output, why) in [
        ("content", "it is inside"),
        (".", "it contains the project"),
        ("templates/x", "it is inside"),
        ("static", "it is inside"),
        ("config.toml", "it is inside"),
        ("..", "it contains the project"),
        ("/", "it is the file system root"),
    ] {
        let stderr = case.fails(&["--output", output], &["refusing to use", why]);
        assert_eq!(errors(&stderr), 1, "{output}: {stderr}");
    }
}

// --- several errors ---

#[test]
fn several_errors_are_all_reported_once_each() {
    let case = Case::new("several_errors");
    let stderr = case.fails(&[], &["failed with 5 errors"]);
    let expected = [
        (
            "content/a.md",
            3,
            "`weight` must be a whole number, found a string (\"high\")",
        ),
        ("content/guide/b.md", 7, "`@/missing.md`"),
        ("content/guide/b.md", 7, "unknown reference `nobody2020`"),
        ("content/guide/c.md", 3, "`date` is not a date"),
        ("templates/section.html", 2, "Unknown filter `shout`"),
    ];
    for (file, line, message) in expected {
        at(&stderr, file, line);
        assert_eq!(
            stderr.matches(message).count(),
            1,
            "{message} once:\n{stderr}"
        );
    }
    assert_eq!(errors(&stderr), expected.len(), "{stderr}");
}

#[test]
fn every_broken_template_is_reported_with_the_content_errors() {
    // Tera stops at its first broken template; relief parses each on its own to find the rest.
    let case = Case::new("template_syntax_errors");
    let stderr = case.fails(&[], &["failed with 3 errors"]);
    for (file, line) in [
        ("templates/page.html", 2),
        ("templates/section.html", 2),
        ("content/a.md", 5),
    ] {
        at(&stderr, file, line);
    }
    assert_eq!(errors(&stderr), 3, "{stderr}");
}

// --- never hang, never flood ---

#[test]
fn template_component_recursion_is_stopped() {
    // Tera stops component recursion at depth 20; its error carries no line of its own.
    let case = Case::new("template_component_recursion");
    let stderr = case.fails(
        &[],
        &["Maximum render recursion depth for components exceeded"],
    );
    assert!(stderr.contains("--> templates"), "{stderr}");
}

#[test]
fn fifos_and_devices_in_the_sources_do_not_hang_the_build() {
    // Reading a FIFO named like a page would block for ever; relief only reads regular files.
    let case = Case::new("_good");
    for fifo in ["content/pipe.md", "static/pipe.css", "templates/pipe.html"] {
        let path = std::ffi::CString::new(case.path(fifo).to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0, "{fifo}");
    }
    let mut child = Command::new(BIN)
        .args(["build", "--root", case.site.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("the build hung on a FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
}

#[test]
fn an_error_on_a_1_mb_line_prints_a_short_snippet() {
    let case = Case::new("_good");
    let long = "word ".repeat(200_000);
    std::fs::write(
        case.path("content/a.md"),
        format!("+++\ntitle = \"A\"\n+++\n{long}[x](@/nowhere.md) {long}\n"),
    )
    .unwrap();
    let stderr = case.fails(&[], &["`@/nowhere.md`"]);
    at(&stderr, "content/a.md", 4);
    assert!(stderr.len() < 2000, "{} bytes of stderr", stderr.len());
    let code = stderr.lines().find(|l| l.starts_with("4 | ")).unwrap();
    assert!(code.contains("[x](@/nowhere.md)"), "{code}");
}

#[test]
fn toml_nested_100_000_deep_is_an_error_not_a_stack_overflow() {
    let case = Case::new("_good");
    let n = 100_000;
    std::fs::write(
        case.path("content/a.md"),
        format!(
            "+++\ntitle = \"A\"\n[extra]\na = {}{}\n+++\n",
            "[".repeat(n),
            "]".repeat(n)
        ),
    )
    .unwrap();
    let stderr = case.fails(&[], &["cannot recurse further"]);
    at(&stderr, "content/a.md", 4);
}

#[test]
fn static_files_and_assets_never_silently_replace_pages() {
    // They used to overwrite the page's output (which one won depended on write order).
    let case = Case::new("output_overwrites");
    let stderr = case.fails(&[], &["failed with 3 errors"]);
    for (file, what) in [
        (
            "static/a/index.html",
            "would overwrite the page content/a.md",
        ),
        (
            "content/guide/index.html",
            "would overwrite the page content/guide/_index.md",
        ),
        (
            "static/sitemap.xml",
            "would overwrite a file relief generates",
        ),
    ] {
        assert!(stderr.contains(&format!("--> {file}\n")), "{stderr}");
        assert!(stderr.contains(&format!("{file} {what}")), "{stderr}");
    }
}

#[test]
fn a_static_robots_txt_replaces_the_generated_one() {
    let case = Case::new("_good");
    std::fs::write(
        case.path("static/robots.txt"),
        "User-agent: *\nDisallow: /\n",
    )
    .unwrap();
    let run = relief(&["build", "--root", case.site.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(case.path("public/robots.txt")).unwrap(),
        "User-agent: *\nDisallow: /\n"
    );
}

/// A theme that is not in themes/: at the `theme` key, naming the themes there.
#[test]
fn theme_missing() {
    let case = Case::new("theme_missing");
    let stderr = case.fails(
        &[],
        &[
            "error: theme `plian` is not a folder of themes/",
            "help: did you mean `plain`? The themes in themes/ are: dark, plain",
        ],
    );
    at_column(&stderr, "config.toml", 3, 9);
    assert_eq!(errors(&stderr), 1, "{stderr}");
}

/// A theme.toml that is not TOML: at its line.
#[test]
fn theme_toml_invalid() {
    let case = Case::new("theme_toml_invalid");
    let stderr = case.fails(&[], &["--> themes/plain/theme.toml:4:"]);
    assert_eq!(errors(&stderr), 1, "{stderr}");
}

// Images asked of `resize_image` that relief cannot process: each an error at the template
// line that asked, never a panic, and memory bounded (tests/broken/image_*, made by
// scripts/broken-images.py).

#[test]
fn an_image_that_is_not_one() {
    one(
        "image_not_an_image",
        "templates/index.html",
        3,
        "`resize_image`: `chart.png`: it is damaged or cut short (Format error decoding Png: Invalid PNG signature.)",
    );
}

#[test]
fn an_image_in_a_format_relief_does_not_read() {
    one(
        "image_unsupported",
        "templates/index.html",
        3,
        "`resize_image`: `scan.bmp`: its format is not one relief can read",
    );
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header() {
    one(
        "image_bomb",
        "templates/index.html",
        3,
        "`resize_image`: `bomb.png`: it is 30000 × 30000 pixels (900 megapixels), more than the 100 relief decodes; make it smaller first",
    );
}

#[test]
fn an_image_outside_the_project() {
    one(
        "image_outside",
        "templates/index.html",
        3,
        "`../../../../../../../../../etc/passwd` is outside the project; templates read only files inside it",
    );
}

#[test]
fn an_image_the_project_does_not_have_says_where_relief_looked() {
    one(
        "image_missing",
        "templates/index.html",
        3,
        "`resize_image`: there is no file `photos/knee.png`; relief looked for photos/knee.png, static/photos/knee.png and content/photos/knee.png",
    );
}

/// A page kept as one file (`content/guide/c.md`) may show an image beside it
/// (`content/guide/knee.png`); one it does not have is reported with the places relief
/// looked in (tests/broken/image_beside_missing).
#[test]
fn an_image_beside_a_single_file_page_is_found_or_said_where_relief_looked() {
    let case = Case::new("image_beside_missing");
    let root = case.site.to_str().unwrap();
    let run = relief(&["build", "--root", root]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning[missing-image]: image `knee.png` points to a file the site does not have; \
             relief looked for static/guide/c/knee.png and content/guide/knee.png \
             (beside content/guide/c.md) (on /guide/c/)"
        ),
        "{}",
        run.stderr
    );
    at(&run.stderr, "content/guide/c.md", 7);
    // Once beside the page, it is found, and written where the folder's files are published.
    image::RgbImage::from_pixel(40, 30, image::Rgb([200, 100, 50]))
        .save(case.path("content/guide/knee.png"))
        .unwrap();
    let run = relief(&["build", "--root", root]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("missing-image"), "{}", run.stderr);
    let page = std::fs::read_to_string(case.path("public/guide/c/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&page);
    let img = doc
        .select(&scraper::Selector::parse("img[alt='A swollen knee']").unwrap())
        .next()
        .unwrap_or_else(|| panic!("{page}"));
    assert_eq!(img.value().attr("src"), Some("/guide/knee.png"));
    assert_eq!(img.value().attr("width"), Some("40"));
    assert!(case.path("public/guide/knee.png").is_file());
}
