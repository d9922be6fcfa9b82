//! No content crashes relief. A page body of up to a megabyte or so that is *flat* (one
//! long word, one huge line, tens of thousands of lines, list items, links, citations,
//! shortcode calls, headings, a huge table row, and generated mixes of those) is built in
//! process, every step from Markdown to the written files, on threads with a small stack: no
//! step may recurse once per word, line or item, only as deep as the nesting it parses. A
//! stack overflow is not a panic: it aborts this test binary, naming the thread, which is
//! named after the case.
//!
//! Nesting that Markdown itself parses (blockquotes in blockquotes, lists in lists,
//! brackets in brackets) is held to the same small stack: see `deep_nesting_*`.

mod common;

use common::{copy_dir, repo, write_file};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// The stack of every thread a build runs on here: the caller and the worker pool.
const STACK: usize = 512 * 1024;

/// The page under test is `content/a.md`: this front matter, then the body.
const FRONT_MATTER: &str = r#"+++
title = "Robust"
description = "A page with a very large body."
date = 2024-01-01

[taxonomies]
tags = ["x"]

[[references]]
id = "a"
title = "First"
year = 2020

[[references]]
id = "b"
title = "Second"
+++
"#;

/// The bundled templates and config with the pages, shortcodes and data of
/// tests/fixtures/fuzz-site (the site fuzz/fuzz_targets/site.rs builds), and its Markdown
/// hooks when `hooks`.
fn site(hooks: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let repo = repo();
    let fixture = repo.join("tests/fixtures/fuzz-site");
    std::fs::copy(repo.join("config.toml"), root.join("config.toml")).unwrap();
    for folder in ["templates", "static"] {
        copy_dir(&repo.join(folder), &root.join(folder));
    }
    for folder in ["content", "templates", "data"] {
        copy_dir(&fixture.join(folder), &root.join(folder));
    }
    if hooks {
        copy_dir(&fixture.join("hooks"), root);
    }
    dir
}

/// What a build of one body came to.
#[derive(Debug)]
enum Outcome {
    Built,
    /// Failed, with errors, each located in a file: the first few.
    Failed(String),
}

/// Build `body` as the page of a fresh site, in process, on threads with `stack` bytes of
/// stack: the calling thread and a pool of two workers for every parallel step. Panics if
/// the build panics or fails without an error; overflowing the stack aborts the process.
fn build_with_stack(name: &str, body: &str, hooks: bool, stack: usize) -> (Outcome, PathBuf) {
    let dir = site(hooks);
    write_file(dir.path(), "content/a.md", &format!("{FRONT_MATTER}{body}"));
    let options = relief::BuildOptions {
        root: dir.path().to_path_buf(),
        output: "public".into(),
        ..Default::default()
    };
    let thread_name = format!("robust: {name}");
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .stack_size(stack)
        .thread_name({
            let thread_name = thread_name.clone();
            move |i| format!("{thread_name} (worker {i})")
        })
        .build()
        .unwrap();
    let outcome = std::thread::Builder::new()
        .name(thread_name)
        .stack_size(stack)
        .spawn(move || match pool.install(|| relief::build(&options)) {
            Ok(_) => Outcome::Built,
            Err(failed) => {
                let errors: Vec<_> = failed.diagnostics.iter().filter(|d| d.is_error()).collect();
                assert!(!errors.is_empty(), "failed without an error");
                for e in &errors {
                    assert!(e.location.is_some(), "an error names no file: {e}");
                }
                let first: Vec<String> = errors.iter().take(3).map(|e| e.to_string()).collect();
                Outcome::Failed(first.join("\n"))
            }
        })
        .unwrap()
        .join()
        .unwrap_or_else(|_| panic!("{name}: the build panicked"));
    (outcome, dir.keep())
}

/// Build `body` on small stacks; it must build, and its output is removed.
fn builds(name: &str, body: &str, hooks: bool) {
    let (outcome, root) = build_with_stack(name, body, hooks, STACK);
    let _ = std::fs::remove_dir_all(&root);
    if let Outcome::Failed(errors) = outcome {
        panic!("{name} does not build:\n{errors}");
    }
}

/// Build `body` on small stacks; it must fail with errors, never crash.
fn fails(name: &str, body: &str, hooks: bool) {
    let (outcome, root) = build_with_stack(name, body, hooks, STACK);
    let _ = std::fs::remove_dir_all(&root);
    assert!(matches!(outcome, Outcome::Failed(_)), "{name}: {outcome:?}");
}

const MB: usize = 1 << 20;

/// `piece(i)` for i = 0, 1, … until the text is at least `size` bytes.
fn repeat(size: usize, piece: impl Fn(usize) -> String) -> String {
    let mut out = String::with_capacity(size + 64);
    let mut i = 0;
    while out.len() < size {
        out.push_str(&piece(i));
        i += 1;
    }
    out
}

