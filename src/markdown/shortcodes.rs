//! Shortcodes: `{{ name(key="value", n=2) }}` and, around Markdown,
//! `{% name(key="value") %}` … `{% end %}` (Zola's syntax), each written by the template
//! `templates/shortcodes/NAME.html`.
//!
//! Calls are found in the Markdown source before it is parsed (their arguments must not meet
//! smart quotes or emphasis), except inside code, which shows them as written. Each call
//! becomes a placeholder that pulldown-cmark keeps verbatim, as a block when the call is a
//! line by itself and inline otherwise, and the placeholders are swapped for the templates'
//! HTML at the end. A body stays in place as Markdown, so citations, links, headings and
//! search see it like the rest of the page.

use super::Hooks;
use crate::diagnostics::{Diagnostic, Location};
use std::ops::Range;
use std::path::Path;

/// A shortcode argument as written in the call.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Arg {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Array(Vec<Arg>),
}

/// One call, as the shortcode's template sees it.
pub(crate) struct Call<'a> {
    pub name: &'a str,
    pub args: &'a [(String, Arg)],
    /// This shortcode's number on the page, from 1.
    pub nth: usize,
    /// For `{% %}` calls: the template must show `body` once, where the Markdown goes.
    pub has_body: bool,
}

/// What `body` holds while a `{% %}` shortcode's template is rendered: the HTML is split at
/// it into the parts before and after the Markdown. Private-use characters, which no
/// escaping touches.
pub(crate) const BODY_MARK: &str = "\u{E000}relief-body\u{E001}";

/// Placeholders: a comment for a call on a line of its own, which pulldown-cmark keeps as an
/// HTML block (one that may interrupt a paragraph, as `{% end %}` after text must), and an
/// empty element for a call inside a line, which stays inline HTML even at the start of a
/// line (a comment there would make the whole line raw HTML).
const MARK: &str = "relief-shortcode-";
const BLOCK: (&str, &str) = ("<!--", "-->");
const INLINE: (&str, &str) = ("<", "/>");

/// The Markdown with its calls replaced by placeholders, and the HTML each stands for.
pub(crate) struct Expanded {
    pub body: String,
    /// HTML by placeholder number.
    pieces: Vec<String>,
    /// `(start in body, start in the source, is a placeholder)` for each run of text, so a
    /// position in `body` maps back to the source for diagnostics.
    segments: Vec<(usize, usize, bool)>,
}

impl Expanded {
    /// The position in the original Markdown of byte `offset` of [`Expanded::body`]; inside a
    /// placeholder, the start of its call.
    pub(crate) fn source_offset(&self, offset: usize) -> usize {
        let i = self
            .segments
            .partition_point(|&(start, _, _)| start <= offset);
        match i.checked_sub(1).map(|i| self.segments[i]) {
            Some((start, source, false)) => source + (offset - start),
            Some((_, source, true)) => source,
            None => offset,
        }
    }

    /// Keep `html` for a new placeholder of the given form, and return the placeholder.
    fn placeholder(&mut self, html: String, (open, close): (&str, &str)) -> String {
        self.pieces.push(html);
        format!("{open}{MARK}{}{close}", self.pieces.len() - 1)
    }

