//! The files: exactly the bytes a plain model of the format makes, sharded within bounds
//! with every term where the script looks, and read back by `static/search.js` as written.

use super::ranking::paths;
use super::{awkward_entries, bundled_site, entry, node, repo};
use crate::output::search::encoding::{CONTINUE, FINAL};
use crate::output::search::fragments::FRAGMENT_TARGET;
use crate::output::search::postings::{body_score, DESCRIPTION_SCORE, HEADING_SCORE, TITLE_SCORE};
use crate::output::search::reference::{Entry, Index};
use crate::output::search::render;
use crate::output::search::script::script_data;
use crate::output::search::shards::{SHARD_PREFIX_MAX, SHARD_TARGET};
use crate::output::search::text::{MIN_TOKEN, SPANISH_STOP_WORDS, STOP_WORDS};
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn a_large_index_is_sharded_by_prefix_and_every_term_is_where_the_script_looks() {
    // 3,000 pages with many distinct words: far more than one shard's target size.
    let entries: Vec<Entry> = (0..3000)
        .map(|i| {
            let text: String = (0..40)
                .map(|j| format!("w{}x{} ", (i * 7 + j * 13) % 5000, j % 3))
                .collect();
            entry(
                &format!("p{i}/"),
                &format!("Page {i}"),
                "",
                &[("", "", &text)],
            )
        })
        .collect();
    let index = Index::from_entries(entries);
    let files = unwrapped(&index.files());
    let meta: serde_json::Value = serde_json::from_str(
        &files
            .iter()
            .find(|f| f.0 == "search/index.js")
            .expect("index.js")
            .1,
    )
    .unwrap();
    let shards = meta["shards"].as_object().unwrap();
    assert!(shards.len() > 4, "expected several shards, got {shards:?}");
    let fragments = meta["fragments"].as_array().unwrap();
    assert!(fragments.len() > 1);
    assert_eq!(meta["pages"], 3000);
    let mut prefixes: Vec<&String> = shards.keys().collect();
    prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for term in index.terms.keys() {
        let prefix = prefixes
            .iter()
            .find(|p| term.starts_with(p.as_str()))
            .unwrap();
        let file = format!("search/{}", shards[prefix.as_str()].as_str().unwrap());
        let body = &files.iter().find(|f| f.0 == file).expect("shard file").1;
        assert!(
            body.lines()
                .any(|l| l.split_once(' ').map(|(t, _)| t) == Some(term.as_str())),
            "{term} is not in {file}"
        );
    }
    for (path, body) in &files {
        if path.contains("/t") || path.contains("/f-") {
            assert!(body.len() < 64 * 1024, "{path} is {} bytes", body.len());
        }
    }
}

/// The data of each search file: each is a script handing its data to the search script.
fn unwrapped(files: &[(String, String)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(path, script)| {
            let (name, data) =
                script_data(script).unwrap_or_else(|| panic!("{path} is not a search script"));
            assert_eq!(Some(name), path.strip_prefix("search/"));
            (path.clone(), data.into_owned())
        })
        .collect()
}

/// The terms that static/search.js cannot find: those missing from the shard it looks in
/// (the one of the longest prefix in index.js that the term starts with). `files` holds the
/// search files' data (`unwrapped`).
fn terms_the_script_misses<'a>(files: &[(String, String)], terms: &[&'a str]) -> Vec<&'a str> {
    let body = |path: &str| files.iter().find(|f| f.0 == path).map(|f| f.1.as_str());
    let meta: serde_json::Value = serde_json::from_str(body("search/index.js").unwrap()).unwrap();
    let shards = meta["shards"].as_object().unwrap();
    // Each shard's terms, read once.
    let mut held: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    terms
        .iter()
        .copied()
        .filter(|term| {
            let Some(prefix) = shards
                .keys()
                .filter(|p| term.starts_with(p.as_str()))
                .max_by_key(|p| p.len())
            else {
                return true;
            };
            let file = shards[prefix].as_str().unwrap();
            let terms = held.entry(file).or_insert_with(|| {
                body(&format!("search/{file}"))
                    .unwrap_or_default()
                    .lines()
                    .filter_map(|l| l.split_once(' ').map(|(t, _)| t))
                    .collect()
            });
            !terms.contains(term)
        })
        .collect()
}

