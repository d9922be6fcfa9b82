//! What a reader of another language sees of relief itself: the words relief writes into
//! pages (a citation's name for screen readers, a callout's title, an anchor link's label, a
//! redirect page) in the page's language, from the site's translations or relief's own; a
//! 404 page per language; and, on the bundled site, a Spanish edition with no English
//! interface left (its sources stay as published, in English, as the site says).
//!
//! The fixture tests/fixtures/languages/ is a relief site in English and Spanish that
//! translates none of relief's words.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

/// The `aria-label` of each citation link of the page `file`, in order.
fn citation_labels(file: &Path) -> Vec<String> {
    let doc = html(file);
    select(&doc, "sup.citation a")
        .iter()
        .map(|a| a.value().attr("aria-label").unwrap_or_default().to_string())
        .collect()
}

/// The visible title and the `aria-label` of each untitled callout of the page `file`.
fn callout_titles(file: &Path) -> Vec<(String, String)> {
    let doc = html(file);
    select(&doc, ".callout[aria-label]")
        .iter()
        .map(|c| {
            let title = c
                .select(&scraper::Selector::parse(".callout-title").unwrap())
                .next()
                .map(|t| t.text().collect::<String>())
                .unwrap_or_default();
            let label = c.value().attr("aria-label").unwrap_or_default();
            (title, label.to_string())
        })
        .collect()
}

/// The `aria-label` of the anchor link of each heading of the page `file`.
fn anchor_labels(file: &Path) -> Vec<String> {
    let doc = html(file);
    select(&doc, "h2 a.zola-anchor")
        .iter()
        .map(|a| a.value().attr("aria-label").unwrap_or_default().to_string())
        .collect()
}

fn owned(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn a_site_that_translates_none_of_relief_s_words_gets_relief_s_own_in_each_language() {
    let dir = fixture("languages");
    let out = built(dir.path(), &[]);
    let (en, es) = (out.join("knee/index.html"), out.join("es/knee/index.html"));
    assert_eq!(
        citation_labels(&en),
        owned(&["Reference 1", "Reference 2", "Reference 1"])
    );
    assert_eq!(
        citation_labels(&es),
        owned(&["Referencia 1", "Referencia 2", "Referencia 1"])
    );
    assert_eq!(
        callout_titles(&en),
        pairs(&[("Note", "Note"), ("Warning", "Warning")])
    );
    assert_eq!(
        callout_titles(&es),
        pairs(&[("Nota", "Nota"), ("Advertencia", "Advertencia")])
    );
    assert_eq!(anchor_labels(&en), owned(&["Anchor link for: results"]));
    assert_eq!(anchor_labels(&es), owned(&["Enlace a esta sección"]));
}

#[test]
fn a_site_s_translations_name_relief_s_words() {
    let dir = fixture("languages");
    let config = dir.path().join("config.toml");
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace(
            "[translations]\n",
            "[translations]\ncitation_label = \"Source {number}\"\ncallout_note = \"Good to know\"\n",
        )
        .replace(
            "[languages.es.translations]\n",
            "[languages.es.translations]\ncitation_label = \"Fuente {number}\"\n",
        )
        + "\n[languages.fr]\ntitle = \"Articulations\"\n\n[languages.fr.translations]\nnot_found = \"Page introuvable\"\ngo_home = \"Accueil\"\n";
    std::fs::write(&config, text).unwrap();
    // A French page: a language relief has no words of its own in.
    let content = dir.path().join("content");
    std::fs::copy(content.join("knee.md"), content.join("knee.fr.md")).unwrap();
    let knee_fr = std::fs::read_to_string(content.join("knee.fr.md"))
        .unwrap()
        .replace("aliases = [\"/knee-pain/\"]\n", "");
    std::fs::write(content.join("knee.fr.md"), knee_fr).unwrap();
    let out = built(dir.path(), &[]);

    let en = out.join("knee/index.html");
    assert_eq!(
        citation_labels(&en),
        owned(&["Source 1", "Source 2", "Source 1"])
    );
    assert_eq!(
        callout_titles(&en),
        pairs(&[("Good to know", "Good to know"), ("Warning", "Warning")])
    );
    let es = out.join("es/knee/index.html");
    assert_eq!(
        citation_labels(&es),
        owned(&["Fuente 1", "Fuente 2", "Fuente 1"])
    );
    // What the Spanish translations leave out is relief's Spanish, never their English.
    assert_eq!(
        callout_titles(&es),
        pairs(&[("Nota", "Nota"), ("Advertencia", "Advertencia")])
    );
    let fr = out.join("fr/knee/index.html");
    assert_eq!(
        citation_labels(&fr),
        owned(&["Reference 1", "Reference 2", "Reference 1"])
    );
    assert_eq!(
        callout_titles(&fr),
        pairs(&[("Note", "Note"), ("Warning", "Warning")])
    );
}

#[test]
fn each_language_has_its_own_404_page() {
    let dir = fixture("languages");
    let out = built(dir.path(), &[]);
    for (file, lang, heading, home) in [
        ("404.html", "en", "Page not found", "/"),
        ("es/404.html", "es", "No se encontró la página", "/es/"),
    ] {
        let doc = html(&out.join(file));
        let root = select(&doc, "html")[0];
        assert_eq!(root.value().attr("lang"), Some(lang), "{file}");
        assert_eq!(texts(&doc, "h1"), vec![heading.to_string()], "{file}");
        assert_eq!(hrefs(&out.join(file), "main a"), vec![home.to_string()]);
    }
    // Not pages to find: the sitemap lists neither.
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("404"), "{sitemap}");
}

