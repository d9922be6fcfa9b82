//! Content templating, as Zola 0.23 does it: a Markdown body holding `{{` or `{%` is first
//! rendered through Tera, with `config`, `lang` and the `page` or `section` it belongs to, so it
//! can call the site's components (`{{ <figure src="a.png" /> }}`) and functions, and
//! `{% raw %}` keeps text that only looks like Tera. A site with templates in
//! templates/shortcodes/ writes relief's shortcodes (Zola 0.22's) instead, and its bodies are
//! not templated: the two ways would read the same braces differently. Zola's
//! `skip_content_templating` globs (paths below content/) leave bodies as written too.
//!
//! The page value a body sees is its front matter and URLs: its Markdown is not rendered yet
//! (nor, as in Zola, are its content, table of contents or word count).

use super::errors;
use super::values::toml_table_value;
use super::HookRenderer;
use crate::content::Document;
use crate::diagnostics::{Diagnostic, Location};
use crate::markdown::LinkResolver;
use std::collections::HashMap;
use tera::{Context, Map, Value};

/// The name Tera gives the one-off template of `render_str`, which errors in a body name.
const ONE_OFF: &str = "__tera_one_off";

/// Whether `body` holds template syntax at all: the cheap test before any templating.
fn needs_templating(body: &str) -> bool {
    body.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'{' && (w[1] == b'{' || w[1] == b'%'))
}

impl HookRenderer {
    /// Whether the site's bodies go through Tera: it has no shortcode templates.
    pub(crate) fn templates_bodies(&self) -> bool {
        !self.engine.has_shortcodes
    }

    /// What a body's template sees of its document: front matter, URLs and assets.
    fn document_value(&self, doc: &Document) -> Value {
        let meta = &doc.meta;
        let url = self.resolved.links.url(&doc.rel).unwrap_or_default();
        let mut map = Map::new();
        let date = |d: Option<jiff::civil::Date>| d.map_or(Value::none(), |d| d.to_string().into());
        for (key, value) in [
            ("title", Value::from(meta.title.as_str())),
            ("description", Value::from(meta.description.as_str())),
            ("date", date(meta.date)),
            ("updated", date(meta.updated)),
            ("relative_path", Value::from(doc.rel.as_str())),
            ("lang", Value::from(doc.lang.as_str())),
            ("url", Value::from(url.as_str())),
            // Zola's path: from the site's root, without the base URL's path (as page.path).
            ("path", Value::from(format!("/{}", doc.path))),
            (
                "permalink",
                Value::from(format!("{}{url}", self.resolved.origin)),
            ),
            ("extra", toml_table_value(&meta.extra)),
            ("taxonomies", Value::from_serializable(&meta.taxonomies)),
            (
                "assets",
                Value::from(crate::content::assets_of(&self.resolved.assets, doc)),
            ),
        ] {
            map.insert(key.into(), value);
        }
        Value::from(map)
    }
}

impl crate::rendered::Templates for HookRenderer {
    fn template_body(
        &self,
        doc: &Document,
        body: &str,
        line_offset: usize,
    ) -> Option<Result<String, Vec<Diagnostic>>> {
        let skipped = self.resolved.skip_templating.is_match(&doc.rel);
        if !self.templates_bodies() || skipped || !needs_templating(body) {
            return None;
        }
        let mut context = Context::new();
        context.insert_value("config", self.resolved.config(&doc.lang));
        context.insert_value("lang", Value::from(doc.lang.as_str()));
        let kind = match crate::content::languages::is_section_file(&doc.rel) {
            true => "section",
            false => "page",
        };
        context.insert_value(kind, self.document_value(doc));
        Some(
            self.engine
                .tera
                .render_str(body, &context, false)
                .map_err(|e| {
                    let sources = HashMap::from([(ONE_OFF.to_string(), body.to_string())]);
                    let mut found = errors::diagnostics(&e, &sources, None);
                    for d in &mut found {
                        in_the_body(d, doc, body, line_offset);
                    }
                    found
                }),
        )
    }
}

/// Point a diagnostic that Tera placed in the one-off template at the body's file and line.
fn in_the_body(d: &mut Diagnostic, doc: &Document, body: &str, line_offset: usize) {
    let Some(location) = &mut d.location else {
        return;
    };
    if location.file != std::path::Path::new("templates").join(ONE_OFF) {
        return;
    }
    let line = location.line.unwrap_or(1);
    let column = location.column;
    let width = location.width;
    *location = Location {
        column,
        width,
        ..Location::line(&doc.display, body, line)
    };
    location.line = Some(line + line_offset);
    let help = d.help.take().map(|h| format!("{h}; ")).unwrap_or_default();
    d.help = Some(format!(
        "{help}this site renders page bodies through Tera (it has no templates/shortcodes/); write {{% raw %}}…{{% endraw %}} around text that only looks like a template"
    ));
}
