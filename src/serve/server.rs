//! The HTTP side: axum on its own thread with a current-thread runtime, serving the build
//! held in memory. Only GET and HEAD; the right Content-Type for every extension the site
//! uses; ETag and Last-Modified with 304s; directory URLs redirected to their slash form;
//! the site's 404.html with status 404. Paths are decoded and checked before the lookup, and
//! the lookup is in memory, so no request can ever read a file from outside the build.

use super::memory::{Entry, Files};
use super::reload::{self, Event};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;
use tokio::sync::broadcast;

/// What the server shares with the rebuild loop.
pub(crate) struct Served {
    files: RwLock<Arc<Files>>,
    error: RwLock<Option<String>>,
    /// The warnings panel's text; empty when there are none.
    warnings: RwLock<String>,
    events: broadcast::Sender<Event>,
}

impl Served {
    pub(crate) fn new() -> Served {
        Served {
            files: RwLock::new(Arc::new(Files::default())),
            error: RwLock::new(None),
            warnings: RwLock::new(String::new()),
            events: broadcast::channel(64).0,
        }
    }

    pub(crate) fn files(&self) -> Arc<Files> {
        self.files.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Swap in a new build; open pages are told with `event`.
    pub(crate) fn publish(&self, files: Files, event: Event) {
        *self.files.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(files);
        *self.error.write().unwrap_or_else(|e| e.into_inner()) = None;
        let _ = self.events.send(event);
    }

    /// Swap in files that open pages do not show (the search index), without telling them.
    pub(crate) fn replace(&self, files: Files) {
        *self.files.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(files);
    }

    /// Keep the current build and show `text` in the overlay of open pages.
    pub(crate) fn fail(&self, text: String) {
        *self.error.write().unwrap_or_else(|e| e.into_inner()) = Some(text.clone());
        let _ = self.events.send(Event::Error(text));
    }

    /// Show `text` in the warnings panel of open pages (empty: remove the panel), when it
    /// differs from what they show. Returns whether it did.
    pub(crate) fn warn(&self, text: String) -> bool {
        let mut current = self.warnings.write().unwrap_or_else(|e| e.into_inner());
        if *current == text {
            return false;
        }
        current.clone_from(&text);
        let _ = self.events.send(Event::Warnings(text));
        true
    }

    pub(crate) fn warnings(&self) -> String {
        self.warnings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Whether a build has been published yet.
    pub(crate) fn has_build(&self) -> bool {
        !self.files().is_empty()
    }

    pub(crate) fn error(&self) -> Option<String> {
        self.error.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.events.subscribe()
    }
}

impl Default for Served {
    fn default() -> Self {
        Served::new()
    }
}

/// Bind `ip:port`, or the next free port above it (up to 20 tries). Returns the listener
/// and, when the port had to change, the port that was taken.
pub(crate) fn bind(ip: IpAddr, port: u16) -> std::io::Result<(TcpListener, Option<u16>)> {
    let mut first_error = None;
    for candidate in (port..=port.saturating_add(20)).take(21) {
        match TcpListener::bind(SocketAddr::new(ip, candidate)) {
            Ok(listener) => {
                return Ok((listener, (candidate != port).then_some(port)));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 => {
                first_error.get_or_insert(e);
            }
            Err(e) => return Err(e),
        }
    }
    Err(first_error.unwrap_or_else(|| std::io::Error::other("no free port")))
}

/// Serve on `listener` from a thread of its own. A server that cannot start is an error
/// here; one that stops later (axum's server runs until the process ends, so this is not
/// expected) calls `stopped`, for the caller to end serving: a library thread never ends the
/// process itself.
pub(crate) fn spawn(
    listener: TcpListener,
    served: Arc<Served>,
    stopped: impl FnOnce(std::io::Error) + Send + 'static,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // Registered with the runtime on this thread, so a failure is the caller's error.
    let listener = {
        let _inside = runtime.enter();
        tokio::net::TcpListener::from_std(listener)?
    };
    let app = Router::new()
        .route(reload::EVENTS_PATH, get(events))
        .fallback(serve_file)
        .with_state(served);
    std::thread::Builder::new()
        .name("relief-http".into())
        .spawn(move || {
            if let Err(e) = runtime.block_on(async move { axum::serve(listener, app).await }) {
                stopped(e);
            }
        })?;
    Ok(())
}

/// `GET /__relief/events`: the live-reload stream of an open page.
async fn events(State(served): State<Arc<Served>>) -> impl IntoResponse {
    // Subscribed first, so no rebuild between the reads below and the stream is missed.
    let updates = served.subscribe();
    reload::stream(updates, served.warnings(), served.error())
}

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A key of [`Files`].
    File(String),
    /// A directory asked for without its trailing slash: redirect here.
    Redirect(String),
    NotFound,
}

async fn serve_file(
    State(served): State<Arc<Served>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "only GET and HEAD are served\n",
        )
            .into_response();
    }
    let files = served.files();
    if files.is_empty() {
        return respond(
            StatusCode::SERVICE_UNAVAILABLE,
            "index.html",
            &Entry {
                body: reload::placeholder().into(),
                etag: String::new(),
                modified: SystemTime::now(),
            },
            &headers,
        );
    }
    match resolve(&files, uri.path()) {
        Target::File(key) => match files.get(&key) {
            Some(entry) => respond(StatusCode::OK, &key, entry, &headers),
            None => not_found(&files, uri.path(), &headers),
        },
        Target::Redirect(to) => {
            let location = match uri.query() {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            match HeaderValue::from_str(&location) {
                Ok(location) => (
                    StatusCode::MOVED_PERMANENTLY,
                    [(header::LOCATION, location)],
                    Body::empty(),
                )
                    .into_response(),
                Err(_) => not_found(&files, uri.path(), &headers),
            }
        }
        Target::NotFound => not_found(&files, uri.path(), &headers),
    }
}

/// The 404 page for a request of `path`, with status 404: the nearest `404.html` above it
/// (`es/404.html` for `/es/a/b`, each language's own on a site of several), else the
/// site's, else a line of text.
fn not_found(files: &Files, path: &str, headers: &HeaderMap) -> Response {
    let key = not_found_page(files, path);
    match files.get(&key) {
        Some(entry) => respond(StatusCode::NOT_FOUND, &key, entry, headers),
        None => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "404 Not Found\n",
        )
            .into_response(),
    }
}

