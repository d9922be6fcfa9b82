//! Zola's search index, written beside relief's own when a site asks for it
//! (`build_search_index = true`), with the documents, fields and shape Zola gives it, so that
//! a Zola theme's search script reads it as it is:
//!
//! - `search_index.LANG.json` (or `.js`, a script setting `window.searchIndex`) at the root of
//!   the output, in the `[search]` `index_format`: an elasticlunr.js index made by the
//!   `elasticlunr-rs` crate, as Zola makes it, or for Fuse.js a list of documents;
//! - `elasticlunr.min.js` beside an elasticlunr index (vendor/elasticlunr/README.md says
//!   where it comes from).
//!
//! The documents are Zola's: every section with `in_search_index` left on and no
//! `redirect_to`, each followed by the pages it lists that have `in_search_index` on. Each
//! holds, as `[search]` says, its title, description, date (pages, elasticlunr only), path
//! (`/blog/post/`) and body: the page's HTML without markup, the contents of `<pre>`,
//! `<script>` and `<style>`, or blank lines, as Zola's (ammonia) leaves it, cut to
//! `truncate_content_length` characters.

use crate::config::{IndexFormat, SearchConfig};
use crate::content::DocId;
use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use crate::rendered::Store;
use crate::site::Site;
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The elasticlunr.js library, from npm's `elasticlunr` package with its licence header.
const ELASTICLUNR_JS: &str = include_str!("../../../vendor/elasticlunr/elasticlunr.min.js");

/// Where `elasticlunr.min.js` is written, at the root of the output as in Zola.
const ELASTICLUNR_FILE: &str = "elasticlunr.min.js";

/// Zola's search files of `site`, `(output path, contents)`: none unless the site sets
/// `build_search_index = true`.
pub(super) fn files(site: &Site, store: &Store) -> Vec<(String, String)> {
    make(indexes(site, store))
}

/// Zola's search files being made on a thread of their own. elasticlunr's indexing is serial
/// (a third of the index's cost on Zola's documentation site): made beside the rendering of
/// the pages, it no longer holds up the build.
pub(crate) struct Pending {
    /// The output paths the files will have.
    pub(crate) paths: Vec<String>,
    making: std::thread::JoinHandle<Vec<(String, String)>>,
}

/// Start making Zola's search files of `site`: the documents' text is taken now (in
/// parallel, from `store`), the indexes are made on another thread. `None` when the site
/// asks for no index.
pub(super) fn start(site: &Site, store: &Store) -> Option<Pending> {
    let indexes = indexes(site, store);
    if indexes.is_empty() {
        return None;
    }
    let mut paths: Vec<String> = indexes.iter().map(Index::file_name).collect();
    if need_elasticlunr_js(&indexes) {
        paths.push(ELASTICLUNR_FILE.to_string());
    }
    Some(Pending {
        paths,
        making: std::thread::spawn(move || make(indexes)),
    })
}

impl Pending {
    /// Wait for the files and write them into `sink`.
    pub(crate) fn finish(self, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
        let files = self.making.join().map_err(|_| {
            vec![Diagnostic::error(
                "internal",
                "relief crashed while making Zola's search index (`build_search_index`)",
            )
            .help("this is a bug in relief, not in your site; please report it with the site that set it off. The previous output is left as it was")]
        })?;
        let errors: Vec<Diagnostic> = files
            .par_iter()
            .filter_map(|(path, body)| sink.write(path, body.as_bytes()).err())
            .collect();
        match errors.is_empty() {
            true => Ok(()),
            false => Err(super::super::collapse_io(errors)),
        }
    }
}

/// One index the site asks for: its language, its `[search]` table and its documents.
struct Index {
    lang: String,
    search: SearchConfig,
    documents: Vec<Entry>,
}

impl Index {
    fn file_name(&self) -> String {
        self.search.index_format.file_name(&self.lang)
    }
}

