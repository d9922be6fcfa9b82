//! Social cards (`social_card()`, `[images.social_cards]`): a 1200 × 630 PNG per page made at
//! build from a template, with the page's title, rating and the site's name; the meta tags
//! point at it; its text is really drawn; an unchanged card is not drawn again; a Zola site
//! makes none unless asked.

mod common;
use common::*;
use std::path::Path;

/// A relief site (tests/broken/_good) whose pages ask for a card in their `<head>`, with
/// `config` appended to its config.toml.
fn site(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(&repo().join("tests/broken/_good"), root);
    let mut text = std::fs::read_to_string(root.join("config.toml")).unwrap();
    text.push_str(config);
    std::fs::write(root.join("config.toml"), text).unwrap();
    write_file(
        root,
        "templates/page.html",
        r#"{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock title %}
{% block content %}{% set card = social_card(title=page.title, rating="Some evidence") %}{% if card %}<meta property="og:image" content="{{ card.url }}"><meta property="og:image:alt" content="{{ card.alt }}"><meta name="twitter:image" content="{{ card.url }}"><meta property="og:image:width" content="{{ card.width }}">{% endif %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock content %}"#,
    );
    dir
}

/// The card a page's `og:image` names: its file in the output, decoded.
fn card(out: &Path, page: &str) -> (String, image::RgbImage, u64) {
    let doc = html(&out.join(page));
    let og = select(&doc, "meta[property='og:image']");
    assert_eq!(og.len(), 1, "{}", doc.html());
    let url = og[0].value().attr("content").unwrap().to_string();
    let twitter = select(&doc, "meta[name='twitter:image']")[0];
    assert_eq!(twitter.value().attr("content"), Some(url.as_str()));
    let rel = url
        .strip_prefix("https://example.org/")
        .unwrap_or_else(|| panic!("{url} is not absolute under the base URL"));
    let file = out.join(rel);
    let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{url}: {e}"));
    assert_eq!(
        image::guess_format(&bytes).unwrap(),
        image::ImageFormat::Png
    );
    let image = image::load_from_memory(&bytes).unwrap().to_rgb8();
    (url, image, bytes.len() as u64)
}

/// The variance of the pixels' brightness in the rectangle `x, y, w, h`: near 0 on a flat
/// background, large where text is drawn.
fn variance(image: &image::RgbImage, (x, y, w, h): (u32, u32, u32, u32)) -> f64 {
    let values: Vec<f64> = (y..y + h)
        .flat_map(|y| (x..x + w).map(move |x| (x, y)))
        .map(|(x, y)| {
            let p = image.get_pixel(x, y).0;
            (f64::from(p[0]) + f64::from(p[1]) + f64::from(p[2])) / 3.0
        })
        .collect();
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / values.len() as f64
}

#[test]
fn every_page_gets_a_card_of_1200_by_630_with_its_text_drawn() {
    let dir = site("");
    let out = built(dir.path(), &[]);
    let (url_a, a, bytes) = card(&out, "a/index.html");
    assert_eq!(a.dimensions(), (1200, 630));
    assert!(bytes <= 100 * 1024, "{bytes} bytes");
    // The title's band has text; the strip below the rating and the right margin do not.
    assert!(variance(&a, (80, 200, 1000, 250)) > 500.0);
    assert!(variance(&a, (600, 590, 500, 30)) < 1.0);
    let (url_b, b, _) = card(&out, "guide/b/index.html");
    assert_ne!(url_a, url_b, "each page its own card");
    assert_ne!(a, b);
    let doc = html(&out.join("a/index.html"));
    let alt = select(&doc, "meta[property='og:image:alt']")[0]
        .value()
        .attr("content")
        .unwrap()
        .to_string();
    let title = texts(&doc, "h1")[0].clone();
    assert!(alt.starts_with(&title), "{alt}");
    assert!(alt.contains("Evidence: Some evidence."), "{alt}");
    assert!(alt.ends_with("Good site"), "{alt}");
}

