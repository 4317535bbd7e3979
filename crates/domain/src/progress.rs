//! Monthly progress to DT&V (study §6.5; DT&V "Subsidierelatie"): which period a trajectory's next report
//! covers and when it is due, the draft composed from the period's records, and the legal basis every
//! transfer must carry. Pure: the store keeps reports and the information-exchange ledger.
//!
//! Periods follow the trajectory: the first starts on the first day of the month the trajectory started,
//! each lasts `progress_report_months` calendar months (policy/verificatie.toml; 1 now), and its report is
//! due on the period's last day. A period is covered once a report for it has been sent.

use serde::{Deserialize, Serialize};
use terugkeer_rules::Date;

use crate::Record;

/// The first day of `d`'s month.
pub fn month_start(d: Date) -> Date {
    let (y, m, _) = d.ymd();
    Date::from_ymd(y, m, 1).unwrap_or(d)
}

/// One reporting period: from `start` (a first of the month) until the day before `start + months`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// First day.
    pub start: Date,
    /// Last day: the report is due then.
    pub end: Date,
}

impl Period {
    /// The period beginning on `start`'s month, `months` long (at least one).
    pub fn from(start: Date, months: u32) -> Period {
        let start = month_start(start);
        let months = i32::try_from(months.max(1)).unwrap_or(1);
        Period {
            start,
            end: start.add_months(months).add_days(-1),
        }
    }

    /// Its name: `2026-11` (or `2026-11 – 2026-12` for a longer period).
    pub fn label(&self) -> String {
        let s = self.start.to_string();
        let e = self.end.to_string();
        if s[..7] == e[..7] {
            s[..7].to_owned()
        } else {
            format!("{} – {}", &s[..7], &e[..7])
        }
    }
}

/// The next period a trajectory started on `trajectory_start` owes a report for, given the start of the
/// last period reported (`None`: none yet), with `months` per period.
pub fn next_period(trajectory_start: Date, last_reported: Option<Date>, months: u32) -> Period {
    let months = months.max(1);
    match last_reported {
        None => Period::from(trajectory_start, months),
        Some(last) => Period::from(
            month_start(last).add_months(i32::try_from(months).unwrap_or(1)),
            months,
        ),
    }
}

/// The next period owed, as [`next_period`], except that nothing is owed while the client is detained (study
/// §4.2.3: in detention the NGO only advocates). `detained` holds the detentions, first and last day, open while
/// one lasts: during an open one nothing is owed (`None`), a report left unsent before it included; after one,
/// a period whose last day lay within it is passed over, so the reports resume with the period of the release.
pub fn next_owed(
    trajectory_start: Date,
    last_reported: Option<Date>,
    months: u32,
    detained: &[(Date, Option<Date>)],
) -> Option<Period> {
    if detained.iter().any(|(_, to)| to.is_none()) {
        return None;
    }
    let mut p = next_period(trajectory_start, last_reported, months);
    // A hundred years of monthly periods: past any detention on file.
    for _ in 0..1200 {
        let due_in_detention = detained
            .iter()
            .any(|(from, to)| *from <= p.end && to.is_none_or(|t| t >= p.end));
        if !due_in_detention {
            return Some(p);
        }
        p = next_period(trajectory_start, Some(p.start), months);
    }
    None
}

/// What a draft needs of a language. The domain writes no sentence itself: the store hands it the text
/// crate's words, so the draft a caseworker edits and DT&V reads is in Dutch (or English) throughout — option
/// values, record kinds and days in words, never the ids the file stores.
pub trait Words {
    /// The words for `key` (`report.contacts`, `opt.in_person`, `kind.refusal`); `None` if there are none.
    fn word(&self, key: &str) -> Option<String>;
    /// A day as people write it ("3 november 2026").
    fn day(&self, d: Date) -> String;
    /// A period as people write it ("november 2026", "september – oktober 2026").
    fn period(&self, p: &Period) -> String;
}

