//! Markdown to HTML for one page: a single pulldown-cmark pass whose events are rewritten
//! for heading ids and self-links, callouts, citations and `@/` internal links. A pure
//! function of one page, so pages render in parallel.

mod callouts;
mod citations;
mod code;
mod emoji;
mod footnotes;
pub(crate) mod headings;
mod images;
mod links;
pub(crate) mod shortcodes;
mod summary;
mod text;

pub(crate) use images::Img;

use crate::config::{AnchorLinks, MarkdownFeatures};
use crate::diagnostics::{Diagnostic, LineIndex, Location};
pub(crate) use headings::TocEntry;
pub(crate) use links::{draft_help, LinkResolver};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use text::{collapsed_word_count, push_text};

/// What the templates and the link checker need from a page's Markdown.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rendered {
    /// HTML before `<!-- more -->`.
    pub summary: Option<String>,
    /// HTML after `<!-- more -->` (all of it when there is no marker), shared with the
    /// template value that shows it.
    pub content: Arc<str>,
    pub toc: Vec<TocEntry>,
    /// Every id a link can point at in this page (headings, references, citations).
    pub anchors: HashSet<String>,
    pub word_count: usize,
    /// `@/` and `#` links, checked once every page is rendered.
    pub internal_links: Vec<InternalLink>,
    pub external_links: Vec<(String, Location)>,
    pub images: Vec<Image>,
    /// Indices into the page's references, in citation order, with how often each is cited;
    /// uncited references follow with a count of 0.
    pub reference_order: Vec<(usize, usize)>,
    /// The page's plain text split at h2–h4 headings, for the search index: the text before
    /// the first heading comes first, with an empty anchor and heading.
    pub text_sections: Vec<TextSection>,
}

/// Plain text under one heading: no markup, citations or self-links, whitespace collapsed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct TextSection {
    /// The heading's id; empty for the text before the first heading.
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub(crate) struct InternalLink {
    /// Target page or section under content/ (`benefits/sleep.md`); `None` for a `#anchor`
    /// on the same page.
    pub target: Option<String>,
    pub anchor: Option<String>,
    /// The URL the link became, as given to the HTML (the `<a>`, the `<img>` or the link
    /// hook): the target's URL with its `#anchor`, or the `#anchor` itself. Kept so that a
    /// finding in the rendered page is traced back here without resolving the link again.
    pub href: String,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub(crate) struct Image {
    pub src: String,
    pub has_alt: bool,
    pub location: Location,
    /// For a local image relief did not find, the files it looked for.
    pub looked: Vec<String>,
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// The input of one render.
pub(crate) struct Input<'a> {
    pub body: &'a str,
    /// Shown in diagnostics, e.g. `content/benefits/sleep.md`.
    pub file: &'a Path,
    /// Lines of the file before the body.
    pub line_offset: usize,
    /// The page's site path (`benefits/knee/`), which relative image URLs start from.
    pub dir: &'a str,
    /// For a page kept as one file (`benefits/knee.md`), where the files beside it are
    /// published (`benefits/`): an image not found from `dir` is looked for there.
    pub beside: Option<&'a str>,
    /// The ids of the page's `[[references]]`, which citations name.
    pub reference_ids: &'a [&'a str],
    pub links: &'a dyn LinkResolver,
    /// Templates standing in for relief's own HTML of some elements, if the site has them.
    pub hooks: Option<&'a dyn Hooks>,
    /// How heading ids are made from heading text.
    pub heading_ids: crate::slug::Strategy,
    /// Turn quotes, dashes and ellipses typographic.
    pub smart_punctuation: bool,
    /// What links to other sites carry.
    pub external_links: &'a crate::config::ExternalLinks,
    /// `[markdown]`'s switches, with the document's own place for anchor links.
    pub features: MarkdownFeatures,
    /// The document's language, which its `@/` links prefer (empty: none preferred).
    pub lang: &'a str,
    /// The words relief writes itself (citations' names, callouts' titles…), in the
    /// document's language.
    pub words: &'a crate::config::Words,
    /// Colours code blocks, when the site asks for it (`[markdown.highlighting]`).
    pub highlighter: Option<&'a crate::highlight::Highlighter>,
}

