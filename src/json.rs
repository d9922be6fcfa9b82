//! JSON strings written by hand, byte for byte as serde_json writes them. The search index
//! and the JSON-LD writer build their JSON straight into one string, without a value tree
//! in between; this is their one escaping rule, so the two cannot drift apart. A leaf: it
//! uses nothing else of the crate.

/// Whether byte `b` is escaped in a JSON string: a quote, a backslash, a control character
/// and, when `LT`, a `<`. Without branches, so that testing a block of bytes is
/// vectorised.
#[inline]
fn escaped<const LT: bool>(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\') | (LT & (b == b'<'))
}

/// Whether any byte of `s` is [`escaped`]: 32 bytes at a time, without branches inside.
fn needs_escape<const LT: bool>(s: &str) -> bool {
    let mut blocks = s.as_bytes().chunks_exact(32);
    for block in &mut blocks {
        if block.iter().fold(false, |any, &b| any | escaped::<LT>(b)) {
            return true;
        }
    }
    blocks.remainder().iter().any(|&b| escaped::<LT>(b))
}

/// Append `s` as a JSON string, escaped as serde_json does: `\"`, `\\`, the short escapes of
/// backspace, tab, newline, form feed and carriage return, `\u00xx` for other control
/// characters; everything else as it is.
pub(crate) fn push_string(s: &str, out: &mut String) {
    push::<false>(s, out);
}

/// Append `s` as a JSON string for an HTML `<script>` element: as [`push_string`], and every
/// `<` as `\u003c`, so that no `</script>` or `<!--` can appear.
pub(crate) fn push_script_string(s: &str, out: &mut String) {
    push::<true>(s, out);
}

/// The length of `s` as [`push_string`] writes it, quotes included.
pub(crate) fn string_len(s: &str) -> usize {
    if !needs_escape::<false>(s) {
        return s.len() + 2;
    }
    let extra: usize = s
        .bytes()
        .map(|b| match b {
            b'"' | b'\\' | 0x08 | 0x09 | 0x0A | 0x0C | 0x0D => 1,
            0..=0x1F => 5,
            _ => 0,
        })
        .sum();
    s.len() + extra + 2
}

/// [`push_string`], with `<` escaped when `LT`. Most strings need no escape and are copied
/// whole after one vectorised test.
fn push<const LT: bool>(s: &str, out: &mut String) {
    out.push('"');
    if !needs_escape::<LT>(s) {
        out.push_str(s);
    } else {
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'<' if LT => "\\u003c",
                0x08 => "\\b",
                0x09 => "\\t",
                0x0A => "\\n",
                0x0C => "\\f",
                0x0D => "\\r",
                0..=0x1F => "",
                _ => continue,
            };
            out.push_str(&s[start..i]);
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            } else {
                out.push_str(escape);
            }
            start = i + 1;
        }
        out.push_str(&s[start..]);
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every ASCII character, a few others, at the start of a string, inside a 32-byte block
    /// and in the rest after the blocks.
    fn samples() -> Vec<String> {
        let mut characters: Vec<char> = (0u8..0x80).map(char::from).collect();
        characters.extend(['é', '\u{2028}', '😀', '\u{7f}']);
        let mut samples = vec![String::new(), "plain text".to_string()];
        for c in characters {
            for at in [0, 31, 32, 40] {
                let mut s = "x".repeat(41);
                s.replace_range(at..at + 1, &c.to_string());
                samples.push(s);
            }
        }
        samples
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        for s in samples() {
            let expected = serde_json::to_string(&s).unwrap();
            let mut got = String::new();
            push_string(&s, &mut got);
            assert_eq!(got, expected, "{s:?}");
            assert_eq!(string_len(&s), expected.len(), "{s:?}");
        }
    }

    #[test]
    fn script_strings_also_escape_every_less_than_sign() {
        for s in samples() {
            let expected = serde_json::to_string(&s).unwrap().replace('<', "\\u003c");
            let mut got = String::new();
            push_script_string(&s, &mut got);
            assert_eq!(got, expected, "{s:?}");
            assert!(!got.contains('<'));
        }
        let mut got = String::new();
        push_script_string("</script><!--", &mut got);
        assert_eq!(got, r#""\u003c/script>\u003c!--""#);
    }
}
