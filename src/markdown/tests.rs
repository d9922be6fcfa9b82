use super::*;
use std::collections::HashMap;

/// Pages by content path, and files by site path.
struct Links(
    HashMap<&'static str, &'static str>,
    HashMap<&'static str, std::path::PathBuf>,
);

impl LinkResolver for Links {
    fn url(&self, path: &str) -> Option<String> {
        self.0.get(path).map(|s| s.to_string())
    }
    fn suggest(&self, path: &str) -> Option<String> {
        crate::diagnostics::suggest(path, self.0.keys().copied()).map(str::to_owned)
    }
    fn file(&self, site_path: &str) -> Option<std::path::PathBuf> {
        self.1.get(site_path).cloned()
    }
    fn base_path(&self) -> &str {
        "/"
    }
    fn draft(&self, path: &str) -> Option<&Path> {
        (path == "draft.md").then_some(Path::new("content/draft.md"))
    }
    fn example(&self) -> Option<String> {
        self.0.keys().min().map(|s| s.to_string())
    }
}

fn render_with(body: &str, refs: &[&str]) -> (Rendered, Vec<Diagnostic>) {
    render_hooked(body, refs, None)
}

/// The HTML of `body` with headings' anchor links placed as `anchors` says, no hooks.
fn html_anchored(body: &str, anchors: AnchorLinks) -> String {
    let links = Links(HashMap::new(), HashMap::new());
    let (r, d) = render(&Input {
        body,
        file: Path::new("content/p.md"),
        line_offset: 3,
        dir: "p/",
        beside: None,
        reference_ids: &[],
        links: &links,
        hooks: None,
        heading_ids: crate::slug::Strategy::Relief,
        smart_punctuation: true,
        external_links: &Default::default(),
        features: MarkdownFeatures {
            anchor_links: anchors,
            ..Default::default()
        },
        lang: "",
        words: &crate::config::Words::default(),
        highlighter: None,
    });
    assert!(d.is_empty(), "{d:?}");
    r.content.to_string()
}

#[test]
fn zola_anchor_links_without_a_template_are_zolas_default() {
    let a = "<a class=\"zola-anchor\" href=\"#a-b\" aria-label=\"Anchor link for: a-b\">🔗</a>";
    assert_eq!(
        html_anchored("## A *b*\n", AnchorLinks::Left),
        format!("<h2 id=\"a-b\">{a}A <em>b</em></h2>\n")
    );
    assert_eq!(
        html_anchored("## A *b*\n", AnchorLinks::Right),
        format!("<h2 id=\"a-b\">A <em>b</em>{a}</h2>\n")
    );
    assert_eq!(
        html_anchored("## A *b*\n", AnchorLinks::Heading),
        "<h2 id=\"a-b\"><a class=\"zola-anchor\" href=\"#a-b\" aria-label=\"Anchor link for: a-b\">A <em>b</em></a></h2>\n"
    );
    assert_eq!(
        html_anchored("## A *b*\n", AnchorLinks::None),
        "<h2 id=\"a-b\">A <em>b</em></h2>\n"
    );
}

/// The HTML of `body`, citing `refs`, with `features` and relief's words as `words` has them.
fn html_in(
    body: &str,
    refs: &[&str],
    features: MarkdownFeatures,
    words: &crate::config::Words,
) -> String {
    let links = Links(HashMap::new(), HashMap::new());
    let (r, d) = render(&Input {
        body,
        file: Path::new("content/p.es.md"),
        line_offset: 3,
        dir: "es/p/",
        beside: None,
        reference_ids: refs,
        links: &links,
        hooks: None,
        heading_ids: crate::slug::Strategy::Relief,
        smart_punctuation: true,
        external_links: &Default::default(),
        features,
        lang: "es",
        words,
        highlighter: None,
    });
    assert!(d.iter().all(|d| !d.is_error()), "{d:?}");
    r.content.to_string()
}

