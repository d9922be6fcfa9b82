//! sitemap.xml (split into an index past 50,000 URLs, the protocol's limit) and robots.txt.

use crate::html::escape;
use crate::site::Site;

pub(crate) const MAX_URLS: usize = 50_000;

/// One URL of the sitemap: its permalink, its last change, and the versions of the page in
/// the site's languages (`hreflang`, permalink), itself included, when it has translations.
type Entry = (String, Option<String>, Vec<(String, String)>);

/// An [`Entry`] for every page the site publishes, but for pagers 2, 3… when the site leaves
/// them out (`exclude_paginated_pages_in_sitemap = "all"`).
fn entries(site: &Site) -> Vec<Entry> {
    let pagers = !site.config.sitemap_without_pagers;
    let mut out = Vec::new();
    // A section with `render = false` writes no page of its own.
    for doc in site.content.documents().filter(|d| d.meta.section.render) {
        let m = &doc.meta;
        let lastmod = [m.updated, m.reviewed, m.date].into_iter().flatten().max();
        let versions = site.content.translations.of(doc);
        // A page alone in its language has no alternate.
        let alternates = match versions.len() > 1 {
            true => versions
                .iter()
                .map(|&id| site.document(id))
                .map(|v| (v.lang.clone(), site.permalink(&v.path)))
                .collect(),
            false => Vec::new(),
        };
        out.push((
            site.permalink(&doc.path),
            lastmod.map(|d| d.to_string()),
            alternates,
        ));
    }
    for section in site
        .content
        .sections
        .iter()
        .filter(|s| s.doc.meta.section.render)
    {
        for n in (2..=section.pager_count()).filter(|_| pagers) {
            out.push((site.permalink(&section.pager_path(n)), None, Vec::new()));
        }
    }
    for t in site.taxonomies.iter().filter(|t| t.render) {
        out.push((site.permalink(&t.path), None, Vec::new()));
        for (i, term) in t.terms.iter().enumerate() {
            out.push((site.permalink(&term.path), None, Vec::new()));
            let pagination = t.pagination(i);
            for n in (2..=pagination.count()).filter(|_| pagers) {
                out.push((site.permalink(&pagination.path(n)), None, Vec::new()));
            }
        }
    }
    out.sort();
    out
}

/// The sitemap files to write: `[("sitemap.xml", xml)]`, or an index plus numbered parts.
pub(crate) fn render(site: &Site) -> Vec<(String, String)> {
    let entries = entries(site);
    if entries.len() <= MAX_URLS {
        return vec![("sitemap.xml".into(), urlset(&entries))];
    }
    let mut files = Vec::new();
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (i, chunk) in entries.chunks(MAX_URLS).enumerate() {
        let name = format!("sitemap{}.xml", i + 1);
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            escape(&site.permalink(&name))
        ));
        files.push((name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.push(("sitemap.xml".into(), index));
    files
}

fn urlset(entries: &[Entry]) -> String {
    let mut xml = String::with_capacity(entries.len() * 96 + 128);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    // The namespace of the alternates, only in a sitemap that has some.
    if entries
        .iter()
        .any(|(_, _, alternates)| !alternates.is_empty())
    {
        xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    xml.push_str(">\n");
    for (loc, lastmod, alternates) in entries {
        xml.push_str("<url><loc>");
        xml.push_str(&escape(loc));
        xml.push_str("</loc>");
        if let Some(d) = lastmod {
            xml.push_str("<lastmod>");
            xml.push_str(d);
            xml.push_str("</lastmod>");
        }
        for (lang, href) in alternates {
            xml.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape(lang),
                escape(href)
            ));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

pub(crate) fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.permalink("sitemap.xml")
    )
}
