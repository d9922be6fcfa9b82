//! The names authors write, as the code knows them: every configuration key, front matter key
//! and diagnostic code. Documentation that must list each of them (relief's reference pages)
//! is checked against these lists by its tests, so neither can drift from the other.

/// The dotted path of every key config.toml takes, in the order the schema lists them:
/// `title`, `markdown.highlighting.theme`, `languages.*.title` (`*` for a language code).
/// A table of free values (`extra`, `translations`, `evidence.levels`) is one key.
pub fn config_keys() -> Vec<String> {
    let mut out = Vec::new();
    crate::schema::key_paths(crate::config::FIELDS, "", &mut out);
    out
}

/// The dotted path of every key a page's or section's front matter takes: `title`,
/// `references.doi` (a key of each `[[references]]` table), `extra`.
pub fn front_matter_keys() -> Vec<String> {
    let mut out = Vec::new();
    crate::schema::key_paths(crate::content::front_matter::FIELDS, "", &mut out);
    out
}

/// The translation keys of the words relief writes into pages itself (`citation_label`,
/// `callout_note`…), in order: a site's `[translations]` and `[languages.xx.translations]`
/// may set them.
pub fn word_keys() -> Vec<&'static str> {
    crate::config::WORDS
        .iter()
        .map(|(_, key, ..)| *key)
        .collect()
}

/// The code of every warning (`orphan-page`), sorted: the codes `[check] allow` accepts.
pub fn warning_codes() -> &'static [&'static str] {
    crate::diagnostics::WARNINGS
}

/// The code of every error (`broken-link`), sorted.
pub fn error_codes() -> &'static [&'static str] {
    crate::diagnostics::ERRORS
}
