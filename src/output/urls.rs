//! Finding the URLs in rendered HTML: a small, forgiving tag scanner that reports every
//! URL-bearing attribute (`href`, `src`, `srcset`, `action`, `poster`, `data-*-url`), CSS `url(…)` in
//! `style` attributes and `<style>` elements, and every `id`. It never allocates the page
//! again: callers get byte ranges into the HTML, so a rewrite is one linear pass.
//!
//! It is not a full HTML parser and does not need to be: relief's own templates and
//! pulldown-cmark's output are well-formed, and anything it cannot read is left untouched.

use std::borrow::Cow;
use std::ops::Range;

/// What kind of reference a URL is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `href` (links, stylesheets, icons).
    Href,
    /// `src` or `poster` (images, scripts, media).
    Src,
    /// `action` of a form.
    Action,
    /// `url(…)` in CSS.
    Css,
}

/// One URL found in the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// Lowercase name of the element holding it (`a`, `img`, `link`, `style`…).
    pub tag: String,
    pub kind: Kind,
    /// The URL's bytes in the HTML, as written (entities not decoded).
    pub range: Range<usize>,
}

/// Everything the scanner reports about one page.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub urls: Vec<Found>,
    /// `id` attributes, and `name` of `<a>`, decoded.
    pub ids: Vec<String>,
}

