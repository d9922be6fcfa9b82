//! Links in Markdown: `@/path.md#anchor` becomes the target's URL; every internal link is
//! recorded so anchors can be checked once all pages are rendered.

use super::{InternalLink, Rendered};
use crate::diagnostics::{Diagnostic, Location};

/// Maps content paths to URLs; implemented by the site once every page has its URL.
pub trait LinkResolver: Sync {
    /// The URL of the page or section at `path` under content/ (`benefits/sleep.md`).
    fn url(&self, path: &str) -> Option<String>;
    /// An existing content path close to `path`, for "did you mean" hints.
    fn suggest(&self, path: &str) -> Option<String>;
    /// The source of the file the site publishes at `site_path` (`benefits/knee.jpg`,
    /// relative to the base URL): a content asset or a file of static/.
    fn file(&self, site_path: &str) -> Option<std::path::PathBuf>;
    /// The base URL's path, `/` or `/massage/`.
    fn base_path(&self) -> &str;
    /// Whether the page at `path` exists but failed to load (its own errors fail the build).
    fn unreadable(&self, _path: &str) -> bool {
        false
    }
}

/// Record the link and return its rewritten destination, if it changes.
pub fn rewrite(
    dest: &str,
    resolver: &dyn LinkResolver,
    location: &Location,
    rendered: &mut Rendered,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    if let Some(rest) = dest.strip_prefix("@/") {
        let (path, anchor) = match rest.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string())),
            None => (rest, None),
        };
        let Some(url) = resolver.url(path) else {
            if resolver.unreadable(path) {
                return None;
            }
            let mut d = Diagnostic::error(
                "broken-link",
                format!("link to a page that does not exist: `@/{path}`"),
            )
            .at(location.clone());
            d = match resolver.suggest(path) {
                Some(s) => d.help(format!("did you mean `@/{s}`?")),
                None => {
                    d.help("internal links name a file under content/, e.g. @/benefits/sleep.md")
                }
            };
            diagnostics.push(d);
            return None;
        };
        rendered.internal_links.push(InternalLink {
            target: Some(path.to_string()),
            anchor: anchor.clone(),
            location: location.without_snippet(),
        });
        return Some(match anchor {
            Some(a) => format!("{url}#{a}"),
            None => url,
        });
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        rendered.internal_links.push(InternalLink {
            target: None,
            anchor: Some(anchor.to_string()),
            location: location.without_snippet(),
        });
    } else if dest.starts_with("http://") || dest.starts_with("https://") || dest.starts_with("//")
    {
        rendered
            .external_links
            .push((dest.to_string(), location.without_snippet()));
    }
    None
}

/// An `<a>` as pulldown-cmark writes it, around `content` (HTML).
pub fn anchor(url: &str, title: &str, content: &str) -> String {
    let mut html = String::from("<a href=\"");
    let _ = pulldown_cmark_escape::escape_href(&mut html, url);
    if !title.is_empty() {
        html.push_str("\" title=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut html, title);
    }
    html.push_str("\">");
    html.push_str(content);
    html.push_str("</a>");
    html
}
