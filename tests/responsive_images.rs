//! Markdown images made responsive by themselves (`[images]` of config.toml): copies at the
//! configured widths the image actually has, never enlarged, WebP where smaller, `sizes`,
//! `width`/`height`, lazy loading after the first image, EXIF orientation applied, the
//! variants handed to the image hook, and the cache that spares a rebuild any encoding.
//! Every image is made here; the widths expected are worked out by hand in the comments.

mod common;
use common::*;
use image::{ImageFormat, RgbImage};
use std::path::Path;

/// A photo-like picture: smooth gradients with some fine texture, so that encoders have
/// real work and lossy formats beat lossless ones as they do on photographs.
fn photo(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let noise = ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 23) as u8;
        image::Rgb([
            (x * 200 / width) as u8 + noise,
            (y * 200 / height) as u8 + noise,
            (((x + y) / 3) % 200) as u8 + noise,
        ])
    })
}

/// A relief site (tests/broken/_good) with `config` appended to its config.toml and a page
/// bundle `photos/` holding a 1000 × 600 JPEG, a 300 × 200 PNG and a 400 × 300 JPEG marked as
/// taken on its side; its Markdown is `body`.
fn site(config: &str, body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(&repo().join("tests/broken/_good"), root);
    let mut text = std::fs::read_to_string(root.join("config.toml")).unwrap();
    text.push_str(config);
    std::fs::write(root.join("config.toml"), text).unwrap();
    write_file(
        root,
        "content/photos/index.md",
        &format!("+++\ntitle = \"Photos\"\n+++\n{body}"),
    );
    let bundle = root.join("content/photos");
    std::fs::write(bundle.join("wide.jpg"), jpeg(&photo(1000, 600))).unwrap();
    photo(300, 200).save(bundle.join("small.png")).unwrap();
    std::fs::write(
        bundle.join("turned.jpg"),
        with_orientation(&jpeg(&photo(400, 300)), 6),
    )
    .unwrap();
    dir
}

const ALL_THREE: &str = "![A wide photo](wide.jpg)\n\nText.\n\n![A small drawing](small.png)\n\n![A photo taken on its side](turned.jpg)\n";

/// A `srcset` as (URL, width) pairs.
fn candidates(srcset: &str) -> Vec<(String, u32)> {
    srcset
        .split(", ")
        .map(|c| {
            let (url, w) = c.rsplit_once(' ').unwrap();
            (url.to_string(), w.trim_end_matches('w').parse().unwrap())
        })
        .collect()
}

/// The output file a root-relative URL names, decoded: its format and size.
fn decoded(out: &Path, url: &str) -> (ImageFormat, (u32, u32)) {
    let bytes = std::fs::read(out.join(url.trim_start_matches('/')))
        .unwrap_or_else(|e| panic!("{url}: {e}"));
    let format = image::guess_format(&bytes).unwrap();
    let image = image::load_from_memory_with_format(&bytes, format).unwrap();
    (format, (image.width(), image.height()))
}

fn attr<'a>(element: &scraper::ElementRef<'a>, name: &str) -> &'a str {
    element
        .value()
        .attr(name)
        .unwrap_or_else(|| panic!("no {name} on {}", element.html()))
}

