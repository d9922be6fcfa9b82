//! Links in Markdown: `@/path.md#anchor` becomes the target's URL; every internal link is
//! recorded with the href it became, so anchors can be checked once all pages are rendered
//! and a finding in the rendered page traced back to its line.

use super::{InternalLink, Rendered};
use crate::diagnostics::{Diagnostic, Location};

/// Maps content paths to URLs; implemented by the site once every page has its URL.
pub(crate) trait LinkResolver: Sync {
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
    /// The file of the draft at `path`, when `path` is a draft left out of this build.
    fn draft(&self, _path: &str) -> Option<&std::path::Path> {
        None
    }
    /// A page of the site, to show how a link is written when none is close to a wrong one.
    fn example(&self) -> Option<String> {
        None
    }
}

/// The error for a Markdown link to the draft at `path` (the file shown as `file`).
fn to_draft(path: &str, file: &std::path::Path) -> Diagnostic {
    Diagnostic::error(
        "broken-link",
        format!("link to a draft: `@/{path}` has `draft = true`, and drafts are built only with --drafts"),
    )
    .help(draft_help(file))
}

/// What to do about a link to the draft shown as `file`, wherever the link is.
pub(crate) fn draft_help(file: &std::path::Path) -> String {
    format!(
        "to publish it, remove `draft = true` from {}; to preview it, run relief serve --drafts",
        file.display()
    )
}

/// Record the link and return its rewritten destination, if it changes: the href an
/// internal link records is the one returned, so it is the one written.
pub(super) fn rewrite(
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
            if let Some(file) = resolver.draft(path) {
                diagnostics.push(to_draft(path, file).at(location.clone()));
                return None;
            }
            let d = Diagnostic::error(
                "broken-link",
                format!("link to a page that does not exist: `@/{path}`"),
            )
            .at(location.clone());
            diagnostics.push(match (resolver.suggest(path), resolver.example()) {
                (Some(s), _) => d.help(format!("did you mean `@/{s}`?")),
                (None, Some(example)) => d.help(format!(
                    "internal links name a file under content/, e.g. @/{example}"
                )),
                (None, None) => d.help(
                    "internal links name a file under content/, e.g. @/folder/page.md for content/folder/page.md",
                ),
            });
            return None;
        };
        let href = match &anchor {
            Some(a) => format!("{url}#{a}"),
            None => url,
        };
        rendered.internal_links.push(InternalLink {
            target: Some(path.to_string()),
            anchor,
            href: href.clone(),
            location: location.without_snippet(),
        });
        return Some(href);
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        rendered.internal_links.push(InternalLink {
            target: None,
            anchor: Some(anchor.to_string()),
            href: dest.to_string(),
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

/// Whether `url` leads to another site: http(s), or scheme-relative.
pub(super) fn is_external(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//")
}

/// The `<a …>` of a link to another site, with what `[markdown] external_links_*` asks for.
pub(super) fn external_open_tag(
    url: &str,
    title: &str,
    external: &crate::config::ExternalLinks,
) -> String {
    let mut html = String::from("<a href=\"");
    let _ = pulldown_cmark_escape::escape_href(&mut html, url);
    html.push('"');
    if !title.is_empty() {
        html.push_str(" title=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut html, title);
        html.push('"');
    }
    if let Some(class) = &external.class {
        html.push_str(&format!(" class=\"{class}\""));
    }
    let rel: Vec<&str> = [
        // A new tab must not reach back into this page.
        (external.target_blank, "noopener"),
        (external.no_follow, "nofollow"),
        (external.no_referrer, "noreferrer"),
        (external.external, "external"),
    ]
    .into_iter()
    .filter_map(|(on, word)| on.then_some(word))
    .collect();
    if !rel.is_empty() {
        html.push_str(&format!(" rel=\"{}\"", rel.join(" ")));
    }
    if external.target_blank {
        html.push_str(" target=\"_blank\"");
    }
    html.push('>');
    html
}

/// An `<a>` as pulldown-cmark writes it, around `content` (HTML).
pub(super) fn anchor(url: &str, title: &str, content: &str) -> String {
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
