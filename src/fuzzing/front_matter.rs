//! Front matter: decoding (BOM, NUL, invalid UTF-8), the `+++` split and the TOML parse and
//! validation. Properties: no panic; every diagnostic points at a line that exists in the
//! file; a successful split gives a body that is a suffix of the source.

use crate::content::{front_matter, load};
use crate::diagnostics::Diagnostic;
use std::path::Path;

fn check_lines(diagnostics: &[Diagnostic], source: &str) {
    let lines = source.lines().count().max(1);
    for d in diagnostics {
        let loc = d
            .location
            .as_ref()
            .expect("front matter errors carry a location");
        assert_eq!(loc.file, Path::new("content/a.md"));
        if let Some(line) = loc.line {
            assert!(line >= 1 && line <= lines, "line {line} of {lines}: {d}");
        }
        let _ = d.to_string();
    }
}

/// One fuzz input: the properties above hold for `data`, or this panics.
pub fn front_matter(data: &[u8]) {
    let file = Path::new("content/a.md");
    let source = match load::decode(data.to_vec(), file) {
        Ok(s) => s,
        Err(d) => {
            let line = d.location.as_ref().and_then(|l| l.line).unwrap();
            let lines = data.split(|&b| b == b'\n').count();
            assert!(line >= 1 && line <= lines);
            return;
        }
    };
    let split = match front_matter::split(&source, file) {
        Ok(s) => s,
        Err(d) => return check_lines(&[d], &source),
    };
    assert!(source.ends_with(split.body));
    assert!(split.body_line_offset >= 2);
    match front_matter::parse(&split, &source, file) {
        Ok(fm) => {
            if let Some(slug) = &fm.slug {
                assert!(front_matter::check_slug(slug).is_ok());
            }
            for alias in &fm.aliases {
                assert!(front_matter::check_alias(alias).is_ok());
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            check_lines(&errors, &source);
        }
    }
}
