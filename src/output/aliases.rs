//! Redirect pages for `aliases`, so moved pages keep their old links working on any host.

use super::plan::file_of;
use crate::config::{Word, Words};
use crate::html::escape;

/// Output file for an alias: `/old-url/` → `old-url/index.html`, `/old.html` stays. An alias
/// names a folder (even written without its trailing slash) unless its last segment has an
/// extension.
pub(crate) fn file_for(alias: &str) -> String {
    let trimmed = alias.trim_start_matches('/');
    let last = trimmed.rsplit('/').next().unwrap_or_default();
    match trimmed.ends_with('/') || !last.contains('.') {
        true => file_of(&format!("{}/", trimmed.trim_end_matches('/'))),
        false => file_of(trimmed),
    }
}

/// A redirect page: `canonical` is the new page's absolute URL, `target` where the browser
/// goes (the same URL, or a relative one in relative mode so the redirect works from disk).
/// A Zola site's says what Zola's says ("Click here to be redirected."), a relief site's
/// where the page has moved, in the page's `language` (`words`).
pub(crate) fn page(
    canonical: &str,
    target: &str,
    language: &str,
    zola_site: bool,
    words: &Words,
) -> String {
    let canonical = escape(canonical);
    let url = escape(target);
    let link = format!("<a href=\"{url}\">{url}</a>");
    let (title, text) = match zola_site {
        true => (
            "This page has moved".to_string(),
            format!("<a href=\"{url}\">Click here</a> to be redirected."),
        ),
        false => (
            escape(words.get(Word::Moved)),
            escape(words.get(Word::MovedTo)).replace("{link}", &link),
        ),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
         <p>{text}</p>\n</body>\n</html>\n",
        escape(language)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn alias_files() {
        assert_eq!(super::file_for("/old-url/"), "old-url/index.html");
        assert_eq!(super::file_for("old/page"), "old/page/index.html");
        assert_eq!(super::file_for("/old.html"), "old.html");
        assert_eq!(super::file_for("/a.b/c//"), "a.b/c/index.html");
    }
}
