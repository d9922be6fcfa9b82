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

use crate::markdown::LinkResolver;

/// An `@/` resolver over a fixed list of pages, each published at `/{path}/`.
struct Pages(&'static [&'static str]);

impl LinkResolver for Pages {
    fn url(&self, path: &str) -> Option<String> {
        self.0.contains(&path).then(|| format!("/{path}/"))
    }
    fn suggest(&self, path: &str) -> Option<String> {
        crate::diagnostics::suggest(path, self.0.iter().copied()).map(String::from)
    }
    fn file(&self, _site_path: &str) -> Option<std::path::PathBuf> {
        None
    }
    fn base_path(&self) -> &str {
        "/"
    }
}
