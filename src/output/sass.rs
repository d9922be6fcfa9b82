//! Sass, as Zola compiles it (`compile_sass = true`): every `.scss` and `.sass` file of sass/
//! whose name does not start with `_` (those are partials, for `@import`) becomes a `.css`
//! file at the same place in the output, compressed. Compiled with `grass`, the library Zola
//! uses, so a Zola site's stylesheets come out the same.

use crate::diagnostics::{Diagnostic, Location};
use std::collections::HashMap;
use std::path::Path;

/// `(output path, CSS)` of every Sass file of `root/sass`, or every error found.
pub(crate) fn compile(root: &Path) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let dir = root.join("sass");
    let mut files = Vec::new();
    let mut errors = Vec::new();
    // A `.scss` and a `.sass` of one name would write one CSS file twice.
    let mut written: HashMap<String, String> = HashMap::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(
                    Diagnostic::error("sass", format!("could not read sass/: {e}"))
                        .at(Location::file("sass")),
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
        let display = Path::new("sass").join(rel);
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
