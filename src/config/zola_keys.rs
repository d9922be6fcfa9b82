//! Zola's configuration keys that relief knows but does not act on. Each is accepted when its
//! value asks for what relief does anyway (`compile_sass = false`), or when it can make no
//! difference to the site relief builds; any other value is one "not supported yet" error
//! per feature, at the key's line, so that a Zola site never builds into a silently
//! different one. The keys are taken out of the document once checked: the rest of the
//! configuration is read as usual.

use crate::diagnostics::Diagnostic;
use crate::schema::Doc;
use toml::de::{DeTable, DeValue};

/// What a key's value may be for relief to build the site Zola would.
#[derive(Clone, Copy)]
enum Fine {
    /// Only this flag.
    Flag(bool),
    /// Any value: the key cannot change what relief writes.
    Any,
}

/// One of Zola's keys relief reads without acting on it.
struct ZolaKey {
    /// The key's path: `["markdown", "render_emoji"]`.
    path: &'static [&'static str],
    fine: Fine,
    /// The feature the key asks for, as the error names it.
    feature: &'static str,
    /// What to do instead, for the error's help.
    help: &'static str,
}

const fn zola(
    path: &'static [&'static str],
    fine: Fine,
    feature: &'static str,
    help: &'static str,
) -> ZolaKey {
    ZolaKey {
        path,
        fine,
        feature,
        help,
    }
}

const LATER: &str = "remove the key, or set it to relief's value, until relief has it";

/// Zola's keys relief does not act on, in the order of Zola's configuration page.
// One key a line, as a table: each entry is a line to add or take out.
#[rustfmt::skip]
const KEYS: &[ZolaKey] = &[
    zola(&["minify_html"], Fine::Flag(false), "HTML minification (`minify_html`)", LATER),
    // relief copies static files by hard link where it can, whatever this says.
    zola(&["hard_link_static"], Fine::Any, "", ""),
    // Only `relief check --external` fetches external links, and it checks no anchors.
    zola(&["link_checker", "skip_anchor_prefixes"], Fine::Any, "", ""),
    zola(&["link_checker", "ignored_files"], Fine::Any, "", ""),
];

/// Check Zola's keys of `table` that relief does not act on, and take them out of it: one
/// error per feature asked for, at the first key asking.
pub(super) fn check(doc: &Doc<'_>, table: &mut DeTable<'_>) -> Vec<Diagnostic> {
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut reported: Vec<&str> = Vec::new();
    for zola in KEYS {
        let Some((parent, leaf)) = parent_of(table, zola.path) else {
            continue;
        };
        let Some((key, value)) = parent.get_key_value(leaf) else {
            continue;
        };
        if !fine(zola.fine, value.get_ref()) && !reported.contains(&zola.feature) {
            reported.push(zola.feature);
            // A scalar is shown as written; a table's header is the line shown already.
            let help = match value.get_ref() {
                DeValue::Table(_) => zola.help.to_string(),
                _ => format!(
                    "`{leaf}` is {}: {}",
                    doc.text[value.span()].trim(),
                    zola.help
                ),
            };
            errors.push(
                Diagnostic::error(
                    "not-supported",
                    format!("{} is not supported yet", zola.feature),
                )
                .at(doc.at(key.span()))
                .help(help),
            );
        }
        parent.remove(leaf);
    }
    // A table of Zola's keys only, emptied above, is no table of relief's.
    for name in ["markdown", "link_checker"] {
        if matches!(table.get(name).map(|v| v.get_ref()), Some(DeValue::Table(t)) if t.is_empty()) {
            table.remove(name);
        }
    }
    errors
}

/// The table holding the last key of `path`, and that key.
fn parent_of<'t, 'a>(
    table: &'t mut DeTable<'a>,
    path: &[&'static str],
) -> Option<(&'t mut DeTable<'a>, &'static str)> {
    let (leaf, tables) = path.split_last()?;
    let mut parent = table;
    for name in tables {
        match parent.get_mut(*name).map(|v| v.get_mut()) {
            Some(DeValue::Table(t)) => parent = t,
            _ => return None,
        }
    }
    Some((parent, leaf))
}

/// Whether `value` asks for nothing relief lacks.
fn fine(fine: Fine, value: &DeValue<'_>) -> bool {
    match (fine, value) {
        (Fine::Any, _) => true,
        (Fine::Flag(want), DeValue::Boolean(b)) => *b == want,
        _ => false,
    }
}
