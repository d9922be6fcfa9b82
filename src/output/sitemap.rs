//! sitemap.xml (split into an index past 50,000 URLs, the protocol's limit) and robots.txt.

use crate::html::escape;
use crate::site::Site;

pub(crate) const MAX_URLS: usize = 50_000;

/// `(permalink, lastmod)` for every page the site publishes, but for pagers 2, 3… when the
/// site leaves them out (`exclude_paginated_pages_in_sitemap = "all"`).
pub(crate) fn entries(site: &Site) -> Vec<(String, Option<String>)> {
    let pagers = !site.config.sitemap_without_pagers;
    let mut out = Vec::new();
    // A section with `render = false` writes no page of its own.
    for doc in site.content.documents().filter(|d| d.meta.section.render) {
        let m = &doc.meta;
        let lastmod = [m.updated, m.reviewed, m.date].into_iter().flatten().max();
        out.push((site.permalink(&doc.path), lastmod.map(|d| d.to_string())));
    }
    for section in site
        .content
        .sections
        .iter()
        .filter(|s| s.doc.meta.section.render)
    {
        for n in (2..=section.pager_count()).filter(|_| pagers) {
            out.push((site.permalink(&section.pager_path(n)), None));
        }
    }
    for t in site.taxonomies.iter().filter(|t| t.render) {
        out.push((site.permalink(&t.path), None));
        for (i, term) in t.terms.iter().enumerate() {
            out.push((site.permalink(&term.path), None));
            let pagination = t.pagination(i);
            for n in (2..=pagination.count()).filter(|_| pagers) {
                out.push((site.permalink(&pagination.path(n)), None));
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

fn urlset(entries: &[(String, Option<String>)]) -> String {
    let mut xml = String::with_capacity(entries.len() * 96 + 128);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (loc, lastmod) in entries {
        xml.push_str("<url><loc>");
        xml.push_str(&escape(loc));
        xml.push_str("</loc>");
        if let Some(d) = lastmod {
            xml.push_str("<lastmod>");
            xml.push_str(d);
            xml.push_str("</lastmod>");
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