#[test]
fn relief_s_own_words_are_in_the_page_s_language() {
    let spanish = crate::config::Words::builtin("es");
    let features = MarkdownFeatures {
        anchor_links: AnchorLinks::Right,
        bottom_footnotes: true,
        ..Default::default()
    };
    let body = "## Dormir\n\nUn dato [@a; @b], otra vez [@a].[^n] Y otra.[^n]\n\n\
                > [!WARNING]\n> Cuidado.\n\n> [!TIP]\n> Pruebe.\n\n[^n]: Una nota.\n";
    let out = html_in(body, &["a", "b"], features, &spanish);
    for expected in [
        "aria-label=\"Referencia 1\">1</a>",
        "aria-label=\"Referencia 2\">2</a>",
        "role=\"note\" aria-label=\"Advertencia\">",
        "</svg>Advertencia</p>",
        "aria-label=\"Consejo\">\n<p class=\"callout-title\">Consejo</p>",
        "href=\"#dormir\" aria-label=\"Enlace a esta sección\">🔗</a>",
        "<a href=\"#fr-n-1\" aria-label=\"Volver a la llamada 1 en el texto\">↩</a>",
        "<a href=\"#fr-n-2\" aria-label=\"Volver a la llamada 1 en el texto (2)\">↩2</a>",
    ] {
        assert!(out.contains(expected), "no {expected:?} in\n{out}");
    }
    assert!(
        !out.contains("Reference") && !out.contains("Warning"),
        "{out}"
    );

    // A Zola site's anchor links and footnotes are Zola's, whatever the language.
    let mut zola = crate::config::Words::builtin("es");
    zola.zola = true;
    let out = html_in(body, &["a", "b"], features, &zola);
    assert!(
        out.contains("aria-label=\"Anchor link for: dormir\">🔗</a>"),
        "{out}"
    );
    assert!(out.contains("<a href=\"#fr-n-1\">↩</a>"), "{out}");
    assert!(out.contains("aria-label=\"Referencia 1\""), "{out}");

    // A site's own words are escaped like any text.
    let site = crate::config::Config::parse(
        "title = \"T\"\nbase_url = \"https://e.org\"\nlanguage = \"en\"\n\
         [translations]\ncitation_label = \"Source \\\"{number}\\\" & more\"\n",
        Path::new("config.toml"),
    )
    .unwrap();
    let out = html_in("A [@a].\n", &["a"], Default::default(), &site.words("en"));
    assert!(
        out.contains("aria-label=\"Source &quot;1&quot; &amp; more\">1</a>"),
        "{out}"
    );
}

/// Render `body` as the file content/p.md, whose body starts on line 4.
fn render_hooked(
    body: &str,
    refs: &[&str],
    hooks: Option<&dyn Hooks>,
) -> (Rendered, Vec<Diagnostic>) {
    let links = Links(
        HashMap::from([("sleep.md", "/sleep/"), ("glossary.md", "/glossary/")]),
        HashMap::new(),
    );
    render(&Input {
        body,
        file: Path::new("content/p.md"),
        line_offset: 3,
        dir: "p/",
        beside: None,
        reference_ids: refs,
        links: &links,
        hooks,
        heading_ids: crate::slug::Strategy::Relief,
        smart_punctuation: true,
        external_links: &Default::default(),
        features: Default::default(),
        lang: "",
        words: &crate::config::Words::default(),
        highlighter: None,
    })
}

fn html(body: &str) -> String {
    let (r, d) = render_with(body, &[]);
    assert!(d.is_empty(), "{d:?}");
    r.content.to_string()
}

#[test]
fn headings_get_unique_ids() {
    let out = html("## Tips\n\n## Tips\n\n### Why *this*? {#why .x}\n");
    assert!(out.contains("<h2 id=\"tips\">Tips</h2>"), "{out}");
    assert!(out.contains("<h2 id=\"tips-1\">"), "{out}");
    assert!(
        out.contains("<h3 id=\"why\" class=\"x\">Why <em>this</em>?"),
        "{out}"
    );
}

#[test]
fn toc_is_nested_and_uses_plain_text() {
    let (r, _) = render_with("## One\n### Sub `code`\n## Two\n", &[]);
    assert_eq!(r.toc.len(), 2);
    assert_eq!(r.toc[0].children[0].title, "Sub code");
    assert_eq!(r.toc[0].children[0].id, "sub-code");
}

#[test]
fn gfm_extensions_render() {
    let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ - [x] done\n\n- [ ] task\n\nSay \"hi\" -- ok[^1]\n\n[^1]: Note.\n");
    assert!(out.contains("<table>"), "{out}");
    assert!(out.contains("<del>old</del>"), "{out}");
    assert!(out.contains("type=\"checkbox\""), "{out}");
    assert!(out.contains("“hi”"), "smart quotes: {out}");
    assert!(out.contains("footnote"), "{out}");
}

#[test]
fn alerts_become_labelled_callouts() {
    for (marker, class, label) in [
        ("NOTE", "note", "Note"),
        ("TIP", "tip", "Tip"),
        ("IMPORTANT", "important", "Important"),
        ("WARNING", "warning", "Warning"),
        ("CAUTION", "caution", "Caution"),
    ] {
        let out = html(&format!("> [!{marker}]\n> Be careful.\n"));
        assert!(
            out.contains(&format!(
                "<div class=\"callout callout-{class}\" role=\"note\" aria-label=\"{label}\">"
            )),
            "{out}"
        );
        assert!(out.contains("Be careful."), "{out}");
        assert!(out.trim_end().ends_with("</div>"), "{out}");
        // Only the kinds that warn of danger carry an icon, hidden from screen readers.
        let icon = "<p class=\"callout-title\"><svg class=\"callout-icon\" aria-hidden=\"true\"";
        assert_eq!(
            out.contains(icon),
            matches!(marker, "WARNING" | "CAUTION"),
            "{out}"
        );
        assert_eq!(out.matches("<svg").count(), out.matches("</svg>").count());
    }
    assert!(html("> plain quote\n").contains("<blockquote>"));
}

