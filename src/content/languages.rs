//! Languages in content file names, as Zola reads them: `name.es.md`, `_index.es.md` and a
//! bundle's `index.es.md` are the Spanish versions of `name.md`, `_index.md` and `index.md`.

use super::{Content, DocId, Document};
use crate::diagnostics::{Diagnostic, Location};
use std::borrow::Cow;
use std::collections::HashMap;

/// Where a language switcher leads for one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Switch {
    pub lang: String,
    /// The document's version in `lang`, else the section shown instead.
    pub target: DocId,
    /// `target` is the document's own version, not a section shown for want of one.
    pub translated: bool,
}

/// The versions of each page and section in the site's languages, grouped by the file they
/// translate (`blog/a.md` for `blog/a.md` and `blog/a.es.md`). Empty in a site of one
/// language, where Zola's `translations` are empty too.
#[derive(Debug, Clone, Default)]
pub(crate) struct Translations {
    groups: HashMap<String, Vec<DocId>>,
}

impl Translations {
    /// Group the documents of `content`, the default language (`default`) first in each
    /// group, then the others by code.
    pub(crate) fn new(content: &Content, default: &str) -> Translations {
        let mut groups: HashMap<String, Vec<DocId>> = HashMap::new();
        for (id, doc) in content.documents_with_ids() {
            let key = untranslated(&doc.rel, &doc.lang).into_owned();
            groups.entry(key).or_default().push(id);
        }
        for group in groups.values_mut() {
            group.sort_by_key(|&id| {
                let lang = &content.document(id).lang;
                (lang != default, lang.clone())
            });
        }
        Translations { groups }
    }

    /// Where a language switcher on `id` leads in each language of `codes` (the site's, the
    /// default first), the document's own language left out: its version in that language,
    /// else the nearest section above it that has one (the language's home page at worst),
    /// with whether it is the document's own version.
    pub(crate) fn switch(&self, content: &Content, id: DocId, codes: &[&str]) -> Vec<Switch> {
        let doc = content.document(id);
        let mut sections = Vec::new();
        let mut next = match id {
            DocId::Page(p) => Some(content.pages[p].section),
            DocId::Section(s) => content.sections[s].parent,
        };
        while let Some(s) = next {
            sections.push(&content.sections[s].doc.rel);
            next = content.sections[s].parent;
        }
        codes
            .iter()
            .filter(|&&code| code != doc.lang)
            .filter_map(|&code| {
                if let Some(version) = self.version(content, &doc.rel, code) {
                    return Some(Switch {
                        lang: code.to_string(),
                        target: version,
                        translated: true,
                    });
                }
                let target = sections
                    .iter()
                    .map(|rel| rel.as_str())
                    .chain(std::iter::once("_index.md"))
                    .find_map(|rel| self.version(content, rel, code))?;
                Some(Switch {
                    lang: code.to_string(),
                    target,
                    translated: false,
                })
            })
            .collect()
    }

    /// An error for each translation whose file in the default language (`default`) does
    /// not exist: `blog/a.es.md` without `blog/a.md` translates nothing.
    pub(crate) fn orphans(&self, content: &Content, default: &str) -> Vec<Diagnostic> {
        let mut orphans: Vec<&Document> = self
            .groups
            .iter()
            .filter(|(_, group)| group.iter().all(|&id| content.document(id).lang != default))
            .flat_map(|(_, group)| group.iter().map(|&id| content.document(id)))
            .collect();
        orphans.sort_by(|a, b| a.rel.cmp(&b.rel));
        orphans
            .into_iter()
            .map(|doc| {
                let original = untranslated(&doc.rel, &doc.lang);
                let mut at = Location::file(&doc.display);
                at.line = Some(1);
                Diagnostic::error(
                    "language",
                    format!("`{}` translates `content/{original}`, which does not exist", doc.display.display()),
                )
                .at(at)
                .help(format!("write content/{original} in the site's language (`{default}`) first, or rename this file after the page it translates"))
            })
            .collect()
    }

