//! `relief check`: everything a build checks, plus what an author wants to know before
//! publishing, without writing anything.
//!
//! The whole pipeline runs, and the site is rendered into a recorder that only inspects: each
//! HTML file is scanned for its links, assets and ids as it is rendered, then dropped. The
//! checks run on that crawl of the real output (recorder.rs records, crawl.rs checks, trace.rs
//! finds the source, report.rs groups), so links written by templates are
//! checked like links written in Markdown. The lints below add what only `check` reports.
//!
//! External links are checked for form only, unless asked (`--external`): then each one is
//! fetched once (dead_links.rs, external.rs).

use crate::content::Document;
use crate::crawl::Recorder;
use crate::diagnostics::{self, Diagnostic, Location};
use crate::markdown::Rendered;
use crate::output;
use crate::pipeline::{BuildOptions, UrlStyle};
use crate::rendered::Store;
use crate::site::Site;
use crate::url_syntax::malformed;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Whether `relief check` goes to the network to fetch external links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum External {
    /// Check their form only; nothing leaves the machine.
    Skip,
    /// Fetch every external URL once and report the dead ones.
    Fetch,
}

/// Run every check on the site at `options.root`; nothing is written.
/// Errors among the diagnostics mean the site should not be published.
pub fn check(options: &BuildOptions, external: External) -> Vec<Diagnostic> {
    let recorder = Recorder::inspect_only();
    let options = &BuildOptions {
        urls: UrlStyle::Published,
        ..options.clone()
    };
    let mut loaded = match crate::pipeline::load(options, &recorder) {
        Ok(loaded) => loaded,
        Err(failed) => {
            let mut diagnostics = failed.diagnostics;
            diagnostics::add_columns(&mut diagnostics);
            return diagnostics;
        }
    };
    let mut diagnostics = loaded.warnings.clone();
    if let Err(errors) = output::write_site(
        &loaded.site,
        &loaded.rendered,
        &loaded.renderer,
        &loaded.search_files,
        loaded.zola_index.take(),
        &recorder,
    ) {
        diagnostics.extend(errors);
    }
    let site = &loaded.site;
    let store = &loaded.rendered;
    let crawl = recorder.crawl(site, store, &options.root);
    let levels = &site.config.link_checker;
    diagnostics.extend(levels.internal_level.apply(crawl.links()));
    if external == External::Fetch {
        diagnostics.extend(levels.external_level.apply(crawl.dead_external_links()));
    }
    diagnostics.extend(crawl.orphans());
    for (id, _) in site.content.documents_with_ids() {
        diagnostics.extend(image_alt(store.get(id)));
        diagnostics.extend(malformed_links(store.get(id)));
    }
    diagnostics.extend(uncited_evidence(site, store));
    diagnostics.extend(missing_feedback_url(site, &options.root, &crawl.templates));
    diagnostics.extend(descriptions(site));
    diagnostics.extend(missing_titles(site));
    diagnostics.extend(duplicate_titles(site));
    site.config.check.silence(&mut diagnostics);
    diagnostics::fill_snippets(&mut diagnostics, &options.root);
    diagnostics::add_columns(&mut diagnostics);
    diagnostics::dedup(&mut diagnostics);
    diagnostics
}

/// Markdown images without alt text.
fn image_alt(rendered: &Rendered) -> Vec<Diagnostic> {
    rendered
        .images
        .iter()
        .filter(|i| !i.has_alt)
        .map(|i| {
            Diagnostic::warning(
                "image-alt",
                format!("the image `{}` has no alt text", i.src),
            )
            .at(i.location.clone())
            .help("describe the image for readers who cannot see it: ![what it shows](file.png)")
        })
        .collect()
}

/// External links in Markdown that are not well-formed URLs.
fn malformed_links(rendered: &Rendered) -> Vec<Diagnostic> {
    rendered
        .external_links
        .iter()
        .filter_map(|(url, location)| {
            let why = malformed(url)?;
            Some(
                Diagnostic::error(
                    "malformed-url",
                    format!("malformed external link `{url}`: {why}"),
                )
                .at(location.clone())
                .help(
                    "write a full URL such as https://example.org/page, with spaces encoded as %20",
                ),
            )
        })
        .collect()
}

