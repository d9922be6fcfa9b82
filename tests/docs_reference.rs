//! The reference pages of relief's documentation against the code: a configuration key,
//! front matter key, template variable, function, filter, test, diagnostic code, command or
//! flag that relief has and the reference lacks, or the reverse, fails.
//!
//! The code's own lists: `relief::config_keys` and `relief::front_matter_keys` (the schema
//! relief checks TOML with), `relief::word_keys` (the translations relief reads for the words
//! it writes itself), `relief::warning_codes` and `relief::error_codes` (the registry every
//! diagnostic's code must be in), the `register_function`/`register_filter`/`register_test`
//! calls of src/render/, the keys of the values templates see (printed by a site built here),
//! and `relief --help`.

#[path = "docs_common/mod.rs"]
mod docs;

use docs::{first_cells, headings, page, relief, shown, FirstCell};
use pulldown_cmark::HeadingLevel;
use std::collections::BTreeSet;

/// Compare what the code has with what a page documents, naming both differences.
fn same(what: &str, page: &str, code: BTreeSet<String>, documented: BTreeSet<String>) {
    let missing: Vec<&String> = code.difference(&documented).collect();
    let extra: Vec<&String> = documented.difference(&code).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "docs/content/{page} and the code disagree on {what}:\n  in the code, not documented: {missing:?}\n  documented, not in the code: {extra:?}"
    );
    assert!(
        code.len() > 2,
        "only {} {what} found in the code",
        code.len()
    );
}

/// A table of TOML named in a heading, `[markdown.highlighting]` or `[languages.CODE]`, as
/// the prefix of its keys' paths (`markdown.highlighting.`, `languages.*.`); none for other
/// headings, whose tables hold top-level keys.
fn table_prefix(heading: &str) -> String {
    let Some(start) = heading.find('[') else {
        return String::new();
    };
    let name = heading[start..].trim_matches(|c| c == '[' || c == ']' || c == ' ');
    let parts: Vec<String> = name
        .split('.')
        .map(|p| match p.chars().all(|c| c.is_ascii_uppercase()) {
            true => "*".to_string(),
            false => p.to_string(),
        })
        .collect();
    format!("{}.", parts.join("."))
}

/// The keys a page's tables document: each first cell's code spans (`[extra]` as `extra`)
/// under the prefix of the table its heading names.
fn documented_keys(cells: &[FirstCell]) -> BTreeSet<String> {
    cells
        .iter()
        .flat_map(|cell| {
            let prefix = table_prefix(&cell.h2);
            cell.code
                .iter()
                .map(move |code| format!("{prefix}{}", code.trim_matches(|c| c == '[' || c == ']')))
        })
        .collect()
}

#[test]
fn the_configuration_reference_lists_every_key() {
    let cells = first_cells(&page("reference/config.md"));
    same(
        "config.toml keys",
        "reference/config.md",
        relief::config_keys().into_iter().collect(),
        documented_keys(&cells),
    );
}

#[test]
fn the_front_matter_reference_lists_every_key() {
    let cells = first_cells(&page("reference/front-matter.md"));
    same(
        "front matter keys",
        "reference/front-matter.md",
        relief::front_matter_keys().into_iter().collect(),
        documented_keys(&cells),
    );
}

#[test]
fn the_languages_guide_lists_every_word_relief_writes_itself() {
    let cells = first_cells(&page("guides/languages.md"));
    same(
        "the translation keys of relief's own words",
        "guides/languages.md",
        relief::word_keys().into_iter().map(String::from).collect(),
        cells
            .iter()
            .filter(|cell| cell.h2 == "The words relief writes itself")
            .flat_map(|cell| cell.code.iter().cloned())
            .collect(),
    );
}

