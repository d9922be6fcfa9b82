//! The bundled site's translations claim nothing their English pages do not.
//!
//! A translation is a file `NAME.CODE.md` beside its English `NAME.md` (Zola's naming, e.g.
//! `content/safety.es.md`). Read as plain files with the toml crate, no build needed, each
//! must have an English original and keep, from it: the evidence rating, the same
//! `[[references]]` (the sources do not change with language), the same citations in the
//! same order, the same care cards (callout kinds) in the same order, and the same dates.
//! Across a language's pages, each English care-card title has one translation. The
//! templates' interface has every key in English and in Spanish (config.toml).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every translation under the bundled site's content/, with its language code.
fn translations() -> Vec<(PathBuf, String)> {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut found: Vec<(PathBuf, String)> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_str()?.to_string();
            let code = translation_code(&name)?.to_string();
            Some((entry.into_path(), code))
        })
        .collect();
    found.sort();
    found
}

/// The language code of a translation's file name (`safety.es.md` → `es`): two or three
/// lowercase letters between the name and `.md`.
fn translation_code(file_name: &str) -> Option<&str> {
    let stem = file_name.strip_suffix(".md")?;
    let (name, code) = stem.rsplit_once('.')?;
    let is_code = (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase());
    (!name.is_empty() && is_code).then_some(code)
}

/// A page's TOML front matter (parsed) and its Markdown body.
fn split_page(path: &Path) -> (toml::Table, String) {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .replace("\r\n", "\n");
    let rest = text
        .strip_prefix("+++\n")
        .unwrap_or_else(|| panic!("{}: no +++ front matter", path.display()));
    let (front, body) = rest
        .split_once("\n+++\n")
        .unwrap_or_else(|| panic!("{}: front matter never closed", path.display()));
    let table = front
        .parse::<toml::Table>()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (table, body.to_string())
}

/// The citation groups of a Markdown body, in order: `[@a; @b]` is `["a", "b"]`.
/// An escaped `\[@…]` is text, not a citation.
fn citation_groups(body: &str) -> Vec<Vec<String>> {
    let mut groups = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find("[@") {
        let escaped = rest[..start].ends_with('\\');
        let after = &rest[start + 1..];
        let Some(end) = after.find(']') else { break };
        if !escaped {
            groups.push(
                after[..end]
                    .split(';')
                    .map(|key| key.trim().trim_start_matches('@').to_string())
                    .collect(),
            );
        }
        rest = &after[end..];
    }
    groups
}

/// A body's callouts (care cards), in order, each as its kind and title:
/// `> [!WARNING] Get help` is `("WARNING", "Get help")`.
fn callouts(body: &str) -> Vec<(String, String)> {
    body.lines()
        .filter_map(|line| {
            let marker = line.trim_start().strip_prefix('>')?.trim_start();
            let (kind, title) = marker.strip_prefix("[!")?.split_once(']')?;
            Some((kind.to_ascii_uppercase(), title.trim().to_string()))
        })
        .collect()
}

fn callout_kinds(body: &str) -> Vec<String> {
    callouts(body).into_iter().map(|(kind, _)| kind).collect()
}

