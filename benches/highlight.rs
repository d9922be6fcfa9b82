//! What code highlighting costs a build: the 10,000-page generated site of `benches/build.rs`
//! with a code block added to every page (nine languages in turn, each page's block its own
//! text), built with and without `[markdown.highlighting]`, paired and alternating.
//!
//! ```text
//! cargo bench --bench highlight                          # 10k pages, 5 pairs
//! cargo bench --bench highlight -- --pages 1000 --runs 3
//! cargo bench --bench highlight -- --style class
//! ```
//!
//! It prints the median wall and CPU time of each, and the ratio highlighted / plain (the
//! issue's budget is 1.25). Corpora come from `gen_corpus.py` in the shared bench folder
//! (`../shared/bench`, or `$RELIEF_BENCH_SHARED`) and live on tmpfs (`/dev/shm/relief-bench`,
//! or `$RELIEF_BENCH_DIR`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn fail(msg: &str) -> ! {
    eprintln!("bench: {msg}");
    std::process::exit(2)
}

/// A code block for page `i`: a language in turn, with text of its own so that no two pages
/// highlight the same block.
fn code_block(i: usize) -> String {
    let (lang, code) = match i % 9 {
        0 => ("toml", format!("# page {i}\ntitle = \"Page {i}\"\nweight = {i}\n[extra]\ntags = [\"a{i}\", \"b\"]\n")),
        1 => ("rust", format!("/// Page {i}.\nfn page_{i}(x: u32) -> u32 {{\n    let y = x * {i};\n    y + 1\n}}\n")),
        2 => ("sh", format!("#!/bin/sh\nset -eu\nfor f in content/*.md; do\n  echo \"page {i}: $f\"\ndone\n")),
        3 => ("json", format!("{{\"page\": {i}, \"title\": \"Page {i}\", \"tags\": [\"a\", \"b\"], \"draft\": false}}\n")),
        4 => ("yaml", format!("page: {i}\ntitle: Page {i}\ntags:\n  - a\n  - b # comment\n")),
        5 => ("python", format!("def page_{i}(n):\n    \"\"\"Page {i}.\"\"\"\n    return [x * {i} for x in range(n)]\n")),
        6 => ("html", format!("<article class=\"page\">\n  <h1>Page {i}</h1>\n  <a href=\"/p/{i}/\">next</a>\n</article>\n")),
        7 => ("css", format!(".page-{i} {{\n  margin: {i}px auto;\n  color: #333;\n}}\n")),
        _ => ("js", format!("const page = {i};\nfunction next(n) {{\n  return `/p/${{n + 1}}/`;\n}}\nconsole.log(next(page));\n")),
    };
    format!("\n\n```{lang}\n{code}```\n")
}

/// The generated site of `n` pages as relief builds it (the repository's templates, static
/// files and config), each page with its code block, highlighted when `highlighting` is
/// `Some` (the `[markdown.highlighting]` table).
fn site(repo: &Path, shared: &Path, work: &Path, n: usize, highlighting: Option<&str>) -> PathBuf {
    let corpus = work.join(format!("zola-{n}"));
    if !corpus.join(".complete").exists() {
        eprintln!("bench: generating the corpus of {n} pages…");
        let ok = Command::new("python3")
            .arg(shared.join("bench/gen_corpus.py"))
            .args(["--flavor", "zola", "-n", &n.to_string(), "--out"])
            .arg(&corpus)
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            fail("gen_corpus.py failed (is python3 installed?)");
        }
        write(&corpus.join(".complete"), "");
    }
    let name = format!(
        "highlight-{}-{n}",
        if highlighting.is_some() { "on" } else { "off" }
    );
    let site = work.join(name);
    if site.exists() {
        std::fs::remove_dir_all(&site).unwrap_or_else(|e| fail(&format!("{e}")));
    }
    copy_tree(&corpus.join("content"), &site.join("content"));
    for dir in ["templates", "static"] {
        copy_tree(&repo.join(dir), &site.join(dir));
    }
    let pages = site.join("content/topics");
    let mut i = 0;
    for entry in walk(&pages) {
        if entry
            .file_name()
            .is_some_and(|f| f.to_string_lossy().starts_with("page-"))
        {
            let text = std::fs::read_to_string(&entry).unwrap_or_else(|e| fail(&format!("{e}")));
            write(&entry, &(text + &code_block(i)));
            i += 1;
        }
    }
    // As in benches/build.rs: the corpus's external links share no host with the site.
    let mut config = std::fs::read_to_string(repo.join("config.toml"))
        .unwrap_or_else(|e| fail(&format!("{e}")))
        .replace(
            "base_url = \"https://example.org/\"",
            "base_url = \"https://bench.example.net/\"",
        );
    if let Some(table) = highlighting {
        config.push_str(&format!("\n[markdown.highlighting]\n{table}\n"));
    }
    write(&site.join("config.toml"), &config);
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