#[test]
fn titled_callouts_are_named_by_their_title() {
    let out = html("> [!WARNING] Get *emergency* help `now`\n> Call 999.\n>\n> More.\n\n> [!tip] Lower case works\n\n> [!IMPORTANT] Same title\n\n> [!CAUTION] Same title\n> Body\n");
    assert!(
        out.starts_with(
            "<div class=\"callout callout-warning\" role=\"note\" aria-labelledby=\"callout-get-emergency-help-now\">\n\
             <p class=\"callout-title\" id=\"callout-get-emergency-help-now\"><svg class=\"callout-icon\" aria-hidden=\"true\" focusable=\"false\" width=\"24\" height=\"24\" viewBox=\"0 0 24 24\"><path fill=\"currentColor\" fill-rule=\"evenodd\" d=\"M12 1.5 23.5 22H.5ZM10.8 8.5h2.4v7h-2.4Zm0 8.8h2.4v2.4h-2.4Z\"/></svg><span>Get <em>emergency</em> help <code>now</code></span></p>\n\
             <p>Call 999.</p>\n<p>More.</p>\n</div>\n"
        ),
        "{out}"
    );
    // A title alone; a title repeated gets an id of its own.
    assert!(
        out.contains("<div class=\"callout callout-tip\" role=\"note\" aria-labelledby=\"callout-lower-case-works\">\n<p class=\"callout-title\" id=\"callout-lower-case-works\"><span>Lower case works</span></p>\n</div>\n"),
        "{out}"
    );
    assert!(
        out.contains("aria-labelledby=\"callout-same-title\""),
        "{out}"
    );
    assert!(
        out.contains("aria-labelledby=\"callout-same-title-1\">\n<p class=\"callout-title\" id=\"callout-same-title-1\"><svg class=\"callout-icon\"")
            && out.contains("</svg><span>Same title</span></p>\n<p>Body</p>"),
        "{out}"
    );
    // Citations and links in a title are processed like any others.
    let (r, d) = render_with("> [!NOTE] See [sleep](@/sleep.md) [@a]\n> Body.\n", &["a"]);
    assert!(d.is_empty(), "{d:?}");
    assert!(
        r.content.contains("<span>See <a href=\"/sleep/\">sleep</a> <sup class=\"citation\">[<a href=\"#ref-a\" id=\"cite-a-1\""),
        "{}",
        r.content
    );
    assert!(
        r.content.contains("id=\"callout-see-sleep\""),
        "{}",
        r.content
    );
    // Links can point at a callout's title.
    let (r, _) = render_with("> [!NOTE] See this\n> x\n\n[up](#callout-see-this)\n", &[]);
    assert!(r.anchors.contains("callout-see-this"));
    // The title is searchable text of its section.
    assert!(
        r.text_sections[0].text.starts_with("See this x"),
        "{:?}",
        r.text_sections
    );
}

#[test]
fn unknown_callout_types_are_errors_suggesting_the_closest() {
    for (marker, closest) in [
        ("DANGER", "CAUTION"),
        ("WARNIGN", "WARNING"),
        ("info", "NOTE"),
        ("Tipp", "TIP"),
        ("attention", "WARNING"),
    ] {
        let (r, d) = render_with(&format!("Text.\n\n> [!{marker}] A title\n> Body.\n"), &[]);
        assert_eq!(d.len(), 1, "{marker}: {d:?}");
        assert_eq!(d[0].message, format!("unknown callout type `[!{marker}]`"));
        let loc = d[0].location.clone().unwrap();
        assert_eq!((loc.line, loc.column), (Some(6), Some(3)), "{marker}");
        assert_eq!(
            d[0].help.as_deref(),
            Some(format!("did you mean `[!{closest}]`? The callout types are [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] and [!CAUTION]").as_str())
        );
        assert!(r.content.contains("<blockquote>"), "{}", r.content);
    }
    // Nothing close: the list alone.
    let (_, d) = render_with("> [!XYZZY]\n", &[]);
    assert_eq!(
        d[0].help.as_deref(),
        Some("The callout types are [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] and [!CAUTION]")
    );
    // Not markers: escaped, a link, not at the start, not a name.
    for body in [
        "> \\[!DANGER]\n",
        "> [!DANGER](https://example.org/)\n",
        "> Text [!DANGER]\n",
        "> [!] x\n",
        "> [!1x] x\n",
    ] {
        let (_, d) = render_with(body, &[]);
        assert!(d.is_empty(), "{body}: {d:?}");
    }
}

