//! Civil dates for legal arithmetic.
//!
//! A [`Date`] is a day number (days since 1970-01-01) in the proleptic Gregorian calendar. Legal terms are
//! counted in whole days, weeks and calendar months, never in hours, so a day number is all the rules need;
//! it makes "+ 28 days" one integer addition, which is what lets the batch path assess tens of millions of
//! cases per second (see `docs/decisions.md`). The conversion algorithms are Howard Hinnant's
//! `days_from_civil` / `civil_from_days`; the property tests check them day by day against `jiff`, the
//! date library the rest of terugkeer uses at its edges.

use std::fmt;

/// The first year a fact or policy date may have. Older dates are typing errors in this domain.
pub const MIN_YEAR: i32 = 1900;
/// The last year a fact or policy date may have.
pub const MAX_YEAR: i32 = 2199;

/// A civil date (no time, no zone).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD`.
    #[error("expected a date as YYYY-MM-DD, found {0:?}")]
    Format(String),
    /// Of the right form, but no such day exists (2016-02-30, month 13, …).
    #[error("impossible date {0:?}")]
    Impossible(String),
    /// A real day, but outside the years this system accepts.
    #[error("date {0:?} lies outside the years {MIN_YEAR}–{MAX_YEAR}")]
    OutOfRange(String),
}

impl Date {
    /// The date for a year, month and day, if that day exists and lies within [`MIN_YEAR`]..=[`MAX_YEAR`].
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// Parses exactly `YYYY-MM-DD`; nothing else (no time, no week dates, no expanded years) is a date here.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let mut n = 0u32;
            for &c in b.get(r)? {
                if !c.is_ascii_digit() {
                    return None;
                }
                n = n * 10 + u32::from(c - b'0');
            }
            Some(n)
        };
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Format(text.to_owned()));
        }
        let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
            return Err(DateError::Format(text.to_owned()));
        };
        // `y` has four digits, so it fits an i32.
        let y = y as i32;
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return Err(DateError::Impossible(text.to_owned()));
        }
        Date::from_ymd(y, m, d).ok_or_else(|| DateError::OutOfRange(text.to_owned()))
    }

    /// Days since 1970-01-01 (negative before).
    pub const fn day_number(self) -> i32 {
        self.0
    }

    /// The date with this day number, unchecked against the accepted years: arithmetic may step past them.
    pub const fn from_day_number(n: i32) -> Date {
        Date(n)
    }

    /// Year, month (1–12) and day (1–31).
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    pub fn iso_weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        (self.0 + 3).rem_euclid(7) as u32 + 1
    }

    /// Saturday or Sunday.
    pub fn is_weekend(self) -> bool {
        self.iso_weekday() >= 6
    }

    /// This date plus (or minus) whole days.
    pub const fn add_days(self, days: i32) -> Date {
        Date(self.0 + days)
    }

    /// This date plus (or minus) whole weeks.
    pub const fn add_weeks(self, weeks: i32) -> Date {
        Date(self.0 + 7 * weeks)
    }

    /// This date plus (or minus) calendar months; a day that does not exist in the target month is clamped
    /// to that month's last day (31 August + 6 months = 28 or 29 February), as in jiff and in Dutch practice.
    pub fn add_months(self, months: i32) -> Date {
        let (y, m, d) = self.ymd();
        let total = y * 12 + (m as i32 - 1) + months;
        let ny = total.div_euclid(12);
        let nm = total.rem_euclid(12) as u32 + 1;
        let nd = d.min(days_in_month(ny, nm));
        Date(days_from_civil(ny, nm, nd))
    }

    /// This date plus (or minus) calendar years, 29 February clamped to 28 February in common years.
    pub fn add_years(self, years: i32) -> Date {
        self.add_months(years * 12)
    }

    /// Days from `earlier` to `self` (negative if `self` is earlier).
    pub const fn days_since(self, earlier: Date) -> i32 {
        self.0 - earlier.0
    }

    /// The same day as a `jiff` civil date, for the edges that format or convert with jiff.
    pub fn to_jiff(self) -> Option<jiff::civil::Date> {
        let (y, m, d) = self.ymd();
        jiff::civil::Date::new(i16::try_from(y).ok()?, m as i8, d as i8).ok()
    }

    /// The same day from a `jiff` civil date, if it lies within the accepted years.
    pub fn from_jiff(d: jiff::civil::Date) -> Option<Date> {
        Date::from_ymd(i32::from(d.year()), d.month() as u32, d.day() as u32)
    }

    /// Writes `YYYY-MM-DD` into a fixed buffer (no allocation).
    pub fn to_bytes(self) -> [u8; 10] {
        let (y, m, d) = self.ymd();
        let y = y.clamp(0, 9999) as u32;
        let dig = |n: u32| b'0' + (n % 10) as u8;
        [
            dig(y / 1000),
            dig(y / 100),
            dig(y / 10),
            dig(y),
            b'-',
            dig(m / 10),
            dig(m),
            b'-',
            dig(d / 10),
            dig(d),
        ]
    }
}

