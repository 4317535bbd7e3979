//! The interface's words: the `terugkeer-text` crate (Fluent files, shared with the command line), seen from
//! the web crate under its old name.

pub use terugkeer_text::{FILES, FluentValue, Tr, ids};

/// A stored moment (RFC 3339, UTC) as Dutch time to the minute, the day in words: "9 december 2026, 14:03".
/// A text that is not a moment stays as it is.
pub fn moment(t: &Tr, at: &str) -> String {
    let Ok(ts) = at.parse::<jiff::Timestamp>() else {
        return at.to_owned();
    };
    let Ok(zoned) = ts.in_tz("Europe/Amsterdam") else {
        return at.to_owned();
    };
    match terugkeer_rules::Date::from_jiff(zoned.date()) {
        Some(day) => format!("{}, {:02}:{:02}", t.date(day), zoned.hour(), zoned.minute()),
        None => at.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use terugkeer_rules::Lang;

    /// Winter and summer time: UTC+1 in December, UTC+2 in July; the day turns at Dutch midnight.
    #[test]
    fn moments_are_dutch_time() {
        let t = Tr { lang: Lang::Nl };
        assert_eq!(moment(&t, "2026-12-09T13:03:00Z"), "9 december 2026, 14:03");
        assert_eq!(moment(&t, "2026-07-01T22:30:00Z"), "2 juli 2026, 00:30");
        assert_eq!(moment(&t, "not a moment"), "not a moment");
    }
}