/// The indexes the site asks for, with their documents: the default language's, then each
/// other language's that asks for one.
fn indexes(site: &Site, store: &Store) -> Vec<Index> {
    let config = &site.config;
    let asked = (config.build_search_index).then_some((config.language.as_str(), &config.search));
    let others = config
        .languages
        .iter()
        .filter_map(|l| l.search.as_ref().map(|search| (l.code.as_str(), search)));
    asked
        .into_iter()
        .chain(others)
        .map(|(lang, search)| Index {
            lang: lang.to_string(),
            search: search.clone(),
            documents: documents(site, store, lang, search),
        })
        .collect()
}

/// The files of `indexes`, `(output path, contents)`, with elasticlunr.js beside an
/// elasticlunr index. One after the other: this runs beside the pages' rendering, which has
/// the other cores.
fn make(indexes: Vec<Index>) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = indexes.iter().map(index_file).collect();
    if need_elasticlunr_js(&indexes) {
        files.push((ELASTICLUNR_FILE.to_string(), ELASTICLUNR_JS.to_string()));
    }
    files
}

/// Whether elasticlunr.js goes beside `indexes`: when one of them is an elasticlunr index.
fn need_elasticlunr_js(indexes: &[Index]) -> bool {
    indexes
        .iter()
        .any(|i| i.search.index_format.is_elasticlunr())
}

/// The file of `index`: its name and contents.
fn index_file(index: &Index) -> (String, String) {
    let Index {
        lang,
        search,
        documents,
    } = index;
    let json = match search.index_format {
        IndexFormat::ElasticlunrJavascript | IndexFormat::ElasticlunrJson => {
            elasticlunr_index(lang, search, documents)
        }
        IndexFormat::FuseJavascript | IndexFormat::FuseJson => fuse_index(search, documents),
    };
    let contents = match search.index_format.is_javascript() {
        true => format!("window.searchIndex = {json}"),
        false => json,
    };
    (index.file_name(), contents)
}

/// One document of Zola's index (its body empty when `[search]` leaves the text out).
struct Entry {
    /// The permalink: the index's key for the document.
    url: String,
    title: String,
    description: String,
    /// RFC 3339, for a dated page.
    date: Option<String>,
    /// From the site's root, with its leading slash (Zola's `path`).
    path: String,
    /// The text, without markup.
    body: String,
}

/// The documents of the index of the language `lang`, in Zola's order: each searched section
/// of that language, then the pages it lists. A page listed by two sections (its own, and a
/// parent through a transparent section) is taken once.
fn documents(site: &Site, store: &Store, lang: &str, search: &SearchConfig) -> Vec<Entry> {
    let mut ids = Vec::new();
    let mut taken = HashSet::new();
    for (s, section) in site.content.sections.iter().enumerate() {
        let keys = &section.doc.meta.section;
        if !keys.in_search_index || section.doc.lang != lang {
            continue;
        }
        if keys.redirect_to.is_none() {
            ids.push(DocId::Section(s));
        }
        for &p in &section.pages {
            if !site.content.pages[p].doc.meta.not_in_search_index && taken.insert(p) {
                ids.push(DocId::Page(p));
            }
        }
    }
    ids.into_par_iter()
        .map(|id| {
            let doc = site.document(id);
            let rendered = store.get(id);
            let body = match search.include_content {
                true => {
                    let html = match &rendered.summary {
                        Some(summary) => format!("{summary}{}", rendered.content),
                        None => rendered.content.to_string(),
                    };
                    text_of(&html, search.truncate_content_length)
                }
                false => String::new(),
            };
            Entry {
                url: site.permalink(&doc.path),
                title: doc.meta.title.clone(),
                description: doc.meta.description.clone(),
                date: match id {
                    DocId::Page(_) => doc.meta.date_written.as_ref().map(|d| d.rfc3339()),
                    DocId::Section(_) => None,
                },
                path: format!("/{}", doc.path),
                body,
            }
        })
        .collect()
}

/// What ammonia keeps of a page's HTML in Zola's index: no tags, and no contents of the
/// elements whose text is not prose.
static TEXT_ONLY: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder.clean_content_tags(HashSet::from(["script", "style", "pre"]));
    builder
});

