//! One error type for everything a user can get wrong, rendered like rustc's diagnostics:
//! a headline, the file:line:column, the offending source line with a caret, and a hint
//! saying what to do.

use std::cell::Cell;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
/// How bad a diagnostic is.
pub enum Severity {
    /// The site must not be published: a build fails, leaving the previous output untouched.
    Error,
    /// Worth fixing, not fatal: a build still publishes (unless `--deny-warnings`).
    Warning,
}

/// Where in a file a diagnostic points. Lines and columns are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Location {
    /// The file, relative to the project root where it is inside it (`content/knee.md`).
    pub file: PathBuf,
    /// The line, when the diagnostic points at one.
    pub line: Option<usize>,
    /// The column, in characters, when the diagnostic points inside the line.
    pub column: Option<usize>,
    /// Width of the underline in characters (at least 1 when shown).
    #[serde(skip)]
    pub width: usize,
    /// The source line, shown under the location; of a long line only the part around the
    /// column (see [`clip`]).
    #[serde(skip)]
    pub snippet: Option<String>,
    /// Characters of the line before `snippet`'s first (0 when it starts the line): its
    /// column is `column - snippet_start`.
    #[serde(skip)]
    pub snippet_start: usize,
}

impl Location {
    /// The whole file, no line.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location {
            file: file.into(),
            ..Default::default()
        }
    }

    /// A location at `line` (1-based) of `source`, with the line's text as snippet.
    pub fn line(file: impl Into<PathBuf>, source: &str, line: usize) -> Self {
        Location {
            file: file.into(),
            line: Some(line),
            column: None,
            width: 0,
            snippet: source
                .lines()
                .nth(line.saturating_sub(1))
                .map(str::to_owned),
            snippet_start: 0,
        }
    }

    /// A location at a byte offset of `source`; `len` bytes are underlined.
    pub fn offset(file: impl Into<PathBuf>, source: &str, offset: usize, len: usize) -> Self {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[offset..]
            .find('\n')
            .map_or(source.len(), |i| offset + i);
        let line = source[..offset].matches('\n').count() + 1;
        let column = source[line_start..offset].chars().count() + 1;
        let end = floor_char_boundary(source, (offset + len).min(line_end));
        Location {
            file: file.into(),
            line: Some(line),
            column: Some(column),
            width: source[offset..end].chars().count().max(1),
            snippet: Some(
                source[line_start..line_end]
                    .trim_end_matches('\r')
                    .to_owned(),
            ),
            snippet_start: 0,
        }
    }

    /// The same place without its snippet: for locations stored by the thousand (every
    /// link of every page) in case a later check reports one; [`fill_snippets`] reads the
    /// line back from the file when one is.
    pub fn without_snippet(&self) -> Location {
        Location {
            file: self.file.clone(),
            snippet: None,
            ..*self
        }
    }

    /// Shift the location down by `lines`, for text that starts mid-file (a page body).
    pub fn shifted(mut self, lines: usize) -> Self {
        self.line = self.line.map(|l| l + lines);
        self
    }
}

/// Give every located diagnostic without a snippet its line's text, read from the file
/// (relative to `root`); see [`Location::without_snippet`]. Each file is read and split
/// into lines once, however many diagnostics it has.
pub(crate) fn fill_snippets(diagnostics: &mut [Diagnostic], root: &Path) {
    // Each file's text and line starts, and the last column looked up in it: (line, column,
    // byte), so many columns of one long line are found walking forward from the last.
    type Source = Option<(String, Vec<usize>, (usize, usize, usize))>;
    let mut sources: std::collections::HashMap<PathBuf, Source> = Default::default();
    for d in diagnostics {
        let Some(loc) = &mut d.location else { continue };
        let (Some(line), None) = (loc.line, &loc.snippet) else {
            continue;
        };
        let source = sources.entry(loc.file.clone()).or_insert_with(|| {
            let text = std::fs::read_to_string(root.join(&loc.file)).ok()?;
            let starts = line_starts(&text);
            Some((text, starts, (0, 0, 0)))
        });
        let Some((text, starts, last)) = source else {
            continue;
        };
        let Some(&start) = starts.get(line.saturating_sub(1)) else {
            continue;
        };
        let end = starts.get(line).map_or(text.len(), |&e| e - 1);
        let line_text = &text[start..end.max(start)];
        // The column's byte offset in the line (columns count characters).
        let column = loc.column.unwrap_or(1).saturating_sub(1);
        let (from_column, from_byte) = match *last {
            (l, c, b) if l == line && c <= column => (c, b),
            _ => (0, 0),
        };
        let at = line_text[from_byte..]
            .char_indices()
            .nth(column - from_column)
            .map_or(line_text.len(), |(i, _)| from_byte + i);
        *last = (line, column, at);
        let chars = match at == line_text.len() {
            true => line_text.chars().count(),
            false => column,
        };
        let (snippet, cut) = clip(line_text, at, chars);
        loc.snippet = Some(snippet);
        loc.snippet_start = cut;
    }
}