/// The key of the nearest `404.html` above the request path `path`, as Cloudflare Pages
/// looks it up: `es/a/404.html`, then `es/404.html`, then `404.html` for `/es/a/b`.
pub(crate) fn not_found_page(files: &Files, path: &str) -> String {
    const PAGE: &str = "404.html";
    let decoded = crate::slug::decode_path_keeping_separators(path);
    let path = decoded.as_deref().unwrap_or(path);
    let mut folders: Vec<&str> = path
        .trim_start_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    // The last segment names the file or folder that is missing, not a folder above it,
    // unless the path ends with a slash.
    if !path.ends_with('/') {
        folders.pop();
    }
    // A path that [`resolve`] refuses gets the site's page.
    if folders
        .iter()
        .any(|s| *s == "." || *s == ".." || s.contains(['\\', ':']))
    {
        folders.clear();
    }
    while !folders.is_empty() {
        let key = format!("{}/{PAGE}", folders.join("/"));
        if files.get(&key).is_some() {
            return key;
        }
        folders.pop();
    }
    PAGE.to_string()
}

fn respond(status: StatusCode, key: &str, entry: &Entry, request: &HeaderMap) -> Response {
    let modified = httpdate::fmt_http_date(entry.modified);
    if status == StatusCode::OK && not_modified(entry, request) {
        return Response::builder()
            .status(StatusCode::NOT_MODIFIED)
            .header(header::ETAG, &entry.etag)
            .header(header::LAST_MODIFIED, modified)
            .header(header::CACHE_CONTROL, "no-cache")
            .body(Body::empty())
            .unwrap_or_default();
    }
    let mut response = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type(key))
        .header(header::CACHE_CONTROL, "no-cache")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    if status == StatusCode::OK {
        response = response
            .header(header::ETAG, &entry.etag)
            .header(header::LAST_MODIFIED, modified);
    }
    response
        .body(Body::from(entry.body.clone()))
        .unwrap_or_default()
}

