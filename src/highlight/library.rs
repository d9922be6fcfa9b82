//! The grammars and themes of a build, loaded once when the configuration asks for
//! highlighting and shared by every thread: two-face's bundle (bat's grammars, among them
//! TOML and Jinja for templates, and its themes), the themes relief ships converted from
//! VS Code's format under Zola 0.23's names (`themes/`), and the site's own files.

use super::contrast;
use super::inline::TokenStyles;
use super::settings::{DataAttrPosition, Settings, Style, ThemeChoice, Written};
use super::stylesheet;
use crate::diagnostics::Diagnostic;
use std::path::Path;
use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::parsing::{SyntaxDefinition, SyntaxReference, SyntaxSet};
use two_face::theme::{EmbeddedLazyThemeSet, EmbeddedThemeName};

/// Fence names Zola sites use that the bundled grammars do not list, and the grammar each
/// means.
const ALIASES: &[(&str, &str)] = &[
    ("tera", "jinja2"),
    ("shell", "bash"),
    ("console", "bash"),
    ("text", "txt"),
    ("plain", "txt"),
    ("plaintext", "txt"),
];

/// Bundled themes left out: they hold terminal colour numbers, not colours for a page.
const TERMINAL_THEMES: &[EmbeddedThemeName] = &[
    EmbeddedThemeName::Ansi,
    EmbeddedThemeName::Base16,
    EmbeddedThemeName::Base16_256,
];

/// Themes of Zola 0.23's set that two-face lacks, shipped as .tmTheme files converted from
/// their VS Code JSON by scripts/vscode-theme-to-tmtheme.mjs, each with its licence beside it
/// in `themes/`.
const SHIPPED_THEMES: &[(&str, &str)] = &[("plastic", include_str!("themes/plastic.tmTheme"))];

/// The loaded grammars and themes, and how the site wants code shown.
pub(crate) struct Highlighter {
    syntaxes: SyntaxSet,
    /// The theme, or the light and dark ones.
    pub(crate) themes: Themes,
    pub(crate) style: Style,
    pub(crate) error_on_missing_language: bool,
    pub(crate) data_attr_position: DataAttrPosition,
    /// Inline style: each scope stack's colours, as the build meets them.
    pub(crate) token_styles: TokenStyles,
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Highlighter")
            .field("style", &self.style)
            .field("grammars", &self.syntaxes.syntaxes().len())
            .finish_non_exhaustive()
    }
}

/// One theme, or one per colour scheme.
// One value per build: its size does not matter.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Themes {
    Single(Prepared),
    Dual { light: Prepared, dark: Prepared },
}

/// A theme with its colours settled: opaque, and every token colour readable (WCAG AA)
/// against the background and the highlighted-line background.
pub(crate) struct Prepared {
    pub theme: Theme,
    pub foreground: Color,
    pub background: Color,
    /// The background of lines named by `hl_lines`.
    pub line_highlight: Color,
}

/// What a fence's language names.
pub(crate) enum Language<'a> {
    Known(&'a SyntaxReference),
    /// No grammar of that name; the closest names, best first.
    Unknown(Vec<String>),
}

