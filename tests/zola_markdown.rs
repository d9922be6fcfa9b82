//! Zola 0.23's `[markdown]` switches (getting-started/configuration.md of its documentation),
//! over the fixture site tests/fixtures/zola-markdown: each one set in turn, and the HTML
//! relief writes checked against what Zola writes for it.

mod common;

use common::{built, fixture, html, select, texts, write_file};
use std::path::Path;

/// Build the fixture with `lines` added to its `[markdown]` table, after `edit` has changed
/// it, and return its output folder.
fn build_with(lines: &str, edit: impl FnOnce(&Path)) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = fixture("zola-markdown");
    let config = std::fs::read_to_string(dir.path().join("zola.toml")).unwrap();
    let config = config.replace("[markdown]\n", &format!("[markdown]\n{lines}\n"));
    write_file(dir.path(), "zola.toml", &config);
    edit(dir.path());
    let out = built(dir.path(), &[]);
    (dir, out)
}

/// The inner HTML of each heading of the page at `path` (`notes/doc`), below its title.
fn headings(out: &Path, path: &str) -> Vec<String> {
    let doc = html(&out.join(path).join("index.html"));
    select(&doc, ".content h2, .content h3")
        .iter()
        .map(|h| h.inner_html())
        .collect()
}

#[test]
fn no_anchor_links_unless_asked_as_in_zola() {
    let (_dir, out) = build_with("", |_| {});
    assert_eq!(
        headings(&out, "notes/doc"),
        ["Knee <em>pain</em>", "Deeper"]
    );
}

#[test]
fn insert_anchor_links_places_zolas_built_in_anchor() {
    let zola = |id: &str| {
        // As scraper writes it back: attributes in name order.
        format!(
            "<a aria-label=\"Anchor link for: {id}\" class=\"zola-anchor\" href=\"#{id}\">🔗</a>"
        )
    };
    let (_dir, out) = build_with("insert_anchor_links = \"left\"", |_| {});
    assert_eq!(
        headings(&out, "notes/doc"),
        [
            format!("{}Knee <em>pain</em>", zola("knee-pain")),
            format!("{}Deeper", zola("deeper"))
        ]
    );
    // A section's own `insert_anchor_links` wins over `[markdown]`'s, for its pages too.
    assert_eq!(headings(&out, "quiet/doc"), ["Calm"]);
    // A bundle's index.md is a page of the section its folder is in.
    let (_dir, out) = build_with("insert_anchor_links = \"left\"", |root| {
        write_file(
            root,
            "content/quiet/bundle/index.md",
            "+++\ntitle = \"Bundle\"\n+++\n## Still\n",
        )
    });
    assert_eq!(headings(&out, "quiet/bundle"), ["Still"]);

    let (_dir, out) = build_with("insert_anchor_links = \"right\"", |_| {});
    assert_eq!(
        headings(&out, "notes/doc")[0],
        format!("Knee <em>pain</em>{}", zola("knee-pain"))
    );
    let (_dir, out) = build_with("insert_anchor_links = \"heading\"", |_| {});
    assert_eq!(
        headings(&out, "notes/doc")[0],
        "<a aria-label=\"Anchor link for: knee-pain\" class=\"zola-anchor\" href=\"#knee-pain\">Knee <em>pain</em></a>"
    );
}

#[test]
fn insert_anchor_links_renders_the_sites_anchor_link_template() {
    let (_dir, out) = build_with("insert_anchor_links = \"right\"", |root| {
        write_file(
            root,
            "templates/anchor-link.html",
            "<a class=\"hash\" href=\"#{{ id }}\" data-level=\"{{ level }}\" lang=\"{{ lang }}\">#</a>",
        );
    });
    let doc = html(&out.join("notes/doc/index.html"));
    let anchors: Vec<[&str; 4]> = select(&doc, ".content a.hash")
        .iter()
        .map(|a| {
            let parent = scraper::ElementRef::wrap(a.parent().unwrap()).unwrap();
            [
                parent.value().name(),
                a.attr("href").unwrap(),
                a.attr("data-level").unwrap(),
                a.attr("lang").unwrap(),
            ]
        })
        .collect();
    assert_eq!(
        anchors,
        [
            ["h2", "#knee-pain", "2", "en"],
            ["h3", "#deeper", "3", "en"]
        ]
    );
}

