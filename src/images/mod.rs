//! Image processing: Zola's `resize_image` (and, through it, relief's responsive Markdown
//! images). A request is answered at once, where the template or Markdown asked for it, so a
//! bad image is an error at that line: the source's header is read, the result's size
//! worked out, and the pixels processed, unless the cache folder has them from an earlier
//! build. After rendering, the processed files are copied from the cache into the output's
//! `processed_images/` (`output/`). Pages render in parallel, so images are processed in
//! parallel too; one result asked for by many pages is made once.

mod cache;
mod codec;
mod format;
mod naming;
mod operation;
mod responsive;
mod settings;
mod social;

pub(crate) use cache::Kept;
pub(crate) use naming::FOLDER;
pub(crate) use operation::Operation;
pub(crate) use responsive::{Responsive, Source};
pub(crate) use settings::{Settings, KEYS};
pub(crate) use social::{Rating as CardRating, HEIGHT as CARD_HEIGHT, WIDTH as CARD_WIDTH};

use crate::diagnostics::Diagnostic;
use cache::Cache;
use codec::Header;
use format::Format;
use operation::Plan;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// One processed image, as `resize_image` returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Processed {
    /// Its file name under `processed_images/`.
    pub name: String,
    pub width: u32,
    pub height: u32,
    /// The source's size, as shown (EXIF orientation applied).
    pub orig_width: u32,
    pub orig_height: u32,
}

/// A result being made or made: the first request makes it, later ones wait for it.
type Slot = Arc<OnceLock<Result<Kept, String>>>;

/// The image processor of one build, shared by every phase's template functions.
pub(crate) struct Processor {
    /// `[images]` of config.toml.
    settings: Settings,
    /// The project's root, where the site's social card template is found.
    root: PathBuf,
    cache: Cache,
    /// What draws social cards, set up at the first card.
    drawer: OnceLock<Result<Arc<social::Drawer>, String>>,
    /// Source headers by file, read once.
    headers: Mutex<HashMap<PathBuf, cache::Once<Header>>>,
    /// Results by cache file name.
    results: Mutex<HashMap<String, Slot>>,
    /// Each responsive image's copies, by source file and site path, made once.
    copies: Mutex<HashMap<(PathBuf, String), responsive::Copies>>,
    /// What the output gets: file name under `processed_images/` → processed image.
    outputs: Mutex<BTreeMap<String, Kept>>,
    /// How many images this build encoded (the rest came from the cache).
    encoded: AtomicUsize,
}

impl Processor {
    /// A processor with the `[images]` settings of the site at `root`, keeping its results
    /// in the folder `cache`.
    pub(crate) fn new(settings: Settings, root: PathBuf, cache: PathBuf) -> Processor {
        Processor {
            settings,
            root,
            cache: Cache::new(cache),
            drawer: OnceLock::new(),
            headers: Mutex::default(),
            results: Mutex::default(),
            copies: Mutex::default(),
            outputs: Mutex::default(),
            encoded: AtomicUsize::new(0),
        }
    }

    /// The header of `source`, read once per build.
    fn header(&self, source: &Path) -> Result<Header, String> {
        let slot = lock(&self.headers)
            .entry(source.to_path_buf())
            .or_default()
            .clone();
        slot.get_or_init(|| codec::header(source)).clone()
    }

    /// Process `source` (asked for as `written`: `@/` made `content/`, no leading `/`) by
    /// `operation` into `format` (`auto`, `jpg`, `png`, `webp`, `avif`), at `quality` and
    /// `speed`. The result is made now (or found in the cache) and written into the output
    /// by `write`.
    pub(crate) fn resize(
        &self,
        source: &Path,
        written: &str,
        operation: Operation,
        format: &str,
        quality: Option<u8>,
        speed: Option<u8>,
    ) -> Result<Processed, String> {
        let header = self.header(source)?;
        let format = Format::parse(format, header.format, quality, speed)?;
        let plan = Plan::new(operation, header.size);
        let name = naming::file_name(source, written, operation, format);
        let processed = self.processed(source, plan, format)?;
        lock(&self.outputs).insert(name.clone(), processed);
        let (width, height) = plan.size(header.size);
        Ok(Processed {
            name,
            width,
            height,
            orig_width: header.size.0,
            orig_height: header.size.1,
        })
    }

    /// The processed file for `source` by `plan` as `format`: from the cache, or made now.
    fn processed(&self, source: &Path, plan: Plan, format: Format) -> Result<Kept, String> {
        // The plan, not the operation: two operations that cut and resize alike share a file.
        let key = self
            .cache
            .key(source, &format!("{plan:?} {format:?}"), format.extension())?;
        let slot = lock(&self.results).entry(key.clone()).or_default().clone();
        slot.get_or_init(|| {
            if let Some(file) = self.cache.get(&key) {
                return Ok(Kept::File(file));
            }
            let bytes = codec::process(source, plan, format)?;
            self.encoded.fetch_add(1, Ordering::Relaxed);
            Ok(self.cache.put(&key, bytes))
        })
        .clone()
    }

    /// Every processed image asked for so far: its output path (under
    /// `processed_images/`) and the file holding it.
    pub(crate) fn outputs(&self) -> Vec<(String, Kept)> {
        lock(&self.outputs)
            .iter()
            .map(|(name, file)| (format!("{FOLDER}/{name}"), file.clone()))
            .collect()
    }

    /// Whether this build processed the image `source` (read its header to resize it).
    pub(crate) fn processed_from(&self, source: &Path) -> bool {
        // The watcher's path and the one the build found may be spelt differently.
        let same = |a: &Path| a == source || a.canonicalize().ok() == source.canonicalize().ok();
        lock(&self.headers).keys().any(|read| same(read))
    }

    /// How many images this build encoded; the rest came from the cache.
    pub(crate) fn encoded(&self) -> usize {
        self.encoded.load(Ordering::Relaxed)
    }

    /// What went wrong without failing the build: an image cache that could not be written.
    pub(crate) fn warnings(&self) -> Vec<Diagnostic> {
        self.cache
            .failure()
            .map(|why| {
                Diagnostic::warning("image-cache", why).help(
                    "the site is built all the same, but the next build encodes its images again; make the folder writable, or point `[images] cache_dir` at one that is",
                )
            })
            .into_iter()
            .collect()
    }
}

/// The data behind `mutex`, even if a thread panicked holding it: the maps only ever gain
/// complete entries.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