#[test]
fn a_megabyte_word_and_a_megabyte_line() {
    builds(
        "long word",
        &format!("Before {} after.\n", "w".repeat(MB)),
        false,
    );
    builds(
        "long URL",
        &format!("<https://example.org/{}>\n", "a/".repeat(MB / 2)),
        true,
    );
    builds("huge line", &repeat(MB, |i| format!("word{i} ")), false);
    builds(
        "huge table row",
        &format!("{}|\n{}|\n", "| a ".repeat(MB / 8), "|---".repeat(MB / 8)),
        false,
    );
}

#[test]
fn tens_of_thousands_of_lines_and_list_items() {
    let lines = |n: usize, line: &dyn Fn(usize) -> String| (0..n).map(line).collect::<String>();
    builds("50k lines", &lines(50_000, &|i| format!("l{i}\n")), false);
    builds(
        "20k list items",
        &lines(20_000, &|i| format!("- item {i}\n")),
        false,
    );
    builds(
        "10k headings",
        &lines(10_000, &|i| format!("## Heading {}\n\n", i % 10)),
        false,
    );
    builds(
        "10k footnotes",
        &lines(10_000, &|i| format!("T[^{i}].\n\n[^{i}]: N.\n\n")),
        false,
    );
}

#[test]
fn tens_of_thousands_of_links_citations_and_shortcodes() {
    builds(
        "20k links",
        &(0..10_000)
            .map(|i| format!("[l{i}](https://example.org/{i}) [b](@/b.md#anchor) "))
            .collect::<String>(),
        false,
    );
    builds(
        "2k links through the hook",
        &"[b](@/b.md#anchor) ".repeat(2_000),
        true,
    );
    builds("10k citations", &"[@a] [@a; @b] ".repeat(5_000), false);
    builds(
        "5k shortcodes",
        &(0..5_000)
            .map(|i| {
                format!(
                    "{{{{ video(id=\"{i}\", start={i}) }}}} {{{{ items(items=[1, [2, 3]]) }}}}\n"
                )
            })
            .collect::<String>(),
        true,
    );
    builds(
        "5k shortcode bodies",
        &"{% note(title=\"n\") %}\n*body* [@a]\n{% end %}\n".repeat(5_000),
        false,
    );
    builds("5k images", &"![alt](/favicon.svg) ".repeat(5_000), true);
}

#[test]
fn thousands_of_errors_on_one_line_fail_with_diagnostics() {
    // Each error shows a window of the line, not the whole megabyte line.
    fails("10k unknown citations", &"[@zz] ".repeat(10_000), false);
    fails("10k broken links", &"[x](@/nope.md) ".repeat(10_000), false);
    fails(
        "10k bad shortcodes",
        &"{{ video(id=) }} ".repeat(10_000),
        false,
    );
}

