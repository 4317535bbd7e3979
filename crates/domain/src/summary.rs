//! What the dashboard and the client list sort and count by, derived from a case file by the rules: the
//! current setting, the stage of the case, the project, eligibility, and the nearest deadline.
//!
//! The store keeps this beside each client as a cache, rewritten in the same transaction as every change
//! to the client or its records (and for every client when the policy changes), so a list of 100,000 clients
//! sorts by deadline with an index instead of assessing each one per request. Whether a deadline is
//! *overdue* is decided when the list is shown (`next_deadline < today`), so the cache does not go stale
//! by the mere passing of days.

use terugkeer_rules::vocab::{Lang, Setting};
use terugkeer_rules::{Date, Policy};

use crate::client::ClientInput;
use crate::record::Record;

/// The stage of a case, for counting and filtering. Ordered as a case moves on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// No rejection on file yet (intake, or a procedure still running).
    Intake,
    /// An appeal against the rejection is pending.
    Appeal,
    /// The departure term runs.
    DepartureTerm,
    /// The departure term has passed and no trajectory started.
    AfterTerm,
    /// A return or empowerment trajectory runs.
    Trajectory,
    /// The case is closed.
    Closed,
}

impl Stage {
    /// Every stage, in order.
    pub const ALL: [Stage; 6] = [
        Stage::Intake,
        Stage::Appeal,
        Stage::DepartureTerm,
        Stage::AfterTerm,
        Stage::Trajectory,
        Stage::Closed,
    ];

    /// Every stage's identifier, in order (for filters; derived from [`Stage::ALL`]).
    pub const IDS: [&'static str; 6] = {
        let mut ids = [""; 6];
        let mut i = 0;
        while i < 6 {
            ids[i] = Stage::ALL[i].as_str();
            i += 1;
        }
        ids
    };

    /// The stored identifier.
    pub const fn as_str(self) -> &'static str {
        match self {
            Stage::Intake => "intake",
            Stage::Appeal => "appeal",
            Stage::DepartureTerm => "departure_term",
            Stage::AfterTerm => "after_term",
            Stage::Trajectory => "trajectory",
            Stage::Closed => "closed",
        }
    }

    /// Parses a stored identifier.
    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// Which deadline is nearest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineKind {
    /// The last day of the departure term (art. 62 Vw).
    DepartureTerm,
    /// The end of state reception (VBL weeks).
    ReceptionEnd,
    /// The end of support in the Netherlands (the trajectory's weeks).
    SupportEnd,
    /// The planned departure.
    PlannedDeparture,
    /// Border track: the end of the period for voluntary departure given in the return decision.
    VoluntaryDeparture,
    /// Border track: the end of the return border procedure's window.
    BorderWindow,
}

impl DeadlineKind {
    /// The stored identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::DepartureTerm => "departure_term_end",
            DeadlineKind::ReceptionEnd => "reception_end",
            DeadlineKind::SupportEnd => "support_in_nl_end",
            DeadlineKind::PlannedDeparture => "planned_departure",
            DeadlineKind::VoluntaryDeparture => "voluntary_departure_end",
            DeadlineKind::BorderWindow => "return_border_window_end",
        }
    }
}

/// The summary column's code for an eligibility: 1 eligible, 0 not, 2 likely eligible and 3 likely not by
/// the public criteria (undetermined), NULL unknown.
pub fn eligibility_code(eligible: Option<bool>, indication: Option<bool>) -> Option<i64> {
    match (eligible, indication) {
        (Some(true), _) => Some(1),
        (Some(false), _) => Some(0),
        (None, Some(true)) => Some(2),
        (None, Some(false)) => Some(3),
        (None, None) => None,
    }
}

/// The summary of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The current setting (from the open stay), if any stay is on file.
    pub setting: Option<Setting>,
    /// The stage.
    pub stage: Stage,
    /// The project of the latest trajectory.
    pub project: Option<String>,
    /// Eligible for a subsidised return project: `None` when undetermined or not assessable.
    pub eligible: Option<bool>,
    /// While `eligible` is undetermined: the likely answer by the public criteria, if they give one.
    pub indication: Option<bool>,
    /// The nearest deadline on or after `today`, or else the latest one already passed (overdue), with its
    /// kind. `None` when the case has no deadline (or is closed).
    pub next_deadline: Option<(Date, DeadlineKind)>,
}

