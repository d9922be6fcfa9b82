//! The words relief writes into pages itself, outside any template: a citation's name for
//! screen readers, a callout's title, the label of a heading's anchor link, a bottom
//! footnote's links back, a social card's rating, a redirect page's text.
//!
//! Each is read, in the page's language, from the same strings as the templates' `trans()`
//! (`[translations]` for the default language, `[languages.xx.translations]` for another),
//! under the key [`WORDS`] gives it. A site that sets no such key gets relief's own wording in
//! that language, when relief has it (English and Spanish), else the English: a missing key is
//! never an error here, as it is for `trans()`, since relief writes these words unasked.
//!
//! A Zola site's anchor links and footnotes are written as Zola writes them, in English
//! whatever the language: its output must match Zola's.

use super::Config;

/// One of the words relief writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Word {
    /// A citation's name for screen readers: `{number}`, its number in the reference list.
    Citation,
    CalloutNote,
    CalloutTip,
    CalloutImportant,
    CalloutWarning,
    CalloutCaution,
    /// The label of relief's own anchor link (a site without `anchor-link.html`): `{id}`,
    /// the heading's id.
    AnchorLink,
    /// The label of a bottom footnote's link back to where it is referenced: `{number}`, the
    /// note's number.
    FootnoteBack,
    /// The rating on a social card and in its description: `{rating}`, the rating's label.
    CardEvidence,
    /// A redirect page's title.
    Moved,
    /// A redirect page's text: `{link}`, the link to the new address.
    MovedTo,
}

/// Each word: its key in the translations, relief's English and relief's Spanish.
pub(crate) const WORDS: [(Word, &str, &str, &str); 11] = [
    (
        Word::Citation,
        "citation_label",
        "Reference {number}",
        "Referencia {number}",
    ),
    (Word::CalloutNote, "callout_note", "Note", "Nota"),
    (Word::CalloutTip, "callout_tip", "Tip", "Consejo"),
    (
        Word::CalloutImportant,
        "callout_important",
        "Important",
        "Importante",
    ),
    (
        Word::CalloutWarning,
        "callout_warning",
        "Warning",
        "Advertencia",
    ),
    (
        Word::CalloutCaution,
        "callout_caution",
        "Caution",
        "Precaución",
    ),
    (
        Word::AnchorLink,
        "anchor_link",
        "Anchor link for: {id}",
        "Enlace a esta sección",
    ),
    (
        Word::FootnoteBack,
        "footnote_back",
        "Back to reference {number} in the text",
        "Volver a la llamada {number} en el texto",
    ),
    (
        Word::CardEvidence,
        "social_card_evidence",
        "Evidence: {rating}",
        "Valoración: {rating}",
    ),
    (
        Word::Moved,
        "page_moved",
        "This page has moved",
        "Esta página ha cambiado de dirección",
    ),
    (
        Word::MovedTo,
        "page_moved_to",
        "This page has moved to {link}.",
        "Esta página está ahora en {link}.",
    ),
];

/// The words of one language, settled: the site's translation of each, else relief's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Words {
    values: Vec<String>,
    /// Write anchor links and footnotes as Zola does (a Zola site).
    pub zola: bool,
}

impl Words {
    /// relief's own words in `lang` (its English for a language it has no words in), for
    /// a site that translates none.
    pub(crate) fn builtin(lang: &str) -> Words {
        let spanish = lang.split(['-', '_']).next() == Some("es");
        Words {
            values: WORDS
                .iter()
                .map(|(_, _, en, es)| match spanish {
                    true => es.to_string(),
                    false => en.to_string(),
                })
                .collect(),
            zola: false,
        }
    }

    /// The word, as the site or relief writes it, its placeholders left in.
    pub(crate) fn get(&self, word: Word) -> &str {
        let at = WORDS.iter().position(|(w, ..)| *w == word).unwrap_or(0);
        self.values.get(at).map_or("", String::as_str)
    }

    /// The word with its placeholder `{name}` replaced by `value`.
    pub(crate) fn with(&self, word: Word, name: &str, value: &str) -> String {
        self.get(word).replace(&format!("{{{name}}}"), value)
    }
}

impl Default for Words {
    fn default() -> Self {
        Words::builtin("en")
    }
}

impl Config {
    /// The words relief writes on pages in `lang`: each from the language's translations
    /// when they have its key, else relief's own.
    pub(crate) fn words(&self, lang: &str) -> Words {
        let table = match lang == self.language {
            true => Some(&self.translations),
            false => self.other_language(lang).map(|l| &l.translations),
        };
        let mut words = Words::builtin(lang);
        for ((_, key, ..), value) in WORDS.iter().zip(&mut words.values) {
            if let Some(own) = table.and_then(|t| t.get(*key)) {
                value.clone_from(own);
            }
        }
        words.zola = self.zola_defaults;
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(src: &str) -> Config {
        Config::parse(
            &format!("title = \"T\"\nbase_url = \"https://e.org\"\nlanguage = \"en\"\n{src}"),
            std::path::Path::new("config.toml"),
        )
        .unwrap()
    }

    #[test]
    fn a_site_s_translation_wins_and_relief_s_words_fill_the_rest() {
        let c = config(
            "[translations]\ncallout_note = \"Please note\"\n\
             [languages.es.translations]\ncitation_label = \"Fuente {number}\"\n\
             [languages.fr]\n",
        );
        let en = c.words("en");
        assert_eq!(en.get(Word::CalloutNote), "Please note");
        assert_eq!(en.with(Word::Citation, "number", "3"), "Reference 3");
        let es = c.words("es");
        assert_eq!(es.with(Word::Citation, "number", "3"), "Fuente 3");
        assert_eq!(es.get(Word::CalloutWarning), "Advertencia");
        // A language relief has no words in gets its English.
        assert_eq!(c.words("fr").get(Word::CalloutTip), "Tip");
        assert!(!en.zola);
    }

    #[test]
    fn every_word_has_a_key_of_its_own_and_both_languages() {
        let mut keys: Vec<&str> = WORDS.iter().map(|(_, key, ..)| *key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), WORDS.len());
        for (word, key, en, es) in WORDS {
            assert!(!en.is_empty() && !es.is_empty(), "{key}");
            assert_eq!(Words::builtin("es-MX").get(word), es);
            assert_eq!(Words::builtin("de").get(word), en);
        }
    }
}
