//! Responsive images in a real browser: Chromium, at a phone's width (390 px) and a laptop's
//! (1280 px), fetches the candidate of each `srcset` that the widths relief wrote were for:
//! the narrow WebP copy on the phone, the full-width one on the laptop, never the original
//! JPEG where WebP is offered. Needs what the other browser tests need (`scripts/test`).

#[path = "browser/harness.rs"]
mod harness;

use std::path::Path;
use std::time::Duration;

/// A photo-like 1000 × 600 JPEG: gradients with fine texture.
fn photo() -> Vec<u8> {
    let image = image::RgbImage::from_fn(1000, 600, |x, y| {
        let t = ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 23) as u8;
        image::Rgb([(x / 5) as u8 + t, (y / 3) as u8, ((x + y) / 8) as u8 + t])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, image::ImageFormat::Jpeg)
        .unwrap();
    bytes.into_inner()
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn the_browser_picks_the_copy_the_screen_needs() {
    harness::require_browser_tools(false);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "config.toml",
        "title = \"Photos\"\nbase_url = \"https://example.org/\"\ntaxonomies = []\n",
    );
    let shell = |body: &str| {
        format!("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Photos</title><style>body{{margin:0}}img{{max-width:100%;height:auto}}</style></head><body>{body}</body></html>")
    };
    write(
        root,
        "templates/index.html",
        &shell("<h1>{{ section.title }}</h1>"),
    );
    write(
        root,
        "templates/page.html",
        &shell("<h1>{{ page.title }}</h1>{{ page.content | safe }}"),
    );
    write(
        root,
        "content/walk/index.md",
        "+++\ntitle = \"A walk\"\n+++\n![A knee on a walk](knee.jpg)\n",
    );
    std::fs::write(root.join("content/walk/knee.jpg"), photo()).unwrap();
    let site = harness::build_site(root, &[]);
    let page = std::fs::read_to_string(site.path.join("walk/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&page);
    let source = doc
        .select(&scraper::Selector::parse("picture source[type='image/webp']").unwrap())
        .next()
        .unwrap_or_else(|| panic!("no WebP source in {page}"));
    // `sizes` is "(max-width: 1000px) 100vw, 1000px": the phone needs 390 px, the laptop
    // 1000 px. At one device pixel per CSS pixel: the 480 px copy (the narrowest at least
    // 390), and the 1000 px one (800 is too narrow).
    let webp: Vec<(&str, &str)> = source
        .value()
        .attr("srcset")
        .unwrap()
        .split(", ")
        .map(|c| c.split_once(' ').unwrap())
        .collect();
    let url = |w: &str| webp.iter().find(|(_, width)| *width == w).unwrap().0;
    let run = harness::run_node_script(
        "srcset.mjs",
        [
            site.path.as_os_str(),
            "/walk/".as_ref(),
            "390".as_ref(),
            "1280".as_ref(),
        ],
        Duration::from_secs(120),
    );
    assert!(run.status.success(), "{}{}", run.stdout, run.stderr);
    let chosen: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        chosen,
        [
            format!("390\tA knee on a walk\t{}", url("480w")),
            format!("1280\tA knee on a walk\t{}", url("1000w")),
        ]
    );
}
