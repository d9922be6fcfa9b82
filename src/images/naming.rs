//! The names processed images get in the output, as Zola gives them: the source's file stem,
//! a 64-bit hash of the path as written, the operation and the format, and the extension
//! (`photo.e99218b5a3185c99.jpg`). A template that links to a processed file by name, or a
//! cache that keeps them, finds the same names under relief.

use super::format::Format;
use super::operation::Operation;
use std::hash::Hasher as _;
use std::path::Path;

/// The folder of the output (and of `static_path`, under `static/`) holding processed images.
pub(crate) const FOLDER: &str = "processed_images";

/// The file name of `source`, asked for as `written` (`@/` made `content/`, no leading `/`),
/// processed by `operation` into `format`.
pub(crate) fn file_name(
    source: &Path,
    written: &str,
    operation: Operation,
    format: Format,
) -> String {
    // Zola hashes with the standard library's `DefaultHasher::new()` (fixed keys): the
    // path's bytes, then the operation as its derived `Hash` writes it (the discriminant as
    // a machine word, then each side), then the format's extension, quality and speed.
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    hasher.write(written.as_bytes());
    let (discriminant, sides) = operation.hash_parts();
    hasher.write_isize(discriminant as isize);
    for side in sides {
        hasher.write_u32(side);
    }
    let (quality, speed) = format.hash_parts();
    hasher.write(format.extension().as_bytes());
    hasher.write_i16(quality);
    hasher.write_i16(speed);
    let stem = source
        .file_stem()
        .map_or_else(|| "unknown".into(), |s| s.to_string_lossy());
    format!("{stem}.{:016x}.{}", hasher.finish(), format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names Zola's own tests expect for a 40 × 40 fill of a JPEG (component
    /// `templates`, `can_resize_image`).
    #[test]
    fn names_are_the_ones_zola_gives() {
        let name = |written: &str, file: &str| {
            file_name(
                Path::new(file),
                written,
                Operation::Fill(40, 40),
                Format::Jpeg { quality: 75 },
            )
        };
        assert_eq!(
            name("static/gutenberg.jpg", "static/gutenberg.jpg"),
            "gutenberg.e99218b5a3185c99.jpg"
        );
        assert_eq!(
            name("content/gutenberg.jpg", "content/gutenberg.jpg"),
            "gutenberg.155d032b1aae0133.jpg"
        );
        assert_eq!(
            name("gallery/asset.jpg", "content/gallery/asset.jpg"),
            "asset.160461e0d0be19e6.jpg"
        );
    }
}