/// The page content/notes/features.md as built into `out`.
fn features(out: &Path) -> scraper::Html {
    html(&out.join("notes/features/index.html"))
}

#[test]
fn definition_list_makes_terms_and_definitions() {
    let (_dir, out) = build_with("", |_| {});
    assert!(select(&features(&out), "dl").is_empty());
    assert_eq!(texts(&features(&out), ".content p")[0], "Apple\n: A fruit.");
    let (_dir, out) = build_with("definition_list = true", |_| {});
    let page = features(&out);
    assert_eq!(texts(&page, ".content dl > dt"), ["Apple"]);
    assert_eq!(texts(&page, ".content dl > dd"), ["A fruit."]);
}

#[test]
fn lazy_async_image_marks_every_image_or_none() {
    let hints = |out: &Path| -> Vec<[String; 2]> {
        let page = features(out);
        select(&page, ".content img")
            .iter()
            .map(|img| {
                let attr = |n: &str| img.attr(n).unwrap_or("-").to_string();
                [attr("loading"), attr("decoding")]
            })
            .collect()
    };
    let none = ["-".to_string(), "-".to_string()];
    let lazy = ["lazy".to_string(), "async".to_string()];
    // Zola's default is false: no hints.
    let (_dir, out) = build_with("", |_| {});
    assert_eq!(hints(&out), [none.clone(), none.clone()]);
    let (_dir, out) = build_with("lazy_async_image = true", |_| {});
    assert_eq!(hints(&out), [lazy.clone(), lazy.clone()]);
    let (_dir, out) = build_with("lazy_async_image = false", |_| {});
    assert_eq!(hints(&out), [none.clone(), none]);
    // A config.toml site without the key keeps relief's: the first image loads at once.
    let (_dir, out) = build_with("", as_relief_site);
    assert_eq!(hints(&out), [["-".to_string(), "async".to_string()], lazy]);
}

#[test]
fn github_alerts_are_quotes_unless_asked_as_in_zola() {
    let (_dir, out) = build_with("", |_| {});
    let page = features(&out);
    assert!(select(&page, ".callout").is_empty());
    assert_eq!(
        texts(&page, ".content blockquote > p"),
        ["[!NOTE]\nStretch gently."]
    );
    let (_dir, out) = build_with("github_alerts = true", |_| {});
    let page = features(&out);
    assert_eq!(
        texts(&page, ".content .callout-note > p"),
        ["Note", "Stretch gently."]
    );
    // relief's own default in a config.toml site: callouts.
    let (_dir, out) = build_with("", as_relief_site);
    assert_eq!(select(&features(&out), ".content .callout-note").len(), 1);
}

/// Make the fixture a relief site: the same `[markdown]` table in `config.toml`, with one of
/// relief's own keys (`language`), which makes a `config.toml` relief's rather than Zola's.
fn as_relief_site(root: &Path) {
    let config = std::fs::read_to_string(root.join("zola.toml")).unwrap();
    std::fs::remove_file(root.join("zola.toml")).unwrap();
    write_file(root, "config.toml", &format!("language = \"en\"\n{config}"));
}

