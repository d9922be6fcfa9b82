//! Small HTML helpers shared by the Markdown and output stages.

/// Escape text for HTML element content and double-quoted attributes.
pub(crate) fn escape(text: &str) -> String {
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
pub(crate) fn text_of(html: &str) -> String {
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
                find_ignore_case(rest, &close).and_then(|i| rest[i..].find('>').map(|j| i + j + 1))
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

/// Where `needle` (which starts with `<`) first occurs in `text`, ignoring ASCII case; without
/// lower-casing a copy of `text`, which for many scripts in one fragment was quadratic.
fn find_ignore_case(text: &str, needle: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find('<') {
        let at = from + i;
        if starts_with_ignore_case(&text[at..], needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
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
    fn many_scripts_and_styles_are_dropped_in_one_pass() {
        // Each closing tag used to be looked for in a lower-cased copy of the rest.
        let html = "<SCRIPT>x</Script>a <style>y</STYLE>b ".repeat(50_000);
        let text = super::text_of(&html);
        assert_eq!(text.split_whitespace().count(), 100_000);
        assert!(!text.contains('x') && !text.contains('y'));
        assert_eq!(super::text_of("<script>never closed"), " ");
    }

    #[test]
    fn escapes_markup_characters() {
        assert_eq!(
            super::escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
