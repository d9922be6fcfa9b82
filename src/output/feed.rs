//! Feeds of the most recently published or updated pages: the site's own, one per term of a
//! taxonomy with `feed = true` (`tags/pain/atom.xml`), and one per section with
//! `generate_feeds = true` (`blog/atom.xml`); each under every name of `feed_filenames`, in
//! Atom (`atom.xml`) or RSS 2.0 (`rss.xml`), with the elements Zola's built-in feeds have.

use crate::content::{DocId, Page, PageId, Written};
use crate::html::escape;
use crate::rendered::Store;
use crate::site::Site;

/// What a feed is about: its title, what it adds to the site's title in RSS (a term's
/// name, a section's title), its own site path and the site path of the HTML page it follows
/// (which is also its id).
struct About<'a> {
    title: &'a str,
    subject: Option<&'a str>,
    self_path: &'a str,
    page_path: &'a str,
    /// The language of the feed's pages.
    lang: &'a str,
}

/// The kinds of feed relief writes, by the file name `feed_filenames` gives them, as Zola's
/// built-in feed templates: `atom.xml` (Atom 1.0) and `rss.xml` (RSS 2.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Atom,
    Rss,
}

impl Format {
    /// The format of the feed file `name` (one of [`crate::config::FEED_FILE_NAMES`]).
    fn of(name: &str) -> Format {
        match name {
            "rss.xml" => Format::Rss,
            _ => Format::Atom,
        }
    }
}

/// `(output path, feed)` of each of the site's feeds (`atom.xml`, `rss.xml`) over the pages
/// of its default language, unless the site has feeds turned off (`generate_feeds = false`),
/// and of each other language's (`es/atom.xml`) over its own pages when `[languages.es]` has
/// `generate_feeds`, under that language's `feed_filenames`.
pub(crate) fn site_feeds(site: &Site, store: &Store) -> Vec<(String, String)> {
    let config = &site.config;
    let default = (config.generate_feeds).then_some((
        config.language.as_str(),
        &config.title,
        &config.feed_filenames,
    ));
    let others = config
        .languages
        .iter()
        .filter(|l| l.generate_feeds)
        .map(|l| {
            (
                l.code.as_str(),
                l.title.as_ref().unwrap_or(&config.title),
                &l.feed_filenames,
            )
        });
    let mut files = Vec::new();
    for (lang, title, names) in default.into_iter().chain(others) {
        let prefix = match lang == config.language {
            true => String::new(),
            false => format!("{lang}/"),
        };
        let pages = site.content.pages.iter().enumerate();
        let pages = pages
            .filter(|(_, p)| p.doc.lang == lang && p.doc.meta.section.render)
            .map(|(id, _)| id);
        let entries = select(site, store, pages);
        for name in names {
            let self_path = format!("{prefix}{name}");
            let about = About {
                title,
                subject: None,
                self_path: &self_path,
                page_path: &prefix,
                lang,
            };
            let feed = render(site, &entries, &about, Format::of(name));
            files.push((self_path, feed));
        }
    }
    files
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

/// `(output path, feed)` of each feed of term `term` of taxonomy `t`, when the taxonomy has
/// feeds.
pub(crate) fn term_feed(
    site: &Site,
    store: &Store,
    t: usize,
    term: usize,
) -> Vec<(String, String)> {
    let taxonomy = &site.taxonomies[t];
    let names = &site.config.feed_filenames;
    if !taxonomy.has_feeds() || names.is_empty() {
        return Vec::new();
    }
    let term_value = &taxonomy.terms[term];
    let title = format!(
        "{} – {}",
        site_title(&site.config, &taxonomy.lang),
        term_value.name
    );
    let entries = select(site, store, term_value.pages.iter().copied());
    names
        .iter()
        .filter_map(|name| {
            let path = taxonomy.feed_path(term, name)?;
            let about = About {
                title: &title,
                subject: Some(&term_value.name),
                self_path: &path,
                page_path: &term_value.path,
                lang: &taxonomy.lang,
            };
            let feed = render(site, &entries, &about, Format::of(name));
            Some((path, feed))
        })
        .collect()
}

/// `(output path, feed)` for every section with `generate_feeds = true`.
pub(crate) fn section_feeds(site: &Site, store: &Store) -> Vec<(String, String)> {
    (0..site.content.sections.len())
        .flat_map(|s| section_feed(site, store, s))
        .collect()
}

/// `(output path, feed)` of each feed of section `s` over the pages it lists, when it has
/// feeds.
pub(crate) fn section_feed(site: &Site, store: &Store, s: usize) -> Vec<(String, String)> {
    let section = &site.content.sections[s];
    let names = &site.config.feed_filenames;
    if !section.has_feeds() || names.is_empty() {
        return Vec::new();
    }
    let title = format!(
        "{} – {}",
        site_title(&site.config, &section.doc.lang),
        section.doc.meta.title
    );
    let entries = select(site, store, section.pages.iter().copied());
    names
        .iter()
        .filter_map(|name| {
            let path = section.feed_path(name)?;
            let about = About {
                title: &title,
                subject: Some(&section.doc.meta.title)
                    .filter(|t| !t.is_empty())
                    .map(String::as_str),
                self_path: &path,
                page_path: &section.doc.path,
                lang: &section.doc.lang,
            };
            let feed = render(site, &entries, &about, Format::of(name));
            Some((path, feed))
        })
        .collect()
}

/// One page of a feed: the day it is dated by, the page and its rendered Markdown.
type Entry<'s> = (jiff::civil::Date, &'s Page, &'s crate::markdown::Rendered);

/// The dated pages among `pages`, newest first, as many as `feed_limit` lets a feed list.
fn select<'s>(
    site: &'s Site,
    store: &'s Store,
    pages: impl Iterator<Item = PageId>,
) -> Vec<Entry<'s>> {
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
    pages
}

