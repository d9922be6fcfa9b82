//! The properties relief's fuzz targets check (fuzz/fuzz_targets/ calls one function each),
//! kept in the crate so they can reach its internals without making them public. Compiled
//! only by `cargo fuzz`, which sets `cfg(fuzzing)`; `.ci/run` checks that it compiles.

mod citations_links;
mod front_matter;
mod markdown;
mod paths;
mod serve_path;

pub use citations_links::citations_links;
pub use front_matter::front_matter;
pub use markdown::markdown;
pub use paths::paths;
pub use serve_path::serve_path;
