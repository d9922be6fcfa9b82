//! Faults during a build: SIGKILL at random moments, a full disk, a read-only output, two
//! builds at once. In every case the previous output must stay complete and intact.
//!
//! Full disk and read-only outputs use real kernel behaviour: a small tmpfs mounted as the
//! output's file system, and a read-only bind mount (root ignores permission bits, so chmod
//! would prove nothing). Both need mount(2); when it is not permitted (not root), the tests
//! fall back to what an unprivileged process can honestly do: RLIMIT_FSIZE on the build
//! process for the full disk (the kernel then fails writes with EFBIG), and chmod for the
//! read-only output. Which method ran is printed.

mod common;
use common::{copy_dir, snapshot};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_relief");

/// A site from tests/broken/_good with `pages` extra pages, each `body_len` bytes of text.
fn site(dir: &Path, pages: usize, body_len: usize, version: &str) -> PathBuf {
    let root = dir.join("site");
    let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/_good");
    copy_dir(&good, &root);
    set_pages(&root, pages, body_len, version);
    root
}

fn set_pages(root: &Path, pages: usize, body_len: usize, version: &str) {
    let dir = root.join("content/many");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("_index.md"), "+++\ntitle = \"Many\"\n+++\n").unwrap();
    let text = "lorem ipsum ".repeat(body_len / 12 + 1);
    for i in 0..pages {
        std::fs::write(
            dir.join(format!("p{i}.md")),
            format!("+++\ntitle = \"Page {i} {version}\"\n+++\n{version} {text}\n"),
        )
        .unwrap();
    }
}

struct Run {
    code: Option<i32>,
    stderr: String,
}

fn build(root: &Path, extra: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(["build", "--root", root.to_str().unwrap()])
        .args(extra)
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn assert_clean_failure(run: &Run, expected: &[&str]) {
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    for text in expected {
        assert!(
            run.stderr.contains(text),
            "want {text:?} in:\n{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr.contains("the previous output is unchanged"),
        "{}",
        run.stderr
    );
}

fn assert_one_disk_error(run: &Run) {
    let errors = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .count();
    assert_eq!(errors, 2, "one error and the summary line:\n{}", run.stderr);
    assert!(
        run.stderr.contains("other files failed the same way"),
        "{}",
        run.stderr
    );
}

/// Leftovers of a build beside the output (staging or moved-aside folders).
fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".relief-"))
        .collect()
}

