//! TOML as authors write it (config.toml and front matter): the keys each table may hold and
//! the type of each, checked over the whole parsed document at once, so that every unknown
//! key, key in the wrong table and wrong type is reported in one run, each at its own line.
//! What fails is taken out of the document; the caller deserialises what is left and goes on
//! validating values, so their problems are reported in the same run too.
//!
//! Two slips get their own words because TOML's would mislead: a key written below a
//! `[table]` header that belongs above it (TOML reads it as the table's), and a date in
//! another shape than year-month-day (TOML asks for quotes).

use crate::diagnostics::{suggest, Diagnostic, Location};
use jiff::civil::Date;
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;
use toml::de::{DeArray, DeTable, DeValue};
use toml::Spanned;

/// What a key's value must be.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    /// A string.
    Text,
    /// `true` or `false`.
    Flag,
    /// A whole number.
    Integer,
    /// A whole number from 0 to 4,294,967,295.
    Count,
    /// A string or a whole number (`year = 2006`, `pmid = "2954166"`).
    TextOrInteger,
    /// A list of strings.
    TextList,
    /// A list of anything: the caller checks the items.
    List,
    /// Anything: the caller checks the value.
    Any,
    /// A table with these keys.
    Table(&'static [Field]),
    /// A table whose keys are free and whose values are each of this kind (`[taxonomies]`).
    Map(&'static Kind),
    /// A table of free-form values for templates (`[extra]`).
    Free,
    /// An array of tables (`[[references]]`), each with these keys.
    Tables(&'static [Field]),
}

/// One key of a table.
#[derive(Debug)]
pub(crate) struct Field {
    pub name: &'static str,
    pub kind: Kind,
    /// Must be present. Checked for the tables of a [`Kind::Tables`]; the caller checks the
    /// top level's own, with its own words.
    pub required: bool,
}

/// A key that may be left out.
pub(crate) const fn key(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: false,
    }
}

/// A key that must be present.
pub(crate) const fn required(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: true,
    }
}

/// The dotted path of every key `fields` allows, below `prefix` (`markdown.highlighting.theme`):
/// a table's keys are listed rather than the table, a table of free names (`[languages.xx]`)
/// counts as `*` (`languages.*.title`), a map of plain values or free values is one key.
pub(crate) fn key_paths(fields: &[Field], prefix: &str, out: &mut Vec<String>) {
    for field in fields {
        let path = format!("{prefix}{}", field.name);
        match field.kind {
            Kind::Table(inner) | Kind::Tables(inner) => key_paths(inner, &format!("{path}."), out),
            Kind::Map(Kind::Table(inner)) => key_paths(inner, &format!("{path}.*."), out),
            _ => out.push(path),
        }
    }
}

/// A TOML text being checked, and where it sits in its file.
pub(crate) struct Doc<'a> {
    pub file: &'a Path,
    /// The TOML text: a front matter, or all of config.toml.
    pub text: &'a str,
    /// Lines of the file before `text`.
    pub line_offset: usize,
    /// Whose top-level keys these are, for messages: "page" or "site".
    pub owner: &'static str,
    /// The code of a wrong value's error: `config` or `front-matter`.
    pub code: &'static str,
    /// The keys whose values are dates, for explaining a date written in another shape.
    pub dates: &'static [&'static str],
}

impl Doc<'_> {
    /// The location of `span` of the text, in the file.
    pub(crate) fn at(&self, span: Range<usize>) -> Location {
        Location::offset(self.file, self.text, span.start, span.len().max(1))
            .shifted(self.line_offset)
    }

    /// The 0-based line of the text that `offset` is on.
    fn line_of(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
    }

    /// The text of the line `span` starts on, trimmed.
    fn line_text(&self, span: &Range<usize>) -> &str {
        let start = span.start.min(self.text.len());
        let from = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let to = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        self.text[from..to].trim()
    }
}

