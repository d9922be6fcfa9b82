//! Cutting a file at its `+++` fences into front matter and body, keeping the line offsets
//! every later diagnostic needs; YAML front matter is recognised and explained. Also where a
//! key sits in a file's front matter, for diagnostics found after parsing.

use crate::diagnostics::{Diagnostic, Location};
use crate::toml_position::key_line;
use jiff::civil::Date;
use std::path::Path;

/// A file cut into its front matter and body.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    pub front_matter: &'a str,
    pub body: &'a str,
    /// Lines of the file before the front matter text: blank lines before the opening
    /// `+++`, and that line (a BOM is not a line).
    pub front_matter_line_offset: usize,
    /// Lines of the file before the body.
    pub body_line_offset: usize,
}

/// Cut `source` at its `+++` fences. `source` must already be free of a byte-order mark.
/// Blank lines before the opening `+++` are allowed, as Zola allows them.
pub(crate) fn split<'a>(source: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    if source.trim().is_empty() {
        return Err(Diagnostic::error("front-matter", "the file is empty")
            .at(Location::line(file, source, 1))
            .help("start the file with front matter:\n+++\ntitle = \"Page title\"\n+++"));
    }
    let mut lines = source.split_inclusive('\n');
    let mut start = 0;
    let mut opening_line = 0;
    for line in lines.by_ref() {
        start += line.len();
        opening_line += 1;
        if line.trim().is_empty() {
            continue;
        }
        if line.trim() == "+++" {
            break;
        }
        if line.trim_end() == "---" {
            if let Some(yaml) = yaml(&source[start..], file, source, opening_line) {
                return Err(yaml);
            }
        }
        return Err(Diagnostic::error("front-matter", "the file does not start with front matter")
            .at(Location::line(file, source, opening_line))
            .help("put the page's TOML settings between two `+++` lines at the top, with at least title = \"…\""));
    }
    let mut pos = start;
    for (line_no, line) in (opening_line + 1..).zip(lines) {
        if line.trim_end() == "+++" {
            return Ok(Split {
                front_matter: &source[start..pos],
                body: &source[pos + line.len()..],
                front_matter_line_offset: opening_line,
                body_line_offset: line_no,
            });
        }
        pos += line.len();
    }
    Err(Diagnostic::error(
        "front-matter",
        "front matter is opened with `+++` but never closed",
    )
    .at(Location::line(file, source, opening_line))
    .help("add a line containing only `+++` after the last front matter setting"))
}

/// The error for YAML front matter (`---` lines, `key: value`, as Jekyll and Hugo write
/// it), when `rest` (what follows the first `---` on line `line`) looks like YAML.
fn yaml(rest: &str, file: &Path, source: &str, line: usize) -> Option<Diagnostic> {
    let block = rest
        .split_inclusive('\n')
        .take_while(|l| l.trim_end() != "---");
    let first = block.filter_map(|l| yaml_key_value(l)).next()?;
    let (key, value) = first;
    let example = match value {
        "" => String::new(),
        value => format!(
            ": `{key}: {value}` is `{key} = {}` in TOML",
            yaml_to_toml(value)
        ),
    };
    Some(
        Diagnostic::error(
            "front-matter",
            "the front matter is YAML (between `---` lines); relief reads TOML front matter between `+++` lines",
        )
        .at(Location::line(file, source, line))
        .help(format!(
            "convert it to TOML: write `+++` for each `---` line, and `key = value` for each `key: value` line{example}"
        )),
    )
}

/// `key: value` of a YAML line, if it is one.
fn yaml_key_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.trim_end().split_once(':')?;
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    plain.then(|| (key, value.trim()))
}

/// A YAML scalar or flow list as TOML: quoted unless it is a number, a bool or a date.
fn yaml_to_toml(value: &str) -> String {
    let value = value.trim();
    let quoted = value.len() >= 2
        && ((value.starts_with('"') && value.ends_with('"'))
            || (value.starts_with('\'') && value.ends_with('\'')));
    if quoted
        || matches!(value, "true" | "false")
        || value.parse::<f64>().is_ok()
        || value.parse::<Date>().is_ok()
    {
        return value.to_string();
    }
    if let Some(items) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        let items: Vec<String> = items
            .split(',')
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .map(yaml_to_toml)
            .collect();
        return format!("[{}]", items.join(", "));
    }
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The byte offset of the opening `+++` of a file (after blank lines), or 0.
pub(crate) fn opening(source: &str) -> usize {
    let mut pos = 0;
    for line in source.split_inclusive('\n') {
        if !line.trim().is_empty() {
            return pos + (line.len() - line.trim_start().len());
        }
        pos += line.len();
    }
    0
}

/// Where `key` is set in the front matter of a file whose text is `source`: the key,
/// underlined. For pointing at values that parsed but did not pass a later check.
pub(crate) fn key_location(source: &str, file: &Path, key: &str) -> Option<Location> {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    let split = split(text, file).ok()?;
    // The front matter is a slice of `text`, which is a slice of `source`.
    let start = split.front_matter.as_ptr() as usize - source.as_ptr() as usize;
    let line = key_line(split.front_matter, key)?;
    let line_start: usize = split
        .front_matter
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let text_of_line = split.front_matter[line_start..].lines().next()?;
    let indent = text_of_line.len() - text_of_line.trim_start().len();
    Some(Location::offset(
        file,
        source,
        start + line_start + indent,
        key.len(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("content/a.md")
    }

    #[test]
    fn splits_and_keeps_line_offsets() {
        let src = "+++\ntitle = \"A\"\n+++\nbody\n";
        let s = split(src, p()).unwrap();
        assert_eq!(s.front_matter, "title = \"A\"\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line_offset, 3);
    }

    #[test]
    fn splits_windows_line_endings() {
        let s = split("+++\r\ntitle = \"A\"\r\n+++\r\nbody", p()).unwrap();
        assert_eq!(s.front_matter, "title = \"A\"\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn later_plus_lines_belong_to_the_body() {
        let s = split("+++\ntitle = \"A\"\n+++\n\n+++\nnot front matter\n", p()).unwrap();
        assert!(s.body.contains("not front matter"));
    }

    #[test]
    fn unclosed_and_missing_front_matter_are_errors() {
        let e = split("+++\ntitle = \"A\"\n", p()).unwrap_err();
        assert!(e.message.contains("never closed"));
        assert_eq!(e.location.unwrap().line, Some(1));
        assert!(split("# Hello", p())
            .unwrap_err()
            .message
            .contains("does not start"));
        assert!(split("", p()).unwrap_err().message.contains("empty"));
    }

    #[test]
    fn yaml_front_matter_is_named_and_its_first_key_converted() {
        let e = split(
            "---\ntitle: Can massage help?\ndate: 2026-10-15\n---\nbody\n",
            p(),
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "the front matter is YAML (between `---` lines); relief reads TOML front matter between `+++` lines"
        );
        assert_eq!(
            e.help.as_deref(),
            Some("convert it to TOML: write `+++` for each `---` line, and `key = value` for each `key: value` line: `title: Can massage help?` is `title = \"Can massage help?\"` in TOML")
        );
        assert_eq!(yaml_to_toml("[pain, \"sleep\"]"), "[\"pain\", \"sleep\"]");
        assert_eq!(yaml_to_toml("2026-10-15"), "2026-10-15");
        assert_eq!(yaml_to_toml("3"), "3");
        // A Markdown rule at the top is not YAML.
        assert!(split("---\n\nText\n", p())
            .unwrap_err()
            .message
            .contains("does not start"));
    }
}
