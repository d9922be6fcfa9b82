//! `[images]` of config.toml: where processed images are cached, how Markdown images are
//! made responsive, and the social cards pages get.

use crate::schema::{key, Field, Kind};
use serde::{Deserialize, Deserializer};

/// The keys `[images]` may hold, for config.toml's checks.
pub(crate) const KEYS: &[Field] = &[
    key("cache_dir", Kind::Text),
    key("responsive", Kind::Flag),
    key("widths", Kind::List),
    key("formats", Kind::TextList),
    key("quality", Kind::Count),
    key("sizes", Kind::Text),
    key("social_cards", Kind::Table(CARD_KEYS)),
];

/// The keys `[images.social_cards]` may hold.
const CARD_KEYS: &[Field] = &[
    key("enabled", Kind::Flag),
    key("template", Kind::Text),
    key("background", Kind::Text),
    key("text", Kind::Text),
    key("accent", Kind::Text),
];

/// `[images]` as written, with relief's defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Settings {
    /// The cache folder, from the project root.
    #[serde(default = "default_cache_dir")]
    pub cache_dir: String,
    /// `responsive` as written; [`Settings::settle`] gives it the dialect's default.
    #[serde(rename = "responsive", default)]
    raw_responsive: Option<bool>,
    /// Whether Markdown images get resized copies and a `srcset`; `false` leaves the files
    /// as they are. On for relief's sites, off for Zola's (Zola writes plain `<img>`).
    #[serde(skip)]
    pub responsive: bool,
    /// The widths offered in a `srcset`, of those narrower than the image.
    #[serde(default = "default_widths", deserialize_with = "widths")]
    pub widths: Vec<u32>,
    /// Modern formats offered besides the source's own, each only where it is smaller.
    #[serde(default = "default_formats")]
    pub formats: Vec<ModernFormat>,
    /// Encoding quality of lossy copies, 1 to 100.
    #[serde(default = "default_quality", deserialize_with = "quality")]
    pub quality: u8,
    /// `sizes` of every responsive image, when the site's layout knows better than the
    /// default (the full width of a phone's screen, up to the image's own width).
    #[serde(default)]
    pub sizes: Option<String>,
    /// `[images.social_cards]`: the picture each page shows when it is shared.
    #[serde(default)]
    pub social_cards: CardSettings,
}

/// `[images.social_cards]` as written, with relief's defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CardSettings {
    /// `enabled` as written; [`Settings::settle`] gives it the dialect's default.
    #[serde(rename = "enabled", default)]
    raw_enabled: Option<bool>,
    /// Whether `social_card()` makes cards: on for relief's sites, off for Zola's.
    #[serde(skip)]
    pub enabled: bool,
    /// The site's own card: an SVG Tera template under templates/ (relief's otherwise).
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default = "white", deserialize_with = "colour")]
    pub background: String,
    #[serde(default = "ink", deserialize_with = "colour")]
    pub text: String,
    #[serde(default = "teal", deserialize_with = "colour")]
    pub accent: String,
}

impl Default for CardSettings {
    fn default() -> Self {
        CardSettings {
            raw_enabled: None,
            enabled: true,
            template: None,
            background: white(),
            text: ink(),
            accent: teal(),
        }
    }
}

fn white() -> String {
    "#ffffff".into()
}

fn ink() -> String {
    "#1d2329".into()
}

fn teal() -> String {
    "#0b4a63".into()
}

/// A colour as `#rgb` or `#rrggbb`, which every SVG renderer reads.
fn colour<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let value = String::deserialize(deserializer)?;
    let hex = value.strip_prefix('#').unwrap_or_default();
    match (hex.len(), hex.chars().all(|c| c.is_ascii_hexdigit())) {
        (3 | 6, true) => Ok(value),
        _ => Err(serde::de::Error::custom(format!(
            "`{value}` is not a colour; write it as #rrggbb, e.g. \"#0b4a63\""
        ))),
    }
}

/// A format offered in `<picture>` sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ModernFormat {
    Webp,
    Avif,
}

impl ModernFormat {
    /// Its media type, for `<source type=…>`.
    pub(crate) fn mime(self) -> &'static str {
        match self {
            ModernFormat::Webp => "image/webp",
            ModernFormat::Avif => "image/avif",
        }
    }
}

impl Settings {
    /// Settle what depends on whose defaults the site gets: responsive images are relief's,
    /// and a Zola site must build as Zola builds it.
    pub(crate) fn settle(&mut self, zola_defaults: bool) {
        self.responsive = self.raw_responsive.unwrap_or(!zola_defaults);
        let cards = &mut self.social_cards;
        cards.enabled = cards.raw_enabled.unwrap_or(!zola_defaults);
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            cache_dir: default_cache_dir(),
            raw_responsive: None,
            responsive: true,
            widths: default_widths(),
            formats: default_formats(),
            quality: default_quality(),
            sizes: None,
            social_cards: CardSettings::default(),
        }
    }
}

/// A quality from 1 to 100.
fn quality<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u8, D::Error> {
    let value = u32::deserialize(deserializer)?;
    match value {
        1..=100 => Ok(value as u8),
        _ => Err(serde::de::Error::custom(format!(
            "quality must be from 1 to 100, not {value}"
        ))),
    }
}

/// Widths of at least 1 pixel.
fn widths<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u32>, D::Error> {
    let widths = Vec::<u32>::deserialize(deserializer)?;
    if widths.contains(&0) {
        return Err(serde::de::Error::custom(
            "widths must be whole numbers of pixels, at least 1",
        ));
    }
    Ok(widths)
}

fn default_cache_dir() -> String {
    ".relief-cache/images".into()
}

/// Phone, small tablet, laptop and large screen widths.
fn default_widths() -> Vec<u32> {
    vec![480, 800, 1200, 1600]
}

/// WebP only: every browser in use shows it, and AVIF encodes many times slower.
fn default_formats() -> Vec<ModernFormat> {
    vec![ModernFormat::Webp]
}

fn default_quality() -> u8 {
    75
}
