//! Deploying anywhere: the bundled site built by the exact command of the GitHub Pages
//! workflow with a sub-path base URL, served under that sub-path on 127.0.0.1 and crawled
//! from the home page without a single 404; relative mode resolved on disk from every
//! page; alias redirects; the deploy examples under docs/deploy/ checked structurally.

mod common;
use common::{copy_dir, repo};
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A copy of the bundled site (config, content, templates, static) and of the documentation
/// site in docs/ in a fresh folder, so a build there writes `public/` exactly as it would in
/// the repository.
fn bundled_site_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in [
        (repo(), dir.path().to_path_buf()),
        (repo().join("docs"), dir.path().join("docs")),
    ] {
        std::fs::create_dir_all(&to).unwrap();
        std::fs::copy(from.join("config.toml"), to.join("config.toml")).unwrap();
        for sub in ["content", "templates", "static"] {
            copy_dir(&from.join(sub), &to.join(sub));
        }
    }
    dir
}

// ---------------------------------------------------------------------------------------
// The deploy examples.

/// A YAML node of the small block subset GitHub workflows use: mappings, sequences,
/// plain or quoted scalars, flow sequences of scalars.
#[derive(Debug, Clone, PartialEq)]
enum Yaml {
    Map(Vec<(String, Yaml)>),
    List(Vec<Yaml>),
    Scalar(String),
}

impl Yaml {
    fn get(&self, key: &str) -> &Yaml {
        match self {
            Yaml::Map(entries) => entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .unwrap_or_else(|| panic!("no key `{key}` in {self:?}")),
            _ => panic!("`{key}` looked up in a non-mapping {self:?}"),
        }
    }
    fn list(&self) -> &[Yaml] {
        match self {
            Yaml::List(items) => items,
            _ => panic!("not a list: {self:?}"),
        }
    }
    fn str(&self) -> &str {
        match self {
            Yaml::Scalar(s) => s,
            _ => panic!("not a scalar: {self:?}"),
        }
    }
}

/// Parse the block-YAML subset above, refusing tabs, bad indentation, duplicate keys and
/// anything it does not understand, with the line number.
fn parse_yaml(text: &str) -> Result<Yaml, String> {
    let lines: Vec<(usize, usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(n, l)| {
            let indent = l.len() - l.trim_start_matches(' ').len();
            (n + 1, indent, l.trim())
        })
        .collect();
    if let Some(n) = text.lines().position(|l| l.contains('\t')) {
        return Err(format!("line {}: tab character", n + 1));
    }
    let mut pos = 0;
    let node = block(&lines, &mut pos, 0)?;
    if pos != lines.len() {
        return Err(format!("line {}: unexpected indentation", lines[pos].0));
    }
    Ok(node)
}

