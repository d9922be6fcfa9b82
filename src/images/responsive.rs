//! Responsive Markdown images: for a local photo or drawing, copies at each configured width
//! narrower than itself (never enlarged), in its own format and in each configured modern
//! format that comes out smaller, for a `srcset` and `<picture>` sources; the browser then
//! fetches what the screen needs.
//!
//! The copies of one image are made together: the source is decoded once (EXIF orientation
//! applied), the widest copy resized from it and the narrower ones from that (a fraction of
//! the work, and the same look at these ratios), each width encoded in every format, in
//! parallel. Each copy is kept in the image cache, so a rebuild decodes nothing.

use super::cache::{Kept, Once};
use super::format::Format;
use super::settings::ModernFormat;
use super::{codec, lock, naming, Operation, Plan, Processor, FOLDER};
use image::{DynamicImage, ImageFormat};
use rayon::prelude::*;
use std::borrow::Cow;
use std::path::Path;
use std::sync::atomic::Ordering;

/// The copies of one image a page offers, as markup attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Responsive {
    /// `srcset` in the source's own format: the resized copies, then the original at its
    /// width; `None` when no configured width is narrower than the image.
    pub srcset: Option<String>,
    /// `sizes`: as configured, or the full width of the screen up to the image's own width.
    pub sizes: String,
    /// The same widths in each smaller modern format, in the order configured.
    pub sources: Vec<Source>,
}

/// One `<source>` of a `<picture>`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Source {
    /// Its media type (`image/webp`).
    pub mime: &'static str,
    pub srcset: String,
}

/// The copies made of one source: width, format, file name under `processed_images/`, and
/// the processed image.
pub(super) type Copies = Once<Vec<Variant>>;

/// One copy of a responsive image: a width in a format.
#[derive(Debug, Clone)]
pub(crate) struct Variant {
    width: u32,
    format: Format,
    name: String,
    kept: Kept,
    bytes: u64,
}

/// The format a source's own copies are written in: JPEG stays JPEG at the configured
/// quality, PNG stays PNG (lossless), WebP stays WebP; `None` for what relief does not
/// resize (GIF animations, and anything it cannot read).
fn own_format(source: Option<ImageFormat>, quality: u8) -> Option<Format> {
    match source? {
        ImageFormat::Jpeg => Some(Format::Jpeg { quality }),
        ImageFormat::Png => Some(Format::Png),
        ImageFormat::WebP => Some(Format::WebP {
            quality: Some(quality),
        }),
        _ => None,
    }
}

/// `modern` for a source in `own`: lossless WebP for a lossless source (a drawing keeps its
/// sharp edges), lossy at `quality` otherwise.
fn modern_format(modern: ModernFormat, own: Format, quality: u8) -> Format {
    match modern {
        ModernFormat::Webp if own == Format::Png => Format::WebP { quality: None },
        ModernFormat::Webp => Format::WebP {
            quality: Some(quality),
        },
        ModernFormat::Avif => Format::Avif { quality, speed: 6 },
    }
}

impl Processor {
    /// The copies of `source`, written as `src` and found at site path `site_path`, that a
    /// page offers; `None` when it is left as it is (responsive images off, a format relief
    /// does not resize, nothing narrower or smaller to offer). `base_path` is the site's
    /// (`/`, `/docs/`).
    pub(crate) fn responsive(
        &self,
        source: &Path,
        src: &str,
        site_path: &str,
        base_path: &str,
    ) -> Result<Option<Responsive>, String> {
        let settings = &self.settings;
        // Only files named as photographs or drawings relief resizes: SVG, GIF (animations)
        // and anything else are published as they are.
        let resizable = source.extension().is_some_and(|e| {
            ["jpg", "jpeg", "png", "webp"]
                .iter()
                .any(|known| e.eq_ignore_ascii_case(known))
        });
        if !settings.responsive || !resizable {
            return Ok(None);
        }
        let header = self.header(source)?;
        let Some(own) = own_format(header.format, settings.quality) else {
            return Ok(None);
        };
        let (width, _) = header.size;
        let mut widths: Vec<u32> = settings
            .widths
            .iter()
            .copied()
            .filter(|&w| w < width)
            .collect();
        widths.sort_unstable();
        widths.dedup();
        let modern: Vec<(ModernFormat, Format)> = settings
            .formats
            .iter()
            .map(|&m| (m, modern_format(m, own, settings.quality)))
            .filter(|(_, f)| f.extension() != own.extension())
            .collect();
        if widths.is_empty() && modern.is_empty() {
            return Ok(None);
        }
        let mut wanted: Vec<(u32, Format)> = widths.iter().map(|&w| (w, own)).collect();
        for &(_, format) in &modern {
            wanted.extend(widths.iter().chain([&width]).map(|&w| (w, format)));
        }
        let slot = lock(&self.copies)
            .entry((source.to_path_buf(), site_path.to_string()))
            .or_default()
            .clone();
        let copies = slot
            .get_or_init(|| self.make_copies(source, site_path, header.size, &wanted))
            .clone()?;
        {
            let mut outputs = lock(&self.outputs);
            for copy in &copies {
                outputs.insert(copy.name.clone(), copy.kept.clone());
            }
        }
        let original = std::fs::metadata(source)
            .map_err(|e| format!("it could not be read: {e}"))?
            .len();
        let url = |name: &str| format!("{base_path}{FOLDER}/{name}");
        let srcset = |format: Format| {
            copies
                .iter()
                .filter(|c| c.format == format)
                .map(|c| format!("{} {}w", url(&c.name), c.width))
                .collect::<Vec<_>>()
        };
        let bytes = |format: Format| -> u64 {
            copies
                .iter()
                .filter(|c| c.format == format)
                .map(|c| c.bytes)
                .sum()
        };
        let mut own_set = srcset(own);
        own_set.push(format!("{} {width}w", escape_srcset(src)));
        let own_bytes = bytes(own) + original;
        let sources = modern
            .iter()
            // Offered only where the same widths weigh less than the source's own.
            .filter(|(_, format)| bytes(*format) < own_bytes)
            .map(|&(modern, format)| Source {
                mime: modern.mime(),
                srcset: srcset(format).join(", "),
            })
            .collect();
        Ok(Some(Responsive {
            srcset: (!widths.is_empty()).then(|| own_set.join(", ")),
            sizes: settings
                .sizes
                .clone()
                .unwrap_or_else(|| format!("(max-width: {width}px) 100vw, {width}px")),
            sources,
        }))
    }