#[test]
fn bottom_footnotes_gather_the_notes_at_the_end_with_links_back() {
    let page_of = |out: &Path| html(&out.join("notes/footnotes/index.html"));
    // Zola's default: pulldown-cmark's footnotes, where they are written.
    let (_dir, out) = build_with("", |_| {});
    let page = page_of(&out);
    assert!(select(&page, "section.footnotes").is_empty());
    assert_eq!(select(&page, ".content .footnote-definition").len(), 3);

    let (_dir, out) = build_with("bottom_footnotes = true", |_| {});
    let page = page_of(&out);
    // Numbered by first reference; a second reference to a note gets its own id.
    let references: Vec<[&str; 3]> = select(&page, ".content p sup.footnote-reference")
        .iter()
        .map(|sup| {
            let a = select_in(sup, "a")[0];
            [sup.attr("id").unwrap(), a.attr("href").unwrap(), a_text(a)]
        })
        .collect();
    assert_eq!(
        references,
        [
            ["fr-b-1", "#fn-b", "[1]"],
            ["fr-a-1", "#fn-a", "[2]"],
            ["fr-b-2", "#fn-b", "[1]"]
        ]
    );
    // The notes referenced, last in the content, in that order, each linking back to every
    // reference from the end of its last paragraph.
    let last = select(&page, ".content > *")
        .last()
        .map(|e| e.value().name().to_string());
    assert_eq!(last.as_deref(), Some("section"));
    let notes: Vec<(String, Vec<String>, Vec<String>)> = select(
        &page,
        ".content > section.footnotes > ol.footnotes-list > li",
    )
    .iter()
    .map(|li| {
        let paragraphs = select_in(li, "p")
            .iter()
            .map(|p| p.text().collect::<String>())
            .collect();
        let back = select_in(li, "p:last-child > a")
            .iter()
            .map(|a| a.attr("href").unwrap().to_string())
            .collect();
        (li.attr("id").unwrap().to_string(), paragraphs, back)
    })
    .collect();
    assert_eq!(
        notes,
        [
            (
                "fn-b".to_string(),
                vec![
                    "A second note.".to_string(),
                    "With a second paragraph. ↩ ↩2".to_string()
                ],
                vec!["#fr-b-1".to_string(), "#fr-b-2".to_string()]
            ),
            (
                "fn-a".to_string(),
                vec!["A first note. ↩".to_string()],
                vec!["#fr-a-1".to_string()]
            )
        ]
    );
}

/// The elements matching `css` below `element`.
fn select_in<'a>(element: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    element
        .select(&scraper::Selector::parse(css).unwrap())
        .collect()
}

/// The text of a link.
fn a_text<'a>(a: scraper::ElementRef<'a>) -> &'a str {
    a.text().next().unwrap_or_default()
}

#[test]
fn render_emoji_replaces_shortcodes_outside_code() {
    let text = |out: &Path| {
        let page = html(&out.join("notes/emoji/index.html"));
        [
            texts(&page, ".content p")[0].clone(),
            texts(&page, ".content pre")[0].clone(),
        ]
    };
    let (_dir, out) = build_with("", |_| {});
    assert_eq!(
        text(&out),
        [
            "Stretch :+1: and smile :smile:, but not :cat: or :no_such_emoji:.",
            ":dog:"
        ]
    );
    let (_dir, out) = build_with("render_emoji = true", |_| {});
    assert_eq!(
        text(&out),
        [
            "Stretch 👍 and smile 😄, but not :cat: or :no_such_emoji:.",
            ":dog:"
        ]
    );
}

/// A reference to a footnote the page does not define: Zola shows `[^label]` as written, so a
/// Zola site builds with a warning at it; a relief site refuses it.
#[test]
fn an_undefined_footnote_is_text_and_a_warning_in_a_zola_site() {
    let add = |root: &Path| {
        write_file(
            root,
            "content/notes/cite.md",
            "+++\ntitle = \"Cite\"\n+++\n\n> — Rob Pike[^1], said[^two].\n\n[^two]: Two.\n",
        )
    };
    let dir = fixture("zola-markdown");
    add(dir.path());
    let out = dir.path().join("public");
    let o = common::build(dir.path(), &out, &[]);
    let err = common::stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("warning[undefined-footnote]: footnote `[^1]` is not defined"),
        "{err}"
    );
    assert!(err.contains("--> content/notes/cite.md:5:13"), "{err}");
    assert!(!err.contains("`[^two]` is not defined"), "{err}");
    let page = html(&out.join("notes/cite/index.html"));
    let quote = texts(&page, ".content blockquote > p");
    assert!(quote[0].starts_with("— Rob Pike[^1], said"), "{quote:?}");
    assert_eq!(select(&page, ".content sup.footnote-reference").len(), 1);

    let dir = fixture("zola-markdown");
    add(dir.path());
    as_relief_site(dir.path());
    let o = common::build(dir.path(), &dir.path().join("public"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(common::stderr(&o).contains("error: footnote `[^1]` is not defined"));
}