#[test]
fn undefined_footnotes_are_errors_at_their_place() {
    let (_, d) = render_with(
        "A claim[^one] and[^Two].\n\nAnother[^nope] and `[^code]` and \\[^escaped].\n\n    [^indented]\n\n[^one]: Defined.\n[^two]: Matched without case.\n",
        &[],
    );
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].message, "footnote `[^nope]` is not defined");
    let loc = d[0].location.clone().unwrap();
    assert_eq!((loc.line, loc.column, loc.width), (Some(6), Some(8), 7));
    assert_eq!(
        d[0].help.as_deref(),
        Some("the footnotes defined on this page are [^one], [^two]; define this one with a line `[^nope]: The note's text.`")
    );
    let (_, d) = render_with("It’s known[^it's].\n", &[]);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].message, "footnote `[^it's]` is not defined");
    assert_eq!(
        d[0].help.as_deref(),
        Some("no footnotes are defined on this page: add a line `[^it's]: The note's text.` after the paragraph, or write `\\[^it's]` to show the brackets as text")
    );
}

#[test]
fn citations_in_headings_and_groups_count() {
    let refs = ["a", "b", "c"];
    let (r, d) = render_with("## Evidence [@a]\n\nText [@b; @c].\n", &refs);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(r.reference_order, vec![(0, 1), (1, 1), (2, 1)]);
    assert!(
        r.content.starts_with("<h2 id=\"evidence\">Evidence <sup class=\"citation\">[<a href=\"#ref-a\" id=\"cite-a-1\" aria-label=\"Reference 1\">1</a>]</sup></h2>"),
        "{}",
        r.content
    );
    assert_eq!(r.toc[0].title, "Evidence");
    assert_eq!(r.text_sections[1].heading, "Evidence");
    assert_eq!(r.text_sections[0].text, "");
    // A bad id in a group: an error at the id, and the group's other ids still count.
    let (r, d) = render_with("Text [@a;\n  @nope; @b] [@nope].\n", &refs);
    let located: Vec<(usize, usize, usize)> = d
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let l = d.location.as_ref().unwrap();
            (l.line.unwrap(), l.column.unwrap(), l.width)
        })
        .collect();
    assert_eq!(located, [(5, 3, 5), (5, 15, 5)], "{d:?}");
    assert_eq!(r.reference_order, vec![(0, 1), (1, 1), (2, 0)]);
    assert_eq!(
        d.iter().filter(|d| !d.is_error()).count(),
        1,
        "only `c`: {d:?}"
    );
}

#[test]
fn links_in_headings_resolve() {
    let (r, d) = render_with("## See [sleep](@/sleep.md) and [gone](@/gone.md)\n", &[]);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        r.content.contains("<a href=\"/sleep/\">sleep</a>"),
        "{}",
        r.content
    );
    assert_eq!(r.toc[0].id, "see-sleep-and-gone");
}

#[test]
fn a_link_to_a_draft_says_so() {
    let (_, d) = render_with("See [x](@/draft.md).\n", &[]);
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0].message,
        "link to a draft: `@/draft.md` has `draft = true`, and drafts are built only with --drafts"
    );
    assert_eq!(
        d[0].help.as_deref(),
        Some("to publish it, remove `draft = true` from content/draft.md; to preview it, run relief serve --drafts")
    );
    // A page nothing like any: the hint shows one of the site's own.
    let (_, d) = render_with("See [x](@/zzzz/qqqq.md).\n", &[]);
    assert_eq!(
        d[0].help.as_deref(),
        Some("internal links name a file under content/, e.g. @/glossary.md")
    );
}

#[test]
fn internal_links_resolve_and_are_recorded() {
    let (r, d) = render_with("See [sleep](@/sleep.md#tips) and [here](#local).\n", &[]);
    assert!(d.is_empty());
    assert!(r.content.contains("href=\"/sleep/#tips\""), "{}", r.content);
    assert_eq!(r.internal_links.len(), 2);
    assert_eq!(r.internal_links[0].target.as_deref(), Some("sleep.md"));
    assert_eq!(r.internal_links[0].anchor.as_deref(), Some("tips"));
    assert_eq!(r.internal_links[1].target, None);
}

#[test]
fn internal_links_keep_the_href_written_in_the_html() {
    let body = "## See [the glossary](@/glossary.md)\n\n\
                [sleep](@/sleep.md#tips), [here](#local) and ![a chart](@/sleep.md#chart).\n";
    for hooks in [None, Some(&TestHooks { elements: true } as &dyn Hooks)] {
        let (r, d) = render_hooked(body, &[], hooks);
        assert!(d.is_empty(), "{d:?}");
        let hrefs: Vec<&str> = r.internal_links.iter().map(|l| l.href.as_str()).collect();
        assert_eq!(
            hrefs,
            ["/glossary/", "/sleep/#tips", "#local", "/sleep/#chart"],
            "hooks: {}",
            hooks.is_some()
        );
        // Each is a URL of the HTML, as the crawl of the written page will read it.
        let doc = scraper::Html::parse_fragment(&r.content);
        let written: Vec<&str> = doc
            .select(&scraper::Selector::parse("a[href], img[src]").unwrap())
            .filter_map(|e| e.attr("href").or(e.attr("src")))
            .collect();
        for href in hrefs {
            assert!(written.contains(&href), "{href} in {}", r.content);
        }
    }
}