#[test]
fn a_zola_site_keeps_zola_s_one_404_page() {
    let dir = fixture("zola-languages");
    let out = built(dir.path(), &[]);
    assert!(out.join("404.html").is_file());
    assert!(
        !out.join("es/404.html").exists(),
        "Zola 0.23 writes the default language's 404 page only"
    );
}

#[test]
fn a_redirect_page_speaks_its_page_s_language() {
    let dir = fixture("languages");
    let out = built(dir.path(), &[]);
    for (file, lang, title, target) in [
        (
            "knee-pain/index.html",
            "en",
            "This page has moved",
            "https://example.org/knee/",
        ),
        (
            "es/rodilla/index.html",
            "es",
            "Esta página ha cambiado de dirección",
            "https://example.org/es/knee/",
        ),
    ] {
        let doc = html(&out.join(file));
        assert_eq!(
            select(&doc, "html")[0].value().attr("lang"),
            Some(lang),
            "{file}"
        );
        assert_eq!(texts(&doc, "title"), vec![title.to_string()], "{file}");
        assert_eq!(hrefs(&out.join(file), "p a"), vec![target.to_string()]);
    }
    let es = html(&out.join("es/rodilla/index.html"));
    assert!(
        texts(&es, "p")[0].starts_with("Esta página está ahora en "),
        "{:?}",
        texts(&es, "p")
    );
}

/// English words that only English interface text has: none is a Spanish word, and the
/// bundled site's Spanish pages use none outside the names of sources and organisations.
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "of",
    "to",
    "this",
    "page",
    "reference",
    "evidence",
    "note",
    "warning",
    "tip",
    "caution",
    "important",
    "link",
    "anchor",
    "back",
    "skip",
    "search",
    "home",
    "sources",
    "previous",
    "next",
    "moved",
    "read",
];

/// The words of a Spanish page's interface: every label for screen readers, title, `alt`,
/// placeholder, search message and sharing description, and the text of its header,
/// navigation, footer, buttons and callout titles; none of what a `lang` attribute marks
/// as another language's (a link to a page only in English, a language's own name).
fn interface_strings(doc: &scraper::Html, lang: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    walk(doc.root_element(), lang, false, &mut found);
    found
}

