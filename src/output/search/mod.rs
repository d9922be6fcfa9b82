//! The full-text search index, written at build time and queried in the browser by
//! `static/search.js`; no server is involved.
//!
//! Every page and section is split into *chunks* at its h2–h4 headings: chunk 0 holds the
//! title, the description and the text before the first heading; each later chunk holds one
//! heading and the text under it, so a result can jump to that heading's anchor. Words are
//! lower-cased, split on anything that is not a letter or digit and reduced to their stem in
//! the documents' language (Snowball's English or Spanish stemmer; see `text::Words`), the
//! same way `search.js` treats the query.
//!
//! Each language of the site has its own index, of its own documents: the default
//! language's under `search/`, another's under its folder (`es/search/`), its pages' paths
//! relative to that folder.
//!
//! The output is sharded so a 10,000-page site never makes the browser load one huge file:
//!
//! - `search/index.js`: page count, stop words, the term shards by prefix, the first page
//!   of every fragment file, and the messages the search script shows, in the index's
//!   language (its `search_*` translations);
//! - `search/t-*.js`: term shards, one `stem postings` line per term, split by stem prefix
//!   until each is small; the postings are (page delta, chunk, score) triples in a compact
//!   base-32 text (see `encoding`);
//! - `search/f-N.js`: fragments, `[[path, title, description, [[anchor, heading, text]]]]`
//!   for a run of pages: only the few holding the top results are loaded, for snippets.
//!
//! Each file is a small script that hands its data to the search script's one global,
//! `reliefSearch.put("NAME",DATA);` (see `script`): the JSON of index.js and of the
//! fragments as it is, a shard's lines as one string. From `file://` (a `--relative` build
//! opened from disk), where browsers refuse `fetch()`, `search.js` runs them with `<script>`
//! elements; over HTTP it fetches them and reads the data without running them.
//!
//! One module per part: `text` (words and stems), `vocabulary` and `postings` (the
//! index in memory), `shards`, `fragments` and `encoding` (the files' contents),
//! `script` (their wrapping). This module reads the site's documents and writes the files,
//! with Zola's index formats beside them when the site asks (`zola`).

mod encoding;
mod fragments;
mod postings;
#[cfg(test)]
mod reference;
mod script;
mod shards;
#[cfg(test)]
mod tests;
mod text;
mod vocabulary;
mod zola;

pub(crate) use zola::Pending as PendingZolaIndex;

use crate::content::{DocId, Document};
use crate::diagnostics::Diagnostic;
use crate::rendered::Store;
use crate::site::Site;
use crate::sync::lock;
use fragments::{fragment_file, fragments};
use postings::Postings;
use rayon::prelude::*;
use script::{script_head, SCRIPT_TAIL};
use shards::{shard_file, term_shards};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Mutex;
use text::MIN_TOKEN;

// For tests/robust.rs, which reads a build's search files as search.js does.

// A run of text under one heading (or, for the first, under the page title), as the
// Markdown pass extracts it.
use crate::markdown::TextSection as Chunk;

/// The search files of a build: relief's own, written, and Zola's, being made.
pub(crate) struct Written {
    /// Output paths of every search file, Zola's included.
    pub(crate) paths: Vec<String>,
    /// Zola's index, when the site asks for one: [`PendingZolaIndex::finish`] writes it.
    pub(crate) zola: Option<PendingZolaIndex>,
}

/// Write relief's search files of the site into `sink`, each as soon as it is made (the
/// fragment files together are as large as the site's text, so they are never all held),
/// and start making Zola's on a thread of their own.
pub(crate) fn write(
    site: &Site,
    store: &Store,
    sink: &dyn super::Sink,
) -> Result<Written, Vec<Diagnostic>> {
    let written = Mutex::new((Vec::new(), Vec::new()));
    let emit = |path: String, body: String| {
        let result = sink.write(&path, body.as_bytes());
        let mut written = lock(&written);
        match result {
            Ok(()) => written.0.push(path),
            Err(e) => written.1.push(e),
        }
    };
    let ((), zola) = rayon::join(
        || relief_files(site, store, &emit),
        || zola::start(site, store),
    );
    let (mut paths, errors) = written.into_inner().unwrap_or_else(|e| e.into_inner());
    if !errors.is_empty() {
        return Err(super::collapse_io(errors));
    }
    paths.extend(zola.iter().flat_map(|z| z.paths.iter().cloned()));
    Ok(Written { paths, zola })
}

/// The search files of a site, `(path, contents)`, in no particular order.
pub(crate) fn render(site: &Site, store: &Store) -> Vec<(String, String)> {
    let files = Mutex::new(Vec::new());
    let emit = |path, body| lock(&files).push((path, body));
    let ((), zola) = rayon::join(
        || relief_files(site, store, &emit),
        || zola::files(site, store),
    );
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.extend(zola);
    files
}

