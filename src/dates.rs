//! Calendar dates and review intervals as editors write them.
//!
//! Dates are ISO `YYYY-MM-DD` and must exist in the calendar. Intervals are
//! a count and a unit in English or Swedish (`6 months`, `1 år`,
//! `30 dagar`), because editors write them the way they speak.

use jiff::civil::Date;
use jiff::Span;

use crate::messages::msg;
use crate::messages::Message;

/// A review interval or warning period: a whole number of calendar units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Interval {
    pub count: i64,
    pub unit: Unit,
}

/// The unit of an [`Interval`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

const UNITS: &[(&str, Unit)] = &[
    ("day", Unit::Days),
    ("days", Unit::Days),
    ("dag", Unit::Days),
    ("dagar", Unit::Days),
    ("week", Unit::Weeks),
    ("weeks", Unit::Weeks),
    ("vecka", Unit::Weeks),
    ("veckor", Unit::Weeks),
    ("month", Unit::Months),
    ("months", Unit::Months),
    ("månad", Unit::Months),
    ("månader", Unit::Months),
    ("year", Unit::Years),
    ("years", Unit::Years),
    ("år", Unit::Years),
];

impl Interval {
    /// Parses `6 months`, `1 år`, `2 years`, `30 days`.
    pub fn parse(text: &str) -> Result<Interval, Message> {
        let mut parts = text.split_whitespace();
        let (Some(count), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(msg!("dates.not_an_interval", text = text));
        };
        let count: i64 = count
            .parse()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| msg!("dates.bad_count", count = count))?;
        let unit_l = unit.to_lowercase();
        let unit = UNITS
            .iter()
            .find(|(name, _)| *name == unit_l)
            .map(|(_, u)| *u)
            .ok_or_else(|| msg!("dates.bad_unit", unit = unit))?;
        Ok(Interval { count, unit })
    }

    /// The date `self` after `date`; end-of-month dates are clamped
    /// (2024-01-31 + 1 month = 2024-02-29).
    pub fn after(&self, date: Date) -> Option<Date> {
        let span = match self.unit {
            Unit::Days => Span::new().try_days(self.count).ok()?,
            Unit::Weeks => Span::new().try_weeks(self.count).ok()?,
            Unit::Months => Span::new().try_months(self.count).ok()?,
            Unit::Years => Span::new().try_years(self.count).ok()?,
        };
        date.checked_add(span).ok()
    }

    /// Swedish wording for display, e.g. `vartannat år`-style text is left to
    /// editors; we say `var 6:e månad` plainly as `6 månader`.
    pub fn to_swedish(&self) -> String {
        let (one, many) = match self.unit {
            Unit::Days => ("dag", "dagar"),
            Unit::Weeks => ("vecka", "veckor"),
            Unit::Months => ("månad", "månader"),
            Unit::Years => ("år", "år"),
        };
        format!(
            "{} {}",
            self.count,
            if self.count == 1 { one } else { many }
        )
    }
}

/// Parses an ISO date, rejecting dates that do not exist.
pub fn parse_date(text: &str) -> Result<Date, Message> {
    let t = text.trim();
    let bytes = t.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return Err(msg!("dates.not_a_date", text = t));
    }
    let num = |r: std::ops::Range<usize>| t[r].parse::<i16>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    Date::new(y, m as i8, d as i8).map_err(|_| msg!("dates.not_in_calendar", text = t))
}

/// Today's date in the machine's local time zone (`TZ` when set, else
/// `/etc/localtime`): a nightly build at 00:30 in Stockholm computes
/// statuses for the day that has begun there, not for UTC's.
pub fn today() -> Date {
    local_date(jiff::Timestamp::now(), &jiff::tz::TimeZone::system())
}

/// The date at instant `at` in time zone `tz`.
pub fn local_date(at: jiff::Timestamp, tz: &jiff::tz::TimeZone) -> Date {
    at.to_zoned(tz.clone()).date()
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until(to).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

/// Swedish long form, `14 mars 2025`, for people; ISO stays in machine data.
pub fn swedish_long(date: Date) -> String {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ];
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[(date.month() - 1) as usize],
        date.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_the_local_date_not_utcs() {
        let at: jiff::Timestamp = "2026-12-09T23:30:00Z".parse().expect("an instant");
        let stockholm = jiff::tz::TimeZone::get("Europe/Stockholm").expect("tzdata");
        assert_eq!(local_date(at, &stockholm).to_string(), "2026-12-10");
        assert_eq!(
            local_date(at, &jiff::tz::TimeZone::UTC).to_string(),
            "2026-12-09"
        );
        let new_york = jiff::tz::TimeZone::get("America/New_York").expect("tzdata");
        let early: jiff::Timestamp = "2026-12-10T03:00:00Z".parse().expect("an instant");
        assert_eq!(local_date(early, &new_york).to_string(), "2026-12-09");
    }

    #[test]
    fn impossible_date_is_rejected() {
        assert!(parse_date("2019-02-30").is_err());
        assert!(parse_date("2019-13-01").is_err());
        assert!(parse_date("19-02-01").is_err());
        assert_eq!(
            parse_date("2024-02-29").map(|d| d.to_string()),
            Ok("2024-02-29".into())
        );
    }

    #[test]
    fn intervals_in_english_and_swedish() {
        let d = parse_date("2024-01-31").unwrap();
        assert_eq!(
            Interval::parse("1 month")
                .unwrap()
                .after(d)
                .unwrap()
                .to_string(),
            "2024-02-29"
        );
        assert_eq!(
            Interval::parse("2 år")
                .unwrap()
                .after(d)
                .unwrap()
                .to_string(),
            "2026-01-31"
        );
        assert_eq!(
            Interval::parse("6 Månader")
                .unwrap()
                .after(d)
                .unwrap()
                .to_string(),
            "2024-07-31"
        );
        assert_eq!(
            Interval::parse("30 dagar")
                .unwrap()
                .after(d)
                .unwrap()
                .to_string(),
            "2024-03-01"
        );
        assert!(Interval::parse("ett år").is_err());
        assert!(Interval::parse("1 fortnight").is_err());
    }

    #[test]
    fn days_between_counts_signed() {
        let a = parse_date("2026-11-22").unwrap();
        let b = parse_date("2026-12-22").unwrap();
        assert_eq!(days_between(a, b), 30);
        assert_eq!(days_between(b, a), -30);
    }
}
