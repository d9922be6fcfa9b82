//! `relief serve` edit-to-reload latency (run with `cargo bench --bench serve`).
//!
//! Starts the real `relief serve` binary on a site copied to a temporary folder, listens on
//! its live-reload endpoint like an open page does, and measures from writing a source
//! file to receiving the reload event (watcher debounce, incremental rebuild and swap
//! included). Sites:
//!
//! - the bundled site: body edits of one page;
//! - generated sites of 1,000 and 10,000 pages (`gen_corpus.py --flavor zola`, with relief's
//!   own config.toml, templates/ and static/ copied in): body edits of one page, then one
//!   front-matter edit (a full rebuild) and one template edit (every page re-rendered), to
//!   show what each kind of change costs.
//!
//! The generator is found through RELIEF_GEN_CORPUS, else `../shared/bench/gen_corpus.py`
//! beside the repository. RELIEF_BENCH_PAGES=1000,10000 picks the generated sizes.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const REPO: &str = env!("CARGO_MANIFEST_DIR");

fn main() {
    let sizes: Vec<usize> = std::env::var("RELIEF_BENCH_PAGES")
        .unwrap_or_else(|_| "1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();

    let dir = tempfile::tempdir().expect("a temporary folder");
    let bundled = dir.path().join("bundled");
    for item in ["config.toml", "content", "templates", "static"] {
        copy(&Path::new(REPO).join(item), &bundled.join(item));
    }
    let mut server = Server::start(&bundled);
    println!("bundled site: first build {}", server.first_build);
    let edits = server.edit_body("content/safety.md", 20);
    report("bundled site, one page's body", &edits, &server);
    throughput(server.port, 200, Duration::from_secs(3));
    drop(server);

    for n in sizes {
        let site = dir.path().join(format!("gen-{n}"));
        generate(n, &site);
        let mut server = Server::start(&site);
        println!("{n}-page site: first build {}", server.first_build);
        let page = format!("content/topics/page-{:05}.md", n / 2);
        let edits = server.edit_body(&page, 10);
        report(&format!("{n}-page site, one page's body"), &edits, &server);
        let fm = server.edit(&page, 3, |text, i| {
            text.replacen(
                "+++\n",
                &format!("+++\nupdated = 2026-01-{:02}\n", i + 1),
                1,
            )
        });
        report(
            &format!("{n}-page site, one page's front matter (full rebuild)"),
            &fm,
            &server,
        );
        let tpl = server.edit("templates/page.html", 3, |text, i| {
            format!("{text}\n{{# template edit {i} #}}\n")
        });
        report(
            &format!("{n}-page site, templates/page.html (all HTML re-rendered)"),
            &tpl,
            &server,
        );
    }
}

/// `connections` keep-alive clients on loopback asking for the home page and the stylesheet
/// for `duration`: requests per second, and how many failed.
fn throughput(port: u16, connections: usize, duration: Duration) {
    let deadline = Instant::now() + duration;
    let threads: Vec<_> = (0..connections)
        .map(|i| {
            std::thread::spawn(move || {
                let (mut ok, mut failed) = (0u64, 0u64);
                let Ok(stream) = TcpStream::connect(("127.0.0.1", port)) else {
                    return (0, 1);
                };
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let mut stream = BufReader::new(stream);
                let path = if i % 2 == 0 { "/" } else { "/style.css" };
                while Instant::now() < deadline {
                    let sent = write!(stream.get_mut(), "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");
                    match sent.ok().and_then(|_| read_response(&mut stream)) {
                        Some(200) => ok += 1,
                        _ => {
                            failed += 1;
                            break;
                        }
                    }
                }
                (ok, failed)
            })
        })
        .collect();
    let (mut ok, mut failed) = (0, 0);
    for t in threads {
        let (o, f) = t.join().unwrap_or((0, 1));
        ok += o;
        failed += f;
    }
    println!(
        "bundled site, {connections} keep-alive connections for {duration:?}: {} requests/s, {failed} failed",
        ok / duration.as_secs().max(1)
    );
}

/// Read one response with a Content-Length; its status.
fn read_response(stream: &mut BufReader<TcpStream>) -> Option<u16> {
    let mut head = String::new();
    while !head.ends_with("\r\n\r\n") {
        if stream.read_line(&mut head).ok()? == 0 {
            return None;
        }
    }
    let head = head.to_ascii_lowercase();
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))?
        .trim()
        .parse()
        .ok()?;
    let mut body = vec![0u8; len];
    stream.read_exact(&mut body).ok()?;
    Some(status)
}

fn report(what: &str, latencies: &[Duration], server: &Server) {
    let mut ms: Vec<f64> = latencies.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let median = ms[ms.len() / 2];
    // The server prints its "Rebuilt in" line just after sending the event.
    std::thread::sleep(Duration::from_millis(200));
    let rebuilds = server.rebuild_lines(latencies.len());
    println!(
        "{what}: edit -> reload event over {} edits: median {median:.1} ms, min {:.1} ms, max {:.1} ms",
        ms.len(),
        ms[0],
        ms[ms.len() - 1]
    );
    for line in rebuilds.iter().take(3) {
        println!("    server: {line}");
    }
}