impl Highlighter {
    /// Load the bundled grammars and themes, the site's extra ones (paths from `root`), and
    /// pick the themes `settings` names: every problem found, or the highlighter.
    pub(crate) fn load(settings: &Settings, root: &Path) -> Result<Highlighter, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut syntaxes = two_face::syntax::extra_newlines();
        if !settings.extra_grammars.is_empty() {
            let mut builder = syntaxes.into_builder();
            for file in &settings.extra_grammars {
                match read_grammar(root, file) {
                    Ok(grammar) => builder.add(grammar),
                    Err(e) => errors.push(e),
                }
            }
            syntaxes = builder.build();
        }
        let mut extra = Vec::new();
        for file in &settings.extra_themes {
            match read_theme(root, file) {
                Ok(theme) => extra.push(theme),
                Err(e) => errors.push(e),
            }
        }
        let bundled = two_face::theme::extra();
        let mut pick = |written: &Written| match find_theme(&written.text, &extra, &bundled) {
            Some(theme) => Some(prepare(theme)),
            None => {
                errors.push(unknown_theme(written, &extra));
                None
            }
        };
        let themes = match &settings.themes {
            ThemeChoice::Single(name) => pick(name).map(Themes::Single),
            ThemeChoice::Dual { light, dark } => match (pick(light), pick(dark)) {
                (Some(light), Some(dark)) => Some(Themes::Dual { light, dark }),
                _ => None,
            },
        };
        match themes {
            Some(themes) if errors.is_empty() => Ok(Highlighter {
                syntaxes,
                themes,
                style: settings.style,
                error_on_missing_language: settings.error_on_missing_language,
                data_attr_position: settings.data_attr_position,
                token_styles: TokenStyles::default(),
            }),
            _ => Err(errors),
        }
    }

    /// The grammar a fence's language names (case-insensitive: `TOML`, `rs`, `jinja2`).
    pub(crate) fn language(&self, name: &str) -> Language<'_> {
        let lower = name.to_lowercase();
        let name = ALIASES
            .iter()
            .find(|(alias, _)| *alias == lower)
            .map_or(lower.as_str(), |(_, meant)| meant);
        if let Some(syntax) = self.syntaxes.find_syntax_by_token(name) {
            return Language::Known(syntax);
        }
        let names = self.syntaxes.syntaxes().iter().flat_map(|s| {
            std::iter::once(s.name.to_lowercase()).chain(s.file_extensions.iter().cloned())
        });
        let mut close: Vec<(f64, String)> = names
            .chain(ALIASES.iter().map(|(alias, _)| alias.to_string()))
            .map(|candidate| (strsim::jaro_winkler(name, &candidate), candidate))
            .filter(|(score, _)| *score > 0.8)
            .collect();
        close.sort_by(|a, b| b.0.total_cmp(&a.0));
        close.dedup_by(|a, b| a.1 == b.1);
        Language::Unknown(close.into_iter().take(3).map(|(_, c)| c).collect())
    }

    /// Plain text: unknown languages and fences that name none.
    pub(crate) fn plain(&self) -> &SyntaxReference {
        self.syntaxes.find_syntax_plain_text()
    }

    /// The grammars, for parsing.
    pub(crate) fn syntaxes(&self) -> &SyntaxSet {
        &self.syntaxes
    }

    /// The stylesheets to write at the output's root (`style = "class"`; none otherwise).
    pub(crate) fn stylesheets(&self) -> Vec<(String, String)> {
        if self.style == Style::Inline {
            return Vec::new();
        }
        let rules = |p: &Prepared| stylesheet::rules(&p.theme, p.line_highlight);
        match &self.themes {
            Themes::Single(theme) => stylesheet::single(rules(theme)),
            Themes::Dual { light, dark } => stylesheet::dual(rules(light), rules(dark)),
        }
    }
}

