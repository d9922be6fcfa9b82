//! `relief serve` end to end: the real binary on a free port, serving a temporary copy of
//! tests/fixtures/serve-site, spoken to over plain HTTP/1.1 on loopback.

mod common;
#[path = "browser/harness.rs"]
mod harness;

use common::copy_dir;

use scraper::{Html, Selector};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A copy of the fixture site served by `relief serve`; the process is killed on drop.
struct Served {
    _dir: tempfile::TempDir,
    /// The site's root (a copy of the fixture).
    root: PathBuf,
    /// A folder beside the root, outside the site.
    outside: PathBuf,
    port: u16,
    child: Child,
    output: Arc<Mutex<String>>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Served {
    fn start() -> Served {
        Served::start_with(free_port(), &[])
    }

    fn start_with(port: u16, extra: &[&str]) -> Served {
        Served::start_prepared(port, extra, |_| {})
    }

    /// Like `start_with`, with `prepare` changing the copied site before the server starts.
    fn start_prepared(port: u16, extra: &[&str], prepare: impl FnOnce(&Path)) -> Served {
        Served::start_env(port, extra, &[], prepare)
    }

    /// Like `start_prepared`, with environment variables set for the server.
    fn start_env(
        port: u16,
        extra: &[&str],
        env: &[(&str, &str)],
        prepare: impl FnOnce(&Path),
    ) -> Served {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let outside = dir.path().join("outside");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site"),
            &root,
        );
        prepare(&root);
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("secret.txt"), "TOP-SECRET-OUTSIDE-THE-SITE").unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_relief"))
            .args(["serve", "--root"])
            .arg(&root)
            .args(["--port", &port.to_string()])
            .args(extra)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start relief serve");
        let output = Arc::new(Mutex::new(String::new()));
        for pipe in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let output = output.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let mut out = output.lock().unwrap();
                    out.push_str(&line);
                    out.push('\n');
                }
            });
        }
        let mut served = Served {
            _dir: dir,
            root,
            outside,
            port,
            child,
            output,
        };
        let url = served.wait_for_output("Serving ", Duration::from_secs(30));
        let line = url
            .lines()
            .find(|l| l.contains(" at http://"))
            .unwrap_or_else(|| panic!("no URL printed:\n{url}"));
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("cannot read the port from {line:?}"));
        served.port = port;
        served
    }

    /// Wait until the output contains `needle` followed by a URL line; return all output.
    fn wait_for_output(&mut self, needle: &str, timeout: Duration) -> String {
        let started = Instant::now();
        loop {
            let out = self.output.lock().unwrap().clone();
            if out.contains(needle) && out.contains(" at http://") {
                return out;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("relief serve exited ({status}):\n{out}");
            }
            assert!(
                started.elapsed() < timeout,
                "relief serve did not print {needle:?} in {timeout:?}:\n{out}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    /// Wait until the output contains `needle`: the terminal is read by another thread, so a
    /// line printed just before an event may reach the test just after it.
    fn output_soon_contains(&self, needle: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        while !self.output().contains(needle) {
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        true
    }

    fn get(&self, path: &str) -> Response {
        self.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        ))
    }

    fn request(&self, raw: &str) -> Response {
        request(self.port, raw.as_bytes())
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.root.join(rel), text).unwrap();
    }

    fn events(&self) -> Events {
        Events::connect(self.port)
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// Send `raw` on a new connection and read the whole response (the request must close it).
fn request(port: u16, raw: &[u8]) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(raw).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    parse(&bytes)
}

fn parse(bytes: &[u8]) -> Response {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no complete response: {:?}", String::from_utf8_lossy(bytes)));
    let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = bytes[end + 4..].to_vec();
    if headers.get("transfer-encoding").map(String::as_str) == Some("chunked") {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(std::str::from_utf8(&raw[..eol]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        out.extend_from_slice(&raw[eol + 2..eol + 2 + size]);
        raw = &raw[eol + 4 + size..];
    }
    out
}

/// A live-reload connection.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    fn connect(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .write_all(b"GET /__relief/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
            .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let mut events = Events {
            stream,
            seen: String::new(),
        };
        let head = events.wait_for("event: hello", Duration::from_secs(10));
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: text/event-stream"),
            "{head}"
        );
        events
    }

    /// Read until `needle` shows up; return what was read up to the end of the event holding
    /// it, and keep the rest for the next call.
    fn wait_for(&mut self, needle: &str, timeout: Duration) -> String {
        let started = Instant::now();
        let mut buf = [0u8; 8192];
        while !self.seen.contains(needle) {
            assert!(
                started.elapsed() < timeout,
                "no {needle:?} from the live-reload endpoint within {timeout:?}; got:\n{}",
                self.seen
            );
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("the live-reload stream closed; got:\n{}", self.seen),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("reading the live-reload stream: {e}"),
            }
        }
        let at = self.seen.find(needle).unwrap();
        let end = self.seen[at..]
            .find("\n\n")
            .map_or(self.seen.len(), |e| at + e + 2);
        let rest = self.seen.split_off(end);
        std::mem::replace(&mut self.seen, rest)
    }
}

