//! The wrapping of every search file: a small script that hands its data to the search
//! script's one global, `reliefSearch.put("NAME",DATA);`, so that `search.js` can run it
//! with a `<script>` element where `fetch()` is refused (`file://`), or fetch it and read
//! the data without running it.

#[cfg(test)]
use std::borrow::Cow;

/// The function every search file calls with its name and data (static/search.js defines it).
pub(super) const CALLBACK: &str = "reliefSearch.put";

/// The start of the search file `name`: `reliefSearch.put("name",`. Its data and `);\n`
/// follow.
pub(super) fn script_head(name: &str) -> String {
    // File names are ASCII letters, digits, `-` and `.`: nothing to escape.
    format!("{CALLBACK}(\"{name}\",")
}

/// The end of every search file.
pub(super) const SCRIPT_TAIL: &str = ");\n";

/// A term shard's script: its lines as a template literal, which takes them as they are
/// (stems are letters and digits, so the literal needs no escape); as a JSON string, which
/// JavaScript reads alike, should a line ever hold a character a template literal would
/// change (`` ` ``, `\`, `$`, a carriage return).
pub(super) fn shard_script(name: &str, lines: &str) -> String {
    let head = script_head(name);
    let mut out = String::with_capacity(head.len() + lines.len() + 2 + SCRIPT_TAIL.len());
    out.push_str(&head);
    if !template_safe(lines) {
        crate::json::push_string(lines, &mut out);
    } else {
        out.push('`');
        out.push_str(lines);
        out.push('`');
    }
    out.push_str(SCRIPT_TAIL);
    out
}

/// Whether a template literal reads `s` as it is: no `` ` ``, `\`, `$` or carriage return.
/// 32 bytes at a time, without branches inside (as [`crate::json`]'s escape test).
pub(super) fn template_safe(s: &str) -> bool {
    let odd = |b: u8| (b == b'`') | (b == b'\\') | (b == b'$') | (b == b'\r');
    let mut blocks = s.as_bytes().chunks_exact(32);
    for block in &mut blocks {
        if block.iter().fold(false, |any, &b| any | odd(b)) {
            return false;
        }
    }
    !blocks.remainder().iter().any(|&b| odd(b))
}

/// The name and data of a search file as [`super::render`] makes it (the inverse of the
/// wrapping): the JSON of index.js or of a fragment file, the lines of a term shard. `None`
/// for anything else.
#[cfg(test)]
pub(crate) fn script_data(script: &str) -> Option<(&str, Cow<'_, str>)> {
    let rest = script.strip_prefix(CALLBACK)?.strip_prefix("(\"")?;
    let (name, rest) = rest.split_once("\",")?;
    let data = rest.strip_suffix(SCRIPT_TAIL)?;
    let data = match data.as_bytes().first()? {
        b'`' => data.strip_prefix('`')?.strip_suffix('`')?.into(),
        b'"' => serde_json::from_str::<String>(data).ok()?.into(),
        _ => data.into(),
    };
    Some((name, data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_scripts_carry_their_lines_unchanged() {
        let plain = "sleep 0a3\nsleepi 1b4w0c\n";
        let script = shard_script("t-sl.js", plain);
        assert_eq!(
            script,
            "reliefSearch.put(\"t-sl.js\",`sleep 0a3\nsleepi 1b4w0c\n`);\n"
        );
        assert_eq!(script_data(&script), Some(("t-sl.js", plain.into())));
        // What a template literal would read differently goes into a JSON string.
        for odd in ["a`b 012\n", "a\\b 012\n", "a${b} 012\n", "a\r\nb 012\n"] {
            let script = shard_script("t.js", odd);
            assert!(
                script.starts_with("reliefSearch.put(\"t.js\",\""),
                "{script}"
            );
            assert_eq!(script_data(&script), Some(("t.js", odd.into())));
        }
        assert_eq!(script_data("[1,2]"), None);
        // In a whole block of 32 bytes and in the rest after the blocks.
        for at in [0, 31, 32, 70, 99] {
            let mut lines = "x".repeat(100);
            lines.replace_range(at..at + 1, "$");
            assert!(!template_safe(&lines), "$ at {at}");
        }
        assert!(template_safe(&"x".repeat(100)));
    }
}