/// The text of `html` as Zola indexes it: without markup, characters `<`, `>` and `&` kept as
/// their entities, runs of white space made one space, blank lines dropped; at most
/// `truncate` characters.
fn text_of(html: &str, truncate: Option<usize>) -> String {
    let cleaned = TEXT_ONLY.clean(&without_pre(html)).to_string();
    let mut text = cleaned
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    if let Some(limit) = truncate {
        if let Some((cut, _)) = text.char_indices().nth(limit) {
            text.truncate(cut);
        }
    }
    text
}

/// Where a `<pre` or `</pre` might not be a tag of an HTML element: comments, elements whose
/// text is not parsed as markup, and foreign (SVG, MathML) content.
const NOT_PLAIN_MARKUP: &[&str] = &[
    "<!--",
    "<![cdata",
    "<script",
    "<style",
    "<textarea",
    "<title",
    "<xmp",
    "<iframe",
    "<noembed",
    "<noframes",
    "<noscript",
    "<plaintext",
    "<template",
    "<svg",
    "<math",
];

/// `html` without its `<pre>` elements, which ammonia drops whole ([`TEXT_ONLY`]), cut out
/// before it parses them: highlighted code is often half a page's bytes, and parsing it only
/// to drop it was the most of the index's cost. Markup where a `<pre` might not start an
/// element (see [`NOT_PLAIN_MARKUP`]), a `<pre` inside a tag, or a `<pre>` inside another
/// leaves the HTML as it is, for ammonia to parse.
fn without_pre(html: &str) -> Cow<'_, str> {
    let lower = html.to_ascii_lowercase();
    if !lower.contains("<pre") || NOT_PLAIN_MARKUP.iter().any(|m| lower.contains(m)) {
        return Cow::Borrowed(html);
    }
    let tag_at = |from: usize, name: &str| -> Option<usize> {
        let mut at = from;
        while let Some(found) = lower[at..].find(name) {
            let start = at + found;
            let next = lower.as_bytes().get(start + name.len());
            if next.is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/') {
                return Some(start);
            }
            at = start + name.len();
        }
        None
    };
    let mut kept = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(open) = tag_at(at, "<pre") {
        let before = &lower[..open];
        let inside_a_tag = before
            .rfind('<')
            .is_some_and(|lt| before.rfind('>') < Some(lt));
        let Some(close) = tag_at(open, "</pre") else {
            return Cow::Borrowed(html);
        };
        let nested = tag_at(open + 1, "<pre").is_some_and(|next| next < close);
        let Some(end) = lower[close..].find('>').map(|gt| close + gt + 1) else {
            return Cow::Borrowed(html);
        };
        if inside_a_tag || nested {
            return Cow::Borrowed(html);
        }
        kept.push_str(&html[at..open]);
        at = end;
    }
    kept.push_str(&html[at..]);
    Cow::Owned(kept)
}

/// An elasticlunr.js index of `documents`, with the fields `search` includes, in Zola's order
/// (title, description, date, path, body), for the language `lang`.
fn elasticlunr_index(lang: &str, search: &SearchConfig, documents: &[Entry]) -> String {
    // The configuration refuses a language elasticlunr does not know (`elasticlunr_knows`).
    let language = elasticlunr::lang::from_code(lang)
        .unwrap_or_else(|| Box::new(elasticlunr::lang::English::new()));
    let mut builder = elasticlunr::IndexBuilder::with_language(language);
    let fields = [
        (search.include_title, "title"),
        (search.include_description, "description"),
        (search.include_date, "date"),
        (search.include_path, "path"),
        (search.include_content, "body"),
    ];
    for (included, field) in fields {
        builder = match (included, field) {
            (false, _) => builder,
            (true, "path") => builder.add_field_with_tokenizer("path", Box::new(path_words)),
            (true, field) => builder.add_field(field),
        };
    }
    let mut index = builder.build();
    for document in documents {
        let values = [
            (search.include_title, document.title.as_str()),
            (search.include_description, document.description.as_str()),
            // An undated document's date is empty (Zola gives it no value, and the
            // fields after it shift into the wrong places).
            (search.include_date, document.date.as_deref().unwrap_or("")),
            (search.include_path, document.path.as_str()),
            (search.include_content, document.body.as_str()),
        ];
        let row = values.iter().filter(|(included, _)| *included);
        index.add_doc(&document.url, row.map(|(_, value)| *value));
    }
    index.to_json()
}