/// Templates that replace relief's HTML for a Markdown element (`templates/markdown/`), as
/// Hugo's render hooks do: the site decides the markup, relief supplies the facts.
pub(crate) trait Hooks: Sync {
    /// The HTML of `image`, found in the file shown as `file`; `None` keeps relief's `<img>`.
    /// `standalone`: the image is a paragraph by itself, which the HTML replaces whole (so
    /// it may be a block such as `<figure>`).
    fn image(
        &self,
        image: &Img<'_>,
        standalone: bool,
        file: &Path,
    ) -> Option<Result<String, Vec<Diagnostic>>>;

    /// The resized copies of the local image `file`, written as `src` and at site path
    /// `site_path`, that the page offers; `Ok(None)` leaves it as it is, as hooks that
    /// process no image (the `markdown` filter's, tests') do.
    fn responsive(
        &self,
        _file: &Path,
        _src: &str,
        _site_path: &str,
    ) -> Result<Option<crate::images::Responsive>, String> {
        Ok(None)
    }

    /// The HTML of a shortcode call made at `at` (`content/page.md:12`, for errors); `None`
    /// when the site has no shortcode of that name.
    fn shortcode(
        &self,
        call: &shortcodes::Call<'_>,
        at: &Path,
    ) -> Option<Result<String, Vec<Diagnostic>>>;

    /// The names of the site's shortcodes, for suggestions.
    fn shortcode_names(&self) -> Vec<String>;

    /// Whether `{{ name(…) }}` and `{% name(…) %}` in a body are shortcode calls. A site that
    /// renders its bodies through Tera first (Zola 0.23) has none: what braces are left are
    /// text its `{% raw %}` kept.
    fn expands_shortcodes(&self) -> bool {
        true
    }

    /// Whether the site has a hook for `element`: the element's content is then gathered
    /// as HTML for it.
    fn has_hook(&self, element: Element) -> bool;

    /// The HTML of a link found in the file shown as `file`; `None` keeps relief's `<a>`.
    fn link(&self, link: &LinkHook<'_>, file: &Path) -> Option<Result<String, Vec<Diagnostic>>>;

    /// The HTML of a heading's anchor link from the site's `anchor-link.html`, for Zola's
    /// `insert_anchor_links`; `None` when the site has no such template.
    fn anchor_link(
        &self,
        id: &str,
        level: u8,
        file: &Path,
    ) -> Option<Result<String, Vec<Diagnostic>>>;

    /// The HTML of a heading found in the file shown as `file`; `None` keeps relief's own
    /// heading with its self-link.
    fn heading(
        &self,
        heading: &HeadingHook<'_>,
        file: &Path,
    ) -> Option<Result<String, Vec<Diagnostic>>>;
}

/// The Markdown elements a site may write with a hook template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Element {
    Image,
    Link,
    Heading,
}

impl Element {
    pub(crate) const ALL: [Element; 3] = [Element::Image, Element::Link, Element::Heading];

    /// The hook's template.
    pub(crate) fn template(self) -> &'static str {
        match self {
            Element::Image => "markdown/image.html",
            Element::Link => "markdown/link.html",
            Element::Heading => "markdown/heading.html",
        }
    }
}

/// A Markdown link, for the link hook.
pub(crate) struct LinkHook<'a> {
    /// Where it leads, `@/` links resolved to the page's URL.
    pub url: &'a str,
    pub title: &'a str,
    /// The link's content as HTML (text, emphasis, images …).
    pub content: &'a str,
    /// An http(s) link to another site.
    pub external: bool,
}

/// A Markdown heading, for the heading hook.
pub(crate) struct HeadingHook<'a> {
    pub level: u8,
    /// The heading's unique id, which the hook's HTML must carry for links to it to work.
    pub id: &'a str,
    /// The heading's content as HTML.
    pub content: &'a str,
    /// The heading's content as plain text.
    pub text: &'a str,
    /// Classes from `{.class}` heading attributes.
    pub classes: Vec<&'a str>,
}