/// [`interface_strings`] of `element` and what it holds, each with where it is (the
/// attribute, or the text's element); `shown`: inside an element whose text is interface.
fn walk(
    element: scraper::ElementRef<'_>,
    lang: &str,
    shown: bool,
    found: &mut Vec<(String, String)>,
) {
    let e = element.value();
    if e.attr("lang").is_some_and(|l| l != lang)
        || ["script", "style", "blockquote"].contains(&e.name())
    {
        return;
    }
    let sharing = e.name() == "meta"
        && e.attr("property")
            .or(e.attr("name"))
            .is_some_and(|p| p.ends_with("description") || p.ends_with(":alt"));
    for (name, value) in e.attrs() {
        let interface = matches!(name, "aria-label" | "title" | "alt" | "placeholder")
            || name.starts_with("data-t-")
            || (sharing && name == "content");
        if interface {
            found.push((format!("{}[{name}]", e.name()), value.to_string()));
        }
    }
    let shown = shown
        || ["header", "nav", "footer", "button", "label", "title"].contains(&e.name())
        || e.has_class("callout-title", scraper::CaseSensitivity::CaseSensitive);
    for child in element.children() {
        match scraper::ElementRef::wrap(child) {
            Some(child) => walk(child, lang, shown, found),
            None => {
                if let Some(text) = child.value().as_text() {
                    if shown && !text.trim().is_empty() {
                        found.push((e.name().to_string(), text.trim().to_string()));
                    }
                }
            }
        }
    }
}

fn english_in(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .map(str::to_lowercase)
        .filter(|w| ENGLISH.contains(&w.as_str()))
        .collect()
}

#[test]
fn the_bundled_site_s_spanish_edition_has_no_english_interface_left() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let o = build(&repo(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));

    let spanish: Vec<_> = walkdir::WalkDir::new(out.join("es"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    assert!(spanish.len() > 15, "only {} Spanish pages", spanish.len());
    let mut problems = Vec::new();
    let mut citations = 0;
    for file in &spanish {
        let doc = html(file);
        let rel = file.strip_prefix(&out).unwrap().display().to_string();
        if select(&doc, "html")[0].value().attr("lang") != Some("es") {
            problems.push(format!("{rel}: <html> is not lang=\"es\""));
        }
        for label in citation_labels(file) {
            citations += 1;
            if !label.starts_with("Referencia ") {
                problems.push(format!("{rel}: a citation named {label:?}"));
            }
        }
        for (place, shown) in interface_strings(&doc, "es") {
            let english = english_in(&shown);
            if !english.is_empty() {
                problems.push(format!("{rel}: {place} {shown:?} has English {english:?}"));
            }
        }
    }
    assert!(
        citations > 50,
        "only {citations} citations on Spanish pages"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Its own 404 page, and the English one offers the Spanish edition.
    let not_found = html(&out.join("es/404.html"));
    assert_eq!(texts(&not_found, "h1"), vec!["No se encontró la página"]);
    assert!(hrefs(&out.join("es/404.html"), "main a").contains(&"/es/".to_string()));
    assert!(
        hrefs(&out.join("404.html"), "main a[hreflang='es']") == vec!["/es/".to_string()],
        "the English 404 page links to the Spanish home page"
    );

    // Its own list of sources: every source of the English list, under the Spanish pages
    // where they are translated; the footer of every Spanish page leads to it.
    let sources = |file: &str| -> BTreeSet<String> {
        select(&html(&out.join(file)), ".references li[id^='ref-']")
            .iter()
            .map(|li| li.value().attr("id").unwrap().to_string())
            .collect()
    };
    let (en_sources, es_sources) = (
        sources("sources/index.html"),
        sources("es/sources/index.html"),
    );
    assert!(en_sources.len() > 20, "{en_sources:?}");
    assert_eq!(en_sources, es_sources);
    let list = html(&out.join("es/sources/index.html"));
    assert_eq!(texts(&list, "h1"), vec!["Fuentes"]);
    let pages = hrefs(&out.join("es/sources/index.html"), ".source-page a");
    assert!(
        pages.contains(&"/es/benefits/joint-pain/".to_string()),
        "{pages:?}"
    );
    assert!(
        hrefs(
            &out.join("es/sources/index.html"),
            ".source-page a[hreflang='en']"
        )
        .iter()
        .all(|href| !href.starts_with("/es/")),
        "only pages not in Spanish are marked as English"
    );
    for file in &spanish {
        let footer = hrefs(file, "footer a");
        assert!(
            footer.contains(&"/es/sources/".to_string()),
            "{}: {footer:?}",
            file.display()
        );
    }
}
