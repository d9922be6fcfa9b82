//! The keys `config.toml` (or `zola.toml`) may hold, with the kind of value each takes: the
//! schema every configuration is checked against before it is read.

use super::{highlighting, languages, search, slugify};
use crate::schema::{self, key, Kind};

/// The keys of config.toml and the type of each.
pub(crate) const FIELDS: &[schema::Field] = &[
    key("title", Kind::Text),
    key("description", Kind::Text),
    key("base_url", Kind::Text),
    key("language", Kind::Text),
    key("author", Kind::Text),
    // Names or tables: checked by `taxonomy`, each value at its own place.
    key("taxonomies", Kind::List),
    key("relative_urls", Kind::Flag),
    key("generate_feeds", Kind::Flag),
    key("feed_filenames", Kind::TextList),
    key("feed_limit", Kind::Count),
    key("slugify", Kind::Table(slugify::KEYS)),
    key("generate_sitemap", Kind::Flag),
    key("output_dir", Kind::Text),
    key("ignored_content", Kind::TextList),
    key("ignored_static", Kind::TextList),
    key("generate_robots_txt", Kind::Flag),
    key("build_search_index", Kind::Flag),
    key("search", Kind::Table(search::KEYS)),
    key("review", Kind::Table(&[key("interval_days", Kind::Count)])),
    key(
        "evidence",
        Kind::Table(&[key("levels", Kind::Map(&Kind::Text))]),
    ),
    key(
        "link_checker",
        Kind::Table(&[
            key("skip_prefixes", Kind::TextList),
            key("internal_level", Kind::Text),
            key("external_level", Kind::Text),
            // Zola's: see `zola_keys`.
            key("skip_anchor_prefixes", Kind::TextList),
            key("ignored_files", Kind::TextList),
        ]),
    ),
    key("check", Kind::Table(&[key("allow", Kind::TextList)])),
    key("images", Kind::Table(crate::images::KEYS)),
    key("extra", Kind::Free),
    // Zola's name for `language`.
    key("default_language", Kind::Text),
    key("theme", Kind::Text),
    key("preserve_dotfiles_in_output", Kind::Flag),
    key("compile_sass", Kind::Flag),
    key("taxonomy_root", Kind::Text),
    key("minify_html", Kind::Flag),
    key("minify_css", Kind::Flag),
    key("relief_search_index", Kind::Flag),
    // Zola's key that relief reads without acting on it: see `zola_keys`.
    key("hard_link_static", Kind::Flag),
    key("skip_content_templating", Kind::TextList),
    key("exclude_paginated_pages_in_sitemap", Kind::Text),
    key("markdown", Kind::Table(MARKDOWN)),
    key("translations", Kind::Map(&Kind::Text)),
    key("languages", Kind::Map(&Kind::Table(languages::LANGUAGE))),
];

/// The keys of Zola's `[markdown]`.
const MARKDOWN: &[schema::Field] = &[
    key("highlighting", Kind::Table(highlighting::KEYS)),
    key("render_emoji", Kind::Flag),
    key("external_links_class", Kind::Text),
    key("external_links_target_blank", Kind::Flag),
    key("external_links_no_follow", Kind::Flag),
    key("external_links_no_referrer", Kind::Flag),
    key("external_links_external", Kind::Flag),
    key("smart_punctuation", Kind::Flag),
    key("definition_list", Kind::Flag),
    key("bottom_footnotes", Kind::Flag),
    key("lazy_async_image", Kind::Flag),
    key("insert_anchor_links", Kind::Text),
    key("github_alerts", Kind::Flag),
];
