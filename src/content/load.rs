//! Walk `content/`, read every Markdown file, split and validate its front matter, and build
//! the tree of sections and pages with their URL paths.

use super::{front_matter, Asset, Content, Document, Draft, Page, Section};
use crate::diagnostics::{Diagnostic, Location};
use crate::slug::slugify;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Content files are read through this; so are templates, and the fuzz targets.
pub(crate) use crate::encoding::decode;

/// Load the content tree under `root/content`. Problems are returned alongside whatever
/// could be loaded, so one build reports them all.
pub(crate) fn load(root: &Path, include_drafts: bool) -> (Content, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let content_dir = root.join("content");
    let (markdown_files, asset_files) = walk(root, &content_dir, &mut diagnostics);

    let documents: Vec<Result<Document, Vec<Diagnostic>>> = markdown_files
        .par_iter()
        // Only the front matter is kept; the Markdown step reads the body again.
        .map(|(path, rel)| read(path, rel, false))
        .collect();
    let mut docs = Vec::with_capacity(documents.len());
    let mut unreadable = Vec::new();
    let mut drafts = Vec::new();
    for (result, (_, rel)) in documents.into_iter().zip(&markdown_files) {
        match result {
            Ok(doc) if doc.meta.draft && !include_drafts => drafts.push(Draft {
                path: match file_name(&doc.rel) {
                    "_index.md" => Some(url_dir(dir_of(&doc.rel))),
                    _ => page_path(&doc),
                },
                rel: doc.rel,
                display: doc.display,
            }),
            Ok(doc) => {
                diagnostics.extend(doc.meta.warnings.iter().cloned());
                docs.push(doc);
            }
            Err(errors) => {
                diagnostics.extend(errors);
                unreadable.push(rel.clone());
            }
        }
    }

    let mut content = Content {
        unreadable,
        drafts,
        ..Content::default()
    };
    // Sections first, so every page can find the nearest one above it.
    let (section_docs, page_docs): (Vec<Document>, Vec<Document>) = docs
        .into_iter()
        .partition(|d| file_name(&d.rel) == "_index.md");
    let mut section_by_dir: HashMap<String, usize> = HashMap::new();
    let mut sections: Vec<Document> = section_docs;
    if !sections.iter().any(|d| d.rel == "_index.md") {
        sections.push(Document {
            rel: "_index.md".into(),
            display: PathBuf::from("content/_index.md"),
            ..Default::default()
        });
    }
    // The home page first; parents before children.
    sections.sort_by(|a, b| {
        dir_of(&a.rel)
            .split('/')
            .count()
            .cmp(&dir_of(&b.rel).split('/').count())
            .then(a.rel.cmp(&b.rel))
    });
    sections.sort_by_key(|d| d.rel != "_index.md");
    for (id, mut doc) in sections.into_iter().enumerate() {
        let dir = dir_of(&doc.rel).to_string();
        doc.path = url_dir(&dir);
        let parent = if id == 0 {
            None
        } else {
            Some(nearest_section(&section_by_dir, parent_dir(&dir)))
        };
        section_by_dir.insert(dir, id);
        if let Some(p) = parent {
            content.sections[p].subsections.push(id);
        }
        content.sections.push(Section {
            doc,
            parent,
            pages: Vec::new(),
            unlisted: Vec::new(),
            subsections: Vec::new(),
        });
    }
    for (id, mut doc) in page_docs.into_iter().enumerate() {
        let Some(path) = page_path(&doc) else {
            let name = file_name(&doc.rel).trim_end_matches(".md");
            diagnostics.push(
                Diagnostic::error(
                    "slug",
                    format!("the file name `{name}` has no letters or digits to make a URL from"),
                )
                .at(Location::file(&doc.display))
                .help("rename the file or set slug = \"…\" in its front matter"),
            );
            continue;
        };
        doc.path = path;
        let section = nearest_section(&section_by_dir, dir_of(&doc.rel));
        content.sections[section].pages.push(id);
        content.pages.push(Page {
            doc,
            section,
            previous: None,
            next: None,
        });
    }
    for (source, rel) in asset_files {
        let dir = dir_of(&rel);
        content.assets.push(Asset {
            path: format!("{}{}", url_dir(dir), file_name(&rel)),
            source,
        });
    }
    (content, diagnostics)
}

/// The site path of a page (`benefits/sleep/`), from its slug or file name; `None` when
/// that has no letters or digits.
fn page_path(doc: &Document) -> Option<String> {
    let dir = dir_of(&doc.rel);
    let name = file_name(&doc.rel).trim_end_matches(".md");
    let slug = match (&doc.meta.slug, name) {
        (Some(slug), _) => slugify(slug),
        // A page bundle: `sleep/index.md` is the page `sleep/`.
        (None, "index") => String::new(),
        (None, name) => slugify(name),
    };
    match (slug.is_empty(), name) {
        (true, "index") => Some(url_dir(dir)),
        (true, _) => None,
        (false, _) => Some(format!("{}{slug}/", url_dir(dir))),
    }
}

/// Files found under content/: `(path on disk, path under content/)`.
type Found = Vec<(PathBuf, String)>;

