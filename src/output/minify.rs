//! `minify_html = true`: each page's HTML made smaller, with the minifier and settings Zola
//! uses, so that a Zola site's pages come out as Zola writes them. CSS in `<style>` and
//! `style` attributes is minified too; scripts are left as written.
//!
//! `minify_css = true` (relief's own key: Zola copies static/ as it is): each stylesheet of
//! static/ made smaller with lightningcss, the CSS minifier `minify_html` uses for `<style>`,
//! so the files in the repository keep their comments and layout.

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

/// How deep a page's elements may nest for it to be minified. minify-html reads and writes
/// each element inside its parent's stack frame, so a page nested much deeper (ten thousand
/// blockquotes written in Markdown, which relief renders without recursing) would overflow
/// the stack of the thread rendering it; such a page is published as rendered. Pages nest a
/// few dozen deep; 10,000 nested elements would need megabytes of stack.
pub(crate) const MAX_DEPTH: usize = 256;

/// `html` minified. The minifier takes and gives bytes; what it gives back from UTF-8 is UTF-8,
/// and the rare case where it would not be keeps the page as rendered, as does a page nested
/// deeper than [`MAX_DEPTH`].
pub(crate) fn html(html: String) -> String {
    if depth_over(&html, MAX_DEPTH) {
        return html;
    }
    let minified = minify_html::minify(html.as_bytes(), &SETTINGS);
    String::from_utf8(minified).unwrap_or(html)
}

/// Elements HTML never closes.
const VOID: [&str; 13] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Whether the elements of `html` may nest more than `limit` deep, read from its tags alone:
/// a start tag goes one deeper (not a void element's or one ending `/>`), an end tag one
/// back; comments are skipped, and so are the contents of elements whose text is not HTML
/// (`script`, `style`, `textarea`, `title`). An end tag left out (`<p>`, `<li>`, which HTML
/// allows) only makes the page look deeper than it is: the error is on the side of leaving
/// it unminified.
fn depth_over(html: &str, limit: usize) -> bool {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        let rest = &html[start..];
        let Some(&next) = bytes.get(start + 1) else {
            break;
        };
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(html.len(), |end| start + end + 3);
        } else if next == b'/' {
            depth = depth.saturating_sub(1);
            at = start + 2;
        } else if next.is_ascii_alphabetic() {
            let name_len = rest[1..]
                .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                .unwrap_or(rest.len() - 1);
            let name = rest[1..1 + name_len].to_ascii_lowercase();
            let Some(close) = rest.find('>') else {
                break;
            };
            at = start + close + 1;
            if ["script", "style", "textarea", "title"].contains(&name.as_str()) {
                // Its text up to its end tag, whatever that text holds.
                let end = format!("</{name}");
                at = html[at..]
                    .to_ascii_lowercase()
                    .find(&end)
                    .map_or(html.len(), |e| at + e + end.len());
            } else if !VOID.contains(&name.as_str()) && !rest[..close].ends_with('/') {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
        } else {
            at = start + 1;
        }
    }
    false
}

/// Why a stylesheet could not be minified: lightningcss's message and, when it gave one, the
/// 1-based line and column it stopped at.
#[derive(Debug)]
pub(crate) struct CssError {
    pub message: String,
    pub at: Option<(usize, usize)>,
}

/// The stylesheet `source` minified: comments and white space gone, colours, numbers and
/// shorthands in their shortest form. No browser is targeted, so nothing is prefixed or
/// rewritten for old browsers; and where lightningcss would write a shorter syntax newer
/// than the one written (`(width<=40em)` for `(max-width:40em)`, `#0000` for
/// `transparent`, a double-position gradient stop), it keeps the older one, so a site
/// minified works in every browser it worked in before. Comments starting `/*!`
/// (licences) are kept, as CSS minifiers do.
pub(crate) fn css(source: &str) -> Result<String, CssError> {
    use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
    use lightningcss::targets::{Features, Targets};
    let targets = Targets {
        browsers: None,
        include: Features::MediaRangeSyntax
            | Features::MediaIntervalSyntax
            | Features::HexAlphaColors
            | Features::DoublePositionGradients,
        exclude: Features::empty(),
    };
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let located = |message: String, loc: Option<lightningcss::error::ErrorLocation>| CssError {
        message,
        at: loc.map(|l| (l.line as usize + 1, l.column as usize)),
    };
    let mut sheet = StyleSheet::parse(source, ParserOptions::default())
        .map_err(|e| located(e.kind.to_string(), e.loc))?;
    sheet
        .minify(MinifyOptions {
            targets,
            ..MinifyOptions::default()
        })
        .map_err(|e| located(e.kind.to_string(), e.loc))?;
    let printer = PrinterOptions {
        minify: true,
        targets,
        ..PrinterOptions::default()
    };
    let out = sheet
        .to_css(printer)
        .map_err(|e| located(e.kind.to_string(), e.loc))?;
    Ok(out.code)
}

