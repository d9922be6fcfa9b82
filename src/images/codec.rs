//! Reading and writing pixels: a source's header (format, size as shown, orientation), then
//! the decode, EXIF turn, crop, resize and encode of one processed image. Sources are
//! whatever an author put in the site, so every failure is an `Err` with words for them, and
//! decoding is bounded: a file claiming 30,000 × 30,000 pixels is refused from its header
//! before a byte of pixels is allocated.

use super::format::Format;
use super::operation::Plan;
use image::codecs::avif::AvifEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader, Limits};
use std::path::Path;

/// The most pixels relief decodes in one image: 100 megapixels (a 12,000 × 8,000 photo) is
/// about 400 MB as RGBA, and two such decodes at once still fit a small CI machine.
pub(crate) const MAX_PIXELS: u64 = 100_000_000;

/// What a source's header says.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Header {
    pub format: Option<ImageFormat>,
    /// Width and height as a browser shows the image: sides swapped for a photo taken on its
    /// side (EXIF orientation 5 to 8).
    pub size: (u32, u32),
}

/// The decoder's limits: no side over 65,535 and at most 1 GiB allocated, a backstop to the
/// pixel count checked first.
fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(u32::from(u16::MAX));
    limits.max_image_height = Some(u32::from(u16::MAX));
    limits.max_alloc = Some(1 << 30);
    limits
}

/// A decoder for the file at `path`, its format guessed from its first bytes.
fn decoder(path: &Path) -> Result<(impl ImageDecoder, Option<ImageFormat>), String> {
    let mut reader = ImageReader::open(path)
        .and_then(ImageReader::with_guessed_format)
        .map_err(|e| format!("it could not be read: {e}"))?;
    reader.limits(limits());
    let format = reader.format();
    if format.is_none() {
        return Err("its bytes are not a PNG, JPEG, GIF, WebP or AVIF image".into());
    }
    let decoder = reader.into_decoder().map_err(|e| describe(&e))?;
    Ok((decoder, format))
}

/// The header of the image at `path`, refused if it has too many pixels to decode.
pub(crate) fn header(path: &Path) -> Result<Header, String> {
    let (mut decoder, format) = decoder(path)?;
    let (width, height) = decoder.dimensions();
    check_pixels(width, height)?;
    let size = match decoder.orientation().unwrap_or(Orientation::NoTransforms) {
        Orientation::Rotate90
        | Orientation::Rotate270
        | Orientation::Rotate90FlipH
        | Orientation::Rotate270FlipH => (height, width),
        _ => (width, height),
    };
    Ok(Header { format, size })
}

/// Refuse an image of `width` × `height` if decoding it would take too much memory.
fn check_pixels(width: u32, height: u32) -> Result<(), String> {
    if width == 0 || height == 0 {
        return Err(format!("it says it is {width} × {height} pixels"));
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS {
        return Err(format!(
            "it is {width} × {height} pixels ({} megapixels), more than the {} relief decodes; make it smaller first",
            pixels / 1_000_000,
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

/// The image at `path`, turned as its EXIF orientation says, cut and resized by `plan`,
/// encoded as `format`.
pub(crate) fn process(path: &Path, plan: Plan, format: Format) -> Result<Vec<u8>, String> {
    let image = decode(path)?;
    let mut current = &image;
    let cropped;
    if let Some((x, y, w, h)) = plan.crop {
        cropped = current.crop_imm(x, y, w, h);
        current = &cropped;
    }
    let resized;
    if let Some((w, h)) = plan.resize {
        resized = resize(current, w, h);
        current = &resized;
    }
    encode(current, format)
}

/// The pixels of the image at `path`, turned as its EXIF orientation says.
pub(crate) fn decode(path: &Path) -> Result<DynamicImage, String> {
    let (mut decoder, _) = decoder(path)?;
    let (width, height) = decoder.dimensions();
    check_pixels(width, height)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| describe(&e))?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// `image` resized to exactly `width` × `height`.
pub(crate) fn resize(image: &DynamicImage, width: u32, height: u32) -> DynamicImage {
    image.resize_exact(width, height, FilterType::Lanczos3)
}

/// `image` as `format`; 8 bits per channel, with an alpha channel only if it has one.
pub(crate) fn encode(image: &DynamicImage, format: Format) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let alpha = image.color().has_alpha();
    let pixels = match (format, alpha) {
        // JPEG has no transparency.
        (Format::Jpeg { .. }, _) | (_, false) => DynamicImage::ImageRgb8(image.to_rgb8()),
        (_, true) => DynamicImage::ImageRgba8(image.to_rgba8()),
    };
    let (width, height) = (pixels.width(), pixels.height());
    let color: image::ExtendedColorType = pixels.color().into();
    let bytes = pixels.as_bytes();
    let written = match format {
        Format::Jpeg { quality } => JpegEncoder::new_with_quality(&mut out, quality)
            .write_image(bytes, width, height, color),
        Format::Png => PngEncoder::new(&mut out).write_image(bytes, width, height, color),
        Format::WebP { quality: None } => {
            WebPEncoder::new_lossless(&mut out).write_image(bytes, width, height, color)
        }
        Format::WebP {
            quality: Some(quality),
        } => {
            // `image` writes lossless WebP only; libwebp (built from source by `webp`) writes
            // the lossy kind, which is what makes WebP smaller than JPEG.
            let encoder = match alpha {
                true => webp::Encoder::from_rgba(bytes, width, height),
                false => webp::Encoder::from_rgb(bytes, width, height),
            };
            out.extend_from_slice(&encoder.encode(f32::from(quality)));
            Ok(())
        }
        Format::Avif { quality, speed } => {
            AvifEncoder::new_with_speed_quality(&mut out, speed, quality)
                .write_image(bytes, width, height, color)
        }
    };
    written.map_err(|e| format!("it could not be written as {}: {e}", format.extension()))?;
    Ok(out)
}

/// A decoding error in an author's words.
fn describe(error: &image::ImageError) -> String {
    match error {
        image::ImageError::Unsupported(e) => format!("its format is not one relief can read ({e})"),
        image::ImageError::Limits(e) => format!("it is too large to decode safely ({e})"),
        other => format!("it is damaged or cut short ({other})"),
    }
}
