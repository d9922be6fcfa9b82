//! Inputs that must simply work: huge and pathological pages, many files, deep and Unicode
//! paths, Windows line endings. Generated at test time in temporary folders (nothing big is
//! committed). The last test checks that the work of a build grows linearly with the number
//! of pages, by counting allocations in-process (work, not wall time).

mod common;
use common::copy_dir;
use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Mutex;

/// Counts bytes allocated and the peak of live bytes, for the linearity check.
struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size(), Relaxed);
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The machine has two shared cores: run these heavy tests one at a time (this also keeps
/// the allocation counts of the linearity check free of other tests' work).
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

const BIN: &str = env!("CARGO_BIN_EXE_relief");

/// A fresh site with the small templates of tests/broken/_good and no content.
fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/_good");
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    for entry in std::fs::read_dir(good.join("templates")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), root.join("templates").join(entry.file_name())).unwrap();
    }
    std::fs::copy(good.join("config.toml"), root.join("config.toml")).unwrap();
    write(&root, "content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    (dir, root)
}

fn write(root: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn page(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n{body}")
}

/// Build `root` with the real binary and expect success.
fn build(root: &Path) -> String {
    let out = Command::new(BIN)
        .args(["build", "--root", root.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "build failed: {}",
        stderr.chars().take(3000).collect::<String>()
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join("public").join(rel))
        .unwrap_or_else(|e| panic!("public/{rel}: {e}"))
}

fn count(html: &str, selector: &str) -> usize {
    let doc = scraper::Html::parse_document(html);
    doc.select(&scraper::Selector::parse(selector).unwrap())
        .count()
}

#[test]
fn a_20_mb_page() {
    let _serial = serial();
    let (_dir, root) = site();
    let paragraph = "Massage may ease *joint pain* in some people; see **the evidence** below.\n\n";
    let mut body = String::with_capacity(21 << 20);
    let mut n = 0;
    while body.len() < 20 << 20 {
        if n % 500 == 0 {
            writeln!(body, "## Part {n}\n").unwrap();
        }
        body.push_str(paragraph);
        n += 1;
    }
    write(&root, "content/big.md", page("Big", &body));
    build(&root);
    let html = read(&root, "big/index.html");
    assert!(html.len() > 20 << 20);
    assert_eq!(html.matches("<em>joint pain</em>").count(), n);
}

#[test]
fn ten_thousand_nested_lists_and_blockquotes() {
    let _serial = serial();
    let (_dir, root) = site();
    let depth = 10_000;
    // `- - - … x`: every marker opens a list inside the previous one.
    let lists = format!("{}item\n", "- ".repeat(depth));
    write(&root, "content/lists.md", page("Lists", &lists));
    let quotes = format!("{} deep\n", ">".repeat(depth));
    write(&root, "content/quotes.md", page("Quotes", &quotes));
    let mixed: String = (0..depth).map(|_| "> - ").collect::<String>() + "x\n";
    write(&root, "content/mixed.md", page("Mixed", &mixed));
    build(&root);
    // Every level is there and closed again.
    let lists = read(&root, "lists/index.html");
    assert_eq!(lists.matches("<ul>").count(), depth);
    assert_eq!(lists.matches("</ul>").count(), depth);
    assert!(lists.contains("item"));
    let quotes = read(&root, "quotes/index.html");
    assert_eq!(quotes.matches("<blockquote>").count(), depth);
    assert_eq!(quotes.matches("</blockquote>").count(), depth);
    let mixed = read(&root, "mixed/index.html");
    assert_eq!(mixed.matches("<blockquote>").count(), depth);
    assert_eq!(mixed.matches("<ul>").count(), depth);
}

#[test]
fn a_1_mb_single_line_and_100_000_links() {
    let _serial = serial();
    let (_dir, root) = site();
    let line: String = "word ".repeat(200_000);
    write(&root, "content/line.md", page("Line", &line));
    let mut links = String::new();
    for i in 0..100_000 {
        match i % 4 {
            0 => write!(links, "[l{i}](https://example.org/{i}) ").unwrap(),
            1 => write!(links, "[l{i}](@/line.md) ").unwrap(),
            2 => write!(links, "[l{i}](#top) ").unwrap(),
            _ => write!(links, "<https://example.org/a{i}> ").unwrap(),
        }
        if i % 50 == 49 {
            links.push('\n');
        }
    }
    write(
        &root,
        "content/links.md",
        page("Links", &format!("## Top {{#top}}\n\n{links}")),
    );
    build(&root);
    assert_eq!(
        read(&root, "line/index.html").matches("word").count(),
        200_000
    );
    // Every link of the paragraphs (the heading's self-link is not one of them).
    assert_eq!(count(&read(&root, "links/index.html"), "p a"), 100_000);
}

#[test]
fn fifty_thousand_files_in_one_folder() {
    let _serial = serial();
    let (_dir, root) = site();
    let n = 50_000;
    write(&root, "content/many/_index.md", page("Many", ""));
    for i in 0..n {
        write(
            &root,
            &format!("content/many/p{i}.md"),
            page(&format!("Page {i}"), "Text."),
        );
    }
    let summary = build(&root);
    assert!(summary.contains(&format!("Built {n} pages")), "{summary}");
    assert_eq!(
        std::fs::read_dir(root.join("public/many")).unwrap().count(),
        n + 1
    );
    assert!(read(&root, "many/p49999/index.html").contains("Page 49999"));
}

#[test]
fn deeply_nested_folders() {
    let _serial = serial();
    let (_dir, root) = site();
    let depth = 60;
    let dirs: Vec<String> = (0..depth).map(|i| format!("d{i}")).collect();
    let mut rel = String::from("content");
    for (i, d) in dirs.iter().enumerate() {
        rel = format!("{rel}/{d}");
        if i % 2 == 0 {
            write(
                &root,
                &format!("{rel}/_index.md"),
                page(&format!("S{i}"), ""),
            );
        }
    }
    write(
        &root,
        &format!("{rel}/leaf.md"),
        page("Leaf", "[home](@/_index.md)"),
    );
    build(&root);
    let url = dirs.join("/");
    assert!(read(&root, &format!("{url}/leaf/index.html")).contains("Leaf"));
}

#[test]
fn unicode_names_titles_crlf_and_bom() {
    let _serial = serial();
    let (_dir, root) = site();
    write(
        &root,
        "content/睡眠/_index.md",
        page("睡眠与按摩", "中文内容。"),
    );
    write(
        &root,
        "content/睡眠/质量.md",
        page(
            "睡眠质量",
            "## 证据\n\n按摩可能有帮助。[返回](@/睡眠/_index.md)",
        ),
    );
    write(
        &root,
        "content/النوم.md",
        page(
            "التدليك وآلام المفاصل",
            "## الأدلة\n\nنص عربي من اليمين إلى اليسار.",
        ),
    );
    write(&root, "content/🙂 happy.md", page("Emoji 🙂 title", "🙂"));
    let crlf = "\u{feff}+++\r\ntitle = \"Windows\"\r\ndate = 2026-01-02\r\n+++\r\n## Heading\r\n\r\nLine one\r\nline two\r\n";
    write(&root, "content/windows.md", crlf);
    build(&root);
    let zh = read(&root, "睡眠/质量/index.html");
    assert!(zh.contains("<title>睡眠质量</title>"), "{zh}");
    assert!(zh.contains("href=\"/%E7%9D%A1%E7%9C%A0/\""), "{zh}");
    assert!(read(&root, "النوم/index.html").contains("التدليك وآلام المفاصل"));
    assert!(read(&root, "happy/index.html").contains("Emoji 🙂 title"));
    let win = read(&root, "windows/index.html");
    assert!(win.contains("<title>Windows</title>"), "{win}");
    assert!(!win.contains('\u{feff}') && !win.contains("+++"), "{win}");
    assert_eq!(count(&win, "h2"), 1);
    let sitemap = read(&root, "sitemap.xml");
    assert!(
        sitemap.contains("/%D8%A7%D9%84%D9%86%D9%88%D9%85/"),
        "{sitemap}"
    );
}

#[test]
fn front_matter_with_only_a_title() {
    let _serial = serial();
    let (_dir, root) = site();
    write(&root, "content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    write(&root, "content/bare.md", "+++\ntitle = \"Bare\"\n+++\n");
    write(&root, "content/s/_index.md", "+++\ntitle = \"S\"\n+++\n");
    write(
        &root,
        "content/s/no-body.md",
        "+++\ntitle = \"No body\"\n+++",
    );
    build(&root);
    assert!(read(&root, "bare/index.html").contains("<title>Bare</title>"));
    assert!(read(&root, "s/no-body/index.html").contains("No body"));
    // Without a date a page stays out of the feed but is in the sitemap.
    assert!(read(&root, "sitemap.xml").contains("/bare/"));
    assert!(!read(&root, "atom.xml").contains("Bare"));
}

/// Allocated bytes, peak live bytes and output bytes of an in-process build of `n` pages
/// in four sections, with tags, citations and internal links, using the project's own
/// templates (so template functions such as related_pages are part of the measure).
fn measure(n: usize) -> (usize, usize, usize) {
    let (_dir, root) = site();
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::remove_dir_all(root.join("templates")).unwrap();
    copy_dir(&project.join("templates"), &root.join("templates"));
    std::fs::copy(project.join("config.toml"), root.join("config.toml")).unwrap();
    copy_dir(&project.join("static"), &root.join("static"));
    // The project's templates and home page name pages of the bundled site: bring it along
    // (the same fixed extra in both measures).
    copy_dir(&project.join("content"), &root.join("content"));
    for s in 0..4 {
        write(
            &root,
            &format!("content/s{s}/_index.md"),
            page(&format!("Section {s}"), "About this section."),
        );
    }
    for i in 0..n {
        let s = i % 4;
        let body = format!(
            "Intro with a citation [@r{i}].\n\n<!-- more -->\n\n## Evidence\n\nSee [the previous page](@/s{s}/p{}.md#evidence).\n",
            i.saturating_sub(4) / 4 * 4 + s
        );
        let text = format!(
            "+++\ntitle = \"Page {i}\"\ndescription = \"Page {i}\"\ndate = 2026-01-{:02}\n[taxonomies]\ntags = [\"t{}\", \"t{}\"]\n[[references]]\nid = \"r{i}\"\nauthors = \"A\"\ntitle = \"Study {i}\"\nyear = 2020\n+++\n{body}",
            1 + i % 28,
            i % 7,
            i % 11
        );
        write(&root, &format!("content/s{s}/p{i}.md"), text);
    }
    let options = relief::BuildOptions {
        root: root.clone(),
        output: "public".into(),
        ..Default::default()
    };
    ALLOCATED.store(0, Relaxed);
    PEAK.store(LIVE.load(Relaxed), Relaxed);
    let live_before = LIVE.load(Relaxed);
    if let Err(f) = relief::build(&options) {
        panic!(
            "{}",
            f.diagnostics
                .iter()
                .map(|d| d.to_string())
                .collect::<String>()
        );
    }
    let allocated = ALLOCATED.load(Relaxed);
    let peak = PEAK.load(Relaxed) - live_before;
    let written: u64 = walkdir::WalkDir::new(root.join("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().len())
        .sum();
    (allocated, peak, written as usize)
}

/// Work (bytes allocated) and memory (peak live bytes) grow like the site: four times the
/// pages cost about four times as much, not sixteen. A context that serialised every
/// sibling into every page, or a per-page scan of all pages, would show up here.
#[test]
fn nothing_is_quadratic_in_the_number_of_pages() {
    let _serial = serial();
    let n = 150;
    let (work_n, peak_n, out_n) = measure(n);
    let (work_4n, peak_4n, out_4n) = measure(4 * n);
    // The output of the bundled site alone, so the pages' own output is compared: the
    // bundled pages are a fixed extra that would otherwise water the ratio down.
    let (_, _, out_0) = measure(0);
    let ratio = |a: usize, b: usize| b as f64 / a as f64;
    let (work, peak, out) = (
        ratio(work_n, work_4n),
        ratio(peak_n, peak_4n),
        ratio(out_n - out_0, out_4n - out_0),
    );
    eprintln!(
        "n={n}: allocated {work_n} B, peak {peak_n} B, output {out_n} B; 4n: ×{work:.2} allocated, ×{peak:.2} peak, ×{out:.2} output"
    );
    assert!(out > 3.0 && out < 6.0, "output grew ×{out:.2} for ×4 pages");
    assert!(work < 6.0, "allocations grew ×{work:.2} for ×4 pages");
    assert!(peak < 6.0, "peak memory grew ×{peak:.2} for ×4 pages");
}
