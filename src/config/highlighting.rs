//! Zola's `[markdown.highlighting]` as written, settled into [`Settings`]: a theme or a
//! light and dark pair, the style, and where each value was written so that loading the
//! themes and grammar files can point at it.

use crate::diagnostics::{Diagnostic, Location};
use crate::highlight::{DataAttrPosition, Settings, Style, ThemeChoice, Written};
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// The table as written (the schema has checked its keys and their types).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHighlighting {
    theme: Option<Spanned<String>>,
    light_theme: Option<Spanned<String>>,
    dark_theme: Option<Spanned<String>>,
    style: Option<Spanned<String>>,
    #[serde(default)]
    error_on_missing_language: bool,
    #[serde(default)]
    extra_grammars: Vec<Spanned<String>>,
    #[serde(default)]
    extra_themes: Vec<Spanned<String>>,
    data_attr_position: Option<Spanned<String>>,
}

/// The keys of `[markdown.highlighting]`, for the schema.
pub(super) const KEYS: &[crate::schema::Field] = {
    use crate::schema::{key, Kind};
    &[
        key("theme", Kind::Text),
        key("light_theme", Kind::Text),
        key("dark_theme", Kind::Text),
        key("style", Kind::Text),
        key("error_on_missing_language", Kind::Flag),
        key("extra_grammars", Kind::TextList),
        key("extra_themes", Kind::TextList),
        key("data_attr_position", Kind::Text),
    ]
};

/// Check the table written at `table_at` and settle it: every problem found, or the settings.
pub(super) fn settle(
    raw: RawHighlighting,
    table_at: Location,
    source: &str,
    display: &Path,
) -> Result<Settings, Vec<Diagnostic>> {
    let at = |s: &Spanned<String>| {
        let span = s.span();
        Location::offset(display, source, span.start, span.len())
    };
    let written = |s: &Spanned<String>| Written {
        text: s.get_ref().clone(),
        at: at(s),
    };
    let mut errors = Vec::new();
    let themes = match (set(&raw.theme), set(&raw.light_theme), set(&raw.dark_theme)) {
        (Some(theme), None, None) => Some(ThemeChoice::Single(written(theme))),
        (None, Some(light), Some(dark)) => Some(ThemeChoice::Dual {
            light: written(light),
            dark: written(dark),
        }),
        (Some(theme), _, _) => {
            errors.push(
                Diagnostic::error(
                    "config",
                    "`theme` is set with `light_theme` or `dark_theme`",
                )
                .at(at(theme))
                .help("set either `theme`, or both `light_theme` and `dark_theme`"),
            );
            None
        }
        (None, Some(one), None) | (None, None, Some(one)) => {
            errors.push(
                Diagnostic::error("config", "`light_theme` and `dark_theme` go together")
                    .at(at(one))
                    .help("set both, or a single `theme` instead"),
            );
            None
        }
        (None, None, None) => {
            errors.push(
                Diagnostic::error("config", "[markdown.highlighting] names no theme")
                    .at(table_at)
                    .help("add theme = \"catppuccin-mocha\" (or light_theme and dark_theme), or remove the table to leave code plain"),
            );
            None
        }
    };
    let style = match raw.style.as_ref().map(|s| (s, s.get_ref().as_str())) {
        None | Some((_, "inline")) => Style::Inline,
        Some((_, "class")) => Style::Class,
        Some((s, other)) => {
            errors.push(one_of(at(s), "style", other, &["inline", "class"]));
            Style::Inline
        }
    };
    let position = match raw
        .data_attr_position
        .as_ref()
        .map(|s| (s, s.get_ref().as_str()))
    {
        None | Some((_, "code")) => DataAttrPosition::Code,
        Some((_, "pre")) => DataAttrPosition::Pre,
        Some((_, "both")) => DataAttrPosition::Both,
        Some((_, "none")) => DataAttrPosition::None,
        Some((s, other)) => {
            errors.push(one_of(
                at(s),
                "data_attr_position",
                other,
                &["code", "pre", "both", "none"],
            ));
            DataAttrPosition::Code
        }
    };
    match themes {
        Some(themes) if errors.is_empty() => Ok(Settings {
            themes,
            style,
            error_on_missing_language: raw.error_on_missing_language,
            extra_grammars: raw.extra_grammars.iter().map(written).collect(),
            extra_themes: raw.extra_themes.iter().map(written).collect(),
            data_attr_position: position,
        }),
        _ => Err(errors),
    }
}

fn one_of(at: Location, key: &str, written: &str, choices: &[&str]) -> Diagnostic {
    Diagnostic::error("config", format!("`{key}` cannot be \"{written}\""))
        .at(at)
        .help(format!("write one of: {}", choices.join(", ")))
}

/// A theme key written with a name (Zola's configuration page shows them empty when unused).
fn set(value: &Option<Spanned<String>>) -> Option<&Spanned<String>> {
    value.as_ref().filter(|s| !s.get_ref().is_empty())
}
