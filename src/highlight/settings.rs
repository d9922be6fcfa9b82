//! `[markdown.highlighting]` as the configuration settles it: plain values with the place
//! each was written, so that loading the grammars and themes can point at the key.

use crate::diagnostics::Location;

/// What the site asks highlighting to do.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub themes: ThemeChoice,
    pub style: Style,
    /// An unknown language fails the build instead of warning.
    pub error_on_missing_language: bool,
    /// Grammar files to load beside the bundled ones, from the site's folder.
    pub extra_grammars: Vec<Written>,
    /// Theme files to load beside the bundled ones, from the site's folder.
    pub extra_themes: Vec<Written>,
    pub data_attr_position: DataAttrPosition,
}

/// One theme for every reader, or one for each colour scheme.
#[derive(Debug, Clone)]
pub(crate) enum ThemeChoice {
    Single(Written),
    Dual { light: Written, dark: Written },
}

/// A value as written in the configuration, and where.
#[derive(Debug, Clone)]
pub(crate) struct Written {
    pub text: String,
    pub at: Location,
}

/// How colours reach the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `style="color: …"` on each token.
    Inline,
    /// Scope classes (`z-keyword`), coloured by a stylesheet relief writes.
    Class,
}

/// Which element carries a block's `data-lang` and `data-name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DataAttrPosition {
    Code,
    Pre,
    Both,
    None,
}
