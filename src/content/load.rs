//! Walk `content/`, read every Markdown file, split and validate its front matter, and build
//! the tree of sections and pages with their URL paths.

use super::front_matter::{self, Written};
use super::languages::{code_of, is_section_file, untranslated};
use super::{dated_names, Asset, Content, Document, Draft, Page, Section};
use crate::config::SlugifyConfig;
use crate::diagnostics::{Diagnostic, Location};
use crate::slug::{slugify, Target};
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Content files are read through this; so are templates, and the fuzz targets.
pub(crate) use crate::encoding::decode;

/// Load the content tree under `root/content`, but for the files `config` ignores
/// (`ignored_content`), pages' slugs made as its `[slugify] paths` says. Problems are
/// returned alongside whatever could be loaded, so one build reports them all.
pub(crate) fn load(
    root: &Path,
    include_drafts: bool,
    config: &crate::config::Config,
) -> (Content, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let content_dir = root.join("content");
    let (mut markdown_files, mut asset_files) = walk(root, &content_dir, &mut diagnostics);
    if !config.ignored_content.is_empty() {
        markdown_files.retain(|(_, rel)| !config.ignored_content.is_match(rel));
        asset_files.retain(|(_, rel)| !config.ignored_content.is_match(rel));
    }
    // `name.es.md` is the Spanish version of `name.md`: never a page of its own (`/name-es/`),
    // and an error when the site has no such language.
    let mut languages = Vec::with_capacity(markdown_files.len());
    markdown_files.retain(|(_, rel)| match file_language(rel, config) {
        Ok(lang) => {
            languages.push(lang);
            true
        }
        Err(e) => {
            diagnostics.push(e);
            false
        }
    });

    let documents: Vec<Result<Document, Vec<Diagnostic>>> = markdown_files
        .par_iter()
        .zip(&languages)
        // Only the front matter is kept; the Markdown step reads the body again.
        .map(|((path, rel), lang)| read(path, rel, lang, false))
        .collect();
    let mut docs = Vec::with_capacity(documents.len());
    let mut unreadable = Vec::new();
    let mut drafts = Vec::new();
    for (result, (_, rel)) in documents.into_iter().zip(&markdown_files) {
        match result {
            Ok(doc) if doc.meta.draft && !include_drafts => drafts.push(Draft {
                path: match is_section_file(&doc.rel) {
                    true => Some(section_path(&doc, config)),
                    false => language_page_path(&doc, config),
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
    let (section_docs, page_docs): (Vec<Document>, Vec<Document>) =
        docs.into_iter().partition(|d| is_section_file(&d.rel));
    // Sections by language and folder.
    let mut section_by_dir: HashMap<(String, String), usize> = HashMap::new();
    let mut sections: Vec<Document> = section_docs;
    // Every language has its home page, written or not.
    for lang in config.language_codes() {
        let rel = match lang == config.language {
            true => "_index.md".to_string(),
            false => format!("_index.{lang}.md"),
        };
        if !sections.iter().any(|d| d.rel == rel) {
            sections.push(Document {
                display: Path::new("content").join(&rel),
                rel,
                lang: lang.to_string(),
                ..Default::default()
            });
        }
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
        doc.path = section_path(&doc, config);
        // Each language's home page is the top of its own tree.
        let parent = match dir.is_empty() {
            true => None,
            false => Some(nearest_section(
                &section_by_dir,
                &doc.lang,
                parent_dir(&dir),
            )),
        };
        section_by_dir.insert((doc.lang.clone(), dir), id);
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
        let Some(path) = language_page_path(&doc, config) else {
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
        let section = nearest_section(&section_by_dir, &doc.lang, dir_of(&doc.rel));
        content.sections[section].pages.push(id);
        content.pages.push(Page {
            doc,
            section,
            previous: None,
            next: None,
        });
    }
    // A bundle's files go where its page goes, which is not its folder's path when the
    // folder's name starts with a date or the page sets its slug; beside each of its
    // languages' versions (`es/blog/walk/`), as Zola copies them. Beside a version that is
    // not written (`render = false`), none, as in Zola.
    let mut bundles: HashMap<&str, Vec<&str>> = HashMap::new();
    for page in &content.pages {
        if file_name(&untranslated(&page.doc.rel, &page.doc.lang)) == "index.md" {
            let versions = bundles.entry(dir_of(&page.doc.rel)).or_default();
            if page.doc.meta.section.render {
                versions.push(page.doc.path.as_str());
            }
        }
    }
    // A section's own files are published only when its page is (Zola copies them with
    // it): not for `render = false` or `redirect_to`.
    let unwritten_section = |rel: &str| {
        section_by_dir
            .get(&(config.language.clone(), dir_of(rel).to_string()))
            .is_some_and(|&s| {
                let keys = &content.sections[s].doc.meta.section;
                !keys.render || keys.redirect_to.is_some()
            })
    };
    let mut assets = Vec::with_capacity(asset_files.len());
    for (source, rel) in asset_files {
        let in_bundle = {
            let mut dir = dir_of(&rel);
            let mut found = false;
            while !dir.is_empty() && !found {
                found = bundles.contains_key(dir);
                dir = parent_dir(dir);
            }
            found
        };
        if !in_bundle && unwritten_section(&rel) {
            continue;
        }
        for path in asset_paths(&rel, &bundles) {
            assets.push(Asset {
                path,
                source: source.clone(),
                rel: rel.clone(),
            });
        }
    }
    content.assets = assets;
    if config.is_multilingual() {
        let translations = super::languages::Translations::new(&content, &config.language);
        diagnostics.extend(translations.orphans(&content, &config.language));
        content.translations = translations;
    }
    (content, diagnostics)
}

/// The output paths of the file `rel` of content/: under each version of its page bundle's
/// page when it is inside a bundle's folder, else under its folder's path (folders
/// slugified either way).
fn asset_paths(rel: &str, bundles: &HashMap<&str, Vec<&str>>) -> Vec<String> {
    let mut dir = dir_of(rel);
    while !dir.is_empty() {
        if let Some(pages) = bundles.get(dir) {
            let inside = &rel[dir.len() + 1..];
            return pages
                .iter()
                .map(|page| format!("{page}{}{}", url_dir(dir_of(inside)), file_name(inside)))
                .collect();
        }
        dir = parent_dir(dir);
    }
    vec![format!("{}{}", url_dir(dir_of(rel)), file_name(rel))]
}

/// The language of the content file `rel`: the site's default unless its name carries the
/// code of another of the site's languages (`sleep.es.md`); an error for a code the site
/// does not declare.
fn file_language(rel: &str, config: &crate::config::Config) -> Result<String, Diagnostic> {
    let Some(code) = code_of(rel) else {
        return Ok(config.language.clone());
    };
    if code == config.language || config.other_language(code).is_some() {
        return Ok(code.to_string());
    }
    let declared: Vec<&str> = config.language_codes().collect();
    let config_file = config.file.display();
    let help = match crate::diagnostics::suggest(code, declared.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? Rename the file, or declare the language with a [languages.{code}] table in {config_file}"),
        None => format!("declare it with a [languages.{code}] table in {config_file}, or rename the file (the site's languages: {})", declared.join(", ")),
    };
    // The file's name is at fault: its first line stands for it.
    let mut at = Location::file(Path::new("content").join(rel));
    at.line = Some(1);
    Err(Diagnostic::error(
        "language",
        format!(
            "the file name says the page is in `{code}`, which is not one of the site's languages"
        ),
    )
    .at(at)
    .help(help))
}

/// The path a language's pages and sections are published under: none for the default
/// language, `es/` for Spanish.
fn language_prefix(lang: &str, config: &crate::config::Config) -> String {
    match lang == config.language || lang.is_empty() {
        true => String::new(),
        false => format!("{lang}/"),
    }
}

/// The site path of a section: its folder's, under its language's prefix.
fn section_path(doc: &Document, config: &crate::config::Config) -> String {
    format!(
        "{}{}",
        language_prefix(&doc.lang, config),
        url_dir(dir_of(&doc.rel))
    )
}

/// The site path of a page: its `path` when it sets one (as written, whatever its language,
/// as in Zola), else [`page_path`] under its language's prefix.
fn language_page_path(doc: &Document, config: &crate::config::Config) -> Option<String> {
    let path = page_path(doc, &config.slugify)?;
    Some(match doc.meta.path {
        Some(_) => path,
        None => format!("{}{path}", language_prefix(&doc.lang, config)),
    })
}

/// The site path of a page in its language (`benefits/sleep/`): its `path` when it sets one,
/// else its folder's path and its slug (see [`page_slug`]); `None` when the slug has no
/// letters or digits.
fn page_path(doc: &Document, slugs: &SlugifyConfig) -> Option<String> {
    if let Some(path) = &doc.meta.path {
        return Some(path.clone());
    }
    let rel = untranslated(&doc.rel, &doc.lang);
    let (parent, name) = page_name(&rel);
    let renamed = doc.meta.slug.is_some() || dated_slug(name, slugs).is_some();
    if parent != dir_of(&doc.rel) && !renamed {
        // A page bundle keeps its folder's path, as each folder of a path is made.
        return Some(url_dir(dir_of(&doc.rel)));
    }
    let slug = page_slug(doc, slugs);
    (!slug.is_empty()).then(|| format!("{}{slug}/", url_dir(parent)))
}

/// A page's slug (Zola's `page.slug`, which a `path` does not change): its `slug`, else its
/// name without the date it may start with (unless `paths_keep_dates`), made a slug as
/// `[slugify] paths` says.
pub(crate) fn page_slug(doc: &Document, slugs: &SlugifyConfig) -> String {
    let rel = untranslated(&doc.rel, &doc.lang);
    let name = page_name(&rel).1;
    let slug = match (&doc.meta.slug, dated_slug(name, slugs)) {
        (Some(slug), _) => slug.as_str(),
        (None, Some(slug)) => slug,
        (None, None) => name,
    };
    slugs.paths.apply(slug, Target::Path)
}

/// The name a dated file name (`2026-01-02-sleep`) gives its page, unless the site keeps dates
/// in its paths.
fn dated_slug<'n>(name: &'n str, slugs: &SlugifyConfig) -> Option<&'n str> {
    if slugs.paths_keep_dates {
        return None;
    }
    dated_names::dated(name)?.slug
}

/// The folder a page is listed in and the name its URL is made from: a page bundle
/// (`sleep/index.md`) is named by its folder and lives in the folder above it; any other page
/// by its file name, in its own folder.
fn page_name(rel: &str) -> (&str, &str) {
    let dir = dir_of(rel);
    match file_name(rel).trim_end_matches(".md") {
        "index" if !dir.is_empty() => (parent_dir(dir), file_name(dir)),
        name => (dir, name),
    }
}

/// The date a page's file name starts with, for a page whose front matter sets none; an
/// error when the name's date is not a day of the calendar (`2026-02-30`).
fn file_name_date(doc: &Document) -> Result<Option<(Date, Written)>, Diagnostic> {
    if doc.meta.date.is_some() || is_section_file(&doc.rel) {
        return Ok(None);
    }
    let rel = untranslated(&doc.rel, &doc.lang);
    let Some(dated) = dated_names::dated(page_name(&rel).1) else {
        return Ok(None);
    };
    match front_matter::date_from_file_name(dated.date) {
        Some(date) => Ok(Some(date)),
        None => Err(Diagnostic::error(
            "front-matter",
            format!(
                "the name starts with `{}`, which is not a date",
                &dated.date[..10]
            ),
        )
        .at(Location::file(&doc.display))
        .help("rename it with a real date, or set date = … in its front matter")),
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

/// Read one Markdown file, in the language `lang`, and parse its front matter.
pub(crate) fn read_document(
    path: &Path,
    rel: &str,
    lang: &str,
) -> Result<Document, Vec<Diagnostic>> {
    read(path, rel, lang, true)
}

/// Read one Markdown file and parse its front matter, keeping its body or not.
fn read(path: &Path, rel: &str, lang: &str, keep_body: bool) -> Result<Document, Vec<Diagnostic>> {
    let display = PathBuf::from("content").join(rel);
    let bytes =
        std::fs::read(path).map_err(|e| vec![Diagnostic::io(&display, "read the file", &e)])?;
    let source = decode(bytes, &display).map_err(|e| vec![e])?;
    let split = front_matter::split(&source, &display).map_err(|e| vec![e])?;
    let meta = front_matter::parse(&split, &source, &display)?;
    let mut doc = Document {
        rel: rel.to_string(),
        lang: lang.to_string(),
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
    };
    if let Some((day, written)) = file_name_date(&doc).map_err(|e| vec![e])? {
        doc.meta.date = Some(day);
        doc.meta.date_written = Some(written);
    }
    Ok(doc)
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

/// Where the files beside the content file `rel` are published (`benefits/` for
/// `benefits/knee.md`): `None` for a bundle's `index.md` and a section's `_index.md`, whose
/// files go with the page.
pub(crate) fn beside(rel: &str) -> Option<String> {
    let name = file_name(rel);
    let bundle = name.starts_with("index.") || name.starts_with("_index.");
    (!bundle).then(|| url_dir(dir_of(rel)))
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

/// The section of language `lang` nearest above the folder `dir`: the language's home page
/// at worst (section 0, the default language's, when the language has none).
fn nearest_section(
    section_by_dir: &HashMap<(String, String), usize>,
    lang: &str,
    mut dir: &str,
) -> usize {
    loop {
        if let Some(&id) = section_by_dir.get(&(lang.to_string(), dir.to_string())) {
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
    fn a_page_path_drops_the_date_and_a_bundle_lives_above_its_folder() {
        let with = |rel: &str, slug: Option<&str>, slugs: &SlugifyConfig| {
            let mut doc = Document {
                rel: rel.into(),
                ..Document::default()
            };
            doc.meta.slug = slug.map(str::to_string);
            page_path(&doc, slugs)
        };
        let path = |rel: &str, slug: Option<&str>| with(rel, slug, &SlugifyConfig::default());
        assert_eq!(
            path("blog/Sleep Well.md", None).unwrap(),
            "blog/sleep-well/"
        );
        assert_eq!(path("blog/2026-01-02-a-b.md", None).unwrap(), "blog/a-b/");
        assert_eq!(
            path("blog/Knee Pain/index.md", None).unwrap(),
            "blog/knee-pain/"
        );
        assert_eq!(
            path("blog/2026-01-02_knee/index.md", None).unwrap(),
            "blog/knee/"
        );
        // A slug replaces the bundle folder's name, as it replaces a file's.
        assert_eq!(
            path("blog/knee/index.md", Some("Hips")).unwrap(),
            "blog/hips/"
        );
        assert_eq!(path("blog/2026-01-02-x.md", Some("y")).unwrap(), "blog/y/");
        assert_eq!(path("blog/2026-01-02-!!.md", None), None);
        // Zola's `paths_keep_dates`: the date stays in the slug.
        let keep = SlugifyConfig {
            paths_keep_dates: true,
            ..SlugifyConfig::default()
        };
        assert_eq!(
            with("blog/2026-01-02-a-b.md", None, &keep).unwrap(),
            "blog/2026-01-02-a-b/"
        );
    }

    #[test]
    fn a_body_is_read_back_unless_the_front_matter_changed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "+++\ntitle = \"A\"\n+++\nFirst body.\n").unwrap();
        let doc = read_document(&file, "a.md", "en").unwrap();
        // A body-only edit between the reads is simply the newer text.
        std::fs::write(&file, "+++\ntitle = \"A\"\n+++\nSecond body.\n").unwrap();
        assert_eq!(read_body(&doc).unwrap(), ("Second body.\n".to_string(), 3));
        std::fs::write(&file, "+++\ntitle = \"B\"\n+++\nSecond body.\n").unwrap();
        let e = read_body(&doc).unwrap_err();
        assert!(e.message.contains("front matter changed"), "{e}");
        assert_eq!(e.location.unwrap().file, Path::new("content/a.md"));
    }
}