/// The words of a path for the index: split at white space, `-` and `/`, lower-cased.
fn path_words(path: &str) -> Vec<String> {
    path.split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// One document of a Fuse.js index: the fields `[search]` includes, in Zola's order (a
/// date is never written, as in Zola).
#[derive(Serialize)]
struct FuseEntry<'a> {
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
}

/// A Fuse.js index of `documents`: a JSON list of them.
fn fuse_index(search: &SearchConfig, documents: &[Entry]) -> String {
    let list: Vec<FuseEntry> = documents
        .iter()
        .map(|d| FuseEntry {
            url: &d.url,
            title: search.include_title.then_some(d.title.as_str()),
            description: search.include_description.then_some(d.description.as_str()),
            body: search.include_content.then_some(d.body.as_str()),
            path: search.include_path.then_some(d.path.as_str()),
        })
        .collect();
    // Strings and options only: serialising them cannot fail.
    serde_json::to_string(&list).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_the_words_of_the_html_as_zola_keeps_them() {
        let html = "<h2 id=\"a\">Fish &amp; chips</h2>\n<p>Hot   &lt;tea&gt;</p>\n\n<pre><code>let x = 1;</code></pre>\n<script>alert(1)</script><p>End</p>";
        assert_eq!(
            text_of(html, None),
            "Fish &amp; chips\nHot &lt;tea&gt;\nEnd"
        );
    }

    #[test]
    fn cutting_out_pre_elements_leaves_the_text_ammonia_keeps() {
        let pages = [
            "<p>Before</p>\n<pre class=\"giallo\" style=\"color: #fff;\"><code><span>let</span> x &lt; 1;</code></pre>\n<p>After &amp; more</p>",
            "<ul>\n<li>One<pre><code>a\nb</code></pre>\n</li>\n<li>Two</li>\n</ul>",
            "<p>text<PRE>code</PRE >more</p>",
            "<p>a</p><pre>x</pre><p>b</p><pre data-lang=\"toml\">y = 1</pre><p>c</p>",
            "<p>prefix <preface>kept</preface></p><pre>gone</pre>",
            "<p title=\"a <pre> b\">attribute</p><pre>gone</pre><p>end</p>",
            "<pre>outer<pre>inner</pre>tail</pre><p>end</p>",
            "<!-- <pre> --><p>comment</p><pre>gone</pre>",
            "<p>unclosed</p><pre>never closed",
            "<svg><pre>foreign</pre></svg><p>x</p>",
            "<p>as follows:</p>\n<pre class=\"giallo\"><code data-lang=\"jinja\"><span class=\"giallo-l\">x</span></code></pre>\n<h3 id=\"arguments\"><a class=\"zola-anchor\" href=\"#arguments\" aria-label=\"Anchor link for: arguments\">🔗</a>Arguments</h3>",
        ];
        for html in pages {
            assert_eq!(
                TEXT_ONLY.clean(&without_pre(html)).to_string(),
                TEXT_ONLY.clean(html).to_string(),
                "{html}"
            );
        }
        assert!(
            matches!(without_pre(pages[0]), Cow::Owned(_)),
            "the common case is cut"
        );
        assert!(
            matches!(without_pre(pages[7]), Cow::Borrowed(_)),
            "a comment is left to the parser"
        );
    }

    #[test]
    fn truncation_counts_characters_not_bytes() {
        assert_eq!(text_of("<p>héllo world</p>", Some(4)), "héll");
        assert_eq!(text_of("<p>short</p>", Some(100)), "short");
        assert_eq!(text_of("<p>short</p>", Some(0)), "");
    }

    #[test]
    fn path_words_split_at_slashes_and_dashes() {
        assert_eq!(path_words("/blog/My-Post/"), ["blog", "my", "post"]);
    }
}
