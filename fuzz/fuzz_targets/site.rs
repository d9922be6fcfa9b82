//! The whole build, in process: the input (after its first byte) is the body of a page with
//! a fixed front matter (references `a`, `b`, `c`, a tag) in a small site, the bundled
//! templates with the shortcodes of tests/fixtures/fuzz-site (`note` with a body, `video`,
//! `items` reading a data file) and, when the first byte is odd, its Markdown hooks (link,
//! heading, image). `relief::build` runs every step: Markdown, shortcodes, citations, link
//! checks, search index, templates, relative URLs off, write and swap.
//! Properties: no panic; a failed build has an error; every diagnostic (error or warning)
//! that names a file of the site names a line inside it, and prints.
#![no_main]

use libfuzzer_sys::fuzz_target;
use relief::Diagnostic;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const FRONT_MATTER: &str = r#"+++
title = "Fuzz"
description = "A page whose body is made up."
date = 2024-01-01

[taxonomies]
tags = ["x"]

[[references]]
id = "a"
title = "First"
year = 2020

[[references]]
id = "b"
authors = "B"
title = "Second"
doi = "10.1/x"

[[references]]
id = "c"
title = "Third"
url = "https://example.org/c"
+++
"#;

/// The two sites, made once per process: without and with Markdown hooks.
fn sites() -> &'static [PathBuf; 2] {
    static SITES: OnceLock<[PathBuf; 2]> = OnceLock::new();
    SITES.get_or_init(|| {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let fixture = repo.join("tests/fixtures/fuzz-site");
        let base = std::env::temp_dir().join("relief-fuzz-site");
        remove_stale(&base);
        let dir = base.join(std::process::id().to_string());
        let _ = std::fs::remove_dir_all(&dir);
        let make = |name: &str, hooks: bool| {
            let root = dir.join(name);
            std::fs::create_dir_all(&root).unwrap();
            std::fs::copy(repo.join("config.toml"), root.join("config.toml")).unwrap();
            for folder in ["templates", "static"] {
                copy_dir(&repo.join(folder), &root.join(folder));
            }
            for folder in ["content", "templates", "data"] {
                copy_dir(&fixture.join(folder), &root.join(folder));
            }
            if hooks {
                copy_dir(&fixture.join("hooks"), &root);
            }
            root
        };
        [make("plain", false), make("hooks", true)]
    })
}

/// Remove the sites of fuzzing processes that are gone (where /proc tells).
fn remove_stale(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    if !Path::new("/proc/self").exists() {
        return;
    }
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        if !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every diagnostic naming a file of the site names a line that the file has.
fn check(diagnostics: &[Diagnostic], root: &Path, page: &str) {
    for d in diagnostics {
        let text = d.to_string();
        let Some(location) = &d.location else {
            continue;
        };
        let file = location.file.strip_prefix(root).unwrap_or(&location.file);
        let source = match file == Path::new("content/a.md") {
            true => Some(page.to_string()),
            false => std::fs::read_to_string(root.join(file)).ok(),
        };
        let (Some(line), Some(source)) = (location.line, source) else {
            continue;
        };
        // Lines as an editor numbers them: one more than the newlines.
        let lines = source.split('\n').count();
        assert!(
            line >= 1 && line <= lines,
            "{} line {line} of {lines}:\n{text}",
            file.display()
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, body)) = data.split_first() else {
        return;
    };
    let root = &sites()[usize::from(first & 1)];
    let page = format!("{FRONT_MATTER}{}", String::from_utf8_lossy(body));
    std::fs::write(root.join("content/a.md"), &page).unwrap();
    let options = relief::BuildOptions {
        root: root.clone(),
        output: "public".into(),
        ..Default::default()
    };
    match relief::build(&options) {
        Ok(built) => {
            check(&built.warnings, root, &page);
            assert!(root.join("public/a/index.html").is_file());
        }
        Err(failed) => {
            assert!(
                relief::has_errors(&failed.diagnostics),
                "a failed build says why: {:?}",
                failed.diagnostics
            );
            check(&failed.diagnostics, root, &page);
        }
    }
});
