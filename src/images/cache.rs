//! The cache folder of processed images, kept between builds: each result is stored under a
//! name made from the source's bytes and what was done to it, so a rebuild finds every
//! unchanged image already made, whatever its path, and an edited image is made again. A
//! site may commit the folder, ignore it, or let CI keep it; deleting it only costs time,
//! and a folder that cannot be written only costs the next build time.

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
    /// The first failure to write into `dir`.
    failure: Mutex<Option<String>>,
}

impl Cache {
    pub(super) fn new(dir: PathBuf) -> Cache {
        Cache {
            dir,
            digests: Mutex::default(),
            failure: Mutex::default(),
        }
    }

    /// The name the result of `recipe` (what was done, in words that differ whenever the
    /// pixels or encoding would) on `source` is kept under, with `extension`.
    pub(super) fn key(
        &self,
        source: &Path,
        recipe: &str,
        extension: &str,
    ) -> Result<String, String> {
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
        let what = format!("{digest} {recipe}");
        let key = format!("{:x}", Sha256::digest(what.as_bytes()));
        Ok(format!("{}.{extension}", &key[..32]))
    }

    /// The name a result made from `what` alone (no source file) is kept under, with
    /// `extension`.
    pub(super) fn key_of(&self, what: &str, extension: &str) -> String {
        let key = format!("{:x}", Sha256::digest(what.as_bytes()));
        format!("{}.{extension}", &key[..32])
    }

    /// The kept file named `key`, if an earlier build (or this one) made it.
    pub(super) fn get(&self, key: &str) -> Option<PathBuf> {
        let file = self.dir.join(key);
        file.is_file().then_some(file)
    }

    /// Keep `bytes` as `key`, whole or not at all (written beside, then renamed), so an
    /// interrupted build never leaves half an image for the next one. A cache that cannot
    /// be written (a read-only checkout, a full disk) costs the next build time, not this
    /// one its output: the bytes are then kept in memory, and the first failure is kept
    /// for a warning.
    pub(super) fn put(&self, key: &str, bytes: Vec<u8>) -> Kept {
        match self.write(key, &bytes) {
            Ok(file) => Kept::File(file),
            Err(e) => {
                let mut failure = super::lock(&self.failure);
                failure.get_or_insert_with(|| {
                    format!(
                        "processed images could not be kept in the image cache {}: {e}",
                        self.dir.display()
                    )
                });
                Kept::Memory(Arc::new(bytes))
            }
        }
    }

    fn write(&self, key: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(&self.dir)?;
        let file = self.dir.join(key);
        let partial = self
            .dir
            .join(format!(".{key}.{}.partial", std::process::id()));
        std::fs::write(&partial, bytes)?;
        std::fs::rename(&partial, &file)?;
        Ok(file)
    }

    /// Why the cache could not be written to, if it could not.
    pub(super) fn failure(&self) -> Option<String> {
        super::lock(&self.failure).clone()
    }
}

/// A processed image: in the cache folder, or in memory when the folder could not be written.
#[derive(Debug, Clone)]
pub(crate) enum Kept {
    File(PathBuf),
    Memory(Arc<Vec<u8>>),
}

impl Kept {
    /// Its size in bytes.
    pub(super) fn len(&self) -> Result<u64, String> {
        match self {
            Kept::File(file) => std::fs::metadata(file)
                .map(|m| m.len())
                .map_err(|e| format!("its processed copy could not be read: {e}")),
            Kept::Memory(bytes) => Ok(bytes.len() as u64),
        }
    }
}
