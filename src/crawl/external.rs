//! `relief check --external`: ask every external URL the site links to whether it still
//! answers, once per URL, politely (at most two requests at a time per host), and sort the
//! answers into what an author must fix and what only a browser can tell.
//!
//! Link checkers are known for false alarms: many servers refuse HEAD requests or refuse
//! robots outright. So a URL that fails a HEAD request is asked again with GET, and refusals
//! (401, 403, 429…) are reported as warnings to open in a browser, never as errors.

use crate::sync::lock;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::Duration;

/// Requests in flight at once, over all hosts.
const WORKERS: usize = 8;
/// Requests in flight at once to one host.
const PER_HOST: usize = 2;

/// How a URL answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Outcome {
    /// 2xx, after redirects.
    Fine,
    /// 2xx, but the first answer was a permanent redirect (301, 308) to this address.
    Moved(String),
    /// 404 or 410: the page is gone.
    Gone(u16),
    /// 401, 403, 429 and the like: the server refused an automated request. A browser may
    /// well see the page.
    Refused(u16),
    /// Another 4xx: the request itself is wrong, most likely the URL.
    Rejected(u16),
    /// 5xx: trouble on the server's side, possibly passing.
    ServerError(u16),
    /// The host name does not exist.
    NoSuchHost,
    /// No answer: connection refused, TLS failure, timeout, too many redirects.
    Unreachable(String),
}

