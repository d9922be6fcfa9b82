//! Slugs and URL encoding. relief's slugs keep letters and digits of any script (Unicode-safe)
//! so Chinese, Arabic or accented titles give readable URLs; everything else becomes `-`.
//! Zola's `[slugify]` strategies are here too: `on` spells everything in ASCII ("Café au
//! lait" → `cafe-au-lait`), `safe` only drops what file names cannot hold, `off` changes
//! nothing.

/// How a kind of slug (paths, taxonomy terms or heading ids) is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strategy {
    /// relief's own: lowercase letters and digits of any script, joined by `-`.
    Relief,
    /// Zola's `on`: transliterated to lowercase ASCII letters and digits, joined by `-`.
    On,
    /// Zola's `safe`: as written, less the characters a file name cannot hold (paths), or
    /// with spaces as `_` (heading ids).
    Safe,
    /// Zola's `off`: as written (heading ids: spaces as `_`, which an id cannot hold).
    Off,
}

/// What a slug names: file names and heading ids differ in what they cannot hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// A URL path segment or a taxonomy term, which becomes a folder name.
    Path,
    /// A heading's id.
    Anchor,
}

impl Strategy {
    /// The slug of `text` for `target`.
    pub(crate) fn apply(self, text: &str, target: Target) -> String {
        match (self, target) {
            (Strategy::Relief, _) => slugify(text),
            (Strategy::On, _) => ascii_slug(text),
            (Strategy::Safe, Target::Path) => text
                .trim_end_matches([' ', '.'])
                .chars()
                .filter(|c| !r#"<>:"/\|?*"#.contains(*c))
                .collect(),
            (Strategy::Off, Target::Path) => text.to_string(),
            (Strategy::Safe | Strategy::Off, Target::Anchor) => {
                text.replace(|c: char| c.is_ascii_whitespace(), "_")
            }
        }
    }
}

/// Zola's `on` slug: each character spelled in ASCII (deunicode: `é` → `e`, `日` → `Ri`),
/// lowercase letters and digits kept, every run of anything else one `-`, none at the ends.
fn ascii_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Starting as if after a dash keeps a dash off the front.
    let mut after_dash = true;
    let mut push = |b: u8| {
        if b.is_ascii_alphanumeric() {
            out.push(b.to_ascii_lowercase() as char);
            after_dash = false;
        } else if !after_dash {
            out.push('-');
            after_dash = true;
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            push(c as u8);
        } else {
            // A character with no ASCII spelling separates words, as punctuation does.
            deunicode::deunicode_char(c)
                .unwrap_or("-")
                .bytes()
                .for_each(&mut push);
        }
    }
    if out.ends_with('-') {
        out.pop();
    }
    out
}