fn block(lines: &[(usize, usize, &str)], pos: &mut usize, indent: usize) -> Result<Yaml, String> {
    let (n, ind, text) = lines[*pos];
    if ind != indent {
        return Err(format!(
            "line {n}: expected indentation {indent}, found {ind}"
        ));
    }
    if text.starts_with("- ") || text == "-" {
        let mut items = Vec::new();
        while *pos < lines.len() && lines[*pos].1 == indent && lines[*pos].2.starts_with('-') {
            let (n, _, text) = lines[*pos];
            let rest = text[1..].trim_start();
            if !rest.is_empty() && split_key(rest).is_none() {
                items.push(scalar(rest).map_err(|e| format!("line {n}: {e}"))?);
                *pos += 1;
            } else if rest.is_empty() {
                *pos += 1;
                items.push(block(lines, pos, deeper(lines, *pos, indent, n)?)?);
            } else {
                // `- key: value` starts a mapping whose keys line up after the dash.
                let inner = indent + (text.len() - rest.len());
                let mut sub: Vec<(usize, usize, &str)> = vec![(n, inner, rest)];
                let mut end = *pos + 1;
                while end < lines.len() && lines[end].1 >= inner {
                    sub.push(lines[end]);
                    end += 1;
                }
                let mut p = 0;
                let node = block(&sub, &mut p, inner)?;
                if p != sub.len() {
                    return Err(format!("line {}: unexpected indentation", sub[p].0));
                }
                items.push(node);
                *pos = end;
            }
        }
        return Ok(Yaml::List(items));
    }
    let mut entries: Vec<(String, Yaml)> = Vec::new();
    while *pos < lines.len() && lines[*pos].1 == indent {
        let (n, _, text) = lines[*pos];
        if text.starts_with('-') {
            return Err(format!("line {n}: a list item among mapping keys"));
        }
        let (key, value) =
            split_key(text).ok_or_else(|| format!("line {n}: expected `key: value`"))?;
        if entries.iter().any(|(k, _)| k == key) {
            return Err(format!("line {n}: duplicate key `{key}`"));
        }
        *pos += 1;
        let value = if value.is_empty() {
            if *pos < lines.len() && lines[*pos].1 > indent {
                block(lines, pos, lines[*pos].1)?
            } else if *pos < lines.len()
                && lines[*pos].1 == indent
                && lines[*pos].2.starts_with('-')
            {
                // A sequence may sit at its key's indentation.
                block(lines, pos, indent)?
            } else {
                Yaml::Scalar(String::new())
            }
        } else {
            scalar(value).map_err(|e| format!("line {n}: {e}"))?
        };
        entries.push((key.to_string(), value));
    }
    if *pos < lines.len() && lines[*pos].1 > indent {
        return Err(format!("line {}: unexpected indentation", lines[*pos].0));
    }
    Ok(Yaml::Map(entries))
}

fn deeper(
    lines: &[(usize, usize, &str)],
    pos: usize,
    indent: usize,
    n: usize,
) -> Result<usize, String> {
    match lines.get(pos) {
        Some(&(_, ind, _)) if ind > indent => Ok(ind),
        _ => Err(format!("line {n}: empty list item")),
    }
}

/// `key: value` at the first `: ` (or trailing `:`) outside quotes and `${{ }}`.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let (key, value) = if let Some(k) = text.strip_suffix(':') {
        (k, "")
    } else {
        let i = text.find(": ")?;
        (&text[..i], text[i + 2..].trim())
    };
    let key_ok = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || "-_".contains(c));
    key_ok.then_some((key, value))
}

fn scalar(value: &str) -> Result<Yaml, String> {
    if let Some(inner) = value.strip_prefix('[') {
        let inner = inner.strip_suffix(']').ok_or("unclosed flow sequence")?;
        return Ok(Yaml::List(
            inner
                .split(',')
                .map(|s| Yaml::Scalar(s.trim().to_string()))
                .collect(),
        ));
    }
    for q in ['"', '\''] {
        if value.starts_with(q) {
            let inner = value[1..].strip_suffix(q).ok_or("unclosed quote")?;
            return Ok(Yaml::Scalar(inner.to_string()));
        }
    }
    if value.starts_with(['{', '&', '*', '!', '|', '>']) {
        return Err(format!("unsupported YAML `{value}`"));
    }
    Ok(Yaml::Scalar(value.to_string()))
}

#[test]
fn the_yaml_subset_parser_rejects_broken_files() {
    assert!(
        parse_yaml("a:\n  b: 1\n c: 2\n").is_err(),
        "bad indentation"
    );
    assert!(parse_yaml("a: 1\na: 2\n").is_err(), "duplicate key");
    assert!(parse_yaml("a:\n\t- b\n").is_err(), "tab");
    assert!(parse_yaml("a: [x\n").is_err(), "unclosed flow sequence");
    let ok = parse_yaml("a:\n  - b: 1\n    c: [x, y]\n  - d\n").unwrap();
    assert_eq!(ok.get("a").list()[0].get("c").list().len(), 2);
    assert_eq!(ok.get("a").list()[1].str(), "d");
}

