//! Findings, grouped by where they can be fixed: a link broken in a template shows on every
//! page the template renders, and is reported once, at the template line, naming the pages.

use crate::diagnostics::{Diagnostic, Location};
use crate::output::plan;
use crate::site::Site;
use std::collections::BTreeMap;

/// File, line, column and message: one finding at one place, whichever pages show it.
type GroupKey = (String, Option<usize>, Option<usize>, String);

/// A finding before it is traced to its source and grouped across pages.
#[derive(Clone)]
pub(super) struct Finding {
    pub(super) code: &'static str,
    pub(super) error: bool,
    pub(super) message: String,
    pub(super) help: String,
}

/// Findings grouped by where they can be fixed: the same template link is broken on many
/// pages, and is reported once, saying where.
#[derive(Default)]
pub(super) struct Report {
    grouped: BTreeMap<GroupKey, (Finding, Location, Vec<String>)>,
}

impl Report {
    /// `finding`, fixable at `location`, shows on the output file `from`.
    pub(super) fn add(&mut self, finding: Finding, location: Location, from: &str) {
        let key = (
            location.file.display().to_string(),
            location.line,
            location.column,
            finding.message.clone(),
        );
        self.grouped
            .entry(key)
            .or_insert_with(|| (finding, location, Vec::new()))
            .2
            .push(from.to_string());
    }

    /// One diagnostic per place, naming the first page that shows it and how many others do.
    pub(super) fn diagnostics(self, site: &Site) -> Vec<Diagnostic> {
        self.grouped
            .into_values()
            .map(|(f, location, pages)| {
                let on = match pages.len() {
                    1 => format!("on {}", page_url(site, &pages[0])),
                    2 => format!("on {} and 1 other page", page_url(site, &pages[0])),
                    n => format!("on {} and {} other pages", page_url(site, &pages[0]), n - 1),
                };
                let message = format!("{} ({on})", f.message);
                let d = if f.error {
                    Diagnostic::error(f.code, message)
                } else {
                    Diagnostic::warning(f.code, message)
                };
                d.at(location).help(f.help)
            })
            .collect()
    }
}

/// The URL of an output file, for messages: `a/index.html` → `/base/a/`.
pub(super) fn page_url(site: &Site, file: &str) -> String {
    site.url(plan::site_path_of(file))
}
