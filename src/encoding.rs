//! The encoding of source files: relief reads Markdown, TOML and templates as UTF-8, and
//! names what a file is instead (UTF-16 as Windows editors may save it, binary with NUL
//! bytes) with the line where reading stopped, so the author knows how to re-save it.

use crate::diagnostics::{Diagnostic, Location};
use std::path::Path;

/// How to re-save a file as UTF-8.
pub(crate) const SAVE_AS_UTF8: &str = "save it as UTF-8: in the editor's Save As dialog, choose the encoding UTF-8 (Windows Notepad calls UTF-16 \"Unicode\")";

/// `Some("UTF-16")` (with its byte order) when `bytes` are UTF-16 text: a byte-order mark
/// `FF FE` or `FE FF`, or, without one, text whose every other byte is zero as UTF-16 makes
/// of ASCII (what a Windows editor may save a Markdown or TOML file as).
pub(crate) fn utf16(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("UTF-16 (little-endian, with a byte-order mark)"),
        [0xFE, 0xFF, ..] => return Some("UTF-16 (big-endian, with a byte-order mark)"),
        _ => {}
    }
    let pairs: Vec<&[u8]> = bytes.chunks_exact(2).take(256).collect();
    if pairs.len() < 2 {
        return None;
    }
    // Nearly every character has one zero byte, on the same side, and none is all zero.
    let mostly = |n: usize| n * 10 >= pairs.len() * 9;
    let none_empty = pairs.iter().all(|p| p != &[0, 0]);
    let low = pairs.iter().filter(|p| p[1] == 0 && p[0] != 0).count();
    let high = pairs.iter().filter(|p| p[0] == 0 && p[1] != 0).count();
    match (none_empty, mostly(low), mostly(high)) {
        (true, true, _) => Some("UTF-16 (little-endian)"),
        (true, _, true) => Some("UTF-16 (big-endian)"),
        _ => None,
    }
}

/// UTF-8 text without a byte-order mark, or an error naming the first bad line.
pub(crate) fn decode(bytes: Vec<u8>, display: &Path) -> Result<String, Diagnostic> {
    if let Some(utf16) = utf16(&bytes) {
        return Err(
            Diagnostic::error("encoding", format!("the file is {utf16}, not UTF-8"))
                .at(Location {
                    line: Some(1),
                    ..Location::file(display)
                })
                .help(SAVE_AS_UTF8),
        );
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..pos].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(Diagnostic::error(
            "encoding",
            "the file contains a NUL byte; it looks like a binary file, not Markdown",
        )
        .at(Location {
            line: Some(line),
            ..Location::file(display)
        })
        .help("if this is not a page, rename it so it does not end in .md"));
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            Err(Diagnostic::error("encoding", "the file is not valid UTF-8")
                .at(Location {
                    line: Some(line),
                    ..Location::file(display)
                })
                .help("re-save the file with UTF-8 encoding"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_strips_bom_and_rejects_binary() {
        let d = Path::new("content/a.md");
        assert_eq!(decode(b"\xef\xbb\xbf+++".to_vec(), d).unwrap(), "+++");
        let e = decode(b"a\nb\0".to_vec(), d).unwrap_err();
        assert!(e.message.contains("NUL"));
        assert_eq!(e.location.unwrap().line, Some(2));
        let e = decode(b"ok\n\n\xff".to_vec(), d).unwrap_err();
        assert!(e.message.contains("UTF-8"));
        assert_eq!(e.location.unwrap().line, Some(3));
    }

    #[test]
    fn utf16_is_named_with_or_without_a_byte_order_mark() {
        let text = "+++\ntitle = \"Caf\u{e9}\"\n+++\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let with_bom = |bom: &[u8], body: &[u8]| [bom, body].concat();
        assert_eq!(utf16(&le), Some("UTF-16 (little-endian)"));
        assert_eq!(utf16(&be), Some("UTF-16 (big-endian)"));
        assert_eq!(
            utf16(&with_bom(&[0xFF, 0xFE], &le)),
            Some("UTF-16 (little-endian, with a byte-order mark)")
        );
        assert_eq!(
            utf16(&with_bom(&[0xFE, 0xFF], &be)),
            Some("UTF-16 (big-endian, with a byte-order mark)")
        );
        let e = decode(le, Path::new("content/a.md")).unwrap_err();
        assert_eq!(e.message, "the file is UTF-16 (little-endian), not UTF-8");
        assert_eq!(e.help.as_deref(), Some(SAVE_AS_UTF8));
        // UTF-8 text, and binary files with NUL bytes, are not taken for UTF-16.
        assert_eq!(utf16(text.as_bytes()), None);
        assert_eq!(utf16(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10"), None);
        assert_eq!(utf16(b"a\0"), None);
    }
}
