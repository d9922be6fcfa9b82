//! Slugs, URL paths, aliases and the one function that turns a site path into a file path.
//! Property: nothing a user can write (slug, alias, folder or file name) yields a file path
//! outside the output root.

use crate::content::front_matter::{check_alias, check_slug};
use crate::output::{aliases, paths};
use crate::slug::{decode_path, encode_path, slugify};
use std::path::{Component, Path};

fn assert_inside(root: &Path, file: &Path, from: &str) {
    let rest = file
        .strip_prefix(root)
        .unwrap_or_else(|_| panic!("{from:?} escaped to {}", file.display()));
    for c in rest.components() {
        assert!(
            matches!(c, Component::Normal(_)),
            "{from:?} gave {}",
            file.display()
        );
    }
}

/// One fuzz input: the properties above hold for `data`, or this panics.
pub fn paths(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let root = Path::new("/srv/out");

    // Any join that succeeds stays inside the root.
    if let Ok(file) = paths::join(root, text) {
        assert_inside(root, &file, text);
    }

    // A slug is letters, digits and single hyphens: always a plain segment.
    let slug = slugify(text);
    assert!(
        slug.chars().all(|c| c.is_alphanumeric() || c == '-'),
        "{slug:?}"
    );
    assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
    if !slug.is_empty() {
        let file = paths::join(root, &format!("{slug}/index.html")).expect("a slug is a segment");
        assert_inside(root, &file, text);
    }
    // Accepted slugs (front matter) give a plain URL segment too.
    if check_slug(text).is_ok() {
        assert!(!slugify(text).is_empty());
    }

    // Every accepted alias becomes a file inside the root (or is refused by join).
    if check_alias(text).is_ok() {
        let file = aliases::file_for(text);
        if let Ok(path) = paths::join(root, &file) {
            assert_inside(root, &path, text);
            assert_ne!(path, root, "an alias replaced the whole output");
        }
    }

    // A page path built from folder names and a file name, as content loading does.
    let mut site_path = String::new();
    for segment in text.split('/') {
        let s = slugify(segment);
        site_path.push_str(if s.is_empty() { "-" } else { &s });
        site_path.push('/');
    }
    let file = paths::join(root, &format!("{site_path}index.html")).expect("slugged path");
    assert_inside(root, &file, text);

    // URL encoding round-trips and only emits URL-safe ASCII.
    let encoded = encode_path(text);
    assert!(encoded.bytes().all(|b| b.is_ascii_graphic()));
    assert_eq!(decode_path(&encoded).as_deref(), Some(text));
    let _ = decode_path(text);
}
