//! Zola 0.23's `[markdown.highlighting]` and fence annotations, built from
//! tests/fixtures/zola-highlighting and checked against Zola's documentation
//! (content/syntax-highlighting.md) by reading the HTML.

mod common;

use common::{build, fixture, html, select, stderr, write_file};
use scraper::ElementRef;
use std::path::{Path, PathBuf};

/// The fixture with `highlighting` as its `[markdown.highlighting]` table, built: the folder
/// (kept alive), the output and the build's stderr.
fn built(highlighting: &str) -> (tempfile::TempDir, PathBuf, String) {
    let dir = fixture("zola-highlighting");
    write_file(
        dir.path(),
        "zola.toml",
        &format!("base_url = \"https://example.org/\"\ntitle = \"Zola highlighting\"\ntaxonomies = []\n\n[markdown.highlighting]\n{highlighting}\n"),
    );
    let out = dir.path().join("public");
    let o = build(dir.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    (dir, out, err)
}

fn code_page(out: &Path) -> scraper::Html {
    html(&out.join("code/index.html"))
}

/// The code block whose `<code>` has `data-lang` = `lang`.
fn block<'a>(doc: &'a scraper::Html, lang: &str) -> ElementRef<'a> {
    let found = select(doc, &format!("pre.giallo > code[data-lang=\"{lang}\"]"));
    assert_eq!(found.len(), 1, "one {lang} block");
    found[0]
}

fn attr<'a>(e: ElementRef<'a>, name: &str) -> &'a str {
    e.value().attr(name).unwrap_or_default()
}

/// The style of the innermost span holding `text`.
fn style_of(code: ElementRef<'_>, text: &str) -> String {
    let spans: Vec<ElementRef<'_>> = code
        .select(&scraper::Selector::parse("span[style]").unwrap())
        .filter(|s| s.text().collect::<String>().contains(text))
        .collect();
    let span = spans
        .last()
        .unwrap_or_else(|| panic!("a span holds {text:?}"));
    attr(*span, "style").to_string()
}

/// `#rrggbb` colours of a `style` attribute, in order.
fn colours(style: &str) -> Vec<(u8, u8, u8)> {
    style
        .match_indices('#')
        .filter_map(|(i, _)| {
            let hex = style.get(i + 1..i + 7)?;
            let v = u32::from_str_radix(hex, 16).ok()?;
            Some(((v >> 16) as u8, (v >> 8) as u8, v as u8))
        })
        .collect()
}

/// WCAG 2 contrast ratio.
fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let lum = |(r, g, b): (u8, u8, u8)| {
        let c = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b)
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn inline_style_colours_tokens_from_the_theme() {
    let (_dir, out, _) = built("theme = \"catppuccin-mocha\"");
    let doc = code_page(&out);
    let toml = block(&doc, "toml");
    let pre = ElementRef::wrap(toml.parent().unwrap()).unwrap();
    // Catppuccin Mocha's base and text.
    assert_eq!(
        attr(pre, "style"),
        "color: #cdd6f4; background-color: #1e1e2e;"
    );
    let comment = style_of(toml, "# a comment");
    let string = style_of(toml, "My site");
    assert!(comment.starts_with("color: #") && string.starts_with("color: #"));
    assert_ne!(
        colours(&comment),
        colours(&string),
        "comments and strings differ"
    );
    assert_eq!(
        toml.text().collect::<String>(),
        "# a comment\ntitle = \"My site\""
    );
    // White space shows no colour, so it takes no span of its own.
    let coloured = select(&doc, "pre.giallo span[style^=\"color:\"]");
    assert!(coloured.len() > 10);
    let blank: Vec<String> = coloured
        .iter()
        .map(|s| s.text().collect::<String>())
        .filter(|text| text.trim().is_empty())
        .collect();
    assert!(blank.is_empty(), "spans of white space only: {blank:?}");
    // The template grammar knows Tera's tags.
    let jinja = block(&doc, "jinja2");
    assert!(select(&doc, "pre.giallo > code[data-lang=\"jinja2\"] span[style]").len() > 3);
    assert!(jinja
        .text()
        .collect::<String>()
        .contains("{% for page in section.pages %}"));
}

