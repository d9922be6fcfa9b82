//! Atom feeds of the most recently published or updated pages: the site's atom.xml, one per
//! term of a taxonomy with `feed = true` (`tags/pain/atom.xml`), and one per section with
//! `generate_feeds = true` (`blog/atom.xml`).

use crate::content::{DocId, PageId};
use crate::html::escape;
use crate::rendered::Store;
use crate::site::Site;

/// What a feed is about: its title, its own site path and the site path of the HTML page it
/// follows (which is also its id).
struct About<'a> {
    title: &'a str,
    self_path: &'a str,
    page_path: &'a str,
    /// The language of the feed's pages.
    lang: &'a str,
}

/// `(output path, feed)` of the site's atom.xml over the pages of its default language,
/// unless the site has feeds turned off (`generate_feeds = false`), and of each other
/// language's `es/atom.xml` over its own pages when `[languages.es]` has `generate_feeds`.
pub(crate) fn site_feeds(site: &Site, store: &Store) -> Vec<(String, String)> {
    let config = &site.config;
    let default = (config.generate_feeds).then_some((config.language.as_str(), &config.title));
    let others = config
        .languages
        .iter()
        .filter(|l| l.generate_feeds)
        .map(|l| (l.code.as_str(), l.title.as_ref().unwrap_or(&config.title)));
    default
        .into_iter()
        .chain(others)
        .map(|(lang, title)| {
            let prefix = match lang == config.language {
                true => String::new(),
                false => format!("{lang}/"),
            };
            let self_path = format!("{prefix}atom.xml");
            let about = About {
                title,
                self_path: &self_path,
                page_path: &prefix,
                lang,
            };
            let pages = site.content.pages.iter().enumerate();
            let pages = pages.filter(|(_, p)| p.doc.lang == lang).map(|(id, _)| id);
            (self_path.clone(), render_list(site, store, pages, &about))
        })
        .collect()
}

/// `(output path, feed)` for every term of every taxonomy with `feed = true`.
pub(crate) fn term_feeds(site: &Site, store: &Store) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        for term in 0..taxonomy.terms.len() {
            files.extend(term_feed(site, store, t, term));
        }
    }
    files
}

/// `(output path, feed)` of term `term` of taxonomy `t`, when the taxonomy has feeds.
pub(crate) fn term_feed(
    site: &Site,
    store: &Store,
    t: usize,
    term: usize,
) -> Option<(String, String)> {
    let taxonomy = &site.taxonomies[t];
    let path = taxonomy.feed_path(term)?;
    let term = &taxonomy.terms[term];
    let title = format!("{} – {}", site.config.title, term.name);
    let about = About {
        title: &title,
        self_path: &path,
        page_path: &term.path,
        lang: &site.config.language,
    };
    let feed = render_list(site, store, term.pages.iter().copied(), &about);
    Some((path, feed))
}

/// `(output path, feed)` for every section with `generate_feeds = true`.
pub(crate) fn section_feeds(site: &Site, store: &Store) -> Vec<(String, String)> {
    (0..site.content.sections.len())
        .filter_map(|s| section_feed(site, store, s))
        .collect()
}

/// `(output path, feed)` of section `s` over the pages it lists, when it has feeds.
pub(crate) fn section_feed(site: &Site, store: &Store, s: usize) -> Option<(String, String)> {
    let section = &site.content.sections[s];
    let path = section.feed_path()?;
    let title = format!("{} – {}", site.config.title, section.doc.meta.title);
    let about = About {
        title: &title,
        self_path: &path,
        page_path: &section.doc.path,
        lang: &section.doc.lang,
    };
    let feed = render_list(site, store, section.pages.iter().copied(), &about);
    Some((path, feed))
}

/// A feed of the dated pages among `pages`, newest first, each with its rendered HTML.
fn render_list(
    site: &Site,
    store: &Store,
    pages: impl Iterator<Item = PageId>,
    about: &About<'_>,
) -> String {
    let mut pages: Vec<_> = pages
        .filter_map(|id| {
            let p = &site.content.pages[id];
            let date = p.doc.meta.updated.or(p.doc.meta.date)?;
            Some((date, p, store.get(DocId::Page(id))))
        })
        .collect();
    pages.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.doc.meta.title.cmp(&b.1.doc.meta.title))
    });
    if let Some(limit) = site.config.feed_limit {
        pages.truncate(limit);
    }
    let updated = pages
        .first()
        .map_or_else(|| site.today.to_string(), |(d, ..)| d.to_string());
    let config = &site.config;
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n\
         <title>{}</title>\n<subtitle>{}</subtitle>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<updated>{updated}T00:00:00Z</updated>\n\
         <author><name>{}</name></author>\n",
        escape(about.lang),
        escape(about.title),
        escape(&config.description),
        escape(&site.permalink(about.self_path)),
        escape(&site.permalink(about.page_path)),
        escape(&site.permalink(about.page_path)),
        escape(if config.author.is_empty() { &config.title } else { &config.author }),
    );
    for (date, page, rendered) in pages {
        let doc = &page.doc;
        let link = escape(&site.permalink(&doc.path));
        // The moments as written (a day alone is midnight UTC), so a time of day is kept.
        let meta = &doc.meta;
        let updated_at = meta.updated_written.as_ref().or(meta.date_written.as_ref());
        let updated =
            updated_at.map_or_else(|| format!("{date}T00:00:00Z"), |w| w.instant.to_string());
        let published = meta
            .date_written
            .as_ref()
            .map_or_else(|| updated.clone(), |w| w.instant.to_string());
        // A page's own authors (Zola's `authors`), else the feed's author stands for it.
        let authors: String = doc
            .meta
            .authors
            .iter()
            .map(|a| format!("<author><name>{}</name></author>\n", escape(a)))
            .collect();
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n<id>{link}</id>\n\
             <published>{published}</published>\n<updated>{updated}</updated>\n{authors}<summary>{}</summary>\n\
             <content type=\"html\">{}</content>\n</entry>\n",
            escape(&doc.meta.title),
            escape(&doc.meta.description),
            escape(&(rendered.summary.clone().unwrap_or_default() + &rendered.content)),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}
