//! Where a key is written in TOML text, as a line number. Diagnostics about values that
//! parsed but failed a later check (a bad date, an unknown taxonomy, a base_url that is not a
//! URL) point at the key's line; by then the parser's spans are gone, so the text is searched.
//! Used for config.toml and for front matter alike.

/// The 1-based line (within `toml_text`) where `key = …` is set at the top level (or where
/// the `[key]` table or a `[[key]]` entry begins).
pub(crate) fn key_line(toml_text: &str, key: &str) -> Option<usize> {
    toml_text
        .lines()
        .position(|line| {
            let line = line.trim_start();
            let rest = line
                .strip_prefix(key)
                .or_else(|| line.strip_prefix(&format!("\"{key}\"")));
            rest.is_some_and(|r| r.trim_start().starts_with('='))
                || line.trim_end() == format!("[{key}]")
                || line.trim_end() == format!("[[{key}]]")
        })
        .map(|i| i + 1)
}

/// The 1-based line (within `toml_text`) of `key` in the table whose header (`[name]` or
/// `[[name]]`) is on the 0-based line `header`; the header's own line when the key is not
/// written in that table, so that a diagnostic still lands on the right table.
pub(crate) fn key_line_in_table(toml_text: &str, header: usize, key: &str) -> usize {
    let in_table = toml_text
        .lines()
        .skip(header + 1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
        });
    match in_table {
        Some(i) => header + 2 + i,
        None => header + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_quoted_keys_and_table_headers() {
        let toml = "title = \"A\"\n  \"weight\"= 3\n[extra]\nx = 1\n[[references]]\nid = \"a\"\n";
        assert_eq!(key_line(toml, "title"), Some(1));
        assert_eq!(key_line(toml, "weight"), Some(2));
        assert_eq!(key_line(toml, "extra"), Some(3));
        assert_eq!(key_line(toml, "references"), Some(5));
        assert_eq!(key_line(toml, "missing"), None);
        // A key that only starts with the name asked for is another key.
        assert_eq!(key_line("titles = 1\ntitle = 2\n", "title"), Some(2));
    }

    #[test]
    fn finds_a_key_in_its_own_table_only() {
        let toml = "title = \"A\"\n[[references]]\nid = \"a\"\ndoi = \"1\"\n\n[[references]]\nid = \"b\"\ntitle = \"T\"\n[extra]\ndoi = 2\n";
        assert_eq!(key_line_in_table(toml, 1, "doi"), 4);
        assert_eq!(key_line_in_table(toml, 5, "id"), 7);
        assert_eq!(
            key_line_in_table(toml, 5, "doi"),
            6,
            "not the [extra] key: the header"
        );
    }
}
