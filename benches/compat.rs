//! Zola compatibility, measured: relief builds each real Zola 0.23 site of `../shared/compat`
//! as it is, and, when the reference Zola is at hand, both outputs are compared.
//!
//! ```text
//! cargo bench --bench compat                                         # relief alone
//! ZOLA=$(../shared/peers/build-zola.sh) cargo bench --bench compat   # and against Zola
//! cargo bench --bench compat -- --runs 3 --site abridge
//! ```
//!
//! For each site it prints whether relief builds it and, when it does not, its errors grouped
//! by message (the work left); with `$ZOLA`, the HTML files only one of them writes, how the
//! visible text (tags stripped, white space collapsed) of the common pages compares, the
//! pages that differ, and the build times (medians of paired, alternating runs) with their
//! ratio, and `resize_image`'s results (names, widths and heights). Every internal link and
//! anchor of relief's output is followed to its file and id; with `$ZOLA`, those that lead
//! nowhere in relief's output only are listed. The shared folder is `../shared/compat` beside
//! the repository, or `$RELIEF_COMPAT_DIR`; each site is copied to `/dev/shm/relief-compat`
//! and built there.
//!
//! Zola is not deterministic: it gives templates `config.languages` as a hash map and
//! `group_by`'s groups from one, whose order changes from one Zola run to the next. So Zola
//! is built several times (each timed run keeps its output, and untimed builds make up
//! `--zola-builds N`, 8 by default: a list of two groups then comes out in both orders with a
//! chance of 127 in 128), and each page is compared three ways:
//! *strictly* (identical to Zola's first build), *identical to one of Zola's builds*, and *up
//! to Zola's own variation*: a page whose text is the same in every Zola build must be
//! identical; on a page whose text differs between Zola's builds, the stretch from the first
//! word to the last where any two builds differ is Zola's variation, and relief's page must
//! be identical to Zola's first build outside it and hold the same characters, in any order,
//! within it.
//! relief's own builds are compared with each other too: they must be byte for byte the same.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SITES: [&str; 2] = ["zola-docs", "abridge"];

struct Args {
    runs: usize,
    /// How many builds of Zola's to compare with, at least (8: enough to see where Zola
    /// varies, a list of two groups coming out in both orders with a chance of 127 in 128).
    zola_builds: usize,
    site: Option<String>,
}

fn parse_args() -> Args {
    let mut args = Args {
        runs: 1,
        zola_builds: 8,
        site: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => args.runs = it.next().and_then(|n| n.parse().ok()).unwrap_or(1).max(1),
            "--zola-builds" => {
                args.zola_builds = it.next().and_then(|n| n.parse().ok()).unwrap_or(8).max(1)
            }
            "--site" => args.site = it.next(),
            // `cargo bench` passes `--bench`; other libtest flags are ignored.
            _ => {}
        }
    }
    args
}

/// One build: whether it succeeded, how long it took, and what it printed on stderr.
struct Run {
    ok: bool,
    elapsed: Duration,
    stderr: String,
}

