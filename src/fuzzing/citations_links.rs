//! Citation and internal-link parsing: the input is placed where a citation label, an `@/`
//! link destination and an anchor go. Properties: no panic; an unknown citation or page is
//! an error with a location on the right line, never silently dropped; a known page's link
//! is recorded for the anchor check.

use super::Pages;
use crate::markdown::{render, Input, LinkResolver};
use std::path::Path;

/// One fuzz input: the properties above hold for `data`, or this panics.
pub fn citations_links(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Split the input: reference ids | citation label | link target.
    let mut parts = text.splitn(3, '\u{1}');
    let ids = parts.next().unwrap_or_default();
    let label = parts.next().unwrap_or_default();
    let target = parts.next().unwrap_or_default();
    let reference_ids: Vec<&str> = ids.split(',').filter(|id| !id.is_empty()).collect();
    let body = format!(
        "# Title\n\nText [{label}] more.\n\nSee [it](@/{target}) and [here](#{target}).\n\n[{label}]\n"
    );
    let pages = Pages(&["a.md", "b/c.md"]);
    let (rendered, diagnostics) = render(&Input {
        body: &body,
        file: Path::new("content/p.md"),
        line_offset: 4,
        dir: "p/",
        beside: None,
        reference_ids: &reference_ids,
        links: &pages,
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
    let lines = body.lines().count() + 4;
    for d in &diagnostics {
        let loc = d.location.as_ref().expect("located");
        if let Some(line) = loc.line {
            assert!(line >= 5 && line <= lines, "{d}");
        }
        let _ = d.to_string();
    }
    for link in &rendered.internal_links {
        if let Some(t) = &link.target {
            assert!(
                pages.url(t).is_some(),
                "an unknown page was recorded as a link: {t}"
            );
        }
    }
}