#[test]
fn every_token_colour_reaches_aa_on_its_background() {
    for highlighting in [
        "theme = \"catppuccin-mocha\"",
        "theme = \"github\"",
        "theme = \"solarized-light\"",
    ] {
        let (_dir, out, _) = built(highlighting);
        let doc = code_page(&out);
        let mut checked = 0;
        for pre in select(&doc, "pre.giallo") {
            let background = colours(attr(pre, "style"))[1];
            for span in pre.select(&scraper::Selector::parse("span[style]").unwrap()) {
                let style = attr(span, "style");
                // A highlighted line's background is checked for its own tokens below.
                let bg = match style.starts_with("background-color") {
                    true => continue,
                    false => span
                        .ancestors()
                        .filter_map(ElementRef::wrap)
                        .find_map(|a| {
                            a.value()
                                .attr("style")
                                .filter(|s| s.starts_with("background-color"))
                        })
                        .map_or(background, |s| colours(s)[0]),
                };
                let fg = colours(style)[0];
                let ratio = contrast(fg, bg);
                assert!(
                    ratio >= 4.5,
                    "{highlighting}: {style} on {bg:?} is {ratio:.2}:1"
                );
                checked += 1;
            }
        }
        assert!(checked > 20, "{highlighting}: {checked} tokens checked");
    }
}

#[test]
fn annotations_number_highlight_hide_and_name_lines() {
    let (_dir, out, _) = built("theme = \"catppuccin-mocha\"");
    let doc = code_page(&out);
    let rust = block(&doc, "rust");
    assert_eq!(attr(rust, "data-name"), "main.rs");
    let lines: Vec<ElementRef<'_>> = rust
        .select(&scraper::Selector::parse("span.giallo-l").unwrap())
        .collect();
    // Line 4 is hidden; numbers start at 10 and keep counting past it.
    let numbers: Vec<String> = rust
        .select(&scraper::Selector::parse("span.giallo-ln").unwrap())
        .map(|n| n.text().collect())
        .collect();
    assert_eq!(numbers, ["10", "11", "12", "14"]);
    assert_eq!(lines.len(), 4);
    assert!(!rust.text().collect::<String>().contains("hidden"));
    // Line 2, and only it, is highlighted.
    let highlighted: Vec<bool> = lines
        .iter()
        .map(|l| attr(*l, "style").starts_with("background-color: #"))
        .collect();
    assert_eq!(highlighted, [false, true, false, false]);
    assert!(lines[1]
        .text()
        .collect::<String>()
        .contains("let answer = 42;"));
}

#[test]
fn a_block_without_or_with_an_unknown_language_is_plain_text() {
    let (_dir, out, err) = built("theme = \"catppuccin-mocha\"");
    let doc = code_page(&out);
    let plain: Vec<ElementRef<'_>> = select(&doc, "pre.giallo > code:not([data-lang])");
    assert_eq!(plain.len(), 1);
    assert_eq!(plain[0].text().collect::<String>(), "plain <text> & more");
    let unknown = block(&doc, "rusty");
    let styles: Vec<&str> = unknown
        .select(&scraper::Selector::parse("span[style]").unwrap())
        .map(|s| attr(s, "style"))
        .collect();
    assert_eq!(styles, ["color: #cdd6f4;"], "one run of plain text");
    assert!(
        err.contains("warning[unknown-language]: no grammar for the code block's language `rusty`"),
        "{err}"
    );
    assert!(err.contains("did you mean `rust`"), "{err}");
    assert!(err.contains("content/code.md:38"), "{err}");
}

