//! The stylesheets of `style = "class"`: the theme's colours as rules over the scope
//! classes (`.z-keyword.z-control`), under Zola's file names so that Zola templates linking
//! them keep working.

use syntect::highlighting::{Color, Theme};
use syntect::html::{css_for_theme_with_class_style, ClassStyle};

/// The prefix of every class relief writes on highlighted code, as Zola's.
pub(crate) const PREFIX: &str = "z-";

/// The class style shared by the HTML and its stylesheet.
pub(crate) const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: PREFIX };

/// The rules colouring code in `theme`, highlighted lines (`.z-hl`) on `line_highlight`.
pub(crate) fn rules(theme: &Theme, line_highlight: Color) -> String {
    // The prefix is a valid class name, the one thing syntect checks.
    let mut css = css_for_theme_with_class_style(theme, CLASS_STYLE).unwrap_or_default();
    css.push_str(&format!(
        ".{PREFIX}hl {{ background-color: {}; }}\n",
        hex(line_highlight)
    ));
    css
}

/// The files of a single theme: `giallo.css`.
pub(crate) fn single(rules: String) -> Vec<(String, String)> {
    vec![("giallo.css".to_string(), rules)]
}

/// The files of a light and a dark theme: `giallo-light.css` and `giallo-dark.css` for
/// templates that link each with a media query (Zola's way), and `giallo.css` holding both,
/// the dark rules under `prefers-color-scheme: dark`, for a template that links one file.
pub(crate) fn dual(light: String, dark: String) -> Vec<(String, String)> {
    let both = format!("{light}\n@media (prefers-color-scheme: dark) {{\n{dark}}}\n");
    vec![
        ("giallo.css".to_string(), both),
        ("giallo-light.css".to_string(), light),
        ("giallo-dark.css".to_string(), dark),
    ]
}

/// `#rrggbb`.
pub(crate) fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}
