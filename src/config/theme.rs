//! Zola themes: `theme = "name"` names a folder of `themes/` holding templates, static files,
//! Sass and a `theme.toml`. Here the name is checked against the folders there, and the
//! `[extra]` of `theme.toml` is merged under the site's own `[extra]` (the site's values win),
//! so every later stage sees one `config.extra`. The theme's files are read where the site's
//! are: templates in `render`, static files in `pipeline`, Sass in `output::sass`.

use super::Config;
use crate::diagnostics::{from_toml, suggest, Diagnostic, Location};
use std::path::{Path, PathBuf};

/// The folder of the project holding its themes, one folder each.
pub(crate) const THEMES: &str = "themes";

/// The folder of theme `name`, from the project root: `themes/name`.
pub(crate) fn folder(name: &str) -> PathBuf {
    Path::new(THEMES).join(name)
}

/// Settle `config.theme` from the `theme` key as written in `source` (the text of the
/// configuration file `display`, in the project at `root`): every problem found, or the theme
/// named, its `[extra]` merged into `config.extra`.
pub(super) fn settle(
    config: &mut Config,
    root: &Path,
    source: &str,
    display: &Path,
) -> Result<(), Vec<Diagnostic>> {
    let Some(written) = config.raw_theme.take() else {
        return Ok(());
    };
    let name = written.get_ref();
    // `theme = ""` is Zola's way of writing no theme.
    if name.is_empty() {
        return Ok(());
    }
    let span = written.span();
    let at = Location::offset(display, source, span.start, span.len());
    let plain = Path::new(name)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)))
        && !name.contains(['/', '\\']);
    let dir = folder(name);
    if !plain || !root.join(&dir).is_dir() {
        let found = installed(root);
        let help = match (suggest(name, found.iter().map(String::as_str)), found.is_empty()) {
            (_, true) => format!("there is no theme in {THEMES}/: copy or clone the theme into {THEMES}/{name}/, or remove the `theme` key"),
            (Some(close), false) => format!("did you mean `{close}`? The themes in {THEMES}/ are: {}", found.join(", ")),
            (None, false) => format!("the themes in {THEMES}/ are: {}; the name is the theme's folder name", found.join(", ")),
        };
        return Err(vec![Diagnostic::error(
            "config",
            format!("theme `{name}` is not a folder of {THEMES}/"),
        )
        .at(at)
        .help(help)]);
    }
    if !root.join(&dir).join("templates").is_dir() {
        return Err(vec![Diagnostic::error(
            "config",
            format!("theme `{name}` has no templates/ folder"),
        )
        .at(at)
        .help(format!(
            "a theme is a site's templates/ (and static/, sass/) with a theme.toml: check that {}/templates/ exists",
            dir.display()
        ))]);
    }
    let toml_file = dir.join("theme.toml");
    let text = match std::fs::read_to_string(root.join(&toml_file)) {
        Ok(text) => text,
        Err(e) => {
            return Err(vec![Diagnostic::io(&toml_file, "read the theme's settings", &e)
                .help(format!(
                    "a theme carries a theme.toml (its name and [extra] settings): add {} or check the theme's folder",
                    toml_file.display()
                ))])
        }
    };
    let table: toml::Table =
        toml::from_str(&text).map_err(|e| vec![from_toml(&e, &text, &toml_file, 0, &[])])?;
    match table.get("extra") {
        None => {}
        Some(toml::Value::Table(extra)) => {
            let mut conflicts = Vec::new();
            merge(&mut config.extra, extra, "extra", &mut conflicts);
            if !conflicts.is_empty() {
                return Err(conflicts
                    .into_iter()
                    .map(|key| {
                        let top = key.split('.').nth(1).unwrap_or("extra");
                        let line = crate::toml_position::key_line(&text, top).unwrap_or(1);
                        Diagnostic::error(
                            "config",
                            format!("`{key}` is a table in one of {} and theme.toml, and not in the other", display.display()),
                        )
                        .at(Location::line(&toml_file, &text, line))
                        .help(format!("give `{key}` in {} the same kind of value as the theme's (a table, or not)", display.display()))
                    })
                    .collect());
            }
        }
        Some(_) => {
            let line = crate::toml_position::key_line(&text, "extra").unwrap_or(1);
            return Err(vec![Diagnostic::error(
                "config",
                "`extra` in theme.toml is not a table",
            )
            .at(Location::line(&toml_file, &text, line))
            .help("write the theme's settings under an [extra] table")]);
        }
    }
    config.theme = Some(name.clone());
    Ok(())
}

/// Merge the theme's `from` under the site's `into`: keys the site does not set are added, and
/// tables set by both are merged the same way. `path` names `into` (`extra.menu`); where one
/// side has a table and the other not, the path is pushed onto `conflicts`.
fn merge(into: &mut toml::Table, from: &toml::Table, path: &str, conflicts: &mut Vec<String>) {
    for (key, theirs) in from {
        match (into.get_mut(key), theirs) {
            (None, _) => {
                into.insert(key.clone(), theirs.clone());
            }
            (Some(toml::Value::Table(ours)), toml::Value::Table(theirs)) => {
                merge(ours, theirs, &format!("{path}.{key}"), conflicts);
            }
            (Some(toml::Value::Table(_)), _) | (Some(_), toml::Value::Table(_)) => {
                conflicts.push(format!("{path}.{key}"));
            }
            // The site's own value wins.
            (Some(_), _) => {}
        }
    }
}

/// The names of the folders of `root/themes`, sorted.
fn installed(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join(THEMES))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::merge;

    #[test]
    fn the_sites_extra_wins_and_tables_merge() {
        let mut site: toml::Table =
            toml::from_str("a = 1\n[menu]\nhome = \"/\"\n[colour]\nx = 1").unwrap();
        let theme: toml::Table = toml::from_str(
            "a = 2\nb = 3\ncolour = \"red\"\n[menu]\nhome = \"/t/\"\nabout = \"/about/\"",
        )
        .unwrap();
        let mut conflicts = Vec::new();
        merge(&mut site, &theme, "extra", &mut conflicts);
        assert_eq!(site["a"].as_integer(), Some(1));
        assert_eq!(site["b"].as_integer(), Some(3));
        assert_eq!(site["menu"]["home"].as_str(), Some("/"));
        assert_eq!(site["menu"]["about"].as_str(), Some("/about/"));
        assert_eq!(conflicts, ["extra.colour"]);
    }
}
