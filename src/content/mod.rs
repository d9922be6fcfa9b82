//! The content tree: pages and sections read from `content/`, with their front matter.

mod assets;
mod dated_names;
pub(crate) mod front_matter;
pub(crate) mod languages;
pub(crate) mod load;

use crate::diagnostics::Location;
pub(crate) use assets::assets_of;
pub(crate) use front_matter::{FrontMatter, Reference, SortBy, Written};
use std::path::PathBuf;

pub(crate) type PageId = usize;
pub(crate) type SectionId = usize;

/// A page or section, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum DocId {
    Page(PageId),
    Section(SectionId),
}

/// What pages and sections share: one Markdown file with front matter.
#[derive(Debug, Clone, Default)]
pub(crate) struct Document {
    /// Path under content/ with `/` separators: `benefits/sleep.md`.
    pub rel: String,
    /// The document's language: the site's `language`, or the code its file name carries
    /// (`sleep.es.md`).
    pub lang: String,
    /// Path shown in diagnostics: `content/benefits/sleep.md`.
    pub display: PathBuf,
    /// The file on disk (empty for the implicit home page).
    pub source: PathBuf,
    pub meta: FrontMatter,
    /// Site path relative to the base URL, without leading slash: `benefits/sleep/`
    /// (empty for the home page).
    pub path: String,
    /// The Markdown body, when held: loading a site drops it (all bodies at once would be
    /// the size of the whole content folder) and the Markdown step reads it back from
    /// `source`, one page at a time.
    pub body: String,
    /// Hash of the front matter text, to notice a file edited between the two reads.
    pub front_matter_hash: u64,
    /// Lines of the file before the body, to turn body lines into file lines.
    pub body_line_offset: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub doc: Document,
    pub section: SectionId,
    pub previous: Option<PageId>,
    pub next: Option<PageId>,
}

#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub doc: Document,
    pub parent: Option<SectionId>,
    /// Pages in display order: relief's (weight, newest date, title), else the section's
    /// `sort_by`.
    pub pages: Vec<PageId>,
    /// Pages of the section that its `sort_by` leaves out of `pages` for lacking what it
    /// sorts on: published, but in no list of the section.
    pub unlisted: Vec<PageId>,
    pub subsections: Vec<SectionId>,
}

/// The path segment of numbered pagers unless a section's `paginate_path` names another:
/// `topics/page/2/`, `tags/pain/page/2/`.
pub(crate) const PAGER_SEGMENT: &str = "page";

/// A list of pages split into pagers of `by` pages each: a paginated section, or a term of
/// a paginated taxonomy. Pager 1 is published at `path`, pager `n` at
/// `{path}{segment}/{n}/` (`{path}{n}/` when the segment is empty).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pagination<'a> {
    /// Site path of the list (`topics/`, `tags/pain/`).
    pub path: &'a str,
    pub pages: &'a [PageId],
    /// Pages per pager; `None` when the list is not paginated.
    pub by: Option<usize>,
    /// The path segment pagers hang under: [`PAGER_SEGMENT`], or a section's
    /// `paginate_path`.
    pub segment: &'a str,
    /// The pages are split from the last to the first (a section's `paginate_reversed`).
    pub reversed: bool,
}

impl<'a> Pagination<'a> {
    /// How many pagers the list is split into: 0 when it is not paginated, at least 1 when
    /// it is (an empty paginated list still has its first pager).
    pub(crate) fn count(&self) -> usize {
        match self.by {
            Some(by) if by > 0 => self.pages.len().div_ceil(by).max(1),
            _ => 0,
        }
    }

    /// Site path of pager `n` (1-based): the list itself for 1, `{path}{segment}/{n}/` after.
    pub(crate) fn path(&self, n: usize) -> String {
        match n {
            1 => self.path.to_string(),
            n => format!("{}{n}/", self.base_path()),
        }
    }

    /// Site path of `{path}{segment}/1/`, which redirects to the list itself.
    pub(crate) fn first_redirect_path(&self) -> String {
        format!("{}1/", self.base_path())
    }

    /// Site path pagers 2.. hang under: `{path}{segment}/`, or the list's own with no
    /// segment.
    pub(crate) fn base_path(&self) -> String {
        match self.segment {
            "" => self.path.to_string(),
            segment => format!("{}{segment}/", self.path),
        }
    }

    /// The pages of pager `n` (1-based), in the order shown.
    pub(crate) fn pages(&self, n: usize) -> Vec<PageId> {
        let by = self.by.unwrap_or(usize::MAX).max(1);
        let len = self.pages.len();
        let start = n.saturating_sub(1).saturating_mul(by).min(len);
        let end = start.saturating_add(by).min(len);
        match self.reversed {
            // Counted from the end of the list: pager 1 holds the last pages, last first.
            true => self.pages[len - end..len - start]
                .iter()
                .rev()
                .copied()
                .collect(),
            false => self.pages[start..end].to_vec(),
        }
    }
}