/// A small deterministic generator for kill moments; the seed is printed to replay a run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn sigkill_at_random_moments_keeps_the_previous_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path(), 1500, 400, "old");
    let first = build(&root, &[]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let old = snapshot(&root.join("public"));
    let pristine = dir.path().join("old-public");
    copy_dir(&root.join("public"), &pristine);

    // The complete new output, built elsewhere, and how long a build takes.
    let new_dir = tempfile::tempdir().unwrap();
    let new_root = site(new_dir.path(), 1500, 400, "new");
    let started = Instant::now();
    assert_eq!(build(&new_root, &[]).code, Some(0));
    let duration = started.elapsed();
    let new = snapshot(&new_root.join("public"));
    assert_ne!(old, new);
    set_pages(&root, 1500, 400, "new");

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    eprintln!("kill seed {seed}, build takes {duration:?}");
    let mut rng = Lcg(seed);
    let kills = 10;
    let (mut interrupted_while_staging, mut after_commit) = (0, 0);
    for k in 0..kills {
        // Spread the moments over the whole build, with jitter.
        let span = duration.as_micros() as u64;
        let at = span * k / kills + rng.next() % (span / kills).max(1);
        let mut child = Command::new(BIN)
            .args(["build", "--root", root.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(at));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        let staging = root.join(".public.relief-tmp");
        if staging.exists() {
            interrupted_while_staging += 1;
        }
        let now = snapshot(&root.join("public"));
        if now == new {
            after_commit += 1;
            // Put the old output back so later kills are tested against it again.
            std::fs::remove_dir_all(root.join("public")).unwrap();
            copy_dir(&pristine, &root.join("public"));
        } else {
            assert!(
                now == old,
                "kill {k} at {at} µs ({status:?}) left a damaged output"
            );
        }
    }
    eprintln!(
        "{kills} kills: {interrupted_while_staging} mid-write, {after_commit} after the swap"
    );
    assert!(
        interrupted_while_staging > 0,
        "no kill landed while the build was writing; the test proved nothing"
    );

    // The next build succeeds, replaces the output and clears the leftover staging folder.
    let next = build(&root, &[]);
    assert_eq!(next.code, Some(0), "{}", next.stderr);
    assert_eq!(snapshot(&root.join("public")), new);
    assert!(leftovers(&root).is_empty(), "{:?}", leftovers(&root));
}

#[test]
fn a_killed_build_between_the_two_renames_is_repaired() {
    // Where RENAME_EXCHANGE is unavailable, the swap is two renames; a kill between them
    // leaves only `.public.relief-old`. The next build must put it back, then replace it.
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path(), 3, 10, "v1");
    assert_eq!(build(&root, &[]).code, Some(0));
    std::fs::rename(root.join("public"), root.join(".public.relief-old")).unwrap();
    std::fs::create_dir(root.join(".public.relief-tmp")).unwrap();
    std::fs::write(root.join(".public.relief-tmp/half.html"), "half").unwrap();
    // A failing build restores the previous output and leaves nothing else.
    std::fs::write(root.join("content/bad.md"), "+++\n").unwrap();
    let run = build(&root, &[]);
    assert_eq!(run.code, Some(1));
    // (load fails before the output is touched: the repair happens on the next write.)
    std::fs::remove_file(root.join("content/bad.md")).unwrap();
    let run = build(&root, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(root.join("public/many/p0/index.html").is_file());
    assert!(leftovers(&root).is_empty(), "{:?}", leftovers(&root));
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn mount(args: &[&str]) -> bool {
    Command::new("mount")
        .args(args)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

struct Unmount(PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_gives_a_clear_error_and_keeps_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path(), 20, 1000, "old");
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let output = disk.join("public");
    let out_arg = ["--output", output.to_str().unwrap()];
    let tmpfs = is_root()
        && mount(&[
            "-t",
            "tmpfs",
            "-o",
            "size=1m",
            "tmpfs",
            disk.to_str().unwrap(),
        ]);
    let _guard = tmpfs.then(|| Unmount(disk.clone()));
    let first = build(&root, &out_arg);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let old = snapshot(&output);
    // The new site needs more than is left on the disk (or than the file size limit).
    set_pages(&root, 20, 200_000, "new");
    let run = if tmpfs {
        eprintln!("full disk: a 1 MiB tmpfs");
        build(&root, &out_arg)
    } else {
        eprintln!("full disk: mount not permitted, RLIMIT_FSIZE of 100 KiB instead");
        with_file_size_limit(&root, &out_arg, 100 << 10)
    };
    let expected = if tmpfs {
        "No space left on device"
    } else {
        "File too large"
    };
    assert_clean_failure(&run, &["could not write the file", expected]);
    assert_eq!(snapshot(&output), old);
    assert!(leftovers(&disk).is_empty(), "{:?}", leftovers(&disk));
    // A full disk is one problem: reported once, not once per file.
    assert_one_disk_error(&run);
}

/// Run a build with RLIMIT_FSIZE set, SIGXFSZ ignored so writes fail with EFBIG.
fn with_file_size_limit(root: &Path, extra: &[&str], bytes: u64) -> Run {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(BIN);
    cmd.args(["build", "--root", root.to_str().unwrap()])
        .args(extra);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_file_size_limit_gives_a_clear_error_and_keeps_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path(), 5, 1000, "old");
    assert_eq!(build(&root, &[]).code, Some(0));
    let old = snapshot(&root.join("public"));
    set_pages(&root, 5, 300_000, "new");
    let run = with_file_size_limit(&root, &[], 100 << 10);
    assert_clean_failure(&run, &["could not write the file", "File too large"]);
    assert_one_disk_error(&run);
    assert_eq!(snapshot(&root.join("public")), old);
    assert!(leftovers(&root).is_empty(), "{:?}", leftovers(&root));
}

/// Make `dir` read-only for this process: a read-only bind mount as root, chmod otherwise.
fn read_only(dir: &Path) -> Option<Unmount> {
    let d = dir.to_str().unwrap();
    if is_root() {
        assert!(mount(&["--bind", d, d]), "bind mount {d}");
        let guard = Unmount(dir.to_path_buf());
        assert!(
            mount(&["-o", "remount,ro,bind", d]),
            "remount {d} read-only"
        );
        eprintln!("read-only: bind mount");
        Some(guard)
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        eprintln!("read-only: chmod 555");
        None
    }
}

#[test]
fn a_read_only_output_folder_gives_a_clear_error_and_keeps_the_output() {
    // The folder holding the output is read-only: neither the lock file nor a staging folder
    // can be made beside the output.
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path(), 3, 100, "old");
    let holder = dir.path().join("out");
    std::fs::create_dir(&holder).unwrap();
    let output = holder.join("public");
    let out_arg = ["--output", output.to_str().unwrap()];
    assert_eq!(build(&root, &out_arg).code, Some(0));
    let old = snapshot(&output);
    set_pages(&root, 3, 100, "new");
    let guard = read_only(&holder);
    let run = build(&root, &out_arg);
    let probe = std::fs::write(holder.join("probe"), "x");
    drop(guard);
    assert!(probe.is_err(), "the folder really was read-only");
    assert_clean_failure(&run, &["could not create the output's lock file"]);
    assert!(
        run.stderr.contains("Read-only file system") || run.stderr.contains("Permission denied"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&output), old);
    assert!(leftovers(&holder).is_empty());

    // The output folder itself is read-only (a mount point as root): the new site is
    // staged beside it, but it cannot be swapped in; the old one stays.
    let guard = read_only(&output);
    let run = build(&root, &out_arg);
    let probe = std::fs::write(output.join("probe"), "x");
    drop(guard);
    assert!(probe.is_err(), "the output really was read-only");
    assert_clean_failure(&run, &["could not"]);
    assert_eq!(snapshot(&output), old);
    assert!(leftovers(&holder).is_empty(), "{:?}", leftovers(&holder));
}

