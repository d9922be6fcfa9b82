//! The cache folder of processed images, kept between builds: each result is stored under a
//! name made from the source's bytes and what was done to it, so a rebuild finds every
//! unchanged image already made, whatever its path, and an edited image is made again. A
//! site may commit the folder, ignore it, or let CI keep it; deleting it only costs time.

use super::format::Format;
use super::operation::Plan;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// A value read once per source file and shared by every request for it.
pub(super) type Once<T> = Arc<OnceLock<Result<T, String>>>;

/// The cache folder and the digests of the sources read so far.
pub(super) struct Cache {
    dir: PathBuf,
    /// SHA-256 of each source's bytes, read once per build.
    digests: Mutex<HashMap<PathBuf, Once<String>>>,
}

impl Cache {
    pub(super) fn new(dir: PathBuf) -> Cache {
        Cache {
            dir,
            digests: Mutex::default(),
        }
    }

    /// The name the result of `plan` and `format` on `source` is kept under.
    pub(super) fn key(&self, source: &Path, plan: Plan, format: Format) -> Result<String, String> {
        let slot = super::lock(&self.digests)
            .entry(source.to_path_buf())
            .or_default()
            .clone();
        let digest = slot
            .get_or_init(|| {
                std::fs::read(source)
                    .map(|bytes| format!("{:x}", Sha256::digest(bytes)))
                    .map_err(|e| format!("it could not be read: {e}"))
            })
            .clone()?;
        // The plan, not the operation: two operations that cut and resize alike share a file.
        let what = format!("{digest} {plan:?} {format:?}");
        let key = format!("{:x}", Sha256::digest(what.as_bytes()));
        Ok(format!("{}.{}", &key[..32], format.extension()))
    }

    /// The kept file named `key`, if an earlier build (or this one) made it.
    pub(super) fn get(&self, key: &str) -> Option<PathBuf> {
        let file = self.dir.join(key);
        file.is_file().then_some(file)
    }

    /// Keep `bytes` as `key`, whole or not at all (written beside, then renamed), so an
    /// interrupted build never leaves half an image for the next one.
    pub(super) fn put(&self, key: &str, bytes: &[u8]) -> Result<PathBuf, String> {
        let failed = |e: std::io::Error| {
            format!(
                "its processed copy could not be kept in the image cache {}: {e}",
                self.dir.display()
            )
        };
        std::fs::create_dir_all(&self.dir).map_err(failed)?;
        let file = self.dir.join(key);
        let partial = self
            .dir
            .join(format!(".{key}.{}.partial", std::process::id()));
        std::fs::write(&partial, bytes).map_err(failed)?;
        std::fs::rename(&partial, &file).map_err(failed)?;
        Ok(file)
    }
}
