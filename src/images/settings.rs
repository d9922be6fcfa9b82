//! `[images]` of config.toml: where processed images are cached.

use crate::schema::{key, Field, Kind};
use serde::Deserialize;

/// The keys `[images]` may hold, for config.toml's checks.
pub(crate) const KEYS: &[Field] = &[key("cache_dir", Kind::Text)];

/// `[images]` as written, with relief's defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Settings {
    /// The cache folder, from the project root.
    #[serde(default = "default_cache_dir")]
    pub cache_dir: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            cache_dir: default_cache_dir(),
        }
    }
}

fn default_cache_dir() -> String {
    ".relief-cache/images".into()
}