/// Parse `doc.text`. A syntax error stops the check (`Err`), as what follows it cannot be
/// trusted; a date key's value written in another shape (`date = 15/10/2026`) is explained
/// and taken out instead, and the rest of the document is checked as usual: `Ok` then
/// carries those errors.
pub(crate) fn parse<'a>(
    doc: &Doc<'a>,
) -> Result<(Spanned<DeTable<'a>>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (mut table, errors) = DeTable::parse_recoverable(doc.text);
    if errors.is_empty() {
        return Ok((table, Vec::new()));
    }
    let mut explained = Vec::new();
    let mut lines = BTreeSet::new();
    let mut fatal = None;
    for error in &errors {
        let Some(span) = error.span() else {
            fatal.get_or_insert(error);
            continue;
        };
        let line = doc.line_of(span.start);
        if lines.contains(&line) {
            continue;
        }
        match misshapen_date_line(doc, &span) {
            Some(d) => {
                explained.push(d);
                lines.insert(line);
            }
            None => {
                fatal.get_or_insert(error);
            }
        }
    }
    if let Some(error) = fatal {
        explained.push(syntax_error(doc, error));
        return Err(explained);
    }
    remove_on_lines(doc, table.get_mut(), &lines);
    Ok((table, explained))
}

/// A TOML syntax error, with a hint for text written without quotes.
fn syntax_error(doc: &Doc<'_>, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim_end_matches('\n');
    let d = Diagnostic::error("toml", message.to_string());
    let Some(span) = error.span() else {
        return d
            .at(Location::file(doc.file))
            .help("fix the TOML syntax: see https://toml.io");
    };
    let d = d.at(doc.at(span.clone()));
    let unquoted = message.starts_with("string values must be quoted");
    match assignment(doc.line_text(&span)) {
        Some((key, value)) if unquoted => d.help(format!(
            "put text in quotes: {key} = \"{}\"",
            value.replace('\\', "\\\\").replace('"', "\\\"")
        )),
        _ => d.help("fix the TOML syntax: see https://toml.io"),
    }
}

/// `key = value` of a line, the value without a trailing comment.
fn assignment(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once('=')?;
    let key = key.trim();
    let value = value.split(" #").next().unwrap_or_default().trim();
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (bare && !value.is_empty()).then_some((key, value))
}

/// The error for a line `key = 15/10/2026` that TOML could not read, if it is one.
fn misshapen_date_line(doc: &Doc<'_>, span: &Range<usize>) -> Option<Diagnostic> {
    let line = doc.line_text(span);
    let (key, value) = assignment(line)?;
    if !doc.dates.contains(&key) {
        return None;
    }
    let (message, help) = misshapen_date(key, value)?;
    let start = doc.text[..span.start.min(doc.text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line_text = &doc.text[start..];
    let at = line_text.find(value).map_or(span.start, |i| start + i);
    Some(
        Diagnostic::error(doc.code, message)
            .at(doc.at(at..at + value.len()))
            .help(help),
    )
}

/// Take out every key written on one of `lines` (0-based), at any depth.
fn remove_on_lines(doc: &Doc<'_>, table: &mut DeTable<'_>, lines: &BTreeSet<usize>) {
    if lines.is_empty() {
        return;
    }
    let written_there: Vec<String> = table
        .iter()
        .filter(|(key, _)| lines.contains(&doc.line_of(key.span().start)))
        .map(|(key, _)| key.get_ref().to_string())
        .collect();
    for key in written_there {
        table.remove(key.as_str());
    }
    for (_, value) in table.iter_mut() {
        if let DeValue::Table(t) = value.get_mut() {
            remove_on_lines(doc, t, lines);
        }
    }
}

/// `key` written as `written`, a date in a shape people use but relief does not read
/// (`15/10/2026`, `2026/10/15`, `15.10.2026`, `2026-1-5`, `15 October 2026`,
/// `October 15, 2026`): the message and the help, naming year-month-day and the date(s)
/// meant.
pub(crate) fn misshapen_date(key: &str, written: &str) -> Option<(String, String)> {
    let written = written.trim().trim_matches(['"', '\'']);
    let dates = date_guesses(written);
    let iso = |d: &Date| d.strftime("%Y-%m-%d").to_string();
    let long = |d: &Date| d.strftime("%-d %B").to_string();
    match dates.as_slice() {
        [one] => Some((
            format!(
                "`{key}` is not a date: `{written}`; dates are written year-month-day, {}",
                iso(one)
            ),
            format!("write {key} = {} (no quotes needed)", iso(one)),
        )),
        [a, b] => Some((
            format!(
                "`{key}` is not a date: `{written}`; dates are written year-month-day, {} or {}",
                iso(a),
                iso(b)
            ),
            format!(
                "`{written}` could be {} ({key} = {}) or {} ({key} = {}): write the one you mean",
                long(a),
                iso(a),
                long(b),
                iso(b)
            ),
        )),
        _ => None,
    }
}

/// The dates `text` may mean, day-first before month-first when both could be (at most 2).
fn date_guesses(text: &str) -> Vec<Date> {
    let make = |y: i64, m: i64, d: i64| -> Option<Date> {
        Date::new(
            i16::try_from(y).ok()?,
            i8::try_from(m).ok()?,
            i8::try_from(d).ok()?,
        )
        .ok()
    };
    let mut out: Vec<Date> = Vec::new();
    let numbers: Vec<&str> = text.split(['/', '.', '-']).collect();
    let all_digits = numbers
        .iter()
        .all(|n| !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()));
    if numbers.len() == 3 && all_digits {
        let n: Vec<i64> = numbers.iter().filter_map(|n| n.parse().ok()).collect();
        if numbers[0].len() == 4 {
            out.extend(make(n[0], n[1], n[2]));
        } else if numbers[2].len() == 4 && numbers[0].len() <= 2 && numbers[1].len() <= 2 {
            out.extend(make(n[2], n[1], n[0]));
            out.extend(make(n[2], n[0], n[1]));
        }
    } else {
        // 15 October 2026, 15th Oct. 2026, October 15, 2026, Oct 15 2026.
        let words: Vec<String> = text
            .split([' ', ','])
            .filter(|w| !w.is_empty())
            .map(|w| w.trim_end_matches('.').to_ascii_lowercase())
            .collect();
        if let [a, b, year] = words.as_slice() {
            let day = |w: &str| -> Option<i64> {
                w.trim_end_matches(|c: char| c.is_ascii_alphabetic())
                    .parse()
                    .ok()
            };
            let year: Option<i64> = (year.len() == 4).then(|| year.parse().ok()).flatten();
            let (day, month) = match (day(a), month(a), day(b), month(b)) {
                (Some(d), _, _, Some(m)) | (_, Some(m), Some(d), _) => (Some(d), Some(m)),
                _ => (None, None),
            };
            if let (Some(y), Some(m), Some(d)) = (year, month, day) {
                out.extend(make(y, m, d));
            }
        }
    }
    out.dedup();
    out
}

/// The month an English month name or its abbreviation names.
fn month(word: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(word))
        .map(|i| i as i64 + 1)
}

