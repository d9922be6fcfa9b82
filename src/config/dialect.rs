//! Whose defaults a site's configuration gets: Zola's or relief's. The two differ where
//! relief chose otherwise for its own sites (a feed of the newest pages, typographic quotes,
//! slugs keeping letters of any script, a required title). A Zola site must build as Zola
//! builds it, and a relief site as it always did, so the file says which it is:
//!
//! - `zola.toml` is Zola's;
//! - `config.toml` (relief's name, and Zola's older one) is Zola's when it sets a key only
//!   Zola has (`compile_sass`, `[markdown]`, …) and none only relief has (`language`,
//!   `review`, …); otherwise it is relief's.

use toml::de::DeTable;

/// Top-level keys (and tables) of Zola's configuration that relief's own sites never need.
const ZOLA_ONLY: &[&str] = &[
    "default_language",
    "theme",
    "output_dir",
    "preserve_dotfiles_in_output",
    "compile_sass",
    "minify_html",
    "ignored_content",
    "ignored_static",
    "generate_feeds",
    "feed_filenames",
    "feed_limit",
    "exclude_paginated_pages_in_sitemap",
    "hard_link_static",
    "taxonomy_root",
    "build_search_index",
    "generate_sitemap",
    "generate_robots_txt",
    "skip_content_templating",
    "markdown",
    "slugify",
    "search",
    "languages",
    "translations",
];

/// Top-level keys only relief's configuration has.
const RELIEF_ONLY: &[&str] = &["language", "relative_urls", "review", "evidence", "check"];

/// Whether the configuration file named `file_name`, holding `table`, gets Zola's defaults.
pub(super) fn zola_defaults(file_name: Option<&std::ffi::OsStr>, table: &DeTable<'_>) -> bool {
    if file_name == Some(std::ffi::OsStr::new(super::FILE_NAMES[0])) {
        return true;
    }
    let has = |keys: &[&str]| keys.iter().any(|key| table.contains_key(*key));
    has(ZOLA_ONLY) && !has(RELIEF_ONLY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    fn table(text: &str) -> DeTable<'_> {
        toml::de::DeTable::parse(text).unwrap().into_inner()
    }

    #[test]
    fn zola_toml_is_always_zola_s() {
        let t = table("title = \"x\"\nlanguage = \"en\"\n");
        assert!(zola_defaults(Some(OsStr::new("zola.toml")), &t));
    }

    #[test]
    fn config_toml_with_zola_keys_only_is_zola_s() {
        let t = table("base_url = \"https://x.org\"\ncompile_sass = true\n[markdown]\n");
        assert!(zola_defaults(Some(OsStr::new("config.toml")), &t));
    }

    #[test]
    fn config_toml_with_a_relief_key_or_no_zola_key_is_relief_s() {
        let both = table("compile_sass = true\nlanguage = \"en\"\n");
        assert!(!zola_defaults(Some(OsStr::new("config.toml")), &both));
        let shared = table("title = \"x\"\nbase_url = \"https://x.org\"\ntaxonomies = []\n");
        assert!(!zola_defaults(Some(OsStr::new("config.toml")), &shared));
    }
}
