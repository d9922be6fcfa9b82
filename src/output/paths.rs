//! The one way to turn a site path into a file path: anything that could escape the output
//! root (`..`, absolute paths, drive prefixes, backslashes, NUL) is refused.

use std::path::{Component, Path, PathBuf};

/// `root` joined with the `/`-separated `rel`, or why `rel` is not allowed.
pub(crate) fn join(root: &Path, rel: &str) -> Result<PathBuf, String> {
    if rel.contains('\0') {
        return Err(format!("`{}` contains a NUL character", rel.escape_debug()));
    }
    if rel.contains('\\') {
        return Err(format!("`{rel}` contains a backslash"));
    }
    let mut path = root.to_path_buf();
    for segment in rel.split('/') {
        match segment {
            "" => continue,
            "." | ".." => return Err(format!("`{rel}` contains a `{segment}` segment")),
            s if s.contains(':') && cfg!(windows) => {
                return Err(format!("`{rel}` contains a drive or stream name"))
            }
            s => {
                let p = Path::new(s);
                if !matches!(p.components().next(), Some(Component::Normal(_)))
                    || p.components().count() != 1
                {
                    return Err(format!("`{rel}` is not a plain relative path"));
                }
                path.push(s);
            }
        }
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_plain_paths() {
        let root = Path::new("/out");
        assert_eq!(
            join(root, "a/b/index.html").unwrap(),
            PathBuf::from("/out/a/b/index.html")
        );
        assert_eq!(join(root, "/a//b/").unwrap(), PathBuf::from("/out/a/b"));
        assert_eq!(
            join(root, "睡眠/index.html").unwrap(),
            PathBuf::from("/out/睡眠/index.html")
        );
    }

    #[test]
    fn refuses_escapes() {
        let root = Path::new("/out");
        for bad in ["../x", "a/../../x", "a\\b", "a\0b", "./a", "a/./b"] {
            assert!(join(root, bad).is_err(), "{bad}");
        }
    }
}
