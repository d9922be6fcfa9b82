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
    let decoded = common::decode_path(path).expect("valid percent-encoding");
    let file = out.join(&decoded);
    Some(if decoded.is_empty() || decoded.ends_with('/') {
        file.join("index.html")
    } else {
        file
    })
}

/// The language code of a translation's path under content/ (`safety.es.md` → `es`, Zola's
/// naming), or `None` for a page in the site's own language. Translations are checked
/// against their English pages by tests/translations.rs, and their reading level measured by
/// scripts/reading-level-es; the English wording checks here skip them.
fn translation_code(rel: &str) -> Option<&str> {
    let (name, code) = rel.strip_suffix(".md")?.rsplit_once('.')?;
    let is_code = (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase());
    (!name.ends_with('/') && !name.is_empty() && is_code).then_some(code)
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
        // A translation is published under its language's folder: `safety.es.md` at
        // `es/safety/`.
        let (lang_dir, name) = match translation_code(&rel) {
            Some(code) => (code.to_string(), rel.replace(&format!(".{code}.md"), ".md")),
            None => (String::new(), rel.clone()),
        };
        let url_dir = name.trim_end_matches(".md").trim_end_matches("_index");
        let file = site.out.join(&lang_dir).join(url_dir).join("index.html");
        assert!(file.is_file(), "{rel} → {}", file.display());
    }
    for extra in [
        "404.html",
        "es/404.html",
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

/// The bundled scale, strongest first as config.toml lists it, and how many of a bar's four
/// segments each rating fills.
const EVIDENCE_SCALE: [(&str, usize); 4] = [
    ("Some evidence (short-term)", 4),
    ("Mixed evidence", 3),
    ("Limited or weak evidence", 2),
    ("Not supported by good evidence", 1),
];

#[test]
fn the_evidence_charts_show_each_claim_as_its_page_rates_it() {
    let site = build_bundled_site();
    for listing in ["index.html", "benefits/index.html"] {
        let doc = html(&site.out.join(listing));
        let charts = select(&doc, "figure.evidence-chart");
        assert_eq!(charts.len(), 1, "{listing}: one chart");
        let chart = charts[0];
        let in_chart = |css: &str| {
            chart
                .select(&scraper::Selector::parse(css).unwrap())
                .collect::<Vec<_>>()
        };
        let text = |e: &scraper::ElementRef<'_>| e.text().collect::<String>().trim().to_string();
        // What each claim's own page says, in the order the cards list them.
        let mut expected = Vec::new();
        for card in select(&doc, ".cards .card") {
            let link = card
                .select(&scraper::Selector::parse(".card-title a").unwrap())
                .next()
                .unwrap();
            if !link.attr("href").unwrap().starts_with("/benefits/") {
                continue;
            }
            let page = html(&target_file(&site.out, link.attr("href").unwrap()).unwrap());
            expected.push((text(&link), texts(&page, "main .badge")[0].clone()));
        }
        assert_eq!(expected.len(), 5, "{listing}: the five claims");

        let svg = in_chart("svg");
        assert_eq!(svg[0].attr("aria-hidden"), Some("true"), "{listing}");
        let bars: Vec<(String, String)> = in_chart("svg .chart-row")
            .iter()
            .map(|row| {
                let part = |css: &str| {
                    text(
                        &row.select(&scraper::Selector::parse(css).unwrap())
                            .next()
                            .unwrap(),
                    )
                };
                (part(".chart-claim"), part(".chart-level"))
            })
            .collect();
        assert_eq!(bars, expected, "{listing}: the bars");
        let table: Vec<(String, String)> = in_chart("table tbody tr")
            .iter()
            .map(|tr| {
                let cell = |css: &str| {
                    text(
                        &tr.select(&scraper::Selector::parse(css).unwrap())
                            .next()
                            .unwrap(),
                    )
                };
                (cell("th[scope=row]"), cell("td"))
            })
            .collect();
        assert_eq!(table, expected, "{listing}: the table");
        for row in in_chart("svg .chart-row") {
            let level = text(
                &row.select(&scraper::Selector::parse(".chart-level").unwrap())
                    .next()
                    .unwrap(),
            );
            let count = |css: &str| row.select(&scraper::Selector::parse(css).unwrap()).count();
            let fills = EVIDENCE_SCALE
                .iter()
                .find(|(label, _)| *label == level)
                .unwrap_or_else(|| panic!("{listing}: \"{level}\" is not on the scale"))
                .1;
            assert_eq!(count(".chart-step"), 4, "{listing}: {level}");
            assert_eq!(count(".chart-on"), fills, "{listing}: {level}");
        }
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

/// The published page of every Markdown file under content/ (path relative to content/, file),
/// translations left out.
fn content_pages(out: &Path) -> Vec<(String, PathBuf)> {
    let content = repo().join("content");
    let mut pages: Vec<(String, PathBuf)> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&content)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let dir = rel
                .trim_end_matches(".md")
                .trim_end_matches("_index")
                .to_string();
            (rel, out.join(dir).join("index.html"))
        })
        .filter(|(rel, _)| translation_code(rel).is_none())
        .collect();
    pages.sort();
    pages
}