#[test]
fn link_to_missing_page_names_file_line_and_suggests() {
    let (_, d) = render_with("Intro.\n\nSee [x](@/slep.md).\n", &[]);
    assert_eq!(d.len(), 1);
    let loc = d[0].location.clone().unwrap();
    assert_eq!((loc.line, loc.column), (Some(6), Some(5)), "{}", d[0]);
    assert_eq!(d[0].help.as_deref(), Some("did you mean `@/sleep.md`?"));
}

#[test]
fn citations_are_numbered_in_order_of_first_use() {
    let refs = ["a", "b", "c"];
    let (r, d) = render_with("One [@b]. Two [@a; @b]. Three [@b].\n", &refs);
    assert_eq!(d.len(), 1, "only the unused reference warns: {d:?}");
    assert_eq!(d[0].severity, crate::diagnostics::Severity::Warning);
    assert!(d[0].message.contains("`c`"));
    assert_eq!(r.reference_order, vec![(1, 3), (0, 1), (2, 0)]);
    assert!(
        r.content
            .contains("<a href=\"#ref-b\" id=\"cite-b-1\" aria-label=\"Reference 1\">1</a>"),
        "{}",
        r.content
    );
    assert!(
        r.content
            .contains("id=\"cite-a-1\" aria-label=\"Reference 2\">2</a>"),
        "{}",
        r.content
    );
    assert!(r.content.contains("id=\"cite-b-3\""), "{}", r.content);
    assert!(r.anchors.contains("ref-a") && r.anchors.contains("cite-b-3"));
}

#[test]
fn unknown_citation_is_an_error_at_its_line() {
    let refs = ["perlman2006"];
    let (_, d) = render_with("Text.\nMore [@perlman2007].\n", &refs);
    let e = d.iter().find(|d| d.is_error()).expect("an error");
    assert!(e.message.contains("`perlman2007`"));
    assert_eq!(e.location.clone().unwrap().line, Some(5));
    assert_eq!(
        e.help.as_deref(),
        Some("did you mean `@perlman2006`? (ids come from this page's [[references]])")
    );
}

#[test]
fn non_citation_brackets_stay_text() {
    assert!(html("An [aside] and [email@x] here.\n").contains("An [aside] and [email@x] here."));
}

#[test]
fn summary_splits_at_more_marker() {
    let (r, _) = render_with("- one\n- two\n\n<!-- more -->\n\n## Body\n\ntext\n", &[]);
    assert!(r.summary.as_deref().unwrap().contains("<li>one</li>"));
    assert!(!r.content.contains("<li>one</li>"));
    assert!(r.content.contains("<h2 id=\"body\">"));
    let (r, _) = render_with("just text\n", &[]);
    assert!(r.summary.is_none());
}

#[test]
fn word_count_and_reading_time() {
    let (r, _) = render_with(
        "# Title here\n\nOne two three four.\n\n```\nnot counted code\n```\n",
        &[],
    );
    assert_eq!(r.word_count, 6);
    // Words split into several events (smart quotes, emphasis) count once; table cells,
    // list items and headings of every level are separate words.
    let (r, _) = render_with(
        "It's un*believ*able, don't you think?\n\n## A  heading\n\n| a | b |\n|---|---|\n| c | d |\n\n- x\n- y\n",
        &[],
    );
    assert_eq!(r.word_count, 5 + 2 + 4 + 2);
    assert_eq!(reading_time(0), 1);
    assert_eq!(reading_time(201), 2);
}

#[test]
fn images_are_recorded_with_alt_state() {
    let (r, _) = render_with("![](a.png) ![A cat](b.png)\n", &[]);
    assert_eq!(r.images.len(), 2);
    assert!(!r.images[0].has_alt);
    assert!(r.images[1].has_alt);
}

#[test]
fn raw_html_and_pathological_input_do_not_panic() {
    let deep = "> ".repeat(2000) + "x\n";
    let _ = render_with(&deep, &[]);
    let lists = "- ".repeat(2000) + "x\n";
    let _ = render_with(&lists, &[]);
    let _ = render_with("[@]\n[@ a]\n[@a;]\n<!-- more -->\n<!-- more -->\n", &[]);
}

#[test]
fn text_sections_split_at_h2_to_h4_without_markup_citations_or_self_links() {
    let refs = ["a"];
    let body = "Before *any* heading [@a].\n\n## What the `evidence` says\n\n- One\n- Two & three\n\n#### Trials\n\nSmall\ntrials ![alt text](x.png)\n\n##### Minor\n\nEnd.\n";
    let (r, _) = render_with(body, &refs);
    let got: Vec<(&str, &str, &str)> = r
        .text_sections
        .iter()
        .map(|t| (t.anchor.as_str(), t.heading.as_str(), t.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("", "", "Before any heading ."),
            (
                "what-the-evidence-says",
                "What the evidence says",
                "One Two & three"
            ),
            ("trials", "Trials", "Small trials Minor End."),
        ]
    );
}

