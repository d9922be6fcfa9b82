//! Atomic output: a build writes into a fresh directory beside the output and swaps it in
//! only when everything succeeded, so a failed, interrupted or killed build leaves the
//! previous site exactly as it was. A lock file beside the output, named after it
//! (`.public.relief-lock`), keeps two builds from writing the same output at once; builds
//! into two outputs of one folder (public/ and preview/) do not wait for each other.

use super::paths;
use crate::diagnostics::{Diagnostic, Location};
use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where rendered files go: a directory on disk, or memory for `serve`.
pub(crate) trait Sink: Sync {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    fn copy(&self, path: &str, source: &Path) -> Result<(), Diagnostic>;
}

/// A staging directory that becomes the output on `commit`.
pub(crate) struct Staging {
    output: PathBuf,
    temp: PathBuf,
    committed: bool,
    /// Held until the staging folder is gone (fields drop after `Drop::drop` has run).
    _lock: OutputLock,
    /// Folders already created: thousands of files share a few (search/, tags/), and asking
    /// the file system again for each costs two system calls.
    created: Mutex<HashSet<PathBuf>>,
}

impl Staging {
    /// Check that `output` is a safe place to write, lock it, clear leftovers of an
    /// interrupted build, and create a fresh staging directory.
    pub(crate) fn begin(output: &Path, root: &Path) -> Result<Staging, Diagnostic> {
        let output = absolute(output);
        check_output_dir(&output, root)?;
        let parent = output
            .parent()
            .ok_or_else(|| refuse(&output, "it has no parent folder"))?;
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::io(parent, "create the output's parent folder", &e))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let lock = OutputLock::take(&parent.join(format!(".{name}.relief-lock")), &output)?;
        let temp = parent.join(format!(".{name}.relief-tmp"));
        let old = parent.join(format!(".{name}.relief-old"));
        // A build killed between the two renames of the fallback swap leaves the previous
        // output under `old`: put it back.
        if old.exists() && !output.exists() {
            std::fs::rename(&old, &output)
                .map_err(|e| Diagnostic::io(&old, "restore the previous output", &e))?;
        }
        for leftover in [&temp, &old] {
            if leftover.exists() {
                std::fs::remove_dir_all(leftover).map_err(|e| {
                    Diagnostic::io(leftover, "remove a leftover of an interrupted build", &e)
                })?;
            }
        }
        std::fs::create_dir(&temp)
            .map_err(|e| Diagnostic::io(&temp, "create the staging folder", &e))?;
        Ok(Staging {
            output,
            temp,
            committed: false,
            _lock: lock,
            created: Mutex::default(),
        })
    }

    /// Swap the staging directory in as the output, atomically where the OS allows.
    pub(crate) fn commit(mut self) -> Result<(), Diagnostic> {
        if self.output.exists() {
            if !exchange(&self.temp, &self.output) {
                let old = self.temp.with_file_name(
                    self.temp
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .replace(".relief-tmp", ".relief-old"),
                );
                std::fs::rename(&self.output, &old).map_err(|e| {
                    Diagnostic::io(&self.output, "move the previous output aside", &e)
                })?;
                if let Err(e) = std::fs::rename(&self.temp, &self.output) {
                    let _ = std::fs::rename(&old, &self.output);
                    return Err(Diagnostic::io(
                        &self.output,
                        "move the new output in place",
                        &e,
                    ));
                }
                let _ = std::fs::remove_dir_all(&old);
                self.committed = true;
                return Ok(());
            }
            // After the exchange the staging path holds the previous output.
            let _ = std::fs::remove_dir_all(&self.temp);
        } else {
            std::fs::rename(&self.temp, &self.output)
                .map_err(|e| Diagnostic::io(&self.output, "move the new output in place", &e))?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Staging {
    /// Carry the dotfiles and dot folders at the previous output's root (`.git`,
    /// `.well-known`) into the staging folder, as Zola's `preserve_dotfiles_in_output` keeps
    /// them: hard-linked where the file system allows, copied otherwise, so the previous
    /// output stays whole until the swap. A file the build wrote itself wins over the old one.
    pub(crate) fn carry_dotfiles(&self) -> Result<(), Diagnostic> {
        let Ok(entries) = std::fs::read_dir(&self.output) else {
            return Ok(()); // no previous output
        };
        for entry in entries.flatten() {
            if !entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            for item in walkdir::WalkDir::new(entry.path()) {
                let item = item.map_err(|e| {
                    Diagnostic::error(
                        "output",
                        format!("could not read a dotfile of the previous output: {e}"),
                    )
                    .at(Location::file(entry.path()))
                })?;
                let rel = item
                    .path()
                    .strip_prefix(&self.output)
                    .unwrap_or(item.path());
                let target = self.temp.join(rel);
                let carried = if item.file_type().is_dir() {
                    std::fs::create_dir_all(&target)
                } else if target.exists() || target.is_symlink() {
                    Ok(())
                } else {
                    carry_file(item.path(), &target, item.path_is_symlink())
                };
                carried.map_err(|e| {
                    Diagnostic::io(item.path(), "keep the dotfile in the new output", &e)
                        .help("relief keeps the output's dotfiles (preserve_dotfiles_in_output); check the folder's permissions")
                })?;
            }
        }
        Ok(())
    }
}

/// Put the file (or symbolic link) `from` at `to`: a hard link, else a copy.
fn carry_file(from: &Path, to: &Path, symlink: bool) -> std::io::Result<()> {
    #[cfg(unix)]
    if symlink {
        return std::os::unix::fs::symlink(std::fs::read_link(from)?, to);
    }
    let _ = symlink;
    std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(|_| ()))
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.temp);
        }
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let file = self.target(path)?;
        std::fs::write(&file, bytes)
            .map_err(|e| Diagnostic::io(&self.output.join(path), "write the file", &e))
    }

    fn copy(&self, path: &str, source: &Path) -> Result<(), Diagnostic> {
        let file = self.target(path)?;
        std::fs::copy(source, &file)
            .map(|_| ())
            .map_err(|e| Diagnostic::io(source, "copy the file into the output", &e))
    }
}