    /// `html` with its placeholders replaced by their HTML; `None` when it has none.
    pub(crate) fn replace(&self, html: &str) -> Option<String> {
        if !html.contains(MARK) {
            return None;
        }
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(at) = rest.find(MARK) {
            let after = &rest[at + MARK.len()..];
            let (open, close) = match &rest[..at] {
                before if before.ends_with(BLOCK.0) => BLOCK,
                before if before.ends_with(INLINE.0) => INLINE,
                _ => ("", ""),
            };
            let piece = after
                .find(close)
                .filter(|_| !open.is_empty())
                .and_then(|end| {
                    let n: usize = after[..end].parse().ok()?;
                    Some((self.pieces.get(n)?, end))
                });
            match piece {
                Some((html, end)) => {
                    out.push_str(&rest[..at - open.len()]);
                    out.push_str(html);
                    rest = &after[end + close.len()..];
                }
                None => {
                    out.push_str(&rest[..at + MARK.len()]);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        Some(out)
    }
}

/// Replace the shortcode calls of `source` (a page body, shown as `file`) by placeholders,
/// rendering each through `hooks`. `code`: where `source` has code, sorted, without overlaps. `None` when
/// the body has no call.
pub(crate) fn expand(
    source: &str,
    code: &[Range<usize>],
    hooks: &dyn Hooks,
    file: &Path,
    locate: &dyn Fn(Range<usize>) -> Location,
) -> (Option<Expanded>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut out = Expanded {
        body: String::with_capacity(source.len()),
        pieces: Vec::new(),
        segments: vec![(0, 0, false)],
    };
    let mut copied = 0;
    let mut counts: Vec<(String, usize)> = Vec::new();
    // Open `{% %}` calls: where they are, and the HTML of their closing part.
    let mut open: Vec<(Range<usize>, String, String)> = Vec::new();
    let mut at = 0;
    while let Some(found) = next_delimiter(source, at) {
        // Code shows calls as written, but an escaped call loses its `/* */` there too (as
        // in Zola): code is text already, so the call is written out as it is.
        let in_code = code
            .get(code.partition_point(|r| r.end <= found))
            .filter(|r| r.contains(&found));
        let scanned = match in_code {
            Some(block) => match scan(source, found) {
                Scan::Escaped(range, literal) if range.end <= block.end => {
                    Scan::Escaped(range, literal)
                }
                _ => {
                    at = found + 2;
                    continue;
                }
            },
            None => scan(source, found),
        };
        let (range, replacement) = match scanned {
            Scan::NotACall => {
                at = found + 2;
                continue;
            }
            Scan::Bad(end, message, help) => {
                diagnostics.push(
                    Diagnostic::error("shortcode", message)
                        .at(locate(found..end))
                        .help(help),
                );
                at = end;
                continue;
            }
            Scan::Escaped(range, literal) if in_code.is_some() => (range, literal),
            // Written out as HTML, so smart punctuation leaves its quotes alone.
            Scan::Escaped(range, literal) => {
                let placeholder = out.placeholder(crate::html::escape(&literal), INLINE);
                (range, placeholder)
            }
            Scan::End(range) => {
                let html = match open.pop() {
                    Some((_, _, close)) => close,
                    None => {
                        diagnostics.push(
                            Diagnostic::error("shortcode", "`{% end %}` closes no shortcode")
                                .at(locate(range.clone()))
                                .help(
                                    "remove it, or open a shortcode before it with {% name(...) %}",
                                ),
                        );
                        String::new()
                    }
                };
                if !alone_on_line(source, &range) {
                    diagnostics.push(own_line_error(locate(range.clone()), "{% end %}"));
                }
                let placeholder = out.placeholder(html, BLOCK);
                (range, placeholder)
            }
            Scan::Call {
                range,
                name,
                args,
                body,
            } => {
                let nth = match counts.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, count)) => {
                        *count += 1;
                        *count
                    }
                    None => {
                        counts.push((name.to_string(), 1));
                        1
                    }
                };
                let call = Call {
                    name,
                    args: &args,
                    nth,
                    has_body: body,
                };
                let location = locate(range.clone());
                // Template errors say "while rendering content/page.md:12".
                let at = format!("{}:{}", file.display(), location.line.unwrap_or_default());
                let html = match hooks.shortcode(&call, Path::new(&at)) {
                    None => {
                        diagnostics.push(unknown(name, hooks, location));
                        String::new()
                    }
                    Some(Err(errors)) => {
                        diagnostics.extend(errors);
                        String::new()
                    }
                    // Template files end with a newline, which would be a space in a line.
                    Some(Ok(html)) => html.trim().to_string(),
                };
                let html = match body {
                    false => html,
                    true => {
                        if !alone_on_line(source, &range) {
                            diagnostics.push(own_line_error(
                                locate(range.clone()),
                                &format!("{{% {name}(...) %}}"),
                            ));
                        }
                        let (before, after) = split_at_body(&html).unwrap_or_else(|| {
                            diagnostics.push(
                                Diagnostic::error(
                                    "shortcode",
                                    format!("templates/shortcodes/{name}.html does not show its body exactly once"),
                                )
                                .at(locate(range.clone()))
                                .help("write {{ body }} once in the template, where the Markdown between the call and {% end %} goes"),
                            );
                            (String::new(), String::new())
                        });
                        open.push((range.clone(), name.to_string(), after));
                        before
                    }
                };
                let form = match body || alone_on_line(source, &range) {
                    true => BLOCK,
                    false => INLINE,
                };
                let placeholder = out.placeholder(html, form);
                (range, placeholder)
            }
        };
        out.body.push_str(&source[copied..range.start]);
        out.segments.push((out.body.len(), range.start, true));
        out.body.push_str(&replacement);
        out.segments.push((out.body.len(), range.end, false));
        copied = range.end;
        at = range.end;
    }
    for (range, name, _) in open {
        diagnostics.push(
            Diagnostic::error("shortcode", format!("shortcode `{name}` is never closed"))
                .at(locate(range))
                .help("add {% end %} on a line of its own after its Markdown"),
        );
    }
    if out.segments.len() == 1 {
        return (None, diagnostics);
    }
    out.body.push_str(&source[copied..]);
    (Some(out), diagnostics)
}

