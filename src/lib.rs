//! relief: a static site generator for evidence-based informational websites.
//!
//! The stages of a build live in [`pipeline`]; each module below owns one concept, and
//! modules only use those beneath them (tests/architecture.rs checks there is no cycle).

// Diagnostics carry a location and a snippet; they are built only on the error path, so their
// size in `Result` costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod config;
pub mod content;
mod crawl;
pub mod diagnostics;
mod encoding;
#[cfg(fuzzing)]
pub mod fuzzing;
pub mod html;
mod json;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod rendered;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod site;
pub mod slug;
mod sync;
pub mod timings;
mod toml_position;
mod url_syntax;

pub use pipeline::{
    build, build_with, has_errors, load, load_with, parse, BuildOptions, Built, Failed, Loaded,
    Parsed, SearchText, UrlStyle, Warnings,
};