/// What a check of a document found.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Check `table` (the whole document) against `fields`: unknown keys, keys below the wrong
/// table header, wrong types, and missing keys of array tables. Whatever fails is taken out
/// of `table`, so what is left deserialises.
pub(crate) fn check(doc: &Doc<'_>, table: &mut DeTable<'_>, fields: &'static [Field]) -> Findings {
    let mut walk = Walk {
        doc,
        top: fields,
        found: Findings::default(),
    };
    walk.table(table, fields, None);
    walk.found
}

/// A table below the top: how it is shown in messages, and what it takes.
#[derive(Clone, Copy)]
struct Place<'s> {
    /// `[review]`, `[[references]]`, or the key's name for an inline or dotted table.
    shown: &'s str,
    /// Written with a header line, so a key below it can have meant to be above it.
    header: bool,
}

struct Walk<'d, 'a> {
    doc: &'d Doc<'a>,
    top: &'static [Field],
    found: Findings,
}

impl Walk<'_, '_> {
    fn table(&mut self, table: &mut DeTable<'_>, fields: &'static [Field], place: Option<Place>) {
        let mut bad = Vec::new();
        for (key, value) in table.iter_mut() {
            let name = key.get_ref().as_ref();
            let keep = match fields.iter().find(|f| f.name == name) {
                Some(field) => self.value(key, value, field.kind, place),
                None => {
                    self.unknown(key, fields, place);
                    false
                }
            };
            if !keep {
                bad.push(name.to_string());
            }
        }
        for key in bad {
            table.remove(key.as_str());
        }
    }

