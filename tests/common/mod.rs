//! Helpers shared by the integration tests: fixture copies, running the binary, parsing HTML.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `path` with its `%XX` escapes decoded, as a browser or web server reads a URL path;
/// `None` when an escape is malformed or the bytes are not UTF-8.
pub(crate) fn decode_path(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary copy of `tests/fixtures/NAME`.
pub(crate) fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    dir
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub(crate) fn relief(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relief"))
        .args(args)
        .output()
        .expect("run relief")
}

/// `relief build --root ROOT --output OUT` plus extra arguments.
pub(crate) fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    relief(&args)
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub(crate) fn html(path: &Path) -> scraper::Html {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    scraper::Html::parse_document(&text)
}

pub(crate) fn select<'a>(doc: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&scraper::Selector::parse(css).unwrap())
        .collect()
}

pub(crate) fn texts(doc: &scraper::Html, css: &str) -> Vec<String> {
    select(doc, css)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// Every file, folder and symbolic link under `dir` (links not followed) with its bytes, to
/// prove an output or a project was left untouched.
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            let rel = path.strip_prefix(base).unwrap().to_path_buf();
            let kind = entry.file_type().unwrap();
            if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.insert(rel, format!("link:{}", target.display()).into_bytes());
            } else if kind.is_dir() {
                out.insert(rel, b"dir".to_vec());
                walk(base, &path, out);
            } else {
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Write `text` to `root/rel`, creating its folders.
pub(crate) fn write_file(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The `[translations]` table of this repository's config.toml, as written: the bundled
/// templates' words, which a test writing its own config.toml for them appends.
pub(crate) fn interface_strings() -> String {
    let config = std::fs::read_to_string(repo().join("config.toml")).unwrap();
    let start = config
        .find("\n[translations]\n")
        .expect("config.toml has [translations]")
        + 1;
    let rest = &config[start..];
    let end = rest[1..].find("\n[").map_or(rest.len(), |at| at + 2);
    rest[..end].to_string()
}

/// Lay out in `root` a site with this repository's config.toml, templates/ and static/, and
/// the About and Sources pages the bundled footer links to; the caller adds the rest.
pub(crate) fn bundled_site(root: &Path) {
    let repo = repo();
    std::fs::copy(repo.join("config.toml"), root.join("config.toml")).unwrap();
    copy_dir(&repo.join("templates"), &root.join("templates"));
    copy_dir(&repo.join("static"), &root.join("static"));
    for name in ["about", "sources"] {
        write_file(
            root,
            &format!("content/{name}.md"),
            &format!("+++\ntitle = \"{name}\"\ndescription = \"The {name} page.\"\n+++\nText.\n"),
        );
    }
}

/// `relief build` of `root` into `root/public`, which must succeed; returns the output.
pub(crate) fn built(root: &Path, extra: &[&str]) -> PathBuf {
    let out = root.join("public");
    let o = build(root, &out, extra);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

/// The `href` of every element `css` selects in the HTML file.
pub(crate) fn hrefs(file: &Path, css: &str) -> Vec<String> {
    let doc = html(file);
    select(&doc, css)
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect()
}

/// The file a link opens: `index.html` inside a folder it names.
fn with_index(path: PathBuf, href: &str) -> PathBuf {
    match href.ends_with('/') || href.is_empty() {
        true => path.join("index.html"),
        false => path,
    }
}

/// The file a root-relative `href` opens in `out`, built for a base URL whose path is
/// `base_path` (`/sub/dir/`); the link must be under it.
pub(crate) fn resolve_under(out: &Path, base_path: &str, href: &str) -> PathBuf {
    let rest = href
        .strip_prefix(base_path)
        .unwrap_or_else(|| panic!("{href} is not under {base_path}"));
    with_index(out.join(rest), href)
}

/// The file a relative `href` opens from the HTML file `from`, as a browser on `file://`.
pub(crate) fn resolve_relative(from: &Path, href: &str) -> PathBuf {
    assert!(!href.starts_with('/'), "{href} is not relative");
    let mut path = from.parent().unwrap().to_path_buf();
    for segment in href.split('/') {
        match segment {
            "" | "." => {}
            ".." => assert!(path.pop()),
            s => path.push(s),
        }
    }
    with_index(path, href)
}

/// In each pager of `pagers` (the files in order), the numbered links of the navigation
/// `nav` lead to every pager in order and rel=prev/next to its neighbours, as `resolve` opens
/// them.
pub(crate) fn assert_pager_links_resolve(
    pagers: &[PathBuf],
    nav: &str,
    resolve: &impl Fn(&Path, &str) -> PathBuf,
) {
    for (i, file) in pagers.iter().enumerate() {
        let numbered = hrefs(file, &format!("{nav} a:not([rel])"));
        assert_eq!(numbered.len(), pagers.len(), "{}", file.display());
        for (href, target) in numbered.iter().zip(pagers) {
            let resolved = resolve(file, href);
            assert_eq!(&resolved, target, "{href} in {}", file.display());
            assert!(resolved.is_file(), "{}", resolved.display());
        }
        for (rel, step) in [("prev", -1), ("next", 1)] {
            for href in hrefs(file, &format!("{nav} a[rel={rel}]")) {
                let target = &pagers[(i as isize + step) as usize];
                assert_eq!(
                    &resolve(file, &href),
                    target,
                    "{href} in {}",
                    file.display()
                );
            }
        }
    }
}

/// `image` as JPEG bytes (quality 92), for tests that make their pictures themselves.
pub(crate) fn jpeg(image: &image::RgbImage) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 92)
        .encode_image(image)
        .unwrap();
    bytes.into_inner()
}

/// `jpeg` with an EXIF segment carrying only `orientation`, right after its start marker.
pub(crate) fn with_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    // A big-endian TIFF header, one directory of one SHORT entry (tag 0x0112), no next one.
    let mut tiff = b"MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut segment = b"Exif\0\0".to_vec();
    segment.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&(segment.len() as u16 + 2).to_be_bytes());
    out.extend_from_slice(&segment);
    out.extend_from_slice(&jpeg[2..]);
    out
}