/// Number of days in a month of a year.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A Gregorian leap year.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400) as u32;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i32 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.to_bytes();
        // `to_bytes` writes only ASCII digits and dashes.
        f.write_str(std::str::from_utf8(&b).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Date, DateError> {
        Date::parse(s)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let b = self.to_bytes();
        s.serialize_str(std::str::from_utf8(&b).map_err(serde::ser::Error::custom)?)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date as \"YYYY-MM-DD\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Date {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, SchemaFormat, Type};
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Date {}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn parses_only_strict_iso_dates() {
        assert_eq!(d("2016-05-02").ymd(), (2016, 5, 2));
        for bad in [
            "2016-5-2",
            "2016-05-02T00:00",
            "20160502",
            "+02016-05-02",
            " 2016-05-02",
            "2016/05/02",
            "",
        ] {
            assert!(matches!(Date::parse(bad), Err(DateError::Format(_))), "{bad}");
        }
        for bad in [
            "2016-02-30",
            "2015-02-29",
            "2016-13-01",
            "2016-00-10",
            "2016-04-31",
            "2016-01-00",
        ] {
            assert!(matches!(Date::parse(bad), Err(DateError::Impossible(_))), "{bad}");
        }
        assert!(matches!(Date::parse("1899-12-31"), Err(DateError::OutOfRange(_))));
        assert!(matches!(Date::parse("2200-01-01"), Err(DateError::OutOfRange(_))));
        assert_eq!(d("2016-02-29").ymd(), (2016, 2, 29));
        assert_eq!(d("2000-02-29").ymd(), (2000, 2, 29));
        assert!(Date::parse("1900-02-29").is_err());
    }

    #[test]
    fn weekdays_match_the_calendar() {
        assert_eq!(d("2016-05-30").iso_weekday(), 1); // Monday
        assert_eq!(d("2026-11-29").iso_weekday(), 7); // Sunday
        assert_eq!(d("1970-01-01").iso_weekday(), 4); // Thursday
        assert!(d("2024-06-01").is_weekend());
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        assert_eq!(d("2016-08-31").add_months(6), d("2017-02-28"));
        assert_eq!(d("2019-08-31").add_months(6), d("2020-02-29"));
        assert_eq!(d("2016-01-31").add_months(1), d("2016-02-29"));
        assert_eq!(d("2016-03-31").add_months(12), d("2017-03-31"));
        assert_eq!(d("2016-10-31").add_months(6), d("2017-04-30"));
        assert_eq!(d("2016-02-29").add_years(-5), d("2011-02-28"));
        assert_eq!(d("2016-12-15").add_months(1), d("2017-01-15"));
        assert_eq!(d("2017-01-15").add_months(-1), d("2016-12-15"));
    }

    #[test]
    fn agrees_with_jiff_on_every_day_of_the_accepted_range() {
        let mut date = jiff::civil::Date::new(1900, 1, 1).unwrap();
        let last = jiff::civil::Date::new(2199, 12, 31).unwrap();
        let mut n = d("1900-01-01").day_number();
        loop {
            let ours = Date::from_day_number(n);
            assert_eq!(ours.to_jiff(), Some(date));
            assert_eq!(Date::from_jiff(date), Some(ours));
            assert_eq!(ours.iso_weekday(), date.weekday().to_monday_one_offset() as u32);
            assert_eq!(ours.to_string(), date.to_string());
            if date == last {
                break;
            }
            date = date.tomorrow().unwrap();
            n += 1;
        }
    }

    #[test]
    fn month_arithmetic_agrees_with_jiff() {
        // jiff constrains an overflowing day to the month's last day, as we do.
        let mut n = d("2015-01-01").day_number();
        while n < d("2021-01-01").day_number() {
            let ours = Date::from_day_number(n);
            let j = ours.to_jiff().unwrap();
            for months in [-60, -12, -1, 1, 6, 12] {
                let expect = j.checked_add(jiff::Span::new().months(months)).unwrap();
                assert_eq!(
                    ours.add_months(months).to_jiff(),
                    Some(expect),
                    "{ours} + {months}m"
                );
            }
            n += 1;
        }
    }
}
