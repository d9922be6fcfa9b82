//! The Markdown pipeline with every extension on (tables, footnotes, strikethrough, task
//! lists, smart punctuation, heading attributes, callouts, citations, `@/` links, summary).
//! Properties: no panic; diagnostics point inside the file; heading ids are unique.

use super::Pages;
use crate::markdown::{render, Input};
use std::collections::HashSet;
use std::path::Path;

/// One fuzz input: the properties above hold for `data`, or this panics.
pub fn markdown(data: &[u8]) {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let references = ["smith2020", "wu-2022", "a.b:c_d"];
    let offset = 3;
    let (rendered, diagnostics) = render(&Input {
        body,
        file: Path::new("content/a.md"),
        line_offset: offset,
        dir: "p/",
        beside: None,
        reference_ids: &references,
        links: &Pages(&["a.md", "b/_index.md", "b/c.md"]),
        hooks: None,
        heading_ids: crate::slug::Strategy::Relief,
        smart_punctuation: true,
        external_links: &Default::default(),
        features: crate::config::MarkdownFeatures {
            anchor_links: crate::config::AnchorLinks::Right,
            ..Default::default()
        },
        lang: "",
        words: &crate::config::Words::default(),
        highlighter: None,
    });
    let lines = body.lines().count().max(1) + offset;
    for d in &diagnostics {
        if let Some(line) = d.location.as_ref().and_then(|l| l.line) {
            assert!(
                line > offset && line <= lines,
                "line {line} of {lines}: {d}"
            );
        }
        let _ = d.to_string();
    }
    let mut ids = HashSet::new();
    fn walk(entries: &[crate::markdown::TocEntry], ids: &mut HashSet<String>) {
        for e in entries {
            ids.insert(e.id.clone());
            walk(&e.children, ids);
        }
    }
    walk(&rendered.toc, &mut ids);
    assert_eq!(rendered.reference_order.len(), references.len());
}