fn run(mut command: Command, output: &Path) -> Run {
    let _ = std::fs::remove_dir_all(output);
    let started = Instant::now();
    let out = command.output().expect("run the build");
    Run {
        ok: out.status.success(),
        elapsed: started.elapsed(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn relief(site: &Path, output: &Path) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_relief"));
    command
        .arg("build")
        .arg("--root")
        .arg(site)
        .arg("--output")
        .arg(output);
    run(command, output)
}

fn zola(binary: &str, site: &Path, output: &Path) -> Run {
    let mut command = Command::new(binary);
    command
        .arg("--root")
        .arg(site)
        .arg("build")
        .arg("--output-dir")
        .arg(output)
        .arg("--force");
    run(command, output)
}

/// relief's errors, each message once with how often it came (file names and line numbers
/// are left out, so that one missing feature counts once).
fn errors(stderr: &str) -> BTreeMap<String, usize> {
    let mut found = BTreeMap::new();
    for line in stderr.lines().filter(|l| l.starts_with("error")) {
        let message = line.split_once(": ").map_or(line, |(_, m)| m);
        // `template `x.html` does not exist` and the like keep their names; positions go.
        let key: String = message.chars().take(110).collect();
        *found.entry(key).or_insert(0) += 1;
    }
    found
}

/// Every HTML file under `dir`, by path relative to it.
fn html_files(dir: &Path) -> BTreeSet<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

/// The words a visitor reads on the page: the text of `<body>` (outside scripts and styles)
/// with its tags stripped and white space collapsed, as a browser shows it: text nodes joined
/// as they stand (a word split across highlighting spans, `--base-url`, stays one word), and
/// block elements (paragraphs, headings, code blocks, list items…) apart from their
/// neighbours whether or not the HTML has white space between them.
fn visible_text(file: &Path) -> Vec<String> {
    let html = std::fs::read_to_string(file).unwrap_or_default();
    let doc = scraper::Html::parse_document(&html);
    let body = scraper::Selector::parse("body").unwrap();
    let mut text = String::new();
    for root in doc.select(&body) {
        push_text(root, &mut text);
    }
    text.split_whitespace().map(str::to_string).collect()
}

/// Elements a browser lays out as blocks (or table cells): their text never runs into the
/// text beside them.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// Where Zola's builds of a page differ from each other, in words of the first build: how
/// many words they all begin with, and how many they all end with; `None` when they agree.
fn variation(builds: &[Vec<String>]) -> Option<(usize, usize)> {
    let first = &builds[0];
    let mut span: Option<(usize, usize)> = None;
    for other in builds[1..].iter().filter(|b| *b != first) {
        let (prefix, suffix) = common_ends(first, other);
        span = Some(match span {
            None => (prefix, suffix),
            Some((p, s)) => (p.min(prefix), s.min(suffix)),
        });
    }
    span
}

/// How many words `a` and `b` begin with in common, and then end with (not overlapping).
fn common_ends(a: &[String], b: &[String]) -> (usize, usize) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    (prefix, suffix)
}

/// The characters of `words`, sorted: two stretches of text holding the same ones in
/// another order (a menu's languages, a year's posts) have the same.
fn letters(words: &[String]) -> Vec<char> {
    let mut chars: Vec<char> = words.iter().flat_map(|w| w.chars()).collect();
    chars.sort_unstable();
    chars
}

/// Whether `ours` is `theirs` up to the stretch `(prefix, suffix)` where Zola's builds vary:
/// identical before and after it, the same characters in another order within it.
fn same_up_to(ours: &[String], theirs: &[String], (prefix, suffix): (usize, usize)) -> bool {
    if ours.len() < prefix + suffix || theirs.len() < prefix + suffix {
        return false;
    }
    ours[..prefix] == theirs[..prefix]
        && ours[ours.len() - suffix..] == theirs[theirs.len() - suffix..]
        && letters(&ours[prefix..ours.len() - suffix])
            == letters(&theirs[prefix..theirs.len() - suffix])
}

fn push_text(element: scraper::ElementRef<'_>, text: &mut String) {
    for child in element.children() {
        if let Some(piece) = child.value().as_text() {
            text.push_str(piece);
        } else if let Some(inner) = scraper::ElementRef::wrap(child) {
            let name = inner.value().name();
            if matches!(name, "script" | "style" | "template") {
                continue;
            }
            let block = BLOCKS.contains(&name);
            if block {
                text.push(' ');
            }
            push_text(inner, text);
            if block {
                text.push(' ');
            }
        }
    }
}

/// The site's `base_url`, read from its `zola.toml` or `config.toml`.
fn base_url(site: &Path) -> String {
    ["zola.toml", "config.toml"]
        .iter()
        .find_map(|name| std::fs::read_to_string(site.join(name)).ok())
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|t| {
            t.get("base_url")
                .and_then(|v| v.as_str())
                .map(str::to_string)
        })
        .unwrap_or_default()
}

