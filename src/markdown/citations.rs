//! Citations: `[@id]` or `[@id1; @id2]` in the body cite entries of the page's
//! `[[references]]`. They become numbered superscript links; numbers follow the order of
//! first citation, as in a printed article.

use crate::config::{Word, Words};
use crate::html::escape;
use pulldown_cmark::{BrokenLink, CowStr};
use std::collections::HashMap;

/// Internal marker URL for a citation, set by the broken-link callback.
pub(super) const SCHEME: &str = "relief-cite:";

/// pulldown-cmark calls this for `[label]` with no link definition: citation labels become
/// links to the marker scheme, everything else stays text.
pub(super) fn callback<'a>(link: BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)> {
    let label = link.reference.trim();
    let is_citation = !label.is_empty()
        && label.split(';').all(|part| {
            let id = part.trim();
            id.len() > 1 && id.starts_with('@') && !id.contains(char::is_whitespace)
        });
    is_citation.then(|| (format!("{SCHEME}{label}").into(), "".into()))
}

/// Where `@id` is in `group`, the source of a citation group such as `[@a; @b]`: the
/// first whole `@id` at or after `from`, as a byte range of `group`.
pub(super) fn find_id(group: &str, id: &str, from: usize) -> Option<std::ops::Range<usize>> {
    let needle = format!("@{id}");
    let mut at = from;
    while let Some(found) = group.get(at..)?.find(&needle) {
        let start = at + found;
        let end = start + needle.len();
        if group[end..].starts_with(|c: char| c == ';' || c == ']' || c.is_whitespace()) {
            return Some(start..end);
        }
        at = end;
    }
    None
}

/// Numbers citations in order of first use and counts how often each reference is cited.
pub(super) struct Citer<'a> {
    /// The ids of the page's `[[references]]`, in their order.
    ids: &'a [&'a str],
    by_id: HashMap<&'a str, usize>,
    /// Reference indices in order of first citation.
    order: Vec<usize>,
    counts: Vec<usize>,
    /// A citation's name for screen readers, `Reference {number}` in the page's language.
    label: &'a str,
}

impl<'a> Citer<'a> {
    pub(super) fn new(ids: &'a [&'a str], words: &'a Words) -> Self {
        Citer {
            label: words.get(Word::Citation),
            ids,
            by_id: ids.iter().enumerate().map(|(i, id)| (*id, i)).collect(),
            order: Vec::new(),
            counts: vec![0; ids.len()],
        }
    }

    /// The HTML for one citation group, or the ids that name no reference. The known ids of
    /// a group with an unknown one still count as cited: the error is the unknown id, and
    /// the others are not reported as never cited on top of it.
    pub(super) fn cite(&mut self, label: &str) -> Result<String, Vec<String>> {
        let ids: Vec<&str> = label
            .split(';')
            .map(|p| p.trim().trim_start_matches('@'))
            .collect();
        let unknown: Vec<String> = ids
            .iter()
            .filter(|id| !self.by_id.contains_key(*id))
            .map(|s| s.to_string())
            .collect();
        let mut html = String::from("<sup class=\"citation\">[");
        for (n, id) in ids.iter().enumerate() {
            let Some(&index) = self.by_id.get(id) else {
                continue;
            };
            if self.counts[index] == 0 {
                self.order.push(index);
            }
            self.counts[index] += 1;
            let number = self
                .order
                .iter()
                .position(|&i| i == index)
                .map_or(0, |p| p + 1);
            if n > 0 {
                html.push_str(", ");
            }
            let id = escape(self.ids[index]);
            let label = escape(&self.label.replace("{number}", &number.to_string()));
            html.push_str(&format!(
                "<a href=\"#ref-{id}\" id=\"cite-{id}-{}\" aria-label=\"{label}\">{number}</a>",
                self.counts[index]
            ));
        }
        if !unknown.is_empty() {
            return Err(unknown);
        }
        html.push_str("]</sup>");
        Ok(html)
    }

    /// Cited references in citation order with their counts, then the uncited ones.
    pub(super) fn order(&self) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> =
            self.order.iter().map(|&i| (i, self.counts[i])).collect();
        out.extend(
            (0..self.ids.len())
                .filter(|&i| self.counts[i] == 0)
                .map(|i| (i, 0)),
        );
        out
    }
}
