//! Search index (issue 7): tokenising, stemming, ranking, sharding, the bundled site's index,
//! and that static/search.js stems exactly like the index.

use relief::output::search::{self, Chunk, Entry, Index};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn entry(path: &str, title: &str, description: &str, chunks: &[(&str, &str, &str)]) -> Entry {
    Entry {
        path: path.into(),
        title: title.into(),
        description: description.into(),
        chunks: chunks
            .iter()
            .map(|(anchor, heading, text)| Chunk {
                anchor: (*anchor).into(),
                heading: (*heading).into(),
                text: (*text).into(),
            })
            .collect(),
    }
}

fn paths(index: &Index, query: &str) -> Vec<String> {
    index
        .rank(query)
        .iter()
        .map(|h| index.entries[h.page].path.clone())
        .collect()
}

#[test]
fn tokenising_lowercases_and_splits_on_anything_but_letters_and_digits() {
    let words: Vec<(String, std::ops::Range<usize>)> =
        search::tokenize("Sleep, SLEEPING & sleep-wake (2022) café’s");
    let only: Vec<&str> = words.iter().map(|w| w.0.as_str()).collect();
    assert_eq!(
        only,
        ["sleep", "sleeping", "sleep", "wake", "2022", "café", "s"]
    );
    assert_eq!(words[1].1, 7..15);
}

#[test]
fn terms_are_english_stems_without_stop_words_or_single_letters() {
    let stemmer = search::stemmer();
    assert_eq!(
        search::terms(&stemmer, "The sleeping and sleeps of a relaxed body, x"),
        ["sleep", "sleep", "relax", "bodi"]
    );
    assert_eq!(
        search::terms(&stemmer, "arthritis arthritic"),
        ["arthriti", "arthrit"]
    );
}

#[test]
fn a_query_for_sleeping_finds_sleep_and_the_other_way_round() {
    let index = Index::from_entries(vec![
        entry("a/", "Rest", "", &[("", "", "People sleep better.")]),
        entry("b/", "Work", "", &[("", "", "Nothing about rest here.")]),
        entry("c/", "Night", "", &[("", "", "Sleeping soundly.")]),
    ]);
    assert_eq!(paths(&index, "sleeping"), ["a/", "c/"]);
    assert_eq!(paths(&index, "Sleep"), ["a/", "c/"]);
    assert!(index.rank("xylophone").is_empty());
    assert!(index.rank("the and of").is_empty(), "stop words alone");
}

#[test]
fn title_and_heading_matches_rank_above_body_matches() {
    let body = "Sleep sleep sleep. More about sleep and sleep again. Sleep!";
    let index = Index::from_entries(vec![
        entry("body/", "Evening routines", "", &[("", "", body)]),
        entry(
            "heading/",
            "Stress",
            "",
            &[
                ("", "", "Intro."),
                ("sleep-and-stress", "Sleep and stress", "Text."),
            ],
        ),
        entry(
            "title/",
            "Can massage improve sleep?",
            "",
            &[("", "", "Intro.")],
        ),
    ]);
    assert_eq!(paths(&index, "sleep"), ["title/", "heading/", "body/"]);
    let hits = index.rank("sleep");
    assert_eq!(
        hits[1].chunk, 1,
        "the heading's chunk is the one to jump to"
    );
    assert_eq!(hits[0].chunk, 0);
}

#[test]
fn every_query_word_must_occur_and_rarer_words_weigh_more() {
    let index = Index::from_entries(vec![
        entry("a/", "Massage", "", &[("", "", "massage for joint pain")]),
        entry("b/", "Massage", "", &[("", "", "massage and cortisol")]),
        entry("c/", "Massage", "", &[("", "", "massage and sleep")]),
    ]);
    assert_eq!(paths(&index, "massage cortisol"), ["b/"]);
    assert_eq!(paths(&index, "cortisol sleep"), Vec::<String>::new());
}

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
                .any(|l| l.split_once(' ').map(|(t, _)| t) == Some(term)),
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
            let (name, data) = search::script_data(script)
                .unwrap_or_else(|| panic!("{path} is not a search script"));
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
        assert!(
            prefix.chars().count() <= search::SHARD_PREFIX_MAX,
            "{prefix}"
        );
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