fn select_text(html: &str, selector: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// Poll `path` until its body contains `needle`; panic after `timeout`.
fn wait_for_page(served: &Served, path: &str, needle: &str, timeout: Duration) -> Response {
    let started = Instant::now();
    loop {
        let r = served.get(path);
        if r.text().contains(needle) {
            return r;
        }
        assert!(
            started.elapsed() < timeout,
            "{path} did not show {needle:?} within {timeout:?} (status {}); server output:\n{}",
            r.status,
            served.output()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn pages_and_assets_are_served_with_their_content_types() {
    let s = Served::start();
    for (path, ty) in [
        ("/", "text/html; charset=utf-8"),
        ("/notes/", "text/html; charset=utf-8"),
        ("/notes/first/", "text/html; charset=utf-8"),
        ("/tags/alpha/", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/img/dot.svg", "image/svg+xml"),
        ("/atom.xml", "application/xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ty), "{path}");
        assert_eq!(
            r.header("content-length")
                .map(|l| l.parse::<usize>().unwrap()),
            Some(r.body.len()),
            "{path}"
        );
    }
    let page = s.get("/notes/first/").text();
    assert_eq!(select_text(&page, "article h1"), ["First note"]);
    assert_eq!(
        select_text(&page, "script[data-relief-live-reload]").len(),
        1,
        "serve injects the live-reload script once"
    );
    // Links point at the local server, not at config.toml's base_url.
    let home = s.get("/").text();
    assert!(
        home.contains(&format!("http://127.0.0.1:{}/style.css", s.port))
            || home.contains("href=\"/style.css"),
        "{home}"
    );
    assert_eq!(
        s.get("/style.css").text(),
        std::fs::read_to_string(s.root.join("static/style.css")).unwrap()
    );
}

#[test]
fn build_output_has_no_live_reload_script() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let status = Command::new(env!("CARGO_BIN_EXE_relief"))
        .args(["build", "--root"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site"))
        .arg("--output")
        .arg(&out)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let html = std::fs::read_to_string(out.join("notes/first/index.html")).unwrap();
    assert!(select_text(&html, "article h1") == ["First note"]);
    assert!(!html.contains("__relief"), "{html}");
}

#[test]
fn head_etag_and_last_modified() {
    let s = Served::start();
    let get = s.get("/notes/first/");
    let head = s.request("HEAD /notes/first/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(
        head.header("content-length").unwrap(),
        get.body.len().to_string()
    );
    assert_eq!(head.header("content-type"), get.header("content-type"));
    let etag = get.header("etag").expect("an ETag").to_string();
    assert_eq!(head.header("etag"), Some(etag.as_str()));
    let r = s.request(&format!(
        "GET /notes/first/ HTTP/1.1\r\nHost: x\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty());
    let r = s.request("GET /notes/first/ HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"other\"\r\nConnection: close\r\n\r\n");
    assert_eq!(r.status, 200);
    let modified = get
        .header("last-modified")
        .expect("Last-Modified")
        .to_string();
    let r = s.request(&format!(
        "GET /notes/first/ HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: {modified}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(r.status, 304);
    let r = s.request("GET /notes/first/ HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: Thu, 01 Jan 2004 00:00:00 GMT\r\nConnection: close\r\n\r\n");
    assert_eq!(r.status, 200);
}

#[test]
fn directories_redirect_and_unknown_paths_get_the_404_page() {
    let s = Served::start();
    let r = s.get("/notes");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/notes/"));
    let r = s.get("/notes/first?x=1");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/notes/first/?x=1"));
    let r = s.get("/no/such/page/");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(select_text(&r.text(), "h1#not-found"), ["Page not found"]);
    let r = s.get("/missing.css");
    assert_eq!(r.status, 404);
    let r =
        s.request("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("GET, HEAD"));
}

/// A site of several languages: an unknown address under a language's folder gets that
/// language's 404 page, any other the default language's.
#[test]
fn unknown_paths_get_the_404_page_of_their_language() {
    let s = Served::start_prepared(free_port(), &[], |root| {
        let config = root.join("config.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        let text = text.replace(
            "taxonomies = [\"tags\"]\n",
            "language = \"en\"\ntaxonomies = [\"tags\"]\n[translations]\nnot_found = \"Page not found\"\n[languages.es]\ntitle = \"Servir\"\n[languages.es.translations]\nnot_found = \"No se encontró la página\"\n",
        );
        std::fs::write(&config, text).unwrap();
        std::fs::write(
            root.join("templates/404.html"),
            "{% extends \"base.html\" %}{% block content %}<h1 id=\"not-found\">{{ trans(key=\"not_found\", lang=lang) }}</h1>{% endblock content %}",
        )
        .unwrap();
    });
    for (path, heading) in [
        ("/es/no/such/page/", "No se encontró la página"),
        ("/es/missing.css", "No se encontró la página"),
        ("/no/such/page/", "Page not found"),
        ("/esx/page/", "Page not found"),
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(select_text(&r.text(), "h1#not-found"), [heading], "{path}");
    }
}

#[test]
fn paths_escaping_the_site_get_404_and_no_byte_from_outside() {
    let s = Served::start();
    // A symbolic link to a file outside the site, made while serving.
    std::os::unix::fs::symlink(s.outside.join("secret.txt"), s.root.join("static/leak.txt"))
        .unwrap();
    let mut events = s.events();
    // The link is refused by the rebuild, which fails; the last good build stays.
    let error = events.wait_for("event: build-error", Duration::from_secs(10));
    assert!(error.contains("static/leak.txt"), "{error}");
    let secret = "TOP-SECRET-OUTSIDE-THE-SITE";
    let attempts = [
        "/leak.txt",
        "/static/leak.txt",
        "/../outside/secret.txt",
        "/../../outside/secret.txt",
        "/%2e%2e/outside/secret.txt",
        "/%2E%2E/%2e%2e/outside/secret.txt",
        "/%2e%2e%2foutside%2fsecret.txt",
        "/notes/..%2f..%2f..%2foutside%2fsecret.txt",
        "/..%5coutside%5csecret.txt",
        "/%5c..%5c..%5coutside%5csecret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/%2fetc%2fpasswd",
        "/config.toml",
        "/content/notes/first.md",
        "/templates/base.html",
        "/notes/../../config.toml",
        "/./config.toml",
        "/%00",
        "/style.css%00.html",
    ];
    for path in attempts {
        let r = s.get(path);
        assert_eq!(r.status, 404, "{path}");
        let text = r.text();
        assert!(
            !text.contains(secret) && !text.contains("root:x:0:0") && !text.contains("base_url"),
            "{path}: {text}"
        );
    }
    // Forms the HTTP parser itself refuses or normalises: never a byte from outside.
    for raw in [
        "GET /..\\..\\outside\\secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET http://127.0.0.1/../outside/secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET ../outside/secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ] {
        let r = s.request(raw);
        assert!(matches!(r.status, 400 | 404), "{raw:?}: {}", r.status);
        assert!(!r.text().contains(secret), "{raw:?}");
    }
}

#[test]
fn an_edit_shows_up_within_a_second_and_the_live_reload_endpoint_says_so() {
    let s = Served::start();
    let mut events = s.events();
    let before = s.get("/notes/first/");
    assert!(before.text().contains("says hello"));
    let words_before = select_text(&s.get("/notes/").text(), "#pages .words");
    let source = std::fs::read_to_string(s.root.join("content/notes/first.md")).unwrap();
    s.write(
        "content/notes/first.md",
        &source.replace("says hello", "says goodbye to everyone here"),
    );
    let r = wait_for_page(&s, "/notes/first/", "says goodbye", Duration::from_secs(1));
    assert_eq!(r.status, 200);
    assert_ne!(r.header("etag"), before.header("etag"));
    events.wait_for("event: reload", Duration::from_secs(5));
    // The section listing, re-rendered incrementally, shows the new word count.
    let words = select_text(&s.get("/notes/").text(), "#pages .words");
    let count = |w: &[String]| w[0].parse::<usize>().unwrap();
    assert_eq!(
        count(&words),
        count(&words_before) + 3,
        "{words_before:?} -> {words:?}"
    );
    assert_eq!(words[1], words_before[1], "the other page is unchanged");
    assert!(s.output_soon_contains("re-rendered"), "{}", s.output());
}

#[test]
fn a_body_edit_refreshes_the_search_index_to_what_a_build_would_write() {
    let s = Served::start();
    let mut events = s.events();
    let source = std::fs::read_to_string(s.root.join("content/notes/first.md")).unwrap();
    let edited = source.replace("says hello", "says hello from Zanzibar");
    s.write("content/notes/first.md", &edited);
    events.wait_for("event: reload", Duration::from_secs(5));

    // What `relief build` writes for the edited site is what serve must answer.
    let out = tempfile::tempdir().unwrap();
    let built = common::build(&s.root, out.path(), &[]);
    assert!(built.status.success(), "{}", common::stderr(&built));
    let search = out.path().join("search");
    let mut expected: Vec<(String, Vec<u8>)> = std::fs::read_dir(&search)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (format!("/search/{name}"), std::fs::read(e.path()).unwrap())
        })
        .collect();
    expected.sort();
    assert!(
        expected
            .iter()
            .any(|(_, b)| String::from_utf8_lossy(b).contains("Zanzibar")),
        "the build's index has the new word"
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let stale: Vec<&String> = expected
            .iter()
            .filter(|(path, bytes)| s.get(path).body != *bytes)
            .map(|(path, _)| path)
            .collect();
        if stale.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "served search files differ from a build's: {stale:?}\n{}",
            s.output()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        s.output_soon_contains("Search index refreshed"),
        "{}",
        s.output()
    );
}

/// Make the home page show `motto` from data/site.toml.
fn show_motto_from_data(root: &Path) {
    let index = root.join("templates/index.html");
    let text = std::fs::read_to_string(&index).unwrap();
    let shown = "{% set site = load_data(path=\"data/site.toml\") %}<p id=\"motto\">{{ site.motto }}</p>\n{% endblock content %}";
    std::fs::write(&index, text.replace("{% endblock content %}", shown)).unwrap();
}

#[test]
fn a_data_file_edit_re_renders_the_pages_reading_it() {
    let s = Served::start_prepared(free_port(), &[], |root| {
        std::fs::create_dir(root.join("data")).unwrap();
        std::fs::write(root.join("data/site.toml"), "motto = \"Gentle first\"\n").unwrap();
        show_motto_from_data(root);
    });
    assert_eq!(select_text(&s.get("/").text(), "#motto"), ["Gentle first"]);
    s.write("data/site.toml", "motto = \"Evidence first\"\n");
    wait_for_page(&s, "/", "Evidence first", Duration::from_secs(2));
    assert!(s.output_soon_contains("re-rendered"), "{}", s.output());
}

#[test]
fn a_data_folder_created_while_serving_is_watched() {
    let s = Served::start_prepared(free_port(), &[], |root| {
        show_motto_from_data(root);
    });
    let missing = "there is no data file";
    assert!(s.output_soon_contains(missing), "{}", s.output());
    std::fs::create_dir(s.root.join("data")).unwrap();
    // The new folder is seen (another failed rebuild), and from then on what is inside it.
    let deadline = Instant::now() + Duration::from_secs(5);
    while s.output().matches(missing).count() < 2 {
        assert!(Instant::now() < deadline, "{}", s.output());
        std::thread::sleep(Duration::from_millis(20));
    }
    s.write("data/site.toml", "motto = \"Gentle first\"\n");
    wait_for_page(&s, "/", "Gentle first", Duration::from_secs(5));
}

#[test]
fn an_image_hook_edit_rebuilds_the_pages_html() {
    let s = Served::start_prepared(free_port(), &[], |root| {
        std::fs::create_dir_all(root.join("templates/markdown")).unwrap();
        std::fs::write(
            root.join("templates/markdown/image.html"),
            "<span class=\"hook\">{{ image.alt }}</span>",
        )
        .unwrap();
        let page = root.join("content/notes/first.md");
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(&page, format!("{text}\nSee ![a knee](knee.png) here.\n")).unwrap();
    });
    assert_eq!(
        select_text(&s.get("/notes/first/").text(), "span.hook"),
        ["a knee"]
    );
    s.write(
        "templates/markdown/image.html",
        "<em class=\"hook\">{{ image.alt | upper }}</em>",
    );
    wait_for_page(
        &s,
        "/notes/first/",
        "<em class=\"hook\">A KNEE</em>",
        Duration::from_secs(5),
    );
}

#[test]
fn shortcode_template_and_data_edits_rebuild_the_pages_html() {
    let s = Served::start_prepared(free_port(), &[], |root| {
        for dir in ["templates/shortcodes", "data"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        std::fs::write(
            root.join("templates/shortcodes/clinic.html"),
            "{% set c = load_data(path=\"data/clinic.toml\") %}<span class=\"clinic\">{{ c.phone }}</span>",
        )
        .unwrap();
        std::fs::write(root.join("data/clinic.toml"), "phone = \"0800 111\"\n").unwrap();
        let page = root.join("content/notes/first.md");
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(&page, format!("{text}\nCall {{{{ clinic() }}}} today.\n")).unwrap();
    });
    assert_eq!(
        select_text(&s.get("/notes/first/").text(), "span.clinic"),
        ["0800 111"]
    );
    // The page's HTML comes from the Markdown step: both edits must reach it.
    s.write("data/clinic.toml", "phone = \"0800 222\"\n");
    wait_for_page(&s, "/notes/first/", "0800 222", Duration::from_secs(5));
    s.write(
        "templates/shortcodes/clinic.html",
        "{% set c = load_data(path=\"data/clinic.toml\") %}<em class=\"clinic\">{{ c.phone }}</em>",
    );
    wait_for_page(
        &s,
        "/notes/first/",
        "<em class=\"clinic\">0800 222</em>",
        Duration::from_secs(5),
    );
}

/// Put three words at the start of the second note's body; wait until its page shows them.
fn add_three_words_to_the_second_note(s: &Served) {
    let source = std::fs::read_to_string(s.root.join("content/notes/second.md")).unwrap();
    let body = source.find("\n+++\n").unwrap() + 5;
    let edited = format!("{}Three more words. {}", &source[..body], &source[body..]);
    s.write("content/notes/second.md", &edited);
    wait_for_page(
        s,
        "/notes/second/",
        "Three more words.",
        Duration::from_secs(2),
    );
}

#[test]
fn a_body_edit_re_renders_the_pager_listing_the_page() {
    let s = Served::start_prepared(free_port(), &[], |root| {
        let edit = |rel: &str, from: &str, to: &str| {
            let text = std::fs::read_to_string(root.join(rel)).unwrap();
            std::fs::write(root.join(rel), text.replace(from, to)).unwrap();
        };
        edit(
            "content/notes/_index.md",
            "title = \"Notes\"",
            "title = \"Notes\"\npaginate_by = 1",
        );
        let listed = "(paginator.pages if paginator is defined else section.pages)";
        edit("templates/section.html", "section.pages", listed);
    });
    let words = |path: &str| select_text(&s.get(path).text(), "#pages .words");
    let before = words("/notes/page/2/");
    assert_eq!(before.len(), 1, "pager 2 lists the second note only");
    add_three_words_to_the_second_note(&s);
    let count = |w: &[String]| w[0].parse::<usize>().unwrap();
    assert_eq!(count(&words("/notes/page/2/")), count(&before) + 3);
    assert!(s.output_soon_contains("re-rendered"), "{}", s.output());
}

#[test]
fn a_body_edit_re_renders_the_term_pager_and_feed_listing_the_page() {
    let s = Served::start_prepared(free_port(), &[], |root| {
        let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
        let tags = "taxonomies = [{name = \"tags\", paginate_by = 1, feed = true}]";
        let config = config.replace("taxonomies = [\"tags\"]", tags);
        std::fs::write(root.join("config.toml"), config).unwrap();
        // Feeds list dated pages only.
        let note = root.join("content/notes/second.md");
        let text = std::fs::read_to_string(&note).unwrap();
        std::fs::write(
            &note,
            text.replace("weight = 2", "weight = 2\ndate = 2026-01-02"),
        )
        .unwrap();
        std::fs::write(
            root.join("templates/taxonomy_single.html"),
            "{% extends \"base.html\" %}{% block content %}<ul id=\"pages\">\
             {% for p in paginator.pages %}<li><span class=\"words\">{{ p.word_count }}</span></li>{% endfor %}\
             </ul>{% endblock content %}",
        )
        .unwrap();
    });
    let words = |path: &str| select_text(&s.get(path).text(), "#pages .words");
    let before = words("/tags/alpha/page/2/");
    assert_eq!(before.len(), 1, "pager 2 lists the second note only");
    add_three_words_to_the_second_note(&s);
    let count = |w: &[String]| w[0].parse::<usize>().unwrap();
    assert_eq!(count(&words("/tags/alpha/page/2/")), count(&before) + 3);
    assert!(s
        .get("/tags/alpha/atom.xml")
        .text()
        .contains("Three more words."));
    assert!(s.output_soon_contains("re-rendered"), "{}", s.output());
}

#[test]
fn a_front_matter_edit_updates_every_listing() {
    let s = Served::start();
    let mut events = s.events();
    let source = std::fs::read_to_string(s.root.join("content/notes/second.md")).unwrap();
    s.write(
        "content/notes/second.md",
        &source.replace("title = \"Second note\"", "title = \"Renamed note\""),
    );
    events.wait_for("event: reload", Duration::from_secs(10));
    wait_for_page(&s, "/notes/second/", "Renamed note", Duration::from_secs(2));
    // The previous page's "next" link, the section and the tag pages show the new title.
    for path in ["/notes/first/", "/notes/", "/tags/alpha/", "/tags/beta/"] {
        let html = s.get(path).text();
        assert!(
            html.contains("Renamed note") && !html.contains("Second note"),
            "{path}: {html}"
        );
    }
}

#[test]
fn a_rename_and_replace_save_counts_as_a_change() {
    let s = Served::start();
    let mut events = s.events();
    let source = std::fs::read_to_string(s.root.join("content/notes/second.md")).unwrap();
    // What many editors do: write a temporary file, then rename it over the original.
    let temp = s.root.join("content/notes/.second.md.swp");
    std::fs::write(
        &temp,
        source.replace("Nothing else.", "Replaced atomically."),
    )
    .unwrap();
    std::fs::rename(&temp, s.root.join("content/notes/second.md")).unwrap();
    events.wait_for("event: reload", Duration::from_secs(5));
    wait_for_page(
        &s,
        "/notes/second/",
        "Replaced atomically.",
        Duration::from_secs(1),
    );
}

#[test]
fn a_link_to_a_draft_says_it_is_a_draft_unless_serving_drafts() {
    let add_draft = |root: &Path| {
        std::fs::write(
            root.join("content/notes/later.md"),
            "+++\ntitle = \"Later\"\ndraft = true\n+++\nNot yet.\n",
        )
        .unwrap();
    };
    let path = "content/notes/first.md";
    let link = |s: &Served| {
        let good = std::fs::read_to_string(s.root.join(path)).unwrap();
        s.write(
            path,
            &format!("{good}\nSee [what comes](@/notes/later.md).\n"),
        );
    };
    let s = Served::start_prepared(free_port(), &[], add_draft);
    let mut events = s.events();
    link(&s);
    let error = events.wait_for("event: build-error", Duration::from_secs(10));
    assert!(
        error.contains("link to a draft: `@/notes/later.md` has `draft = true`, and drafts are built only with --drafts"),
        "{error}"
    );
    assert!(!error.contains("did you mean"), "{error}");
    drop(s);

    let s = Served::start_prepared(free_port(), &["--drafts"], add_draft);
    let mut events = s.events();
    link(&s);
    events.wait_for("event: reload", Duration::from_secs(10));
    wait_for_page(
        &s,
        "/notes/first/",
        "href=\"/notes/later/\"",
        Duration::from_secs(2),
    );
}

#[test]
fn a_broken_edit_keeps_the_last_good_build_and_a_fix_recovers() {
    let s = Served::start();
    let mut events = s.events();
    let path = "content/notes/first.md";
    let good = std::fs::read_to_string(s.root.join(path)).unwrap();
    // A link to a page that does not exist, on line 15.
    s.write(
        path,
        &format!("{good}\nA [broken link](@/notes/nope.md).\n"),
    );
    let error = events.wait_for("event: build-error", Duration::from_secs(10));
    assert!(
        error.contains("content/notes/first.md:15"),
        "the overlay names file:line: {error}"
    );
    assert!(
        s.output_soon_contains("still serving the last good build"),
        "{}",
        s.output()
    );
    let r = s.get("/notes/first/");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("says hello") && !r.text().contains("broken link"));
    // A page opened now gets the error at once.
    let mut late = s.events();
    late.wait_for("event: build-error", Duration::from_secs(5));

    // Bad front matter: still the last good page.
    s.write(path, "+++\ntitle = \n+++\nbody\n");
    let error = events.wait_for("event: build-error", Duration::from_secs(10));
    assert!(error.contains("content/notes/first.md:2"), "{error}");
    assert!(s.get("/notes/first/").text().contains("says hello"));

    // A template error.
    let page_template = std::fs::read_to_string(s.root.join("templates/page.html")).unwrap();
    s.write(
        "templates/page.html",
        &page_template.replace(
            "{{ page.title }}</h1>",
            "{{ page.title | nosuchfilter }}</h1>",
        ),
    );
    let error = events.wait_for("event: build-error", Duration::from_secs(10));
    assert!(error.contains("templates/page.html"), "{error}");
    s.write("templates/page.html", &page_template);

    s.write(path, &good.replace("says hello", "is fixed"));
    events.wait_for("event: reload", Duration::from_secs(10));
    wait_for_page(&s, "/notes/first/", "is fixed", Duration::from_secs(2));
    let mut fresh = s.events();
    // No error is replayed once the build is good again.
    std::thread::sleep(Duration::from_millis(300));
    let mut buf = [0u8; 1024];
    let extra = match fresh.stream.read(&mut buf) {
        Ok(n) => String::from_utf8_lossy(&buf[..n]).into_owned(),
        Err(_) => String::new(),
    };
    assert!(!extra.contains("build-error"), "{extra}");
}

/// A page holding this text panics while its HTML is written, in debug builds of relief
/// with RELIEF_TEST_PANIC set to it (see `test_panic` in src/output/mod.rs): a stand-in for
/// any bug that panics in a rebuild, at the stage after a body edit has changed the site
/// kept in memory.
const PANIC_MARKER: &str = "relief-test-panic-here";

#[test]
fn a_panicking_rebuild_shows_in_the_overlay_and_serve_keeps_going() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the RELIEF_TEST_PANIC hook exists only in debug builds");
        return;
    }
    let path = "content/notes/first.md";
    // A panic in the very first build: serve starts all the same and says why.
    let s = Served::start_env(
        free_port(),
        &[],
        &[("RELIEF_TEST_PANIC", PANIC_MARKER)],
        |root| {
            let good = std::fs::read_to_string(root.join(path)).unwrap();
            std::fs::write(root.join(path), format!("{good}\n{PANIC_MARKER}\n")).unwrap();
        },
    );
    let mut events = s.events();
    let error = events.wait_for("event: build-error", Duration::from_secs(10));
    assert!(
        error.contains("relief crashed while rebuilding: RELIEF_TEST_PANIC")
            && error.contains("src/output/mod.rs:"),
        "the overlay says what panicked and where: {error}"
    );
    let good = std::fs::read_to_string(s.root.join(path))
        .unwrap()
        .replace(&format!("\n{PANIC_MARKER}\n"), "");
    s.write(path, &good);
    events.wait_for("event: reload", Duration::from_secs(10));
    wait_for_page(&s, "/notes/first/", "says hello", Duration::from_secs(2));

    // A panic in a body edit's rebuild, after the kept site was changed.
    s.write(path, &format!("{good}\n{PANIC_MARKER}\n"));
    let error = events.wait_for("event: build-error", Duration::from_secs(10));
    assert!(error.contains("relief crashed while rebuilding"), "{error}");
    assert!(
        s.output_soon_contains("still serving the last good build"),
        "{}",
        s.output()
    );
    // The last good build is still served, and a page opened now gets the error at once.
    let r = s.get("/notes/first/");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("says hello") && !r.text().contains(PANIC_MARKER));
    s.events()
        .wait_for("event: build-error", Duration::from_secs(5));

    // Still rebuilding: the next edit loads everything again (the kept site was dropped)…
    s.write(path, &good.replace("says hello", "is fixed"));
    events.wait_for("event: reload", Duration::from_secs(10));
    wait_for_page(&s, "/notes/first/", "is fixed", Duration::from_secs(2));
    assert!(
        s.output_soon_contains("the last build failed: built"),
        "{}",
        s.output()
    );
    // …and the one after is a body edit again.
    s.write(path, &good.replace("says hello", "is fixed again"));
    events.wait_for("event: reload", Duration::from_secs(10));
    wait_for_page(
        &s,
        "/notes/first/",
        "is fixed again",
        Duration::from_secs(2),
    );
    assert!(
        s.output_soon_contains("first.md changed: re-rendered"),
        "{}",
        s.output()
    );
}

#[test]
fn output_warnings_show_in_a_folded_panel_and_go_when_fixed() {
    let s = Served::start();
    let mut events = s.events();
    let path = "content/notes/first.md";
    let good = std::fs::read_to_string(s.root.join(path)).unwrap();
    // A plain link to nothing and a missing image: the page builds, with two warnings.
    s.write(
        path,
        &format!("{good}\nSee [gone](/no/such/page/).\n\n![A chart](chart.png)\n"),
    );
    let warnings = events.wait_for("event: build-warnings", Duration::from_secs(10));
    for expected in [
        "link `/no/such/page/` points to a file the site does not have",
        "image `chart.png` points to a file the site does not have",
        "content/notes/first.md:",
    ] {
        assert!(warnings.contains(expected), "{expected}: {warnings}");
    }
    // Not an error: the new page is served, and no overlay event was sent.
    assert!(!warnings.contains("event: build-error"), "{warnings}");
    assert!(s.get("/notes/first/").text().contains("See"));
    assert!(
        s.output_soon_contains("warning[broken-link]: link `/no/such/page/`"),
        "{}",
        s.output()
    );
    // A page opened now gets the panel at once.
    let mut late = s.events();
    late.wait_for("link `/no/such/page/`", Duration::from_secs(5));
    // Fixed: the panel is removed.
    s.write(path, &good);
    // (EventSource would drop an empty `build-warnings`: clearing has its own event.)
    events.wait_for("event: warnings-cleared", Duration::from_secs(10));
}

#[test]
fn a_site_that_never_built_says_there_is_nothing_to_serve_yet() {
    let s = Served::start_prepared(free_port(), &[], |root| {
        std::fs::write(
            root.join("content/notes/first.md"),
            "+++\ntitle = \n+++\nbody\n",
        )
        .unwrap();
    });
    assert!(
        s.output_soon_contains("nothing to serve yet: fix the errors and it builds by itself"),
        "{}",
        s.output()
    );
    assert!(!s.output().contains("last good build"), "{}", s.output());
}

#[test]
fn a_stylesheet_change_swaps_css_without_a_reload() {
    let s = Served::start();
    let mut events = s.events();
    s.write("static/style.css", "body { color: rebeccapurple; }\n");
    let got = events.wait_for("event: css", Duration::from_secs(5));
    assert!(!got.contains("event: reload"), "{got}");
    assert!(got.contains("data: style.css"), "{got}");
    assert!(s.get("/style.css").text().contains("rebeccapurple"));
}

/// With `minify_css = true`, serve publishes stylesheets as a build does: minified, at start
/// and after an edit.
#[test]
fn a_minified_stylesheet_stays_minified_after_an_edit() {
    let s = Served::start_prepared(free_port(), &[], |root| {
        let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
        std::fs::write(
            root.join("config.toml"),
            format!("minify_css = true\n{config}"),
        )
        .unwrap();
        std::fs::write(
            root.join("static/style.css"),
            "/* Body. */\nbody {\n  color: #ff0000;\n}\n",
        )
        .unwrap();
    });
    assert_eq!(s.get("/style.css").text(), "body{color:red}");
    let mut events = s.events();
    s.write(
        "static/style.css",
        "/* Now purple. */\nbody { color: rebeccapurple; }\n",
    );
    let got = events.wait_for("event: css", Duration::from_secs(5));
    assert!(got.contains("data: style.css"), "{got}");
    assert_eq!(s.get("/style.css").text(), "body{color:#639}");
}

#[test]
fn added_and_deleted_pages_appear_and_disappear() {
    let s = Served::start();
    let mut events = s.events();
    s.write(
        "content/notes/third.md",
        "+++\ntitle = \"Third note\"\n+++\n\nA third note.\n",
    );
    events.wait_for("event: reload", Duration::from_secs(10));
    wait_for_page(&s, "/notes/third/", "A third note.", Duration::from_secs(2));
    assert!(select_text(&s.get("/notes/").text(), "#pages a").contains(&"Third note".to_string()));
    std::fs::remove_file(s.root.join("content/notes/third.md")).unwrap();
    events.wait_for("event: reload", Duration::from_secs(10));
    let started = Instant::now();
    while s.get("/notes/third/").status != 404 {
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "the deleted page is still served"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(!select_text(&s.get("/notes/").text(), "#pages a").contains(&"Third note".to_string()));
}

#[test]
fn a_config_change_rebuilds_everything() {
    let s = Served::start();
    let mut events = s.events();
    let config = std::fs::read_to_string(s.root.join("config.toml")).unwrap();
    s.write(
        "config.toml",
        &config.replace("title = \"Serve fixture\"", "title = \"Renamed fixture\""),
    );
    events.wait_for("event: reload", Duration::from_secs(10));
    wait_for_page(&s, "/tags/", "Renamed fixture", Duration::from_secs(2));
}

#[test]
fn two_hundred_concurrent_connections_are_all_served() {
    let s = Served::start();
    let expected = s.get("/notes/first/").body;
    let port = s.port;
    let barrier = Arc::new(std::sync::Barrier::new(200));
    let threads: Vec<_> = (0..200)
        .map(|i| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
                stream
                    .set_read_timeout(Some(Duration::from_secs(20)))
                    .unwrap();
                // Every connection is open before any request is sent.
                barrier.wait();
                let path = if i % 2 == 0 {
                    "/notes/first/"
                } else {
                    "/style.css"
                };
                let mut results = Vec::new();
                // Five requests on each keep-alive connection, the last one closing it.
                for n in 0..5 {
                    let close = if n == 4 { "Connection: close\r\n" } else { "" };
                    write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n{close}\r\n").unwrap();
                    results.push(read_one(&mut stream));
                }
                (path, results)
            })
        })
        .collect();
    let mut ok = 0;
    for t in threads {
        let (path, results) = t.join().expect("a client thread failed");
        for r in results {
            assert_eq!(r.status, 200, "{path}");
            if path == "/notes/first/" {
                assert_eq!(r.body, expected);
            }
            ok += 1;
        }
    }
    assert_eq!(ok, 1000);
}

/// Read one response with a Content-Length from a keep-alive connection.
fn read_one(stream: &mut TcpStream) -> Response {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).expect("read a response head");
        head.push(byte[0]);
    }
    let r = parse(&head);
    let len: usize = r
        .header("content-length")
        .expect("Content-Length")
        .parse()
        .unwrap();
    let mut body = vec![0u8; len];
    stream.read_exact(&mut body).unwrap();
    Response { body, ..r }
}

#[test]
fn misbehaving_clients_do_not_hurt_the_others() {
    let s = Served::start();
    let port = s.port;
    let mut idle = Vec::new();
    for _ in 0..20 {
        // Connect and say nothing.
        idle.push(TcpStream::connect(("127.0.0.1", port)).unwrap());
        // Half a request, then hang up.
        let mut half = TcpStream::connect(("127.0.0.1", port)).unwrap();
        half.write_all(b"GET /notes/fir").unwrap();
        drop(half);
        // Garbage.
        let mut garbage = TcpStream::connect(("127.0.0.1", port)).unwrap();
        garbage
            .write_all(b"\x00\x01\x02 NOT HTTP AT ALL \xff\xfe\r\n\r\n")
            .unwrap();
        let _ = garbage.shutdown(Shutdown::Write);
        let mut answer = Vec::new();
        let _ = garbage.set_read_timeout(Some(Duration::from_secs(5)));
        let _ = garbage.read_to_end(&mut answer);
        assert!(
            answer.is_empty() || answer.starts_with(b"HTTP/1.1 400"),
            "{:?}",
            String::from_utf8_lossy(&answer)
        );
        // Ask for a page and disconnect after the first bytes of the response.
        let mut rude = TcpStream::connect(("127.0.0.1", port)).unwrap();
        rude.write_all(b"GET /style.css HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let mut first = [0u8; 16];
        rude.read_exact(&mut first).unwrap();
        drop(rude);
        // An absurdly long header line.
        let mut long = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let _ = long.write_all(
            format!("GET / HTTP/1.1\r\nX-Long: {}\r\n\r\n", "a".repeat(200_000)).as_bytes(),
        );
        drop(long);
        // Meanwhile a well-behaved client is served.
        let r = s.get("/notes/first/");
        assert_eq!(r.status, 200);
        assert!(r.text().contains("says hello"));
    }
    drop(idle);
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn a_taken_port_falls_back_to_the_next_free_one_and_says_so() {
    // Hold a port, and make sure the next one is free as far as we can tell.
    let holder = loop {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        if port < 65000 && TcpListener::bind(("127.0.0.1", port + 1)).is_ok() {
            break l;
        }
    };
    let taken = holder.local_addr().unwrap().port();
    let s = Served::start_with(taken, &[]);
    assert_ne!(s.port, taken);
    assert!(
        s.output().contains(&format!(
            "Port {taken} is taken; using port {} instead",
            s.port
        )),
        "{}",
        s.output()
    );
    assert_eq!(s.get("/").status, 200);
    drop(holder);
}

/// A real browser (headless Chromium through tests/browser/serve-reload.mjs): an open page
/// reloads by itself after an edit, a stylesheet change restyles it without a reload, and a
/// broken edit shows the error overlay until it is fixed. Fails, never skips, when Node.js,
/// Chromium or the npm packages are missing.
#[test]
fn a_real_browser_reloads_restyles_and_shows_the_overlay() {
    harness::require_browser_tools(false);
    let s = Served::start();
    let run = harness::run_node_script(
        "serve-reload.mjs",
        [
            format!("http://127.0.0.1:{}/notes/first/", s.port),
            s.root.join("content/notes/first.md").display().to_string(),
            s.root.join("static/style.css").display().to_string(),
        ],
        Duration::from_secs(180),
    );
    assert!(
        run.status.success(),
        "the live-reload browser check failed ({}):\n{}{}\nserver output:\n{}",
        run.status,
        run.stdout,
        run.stderr,
        s.output()
    );
    assert!(
        run.stdout.contains("serve-reload: all checks passed"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_edit_in_the_themes_folder_rebuilds() {
    let s = Served::start_prepared(free_port(), &[], |root| {
        let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
        std::fs::write(
            root.join("config.toml"),
            // `language`, relief's own key, keeps this a relief site: with `theme` alone,
            // relief would read the file with Zola's defaults.
            format!("theme = \"plain\"\nlanguage = \"en\"\n{config}"),
        )
        .unwrap();
        let theme = root.join("themes/plain");
        std::fs::create_dir_all(theme.join("templates")).unwrap();
        std::fs::write(theme.join("theme.toml"), "name = \"plain\"\n").unwrap();
        std::fs::write(
            theme.join("templates/motto.html"),
            "<p id=\"motto\">Gentle first</p>\n",
        )
        .unwrap();
        let index = root.join("templates/index.html");
        let text = std::fs::read_to_string(&index).unwrap();
        let shown = "{% include \"motto.html\" %}\n{% endblock content %}";
        std::fs::write(&index, text.replace("{% endblock content %}", shown)).unwrap();
    });
    assert_eq!(select_text(&s.get("/").text(), "#motto"), ["Gentle first"]);
    s.write(
        "themes/plain/templates/motto.html",
        "<p id=\"motto\">Evidence first</p>\n",
    );
    wait_for_page(&s, "/", "Evidence first", Duration::from_secs(5));
}

/// A PNG of `width` × `height` in one colour, with a little texture so that it is an image
/// worth resizing.
fn painted_png(width: u32, height: u32, colour: [u8; 3]) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        let t = ((x ^ y) % 7) as u8;
        image::Rgb([colour[0].saturating_add(t), colour[1], colour[2]])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

#[test]
fn an_edited_image_is_processed_again_alone() {
    let s = Served::start_prepared(free_port(), &[], |root| {
        for (name, colour) in [("knee.png", [200, 40, 40]), ("hip.png", [40, 40, 200])] {
            std::fs::write(
                root.join("content/notes").join(name),
                painted_png(600, 400, colour),
            )
            .unwrap();
        }
        let page = root.join("content/notes/first.md");
        let text = std::fs::read_to_string(&page).unwrap();
        let body = "\n![A knee](knee.png)\n\n![A hip](hip.png)\n";
        std::fs::write(&page, format!("{text}{body}")).unwrap();
    });
    // Each 600 px image: a 480 px copy in PNG, and WebP at 480 and 600 px: 6 encoded.
    assert!(s.output().contains("(6 images encoded)"), "{}", s.output());
    let page = s.get("/notes/first/").text();
    let doc = Html::parse_document(&page);
    let source = |alt: &str| -> String {
        let img = Selector::parse("img").unwrap();
        let picture = doc
            .select(&Selector::parse("picture").unwrap())
            .find(|p| p.select(&img).any(|i| i.value().attr("alt") == Some(alt)))
            .unwrap_or_else(|| panic!("{page}"));
        let element = picture
            .select(&Selector::parse("source").unwrap())
            .next()
            .unwrap();
        let srcset = element.value().attr("srcset").unwrap();
        srcset
            .rsplit(", ")
            .next()
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .to_string()
    };
    let (knee, hip) = (source("A knee"), source("A hip"));
    let colour = |url: &str| -> [u8; 3] {
        let bytes = s.get(url).body;
        image::load_from_memory(&bytes)
            .unwrap()
            .to_rgb8()
            .get_pixel(300, 200)
            .0
    };
    assert!(colour(&knee)[0] > 150, "{:?}", colour(&knee));
    let hip_before = s.get(&hip).body;
    std::fs::write(
        s.root.join("content/notes/knee.png"),
        painted_png(600, 400, [40, 200, 40]),
    )
    .unwrap();
    // Only the knee's three copies are made again; the hip's come from the image cache.
    assert!(
        s.output_soon_contains("content/notes/knee.png changed, and pages show copies of it"),
        "{}",
        s.output()
    );
    assert!(
        s.output_soon_contains("(3 images encoded)"),
        "{}",
        s.output()
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    while colour(&knee)[1] < 150 {
        assert!(Instant::now() < deadline, "{:?}", colour(&knee));
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(s.get(&hip).body, hip_before);
}
