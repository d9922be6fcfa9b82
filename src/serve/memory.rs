//! The served site, held in memory: every output file with its validators. A rebuild builds
//! a new [`Files`] and swaps it in whole, so a request sees one build or the other, never a
//! mix, and a failed rebuild leaves the last good one in place.

use super::reload;
use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use axum::body::Bytes;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Mutex;
use std::time::SystemTime;

/// A [`Sink`] that keeps what a build writes in memory.
#[derive(Default)]
pub(crate) struct Memory {
    files: Mutex<HashMap<String, Vec<u8>>>,
}

impl Memory {
    pub(crate) fn into_files(self) -> HashMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let key = key(path)?;
        crate::sync::lock(&self.files).insert(key, bytes.to_vec());
        Ok(())
    }

    fn copy(&self, path: &str, source: &Path) -> Result<(), Diagnostic> {
        let key = key(path)?;
        let bytes = std::fs::read(source)
            .map_err(|e| Diagnostic::io(source, "read the file to serve it", &e))?;
        crate::sync::lock(&self.files).insert(key, bytes);
        Ok(())
    }
}

/// The normalised key of an output path (`a//b/` style paths are refused like on disk).
fn key(path: &str) -> Result<String, Diagnostic> {
    crate::output::paths::join(Path::new(""), path)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .map_err(|why| {
            Diagnostic::error(
                "output",
                format!("refusing to write outside the output: {why}"),
            )
        })
}

/// One served file.
#[derive(Clone)]
pub(crate) struct Entry {
    pub body: Bytes,
    /// A strong validator: a hash of the body, quoted.
    pub etag: String,
    pub modified: SystemTime,
}

impl Entry {
    fn new(path: &str, bytes: Vec<u8>, modified: SystemTime) -> Entry {
        let bytes = if path.ends_with(".html") {
            reload::inject(bytes)
        } else {
            bytes
        };
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut hasher);
        Entry {
            etag: format!("\"{:016x}-{:x}\"", hasher.finish(), bytes.len()),
            body: Bytes::from(bytes),
            modified,
        }
    }
}

/// Every file of one build, by output path (`index.html`, `topics/sleep/index.html`).
#[derive(Clone, Default)]
pub(crate) struct Files {
    map: HashMap<String, Entry>,
}

impl Files {
    /// A whole build.
    pub(crate) fn new(files: HashMap<String, Vec<u8>>) -> Files {
        let now = SystemTime::now();
        Files {
            map: files
                .into_iter()
                .map(|(path, bytes)| {
                    let entry = Entry::new(&path, bytes, now);
                    (path, entry)
                })
                .collect(),
        }
    }

    /// This build with `changed` files replaced or added; files whose bytes did not change
    /// keep their validators, so browsers keep their cached copies.
    pub(crate) fn updated(&self, changed: HashMap<String, Vec<u8>>) -> Files {
        self.changed(changed, &[])
    }

    /// `updated`, and without the `removed` files.
    pub(crate) fn changed(&self, changed: HashMap<String, Vec<u8>>, removed: &[String]) -> Files {
        let now = SystemTime::now();
        let mut map = self.map.clone();
        for path in removed {
            map.remove(path);
        }
        for (path, bytes) in changed {
            let entry = Entry::new(&path, bytes, now);
            match map.get(&path) {
                Some(old) if old.etag == entry.etag && old.body == entry.body => {}
                _ => {
                    map.insert(path, entry);
                }
            }
        }
        Files { map }
    }

    pub(crate) fn get(&self, path: &str) -> Option<&Entry> {
        self.map.get(path)
    }

    /// Every file with its output path, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.map.iter().map(|(path, entry)| (path.as_str(), entry))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}