/// The `run:` command of the workflow step named `name`.
fn workflow_step(name: &str) -> String {
    let text = std::fs::read_to_string(repo().join("docs/deploy/github-pages.yml")).unwrap();
    let workflow = parse_yaml(&text).unwrap_or_else(|e| panic!("github-pages.yml: {e}"));
    let steps = workflow.get("jobs").get("build").get("steps").list();
    steps
        .iter()
        .find(|s| s.get("name").str() == name)
        .unwrap_or_else(|| panic!("no step `{name}`"))
        .get("run")
        .str()
        .to_string()
}

#[test]
fn the_github_pages_workflow_is_well_formed() {
    let text = std::fs::read_to_string(repo().join("docs/deploy/github-pages.yml")).unwrap();
    let workflow = parse_yaml(&text).unwrap_or_else(|e| panic!("github-pages.yml: {e}"));
    assert_eq!(
        workflow.get("on").get("push").get("branches").list()[0].str(),
        "main"
    );
    assert_eq!(workflow.get("permissions").get("pages").str(), "write");
    assert_eq!(workflow.get("permissions").get("id-token").str(), "write");
    let build = workflow.get("jobs").get("build");
    let steps = build.get("steps").list();
    let uses: Vec<&str> = steps
        .iter()
        .filter_map(|s| match s {
            Yaml::Map(e) => e.iter().find(|(k, _)| k == "uses").map(|(_, v)| v.str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        uses,
        vec![
            "actions/checkout@v4",
            "actions/configure-pages@v5",
            "actions/upload-pages-artifact@v3"
        ]
    );
    let pages = steps.iter().find(|s| matches!(s, Yaml::Map(e) if e.iter().any(|(k, v)| k == "uses" && v.str().starts_with("actions/configure-pages")))).unwrap();
    assert_eq!(
        pages.get("id").str(),
        "pages",
        "the build step reads steps.pages"
    );
    let upload = steps.last().unwrap();
    assert_eq!(upload.get("with").get("path").str(), "public");
    assert_eq!(
        workflow_step("Build the site"),
        "./target/release/relief build --base-url \"${{ steps.pages.outputs.base_url }}/\""
    );
    assert_eq!(
        workflow_step("Check the site"),
        "./target/release/relief check"
    );
    // The documentation is published under docs/ of the same address, after the site (whose
    // build replaces public/ as a whole).
    assert_eq!(
        workflow_step("Check the documentation"),
        "./target/release/relief check --root docs --deny-warnings"
    );
    assert_eq!(
        workflow_step("Build the documentation"),
        "./target/release/relief build --root docs --output ../public/docs --base-url \"${{ steps.pages.outputs.base_url }}/docs/\""
    );
    let names: Vec<&str> = steps.iter().map(|s| s.get("name").str()).collect();
    let at = |n: &str| names.iter().position(|x| *x == n).unwrap();
    assert!(
        at("Build the site") < at("Build the documentation"),
        "{names:?}"
    );
    let deploy = workflow.get("jobs").get("deploy");
    assert_eq!(deploy.get("needs").str(), "build");
    assert_eq!(deploy.get("environment").get("name").str(), "github-pages");
}

/// Run a documented shell command in `dir`, with the relief under test in place of
/// `./target/release/relief` and `env` set.
fn run_documented(command: &str, dir: &Path, env: &[(&str, &str)]) {
    let bin = env!("CARGO_BIN_EXE_relief");
    let command = command.replace("./target/release/relief", bin);
    let out = Command::new("sh")
        .arg("-c")
        .arg(&command)
        .current_dir(dir)
        .envs(env.iter().copied())
        .output()
        .expect("run sh");
    assert!(
        out.status.success(),
        "`{command}` failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_netlify_example_builds_under_the_deploy_url() {
    let text = std::fs::read_to_string(repo().join("docs/deploy/netlify.toml")).unwrap();
    let config: toml::Table = toml::from_str(&text).expect("netlify.toml is TOML");
    let build = config["build"].as_table().unwrap();
    assert_eq!(build["publish"].as_str(), Some("public"));
    let command = build["command"].as_str().unwrap();
    let (compile, relief) = command.split_once(" && ").expect("compile && build");
    assert_eq!(compile, "cargo build --release --locked");
    let preview = config["context"]["deploy-preview"]["command"]
        .as_str()
        .unwrap();
    assert!(
        preview.ends_with(
            "build --base-url \"$DEPLOY_PRIME_URL/\" && ./target/release/relief build --root docs --output ../public/docs --base-url \"$DEPLOY_PRIME_URL/docs/\""
        ),
        "{preview}"
    );

    let site = bundled_site_copy();
    run_documented(
        relief,
        site.path(),
        &[("URL", "https://relief-example.netlify.app")],
    );
    let home = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    let doc = Html::parse_document(&home);
    let canonical = doc
        .select(&Selector::parse("link[rel=canonical]").unwrap())
        .next()
        .and_then(|e| e.value().attr("href"))
        .unwrap();
    assert_eq!(canonical, "https://relief-example.netlify.app/");
    let docs = std::fs::read_to_string(site.path().join("public/docs/index.html")).unwrap();
    let doc = Html::parse_document(&docs);
    let canonical = doc
        .select(&Selector::parse("link[rel=canonical]").unwrap())
        .next()
        .and_then(|e| e.value().attr("href"))
        .unwrap();
    assert_eq!(canonical, "https://relief-example.netlify.app/docs/");
}

// ---------------------------------------------------------------------------------------
// A tiny static server and an HTTP client, over std::net.

/// Serve `root` under `prefix` (`/massage/`) on `listener`, in a background thread:
/// directories answer with their index.html, anything else outside is a 404.
fn serve(listener: TcpListener, root: PathBuf, prefix: &'static str) {
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buf = [0; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let request = String::from_utf8_lossy(&request);
            let target = request.split_whitespace().nth(1).unwrap_or("/");
            let path = target.split(['?', '#']).next().unwrap_or_default();
            let file = path
                .strip_prefix(prefix)
                .and_then(common::decode_path)
                .filter(|rest| !rest.split('/').any(|s| s == ".."))
                .map(|rest| {
                    let mut file = root.join(rest);
                    if file.is_dir() {
                        file = file.join("index.html");
                    }
                    file
                });
            let response = match file.and_then(|f| std::fs::read(f).ok()) {
                Some(body) => {
                    let mut r = format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    )
                    .into_bytes();
                    r.extend(body);
                    r
                }
                None => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_vec(),
            };
            let _ = stream.write_all(&response);
        }
    });
}

