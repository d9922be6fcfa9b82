//! Tera errors as relief diagnostics: the template file under templates/, line and column,
//! the offending line, and which page was being rendered.

use crate::diagnostics::{Diagnostic, Location};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tera::ErrorKind;

pub(super) fn diagnostics(
    err: &tera::Error,
    sources: &HashMap<String, String>,
    rendering: Option<&Path>,
) -> Vec<Diagnostic> {
    let while_rendering = |d: Diagnostic| match rendering {
        Some(page) => {
            let help = d.help.clone().map(|h| format!("{h}; ")).unwrap_or_default();
            d.help(format!("{help}while rendering {}", page.display()))
        }
        None => d,
    };
    let at = |name: &str, line: usize, col: usize, width: usize| -> Location {
        let display = template_file(name);
        match sources.get(name) {
            Some(src) => Location {
                column: Some(col),
                width,
                ..Location::line(display, src, line)
            },
            None => Location {
                line: Some(line),
                column: Some(col),
                width,
                ..Location::file(display)
            },
        }
    };
    let report = |r: &tera::ReportError| {
        let span = r.span();
        let width = if span.end_line == span.start_line {
            span.end_col.saturating_sub(span.start_col).max(1)
        } else {
            1
        };
        let mut d = Diagnostic::error("template", r.message().to_string()).at(at(
            r.filename(),
            span.start_line,
            span.start_col + 1,
            width,
        ));
        let notes: Vec<String> = err
            .to_string()
            .lines()
            .filter_map(|l| l.trim().strip_prefix("note: ").map(str::to_owned))
            .collect();
        if !notes.is_empty() {
            d = d.help(notes.join("; "));
        }
        d
    };
    let diags = match err.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => vec![report(r)],
        ErrorKind::Msg(text) => parse_reports(text, &at),
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => vec![Diagnostic::error(
            "template",
            format!(
                "templates extend each other in a loop: {tpl} → {}",
                inheritance_chain.join(" → ")
            ),
        )
        .at(tag_location(
            sources,
            tpl,
            "extends",
            inheritance_chain.first(),
        ))
        .help("make one template in the chain extend a template that does not lead back to it")],
        ErrorKind::CircularInclude { tpl, include_chain } => {
            // The last link of the chain is the include that closes the loop.
            let from = include_chain
                .len()
                .checked_sub(2)
                .and_then(|i| include_chain.get(i))
                .unwrap_or(tpl);
            vec![Diagnostic::error(
                "template",
                format!(
                    "templates include each other in a loop: {}",
                    include_chain.join(" → ")
                ),
            )
            .at(tag_location(sources, from, "include", Some(tpl)))
            .help("remove one of the includes in the loop")]
        }
        ErrorKind::MissingParent { current, parent } => {
            vec![Diagnostic::error(
                "template",
                format!("`{current}` extends `{parent}`, which does not exist"),
            )
            .at(tag_location(sources, current, "extends", Some(parent)))
            .help(format!(
                "create templates/{parent} or fix the name in the extends tag"
            ))]
        }
        ErrorKind::TemplateNotFound(name) => {
            vec![
                Diagnostic::error("template", format!("template `{name}` does not exist"))
                    .at(Location::file("templates"))
                    .help(format!("create templates/{name}")),
            ]
        }
        _ => vec![Diagnostic::error("template", err.to_string()).at(Location::file("templates"))],
    };
    diags.into_iter().map(while_rendering).collect()
}

/// The file of the template `name`, from the project root: `templates/name`, or for a
/// theme's template (named `theme/templates/page.html`, as in Zola)
/// `themes/theme/templates/page.html`. (Tera errors carry only the name; a site's own
/// `templates/x/templates/…` would be shown under themes/ too.)
pub(crate) fn template_file(name: &str) -> PathBuf {
    match name.split_once('/') {
        Some((theme, rest)) if rest.starts_with("templates/") => {
            crate::config::theme::folder(theme).join(rest)
        }
        _ => Path::new("templates").join(name),
    }
}

/// The line of template `name` holding a `tag` (extends, include) naming `target`, or just
/// the file when it cannot be found.
fn tag_location(
    sources: &HashMap<String, String>,
    name: &str,
    tag: &str,
    target: Option<&String>,
) -> Location {
    let display = template_file(name);
    let Some(src) = sources.get(name) else {
        return Location::file(display);
    };
    let line = src.lines().position(|l| {
        l.contains(tag)
            && target
                .is_none_or(|t| l.contains(&format!("\"{t}\"")) || l.contains(&format!("'{t}'")))
    });
    match line {
        Some(l) => Location::line(display, src, l + 1),
        None => Location::file(display),
    }
}

/// Tera reports several problems found while loading as one message of rustc-style
/// reports; split them back into diagnostics.
fn parse_reports(
    text: &str,
    at: &dyn Fn(&str, usize, usize, usize) -> Location,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut current: Option<Diagnostic> = None;
    for line in text.lines() {
        if let Some(message) = line.strip_prefix("error: ") {
            out.extend(current.take());
            current = Some(Diagnostic::error("template", message.to_string()));
        } else if let (Some(d), Some(loc)) =
            (current.as_mut(), line.trim_start().strip_prefix("--> "))
        {
            if d.location.is_none() {
                let mut parts = loc.rsplitn(3, ':');
                let col = parts.next().and_then(|c| c.parse::<usize>().ok());
                let line_no = parts.next().and_then(|l| l.parse::<usize>().ok());
                if let (Some(col), Some(line_no), Some(name)) = (col, line_no, parts.next()) {
                    d.location = Some(at(name, line_no, col, 1));
                }
            }
        }
    }
    out.extend(current);
    if out.is_empty() {
        out.push(Diagnostic::error("template", text.to_string()).at(Location::file("templates")));
    }
    out
}