    /// relief's checks of each translation against its page in the default language
    /// (`default`): a warning when the original was reviewed or updated after the
    /// translation last was, and an error when their `[[references]]` differ (the sources do
    /// not change with the language).
    pub(crate) fn checks(&self, content: &Content, default: &str) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        let mut groups: Vec<&Vec<DocId>> = self.groups.values().collect();
        groups.sort_by_key(|group| group.first().map(|&id| &content.document(id).rel));
        for group in groups {
            let Some((original, translations)) = group.split_first() else {
                continue;
            };
            let original = content.document(*original);
            if original.lang != default {
                continue; // reported by `orphans`
            }
            for &id in translations {
                let translation = content.document(id);
                found.extend(outdated(original, translation));
                found.extend(other_references(original, translation));
            }
        }
        found
    }

    /// Every version of `doc`, itself included, the default language's first; empty in a
    /// site of one language.
    pub(crate) fn of(&self, doc: &Document) -> &[DocId] {
        self.groups
            .get(untranslated(&doc.rel, &doc.lang).as_ref())
            .map_or(&[], Vec::as_slice)
    }

    /// The version in `lang` of the file `rel` (written in any of the site's languages).
    pub(crate) fn version(&self, content: &Content, rel: &str, lang: &str) -> Option<DocId> {
        let key = match code_of(rel) {
            Some(code) => untranslated(rel, code),
            None => Cow::Borrowed(rel),
        };
        self.groups
            .get(key.as_ref())?
            .iter()
            .copied()
            .find(|&id| content.document(id).lang == lang)
    }
}

/// The language code a file name carries: what stands between its last two dots
/// (`blog/_index.es.md`, `post.pt-BR.md`), when that reads as a language code (so that
/// `v1.2.md` is no translation).
pub(crate) fn code_of(rel: &str) -> Option<&str> {
    let stem = file_name(rel).strip_suffix(".md")?;
    let (name, code) = stem.rsplit_once('.')?;
    (!name.is_empty() && crate::config::valid_language_code(code)).then_some(code)
}

/// The file `rel` names once its language code `lang` is taken out: `blog/a.es.md` →
/// `blog/a.md`. A name carrying another code (or none) is returned as it is.
pub(crate) fn untranslated<'r>(rel: &'r str, lang: &str) -> Cow<'r, str> {
    match code_of(rel) {
        Some(code) if code == lang => {
            let end = rel.len() - ".md".len();
            Cow::Owned(format!("{}.md", &rel[..end - code.len() - 1]))
        }
        _ => Cow::Borrowed(rel),
    }
}

/// The file of the version in `lang` of `rel`: `blog/a.md` → `blog/a.es.md` (Zola's
/// `get_page(path, lang)`); `rel` itself in the default language.
pub(crate) fn translated(rel: &str, lang: &str, default: &str) -> String {
    match (lang == default, rel.strip_suffix(".md")) {
        (false, Some(stem)) => format!("{stem}.{lang}.md"),
        _ => rel.to_string(),
    }
}

/// Whether the file name of `rel` is a section's: `_index.md`, or a translation of one
/// (`_index.es.md`).
pub(crate) fn is_section_file(rel: &str) -> bool {
    let name = file_name(rel);
    name == "_index.md" || (name.starts_with("_index.") && code_of(name).is_some())
}

/// The last day a document was changed or checked: the later of `reviewed` and `updated`,
/// with the key that says so.
fn last_changed(doc: &Document) -> Option<(jiff::civil::Date, &'static str)> {
    let reviewed = doc.meta.reviewed.map(|d| (d, "reviewed"));
    let updated = doc.meta.updated.map(|d| (d, "updated"));
    reviewed.into_iter().chain(updated).max_by_key(|(d, _)| *d)
}

