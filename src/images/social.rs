//! Social cards: the 1200 × 630 picture a page shows when it is shared (`og:image`), made at
//! build from an SVG template (relief's, or the site's `[images.social_cards] template`):
//! the page's title, its evidence rating if it has one, the site's name. The SVG is drawn
//! by resvg with the font relief ships (Liberation Sans, SIL Open Font License: see
//! assets/fonts/OFL.txt), never the machine's fonts, so a card looks the same wherever it
//! is built; it is kept in the image cache under a name made from the SVG, so an unchanged
//! card is not drawn again.

use super::cache::Kept;
use super::settings::CardSettings;
use super::{lock, Processor, FOLDER};
use resvg::{tiny_skia, usvg};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Width and height of a card, as Facebook, LinkedIn and X show large previews.
pub(crate) const WIDTH: u32 = 1200;
pub(crate) const HEIGHT: u32 = 630;

const BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");
const REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
/// relief's card, a Tera template of SVG.
const BUILT_IN: &str = include_str!("social_card.svg");
/// The part of a card's width the title may take: 80 px margins.
const TEXT_WIDTH: f32 = 1040.0;

/// One card: its file under `processed_images/` and the words that stand for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Card {
    pub name: String,
    pub alt: String,
}

/// What draws cards: the template and the fonts, set up once per build.
pub(super) struct Drawer {
    tera: tera::Tera,
    /// The template's name in `tera`.
    name: String,
    options: usvg::Options<'static>,
}

impl Drawer {
    /// A drawer for `settings`, reading the site's template from `templates/` of `root`.
    pub(super) fn new(settings: &CardSettings, root: &std::path::Path) -> Result<Drawer, String> {
        let (name, text) = match &settings.template {
            Some(name) => {
                let file = root.join("templates").join(name);
                let text = std::fs::read_to_string(&file).map_err(|e| {
                    format!("the social card template templates/{name} could not be read: {e}")
                })?;
                (format!("templates/{name}"), text)
            }
            None => ("relief's social card".to_string(), BUILT_IN.to_string()),
        };
        let mut tera = tera::Tera::new();
        // Every value is escaped: a title may hold `&` or `<`, which SVG must not see raw.
        tera.autoescape_on([""]);
        tera.add_raw_template(&name, &text)
            .map_err(|e| format!("{name}: {e}"))?;
        let mut options = usvg::Options {
            font_family: "Liberation Sans".into(),
            ..usvg::Options::default()
        };
        let fonts = options.fontdb_mut();
        fonts.load_font_data(BOLD.to_vec());
        fonts.load_font_data(REGULAR.to_vec());
        Ok(Drawer {
            tera,
            name,
            options,
        })
    }

    /// The SVG of the card for `title`, `rating` (its label and the words that show it, such
    /// as `Evidence: Some evidence`, if the page has one) and `site_name`, with `settings`'
    /// colours.
    fn svg(
        &self,
        settings: &CardSettings,
        title: &str,
        rating: Option<Rating<'_>>,
        site_name: &str,
    ) -> Result<String, String> {
        let (size, lines) = wrap_title(title);
        let leading = size * 5 / 4;
        let block = leading * (lines.len() as u32 - 1);
        // The title sits in the middle of the space between the site's name and the rating.
        let (top, bottom) = (150, if rating.is_some() { 470 } else { 560 });
        let first = top + (bottom - top - block + size) / 2;
        let rating_text = rating.map(|r| r.text);
        let rating = rating.map(|r| r.label);
        let mut context = tera::Context::new();
        context.insert("width", &WIDTH);
        context.insert("height", &HEIGHT);
        context.insert("site_name", site_name);
        context.insert(
            "title",
            &serde_json::json!({"lines": lines, "size": size, "leading": leading, "top": first}),
        );
        context.insert("rating", &rating);
        context.insert("rating_text", &rating_text);
        context.insert(
            "rating_width",
            &(rating_text.map_or(0.0, |t| width(BOLD, t, 34.0)) as u32),
        );
        context.insert(
            "colours",
            &serde_json::json!({
                "background": settings.background,
                "text": settings.text,
                "accent": settings.accent,
            }),
        );
        self.tera
            .render(&self.name, &context)
            .map_err(|e| format!("{}: {e}", self.name))
    }

    /// `svg` drawn as a PNG of `WIDTH` × `HEIGHT`.
    fn draw(&self, svg: &str) -> Result<Vec<u8>, String> {
        let tree = usvg::Tree::from_str(svg, &self.options)
            .map_err(|e| format!("the social card is not valid SVG: {e}"))?;
        let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("no memory for a card")?;
        let size = tree.size();
        let scale = tiny_skia::Transform::from_scale(
            WIDTH as f32 / size.width(),
            HEIGHT as f32 / size.height(),
        );
        resvg::render(&tree, scale, &mut pixmap.as_mut());
        // Opaque: the alpha channel would only weigh.
        let rgb: Vec<u8> = pixmap
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue()]
            })
            .collect();
        let mut out = Vec::new();
        let encoder = image::codecs::png::PngEncoder::new_with_quality(
            &mut out,
            image::codecs::png::CompressionType::Best,
            image::codecs::png::FilterType::Adaptive,
        );
        image::ImageEncoder::write_image(
            encoder,
            &rgb,
            WIDTH,
            HEIGHT,
            image::ExtendedColorType::Rgb8,
        )
        .map_err(|e| format!("the social card could not be written as PNG: {e}"))?;
        Ok(out)
    }
}