/// GET `path` from 127.0.0.1:`port`: the status code and body.
fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let head_end = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&response[..head_end]).into_owned();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, response[head_end + 4..].to_vec())
}

const URL_ATTRS: &str = "a[href], link[href], img[src], img[srcset], script[src], source[src], source[srcset], video[src], audio[src]";

/// Every URL a page refers to (href, src and each srcset candidate), as written.
fn page_urls(doc: &Html) -> Vec<String> {
    let mut urls = Vec::new();
    for el in doc.select(&Selector::parse(URL_ATTRS).unwrap()) {
        for attr in ["href", "src"] {
            if let Some(v) = el.value().attr(attr) {
                urls.push(v.to_string());
            }
        }
        if let Some(set) = el.value().attr("srcset") {
            urls.extend(
                set.split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .map(str::to_owned),
            );
        }
    }
    urls
}

fn ids(doc: &Html) -> HashSet<String> {
    doc.select(&Selector::parse("[id]").unwrap())
        .filter_map(|e| e.value().attr("id").map(str::to_owned))
        .collect()
}

/// `href` seen from the page at `page_path`, as a path on the server, if it is on it.
fn resolve(page_path: &str, href: &str, origin: &str) -> Option<String> {
    let href = href.split('#').next().unwrap_or_default();
    if href.is_empty() {
        return None;
    }
    if let Some(rest) = href.strip_prefix(origin) {
        return Some(rest.to_string());
    }
    if href.contains("://")
        || href.starts_with("//")
        || href.starts_with("mailto:")
        || href.starts_with("data:")
    {
        return None;
    }
    if href.starts_with('/') {
        return Some(href.to_string());
    }
    let dir = &page_path[..=page_path.rfind('/').unwrap()];
    let mut segments: Vec<&str> = Vec::new();
    let joined = format!("{dir}{href}");
    for seg in joined.split('/').skip(1) {
        match seg {
            "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    Some(format!("/{}", segments.join("/")))
}

#[test]
fn the_bundled_site_works_under_a_sub_path() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let origin = format!("http://127.0.0.1:{port}");
    let base = format!("{origin}/massage");

    // The exact command of the GitHub Pages workflow, with the Pages URL of this server.
    let site = bundled_site_copy();
    let command =
        workflow_step("Build the site").replace("${{ steps.pages.outputs.base_url }}", &base);
    run_documented(&command, site.path(), &[]);
    // The documentation, under docs/ of the same address.
    let command = workflow_step("Build the documentation")
        .replace("${{ steps.pages.outputs.base_url }}", &base);
    run_documented(&command, site.path(), &[]);
    serve(listener, site.path().join("public"), "/massage/");

    let mut queue: VecDeque<(String, String)> = VecDeque::from([
        ("/massage/".to_string(), "(start)".to_string()),
        ("/massage/docs/".to_string(), "(start)".to_string()),
    ]);
    let mut seen: BTreeSet<String> = queue.iter().map(|(p, _)| p.clone()).collect();
    let mut not_found: BTreeMap<String, String> = BTreeMap::new();
    let mut outside: Vec<String> = Vec::new();
    let mut pages: HashMap<String, HashSet<String>> = HashMap::new();
    let mut anchors: Vec<(String, String, String)> = Vec::new();
    while let Some((path, from)) = queue.pop_front() {
        let (status, body) = get(port, &path);
        if status != 200 {
            not_found.insert(path, from);
            continue;
        }
        let is_html = path.ends_with('/') || path.ends_with(".html");
        if !is_html {
            continue;
        }
        let doc = Html::parse_document(&String::from_utf8_lossy(&body));
        pages.insert(path.clone(), ids(&doc));
        for url in page_urls(&doc) {
            let Some(target) = resolve(&path, &url, &origin) else {
                continue;
            };
            if !target.starts_with("/massage/") {
                outside.push(format!("{url} on {path}"));
                continue;
            }
            let file = target.split('?').next().unwrap().to_string();
            if let Some((_, fragment)) = url.split_once('#') {
                if !fragment.is_empty() {
                    anchors.push((file.clone(), fragment.to_string(), path.clone()));
                }
            }
            if seen.insert(file.clone()) {
                queue.push_back((file, path.clone()));
            }
        }
    }
    assert!(
        outside.is_empty(),
        "links leaving the sub-path: {outside:#?}"
    );
    assert!(
        not_found.is_empty(),
        "404s (url → linked from): {not_found:#?}"
    );
    let broken_anchors: Vec<_> = anchors
        .iter()
        .filter(|(file, id, _)| pages.get(file).is_some_and(|ids| !ids.contains(id)))
        .collect();
    assert!(
        broken_anchors.is_empty(),
        "missing anchors: {broken_anchors:#?}"
    );
    // Every page of the site was reached from the home page.
    let built: usize = walkdir::WalkDir::new(site.path().join("public"))
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_name() == "index.html")
        .count();
    assert_eq!(
        pages.keys().filter(|p| p.ends_with('/')).count(),
        built,
        "{:#?}",
        pages.keys()
    );
    assert!(
        built > 10,
        "the bundled site has more than ten pages ({built})"
    );

    // Canonical, feed and sitemap URLs are absolute under the sub-path, and they all serve.
    let (_, home) = get(port, "/massage/");
    let home = Html::parse_document(&String::from_utf8_lossy(&home));
    let canonical = home
        .select(&Selector::parse("link[rel=canonical]").unwrap())
        .next()
        .and_then(|e| e.value().attr("href"))
        .unwrap();
    assert_eq!(canonical, format!("{base}/"));
    // JSON-LD URLs of every page are absolute under the sub-path; those naming pages serve.
    let mut json_ld_urls = 0;
    for path in pages.keys().filter(|p| p.ends_with('/')) {
        let (_, body) = get(port, path);
        let doc = Html::parse_document(&String::from_utf8_lossy(&body));
        for script in doc.select(&Selector::parse("script[type='application/ld+json']").unwrap()) {
            let value: serde_json::Value = serde_json::from_str(&script.text().collect::<String>())
                .unwrap_or_else(|e| panic!("JSON-LD on {path}: {e}"));
            let mut strings = Vec::new();
            collect_strings(&value, &mut strings);
            for url in strings
                .into_iter()
                .filter(|s| s.starts_with("http://127.0.0.1"))
            {
                assert!(
                    url.starts_with(&format!("{base}/")),
                    "{url} in JSON-LD on {path}"
                );
                // Templated URLs (the SearchAction's `?q={search_term_string}`) are not pages.
                if !url.contains('?') {
                    assert_eq!(
                        get(port, url.strip_prefix(&origin).unwrap()).0,
                        200,
                        "{url} on {path}"
                    );
                    json_ld_urls += 1;
                }
            }
        }
    }
    assert!(json_ld_urls > 20, "JSON-LD URLs checked: {json_ld_urls}");
    eprintln!(
        "crawled {} URLs ({} HTML pages, {} anchors) and {json_ld_urls} JSON-LD URLs under /massage/",
        seen.len(),
        pages.len(),
        anchors.len()
    );
    for feed in ["/massage/sitemap.xml", "/massage/atom.xml"] {
        let (status, xml) = get(port, feed);
        assert_eq!(status, 200, "{feed}");
        let xml = String::from_utf8(xml).unwrap();
        let mut locs = 0;
        for part in xml
            .split("<loc>")
            .skip(1)
            .chain(xml.split("href=\"").skip(1))
        {
            let url = part.split(['<', '"']).next().unwrap();
            if !url.starts_with("http") || url.contains("w3.org") || url.contains("sitemaps.org") {
                continue;
            }
            assert!(url.starts_with(&format!("{base}/")), "{url} in {feed}");
            let path = url.strip_prefix(&origin).unwrap();
            assert_eq!(get(port, path).0, 200, "{url} in {feed}");
            locs += 1;
        }
        assert!(locs > 5, "{feed} lists the site's pages ({locs})");
    }
}

