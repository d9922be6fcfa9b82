//! The shape of an external URL: whether `https://…` as an author wrote it (in Markdown, or
//! as a reference's `url`) can be a working address, checked without the network.

/// Why `url` (starting with `http://`, `https://` or `//`) is not a usable URL.
pub(crate) fn malformed(url: &str) -> Option<&'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))?;
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("it contains spaces or control characters");
    }
    if url.contains(['"', '<', '>', '\\', '^', '`', '{', '|', '}']) {
        return Some("it contains characters a URL cannot hold unencoded");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let (host, port) = if let Some(v6) = host_port.strip_prefix('[') {
        match v6.split_once(']') {
            Some((_, port)) => ("[v6]", port.strip_prefix(':')),
            None => return Some("its IPv6 address is not closed with `]`"),
        }
    } else {
        match host_port.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        }
    };
    if host.is_empty() {
        return Some("it has no host name");
    }
    if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return Some("its port is not a number");
    }
    if host != "[v6]" {
        if host != "localhost" && !host.contains('.') {
            return Some("its host name has no dot (is the domain complete?)");
        }
        let bad_label = host.split('.').any(|l| {
            l.is_empty()
                || l.starts_with('-')
                || l.ends_with('-')
                || !l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
        if bad_label {
            return Some("its host name is not valid");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::malformed;

    #[test]
    fn malformed_urls() {
        for good in [
            "https://example.org",
            "https://example.org/a?b=c#d",
            "http://localhost:8080/x",
            "//cdn.example.org/x.js",
            "https://[::1]:80/",
            "https://bücher.example/",
        ] {
            assert_eq!(malformed(good), None, "{good}");
        }
        for bad in [
            "https://",
            "https://exa mple.org",
            "https://example",
            "https://example..org",
            "https://example.org:port/",
            "https://-x.org/",
            "https://example.org/<x>",
        ] {
            assert!(malformed(bad).is_some(), "{bad}");
        }
    }
}