/// The article's own words: headings, paragraphs and list items of the body and summary, each
/// ending as a sentence.
fn article_text(doc: &scraper::Html) -> String {
    select(
        doc,
        ".key-points li, .lead p, .prose p, .prose li, .prose h2, .prose h3",
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
    .collect::<Vec<_>>()
    .join(" ")
}

#[test]
fn every_page_is_plain_language() {
    let site = build_bundled_site();
    let mut measured = Vec::new();
    for (rel, file) in content_pages(&site.out) {
        let text = article_text(&html(&file));
        if text.split_whitespace().count() < 10 {
            continue;
        }
        let score = flesch(&text);
        assert!(score >= 60.0, "{rel}: Flesch reading ease {score:.1} < 60");
        measured.push(rel);
    }
    assert!(
        measured.len() >= 15,
        "only {} pages measured: {measured:?}",
        measured.len()
    );
}

/// The visible words of a page's main content (body, summary, boxes), without citation
/// numbers and heading self-links, typographic apostrophes made plain.
fn visible_text(file: &Path) -> String {
    let doc = html(file);
    let mut out = String::new();
    for root in select(&doc, "main") {
        for node in root.descendants() {
            let Some(text) = node.value().as_text() else {
                continue;
            };
            let skipped = node.ancestors().any(|a| {
                a.value().as_element().is_some_and(|e| {
                    e.name() == "sup"
                        || e.name() == "nav"
                        || e.has_class("anchor", scraper::CaseSensitivity::CaseSensitive)
                        || e.has_class("references", scraper::CaseSensitivity::CaseSensitive)
                })
            });
            if !skipped {
                out.push_str(text);
                out.push(' ');
            }
        }
    }
    out.replace('\u{2019}', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" .", ".")
        .replace(" ,", ",")
}

const CLOT_ADVICE: &str =
    "Don't have a massage if you might have a blood clot. Get urgent medical help.";

#[test]
fn every_page_that_mentions_a_blood_clot_says_no_massage_and_urgent_help() {
    let site = build_bundled_site();
    let mut with_advice = Vec::new();
    for (rel, file) in content_pages(&site.out) {
        let text = visible_text(&file);
        let lower = text.to_lowercase();
        if lower.contains("blood clot") || lower.contains("thrombosis") {
            assert!(
                text.contains(CLOT_ADVICE),
                "{rel} mentions blood clots without \"{CLOT_ADVICE}\""
            );
            with_advice.push(rel.clone());
        }
        // The weaker wordings of the first edition.
        for weak in [
            "check first if you may have a blood clot",
            "should not, or should ask first",
            "if you may have a blood clot",
        ] {
            assert!(!lower.contains(weak), "{rel}: \"{weak}\"");
        }
        // The signs of a clot are any one of them, not all at once.
        assert!(
            !lower.contains("swollen and painful, warm"),
            "{rel}: the signs of a clot read as needed all at once"
        );
        if lower.contains("in one leg") {
            assert!(
                lower.contains("any of these in one leg: swelling, pain, warmth or redness"),
                "{rel}: the signs in one leg are not given as any one of them"
            );
        }
    }
    for page in [
        "_index.md",
        "safety.md",
        "glossary.md",
        "what-to-expect.md",
        "benefits/joint-pain.md",
        "benefits/stress-relief.md",
        "benefits/anxiety-depression.md",
        "benefits/sleep-energy.md",
    ] {
        assert!(
            with_advice.iter().any(|p| p == page),
            "{page} gives no clot advice: {with_advice:?}"
        );
    }
}

/// The care-card levels, least urgent first: the callout kind and the heading of each.
const CARE_CARDS: [(&str, &str); 3] = [
    ("NOTE", "Talk to your doctor"),
    ("WARNING", "Get medical advice soon"),
    ("CAUTION", "Get emergency help now"),
];

/// Every callout of a Markdown file: its kind, its title and the lines of its box.
fn callouts(markdown: &str) -> Vec<(String, String, Vec<String>)> {
    let mut out: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut open = false;
    for line in markdown.lines() {
        let Some(quoted) = line.strip_prefix('>') else {
            open = false;
            continue;
        };
        let quoted = quoted.trim();
        if !open {
            if let Some(rest) = quoted.strip_prefix("[!") {
                let (kind, title) = rest.split_once(']').expect("a closed callout tag");
                out.push((kind.to_string(), title.trim().to_string(), Vec::new()));
                open = true;
                continue;
            }
        }
        if let Some(callout) = out.last_mut().filter(|_| open) {
            callout.2.push(quoted.to_string());
        }
    }
    out
}

#[test]
fn care_cards_are_one_box_per_level_each_with_its_heading() {
    let content = repo().join("content");
    let mut pages_with_cards: Vec<(String, Vec<usize>)> = Vec::new();
    for entry in walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|x| x != "md") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&content)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if translation_code(&rel).is_some() {
            continue; // tests/translations.rs holds translations to their English pages' cards
        }
        let markdown = std::fs::read_to_string(entry.path()).unwrap();
        let mut levels = Vec::new();
        for (kind, title, lines) in callouts(&markdown) {
            let body = lines.join(" ").to_lowercase();
            let Some(level) = CARE_CARDS.iter().position(|(_, t)| *t == title) else {
                // Warning and caution boxes are kept for care cards; every box has a title.
                assert!(
                    kind != "WARNING" && kind != "CAUTION",
                    "{rel}: a [!{kind}] box titled \"{title}\" is not a care card"
                );
                assert!(!title.is_empty(), "{rel}: a [!{kind}] box without a title");
                assert!(
                    !body.contains("emergency") && !body.contains("same day"),
                    "{rel}: urgent advice outside a care card"
                );
                continue;
            };
            assert_eq!(
                kind, CARE_CARDS[level].0,
                "{rel}: \"{title}\" must be a [!{}] box",
                CARE_CARDS[level].0
            );
            assert!(
                levels.iter().all(|&l| l < level),
                "{rel}: one \"{title}\" box, after the less urgent ones"
            );
            levels.push(level);
            // One level per box: no box says what another level says.
            for (words, said_by) in [
                ("see your doctor", 0),
                ("the same day", 1),
                ("emergency number", 2),
                ("emergency department", 2),
            ] {
                if body.contains(words) {
                    assert_eq!(
                        said_by, level,
                        "{rel}: the \"{title}\" box says \"{words}\""
                    );
                }
            }
        }
        if !levels.is_empty() {
            assert!(
                markdown.contains("## When to get medical help"),
                "{rel}: the care cards have their own heading"
            );
            pages_with_cards.push((rel, levels));
        }
    }
    let levels_of = |page: &str| {
        pages_with_cards
            .iter()
            .find(|(p, _)| p == page)
            .map(|(_, l)| l.clone())
            .unwrap_or_else(|| panic!("{page} has no care card"))
    };
    assert_eq!(levels_of("safety.md"), vec![0, 1, 2]);
    assert_eq!(levels_of("benefits/joint-pain.md"), vec![0, 1, 2]);
    for page in [
        "benefits/stress-relief.md",
        "benefits/anxiety-depression.md",
        "benefits/sleep-energy.md",
        "benefits/immune-system.md",
        "osteoarthritis-treatments.md",
        "back-and-neck-pain.md",
        "what-to-expect.md",
    ] {
        assert!(
            levels_of(page).contains(&0),
            "{page}: no \"Talk to your doctor\" card"
        );
    }
}