/// What the draft of a period's report is made of: the contacts (with cooperation and indicators), and the
/// other records dated in the period — for the caseworker to edit before it is sent. A value without words
/// (a mode typed before the options existed) is written as it was stored.
pub fn compose(records: &[Record], period: &Period, words: &dyn Words) -> String {
    let w = |key: &str| words.word(key).unwrap_or_else(|| key.to_owned());
    let option = |value: &str| {
        words
            .word(&format!("opt.{value}"))
            .unwrap_or_else(|| value.to_owned())
    };
    let mut lines = vec![
        format!("{} {}", w("report.title"), words.period(period)),
        String::new(),
        format!("{}:", w("report.contacts")),
    ];
    let in_period = |d: Option<Date>| d.is_some_and(|d| d >= period.start && d <= period.end);
    let mut contacts = 0;
    for r in records.iter().filter(|r| in_period(r.date())) {
        if let Record::Contact {
            on,
            mode,
            cooperating,
            indicators,
            ..
        } = r
        {
            contacts += 1;
            let mut line = format!("- {}, {}", words.day(*on), lower_first(&option(mode)));
            match cooperating {
                Some(true) => line.push_str(&format!(", {}", w("report.cooperating"))),
                Some(false) => line.push_str(&format!(", {}", w("report.not_cooperating"))),
                None => {}
            }
            if !indicators.is_empty() {
                let names: Vec<String> = indicators
                    .iter()
                    .map(|i| {
                        let id = serde_json::to_value(i)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_owned))
                            .unwrap_or_default();
                        lower_first(&option(&id))
                    })
                    .collect();
                line.push_str(&format!(" ({})", names.join(", ")));
            }
            lines.push(line);
        }
    }
    if contacts == 0 {
        lines.push(w("report.no_contacts"));
    }
    let other: Vec<String> = records
        .iter()
        .filter(|r| in_period(r.date()) && !matches!(r, Record::Contact { .. }))
        .map(|r| {
            let kind = lower_first(&w(&format!("kind.{}", r.kind())));
            match r.date() {
                Some(d) => format!("- {}, {kind}", words.day(d)),
                None => format!("- {kind}"),
            }
        })
        .collect();
    if !other.is_empty() {
        lines.push(String::new());
        lines.push(format!("{}:", w("report.also")));
        lines.extend(other);
    }
    lines.join("\n")
}

/// Words from a list ("Benadert IOM") inside a sentence ("benadert IOM"): the first letter only, so names keep
/// their capitals.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// The ground on which information about a client goes to DT&V (AVG art. 6; research/dutch-return-law.md
/// §5, design consequence 5). Nothing is sent without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Basis {
    /// The subsidy's reporting obligation (AVG art. 6(1)(c)/(e)): the monthly progress and the
    /// verification form.
    SubsidyObligation,
    /// The client's explicit consent, recorded in the file.
    Consent,
    /// None of the above: sent anyway, with a reason that is logged.
    Override,
}

impl Basis {
    /// Every basis.
    pub const ALL: [Basis; 3] = [Basis::SubsidyObligation, Basis::Consent, Basis::Override];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::SubsidyObligation => "subsidy_obligation",
            Basis::Consent => "consent",
            Basis::Override => "override",
        }
    }

    /// By stored name.
    pub fn parse(s: &str) -> Option<Basis> {
        Basis::ALL.into_iter().find(|b| b.as_str() == s)
    }
}

