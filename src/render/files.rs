//! Files that templates name by path (`get_hash`, `get_image_metadata`, `resize_image`),
//! found as Zola finds them: the path from the project root, then under static/ and content/
//! (`@/x` meaning `content/x`), and never a file outside the project.

use crate::config::Word;
use crate::images::{Operation, Processor, FOLDER};
use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384, Sha512};
use std::path::{Path, PathBuf};
use tera::{Error, Kwargs, TeraResult, Value};

/// `path` as Zola reads it: `@/` made `content/`, no leading `/`.
fn unified(path: &str) -> String {
    match path.strip_prefix("@/") {
        Some(rest) => format!("content/{rest}"),
        None => path.trim_start_matches('/').to_string(),
    }
}

/// The file `path` names, searched from `root` as Zola does; `Ok(None)` when there is none.
pub(super) fn search(root: &Path, path: &str) -> TeraResult<Option<PathBuf>> {
    let wanted = unified(path);
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for dir in [
        root.to_path_buf(),
        root.join("static"),
        root.join("content"),
    ] {
        let candidate = dir.join(&wanted);
        if !candidate.is_file() {
            continue;
        }
        let inside = candidate
            .canonicalize()
            .is_ok_and(|c| c.starts_with(&canonical_root));
        if !inside {
            return Err(Error::message(format!(
                "`{path}` is outside the project; templates read only files inside it"
            )));
        }
        return Ok(Some(candidate));
    }
    Ok(None)
}

/// `get_hash(path=… | literal=…, sha_type=384, base64=true)`: the SHA-2 digest of a file or
/// a string, in base64 (for `integrity` attributes) or hex.
pub(super) fn get_hash(root: &Path, kwargs: &Kwargs) -> TeraResult<String> {
    let path: Option<String> = kwargs.get("path")?;
    let literal: Option<String> = kwargs.get("literal")?;
    let bytes = match (path, literal) {
        (Some(path), None) => {
            let file = search(root, &path)?.ok_or_else(|| {
                Error::message(format!(
                    "`get_hash`: there is no file `{path}` in the project, static/ or content/"
                ))
            })?;
            std::fs::read(&file)
                .map_err(|e| Error::message(format!("`get_hash`: could not read `{path}`: {e}")))?
        }
        (None, Some(literal)) => literal.into_bytes(),
        _ => {
            return Err(Error::message(
                "`get_hash` takes either `path` (a file) or `literal` (a string), not both",
            ))
        }
    };
    let digest: Vec<u8> = match kwargs.get::<u16>("sha_type")?.unwrap_or(384) {
        256 => Sha256::digest(&bytes).to_vec(),
        384 => Sha384::digest(&bytes).to_vec(),
        512 => Sha512::digest(&bytes).to_vec(),
        other => {
            return Err(Error::message(format!(
                "`get_hash`: sha_type {other} is not one of 256, 384 or 512"
            )))
        }
    };
    Ok(match kwargs.get::<bool>("base64")?.unwrap_or(true) {
        true => base64::engine::general_purpose::STANDARD.encode(digest),
        false => digest.iter().map(|b| format!("{b:02x}")).collect(),
    })
}

/// `get_image_metadata(path=…, allow_missing=false)`: an image's `width`, `height`, `format`
/// (its usual extension) and `mime`, read from its header (or, for SVG, its `width`, `height`
/// or `viewBox`), as Zola gives them.
pub(super) fn get_image_metadata(root: &Path, kwargs: &Kwargs) -> TeraResult<Value> {
    let path = kwargs.must_get::<&str>("path")?;
    let Some(file) = search(root, path)? else {
        return match kwargs.get::<bool>("allow_missing")?.unwrap_or(false) {
            true => Ok(Value::none()),
            false => Err(Error::message(format!(
                "`get_image_metadata`: there is no file `{path}` in the project, static/ or content/ (allow_missing=true makes that none)"
            ))),
        };
    };
    let unreadable = |why: String| {
        Error::message(format!(
            "`get_image_metadata`: `{path}` is not an image relief can read: {why}"
        ))
    };
    let (width, height, format, mime) = if file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
    {
        let text = std::fs::read_to_string(&file).map_err(|e| unreadable(e.to_string()))?;
        let (w, h) = svg_size(&text)
            .ok_or_else(|| unreadable("its <svg> has no width and height or viewBox".into()))?;
        (w, h, "svg", "image/svg+xml")
    } else {
        let size = imagesize::size(&file).map_err(|e| unreadable(e.to_string()))?;
        let mut header = Vec::with_capacity(64);
        use std::io::Read as _;
        std::fs::File::open(&file)
            .and_then(|f| f.take(64).read_to_end(&mut header))
            .map_err(|e| unreadable(e.to_string()))?;
        let (format, mime) =
            match imagesize::image_type(&header) {
                Ok(imagesize::ImageType::Png) => ("png", "image/png"),
                Ok(imagesize::ImageType::Jpeg) => ("jpg", "image/jpeg"),
                Ok(imagesize::ImageType::Gif) => ("gif", "image/gif"),
                Ok(imagesize::ImageType::Webp) => ("webp", "image/webp"),
                Ok(imagesize::ImageType::Bmp) => ("bmp", "image/bmp"),
                Ok(imagesize::ImageType::Tiff) => ("tiff", "image/tiff"),
                Ok(imagesize::ImageType::Ico) => ("ico", "image/x-icon"),
                Ok(imagesize::ImageType::Heif(_)) => ("avif", "image/avif"),
                _ => return Err(unreadable(
                    "its format is not one of PNG, JPEG, GIF, WebP, BMP, TIFF, ICO, AVIF or SVG"
                        .into(),
                )),
            };
        (size.width as f64, size.height as f64, format, mime)
    };
    let mut map = tera::Map::new();
    map.insert("width".into(), Value::from(width.round() as u64));
    map.insert("height".into(), Value::from(height.round() as u64));
    map.insert("format".into(), Value::from(format));
    map.insert("mime".into(), Value::from(mime));
    Ok(Value::from(map))
}

