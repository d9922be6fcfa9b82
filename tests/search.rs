//! Search index (issue 7): tokenising, stemming, ranking, sharding, the bundled site's index,
//! and that static/search.js stems exactly like the index.

use relief::output::search::{self, Chunk, Entry, Index};
use std::collections::BTreeSet;
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
    let files = index.files();
    let meta: serde_json::Value = serde_json::from_str(
        &files
            .iter()
            .find(|f| f.0 == "search/index.json")
            .expect("index.json")
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

fn bundled_index() -> Index {
    let parsed = relief::parse(&relief::BuildOptions {
        root: repo(),
        output: "public".into(),
        ..Default::default()
    })
    .unwrap_or_else(|f| panic!("the bundled site does not load: {:?}", f.diagnostics));
    Index::build(&parsed.site)
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

    let script = format!(
        "import {{ stem }} from {:?};\n\
         let input = '';\n\
         process.stdin.on('data', (d) => (input += d));\n\
         process.stdin.on('end', () => console.log(JSON.stringify(JSON.parse(input).map(stem))));",
        url_of(&repo().join("static/search.js"))
    );
    let mut child = Command::new("node")
        .args(["--input-type=module", "-e", &script])
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

fn url_of(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
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
