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
//! budget is 1.25). Corpora come from `gen_corpus.py` in the shared bench folder
//! (`../shared/bench`, or `$RELIEF_BENCH_SHARED`) and live on tmpfs (`/dev/shm/relief-bench`,
//! or `$RELIEF_BENCH_DIR`).

mod common;

use common::{fail, measure, median, walk, write, Env, Sample};
use std::path::{Path, PathBuf};
use std::process::Command;

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

/// The generated site of `n` pages as relief builds it (benches/build.rs's), each page with
/// its code block, highlighted when `highlighting` is `Some` (the `[markdown.highlighting]`
/// table).
fn site(env: &Env, n: usize, highlighting: Option<&str>) -> PathBuf {
    let state = if highlighting.is_some() { "on" } else { "off" };
    let site = env.relief_site(&format!("highlight-{state}-{n}"), n);
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
    if let Some(table) = highlighting {
        let config = site.join("config.toml");
        let text = std::fs::read_to_string(&config).unwrap_or_else(|e| fail(&format!("{e}")));
        write(
            &config,
            &format!("{text}\n[markdown.highlighting]\n{table}\n"),
        );
    }
    site
}

/// One build of `site` into `out` (a fresh folder).
fn build(env: &Env, site: &Path, out: &Path) -> Sample {
    common::fresh(out);
    measure(
        Command::new(&env.relief)
            .arg("build")
            .arg("--root")
            .arg(site)
            .arg("--output")
            .arg(out),
    )
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
    let env = Env::new();
    let table = format!("theme = \"catppuccin-mocha\"\nstyle = \"{style}\"");
    let plain = site(&env, pages, None);
    let highlighted = site(&env, pages, Some(&table));
    let out = env.work.join("highlight-out");
    // One build of each first, to warm the page cache.
    build(&env, &plain, &out);
    build(&env, &highlighted, &out);
    let (mut off, mut on) = (Vec::new(), Vec::new());
    for run in 0..runs {
        // Alternate which goes first, so a drift in the machine's load falls on both.
        if run % 2 == 0 {
            off.push(build(&env, &plain, &out));
            on.push(build(&env, &highlighted, &out));
        } else {
            on.push(build(&env, &highlighted, &out));
            off.push(build(&env, &plain, &out));
        }
    }
    common::fresh(&out);
    let ratios = |of: fn(&Sample) -> f64| -> Vec<f64> {
        on.iter().zip(&off).map(|(a, b)| of(a) / of(b)).collect()
    };
    let wall = |s: &Sample| s.wall.as_secs_f64();
    let cpu = |s: &Sample| s.cpu.as_secs_f64();
    let (wall_ratios, cpu_ratios) = (ratios(wall), ratios(cpu));
    let med = |v: &[Sample], of: fn(&Sample) -> f64| median(v.iter().map(of).collect());
    println!("{pages} pages, one code block each, style = {style}, {runs} pairs");
    println!("| build | wall (median) | cpu (median) |");
    println!("|---|---|---|");
    println!(
        "| plain | {:.3} s | {:.3} s |",
        med(&off, wall),
        med(&off, cpu)
    );
    println!(
        "| highlighted | {:.3} s | {:.3} s |",
        med(&on, wall),
        med(&on, cpu)
    );
    let range = |v: &[f64]| {
        (
            v.iter().copied().fold(f64::INFINITY, f64::min),
            v.iter().copied().fold(0.0, f64::max),
        )
    };
    let ((wall_low, wall_high), (cpu_low, cpu_high)) = (range(&wall_ratios), range(&cpu_ratios));
    println!(
        "highlighted / plain: wall {:.2} (pairs {wall_low:.2}–{wall_high:.2}), cpu {:.2} (pairs {cpu_low:.2}–{cpu_high:.2}); budget 1.25",
        median(wall_ratios),
        median(cpu_ratios),
    );
}