/// The `[[references]]` of a front matter, in order.
fn references(front: &toml::Table) -> Vec<toml::Value> {
    front
        .get("references")
        .and_then(toml::Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn reference_ids(front: &toml::Table) -> BTreeSet<String> {
    references(front)
        .iter()
        .filter_map(|r| r.get("id")?.as_str().map(str::to_string))
        .collect()
}

/// What a translation changes that it must not, one line each (none when it is faithful).
fn differences(english: &Path, translation: &Path) -> Vec<String> {
    let (en_front, en_body) = split_page(english);
    let (tr_front, tr_body) = split_page(translation);
    let mut found = Vec::new();
    for key in ["evidence", "date", "updated", "reviewed", "review_due"] {
        if en_front.get(key) != tr_front.get(key) {
            let shown =
                |value: Option<&toml::Value>| value.map_or("unset".into(), |v| v.to_string());
            found.push(format!(
                "`{key}` is {}, the English page's is {}",
                shown(tr_front.get(key)),
                shown(en_front.get(key))
            ));
        }
    }
    let (en_ids, tr_ids) = (reference_ids(&en_front), reference_ids(&tr_front));
    if en_ids != tr_ids {
        found.push(format!(
            "reference ids differ: only in the translation {:?}, only in English {:?}",
            tr_ids.difference(&en_ids).collect::<Vec<_>>(),
            en_ids.difference(&tr_ids).collect::<Vec<_>>()
        ));
    } else if references(&en_front) != references(&tr_front) {
        found.push("[[references]] differ from the English page's: copy them unchanged".into());
    }
    let en_cited: BTreeSet<String> = citation_groups(&en_body).into_iter().flatten().collect();
    let tr_cited: BTreeSet<String> = citation_groups(&tr_body).into_iter().flatten().collect();
    if en_cited != tr_cited {
        found.push(format!(
            "cited keys differ: only in the translation {:?}, only in English {:?}",
            tr_cited.difference(&en_cited).collect::<Vec<_>>(),
            en_cited.difference(&tr_cited).collect::<Vec<_>>()
        ));
    } else if citation_groups(&en_body) != citation_groups(&tr_body) {
        found.push(format!(
            "citations differ in number or order: {:?}, the English page has {:?}",
            citation_groups(&tr_body),
            citation_groups(&en_body)
        ));
    }
    if callout_kinds(&en_body) != callout_kinds(&tr_body) {
        found.push(format!(
            "care cards differ: {:?}, the English page has {:?}",
            callout_kinds(&tr_body),
            callout_kinds(&en_body)
        ));
    }
    found
}

#[test]
fn every_translation_keeps_its_english_pages_rating_references_and_citations() {
    let translations = translations();
    assert!(
        !translations.is_empty(),
        "no NAME.CODE.md translation under content/"
    );
    let mut problems = Vec::new();
    // (language, English care-card title) → each translated title, with the files using it.
    let mut card_titles: BTreeMap<(&str, String), BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for (translation, code) in &translations {
        let name = translation.file_name().unwrap().to_string_lossy();
        let english = translation.with_file_name(name.replace(&format!(".{code}.md"), ".md"));
        if !english.exists() {
            problems.push(format!(
                "{}: no English original {}",
                translation.display(),
                english.display()
            ));
            continue;
        }
        for difference in differences(&english, translation) {
            problems.push(format!("{}: {difference}", translation.display()));
        }
        let (en_cards, tr_cards) = (
            callouts(&split_page(&english).1),
            callouts(&split_page(translation).1),
        );
        for ((_, en_title), (_, tr_title)) in en_cards.into_iter().zip(tr_cards) {
            card_titles
                .entry((code.as_str(), en_title))
                .or_default()
                .entry(tr_title)
                .or_default()
                .push(name.to_string());
        }
    }
    for ((code, en_title), wordings) in &card_titles {
        if wordings.len() > 1 {
            problems.push(format!(
                "the care card \"{en_title}\" has {} wordings in `{code}`, not one: {wordings:?}",
                wordings.len()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn translation_file_names_carry_a_language_code() {
    assert_eq!(translation_code("safety.es.md"), Some("es"));
    assert_eq!(translation_code("_index.es.md"), Some("es"));
    assert_eq!(translation_code("safety.md"), None);
    assert_eq!(translation_code("v1.2.md"), None);
    assert_eq!(translation_code(".es.md"), None);
}

#[test]
fn citations_and_care_cards_are_read_in_order_and_escapes_are_not_citations() {
    let body = "A [@one]. B [@two; @three] and \\[@not] C [@one].";
    assert_eq!(
        citation_groups(body),
        vec![vec!["one"], vec!["two", "three"], vec!["one"]]
    );
    assert_eq!(
        callouts("> [!NOTE] Talk\n>\n> - x\n\n> [!caution]  Now \ntext [!TIP]"),
        [
            ("NOTE".to_string(), "Talk".to_string()),
            ("CAUTION".to_string(), "Now".to_string())
        ]
    );
}

#[test]
fn a_changed_rating_citation_or_care_card_is_a_difference() {
    let dir = tempfile::tempdir().unwrap();
    let english = dir.path().join("page.md");
    let translation = dir.path().join("page.es.md");
    let page = |evidence: &str, cite: &str, card: &str| {
        format!(
            "+++\nevidence = \"{evidence}\"\n\n[[references]]\nid = \"a\"\n\n[[references]]\nid = \"b\"\n+++\nText [@a]. More [{cite}].\n\n> [!{card}] Title\n"
        )
    };
    std::fs::write(&english, page("some", "@b", "NOTE")).unwrap();
    std::fs::write(&translation, page("some", "@b", "NOTE")).unwrap();
    assert_eq!(differences(&english, &translation), Vec::<String>::new());
    std::fs::write(&translation, page("limited", "@a", "WARNING")).unwrap();
    let found = differences(&english, &translation);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].starts_with("`evidence` is"), "{found:?}");
    assert!(found[1].starts_with("cited keys differ"), "{found:?}");
    assert!(found[2].starts_with("care cards differ"), "{found:?}");
}

/// The `trans` keys the bundled templates ask for (a literal key, or both keys of a literal
/// `"a" if … else "b"`).
fn template_keys() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut keys = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for (at, _) in text.match_indices("trans(key=") {
            let rest = &text[at + "trans(key=".len()..];
            let Some(literal) = quoted(rest) else {
                continue;
            };
            let after = rest[literal.len() + 2..].trim_start();
            if after.starts_with('~') {
                continue; // a key made in the template: checked below
            }
            keys.insert(literal.to_string());
            if let Some(other) = after
                .strip_prefix("if ")
                .and_then(|tail| tail.split_once("else "))
                .and_then(|(_, tail)| quoted(tail))
            {
                keys.insert(other.to_string());
            }
        }
    }
    keys
}

/// The keys of the messages search.js shows: `search_` and each name of its MESSAGES table,
/// the translations relief writes into each language's search index.
fn search_message_keys() -> BTreeSet<String> {
    let script =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("static/search.js"))
            .unwrap();
    let table = script
        .split_once("const MESSAGES = {")
        .and_then(|(_, tail)| tail.split_once("};"))
        .expect("search.js has its MESSAGES table")
        .0;
    table
        .lines()
        .filter(|l| l.contains(':'))
        .map(|line| format!("search_{}", line.trim().split(':').next().unwrap()))
        .collect()
}

/// The string `text` starts with, between `"` or `'`.
fn quoted(text: &str) -> Option<&str> {
    let quote = text.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    text[1..].split_once(quote).map(|(inside, _)| inside)
}

/// Every word of the bundled templates' interface exists in English and in Spanish: the two
/// tables of config.toml have the same keys (Spanish adds the labels of the evidence
/// ratings), every key a template asks for is in both, and so is every message search.js
/// shows (which relief hands it through the search index); every key is one a template,
/// search.js or relief itself reads.
#[test]
fn the_interface_is_translated_key_for_key() {
    let config: toml::Table =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("config.toml"))
            .unwrap()
            .parse()
            .unwrap();
    let table = |value: &toml::Value| -> BTreeSet<String> {
        value.as_table().unwrap().keys().cloned().collect()
    };
    let english = table(&config["translations"]);
    let spanish = table(&config["languages"]["es"]["translations"]);
    let levels = table(&config["evidence"]["levels"]);
    let ratings: BTreeSet<String> = levels.iter().map(|l| format!("evidence_{l}")).collect();
    let spanish_interface: BTreeSet<String> = spanish.difference(&ratings).cloned().collect();
    assert_eq!(
        english, spanish_interface,
        "the same interface keys in both"
    );
    assert!(
        ratings.is_subset(&spanish),
        "every rating has a Spanish label"
    );
    let messages = search_message_keys();
    assert_eq!(messages.len(), 9, "{messages:?}");
    let used: BTreeSet<String> = template_keys().union(&messages).cloned().collect();
    assert!(
        used.len() > 60,
        "only {} keys found in the templates and search.js",
        used.len()
    );
    let missing: Vec<&String> = used.difference(&english).collect();
    assert!(
        missing.is_empty(),
        "templates or search.js ask for keys no table has: {missing:?}"
    );
    // The words relief writes itself (a citation's name, a callout's title…) are read by
    // relief, not by a template.
    let read: BTreeSet<String> = used
        .iter()
        .cloned()
        .chain(relief::word_keys().into_iter().map(String::from))
        .collect();
    let unused: Vec<&String> = english.difference(&read).collect();
    assert!(
        unused.is_empty(),
        "keys neither a template, search.js nor relief asks for: {unused:?}"
    );
}
