//! Zola's `resize_image`, as Zola 0.23 documents it (content/image-processing): every
//! operation and format against sizes worked out by hand, on images made here, the files
//! written where the returned URLs say, and the cache that spares a rebuild any encoding.

mod common;
use common::*;
use image::{ImageFormat, RgbImage};
use std::path::Path;

/// A 300 × 380 PNG (the size of Zola's documentation example) in static/, a 400 × 300 JPEG
/// in content/, and the same JPEG marked as taken on its side (EXIF orientation 6).
fn site_with_images() -> tempfile::TempDir {
    let dir = fixture("zola-images");
    let root = dir.path();
    std::fs::create_dir_all(root.join("static")).unwrap();
    gradient(300, 380)
        .save(root.join("static/zola.png"))
        .unwrap();
    let jpeg = jpeg(&gradient(400, 300));
    std::fs::write(root.join("content/photo.jpg"), &jpeg).unwrap();
    std::fs::write(root.join("content/turned.jpg"), with_orientation(&jpeg, 6)).unwrap();
    dir
}

/// An image with something in it, so encoders have work to do.
fn gradient(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (x * 255 / width) as u8,
            (y * 255 / height) as u8,
            ((x + y) % 256) as u8,
        ])
    })
}

/// The output file a processed image's URL names, decoded: its format and size.
fn written(out: &Path, url: &str) -> (ImageFormat, (u32, u32)) {
    let rel = url
        .strip_prefix("https://example.org/")
        .unwrap_or_else(|| panic!("{url} is not under the base URL"));
    assert!(rel.starts_with("processed_images/"), "{url}");
    let bytes = std::fs::read(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let format = image::guess_format(&bytes).unwrap();
    let decoded = image::load_from_memory_with_format(&bytes, format);
    // No AVIF decoder is built in (it would need a system library): its size is checked
    // from its header instead.
    let size = match decoded {
        Ok(image) => (image.width(), image.height()),
        Err(_) => {
            let size = imagesize::blob_size(&bytes).unwrap();
            (size.width as u32, size.height as u32)
        }
    };
    (format, size)
}

#[test]
fn every_operation_gives_the_documented_sizes() {
    let dir = site_with_images();
    let out = built(dir.path(), &[]);
    let page = html(&out.join("index.html"));
    let dd = |id: &str| select(&page, &format!("dd#{id}"))[0];
    // Sizes worked out by hand from 300 × 380 (see src/images/operation.rs for the sums).
    for (id, size, text) in [
        ("scale", (150, 150), "150x150 of 300x380"),
        ("fit_width", (100, 126), "100x126 of 300x380"),
        ("fit_height", (118, 150), "118x150 of 300x380"),
        ("fit-large", (300, 380), "300x380 of 300x380"),
        ("fit", (118, 150), "118x150 of 300x380"),
        ("fill", (150, 150), "150x150 of 300x380"),
    ] {
        let element = dd(id);
        assert_eq!(element.text().collect::<String>(), text, "{id}");
        let url = element.value().attr("data-url").unwrap();
        assert_eq!(written(&out, url), (ImageFormat::Png, size), "{id}: {url}");
        // Zola's names: stem, 16 hex digits, extension; static_path under static/.
        let name = url.rsplit('/').next().unwrap();
        let parts: Vec<&str> = name.split('.').collect();
        assert_eq!(parts.len(), 3, "{name}");
        assert_eq!((parts[0], parts[1].len(), parts[2]), ("zola", 16, "png"));
        assert_eq!(
            element.value().attr("data-static").unwrap(),
            format!("static/processed_images/{name}")
        );
    }
    // `static/zola.png`, `/static/zola.png` and `zola.png` name one file, but Zola names
    // results after the path as written, so they differ.
    let url = |id: &str| dd(id).value().attr("data-url").unwrap().to_string();
    assert_ne!(url("fit_width"), url("fit_height"));
}

#[test]
fn every_format_is_written_as_asked() {
    let dir = site_with_images();
    let out = built(dir.path(), &[]);
    let page = html(&out.join("index.html"));
    let formats: Vec<(ImageFormat, (u32, u32))> = select(&page, "dd.format")
        .iter()
        .map(|dd| {
            assert_eq!(dd.text().collect::<String>(), "200x150");
            written(&out, dd.value().attr("data-url").unwrap())
        })
        .collect();
    // 400 × 300 to 200 wide: 300 × 200 / 400 = 150 tall.
    let size = (200, 150);
    assert_eq!(
        formats,
        [
            (ImageFormat::Jpeg, size),
            (ImageFormat::Jpeg, size),
            (ImageFormat::Png, size),
            (ImageFormat::WebP, size),
            (ImageFormat::WebP, size),
            (ImageFormat::Avif, size),
        ]
    );
    let urls: Vec<&str> = select(&page, "dd.format")
        .iter()
        .map(|dd| dd.value().attr("data-url").unwrap())
        .collect();
    // Lossy WebP is much smaller than lossless WebP of the same pixels.
    let bytes = |url: &str| {
        std::fs::metadata(out.join(url.trim_start_matches("https://example.org/")))
            .unwrap()
            .len()
    };
    assert!(
        bytes(urls[4]) < bytes(urls[3]) / 2,
        "{} {}",
        bytes(urls[4]),
        bytes(urls[3])
    );
}

#[test]
fn a_photo_taken_on_its_side_is_turned_upright() {
    let dir = site_with_images();
    let out = built(dir.path(), &[]);
    let page = html(&out.join("index.html"));
    let dd = select(&page, "dd#turned")[0];
    // Stored 400 × 300, shown 300 × 400; 150 wide makes 400 × 150 / 300 = 200 tall.
    assert_eq!(dd.text().collect::<String>(), "150x200 of 300x400");
    let url = dd.value().attr("data-url").unwrap();
    assert_eq!(written(&out, url), (ImageFormat::Jpeg, (150, 200)));
}

#[test]
fn a_rebuild_takes_every_image_from_the_cache() {
    let dir = site_with_images();
    let out = dir.path().join("public");
    let first = build(dir.path(), &out, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    // 6 operations, 6 formats and the turned photo: 13 files, of which `fit` 150 × 150
    // and `fit_height` 150 are the same pixels, made once.
    assert!(
        stdout(&first).contains("13 processed images (12 encoded)"),
        "{}",
        stdout(&first)
    );
    let before = snapshot(&out);
    let second = build(dir.path(), &out, &[]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stdout(&second).contains("13 processed images (0 encoded)"),
        "{}",
        stdout(&second)
    );
    assert_eq!(
        snapshot(&out),
        before,
        "the cached files are the ones written before"
    );
    // An edited image is made again, and only the results that come from it.
    image::RgbImage::from_pixel(300, 380, image::Rgb([9, 9, 9]))
        .save(dir.path().join("static/zola.png"))
        .unwrap();
    let third = build(dir.path(), &out, &[]);
    assert!(
        stdout(&third).contains("13 processed images (5 encoded)"),
        "{}",
        stdout(&third)
    );
    assert!(dir.path().join(".relief-cache/images").is_dir());
}

#[test]
fn the_cache_folder_is_configurable() {
    let dir = site_with_images();
    let config = dir.path().join("zola.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{text}\n[images]\ncache_dir = \"ci-cache\"\n"),
    )
    .unwrap();
    built(dir.path(), &[]);
    let kept = std::fs::read_dir(dir.path().join("ci-cache"))
        .unwrap()
        .count();
    assert_eq!(kept, 12, "one file per distinct result");
    assert!(!dir.path().join(".relief-cache").exists());
}