#[test]
fn a_megabyte_word_and_many_long_words_are_sharded_within_bounds() {
    // A pasted data URI or hash is one word: one term line far over SHARD_TARGET. Its shard
    // used to be split once per character (a recursion a megabyte deep, and a million empty
    // shards). Beside it, 20,000 distinct long words sharing a 24-letter start.
    let huge = "q".repeat(1 << 20);
    let shared: String = "x".repeat(24);
    let long_words: String = (0..20_000).map(|i| format!("{shared}{i:06} ")).collect();
    let entries = vec![
        entry(
            "huge/",
            "Huge",
            "",
            &[("", "", &format!("massage {huge} sleep"))],
        ),
        entry(
            "long/",
            "Long",
            "",
            &[("", "", &format!("cortisol {long_words}"))],
        ),
        entry(
            "plain/",
            "Plain",
            "",
            &[("", "", "massage and sleep and cortisol")],
        ),
    ];
    let expected = model_files(&entries);
    let index = Index::from_entries(entries);
    let files = index.files();
    let data = unwrapped(&files);
    let meta: serde_json::Value =
        serde_json::from_str(&data.iter().find(|f| f.0 == "search/index.js").unwrap().1).unwrap();
    let shards = meta["shards"].as_object().unwrap();
    assert!(shards.len() < 100, "{} shards", shards.len());
    for prefix in shards.keys() {
        assert!(prefix.chars().count() <= SHARD_PREFIX_MAX, "{prefix}");
        let name = shards[prefix].as_str().unwrap();
        assert!(name.len() <= 2 + 2 + 8 * 4 * 2 + 4, "{name}");
    }
    let terms: Vec<&str> = index.terms.keys().map(String::as_str).collect();
    let missed = terms_the_script_misses(&data, &terms);
    assert!(
        missed.is_empty(),
        "{} terms are not where the script looks",
        missed.len()
    );
    assert_eq!(paths(&index, "massage sleep"), ["huge/", "plain/"]);
    assert_eq!(paths(&index, "cortisol"), ["long/", "plain/"]);
    assert_eq!(paths(&index, &huge), ["huge/"]);
    assert_eq!(paths(&index, &format!("{shared}019999")), ["long/"]);
    assert_same_files(files, expected);
}

/// The search files of `entries` as a plain model of the format makes them: every word
/// lower-cased and stemmed on its own, scores summed in sorted maps, each term line and file
/// built as a string, each file a script `reliefSearch.put("NAME",DATA);` (a shard's lines in
/// a template literal). The index must write exactly these bytes (`static/search.js` reads
/// them).
fn model_files(entries: &[Entry]) -> BTreeMap<String, String> {
    model_files_in(
        entries,
        rust_stemmers::Algorithm::English,
        STOP_WORDS,
        "english",
        &BTreeMap::new(),
    )
}

