//! Zola's multilingual sites (content/multilingual.md): `[languages.xx]`, files named
//! `name.xx.md`, `_index.xx.md` and `index.xx.md` published under `/xx/`, `lang`,
//! `translations`, `trans`, and the `lang` of `get_url`, `get_page` and `get_section`, over
//! the fixture site tests/fixtures/zola-languages/.

mod common;
use common::*;

#[test]
fn translations_are_published_under_their_language() {
    let dir = fixture("zola-languages");
    let out = built(dir.path(), &[]);
    for file in [
        "index.html",
        "es/index.html",
        "blog/index.html",
        "es/blog/index.html",
        "blog/sleep/index.html",
        "es/blog/sleep/index.html",
        "blog/knee/index.html",
        "blog/walk/index.html",
        "es/blog/walk/index.html",
    ] {
        assert!(out.join(file).is_file(), "{file} is written");
    }
    // Never a page of its own named after the file.
    assert!(!out.join("blog/sleep-es").exists());
    assert!(
        !out.join("es/blog/knee").exists(),
        "no translation, no page"
    );
}

#[test]
fn templates_see_the_language_and_its_strings() {
    let dir = fixture("zola-languages");
    let out = built(dir.path(), &[]);
    let home = html(&out.join("index.html"));
    let es = html(&out.join("es/index.html"));
    let dd = |doc: &scraper::Html, id: &str| texts(doc, &format!("dd#{id}")).concat();
    assert_eq!(dd(&home, "lang"), "en");
    assert_eq!(dd(&es, "lang"), "es");
    assert_eq!(dd(&home, "trans"), "Home");
    assert_eq!(dd(&es, "trans"), "Inicio");
    assert_eq!(
        dd(&es, "trans-default"),
        "Read more",
        "trans without lang: the default"
    );
    assert_eq!(
        dd(&es, "translations"),
        "en=https://example.org/ Home;es=https://example.org/es/ Inicio;"
    );
    // Zola's get_url: permalinks, and no trailing slash on a path unless asked.
    assert_eq!(dd(&home, "blog-url"), "https://example.org/blog/");
    assert_eq!(dd(&es, "blog-url"), "https://example.org/es/blog/");
    assert_eq!(dd(&es, "blog-title"), "Blog en español");
    assert_eq!(dd(&home, "sleep-title"), "Sleep");
    assert_eq!(dd(&es, "sleep-title"), "Sueño");
    assert_eq!(dd(&home, "static-url"), "https://example.org/es/about");
    // `config` in the page's language, as Zola gives it: the language's title and
    // taxonomies, the site's other languages (the default one on a Spanish page), and
    // `base_url` without its trailing slash.
    assert_eq!(dd(&home, "config-title"), "Joints");
    assert_eq!(dd(&es, "config-title"), "Articulaciones");
    assert_eq!(dd(&home, "config-languages"), "es=Articulaciones;");
    assert_eq!(dd(&es, "config-languages"), "en=Joints;");
    assert_eq!(dd(&home, "config-taxonomies"), "tags;");
    assert_eq!(dd(&es, "config-taxonomies"), "etiquetas;");
    // date_format(lang=…) writes the month's name in the language.
    assert_eq!(dd(&home, "date"), "5 December 2026");
    assert_eq!(dd(&es, "date"), "5 diciembre 2026");
    assert_eq!(dd(&home, "base-url"), "https://example.org");

    let page = html(&out.join("es/blog/sleep/index.html"));
    assert_eq!(texts(&page, "p#lang").concat(), "es");
    assert_eq!(texts(&page, "p#read-more").concat(), "Leer más");
    assert_eq!(
        texts(&page, "p#translations").concat(),
        "en=https://example.org/blog/sleep/;es=https://example.org/es/blog/sleep/;"
    );
    let alternates: Vec<(String, String)> = select(&page, "link[rel=alternate]")
        .iter()
        .map(|l| {
            let attr = |name| l.value().attr(name).unwrap_or_default().to_string();
            (attr("hreflang"), attr("href"))
        })
        .collect();
    assert_eq!(
        alternates,
        [(
            "en".to_string(),
            "https://example.org/blog/sleep/".to_string()
        )]
    );
    let root = html(&out.join("index.html"));
    assert_eq!(select(&root, "html[lang=en]").len(), 1);
}

#[test]
fn each_language_has_its_own_sections() {
    let dir = fixture("zola-languages");
    let out = built(dir.path(), &[]);
    let blog = html(&out.join("blog/index.html"));
    assert_eq!(texts(&blog, "#pages li"), ["Knee", "Sleep", "Walking"]);
    let es = html(&out.join("es/blog/index.html"));
    assert_eq!(texts(&es, "#pages li"), ["Caminar", "Sueño"]);
    assert_eq!(
        texts(&es, "#translations").concat(),
        "en=blog/_index.md;es=blog/_index.es.md;"
    );
}