    /// Check one value; false when it must be taken out.
    fn value(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &mut Spanned<DeValue<'_>>,
        kind: Kind,
        place: Option<Place>,
    ) -> bool {
        let name = key.get_ref().as_ref();
        let span = value.span();
        // A table below this one: `[review]` when written with a header, else its name.
        let written = self.doc.text[span.clone()].trim();
        let header = written.starts_with('[');
        let sub = Place {
            shown: if header { written } else { name },
            header,
        };
        match (kind, value.get_mut()) {
            (Kind::Any, _)
            | (Kind::Text, DeValue::String(_))
            | (Kind::Flag, DeValue::Boolean(_))
            | (Kind::TextOrInteger, DeValue::String(_))
            | (Kind::List, DeValue::Array(_)) => true,
            (Kind::Integer | Kind::TextOrInteger, DeValue::Integer(i)) => {
                match i64::from_str_radix(i.as_str(), i.radix()) {
                    Ok(_) => true,
                    Err(_) => {
                        self.type_error(
                            name,
                            place,
                            span,
                            "a whole number that is not so large",
                            "",
                        );
                        false
                    }
                }
            }
            (Kind::Count, DeValue::Integer(i)) => {
                match u32::from_str_radix(i.as_str(), i.radix()) {
                    Ok(_) => true,
                    Err(_) => {
                        self.type_error(
                            name,
                            place,
                            span,
                            "a whole number from 0 to 4294967295",
                            &format!("found {}", i.as_str()),
                        );
                        false
                    }
                }
            }
            (Kind::TextList, DeValue::Array(items)) => {
                match items
                    .iter()
                    .find(|v| !matches!(v.get_ref(), DeValue::String(_)))
                {
                    None => true,
                    Some(item) => {
                        let found = format!("found {} in it", describe(item.get_ref()));
                        self.type_error(name, place, item.span(), "a list of strings", &found);
                        false
                    }
                }
            }
            (Kind::Table(fields), DeValue::Table(t)) => {
                self.table(t, fields, Some(sub));
                true
            }
            (Kind::Map(each), DeValue::Table(t)) => {
                self.map(t, each, sub);
                true
            }
            (Kind::Free, DeValue::Table(t)) => {
                if place.is_none() {
                    self.misplaced_in_free(t, name, sub);
                }
                true
            }
            (Kind::Tables(fields), DeValue::Array(items))
                if items
                    .iter()
                    .all(|t| matches!(t.get_ref(), DeValue::Table(_))) =>
            {
                self.tables(items, fields, name);
                true
            }
            (kind, found) => {
                let found = format!("found {}", describe(found));
                self.type_error(name, place, span, expected(kind), &found);
                false
            }
        }
    }

    /// The tables of `[[name]]`: each checked, and dropped when a required key is missing.
    fn tables(&mut self, items: &mut DeArray<'_>, fields: &'static [Field], name: &str) {
        let shown = format!("[[{name}]]");
        let kept: DeArray<'_> = std::mem::replace(items, DeArray::new())
            .into_iter()
            .filter_map(|mut item| {
                let span = item.span();
                let DeValue::Table(t) = item.get_mut() else {
                    return Some(item);
                };
                let missing: Vec<&str> = fields
                    .iter()
                    .filter(|f| f.required && !t.contains_key(f.name))
                    .map(|f| f.name)
                    .collect();
                let place = Place {
                    shown: &shown,
                    header: self.doc.text[span.clone()].trim_start().starts_with('['),
                };
                self.table(t, fields, Some(place));
                for name in &missing {
                    self.found.errors.push(
                        Diagnostic::error(
                            self.doc.code,
                            format!("a `{shown}` table has no `{name}`"),
                        )
                        .at(self.doc.at(span.clone()))
                        .help(format!("add {name} = \"…\" below this `{shown}` line")),
                    );
                }
                // A required key taken out for its value is reported already; the table
                // is left out either way, as it cannot be read without it.
                let complete = fields
                    .iter()
                    .filter(|f| f.required)
                    .all(|f| t.contains_key(f.name));
                complete.then_some(item)
            })
            .collect();
        *items = kept;
    }

    /// A table of free keys whose values are each of kind `each`.
    fn map(&mut self, table: &mut DeTable<'_>, each: &Kind, place: Place) {
        let mut bad = Vec::new();
        for (key, value) in table.iter_mut() {
            let name = key.get_ref().as_ref();
            let scalar = !matches!(value.get_ref(), DeValue::Array(_) | DeValue::Table(_));
            if scalar && self.top_field(name).is_some() {
                self.misplaced(key, place);
                bad.push(name.to_string());
            } else if !self.value(key, value, *each, Some(place)) {
                bad.push(name.to_string());
            }
        }
        for key in bad {
            table.remove(key.as_str());
        }
    }

