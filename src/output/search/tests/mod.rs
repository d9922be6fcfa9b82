//! Tests of the search index as a whole: its words against the search script's, its files
//! against a plain model of the format, its results through the reference ranker
//! ([`super::reference`]), on made-up entries and on the bundled site.

mod format;
mod ranking;
mod words;

use super::reference::Entry;
use super::text::STOP_WORDS;
use super::Chunk;
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

/// The bundled site, loaded and its Markdown rendered, as the index reads it.
fn bundled_site() -> crate::pipeline::Parsed {
    crate::pipeline::parse(&crate::pipeline::BuildOptions {
        root: repo(),
        output: "public".into(),
        ..Default::default()
    })
    .unwrap_or_else(|f| panic!("the bundled site does not load: {:?}", f.diagnostics))
}

/// Run `script` with Node.js, `input` as JSON on its standard input, and read what it prints
/// as JSON.
fn node<T: serde::de::DeserializeOwned>(script: &str, input: &impl serde::Serialize) -> T {
    let mut child = Command::new("node")
        .args(["-e", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Node.js (`node`) is needed to check static/search.js; run scripts/test, which installs it");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(input).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
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
                1 => STOP_WORDS[next(STOP_WORDS.len())].to_string(),
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