/// The byte offset of each line of `text`.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Lines longer than this (bytes) are kept in a diagnostic only around its column: a
/// thousand errors on one megabyte line must not hold a gigabyte of copies.
const SNIPPET_MAX: usize = 1024;

/// The snippet to keep of `line` for a location at byte `at` of it, `chars` characters into
/// the line, and the number of characters of the line before the snippet's first (see
/// [`Location::snippet_start`]). A line of up to SNIPPET_MAX bytes is kept whole; of a
/// longer one, about SNIPPET_MAX / 2 bytes either side of `at`, with `…` standing for each
/// cut end (which the count accounts for, so columns still line up). [`window`] then shows
/// at most 120 characters of it.
fn clip(line: &str, at: usize, chars: usize) -> (String, usize) {
    let line = line.trim_end_matches('\r');
    if line.len() <= SNIPPET_MAX {
        return (line.to_owned(), 0);
    }
    let at = floor_char_boundary(line, at.min(line.len()));
    let start = floor_char_boundary(line, at.saturating_sub(SNIPPET_MAX / 2));
    let mut end = (at + SNIPPET_MAX / 2).min(line.len());
    while !line.is_char_boundary(end) {
        end += 1;
    }
    let mut snippet = String::with_capacity(end - start + 6);
    let mut before = 0;
    if start > 0 {
        snippet.push('…');
        before = chars - line[start..at].chars().count() - 1;
    }
    snippet.push_str(&line[start..end]);
    if end < line.len() {
        snippet.push('…');
    }
    (snippet, before)
}

