//! Points in time as stored: milliseconds since the Unix epoch, UTC.

use std::fmt;

use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::{OffsetDateTime, UtcOffset};

/// A UTC instant with millisecond precision; the form both databases store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

/// A moment's fields on the proleptic Gregorian calendar, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UtcParts {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl Timestamp {
    pub fn now() -> Self {
        Self::from_datetime(OffsetDateTime::now_utc())
    }

    pub const fn from_millis(millis: i64) -> Self {
        Self(millis)
    }

    pub fn from_datetime(at: OffsetDateTime) -> Self {
        let millis = at.unix_timestamp_nanos() / 1_000_000;
        Self(i64::try_from(millis).unwrap_or(i64::MAX))
    }

    pub const fn millis(self) -> i64 {
        self.0
    }

    pub fn plus_hours(self, hours: i64) -> Self {
        Self(self.0.saturating_add(hours.saturating_mul(3_600_000)))
    }

    pub fn plus_minutes(self, minutes: i64) -> Self {
        Self(self.0.saturating_add(minutes.saturating_mul(60_000)))
    }

    fn datetime(self) -> OffsetDateTime {
        let nanos = i128::from(self.0) * 1_000_000;
        OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or(OffsetDateTime::UNIX_EPOCH).to_offset(UtcOffset::UTC)
    }

    /// `2026-11-26T09:30:00Z`: for `<time datetime>`, Atom, sitemaps, JSON-LD.
    pub fn rfc3339(self) -> String {
        let at = self.datetime().replace_nanosecond(0).unwrap_or(self.datetime());
        at.format(&Rfc3339).unwrap_or_default()
    }

    /// `Thu, 26 Nov 2026 09:30:00 +0000`: for RSS.
    pub fn rfc2822(self) -> String {
        self.datetime().format(&Rfc2822).unwrap_or_default()
    }

    /// The moment's calendar date and time of day in UTC, for a locale's
    /// formatter.
    pub fn utc_parts(self) -> UtcParts {
        let at = self.datetime();
        UtcParts {
            year: at.year(),
            month: u8::from(at.month()),
            day: at.day(),
            hour: at.hour(),
            minute: at.minute(),
            second: at.second(),
        }
    }

    /// `26 November 2026, 09:30 UTC`: for readers.
    pub fn human(self) -> String {
        let at = self.datetime();
        format!("{} {} {}, {:02}:{:02} UTC", at.day(), at.month(), at.year(), at.hour(), at.minute())
    }

    /// The start (00:00 UTC) of a day written `2026-11-26`, as date
    /// fields send it; `None` for anything else.
    pub fn parse_date(text: &str) -> Option<Self> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let date = time::Date::parse(text.trim(), &format).ok()?;
        Some(Self::from_datetime(date.midnight().assume_utc()))
    }

    /// A moment written `2026-11-26T09:30` (seconds allowed), read as UTC,
    /// as date-and-time fields send it; `None` for anything else.
    pub fn parse_minute(text: &str) -> Option<Self> {
        let minutes = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
        let seconds = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
        let text = text.trim();
        let at = time::PrimitiveDateTime::parse(text, &minutes)
            .or_else(|_| time::PrimitiveDateTime::parse(text, &seconds))
            .ok()?;
        Some(Self::from_datetime(at.assume_utc()))
    }

    /// `2026-11-26`: for compact lists.
    pub fn date(self) -> String {
        let at = self.datetime();
        format!("{}-{:02}-{:02}", at.year(), u8::from(at.month()), at.day())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: Timestamp = Timestamp::from_millis(1_795_771_800_123); // 2026-11-27T09:30:00.123Z

    #[test]
    fn formats_for_machines_and_readers() {
        assert_eq!(AT.rfc3339(), "2026-11-27T09:30:00Z");
        assert_eq!(AT.rfc2822(), "Fri, 27 Nov 2026 09:30:00 +0000");
        assert_eq!(AT.human(), "27 November 2026, 09:30 UTC");
        assert_eq!(AT.date(), "2026-11-27");
    }

    #[test]
    fn reads_dates_as_their_first_moment() {
        assert_eq!(
            Timestamp::parse_date("2026-11-27").map(Timestamp::rfc3339).as_deref(),
            Some("2026-11-27T00:00:00Z")
        );
        for bad in ["", "27/11/2026", "2026-13-01", "2026-02-30", "2026-11-27T09:30"] {
            assert_eq!(Timestamp::parse_date(bad), None, "{bad}");
        }
    }
}