/// Make relief's search files of a site and hand each to `emit` (from several threads): one
/// index for each language that has documents to index (the default language's always),
/// none when the site turns relief's index off (`relief_search_index`). Each is made from
/// the site's text where it lies (no copy), term shards first so that the postings are
/// freed before the fragments are made.
fn relief_files(site: &Site, store: &Store, emit: &(dyn Fn(String, String) + Sync)) {
    if !site.config.relief_search_index {
        return;
    }
    for lang in site.config.language_codes() {
        let sources = documents(site, store, lang);
        let default = lang == site.config.language;
        if sources.is_empty() && !default {
            continue;
        }
        let folder = match default {
            true => "search/".to_string(),
            false => format!("{lang}/search/"),
        };
        let shards = term_shards(&Postings::build(&sources, lang));
        let emit_here = |path: String, body: String| emit(format!("{folder}{path}"), body);
        let words = text::Words::of(lang);
        emit_files(&sources, shards, &words, &messages(site, lang), &emit_here);
    }
}

/// The documents in the language `lang` to index, with their site paths relative to that
/// language's home (the base URL, or its `es/` folder): every page and section except those whose front matter says `in_search_index = false` (Zola's key) or
/// `[extra] search = false`, and the pages of a section with `in_search_index = false` and
/// sections that write no page ([`Site::in_search_index`]). The one place that reads a
/// document's text for the index.
fn documents<'a>(site: &'a Site, store: &'a Store, lang: &str) -> Vec<Source<'a>> {
    let home = match lang == site.config.language {
        true => site.base_path.clone(),
        false => format!("{}{lang}/", site.base_path),
    };
    let docs: Vec<(DocId, &Document)> = site
        .content
        .documents_with_ids()
        .filter(|(_, d)| !d.meta.not_in_search_index)
        .filter(|(_, d)| d.meta.extra.get("search").and_then(|v| v.as_bool()) != Some(false))
        .filter(|&(id, _)| site.in_search_index(id))
        .filter(|(_, d)| d.lang == lang)
        .collect();
    docs.into_par_iter()
        .map(|(id, doc)| {
            let url = site.url(&doc.path);
            let path = match url.strip_prefix(home.as_str()) {
                Some(path) => path.to_string(),
                None => url,
            };
            Source {
                path: Cow::Owned(path),
                title: &doc.meta.title,
                description: &doc.meta.description,
                chunks: &store.get(id).text_sections,
            }
        })
        .collect()
}

/// The messages `static/search.js` shows (the names of its `MESSAGES` table). `{query}` and
/// `{count}` in them stand for the query and a number.
const SCRIPT_MESSAGES: [&str; 9] = [
    "results",
    "unavailable",
    "too_short",
    "no_results",
    "similar",
    "similar_one",
    "matches",
    "matches_one",
    "showing_best",
];

/// The search script's messages in language `lang`, from that language's translations:
/// `search_no_results` in `[languages.es.translations]` gives `no_results`; a message without
/// a translation is left out (the script writes it in English). Written into index.js rather
/// than into every page: a visitor who never searches never loads them.
fn messages<'a>(site: &'a Site, lang: &str) -> BTreeMap<&'a str, &'a str> {
    SCRIPT_MESSAGES
        .iter()
        .filter_map(|&name| {
            let text = site
                .config
                .translation(&format!("search_{name}"), lang)
                .ok()?;
            Some((name, text))
        })
        .collect()
}

/// One searchable document as the index reads it: its text borrowed from the site (or, in
/// tests, from a reference entry), never copied.
struct Source<'a> {
    /// Site path relative to the base URL (`benefits/sleep/`), URL-encoded.
    path: Cow<'a, str>,
    title: &'a str,
    description: &'a str,
    chunks: &'a [Chunk],
}

/// Hand every search file of one index to `emit`, by its name in the index's folder: the
/// term shards, the fragments, then index.js, which names them all, with the stop words and
/// the stemmer (`words`) the script must treat queries with, and the script's `messages`
/// (left out when there are none).
fn emit_files(
    sources: &[Source],
    shards: Vec<(String, String)>,
    words: &text::Words,
    messages: &BTreeMap<&str, &str>,
    emit: &(dyn Fn(String, String) + Sync),
) {
    let mut shard_names = BTreeMap::new();
    let shards: Vec<(String, String)> = shards
        .into_iter()
        .map(|(prefix, script)| {
            let name = shard_file(&prefix);
            shard_names.insert(prefix, name.clone());
            (name, script)
        })
        .collect();
    shards
        .into_par_iter()
        .for_each(|(name, script)| emit(name, script));
    let fragment_starts = fragments(sources, &|i, body| emit(fragment_file(i), body));
    let mut meta = serde_json::json!({
        "v": 1,
        "pages": sources.len(),
        "min": MIN_TOKEN,
        "stop": words.stop,
        "stemmer": words.name,
        "shards": shard_names,
        "fragments": fragment_starts,
    });
    if !messages.is_empty() {
        meta["messages"] = serde_json::json!(messages);
    }
    emit(
        "index.js".into(),
        format!("{}{meta}{SCRIPT_TAIL}", script_head("index.js")),
    );
}