/// [`model_files`] with the stemmer `algorithm` and `stop` words, written into index.js as
/// the stemmer `name`, and the search script's `messages` (none: no `messages` key).
fn model_files_in(
    entries: &[Entry],
    algorithm: rust_stemmers::Algorithm,
    stop: &[&str],
    name: &str,
    messages: &BTreeMap<&str, &str>,
) -> BTreeMap<String, String> {
    let stemmer = rust_stemmers::Stemmer::create(algorithm);
    let terms_of = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .filter(|w| w.chars().count() >= 2 && !stop.contains(&w.as_str()))
            .map(|w| stemmer.stem(&w).into_owned())
            .collect()
    };
    let mut postings: BTreeMap<String, Vec<[u32; 3]>> = BTreeMap::new();
    for (p, e) in entries.iter().enumerate() {
        for (c, chunk) in e.chunks.iter().enumerate() {
            let mut scores: BTreeMap<String, (u32, u32)> = BTreeMap::new();
            let mut bonus = |text: &str, score: u32| {
                for t in terms_of(text) {
                    let s = scores.entry(t).or_default();
                    s.0 = s.0.max(score);
                }
            };
            if c == 0 {
                bonus(&e.description, DESCRIPTION_SCORE);
                bonus(&e.title, TITLE_SCORE);
            }
            bonus(&chunk.heading, HEADING_SCORE);
            for t in terms_of(&chunk.text) {
                scores.entry(t).or_default().1 += 1;
            }
            for (t, (b, n)) in scores {
                let score = b + body_score(n);
                postings
                    .entry(t)
                    .or_default()
                    .push([p as u32, c as u32, score]);
            }
        }
    }
    fn number(mut v: u32) -> String {
        let mut digits = vec![FINAL[(v % 32) as usize]];
        v /= 32;
        while v > 0 {
            digits.push(CONTINUE[(v % 32) as usize]);
            v /= 32;
        }
        digits.iter().rev().map(|&d| d as char).collect()
    }
    let lines: Vec<(String, String)> = postings
        .iter()
        .map(|(t, list)| {
            let mut line = format!("{t} ");
            let mut last = 0;
            for [p, c, s] in list {
                line += &(number(p - last) + &number(*c) + &number(*s));
                last = *p;
            }
            (t.clone(), line + "\n")
        })
        .collect();
    fn shard(lines: &[(String, String)], prefix: String, out: &mut BTreeMap<String, String>) {
        let size: usize = lines.iter().map(|l| l.1.len()).sum();
        let depth = prefix.chars().count();
        let short = |l: &&(String, String)| l.0.chars().count() <= depth;
        // A shard of one term, or at the deepest prefix, is never split.
        if size <= SHARD_TARGET
            || lines.len() <= 1
            || depth >= SHARD_PREFIX_MAX
            || lines.iter().all(|l| short(&l))
        {
            out.insert(prefix, lines.iter().map(|l| l.1.as_str()).collect());
            return;
        }
        out.insert(
            prefix.clone(),
            lines.iter().filter(short).map(|l| l.1.as_str()).collect(),
        );
        let rest: Vec<(String, String)> = lines.iter().filter(|l| !short(l)).cloned().collect();
        let mut groups: BTreeMap<char, Vec<(String, String)>> = BTreeMap::new();
        for l in rest {
            groups
                .entry(l.0.chars().nth(depth).unwrap())
                .or_default()
                .push(l);
        }
        for (next, group) in groups {
            shard(&group, format!("{prefix}{next}"), out);
        }
    }
    let mut shards = BTreeMap::new();
    shard(&lines, String::new(), &mut shards);

    let script = |name: &str, data: &str| format!("reliefSearch.put(\"{name}\",{data});\n");
    let mut files = BTreeMap::new();
    let mut names = BTreeMap::new();
    for (prefix, body) in shards {
        let name = if prefix.is_empty() {
            "t.js".to_string()
        } else if prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
            format!("t-{prefix}.js")
        } else {
            let hex: String = prefix.bytes().map(|b| format!("{b:02x}")).collect();
            format!("t-x{hex}.js")
        };
        files.insert(
            format!("search/{name}"),
            script(&name, &format!("`{body}`")),
        );
        names.insert(prefix, name);
    }
    let (mut starts, mut group): (Vec<usize>, Vec<String>) = (Vec::new(), Vec::new());
    let flush = |group: &mut Vec<String>, files: &mut BTreeMap<String, String>| {
        let n = files.keys().filter(|f| f.contains("/f-")).count();
        let name = format!("f-{n}.js");
        files.insert(
            format!("search/{name}"),
            script(&name, &format!("[{}]", group.join(","))),
        );
        group.clear();
    };
    for (p, e) in entries.iter().enumerate() {
        let chunks: Vec<[&str; 3]> = e
            .chunks
            .iter()
            .map(|c| [c.anchor.as_str(), c.heading.as_str(), c.text.as_str()])
            .collect();
        if group.is_empty() {
            starts.push(p);
        }
        group.push(serde_json::to_string(&(&e.path, &e.title, &e.description, chunks)).unwrap());
        if group.join(",").len() >= FRAGMENT_TARGET {
            flush(&mut group, &mut files);
        }
    }
    if !group.is_empty() {
        flush(&mut group, &mut files);
    }
    let mut meta = serde_json::json!({
        "v": 1,
        "pages": entries.len(),
        "min": MIN_TOKEN,
        "stop": stop,
        "stemmer": name,
        "shards": names,
        "fragments": starts,
    });
    if !messages.is_empty() {
        meta["messages"] = serde_json::json!(messages);
    }
    files.insert(
        "search/index.js".into(),
        script("index.js", &meta.to_string()),
    );
    files
}

