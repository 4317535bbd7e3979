//! The one place that reads the clock: "today" in Europe/Amsterdam, for commands whose date defaults to
//! today. Rules never read the clock; they take `as_of`.

use terugkeer_rules::Date;

use crate::Failure;

/// Today's date in Europe/Amsterdam.
#[allow(clippy::disallowed_methods)]
pub fn today() -> Result<Date, Failure> {
    let now = jiff::Timestamp::now();
    let date = now
        .in_tz("Europe/Amsterdam")
        .map_err(|e| Failure::Machine(format!("time zone Europe/Amsterdam: {e}")))?
        .date();
    Date::from_jiff(date)
        .ok_or_else(|| Failure::Machine(format!("today ({date}) is outside the supported years")))
}

/// The current instant, for record timestamps.
#[allow(clippy::disallowed_methods)]
pub fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}
