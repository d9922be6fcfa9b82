//! The content tree: pages and sections read from `content/`, before and after Markdown.

pub mod front_matter;
pub mod load;

use crate::markdown::Rendered;
pub use front_matter::{FrontMatter, Reference};
use std::path::PathBuf;

pub type PageId = usize;
pub type SectionId = usize;

/// What pages and sections share: one Markdown file with front matter.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Path under content/ with `/` separators: `benefits/sleep.md`.
    pub rel: String,
    /// Path shown in diagnostics: `content/benefits/sleep.md`.
    pub display: PathBuf,
    /// The file on disk (empty for the implicit home page).
    pub source: PathBuf,
    pub meta: FrontMatter,
    /// Site path relative to the base URL, without leading slash: `benefits/sleep/`
    /// (empty for the home page).
    pub path: String,
    /// The Markdown body; emptied once it is rendered.
    pub body: String,
    /// Lines of the file before the body, to turn body lines into file lines.
    pub body_line_offset: usize,
    pub rendered: Rendered,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub doc: Document,
    pub section: SectionId,
    pub previous: Option<PageId>,
    pub next: Option<PageId>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub doc: Document,
    pub parent: Option<SectionId>,
    /// Pages in display order (weight, newest date, title).
    pub pages: Vec<PageId>,
    pub subsections: Vec<SectionId>,
}

/// A non-Markdown file inside content/ (an image next to its page), copied to the output.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Output path relative to the output root.
    pub path: String,
}

#[derive(Debug, Clone, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    /// Index 0 is the home page (`content/_index.md`, or an implicit one).
    pub sections: Vec<Section>,
    pub assets: Vec<Asset>,
}

impl Content {
    /// Every document, sections first, with its kind.
    pub fn documents(&self) -> impl Iterator<Item = &Document> {
        self.sections
            .iter()
            .map(|s| &s.doc)
            .chain(self.pages.iter().map(|p| &p.doc))
    }

    pub fn documents_mut(&mut self) -> impl Iterator<Item = &mut Document> {
        self.sections
            .iter_mut()
            .map(|s| &mut s.doc)
            .chain(self.pages.iter_mut().map(|p| &mut p.doc))
    }
}