/// A `{% %}` template's HTML before and after its body; `None` unless the body shows once.
/// A template that failed has no HTML, and its error is already reported.
fn split_at_body(html: &str) -> Option<(String, String)> {
    match html.split_once(BODY_MARK) {
        Some((before, after)) if !after.contains(BODY_MARK) => {
            Some((before.to_string(), after.to_string()))
        }
        _ if html.is_empty() => Some((String::new(), String::new())),
        _ => None,
    }
}

fn unknown(name: &str, hooks: &dyn Hooks, location: Location) -> Diagnostic {
    let names = hooks.shortcode_names();
    let d = Diagnostic::error("shortcode", format!("unknown shortcode `{name}`")).at(location);
    match crate::diagnostics::suggest(name, names.iter().map(String::as_str)) {
        Some(s) => d.help(format!("did you mean `{s}`? (shortcodes are the templates in templates/shortcodes/)")),
        None => d.help(format!(
            "create templates/shortcodes/{name}.html, or write the braces inside `code` to show them as text"
        )),
    }
}

fn own_line_error(location: Location, what: &str) -> Diagnostic {
    Diagnostic::error("shortcode", format!("`{what}` must be on a line of its own"))
        .at(location)
        .help("a shortcode with a body takes the lines between its call and {% end %}; put each on its own line")
}

