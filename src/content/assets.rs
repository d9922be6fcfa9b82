//! Zola's `assets` of a page or section: the files published beside it, as templates list
//! them (a gallery of a page bundle's pictures, say).

use super::{Asset, Document};

/// The `assets` of `doc` among the site's `assets`: for a bundle page (`name/index.md`), the
/// files in its folder and below, as paths of their sources from content/
/// (`/blog/walk/map.png`); for a section (`_index.md`), the files beside it, as its path and
/// their names (`/blog/map.png`); none for a page kept as one file. Sorted without regard to
/// case, as Zola does, each once (an asset is published beside every language's version).
pub(crate) fn assets_of(assets: &[Asset], doc: &Document) -> Vec<String> {
    let rel = super::languages::untranslated(&doc.rel, &doc.lang);
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", &rel));
    let section = name == "_index.md";
    if !section && name != "index.md" {
        return Vec::new();
    }
    let prefix = match dir.is_empty() {
        true => String::new(),
        false => format!("{dir}/"),
    };
    let mut found: Vec<String> = Vec::new();
    for asset in assets {
        let Some(below) = asset.rel.strip_prefix(&prefix) else {
            continue;
        };
        let path = match section {
            false => format!("/{}", asset.rel),
            // A section's own files only, not those of its subfolders.
            true if !below.contains('/') => format!("/{}{below}", doc.path),
            true => continue,
        };
        if !found.contains(&path) {
            found.push(path);
        }
    }
    found.sort_by_cached_key(|p| p.to_lowercase());
    found
}