/// Scan `html` for URLs and ids, in document order.
pub(crate) fn scan(html: &str) -> Scan {
    let bytes = html.as_bytes();
    let mut out = Scan::default();
    let mut i = 0;
    while let Some(lt) = find(bytes, i, b"<") {
        let rest = &html[lt..];
        if rest.starts_with("<!--") {
            i = find(bytes, lt + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            i = find(bytes, lt + 1, b">").map_or(bytes.len(), |e| e + 1);
            continue;
        }
        let name_end = lt
            + 1
            + bytes[lt + 1..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
                .count();
        if name_end == lt + 1 {
            i = lt + 1;
            continue;
        }
        let tag = lowercase(&html[lt + 1..name_end]);
        let mut p = name_end;
        // Attributes.
        loop {
            while p < bytes.len() && (bytes[p].is_ascii_whitespace() || bytes[p] == b'/') {
                p += 1;
            }
            if p >= bytes.len() || bytes[p] == b'>' {
                p += 1;
                break;
            }
            let name_start = p;
            while p < bytes.len()
                && !bytes[p].is_ascii_whitespace()
                && !matches!(bytes[p], b'=' | b'>' | b'/')
            {
                p += 1;
            }
            let name = lowercase(&html[name_start..p]);
            let mut q = p;
            while q < bytes.len() && bytes[q].is_ascii_whitespace() {
                q += 1;
            }
            if q >= bytes.len() || bytes[q] != b'=' {
                if p == name_start {
                    p += 1;
                }
                continue;
            }
            q += 1;
            while q < bytes.len() && bytes[q].is_ascii_whitespace() {
                q += 1;
            }
            let value = if q < bytes.len() && (bytes[q] == b'"' || bytes[q] == b'\'') {
                let end = find(bytes, q + 1, &[bytes[q]]).unwrap_or(bytes.len());
                p = (end + 1).min(bytes.len());
                q + 1..end
            } else {
                let end = q + bytes[q..]
                    .iter()
                    .take_while(|b| !b.is_ascii_whitespace() && **b != b'>')
                    .count();
                p = end;
                q..end
            };
            attribute(&tag, &name, value, html, &mut out);
        }
        i = p.min(bytes.len());
        // Raw text elements: their content is not markup.
        if matches!(&*tag, "script" | "style" | "textarea" | "title") {
            let close = format!("</{tag}");
            let end = find_ci(html, i, &close).unwrap_or(bytes.len());
            if tag == "style" {
                css_urls(html, i..end, "style", &mut out.urls);
            }
            i = end;
        }
    }
    out
}

/// A tag or attribute name in lowercase, borrowed when it already is (nearly always: highlighted
/// code alone writes thousands of `<span style=…>` per page).
fn lowercase(name: &str) -> Cow<'_, str> {
    match name.bytes().any(|b| b.is_ascii_uppercase()) {
        true => Cow::Owned(name.to_ascii_lowercase()),
        false => Cow::Borrowed(name),
    }
}

fn attribute(tag: &str, name: &str, value: Range<usize>, html: &str, out: &mut Scan) {
    let found = |kind| Found {
        tag: tag.to_string(),
        kind,
        range: value.clone(),
    };
    match name {
        "href" => out.urls.push(found(Kind::Href)),
        // `data-*-url` attributes carry URLs for scripts (the search index, for one).
        "src" | "poster" => out.urls.push(found(Kind::Src)),
        _ if name.starts_with("data-") && name.ends_with("-url") => out.urls.push(found(Kind::Src)),
        "action" => out.urls.push(found(Kind::Action)),
        "srcset" => {
            // `url 1x, url 2x`: each candidate's URL runs to the first whitespace.
            let text = &html[value.clone()];
            let mut offset = 0;
            for candidate in text.split(',') {
                let lead = candidate.len() - candidate.trim_start().len();
                let url_len = candidate
                    .trim_start()
                    .find(char::is_whitespace)
                    .unwrap_or(candidate.trim_start().len());
                if url_len > 0 {
                    let start = value.start + offset + lead;
                    out.urls.push(Found {
                        tag: tag.to_string(),
                        kind: Kind::Src,
                        range: start..start + url_len,
                    });
                }
                offset += candidate.len() + 1;
            }
        }
        "style" => css_urls(html, value, tag, &mut out.urls),
        "id" => out.ids.push(decode(&html[value])),
        "name" if tag == "a" => out.ids.push(decode(&html[value])),
        _ => {}
    }
}

/// The `url(…)` references of a stylesheet, as byte ranges of `css`.
pub(crate) fn css(css: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    css_urls(css, 0..css.len(), "style", &mut found);
    found.into_iter().map(|f| f.range).collect()
}

/// `url(…)` references in the CSS at `range` of `html`.
fn css_urls(html: &str, range: Range<usize>, tag: &str, urls: &mut Vec<Found>) {
    let css = &html[range.clone()];
    let mut from = 0;
    while let Some(at) = css[from..].find("url(") {
        let open = from + at + 4;
        let Some(close) = css[open..].find(')').map(|c| open + c) else {
            break;
        };
        let inner = &css[open..close];
        let lead = inner.len() - inner.trim_start().len();
        let mut start = open + lead;
        let mut end = open + inner.trim_end().len();
        let quoted = |b: u8| matches!(b, b'"' | b'\'');
        if end > start + 1 && quoted(css.as_bytes()[start]) && quoted(css.as_bytes()[end - 1]) {
            start += 1;
            end -= 1;
        }
        if end > start {
            urls.push(Found {
                tag: tag.to_string(),
                kind: Kind::Css,
                range: range.start + start..range.start + end,
            });
        }
        from = close + 1;
    }
}

/// Decode the character references relief's renderers produce in attribute values.
pub(crate) fn decode(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest[..rest.len().min(12)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= bytes.len() {
        return None;
    }
    bytes[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn find_ci(html: &str, from: usize, needle: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let n = needle.as_bytes();
    if from >= bytes.len() {
        return None;
    }
    bytes[from..]
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(html: &str) -> Vec<(&str, Kind)> {
        scan(html)
            .urls
            .into_iter()
            .map(|f| (&html[f.range], f.kind))
            .collect()
    }

    #[test]
    fn finds_url_attributes_in_any_quoting() {
        let html = r#"<a class=x href="/a/">a</a><img src='/i.png' alt=""><link href=/s.css rel=stylesheet><form action="/search/" data-index-url="/search/index.json" data-x="/no/">"#;
        assert_eq!(
            urls(html),
            vec![
                ("/a/", Kind::Href),
                ("/i.png", Kind::Src),
                ("/s.css", Kind::Href),
                ("/search/", Kind::Action),
                ("/search/index.json", Kind::Src)
            ]
        );
    }

    #[test]
    fn finds_srcset_candidates_and_css_urls() {
        let html = r#"<img srcset="/a.png 1x, /b.png 2x"><div style="background:url('/bg.png')"></div><style>p{background:url(/c.png)}</style>"#;
        let found: Vec<&str> = urls(html).into_iter().map(|(u, _)| u).collect();
        assert_eq!(found, vec!["/a.png", "/b.png", "/bg.png", "/c.png"]);
    }

    #[test]
    fn skips_comments_and_scripts_and_collects_ids() {
        let html = r##"<!-- <a href="/no/"> --><script>let a = '<a href="/no/">';</script><h2 id="x&amp;y">T</h2><a name="n" href="#x">"##;
        let s = scan(html);
        assert_eq!(s.urls.len(), 1);
        assert_eq!(s.ids, vec!["x&y", "n"]);
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(decode("a&amp;b&#39;c&#x2F;d&bogus;"), "a&b'c/d&bogus;");
    }
}