#[test]
fn the_diagnostics_reference_lists_every_code_under_its_severity() {
    let text = page("reference/diagnostics.md");
    let h2 = headings(&text, HeadingLevel::H2);
    assert_eq!(h2, ["Warnings", "Errors"], "the page's two parts");
    // Each h3 is a code; the h2 above it says its severity.
    let mut warnings = BTreeSet::new();
    let mut errors = BTreeSet::new();
    let mut part = "";
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            part = if h == "Warnings" { "w" } else { "e" };
        } else if let Some(h) = line.strip_prefix("### ") {
            let code = h.trim().trim_matches('`').to_string();
            match part {
                "w" => warnings.insert(code),
                _ => errors.insert(code),
            };
        }
    }
    let set = |codes: &[&str]| codes.iter().map(|c| c.to_string()).collect();
    same(
        "warning codes",
        "reference/diagnostics.md",
        set(relief::warning_codes()),
        warnings,
    );
    same(
        "error codes",
        "reference/diagnostics.md",
        set(relief::error_codes()),
        errors,
    );
}

/// Each code of the diagnostics reference has an example of its message and the fix.
#[test]
fn every_diagnostic_has_an_example_and_a_fix() {
    let text = page("reference/diagnostics.md");
    let sections: Vec<&str> = text.split("\n### ").skip(1).collect();
    assert!(sections.len() > 40, "{} codes", sections.len());
    for section in sections {
        let code = section.lines().next().unwrap();
        let body = section.split("\n## ").next().unwrap();
        for part in ["- **Example:** ", "- **Fix:** "] {
            assert!(
                body.contains(part),
                "{code} has no `{part}` line in docs/content/reference/diagnostics.md"
            );
        }
    }
}

/// The names `kind` (`function`, `filter`, `test`) registered with Tera in src/render/.
fn registered(kind: &str) -> BTreeSet<String> {
    let needle = format!("register_{kind}(");
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(docs::repo().join("src/render")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        let mut rest = code;
        while let Some(at) = rest.find(&needle) {
            rest = &rest[at + needle.len()..];
            let name = rest
                .trim_start()
                .strip_prefix('"')
                .and_then(|r| r.split('"').next());
            if let Some(name) = name {
                out.insert(name.to_string());
            }
        }
    }
    out
}

/// The name a first cell's code span documents: `get_url(path=…)` → `get_url`,
/// `{{ text | markdown }}` → `markdown`, `base64_encode` → itself.
fn called_name(code: &str) -> String {
    let code = code.trim_start_matches("{{").trim_end_matches("}}").trim();
    let code = code.rsplit('|').next().unwrap().trim();
    code.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

#[test]
fn the_template_reference_lists_every_function_filter_and_test() {
    let cells = first_cells(&page("reference/templates.md"));
    let under = |h2: &str| -> BTreeSet<String> {
        cells
            .iter()
            .filter(|c| c.h2 == h2)
            .flat_map(|c| c.code.iter().map(|code| called_name(code)))
            .collect()
    };
    let page_name = "reference/templates.md";
    same(
        "functions",
        page_name,
        registered("function"),
        under("Functions"),
    );
    same("filters", page_name, registered("filter"), under("Filters"));
    // Tera's tests are few: the page's table lists relief's; two is enough to compare.
    let tests = registered("test");
    assert_eq!(tests, under("Tests"), "{page_name}: the tests");
}

/// The keys of each value templates see, printed by a `relief init` site whose templates
/// list them: `page`, `section`, `paginator`, `taxonomy`, `term`, `config`.
fn template_value_keys() -> Vec<(&'static str, BTreeSet<String>)> {
    let dir = tempfile::tempdir().unwrap();
    let out = relief(dir.path(), &["init", "site"]);
    assert!(out.status.success(), "{}", shown(&out));
    let site = dir.path().join("site");
    let keys =
        |name: &str, value: &str| format!("{name}: {{{{ {value} | keys | join(sep=\" \") }}}}\n");
    let write =
        |file: &str, text: String| std::fs::write(site.join("templates").join(file), text).unwrap();
    write(
        "page.html",
        keys("page", "page") + &keys("config", "config"),
    );
    let section = keys("section", "section")
        + "{% if paginator is defined %}"
        + &keys("paginator", "paginator")
        + "{% endif %}";
    write("section.html", section.clone());
    write("index.html", section);
    write("taxonomy_list.html", keys("taxonomy", "taxonomy"));
    write("taxonomy_single.html", keys("term", "term"));
    // Every page through page.html, and a section in pagers.
    for file in ["search.md", "sources.md"] {
        let path = site.join("content").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let text: String = text
            .lines()
            .filter(|l| !l.starts_with("template ="))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&path, text).unwrap();
    }
    let topics = site.join("content/topics/_index.md");
    let text =
        std::fs::read_to_string(&topics)
            .unwrap()
            .replacen("+++\n", "+++\npaginate_by = 1\n", 1);
    std::fs::write(&topics, text).unwrap();
    let out = relief(&site, &["build"]);
    assert!(out.status.success(), "{}", shown(&out));
    let mut found: Vec<(&'static str, BTreeSet<String>)> = Vec::new();
    for name in ["page", "config", "section", "paginator", "taxonomy", "term"] {
        let mut keys = BTreeSet::new();
        for html in walk(&site.join("public")) {
            let text = std::fs::read_to_string(&html).unwrap();
            for line in text.lines() {
                if let Some(list) = line.strip_prefix(&format!("{name}: ")) {
                    keys.extend(list.split(' ').map(str::to_string));
                }
            }
        }
        assert!(!keys.is_empty(), "no `{name}` printed by the test site");
        found.push((name, keys));
    }
    found
}

/// The HTML files under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
    out
}