/// Fetch each URL once and say how it answered. URLs are absolute `http(s)://` without a
/// fragment.
pub(super) fn fetch_all(urls: &[String], timeout: Duration) -> HashMap<String, Outcome> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        // Redirects are followed here, to tell permanent moves from temporary ones.
        .max_redirects(0)
        .max_redirects_will_error(false)
        .user_agent(concat!(
            "Mozilla/5.0 (compatible; relief-link-check/",
            env!("CARGO_PKG_VERSION"),
            ")"
        ))
        .build()
        .into();
    let mut results = HashMap::new();
    // A host name that does not resolve while others do is gone (a typo, a lapsed domain);
    // when none resolves, the machine is offline. Each host is looked up once, and its URLs
    // are not fetched.
    let lookups = look_up(urls);
    let any_resolved = lookups.values().any(Result::is_ok);
    let mut reachable = Vec::new();
    for url in urls {
        match lookups.get(&host(url)) {
            Some(Err(_)) if any_resolved => {
                results.insert(url.clone(), Outcome::NoSuchHost);
            }
            Some(Err(why)) => {
                results.insert(url.clone(), Outcome::Unreachable(why.clone()));
            }
            _ => reachable.push(url.clone()),
        }
    }
    let lanes = Mutex::new(lanes(&reachable));
    let results = Mutex::new(results);
    std::thread::scope(|scope| {
        for _ in 0..WORKERS.min(reachable.len()) {
            scope.spawn(|| loop {
                let Some(lane) = lock(&lanes).pop() else {
                    break;
                };
                for url in lane {
                    let outcome = fetch(&agent, url);
                    lock(&results).insert(url.clone(), outcome);
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Look up the host of each URL once, in parallel: the error of each that does not resolve.
/// Nothing when a proxy is set, which looks names up itself.
fn look_up(urls: &[String]) -> HashMap<String, Result<(), String>> {
    let proxied = [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ]
    .iter()
    .any(|v| std::env::var_os(v).is_some_and(|v| !v.is_empty()));
    if proxied {
        return HashMap::new();
    }
    let mut hosts: Vec<String> = urls.iter().map(|u| host(u)).collect();
    hosts.sort();
    hosts.dedup();
    let queue = Mutex::new(hosts);
    let found = Mutex::new(HashMap::new());
    std::thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| loop {
                let Some(host) = lock(&queue).pop() else {
                    break;
                };
                let result = std::net::ToSocketAddrs::to_socket_addrs(&with_port(&host))
                    .map(|_| ())
                    .map_err(|e| e.to_string());
                lock(&found).insert(host, result);
            });
        }
    });
    found.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// `host` with a port, as name lookups want it: `example.org` → `example.org:443`.
fn with_port(host: &str) -> String {
    let has_port = match host.strip_prefix('[') {
        Some(v6) => v6.contains("]:"),
        None => host
            .rsplit_once(':')
            .is_some_and(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())),
    };
    match has_port {
        true => host.to_string(),
        false => format!("{host}:443"),
    }
}

/// The URLs split into lanes that are fetched one after another, at most `PER_HOST` lanes
/// per host, so no host gets more than `PER_HOST` requests at once. Biggest lanes are popped
/// first, so the longest queue starts early.
fn lanes(urls: &[String]) -> Vec<Vec<&String>> {
    let mut by_host: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for url in urls {
        by_host.entry(host(url)).or_default().push(url);
    }
    let mut lanes: Vec<Vec<&String>> = Vec::new();
    for urls in by_host.into_values() {
        let n = urls.len().min(PER_HOST);
        let mut split: Vec<Vec<&String>> = vec![Vec::new(); n];
        for (i, url) in urls.into_iter().enumerate() {
            split[i % n].push(url);
        }
        lanes.extend(split);
    }
    lanes.sort_by_key(Vec::len);
    lanes
}

/// `https://user@Example.org:8080/a` → `example.org:8080`, lowercased.
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    authority
        .rsplit('@')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Redirects followed for one URL, at most.
const MAX_REDIRECTS: usize = 10;

fn fetch(agent: &ureq::Agent, url: &str) -> Outcome {
    // HEAD is cheap for both sides; many servers mishandle it, so any other answer is
    // asked again with GET, whose answer stands. A host that does not exist or takes no
    // connection would not for GET either: asking again only doubles the wait offline.
    // The body is never read.
    match follow(agent, "HEAD", url) {
        Ok(answer) if (200..300).contains(&answer.status) => return answer.outcome(),
        Err(e) if no_connection(&e) => return unreachable(e),
        _ => {}
    }
    match follow(agent, "GET", url) {
        Ok(answer) => answer.outcome(),
        Err(e) => unreachable(e),
    }
}

/// The error says no request reached a server: another method would fare no better.
fn no_connection(error: &ureq::Error) -> bool {
    match error {
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => true,
        ureq::Error::Io(e) => e.kind() == std::io::ErrorKind::ConnectionRefused,
        _ => false,
    }
}

fn unreachable(error: ureq::Error) -> Outcome {
    match error {
        ureq::Error::HostNotFound => Outcome::NoSuchHost,
        e => Outcome::Unreachable(e.to_string()),
    }
}

/// The last answer of a chain of redirects.
struct Answer {
    status: u16,
    /// Where the first redirect, if permanent, led in the end.
    moved_to: Option<String>,
}

impl Answer {
    fn outcome(self) -> Outcome {
        match (classify(self.status), self.moved_to) {
            (Outcome::Fine, Some(to)) => Outcome::Moved(to),
            (outcome, _) => outcome,
        }
    }
}

/// Ask `url` with `method`, following redirects.
fn follow(agent: &ureq::Agent, method: &str, url: &str) -> Result<Answer, ureq::Error> {
    let accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let mut current = url.to_string();
    let mut permanent = false;
    for hop in 0..=MAX_REDIRECTS {
        let response = match method {
            "HEAD" => agent.head(&current).header("Accept", accept).call()?,
            _ => agent.get(&current).header("Accept", accept).call()?,
        };
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .filter(|_| (300..400).contains(&status));
        let Some(location) = location else {
            return Ok(Answer {
                status,
                moved_to: permanent.then_some(current),
            });
        };
        if hop == 0 {
            permanent = matches!(status, 301 | 308);
        }
        current = join(&current, location);
    }
    Err(ureq::Error::TooManyRedirects)
}

/// The absolute URL of a `Location` header sent in answer to `base`.
fn join(base: &str, location: &str) -> String {
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let origin_end = base[scheme_end..]
        .find(['/', '?', '#'])
        .map_or(base.len(), |i| scheme_end + i);
    if location
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|s| s.ends_with(':'))
    {
        location.to_string()
    } else if location.starts_with("//") {
        format!("{}{location}", &base[..scheme_end.saturating_sub(2)])
    } else if location.starts_with('/') {
        format!("{}{location}", &base[..origin_end])
    } else {
        let path = base[origin_end..]
            .split(['?', '#'])
            .next()
            .unwrap_or_default();
        let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
        format!("{}{dir}{location}", &base[..origin_end])
    }
}

fn classify(status: u16) -> Outcome {
    match status {
        200..=299 => Outcome::Fine,
        404 | 410 => Outcome::Gone(status),
        // 999 is what LinkedIn and a few others answer robots.
        401 | 403 | 429 | 999 => Outcome::Refused(status),
        500..=599 => Outcome::ServerError(status),
        _ => Outcome::Rejected(status),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_get_a_port_for_their_lookup() {
        assert_eq!(with_port("example.org"), "example.org:443");
        assert_eq!(with_port("example.org:8080"), "example.org:8080");
        assert_eq!(with_port("[::1]"), "[::1]:443");
        assert_eq!(with_port("[::1]:8080"), "[::1]:8080");
    }

    #[test]
    fn a_request_that_reached_no_server_is_not_asked_again() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        for e in [
            ureq::Error::HostNotFound,
            ureq::Error::ConnectionFailed,
            ureq::Error::Io(refused),
        ] {
            assert!(no_connection(&e), "{e}");
        }
        let reset = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
        for e in [
            ureq::Error::Io(reset),
            ureq::Error::TooManyRedirects,
            ureq::Error::StatusCode(405),
        ] {
            assert!(!no_connection(&e), "{e}");
        }
    }

    #[test]
    fn statuses_are_sorted_into_what_an_author_must_fix_and_what_a_browser_may_see() {
        assert_eq!(classify(200), Outcome::Fine);
        assert_eq!(classify(204), Outcome::Fine);
        assert_eq!(classify(404), Outcome::Gone(404));
        assert_eq!(classify(410), Outcome::Gone(410));
        assert_eq!(classify(403), Outcome::Refused(403));
        assert_eq!(classify(429), Outcome::Refused(429));
        assert_eq!(classify(999), Outcome::Refused(999));
        assert_eq!(classify(400), Outcome::Rejected(400));
        assert_eq!(classify(503), Outcome::ServerError(503));
    }

    #[test]
    fn redirect_locations_are_made_absolute() {
        let base = "https://example.org/a/b?q=1";
        assert_eq!(join(base, "https://other.org/x"), "https://other.org/x");
        assert_eq!(join(base, "//cdn.org/x"), "https://cdn.org/x");
        assert_eq!(join(base, "/root"), "https://example.org/root");
        assert_eq!(join(base, "c"), "https://example.org/a/c");
        assert_eq!(join("http://example.org", "c"), "http://example.org/c");
    }

    #[test]
    fn no_host_gets_more_than_two_lanes_and_every_url_is_in_one() {
        let urls: Vec<String> = (0..7)
            .map(|i| format!("https://doi.org/10.1/{i}"))
            .chain([
                "https://nhs.uk/a".to_string(),
                "http://User@NHS.uk:80/b".into(),
            ])
            .collect();
        let lanes = lanes(&urls);
        let mut seen: Vec<&String> = lanes.iter().flatten().copied().collect();
        seen.sort();
        let mut all: Vec<&String> = urls.iter().collect();
        all.sort();
        assert_eq!(seen, all);
        let doi = lanes
            .iter()
            .filter(|l| l.iter().all(|u| host(u) == "doi.org"))
            .count();
        assert_eq!(doi, 2);
        // Biggest lane last: it is popped first.
        assert_eq!(lanes.last().map(Vec::len), Some(4));
        assert_eq!(host("http://User@NHS.uk:80/b"), "nhs.uk:80");
    }
}