#[test]
fn links_lead_to_the_same_language_or_say_which_one() {
    let dir = fixture("zola-languages");
    let out = built(dir.path(), &[]);
    let page = html(&out.join("es/blog/sleep/index.html"));
    let links: Vec<(String, Option<String>)> = select(&page, "main a")
        .iter()
        .map(|a| {
            let v = a.value();
            (
                v.attr("href").unwrap().to_string(),
                v.attr("hreflang").map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            ("/blog/knee/".to_string(), Some("en".to_string())),
            ("/es/blog/walk/".to_string(), None),
        ]
    );
    let home = html(&out.join("es/index.html"));
    assert_eq!(
        hrefs(&out.join("es/index.html"), "main a"),
        ["/es/blog/sleep/", "/blog/knee/"]
    );
    assert_eq!(select(&home, "main a[hreflang=en]").len(), 1);
    let english = hrefs(&out.join("index.html"), "main a");
    assert_eq!(english, ["/blog/sleep/"]);
    assert!(select(&html(&out.join("index.html")), "main a[hreflang]").is_empty());
}

#[test]
fn each_language_has_its_taxonomies_and_feed() {
    let dir = fixture("zola-languages");
    let out = built(dir.path(), &[]);
    let tags = html(&out.join("tags/rest/index.html"));
    assert_eq!(texts(&tags, "#pages li"), ["Sleep"]);
    assert_eq!(texts(&tags, "#lang").concat(), "en");
    let etiquetas = html(&out.join("es/etiquetas/descanso/index.html"));
    assert_eq!(texts(&etiquetas, "#pages li"), ["Sueño"]);
    assert_eq!(texts(&etiquetas, "#lang").concat(), "es");
    assert!(!out.join("es/tags").exists() && !out.join("etiquetas").exists());

    let feed = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    let feed_es = std::fs::read_to_string(out.join("es/atom.xml")).unwrap();
    assert!(feed.contains("xml:lang=\"en\"") && feed.contains("<title>Sleep</title>"));
    assert!(!feed.contains("Sueño"), "{feed}");
    assert!(
        feed_es.contains("xml:lang=\"es\"") && feed_es.contains("<title>Articulaciones</title>")
    );
    assert!(feed_es.contains("<title>Sueño</title>") && !feed_es.contains("<title>Sleep</title>"));
}

#[test]
fn the_sitemap_lists_every_language_with_its_alternates() {
    let dir = fixture("zola-languages");
    let out = built(dir.path(), &[]);
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let alternates = "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/blog/sleep/\"/>\
                      <xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"https://example.org/es/blog/sleep/\"/>";
    for url in [
        "https://example.org/blog/sleep/",
        "https://example.org/es/blog/sleep/",
    ] {
        let entry = sitemap
            .lines()
            .find(|l| l.starts_with(&format!("<url><loc>{url}</loc>")))
            .unwrap_or_else(|| panic!("{url} in {sitemap}"));
        assert!(entry.contains(alternates), "{entry}");
    }
    let knee = sitemap
        .lines()
        .find(|l| l.contains("<loc>https://example.org/blog/knee/</loc>"))
        .unwrap();
    assert!(
        !knee.contains("xhtml:link"),
        "a page alone in its language: {knee}"
    );
}

#[test]
fn an_older_translation_is_a_warning_naming_the_dates() {
    let dir = fixture("zola-languages");
    let out = dir.path().join("public");
    let run = build(dir.path(), &out, &[]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains("warning[outdated-translation]: the `en` page (content/blog/sleep.md) changed on 2026-03-01 (`updated`); this translation is older (updated 2026-02-01)"),
        "{err}"
    );
    assert!(err.contains("--> content/blog/sleep.es.md:4"), "{err}");
    assert_eq!(err.matches("outdated-translation").count(), 1, "{err}");
}

/// relief's bundled site and templates, in English and Spanish: `<html lang>`, an alternate
/// link per version and `x-default`, a switcher to the same page in the other language (or
/// to the nearest translated section, saying so), and every word of the interface in the
/// page's language, from its translations.
#[test]
fn the_bundled_templates_link_the_languages() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    bundled_site(root);
    copy_dir(&repo().join("content"), &root.join("content"));
    let out = built(root, &[]);
    let es = html(&out.join("es/about/index.html"));
    assert_eq!(select(&es, "html[lang=es]").len(), 1);
    let alternate = |doc: &scraper::Html, lang: &str| -> Vec<String> {
        select(doc, &format!("link[rel=alternate][hreflang={lang}]"))
            .iter()
            .map(|l| l.value().attr("href").unwrap().to_string())
            .collect()
    };
    assert_eq!(alternate(&es, "en"), ["https://example.org/about/"]);
    assert_eq!(alternate(&es, "es"), ["https://example.org/es/about/"]);
    assert_eq!(alternate(&es, "x-default"), ["https://example.org/about/"]);
    let switch = |file: &str| -> Vec<(String, String)> {
        let doc = html(&out.join(file));
        select(&doc, "nav.language-switch a")
            .iter()
            .map(|a| {
                let text = a.text().collect::<String>();
                (a.value().attr("href").unwrap().to_string(), text)
            })
            .collect()
    };
    assert_eq!(
        switch("es/about/index.html"),
        [("/about/".to_string(), "English".to_string())]
    );
    assert_eq!(
        switch("about/index.html"),
        [("/es/about/".to_string(), "Español".to_string())]
    );
    assert_eq!(
        switch("sources/index.html"),
        [("/es/sources/".to_string(), "Español".to_string())]
    );
    // Not translated: the switcher leads to the Spanish home page, and says so in Spanish.
    let glossary = switch("glossary/index.html");
    assert_eq!(glossary.len(), 1);
    assert_eq!(glossary[0].0, "/es/");
    assert_eq!(
        glossary[0].1,
        "Español (sin traducir): este enlace lleva a la sección «El masaje y el dolor articular: qué dicen las pruebas»"
    );
    let en = html(&out.join("glossary/index.html"));
    assert_eq!(select(&en, "html[lang=en]").len(), 1);
    assert!(
        alternate(&en, "x-default").is_empty(),
        "a page in one language has no alternates"
    );
}