    /// Keys of the top level written below a free-form table's header (`[extra]`, which
    /// `relief new` writes last, so a line added at the end lands in it): kept, as they are
    /// valid extra values, but warned about, as relief does not read them as the real keys.
    fn misplaced_in_free(&mut self, table: &DeTable<'_>, own: &str, place: Place) {
        if !place.header {
            return;
        }
        for (key, _) in table.iter() {
            let name = key.get_ref().as_ref();
            if name == own || self.top_field(name).is_none() {
                continue;
            }
            let line = self.doc.line_text(&key.span()).to_string();
            self.found.warnings.push(
                Diagnostic::warning(
                    "misplaced-key",
                    format!(
                        "`{name}` is below the `{}` header, so it is an extra value for templates, not the {}'s `{name}`",
                        place.shown, self.doc.owner
                    ),
                )
                .at(self.doc.at(key.span()))
                .help(format!(
                    "move `{line}` above the `{}` line: every key below a `[table]` header belongs to that table",
                    place.shown
                )),
            );
        }
    }

    fn top_field(&self, name: &str) -> Option<&'static Field> {
        self.top.iter().find(|f| f.name == name)
    }

    fn unknown(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        fields: &'static [Field],
        place: Option<Place>,
    ) {
        let name = key.get_ref().as_ref();
        let names = || fields.iter().map(|f| f.name);
        let Some(place) = place else {
            let d = Diagnostic::error("unknown-key", format!("unknown key `{name}`"))
                .at(self.doc.at(key.span()));
            self.found.errors.push(match suggest(name, names()) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help(format!(
                    "the keys allowed here are: {}",
                    names().collect::<Vec<_>>().join(", ")
                )),
            });
            return;
        };
        if self.top_field(name).is_some() {
            return self.misplaced(key, place);
        }
        let list = names().collect::<Vec<_>>().join(", ");
        let d = Diagnostic::error(
            "unknown-key",
            format!("unknown key `{name}` in `{}`", place.shown),
        )
        .at(self.doc.at(key.span()));
        self.found.errors.push(match suggest(name, names()) {
            Some(s) => d.help(format!(
                "did you mean `{s}`? `{}` takes: {list}",
                place.shown
            )),
            None => d.help(format!("`{}` takes: {list}", place.shown)),
        });
    }

    /// A key of the top level written inside a table.
    fn misplaced(&mut self, key: &Spanned<std::borrow::Cow<'_, str>>, place: Place) {
        let name = key.get_ref().as_ref();
        let line = self.doc.line_text(&key.span()).to_string();
        let d = if place.header {
            Diagnostic::error(
                "unknown-key",
                format!("`{name}` belongs above the `{}` header", place.shown),
            )
            .help(format!(
                "every key below a `[table]` header belongs to that table: move `{line}` above the `{}` line",
                place.shown
            ))
        } else {
            Diagnostic::error(
                "unknown-key",
                format!(
                    "`{name}` is a key of the {}, not of `{}`",
                    self.doc.owner, place.shown
                ),
            )
            .help(format!(
                "write `{line}` at the top level, outside `{}`",
                place.shown
            ))
        };
        self.found.errors.push(d.at(self.doc.at(key.span())));
    }

    fn type_error(
        &mut self,
        name: &str,
        place: Option<Place>,
        span: Range<usize>,
        expected: &str,
        found: &str,
    ) {
        let whose = match place {
            Some(p) if p.shown.starts_with('[') => format!("`{name}` in `{}`", p.shown),
            _ => format!("`{name}`"),
        };
        let written = self.doc.text[span.clone()].trim();
        let found = match found {
            "" => String::new(),
            f => format!(", {f}"),
        };
        let help = example(name, expected, written);
        self.found.errors.push(
            Diagnostic::error(self.doc.code, format!("{whose} must be {expected}{found}"))
                .at(self.doc.at(span))
                .help(help),
        );
    }
}

