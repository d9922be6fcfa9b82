//! Zola's `[markdown]` switches for what Markdown becomes: heading anchor links, footnotes at
//! the bottom, definition lists, lazy images, GitHub alerts and emoji shortcodes. Each is
//! settled here from what the site wrote and whose defaults it gets (Zola's or relief's, as
//! `dialect` decides), so the Markdown stage reads one plain value.

use super::MarkdownConfig;
use crate::diagnostics::{suggest, Diagnostic, Location};
use std::path::Path;

/// Where a heading's link to itself goes (Zola's `insert_anchor_links`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum AnchorLinks {
    /// No link: Zola's default.
    #[default]
    None,
    /// The anchor before the text.
    Left,
    /// The anchor after the text.
    Right,
    /// The whole text is the link.
    Heading,
}

impl AnchorLinks {
    /// The values `insert_anchor_links` takes, as written.
    pub(crate) const NAMES: &[(&str, AnchorLinks)] = &[
        ("left", AnchorLinks::Left),
        ("right", AnchorLinks::Right),
        ("heading", AnchorLinks::Heading),
        ("none", AnchorLinks::None),
    ];

    /// The place `written` names, or the help for a value that names none.
    pub(crate) fn parse(written: &str) -> Result<AnchorLinks, String> {
        if let Some(&(_, place)) = Self::NAMES.iter().find(|(name, _)| *name == written) {
            return Ok(place);
        }
        let names: Vec<&str> = Self::NAMES.iter().map(|(n, _)| *n).collect();
        Err(match suggest(written, names.iter().copied()) {
            Some(s) => format!(
                "did you mean `{s}`? insert_anchor_links takes: {}",
                names.join(", ")
            ),
            None => format!("insert_anchor_links takes: {}", names.join(", ")),
        })
    }
}

/// Which images wait until the reader scrolls near them (Zola's `lazy_async_image`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum ImageLoading {
    /// relief's own: the first image of a page loads at once, the others lazily, all decoded
    /// off the main thread (`decoding="async"`).
    #[default]
    Relief,
    /// Every image `loading="lazy" decoding="async"` (`lazy_async_image = true`).
    Lazy,
    /// No loading hints (`lazy_async_image = false`, Zola's default).
    Plain,
}

/// The `[markdown]` switches, settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MarkdownFeatures {
    /// Where headings' links to themselves go in a section that does not say.
    pub anchor_links: AnchorLinks,
    /// Footnotes gathered at the end of the page, numbered in the order they are first
    /// referenced, each with links back to its references (`bottom_footnotes`).
    pub bottom_footnotes: bool,
    /// `Term` followed by `: definition` lines as `<dl>` (`definition_list`).
    pub definition_list: bool,
    pub image_loading: ImageLoading,
    /// `> [!NOTE]` … as callouts; otherwise they stay quotes (`github_alerts`).
    pub github_alerts: bool,
    /// `:smile:` and GitHub's other emoji shortcodes as emoji (`render_emoji`).
    pub render_emoji: bool,
    /// A `[^label]` no footnote defines is an error (relief), or a warning with the text left
    /// as written, as Zola leaves it.
    pub strict_footnotes: bool,
    /// Zola's shape of a page (relief's pages show their title as their h1, and their
    /// summary apart): `content` is the whole page, with `<span id="continue-reading"></span>`
    /// where `<!-- more -->` was, rather than only what follows the marker; and `toc` starts
    /// at h1 headings rather than h2.
    pub zola_page_shape: bool,
}

impl Default for MarkdownFeatures {
    /// relief's defaults: those of a `config.toml` site that sets none of the switches.
    fn default() -> Self {
        MarkdownFeatures {
            anchor_links: AnchorLinks::None,
            bottom_footnotes: false,
            definition_list: false,
            image_loading: ImageLoading::Relief,
            github_alerts: true,
            render_emoji: false,
            strict_footnotes: true,
            zola_page_shape: false,
        }
    }
}

/// The switches `markdown` asks for, with Zola's defaults when `zola_defaults`; an error at
/// the line of an `insert_anchor_links` that names no place.
pub(super) fn settle(
    markdown: &MarkdownConfig,
    zola_defaults: bool,
    source: &str,
    display: &Path,
) -> Result<MarkdownFeatures, Diagnostic> {
    let anchor_links = match &markdown.insert_anchor_links {
        None => AnchorLinks::None,
        Some(written) => AnchorLinks::parse(written.get_ref()).map_err(|help| {
            let span = written.span();
            Diagnostic::error(
                "config",
                format!(
                    "`insert_anchor_links` = \"{}\" is not a place for anchor links",
                    written.get_ref().escape_debug()
                ),
            )
            .at(Location::offset(display, source, span.start, span.len()))
            .help(help)
        })?,
    };
    let image_loading = match markdown.lazy_async_image {
        Some(true) => ImageLoading::Lazy,
        Some(false) => ImageLoading::Plain,
        None if zola_defaults => ImageLoading::Plain,
        None => ImageLoading::Relief,
    };
    Ok(MarkdownFeatures {
        anchor_links,
        bottom_footnotes: markdown.bottom_footnotes,
        definition_list: markdown.definition_list,
        image_loading,
        // Zola leaves alerts as quotes unless asked; relief always made them callouts.
        github_alerts: markdown.github_alerts.unwrap_or(!zola_defaults),
        render_emoji: markdown.render_emoji,
        strict_footnotes: !zola_defaults,
        zola_page_shape: zola_defaults,
    })
}