/// `resize_image(path, width, height, op="fill", format="auto", quality, speed)`: the image
/// processed as Zola 0.23 documents it, returning `url`, `static_path`, `width`, `height`,
/// `orig_width` and `orig_height`. `base_url` is the site's, ending in `/`.
pub(super) fn resize_image(
    root: &Path,
    images: &Processor,
    base_url: &str,
    kwargs: &Kwargs,
) -> TeraResult<Value> {
    let path = kwargs.must_get::<&str>("path")?;
    let failed = |why: String| Error::message(format!("`resize_image`: {why}"));
    let operation = Operation::parse(
        kwargs.get::<&str>("op")?.unwrap_or("fill"),
        kwargs.get::<u32>("width")?,
        kwargs.get::<u32>("height")?,
    )
    .map_err(failed)?;
    let file = search(root, path)?.ok_or_else(|| {
        let wanted = unified(path);
        failed(format!(
            "there is no file `{path}`; relief looked for {wanted}, static/{wanted} and content/{wanted}"
        ))
    })?;
    let processed = images
        .resize(
            &file,
            &unified(path),
            operation,
            kwargs.get::<&str>("format")?.unwrap_or("auto"),
            kwargs.get::<u8>("quality")?,
            kwargs.get::<u8>("speed")?,
        )
        .map_err(|why| failed(format!("`{path}`: {why}")))?;
    let mut map = tera::Map::new();
    let output = format!("{FOLDER}/{}", processed.name);
    map.insert("url".into(), Value::from(format!("{base_url}{output}")));
    map.insert(
        "static_path".into(),
        Value::from(format!("static/{output}")),
    );
    map.insert("width".into(), Value::from(processed.width));
    map.insert("height".into(), Value::from(processed.height));
    map.insert("orig_width".into(), Value::from(processed.orig_width));
    map.insert("orig_height".into(), Value::from(processed.orig_height));
    Ok(Value::from(map))
}

/// `social_card(title=…, rating=…, site=…, lang=…)`: the page's card for sharing (`og:image`),
/// made from the site's card template: `url` (absolute, as `og:image` needs), `alt`, `width`
/// and `height`; none when the site makes no cards. `lang` (by default the page's, the
/// template's `lang`) is the language of the words around the rating (`words`); `site`
/// defaults to the site's title in that language.
pub(super) fn social_card(
    images: &Processor,
    base_url: &str,
    config: &crate::config::Config,
    words: &crate::config::Words,
    lang: &str,
    kwargs: &Kwargs,
) -> TeraResult<Value> {
    let title = kwargs.must_get::<&str>("title")?;
    let rating = kwargs.get::<&str>("rating")?.filter(|r| !r.is_empty());
    let site_title = config
        .other_language(lang)
        .and_then(|l| l.title.as_deref())
        .unwrap_or(&config.title);
    let site = kwargs.get::<&str>("site")?.unwrap_or(site_title);
    let rating_text = rating.map(|r| words.with(Word::CardEvidence, "rating", r));
    let rating = rating
        .zip(rating_text.as_deref())
        .map(|(label, text)| crate::images::CardRating { label, text });
    let card = images
        .social_card(title, rating, site)
        .map_err(|why| Error::message(format!("`social_card`: {why}")))?;
    let Some(card) = card else {
        return Ok(Value::none());
    };
    let mut map = tera::Map::new();
    map.insert(
        "url".into(),
        Value::from(format!("{base_url}{}", card.name)),
    );
    map.insert("alt".into(), Value::from(card.alt));
    map.insert("width".into(), Value::from(crate::images::CARD_WIDTH));
    map.insert("height".into(), Value::from(crate::images::CARD_HEIGHT));
    Ok(Value::from(map))
}

/// The size an SVG declares: its `width` and `height` (in px or without a unit), else its
/// `viewBox`.
fn svg_size(text: &str) -> Option<(f64, f64)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attribute = |name: &str| -> Option<&str> {
        let at = tag.find(&format!(" {name}="))? + name.len() + 2;
        let quote = tag[at..].chars().next()?;
        let rest = &tag[at + 1..];
        Some(&rest[..rest.find(quote)?])
    };
    let length = |name: &str| {
        attribute(name)?
            .trim()
            .trim_end_matches("px")
            .parse::<f64>()
            .ok()
    };
    match (length("width"), length("height")) {
        (Some(w), Some(h)) => Some((w, h)),
        _ => {
            let numbers: Vec<f64> = attribute("viewBox")?
                .split([' ', ','])
                .filter(|s| !s.is_empty())
                .filter_map(|s| s.parse().ok())
                .collect();
            (numbers.len() == 4).then(|| (numbers[2], numbers[3]))
        }
    }
}
