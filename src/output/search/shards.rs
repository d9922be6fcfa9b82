//! Term shards: the sorted terms' `stem postings` lines, cut by stem prefix into files small
//! enough for the browser to load one per query word (`search/t-*.js`), and their names.

use super::encoding::{encode_posting, encoded_len};
use super::postings::Terms;
use super::script::{script_head, shard_script, template_safe, SCRIPT_TAIL};
use rayon::prelude::*;
use std::ops::Range;

/// A term shard is split by one more prefix letter once it is larger than this (bytes).
pub(super) const SHARD_TARGET: usize = 48 * 1024;
/// The longest shard prefix, in characters: a shard of terms sharing this many first
/// characters is not split further however large it is, so shard file names stay short
/// (`t-` and at most 8 characters, or `t-x` and their UTF-8 in hex).
pub(super) const SHARD_PREFIX_MAX: usize = 8;

/// The term shards, `(prefix, script)` sorted by prefix: one `stem postings` line per term.
/// Line lengths are computed first, so the shards are cut without serialising anything, then
/// each shard is written in parallel straight into a string of its exact size.
pub(super) fn term_shards(terms: &(impl Terms + ?Sized)) -> Vec<(String, String)> {
    let lengths: Vec<usize> = (0..terms.count())
        .into_par_iter()
        .map(|t| {
            let mut len = terms.name(t).len() + 2; // the space and the newline
            let mut last_page = 0;
            terms.for_each(t, |p| {
                len +=
                    encoded_len(p.page - last_page) + encoded_len(p.chunk) + encoded_len(p.score);
                last_page = p.page;
            });
            len
        })
        .collect();
    let mut offsets = Vec::with_capacity(lengths.len() + 1);
    offsets.push(0);
    for len in lengths {
        offsets.push(offsets[offsets.len() - 1] + len);
    }
    let chars: Vec<usize> = (0..terms.count())
        .map(|t| terms.name(t).chars().count())
        .collect();
    let mut shards = Vec::new();
    shard(terms, &chars, &offsets, &mut shards);
    shards.sort_by(|a, b| a.0.cmp(&b.0));
    shards
        .into_par_iter()
        .map(|(prefix, range)| {
            let size = offsets[range.end] - offsets[range.start];
            // The shard's script (see [`shard_script`]), the lines written straight into their
            // template literal.
            let name = shard_file(&prefix);
            let head = script_head(&name);
            let mut body = Vec::with_capacity(head.len() + size + 2 + SCRIPT_TAIL.len());
            body.extend_from_slice(head.as_bytes());
            body.push(b'`');
            let start = body.len();
            for t in range {
                body.extend_from_slice(terms.name(t).as_bytes());
                body.push(b' ');
                let mut last_page = 0;
                terms.for_each(t, |p| {
                    encode_posting(p.page - last_page, p.chunk, p.score, &mut body);
                    last_page = p.page;
                });
                body.push(b'\n');
            }
            debug_assert_eq!(body.len() - start, size, "line lengths are exact");
            body.push(b'`');
            body.extend_from_slice(SCRIPT_TAIL.as_bytes());
            // Stems and ASCII digits only: always UTF-8.
            let script = String::from_utf8(body).unwrap_or_default();
            let lines = script.get(start..start + size).unwrap_or_default();
            let script = match template_safe(lines) {
                true => script,
                false => shard_script(&name, lines),
            };
            (prefix, script)
        })
        .collect()
}

/// Split the sorted terms into shards of at most SHARD_TARGET bytes where possible: a shard
/// that is too big keeps only the term equal to its prefix (it sorts first) and hands the rest
/// to one child shard per next character. A shard of one term, however long its line (a
/// pasted URL or hash can be a megabyte), is never split, and no prefix grows beyond
/// SHARD_PREFIX_MAX characters: such a shard stays large instead. The script picks the shard of
/// the longest prefix a word starts with, which either bound leaves correct.
/// `chars` holds each term's length in characters, `offsets` the running sum of line lengths.
///
/// A work list, not recursion: the depth of the split is bounded, but nothing here should
/// depend on that for its stack.
fn shard(
    terms: &(impl Terms + ?Sized),
    chars: &[usize],
    offsets: &[usize],
    out: &mut Vec<(String, Range<usize>)>,
) {
    // Ranges of terms sharing a prefix, with the prefix and its length in characters.
    let mut work: Vec<(Range<usize>, String, usize)> = vec![(0..terms.count(), String::new(), 0)];
    while let Some((range, prefix, depth)) = work.pop() {
        let size = offsets[range.end] - offsets[range.start];
        if size <= SHARD_TARGET || range.len() <= 1 || depth >= SHARD_PREFIX_MAX {
            out.push((prefix, range));
            continue;
        }
        let own = range.start
            + chars[range.clone()]
                .iter()
                .take_while(|&&c| c <= depth)
                .count();
        if own == range.end {
            out.push((prefix, range));
            continue;
        }
        out.push((prefix.clone(), range.start..own));
        // Every term of the range starts with `prefix`, so its next character starts at byte
        // `prefix.len()`; the terms from `own` on all have one.
        let next = |t: usize| terms.name(t)[prefix.len()..].chars().next();
        let mut i = own;
        while i < range.end {
            let c = next(i);
            let mut j = i + 1;
            while j < range.end && next(j) == c {
                j += 1;
            }
            let child = format!("{prefix}{}", c.unwrap_or(' '));
            work.push((i..j, child, depth + 1));
            i = j;
        }
    }
}

/// A file name for the shard of `prefix`: readable for ASCII letters and digits, hex
/// otherwise.
pub(super) fn shard_file(prefix: &str) -> String {
    if prefix.is_empty() {
        "t.js".into()
    } else if prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
        format!("t-{prefix}.js")
    } else {
        let hex: String = prefix.bytes().map(|b| format!("{b:02x}")).collect();
        format!("t-x{hex}.js")
    }
}
