//! `relief check --external`: the external URLs the rendered site links to, fetched once
//! each (external.rs does the fetching), and what an author should hear about their answers.

use super::external;
use super::page::Link;
use super::report::{Finding, Report};
use super::trace::is_rendered;
use super::{Crawl, Resolved};
use crate::diagnostics::{Diagnostic, Location};
use crate::url_syntax::malformed;
use std::collections::BTreeMap;
use std::time::Duration;

/// How long one external URL may take to answer, redirects included.
const EXTERNAL_TIMEOUT: Duration = Duration::from_secs(15);

/// The URL to fetch for a link as written: absolute `http(s)` (a scheme-relative `//host`
/// is taken as https), without its fragment. `None` for every other link.
fn fetchable(raw: &str) -> Option<String> {
    let url = raw.split('#').next().unwrap_or_default();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        Some(url.to_string())
    } else {
        url.strip_prefix("//").map(|rest| format!("https://{rest}"))
    }
}

/// What an author should hear about an external URL's answer; nothing when it is fine.
fn external_finding(url: &str, outcome: &external::Outcome) -> Option<Finding> {
    use external::Outcome;
    let browser = "open it in a browser: if the page is there, add the site to [link_checker] skip_prefixes in config.toml";
    let passing =
        "this is often passing: run the check again later, and open the link in a browser";
    let replace = "find where the page moved (search its title; a DOI or PubMed link lasts longer) and update the link, or remove it";
    let (code, error, message, help) = match outcome {
        Outcome::Fine => return None,
        Outcome::Moved(to) => (
            "link-moved",
            false,
            format!("`{url}` has moved permanently to `{to}`"),
            "update the link to the new address: the redirect may not last",
        ),
        Outcome::Gone(status) => (
            "dead-link",
            true,
            format!("`{url}` is gone: the server answers {status}"),
            replace,
        ),
        Outcome::Rejected(status) => (
            "dead-link",
            true,
            format!("`{url}` is refused as a bad request: the server answers {status}"),
            replace,
        ),
        Outcome::NoSuchHost => (
            "dead-link",
            true,
            format!("`{url}`: its host name does not exist"),
            "check the spelling of the domain; if the site is gone, find where the page moved or remove the link",
        ),
        Outcome::Refused(status) => (
            "link-refused",
            false,
            format!("`{url}` did not let relief check it: the server answers {status}"),
            browser,
        ),
        Outcome::ServerError(status) => (
            "link-unreachable",
            false,
            format!("`{url}` failed on the server's side: it answers {status}"),
            passing,
        ),
        Outcome::Unreachable(why) => (
            "link-unreachable",
            false,
            format!("`{url}` could not be reached: {why}"),
            passing,
        ),
    };
    Some(Finding {
        code,
        error,
        message,
        help: help.to_string(),
    })
}

impl Crawl<'_> {
    /// External links whose servers say the page is gone or could not be asked: each URL is
    /// fetched once, however many pages show it.
    pub(crate) fn dead_external_links(&self) -> Vec<Diagnostic> {
        let skip = &self.site.config.link_checker.skip_prefixes;
        let mut shown_on: BTreeMap<String, Vec<(&String, Link<'_>)>> = BTreeMap::new();
        let mut files: Vec<&String> = self.pages.keys().collect();
        files.sort();
        for from in files {
            for link in self.pages[from].links() {
                let raw = link.raw.trim();
                if !matches!(self.resolve(from, raw), Resolved::External) {
                    continue;
                }
                let Some(url) = fetchable(raw) else {
                    continue;
                };
                if malformed(&url).is_none() && !skip.iter().any(|p| url.starts_with(p.as_str())) {
                    shown_on.entry(url).or_default().push((from, link));
                }
            }
        }
        let urls: Vec<String> = shown_on.keys().cloned().collect();
        let outcomes = external::fetch_all(&urls, EXTERNAL_TIMEOUT);
        let unreachable = |o: &external::Outcome| {
            matches!(
                o,
                external::Outcome::NoSuchHost | external::Outcome::Unreachable(_)
            )
        };
        if urls.len() > 1 && outcomes.values().all(unreachable) {
            let why = match outcomes.values().next() {
                Some(external::Outcome::Unreachable(why)) => why.clone(),
                _ => "no host name could be looked up".into(),
            };
            return vec![Diagnostic::error(
                "offline",
                format!("none of the {} external links could be reached ({why})", urls.len()),
            )
            .help("check the network connection (or proxy settings: HTTPS_PROXY, NO_PROXY) and run `relief check --external` again")];
        }
        let mut report = Report::default();
        for (url, pages) in &shown_on {
            let Some(finding) = outcomes.get(url).and_then(|o| external_finding(url, o)) else {
                continue;
            };
            // Where it is written, if anywhere: a URL that a listing (the sources page) only
            // repeats is reported at the Markdown or front matter it comes from.
            let traced: Vec<(&String, Location)> = pages
                .iter()
                .map(|(from, link)| (*from, self.trace(from, link)))
                .collect();
            let written = traced
                .iter()
                .find(|(_, l)| !is_rendered(l))
                .map(|(_, l)| l.clone());
            for (from, location) in traced {
                let location = match (&written, is_rendered(&location)) {
                    (Some(written), true) => written.clone(),
                    _ => location,
                };
                report.add(finding.clone(), location, from);
            }
        }
        report.diagnostics(self.site)
    }
}

#[cfg(test)]
mod tests {
    use super::fetchable;

    #[test]
    fn only_http_links_are_fetched_and_never_with_their_fragment() {
        assert_eq!(
            fetchable("https://a.org/p#x").as_deref(),
            Some("https://a.org/p")
        );
        assert_eq!(fetchable("HTTP://a.org/").as_deref(), Some("HTTP://a.org/"));
        assert_eq!(fetchable("//a.org/p").as_deref(), Some("https://a.org/p"));
        assert_eq!(fetchable("mailto:x@a.org"), None);
        assert_eq!(fetchable("/local/"), None);
    }
}
