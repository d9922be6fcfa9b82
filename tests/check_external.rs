//! `relief check --external` against a real HTTP server on this machine: which answers are
//! errors and which are warnings, where each is reported, that every URL is fetched once,
//! that `skip_prefixes` is honoured, and that a plain `relief check` never connects.

mod common;
use common::{bundled_site, relief, stderr, stdout};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Requests seen by the server: `(method, path)` → count.
type Seen = Arc<Mutex<HashMap<(String, String), usize>>>;

/// A tiny HTTP/1.1 server with one behaviour per path. Returns its port and what it saw.
fn serve() -> (u16, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen: Seen = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let log = log.clone();
            std::thread::spawn(move || answer(stream, port, &log));
        }
    });
    (port, seen)
}

fn answer(stream: TcpStream, port: u16, seen: &Seen) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    loop {
        let mut request = String::new();
        if reader.read_line(&mut request).unwrap_or(0) == 0 {
            return;
        }
        // Skip the headers.
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 && line.trim() != "" {
            line.clear();
        }
        let mut parts = request.split_whitespace();
        let (method, path) = (
            parts.next().unwrap_or_default().to_string(),
            parts.next().unwrap_or_default().to_string(),
        );
        *seen
            .lock()
            .unwrap()
            .entry((method.clone(), path.clone()))
            .or_default() += 1;
        let head = method == "HEAD";
        let (status, extra) = match path.as_str() {
            "/ok" | "/ref-ok" => ("200 OK", String::new()),
            "/gone" | "/ref-gone" => ("404 Not Found", String::new()),
            "/removed" => ("410 Gone", String::new()),
            "/no-head" if head => ("405 Method Not Allowed", String::new()),
            "/no-head" => ("200 OK", String::new()),
            // A relative Location, resolved against the URL asked.
            "/moved" => ("301 Moved Permanently", "Location: ok\r\n".to_string()),
            "/temp" => (
                "302 Found",
                format!("Location: http://127.0.0.1:{port}/ok\r\n"),
            ),
            "/blocked" => ("403 Forbidden", String::new()),
            "/broken" => ("503 Service Unavailable", String::new()),
            _ => ("404 Not Found", String::new()),
        };
        let body = if head {
            ""
        } else {
            "<!doctype html><title>x</title>"
        };
        let response = format!(
            "HTTP/1.1 {status}\r\n{extra}Content-Type: text/html\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let mut stream = reader.get_ref();
        if stream.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The bundled site's templates and static files with two pages linking to the server; the
/// config names its language (a relief site: with `[translations]` alone it would read as
/// Zola's) and carries the templates' words.
fn site(dir: &Path, port: u16, closed: u16) {
    bundled_site(dir);
    let url = |path: &str| format!("http://127.0.0.1:{port}{path}");
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "title = \"Links\"\nbase_url = \"https://example.org/\"\nlanguage = \"en\"\n\n[link_checker]\nskip_prefixes = [\"{}\"]\n\n{}",
            url("/skipped"),
            common::interface_strings()
        ),
    )
    .unwrap();
    let content = dir.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        content.join("_index.md"),
        "+++\ntitle = \"Home\"\ndescription = \"Home\"\n+++\n[A](@/a.md) and [B](@/b.md) and [sources](@/sources.md).\n",
    )
    .unwrap();
    std::fs::write(
        content.join("a.md"),
        format!(
            r#"+++
title = "A"
description = "Page A"

[[references]]
id = "gone"
title = "A study that moved"
url = "{ref_gone}"

[[references]]
id = "fine"
title = "A study that is there"
url = "{ref_ok}"
+++
Fine: [ok]({ok}), [no HEAD]({no_head}), [moved]({moved}), [for now]({temp}), [ok again]({ok}#part).

Gone: [gone]({gone}).

Removed: [removed]({removed}).

Blocked: [blocked]({blocked}). Broken: [broken]({broken}).

Nobody home: [closed](http://127.0.0.1:{closed}/x). Skipped: [skipped]({skipped}).

No such host: [typo](https://relief-test.invalid/page).

Cited [@gone] and [@fine].
"#,
            ref_gone = url("/ref-gone"),
            ref_ok = url("/ref-ok"),
            ok = url("/ok"),
            no_head = url("/no-head"),
            moved = url("/moved"),
            temp = url("/temp"),
            gone = url("/gone"),
            removed = url("/removed"),
            blocked = url("/blocked"),
            broken = url("/broken"),
            skipped = url("/skipped/page"),
        ),
    )
    .unwrap();
    std::fs::write(
        content.join("b.md"),
        format!(
            "+++\ntitle = \"B\"\ndescription = \"Page B\"\n+++\nAlso [gone]({}).\n",
            url("/gone")
        ),
    )
    .unwrap();
    // The sources page lists every reference (a link it only repeats is reported once).
    std::fs::write(
        content.join("sources.md"),
        "+++\ntitle = \"Sources\"\ndescription = \"All sources\"\ntemplate = \"sources.html\"\n+++\nEvery source.\n",
    )
    .unwrap();
}

fn check(root: &Path, external: bool) -> (std::process::Output, serde_json::Value) {
    let mut args = vec![
        "check",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
    ];
    if external {
        args.push("--external");
    }
    let output = relief(&args);
    let json = serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&output), stderr(&output)));
    (output, json)
}