/// Render one page's Markdown. Diagnostics (unknown citations, links to missing pages,
/// unused references) come back with the result; errors among them fail the build.
pub(crate) fn render(input: &Input<'_>) -> (Rendered, Vec<Diagnostic>) {
    let lines = LineIndex::new(input.body);
    let locate_source = |range: std::ops::Range<usize>| {
        lines.locate(input.file, range.start, range.len(), input.line_offset)
    };
    let (expanded, mut diagnostics) = match input.hooks {
        Some(hooks) if hooks.expands_shortcodes() && shortcodes::may_have_calls(input.body) => {
            shortcodes::expand(
                input.body,
                &code_ranges(input.body),
                hooks,
                input.file,
                &locate_source,
            )
        }
        _ => (None, Vec::new()),
    };
    let body = expanded.as_ref().map_or(input.body, |e| e.body.as_str());
    // Positions in `body` are positions in the file once mapped past shortcode placeholders.
    let locate = |range: &std::ops::Range<usize>| match &expanded {
        Some(e) => {
            let start = e.source_offset(range.start);
            locate_source(start..e.source_offset(range.end).max(start))
        }
        None => locate_source(range.clone()),
    };

    let mut opts = options();
    if !input.smart_punctuation {
        opts.remove(Options::ENABLE_SMART_PUNCTUATION);
    }
    if input.features.definition_list {
        opts.insert(Options::ENABLE_DEFINITION_LIST);
    }
    if !input.features.github_alerts {
        // `> [!NOTE]` stays a quote, its marker text.
        opts.remove(Options::ENABLE_GFM);
    }
    let mut events: Vec<(Event<'_>, std::ops::Range<usize>)> =
        Parser::new_with_broken_link_callback(body, opts, Some(citations::callback))
            .into_offset_iter()
            .collect();

    if input.features.render_emoji && emoji::may_have_shortcodes(body) {
        emoji::replace(&mut events);
    }

    let mut rendered = Rendered::default();
    let explicit_ids = events.iter().filter_map(|(e, _)| match e {
        Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.as_ref()),
        _ => None,
    });
    let mut ids = headings::IdAllocator::new(input.heading_ids, explicit_ids);
    if footnotes::may_have_references(body) {
        diagnostics.extend(footnotes::check(
            &events,
            body,
            input.features.strict_footnotes,
            &locate,
        ));
    }
    if input.features.github_alerts && callouts::any(&events) {
        events = callouts::rewrite(
            events,
            body,
            &mut ids,
            &mut rendered.anchors,
            &mut diagnostics,
            &locate,
            input.words,
        );
    }
    let mut citer = citations::Citer::new(input.reference_ids, input.words);
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut summary_end = None;
    let mut flat_toc = Vec::new();
    let mut in_code_block = false;
    // Code counts for search but not for reading time.
    let mut code_words = 0;
    let mut text_sections = vec![TextSection::default()];
    // Links whose content is being gathered for the link hook: where their content starts
    // in `out`, their URL and title.
    let mut open_links: Vec<(
        usize,
        pulldown_cmark::CowStr<'_>,
        pulldown_cmark::CowStr<'_>,
    )> = Vec::new();

    let mut open_heading: Option<OpenHeading<'_>> = None;

    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // The heading's content goes through the loop like any other (citations,
                // links, images) and is taken back out at its end. Its text, for the id and
                // the table of contents, is read here, as written.
                let inner = iter.as_slice();
                let len = inner
                    .iter()
                    .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                    .unwrap_or(inner.len());
                let text = headings::plain_text(inner[..len].iter().map(|(e, _)| e));
                open_heading = Some(OpenHeading {
                    start: out.len(),
                    searched: text_sections.last().map_or(0, |s| s.text.len()),
                    level,
                    id,
                    classes,
                    attrs,
                    text,
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some(OpenHeading {
                    start,
                    searched,
                    level,
                    id,
                    classes,
                    attrs,
                    text,
                }) = open_heading.take()
                else {
                    continue;
                };
                let inner: Vec<Event<'_>> = out.drain(start..).collect();
                // The heading's words are its section's heading, not text of the section
                // before it.
                if let Some(section) = text_sections.last_mut() {
                    section.text.truncate(searched);
                }
                let id = match id {
                    Some(id) => id.to_string(),
                    None => ids.allocate(&text),
                };
                let hook = input
                    .hooks
                    .filter(|h| h.has_hook(Element::Heading))
                    .and_then(|hooks| {
                        let mut content = String::new();
                        pulldown_cmark::html::push_html(&mut content, inner.iter().cloned());
                        let heading = HeadingHook {
                            level: level as u8,
                            id: &id,
                            content: &content,
                            text: &text,
                            classes: classes.iter().map(|c| c.as_ref()).collect(),
                        };
                        hooks.heading(&heading, input.file)
                    });
                match hook {
                    Some(Ok(html)) => out.push(Event::Html(format!("{}\n", html.trim()).into())),
                    Some(Err(errors)) => diagnostics.extend(errors),
                    None => {
                        let anchor = match input.features.anchor_links {
                            AnchorLinks::None => Ok(String::new()),
                            _ => input
                                .hooks
                                .and_then(|h| h.anchor_link(&id, level as u8, input.file))
                                .unwrap_or_else(|| Ok(headings::default_anchor(&id, input.words))),
                        };
                        let anchor = anchor.unwrap_or_else(|errors| {
                            diagnostics.extend(errors);
                            String::new()
                        });
                        let mut content = String::new();
                        pulldown_cmark::html::push_html(&mut content, inner.into_iter());
                        out.push(Event::Html(
                            format!(
                                "{}{}</{level}>\n",
                                headings::open_tag(level, &id, &classes, &attrs),
                                headings::with_anchor(
                                    input.features.anchor_links,
                                    &content,
                                    &anchor
                                )
                            )
                            .into(),
                        ));
                    }
                }
                if matches!(
                    level,
                    HeadingLevel::H2 | HeadingLevel::H3 | HeadingLevel::H4
                ) {
                    text_sections.push(TextSection {
                        anchor: id.clone(),
                        heading: text.clone(),
                        text: String::new(),
                    });
                } else {
                    push_text(&mut text_sections, &text);
                    push_text(&mut text_sections, " ");
                }
                flat_toc.push((level as u8, id.clone(), text));
                rendered.anchors.insert(id);
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(citations::SCHEME) => {
                // The link's text is the citation label itself: drop it.
                for (e, _) in iter.by_ref() {
                    if matches!(e, Event::End(TagEnd::Link)) {
                        break;
                    }
                }
                match citer.cite(&dest_url[citations::SCHEME.len()..]) {
                    Ok(html) => out.push(Event::InlineHtml(html.into())),
                    Err(unknown) => {
                        // Each unknown id is shown where it is in the group.
                        let group = &body[range.clone()];
                        let mut from = 0;
                        for id in unknown {
                            let at = match citations::find_id(group, &id, from) {
                                Some(found) => {
                                    from = found.end;
                                    range.start + found.start..range.start + found.end
                                }
                                None => range.clone(),
                            };
                            let mut d = Diagnostic::error(
                                "citation",
                                format!("citation of unknown reference `{id}`"),
                            )
                            .at(locate(&at));
                            d = match crate::diagnostics::suggest(&id, input.reference_ids.iter().copied()) {
                                Some(s) => d.help(format!("did you mean `@{s}`? (ids come from this page's [[references]])")),
                                None => d.help("add a [[references]] entry with this id to the page's front matter"),
                            };
                            diagnostics.push(d);
                        }
                    }
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = links::rewrite(
                    &dest_url,
                    input.links,
                    input.lang,
                    &locate(&range),
                    &mut rendered,
                    &mut diagnostics,
                );
                let (dest, hreflang) = match dest {
                    Some(href) => (Some(href.url), href.hreflang),
                    None => (None, None),
                };
                let dest_url: pulldown_cmark::CowStr<'_> = dest.map_or(dest_url, Into::into);
                if input.hooks.is_some_and(|h| h.has_hook(Element::Link)) {
                    // The content is processed like any other (search text, images); at
                    // the link's end it is taken back out as HTML for the hook.
                    open_links.push((out.len(), dest_url, title));
                } else if input.external_links.any() && links::is_external(&dest_url) {
                    // The closing `</a>` is the link's end event, as for any link.
                    let open = links::external_open_tag(&dest_url, &title, input.external_links);
                    out.push(Event::InlineHtml(open.into()));
                } else if let Some(lang) = hreflang {
                    let open = links::other_language_open_tag(&dest_url, &title, &lang);
                    out.push(Event::InlineHtml(open.into()));
                } else {
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) if !open_links.is_empty() => {
                let Some((start, url, title)) = open_links.pop() else {
                    continue;
                };
                let mut content = String::new();
                pulldown_cmark::html::push_html(&mut content, out.drain(start..));
                let link = LinkHook {
                    external: links::is_external(&url),
                    url: &url,
                    title: &title,
                    content: &content,
                };
                let html = match input.hooks.and_then(|h| h.link(&link, input.file)) {
                    Some(Ok(html)) => html.trim().to_string(),
                    Some(Err(errors)) => {
                        diagnostics.extend(errors);
                        String::new()
                    }
                    // No hook after all: relief's own link.
                    None => links::anchor(&url, &title, &content),
                };
                out.push(Event::InlineHtml(html.into()));
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let location = locate(&range);
                let dest = links::rewrite(
                    &dest_url,
                    input.links,
                    input.lang,
                    &location,
                    &mut rendered,
                    &mut diagnostics,
                )
                .map(|href| href.url);
                // The image's text is its alt attribute: plain text, markup dropped.
                let mut alt = String::new();
                for (e, _) in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::Image) => break,
                        Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                        _ => {}
                    }
                }
                let (src, local, looked) =
                    images::locate(dest.as_deref().unwrap_or(&dest_url), input);
                let src = src.as_ref();
                let responsive = match (&local, input.hooks) {
                    (Some((path, file)), Some(hooks)) => {
                        hooks.responsive(file, src, path).unwrap_or_else(|why| {
                            diagnostics.push(images::unprocessable(src, &why, &location));
                            None
                        })
                    }
                    _ => None,
                };
                let img = images::Img {
                    src,
                    alt: &alt,
                    title: &title,
                    size: local.as_ref().and_then(|(_, file)| images::size(file)),
                    loading: images::Loading::of(
                        input.features.image_loading,
                        rendered.images.is_empty(),
                    ),
                    responsive,
                };
                let standalone = matches!(out.last(), Some(Event::Start(Tag::Paragraph)))
                    && matches!(
                        iter.as_slice().first(),
                        Some((Event::End(TagEnd::Paragraph), _))
                    );
                match input
                    .hooks
                    .and_then(|h| h.image(&img, standalone, input.file))
                {
                    Some(Ok(html)) if standalone => {
                        // The hook's HTML takes the paragraph's place.
                        out.pop();
                        iter.next();
                        push_text(&mut text_sections, " ");
                        out.push(Event::Html(html.into()));
                    }
                    Some(Ok(html)) => out.push(Event::InlineHtml(html.into())),
                    Some(Err(errors)) => diagnostics.extend(errors),
                    None => out.push(Event::InlineHtml(img.html().into())),
                }
                rendered.images.push(Image {
                    src: dest_url.to_string(),
                    has_alt: !alt.trim().is_empty(),
                    location: location.without_snippet(),
                    looked,
                });
            }
            Event::Html(ref html) if summary_end.is_none() && html.trim() == "<!-- more -->" => {
                summary_end = Some(out.len());
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) if expanded.is_some() => {
                // A shortcode's words count for search and reading time like the page's own.
                if let Some(html) = expanded.as_ref().and_then(|e| e.replace(html)) {
                    push_text(&mut text_sections, &crate::html::text_of(&html));
                    push_text(&mut text_sections, " ");
                }
                out.push(event);
            }
            Event::Start(Tag::CodeBlock(kind)) if input.highlighter.is_some() => {
                // The block's text is gathered and replaced by the highlighter's HTML.
                let mut text = String::new();
                for (e, _) in iter.by_ref() {
                    match e {
                        Event::Text(t) => text.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                code_words += text.split_whitespace().count();
                push_text(&mut text_sections, &text);
                push_text(&mut text_sections, " ");
                if let Some(highlighter) = input.highlighter {
                    let (html, problem) =
                        code::highlight(highlighter, &kind, &text, || locate(&range));
                    diagnostics.extend(problem);
                    out.push(Event::Html(html.into()));
                }
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code_block = true;
                out.push(event);
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                out.push(event);
            }
            Event::Text(ref text) => {
                if in_code_block {
                    code_words += text.split_whitespace().count();
                }
                push_text(&mut text_sections, text);
                out.push(event);
            }
            Event::Code(ref text) => {
                push_text(&mut text_sections, text);
                out.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                push_text(&mut text_sections, " ");
                out.push(event);
            }
            Event::End(ref end) => {
                // Block boundaries separate words; inline ones do not.
                if !matches!(
                    end,
                    TagEnd::Emphasis
                        | TagEnd::Strong
                        | TagEnd::Strikethrough
                        | TagEnd::Link
                        | TagEnd::Superscript
                        | TagEnd::Subscript
                ) {
                    push_text(&mut text_sections, " ");
                }
                out.push(event);
            }
            other => out.push(other),
        }
    }
    // Held for every page until the search index is written: trimmed to size, since a
    // string grown by doubling wastes a third of its memory on average.
    let mut words = 0;
    for section in &mut text_sections {
        if section.text.ends_with(' ') {
            section.text.pop();
        }
        section.text.shrink_to_fit();
        words += section.heading.split_whitespace().count() + collapsed_word_count(&section.text);
    }
    rendered.word_count = words.saturating_sub(code_words);
    if input.features.bottom_footnotes {
        out = footnotes::to_bottom(out, &mut summary_end, &mut rendered.anchors, input.words);
    }
    rendered.text_sections = text_sections;

    rendered.reference_order = citer.order();
    for (index, count) in &rendered.reference_order {
        let id = input.reference_ids[*index];
        rendered.anchors.insert(format!("ref-{id}"));
        for n in 1..=*count {
            rendered.anchors.insert(format!("cite-{id}-{n}"));
        }
        if *count == 0 {
            diagnostics.push(
                Diagnostic::warning(
                    "unused-reference",
                    format!("reference `{id}` is never cited"),
                )
                .at(Location::file(input.file))
                .help(format!(
                    "cite it with [@{id}] or remove it from [[references]]"
                )),
            );
        }
    }
    rendered.toc = headings::nest(flat_toc, input.features.zola_page_shape);

    let html_len = body.len() + body.len() / 2;
    summary::write(
        &mut rendered,
        out,
        summary_end,
        html_len,
        expanded.as_ref(),
        input.features.zola_page_shape,
    );
    (rendered, diagnostics)
}

/// A heading whose content is being rendered: where it starts in the output and in the
/// search text, and what its end needs.
struct OpenHeading<'a> {
    start: usize,
    searched: usize,
    level: HeadingLevel,
    id: Option<pulldown_cmark::CowStr<'a>>,
    classes: Vec<pulldown_cmark::CowStr<'a>>,
    attrs: Vec<(
        pulldown_cmark::CowStr<'a>,
        Option<pulldown_cmark::CowStr<'a>>,
    )>,
    /// As a reader sees it.
    text: String,
}

/// `html` with the shortcode placeholders replaced by their HTML.
fn with_shortcodes(html: String, expanded: Option<&shortcodes::Expanded>) -> String {
    expanded.and_then(|e| e.replace(&html)).unwrap_or(html)
}

/// Where `body` has code (spans and blocks), which shows shortcode calls as written: sorted,
/// overlaps merged.
fn code_ranges(body: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges: Vec<std::ops::Range<usize>> = Parser::new_ext(body, options())
        .into_offset_iter()
        .filter(|(e, _)| matches!(e, Event::Code(_) | Event::Start(Tag::CodeBlock(_))))
        .map(|(_, range)| range)
        .collect();
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// Reading time in minutes at 200 words a minute, at least one.
pub(crate) fn reading_time(word_count: usize) -> usize {
    word_count.div_ceil(200).max(1)
}

#[cfg(test)]
mod tests;