/// `%XX` escapes of a URL path decoded.
fn percent_decoded(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The ids (and `<a name>`s) of an HTML file, read once.
fn ids_of<'c>(
    file: &Path,
    cache: &'c mut BTreeMap<PathBuf, BTreeSet<String>>,
) -> &'c BTreeSet<String> {
    cache.entry(file.to_path_buf()).or_insert_with(|| {
        let html = std::fs::read_to_string(file).unwrap_or_default();
        let doc = scraper::Html::parse_document(&html);
        let any = scraper::Selector::parse("[id], a[name]").unwrap();
        doc.select(&any)
            .flat_map(|e| [e.value().attr("id"), e.value().attr("name")])
            .flatten()
            .map(str::to_string)
            .collect()
    })
}

/// A link that leads nowhere: the page it is on, the link as written, and where it leads
/// (the file below the output folder, and the anchor), which is what the two outputs are
/// compared on: Zola writes a page's relative links as absolute URLs (`./x.png` on
/// /themes/a/ is `https://site/themes/a/./x.png`), relief keeps them as written.
struct Broken {
    page: PathBuf,
    link: String,
    leads_to: (PathBuf, Option<String>),
}

/// Every internal link (`href`, `src`) of every HTML page of `out` followed to its file and
/// anchor: how many were followed, and the ones that lead nowhere.
fn broken_internal_links(out: &Path, base_url: &str) -> (usize, Vec<Broken>) {
    let base = base_url.trim_end_matches('/');
    let site_path = base
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
        .unwrap_or_default();
    let selector = scraper::Selector::parse("a[href], link[href], img[src], script[src]").unwrap();
    let mut ids = BTreeMap::new();
    let mut followed = 0;
    let mut broken = Vec::new();
    for page in html_files(out) {
        let html = std::fs::read_to_string(out.join(&page)).unwrap_or_default();
        let doc = scraper::Html::parse_document(&html);
        let links: Vec<String> = doc
            .select(&selector)
            .filter_map(|e| e.value().attr("href").or(e.value().attr("src")))
            .map(str::to_string)
            .collect();
        let page_dir = page.parent().unwrap_or(Path::new("")).to_path_buf();
        for link in links {
            let (target, fragment) = match link.split_once('#') {
                Some((t, f)) => (t.to_string(), Some(f.to_string())),
                None => (link.clone(), None),
            };
            let target = target.split('?').next().unwrap_or("").to_string();
            // Where the link points, as a path below the output folder; None: another site.
            let below = if target.is_empty() {
                Some(page.to_string_lossy().into_owned())
            } else if let Some(rest) = target.strip_prefix(base).filter(|_| !base.is_empty()) {
                Some(rest.trim_start_matches('/').to_string())
            } else if target.contains("://") || target.starts_with("//") || target.contains(':') {
                None
            } else if let Some(rooted) = target.strip_prefix('/') {
                let rooted = format!("/{rooted}");
                Some(
                    rooted
                        .strip_prefix(&site_path)
                        .unwrap_or(&rooted)
                        .trim_start_matches('/')
                        .to_string(),
                )
            } else {
                Some(page_dir.join(&target).to_string_lossy().into_owned())
            };
            let Some(below) = below else { continue };
            followed += 1;
            let below = percent_decoded(&below);
            let mut path = out.join(&below);
            if below.is_empty() || below.ends_with('/') || path.is_dir() {
                path = path.join("index.html");
            }
            // `a/../b` is resolved by the file system; a missing file is broken.
            let found = path.is_file();
            let anchored = match (&fragment, found) {
                (Some(f), true)
                    if !f.is_empty() && path.extension().is_some_and(|x| x == "html") =>
                {
                    ids_of(&path, &mut ids).contains(&percent_decoded(f))
                }
                _ => found,
            };
            if !anchored {
                // `a/./b` and `a/b` are one place.
                let place: PathBuf = path
                    .strip_prefix(out)
                    .unwrap_or(&path)
                    .components()
                    .filter(|c| !matches!(c, std::path::Component::CurDir))
                    .collect();
                broken.push(Broken {
                    page: page.clone(),
                    link,
                    leads_to: (place, fragment.map(|f| percent_decoded(&f))),
                });
            }
        }
    }
    (followed, broken)
}

