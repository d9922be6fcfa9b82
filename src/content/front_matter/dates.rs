//! Dates in front matter, in the forms Zola accepts: a day (`2026-01-02`), a day and time
//! (`2026-01-02T08:30:00`, read as UTC, as Zola does) or a day and time with its offset
//! (`2026-01-02T08:30:00+01:00`), unquoted or in quotes. relief orders and shows pages by
//! the day as written; templates and feeds also get the time when there is one.

use crate::schema;
use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;
use jiff::Timestamp;

/// A date of the front matter (or of a file name) as Zola reads it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Written {
    /// As written, in TOML's spelling (`2026-01-02`, `2026-01-02T08:30:00Z`): what Zola's
    /// templates show as `page.date`.
    pub text: String,
    /// The moment it names: midnight UTC for a day alone, UTC for a time without offset.
    pub instant: Timestamp,
}

impl Written {
    /// The moment in RFC 3339, at the offset it was written with (UTC, as `Z`, when none):
    /// `2026-01-02T00:00:00Z`, `2026-01-02T08:30:00+02:00`. Zola's search index gives a
    /// page's date so.
    pub(crate) fn rfc3339(&self) -> String {
        let written = self.text.parse::<toml::value::Datetime>().ok();
        let offset = match written.and_then(|d| d.offset) {
            Some(toml::value::Offset::Custom { minutes }) if minutes != 0 => {
                Offset::from_seconds(i32::from(minutes) * 60).ok()
            }
            _ => None,
        };
        match offset {
            Some(offset) => self.instant.display_with_offset(offset).to_string(),
            None => self.instant.to_string(),
        }
    }
}

/// The day `value` of `key` holds, and the date as written, or the message and help saying
/// why it is not one.
pub(super) fn parse(key: &str, value: &toml::Value) -> Result<(Date, Written), (String, String)> {
    let not_a_date = |why: String| {
        (
            format!("`{key}` is not a date: {why}"),
            format!("write the date as {key} = 2026-11-25 (year-month-day, no quotes needed)"),
        )
    };
    let datetime = match value {
        toml::Value::Datetime(dt) => *dt,
        toml::Value::String(text) => text.trim().parse().map_err(|_| {
            schema::misshapen_date(key, text).unwrap_or_else(|| {
                not_a_date(format!(
                    "`{text}` is not in the form YYYY-MM-DD (or YYYY-MM-DDTHH:MM:SS, with an offset such as Z or +01:00)"
                ))
            })
        })?,
        other => return Err(not_a_date(format!("found a {}", other.type_str()))),
    };
    let Some(day) = datetime.date else {
        return Err(not_a_date("it has a time but no date".into()));
    };
    let day = Date::new(day.year as i16, day.month as i8, day.day as i8)
        .map_err(|e| not_a_date(e.to_string()))?;
    let instant = instant(day, &datetime).map_err(|e| not_a_date(e.to_string()))?;
    Ok((
        day,
        Written {
            text: datetime.to_string(),
            instant,
        },
    ))
}

/// The date a file name starts with (`2026-01-02`, `2026-01-02T08:30:00Z`), already of the
/// right shape; `None` when it is no day of the calendar.
pub(crate) fn from_file_name(text: &str) -> Option<(Date, Written)> {
    let datetime: toml::value::Datetime = text.parse().ok()?;
    let day = text.get(..10)?.parse::<Date>().ok()?;
    let instant = instant(day, &datetime).ok()?;
    Some((
        day,
        Written {
            text: text.to_string(),
            instant,
        },
    ))
}