#[test]
fn search_text_collapses_white_space_like_split_whitespace() {
    let pieces = [
        "  lead",
        "ing  ",
        "\t",
        "word\u{a0}\u{2003}next ",
        "",
        " ",
        "a",
        "b\n\nc",
        "  ",
        "end\u{3000}",
        "\u{b}v\u{c}f\u{85}n\u{1680}o\u{2028}l\u{202f}n\u{205f}m",
        "café\u{2029}€ ñ\u{200b}zero-width-is-not-space",
        // Printable ASCII with single spaces takes the fast path.
        "x",
        " y",
        "z ",
        " ",
        "w v",
        " ",
        " u",
    ];
    let mut sections = vec![TextSection::default()];
    for p in pieces {
        push_text(&mut sections, p);
    }
    let mut text = sections.pop().unwrap().text;
    if text.ends_with(' ') {
        text.pop();
    }
    let expected = pieces
        .concat()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(text, expected);
}

/// A PNG header that says `width` × `height`.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend_from_slice(&width.to_be_bytes());
    bytes.extend_from_slice(&height.to_be_bytes());
    bytes.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

#[test]
fn local_images_get_their_size_and_all_but_the_first_load_lazily() {
    let dir = tempfile::tempdir().unwrap();
    let knee = dir.path().join("knee.png");
    std::fs::write(&knee, png(640, 427)).unwrap();
    let links = Links(
        HashMap::new(),
        HashMap::from([("p/knee.png", knee.clone()), ("img/knee.png", knee)]),
    );
    let (r, d) = render(&Input {
        body: "![A *swollen* knee](knee.png \"The knee\")\n\n![Again](/img/knee.png) ![Elsewhere](https://example.org/x.png)\n",
        file: Path::new("content/p.md"),
        line_offset: 0,
        dir: "p/",
        beside: None,
        reference_ids: &[],
        links: &links,
        hooks: None,
        heading_ids: crate::slug::Strategy::Relief,
        smart_punctuation: true,
        external_links: &Default::default(),
        features: Default::default(),
        lang: "",
        words: &crate::config::Words::default(),
        highlighter: None,
    });
    assert!(d.is_empty(), "{d:?}");
    let doc = scraper::Html::parse_fragment(&r.content);
    let imgs: Vec<_> = doc
        .select(&scraper::Selector::parse("img").unwrap())
        .map(|e| e.value().clone())
        .collect();
    assert_eq!(imgs.len(), 3, "{}", r.content);
    let attr = |i: usize, name: &str| imgs[i].attr(name).map(str::to_owned);
    assert_eq!(attr(0, "alt").as_deref(), Some("A swollen knee"));
    assert_eq!(attr(0, "title").as_deref(), Some("The knee"));
    assert_eq!(
        (attr(0, "width"), attr(0, "height")),
        (Some("640".into()), Some("427".into()))
    );
    assert_eq!(attr(0, "loading"), None, "the first image is not delayed");
    assert_eq!(
        attr(1, "width").as_deref(),
        Some("640"),
        "a root-relative static file"
    );
    assert_eq!(attr(1, "loading").as_deref(), Some("lazy"));
    assert_eq!(
        attr(2, "width"),
        None,
        "other sites' images are not fetched"
    );
    assert_eq!(attr(2, "loading").as_deref(), Some("lazy"));
    assert!(imgs.iter().all(|i| i.attr("decoding") == Some("async")));
}

/// Hooks written by plain functions instead of templates. Shortcodes: `tip` wraps its body,
/// `abbr` shows its arguments. With `elements`, links and headings are written too.
struct TestHooks {
    elements: bool,
}

impl Hooks for TestHooks {
    fn has_hook(&self, element: Element) -> bool {
        self.elements && element != Element::Image
    }

    fn link(&self, link: &LinkHook<'_>, _: &Path) -> Option<Result<String, Vec<Diagnostic>>> {
        Some(Ok(format!(
            "<a href=\"{}\" data-external=\"{}\" title=\"{}\">{}</a>\n",
            link.url, link.external, link.title, link.content
        )))
    }

    fn heading(&self, h: &HeadingHook<'_>, _: &Path) -> Option<Result<String, Vec<Diagnostic>>> {
        Some(Ok(format!(
            "<h{0} id=\"{1}\" class=\"{2}\" data-text=\"{3}\">{4}</h{0}>",
            h.level,
            h.id,
            h.classes.join(" "),
            h.text,
            h.content
        )))
    }