/// Print how many internal links of relief's output lead nowhere, grouped by link; with
/// Zola's output, also those that lead nowhere in relief's output only.
fn report_links(relief_out: &Path, zola_out: Option<&Path>, base_url: &str) {
    let (followed, broken) = broken_internal_links(relief_out, base_url);
    let mut by_link: BTreeMap<&str, usize> = BTreeMap::new();
    for b in &broken {
        *by_link.entry(&b.link).or_insert(0) += 1;
    }
    println!(
        "  internal links and anchors in relief's output: {followed} followed, {} lead nowhere ({} distinct)",
        broken.len(),
        by_link.len()
    );
    let mut by_count: Vec<_> = by_link.into_iter().collect();
    by_count.sort_by_key(|(link, n)| (std::cmp::Reverse(*n), *link));
    for (link, n) in by_count.iter().take(6) {
        println!("    {n:>4} × {link}");
    }
    if let Some(zola_out) = zola_out {
        let (zola_followed, zola_broken) = broken_internal_links(zola_out, base_url);
        let theirs: BTreeSet<_> = zola_broken.iter().map(|b| (&b.page, &b.leads_to)).collect();
        let ours_only: Vec<_> = broken
            .iter()
            .filter(|b| !theirs.contains(&(&b.page, &b.leads_to)))
            .collect();
        println!(
            "  in Zola's output: {zola_followed} followed, {} lead nowhere; nowhere in relief's only: {}",
            zola_broken.len(),
            ours_only.len()
        );
        for b in ours_only.iter().take(8) {
            println!("    {}: {}", b.page.display(), b.link);
        }
    }
}

/// A fresh copy of the folder `from` at `to`.
fn copy_tree(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create a folder of the copy");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).expect("copy a file of the site");
        }
    }
}

fn median(times: &[Duration]) -> Duration {
    let mut times = times.to_vec();
    times.sort();
    times[times.len() / 2]
}