    /// Make (or find in the cache) each copy `wanted` of `source`, `size` as shown.
    fn make_copies(
        &self,
        source: &Path,
        site_path: &str,
        size: (u32, u32),
        wanted: &[(u32, Format)],
    ) -> Result<Vec<Variant>, String> {
        // Named apart from `resize_image`'s results of the same path, whose pixels differ.
        let written = format!("{site_path}#responsive");
        let keyed: Vec<(u32, Format, String)> = wanted
            .iter()
            .map(|&(w, format)| {
                let recipe = format!("responsive {w} {format:?}");
                Ok((
                    w,
                    format,
                    self.cache.key(source, &recipe, format.extension())?,
                ))
            })
            .collect::<Result<_, String>>()?;
        let found: Vec<Option<Kept>> = keyed
            .iter()
            .map(|(_, _, key)| self.cache.get(key).map(Kept::File))
            .collect();
        let made = match found.iter().any(Option::is_none) {
            true => self.encode_missing(source, size, &keyed, &found)?,
            false => Vec::new(),
        };
        let mut made = made.into_iter();
        keyed
            .into_iter()
            .zip(found)
            .map(|((width, format, _), found)| {
                let kept = match found {
                    Some(kept) => kept,
                    None => made.next().expect("one made for each not found"),
                };
                Ok(Variant {
                    width,
                    format,
                    name: naming::file_name(source, &written, Operation::FitWidth(width), format),
                    bytes: kept.len()?,
                    kept,
                })
            })
            .collect()
    }

    /// Decode `source` once and encode the copies of `keyed` that `found` lacks, in order.
    fn encode_missing(
        &self,
        source: &Path,
        size: (u32, u32),
        keyed: &[(u32, Format, String)],
        found: &[Option<Kept>],
    ) -> Result<Vec<Kept>, String> {
        let image = codec::decode(source)?;
        let missing: Vec<&(u32, Format, String)> = keyed
            .iter()
            .zip(found)
            .filter(|(_, f)| f.is_none())
            .map(|(k, _)| k)
            .collect();
        let mut widths: Vec<u32> = missing.iter().map(|(w, _, _)| *w).collect();
        widths.sort_unstable_by(|a, b| b.cmp(a));
        widths.dedup();
        let sized = |w: u32| Plan::new(Operation::FitWidth(w), size).size(size);
        // The widest copy from the source, the others from it.
        let widest = widths.iter().copied().find(|&w| w < size.0).map(|w| {
            let (w, h) = sized(w);
            codec::resize(&image, w, h)
        });
        let pixels: Vec<(u32, Cow<'_, DynamicImage>)> = widths
            .par_iter()
            .map(|&w| {
                let from = match &widest {
                    Some(widest) if w == widest.width() => return (w, Cow::Borrowed(widest)),
                    Some(widest) if w < widest.width() => widest,
                    _ if w >= size.0 => return (w, Cow::Borrowed(&image)),
                    _ => &image,
                };
                let (w2, h2) = sized(w);
                (w, Cow::Owned(codec::resize(from, w2, h2)))
            })
            .collect();
        missing
            .par_iter()
            .map(|(w, format, key)| {
                let (_, at_width) = pixels
                    .iter()
                    .find(|(pw, _)| pw == w)
                    .expect("every missing width resized");
                let bytes = codec::encode(at_width, *format)
                    .map_err(|why| format!("its {w} px copy: {why}"))?;
                self.encoded.fetch_add(1, Ordering::Relaxed);
                Ok(self.cache.put(key, bytes))
            })
            .collect()
    }
}

/// `src` as a `srcset` candidate: commas and spaces would split it.
fn escape_srcset(src: &str) -> String {
    src.replace(' ', "%20").replace(',', "%2C")
}