    fn image(&self, _: &Img<'_>, _: bool, _: &Path) -> Option<Result<String, Vec<Diagnostic>>> {
        None
    }

    fn anchor_link(&self, _: &str, _: u8, _: &Path) -> Option<Result<String, Vec<Diagnostic>>> {
        None
    }

    fn shortcode(
        &self,
        call: &shortcodes::Call<'_>,
        _: &Path,
    ) -> Option<Result<String, Vec<Diagnostic>>> {
        let arg = |key: &str| match call.args.iter().find(|(k, _)| k == key) {
            Some((_, shortcodes::Arg::Str(s))) => s.clone(),
            _ => String::new(),
        };
        match call.name {
            "tip" => Some(Ok(format!(
                "<aside class=\"tip\"><p>Tip {}</p>\n{}\n</aside>\n",
                call.nth,
                shortcodes::BODY_MARK
            ))),
            "abbr" => Some(Ok(format!(
                "<abbr title=\"{}\">{}</abbr>\n",
                arg("title"),
                arg("text")
            ))),
            _ => None,
        }
    }

    fn shortcode_names(&self) -> Vec<String> {
        vec!["tip".into(), "abbr".into()]
    }
}

fn render_shortcodes(body: &str, refs: &[&str]) -> (Rendered, Vec<Diagnostic>) {
    render_hooked(body, refs, Some(&TestHooks { elements: false }))
}

#[test]
fn shortcodes_inline_in_a_block_and_around_markdown() {
    let body = "Take an {{ abbr(text=\"NSAID\", title=\"anti-inflammatory\") }} with food.\n\n\
                {{ abbr(text=\"alone\") }}\n\n\
                {% tip() %}\n\
                ## Inside\n\n\
                Ask first [@a], see [sleep](@/sleep.md).\n\
                {% end %}\n\n\
                `{{ abbr(text=\"code\") }}` and\n\n    {{ abbr(text=\"indented code\") }}\n";
    let (r, d) = render_shortcodes(body, &["a"]);
    assert!(d.is_empty(), "{d:?}");
    let doc = scraper::Html::parse_fragment(&r.content);
    let select = |css: &str| -> Vec<String> {
        doc.select(&scraper::Selector::parse(css).unwrap())
            .map(|e| e.text().collect::<String>())
            .collect()
    };
    // Inline: inside the paragraph, no stray space before the full stop's words.
    assert_eq!(select("p > abbr"), ["NSAID"]);
    assert!(r
        .content
        .contains("<abbr title=\"anti-inflammatory\">NSAID</abbr> with food."));
    // A call alone on its line is a block, not wrapped in a paragraph.
    assert!(
        r.content.contains("\n<abbr title=\"\">alone</abbr>\n"),
        "{}",
        r.content
    );
    // The body is the page's Markdown: heading with an id in the TOC, citation, link.
    assert_eq!(select("aside.tip > h2"), ["Inside"]);
    assert_eq!(select("aside.tip > p sup a"), ["1"]);
    assert_eq!(select("aside.tip a[href=\"/sleep/\"]"), ["sleep"]);
    assert_eq!(r.toc.len(), 1);
    assert_eq!(r.reference_order, vec![(0, 1)]);
    // Code shows calls as written.
    assert_eq!(
        select("code"),
        [
            "{{ abbr(text=\"code\") }}",
            "{{ abbr(text=\"indented code\") }}\n"
        ]
    );
    // Shortcode text is searchable and counted.
    assert!(r.text_sections[0]
        .text
        .contains("NSAID with food. alone Tip 1"));
    assert!(r.word_count >= 15, "{}", r.word_count);
}

#[test]
fn calls_between_thousands_of_code_spans_and_blocks() {
    // Every call is checked against the code only around it (this was a scan of every code
    // range per call: 10^8 checks here).
    let unit = "`{{ abbr(text=\"in code\") }}` {{ abbr(text=\"x\") }}\n\n```\n{{ abbr(text=\"block\") }}\n```\n\n";
    let (r, d) = render_shortcodes(&unit.repeat(5_000), &[]);
    assert!(d.is_empty(), "{:?}", d.first());
    assert_eq!(
        r.content.matches("<abbr title=\"\">x</abbr>").count(),
        5_000
    );
    assert_eq!(
        r.content
            .matches("<code>{{ abbr(text=\"in code\") }}</code>")
            .count(),
        5_000
    );
    assert_eq!(
        r.content
            .matches("<code>{{ abbr(text=\"block\") }}\n</code>")
            .count(),
        5_000
    );
}

