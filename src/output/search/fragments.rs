//! Fragment files (`search/f-N.js`): the pages' paths, titles, descriptions and chunk texts
//! as JSON, a run of consecutive pages per file, for the result list and its snippets. Only
//! the few files holding the top results are loaded.

use super::script::{script_head, SCRIPT_TAIL};
use super::Source;
use crate::json;
use rayon::prelude::*;
use std::ops::Range;

/// A fragment file holds consecutive pages up to about this size (bytes).
pub(super) const FRAGMENT_TARGET: usize = 6 * 1024;

/// The fragment files, consecutive pages up to about FRAGMENT_TARGET bytes each, handed to
/// `emit` as scripts with their numbers; returns the first page of each. The pages' JSON
/// lengths are computed first (in parallel) to cut the files, then each file is written in
/// parallel straight into a string of its size.
pub(super) fn fragments(sources: &[Source], emit: &(dyn Fn(usize, String) + Sync)) -> Vec<usize> {
    // The length of each page's JSON, and whether it has nothing to escape (most pages).
    let lengths: Vec<(usize, bool)> = sources
        .par_iter()
        .map(|source| {
            let len = fragment_len(source, json::string_len);
            (len, len == fragment_len(source, |s| s.len() + 2))
        })
        .collect();
    let mut groups: Vec<(Range<usize>, usize)> = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for (p, &(len, _)) in lengths.iter().enumerate() {
        if p > start {
            size += 1; // the comma
        }
        size += len;
        if size >= FRAGMENT_TARGET {
            groups.push((start..p + 1, size));
            start = p + 1;
            size = 0;
        }
    }
    if start < sources.len() {
        groups.push((start..sources.len(), size));
    }
    let starts = groups.iter().map(|g| g.0.start).collect();
    groups
        .into_par_iter()
        .enumerate()
        .for_each(|(file, (pages, size))| {
            let head = script_head(&fragment_file(file));
            let capacity = head.len() + size + 2 + SCRIPT_TAIL.len();
            let mut body = String::with_capacity(capacity);
            body.push_str(&head);
            body.push('[');
            for p in pages.clone() {
                if p > pages.start {
                    body.push(',');
                }
                fragment(&sources[p], lengths[p].1, &mut body);
            }
            body.push(']');
            body.push_str(SCRIPT_TAIL);
            debug_assert_eq!(body.len(), capacity, "fragment_len is exact");
            emit(file, body);
        });
    starts
}

/// Append one page's fragment, `[path, title, description, [[anchor, heading, text]]]`, as
/// compact JSON (serde_json's bytes exactly). `plain`: no string of the page needs escaping.
fn fragment(source: &Source, plain: bool, out: &mut String) {
    let push_json = |s: &str, out: &mut String| match plain {
        true => {
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
        false => json::push_string(s, out),
    };
    out.push('[');
    for s in [&*source.path, source.title, source.description] {
        push_json(s, out);
        out.push(',');
    }
    out.push('[');
    for (i, c) in source.chunks.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        push_json(&c.anchor, out);
        out.push(',');
        push_json(&c.heading, out);
        out.push(',');
        push_json(&c.text, out);
        out.push(']');
    }
    out.push_str("]]");
}

/// The length of [`fragment`]'s output, given the length of each string in JSON.
fn fragment_len(source: &Source, json_len: impl Fn(&str) -> usize) -> usize {
    let chunks: usize = source
        .chunks
        .iter()
        .map(|c| 4 + json_len(&c.anchor) + json_len(&c.heading) + json_len(&c.text))
        .sum();
    let commas = source.chunks.len().saturating_sub(1);
    7 + json_len(&source.path)
        + json_len(source.title)
        + json_len(source.description)
        + chunks
        + commas
}

/// The file name of fragment file `n`.
pub(super) fn fragment_file(n: usize) -> String {
    format!("f-{n}.js")
}
