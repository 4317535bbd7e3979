//! The public holidays of the Algemene termijnenwet (art. 3), as data, and the one piece of logic they
//! need: the date of Easter (the Gregorian computus), from which Good Friday, Easter Monday, Ascension Day
//! and Whit Monday follow.

use crate::date::{Date, MAX_YEAR, MIN_YEAR};

/// How one holiday falls in a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// A fixed month and day; `if_sunday` moves it by that many days when it falls on a Sunday
    /// (King's Day: 27 April, or 26 April when the 27th is a Sunday).
    Fixed {
        /// Month 1–12.
        month: u32,
        /// Day 1–31.
        day: u32,
        /// Shift in days when the day is a Sunday.
        if_sunday: i32,
    },
    /// Days after (or before) Easter Sunday.
    Easter(i32),
}

/// A named holiday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayRule {
    /// Dutch name.
    pub nl: String,
    /// English name.
    pub en: String,
    /// When it falls.
    pub rule: Rule,
}

impl HolidayRule {
    /// The holiday's date in `year`.
    pub fn in_year(&self, year: i32) -> Option<Date> {
        match self.rule {
            Rule::Fixed {
                month,
                day,
                if_sunday,
            } => {
                let d = Date::from_ymd(year, month, day)?;
                Some(if d.iso_weekday() == 7 {
                    d.add_days(if_sunday)
                } else {
                    d
                })
            }
            Rule::Easter(offset) => Some(easter_sunday(year)?.add_days(offset)),
        }
    }
}

/// A holiday calendar with every non-working day (weekends and holidays) of the accepted years
/// precomputed as a bit set, so "is this a working day" costs one load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holidays {
    rules: Vec<HolidayRule>,
    first: i32,
    bits: Vec<u64>,
}

impl Holidays {
    /// Builds the calendar for the years [`MIN_YEAR`]..=[`MAX_YEAR`] (plus one, for shifts past 31 December).
    pub fn new(rules: Vec<HolidayRule>) -> Holidays {
        let first = Date::from_ymd(MIN_YEAR, 1, 1).map_or(0, Date::day_number);
        let last = Date::from_ymd(MAX_YEAR, 12, 31).map_or(0, Date::day_number) + 366;
        let len = usize::try_from(last - first + 1).unwrap_or(0);
        let mut h = Holidays {
            rules,
            first,
            bits: vec![0; len.div_ceil(64)],
        };
        for n in first..=last {
            if Date::from_day_number(n).is_weekend() {
                h.set(n);
            }
        }
        for year in MIN_YEAR..=MAX_YEAR {
            let days: Vec<Date> = h.rules.iter().filter_map(|r| r.in_year(year)).collect();
            for d in days {
                h.set(d.day_number());
            }
        }
        h
    }

    fn set(&mut self, n: i32) {
        if let Ok(i) = usize::try_from(n - self.first)
            && let Some(w) = self.bits.get_mut(i / 64)
        {
            *w |= 1 << (i % 64);
        }
    }

    /// The holidays.
    pub fn rules(&self) -> &[HolidayRule] {
        &self.rules
    }

    /// Saturday, Sunday or a holiday. Days outside the precomputed range fall back to computing.
    #[inline]
    pub fn is_non_working(&self, d: Date) -> bool {
        match usize::try_from(d.day_number() - self.first) {
            Ok(i) if i / 64 < self.bits.len() => self.bits[i / 64] & (1 << (i % 64)) != 0,
            _ => d.is_weekend() || self.holiday(d).is_some(),
        }
    }

    /// The holiday falling on `d`, if any.
    pub fn holiday(&self, d: Date) -> Option<&HolidayRule> {
        let y = d.year();
        self.rules.iter().find(|r| r.in_year(y) == Some(d))
    }

    /// The first working day on or after `d`.
    pub fn next_working_day(&self, mut d: Date) -> Date {
        // At most a long weekend plus two holidays can follow one another; the bound is only a guard.
        for _ in 0..14 {
            if !self.is_non_working(d) {
                break;
            }
            d = d.add_days(1);
        }
        d
    }
}

/// Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm, Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> Option<Date> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::from_ymd(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_matches_published_dates() {
        // Published Easter Sundays (Western churches).
        for (y, m, d) in [
            (2016, 3, 27),
            (2017, 4, 16),
            (2019, 4, 21),
            (2020, 4, 12),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2000, 4, 23),
        ] {
            assert_eq!(easter_sunday(y), Date::from_ymd(y, m, d), "{y}");
        }
    }
}