/// Checks a transfer's basis: an override needs a reason (at most 500 characters), others take none.
/// Returns the reason to keep.
pub fn check_basis(basis: Basis, reason: &str) -> Result<String, crate::client::InputError> {
    let reason = reason.trim();
    if basis == Basis::Override && reason.is_empty() {
        return crate::client::refuse("reason", "problem-override-needs-reason");
    }
    if reason.chars().count() > 500 {
        return Err(crate::client::InputError::new(
            "reason",
            terugkeer_rules::Problem::new("problem-at-most-characters").with("max", 500u32),
        ));
    }
    Ok(reason.to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn no_report_falls_due_in_detention() {
        // Monthly periods from 2026-01; detained from 10 March to 20 May.
        let detained = [(d("2026-03-10"), Some(d("2026-05-20")))];
        let owed = |last: Option<&str>| next_owed(d("2026-01-15"), last.map(d), 1, &detained);
        // February is owed as before.
        assert_eq!(owed(Some("2026-01-01")).unwrap().start, d("2026-02-01"));
        // March, April fall due in detention: the next owed after February is May (due 31 May, released).
        assert_eq!(owed(Some("2026-02-01")).unwrap().start, d("2026-05-01"));
        assert_eq!(owed(Some("2026-02-01")).unwrap().end, d("2026-05-31"));
        // Released on the period's last day exactly: still in detention that day, so passed over.
        let on_the_day = [(d("2026-03-10"), Some(d("2026-03-31")))];
        assert_eq!(
            next_owed(d("2026-01-15"), Some(d("2026-02-01")), 1, &on_the_day)
                .unwrap()
                .start,
            d("2026-04-01")
        );
        // Still detained: nothing is owed, not even February, which fell due before.
        let open = [(d("2026-03-10"), None)];
        assert_eq!(next_owed(d("2026-01-15"), Some(d("2026-01-01")), 1, &open), None);
        // Without detention the plain rule.
        assert_eq!(
            next_owed(d("2026-01-15"), Some(d("2026-02-01")), 1, &[]),
            Some(next_period(d("2026-01-15"), Some(d("2026-02-01")), 1))
        );
    }

    #[test]
    fn periods_follow_the_trajectory_month_by_month() {
        let p = next_period(d("2026-09-17"), None, 1);
        assert_eq!((p.start, p.end), (d("2026-09-01"), d("2026-09-30")));
        assert_eq!(p.label(), "2026-09");
        let p = next_period(d("2026-09-17"), Some(d("2026-09-01")), 1);
        assert_eq!((p.start, p.end), (d("2026-10-01"), d("2026-10-31")));
        let p = next_period(d("2026-09-17"), Some(d("2026-12-01")), 1);
        assert_eq!((p.start, p.end), (d("2027-01-01"), d("2027-01-31")));
        // February of a leap year, and a two-month cadence.
        assert_eq!(Period::from(d("2028-02-10"), 1).end, d("2028-02-29"));
        let two = next_period(d("2026-09-17"), None, 2);
        assert_eq!(
            (two.end, two.label().as_str()),
            (d("2026-10-31"), "2026-09 – 2026-10")
        );
    }

    #[test]
    fn the_draft_lists_the_period_s_contacts_and_other_records() {
        let records = vec![
            Record::Contact {
                on: d("2026-10-31"),
                mode: "phone".into(),
                notes: String::new(),
                cooperating: Some(true),
                indicators: vec![],
            },
            Record::Contact {
                on: d("2026-11-03"),
                mode: "in person".into(),
                notes: "never copied into the report".into(),
                cooperating: Some(false),
                indicators: vec![crate::record::Indicator::ContactingIom],
            },
            Record::Refusal {
                on: d("2026-11-20"),
                notes: String::new(),
            },
        ];
        let text = compose(&records, &Period::from(d("2026-11-01"), 1), &Plain);
        assert!(text.starts_with("TITLE 2026-11-01..2026-11-30"), "{text}");
        assert!(
            text.contains("- day 2026-11-03, in person, NOT_COOPERATING (contacting iom)"),
            "a mode without words is kept, an indicator has words: {text}"
        );
        assert!(!text.contains("2026-10-31"), "outside the period");
        assert!(!text.contains("never copied"), "notes stay in the file");
        assert!(text.contains("- day 2026-11-20, refusal"), "{text}");
        let empty = compose(&[], &Period::from(d("2026-11-01"), 1), &Plain);
        assert!(empty.contains("NO_CONTACTS"), "{empty}");
    }

    /// Words that show which key was asked for: upper-case for the report's own words, the value for options
    /// and kinds it knows, none for `opt.in person` (a value typed before the options existed).
    struct Plain;
    impl Words for Plain {
        fn word(&self, key: &str) -> Option<String> {
            match key {
                "opt.in person" => None,
                k if k.starts_with("report.") => Some(k["report.".len()..].to_uppercase()),
                k => k.split_once('.').map(|(_, v)| v.replace('_', " ")),
            }
        }
        fn day(&self, d: Date) -> String {
            format!("day {d}")
        }
        fn period(&self, p: &Period) -> String {
            format!("{}..{}", p.start, p.end)
        }
    }

    #[test]
    fn an_override_needs_a_reason() {
        assert_eq!(check_basis(Basis::Override, " ").unwrap_err().field, "reason");
        assert_eq!(
            check_basis(Basis::Override, "urgent safety").unwrap(),
            "urgent safety"
        );
        assert_eq!(check_basis(Basis::SubsidyObligation, "").unwrap(), "");
        assert!(check_basis(Basis::Consent, &"x".repeat(501)).is_err());
    }
}