/// A theme's name as configurations write it: `Catppuccin Mocha` is `catppuccin-mocha`,
/// `Solarized (dark)` is `solarized-dark`.
fn normalized(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The bundled themes offered, by their configuration name.
fn bundled_names() -> impl Iterator<Item = (String, EmbeddedThemeName)> {
    EmbeddedLazyThemeSet::theme_names()
        .iter()
        .filter(|name| !TERMINAL_THEMES.contains(name))
        .map(|&name| (normalized(name.as_name()), name))
}

fn find_theme(
    name: &str,
    extra: &[(String, Theme)],
    bundled: &EmbeddedLazyThemeSet,
) -> Option<Theme> {
    let wanted = normalized(name);
    if let Some((_, theme)) = extra.iter().find(|(n, _)| *n == wanted) {
        return Some(theme.clone());
    }
    if let Some((_, xml)) = SHIPPED_THEMES.iter().find(|(n, _)| *n == wanted) {
        return Some(shipped(xml));
    }
    bundled_names()
        .find(|(n, _)| *n == wanted)
        .map(|(_, embedded)| bundled.get(embedded).clone())
}

/// A shipped theme, parsed: the files are part of relief and tested, so they always parse.
fn shipped(xml: &str) -> Theme {
    ThemeSet::load_from_reader(&mut std::io::Cursor::new(xml))
        .expect("a shipped theme is a valid .tmTheme (tested)")
}

fn unknown_theme(written: &Written, extra: &[(String, Theme)]) -> Diagnostic {
    let mut names: Vec<String> = extra
        .iter()
        .map(|(n, _)| n.clone())
        .chain(SHIPPED_THEMES.iter().map(|(n, _)| n.to_string()))
        .chain(bundled_names().map(|(n, _)| n))
        .collect();
    names[extra.len()..].sort();
    let wanted = normalized(&written.text);
    let close = crate::diagnostics::suggest(&wanted, names.iter().map(String::as_str));
    let hint = close.map_or(String::new(), |c| format!("did you mean `{c}`? "));
    Diagnostic::error(
        "config",
        format!("there is no highlighting theme `{}`", written.text),
    )
    .at(written.at.clone())
    .help(format!(
        "{hint}the themes are: {}; or load a Sublime Text theme (.tmTheme) with extra_themes",
        names.join(", ")
    ))
}

/// Colours made opaque and readable; see [`Prepared`].
fn prepare(mut theme: Theme) -> Prepared {
    let background = contrast::over(
        theme.settings.background.unwrap_or(Color::WHITE),
        Color::WHITE,
    );
    let written_fg = theme.settings.foreground.unwrap_or(Color::BLACK);
    // A highlighted line needs a background of its own: the theme's, else a tint of the text.
    let line_highlight = match theme.settings.line_highlight {
        Some(c) if contrast::over(c, background) != background => contrast::over(c, background),
        _ => contrast::over(
            Color {
                a: 0x26,
                ..written_fg
            },
            background,
        ),
    };
    let backgrounds = [background, line_highlight];
    let foreground = contrast::readable(written_fg, &backgrounds);
    for item in &mut theme.scopes {
        if let Some(fg) = item.style.foreground.as_mut() {
            *fg = contrast::readable(*fg, &backgrounds);
        }
    }
    theme.settings.foreground = Some(foreground);
    theme.settings.background = Some(background);
    Prepared {
        theme,
        foreground,
        background,
        line_highlight,
    }
}

/// A file named by `extra_grammars` or `extra_themes`, read from the site's folder.
fn read(root: &Path, file: &Written, what: &str) -> Result<String, Diagnostic> {
    std::fs::read_to_string(root.join(&file.text)).map_err(|e| {
        Diagnostic::error(
            "config",
            format!("cannot read the {what} file `{}`: {e}", file.text),
        )
        .at(file.at.clone())
        .help("paths are relative to the folder of the configuration file")
    })
}

/// A grammar must be Sublime Text's YAML format, the one syntect reads.
fn read_grammar(root: &Path, file: &Written) -> Result<SyntaxDefinition, Diagnostic> {
    if !file.text.ends_with(".sublime-syntax") {
        return Err(wrong_format(file, "grammar", ".sublime-syntax"));
    }
    let text = read(root, file, "grammar")?;
    let stem = Path::new(&file.text).file_stem().and_then(|s| s.to_str());
    SyntaxDefinition::load_from_str(&text, true, stem).map_err(|e| {
        Diagnostic::error(
            "config",
            format!("the grammar `{}` cannot be read: {e}", file.text),
        )
        .at(file.at.clone())
        .help("fix the grammar file, or remove it from extra_grammars")
    })
}

/// A theme must be a `.tmTheme` (TextMate's XML format); it is named by its `name`, or else
/// its file name.
fn read_theme(root: &Path, file: &Written) -> Result<(String, Theme), Diagnostic> {
    if !file.text.ends_with(".tmTheme") {
        return Err(wrong_format(file, "theme", ".tmTheme"));
    }
    let text = read(root, file, "theme")?;
    let theme = ThemeSet::load_from_reader(&mut std::io::Cursor::new(text)).map_err(|e| {
        Diagnostic::error(
            "config",
            format!("the theme `{}` cannot be read: {e}", file.text),
        )
        .at(file.at.clone())
        .help("fix the theme file, or remove it from extra_themes")
    })?;
    let stem = Path::new(&file.text)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let name = normalized(theme.name.as_deref().unwrap_or(stem));
    Ok((name, theme))
}

fn wrong_format(file: &Written, what: &str, extension: &str) -> Diagnostic {
    Diagnostic::error(
        "not-supported",
        format!("the {what} `{}` is not a {extension} file", file.text),
    )
    .at(file.at.clone())
    .help(format!(
        "relief reads {what}s in Sublime Text's format ({extension}); VS Code's JSON {what}s are not supported yet"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_names_are_written_as_zola_writes_them() {
        assert_eq!(normalized("Catppuccin Mocha"), "catppuccin-mocha");
        assert_eq!(normalized("Solarized (dark)"), "solarized-dark");
        assert_eq!(normalized("base16-ocean.dark"), "base16-ocean-dark");
        assert!(bundled_names().any(|(n, _)| n == "catppuccin-mocha"));
    }

    #[test]
    fn the_shipped_themes_parse_and_are_found_by_name() {
        for (name, xml) in SHIPPED_THEMES {
            let theme = shipped(xml);
            assert!(theme.scopes.len() > 5, "{name}: its token colours are read");
            assert!(theme.settings.background.is_some(), "{name}");
            let found = find_theme(name, &[], &two_face::theme::extra()).unwrap();
            assert_eq!(found.settings.background, theme.settings.background);
        }
    }

    #[test]
    fn every_token_colour_of_every_bundled_theme_reaches_aa() {
        let bundled = two_face::theme::extra();
        let shipped_themes = SHIPPED_THEMES
            .iter()
            .map(|(n, xml)| (n.to_string(), shipped(xml)));
        let two_face = bundled_names().map(|(n, embedded)| (n, bundled.get(embedded).clone()));
        for (name, theme) in shipped_themes.chain(two_face) {
            let prepared = prepare(theme);
            let backgrounds = [prepared.background, prepared.line_highlight];
            let colours = prepared
                .theme
                .scopes
                .iter()
                .filter_map(|item| item.style.foreground)
                .chain([prepared.foreground]);
            for fg in colours {
                for bg in backgrounds {
                    let ratio = contrast::ratio(contrast::over(fg, bg), bg);
                    assert!(
                        ratio >= contrast::AA,
                        "{name}: {fg:?} on {bg:?} is {ratio:.2}:1"
                    );
                }
            }
        }
    }
}