/// A warning when `original` was reviewed or updated after `translation` last was (or it
/// was and the translation never says when it was).
fn outdated(original: &Document, translation: &Document) -> Option<Diagnostic> {
    let (changed, key) = last_changed(original)?;
    let own = last_changed(translation).or(translation.meta.date.map(|d| (d, "date")));
    if own.is_some_and(|(day, _)| day >= changed) {
        return None;
    }
    let since = match own {
        Some((day, key)) => format!("this translation is older ({key} {day})"),
        None => "this translation has no date".to_string(),
    };
    let at = own
        .and_then(|(_, key)| translation.key_location(key))
        .unwrap_or_else(|| translation.key_or_front_matter_location("reviewed"));
    Some(
        Diagnostic::warning(
            "outdated-translation",
            format!(
                "the `{}` page ({}) changed on {changed} (`{key}`); {since}",
                original.lang,
                original.display.display()
            ),
        )
        .at(at)
        .help(format!("bring the translation up to date with {}, then set its `reviewed` or `updated` to the day you did", original.display.display())),
    )
}

/// A reference as translations must keep it: its id, DOI, PMID and URL.
type Source = (String, Option<String>, Option<String>, Option<String>);

/// An error when `translation` cites other sources than `original`: the reference lists of
/// a page's translations are one set (by id, DOI, PMID and URL).
fn other_references(original: &Document, translation: &Document) -> Option<Diagnostic> {
    use std::collections::BTreeSet;
    let set = |doc: &Document| -> BTreeSet<Source> {
        doc.meta
            .references
            .iter()
            .map(|r| (r.id.clone(), r.doi.clone(), r.pmid.clone(), r.url.clone()))
            .collect()
    };
    let (theirs, ours) = (set(original), set(translation));
    if theirs == ours {
        return None;
    }
    let ids = |refs: Vec<&Source>| {
        refs.iter()
            .map(|r| format!("`{}`", r.0))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let missing = ids(theirs.difference(&ours).collect());
    let extra = ids(ours.difference(&theirs).collect());
    let what = match (missing.is_empty(), extra.is_empty()) {
        (false, false) => format!("lacks {missing} and adds {extra}"),
        (false, true) => format!("lacks {missing}"),
        _ => format!("adds {extra}"),
    };
    Some(
        Diagnostic::error(
            "references",
            format!(
                "the translation cites other sources than {}: it {what}",
                original.display.display()
            ),
        )
        .at(translation.key_or_front_matter_location("references"))
        .help("a translation cites the same [[references]] as its original (same id, doi, pmid and url): copy them from the original"),
    )
}

fn file_name(rel: &str) -> &str {
    rel.rsplit(['/', '\\']).next().unwrap_or(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_s_language_is_its_last_code_before_md() {
        assert_eq!(code_of("blog/_index.es.md"), Some("es"));
        assert_eq!(code_of("post.pt-BR.md"), Some("pt-BR"));
        assert_eq!(code_of("a/index.fr.md"), Some("fr"));
        assert_eq!(code_of("v1.2.md"), None);
        assert_eq!(code_of("post.md"), None);
        assert_eq!(code_of(".es.md"), None);
    }

    #[test]
    fn untranslated_takes_out_the_file_s_own_language_only() {
        assert_eq!(untranslated("blog/a.es.md", "es"), "blog/a.md");
        assert_eq!(
            untranslated("blog/_index.pt-BR.md", "pt-BR"),
            "blog/_index.md"
        );
        assert_eq!(untranslated("blog/a.es.md", "fr"), "blog/a.es.md");
        assert_eq!(untranslated("blog/a.md", "en"), "blog/a.md");
    }

    #[test]
    fn translated_names_the_language_s_file() {
        assert_eq!(translated("blog/a.md", "es", "en"), "blog/a.es.md");
        assert_eq!(
            translated("blog/_index.md", "es", "en"),
            "blog/_index.es.md"
        );
        assert_eq!(translated("blog/a.md", "en", "en"), "blog/a.md");
    }

    #[test]
    fn sections_are_index_files_in_any_language() {
        assert!(is_section_file("_index.md"));
        assert!(is_section_file("blog/_index.es.md"));
        assert!(!is_section_file("blog/index.es.md"));
        assert!(!is_section_file("blog/_index.x.y.md"));
    }
}