/// Line starts of a text, for turning many byte offsets into locations without rescanning
/// the text each time (a page with 100,000 links stays linear).
pub(crate) struct LineIndex<'a> {
    source: &'a str,
    starts: Vec<usize>,
    /// The last offset located and the characters before it on its line: the next offset
    /// further on the same line is counted from there, so the 40,000 links of a one-line
    /// paragraph are not each counted from the line's start.
    last: Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(source: &'a str) -> Self {
        LineIndex {
            source,
            starts: line_starts(source),
            last: Cell::new((0, 0)),
        }
    }

    /// The location of `offset` (underlining `len` bytes) in `file`, whose line 1 is this
    /// text's line `1 - line_offset`.
    pub(crate) fn locate(
        &self,
        file: &Path,
        offset: usize,
        len: usize,
        line_offset: usize,
    ) -> Location {
        let offset = floor_char_boundary(self.source, offset.min(self.source.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let end = self
            .starts
            .get(line)
            .map_or(self.source.len(), |&e| e.saturating_sub(1))
            .max(start);
        let text = &self.source[start..end];
        let len_end = floor_char_boundary(self.source, (offset + len).min(end).max(offset));
        let before = match self.last.get() {
            (last, chars) if (start..=offset).contains(&last) => {
                chars + self.source[last..offset].chars().count()
            }
            _ => self.source[start..offset].chars().count(),
        };
        self.last.set((offset, before));
        let (snippet, snippet_start) = clip(text, offset - start, before);
        Location {
            file: file.to_path_buf(),
            line: Some(line + line_offset),
            column: Some(before + 1),
            width: self.source[offset..len_end].chars().count().max(1),
            snippet: Some(snippet),
            snippet_start,
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The code of every warning relief gives, sorted: the codes `[check] allow` in config.toml
/// may silence.
pub(crate) const WARNINGS: &[&str] = &[
    "duplicate-title",
    "image-alt",
    "image-cache",
    "link-moved",
    "link-refused",
    "link-unreachable",
    "misplaced-key",
    "missing-description",
    "missing-feedback-url",
    "missing-title",
    "orphan-page",
    "outdated-translation",
    "review-overdue",
    "uncited-evidence",
    "undefined-footnote",
    "unknown-language",
    "unknown-taxonomy",
    "unsorted-page",
    "unused-reference",
];

/// The code of every error, sorted: they cannot be allowed, only fixed.
pub(crate) const ERRORS: &[&str] = &[
    "broken-anchor",
    "broken-link",
    "callout",
    "changed",
    "citation",
    "config",
    "content",
    "dead-link",
    "duplicate-url",
    "encoding",
    "evidence",
    "footnote",
    "front-matter",
    "highlighting",
    "image",
    "init",
    "internal",
    "io",
    "language",
    "malformed-url",
    "missing-asset",
    "missing-image",
    "new",
    "not-supported",
    "offline",
    "output",
    "references",
    "sass",
    "serve",
    "shortcode",
    "slug",
    "static",
    "taxonomy",
    "template",
    "toml",
    "unknown-key",
];

/// The errors `relief build` reports as warnings: broken links, anchors, images and assets
/// in its own output (`crawl::site_files`). `relief check` fails on them.
pub(crate) const BUILD_WARNS: &[&str] = &[
    "broken-anchor",
    "broken-link",
    "missing-asset",
    "missing-image",
];

/// One problem found in a site: what is wrong, where, and what to do about it. Displayed
/// like a compiler error, with the source line underlined.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, thiserror::Error)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short kebab-case name of the check, e.g. `broken-link`.
    pub code: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where, when it is in a file.
    pub location: Option<Location>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error; `code` names the check that found it.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    /// A warning; `code` must be one of [`WARNINGS`], so that `[check] allow` can name it.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        debug_assert!(
            WARNINGS.contains(&code),
            "warning code `{code}` is not listed in diagnostics::WARNINGS"
        );
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// The diagnostic, pointing at `location`.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// The diagnostic, with what to do about it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether it is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// An I/O failure on `path`, with a hint that depends on what went wrong.
    pub fn io(path: &Path, action: &str, err: &std::io::Error) -> Self {
        let help = match err.kind() {
            std::io::ErrorKind::PermissionDenied => "check the file's permissions",
            std::io::ErrorKind::NotFound => "check that the path exists",
            std::io::ErrorKind::StorageFull => "free some disk space and build again",
            std::io::ErrorKind::ReadOnlyFilesystem => {
                "choose an output directory on a writable disk"
            }
            _ => "check the file and try again",
        };
        Diagnostic::error("io", format!("could not {action}: {err}"))
            .at(Location::file(path))
            .help(help)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A warning names its code, as rustc does, for `[check] allow` in config.toml.
        match self.severity {
            Severity::Error => writeln!(f, "error: {}", self.message)?,
            Severity::Warning => writeln!(f, "warning[{}]: {}", self.code, self.message)?,
        }
        let Some(loc) = &self.location else {
            if let Some(help) = &self.help {
                writeln!(f, "  = help: {help}")?;
            }
            return Ok(());
        };
        let gutter = loc.line.map_or(1, |l| l.to_string().len());
        let pad = " ".repeat(gutter);
        write!(f, "{pad}--> {}", loc.file.display())?;
        if let Some(line) = loc.line {
            write!(f, ":{line}")?;
            if let Some(col) = loc.column {
                write!(f, ":{col}")?;
            }
        }
        writeln!(f)?;
        if let (Some(line), Some(snippet)) = (loc.line, &loc.snippet) {
            // A long line (minified HTML, a 1 MB paragraph) is shown as a window around
            // the column, so one diagnostic never floods the terminal.
            let column = loc
                .column
                .map(|c| c.saturating_sub(loc.snippet_start).max(1));
            let (snippet, col, width) = window(snippet, column, loc.width);
            writeln!(f, "{pad} |")?;
            writeln!(f, "{line} | {snippet}")?;
            if let Some(col) = col {
                let before: String = snippet
                    .chars()
                    .take(col - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                writeln!(f, "{pad} | {before}{}", "^".repeat(width.max(1)))?;
            } else {
                writeln!(f, "{pad} |")?;
            }
        }
        if let Some(help) = &self.help {
            writeln!(f, "{pad} = help: {help}")?;
        }
        Ok(())
    }
}

/// At most `MAX` characters of `snippet` around 1-based `column`, with `…` where cut, and the
/// column and underline width within the window.
fn window(snippet: &str, column: Option<usize>, width: usize) -> (String, Option<usize>, usize) {
    const MAX: usize = 120;
    let len = snippet.chars().count();
    if len <= MAX {
        return (snippet.to_string(), column, width);
    }
    let col = column.unwrap_or(1).clamp(1, len + 1);
    let start = col.saturating_sub(1 + MAX / 3);
    let end = (start + MAX).min(len);
    let mut out: String = snippet.chars().skip(start).take(end - start).collect();
    let mut shift = start;
    if start > 0 {
        out.insert(0, '…');
        shift -= 1;
    }
    if end < len {
        out.push('…');
    }
    let width = width.min(end + 1 - col.min(end));
    (out, column.map(|c| c - shift), width)
}

/// A TOML parse or type error as a diagnostic. `source` starts at line `line_offset + 1` of
/// `file`; `known_keys` feeds the "did you mean" hint for unknown keys.
pub(crate) fn from_toml(
    err: &toml::de::Error,
    source: &str,
    file: &Path,
    line_offset: usize,
    known_keys: &[&str],
) -> Diagnostic {
    let message = err.message().trim_end_matches('\n');
    let location = match err.span() {
        Some(span) => {
            Location::offset(file, source, span.start, span.len().max(1)).shifted(line_offset)
        }
        None => Location::file(file),
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let diag = Diagnostic::error("unknown-key", format!("unknown key `{key}`")).at(location);
        return match suggest(key, known_keys.iter().copied()) {
            Some(s) => diag.help(format!("did you mean `{s}`?")),
            None => diag.help(format!(
                "the keys allowed here are: {}",
                known_keys.join(", ")
            )),
        };
    }
    let help = if message.contains("invalid type") || message.contains("expected") {
        "give the key a value of the expected type (strings in quotes, numbers and dates without)"
    } else {
        "fix the TOML syntax: see https://toml.io"
    };
    Diagnostic::error("toml", message.to_string())
        .at(location)
        .help(help)
}

/// Sort diagnostics by file and line and drop repeats (the same template error hit by
/// every page is reported once, even though each names the page it was rendering).
pub(crate) fn dedup(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            let loc = d.location.as_ref();
            (
                d.severity,
                loc.map(|l| l.file.clone()),
                loc.and_then(|l| l.line),
                loc.and_then(|l| l.column),
            )
        };
        key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message))
    });
    diagnostics.dedup_by(|a, b| {
        a.severity == b.severity
            && a.code == b.code
            && a.message == b.message
            && a.location == b.location
    });
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub(crate) fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Give line-only locations a column: the first non-blank character of the line.
pub(crate) fn add_columns(diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        if let Some(loc) = &mut d.location {
            if let (Some(_), None, Some(snippet)) = (loc.line, loc.column, &loc.snippet) {
                let lead = snippet.chars().take_while(|c| c.is_whitespace()).count();
                loc.column = Some(lead + 1);
                loc.width = snippet
                    .trim()
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != '=')
                    .count()
                    .max(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_snippet_and_caret() {
        let src = "title = \"x\"\nweight = \"high\"\n";
        let d = Diagnostic::error("toml", "invalid type")
            .at(Location::offset("content/a.md", src, 21, 6).shifted(1))
            .help("use a number");
        let text = d.to_string();
        assert!(text.contains("--> content/a.md:3:10"), "{text}");
        assert!(text.contains("3 | weight = \"high\""), "{text}");
        assert!(text.contains("  |          ^^^^^^"), "{text}");
        assert!(text.contains("= help: use a number"), "{text}");
    }

    #[test]
    fn offset_handles_multibyte_and_out_of_range() {
        let src = "é = 1\nñ";
        let loc = Location::offset("f", src, 100, 3);
        assert_eq!(loc.line, Some(2));
        let loc = Location::offset("f", src, 1, 1);
        assert_eq!((loc.line, loc.column), (Some(1), Some(1)));
    }

    #[test]
    fn line_index_matches_offset_locations() {
        let src = "a\nbé c\n\nlast";
        let index = LineIndex::new(src);
        for offset in [0, 2, 3, 6, 8, 9, 12] {
            let a = index.locate(Path::new("f"), offset, 1, 4);
            let b = Location::offset("f", src, offset, 1).shifted(4);
            assert_eq!(
                (a.line, a.column, a.snippet),
                (b.line, b.column, b.snippet),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(suggest("titel", ["title", "weight"]), Some("title"));
        assert_eq!(suggest("zzz", ["title", "weight"]), None);
    }

    #[test]
    fn long_lines_are_shown_as_a_window_around_the_column() {
        let line = format!("{}bad{}", "a".repeat(5000), "b".repeat(5000));
        let d = Diagnostic::error("x", "m").at(Location::offset("f.md", &line, 5000, 3));
        let text = d.to_string();
        assert!(text.len() < 600, "{text}");
        let lines: Vec<&str> = text.lines().collect();
        let code = lines.iter().find(|l| l.starts_with("1 | ")).unwrap();
        let caret = lines.iter().find(|l| l.contains('^')).unwrap();
        let at = caret.chars().position(|c| c == '^').unwrap();
        assert_eq!(caret.matches('^').count(), 3);
        let under: String = code.chars().skip(at).take(3).collect();
        assert_eq!(under, "bad", "{text}");
        assert!(code.contains("1 | …a") && code.ends_with("b…"), "{code}");
    }

    #[test]
    fn errors_on_a_megabyte_line_keep_a_clip_and_show_the_same_window() {
        // Many errors on one long line (unknown citations, broken links): each keeps about a
        // kilobyte of it, and shows exactly what the whole line would show.
        let line = format!("{}bad ½é😀 {}", "a".repeat(1 << 20), "ß".repeat(1 << 19));
        let src = format!("first\n{line}\r\nlast");
        let index = LineIndex::new(&src);
        let start = 6;
        let offsets = [
            0,
            1,
            100,
            600,
            1024,
            1 << 20,
            (1 << 20) + 5,
            (1 << 20) + 9,
            src.len() - 8,
        ];
        let dir = std::env::temp_dir().join(format!("relief-snippets-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("f.md"), &src).unwrap();
        let mut filled = Vec::new();
        for at in offsets {
            let whole =
                Diagnostic::error("x", "m").at(Location::offset("f.md", &src, start + at, 3));
            let clipped =
                Diagnostic::error("x", "m").at(index.locate(Path::new("f.md"), start + at, 3, 0));
            let location = clipped.location.as_ref().unwrap();
            assert!(
                location.snippet.as_ref().unwrap().len() < 1100,
                "offset {at}"
            );
            assert_eq!(location.column, whole.location.as_ref().unwrap().column);
            assert_eq!(clipped.to_string(), whole.to_string(), "offset {at}");
            let mut unfilled = clipped.clone();
            unfilled.location = unfilled.location.map(|l| l.without_snippet());
            filled.push((unfilled, whole));
        }
        let (mut unfilled, whole): (Vec<_>, Vec<_>) = filled.into_iter().unzip();
        fill_snippets(&mut unfilled, &dir);
        std::fs::remove_dir_all(&dir).unwrap();
        for (filled, whole) in unfilled.iter().zip(&whole) {
            assert!(
                filled
                    .location
                    .as_ref()
                    .unwrap()
                    .snippet
                    .as_ref()
                    .unwrap()
                    .len()
                    < 1100
            );
            assert_eq!(filled.to_string(), whole.to_string());
        }
    }

    #[test]
    fn a_warning_shows_its_code() {
        let d = Diagnostic::warning("orphan-page", "no page links to /a/");
        assert!(d
            .to_string()
            .starts_with("warning[orphan-page]: no page links to /a/\n"));
        let d = Diagnostic::error("broken-link", "gone");
        assert!(d.to_string().starts_with("error: gone\n"));
    }

    /// Every code given in src/ is listed as a warning's or an error's, so `[check] allow`
    /// accepts every warning and names every error as one.
    #[test]
    fn every_code_is_listed_once() {
        let mut sorted = WARNINGS.to_vec();
        sorted.sort();
        assert_eq!(sorted, WARNINGS);
        let mut sorted = ERRORS.to_vec();
        sorted.sort();
        assert_eq!(sorted, ERRORS);
        assert!(!WARNINGS.iter().any(|w| ERRORS.contains(w)));
        assert!(BUILD_WARNS.iter().all(|w| ERRORS.contains(w)));
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![src];
        let mut checked = 0;
        let mut unlisted = Vec::new();
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // Test modules make diagnostics with made-up codes.
            let text = text.split("#[cfg(test)]").next().unwrap();
            for (call, list) in [
                ("Diagnostic::error(", ERRORS),
                ("Diagnostic::warning(", WARNINGS),
            ] {
                for (at, _) in text.match_indices(call) {
                    let rest = text[at + call.len()..].trim_start();
                    let Some(code) = rest.strip_prefix('"').and_then(|r| r.split('"').next())
                    else {
                        continue; // a code held in a variable
                    };
                    if !list.contains(&code) {
                        unlisted.push(format!("{}: `{code}`", path.display()));
                    }
                    checked += 1;
                }
            }
        }
        assert!(unlisted.is_empty(), "not listed: {unlisted:#?}");
        assert!(checked > 50, "only {checked} codes found");
    }

    #[test]
    fn dedup_removes_repeats() {
        let d = Diagnostic::error("x", "same");
        let mut v = vec![
            d.clone(),
            d.clone(),
            Diagnostic::warning("orphan-page", "other"),
        ];
        dedup(&mut v);
        assert_eq!(v.len(), 2);
    }
}
