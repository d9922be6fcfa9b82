//! Markdown images as phones need them: each local image gets its intrinsic `width` and
//! `height`, read from the file's header, so the text does not jump when it arrives; unless
//! `[markdown] lazy_async_image` says otherwise, all but a page's first image load lazily and
//! all decode off the main thread.

use crate::config::ImageLoading;
use crate::diagnostics::{Diagnostic, Location};
use pulldown_cmark_escape::{escape_href, escape_html};
use std::borrow::Cow;
use std::io::{BufRead, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// One image as written in Markdown, with what relief found out about it.
pub(crate) struct Img<'a> {
    /// The URL, after `@/` rewriting.
    pub src: &'a str,
    pub alt: &'a str,
    pub title: &'a str,
    /// Width and height in CSS pixels, if the file was found and read.
    pub size: Option<(u32, u32)>,
    pub loading: Loading,
    /// The resized copies offered, if relief made any.
    pub responsive: Option<crate::images::Responsive>,
}

/// The loading hints of one `<img>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Loading {
    /// `loading="lazy"`: the image waits until the reader scrolls near it.
    pub lazy: bool,
    /// `decoding="async"`: decoded off the main thread.
    pub async_decoding: bool,
}

impl Loading {
    /// The hints `policy` gives an image; `first`: no image comes before it on the page.
    pub(crate) fn of(policy: ImageLoading, first: bool) -> Loading {
        let (lazy, async_decoding) = match policy {
            ImageLoading::Relief => (!first, true),
            ImageLoading::Lazy => (true, true),
            ImageLoading::Plain => (false, false),
        };
        Loading {
            lazy,
            async_decoding,
        }
    }
}

impl Img<'_> {
    /// The `<img>` element, escaped as pulldown-cmark escapes it; inside a `<picture>` with
    /// a `<source>` per modern format when relief made smaller copies in one.
    pub(crate) fn html(&self) -> String {
        let mut out = String::with_capacity(self.src.len() + self.alt.len() + 80);
        let (sources, sizes) = match &self.responsive {
            Some(r) => (&r.sources[..], r.sizes.as_str()),
            None => (&[][..], ""),
        };
        if !sources.is_empty() {
            out.push_str("<picture>");
        }
        for source in sources {
            out.push_str(&format!("<source type=\"{}\" srcset=\"", source.mime));
            let _ = escape_html(&mut out, &source.srcset);
            out.push_str("\" sizes=\"");
            let _ = escape_html(&mut out, sizes);
            out.push_str("\" />");
        }
        out.push_str("<img src=\"");
        // Writing into a String cannot fail.
        let _ = escape_href(&mut out, self.src);
        out.push_str("\" alt=\"");
        let _ = escape_html(&mut out, self.alt);
        out.push('"');
        if !self.title.is_empty() {
            out.push_str(" title=\"");
            let _ = escape_html(&mut out, self.title);
            out.push('"');
        }
        if let Some(srcset) = self.responsive.as_ref().and_then(|r| r.srcset.as_ref()) {
            out.push_str(" srcset=\"");
            let _ = escape_html(&mut out, srcset);
            out.push_str("\" sizes=\"");
            let _ = escape_html(&mut out, sizes);
            out.push('"');
        }
        if let Some((width, height)) = self.size {
            out.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
        }
        if self.loading.lazy {
            out.push_str(" loading=\"lazy\"");
        }
        if self.loading.async_decoding {
            out.push_str(" decoding=\"async\"");
        }
        out.push_str(" />");
        if !sources.is_empty() {
            out.push_str("</picture>");
        }
        out
    }
}

/// The error for a local image relief could not make copies of (`why`), written as `src`
/// at `at`.
pub(super) fn unprocessable(src: &str, why: &str, at: &Location) -> Diagnostic {
    Diagnostic::error("image", format!("image `{src}`: {why}"))
        .at(at.clone())
        .help("replace the file with a whole PNG, JPEG or WebP image, or set `responsive = false` in [images] of config.toml to publish it as it is")
}