#[test]
fn a_photo_gets_the_widths_it_has_in_its_format_and_in_webp() {
    let dir = site("", ALL_THREE);
    let out = built(dir.path(), &[]);
    let page = html(&out.join("photos/index.html"));
    let pictures = select(&page, "picture");
    let img = select(&page, "picture img")[0];
    // Of 480, 800, 1200 and 1600, the 1000 px photo has 480 and 800; then itself.
    let own = candidates(attr(&img, "srcset"));
    assert_eq!(
        own.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
        [480, 800, 1000]
    );
    assert_eq!(own[2].0, "wide.jpg", "the original is the widest candidate");
    // 600 × 480 / 1000 = 288; 600 × 800 / 1000 = 480.
    assert_eq!(decoded(&out, &own[0].0), (ImageFormat::Jpeg, (480, 288)));
    assert_eq!(decoded(&out, &own[1].0), (ImageFormat::Jpeg, (800, 480)));
    assert_eq!(
        (attr(&img, "src"), attr(&img, "width"), attr(&img, "height")),
        ("wide.jpg", "1000", "600")
    );
    assert_eq!(attr(&img, "sizes"), "(max-width: 1000px) 100vw, 1000px");
    assert_eq!(
        img.value().attr("loading"),
        None,
        "the first image is not lazy"
    );
    // The same widths and the full one in WebP, which weighs less.
    let source = select(&page, "picture source")[0];
    assert_eq!(attr(&source, "type"), "image/webp");
    assert_eq!(attr(&source, "sizes"), attr(&img, "sizes"));
    let webp = candidates(attr(&source, "srcset"));
    let sizes: Vec<(ImageFormat, (u32, u32))> =
        webp.iter().map(|(url, _)| decoded(&out, url)).collect();
    assert_eq!(
        sizes,
        [
            (ImageFormat::WebP, (480, 288)),
            (ImageFormat::WebP, (800, 480)),
            (ImageFormat::WebP, (1000, 600)),
        ]
    );
    let weight = |url: &str| {
        std::fs::metadata(out.join(url.trim_start_matches('/')))
            .unwrap()
            .len()
    };
    let original = std::fs::metadata(dir.path().join("content/photos/wide.jpg"))
        .unwrap()
        .len();
    assert!(weight(&webp[2].0) < original);
    // Images after the first wait until the reader scrolls near them.
    for img in select(&page, "img").iter().skip(1) {
        assert_eq!(attr(img, "loading"), "lazy", "{}", img.html());
    }
    assert_eq!(pictures.len(), 3, "{}", page.html());
}

#[test]
fn an_image_narrower_than_every_width_is_never_enlarged() {
    let dir = site("", ALL_THREE);
    let out = built(dir.path(), &[]);
    let page = html(&out.join("photos/index.html"));
    let img = select(&page, "img[alt='A small drawing']")[0];
    // 300 px wide, below 480: no resized copy, so no srcset of its own.
    assert_eq!(img.value().attr("srcset"), None, "{}", img.html());
    assert_eq!((attr(&img, "width"), attr(&img, "height")), ("300", "200"));
    // A drawing (PNG) gets lossless WebP at its own width only.
    let picture = img.parent().and_then(scraper::ElementRef::wrap).unwrap();
    let source = select(&page, "picture")
        .into_iter()
        .find(|p| p.id() == picture.id())
        .map(|p| {
            p.select(&scraper::Selector::parse("source").unwrap())
                .next()
                .unwrap()
        })
        .unwrap();
    let webp = candidates(attr(&source, "srcset"));
    assert_eq!(webp.len(), 1);
    assert_eq!(decoded(&out, &webp[0].0), (ImageFormat::WebP, (300, 200)));
    // No processed file anywhere is wider than its source.
    for entry in std::fs::read_dir(out.join("processed_images")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let (_, (w, _)) = decoded(&out, &format!("processed_images/{name}"));
        let source_width = match name.split('.').next().unwrap() {
            "wide" => 1000,
            "small" => 300,
            "turned" => 300,
            other => panic!("unexpected {other}"),
        };
        assert!(w <= source_width, "{name} is {w} wide");
    }
}

#[test]
fn a_photo_taken_on_its_side_is_resized_upright() {
    let dir = site("[images]\nwidths = [200]\n", ALL_THREE);
    let out = built(dir.path(), &[]);
    let page = html(&out.join("photos/index.html"));
    let img = select(&page, "img[alt='A photo taken on its side']")[0];
    // Stored 400 × 300, shown 300 × 400; 200 wide makes 400 × 200 / 300 = 266 tall.
    assert_eq!((attr(&img, "width"), attr(&img, "height")), ("300", "400"));
    let own = candidates(attr(&img, "srcset"));
    assert_eq!(own[1], ("turned.jpg".to_string(), 300));
    assert_eq!(decoded(&out, &own[0].0), (ImageFormat::Jpeg, (200, 266)));
}

