//! Immigration detention (`bewaring`) and the NGO's place in it (study §4.2.3; domain.md, settings): while a
//! client is detained the NGO may advocate — contacts, documents, referral to a lawyer — but does not guide
//! towards independent return. So no trajectory is registered or started, no monthly report is owed, no in-kind
//! support is booked and no hand-out asked. A trajectory that runs when detention begins is suspended, not
//! ended: from the release it runs again, in the setting recorded then, and the reporting periods that lay
//! wholly within the detention are not owed.
//!
//! Detention is a [`Record::Stay`] in setting `bewaring`, like every other setting: the stay covering a day is
//! the one the facts read ([`current_stay`]), so the refusals here and the assessment never disagree.

use terugkeer_rules::Date;
use terugkeer_rules::problem::Problem;
use terugkeer_rules::vocab::Setting;

use crate::client::InputError;
use crate::record::Record;

/// The stay covering `on` (the latest started, when stays overlap), with its first day.
pub fn current_stay<'a>(records: impl IntoIterator<Item = &'a Record>, on: Date) -> Option<(Date, Setting)> {
    records
        .into_iter()
        .filter_map(|r| match r {
            Record::Stay { setting, from, to } if *from <= on && to.is_none_or(|t| t >= on) => {
                Some((*from, *setting))
            }
            _ => None,
        })
        .max_by_key(|s| s.0)
}

/// The first day of the detention the client is in on `on`, if detained.
pub fn detained_since<'a>(records: impl IntoIterator<Item = &'a Record>, on: Date) -> Option<Date> {
    current_stay(records, on).and_then(|(from, s)| (s == Setting::Bewaring).then_some(from))
}

/// The periods of detention on file, first day and last (open while it lasts).
pub fn spans(records: &[Record]) -> Vec<(Date, Option<Date>)> {
    records
        .iter()
        .filter_map(|r| match r {
            Record::Stay {
                setting: Setting::Bewaring,
                from,
                to,
            } => Some((*from, *to)),
            _ => None,
        })
        .collect()
}

/// What the NGO may not do for a detained client; each refusal names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guidance {
    /// Start or register a trajectory (a trajectory record, a registration with DT&V).
    Trajectory,
    /// Book in-kind support.
    InKind,
    /// Ask a financial hand-out.
    Handout,
}

/// Refuses `what` while the client is detained on `on`, naming the detention's first day; `field` is the input
/// the refusal stands beside.
pub fn refuse(records: &[Record], on: Date, what: Guidance, field: &'static str) -> Result<(), InputError> {
    let Some(since) = detained_since(records, on) else {
        return Ok(());
    };
    let id = match what {
        Guidance::Trajectory => "problem-detained-no-trajectory",
        Guidance::InKind => "problem-detained-no-in-kind",
        Guidance::Handout => "problem-detained-no-handout",
    };
    Err(InputError::new(field, Problem::new(id).with("since", since)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn stay(setting: Setting, from: &str, to: Option<&str>) -> Record {
        Record::Stay {
            setting,
            from: d(from),
            to: to.map(d),
        }
    }

    #[test]
    fn detention_holds_from_its_first_day_to_its_last() {
        let file = vec![
            stay(Setting::Azc, "2026-01-01", Some("2026-03-09")),
            stay(Setting::Bewaring, "2026-03-10", Some("2026-05-31")),
            stay(Setting::Vbl, "2026-06-01", None),
        ];
        assert_eq!(detained_since(&file, d("2026-03-09")), None);
        assert_eq!(detained_since(&file, d("2026-03-10")), Some(d("2026-03-10")));
        assert_eq!(detained_since(&file, d("2026-05-31")), Some(d("2026-03-10")));
        assert_eq!(detained_since(&file, d("2026-06-01")), None);
        assert_eq!(spans(&file), vec![(d("2026-03-10"), Some(d("2026-05-31")))]);
    }

    #[test]
    fn a_detained_client_gets_no_trajectory_in_kind_or_hand_out() {
        let file = vec![stay(Setting::Bewaring, "2026-03-10", None)];
        for (what, id) in [
            (Guidance::Trajectory, "problem-detained-no-trajectory"),
            (Guidance::InKind, "problem-detained-no-in-kind"),
            (Guidance::Handout, "problem-detained-no-handout"),
        ] {
            let e = refuse(&file, d("2026-03-10"), what, "kind").unwrap_err();
            assert_eq!(e.field, "kind");
            assert_eq!(e.message.id, id);
            assert_eq!(
                e.message.arg("since"),
                Some(&terugkeer_rules::problem::Arg::Date(d("2026-03-10")))
            );
            // The day before, nothing is refused.
            assert!(refuse(&file, d("2026-03-09"), what, "kind").is_ok());
        }
    }
}
