//! The format a processed image is written in (`format` and `quality` of `resize_image`),
//! with Zola's defaults and ranges.

use image::ImageFormat;

/// An output format and its encoder settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Format {
    /// JPEG at a quality from 1 to 100 (default 75).
    Jpeg { quality: u8 },
    /// PNG: lossless.
    Png,
    /// WebP, lossy at a quality from 0 to 100, or lossless when none is given.
    WebP { quality: Option<u8> },
    /// AVIF at a quality from 1 to 100 (default 80) and an encoder speed from 1 to 10
    /// (default 5).
    Avif { quality: u8, speed: u8 },
}

impl Format {
    /// The format `name` (`auto`, `jpg`/`jpeg`, `png`, `webp`, `avif`) with `quality` and
    /// `speed` checked. `auto` keeps lossy sources lossy (JPEG) and lossless ones lossless
    /// (PNG), as Zola does.
    pub(crate) fn parse(
        name: &str,
        source: Option<ImageFormat>,
        quality: Option<u8>,
        speed: Option<u8>,
    ) -> Result<Format, String> {
        let in_range = |what: &str, value: u8, low: u8, high: u8| {
            if (low..=high).contains(&value) {
                Ok(value)
            } else {
                Err(format!(
                    "{what} must be from {low} to {high}; {value} is outside that range"
                ))
            }
        };
        let name = match name {
            "auto" if is_lossless(source) => "png",
            "auto" => "jpg",
            other => other,
        };
        match name {
            "jpg" | "jpeg" => Ok(Format::Jpeg {
                quality: in_range("JPEG quality", quality.unwrap_or(75), 1, 100)?,
            }),
            "png" => Ok(Format::Png),
            "webp" => Ok(Format::WebP {
                quality: quality
                    .map(|q| in_range("WebP quality", q, 0, 100))
                    .transpose()?,
            }),
            "avif" => Ok(Format::Avif {
                quality: in_range("AVIF quality", quality.unwrap_or(80), 1, 100)?,
                speed: in_range("AVIF speed", speed.unwrap_or(5), 1, 10)?,
            }),
            other => Err(format!(
                "`{other}` is not an image format relief writes; use auto, jpg, png, webp or avif"
            )),
        }
    }

    /// The file extension, which is also the format's name in `srcset` choices.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Jpeg { .. } => "jpg",
            Format::Png => "png",
            Format::WebP { .. } => "webp",
            Format::Avif { .. } => "avif",
        }
    }

    /// Quality and speed as Zola feeds them to the hash that names its files (−1 where the
    /// format has none).
    pub(crate) fn hash_parts(self) -> (i16, i16) {
        match self {
            Format::Jpeg { quality } => (quality.into(), -1),
            Format::Png | Format::WebP { quality: None } => (-1, -1),
            Format::WebP { quality: Some(q) } => (q.into(), -1),
            Format::Avif { quality, speed } => (quality.into(), speed.into()),
        }
    }
}

/// Whether a source in `format` is lossless, so that `auto` writes PNG; unknown formats
/// count as lossy, as in Zola.
fn is_lossless(format: Option<ImageFormat>) -> bool {
    use ImageFormat::*;
    matches!(
        format,
        Some(Png | Pnm | Tiff | Tga | Bmp | Ico | Hdr | Farbfeld)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_follows_the_source_and_defaults_are_zolas() {
        let auto = |source| Format::parse("auto", Some(source), None, None).unwrap();
        assert_eq!(auto(ImageFormat::Jpeg), Format::Jpeg { quality: 75 });
        assert_eq!(auto(ImageFormat::Gif), Format::Jpeg { quality: 75 });
        assert_eq!(auto(ImageFormat::Png), Format::Png);
        assert_eq!(
            Format::parse("webp", None, None, None),
            Ok(Format::WebP { quality: None })
        );
        assert_eq!(
            Format::parse("avif", None, None, None),
            Ok(Format::Avif {
                quality: 80,
                speed: 5
            })
        );
    }

    #[test]
    fn out_of_range_settings_are_refused() {
        assert_eq!(
            Format::parse("jpg", None, Some(0), None).unwrap_err(),
            "JPEG quality must be from 1 to 100; 0 is outside that range"
        );
        assert!(Format::parse("avif", None, None, Some(11)).is_err());
        assert!(Format::parse("webp", None, Some(101), None).is_err());
        assert!(Format::parse("gif", None, None, None)
            .unwrap_err()
            .contains("auto, jpg, png, webp or avif"));
    }
}