#[test]
fn class_style_writes_one_stylesheet_following_the_colour_scheme() {
    let (_dir, out, _) = built(
        "light_theme = \"catppuccin-latte\"\ndark_theme = \"catppuccin-mocha\"\nstyle = \"class\"",
    );
    let doc = code_page(&out);
    let toml = block(&doc, "toml");
    let pre = ElementRef::wrap(toml.parent().unwrap()).unwrap();
    assert_eq!(attr(pre, "class"), "giallo z-code");
    assert!(
        select(&doc, "pre.giallo [style]").is_empty(),
        "no inline colours"
    );
    assert_eq!(
        select(&doc, "code[data-lang=rust] span.giallo-l.z-hl").len(),
        1
    );
    let comment = select(&doc, "code[data-lang=toml] span.z-comment");
    assert!(!comment.is_empty());
    let css = std::fs::read_to_string(out.join("giallo.css")).unwrap();
    assert!(css.contains(".z-comment"), "{css}");
    assert!(css.contains(".z-hl {"), "{css}");
    let (light, dark) = css
        .split_once("@media (prefers-color-scheme: dark) {")
        .expect("dark rules");
    assert!(light.contains("background-color: #eff1f5"), "Latte's base");
    assert!(dark.contains("background-color: #1e1e2e"), "Mocha's base");
    // Zola's two files, for templates that link each with a media query.
    assert_eq!(
        std::fs::read_to_string(out.join("giallo-dark.css"))
            .unwrap()
            .trim(),
        dark.trim().trim_end_matches('}').trim()
    );
    assert!(out.join("giallo-light.css").is_file());
}

#[test]
fn dual_inline_themes_use_light_dark_and_data_attributes_move() {
    let (_dir, out, _) = built("light_theme = \"catppuccin-latte\"\ndark_theme = \"catppuccin-mocha\"\ndata_attr_position = \"pre\"");
    let doc = code_page(&out);
    let pre = select(&doc, "pre.giallo[data-lang=toml]");
    assert_eq!(pre.len(), 1, "data-lang on <pre>");
    assert!(
        select(&doc, "code[data-lang]").is_empty(),
        "and not on <code>"
    );
    assert!(attr(pre[0], "style").starts_with("color-scheme: light dark; color: light-dark(#"));
    let comment = style_of(pre[0], "# a comment");
    assert!(comment.starts_with("color: light-dark(#"), "{comment}");
    assert!(
        !out.join("giallo.css").exists(),
        "inline style writes no stylesheet"
    );
}

/// Zola 0.23's `plastic` (which two-face lacks) ships with relief: its background and its
/// string green, kept because they are readable as they are.
#[test]
fn zola_theme_plastic_is_shipped() {
    let (_dir, out, _) = built("theme = \"plastic\"");
    let doc = code_page(&out);
    let toml = block(&doc, "toml");
    let pre = ElementRef::wrap(toml.parent().unwrap()).unwrap();
    assert_eq!(
        colours(attr(pre, "style")).last(),
        Some(&(0x21, 0x25, 0x2b)),
        "plastic's editor background: {}",
        attr(pre, "style")
    );
    assert_eq!(
        colours(&style_of(toml, "My site")),
        vec![(0x98, 0xc3, 0x79)]
    );
}

/// A theme of Zola's set that relief does not have is an error listing those it has.
#[test]
fn an_unknown_theme_lists_the_available_ones() {
    let dir = fixture("zola-highlighting");
    write_file(
        dir.path(),
        "zola.toml",
        "base_url = \"https://example.org/\"\ntitle = \"t\"\ntaxonomies = []\n\n[markdown.highlighting]\ntheme = \"vesper\"\n",
    );
    let o = build(dir.path(), &dir.path().join("public"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("error: there is no highlighting theme `vesper`"),
        "{err}"
    );
    assert!(err.contains("--> zola.toml:6:9"), "{err}");
    let listed = err.split("the themes are: ").nth(1).expect("the list");
    for theme in ["plastic", "catppuccin-mocha", "dracula", "nord"] {
        assert!(listed.contains(theme), "{theme} listed: {listed}");
    }
}