/// The moment `datetime` (whose day is `day`) names.
fn instant(day: Date, datetime: &toml::value::Datetime) -> Result<Timestamp, jiff::Error> {
    let civil = match datetime.time {
        None => day.to_datetime(jiff::civil::Time::midnight()),
        // A leap second (`:60`) is the last second of its minute, as elsewhere in jiff.
        Some(t) => DateTime::new(
            day.year(),
            day.month(),
            day.day(),
            t.hour as i8,
            t.minute as i8,
            t.second.min(59) as i8,
            t.nanosecond as i32,
        )?,
    };
    let offset = match datetime.offset {
        Some(toml::value::Offset::Custom { minutes }) => {
            Offset::from_seconds(i32::from(minutes) * 60)?
        }
        Some(toml::value::Offset::Z) | None => Offset::UTC,
    };
    offset.to_timestamp(civil)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(toml_value: &str) -> Result<(String, String, String), String> {
        let table: toml::Table = toml::from_str(&format!("date = {toml_value}")).unwrap();
        parse("date", &table["date"])
            .map(|(day, w)| (day.to_string(), w.text, w.instant.to_string()))
            .map_err(|(message, _)| message)
    }

    #[test]
    fn zolas_three_forms_are_read_quoted_or_not() {
        let day = ("2026-01-02", "2026-01-02", "2026-01-02T00:00:00Z");
        assert_eq!(read("2026-01-02").unwrap(), day.into_owned());
        assert_eq!(read("\"2026-01-02\"").unwrap(), day.into_owned());
        assert_eq!(
            read("2026-01-02T08:30:00").unwrap(),
            ("2026-01-02", "2026-01-02T08:30:00", "2026-01-02T08:30:00Z").into_owned()
        );
        assert_eq!(
            read("2026-01-02T23:30:00-05:00").unwrap(),
            (
                "2026-01-02",
                "2026-01-02T23:30:00-05:00",
                "2026-01-03T04:30:00Z"
            )
                .into_owned()
        );
        assert_eq!(
            read("\"2026-01-02 08:30:00Z\"").unwrap().1,
            "2026-01-02T08:30:00Z"
        );
    }

    #[test]
    fn rfc3339_keeps_the_offset_written() {
        let rfc3339 = |v: &str| {
            let table: toml::Table = toml::from_str(&format!("date = {v}")).unwrap();
            parse("date", &table["date"]).unwrap().1.rfc3339()
        };
        assert_eq!(rfc3339("2026-01-02"), "2026-01-02T00:00:00Z");
        assert_eq!(rfc3339("2026-01-02T08:30:00"), "2026-01-02T08:30:00Z");
        assert_eq!(rfc3339("2026-01-02T08:30:00+00:00"), "2026-01-02T08:30:00Z");
        assert_eq!(
            rfc3339("2026-01-02T23:30:00.5-05:00"),
            "2026-01-02T23:30:00.5-05:00"
        );
    }

    #[test]
    fn what_is_not_a_date_is_explained() {
        assert_eq!(
            read("08:30:00").unwrap_err(),
            "`date` is not a date: it has a time but no date"
        );
        assert!(read("\"2026-01-02 sometime\"")
            .unwrap_err()
            .contains("is not in the form YYYY-MM-DD"));
        assert!(read("\"2026-02-30\"").is_err());
        assert_eq!(
            read("3").unwrap_err(),
            "`date` is not a date: found a integer"
        );
    }

    #[test]
    fn a_file_names_date_keeps_its_spelling() {
        let (day, w) = from_file_name("2026-01-08T09:30:00Z").unwrap();
        assert_eq!(
            (day.to_string(), w.text.as_str(), w.instant.to_string()),
            (
                "2026-01-08".to_string(),
                "2026-01-08T09:30:00Z",
                "2026-01-08T09:30:00Z".to_string()
            )
        );
        assert!(from_file_name("2026-02-30").is_none());
    }

    /// Owned strings of a triple, to compare with [`read`]'s.
    trait IntoOwned {
        fn into_owned(self) -> (String, String, String);
    }

    impl IntoOwned for (&str, &str, &str) {
        fn into_owned(self) -> (String, String, String) {
            (self.0.into(), self.1.into(), self.2.into())
        }
    }
}