#[test]
fn a_rebuild_encodes_nothing_and_an_edit_encodes_only_that_image() {
    let dir = site("", ALL_THREE);
    let out = dir.path().join("public");
    let first = build(dir.path(), &out, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    // wide: 480 and 800 in JPEG, and in WebP with 1000 (5); small: WebP 300 (1); turned,
    // 300 wide: WebP 300 (1). Seven files, each encoded once.
    assert!(
        stdout(&first).contains("7 processed images (7 encoded)"),
        "{}",
        stdout(&first)
    );
    let before = snapshot(&out);
    let second = build(dir.path(), &out, &[]);
    assert!(
        stdout(&second).contains("7 processed images (0 encoded)"),
        "{}",
        stdout(&second)
    );
    assert_eq!(snapshot(&out), before);
    // A new small.png: only its one copy is made again.
    image::RgbImage::from_pixel(300, 200, image::Rgb([200, 30, 30]))
        .save(dir.path().join("content/photos/small.png"))
        .unwrap();
    let third = build(dir.path(), &out, &[]);
    assert!(
        stdout(&third).contains("7 processed images (1 encoded)"),
        "{}",
        stdout(&third)
    );
}

#[test]
fn the_image_hook_receives_the_variants() {
    let dir = site("[images]\nwidths = [500]\n", "![A wide photo](wide.jpg)\n");
    write_file(
        dir.path(),
        "templates/markdown/image.html",
        r#"<picture class="mine">{% for s in image.sources %}<source type="{{ s.mime }}" srcset="{{ s.srcset }}" sizes="{{ image.sizes }}">{% endfor %}<img src="{{ image.src }}" srcset="{{ image.srcset }}" sizes="{{ image.sizes }}" alt="{{ image.alt }}" width="{{ image.width }}" height="{{ image.height }}"></picture>"#,
    );
    let out = built(dir.path(), &[]);
    let page = html(&out.join("photos/index.html"));
    let img = select(&page, "picture.mine img")[0];
    let own = candidates(attr(&img, "srcset"));
    assert_eq!(own.iter().map(|(_, w)| *w).collect::<Vec<_>>(), [500, 1000]);
    assert_eq!(decoded(&out, &own[0].0), (ImageFormat::Jpeg, (500, 300)));
    let source = select(&page, "picture.mine source")[0];
    assert_eq!(attr(&source, "type"), "image/webp");
    assert_eq!(candidates(attr(&source, "srcset")).len(), 2);
}

#[test]
fn settings_turn_it_off_or_change_widths_formats_and_sizes() {
    let off = site("[images]\nresponsive = false\n", ALL_THREE);
    let out = built(off.path(), &[]);
    let page = html(&out.join("photos/index.html"));
    assert!(select(&page, "picture").is_empty());
    assert!(select(&page, "img[srcset]").is_empty());
    assert!(!out.join("processed_images").exists());

    let custom = site(
        "[images]\nwidths = [320, 640, 2000]\nformats = []\nquality = 50\nsizes = \"(min-width: 60em) 40em, 100vw\"\n",
        ALL_THREE,
    );
    let out = built(custom.path(), &[]);
    let page = html(&out.join("photos/index.html"));
    assert!(
        select(&page, "picture").is_empty(),
        "no modern format asked"
    );
    let img = select(&page, "img[alt='A wide photo']")[0];
    let own = candidates(attr(&img, "srcset"));
    assert_eq!(
        own.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
        [320, 640, 1000]
    );
    assert_eq!(attr(&img, "sizes"), "(min-width: 60em) 40em, 100vw");
    // 600 × 320 / 1000 = 192.
    assert_eq!(decoded(&out, &own[0].0), (ImageFormat::Jpeg, (320, 192)));
}

/// `formats = ["avif", "webp"]`: an AVIF source first, then WebP, each with the widths the
/// photo has and its full width, each file encoded in its format at the size it claims and,
/// together, lighter than the JPEGs (only a lighter format is offered).
#[test]
fn avif_is_offered_first_where_asked_and_written_at_the_widths_it_claims() {
    let dir = site(
        "[images]\nformats = [\"avif\", \"webp\"]\n",
        "![A wide photo](wide.jpg)\n",
    );
    let out = built(dir.path(), &[]);
    let page = html(&out.join("photos/index.html"));
    let sources = select(&page, "picture source");
    let types: Vec<&str> = sources.iter().map(|s| attr(s, "type")).collect();
    assert_eq!(types, ["image/avif", "image/webp"], "{}", page.html());
    let img = select(&page, "picture img")[0];
    assert_eq!(attr(&sources[0], "sizes"), attr(&img, "sizes"));
    let avif = candidates(attr(&sources[0], "srcset"));
    // No AVIF decoder is built in (it would need a system library): each file's format is
    // read from its first bytes and its size from its header.
    let written: Vec<(ImageFormat, (u32, u32), u32)> = avif
        .iter()
        .map(|(url, w)| {
            let bytes = std::fs::read(out.join(url.trim_start_matches('/'))).unwrap();
            let size = imagesize::blob_size(&bytes).unwrap();
            let format = image::guess_format(&bytes).unwrap();
            (format, (size.width as u32, size.height as u32), *w)
        })
        .collect();
    // 600 × 480 / 1000 = 288; 600 × 800 / 1000 = 480; then the whole photo.
    assert_eq!(
        written,
        [
            (ImageFormat::Avif, (480, 288), 480),
            (ImageFormat::Avif, (800, 480), 800),
            (ImageFormat::Avif, (1000, 600), 1000),
        ]
    );
    let weight = |srcset: &str| -> u64 {
        candidates(srcset)
            .iter()
            .map(|(url, _)| {
                let file = match url.starts_with('/') {
                    true => out.join(url.trim_start_matches('/')),
                    false => out.join("photos").join(url),
                };
                std::fs::metadata(&file).unwrap().len()
            })
            .sum()
    };
    assert!(
        weight(attr(&sources[0], "srcset")) < weight(attr(&img, "srcset")),
        "AVIF is offered though heavier than the JPEGs"
    );
}

#[test]
fn a_zola_site_keeps_its_images_as_they_are_unless_asked() {
    let dir = site("", ALL_THREE);
    let root = dir.path();
    // A Zola site: zola.toml instead of config.toml.
    std::fs::rename(root.join("config.toml"), root.join("zola.toml")).unwrap();
    let out = built(root, &[]);
    let page = html(&out.join("photos/index.html"));
    assert!(
        select(&page, "picture, img[srcset]").is_empty(),
        "{}",
        page.html()
    );
    assert!(!out.join("processed_images").exists());
    let mut text = std::fs::read_to_string(root.join("zola.toml")).unwrap();
    text.push_str("[images]\nresponsive = true\n");
    std::fs::write(root.join("zola.toml"), text).unwrap();
    let out = built(root, &[]);
    let page = html(&out.join("photos/index.html"));
    assert_eq!(select(&page, "picture").len(), 3);
}

#[test]
fn a_damaged_image_is_an_error_at_its_markdown_line() {
    let dir = site("", "Text.\n\n![A damaged drawing](broken.png)\n");
    // A PNG cut off a third of the way through its pixels.
    let mut png = std::io::Cursor::new(Vec::new());
    photo(1000, 600)
        .write_to(&mut png, ImageFormat::Png)
        .unwrap();
    let png = png.into_inner();
    std::fs::write(
        dir.path().join("content/photos/broken.png"),
        &png[..png.len() / 3],
    )
    .unwrap();
    let out = dir.path().join("public");
    let run = build(dir.path(), &out, &[]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("image `broken.png`: it is damaged or cut short"),
        "{err}"
    );
    assert!(err.contains("content/photos/index.md:6"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_cache_folder_that_cannot_be_written_is_a_warning() {
    // The cache folder would sit below a file: no one, root included, can create it.
    let dir = site("[images]\ncache_dir = \"config.toml/images\"\n", ALL_THREE);
    let out = dir.path().join("public");
    let run = build(dir.path(), &out, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    let err = stderr(&run);
    assert!(err.contains("warning[image-cache]"), "{err}");
    assert!(
        err.contains("could not be kept in the image cache"),
        "{err}"
    );
    // The copies are in the output all the same.
    let page = html(&out.join("photos/index.html"));
    let img = select(&page, "picture img")[0];
    let own = candidates(attr(&img, "srcset"));
    assert_eq!(decoded(&out, &own[0].0), (ImageFormat::Jpeg, (480, 288)));
    assert!(stdout(&run).contains("7 processed images (7 encoded)"));
}
