//! Relative URLs (`relative_urls = true` or `relief build --relative`): after a page is
//! rendered, every internal URL in it is rewritten relative to the page, with an explicit
//! `index.html` for directory URLs, so the output works opened from `file://` and dropped
//! into any folder of any host.
//!
//! Only root-relative URLs under the site's base path are touched (`/base/x/`): absolute
//! URLs — canonical links, `og:url`, JSON-LD, and everything in the sitemap and feed —
//! stay absolute, as search engines and feed readers need. The pass is one linear copy of
//! the page with the rewritten URLs spliced in.

use super::urls::{self, Kind};
use crate::slug::encode_path;

/// `html`, rendered for the output file `file` (`benefits/sleep/index.html`), with every
/// internal URL made relative to that file.
pub(crate) fn rewrite(html: &str, file: &str, base_path: &str) -> String {
    let scan = urls::scan(html);
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut copied = 0;
    for found in &scan.urls {
        if found.kind == Kind::Action && found.tag != "form" {
            continue;
        }
        let url = &html[found.range.clone()];
        if let Some(relative) = relative_url(file, url, base_path) {
            out.push_str(&html[copied..found.range.start]);
            out.push_str(&relative);
            copied = found.range.end;
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// A stylesheet written at `file` with every internal `url(…)` made relative to it.
pub(crate) fn rewrite_css(css: &str, file: &str, base_path: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut copied = 0;
    for range in urls::css(css) {
        if let Some(relative) = relative_url(file, &css[range.clone()], base_path) {
            out.push_str(&css[copied..range.start]);
            out.push_str(&relative);
            copied = range.end;
        }
    }
    out.push_str(&css[copied..]);
    out
}

/// The URL `url` as seen from the output file `file`, or `None` when it is not a
/// root-relative URL inside the site (`#top`, `https://…`, `mailto:`, `//cdn…`, `../x`).
///
/// `/base/benefits/?q=1#top` seen from `benefits/sleep/index.html` is `../index.html?q=1#top`.
pub(crate) fn relative_url(file: &str, url: &str, base_path: &str) -> Option<String> {
    if !url.starts_with('/') || url.starts_with("//") {
        return None;
    }
    let rest = url.strip_prefix(base_path).or_else(|| {
        // The base path without its trailing slash (`/base`) names the home page.
        let bare = base_path.trim_end_matches('/');
        let tail = url.strip_prefix(bare)?;
        (tail.is_empty() || tail.starts_with(['?', '#'])).then_some(tail)
    })?;
    let split = rest.find(['?', '#']).unwrap_or(rest.len());
    let (path, suffix) = rest.split_at(split);
    let target = super::plan::file_of(path);
    let file = encode_path(file.trim_start_matches('/'));
    let from_dirs: Vec<&str> = file.split('/').collect::<Vec<_>>();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let target_segments: Vec<&str> = target.split('/').collect();
    let target_dirs = &target_segments[..target_segments.len() - 1];
    let common = from_dirs
        .iter()
        .zip(target_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dirs.len() - common);
    out.push_str(&target_segments[common..].join("/"));
    out.push_str(suffix);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_from_nested_pages() {
        let r = |file, url| relative_url(file, url, "/base/");
        assert_eq!(r("index.html", "/base/").as_deref(), Some("index.html"));
        assert_eq!(r("index.html", "/base").as_deref(), Some("index.html"));
        assert_eq!(
            r("a/b/index.html", "/base/").as_deref(),
            Some("../../index.html")
        );
        assert_eq!(
            r("a/b/index.html", "/base/a/?q=1#t").as_deref(),
            Some("../index.html?q=1#t")
        );
        assert_eq!(
            r("a/b/index.html", "/base/a/b/#t").as_deref(),
            Some("index.html#t")
        );
        assert_eq!(
            r("a/b/index.html", "/base/style.css?h=12").as_deref(),
            Some("../../style.css?h=12")
        );
        assert_eq!(r("404.html", "/base/x/y.png").as_deref(), Some("x/y.png"));
        assert_eq!(
            r("睡眠/index.html", "/base/%E7%9D%A1%E7%9C%A0/x/").as_deref(),
            Some("x/index.html")
        );
        for untouched in [
            "#t",
            "https://e.org/base/",
            "//cdn/x",
            "x/",
            "/other/",
            "mailto:a@b",
        ] {
            assert_eq!(r("a/index.html", untouched), None, "{untouched}");
        }
    }

    #[test]
    fn rewrites_stylesheets() {
        let css = "a{background:url(/base/img/a.png)} b{background:url('img/b.png')} c{background:url(data:x)}";
        assert_eq!(
            rewrite_css(css, "css/site.css", "/base/"),
            "a{background:url(../img/a.png)} b{background:url('img/b.png')} c{background:url(data:x)}"
        );
    }

    #[test]
    fn rewrites_internal_urls_only() {
        let html = r##"<link rel="canonical" href="https://e.org/base/a/"><a href="/base/">H</a><img srcset="/base/i.png 1x, /base/j.png 2x" src="/base/i.png"><a href="#x">x</a><script type="application/ld+json">{"url":"/base/"}</script>"##;
        let out = rewrite(html, "a/index.html", "/base/");
        assert_eq!(
            out,
            r##"<link rel="canonical" href="https://e.org/base/a/"><a href="../index.html">H</a><img srcset="../i.png 1x, ../j.png 2x" src="../i.png"><a href="#x">x</a><script type="application/ld+json">{"url":"/base/"}</script>"##
        );
    }
}