impl Staging {
    fn target(&self, path: &str) -> Result<PathBuf, Diagnostic> {
        let file = paths::join(&self.temp, path).map_err(|why| {
            Diagnostic::error(
                "output",
                format!("refusing to write outside the output: {why}"),
            )
        })?;
        if let Some(dir) = file.parent() {
            let created = || crate::sync::lock(&self.created);
            // Not locked while creating: another thread creating the same folder is harmless.
            if !created().contains(dir) {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Diagnostic::io(&self.output.join(path), "create the folder", &e)
                })?;
                created().insert(dir.to_path_buf());
            }
        }
        Ok(file)
    }
}

/// The lock of one output: a file beside it, locked while a build stages and swaps, and
/// removed when the build ends (a killed build leaves it, and the next one takes it over).
struct OutputLock {
    path: PathBuf,
    _file: File,
}

impl OutputLock {
    /// Lock the file at `path` for writing `output`, creating it if needed, or say that
    /// another build is writing there.
    fn take(path: &Path, output: &Path) -> Result<OutputLock, Diagnostic> {
        loop {
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(path)
                .map_err(|e| Diagnostic::io(path, "create the output's lock file", &e))?;
            match try_lock_briefly(&file) {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Diagnostic::error(
                        "output",
                        "another relief build is writing this output right now",
                    )
                    .at(Location::file(output))
                    .help("wait for it to finish, then build again"))
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(Diagnostic::io(path, "lock the output folder", &e))
                }
            }
            // The build that held the lock removes the file before letting go, so the file
            // locked here may be one no longer at `path`, which locks nothing: take the
            // current one then.
            if is_at(&file, path) {
                return Ok(OutputLock {
                    path: path.to_path_buf(),
                    _file: file,
                });
            }
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still held: a build that opened it meanwhile sees it gone (`is_at`).
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether the open `file` is the one at `path` (not a removed file of the same name).
#[cfg(unix)]
fn is_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(held), Ok(named)) => held.dev() == named.dev() && held.ino() == named.ino(),
        _ => false,
    }
}

/// Elsewhere an open file cannot be removed, so the file locked is the one at `path`.
#[cfg(not(unix))]
fn is_at(_: &File, _: &Path) -> bool {
    true
}

/// Take the lock, allowing a moment for a lock that is about to be released: a process
/// that spawns children from several threads (a test runner, an editor plugin) briefly
/// shares the lock's descriptor with a child between its fork and exec, so the lock of a
/// build that just finished can outlive it by microseconds. A real concurrent build holds it
/// far longer than this wait, and still gets the clear error.
fn try_lock_briefly(lock: &File) -> Result<(), std::fs::TryLockError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(200);
    loop {
        match lock.try_lock() {
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            result => return result,
        }
    }
}

