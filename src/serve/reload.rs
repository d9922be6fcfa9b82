//! Live reload through Server-Sent Events. Only `serve` injects the client script, into the
//! HTML it holds in memory; `relief build` output never contains it. After each rebuild the
//! run loop broadcasts one [`Event`]: open pages reload, or swap their stylesheets in place
//! when only CSS changed (no reload, so the scroll position stays), or show the error overlay.

use super::overlay;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use std::convert::Infallible;
use std::sync::OnceLock;
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

/// The live-reload endpoint.
pub(crate) const EVENTS_PATH: &str = "/__relief/events";

/// What a rebuild tells open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    /// Reload the page.
    Reload,
    /// Only these stylesheets (output paths) changed.
    Css(Vec<String>),
    /// The rebuild failed: show this text in the overlay.
    Error(String),
    /// The build's warnings changed: show this text in the folded panel (empty: remove it).
    Warnings(String),
}

const CLIENT: &str = r#"(() => {
  if (!window.EventSource) return;
  const source = new EventSource('/__relief/events');
  source.addEventListener('reload', () => location.reload());
  source.addEventListener('css', (e) => {
    reliefOverlay.hide();
    const files = e.data.split('\n');
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin || !files.includes(decodeURIComponent(url.pathname).replace(/^\//, ''))) continue;
      url.searchParams.set('relief-reload', Date.now());
      const fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.addEventListener('load', () => link.remove(), { once: true });
      link.after(fresh);
    }
  });
  source.addEventListener('build-error', (e) => reliefOverlay.show(e.data));
  source.addEventListener('build-warnings', (e) => reliefOverlay.warnings(e.data));
  source.addEventListener('warnings-cleared', () => reliefOverlay.warnings(''));
})();
"#;

/// The `<script>` element serve adds to every HTML page.
fn script() -> &'static str {
    static SCRIPT: OnceLock<String> = OnceLock::new();
    SCRIPT.get_or_init(|| {
        format!(
            "<script data-relief-live-reload>\n{}{}</script>\n",
            overlay::CLIENT,
            CLIENT
        )
    })
}

/// `html` with the live-reload script inserted before its last `</body>` (or appended).
pub(crate) fn inject(mut html: Vec<u8>) -> Vec<u8> {
    let script = script().as_bytes();
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, script.iter().copied());
    html
}

/// A small HTML page for when there is no good build to show yet.
pub(crate) fn placeholder() -> Vec<u8> {
    inject(
        b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>relief serve</title></head>\n\
          <body><p>The site has not built yet. Fix the error shown in the terminal and this page reloads by itself.</p></body></html>\n"
            .to_vec(),
    )
}

fn to_sse(event: Event) -> SseEvent {
    match event {
        Event::Reload => SseEvent::default().event("reload").data("reload"),
        Event::Css(files) => SseEvent::default().event("css").data(files.join("\n")),
        Event::Error(text) => SseEvent::default().event("build-error").data(text),
        // EventSource drops an event whose data is empty: "no warnings" has a name of its own.
        Event::Warnings(text) if text.is_empty() => {
            SseEvent::default().event("warnings-cleared").data("none")
        }
        Event::Warnings(text) => SseEvent::default().event("build-warnings").data(text),
    }
}

/// The stream of `GET /__relief/events`: `hello` at once, the current `warnings` and
/// `error` if there are any, then one event per rebuild as `updates` receives them.
pub(crate) fn stream(
    updates: broadcast::Receiver<Event>,
    warnings: String,
    error: Option<String>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    let updates = BroadcastStream::new(updates).map(|received| {
        Ok(to_sse(match received {
            Ok(event) => event,
            // Too slow to keep up: whatever was missed, a reload shows the current state.
            Err(_) => Event::Reload,
        }))
    });
    let mut first = vec![Ok(SseEvent::default().event("hello").data("relief"))];
    if !warnings.is_empty() {
        first.push(Ok(to_sse(Event::Warnings(warnings))));
    }
    if let Some(error) = error {
        first.push(Ok(to_sse(Event::Error(error))));
    }
    Sse::new(tokio_stream::iter(first).chain(updates))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_end_tag() {
        let out = String::from_utf8(inject(b"<body><p>x</p></BODY>".to_vec())).unwrap();
        assert!(out.starts_with("<body><p>x</p><script data-relief-live-reload>"));
        assert!(out.ends_with("</script>\n</BODY>"));
        let out = String::from_utf8(inject(b"<p>no body".to_vec())).unwrap();
        assert!(out.starts_with("<p>no body<script"));
    }
}
