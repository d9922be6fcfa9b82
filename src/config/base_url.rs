//! `base_url`: the site's address, split into the origin and the path below it.

/// Split an absolute http(s) URL into its origin and a path that starts and ends with `/`.
pub(crate) fn parse_base_url(url: &str) -> Result<(String, String), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it must start with http:// or https://")?;
    let scheme_len = url.len() - rest.len();
    if rest
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return Err("it contains spaces, control characters or backslashes");
    }
    if rest.contains(['?', '#']) {
        return Err("it must not have a query or fragment");
    }
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty() || host.starts_with(':') || host.ends_with(':') {
        return Err("it has no host name");
    }
    if path.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err("its path must not contain `.` or `..` segments");
    }
    let mut path = path.to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    Ok((url[..scheme_len + host.len()].to_string(), path))
}
