//! relief: a static site generator for evidence-based informational websites.
//!
//! The library behind the `relief` command: [`build`] a site, [`check`] it, [`serve`] it with
//! live reload, or start one with [`init`] and [`new_page`]. Every problem comes back as a
//! [`Diagnostic`] naming the file, line and what to do.
//!
//! Inside, `pipeline` runs the stages in order and each module owns one
//! concept, using only modules below it (tests/architecture.rs fails on a cycle):
//!
//! - leaves: `diagnostics`, `slug`, `html`, `json`, `encoding`, `toml_position`,
//!   `url_syntax`, `schema`, `sync`, `timings`
//! - what is read: `config`, `content` (pages, sections, front matter)
//! - Markdown: `markdown` (one document), `site` (resolving URLs, order, taxonomies and
//!   where `@/` links lead), `rendered` (every document's Markdown, by id)
//! - output: `render` (templates, functions, values, JSON-LD), `output` (the output plan,
//!   feeds, sitemap, search index, the atomic writer), `crawl` (the links of what was written)
//! - commands: `pipeline`, `check`, `serve`, `scaffold`
//! - `names`: the keys and codes authors write, for the reference documentation's tests

mod check;
mod config;
mod content;
mod crawl;
mod diagnostics;
mod encoding;
#[cfg(fuzzing)]
pub mod fuzzing;
mod highlight;
mod html;
mod images;
mod json;
mod markdown;
mod names;
mod order;
mod output;
mod pipeline;
mod render;
mod rendered;
mod scaffold;
mod schema;
mod serve;
mod site;
mod slug;
mod sync;
mod timings;
mod toml_position;
mod url_syntax;

pub use check::{check, External};
pub use diagnostics::{Diagnostic, Location, Severity};
pub use names::{config_keys, error_codes, front_matter_keys, warning_codes, word_keys};
pub use output::Counts;
pub use pipeline::{
    build, build_with, has_errors, output_dir, BuildOptions, Built, Failed, UrlStyle, Warnings,
};
pub use scaffold::{bundled_files, init, new_page};
pub use serve::{run as serve, ServeOptions};
pub use timings::{enable as enable_timings, take as take_timings, Step};