/// `resize_image`'s results in each output (`processed_images/`): the file names both wrote,
/// and of those, how many have the same width and height.
fn compare_processed(relief_out: &Path, zola_out: &Path) {
    let names = |out: &Path| -> BTreeSet<String> {
        std::fs::read_dir(out.join("processed_images"))
            .map(|dir| {
                dir.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let (ours, theirs) = (names(relief_out), names(zola_out));
    let common: Vec<&String> = ours.intersection(&theirs).collect();
    let size = |out: &Path, name: &str| {
        imagesize::size(out.join("processed_images").join(name))
            .ok()
            .map(|s| (s.width, s.height))
    };
    let same_size: Vec<&&String> = common
        .iter()
        .filter(|n| size(relief_out, n).is_some() && size(relief_out, n) == size(zola_out, n))
        .collect();
    println!(
        "  processed images: relief {}, Zola {}, same name {}, of which same width and height {}",
        ours.len(),
        theirs.len(),
        common.len(),
        same_size.len()
    );
    for name in ours.symmetric_difference(&theirs).take(8) {
        let who = if ours.contains(name) {
            "relief"
        } else {
            "Zola"
        };
        println!("    only {who}: processed_images/{name}");
    }
}

/// How many of the files below `dirs[1..]` differ from those below `dirs[0]` (by relative
/// path and bytes), over every file any of them holds.
fn files_differing(dirs: &[PathBuf]) -> usize {
    let mut paths = BTreeSet::new();
    for dir in dirs {
        for entry in walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
        {
            if entry.file_type().is_file() {
                paths.insert(entry.path().strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    paths
        .iter()
        .filter(|p| {
            let first = std::fs::read(dirs[0].join(p)).ok();
            dirs[1..]
                .iter()
                .any(|d| std::fs::read(d.join(p)).ok() != first)
        })
        .count()
}

/// Compare relief's output (its builds `relief_outs`, the first one compared) with Zola's
/// builds `zola_outs`: file sets, then each common page's visible text strictly, against any
/// of Zola's builds, and up to Zola's own variation.
fn compare(relief_outs: &[PathBuf], zola_outs: &[PathBuf]) {
    let relief_out = &relief_outs[0];
    let zola_out = &zola_outs[0];
    compare_processed(relief_out, zola_out);
    let ours = html_files(relief_out);
    let theirs = html_files(zola_out);
    let only_relief: Vec<_> = ours.difference(&theirs).collect();
    let only_zola: Vec<_> = theirs.difference(&ours).collect();
    let common: Vec<_> = ours.intersection(&theirs).collect();
    println!(
        "  HTML files: relief {}, Zola {}, both {}; only relief {}, only Zola {}",
        ours.len(),
        theirs.len(),
        common.len(),
        only_relief.len(),
        only_zola.len()
    );
    for (who, list) in [("relief", &only_relief), ("Zola", &only_zola)] {
        for path in list.iter().take(8) {
            println!("    only {who}: {}", path.display());
        }
    }
    if relief_outs.len() > 1 {
        let differing = files_differing(relief_outs);
        println!(
            "  relief's {} builds: {}",
            relief_outs.len(),
            match differing {
                0 => "identical, file for file".to_string(),
                n => format!("{n} files differ between them (relief should be deterministic)"),
            }
        );
    }
    let share = |n: usize| 100.0 * n as f64 / common.len().max(1) as f64;
    // Zola against itself: the pages whose visible text varies between its builds, and of
    // those, the ones whose pieces of text vary too (not only their order).
    let mut unstable = BTreeSet::new();
    let mut beyond_order = 0;
    let mut strict = 0;
    let mut any_build = 0;
    let mut normalized = 0;
    let mut differing = Vec::new();
    for path in &common {
        let ours = visible_text(&relief_out.join(path));
        let builds: Vec<Vec<String>> = zola_outs
            .iter()
            .map(|z| visible_text(&z.join(path)))
            .collect();
        let span = variation(&builds);
        if let Some(span) = span {
            unstable.insert(*path);
            if builds[1..].iter().any(|b| !same_up_to(b, &builds[0], span)) {
                beyond_order += 1;
            }
        }
        if ours == builds[0] {
            strict += 1;
        }
        if builds.contains(&ours) {
            any_build += 1;
            normalized += 1;
        } else if span.is_some_and(|span| same_up_to(&ours, &builds[0], span)) {
            normalized += 1;
        } else {
            let (mut sa, mut sb) = (ours.clone(), builds[0].clone());
            sa.sort();
            sb.sort();
            differing.push((path, sa == sb, ours.len().abs_diff(builds[0].len())));
        }
    }
    println!(
        "  Zola's {} builds: the same visible text on {} of {} common pages, differing on {} (the order of config.languages and group_by; {} differ otherwise)",
        zola_outs.len(),
        common.len() - unstable.len(),
        common.len(),
        unstable.len(),
        beyond_order
    );
    println!(
        "  visible text identical to Zola's first build (strict): {strict} of {} ({:.1}%)",
        common.len(),
        share(strict)
    );
    println!(
        "  identical to one of Zola's {} builds: {any_build} ({:.1}%)",
        zola_outs.len(),
        share(any_build)
    );
    println!(
        "  identical up to Zola's own variation: {normalized} ({:.1}%): identical outside the stretch of text where Zola's builds differ, the same characters in another order within it",
        share(normalized)
    );
    differing.sort_by_key(|d| std::cmp::Reverse(d.2));
    for (path, reordered, words) in differing.iter().take(10) {
        let how = match reordered {
            true => "same words, another order",
            false => "words apart",
        };
        println!("    differs: {} ({words} {how})", path.display());
    }
}

fn main() {
    let args = parse_args();
    let shared = std::env::var_os("RELIEF_COMPAT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/compat"));
    if !shared.is_dir() {
        println!(
            "compat: no sites at {} (set RELIEF_COMPAT_DIR); nothing measured",
            shared.display()
        );
        return;
    }
    let zola_binary = std::env::var("ZOLA").ok().filter(|z| !z.is_empty());
    if zola_binary.is_none() {
        println!("compat: $ZOLA is not set, so relief runs alone (ZOLA=$(../shared/peers/build-zola.sh) to compare)");
    }
    let work = Path::new("/dev/shm/relief-compat");
    for name in SITES {
        if args.site.as_deref().is_some_and(|s| s != name) {
            continue;
        }
        // Built from a copy: a build may write beside the site (relief's image cache), and the
        // shared folder must stay as it is.
        let site = work.join(name).join("site");
        copy_tree(&shared.join(name), &site);
        // Each run keeps its output: relief's builds are compared with each other, and
        // Zola's show where Zola varies from one build to the next.
        let _ = std::fs::remove_dir_all(work.join(name).join("out"));
        let relief_outs: Vec<PathBuf> = (1..=args.runs)
            .map(|i| work.join(name).join("out").join(format!("relief-{i}")))
            .collect();
        let zola_outs: Vec<PathBuf> = (1..=args.runs.max(args.zola_builds))
            .map(|i| work.join(name).join("out").join(format!("zola-{i}")))
            .collect();
        println!("\n{name}:");
        let mut relief_times = Vec::new();
        let mut zola_times = Vec::new();
        let mut last = None;
        for (i, relief_out) in relief_outs.iter().enumerate() {
            let r = relief(&site, relief_out);
            relief_times.push(r.elapsed);
            if let Some(z) = &zola_binary {
                let z = zola(z, &site, &zola_outs[i]);
                if !z.ok {
                    println!("  the reference Zola failed:\n{}", z.stderr);
                }
                zola_times.push(z.elapsed);
            }
            last = Some(r);
        }
        // Untimed builds of Zola's, to see its variation when there are fewer runs.
        if let Some(z) = &zola_binary {
            for zola_out in &zola_outs[args.runs..] {
                let z = zola(z, &site, zola_out);
                if !z.ok {
                    println!("  the reference Zola failed:\n{}", z.stderr);
                }
            }
        }
        let relief_out = &relief_outs[0];
        let zola_out = &zola_outs[0];
        let last = last.expect("at least one run");
        if last.ok {
            println!(
                "  relief builds it: {:.3} s",
                median(&relief_times).as_secs_f64()
            );
            report_links(
                relief_out,
                zola_binary.is_some().then_some(zola_out.as_path()),
                &base_url(&site),
            );
        } else {
            let errors = errors(&last.stderr);
            println!(
                "  relief does not build it yet: {} errors, {} distinct ({:.3} s)",
                errors.values().sum::<usize>(),
                errors.len(),
                median(&relief_times).as_secs_f64()
            );
            let mut by_count: Vec<_> = errors.into_iter().collect();
            by_count.sort_by_key(|(message, n)| (std::cmp::Reverse(*n), message.clone()));
            for (message, n) in by_count.iter().take(25) {
                println!("    {n:>4} × {message}");
            }
        }
        if zola_binary.is_some() {
            let zola_time = median(&zola_times);
            println!("  Zola: {:.3} s", zola_time.as_secs_f64());
            if last.ok {
                println!(
                    "  relief is {:.1}× faster (median of {} paired runs)",
                    zola_time.as_secs_f64() / median(&relief_times).as_secs_f64(),
                    args.runs
                );
                compare(&relief_outs, &zola_outs);
            }
        }
    }
}