#[test]
fn a_second_build_of_the_same_output_gets_a_clear_error() {
    // A big build holds the lock while it writes; a tiny project built into the same
    // output meanwhile is refused, and the big build completes untouched.
    let dir = tempfile::tempdir().unwrap();
    let big = site(dir.path(), 3000, 2000, "big");
    let small_dir = tempfile::tempdir().unwrap();
    let small = site(small_dir.path(), 1, 10, "small");
    let output = dir.path().join("public");
    let out_arg = ["--output", output.to_str().unwrap()];
    let mut first = Command::new(BIN)
        .args(["build", "--root", big.to_str().unwrap()])
        .args(out_arg)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let staging = dir.path().join(".public.relief-tmp");
    let deadline = Instant::now() + Duration::from_secs(120);
    while !staging.exists() {
        assert!(
            Instant::now() < deadline,
            "the first build never started writing"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let second = build(&small, &out_arg);
    let first_status = first.wait().unwrap();
    assert!(first_status.success());
    assert_clean_failure(
        &second,
        &["another relief build is writing this output right now"],
    );
    assert!(output.join("many/p2999/index.html").is_file());
    // The output is the big build's, complete: nothing of the refused small one.
    let p0 = std::fs::read_to_string(output.join("many/p0/index.html")).unwrap();
    assert!(p0.contains("Page 0 big"), "{p0}");
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn builds_started_together_never_corrupt_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path(), 300, 500, "v");
    assert_eq!(build(&root, &[]).code, Some(0));
    let expected = snapshot(&root.join("public"));
    for _ in 0..5 {
        let children: Vec<_> = (0..3)
            .map(|_| {
                Command::new(BIN)
                    .args(["build", "--root", root.to_str().unwrap()])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut succeeded = 0;
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            if out.status.success() {
                succeeded += 1;
            } else {
                assert_eq!(out.status.code(), Some(1));
                assert!(
                    stderr.contains("another relief build is writing this output"),
                    "{stderr}"
                );
            }
        }
        assert!(succeeded >= 1);
        assert_eq!(snapshot(&root.join("public")), expected);
        assert!(leftovers(&root).is_empty(), "{:?}", leftovers(&root));
    }
}