fn collect_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------
// Relative mode.

/// Every href/src/srcset of every HTML file under `out`, resolved on disk from its page:
/// each must be a file (index.html explicit), each #anchor an id in it.
fn assert_resolves_on_disk(out: &Path) -> usize {
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut id_cache: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page = entry.path();
        let html = std::fs::read_to_string(page).unwrap();
        let doc = Html::parse_document(&html);
        if page.file_name().is_some_and(|n| n == "404.html") {
            // A 404 page (the site's, or a language's `es/404.html`) is served at any missing
            // URL below its folder, at any depth: its links stay root-relative.
            assert!(
                page_urls(&doc).iter().any(|u| u.starts_with('/')),
                "{} keeps root-relative links",
                page.display()
            );
            continue;
        }
        for url in page_urls(&doc) {
            if url.contains("://") || url.starts_with("mailto:") || url.starts_with("data:") {
                continue;
            }
            if url.starts_with('/') {
                failures.push(format!("{url} is root-relative in {}", page.display()));
                continue;
            }
            let (path, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url.as_str(), None),
            };
            let path = path.split('?').next().unwrap();
            let target = if path.is_empty() {
                page.to_path_buf()
            } else {
                let decoded = common::decode_path(path).unwrap();
                page.parent().unwrap().join(decoded)
            };
            checked += 1;
            if !target.is_file() {
                failures.push(format!("{url} in {} is not a file", page.display()));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let canonical = target.canonicalize().unwrap();
                let ids = id_cache.entry(canonical.clone()).or_insert_with(|| {
                    ids(&Html::parse_document(
                        &std::fs::read_to_string(&canonical).unwrap(),
                    ))
                });
                if !ids.contains(fragment) {
                    failures.push(format!(
                        "#{fragment} missing in {url} from {}",
                        page.display()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    checked
}

/// Build `root` into `output` in relative mode, in process.
fn build_relative(root: &Path, output: &Path) {
    relief::build(&relief::BuildOptions {
        root: root.to_path_buf(),
        output: output.to_path_buf(),
        urls: relief::UrlStyle::Relative,
        ..Default::default()
    })
    .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
}

#[test]
fn relative_mode_resolves_every_link_on_disk() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    build_relative(&repo(), &output);
    let checked = assert_resolves_on_disk(&output);
    assert!(checked > 500, "only {checked} links checked");
    eprintln!("resolved {checked} relative URLs on disk");

    // Absolute URLs stay absolute: canonical, og:url, JSON-LD, sitemap.
    let page = std::fs::read_to_string(output.join("benefits/sleep-energy/index.html")).unwrap();
    let doc = Html::parse_document(&page);
    let attr = |sel: &str, a: &str| {
        doc.select(&Selector::parse(sel).unwrap())
            .next()
            .and_then(|e| e.value().attr(a).map(str::to_owned))
            .unwrap()
    };
    assert_eq!(
        attr("link[rel=canonical]", "href"),
        "https://example.org/benefits/sleep-energy/"
    );
    assert_eq!(
        attr("meta[property='og:url']", "content"),
        "https://example.org/benefits/sleep-energy/"
    );
    assert_eq!(
        attr("link[rel=stylesheet]", "href").split('?').next(),
        Some("../../style.css")
    );
    assert!(
        page.contains("\"url\":\"https://example.org/benefits/sleep-energy/\""),
        "JSON-LD keeps absolute URLs"
    );
    let sitemap = std::fs::read_to_string(output.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/benefits/sleep-energy/</loc>"));
}

#[test]
fn the_relative_flag_of_the_cli_works_from_any_folder() {
    let site = bundled_site_copy();
    run_documented(
        "./target/release/relief build --relative --output moved/deep/public",
        site.path(),
        &[],
    );
    let out = site.path().join("moved/deep/public");
    let home = Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    let links: Vec<&str> = home
        .select(&Selector::parse("a[href]").unwrap())
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        links.contains(&"about/index.html"),
        "links from the home page: {links:?}"
    );
    assert_resolves_on_disk(&out);
}

// ---------------------------------------------------------------------------------------
// Aliases.

fn alias_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/check-warnings"), dir.path());
    std::fs::write(
        dir.path().join("content/page.md"),
        "+++\ntitle = \"A page\"\ndescription = \"Moved twice.\"\naliases = [\"/old-url/\", \"/older/page.html\"]\n+++\nText.\n",
    )
    .unwrap();
    dir
}

fn refresh_target(html: &str) -> (String, String) {
    let doc = Html::parse_document(html);
    let refresh = doc
        .select(&Selector::parse("meta[http-equiv=refresh]").unwrap())
        .next()
        .and_then(|e| e.value().attr("content"))
        .unwrap();
    let canonical = doc
        .select(&Selector::parse("link[rel=canonical]").unwrap())
        .next()
        .and_then(|e| e.value().attr("href"))
        .unwrap();
    (
        refresh.split_once("url=").unwrap().1.to_string(),
        canonical.to_string(),
    )
}

#[test]
fn aliases_redirect_under_a_sub_path_and_in_relative_mode() {
    let site = alias_site();
    let out = site.path().join("public");
    relief::build(&relief::BuildOptions {
        root: site.path().to_path_buf(),
        output: out.clone(),
        base_url: Some("https://example.org/docs/".into()),
        ..Default::default()
    })
    .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    for file in ["old-url/index.html", "older/page.html"] {
        let (target, canonical) = refresh_target(&std::fs::read_to_string(out.join(file)).unwrap());
        assert_eq!(target, "https://example.org/docs/page/", "{file}");
        assert_eq!(canonical, "https://example.org/docs/page/", "{file}");
    }

    build_relative(site.path(), &out);
    for (file, expected) in [
        ("old-url/index.html", "../page/index.html"),
        ("older/page.html", "../page/index.html"),
    ] {
        let (target, canonical) = refresh_target(&std::fs::read_to_string(out.join(file)).unwrap());
        assert_eq!(target, expected, "{file}");
        assert!(
            out.join(file).parent().unwrap().join(&target).is_file(),
            "{file} → {target}"
        );
        assert_eq!(
            canonical, "https://example.org/page/",
            "{file}: the canonical stays absolute"
        );
    }
    assert_resolves_on_disk(&out);
}

/// Opened from `file://` in Chromium, a page of a relative build loads every stylesheet,
/// icon, image and script it names (the `?h=` cache-busting query included).
/// Needs Chromium (`scripts/test` installs it; RELIEF_CHROMIUM names another binary).
#[test]
fn a_relative_build_loads_its_assets_when_opened_from_disk() {
    let chromium = std::env::var_os("RELIEF_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        chromium.is_file(),
        "this test needs Chromium at {}: run scripts/test, which installs it",
        chromium.display()
    );
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    build_relative(&repo(), &output);
    let dir = output.join("benefits/sleep-energy");
    let page = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert_eq!(
        probe(&chromium, &dir, &page),
        "PROBE failed=[] stylesheets=1"
    );
    // The probe sees a failure: the same page with a root-relative stylesheet URL.
    let broken = page.replace("href=\"../../style.css", "href=\"/style.css");
    assert_ne!(broken, page);
    assert!(probe(&chromium, &dir, &broken).contains("failed=[file:///style.css"));
}

/// Load `html` from a file in `dir` and report the resources that failed to load.
fn probe(chromium: &Path, dir: &Path, html: &str) -> String {
    let listen = r#"<head><script>window.failed = [];
addEventListener("error", (e) => { if (e.target !== window) failed.push(e.target.src || e.target.href); }, true);
addEventListener("load", () => {
  document.title = "PROBE failed=[" + failed.join(" ") + "] stylesheets=" + document.querySelectorAll("link[rel=stylesheet]").length;
});</script>"#;
    let file = dir.join("probe.html");
    std::fs::write(&file, html.replacen("<head>", listen, 1)).unwrap();
    let url = format!("file://{}", file.display());
    let run = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--dump-dom",
            &url,
        ])
        .output()
        .expect("run Chromium");
    let dom = String::from_utf8_lossy(&run.stdout);
    let doc = Html::parse_document(&dom);
    let title: String = doc
        .select(&Selector::parse("title").unwrap())
        .next()
        .map(|t| t.text().collect())
        .unwrap_or_default();
    assert!(
        title.starts_with("PROBE"),
        "{title}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    title
}

#[test]
fn relative_mode_rewrites_root_relative_urls_in_stylesheets() {
    let site = alias_site();
    std::fs::create_dir_all(site.path().join("static/css")).unwrap();
    std::fs::write(site.path().join("static/bg.png"), "png").unwrap();
    std::fs::write(
        site.path().join("static/css/extra.css"),
        "body { background: url(\"/bg.png\") }\nh1 { background: url(data:image/png;base64,AA==) }\n",
    )
    .unwrap();
    let out = site.path().join("public");
    build_relative(site.path(), &out);
    assert_eq!(
        std::fs::read_to_string(out.join("css/extra.css")).unwrap(),
        "body { background: url(\"../bg.png\") }\nh1 { background: url(data:image/png;base64,AA==) }\n"
    );
    // Without relative mode the stylesheet is copied untouched.
    relief::build(&relief::BuildOptions {
        root: site.path().to_path_buf(),
        output: out.clone(),
        ..Default::default()
    })
    .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    assert!(std::fs::read_to_string(out.join("css/extra.css"))
        .unwrap()
        .contains("url(\"/bg.png\")"));
}