#[test]
fn the_template_reference_lists_every_field_of_every_value() {
    let cells = first_cells(&page("reference/templates.md"));
    for (name, keys) in template_value_keys() {
        let documented: BTreeSet<String> = cells
            .iter()
            .filter(|c| c.h2 == name)
            .flat_map(|c| c.code.iter().cloned())
            .collect();
        same(
            &format!("the fields of `{name}`"),
            "reference/templates.md",
            keys,
            documented,
        );
    }
}

/// The commands of `relief --help`, and the flags and arguments of each.
fn cli_from_help() -> BTreeSet<String> {
    let help = |args: &[&str]| shown(&relief(&docs::repo(), args));
    let top = help(&["--help"]);
    let commands: Vec<String> = top
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("Options:")
        .next()
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect();
    let mut out = BTreeSet::new();
    for command in commands {
        for line in help(&[&command, "--help"]).lines() {
            let line = line.trim();
            if line.starts_with('-') {
                // `-o, --output <OUTPUT>  Where…`: every flag before the first other word.
                for word in line.split_whitespace().map(|w| w.trim_end_matches(',')) {
                    if !word.starts_with('-') {
                        break;
                    }
                    if word != "-h" && word != "--help" {
                        out.insert(format!("relief {command} {word}"));
                    }
                }
            } else if let Some(arg) = line.strip_prefix('<') {
                let arg = arg.split('>').next().unwrap();
                out.insert(format!("relief {command} {arg}"));
            }
        }
        out.insert(format!("relief {command}"));
    }
    out
}

#[test]
fn the_command_line_reference_lists_every_command_and_flag() {
    let text = page("reference/cli.md");
    let cells = first_cells(&text);
    let mut documented: BTreeSet<String> = headings(&text, HeadingLevel::H2)
        .into_iter()
        .filter(|h| h.starts_with("relief "))
        .collect();
    for cell in &cells {
        for code in &cell.code {
            let word = code.split(' ').next().unwrap();
            documented.insert(format!("{} {word}", cell.h2));
        }
    }
    same(
        "commands and flags",
        "reference/cli.md",
        cli_from_help(),
        documented,
    );
}