/// Compare files by path, naming the first that differs (the bodies are too large to print).
fn assert_same_files(got: Vec<(String, String)>, expected: BTreeMap<String, String>) {
    let got: BTreeMap<String, String> = got.into_iter().collect();
    let paths = |m: &BTreeMap<String, String>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(paths(&got), paths(&expected));
    for (path, body) in &expected {
        if got[path] != *body {
            let at = got[path]
                .bytes()
                .zip(body.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(body.len().min(got[path].len()));
            let from = at.saturating_sub(60);
            panic!(
                "{path} differs at byte {at}:\n got: {:?}\nwant: {:?}",
                got[path].get(from..(at + 60).min(got[path].len())),
                body.get(from..(at + 60).min(body.len()))
            );
        }
    }
}

#[test]
fn the_index_files_are_exactly_what_the_format_says() {
    let entries = awkward_entries(2500);
    let expected = model_files(&entries);
    assert!(
        expected.keys().filter(|f| f.contains("/t")).count() > 10,
        "the corpus must be large enough to split term shards"
    );
    assert_same_files(Index::from_entries(entries).files(), expected);
}

#[test]
fn the_bundled_site_search_files_are_exactly_what_the_format_says() {
    let parsed = bundled_site();
    let files = render(&parsed.site, &parsed.rendered);
    let (spanish, english): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|(path, _)| path.starts_with("es/"));
    // The messages of search.js's MESSAGES table, from each language's `search_*` keys.
    fn messages(table: &BTreeMap<String, String>) -> BTreeMap<&str, &str> {
        let names = [
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
        names
            .iter()
            .map(|&n| (n, table[&format!("search_{n}")].as_str()))
            .collect()
    }
    let config = &parsed.site.config;
    let index = Index::build(&parsed.site, &parsed.rendered);
    let expected = model_files_in(
        &index.entries,
        rust_stemmers::Algorithm::English,
        STOP_WORDS,
        "english",
        &messages(&config.translations),
    );
    assert_same_files(english, expected);
    // The Spanish pages' own index, under es/search/, with Spanish stems and stop words.
    let index = Index::build_in(&parsed.site, &parsed.rendered, "es");
    assert!(
        index.entries.len() >= 10,
        "{} Spanish entries",
        index.entries.len()
    );
    let spanish = spanish
        .into_iter()
        .map(|(path, body)| (path["es/".len()..].to_string(), body))
        .collect();
    let expected = model_files_in(
        &index.entries,
        rust_stemmers::Algorithm::Spanish,
        SPANISH_STOP_WORDS,
        "spanish",
        &messages(&config.other_language("es").unwrap().translations),
    );
    assert_same_files(spanish, expected);
}

/// Every search file reads back in the browser as the data it was written from, both ways
/// search.js reads them: fetched and unwrapped as text (over HTTP) and run as a script that
/// hands its data to `reliefSearch.put` (from file://). Awkward text (quotes, control
/// characters, U+2028, emoji) makes sure the fragments' JSON is read alike by both.
#[test]
fn the_script_reads_every_search_file_as_written() {
    let files = Index::from_entries(awkward_entries(300)).files();
    assert!(files.len() > 10, "{} files", files.len());
    let cases: Vec<serde_json::Value> = files
        .iter()
        .map(|(path, script)| {
            let (name, data) = script_data(script).expect("a search script");
            let expected = match name.starts_with("t") {
                true => serde_json::Value::String(data.into_owned()),
                false => serde_json::from_str(&data).expect("JSON data"),
            };
            serde_json::json!([path.strip_prefix("search/").unwrap(), script, expected])
        })
        .collect();
    let script = format!(
        "const fs = require('fs');\n\
         const vm = require('vm');\n\
         vm.runInThisContext(fs.readFileSync({:?}, 'utf8'));\n\
         const bad = [];\n\
         for (const [name, text, expected] of JSON.parse(fs.readFileSync(0, 'utf8'))) {{\n\
           const want = JSON.stringify(expected);\n\
           let fetched, ran;\n\
           try {{ fetched = JSON.stringify(globalThis.reliefSearch.unwrap(text, name)); }}\n\
           catch (e) {{ fetched = String(e); }}\n\
           vm.runInNewContext(text, {{ reliefSearch: {{ put: (n, d) => {{\n\
             ran = n === name ? JSON.stringify(d) : `named ${{n}}`;\n\
           }} }} }});\n\
           if (fetched !== want) bad.push(`${{name}} unwrapped: ${{fetched.slice(0, 200)}}`);\n\
           if (ran !== want) bad.push(`${{name}} run: ${{String(ran).slice(0, 200)}}`);\n\
         }}\n\
         console.log(JSON.stringify(bad));",
        repo().join("static/search.js")
    );
    let bad: Vec<String> = node(&script, &cases);
    assert!(
        bad.is_empty(),
        "{} of {} files read differently:\n{}",
        bad.len(),
        cases.len(),
        bad.join("\n")
    );
}