/// Lowercase `text`, keep alphanumerics of any script, join the rest with single hyphens.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            // Lowercasing can add a combining mark ('İ' → "i\u{307}"): keep only what is
            // still alphanumeric, as the slug promises.
            out.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
        } else if c == '\'' || c == '’' {
            // "Don't" → "dont", not "don-t".
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Percent-encode a URL path: ASCII letters, digits and `-._~/` stay, everything else
/// (including every non-ASCII byte) is encoded, so URLs are valid in sitemaps and feeds.
pub(crate) fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decode `%XX` escapes; `None` when the result is not UTF-8 or an escape is malformed.
pub(crate) fn decode_path(path: &str) -> Option<String> {
    decode_escapes(path, |_| true)
}

/// Decode `%XX` escapes of a path whose separators must stay as they were sent (a request
/// path): `None` when an escape decodes to `/` or `\`, so decoding never adds a segment, or
/// as [`decode_path`].
pub(crate) fn decode_path_keeping_separators(path: &str) -> Option<String> {
    decode_escapes(path, |b| b != b'/' && b != b'\\')
}

/// Decode `%XX` escapes, each to a byte `allowed` accepts; `None` otherwise, when an escape is
/// malformed or when the result is not UTF-8.
fn decode_escapes(path: &str, allowed: impl Fn(u8) -> bool) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = path.get(i + 1..i + 3)?;
            // `from_str_radix` alone would take `%+5` as byte 5.
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            let byte = u8::from_str_radix(hex, 16).ok()?;
            if !allowed(byte) {
                return None;
            }
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zola_strategies() {
        let path = |s: Strategy, t: &str| s.apply(t, Target::Path);
        let anchor = |s: Strategy, t: &str| s.apply(t, Target::Anchor);
        for (text, on, safe, off) in [
            (
                "Café au lait",
                "cafe-au-lait",
                "Café au lait",
                "Café au lait",
            ),
            ("日本", "ri-ben", "日本", "日本"),
            ("Don't stop!", "don-t-stop", "Don't stop!", "Don't stop!"),
            ("test (hey)", "test-hey", "test (hey)", "test (hey)"),
            ("dot. ", "dot", "dot", "dot. "),
            ("a/b:c?", "a-b-c", "abc", "a/b:c?"),
        ] {
            assert_eq!(path(Strategy::On, text), on, "{text}");
            assert_eq!(path(Strategy::Safe, text), safe, "{text}");
            assert_eq!(path(Strategy::Off, text), off, "{text}");
        }
        assert_eq!(anchor(Strategy::On, "Crème brûlée"), "creme-brulee");
        assert_eq!(anchor(Strategy::Safe, "Crème brûlée "), "Crème_brûlée_");
        assert_eq!(anchor(Strategy::Off, "tes t"), "tes_t");
        // relief's own keeps accents and drops apostrophes.
        assert_eq!(path(Strategy::Relief, "Don't: Café"), "dont-café");
    }

    #[test]
    fn slugify_is_readable_and_unicode_safe() {
        assert_eq!(
            slugify("Can massage ease joint pain?"),
            "can-massage-ease-joint-pain"
        );
        assert_eq!(slugify("  Don't  stop -- now! "), "dont-stop-now");
        assert_eq!(slugify("睡眠 質"), "睡眠-質");
        assert_eq!(slugify("النوم"), "النوم");
        assert_eq!(slugify("Élan Vital"), "élan-vital");
        assert_eq!(slugify("🙂"), "");
        assert_eq!(slugify("../etc/passwd"), "etc-passwd");
    }

    #[test]
    fn lowercasing_never_adds_non_alphanumerics() {
        // 'İ' lowercases to 'i' + U+0307 (a combining dot, not alphanumeric).
        for text in ["İstanbul", "ǅ", "ẞ", "Σ"] {
            let slug = slugify(text);
            assert!(
                slug.chars().all(char::is_alphanumeric),
                "{text:?} → {slug:?}"
            );
        }
        assert_eq!(slugify("İstanbul"), "istanbul");
    }

    #[test]
    fn encode_and_decode_round_trip() {
        let p = "/睡眠/a b/";
        let e = encode_path(p);
        assert_eq!(e, "/%E7%9D%A1%E7%9C%A0/a%20b/");
        assert_eq!(decode_path(&e).as_deref(), Some(p));
        assert_eq!(decode_path("%zz"), None);
        assert_eq!(decode_path("%ff"), None);
        assert_eq!(decode_path("%+5"), None, "a sign is not a hex digit");
    }

    #[test]
    fn only_the_strict_decoder_refuses_encoded_separators() {
        for encoded in ["/a%2fb", "/a%2Fb", "/a%5cb", "/a%5Cb"] {
            assert!(decode_path(encoded).is_some(), "{encoded}");
            assert_eq!(decode_path_keeping_separators(encoded), None, "{encoded}");
        }
        assert_eq!(
            decode_path_keeping_separators("/%E7%9D%A1 a%20b/").as_deref(),
            Some("/睡 a b/")
        );
        assert_eq!(decode_path_keeping_separators("/a%2"), None);
    }
}