/// The width of `text` set in the font `font` at `size` px (kerning left out: a few pixels).
fn width(font: &[u8], text: &str, size: f32) -> f32 {
    let Ok(face) = ttf_parser::Face::parse(font, 0) else {
        return 0.0;
    };
    let units: u32 = text
        .chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(u32::from(face.units_per_em()) / 2, u32::from)
        })
        .sum();
    units as f32 * size / f32::from(face.units_per_em())
}

/// The title's font size and lines: as large as fits in three lines (72, 62 or 54 px), else
/// four lines at 54 px, the last cut short with an ellipsis.
fn wrap_title(title: &str) -> (u32, Vec<String>) {
    let wrap = |size: u32| -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for word in title.split_whitespace() {
            match lines.last_mut() {
                Some(line) if width(BOLD, &format!("{line} {word}"), size as f32) <= TEXT_WIDTH => {
                    line.push(' ');
                    line.push_str(word);
                }
                _ => lines.push(word.to_string()),
            }
        }
        lines
    };
    for size in [72, 62, 54] {
        let lines = wrap(size);
        if lines.len() <= 3 {
            return (size, lines);
        }
    }
    let mut lines = wrap(54);
    lines.truncate(4);
    if let Some(last) = lines.last_mut() {
        last.push('…');
    }
    (54, lines)
}

/// A page's evidence rating on its card: the rating's label (`Some evidence`), and the words
/// the card shows it with, in the page's language (`Evidence: Some evidence`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rating<'a> {
    pub label: &'a str,
    pub text: &'a str,
}

impl Processor {
    /// The social card of a page titled `title`, rated `rating`, on the site `site_name`;
    /// `None` when the site makes none (`[images.social_cards] enabled = false`).
    pub(crate) fn social_card(
        &self,
        title: &str,
        rating: Option<Rating<'_>>,
        site_name: &str,
    ) -> Result<Option<Card>, String> {
        let settings = &self.settings.social_cards;
        if !settings.enabled {
            return Ok(None);
        }
        let drawer = self
            .drawer
            .get_or_init(|| Drawer::new(settings, &self.root).map(Arc::new))
            .clone()?;
        let svg = drawer.svg(settings, title, rating, site_name)?;
        // The fonts are part of what makes the pixels.
        let key = self
            .cache
            .key_of(&format!("social card, Liberation Sans 2.1.5\n{svg}"), "png");
        let slot = lock(&self.results).entry(key.clone()).or_default().clone();
        let kept = slot
            .get_or_init(|| {
                if let Some(file) = self.cache.get(&key) {
                    return Ok(Kept::File(file));
                }
                let png = drawer.draw(&svg)?;
                self.encoded.fetch_add(1, Ordering::Relaxed);
                Ok(self.cache.put(&key, png))
            })
            .clone()?;
        let name = format!("card.{}", &key[..16]) + ".png";
        lock(&self.outputs).insert(name.clone(), kept);
        // Sentences, whether or not the title ends like one (`…stiffness?`).
        let title = match title.ends_with(['.', '?', '!']) {
            true => title.to_string(),
            false => format!("{title}."),
        };
        let alt = match rating {
            Some(rating) => format!("{title} {}. {site_name}", rating.text),
            None => format!("{title} {site_name}"),
        };
        Ok(Some(Card {
            name: format!("{FOLDER}/{name}"),
            alt,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_title_gets_smaller_type_and_more_lines() {
        let (size, lines) = wrap_title("Massage");
        assert_eq!((size, lines.len()), (72, 1));
        let long = "Can massage ease joint pain and stiffness in people with knee osteoarthritis, and for how long does it help after the sessions stop?";
        let (size, lines) = wrap_title(long);
        assert!(size < 72, "{size}");
        assert!(lines.len() >= 3, "{lines:?}");
        for line in &lines {
            assert!(width(BOLD, line, size as f32) <= TEXT_WIDTH, "{line}");
        }
        // Every word kept, in order, when it fits.
        if !lines.last().unwrap().ends_with('…') {
            assert_eq!(lines.join(" "), long);
        }
    }

    #[test]
    fn text_is_measured_with_the_shipped_font() {
        let narrow = width(BOLD, "iiii", 72.0);
        let wide = width(BOLD, "WWWW", 72.0);
        assert!(narrow > 0.0 && wide > 2.0 * narrow, "{narrow} {wide}");
    }
}
