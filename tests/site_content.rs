//! The bundled site, built from the repository's own content/, templates/ and static/:
//! every internal link, anchor and asset resolves, and the content keeps its promises.

mod common;
use common::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
}

fn build_bundled_site() -> Built {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let o = build(&repo(), &out, &[]);
    assert!(
        o.status.success(),
        "the bundled site must build:\n{}",
        stderr(&o)
    );
    Built { _dir: dir, out }
}

fn html_files(out: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// The file a root-relative URL points at, if it is inside the site.
fn target_file(out: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let path = path.strip_prefix('/')?;
    let decoded = relief::slug::decode_path(path).expect("valid percent-encoding");
    let file = out.join(&decoded);
    Some(if decoded.is_empty() || decoded.ends_with('/') {
        file.join("index.html")
    } else {
        file
    })
}

fn ids(file: &Path) -> HashSet<String> {
    let doc = html(file);
    select(&doc, "[id]")
        .iter()
        .filter_map(|e| e.attr("id").map(str::to_owned))
        .collect()
}

#[test]
fn every_internal_link_anchor_and_asset_exists() {
    let site = build_bundled_site();
    let mut id_cache: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in html_files(&site.out) {
        let doc = html(&file);
        let mut refs: Vec<String> = Vec::new();
        for (css, attr) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("img[src]", "src"),
            ("script[src]", "src"),
        ] {
            refs.extend(
                select(&doc, css)
                    .iter()
                    .filter_map(|e| e.attr(attr).map(str::to_owned)),
            );
        }
        for url in refs {
            if url.starts_with("http://")
                || url.starts_with("https://")
                || url.starts_with("mailto:")
            {
                continue;
            }
            let (target, fragment) = if let Some(fragment) = url.strip_prefix('#') {
                (file.clone(), fragment.to_string())
            } else {
                let Some(target) = target_file(&site.out, &url) else {
                    problems.push(format!("{}: relative URL {url}", file.display()));
                    continue;
                };
                (
                    target,
                    url.split_once('#')
                        .map(|(_, f)| f.to_string())
                        .unwrap_or_default(),
                )
            };
            checked += 1;
            if !target.is_file() {
                problems.push(format!(
                    "{}: {url} → missing {}",
                    file.display(),
                    target.display()
                ));
                continue;
            }
            if !fragment.is_empty()
                && !id_cache
                    .entry(target.clone())
                    .or_insert_with(|| ids(&target))
                    .contains(&fragment)
            {
                problems.push(format!("{}: {url} → no #{fragment}", file.display()));
            }
        }
    }
    assert!(checked > 200, "the crawl found only {checked} links");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_page_of_the_content_is_published() {
    let site = build_bundled_site();
    for entry in walkdir::WalkDir::new(repo().join("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry
            .path()
            .strip_prefix(repo().join("content"))
            .unwrap()
            .to_string_lossy()
            .to_string();
        if !rel.ends_with(".md") {
            continue;
        }
        let url_dir = rel.trim_end_matches(".md").trim_end_matches("_index");
        let file = site.out.join(url_dir).join("index.html");
        assert!(file.is_file(), "{rel} → {}", file.display());
    }
    for extra in [
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "tags/index.html",
    ] {
        assert!(site.out.join(extra).is_file(), "{extra}");
    }
}

/// Topic pages: the benefit pages of the site.
fn topic_pages(out: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(out.join("benefits"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path().join("index.html"))
        .filter(|p| p.is_file())
        .collect();
    pages.sort();
    pages
}

#[test]
fn topic_pages_have_summary_rating_references_and_review_date() {
    let site = build_bundled_site();
    let pages = topic_pages(&site.out);
    assert_eq!(pages.len(), 5, "one page per benefit of the article");
    for file in pages {
        let doc = html(&file);
        let name = file.display().to_string();
        assert_eq!(
            select(&doc, ".key-points li").len(),
            3,
            "{name}: a summary box with 3 points"
        );
        let badge = texts(&doc, ".evidence-label");
        assert!(
            !badge.is_empty() && !badge[0].is_empty(),
            "{name}: an evidence rating"
        );
        let references = select(&doc, ".references li[id^='ref-']");
        assert!(references.len() >= 2, "{name}: at least 2 references");
        let ref_ids: HashSet<&str> = references.iter().filter_map(|r| r.attr("id")).collect();
        let citations = select(&doc, "sup.citation a");
        assert!(!citations.is_empty(), "{name}: citations in the text");
        for c in &citations {
            let target = c.attr("href").unwrap().trim_start_matches('#');
            assert!(
                ref_ids.contains(target),
                "{name}: citation {target} has no reference"
            );
        }
        // Every listed reference is cited at least once.
        for id in &ref_ids {
            let cite = format!("#{id}");
            assert!(
                citations
                    .iter()
                    .any(|c| c.attr("href") == Some(cite.as_str())),
                "{name}: {id} never cited"
            );
        }
        let times = select(&doc, "time[datetime]");
        assert!(
            times.iter().any(|t| t.text().collect::<String>().len() > 4)
                && doc.html().contains("reviewed"),
            "{name}: a review date"
        );
        let json = texts(&doc, "script[type='application/ld+json']").join("\n");
        assert!(
            json.contains("\"MedicalWebPage\"") && json.contains("\"lastReviewed\""),
            "{name}: {json}"
        );
    }
}

#[test]
fn sources_page_lists_every_reference_exactly_once() {
    let site = build_bundled_site();
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    for file in html_files(&site.out) {
        if file.ends_with("sources/index.html") {
            continue;
        }
        let doc = html(&file);
        let mut on_page = HashSet::new();
        for r in select(&doc, ".references li[id^='ref-']") {
            on_page.insert(reference_key(r));
        }
        for key in on_page {
            *expected.entry(key).or_default() += 1;
        }
    }
    assert!(
        expected.len() >= 10,
        "found only {} references on the site",
        expected.len()
    );
    let sources = html(&site.out.join("sources/index.html"));
    let mut listed: BTreeMap<String, usize> = BTreeMap::new();
    for r in select(&sources, ".references li") {
        *listed.entry(reference_key(r)).or_default() += 1;
    }
    let missing: Vec<&String> = expected
        .keys()
        .filter(|k| !listed.contains_key(*k))
        .collect();
    assert!(missing.is_empty(), "not on the Sources page: {missing:?}");
    let repeated: Vec<(&String, &usize)> = listed.iter().filter(|(_, n)| **n > 1).collect();
    assert!(repeated.is_empty(), "listed more than once: {repeated:?}");
}

/// A reference identified by its DOI or PubMed link, else its text.
fn reference_key(li: scraper::ElementRef<'_>) -> String {
    let links: Vec<&str> = li
        .select(&scraper::Selector::parse("a[href]").unwrap())
        .filter_map(|a| a.attr("href"))
        .collect();
    links
        .iter()
        .find(|h| h.contains("doi.org/"))
        .or_else(|| links.iter().find(|h| h.contains("pubmed")))
        .or_else(|| links.iter().find(|h| h.starts_with("http")))
        .map(|h| h.to_lowercase())
        .unwrap_or_else(|| {
            li.text()
                .collect::<String>()
                .split_whitespace()
                .take(12)
                .collect::<Vec<_>>()
                .join(" ")
        })
}

#[test]
fn glossary_has_the_terms_pages_link_to() {
    let site = build_bundled_site();
    let glossary = ids(&site.out.join("glossary/index.html"));
    for term in [
        "endorphins",
        "cortisol",
        "serotonin",
        "oxytocin",
        "natural-killer-cells",
        "osteoarthritis",
    ] {
        assert!(glossary.contains(term), "glossary lacks #{term}");
    }
    let mut linked = 0;
    for file in topic_pages(&site.out) {
        for a in select(&html(&file), "a[href*='/glossary/#']") {
            let anchor = a
                .attr("href")
                .unwrap()
                .rsplit('#')
                .next()
                .unwrap()
                .to_string();
            assert!(glossary.contains(&anchor), "{}: #{anchor}", file.display());
            linked += 1;
        }
    }
    assert!(
        linked >= 5,
        "topic pages link medical terms to the glossary ({linked} links)"
    );
}

/// Flesch reading ease of plain English text (syllables counted by vowel groups).
fn flesch(text: &str) -> f64 {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let sentences = text
        .split(['.', '!', '?'])
        .filter(|s| s.split_whitespace().count() > 0)
        .count()
        .max(1);
    let syllables: usize = words.iter().map(|w| syllable_count(w)).sum();
    let w = words.len().max(1) as f64;
    206.835 - 1.015 * (w / sentences as f64) - 84.6 * (syllables as f64 / w)
}

fn syllable_count(word: &str) -> usize {
    let word: String = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    let mut count = 0;
    let mut previous_vowel = false;
    for c in word.chars() {
        let vowel = "aeiouy".contains(c);
        if vowel && !previous_vowel {
            count += 1;
        }
        previous_vowel = vowel;
    }
    if word.ends_with('e') && !word.ends_with("le") && count > 1 {
        count -= 1;
    }
    count.max(1)
}

#[test]
fn flesch_counts_syllables_and_scores_plain_text_higher() {
    assert_eq!(syllable_count("massage"), 2);
    assert_eq!(syllable_count("relaxation"), 4);
    assert_eq!(syllable_count("the"), 1);
    let plain = flesch("You may feel calm. Pain can ease for a while. Ask your doctor first.");
    let dense = flesch("Randomized controlled investigations demonstrated statistically significant improvements in osteoarthritic symptomatology.");
    assert!(plain > 80.0 && dense < 0.0, "{plain} {dense}");
}

#[test]
fn topic_pages_are_plain_language() {
    let site = build_bundled_site();
    for file in topic_pages(&site.out) {
        let doc = html(&file);
        // The article's own words: headings, paragraphs and list items of the body and summary.
        let text: Vec<String> = select(
            &doc,
            ".key-points li, .prose p, .prose li, .prose h2, .prose h3",
        )
        .iter()
        .map(|e| {
            let t = e.text().collect::<String>().replace('#', "");
            let t = t.trim().to_string();
            if t.ends_with(['.', '!', '?', ':']) {
                t
            } else {
                format!("{t}.")
            }
        })
        .collect();
        let score = flesch(&text.join(" "));
        assert!(
            score >= 60.0,
            "{}: Flesch reading ease {score:.1} < 60",
            file.display()
        );
    }
}
