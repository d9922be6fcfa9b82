//! What a page's file name says beyond its slug, read as Zola reads it: a name that starts
//! with a date (`2026-01-02`) or an RFC 3339 date and time (`2026-01-02T08:30:00Z`) gives
//! the page that date, unless its front matter sets one; when a `-` or `_` follows (a single
//! space may come before it), what comes after is the page's slug. For a page bundle
//! (`2026-01-02-name/index.md`) the folder's name is read.
//!
//! Written by hand rather than with a regular expression: the shape is fixed and small.

/// The parts of a file name that starts with a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dated<'a> {
    /// The date or date and time as written: `2026-01-02`, `2026-01-02T08:30:00+01:00`.
    pub date: &'a str,
    /// What follows the `-` or `_` after the date, when something does: the slug, before
    /// slugifying.
    pub slug: Option<&'a str>,
}

/// The date and slug `name` (a file name without `.md`, or a bundle folder's name) starts
/// with, when it starts with a date. The month and day are checked for their range only
/// (`2026-02-30` is read as a date here); the caller checks that the day exists.
pub(crate) fn dated(name: &str) -> Option<Dated<'_>> {
    let mut date_end = calendar_date(name)?;
    if let Some(time) = name[date_end..].strip_prefix('T') {
        if let Some(len) = time_with_offset(time) {
            date_end += 1 + len;
        }
    }
    let rest = &name[date_end..];
    let rest = match rest.chars().next() {
        Some(c) if c.is_whitespace() => &rest[c.len_utf8()..],
        _ => rest,
    };
    let slug = rest
        .strip_prefix(['-', '_'])
        .filter(|slug| !slug.is_empty());
    Some(Dated {
        date: &name[..date_end],
        slug,
    })
}

/// The length of the `YYYY-MM-DD` `text` starts with, months 01–12 and days 01–31.
fn calendar_date(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range.clone())
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .map(|_| number(&text[range]))
    };
    digits(0..4)?;
    let month = digits(5..7)?;
    let day = digits(8..10)?;
    let dashes = b[4] == b'-' && b[7] == b'-';
    (dashes && (1..=12).contains(&month) && (1..=31).contains(&day)).then_some(10)
}

/// The length of `HH:MM:SS`, optional fraction, then `Z` or `±HH:MM`, that `text` starts
/// with; a time without its offset is not read (the name then has a date only).
fn time_with_offset(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let two = |at: usize, max: u32| {
        b.get(at..at + 2)
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .filter(|_| number(&text[at..at + 2]) <= max)
    };
    let colon = |at: usize| b.get(at) == Some(&b':');
    // 60 seconds: a leap second, which RFC 3339 allows.
    let hms = two(0, 23).is_some()
        && colon(2)
        && two(3, 59).is_some()
        && colon(5)
        && two(6, 60).is_some();
    if !hms {
        return None;
    }
    let mut end = 8;
    if b.get(end) == Some(&b'.') {
        let fraction = b[end + 1..]
            .iter()
            .take_while(|d| d.is_ascii_digit())
            .count();
        if fraction > 0 {
            end += 1 + fraction;
        }
    }
    match b.get(end) {
        Some(b'Z') => Some(end + 1),
        Some(b'+' | b'-')
            if two(end + 1, 23).is_some() && colon(end + 3) && two(end + 4, 59).is_some() =>
        {
            Some(end + 6)
        }
        _ => None,
    }
}

/// The value of a run of ASCII digits.
fn number(digits: &str) -> u32 {
    digits.bytes().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str) -> Option<(&str, Option<&str>)> {
        dated(name).map(|d| (d.date, d.slug))
    }

    #[test]
    fn a_date_and_a_slug_are_read_from_the_name() {
        assert_eq!(
            read("2026-01-02-hello-world"),
            Some(("2026-01-02", Some("hello-world")))
        );
        assert_eq!(
            read("2026-01-02_hello"),
            Some(("2026-01-02", Some("hello")))
        );
        assert_eq!(
            read("2021-01-23 -hello new world"),
            Some(("2021-01-23", Some("hello new world")))
        );
        assert_eq!(read("2026-01-02"), Some(("2026-01-02", None)));
        assert_eq!(
            read("2026-01-02T08:30:00Z-post"),
            Some(("2026-01-02T08:30:00Z", Some("post")))
        );
        assert_eq!(
            read("2026-01-02T08:30:00.250+01:00_post"),
            Some(("2026-01-02T08:30:00.250+01:00", Some("post")))
        );
    }

    #[test]
    fn what_is_not_a_dated_name_is_left_alone() {
        for name in [
            "hello",
            "2026-1-02-x",
            "2026-13-01-x",
            "2026-01-32-x",
            "26-01-02-x",
        ] {
            assert_eq!(read(name), None, "{name}");
        }
        // A date with nothing after its separator, or without a separator, keeps the whole
        // name as the slug; a time without an offset is not part of the date.
        assert_eq!(read("2026-01-02-"), Some(("2026-01-02", None)));
        assert_eq!(read("2026-01-02abc"), Some(("2026-01-02", None)));
        assert_eq!(read("2026-01-02T08:30:00-x"), Some(("2026-01-02", None)));
        assert_eq!(read("2026-01-02  -x"), Some(("2026-01-02", None)));
    }
}