#[test]
fn deep_nesting_stays_within_the_small_stack() {
    builds(
        "10k nested blockquotes",
        &format!("{}deep\n", "> ".repeat(10_000)),
        false,
    );
    builds(
        "100k nested brackets",
        &format!("{}x{}", "[".repeat(100_000), "]".repeat(100_000)),
        true,
    );
    builds("50k emphasis openers", &"*a **b _c ".repeat(50_000), false);
    let lists: String = (0..2_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    builds("2k nested lists", &lists, false);
    let divs = format!(
        "{}x{}",
        "<div>\n\n".repeat(10_000),
        "</div>\n".repeat(10_000)
    );
    builds("10k nested divs", &divs, false);
    fails(
        "256 KiB of nested shortcode lists",
        &format!("{{{{ items(items={}1) }}}}", "[".repeat(MB / 4)),
        false,
    );
}

/// Flat Markdown constructs: a pattern of these repeated to a few hundred kilobytes.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,40}( |\n)",
        Just("\n\n".to_string()),
        "[a-z]{1,8}".prop_map(|w| format!("## {w}\n\n")),
        "[a-z]{1,8}".prop_map(|w| format!("- {w}\n")),
        "[a-z]{1,8}".prop_map(|w| format!("1. {w}\n")),
        "[a-z]{1,8}".prop_map(|w| format!("| {w} | x |\n")),
        Just("|---|---|\n".to_string()),
        "[a-z]{1,8}".prop_map(|w| format!("[{w}](https://example.org/{w}) ")),
        Just("[bee](@/b.md) ".to_string()),
        Just("[@a] ".to_string()),
        Just("[@a; @b] ".to_string()),
        "[0-9]{1,3}".prop_map(|n| format!("{{{{ video(id=\"{n}\") }}}} ")),
        Just("{% note() %}\n".to_string()),
        Just("{% end %}\n".to_string()),
        "[a-z]{1,8}".prop_map(|w| format!("*{w}* **{w}** `{w}` ")),
        "[a-z]{1,8}".prop_map(|w| format!("![{w}](/favicon.svg) ")),
        "[a-z]{1,8}".prop_map(|w| format!("[^{w}] ")),
        "[a-z]{1,8}".prop_map(|w| format!("\n[^{w}]: note\n")),
        Just("<span>".to_string()),
        Just("</span>".to_string()),
        Just("```\n".to_string()),
        Just("> ".to_string()),
        Just("{{ ".to_string()),
        Just("\r".to_string()),
        Just("é日本😀 ".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 6,
        max_shrink_iters: 16,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Any mix of flat constructs, repeated to 192 KiB, builds or fails with located errors
    /// on the small stack.
    #[test]
    fn generated_flat_mixes_build_or_fail_with_diagnostics(
        pattern in prop::collection::vec(piece(), 1..8),
        hooks in any::<bool>(),
    ) {
        let unit: String = pattern.concat();
        let body = repeat(192 * 1024, |_| unit.clone());
        // Named after its pattern, so that an overflow's abort message shows it.
        let name: String = format!("{unit:?} repeated, hooks {hooks}").chars().take(300).collect();
        let (_, root) = build_with_stack(&name, &body, hooks, STACK);
        let _ = std::fs::remove_dir_all(&root);
    }
}

/// The data of a search file, `reliefSearch.put("name", DATA);` with DATA a template literal
/// in backticks, a JSON string, or JSON, as the search guide (docs/content/guides/search.md)
/// describes it.
fn script_data(script: &str) -> Option<String> {
    let rest = script.strip_prefix("reliefSearch.put(\"")?;
    let (_, data) = rest.split_once("\",")?;
    let data = data.strip_suffix(");\n")?;
    Some(match data.as_bytes().first()? {
        b'`' => data.strip_prefix('`')?.strip_suffix('`')?.to_string(),
        b'"' => serde_json::from_str::<String>(data).ok()?,
        _ => data.to_string(),
    })
}

/// The numbers of a posting string: base 32, a number's last digit from the first alphabet
/// and its others from the second.
fn decode(text: &str) -> Vec<u32> {
    const FINAL: &[u8] = b"0123456789abcdefghijklmnopqrstuv";
    const CONTINUE: &[u8] = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
    let mut values = Vec::new();
    let mut acc = 0u32;
    for b in text.bytes() {
        if let Some(d) = FINAL.iter().position(|&f| f == b) {
            values.push(acc * 32 + d as u32);
            acc = 0;
        } else if let Some(d) = CONTINUE.iter().position(|&c| c == b) {
            acc = acc * 32 + d as u32;
        }
    }
    values
}

/// The pages that the search files under `out` list for `word`, read as static/search.js
/// reads them: index.js names the shard of the longest prefix the word's stem starts with,
/// the shard's line for the stem holds (page delta, chunk, score) postings, and the fragment
/// files hold the pages' paths.
fn search(out: &Path, word: &str) -> Vec<String> {
    let read = |file: &str| {
        let script = std::fs::read_to_string(out.join("search").join(file)).unwrap();
        script_data(&script).unwrap_or_else(|| panic!("search/{file} is not a search script"))
    };
    let meta: serde_json::Value = serde_json::from_str(&read("index.js")).unwrap();
    // The words searched for here are lower-case ASCII: their index term is their stem.
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let stem = stemmer.stem(word).into_owned();
    let shards = meta["shards"].as_object().unwrap();
    let Some(prefix) = shards
        .keys()
        .filter(|p| stem.starts_with(p.as_str()))
        .max_by_key(|p| p.len())
    else {
        return Vec::new();
    };
    let shard = read(shards[prefix].as_str().unwrap());
    let Some(postings) = shard
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{stem} ")))
    else {
        return Vec::new();
    };
    let starts: Vec<usize> = meta["fragments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap() as usize)
        .collect();
    let mut page = 0;
    let mut found = Vec::new();
    for triple in decode(postings).chunks(3) {
        page += triple[0] as usize;
        let file = starts.partition_point(|&s| s <= page) - 1;
        let fragment: serde_json::Value =
            serde_json::from_str(&read(&format!("f-{file}.js"))).unwrap();
        let path = fragment[page - starts[file]][0]
            .as_str()
            .unwrap()
            .to_string();
        if !found.contains(&path) {
            found.push(path);
        }
    }
    found
}

#[test]
fn a_megabyte_word_builds_and_the_other_words_are_still_found() {
    // `relief build` itself, as a visitor's pasted data URI or hash would meet it.
    let dir = site(false);
    let root = dir.path();
    let huge = "z".repeat(MB);
    write_file(
        root,
        "content/a.md",
        &format!("{FRONT_MATTER}Massage before {huge} and sleep after.\n"),
    );
    let long_words: String = (0..100_000)
        .map(|i| format!("{}{i:06} ", "y".repeat(30)))
        .collect();
    write_file(
        root,
        "content/long.md",
        &format!("+++\ntitle = \"Long\"\n+++\nCortisol then {long_words}\n"),
    );
    let out = common::built(root, &[]);
    assert_eq!(search(&out, "massage"), ["a/"]);
    assert_eq!(search(&out, "sleep"), ["a/"]);
    assert_eq!(search(&out, "bees"), ["b/"]);
    assert_eq!(search(&out, "cortisol"), ["long/"]);
    assert_eq!(search(&out, &huge), ["a/"]);
    assert_eq!(
        search(&out, &format!("{}099999", "y".repeat(30))),
        ["long/"]
    );
    let shards = std::fs::read_dir(out.join("search")).unwrap().count();
    assert!(shards < 200, "{shards} search files");
}
