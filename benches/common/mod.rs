//! What the benchmarks share: measuring a child process (wall clock, and CPU and peak memory
//! from `wait4`), medians, the generated corpora of `gen_corpus.py` turned into relief sites,
//! and small file helpers that stop the bench with a message instead of panicking.

// Each bench uses its own part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) fn fail(msg: &str) -> ! {
    eprintln!("bench: {msg}");
    std::process::exit(1)
}

/// One measured run of a child process.
#[derive(Clone, Copy)]
pub(crate) struct Sample {
    pub(crate) wall: Duration,
    pub(crate) cpu: Duration,
    /// Peak resident set size in bytes.
    pub(crate) rss: u64,
}

/// Run `cmd` to completion and measure it with `wait4`. Its stderr goes to a file, shown
/// if it fails.
// The child is reaped by `wait4` itself, which `Child::wait` would not report usage for.
#[allow(clippy::zombie_processes)]
pub(crate) fn measure(cmd: &mut Command) -> Sample {
    let log = std::env::temp_dir().join(format!("relief-bench-{}.stderr", std::process::id()));
    let file = std::fs::File::create(&log).unwrap_or_else(|e| fail(&format!("{e}")));
    cmd.stdout(Stdio::null()).stderr(file);
    let started = Instant::now();
    let child = cmd
        .spawn()
        .unwrap_or_else(|e| fail(&format!("cannot start {cmd:?}: {e}")));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet waited for; both out-pointers are valid.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    if rc != pid {
        fail(&format!("wait4 failed for {cmd:?}"));
    }
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        let err = std::fs::read_to_string(&log).unwrap_or_default();
        fail(&format!("{cmd:?} failed (status {status}):\n{err}"));
    }
    let _ = std::fs::remove_file(&log);
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Sample {
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        rss: usage.ru_maxrss as u64 * 1024,
    }
}

pub(crate) fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

pub(crate) struct Summary {
    pub(crate) wall: f64,
    pub(crate) cpu: f64,
    pub(crate) rss: f64,
}

pub(crate) fn summarise(samples: &[Sample]) -> Summary {
    Summary {
        wall: median(samples.iter().map(|s| s.wall.as_secs_f64()).collect()),
        cpu: median(samples.iter().map(|s| s.cpu.as_secs_f64()).collect()),
        rss: median(samples.iter().map(|s| s.rss as f64).collect()),
    }
}

pub(crate) fn mib(bytes: f64) -> String {
    format!("{:.0} MiB", bytes / (1024.0 * 1024.0))
}

/// Paths the benchmark works with.
pub(crate) struct Env {
    pub(crate) repo: PathBuf,
    pub(crate) shared: PathBuf,
    pub(crate) work: PathBuf,
    pub(crate) relief: PathBuf,
}

