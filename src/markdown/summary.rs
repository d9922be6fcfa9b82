//! A page's HTML split at `<!-- more -->`: the summary before it, and the content, which is
//! what follows the marker (relief's pages show their summary apart) or, in Zola's shape, the
//! whole page with `<span id="continue-reading"></span>` where the marker was (which "read
//! more" links point at).

use super::{shortcodes, with_shortcodes, Rendered};
use pulldown_cmark::Event;
use std::sync::Arc;

/// Where `<!-- more -->` was, in a page's whole content.
const CONTINUE_READING: &str = "<span id=\"continue-reading\"></span>";

/// Write `events` (the marker at `summary_end`, if any) into `rendered`'s summary and content;
/// `html_len` is the expected length of the whole HTML.
pub(super) fn write(
    rendered: &mut Rendered,
    mut events: Vec<Event<'_>>,
    summary_end: Option<usize>,
    html_len: usize,
    expanded: Option<&shortcodes::Expanded>,
    zola_shape: bool,
) {
    let (summary_events, content_events) = match summary_end {
        Some(i) => {
            let rest = events.split_off(i);
            (Some(events), rest)
        }
        None => (None, events),
    };
    if let Some(events) = summary_events {
        let mut html = String::with_capacity(html_len / 4);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        rendered.summary = Some(with_shortcodes(html, expanded));
    }
    let mut html = String::with_capacity(html_len);
    if let (Some(summary), true) = (&rendered.summary, zola_shape) {
        html.push_str(summary);
        html.push_str(CONTINUE_READING);
        rendered.anchors.insert("continue-reading".into());
    }
    pulldown_cmark::html::push_html(&mut html, content_events.into_iter());
    rendered.content = Arc::from(with_shortcodes(html, expanded));
}