/// Where the image written as `src` on the page of `input` is: the URL to write (changed
/// when the file was found beside a page kept as one file), and its site path and file; or,
/// for a local image found nowhere, the files relief looked for (for the "file the site does
/// not have" message). Other sites' images are neither.
pub(super) fn locate<'s>(
    src: &'s str,
    input: &super::Input<'_>,
) -> (Cow<'s, str>, Option<(String, PathBuf)>, Vec<String>) {
    let base = input.links.base_path();
    let found = |dir: &str| {
        let path = site_path(src, dir, base)?;
        let file = input.links.file(&path)?;
        Some((path, file))
    };
    if let Some(local) = found(input.dir) {
        return (Cow::Borrowed(src), Some(local), Vec::new());
    }
    let Some(path) = site_path(src, input.dir, base) else {
        return (Cow::Borrowed(src), None, Vec::new());
    };
    let relative = !src.starts_with('/');
    let beside = input.beside.filter(|_| relative);
    if let Some((path, file)) = beside.and_then(found) {
        let url = format!("{base}{}", crate::slug::encode_path(&path));
        return (Cow::Owned(url), Some((path, file)), Vec::new());
    }
    // A file at the page's address comes from static/, or from content/ beside the Markdown
    // of a bundle or section; a page kept as one file also looks beside its own file.
    let name = src.split(['?', '#']).next().unwrap_or(src);
    let name = crate::slug::decode_path(name).unwrap_or_else(|| name.to_string());
    let next_to_file = input
        .file
        .parent()
        .filter(|_| relative)
        .map(|folder| folder.join(&name).display().to_string());
    let mut looked = vec![format!("static/{path}")];
    match (next_to_file, input.beside) {
        (Some(next), Some(_)) => looked.push(format!("{next} (beside {})", input.file.display())),
        (Some(next), None) => looked.insert(0, next),
        (None, _) => {}
    }
    (Cow::Borrowed(src), None, looked)
}

/// The site path (relative to the base URL, no leading `/`) an image URL points at, seen
/// from a page whose site path is `dir` (`benefits/knee/`). `None` for other sites' images
/// and `data:` URLs.
pub(super) fn site_path(src: &str, dir: &str, base_path: &str) -> Option<String> {
    let src = src.split(['?', '#']).next().unwrap_or_default();
    if src.is_empty() || src.starts_with("//") || src.contains(':') {
        return None;
    }
    let joined = match src.strip_prefix('/') {
        Some(rooted) => {
            let rooted = format!("/{rooted}");
            rooted
                .strip_prefix(base_path)
                .unwrap_or(rooted.trim_start_matches('/'))
                .to_string()
        }
        None => format!("{dir}{src}"),
    };
    let decoded = crate::slug::decode_path(&joined).unwrap_or(joined);
    let mut segments: Vec<&str> = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            s => segments.push(s),
        }
    }
    Some(segments.join("/"))
}

/// Width and height of the image file at `path` as a browser shows it: a JPEG photo taken
/// on its side (EXIF orientation 5–8) is shown turned, so its sides swap.
pub(super) fn size(path: &Path) -> Option<(u32, u32)> {
    let file = std::fs::File::open(path).ok()?;
    size_of(&mut std::io::BufReader::new(file))
}

/// How much of a JPEG's start is read for its EXIF orientation: the EXIF segment is at most
/// 64 KiB and comes first, after at most a short JFIF segment.
const JPEG_HEAD: u64 = 66 * 1024;

/// `size` of the image in `reader`, reading only what the format needs (a photo of megabytes
/// is not read whole). Malformed or truncated data gives `None`, never a panic: the bytes are
/// whatever an author put in content/.
fn size_of<R: BufRead + Seek>(reader: &mut R) -> Option<(u32, u32)> {
    let size = imagesize::reader_size(&mut *reader).ok()?;
    let (width, height) = (
        u32::try_from(size.width).ok()?,
        u32::try_from(size.height).ok()?,
    );
    if width == 0 || height == 0 {
        return None;
    }
    reader.seek(SeekFrom::Start(0)).ok()?;
    let jpeg = reader.fill_buf().ok()?.starts_with(&[0xFF, 0xD8]);
    let mut head = Vec::new();
    if jpeg {
        reader.take(JPEG_HEAD).read_to_end(&mut head).ok()?;
    }
    Some(match jpeg_orientation(&head) {
        Some(5..=8) => (height, width),
        _ => (width, height),
    })
}

