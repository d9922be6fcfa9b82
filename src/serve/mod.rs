//! `relief serve`: the pipeline kept alive in memory behind a local HTTP server. A change to
//! a source re-enters the pipeline at the first stage it affects ([`incremental`]), the new
//! files are swapped in whole ([`memory`]), and open pages reload or show the error overlay
//! ([`reload`], [`overlay`]). The parts: [`server`] (HTTP), [`watcher`] (file events), and
//! this run loop tying them together.

pub(crate) mod incremental;
pub(crate) mod memory;
pub(crate) mod overlay;
pub(crate) mod reload;
pub(crate) mod server;
pub(crate) mod watcher;

use crate::diagnostics::Diagnostic;
use crate::pipeline::BuildOptions;
use incremental::{Builder, Output};
use memory::Files;
use reload::Event;
use server::Served;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What to serve, and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The project folder.
    pub root: PathBuf,
    /// The address to listen on (`127.0.0.1` unless asked otherwise).
    pub bind: IpAddr,
    /// The port to listen on; the next free one is taken when it is busy.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Serve drafts too.
    pub drafts: bool,
}

/// What wakes the run loop up.
enum Wake {
    /// Sources changed (absolute paths, already filtered by the watcher).
    Changed(Vec<PathBuf>),
    /// The HTTP server stopped with this error: serving is over.
    ServerStopped(std::io::Error),
}

