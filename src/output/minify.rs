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

/// `html` minified. The minifier takes and gives bytes; what it gives back from UTF-8 is UTF-8,
/// and the rare case where it would not be keeps the page as rendered.
pub(crate) fn html(html: String) -> String {
    let minified = minify_html::minify(html.as_bytes(), &SETTINGS);
    String::from_utf8(minified).unwrap_or(html)
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
    use super::{css, html};

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
