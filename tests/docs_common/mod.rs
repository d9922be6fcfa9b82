//! The documentation site's sources (docs/content/), read as its tests need them: each page's
//! fenced code blocks with their Zola-style annotations, and the first cells of its tables
//! under each heading.
#![allow(dead_code)]

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn docs() -> PathBuf {
    repo().join("docs")
}

/// Run the relief under test with `args` in `dir`.
pub(crate) fn relief(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relief"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run relief")
}

/// Standard output and standard error of a run, one after the other.
pub(crate) fn shown(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Every Markdown file of docs/content/, as (path under content/, text), sorted.
pub(crate) fn pages() -> Vec<(String, String)> {
    let root = docs().join("content");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                let rel = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// A fenced code block: its language, its `name=` annotation, and its text.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub(crate) lang: String,
    pub(crate) name: Option<String>,
    pub(crate) text: String,
    /// The line of the opening fence in its file, from 1.
    pub(crate) line: usize,
}

/// The fenced code blocks of a page's Markdown, in order. The info string is Zola's:
/// the language, then comma-separated annotations (`toml,name=config.toml`).
pub(crate) fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let mut parts = info.split(',').map(str::trim);
                let lang = parts.next().unwrap_or("").to_string();
                let name = parts
                    .find_map(|p| p.strip_prefix("name="))
                    .map(str::to_string);
                let line = markdown[..range.start].lines().count() + 1;
                current = Some(Block {
                    lang,
                    name,
                    text: String::new(),
                    line,
                });
            }
            Event::Text(text) => {
                if let Some(b) = current.as_mut() {
                    b.text.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(b) = current.take() {
                    out.push(b);
                }
            }
            _ => {}
        }
    }
    out
}

/// A table row's first cell under a heading: the heading's text (the last `##` or `###`
/// above it) and the code spans of the cell.
#[derive(Debug, Clone)]
pub(crate) struct FirstCell {
    pub(crate) h2: String,
    pub(crate) h3: String,
    pub(crate) code: Vec<String>,
}

/// The first cell of every table body row of a page, with the headings above it; and the
/// code spans of every heading, by level, in order.
pub(crate) fn first_cells(markdown: &str) -> Vec<FirstCell> {
    let mut out = Vec::new();
    let (mut h2, mut h3) = (String::new(), String::new());
    let mut heading: Option<(HeadingLevel, String)> = None;
    let (mut in_head, mut cell, mut in_cell) = (false, 0usize, false);
    let mut spans: Vec<String> = Vec::new();
    for event in Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = heading.take() {
                    match level {
                        HeadingLevel::H2 => {
                            h2 = text;
                            h3.clear();
                        }
                        _ => h3 = text,
                    }
                }
            }
            Event::Text(t) | Event::Code(t) if heading.is_some() => {
                heading.as_mut().unwrap().1.push_str(&t);
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => cell = 0,
            Event::Start(Tag::TableCell) => {
                cell += 1;
                in_cell = !in_head && cell == 1;
                spans.clear();
            }
            Event::End(TagEnd::TableCell) => {
                if in_cell {
                    out.push(FirstCell {
                        h2: h2.clone(),
                        h3: h3.clone(),
                        code: spans.clone(),
                    });
                }
                in_cell = false;
            }
            Event::Code(code) if in_cell => spans.push(code.to_string()),
            _ => {}
        }
    }
    out
}

/// The headings of a page at `level`, as their text (code spans included, without backticks).
pub(crate) fn headings(markdown: &str, level: HeadingLevel) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { level: l, .. }) if l == level => {
                current = Some(String::new())
            }
            Event::Text(t) | Event::Code(t) if current.is_some() => {
                current.as_mut().unwrap().push_str(&t)
            }
            Event::End(TagEnd::Heading(l)) if l == level => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

/// The text of docs/content/`rel`.
pub(crate) fn page(rel: &str) -> String {
    std::fs::read_to_string(docs().join("content").join(rel))
        .unwrap_or_else(|e| panic!("docs/content/{rel}: {e}"))
}