/// Wall and CPU (user + system) time of one build, from `wait4`.
// The child is reaped by `wait4` itself, which `Child::wait` would not report usage for.
#[allow(clippy::zombie_processes)]
fn measure(relief: &Path, site: &Path, out: &Path) -> (f64, f64) {
    if out.exists() {
        std::fs::remove_dir_all(out).unwrap_or_else(|e| fail(&format!("{e}")));
    }
    let started = Instant::now();
    let child = Command::new(relief)
        .arg("build")
        .arg("--root")
        .arg(site)
        .arg("--output")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| fail(&format!("cannot start relief: {e}")));
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our child, not yet waited for; both out-pointers are valid.
    let rc = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = started.elapsed().as_secs_f64();
    if rc < 0 || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        fail(&format!("relief build --root {} failed", site.display()));
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    (
        wall,
        (tv(usage.ru_utime) + tv(usage.ru_stime)).as_secs_f64(),
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n % 2 {
        1 => v[n / 2],
        _ => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut pages, mut runs, mut style) = (10_000, 5, "inline".to_string());
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| fail(&format!("{arg} needs a value")))
        };
        match arg.as_str() {
            "--pages" => pages = value().parse().unwrap_or_else(|_| fail("--pages N")),
            "--runs" => runs = value().parse().unwrap_or_else(|_| fail("--runs N")),
            "--style" => style = value(),
            // cargo bench passes --bench.
            _ => {}
        }
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = std::env::var_os("RELIEF_BENCH_SHARED")
        .map_or_else(|| repo.join("../shared"), PathBuf::from);
    if !shared.join("bench/gen_corpus.py").is_file() {
        fail("../shared/bench/gen_corpus.py not found; set RELIEF_BENCH_SHARED");
    }
    let work = std::env::var_os("RELIEF_BENCH_DIR")
        .map_or_else(|| PathBuf::from("/dev/shm/relief-bench"), PathBuf::from);
    let relief = PathBuf::from(env!("CARGO_BIN_EXE_relief"));
    let table = format!("theme = \"catppuccin-mocha\"\nstyle = \"{style}\"");
    let plain = site(&repo, &shared, &work, pages, None);
    let highlighted = site(&repo, &shared, &work, pages, Some(&table));
    let out = work.join("highlight-out");
    // One build of each first, to warm the page cache.
    measure(&relief, &plain, &out);
    measure(&relief, &highlighted, &out);
    let (mut off, mut on) = (Vec::new(), Vec::new());
    for run in 0..runs {
        // Alternate which goes first, so a drift in the machine's load falls on both.
        if run % 2 == 0 {
            off.push(measure(&relief, &plain, &out));
            on.push(measure(&relief, &highlighted, &out));
        } else {
            on.push(measure(&relief, &highlighted, &out));
            off.push(measure(&relief, &plain, &out));
        }
    }
    let wall_ratios: Vec<f64> = on.iter().zip(&off).map(|(a, b)| a.0 / b.0).collect();
    let cpu_ratios: Vec<f64> = on.iter().zip(&off).map(|(a, b)| a.1 / b.1).collect();
    let med = |v: &[(f64, f64)], f: fn(&(f64, f64)) -> f64| median(v.iter().map(f).collect());
    println!("{pages} pages, one code block each, style = {style}, {runs} pairs");
    println!("| build | wall (median) | cpu (median) |");
    println!("|---|---|---|");
    println!(
        "| plain | {:.3} s | {:.3} s |",
        med(&off, |s| s.0),
        med(&off, |s| s.1)
    );
    println!(
        "| highlighted | {:.3} s | {:.3} s |",
        med(&on, |s| s.0),
        med(&on, |s| s.1)
    );
    println!(
        "highlighted / plain: wall {:.2} (pairs {:.2}–{:.2}), cpu {:.2} (pairs {:.2}–{:.2}); budget 1.25",
        median(wall_ratios.clone()),
        wall_ratios.iter().copied().fold(f64::INFINITY, f64::min),
        wall_ratios.iter().copied().fold(0.0, f64::max),
        median(cpu_ratios.clone()),
        cpu_ratios.iter().copied().fold(f64::INFINITY, f64::min),
        cpu_ratios.iter().copied().fold(0.0, f64::max),
    );
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walk(from) {
        let dest = to.join(entry.strip_prefix(from).unwrap_or(&entry));
        if entry.is_dir() {
            std::fs::create_dir_all(&dest).unwrap_or_else(|e| fail(&format!("{e}")));
        } else if std::fs::copy(&entry, &dest).is_err() {
            fail(&format!("cannot copy {}", entry.display()));
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
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

fn write(path: &Path, text: &str) {
    let _ = std::fs::remove_file(path);
    std::fs::write(path, text).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
}