#[test]
fn the_care_card_headings_are_shown_in_order_on_the_safety_page() {
    let site = build_bundled_site();
    let text = visible_text(&site.out.join("safety/index.html"));
    let mut at = 0;
    for (_, title) in CARE_CARDS {
        let found = text[at..]
            .find(title)
            .unwrap_or_else(|| panic!("no \"{title}\" after the less urgent cards"));
        at += found + title.len();
    }
}

/// The sentences of a Markdown body (front matter left out), split at ". ", "? " and line ends.
fn sentences(rel: &str) -> Vec<String> {
    let source = std::fs::read_to_string(repo().join("content").join(rel)).unwrap();
    let body = source.splitn(3, "+++").nth(2).unwrap_or_default();
    body.lines()
        .flat_map(|l| l.split(". ").map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

#[test]
fn the_weekly_hour_is_credited_to_the_2019_trial_only() {
    let mut weekly_hours = 0;
    for rel in [
        "benefits/joint-pain.md",
        "types-of-massage.md",
        "what-to-expect.md",
    ] {
        for s in sentences(rel) {
            if s.contains("once a week for 8 weeks") {
                weekly_hours += 1;
                assert!(
                    s.contains("@perlman2019") && !s.contains("@perlman2006"),
                    "{rel}: {s}"
                );
            }
            if s.contains("@perlman2006") && s.contains("once a week") {
                assert!(
                    s.contains("twice a week"),
                    "{rel}: the 2006 trial was twice a week, then weekly: {s}"
                );
            }
        }
    }
    assert!(weekly_hours >= 3, "{weekly_hours}");
}

/// The visible text of a bundled page, by its content path.
fn page_text(site: &Built, rel: &str) -> String {
    let (_, file) = content_pages(&site.out)
        .into_iter()
        .find(|(r, _)| r == rel)
        .unwrap_or_else(|| panic!("no page {rel}"));
    visible_text(&file)
}

#[test]
fn the_editors_corrections_hold() {
    let site = build_bundled_site();
    // (page, words it must say, words it must not say)
    let cases: [(&str, &[&str], &[&str]); 9] = [
        (
            "benefits/joint-pain.md",
            &[
                "We found no studies that measured blood flow to a joint.",
                "But the trials do not all agree",
                "They had massage twice a week at first, then once a week.",
                "gave this advice a lower grade",
                "Endorphins: not supported.",
            ],
            &[
                "No study has shown",
                "Trials agree",
                "marked this advice down",
                "safe for most adults",
            ],
        ),
        (
            "benefits/stress-relief.md",
            &[
                "average falls in cortisol of about 31%",
                "measured only within the massage group",
                "did find lower cortisol",
                "preliminary",
                "Lower cortisol: not supported.",
            ],
            &["about a third", "Other studies agree."],
        ),
        (
            "benefits/immune-system.md",
            &[
                "The rise was measured within the massage group.",
                "Some studies found a rise, others no clear change.",
                "Oxytocin calming inflammation: not supported.",
                "radiotherapy (treatment with radiation)",
            ],
            &["not a fair test", "Some researchers think", "go both ways"],
        ),
        (
            "benefits/anxiety-depression.md",
            &[
                "on the anxiety rating scale the trial used",
                "not supported by good evidence",
            ],
            &[],
        ),
        (
            "benefits/sleep-energy.md",
            &[
                "More energy from endorphins: not supported.",
                "These explanations are not supported",
            ],
            &["safe for most adults"],
        ),
        (
            "types-of-massage.md",
            &[
                "We found no trials of reflexology for joint pain.",
                "It is the main treatment for osteoarthritis.",
            ],
            &[
                "main treatment for joint pain",
                "no good evidence that it helps joint pain",
            ],
        ),
        (
            "safety.md",
            &[
                "You have a broken bone or fragile bones.",
                "inflammation or an infection in the area",
                "Ask your surgeon or care team",
                "only in a copy on another website",
                "case reports and case series",
            ],
            &["Don't have pressure on or near it"],
        ),
        (
            "about.md",
            &[
                "In December 2026 the editors checked every page again",
                "only in a copy on another website",
            ],
            &["We only cite a source after we have seen its details ourselves"],
        ),
        (
            "sources.md",
            &["under the page that relies on it most"],
            &["first cites it"],
        ),
    ];
    for (rel, says, never) in cases {
        let text = page_text(&site, rel);
        for words in says {
            assert!(text.contains(words), "{rel} does not say \"{words}\"");
        }
        for words in never {
            assert!(!text.contains(words), "{rel} still says \"{words}\"");
        }
    }
    // The broken bone sits beside fragile bones, not among those who should not have massage.
    let safety = html(&site.out.join("safety/index.html"));
    let lists = texts(&safety, ".prose ul");
    assert!(!lists[0].contains("broken bone"), "{}", lists[0]);
    assert!(lists[1].contains("broken bone") && lists[1].contains("fragile bones"));
}

#[test]
fn hard_words_are_explained_where_they_are_used() {
    let site = build_bundled_site();
    let glossary = ids(&site.out.join("glossary/index.html"));
    for term in [
        "arthritis",
        "usual-care",
        "nice",
        "radiotherapy",
        "case-report",
        "cochrane",
        "sham",
    ] {
        assert!(glossary.contains(term), "the glossary lacks #{term}");
    }
    // A page that uses the word links it to the glossary.
    for (word, anchor) in [
        ("usual care", "usual-care"),
        ("NICE", "nice"),
        ("radiotherapy", "radiotherapy"),
        ("case reports", "case-report"),
        ("Cochrane", "cochrane"),
    ] {
        for (rel, file) in content_pages(&site.out) {
            if rel == "glossary.md" || rel == "about.md" || rel == "find-out-more.md" {
                continue;
            }
            let doc = html(&file);
            let prose = texts(&doc, ".prose").join(" ");
            if prose.contains(word) {
                let link = format!("/glossary/#{anchor}");
                assert!(
                    select(&doc, ".prose a[href]")
                        .iter()
                        .any(|a| a.attr("href").unwrap().ends_with(&link)),
                    "{rel} uses \"{word}\" without a glossary link"
                );
            }
        }
    }
}

#[test]
fn related_topics_are_the_editors_choice() {
    let site = build_bundled_site();
    let related = |rel: &str| -> Vec<String> {
        let file = site.out.join(rel).join("index.html");
        select(&html(&file), ".related a")
            .iter()
            .map(|a| a.attr("href").unwrap().to_string())
            .collect()
    };
    assert_eq!(
        related("benefits/joint-pain"),
        [
            "/osteoarthritis-treatments/",
            "/what-to-expect/",
            "/types-of-massage/",
            "/safety/"
        ]
    );
    // Every page naming related topics shows 3 to 5 of them; safety and types are reachable.
    let mut shown: HashSet<String> = HashSet::new();
    for (rel, file) in content_pages(&site.out) {
        let links: Vec<String> = select(&html(&file), ".related a")
            .iter()
            .map(|a| a.attr("href").unwrap().to_string())
            .collect();
        if !links.is_empty() {
            assert!((3..=5).contains(&links.len()), "{rel}: {links:?}");
        }
        shown.extend(links);
    }
    for page in ["/safety/", "/types-of-massage/", "/what-to-expect/"] {
        assert!(shown.contains(page), "{page} is never a related topic");
    }
}

#[test]
fn related_topics_fall_back_to_shared_tags() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["content", "templates", "static"] {
        copy_dir(&repo().join(sub), &dir.path().join(sub));
    }
    std::fs::copy(repo().join("config.toml"), dir.path().join("config.toml")).unwrap();
    let page = dir.path().join("content/benefits/immune-system.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("related = "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(text, without);
    std::fs::write(&page, without).unwrap();
    let out = dir.path().join("public");
    let o = build(dir.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let links: Vec<String> = select(
        &html(&out.join("benefits/immune-system/index.html")),
        ".related a",
    )
    .iter()
    .map(|a| a.attr("href").unwrap().to_string())
    .collect();
    // The pages sharing its tags (immune, hormones, inflammation), most shared first.
    assert!(!links.is_empty() && links.len() <= 3, "{links:?}");
    assert!(
        links.iter().all(|l| l.starts_with("/benefits/")),
        "{links:?}"
    );
}

#[test]
fn each_source_is_listed_under_the_page_citing_it_most() {
    let site = build_bundled_site();
    // How often each page cites each reference (by DOI, PubMed or text).
    let mut citations: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
    for (rel, file) in content_pages(&site.out) {
        if rel == "sources.md" {
            continue;
        }
        let doc = html(&file);
        for r in select(&doc, ".references li[id^='ref-']") {
            let cite = format!("#{}", r.attr("id").unwrap());
            let n = select(&doc, "sup.citation a")
                .iter()
                .filter(|a| a.attr("href") == Some(cite.as_str()))
                .count();
            let url = format!(
                "/{}",
                rel.trim_end_matches(".md").trim_end_matches("_index")
            );
            citations
                .entry(reference_key(r))
                .or_default()
                .push((format!("{url}/"), n));
        }
    }
    let sources = html(&site.out.join("sources/index.html"));
    let mut checked = 0;
    for group in select(&sources, "section.references") {
        let page = group
            .select(&scraper::Selector::parse(".source-page a").unwrap())
            .next()
            .unwrap()
            .attr("href")
            .unwrap()
            .to_string();
        for li in group.select(&scraper::Selector::parse("li").unwrap()) {
            let key = reference_key(li);
            let counts = &citations[&key];
            let most = counts.iter().map(|(_, n)| *n).max().unwrap();
            let here = counts.iter().find(|(p, _)| *p == page).map(|(_, n)| *n);
            assert_eq!(here, Some(most), "{key} is under {page}: {counts:?}");
            checked += 1;
        }
    }
    assert_eq!(checked, citations.len());
    // The knee trials and the knee review belong to the joint pain page.
    let joint = select(&sources, "section.references")
        .into_iter()
        .find(|g| {
            g.text()
                .collect::<String>()
                .contains("Can massage ease joint pain")
        })
        .unwrap()
        .text()
        .collect::<String>();
    for doi in [
        "archinte.166.22.2533",
        "journal.pone.0030248",
        "s11606-018-4763-5",
        "j.ctcp.2021.101522",
    ] {
        assert!(joint.contains(doi), "{doi} is not under joint pain");
    }
}

#[test]
fn report_a_problem_links_to_the_configured_address_and_is_left_out_when_unset() {
    let site = build_bundled_site();
    let config = std::fs::read_to_string(repo().join("config.toml")).unwrap();
    assert!(
        !config
            .lines()
            .any(|l| l.trim_start().starts_with("feedback_url")),
        "the bundled site has no feedback address yet: none may be invented"
    );
    for file in html_files(&site.out) {
        assert!(
            select(&html(&file), "a.feedback-link").is_empty(),
            "{}",
            file.display()
        );
    }
    assert!(page_text(&site, "about.md")
        .contains("A contact address for the site's editors will be added here"));

    let dir = tempfile::tempdir().unwrap();
    for sub in ["content", "templates", "static"] {
        copy_dir(&repo().join(sub), &dir.path().join(sub));
    }
    std::fs::write(
        dir.path().join("config.toml"),
        config.replace(
            "[extra]\n",
            "[extra]\nfeedback_url = \"mailto:editors@example.org\"\n",
        ),
    )
    .unwrap();
    let out = dir.path().join("public");
    let o = build(dir.path(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut pages = 0;
    for file in html_files(&out) {
        let doc = html(&file);
        let links = select(&doc, "a.feedback-link");
        assert_eq!(links.len(), 1, "{}", file.display());
        assert_eq!(links[0].attr("href"), Some("mailto:editors@example.org"));
        // In the page's language.
        let lang = select(&doc, "html")[0]
            .attr("lang")
            .unwrap_or_default()
            .to_string();
        let expected = match lang.as_str() {
            "es" => "Avisar de un problema en esta página",
            _ => "Report a problem with this page",
        };
        assert_eq!(
            links[0].text().collect::<String>(),
            expected,
            "{}",
            file.display()
        );
        pages += 1;
    }
    assert!(pages >= 15);
    let about = html(&out.join("about/index.html"));
    assert!(select(&about, ".prose a[href='mailto:editors@example.org']").len() == 1);
}

#[test]
fn the_new_pages_cite_their_sources_and_answer_the_next_questions() {
    let site = build_bundled_site();
    let refs = |rel: &str| -> Vec<String> {
        select(
            &html(&site.out.join(rel).join("index.html")),
            ".references li[id^='ref-']",
        )
        .iter()
        .map(|r| r.attr("id").unwrap().trim_start_matches("ref-").to_string())
        .collect()
    };
    for (page, expected) in [
        (
            "what-to-expect",
            &["msd", "yin2014", "perlman2019", "perlman2012", "aaos"][..],
        ),
        (
            "osteoarthritis-treatments",
            &["nice2022", "nhsoa", "aaos", "nccihoa", "wu2022"][..],
        ),
        (
            "back-and-neck-pain",
            &["nccihmassage", "gross2024", "yin2014"][..],
        ),
    ] {
        let found = refs(page);
        for id in expected {
            assert!(
                found.iter().any(|f| f == id),
                "{page} does not cite {id}: {found:?}"
            );
        }
        // Every reference cited, every citation resolved.
        let doc = html(&site.out.join(page).join("index.html"));
        let cited: HashSet<String> = select(&doc, "sup.citation a")
            .iter()
            .map(|a| {
                a.attr("href")
                    .unwrap()
                    .trim_start_matches("#ref-")
                    .to_string()
            })
            .collect();
        assert_eq!(
            cited,
            found.iter().cloned().collect::<HashSet<_>>(),
            "{page}"
        );
    }
    let expect = page_text(&site, "what-to-expect.md");
    let doc = html(&site.out.join("what-to-expect/index.html"));
    let questions: Vec<String> = select(&doc, "#questions ~ ul li")
        .iter()
        .map(|li| li.text().collect::<String>())
        .filter(|t| t.contains('?'))
        .collect();
    for topic in [
        "training",
        "registered",
        "arthritis",
        "pressure",
        "cost",
        "How many sessions",
    ] {
        assert!(
            questions.iter().any(|q| q.contains(topic)),
            "no question about {topic}: {questions:?}"
        );
    }
    assert!(expect.contains("if you want to stop"));
    let back = page_text(&site, "back-and-neck-pain.md");
    assert!(back.contains("Our rating for low-back pain: some evidence, short-term."));
    assert!(back.contains("25 studies with 3,096 people"));
    assert!(back.contains(
        "At about 12 weeks, massage probably made little or no difference compared with sham."
    ));
    let oa = page_text(&site, "osteoarthritis-treatments.md");
    for words in [
        "exercise",
        "managing your weight",
        "information and support",
        "medicines",
        "Where massage fits",
    ] {
        assert!(
            oa.contains(words),
            "the osteoarthritis page does not cover {words}"
        );
    }
    let more = html(&site.out.join("find-out-more/index.html"));
    let hosts: Vec<String> = select(&more, ".prose a[href^='https://']")
        .iter()
        .map(|a| {
            a.attr("href")
                .unwrap()
                .split('/')
                .nth(2)
                .unwrap()
                .to_string()
        })
        .collect();
    for host in ["nhs.uk", "nice.org.uk", "nccih.nih.gov", "medlineplus.gov"] {
        assert!(
            hosts.iter().any(|h| h == host),
            "find out more does not link {host}: {hosts:?}"
        );
    }
}

#[test]
fn check_warns_while_no_feedback_address_is_set() {
    let check = |root: &Path| {
        relief::check(
            &relief::BuildOptions {
                root: root.to_path_buf(),
                ..Default::default()
            },
            relief::External::Skip,
        )
    };
    let warnings: Vec<String> = check(&repo())
        .iter()
        .filter(|d| d.code == "missing-feedback-url")
        .map(ToString::to_string)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let found = check(&repo())
        .into_iter()
        .find(|d| d.code == "missing-feedback-url")
        .unwrap();
    assert_eq!(found.severity, relief::Severity::Warning);
    assert_eq!(
        found.message,
        "`feedback_url` is not set under [extra], but templates/base.html, templates/shortcodes/feedback_link.html use it: readers have no link to report a problem"
    );
    let at = found.location.unwrap();
    let config = std::fs::read_to_string(repo().join("config.toml")).unwrap();
    let extra_line = config.lines().position(|l| l == "[extra]").unwrap() + 1;
    assert_eq!(
        (at.file.display().to_string(), at.line),
        ("config.toml".to_string(), Some(extra_line))
    );

    // Set, the warning goes.
    let dir = tempfile::tempdir().unwrap();
    for sub in ["content", "templates", "static"] {
        copy_dir(&repo().join(sub), &dir.path().join(sub));
    }
    std::fs::write(
        dir.path().join("config.toml"),
        config.replace(
            "[extra]\n",
            "[extra]\nfeedback_url = \"https://example.org/feedback\"\n",
        ),
    )
    .unwrap();
    let codes: Vec<&str> = check(dir.path()).iter().map(|d| d.code).collect();
    assert!(!codes.contains(&"missing-feedback-url"), "{codes:?}");
}
