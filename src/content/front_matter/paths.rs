//! Front matter values that become paths: a slug is one URL segment, an alias or a page's
//! `path` a path on this site, a template a file inside templates/. Hostile values (`..`, slashes, absolute URLs,
//! NUL bytes) are refused before anything is written.

/// Why `slug` can't be a URL segment, if it can't.
pub(crate) fn check_slug(slug: &str) -> Result<(), &'static str> {
    if slug.contains('\0') {
        Err("contains a NUL character")
    } else if slug.contains(['/', '\\']) {
        Err("contains a slash or backslash")
    } else if slug.trim() == ".." || slug.trim() == "." {
        Err("is `.` or `..`")
    } else if crate::slug::slugify(slug).is_empty() {
        Err("has no letters or digits")
    } else {
        Ok(())
    }
}

/// Why `alias` can't be a path on this site, if it can't.
pub(crate) fn check_alias(alias: &str) -> Result<(), &'static str> {
    if alias.contains('\0') {
        Err("contains a NUL character")
    } else if alias.contains('\\') {
        Err("contains a backslash")
    } else if alias.contains("://") || alias.starts_with("//") || alias.get(1..2) == Some(":") {
        Err("is an absolute URL or file path, not a path on this site")
    } else if alias.split('/').any(|s| s == ".." || s == ".") {
        Err("contains a `.` or `..` segment")
    } else if alias.trim_matches('/').is_empty() {
        Err("is the site root")
    } else {
        Ok(())
    }
}

/// A page's `path` as its site path (`about/`), or why it can't be one: as in Zola it is
/// taken as written, one leading slash dropped and a trailing one added, and it belongs to
/// a page (a section's path is its folder's).
pub(super) fn check_path(
    path: &str,
    file: &std::path::Path,
) -> Result<String, (String, &'static str)> {
    let help = "write the page's path on this site, e.g. path = \"about\" for /about/";
    if file
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(crate::content::languages::is_section_file)
    {
        return Err((
            "`path` only applies to a page, not to a section (an `_index.md` file)".into(),
            "a section's path is its folder's: move or rename the folder instead",
        ));
    }
    let written = path.trim();
    if let Err(why) = check_alias(written) {
        let why = match written.is_empty() {
            true => "is empty",
            false => why,
        };
        return Err((format!("path `{}` {why}", path.escape_debug()), help));
    }
    let inside = written.strip_prefix('/').unwrap_or(written);
    Ok(match inside.ends_with('/') {
        true => inside.to_string(),
        false => format!("{inside}/"),
    })
}

/// Why `template` can't name a file inside templates/, if it can't.
pub(super) fn check_template(template: &str) -> Result<(), &'static str> {
    if template.contains("..") || template.starts_with('/') || template.contains(['\\', '\0']) {
        Err("is not a file name inside templates/")
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_slugs_and_aliases_are_refused() {
        for slug in ["..", "a/b", "a\\b", "a\0b"] {
            assert!(check_slug(slug).is_err(), "{slug}");
        }
        assert!(check_slug("sleep").is_ok());
        for alias in [
            "../x",
            "/a/../../b",
            "C:\\x",
            "a\0",
            "https://evil.example/",
            "//evil",
            "/",
        ] {
            assert!(check_alias(alias).is_err(), "{alias}");
        }
        assert!(check_alias("/old-url/").is_ok());
        for template in ["../x.html", "/etc/x.html", "a\\b.html", "a\0.html"] {
            assert!(check_template(template).is_err(), "{template}");
        }
        assert!(check_template("pages/long.html").is_ok());
        let page = std::path::Path::new("content/a.md");
        assert_eq!(check_path("/about", page).unwrap(), "about/");
        assert_eq!(check_path("pt/offline/", page).unwrap(), "pt/offline/");
        for path in ["", " ", "/", "../x", "https://x.example/", "a\\b"] {
            assert!(check_path(path, page).is_err(), "{path}");
        }
        let section = std::path::Path::new("content/blog/_index.md");
        assert!(check_path("about", section).is_err());
    }
}