/// `(code, severity, file:line, message)` of each diagnostic about an external link.
fn external_findings(json: &serde_json::Value) -> Vec<(String, String, String, String)> {
    let mut found: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            [
                "dead-link",
                "link-moved",
                "link-refused",
                "link-unreachable",
                "offline",
            ]
            .contains(&d["code"].as_str().unwrap())
        })
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                format!(
                    "{}:{}",
                    d["location"]["file"].as_str().unwrap_or("?"),
                    d["location"]["line"]
                ),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn dead_links_are_errors_at_their_source_line_and_refusals_are_warnings() {
    let (port, seen) = serve();
    let closed = closed_port();
    let dir = tempfile::tempdir().unwrap();
    site(dir.path(), port, closed);

    let (output, json) = check(dir.path(), true);
    let found = external_findings(&json);
    let summary: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|(c, s, at, _)| (c.as_str(), s.as_str(), at.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("dead-link", "error", "content/a.md:17"),
            ("dead-link", "error", "content/a.md:19"),
            ("dead-link", "error", "content/a.md:25"),
            ("dead-link", "error", "content/a.md:8"),
            ("dead-link", "error", "content/b.md:5"),
            ("link-moved", "warning", "content/a.md:15"),
            ("link-refused", "warning", "content/a.md:21"),
            ("link-unreachable", "warning", "content/a.md:21"),
            ("link-unreachable", "warning", "content/a.md:23"),
        ],
        "{found:#?}"
    );
    let message = |at: &str| &found.iter().find(|f| f.2 == at).unwrap().3;
    // Only the permanent redirect is worth updating; the temporary one is not mentioned.
    assert!(
        message("content/a.md:15").contains(&format!(
            "/moved` has moved permanently to `http://127.0.0.1:{port}/ok`"
        )),
        "{}",
        message("content/a.md:15")
    );
    assert!(message("content/a.md:17").contains("/gone` is gone: the server answers 404"));
    assert!(message("content/a.md:19").contains("answers 410"));
    // .invalid never resolves (RFC 2606), while the loopback server's address does.
    assert!(
        message("content/a.md:25").contains("its host name does not exist"),
        "{}",
        message("content/a.md:25")
    );
    // The reference's URL is shown on A and on the sources page; both point at the front
    // matter line that holds it.
    assert!(
        message("content/a.md:8").contains("/ref-gone` is gone")
            && message("content/a.md:8").contains("1 other page"),
        "{}",
        message("content/a.md:8")
    );
    assert!(!output.status.success(), "dead links fail the check");
    assert_eq!(output.status.code(), Some(1));

    // Each URL once, whichever pages show it; a fragment is not part of the URL; HEAD first,
    // GET only when HEAD did not succeed.
    let seen = seen.lock().unwrap().clone();
    let count = |method: &str, path: &str| {
        seen.get(&(method.to_string(), path.to_string()))
            .copied()
            .unwrap_or(0)
    };
    assert_eq!(
        count("HEAD", "/ok"),
        3,
        "as itself, after /moved and after /temp: {seen:?}"
    );
    assert_eq!(count("GET", "/ok"), 0, "{seen:?}");
    assert_eq!(count("HEAD", "/gone"), 1, "{seen:?}");
    assert_eq!(count("GET", "/gone"), 1, "{seen:?}");
    assert_eq!(count("HEAD", "/ref-gone"), 1, "{seen:?}");
    assert_eq!(count("GET", "/no-head"), 1, "{seen:?}");
    assert!(
        !seen.keys().any(|(_, path)| path.starts_with("/skipped")),
        "skip_prefixes are never fetched: {seen:?}"
    );
}

#[test]
fn a_plain_check_never_connects() {
    let (port, seen) = serve();
    let dir = tempfile::tempdir().unwrap();
    site(dir.path(), port, closed_port());
    let (output, json) = check(dir.path(), false);
    assert!(external_findings(&json).is_empty(), "{json:#}");
    assert!(output.status.success(), "{json:#}");
    assert!(seen.lock().unwrap().is_empty());
}

#[test]
fn when_nothing_answers_one_error_says_the_machine_looks_offline() {
    let closed = closed_port();
    let dir = tempfile::tempdir().unwrap();
    // Every link points at a port nobody listens on.
    site(dir.path(), closed, closed);
    let (output, json) = check(dir.path(), true);
    let found = external_findings(&json);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1.as_str()),
        ("offline", "error")
    );
    assert!(found[0].3.contains("none of the"), "{}", found[0].3);
    assert_eq!(output.status.code(), Some(1));
}
