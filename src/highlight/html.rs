//! One code block as HTML: each source line a `<span class="giallo-l">` (Zola's class names,
//! so that a Zola site's CSS for them applies), with its number, highlighted or left out as
//! the fence says, tokens coloured inline or by class.

use super::fence::Fence;
use super::inline::underlines;
use super::library::{Highlighter, Prepared, Themes};
use super::settings::{DataAttrPosition, Style};
use super::stylesheet::{hex, CLASS_STYLE, PREFIX};
use crate::html::escape;
use std::fmt::Write;
use syntect::highlighting::Highlighter as ThemeHighlighter;
use syntect::html::line_tokens_to_classed_spans;
use syntect::parsing::{ParseState, ScopeStack, ScopeStackOp, SyntaxReference};

/// The HTML of a code block of `syntax` (`None`: plain text) whose text is `code`.
pub(crate) fn code_block(
    highlighter: &Highlighter,
    fence: &Fence,
    syntax: Option<&SyntaxReference>,
    code: &str,
) -> String {
    let syntax = syntax.unwrap_or_else(|| highlighter.plain());
    let mut painter = Painter::new(highlighter, syntax);
    let lines: Vec<&str> = code.lines().collect();
    let shown_numbers = (1..=lines.len()).filter(|n| !fence.is_hidden(*n));
    let width = shown_numbers
        .map(|n| (fence.first_number + n as i64 - 1).to_string().len())
        .max()
        .unwrap_or(1);
    let mut body = String::with_capacity(code.len() * 4);
    for (index, line) in lines.iter().enumerate() {
        let n = index + 1;
        // Hidden lines are parsed all the same: a string or comment may start on one.
        let tokens = painter.line(line);
        if fence.is_hidden(n) {
            continue;
        }
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str("<span class=\"giallo-l");
        if fence.is_highlighted(n) {
            match highlighter.style {
                Style::Class => {
                    let _ = write!(body, " {PREFIX}hl\"");
                }
                Style::Inline => {
                    let _ = write!(
                        body,
                        "\" style=\"background-color: {};\"",
                        line_highlight(&highlighter.themes)
                    );
                }
            }
        } else {
            body.push('"');
        }
        body.push('>');
        if fence.line_numbers {
            let number = fence.first_number + index as i64;
            let _ = write!(
                body,
                "<span aria-hidden=\"true\" class=\"giallo-ln\">{number:>width$}</span>"
            );
        }
        body.push_str(&tokens);
        body.push_str("</span>");
    }
    let attributes = data_attributes(fence);
    let (pre_attributes, code_attributes) = match highlighter.data_attr_position {
        DataAttrPosition::Code => ("", attributes.as_str()),
        DataAttrPosition::Pre => (attributes.as_str(), ""),
        DataAttrPosition::Both => (attributes.as_str(), attributes.as_str()),
        DataAttrPosition::None => ("", ""),
    };
    let pre = match highlighter.style {
        Style::Class => format!("class=\"giallo {PREFIX}code\""),
        Style::Inline => format!(
            "class=\"giallo\" style=\"{}\"",
            block_colours(&highlighter.themes)
        ),
    };
    format!("<pre {pre}{pre_attributes}><code{code_attributes}>{body}</code></pre>\n")
}

/// ` data-lang="rust" data-name="mod.rs"`: the language and the fence's other `key=value`
/// annotations, keys made attribute names.
fn data_attributes(fence: &Fence) -> String {
    let mut out = String::new();
    if !fence.language.is_empty() {
        let _ = write!(out, " data-lang=\"{}\"", escape(&fence.language));
    }
    for (key, value) in &fence.attributes {
        let key: String = key
            .to_lowercase()
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let _ = write!(out, " data-{key}=\"{}\"", escape(value));
    }
    out
}

/// The `<pre>`'s colours: one theme's, or both through `light-dark()`.
fn block_colours(themes: &Themes) -> String {
    match themes {
        Themes::Single(t) => format!(
            "color: {}; background-color: {};",
            hex(t.foreground),
            hex(t.background)
        ),
        Themes::Dual { light, dark } => format!(
            "color-scheme: light dark; color: light-dark({}, {}); background-color: light-dark({}, {});",
            hex(light.foreground),
            hex(dark.foreground),
            hex(light.background),
            hex(dark.background)
        ),
    }
}

fn line_highlight(themes: &Themes) -> String {
    match themes {
        Themes::Single(t) => hex(t.line_highlight),
        Themes::Dual { light, dark } => format!(
            "light-dark({}, {})",
            hex(light.line_highlight),
            hex(dark.line_highlight)
        ),
    }
}