/// A Spanish page of the bundled site shows its whole interface in Spanish: the site's
/// Spanish title, the skip link, the search form (which searches the Spanish index), the
/// evidence rating, the review dates with Spanish month names, the related topics (one only
/// in English, marked so) and the footer, whose list of sources is the Spanish one.
#[test]
fn the_bundled_spanish_pages_speak_spanish() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    bundled_site(root);
    copy_dir(&repo().join("content"), &root.join("content"));
    let out = built(root, &[]);
    let page = html(&out.join("es/benefits/sleep-energy/index.html"));
    let text = |selector: &str| texts(&page, selector).concat();
    assert_eq!(
        text("title"),
        "¿Puede el masaje mejorar el sueño y la energía? | El masaje y el dolor articular: qué dicen las pruebas"
    );
    assert_eq!(text("a.skip-link"), "Saltar al contenido principal");
    let form = select(&page, "header form.search");
    let attr = |name: &str| form[0].value().attr(name).unwrap_or_default().to_string();
    assert_eq!(attr("action"), "/es/search/");
    assert_eq!(attr("data-index-url"), "/es/search/index.js");
    assert_eq!(attr("aria-label"), "Buscar en el sitio");
    // The message shown when the index does not load is on the form; the others come with
    // the Spanish index (and only there: a page that is never searched does not carry them).
    assert_eq!(
        attr("data-t-unavailable"),
        "La búsqueda no está disponible ahora. Use el menú para ver todos los temas."
    );
    assert_eq!(attr("data-t-no-results"), "");
    let index = std::fs::read_to_string(out.join("es/search/index.js")).unwrap();
    let json = index
        .strip_prefix("reliefSearch.put(\"index.js\",")
        .and_then(|rest| rest.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{index}"));
    let meta: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        meta["messages"]["no_results"],
        "No hay resultados para «{query}». Pruebe con otra palabra, o vea los temas del menú."
    );
    assert_eq!(meta["messages"]["results"], "Resultados de la búsqueda");
    assert_eq!(
        text(".article-meta .evidence-label"),
        "Valoración de las pruebas:"
    );
    assert_eq!(text(".article-meta .badge"), "Pruebas escasas o débiles");
    assert_eq!(
        text(".review-dates p"),
        "Última revisión de la página: 5 de diciembre de 2026Próxima revisión prevista: 5 de diciembre de 2027"
    );
    assert_eq!(text("#key-points"), "Puntos clave");
    let related: Vec<(String, Option<String>)> = select(&page, "section.related a")
        .iter()
        .map(|a| {
            (
                a.value().attr("href").unwrap().to_string(),
                a.value().attr("hreflang").map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        related,
        [
            ("/es/benefits/stress-relief/".to_string(), None),
            ("/es/benefits/anxiety-depression/".to_string(), None),
            ("/es/safety/".to_string(), None),
        ]
    );
    assert!(select(&page, "footer a[hreflang=en]").is_empty());
    let sources: Vec<(String, String)> = select(&page, "footer a")
        .iter()
        .filter(|a| a.value().attr("href") == Some("/es/sources/"))
        .map(|a| ("/es/sources/".to_string(), a.text().collect()))
        .collect();
    assert_eq!(
        sources,
        [("/es/sources/".to_string(), "Fuentes".to_string())]
    );
    // A page whose chosen related topic exists only in English links to it, marked.
    let joints = html(&out.join("es/benefits/joint-pain/index.html"));
    let english_only: Vec<String> = select(&joints, "section.related a[hreflang=en]")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        english_only,
        ["/osteoarthritis-treatments/", "/what-to-expect/"]
    );
    // The about page's shortcode speaks the page's language.
    let about = html(&out.join("es/about/index.html"));
    assert!(texts(&about, "main p")
        .concat()
        .contains("Antes de publicar el sitio, pondremos aquí una dirección"));
    // The Spanish index is Spanish: its stemmer, its stop words, and the Spanish pages only.
    let index = std::fs::read_to_string(out.join("es/search/index.js")).unwrap();
    assert!(index.contains("\"stemmer\":\"spanish\""), "{index}");
    let english = std::fs::read_to_string(out.join("search/index.js")).unwrap();
    assert!(english.contains("\"stemmer\":\"english\""), "{english}");
}
