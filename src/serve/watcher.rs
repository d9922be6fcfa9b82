//! Watching the sources: content/, templates/, static/, data/, sass/, themes/ (recursively)
//! and config.toml, through notify with notify-debouncer-full, which also stitches a
//! rename-and-replace save (write a temporary file, rename it over the original) into a change
//! of the original. Editors' temporary, backup and swap files are ignored.

use crate::diagnostics::{Diagnostic, Location};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long the debouncer waits for more events on a path. Saves are bursts of events over a
/// few milliseconds; a short window keeps edit-to-reload fast.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(20);

/// The watched folders, relative to the site root (`data/` holds files for `load_data`,
/// `themes/` the site's theme).
pub(crate) const FOLDERS: [&str; 6] = ["content", "templates", "static", "data", "sass", "themes"];

/// A running watcher: dropping it stops watching.
pub(crate) struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    /// The source folders watched, recursively.
    folders: Vec<PathBuf>,
}

impl Watcher {
    /// Watch a source folder created after serving started (a new data/, say): the root is
    /// watched only one level deep, so files inside it would go unseen.
    pub(crate) fn watch_new_folder(&mut self, dir: &Path) -> Result<(), Diagnostic> {
        if self.folders.iter().any(|f| f == dir) {
            return Ok(());
        }
        self.debouncer
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|e| watch_error(dir, &e))?;
        self.folders.push(dir.to_path_buf());
        Ok(())
    }
}

/// Start watching the site at `root` (an absolute path): `changed` receives each batch of
/// changed source paths (absolute), already filtered, from the watcher's thread.
pub(crate) fn watch(
    root: &Path,
    changed: impl Fn(Vec<PathBuf>) + Send + 'static,
) -> Result<Watcher, Diagnostic> {
    let filter_root = root.to_path_buf();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let Ok(events) = result else {
            return;
        };
        let mut paths: Vec<PathBuf> = Vec::new();
        for event in events {
            if matches!(event.kind, EventKind::Access(_)) {
                continue;
            }
            for path in &event.paths {
                if is_source(&filter_root, path) && !paths.contains(path) {
                    paths.push(path.clone());
                }
            }
        }
        if !paths.is_empty() {
            changed(paths);
        }
    })
    .map_err(|e| watch_error(root, &e))?;
    let mut folders = Vec::new();
    for folder in FOLDERS {
        let dir = root.join(folder);
        if dir.is_dir() {
            debouncer
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| watch_error(&dir, &e))?;
            folders.push(dir);
        }
    }
    // The root itself, not recursively: config.toml, and source folders created later.
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| watch_error(root, &e))?;
    Ok(Watcher { debouncer, folders })
}

fn watch_error(path: &Path, e: &notify::Error) -> Diagnostic {
    Diagnostic::error("serve", format!("cannot watch for changes: {e}"))
        .at(Location::file(path))
        .help("on Linux, raise fs.inotify.max_user_watches if the limit is reached")
}

/// Whether a changed path is a source of the site (and not an editor's temporary file).
pub(crate) fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut components = rel.components();
    let Some(first) = components.next() else {
        return false;
    };
    let first = first.as_os_str();
    let in_folder = FOLDERS.iter().any(|f| first == *f);
    let config = crate::config::FILE_NAMES.iter().any(|f| first == *f);
    if !(in_folder || (config && components.next().is_none())) {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !is_editor_temporary(&name)
}

/// Files editors write next to the one being edited: swap files, backups, lock files and the
/// temporary files of atomic saves.
pub(crate) fn is_editor_temporary(name: &str) -> bool {
    name.starts_with(".#") // Emacs lock
        || (name.starts_with('#') && name.ends_with('#')) // Emacs auto-save
        || name.ends_with('~') // backups
        || name.ends_with(".swp")
        || name.ends_with(".swo")
        || name.ends_with(".swx") // Vim swap
        || name == "4913" // Vim's write test
        || name.ends_with(".tmp")
        || name.ends_with(".kate-swp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___") // JetBrains safe write
        || name.starts_with(".goutputstream-") // GNOME
        || name.starts_with(".~lock.")
        || name == ".DS_Store"
        || (name.starts_with('.') && name.contains(".sb-")) // Sublime / atomic-write temps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_temporaries() {
        let root = Path::new("/site");
        assert!(is_source(root, Path::new("/site/content/a.md")));
        assert!(is_source(root, Path::new("/site/config.toml")));
        assert!(is_source(root, Path::new("/site/static/style.css")));
        assert!(is_source(
            root,
            Path::new("/site/themes/plain/templates/page.html")
        ));
        assert!(!is_source(root, Path::new("/site/public/index.html")));
        assert!(!is_source(root, Path::new("/site/content/.a.md.swp")));
        assert!(!is_source(root, Path::new("/site/content/a.md~")));
        assert!(!is_source(root, Path::new("/site/content/4913")));
        assert!(!is_source(root, Path::new("/site/templates/.#page.html")));
        assert!(!is_source(root, Path::new("/elsewhere/content/a.md")));
    }
}