/// Walk `content/`, following symlinks inside the project and refusing those that point
/// outside it (a site must not publish files from elsewhere on the machine by accident).
fn walk(root: &Path, content_dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> (Found, Found) {
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error("content", "there is no content/ folder")
                .at(Location::file(root))
                .help("create content/_index.md for the home page"),
        );
        return (markdown, assets);
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut walker = walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| display_path(root, p))
                    .unwrap_or_else(|| PathBuf::from("content"));
                let (message, help) = if e.loop_ancestor().is_some() {
                    (
                        "a symbolic link loops back to a folder that contains it",
                        "remove the link or point it elsewhere",
                    )
                } else {
                    (
                        "could not read this entry",
                        "check that it exists and is readable",
                    )
                };
                let message = match e.io_error() {
                    Some(io) => format!("{message}: {io}"),
                    None => message.to_string(),
                };
                diagnostics.push(
                    Diagnostic::error("content", message)
                        .at(Location::file(path))
                        .help(help),
                );
                continue;
            }
        };
        if entry.path_is_symlink() {
            let target = entry.path().canonicalize();
            if !target
                .as_ref()
                .is_ok_and(|t| t.starts_with(&canonical_root))
            {
                diagnostics.push(
                    Diagnostic::error("content", "a symbolic link points outside the project; relief does not publish files from elsewhere")
                        .at(Location::file(display_path(root, entry.path())))
                        .help("copy the file into the project instead of linking to it"),
                );
                // Never walk into a refused folder: its files are not the project's either.
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(content_dir) else {
            continue;
        };
        let Some(rel) = rel.to_str().map(|s| s.replace('\\', "/")) else {
            diagnostics.push(
                Diagnostic::error("content", "the file name is not valid UTF-8")
                    .at(Location::file(display_path(root, entry.path())))
                    .help("rename the file"),
            );
            continue;
        };
        let name = file_name(&rel);
        if name.starts_with('.')
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.starts_with('#')
        {
            continue; // hidden, backup and editor swap files
        }
        if rel.ends_with(".md") {
            markdown.push((entry.into_path(), rel));
        } else {
            assets.push((entry.into_path(), rel));
        }
    }
    (markdown, assets)
}

/// Read one Markdown file and parse its front matter.
pub(crate) fn read_document(path: &Path, rel: &str) -> Result<Document, Vec<Diagnostic>> {
    read(path, rel, true)
}

/// Read one Markdown file and parse its front matter, keeping its body or not.
fn read(path: &Path, rel: &str, keep_body: bool) -> Result<Document, Vec<Diagnostic>> {
    let display = PathBuf::from("content").join(rel);
    let bytes =
        std::fs::read(path).map_err(|e| vec![Diagnostic::io(&display, "read the file", &e)])?;
    let source = decode(bytes, &display).map_err(|e| vec![e])?;
    let split = front_matter::split(&source, &display).map_err(|e| vec![e])?;
    let meta = front_matter::parse(&split, &source, &display)?;
    Ok(Document {
        rel: rel.to_string(),
        display,
        source: path.to_path_buf(),
        meta,
        path: String::new(),
        body: match keep_body {
            true => split.body.to_string(),
            false => String::new(),
        },
        body_line_offset: split.body_line_offset,
        front_matter_hash: hash(split.front_matter),
    })
}

/// Read the body of `doc` back from its file, with the line offset it starts at; an error if
/// the front matter changed since the document was loaded (its metadata would be stale).
pub(crate) fn read_body(doc: &Document) -> Result<(String, usize), Diagnostic> {
    let bytes = std::fs::read(&doc.source)
        .map_err(|e| Diagnostic::io(&doc.display, "read the file", &e))?;
    let source = decode(bytes, &doc.display)?;
    let split = front_matter::split(&source, &doc.display)?;
    if hash(split.front_matter) != doc.front_matter_hash {
        return Err(Diagnostic::error(
            "changed",
            "the file's front matter changed while relief was building the site",
        )
        .at(Location::file(&doc.display))
        .help("build again once the file is saved"));
    }
    Ok((split.body.to_string(), split.body_line_offset))
}

fn hash(text: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(text)
}

fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

/// The folder of a content path, without trailing slash (`""` at the top).
fn dir_of(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

fn parent_dir(dir: &str) -> &str {
    dir.rfind('/').map_or("", |i| &dir[..i])
}

/// The URL path of a content folder: each folder name slugified, with a trailing slash.
fn url_dir(dir: &str) -> String {
    dir.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            let slug = slugify(s);
            if slug.is_empty() {
                "-".to_string()
            } else {
                slug
            }
        })
        .map(|s| s + "/")
        .collect()
}

fn nearest_section(section_by_dir: &HashMap<String, usize>, mut dir: &str) -> usize {
    loop {
        if let Some(&id) = section_by_dir.get(dir) {
            return id;
        }
        if dir.is_empty() {
            return 0;
        }
        dir = parent_dir(dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_dirs_are_slugified() {
        assert_eq!(url_dir(""), "");
        assert_eq!(url_dir("Benefits/Deep Dive"), "benefits/deep-dive/");
    }

    #[test]
    fn a_body_is_read_back_unless_the_front_matter_changed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "+++\ntitle = \"A\"\n+++\nFirst body.\n").unwrap();
        let doc = read_document(&file, "a.md").unwrap();
        // A body-only edit between the reads is simply the newer text.
        std::fs::write(&file, "+++\ntitle = \"A\"\n+++\nSecond body.\n").unwrap();
        assert_eq!(read_body(&doc).unwrap(), ("Second body.\n".to_string(), 3));
        std::fs::write(&file, "+++\ntitle = \"B\"\n+++\nSecond body.\n").unwrap();
        let e = read_body(&doc).unwrap_err();
        assert!(e.message.contains("front matter changed"), "{e}");
        assert_eq!(e.location.unwrap().file, Path::new("content/a.md"));
    }
}
