//! `ignored_content` and `ignored_static`: glob patterns of files left out of the build, as
//! in Zola (`*` also crosses folders: `*.xlsx` matches `data/sheet.xlsx`). Each pattern is
//! matched against the file's path below `content/` or `static/`.

use crate::diagnostics::{Diagnostic, Location};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::Path;

/// The glob set of the patterns `written` of key `key`, or an error at each bad pattern.
pub(super) fn glob_set(
    key: &str,
    written: &[toml::Spanned<String>],
    source: &str,
    display: &Path,
) -> Result<GlobSet, Vec<Diagnostic>> {
    let mut builder = GlobSetBuilder::new();
    let mut errors = Vec::new();
    for pattern in written {
        match Glob::new(pattern.get_ref()) {
            Ok(glob) => {
                builder.add(glob);
            }
            Err(e) => {
                let span = pattern.span();
                errors.push(
                    Diagnostic::error(
                        "config",
                        format!("`{}` in `{key}` is not a glob pattern: {}", pattern.get_ref(), e.kind()),
                    )
                    .at(Location::offset(display, source, span.start, span.len()))
                    .help("write a pattern such as \"*.{graphml,xlsx}\", \"temp.*\" or \"**/build_folder\""),
                );
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    builder.build().map_err(|e| {
        vec![Diagnostic::error(
            "config",
            format!("the `{key}` patterns cannot be used: {e}"),
        )
        .at(Location::file(display))]
    })
}
