//! Small HTML helpers shared by the Markdown and output stages.

/// Escape text for HTML element content and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The text of an HTML fragment, for search and word counts: tags, comments and scripts
/// dropped, the common entities decoded, each tag a word boundary.
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let end = match ["<!--", "<script", "<style"]
            .iter()
            .find(|o| starts_with_ignore_case(rest, o))
        {
            Some(&"<!--") => rest.find("-->").map(|i| i + 3),
            Some(&open) => {
                let close = format!("</{}", &open[1..]);
                rest.to_ascii_lowercase()
                    .find(&close)
                    .and_then(|i| rest[i..].find('>').map(|j| i + j + 1))
            }
            _ => rest.find('>').map(|i| i + 1),
        };
        out.push(' ');
        rest = &rest[end.unwrap_or(rest.len())..];
    }
    out.push_str(rest);
    for (entity, c) in [
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&nbsp;", " "),
        ("&amp;", "&"),
    ] {
        if out.contains(entity) {
            out = out.replace(entity, c);
        }
    }
    out
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_of_drops_markup() {
        assert_eq!(
            super::text_of("<div class=\"a\"><p>Fish &amp; chips</p><!-- <b>no</b> --><SCRIPT>x<y</script>end</div>"),
            "  Fish & chips   end "
        );
        assert_eq!(super::text_of("a <b"), "a  ");
    }

    #[test]
    fn escapes_markup_characters() {
        assert_eq!(
            super::escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
