//! The dev server's request path handling (`relief serve`): any request path either names a
//! file of the in-memory build, redirects to the same path with a slash, or is not found.
//! Properties: no panic; a resolved file is a plain relative path (no `..`, `.`, backslash,
//! NUL, drive or absolute part) that `output::paths::join` accepts inside the root; `..`
//! in any spelling (`%2e%2e`, `%2f`, `%5c`) never resolves.

use crate::output::paths;
use crate::serve::memory::Files;
use crate::serve::server::{resolve, Target};
use std::collections::HashMap;
use std::path::{Component, Path};
use std::sync::OnceLock;

fn files() -> &'static Files {
    static FILES: OnceLock<Files> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut map = HashMap::new();
        for p in [
            "index.html",
            "style.css",
            "benefits/index.html",
            "benefits/sleep/index.html",
            "睡眠/index.html",
            "a b/index.html",
            "404.html",
        ] {
            map.insert(p.to_string(), b"x".to_vec());
        }
        Files::new(map)
    })
}

/// One fuzz input: the properties above hold for `data`, or this panics.
pub fn serve_path(data: &[u8]) {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let root = Path::new("/srv/out");
    match resolve(files(), raw) {
        Target::File(path) => {
            let file = paths::join(root, &path)
                .unwrap_or_else(|why| panic!("{raw:?} resolved to a bad path {path:?}: {why}"));
            let rest = file.strip_prefix(root).expect("inside the root");
            assert!(rest.components().all(|c| matches!(c, Component::Normal(_))));
            assert!(!path.starts_with('/'), "{raw:?} → {path:?}");
            assert!(
                !path.split('/').any(|s| s == ".." || s == "."),
                "{raw:?} → {path:?}"
            );
        }
        Target::Redirect(to) => {
            assert_eq!(to, format!("{raw}/"));
            assert!(
                to.starts_with('/') && !to.starts_with("//"),
                "open redirect: {to:?}"
            );
        }
        Target::NotFound => {}
    }
}
