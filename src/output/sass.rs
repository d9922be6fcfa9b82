//! Sass, as Zola compiles it (`compile_sass = true`): every `.scss` and `.sass` file of sass/
//! whose name does not start with `_` (those are partials, for `@import`) becomes a `.css`
//! file at the same place in the output, compressed. Compiled with `grass`, the library Zola
//! uses, so a Zola site's stylesheets come out the same.

use crate::diagnostics::{Diagnostic, Location};
use crate::site::Site;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// `(output path, CSS)` of every Sass file the site compiles, or every error found: its
/// theme's sass/ whatever `compile_sass` says (as Zola does), and its own sass/ when
/// `compile_sass` is on, whose files replace the theme's of the same output path.
pub(crate) fn compile_site(site: &Site) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let mut folders = Vec::new();
    if let Some(theme) = site.config.theme_folder() {
        folders.push(theme.join("sass"));
    }
    if site.config.compile_sass {
        folders.push(PathBuf::from("sass"));
    }
    let mut css: BTreeMap<String, String> = BTreeMap::new();
    let mut errors = Vec::new();
    for folder in folders.iter().filter(|f| site.root.join(f).is_dir()) {
        match compile(&site.root, folder) {
            Ok(files) => css.extend(files),
            Err(e) => errors.extend(e),
        }
    }
    match errors.is_empty() {
        true => Ok(css.into_iter().collect()),
        false => Err(errors),
    }
}

/// `(output path, CSS)` of every Sass file of `root/folder`, or every error found.
fn compile(root: &Path, folder: &Path) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let dir = root.join(folder);
    let mut files = Vec::new();
    let mut errors = Vec::new();
    // A `.scss` and a `.sass` of one name would write one CSS file twice.
    let mut written: HashMap<String, String> = HashMap::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(
                    Diagnostic::error("sass", format!("could not read {}/: {e}", folder.display()))
                        .at(Location::file(folder)),
                );
                continue;
            }
        };
        let path = entry.path();
        let is_sass = path.extension().is_some_and(|e| e == "scss" || e == "sass");
        let partial = entry.file_name().to_string_lossy().starts_with('_');
        if !entry.file_type().is_file() || !is_sass || partial {
            continue;
        }
        let rel = path.strip_prefix(&dir).unwrap_or(path);
        let display = folder.join(rel);
        let output = rel
            .with_extension("css")
            .to_string_lossy()
            .replace('\\', "/");
        if let Some(other) = written.insert(output.clone(), display.display().to_string()) {
            errors.push(
                Diagnostic::error(
                    "sass",
                    format!(
                        "`{}` and `{other}` would both become `{output}`",
                        display.display()
                    ),
                )
                .at(Location::file(&display))
                .help("rename one of them: a .scss and a .sass of one name write one CSS file"),
            );
            continue;
        }
        let options = grass::Options::default().style(grass::OutputStyle::Compressed);
        match grass::from_path(path, &options) {
            Ok(css) => files.push((output, css)),
            Err(e) => errors.push(
                Diagnostic::error(
                    "sass",
                    e.to_string().lines().next().unwrap_or("").to_string(),
                )
                .at(Location::file(&display))
                .help("fix the Sass; grass (the compiler Zola uses too) reported it"),
            ),
        }
    }
    match errors.is_empty() {
        true => Ok(files),
        false => Err(errors),
    }
}
