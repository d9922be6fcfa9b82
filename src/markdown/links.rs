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
    /// The content path of the version in `lang` of the page at `path`, when the site has
    /// one (`blog/a.es.md` for `blog/a.md` in `es`).
    fn version_in(&self, _path: &str, _lang: &str) -> Option<String> {
        None
    }
    /// The language of the page at `path`, in a site of several languages.
    fn language(&self, _path: &str) -> Option<&str> {
        None
    }
}

/// Where a link leads once rewritten.
pub(super) struct Href {
    pub url: String,
    /// The language of the page it leads to, when it is not the linking page's: a Spanish
    /// page's link to a page only in English.
    pub hreflang: Option<String>,
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
/// internal link records is the one returned, so it is the one written. An `@/` link from a
/// page in `lang` leads to the version in `lang` of its target when there is one.
pub(super) fn rewrite(
    dest: &str,
    resolver: &dyn LinkResolver,
    lang: &str,
    location: &Location,
    rendered: &mut Rendered,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Href> {
    if let Some(rest) = dest.strip_prefix("@/") {
        let (written, anchor) = match rest.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string())),
            None => (rest, None),
        };
        let version = match lang.is_empty() {
            true => None,
            false => resolver.version_in(written, lang),
        };
        let path = version.as_deref().unwrap_or(written);
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
        // Text of no language (the `markdown` filter's) marks no link.
        let hreflang = resolver
            .language(path)
            .filter(|&target| !lang.is_empty() && target != lang);
        return Some(Href {
            url: href,
            hreflang: hreflang.map(str::to_string),
        });
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

/// The `<a …>` of an internal link to a page in another language (`hreflang="en"`).
pub(super) fn other_language_open_tag(url: &str, title: &str, hreflang: &str) -> String {
    let mut html = String::from("<a href=\"");
    let _ = pulldown_cmark_escape::escape_href(&mut html, url);
    html.push('"');
    if !title.is_empty() {
        html.push_str(" title=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut html, title);
        html.push('"');
    }
    html.push_str(" hreflang=\"");
    let _ = pulldown_cmark_escape::escape_html(&mut html, hreflang);
    html.push_str("\">");
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