/// Serve until the process is stopped. Returns only when serving cannot start, or when the
/// HTTP server stops.
pub fn run(options: ServeOptions) -> Result<(), Diagnostic> {
    let root = std::path::absolute(&options.root)
        .map_err(|e| Diagnostic::io(&options.root, "find the site folder", &e))?;
    if crate::config::file_name(&root).is_none() {
        return Err(Diagnostic::error(
            "serve",
            format!("{} has no config.toml or zola.toml", root.display()),
        )
        .help("run relief serve in a site folder, or pass --root DIR"));
    }
    let (listener, taken) = server::bind(options.bind, options.port).map_err(|e| {
        Diagnostic::error(
            "serve",
            format!("cannot listen on {}:{}: {e}", options.bind, options.port),
        )
        .help("choose another port with --port, or another address with --bind")
    })?;
    let port = listener
        .local_addr()
        .map(|a| a.port())
        .unwrap_or(options.port);
    if let Some(taken) = taken {
        println!("Port {taken} is taken; using port {port} instead.");
    }
    let url = format!("http://{}/", host(options.bind, port));
    let build_options = BuildOptions {
        root: root.clone(),
        output: PathBuf::from("public"),
        base_url: Some(url.clone()),
        drafts: options.drafts,
        urls: crate::pipeline::UrlStyle::AsConfigured,
    };

    let served = Arc::new(Served::new());
    let mut builder = Builder::new(build_options);
    remember_panics();
    let started = Instant::now();
    // The last good build's own warnings, shown in the warnings panel with the output's.
    let mut build_warnings = Vec::new();
    match guarded(&mut builder, Builder::full) {
        Ok(rebuilt) => {
            print_all(&rebuilt.warnings);
            build_warnings.clone_from(&rebuilt.warnings);
            println!(
                "Serving: {} in {} ms",
                rebuilt.summary,
                started.elapsed().as_millis()
            );
            if let Output::Whole(files) = rebuilt.output {
                served.publish(Files::new(files), Event::Reload);
            }
        }
        Err(errors) => report_failure(&served, &errors),
    }
    // Watch before serving, so no change made after the first request is missed.
    let (wake, wakes) = channel();
    let mut watcher = watcher::watch(&root, send(&wake, Wake::Changed))?;
    server::spawn(listener, served.clone(), send(&wake, Wake::ServerStopped))
        .map_err(|e| Diagnostic::error("serve", format!("cannot start the HTTP server: {e}")))?;
    drop(wake);
    println!(
        "Serving {} at {url} (live reload on; Ctrl+C to stop)",
        root.display()
    );
    if options.open {
        open_browser(&url);
    }

    // The output's links are crawled once edits pause, like the search index is made.
    let mut links_stale = served.has_build();
    loop {
        // The search index is made again only once edits pause: open pages do not need it,
        // and on a large site it takes longer than the edit itself.
        let received = match builder.search_stale() || links_stale {
            true => wakes.recv_timeout(SEARCH_AFTER_IDLE),
            false => wakes.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let mut paths = match received {
            Ok(Wake::Changed(paths)) => paths,
            Ok(Wake::ServerStopped(e)) => return Err(server_stopped(&e)),
            Err(RecvTimeoutError::Timeout) => {
                refresh_search(&mut builder, &served);
                if std::mem::take(&mut links_stale) {
                    check_output_links(&mut builder, &served, &build_warnings);
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        // Take everything that arrived meanwhile in the same rebuild.
        while let Ok(more) = wakes.recv_timeout(Duration::from_millis(1)) {
            let more = match more {
                Wake::Changed(more) => more,
                Wake::ServerStopped(e) => return Err(server_stopped(&e)),
            };
            for p in more {
                if !paths.contains(&p) {
                    paths.push(p);
                }
            }
        }
        for folder in paths
            .iter()
            .filter(|p| p.parent() == Some(root.as_path()) && p.is_dir())
        {
            if let Err(d) = watcher.watch_new_folder(folder) {
                print_all(&[d]);
            }
        }
        let started = Instant::now();
        match guarded(&mut builder, |b| b.apply(&paths)) {
            Ok(None) => {}
            Ok(Some(rebuilt)) => {
                print_all(&rebuilt.warnings);
                build_warnings.clone_from(&rebuilt.warnings);
                let event = match rebuilt.css_only() {
                    Some(sheets) => Event::Css(sheets),
                    None => Event::Reload,
                };
                let files = match rebuilt.output {
                    Output::Whole(files) => Files::new(files),
                    Output::Changed(files) => served.files().updated(files),
                };
                served.publish(files, event);
                links_stale = true;
                println!(
                    "Rebuilt in {:.1} ms: {}",
                    started.elapsed().as_secs_f64() * 1000.0,
                    rebuilt.summary
                );
            }
            Err(errors) => report_failure(&served, &errors),
        }
    }
    Ok(())
}

/// A callback that sends what it is given to the run loop, as `wake` wraps it.
fn send<T: 'static>(to: &Sender<Wake>, wake: fn(T) -> Wake) -> impl Fn(T) + Send + 'static {
    let to = to.clone();
    // The run loop is gone only when serving ends: nothing is left to tell.
    move |value| drop(to.send(wake(value)))
}

fn server_stopped(e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("serve", format!("the HTTP server stopped: {e}"))
        .help("start relief serve again")
}

/// How long edits must pause before the search index is made again.
const SEARCH_AFTER_IDLE: Duration = Duration::from_millis(300);

fn refresh_search(builder: &mut Builder, served: &Served) {
    let started = Instant::now();
    match guarded(builder, |b| Ok(b.refresh_search())) {
        Ok(Some(index)) => {
            let count = index.files.len();
            served.replace(served.files().changed(index.files, &index.removed));
            println!(
                "Search index refreshed in {:.1} ms ({count} files)",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
        Ok(None) => {}
        Err(errors) => report_failure(served, &errors),
    }
}

/// Crawl the served pages for broken links, anchors, images and assets, as `relief build`
/// does, and show the warnings in the terminal and the folded panel when they changed.
fn check_output_links(builder: &mut Builder, served: &Served, build_warnings: &[Diagnostic]) {
    let files = served.files();
    let found = match guarded(builder, |b| Ok(b.output_warnings(&files))) {
        Ok(found) => found,
        Err(errors) => return report_failure(served, &errors),
    };
    let mut all = build_warnings.to_vec();
    all.extend(found.iter().cloned());
    if served.warn(overlay::warnings_text(&all)) {
        print_all(&found);
    }
}

/// Run one rebuild step. A panic in it (a bug in relief, at any stage, on this thread or a
/// worker) becomes an error on the terminal and in the browser overlay instead of ending
/// serve: the last good build stays served. The site kept in memory is dropped, since the
/// step may have left it half updated, so the next change loads everything again. (A stack
/// overflow is no panic and still aborts; no input makes relief recurse deeper than the
/// nesting it parses, see tests/robust.rs.)
fn guarded<T>(
    builder: &mut Builder,
    step: impl FnOnce(&mut Builder) -> Result<T, Vec<Diagnostic>>,
) -> Result<T, Vec<Diagnostic>> {
    crate::sync::lock(&LAST_PANIC).take();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| step(builder))) {
        Ok(result) => result,
        Err(payload) => {
            builder.forget();
            Err(vec![panicked(payload.as_ref())])
        }
    }
}

/// Where the last panic happened, as the panic hook saw it (`file:line:column`).
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Keep where each panic happens for [`panicked`], and still print it as Rust does.
fn remember_panics() {
    let print = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if let Some(at) = info.location() {
            *crate::sync::lock(&LAST_PANIC) = Some(at.to_string());
        }
        print(info);
    }));
}

/// The error shown for a rebuild that panicked with `payload`.
fn panicked(payload: &(dyn std::any::Any + Send)) -> Diagnostic {
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message");
    let at = crate::sync::lock(&LAST_PANIC)
        .take()
        .map_or_else(String::new, |at| format!(" (at {at})"));
    Diagnostic::error(
        "internal",
        format!("relief crashed while rebuilding: {message}{at}"),
    )
    .help("this is a bug in relief, not in your site; please report it with the change that set it off. The last good build is still served, and the next change rebuilds everything")
}

fn print_all(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

fn report_failure(served: &Served, errors: &[Diagnostic]) {
    print_all(errors);
    let count = errors.iter().filter(|d| d.is_error()).count();
    let plural = if count == 1 { "" } else { "s" };
    if served.has_build() {
        eprintln!(
            "error: the change does not build ({count} error{plural}); still serving the last good build"
        );
    } else {
        eprintln!(
            "error: the site does not build ({count} error{plural}); nothing to serve yet: fix the errors and it builds by itself"
        );
    }
    served.fail(overlay::text(errors));
}

/// The host part of the local URL: loopback when bound to every interface.
fn host(bind: IpAddr, port: u16) -> String {
    match bind {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("{}:{port}", Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("[{}]:{port}", Ipv6Addr::LOCALHOST),
        IpAddr::V4(ip) => format!("{ip}:{port}"),
        IpAddr::V6(ip) => format!("[{ip}]:{port}"),
    }
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("warning: could not open a browser ({program}: {e}); open {url} yourself");
    }
}