/// `If-None-Match` wins over `If-Modified-Since` (RFC 9110 §13.2.2).
fn not_modified(entry: &Entry, request: &HeaderMap) -> bool {
    if let Some(tags) = request.get(header::IF_NONE_MATCH) {
        let Ok(tags) = tags.to_str() else {
            return false;
        };
        return tags.split(',').any(|t| {
            let t = t.trim();
            t == "*" || t.trim_start_matches("W/") == entry.etag
        });
    }
    if let Some(since) = request
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
    {
        // HTTP dates have whole seconds.
        let modified = entry
            .modified
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(u64::MAX);
        let since = since
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        return modified <= since;
    }
    false
}

/// Map a request path to a file of the build. Percent-escapes are decoded once; encoded
/// slashes and backslashes, `.` and `..` segments, backslashes, NUL and control characters
/// are refused outright, whatever follows.
pub(crate) fn resolve(files: &Files, raw: &str) -> Target {
    let Some(path) = crate::slug::decode_path_keeping_separators(raw) else {
        return Target::NotFound;
    };
    let Some(rest) = path.strip_prefix('/') else {
        return Target::NotFound;
    };
    if rest.contains('\\') || rest.chars().any(char::is_control) {
        return Target::NotFound;
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        let empty_inside = segment.is_empty() && i != last;
        if empty_inside || *segment == "." || *segment == ".." || segment.contains(':') {
            return Target::NotFound;
        }
    }
    if rest.is_empty() || rest.ends_with('/') {
        return Target::File(format!("{rest}index.html"));
    }
    if files.get(rest).is_some() {
        return Target::File(rest.to_string());
    }
    if files.get(&format!("{rest}/index.html")).is_some() {
        // Redirect to the path as the client sent it, plus the slash.
        return Target::Redirect(format!("{raw}/"));
    }
    Target::NotFound
}

/// The Content-Type of an output file, by extension.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "xsl" => "application/xslt+xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn files() -> Files {
        let mut map = HashMap::new();
        for key in ["index.html", "style.css", "topics/a/index.html", "404.html"] {
            map.insert(key.to_string(), b"x".to_vec());
        }
        Files::new(map)
    }

    #[test]
    fn resolves_files_directories_and_redirects() {
        let f = files();
        assert_eq!(resolve(&f, "/"), Target::File("index.html".into()));
        assert_eq!(resolve(&f, "/style.css"), Target::File("style.css".into()));
        assert_eq!(
            resolve(&f, "/topics/a/"),
            Target::File("topics/a/index.html".into())
        );
        assert_eq!(
            resolve(&f, "/topics/a"),
            Target::Redirect("/topics/a/".into())
        );
        assert_eq!(
            resolve(&f, "/st%79le.css"),
            Target::File("style.css".into())
        );
    }

    #[test]
    fn refuses_escapes() {
        let f = files();
        for bad in [
            "/../etc/passwd",
            "/topics/../style.css",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/topics%2fa/",
            "/..%5cstyle.css",
            "/a\\b",
            "//etc/passwd",
            "/%00",
            "/%zz",
            "/./style.css",
            "/c:/x",
            "relative",
        ] {
            assert_eq!(resolve(&f, bad), Target::NotFound, "{bad}");
        }
    }

    #[test]
    fn the_nearest_404_page_answers() {
        let mut map = HashMap::new();
        for key in ["index.html", "404.html", "es/404.html", "es/index.html"] {
            map.insert(key.to_string(), b"x".to_vec());
        }
        let f = Files::new(map);
        for (path, page) in [
            ("/nope", "404.html"),
            ("/es/nope", "es/404.html"),
            ("/es/a/b/", "es/404.html"),
            ("/es/", "es/404.html"),
            // A folder named like the language's, not under it.
            ("/esx/nope", "404.html"),
            ("/fr/nope", "404.html"),
            ("/es/../nope", "404.html"),
            ("/%65s/nope", "es/404.html"),
        ] {
            assert_eq!(not_found_page(&f, path), page, "{path}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("atom.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
