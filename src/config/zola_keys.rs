//! Zola's configuration keys that can make no difference to the site relief builds. They are
//! checked like every key (by the schema: a wrong type is an error at its line), then taken out
//! of the document, so the rest of the configuration is read as usual.

use toml::de::{DeTable, DeValue};

/// Zola's keys relief reads without acting on, each with the reason it changes nothing.
// One key a line, as a table: each entry is a line to add or take out.
#[rustfmt::skip]
const WITHOUT_EFFECT: &[&[&str]] = &[
    // relief copies static files by hard link where it can, whatever this says.
    &["hard_link_static"],
    // Only `relief check --external` fetches external links, and it checks no anchors.
    &["link_checker", "skip_anchor_prefixes"],
    &["link_checker", "ignored_files"],
];

/// Take Zola's keys that change nothing out of `table`, and the tables they leave empty.
pub(super) fn set_aside(table: &mut DeTable<'_>) {
    for path in WITHOUT_EFFECT {
        if let Some((parent, leaf)) = parent_of(table, path) {
            parent.remove(leaf);
        }
    }
    // A table of Zola's keys only, emptied above, is no table of relief's.
    for name in ["markdown", "link_checker"] {
        if matches!(table.get(name).map(|v| v.get_ref()), Some(DeValue::Table(t)) if t.is_empty()) {
            table.remove(name);
        }
    }
}

/// The table holding the last key of `path`, and that key.
fn parent_of<'t, 'a, 'p>(
    table: &'t mut DeTable<'a>,
    path: &'p [&'p str],
) -> Option<(&'t mut DeTable<'a>, &'p str)> {
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