#[test]
fn diagnostics_after_shortcodes_keep_their_lines() {
    // Line 4 of the body is line 7 of the file (line_offset 3); the calls before it are
    // longer and shorter than their placeholders and span lines.
    let body =
        "{{ abbr(text=\"a much longer call than its placeholder\",\n  title=\"two lines\") }}\n\
                {{ abbr() }} [x](@/nope.md)\n\n\
                see [y](@/gone.md)\n";
    let (_, d) = render_shortcodes(body, &[]);
    let lines: Vec<(usize, usize)> = d
        .iter()
        .map(|d| {
            let l = d.location.as_ref().unwrap();
            (l.line.unwrap(), l.column.unwrap())
        })
        .collect();
    assert_eq!(lines, [(6, 14), (8, 5)], "{d:?}");
    assert_eq!(
        d[1].location.as_ref().unwrap().snippet.as_deref(),
        Some("see [y](@/gone.md)")
    );
}

#[test]
fn shortcode_mistakes_are_errors_at_their_call() {
    let cases = [
        ("{{ abrr(text=\"x\") }}\n", "unknown shortcode `abrr`", 4),
        (
            "x {% tip() %}\ny\n{% end %}\n",
            "must be on a line of its own",
            4,
        ),
        ("{% end %}\n", "closes no shortcode", 4),
        ("a\n\n{% tip() %}\nb\n", "never closed", 6),
        (
            "{{ abbr(text=\"x\" title=\"y\") }}\n",
            "expected `,` or `)`",
            4,
        ),
    ];
    for (body, message, line) in cases {
        let (_, d) = render_shortcodes(body, &[]);
        assert_eq!(d.len(), 1, "{body}: {d:?}");
        assert!(d[0].message.contains(message), "{body}: {d:?}");
        assert_eq!(d[0].location.as_ref().unwrap().line, Some(line), "{body}");
    }
    let (_, d) = render_shortcodes("{{ abrr() }}\n", &[]);
    assert!(d[0]
        .help
        .as_deref()
        .unwrap()
        .contains("did you mean `abbr`?"));
}

#[test]
fn escaped_shortcodes_lose_their_comment_marks_in_code_too() {
    let body = "`{{/* abbr(text=\"x\") */}}` and {{/* abbr() */}}, `{%/* tip() */%}`\n\n\
                ```\n{{/* abbr(text=\"x\") */}}\n{%/* tip() */%}\n{%/* end */%}\n```\n\n\
                `{{ abbr() }}` and `{{/* unclosed`\n\n\
                [x](@/nope.md)\n";
    let (r, d) = render_shortcodes(body, &[]);
    assert_eq!(
        &*r.content,
        "<p><code>{{ abbr(text=\"x\") }}</code> and {{ abbr() }}, <code>{% tip() %}</code></p>\n\
         <pre><code>{{ abbr(text=\"x\") }}\n{% tip() %}\n{% end %}\n</code></pre>\n\
         <p><code>{{ abbr() }}</code> and <code>{{/* unclosed</code></p>\n\
         <p><a href=\"@/nope.md\">x</a></p>\n"
    );
    // Lines after them stay right.
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].location.as_ref().unwrap().line, Some(14));
}

#[test]
fn link_and_heading_hooks_get_the_content_as_html() {
    let body = "## Sleep *well* {.wide}\n\nSee [the **sleep** page](@/sleep.md \"Sleep\"), \
                [NHS](https://www.nhs.uk/) and [a badge ![icon](i.png)](#sleep-well).\n\n\
                [broken](@/nope.md)\n";
    let (r, d) = render_hooked(body, &[], Some(&TestHooks { elements: true }));
    // A missing page is still an error at its line.
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].location.as_ref().unwrap().line, Some(8));
    assert!(
        r.content.starts_with(
            "<h2 id=\"sleep-well\" class=\"wide\" data-text=\"Sleep well\">Sleep <em>well</em></h2>\n"
        ),
        "{}",
        r.content
    );
    assert!(r.content.contains("<a href=\"/sleep/\" data-external=\"false\" title=\"Sleep\">the <strong>sleep</strong> page</a>, "), "{}", r.content);
    assert!(
        r.content.contains(
            "<a href=\"https://www.nhs.uk/\" data-external=\"true\" title=\"\">NHS</a> and"
        ),
        "{}",
        r.content
    );
    // Images inside a link are still relief's (sizes, lazy loading), inside the hook's HTML.
    assert!(
        r.content
            .contains(">a badge <img src=\"i.png\" alt=\"icon\""),
        "{}",
        r.content
    );
    // The heading is in the table of contents; link text is searchable.
    assert_eq!(r.toc[0].id, "sleep-well");
    assert!(r.text_sections[1]
        .text
        .contains("See the sleep page, NHS and a badge"));
    assert_eq!(r.images.len(), 1);
}

#[test]
fn a_link_rebuilt_without_its_hook_matches_pulldown_cmarks() {
    let plain = html("[a *b*](https://x.org/a%20b?q=1&r=<2> \"T & \\\"t\\\"\")\n");
    let rebuilt = links::anchor("https://x.org/a%20b?q=1&r=<2>", "T & \"t\"", "a <em>b</em>");
    assert_eq!(plain, format!("<p>{rebuilt}</p>\n"));
}