/// Turns lines into coloured HTML, carrying the parser's state from one line to the next.
struct Painter<'h> {
    highlighter: &'h Highlighter,
    parser: ParseState,
    /// The scopes open at the end of the previous line: in the class style, each an open
    /// `<span>`; in the inline style, what colours the next token.
    scopes: ScopeStack,
    /// Inline style: the theme, or the light and dark ones.
    themes: Vec<&'h Prepared>,
    /// Their highlighters, made when a scope stack new to the build needs its style.
    theme_highlighters: Option<Vec<ThemeHighlighter<'h>>>,
    /// Set when the grammar fails on a line: the rest of the block is shown plain.
    failed: bool,
}

impl<'h> Painter<'h> {
    fn new(highlighter: &'h Highlighter, syntax: &SyntaxReference) -> Self {
        let themes: Vec<&'h Prepared> = match (&highlighter.themes, highlighter.style) {
            (_, Style::Class) => Vec::new(),
            (Themes::Single(t), Style::Inline) => vec![t],
            (Themes::Dual { light, dark }, Style::Inline) => vec![light, dark],
        };
        Painter {
            highlighter,
            parser: ParseState::new(syntax),
            scopes: ScopeStack::new(),
            themes,
            theme_highlighters: None,
            failed: false,
        }
    }

    /// The HTML of one line (without its line break).
    fn line(&mut self, line: &str) -> String {
        let ops = match self.failed {
            true => None,
            // The grammars expect each line with its line break.
            false => self
                .parser
                .parse_line(&format!("{line}\n"), self.highlighter.syntaxes())
                .ok(),
        };
        let Some(ops) = ops else {
            self.failed = true;
            return escape(line);
        };
        // Positions past the text are the line break's.
        let ops: Vec<(usize, ScopeStackOp)> = ops
            .into_iter()
            .map(|(at, op)| (at.min(line.len()), op))
            .collect();
        match self.highlighter.style {
            Style::Class => self.classed(line, &ops),
            Style::Inline => self.inline(line, &ops),
        }
    }

    /// Spans of scope classes. A line is a span of its own, so the scopes still open at its
    /// end are closed there and opened again on the next line.
    fn classed(&mut self, line: &str, ops: &[(usize, ScopeStackOp)]) -> String {
        let mut html = String::new();
        for scope in self.scopes.as_slice() {
            html.push_str("<span class=\"");
            for (i, atom) in scope.build_string().split('.').enumerate() {
                if i > 0 {
                    html.push(' ');
                }
                html.push_str(PREFIX);
                html.push_str(atom);
            }
            html.push_str("\">");
        }
        match line_tokens_to_classed_spans(line, ops, CLASS_STYLE, &mut self.scopes) {
            Ok((spans, _)) => html.push_str(&spans),
            Err(_) => {
                self.failed = true;
                html.push_str(&escape(line));
            }
        }
        html.push_str(&"</span>".repeat(self.scopes.len()));
        html
    }

    /// Spans with each token's colour (`light-dark()` of the two themes' when there are
    /// two); neighbours of one colour share a span. White space shows no colour, so it
    /// joins the span before it (or goes bare at the start of a line) unless that span
    /// underlines: fewer spans, and less markup for every later step to read.
    fn inline(&mut self, line: &str, ops: &[(usize, ScopeStackOp)]) -> String {
        let mut html = String::with_capacity(line.len() * 3);
        let mut open: Option<std::sync::Arc<str>> = None;
        let mut start = 0;
        let ends = ops.iter().map(|(at, _)| *at).chain([line.len()]);
        for (index, end) in ends.enumerate() {
            if end > start {
                let text = &line[start..end];
                let blank = text.bytes().all(|b| b.is_ascii_whitespace());
                let underlined = open.as_deref().is_some_and(underlines);
                match blank && !underlined {
                    true => html.push_str(text),
                    false => self.token(&mut html, &mut open, text),
                }
                start = end;
            }
            if let Some((_, op)) = ops.get(index) {
                if self.scopes.apply(op).is_err() {
                    // A grammar that pops more than it pushed: the rest is shown plain.
                    self.failed = true;
                    html.push_str(&escape(&line[start..]));
                    break;
                }
            }
        }
        if open.is_some() {
            html.push_str("</span>");
        }
        html
    }

    /// `text` in the colour of the scopes open now: in the open span when it has that
    /// colour, else in a new one.
    fn token(&mut self, html: &mut String, open: &mut Option<std::sync::Arc<str>>, text: &str) {
        let css = self.css();
        if open.as_deref() != Some(&*css) {
            if open.is_some() {
                html.push_str("</span>");
            }
            let _ = write!(html, "<span style=\"{css}\">");
            *open = Some(css);
        }
        html.push_str(&escape(text));
    }

    /// The `style` attribute of the scopes open now.
    fn css(&mut self) -> std::sync::Arc<str> {
        let (themes, made) = (&self.themes, &mut self.theme_highlighters);
        self.highlighter
            .token_styles
            .css(self.scopes.as_slice(), || {
                made.get_or_insert_with(|| {
                    themes
                        .iter()
                        .map(|p| ThemeHighlighter::new(&p.theme))
                        .collect()
                })
            })
    }
}
