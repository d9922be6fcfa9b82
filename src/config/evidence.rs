//! `[evidence.levels]`: the ratings a page's `evidence` key may take, with their labels, in
//! the order the site wrote them. The order is the site's scale (relief's own sites write the
//! strongest first), so templates can draw it; a TOML table forgets its order once parsed,
//! so each label's place in the file is read from its span.

use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// One rating of the scale: its key (what pages write) and its label (what readers see).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EvidenceLevel {
    pub key: String,
    pub label: String,
}

/// The site's evidence ratings, in the order `config.toml` lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct EvidenceLevels(Vec<EvidenceLevel>);

impl EvidenceLevels {
    /// The rating `key` and its 1-based place in the scale, if the site has it.
    pub(crate) fn find(&self, key: &str) -> Option<(usize, &EvidenceLevel)> {
        self.0
            .iter()
            .enumerate()
            .find(|(_, level)| level.key == key)
            .map(|(i, level)| (i + 1, level))
    }

    /// Whether the site has the rating `key`.
    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_some()
    }

    /// The ratings' keys, in the scale's order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|level| level.key.as_str())
    }

    /// The ratings, in the scale's order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &EvidenceLevel> {
        self.0.iter()
    }

    /// Whether the site defines no rating.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for EvidenceLevels {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let table = BTreeMap::<String, toml::Spanned<String>>::deserialize(deserializer)?;
        let mut levels: Vec<(usize, EvidenceLevel)> = table
            .into_iter()
            .map(|(key, label)| {
                let at = label.span().start;
                let label = label.into_inner();
                (at, EvidenceLevel { key, label })
            })
            .collect();
        levels.sort_by_key(|(at, _)| *at);
        Ok(EvidenceLevels(
            levels.into_iter().map(|(_, level)| level).collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Doc {
        levels: EvidenceLevels,
    }

    fn levels(toml_text: &str) -> EvidenceLevels {
        toml::from_str::<Doc>(toml_text).unwrap().levels
    }

    #[test]
    fn keep_the_order_they_are_written_in_not_the_alphabet() {
        let scale = levels("[levels]\nsome = \"Some\"\nmixed = \"Mixed\"\nlimited = \"Limited\"\n");
        assert_eq!(
            scale.keys().collect::<Vec<_>>(),
            ["some", "mixed", "limited"]
        );
        let inline = levels("levels = { strong = \"Strong\", weak = \"Weak\", none = \"None\" }\n");
        assert_eq!(
            inline.keys().collect::<Vec<_>>(),
            ["strong", "weak", "none"]
        );
    }

    #[test]
    fn find_gives_the_place_in_the_scale_and_the_label() {
        let scale = levels("[levels]\nsome = \"Some\"\nmixed = \"Mixed evidence\"\n");
        let (place, level) = scale.find("mixed").unwrap();
        assert_eq!((place, level.label.as_str()), (2, "Mixed evidence"));
        assert_eq!(scale.find("some").map(|(place, _)| place), Some(1));
        assert!(scale.find("strong").is_none());
        assert!(!scale.contains_key("Some"));
        assert!(EvidenceLevels::default().is_empty());
    }
}