struct Server {
    root: PathBuf,
    child: Child,
    port: u16,
    output: Arc<Mutex<Vec<String>>>,
    first_build: String,
    events: TcpStream,
    seen: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(root: &Path) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_relief"))
            .args(["serve", "--root"])
            .arg(root)
            .args(["--port", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start relief serve");
        let output = Arc::new(Mutex::new(Vec::new()));
        let out = child.stdout.take().unwrap();
        let lines = output.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        });
        let started = Instant::now();
        let (first_build, port) = loop {
            let lines = output.lock().unwrap().clone();
            if let Some(at) = lines.iter().find(|l| l.contains(" at http://127.0.0.1:")) {
                let port: u16 = at
                    .rsplit("127.0.0.1:")
                    .next()
                    .and_then(|p| p.split('/').next())
                    .and_then(|p| p.parse().ok())
                    .expect("a port");
                let first = lines
                    .iter()
                    .find(|l| l.starts_with("Serving:"))
                    .cloned()
                    .unwrap_or_else(|| "failed (see the errors above)".into());
                break (first, port);
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("relief serve exited: {status}");
            }
            assert!(
                started.elapsed() < Duration::from_secs(600),
                "relief serve did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
        events
            .write_all(b"GET /__relief/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        events
            .set_read_timeout(Some(Duration::from_millis(2)))
            .unwrap();
        let mut server = Server {
            root: root.to_path_buf(),
            child,
            port,
            output,
            first_build,
            events,
            seen: String::new(),
        };
        server.wait_event("event: hello", Duration::from_secs(10));
        server
    }

    /// Wait for an SSE event; the moment it arrived.
    fn wait_event(&mut self, needle: &str, timeout: Duration) -> Instant {
        let started = Instant::now();
        let mut buf = [0u8; 65536];
        loop {
            if let Some(at) = self.seen.find(needle) {
                self.seen.drain(..at + needle.len());
                return Instant::now();
            }
            assert!(
                started.elapsed() < timeout,
                "no {needle} within {timeout:?} (port {}); got {:?}",
                self.port,
                self.seen
            );
            match self.events.read(&mut buf) {
                Ok(0) => panic!("the event stream closed"),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {}
            }
        }
    }

    fn edit_body(&mut self, rel: &str, times: usize) -> Vec<Duration> {
        self.edit(rel, times, |text, i| {
            format!("{}\n\nBenchmark edit number {i}.\n", text.trim_end())
        })
    }

    /// Apply `change` to the file `times` times (restoring it at the end); the latency of
    /// each from the write to the reload event.
    fn edit(
        &mut self,
        rel: &str,
        times: usize,
        change: impl Fn(&str, usize) -> String,
    ) -> Vec<Duration> {
        let path = self.root.join(rel);
        let original = std::fs::read_to_string(&path).unwrap();
        let mut latencies = Vec::new();
        for i in 0..times {
            let text = change(&original, i);
            // Let the previous rebuild settle and drain its events.
            std::thread::sleep(Duration::from_millis(150));
            let mut buf = [0u8; 65536];
            while let Ok(n) = self.events.read(&mut buf) {
                if n == 0 {
                    break;
                }
            }
            self.seen.clear();
            let written = Instant::now();
            std::fs::write(&path, text).unwrap();
            let arrived = self.wait_event("event: reload", Duration::from_secs(600));
            latencies.push(arrived - written);
        }
        std::fs::write(&path, original).unwrap();
        self.wait_event("event: reload", Duration::from_secs(600));
        latencies
    }

    /// The server's last `n + 1` "Rebuilt in" lines, without the restore's.
    fn rebuild_lines(&self, n: usize) -> Vec<String> {
        let lines = self.output.lock().unwrap();
        let rebuilt: Vec<&String> = lines
            .iter()
            .filter(|l| l.starts_with("Rebuilt in"))
            .collect();
        let start = rebuilt.len().saturating_sub(n + 1);
        rebuilt[start..rebuilt.len().saturating_sub(1)]
            .iter()
            .map(|l| l.to_string())
            .collect()
    }
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    }
}

/// A generated site of `n` pages with relief's config.toml, templates and static files.
fn generate(n: usize, site: &Path) {
    let script = std::env::var_os("RELIEF_GEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(REPO).join("../shared/bench/gen_corpus.py"));
    assert!(
        script.is_file(),
        "the corpus generator is not at {}; set RELIEF_GEN_CORPUS",
        script.display()
    );
    let status = Command::new("python3")
        .arg(&script)
        .args(["--flavor", "zola", "-n", &n.to_string(), "--out"])
        .arg(site)
        .stdout(Stdio::null())
        .status()
        .expect("run python3");
    assert!(status.success(), "gen_corpus.py failed");
    // relief's own config and templates instead of the generator's Zola ones.
    std::fs::remove_dir_all(site.join("templates")).unwrap();
    for item in ["config.toml", "templates", "static"] {
        let _ = std::fs::remove_file(site.join(item));
        copy(&Path::new(REPO).join(item), &site.join(item));
    }
    // relief requires a title on the home page's _index.md, which the generator leaves empty.
    std::fs::write(
        site.join("content/_index.md"),
        "+++\ntitle = \"Generated site\"\n+++\n",
    )
    .unwrap();
    // Zola's `sort_by` is not a relief front matter key (relief sorts by weight anyway).
    let index = site.join("content/topics/_index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    let text: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("sort_by"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&index, text).unwrap();
}
