//! atom.xml: the most recently published or updated pages.

use crate::html::escape;
use crate::render::{values::content_of, Lookup};
use crate::site::Site;

const ENTRIES: usize = 20;

/// The feed; each entry's HTML comes from the page's template value, which holds it.
pub fn render(site: &Site, lookup: &Lookup) -> String {
    let mut pages: Vec<_> = site
        .content
        .pages
        .iter()
        .enumerate()
        .filter_map(|(id, p)| {
            let date = p.doc.meta.updated.or(p.doc.meta.date)?;
            Some((date, p, content_of(&lookup.pages[id])))
        })
        .collect();
    pages.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.doc.meta.title.cmp(&b.1.doc.meta.title))
    });
    pages.truncate(ENTRIES);
    let updated = pages
        .first()
        .map_or_else(|| site.today.to_string(), |(d, ..)| d.to_string());
    let config = &site.config;
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n\
         <title>{}</title>\n<subtitle>{}</subtitle>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<updated>{updated}T00:00:00Z</updated>\n\
         <author><name>{}</name></author>\n",
        escape(&config.language),
        escape(&config.title),
        escape(&config.description),
        escape(&site.permalink("atom.xml")),
        escape(&site.permalink("")),
        escape(&site.permalink("")),
        escape(if config.author.is_empty() { &config.title } else { &config.author }),
    );
    for (date, page, content) in pages {
        let doc = &page.doc;
        let link = escape(&site.permalink(&doc.path));
        let published = doc.meta.date.unwrap_or(date);
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n<id>{link}</id>\n\
             <published>{published}T00:00:00Z</published>\n<updated>{date}T00:00:00Z</updated>\n<summary>{}</summary>\n\
             <content type=\"html\">{}</content>\n</entry>\n",
            escape(&doc.meta.title),
            escape(&doc.meta.description),
            escape(&(doc.rendered.summary.clone().unwrap_or_default() + content)),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}