/// Pages that rate their evidence but cite nothing: a reader has no way to check the rating.
fn uncited_evidence(site: &Site, store: &Store) -> Vec<Diagnostic> {
    site.content
        .documents_with_ids()
        .filter(|(_, d)| d.meta.evidence.is_some())
        .filter(|&(id, _)| {
            let order = &store.get(id).reference_order;
            order.iter().all(|&(_, cited)| cited == 0)
        })
        .map(|(_, d)| {
            Diagnostic::warning(
                "uncited-evidence",
                "the page rates its evidence but cites no source",
            )
            .at(d.key_or_front_matter_location("evidence"))
            .help("cite the studies behind the rating in the text with [@id], each listed in [[references]]")
        })
        .collect()
}

/// Templates that link to `config.extra.feedback_url` (the "Report a problem" link) on a site
/// whose config.toml does not set it: the link is left out, so readers have no way to report
/// a mistake.
fn missing_feedback_url(
    site: &Site,
    root: &Path,
    templates: &[(PathBuf, String)],
) -> Option<Diagnostic> {
    let set = site
        .config
        .extra
        .get("feedback_url")
        .and_then(toml::Value::as_str)
        .is_some_and(|url| !url.trim().is_empty());
    if set {
        return None;
    }
    let users: Vec<String> = templates
        .iter()
        .filter(|(_, source)| source.contains("feedback_url"))
        .map(|(path, _)| path.display().to_string().replace('\\', "/"))
        .collect();
    if users.is_empty() {
        return None;
    }
    let source = std::fs::read_to_string(root.join("config.toml")).unwrap_or_default();
    let extra = source
        .match_indices("[extra]")
        .map(|(at, _)| at)
        .find(|&at| at == 0 || source[..at].ends_with('\n'));
    let location = match extra {
        Some(at) => Location::offset("config.toml", &source, at, "[extra]".len()),
        None => Location::offset("config.toml", &source, 0, 0),
    };
    Some(
        Diagnostic::warning(
            "missing-feedback-url",
            format!(
                "`feedback_url` is not set under [extra], but {} {} it: readers have no link to report a problem",
                users.join(", "),
                if users.len() == 1 { "uses" } else { "use" },
            ),
        )
        .at(location)
        .help("set it under [extra]: feedback_url = \"https://…\" (a form) or \"mailto:…\" (an address); until then the link is left out"),
    )
}

/// Pages and sections without a description.
fn descriptions(site: &Site) -> Vec<Diagnostic> {
    site.content
        .documents()
        .filter(|d| !d.source.as_os_str().is_empty() && d.meta.description.trim().is_empty())
        .map(|d| {
            Diagnostic::warning("missing-description", "the page has no description")
                .at(d.key_or_front_matter_location("title"))
                .help("add description = \"…\": search engines and link previews show it, and cards list it")
        })
        .collect()
}

/// Pages and sections without a title: Zola's front matter makes it optional, so a build
/// accepts them, but tabs, search results, feeds and links to the page have nothing to show.
fn missing_titles(site: &Site) -> Vec<Diagnostic> {
    site.content
        .documents()
        .filter(|d| !d.source.as_os_str().is_empty() && d.meta.title.trim().is_empty())
        .map(|d| {
            Diagnostic::warning("missing-title", "the page has no title")
                .at(d.key_or_front_matter_location("title"))
                .help("add title = \"…\": tabs, search results, feeds and listings show it")
        })
        .collect()
}

/// Titles used by more than one page (search results and tabs cannot tell them apart).
fn duplicate_titles(site: &Site) -> Vec<Diagnostic> {
    let mut by_title: BTreeMap<String, Vec<&Document>> = BTreeMap::new();
    for doc in site.content.documents() {
        // Pages without a title are reported as such, not as sharing the empty title.
        if !doc.source.as_os_str().is_empty() && !doc.meta.title.trim().is_empty() {
            by_title
                .entry(doc.meta.title.trim().to_lowercase())
                .or_default()
                .push(doc);
        }
    }
    let mut out = Vec::new();
    for docs in by_title.values().filter(|d| d.len() > 1) {
        for doc in docs {
            let others: Vec<String> = docs
                .iter()
                .filter(|o| o.display != doc.display)
                .map(|o| o.display.display().to_string())
                .collect();
            out.push(
                Diagnostic::warning(
                    "duplicate-title",
                    format!("the title `{}` is also used by {}", doc.meta.title, others.join(", ")),
                )
                .at(doc.key_or_front_matter_location("title"))
                .help("give each page its own title, so readers can tell them apart in search results and tabs"),
            );
        }
    }
    out
}