#[test]
fn postings_are_encoded_compactly_and_decode_back() {
    let values = [0, 1, 31, 32, 33, 1023, 1024, 40_000, 3];
    let mut text = String::new();
    for v in values {
        search::encode(v, &mut text);
    }
    assert_eq!(search::decode(&text), values);
    let mut small = String::new();
    for v in [0, 2, 3] {
        search::encode(v, &mut small);
    }
    assert_eq!(small, "023", "values below 32 take one character each");
}

/// The search files of `entries` as a plain model of the format makes them: every word
/// lower-cased and stemmed on its own, scores summed in sorted maps, each term line and file
/// built as a string, each file a script `reliefSearch.put("NAME",DATA);` (a shard's lines in
/// a template literal). The index must write exactly these bytes (`static/search.js` reads
/// them).
fn model_files(entries: &[Entry]) -> BTreeMap<String, String> {
    let stemmer = search::stemmer();
    let terms_of = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .filter(|w| w.chars().count() >= 2 && !search::STOP_WORDS.contains(&w.as_str()))
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
                bonus(&e.description, search::DESCRIPTION_SCORE);
                bonus(&e.title, search::TITLE_SCORE);
            }
            bonus(&chunk.heading, search::HEADING_SCORE);
            for t in terms_of(&chunk.text) {
                scores.entry(t).or_default().1 += 1;
            }
            for (t, (b, n)) in scores {
                let score = b + search::body_score(n);
                postings
                    .entry(t)
                    .or_default()
                    .push([p as u32, c as u32, score]);
            }
        }
    }
    fn number(mut v: u32) -> String {
        let mut digits = vec![search::FINAL[(v % 32) as usize]];
        v /= 32;
        while v > 0 {
            digits.push(search::CONTINUE[(v % 32) as usize]);
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
        if size <= search::SHARD_TARGET
            || lines.len() <= 1
            || depth >= search::SHARD_PREFIX_MAX
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
        if group.join(",").len() >= search::FRAGMENT_TARGET {
            flush(&mut group, &mut files);
        }
    }
    if !group.is_empty() {
        flush(&mut group, &mut files);
    }
    let meta = serde_json::json!({
        "v": 1,
        "pages": entries.len(),
        "min": search::MIN_TOKEN,
        "stop": search::STOP_WORDS,
        "shards": names,
        "fragments": starts,
    });
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

/// Words that exercise the tokeniser's fast paths and their edges: capitals, lengths around
/// 8 and 16 bytes, non-ASCII letters whose lower case differs in length, digits, marks that
/// split words, and text that needs escaping in JSON.
const AWKWARD: &[&str] = &[
    "Massage",
    "MASSAGE",
    "mAsSaGe",
    "a",
    "I",
    "x1",
    "2022",
    "10mg",
    "abcdefgh",
    "abcdefghi",
    "ABCDEFGHIJKLMNOP",
    "abcdefghijklmnopq",
    "Osteoarthritically",
    "internationalization",
    "café",
    "CAFÉ",
    "Straße",
    "STRASSE",
    "İstanbul",
    "ΣΊΣΥΦΟΣ",
    "Ωmega",
    "naïve",
    "e\u{301}t",
    "日本語",
    "½",
    "Ⅻ",
    "don’t",
    "don't",
    "x\"y",
    "back\\slash",
    "tab\there",
    "line\nbreak",
    "ctl\u{1}x",
    "esc\u{1b}ape",
    "\u{7f}del",
    "<b>",
    "a/b",
    "\u{2028}sep",
    "emoji😀word",
    "ﬁne",
    "K",
    "Å",
];

fn awkward_entries(pages: usize) -> Vec<Entry> {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let words = |n: usize, next: &mut dyn FnMut(usize) -> usize| -> String {
        (0..n)
            .map(|_| match next(4) {
                0 => AWKWARD[next(AWKWARD.len())].to_string(),
                1 => search::STOP_WORDS[next(search::STOP_WORDS.len())].to_string(),
                _ => format!("word{}{}", next(3000), ["", "s", "ing", "ed"][next(4)]),
            })
            .collect::<Vec<_>>()
            .join([" ", ", ", ". ", " – "][next(4)])
    };
    (0..pages)
        .map(|p| {
            let chunks = 1 + next(4) + if p == 7 { 40 } else { 0 };
            let chunks: Vec<(String, String, String)> = (0..chunks)
                .map(|c| {
                    let heading = if c == 0 {
                        String::new()
                    } else {
                        words(3, &mut next)
                    };
                    (format!("h{c}"), heading, words(20 + next(200), &mut next))
                })
                .collect();
            let chunks: Vec<(&str, &str, &str)> = chunks
                .iter()
                .map(|(a, h, t)| (a.as_str(), h.as_str(), t.as_str()))
                .collect();
            entry(
                &format!("p/{p}/"),
                &words(4, &mut next),
                &words(10, &mut next),
                &chunks,
            )
        })
        .collect()
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
    let parsed = relief::parse(&relief::BuildOptions {
        root: repo(),
        output: "public".into(),
        ..Default::default()
    })
    .unwrap_or_else(|f| panic!("the bundled site does not load: {:?}", f.diagnostics));
    let index = Index::build(&parsed.site, &parsed.rendered);
    assert_same_files(
        search::render(&parsed.site, &parsed.rendered),
        model_files(&index.entries),
    );
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
            let (name, data) = search::script_data(script).expect("a search script");
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
    let mut child = Command::new("node")
        .args(["-e", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Node.js (`node`) is needed to check static/search.js; run scripts/test, which installs it");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&cases).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bad: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        bad.is_empty(),
        "{} of {} files read differently:\n{}",
        bad.len(),
        cases.len(),
        bad.join("\n")
    );
}

#[test]
fn tokenising_awkward_text_matches_splitting_on_non_alphanumeric_characters() {
    let text = AWKWARD.join(" ") + " " + &AWKWARD.concat() + "Trailing";
    let expected: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let words: Vec<String> = search::tokenize(&text).into_iter().map(|w| w.0).collect();
    assert_eq!(words, expected);
    for (word, range) in search::tokenize(&text) {
        assert_eq!(text[range].to_lowercase(), word);
    }
}

fn bundled_index() -> Index {
    let parsed = relief::parse(&relief::BuildOptions {
        root: repo(),
        output: "public".into(),
        ..Default::default()
    })
    .unwrap_or_else(|f| panic!("the bundled site does not load: {:?}", f.diagnostics));
    Index::build(&parsed.site, &parsed.rendered)
}

#[test]
fn the_bundled_site_index_finds_sleep_and_cortisol_pages() {
    let index = bundled_index();
    let sleep = paths(&index, "sleep");
    assert_eq!(
        sleep.first().map(String::as_str),
        Some("benefits/sleep-energy/")
    );
    assert_eq!(paths(&index, "sleeping").first(), sleep.first());
    // The glossary defines cortisol under its own heading, so it may come first; the two
    // topic pages about it follow.
    let cortisol = paths(&index, "cortisol");
    for page in ["benefits/stress-relief/", "benefits/anxiety-depression/"] {
        assert!(
            cortisol.iter().take(3).any(|p| p == page),
            "{page} is not among the first results for cortisol: {cortisol:?}"
        );
    }
    assert!(index.rank("xylophone").is_empty());
    assert!(
        !index.entries.iter().any(|e| e.path == "search/"),
        "the search page itself is left out"
    );
    // Navigation and footer are not indexed: the footer's feed link is on every page.
    assert!(!index.terms.contains_key("atom"));
    assert!(!index.terms.contains_key("menu"));
}

/// static/search.js carries a port of the Snowball English stemmer; it must agree with
/// rust-stemmers on every word of the site and on words that exercise each rule.
#[test]
fn the_script_stems_every_word_like_the_index() {
    let mut words: BTreeSet<String> = BTreeSet::new();
    for entry in walk(&repo().join("content")) {
        let text = std::fs::read_to_string(entry).unwrap();
        words.extend(search::tokenize(&text).into_iter().map(|w| w.0));
    }
    let tricky = "consign consigned consigning consignment consist consisted consistency \
        consistent consistently consisting consists consolation consolations consolatory \
        console consoled consoles consolidate consolidated consolidating consoling knack \
        knackeries kneaded kneading knee kneel kneeled kneeling kneels knees knell knelt \
        knife knightly knitting knives generous generously generate generation communism \
        communication arsenal universal university organization organize emergency emerge \
        later lateral past pasta caresses ponies ties cries tied died lied gas gaps kiwis \
        luxuriate hopping hoping tanned falling hissing fizzed failing filing happy enjoy \
        sky skies dying lying tying news atlas cosmos bias andes howe idly gently ugly early \
        only singly skis inning innings outing outings canning herring earring proceed \
        proceeding exceed exceedingly succeed succeeded agreed agreement feed bleed bled \
        sleeping sleepily sleepless relational conditional rational valenci hesitanci \
        digitizer conformabli radicalli differentli vileli analogousli operator feudalism \
        decisiveness hopefulness callousness formaliti sensitiviti sensibiliti triplicate \
        formative formalize electriciti electrical hopeful goodness revival allowance \
        inference airliner gyroscopic adjustable defensible irritant replacement adjustment \
        dependent adoption homologou activate angulariti homologous effective bowdlerize \
        probate rate cease controll roll yes yelled eyes sayings flying dryly toy toys \
        boyish obeyed playing played saying yay yyy ayy eyy year yearly yelling \
        beautiful beautifully logically analogies geology ecology apology apologies \
        biology hopelessly carelessly fluently quietly exactly quickly badly \
        cortisol arthritis arthritic osteoarthritis massage massaging massages massaged \
        therapist therapists therapeutic anxiety anxious depression depressed stress \
        stressed stressful immune immunity evidence evident hormones hormonal constructor \
        prototype tooth valueof 2022 1st 10mg x y ab abc aed ied ies sses us ss \
        news' atlas's feeds fed bed beds mess messes meeting meetings needed needing";
    words.extend(search::tokenize(tricky).into_iter().map(|w| w.0));
    let words: Vec<String> = words.into_iter().collect();
    let stemmer = search::stemmer();
    let expected: Vec<String> = words.iter().map(|w| stemmer.stem(w).into_owned()).collect();

    // search.js is a classic script, run here as a page runs it; it leaves its functions on
    // the global `reliefSearch`.
    let script = format!(
        "const fs = require('fs');\n\
         require('vm').runInThisContext(fs.readFileSync({:?}, 'utf8'));\n\
         const input = JSON.parse(fs.readFileSync(0, 'utf8'));\n\
         console.log(JSON.stringify(input.map(globalThis.reliefSearch.stem)));",
        repo().join("static/search.js")
    );
    let mut child = Command::new("node")
        .args(["-e", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Node.js (`node`) is needed to check static/search.js; run scripts/test, which installs it");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&words).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    let differences: Vec<String> = words
        .iter()
        .zip(expected.iter().zip(&got))
        .filter(|(_, (e, g))| e != g)
        .map(|(w, (e, g))| format!("{w}: rust-stemmers {e}, search.js {g}"))
        .collect();
    assert!(words.len() > 1000, "only {} words checked", words.len());
    assert!(
        differences.is_empty(),
        "{} of {} words differ:\n{}",
        differences.len(),
        words.len(),
        differences.join("\n")
    );
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "md") {
            files.push(p);
        }
    }
    files
}
