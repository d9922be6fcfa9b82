//! `minify_html = true`: each page's HTML made smaller, with the minifier and settings Zola
//! uses, so that a Zola site's pages come out as Zola writes them. CSS in `<style>` and
//! `style` attributes is minified too; scripts are left as written.

use minify_html::Cfg;
use std::sync::LazyLock;

static SETTINGS: LazyLock<Cfg> = LazyLock::new(|| {
    let mut cfg = Cfg::new();
    // Kept as Zola keeps them: some hosts and tools look for the opening tags.
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_css = true;
    cfg.minify_js = false;
    cfg
});

/// `html` minified. The minifier takes and gives bytes; what it gives back from UTF-8 is UTF-8,
/// and the rare case where it would not be keeps the page as rendered.
pub(crate) fn html(html: String) -> String {
    let minified = minify_html::minify(html.as_bytes(), &SETTINGS);
    String::from_utf8(minified).unwrap_or(html)
}

#[cfg(test)]
mod tests {
    use super::html;

    #[test]
    fn white_space_comments_and_quotes_go_and_scripts_stay() {
        let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <title>A  page</title>\n  \
            <style> p { color : red ; } </style>\n</head>\n<body>\n  <!-- a note -->\n  \
            <p class=\"lead\">Hello,   world</p>\n  <script>let  x = 1 ;</script>\n</body>\n</html>\n";
        let out = html(page.to_string());
        assert!(out.len() < page.len(), "{out}");
        assert!(!out.contains("a note"), "{out}");
        assert!(out.contains("<p class=lead>"), "{out}");
        assert!(out.contains("p{color:red}"), "{out}");
        assert!(out.contains("let  x = 1 ;"), "{out}");
        assert!(
            out.starts_with("<!doctype html><html lang=en><head>"),
            "{out}"
        );
    }
}