#[cfg(test)]
mod tests {
    use super::{css, depth_over, html, MAX_DEPTH};

    #[test]
    fn nesting_is_read_from_the_tags() {
        let page = "<!DOCTYPE html><html><head><meta charset=utf-8><title>a <b><c></title>\
            <script>if (a < b) { x = '<div><div><div>'; }</script></head><body><!-- <div><div> -->\
            <div><p>One<br>two<img src=x><svg><path d=\"M0\"/></svg></p></div></body></html>";
        // html, body, div, p, svg: five deep.
        assert!(!depth_over(page, 5));
        assert!(depth_over(page, 4));
        // End tags left out count as open: deeper than it is, never shallower.
        assert!(depth_over("<ul><li>a<li>b<li>c</ul>", 3));
    }

    /// A page nested as deep as minify-html is given still fits the stack of a small thread
    /// (tests/robust.rs builds on 512 KiB); one nested deeper is published as rendered.
    #[test]
    fn deep_pages_are_minified_within_a_small_stack_or_left_as_they_are() {
        let nested = |n: usize| {
            format!(
                "<!DOCTYPE html><html><body>{}<p>deep</p>{}</body></html>",
                "<blockquote>\n".repeat(n),
                "</blockquote>\n".repeat(n)
            )
        };
        let run = |page: String| {
            std::thread::Builder::new()
                .stack_size(512 * 1024)
                .spawn(move || html(page))
                .unwrap()
                .join()
                .unwrap()
        };
        // html, body and p around the blockquotes: MAX_DEPTH in all.
        let fits = nested(MAX_DEPTH - 3);
        let out = run(fits.clone());
        assert!(
            out.len() < fits.len() && !out.contains(">\n<"),
            "not minified"
        );
        let deep = nested(10_000);
        assert_eq!(run(deep.clone()), deep);
    }

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

    #[test]
    fn stylesheets_lose_comments_and_white_space_and_keep_their_rules() {
        let sheet = "/*! Licence: MIT */\n/* Colours */\n:root {\n  --bg: #ffffff;\n}\n\
            a:hover > b ,  .c::after { color : rgb(255, 0, 0); content: \"›\" / \"\"; }\n\
            @media (max-width: 40em) {\n  .wrap { margin: 0px 0px 0px 0px }\n}\n\
            .d { color: rgb(0 0 0 / 50%); background: linear-gradient(red, transparent) }\n";
        // Nothing newer than what was written: no range syntax in the media query (`width<=`),
        // no `#rrggbbaa` or `#0000`.
        assert_eq!(
            css(sheet).unwrap(),
            "/*! Licence: MIT */\n:root{--bg:#fff}a:hover>b,.c:after{color:red;content:\"›\" / \"\"}\
             @media (max-width:40em){.wrap{margin:0}}\
             .d{color:rgba(0,0,0,.5);background:linear-gradient(red,transparent)}"
        );
        assert!(css("\u{feff}a { color: red }").unwrap() == "a{color:red}");
    }

    #[test]
    fn a_stylesheet_that_does_not_parse_says_where() {
        let err = css("a { color: red }\n\nb { color: blue }\n}} c {").unwrap_err();
        assert!(!err.message.is_empty());
        assert_eq!(err.at.map(|(line, _)| line), Some(4), "{err:?}");
    }
}
