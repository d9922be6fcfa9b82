//! Shared Rust side of relief's real-browser tests.
//!
//! An integration test uses it with
//!
//! ```ignore
//! #[path = "browser/harness.rs"]
//! mod harness;
//! ```
//!
//! and then builds a site with [`build_site`] and runs a Node script of
//! `tests/browser/` (which imports `lib.mjs`: static server, Chromium launch,
//! page discovery) with [`run_node_script`]. Missing tools make the test fail
//! with a message that says to run `scripts/test`; nothing is skipped.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One browser script at a time per test binary: two Chromiums on a 2-core
/// machine only slow each other down and make timings erratic.
static BROWSER_LOCK: Mutex<()> = Mutex::new(());

/// The repository root (where Cargo.toml, content/, templates/ live).
pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/browser/`: the Node scripts and their node_modules.
pub(crate) fn browser_dir() -> PathBuf {
    repo_root().join("tests").join("browser")
}

/// The Chromium the tests drive: Debian's, unless RELIEF_CHROMIUM names another.
pub(crate) fn chromium_path() -> PathBuf {
    std::env::var_os("RELIEF_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// Panic, naming everything missing, unless Node.js, Chromium, the npm
/// packages of tests/browser and (when `java` is true) a Java runtime are
/// installed. The message tells to run `scripts/test`, which installs them.
pub(crate) fn require_browser_tools(java: bool) {
    let mut missing = Vec::new();
    if !runs("node", "--version") {
        missing.push("Node.js (`node`)".to_string());
    }
    let chromium = chromium_path();
    if !chromium.is_file() {
        missing.push(format!("Chromium ({})", chromium.display()));
    }
    if java && !runs("java", "-version") {
        missing.push("a Java runtime (`java`, for the Nu HTML checker)".to_string());
    }
    let modules = browser_dir().join("node_modules");
    for file in [
        "playwright-core/package.json",
        "axe-core/axe.min.js",
        "vnu-jar/build/dist/vnu.jar",
        "lighthouse/package.json",
        "chrome-launcher/package.json",
    ] {
        if !modules.join(file).is_file() {
            missing.push(format!("tests/browser/node_modules/{file}"));
        }
    }
    assert!(
        missing.is_empty(),
        "the real-browser tests need {}.\nRun `scripts/test` (it installs them, then runs cargo test), \
         or install them by hand: apt-get install chromium default-jre-headless nodejs npm; \
         cd tests/browser && npm ci --ignore-scripts",
        missing.join(", ")
    );
}

/// A site built into a temporary directory, removed on drop.
pub(crate) struct BuiltSite {
    _dir: tempfile::TempDir,
    /// The output directory (holds index.html).
    pub path: PathBuf,
}

/// Build the site at `root` with the relief binary into a temporary directory.
/// `extra` is passed after `build --root ROOT --output DIR`.
pub(crate) fn build_site(root: &Path, extra: &[&str]) -> BuiltSite {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    let path = dir.path().join("public");
    let out = Command::new(env!("CARGO_BIN_EXE_relief"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(&path)
        .args(extra)
        .stdin(Stdio::null())
        .output()
        .expect("run the relief binary");
    assert!(
        out.status.success(),
        "`relief build --root {} --output {}` failed ({}):\n{}{}",
        root.display(),
        path.display(),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        path.join("index.html").is_file(),
        "relief build wrote no index.html into {}",
        path.display()
    );
    BuiltSite { _dir: dir, path }
}

/// What a Node script printed, and how it ended.
pub(crate) struct NodeRun {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// Run `node tests/browser/SCRIPT ARGS...` from tests/browser, killing it
/// after `timeout`. Prints its output (cargo test shows it on failure, or
/// always with --nocapture).
pub(crate) fn run_node_script<I, S>(script: &str, args: I, timeout: Duration) -> NodeRun
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let _serial = BROWSER_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let dir = browser_dir();
    let mut child = Command::new("node")
        .arg(dir.join(script))
        .args(args)
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run node ({e}); run scripts/test, which installs it"));
    let mut out_pipe = child.stdout.take().expect("stdout pipe");
    let mut err_pipe = child.stderr.take().expect("stderr pipe");
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out_pipe.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err_pipe.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for node") {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            let stdout = out_reader.join().unwrap_or_default();
            let stderr = err_reader.join().unwrap_or_default();
            panic!(
                "node {script} did not finish within {timeout:?}; killed it. Output so far:\n{stdout}{stderr}"
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    print!("{stdout}");
    eprint!("{stderr}");
    NodeRun {
        status,
        stdout,
        stderr,
    }
}