/// The feed of `entries` in `format`.
fn render(site: &Site, entries: &[Entry<'_>], about: &About<'_>, format: Format) -> String {
    match format {
        Format::Atom => atom(site, entries, about),
        Format::Rss => rss(site, entries, about),
    }
}

/// The Atom feed of `entries`, each with its rendered HTML.
fn atom(site: &Site, pages: &[Entry<'_>], about: &About<'_>) -> String {
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
        escape(description(config, about.lang)),
        escape(&site.permalink(about.self_path)),
        escape(&site.permalink(about.page_path)),
        escape(&site.permalink(about.page_path)),
        escape(if config.author.is_empty() { &config.title } else { &config.author }),
    );
    for &(date, page, rendered) in pages {
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

/// The site's title in the feed's language `lang`: its `[languages.xx]` one, else the site's.
fn site_title<'c>(config: &'c crate::config::Config, lang: &str) -> &'c str {
    config
        .other_language(lang)
        .and_then(|l| l.title.as_deref())
        .unwrap_or(&config.title)
}

/// The site's description in the feed's language `lang`: its `[languages.xx]` one, else the
/// site's.
fn description<'c>(config: &'c crate::config::Config, lang: &str) -> &'c str {
    config
        .other_language(lang)
        .and_then(|l| l.description.as_deref())
        .unwrap_or(&config.description)
}

/// The moment of `day`: as written when it was written with a time, else its midnight UTC.
fn moment(day: jiff::civil::Date, written: Option<&Written>) -> jiff::Timestamp {
    match written {
        Some(w) => w.instant,
        None => day
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map_or(jiff::Timestamp::UNIX_EPOCH, |z| z.timestamp()),
    }
}

/// A moment as RSS writes it (RFC 2822, as Zola's feed formats it): `Fri, 02 Jan 2026
/// 08:30:00 +0000`.
fn rfc2822(instant: jiff::Timestamp) -> String {
    instant
        .to_zoned(jiff::tz::TimeZone::UTC)
        .strftime("%a, %d %b %Y %H:%M:%S %z")
        .to_string()
}

/// The RSS 2.0 feed of `entries`: the channel (the site's title, with the term's name or the
/// section's title; the page the feed follows; the site's description and language) and an
/// item per page with its publication date, first author (else the site's, else `Unknown`,
/// as in Zola), link and summary (else its whole HTML).
fn rss(site: &Site, pages: &[Entry<'_>], about: &About<'_>) -> String {
    let config = &site.config;
    let title = match about.subject {
        Some(subject) => format!("{} - {subject}", site_title(config, about.lang)),
        None => site_title(config, about.lang).to_string(),
    };
    let last_updated = pages
        .iter()
        .map(|&(date, page, _)| {
            let meta = &page.doc.meta;
            moment(
                date,
                meta.updated_written.as_ref().or(meta.date_written.as_ref()),
            )
        })
        .max();
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss xmlns:atom=\"http://www.w3.org/2005/Atom\" version=\"2.0\">\n<channel>\n\
         <title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<generator>relief</generator>\n\
         <language>{}</language>\n<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        escape(&title),
        escape(&site.permalink(about.page_path)),
        escape(description(config, about.lang)),
        escape(about.lang),
        escape(&site.permalink(about.self_path)),
    );
    if let Some(last) = last_updated {
        xml.push_str(&format!(
            "<lastBuildDate>{}</lastBuildDate>\n",
            rfc2822(last)
        ));
    }
    for &(date, page, rendered) in pages {
        let doc = &page.doc;
        let meta = &doc.meta;
        let link = escape(&site.permalink(&doc.path));
        // Zola's feeds list only dated pages; relief's also those with only `updated`.
        let published = rfc2822(match meta.date {
            Some(day) => moment(day, meta.date_written.as_ref()),
            None => moment(date, meta.updated_written.as_ref()),
        });
        let author = meta
            .authors
            .first()
            .map(String::as_str)
            .or(Some(config.author.as_str()).filter(|a| !a.is_empty()))
            .unwrap_or("Unknown");
        let description = rendered.summary.as_deref().unwrap_or(&rendered.content);
        xml.push_str(&format!(
            "<item>\n<title>{}</title>\n<pubDate>{published}</pubDate>\n<author>{}</author>\n<link>{link}</link>\n\
             <guid>{link}</guid>\n<description xml:base=\"{link}\">{}</description>\n</item>\n",
            escape(&meta.title),
            escape(author),
            escape(description),
        ));
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}