/// Whether only white space shares `range`'s line(s).
fn alone_on_line(source: &str, range: &Range<usize>) -> bool {
    let line_start = source[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[range.end..]
        .find('\n')
        .map_or(source.len(), |i| range.end + i);
    source[line_start..range.start].trim().is_empty()
        && source[range.end..line_end].trim().is_empty()
}

/// Whether `source` has a `{{` or `{%` anywhere: one scan, before anything costlier.
pub(crate) fn may_have_calls(source: &str) -> bool {
    next_delimiter(source, 0).is_some()
}

/// The next `{{` or `{%` at or after `from`.
fn next_delimiter(source: &str, from: usize) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut i = from;
    while let Some(pos) = source.get(i..)?.find('{') {
        let at = i + pos;
        if matches!(bytes.get(at + 1), Some(b'{' | b'%')) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

enum Scan<'a> {
    NotACall,
    /// `{{/* … */}}`: the call written out as text.
    Escaped(Range<usize>, String),
    End(Range<usize>),
    Call {
        range: Range<usize>,
        name: &'a str,
        args: Vec<(String, Arg)>,
        body: bool,
    },
    /// Looks like a call but is not one: where the problem ends, what it is, how to fix it.
    Bad(usize, String, &'static str),
}

/// Read the call starting at `start` (at `{{` or `{%`).
fn scan(source: &str, start: usize) -> Scan<'_> {
    let body = source.as_bytes()[start + 1] == b'%';
    let close = if body { "%}" } else { "}}" };
    let mut p = Parser {
        source,
        pos: start + 2,
    };
    if source[p.pos..].starts_with("/*") {
        let inner_start = p.pos + 2;
        let end_mark = format!("*/{close}");
        return match source[inner_start..].find(&end_mark) {
            Some(len) => Scan::Escaped(
                start..inner_start + len + end_mark.len(),
                format!(
                    "{}{}{close}",
                    &source[start..start + 2],
                    &source[inner_start..inner_start + len]
                ),
            ),
            None => Scan::NotACall,
        };
    }
    p.skip_space();
    let Some(name) = p.identifier() else {
        return Scan::NotACall;
    };
    p.skip_space();
    if body && name == "end" && source[p.pos..].starts_with(close) {
        return Scan::End(start..p.pos + 2);
    }
    if !p.eat("(") {
        return Scan::NotACall;
    }
    let mut args: Vec<(String, Arg)> = Vec::new();
    loop {
        p.skip_space();
        if p.eat(")") {
            break;
        }
        if !args.is_empty() {
            if !p.eat(",") {
                return p.bad("expected `,` or `)` after an argument");
            }
            p.skip_space();
            if p.eat(")") {
                break;
            }
        }
        let Some(key) = p.identifier() else {
            return p.bad("expected an argument name, as in name(key=\"value\")");
        };
        if matches!(key, "body" | "nth") {
            return p.bad(&format!(
                "`{key}` is set by relief and cannot be an argument"
            ));
        }
        if args.iter().any(|(k, _)| k == key) {
            return p.bad(&format!("argument `{key}` is given twice"));
        }
        p.skip_space();
        if !p.eat("=") {
            return p.bad(&format!("expected `=` after `{key}`"));
        }
        p.skip_space();
        match p.value(0) {
            Ok(value) => args.push((key.to_string(), value)),
            Err(message) => return p.bad(&message),
        }
    }
    p.skip_space();
    if !p.eat(close) {
        return p.bad(&format!("expected `{close}` to end the shortcode"));
    }
    Scan::Call {
        range: start..p.pos,
        name,
        args,
        body,
    }
}

/// The deepest a list argument may nest. Reading, converting and dropping a value each take
/// one stack frame per level, so a page could otherwise overflow the stack with a line of
/// `[[[[…`; no template needs more than a few levels.
const MAX_NESTING: usize = 32;

struct Parser<'a> {
    source: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.source[self.pos..]
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, token: &str) -> bool {
        let found = self.rest().starts_with(token);
        if found {
            self.pos += token.len();
        }
        found
    }

    fn identifier(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let word = &rest[..len];
        if word.is_empty() || word.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        self.pos += len;
        Some(word)
    }

    fn bad(&self, message: &str) -> Scan<'a> {
        Scan::Bad(
            (self.pos + 1).min(self.source.len()),
            format!("malformed shortcode call: {message}"),
            "shortcode arguments are name=value pairs: strings in quotes, numbers, true or false, or [lists] of them",
        )
    }

    /// One argument value, `depth` lists deep.
    fn value(&mut self, depth: usize) -> Result<Arg, String> {
        let rest = self.rest();
        if let Some(quote) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))
        {
            let mut text = String::new();
            let mut chars = rest[1..].char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    c if c == quote => {
                        self.pos += 1 + i + 1;
                        return Ok(Arg::Str(text));
                    }
                    '\\' if quote != '`' => match chars.next() {
                        Some((_, 'n')) => text.push('\n'),
                        Some((_, 't')) => text.push('\t'),
                        Some((_, c)) => text.push(c),
                        None => break,
                    },
                    c => text.push(c),
                }
            }
            return Err(format!("a string is not closed with {quote}"));
        }
        if self.eat("[") {
            if depth >= MAX_NESTING {
                return Err(format!(
                    "lists nested more than {MAX_NESTING} deep; flatten the argument"
                ));
            }
            let mut items = Vec::new();
            loop {
                self.skip_space();
                if self.eat("]") {
                    return Ok(Arg::Array(items));
                }
                if !items.is_empty() {
                    if !self.eat(",") {
                        return Err("expected `,` or `]` in a list".into());
                    }
                    self.skip_space();
                    if self.eat("]") {
                        return Ok(Arg::Array(items));
                    }
                }
                items.push(self.value(depth + 1)?);
            }
        }
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.' | '_')))
            .unwrap_or(rest.len());
        let word = &rest[..len];
        let value = match word {
            "true" => Arg::Bool(true),
            "false" => Arg::Bool(false),
            _ => match (word.parse::<i64>(), word.parse::<f64>()) {
                (Ok(n), _) => Arg::Int(n),
                (_, Ok(x)) if x.is_finite() => Arg::Float(x),
                _ if word.is_empty() => return Err("expected a value".into()),
                _ => {
                    return Err(format!(
                        "`{word}` is not a value; put text in quotes: \"{word}\""
                    ))
                }
            },
        };
        self.pos += len;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(source: &str) -> (String, Vec<(String, Arg)>, bool) {
        match scan(source, 0) {
            Scan::Call {
                name, args, body, ..
            } => (name.to_string(), args, body),
            Scan::Bad(_, m, _) => panic!("bad: {m}"),
            _ => panic!("not a call: {source}"),
        }
    }

    #[test]
    fn arguments_of_every_kind() {
        let (name, args, body) = call(
            r#"{{ video(id="a\"b", start=12, ratio=1.5, autoplay=false, tags=['x', `y\z`],) }}"#,
        );
        assert_eq!(name, "video");
        assert!(!body);
        assert_eq!(
            args,
            vec![
                ("id".into(), Arg::Str("a\"b".into())),
                ("start".into(), Arg::Int(12)),
                ("ratio".into(), Arg::Float(1.5)),
                ("autoplay".into(), Arg::Bool(false)),
                (
                    "tags".into(),
                    Arg::Array(vec![Arg::Str("x".into()), Arg::Str("y\\z".into())])
                ),
            ]
        );
        let (name, args, body) = call("{%note()%}");
        assert_eq!((name.as_str(), args.len(), body), ("note", 0, true));
    }

    #[test]
    fn text_that_is_not_a_call_is_left_alone() {
        for text in [
            "{{ x }}",
            "{{ 1(2) }}",
            "{%",
            "{{",
            "{{ a b() }}",
            "{% if x %}",
        ] {
            assert!(matches!(scan(text, 0), Scan::NotACall), "{text}");
        }
        assert!(matches!(scan("{% end %}", 0), Scan::End(r) if r == (0..9)));
        assert!(
            matches!(scan("{{/* x(a=1) */}} tail", 0), Scan::Escaped(r, t) if r == (0..16) && t == "{{ x(a=1) }}")
        );
    }

    #[test]
    fn malformed_calls_say_what_is_wrong() {
        for (text, expected) in [
            ("{{ x(a) }}", "expected `=` after `a`"),
            ("{{ x(a=1 b=2) }}", "expected `,` or `)`"),
            ("{{ x(a=\"open) }}", "not closed"),
            ("{{ x(a=hello) }}", "put text in quotes"),
            ("{{ x(a=1, a=2) }}", "given twice"),
            ("{{ x(body=1) }}", "set by relief"),
            ("{{ x(a=1) %}", "expected `}}`"),
            ("{{ x(a=[1 2]) }}", "`,` or `]`"),
        ] {
            match scan(text, 0) {
                Scan::Bad(_, message, _) => {
                    assert!(message.contains(expected), "{text}: {message}")
                }
                _ => panic!("{text} was accepted"),
            }
        }
    }

    #[test]
    fn lists_nest_only_so_deep() {
        let nested =
            |depth: usize| format!("{{{{ x(a={}1{}) }}}}", "[".repeat(depth), "]".repeat(depth));
        assert!(matches!(scan(&nested(MAX_NESTING), 0), Scan::Call { .. }));
        match scan(&nested(MAX_NESTING + 1), 0) {
            Scan::Bad(_, message, _) => assert!(message.contains("nested"), "{message}"),
            _ => panic!("{} levels were accepted", MAX_NESTING + 1),
        }
        // A megabyte of brackets is refused at the limit, not read one stack frame each.
        let text = format!("{{{{ x(a={}", "[".repeat(1 << 20));
        let reader = std::thread::Builder::new().stack_size(64 * 1024);
        let refused = reader
            .spawn(move || matches!(scan(&text, 0), Scan::Bad(..)))
            .unwrap()
            .join()
            .unwrap();
        assert!(refused);
    }

    #[test]
    fn offsets_map_back_through_placeholders() {
        let expanded = Expanded {
            body: "ab<!--relief-shortcode-0-->cd".into(),
            pieces: vec!["<b>X</b>".into()],
            segments: vec![(0, 0, false), (2, 2, true), (27, 12, false)],
        };
        assert_eq!(expanded.source_offset(1), 1);
        assert_eq!(expanded.source_offset(10), 2);
        assert_eq!(expanded.source_offset(28), 13);
        assert_eq!(
            expanded
                .replace("<p>ab<!--relief-shortcode-0-->cd</p>")
                .as_deref(),
            Some("<p>ab<b>X</b>cd</p>")
        );
        assert_eq!(
            expanded
                .replace("<relief-shortcode-0/>, relief-shortcode-0")
                .as_deref(),
            Some("<b>X</b>, relief-shortcode-0")
        );
        assert_eq!(expanded.replace("<p>plain</p>"), None);
        // A number with no piece is left as it was.
        assert_eq!(
            expanded.replace("<!--relief-shortcode-7-->").as_deref(),
            Some("<!--relief-shortcode-7-->")
        );
    }
}