/// The EXIF orientation tag (1–8) of a JPEG, if it has one.
fn jpeg_orientation(bytes: &[u8]) -> Option<u16> {
    let mut at = 2;
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    // Walk the segments before the image data, looking for APP1 "Exif".
    while at + 4 <= bytes.len() && bytes[at] == 0xFF {
        let marker = bytes[at + 1];
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        let body = bytes.get(at + 4..at + 2 + len)?;
        if marker == 0xE1 && body.starts_with(b"Exif\0\0") {
            return tiff_orientation(&body[6..]);
        }
        if marker == 0xDA {
            return None;
        }
        at += 2 + len;
    }
    None
}

/// Tag 0x0112 of a TIFF header's first directory.
fn tiff_orientation(tiff: &[u8]) -> Option<u16> {
    let big = match tiff.get(..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |i: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(i..i + 2)?.try_into().ok()?;
        Some(if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let u32_at = |i: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(i..i + 4)?.try_into().ok()?;
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let entries = usize::from(u16_at(ifd)?);
    (0..entries).find_map(|n| {
        let entry = ifd + 2 + n * 12;
        (u16_at(entry)? == 0x0112)
            .then(|| u16_at(entry + 8))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn image_urls_resolve_from_the_page_and_under_the_base_path() {
        let at = |src: &str| site_path(src, "benefits/knee/", "/massage/");
        assert_eq!(at("photo.jpg").as_deref(), Some("benefits/knee/photo.jpg"));
        assert_eq!(
            at("./a%20b.png?v=2").as_deref(),
            Some("benefits/knee/a b.png")
        );
        assert_eq!(at("../shared.png").as_deref(), Some("benefits/shared.png"));
        assert_eq!(at("/massage/img/x.png").as_deref(), Some("img/x.png"));
        assert_eq!(at("/img/x.png").as_deref(), Some("img/x.png"));
        assert_eq!(at("../../../up.png"), None);
        assert_eq!(at("https://example.org/x.png"), None);
        assert_eq!(at("//cdn.example.org/x.png"), None);
        assert_eq!(at("data:image/png;base64,AA=="), None);
    }

    /// A JPEG with only an APP1 EXIF segment holding `orientation` and a 40×20 frame header.
    fn jpeg(orientation: u16, big_endian: bool) -> Vec<u8> {
        let u16b = |v: u16| match big_endian {
            true => v.to_be_bytes(),
            false => v.to_le_bytes(),
        };
        let u32b = |v: u32| match big_endian {
            true => v.to_be_bytes(),
            false => v.to_le_bytes(),
        };
        let mut tiff = if big_endian {
            b"MM".to_vec()
        } else {
            b"II".to_vec()
        };
        tiff.extend_from_slice(&u16b(42));
        tiff.extend_from_slice(&u32b(8));
        tiff.extend_from_slice(&u16b(1)); // one entry
        tiff.extend_from_slice(&u16b(0x0112));
        tiff.extend_from_slice(&u16b(3)); // SHORT
        tiff.extend_from_slice(&u32b(1));
        tiff.extend_from_slice(&u16b(orientation));
        tiff.extend_from_slice(&[0, 0]);
        tiff.extend_from_slice(&u32b(0));
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(tiff);
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
        out.extend_from_slice(&u16::try_from(app1.len() + 2).unwrap().to_be_bytes());
        out.extend(app1);
        // SOF0: length 17, precision 8, height 20, width 40, 3 components.
        out.extend_from_slice(&[0xFF, 0xC0, 0, 17, 8, 0, 20, 0, 40, 3]);
        out.extend_from_slice(&[1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        out.extend_from_slice(&[0xFF, 0xD9]);
        out
    }

    #[test]
    fn a_photo_taken_on_its_side_swaps_width_and_height() {
        let dir = tempfile::tempdir().unwrap();
        for (orientation, big, expected) in [
            (1, true, (40, 20)),
            (6, true, (20, 40)),
            (8, false, (20, 40)),
            (3, false, (40, 20)),
        ] {
            let bytes = jpeg(orientation, big);
            assert_eq!(jpeg_orientation(&bytes), Some(orientation));
            let path = dir.path().join("photo.jpg");
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(size(&path), Some(expected), "orientation {orientation}");
        }
        // A photo whose frame header comes after 300 KiB of other segments (ICC profiles,
        // previews): read by seeking past them, not by reading a fixed prefix.
        let mut big = jpeg(6, true);
        let frame = big.len() - 21;
        let padding: Vec<u8> = (0..5)
            .flat_map(|_| [&[0xFF, 0xE2, 0xFD, 0xE8][..], &[0u8; 64_998][..]].concat())
            .collect();
        big.splice(frame..frame, padding);
        std::fs::write(dir.path().join("big.jpg"), &big).unwrap();
        assert_eq!(size(&dir.path().join("big.jpg")), Some((20, 40)));
        std::fs::write(dir.path().join("not.png"), b"hello").unwrap();
        assert_eq!(size(&dir.path().join("not.png")), None);
        assert_eq!(size(&dir.path().join("missing.png")), None);
    }

    #[test]
    fn mangled_and_truncated_images_give_no_size_and_never_panic() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x02\x80\0\0\x01\xe0".to_vec();
        png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        let gif = b"GIF89a\x80\x02\xe0\x01\0\0\0".to_vec();
        let webp = b"RIFF\x24\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0\x7f\x02\0\xdf\x01\0".to_vec();
        let seeds = [png, gif, webp, jpeg(6, true), jpeg(8, false)];
        for seed in &seeds {
            assert!(size_of(&mut Cursor::new(seed)).is_some(), "{seed:?}");
        }
        // A fixed pseudo-random walk of byte flips, truncations and junk: every outcome is
        // fine except a panic.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..20_000 {
            let mut bytes = seeds[round % seeds.len()].clone();
            for _ in 0..1 + next() % 4 {
                let at = (next() as usize) % bytes.len();
                match next() % 3 {
                    0 => bytes[at] = next() as u8,
                    1 => bytes.truncate(at.max(1)),
                    _ => bytes.insert(at, 0xFF),
                }
            }
            let _ = size_of(&mut Cursor::new(&bytes));
            let _ = jpeg_orientation(&bytes);
        }
    }

    #[test]
    fn the_element_is_escaped_and_carries_size_and_loading() {
        let img = Img {
            src: "a b\".png",
            alt: "Knee <x> & \"y\"",
            title: "",
            size: Some((640, 480)),
            loading: Loading::of(ImageLoading::Relief, false),
            responsive: None,
        };
        assert_eq!(
            img.html(),
            "<img src=\"a%20b%22.png\" alt=\"Knee &lt;x&gt; &amp; &quot;y&quot;\" width=\"640\" height=\"480\" loading=\"lazy\" decoding=\"async\" />"
        );
        let first = Img {
            src: "https://example.org/x.png",
            alt: "",
            title: "A title",
            size: None,
            loading: Loading::of(ImageLoading::Relief, true),
            responsive: None,
        };
        assert_eq!(
            first.html(),
            "<img src=\"https://example.org/x.png\" alt=\"\" title=\"A title\" decoding=\"async\" />"
        );
        // Zola's `lazy_async_image`: the first image too, or none.
        let lazy = Img {
            loading: Loading::of(ImageLoading::Lazy, true),
            ..first
        };
        assert_eq!(
            lazy.html(),
            "<img src=\"https://example.org/x.png\" alt=\"\" title=\"A title\" loading=\"lazy\" decoding=\"async\" />"
        );
        let plain = Img {
            loading: Loading::of(ImageLoading::Plain, false),
            ..lazy
        };
        assert_eq!(
            plain.html(),
            "<img src=\"https://example.org/x.png\" alt=\"\" title=\"A title\" />"
        );
    }
}