impl Env {
    pub(crate) fn new() -> Env {
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let shared = std::env::var_os("RELIEF_BENCH_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo.join("../shared"));
        if !shared.join("bench/gen_corpus.py").is_file() {
            fail(&format!(
                "{} not found; set RELIEF_BENCH_SHARED to the folder holding bench/gen_corpus.py",
                shared.join("bench/gen_corpus.py").display()
            ));
        }
        let work = std::env::var_os("RELIEF_BENCH_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                if Path::new("/dev/shm").is_dir() {
                    PathBuf::from("/dev/shm/relief-bench")
                } else {
                    std::env::temp_dir().join("relief-bench")
                }
            });
        std::fs::create_dir_all(&work).unwrap_or_else(|e| fail(&format!("{e}")));
        Env {
            repo,
            shared,
            work,
            relief: PathBuf::from(env!("CARGO_BIN_EXE_relief")),
        }
    }

    /// Generate (or reuse) the `flavor` corpus of `n` pages.
    pub(crate) fn corpus(&self, flavor: &str, n: usize) -> PathBuf {
        let dir = self.work.join(format!("{flavor}-{n}"));
        let stamp = dir.join(".complete");
        if !stamp.exists() {
            eprintln!("bench: generating {flavor} corpus of {n} pages…");
            let ok = Command::new("python3")
                .arg(self.shared.join("bench/gen_corpus.py"))
                .args(["--flavor", flavor, "-n", &n.to_string(), "--out"])
                .arg(&dir)
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                fail("gen_corpus.py failed (is python3 installed?)");
            }
            std::fs::write(&stamp, "").unwrap_or_else(|e| fail(&format!("{e}")));
        }
        dir
    }

    /// The zola corpus of `n` pages turned into a relief site, in the work folder's `name`,
    /// with the repository's templates, static files and config. Rebuilt every time (cheap)
    /// so template changes are picked up.
    pub(crate) fn relief_site(&self, name: &str, n: usize) -> PathBuf {
        let zola = self.corpus("zola", n);
        let site = self.work.join(name);
        if site.exists() {
            std::fs::remove_dir_all(&site).unwrap_or_else(|e| fail(&format!("{e}")));
        }
        std::fs::create_dir_all(&site).unwrap_or_else(|e| fail(&format!("{e}")));
        // Content: hard links where possible (same tmpfs), the section files rewritten.
        copy_tree(&zola.join("content"), &site.join("content"));
        for dir in ["templates", "static"] {
            copy_tree(&self.repo.join(dir), &site.join(dir));
        }
        // The corpus links to https://example.org/docs/… as external pages; under the bundled
        // config's base_url (the same host) relief would take them for its own, missing pages,
        // and warn about each.
        let config = std::fs::read_to_string(self.repo.join("config.toml"))
            .unwrap_or_else(|e| fail(&format!("{e}")))
            .replace(
                "base_url = \"https://example.org/\"",
                "base_url = \"https://bench.example.net/\"",
            );
        write(&site.join("config.toml"), &config);
        // Zola's section front matter differs: no `sort_by` (relief sorts by weight), and
        // the home page needs a title.
        write(
            &site.join("content/_index.md"),
            "+++\ntitle = \"Bench site\"\ndescription = \"A generated benchmark site.\"\n+++\n",
        );
        write(
            &site.join("content/topics/_index.md"),
            "+++\ntitle = \"Topics\"\n+++\n",
        );
        site
    }

    /// The floor program, built on first use.
    pub(crate) fn floor(&self) -> Option<PathBuf> {
        let target = std::env::var_os("RELIEF_BENCH_FLOOR_TARGET")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/tmp/floor"));
        let exe = target.join("release/ssg-floor");
        let manifest = self.shared.join("bench/floor/Cargo.toml");
        if !exe.exists() && manifest.exists() {
            eprintln!("bench: building the floor program…");
            let _ = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
                .args(["build", "--release", "--quiet", "--manifest-path"])
                .arg(&manifest)
                .env("CARGO_TARGET_DIR", &target)
                .status();
        }
        exe.exists().then_some(exe)
    }
}

pub(crate) fn copy_tree(from: &Path, to: &Path) {
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.is_dir() {
            std::fs::create_dir_all(&dest).unwrap_or_else(|e| fail(&format!("{e}")));
        } else {
            if let Some(p) = dest.parent() {
                std::fs::create_dir_all(p).unwrap_or_else(|e| fail(&format!("{e}")));
            }
            if std::fs::hard_link(&entry, &dest).is_err() {
                copy(&entry, &dest);
            }
        }
    }
}

pub(crate) fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    let mut i = 0;
    while i < out.len() {
        if out[i].is_dir() {
            let mut children: Vec<PathBuf> = std::fs::read_dir(&out[i])
                .unwrap_or_else(|e| fail(&format!("{}: {e}", out[i].display())))
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            children.sort();
            out.extend(children);
        }
        i += 1;
    }
    out
}

pub(crate) fn copy(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap_or_else(|e| fail(&format!("{}: {e}", from.display())));
}

pub(crate) fn write(path: &Path, text: &str) {
    let _ = std::fs::remove_file(path);
    std::fs::write(path, text).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
}

pub(crate) fn fresh(dir: &Path) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).unwrap_or_else(|e| fail(&format!("{e}")));
    }
}