impl Document {
    /// Where `key` is set in the front matter, read from the file: the key underlined.
    /// Diagnostics are rare, so re-reading the file is cheaper than keeping every source.
    pub(crate) fn key_location(&self, key: &str) -> Option<Location> {
        let source = std::fs::read_to_string(&self.source).ok()?;
        front_matter::key_location(&source, &self.display, key)
    }

    /// Where `key` is set, else where it would go: the opening `+++` (else the file).
    pub(crate) fn key_or_front_matter_location(&self, key: &str) -> Location {
        let Ok(source) = std::fs::read_to_string(&self.source) else {
            return Location::file(&self.display);
        };
        front_matter::key_location(&source, &self.display, key).unwrap_or_else(|| {
            Location::offset(&self.display, &source, front_matter::opening(&source), 3)
        })
    }
}

impl Section {
    /// The section's page list and its `paginate_by`.
    pub(crate) fn pagination(&self) -> Pagination<'_> {
        let keys = &self.doc.meta.section;
        Pagination {
            path: &self.doc.path,
            pages: &self.pages,
            by: self.doc.meta.paginate_by,
            segment: keys.paginate_path.as_deref().unwrap_or(PAGER_SEGMENT),
            reversed: keys.paginate_reversed,
        }
    }

    /// How many pagers the section has (0 when it is not paginated); see [`Pagination::count`].
    pub(crate) fn pager_count(&self) -> usize {
        self.pagination().count()
    }

    /// Where the section's page redirects to (`redirect_to`), when it is written and is not
    /// paginated: Zola shows a paginated section's pagers instead.
    pub(crate) fn redirect(&self) -> Option<&str> {
        let keys = &self.doc.meta.section;
        let applies = keys.render && self.pager_count() == 0;
        keys.redirect_to.as_deref().filter(|_| applies)
    }

    /// Whether the section has feeds of its own: `generate_feeds = true`, except on the
    /// home page, whose feeds are the site's (`generate_feeds` of the configuration).
    pub(crate) fn has_feeds(&self) -> bool {
        self.doc.meta.section.generate_feeds && !self.doc.path.is_empty()
    }

    /// Site path of the section's feed named `name` (`blog/atom.xml`), when it has feeds.
    pub(crate) fn feed_path(&self, name: &str) -> Option<String> {
        self.has_feeds().then(|| format!("{}{name}", self.doc.path))
    }

    /// Site path of pager `n` (1-based); see [`Pagination::path`].
    pub(crate) fn pager_path(&self, n: usize) -> String {
        self.pagination().path(n)
    }
}

/// A non-Markdown file inside content/ (an image next to its page), copied to the output.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    pub source: PathBuf,
    /// Path of the source below content/, with `/` between folders.
    pub rel: String,
    /// Output path relative to the output root.
    pub path: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Content {
    pub pages: Vec<Page>,
    /// Index 0 is the home page (`content/_index.md`, or an implicit one).
    pub sections: Vec<Section>,
    pub assets: Vec<Asset>,
    /// Markdown files (paths under content/) that exist but failed to load: the build fails
    /// with their own errors, and links to them are not reported as broken on top.
    pub unreadable: Vec<String>,
    /// Pages and sections left out because they are drafts (a build without `--drafts`):
    /// a link to one is reported as a link to a draft, not to a page that does not exist.
    pub drafts: Vec<Draft>,
    /// The versions of each document in the site's languages.
    pub translations: languages::Translations,
}

/// A page or section with `draft = true`, left out of the site.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    /// Path under content/: `benefits/sleep.md`.
    pub rel: String,
    /// Path shown in diagnostics: `content/benefits/sleep.md`.
    pub display: PathBuf,
    /// The site path it would have (`benefits/sleep/`); `None` when it could have none.
    pub path: Option<String>,
}

impl Content {
    /// Every document, sections first, with its kind.
    pub(crate) fn documents(&self) -> impl Iterator<Item = &Document> {
        self.sections
            .iter()
            .map(|s| &s.doc)
            .chain(self.pages.iter().map(|p| &p.doc))
    }

    /// Every page once, in site order: sections in tree order, each with its own pages in
    /// its order, then those its order left out.
    pub(crate) fn site_order(&self) -> Vec<PageId> {
        self.sections
            .iter()
            .enumerate()
            .flat_map(|(id, s)| {
                s.pages
                    .iter()
                    .chain(&s.unlisted)
                    .copied()
                    .filter(move |&p| self.pages[p].section == id)
            })
            .collect()
    }

    /// Every document with its id, sections first.
    pub(crate) fn documents_with_ids(&self) -> impl Iterator<Item = (DocId, &Document)> {
        let sections = self.sections.iter().enumerate();
        let pages = self.pages.iter().enumerate();
        sections
            .map(|(i, s)| (DocId::Section(i), &s.doc))
            .chain(pages.map(|(i, p)| (DocId::Page(i), &p.doc)))
    }

    /// The document `id` names.
    pub(crate) fn document(&self, id: DocId) -> &Document {
        match id {
            DocId::Page(p) => &self.pages[p].doc,
            DocId::Section(s) => &self.sections[s].doc,
        }
    }
}