/// What a value of `kind` is, for messages.
fn expected(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "a string in quotes",
        Kind::Flag => "true or false",
        Kind::Integer => "a whole number",
        Kind::Count => "a whole number from 0 to 4294967295",
        Kind::TextOrInteger => "a string or a whole number",
        Kind::TextList => "a list of strings",
        Kind::List => "a list",
        Kind::Any => "a value",
        Kind::Table(_) | Kind::Map(_) | Kind::Free => "a table",
        Kind::Tables(_) => "a list of tables",
    }
}

/// A found value, for messages: `a string ("high")`.
fn describe(value: &DeValue<'_>) -> String {
    let short = |s: &str| s.chars().count() <= 40;
    match value {
        DeValue::String(s) if short(s) => format!("a string (\"{s}\")"),
        DeValue::String(_) => "a string".into(),
        DeValue::Integer(i) => format!("a whole number ({})", i.as_str()),
        DeValue::Float(f) => format!("a decimal number ({})", f.as_str()),
        DeValue::Boolean(b) => format!("{b}"),
        DeValue::Datetime(d) => format!("a date ({d})"),
        DeValue::Array(_) => "a list".into(),
        DeValue::Table(_) => "a table".into(),
    }
}

/// How to write `name` as `expected`, from what was `written` when it converts.
fn example(name: &str, expected: &str, written: &str) -> String {
    let unquoted = written.trim_matches(['"', '\'']);
    match expected {
        "a string in quotes" => format!(
            "write text in quotes: {name} = \"{}\"",
            if unquoted.is_empty() { "…" } else { unquoted }
        ),
        "true or false" => match unquoted {
            "true" | "yes" | "on" => format!("write {name} = true, without quotes"),
            "false" | "no" | "off" => format!("write {name} = false, without quotes"),
            _ => format!("write {name} = true or {name} = false, without quotes"),
        },
        "a list of strings" | "a list" if written.starts_with(['"', '\'']) => {
            format!("write a list in square brackets: {name} = [{written}]")
        }
        "a list of strings" | "a list" => {
            format!("write a list in square brackets: {name} = [\"…\", \"…\"]")
        }
        "a table" => format!("write it as a table: a `[{name}]` line, with its keys below it"),
        "a list of tables" => format!("write each one as a table below a `[[{name}]]` line"),
        _ if unquoted.parse::<i64>().is_ok() => {
            format!("write the number without quotes: {name} = {unquoted}")
        }
        _ => format!("write a whole number without quotes, e.g. {name} = 10"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> Vec<String> {
        date_guesses(text).iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn the_usual_wrong_date_shapes_are_recognised() {
        assert_eq!(iso("15/10/2026"), ["2026-10-15"]);
        assert_eq!(iso("10/15/2026"), ["2026-10-15"]);
        assert_eq!(iso("05/10/2026"), ["2026-10-05", "2026-05-10"]);
        assert_eq!(iso("5/5/2026"), ["2026-05-05"]);
        assert_eq!(iso("15.10.2026"), ["2026-10-15"]);
        assert_eq!(iso("15-10-2026"), ["2026-10-15"]);
        assert_eq!(iso("2026/10/15"), ["2026-10-15"]);
        assert_eq!(iso("2026-1-5"), ["2026-01-05"]);
        assert_eq!(iso("15 October 2026"), ["2026-10-15"]);
        assert_eq!(iso("15th Oct. 2026"), ["2026-10-15"]);
        assert_eq!(iso("October 15, 2026"), ["2026-10-15"]);
        assert_eq!(iso("Oct 15 2026"), ["2026-10-15"]);
        for not_a_date in [
            "next Tuesday",
            "31/02/2026",
            "1/2/3",
            "2026",
            "15 Foo 2026",
            "",
        ] {
            assert!(iso(not_a_date).is_empty(), "{not_a_date}");
        }
    }

    #[test]
    fn a_misshapen_date_names_the_date_meant() {
        let (message, help) = misshapen_date("date", "15/10/2026").unwrap();
        assert_eq!(
            message,
            "`date` is not a date: `15/10/2026`; dates are written year-month-day, 2026-10-15"
        );
        assert_eq!(help, "write date = 2026-10-15 (no quotes needed)");
        let (_, help) = misshapen_date("reviewed", "\"05/10/2026\"").unwrap();
        assert_eq!(
            help,
            "`05/10/2026` could be 5 October (reviewed = 2026-10-05) or 10 May (reviewed = 2026-05-10): write the one you mean"
        );
    }
}