/// Atomically exchange two directories (Linux `renameat2(RENAME_EXCHANGE)`, glibc 2.28 on).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        CString::new(a.as_os_str().as_bytes()),
        CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call, and
    // renameat2 only reads them.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    rc == 0
}

/// Elsewhere the output is swapped with two renames (`commit`'s fallback).
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn refuse(output: &Path, why: &str) -> Diagnostic {
    Diagnostic::error(
        "output",
        format!(
            "refusing to use {} as the output folder: {why}",
            output.display()
        ),
    )
    .help("choose a dedicated folder such as public/ with --output")
}

/// The canonical form of a path that may not exist yet.
fn canonical(path: &Path) -> PathBuf {
    if let Ok(c) = path.canonicalize() {
        return c;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => canonical(parent).join(name),
        _ => path.to_path_buf(),
    }
}

/// An output directory must never be, contain or sit inside the sources, the project
/// root, `/` or the home directory: the swap would replace them.
pub(crate) fn check_output_dir(output: &Path, root: &Path) -> Result<(), Diagnostic> {
    let out = canonical(output);
    let root = canonical(root);
    if out.parent().is_none() {
        return Err(refuse(output, "it is the file system root"));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if canonical(&home) == out {
            return Err(refuse(output, "it is your home folder"));
        }
    }
    if root.starts_with(&out) {
        return Err(refuse(output, "it contains the project"));
    }
    let sources = ["content", "templates", "static", "data"];
    for source in sources.into_iter().chain(crate::config::FILE_NAMES) {
        let source = root.join(source);
        if out.starts_with(&source) {
            return Err(refuse(
                output,
                &format!("it is inside {}", source.display()),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_overlapping_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("content")).unwrap();
        assert!(check_output_dir(&root.join("public"), root).is_ok());
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(&root.join("content"), root).is_err());
        assert!(check_output_dir(&root.join("content/x"), root).is_err());
        assert!(check_output_dir(&root.join("static"), root).is_err());
        assert!(check_output_dir(&root.join("data"), root).is_err());
        assert!(check_output_dir(Path::new("/"), root).is_err());
        assert!(check_output_dir(root.parent().unwrap(), root).is_err());
    }

    #[test]
    fn commit_swaps_and_drop_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("old.html"), "old").unwrap();

        let staging = Staging::begin(&out, dir.path()).unwrap();
        staging.write("new/index.html", b"new").unwrap();
        assert!(staging.write("../escape", b"x").is_err());
        drop(staging);
        assert!(
            out.join("old.html").exists(),
            "a dropped build leaves the old output"
        );
        assert!(!dir.path().join(".public.relief-tmp").exists());

        let staging = Staging::begin(&out, dir.path()).unwrap();
        staging.write("new/index.html", b"new").unwrap();
        staging.commit().unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("new/index.html")).unwrap(),
            "new"
        );
        assert!(!dir.path().join(".public.relief-tmp").exists());
    }

    #[test]
    fn a_second_build_is_refused_while_one_runs() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = Staging::begin(&out, dir.path()).unwrap();
        let second = Staging::begin(&out, dir.path());
        assert!(second
            .err()
            .unwrap()
            .message
            .contains("another relief build"));
        drop(first);
        assert!(
            !dir.path().join(".public.relief-lock").exists(),
            "the lock file goes with the build"
        );
        assert!(Staging::begin(&out, dir.path()).is_ok());
    }

    #[test]
    fn two_outputs_of_one_folder_are_built_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let public = Staging::begin(&dir.path().join("public"), dir.path()).unwrap();
        let preview = Staging::begin(&dir.path().join("preview"), dir.path()).unwrap();
        public.write("index.html", b"public").unwrap();
        preview.write("index.html", b"preview").unwrap();
        public.commit().unwrap();
        preview.commit().unwrap();
        for name in ["public", "preview"] {
            let page = dir.path().join(name).join("index.html");
            assert_eq!(std::fs::read_to_string(page).unwrap(), name);
        }
    }

    #[test]
    fn the_lock_file_of_a_killed_build_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join(".public.relief-lock");
        std::fs::write(&lock, "").unwrap();
        let staging = Staging::begin(&dir.path().join("public"), dir.path()).unwrap();
        staging.commit().unwrap();
        assert!(!lock.exists());
    }
}