#[test]
fn a_rebuild_draws_no_card_again() {
    let dir = site("");
    let out = dir.path().join("public");
    let first = build(dir.path(), &out, &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let made = stdout(&first);
    // Two pages, two cards, each drawn once.
    assert!(made.contains("2 processed images (2 encoded)"), "{made}");
    let second = build(dir.path(), &out, &[]);
    assert!(
        stdout(&second).contains("2 processed images (0 encoded)"),
        "{}",
        stdout(&second)
    );
    // A new title draws that page's card only.
    let page = dir.path().join("content/a.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let retitled = text.replacen("title = \"", "title = \"New: ", 1);
    assert_ne!(text, retitled);
    std::fs::write(&page, retitled).unwrap();
    let third = build(dir.path(), &out, &[]);
    assert!(
        stdout(&third).contains("2 processed images (1 encoded)"),
        "{}",
        stdout(&third)
    );
}

#[test]
fn colours_and_the_template_are_the_sites_to_choose() {
    let dir = site("[images.social_cards]\nbackground = \"#000000\"\ntext = \"#ffffff\"\n");
    let out = built(dir.path(), &[]);
    let (_, dark, _) = card(&out, "a/index.html");
    assert_eq!(
        dark.get_pixel(1190, 620).0,
        [0, 0, 0],
        "the background asked"
    );

    let own = site("[images.social_cards]\ntemplate = \"card.svg\"\n");
    write_file(
        own.path(),
        "templates/card.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{{ width }}" height="{{ height }}"><rect width="{{ width }}" height="{{ height }}" fill="#ff0000"/><text x="40" y="300" font-size="80" fill="#ffffff">{{ title.lines | join(sep=" ") }}</text></svg>"##,
    );
    let out = built(own.path(), &[]);
    let (_, red, _) = card(&out, "a/index.html");
    assert_eq!(red.get_pixel(5, 5).0, [255, 0, 0]);
    assert!(
        variance(&red, (40, 220, 800, 100)) > 500.0,
        "the title is drawn"
    );

    let bad = site("[images.social_cards]\naccent = \"teal\"\n");
    let run = build(bad.path(), &bad.path().join("public"), &[]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("`teal` is not a colour"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_zola_site_makes_no_card_unless_asked() {
    let dir = site("");
    let root = dir.path();
    std::fs::rename(root.join("config.toml"), root.join("zola.toml")).unwrap();
    let out = built(root, &[]);
    let doc = html(&out.join("a/index.html"));
    assert!(select(&doc, "meta[property='og:image']").is_empty());
    assert!(!out.join("processed_images").exists());
    let mut text = std::fs::read_to_string(root.join("zola.toml")).unwrap();
    text.push_str("[images.social_cards]\nenabled = true\n");
    std::fs::write(root.join("zola.toml"), text).unwrap();
    let out = built(root, &[]);
    let (_, image, _) = card(&out, "a/index.html");
    assert_eq!(image.dimensions(), (1200, 630));
}

#[test]
fn the_bundled_site_shares_every_page_with_a_card() {
    let out = tempfile::tempdir().unwrap();
    let o = build(&repo(), out.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (_, image, bytes) = card(out.path(), "benefits/joint-pain/index.html");
    assert_eq!(image.dimensions(), (1200, 630));
    assert!(bytes <= 100 * 1024);
    let doc = html(&out.path().join("benefits/joint-pain/index.html"));
    let alt = select(&doc, "meta[property='og:image:alt']")[0]
        .value()
        .attr("content")
        .unwrap();
    assert!(
        alt.contains("Evidence: Some evidence (short-term)."),
        "{alt}"
    );
    assert_eq!(
        select(&doc, "meta[name='twitter:card']")[0]
            .value()
            .attr("content"),
        Some("summary_large_image")
    );
}