/// Summarises a case on `today`. A file that cannot be assessed (no country of return yet) still gets a
/// setting, stage and project; its eligibility and deadline stay unknown.
pub fn summarise(
    client: &ClientInput,
    records: &[Record],
    closed: bool,
    policy: &Policy,
    today: Date,
    verification: Option<&crate::verification::Verification>,
) -> Summary {
    let known = records.iter().filter(|r| r.date().is_none_or(|d| d <= today));
    let mut setting = None;
    let mut project = None;
    let mut trajectory = false;
    let mut latest_stay: Option<Date> = None;
    let mut latest_trajectory: Option<Date> = None;
    for r in known {
        match r {
            Record::Stay { setting: s, from, .. } if latest_stay.is_none_or(|d| *from >= d) => {
                latest_stay = Some(*from);
                setting = Some(*s);
            }
            Record::Trajectory { project: p, on, .. } if latest_trajectory.is_none_or(|d| *on >= d) => {
                latest_trajectory = Some(*on);
                project = Some(p.clone()).filter(|p| !p.is_empty());
                trajectory = true;
            }
            _ => {}
        }
    }
    let mut summary = Summary {
        setting,
        // A trajectory is the stage whether or not the file can be assessed yet (its report is due anyway).
        stage: if closed {
            Stage::Closed
        } else if trajectory {
            Stage::Trajectory
        } else {
            Stage::Intake
        },
        project,
        eligible: None,
        indication: None,
        next_deadline: None,
    };
    let Ok(mut facts) = crate::facts::derive(client, records, today) else {
        return summary;
    };
    facts.verification = verification.and_then(|v| v.as_input(today));
    let Ok(a) = terugkeer_rules::assess(&facts, policy, Lang::Nl) else {
        return summary;
    };
    summary.eligible = a.eligibility.eligible;
    summary.indication = a
        .eligibility
        .eligible
        .is_none()
        .then_some(a.eligibility.indication)
        .flatten();
    if closed {
        return summary;
    }
    let appeal_pending = facts.appeal.is_some_and(|ap| ap.finally_rejected_on.is_none());
    summary.stage = if trajectory {
        Stage::Trajectory
    } else if facts.asylum_rejected_on.is_none() {
        Stage::Intake
    } else if appeal_pending && a.term.end.is_none() {
        Stage::Appeal
    } else if a.term.end.is_some_and(|end| end < today) {
        Stage::AfterTerm
    } else {
        Stage::DepartureTerm
    };
    let candidates = [
        (a.term.end, DeadlineKind::DepartureTerm),
        (a.others.reception_end, DeadlineKind::ReceptionEnd),
        (a.others.support_in_nl_end, DeadlineKind::SupportEnd),
        (facts.planned_departure_on, DeadlineKind::PlannedDeparture),
        (a.others.voluntary_departure_end, DeadlineKind::VoluntaryDeparture),
        (a.others.border_window_end, DeadlineKind::BorderWindow),
    ];
    let dated = candidates.iter().filter_map(|(d, k)| d.map(|d| (d, *k)));
    summary.next_deadline = dated
        .clone()
        .filter(|(d, _)| *d >= today)
        .min_by_key(|(d, _)| *d)
        .or_else(|| dated.max_by_key(|(d, _)| *d));
    summary
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::record::ProcedureEventKind;
    use terugkeer_rules::vocab::Country;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn client() -> ClientInput {
        ClientInput {
            family_name: "Fictief".into(),
            country_of_return: Country::parse("AF"),
            ..ClientInput::default()
        }
    }

    fn rejected(on: &str) -> Record {
        Record::ProcedureEvent {
            event: ProcedureEventKind::AsylumRejected,
            on: d(on),
            procedure_type: None,
            voluntary_departure_days: None,
        }
    }

    #[test]
    fn no_rejection_is_intake_without_deadline() {
        let p = terugkeer_rules::policy::builtin().unwrap();
        let s = summarise(&client(), &[], false, &p, d("2026-11-29"), None);
        assert_eq!(s.stage, Stage::Intake);
        assert_eq!(s.next_deadline, None);
    }

    #[test]
    fn running_term_is_the_next_deadline() {
        let p = terugkeer_rules::policy::builtin().unwrap();
        // 2026-11-02 + 28 days = 2026-11-30, a Monday.
        let s = summarise(
            &client(),
            &[rejected("2026-11-02")],
            false,
            &p,
            d("2026-11-29"),
            None,
        );
        assert_eq!(s.stage, Stage::DepartureTerm);
        assert_eq!(
            s.next_deadline,
            Some((d("2026-11-30"), DeadlineKind::DepartureTerm))
        );
    }

    #[test]
    fn passed_term_is_overdue_and_after_term() {
        let p = terugkeer_rules::policy::builtin().unwrap();
        let stay = Record::Stay {
            setting: Setting::Elders,
            from: d("2026-01-10"),
            to: None,
        };
        let s = summarise(
            &client(),
            &[rejected("2026-01-05"), stay],
            false,
            &p,
            d("2026-11-29"),
            None,
        );
        assert_eq!(s.stage, Stage::AfterTerm);
        assert_eq!(s.setting, Some(Setting::Elders));
        // 2026-01-05 + 28 = 2026-02-02 (Monday): passed, so it is the (overdue) deadline shown.
        assert_eq!(
            s.next_deadline,
            Some((d("2026-02-02"), DeadlineKind::DepartureTerm))
        );
    }

    #[test]
    fn a_record_dated_after_today_does_not_count_yet() {
        let p = terugkeer_rules::policy::builtin().unwrap();
        let s = summarise(
            &client(),
            &[rejected("2026-12-01")],
            false,
            &p,
            d("2026-11-29"),
            None,
        );
        assert_eq!(s.stage, Stage::Intake);
    }

    #[test]
    fn closed_case_has_no_deadline() {
        let p = terugkeer_rules::policy::builtin().unwrap();
        let s = summarise(
            &client(),
            &[rejected("2026-11-02")],
            true,
            &p,
            d("2026-11-29"),
            None,
        );
        assert_eq!(s.stage, Stage::Closed);
        assert_eq!(s.next_deadline, None);
    }
}
