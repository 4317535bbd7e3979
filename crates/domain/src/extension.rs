//! Requests for extra time — an extension of the departure term or of the stay in state reception — with who
//! must agree, taken from the rules engine's discretion output for the case (domain.md, discretion of the
//! regievoerder): the regievoerder for the term; for a stay, the regievoerder with the LTO/LKO up to their own
//! discretion (two weeks in the study) and the RAO via the signaallijst beyond. A request changes no deadline:
//! only its approval does, as a decision recorded in the file, which the engine then applies.

use serde::{Deserialize, Serialize};
use terugkeer_rules::Date;
use terugkeer_rules::discretion::Item;
use terugkeer_rules::facts::{DecisionKind, DecisionOutcome};
use terugkeer_rules::vocab::Role;

use crate::Record;
use crate::client::{InputError, refuse};
use terugkeer_rules::problem::{Arg, Problem};

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Asked; nothing moves yet.
    #[default]
    Pending,
    /// Agreed: the decision is in the file and the deadline moved.
    Approved,
    /// Refused: recorded, nothing moved.
    Refused,
    /// Withdrawn undecided: the case was closed while it was pending (issue 22).
    Withdrawn,
}

impl Status {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Refused => "refused",
            Status::Withdrawn => "withdrawn",
        }
    }
}

/// A request for extra time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// `term_extension` or `stay_extension`.
    pub kind: DecisionKind,
    /// Days asked for.
    pub days: u32,
    /// Asked on.
    pub requested_on: Date,
    /// Why.
    pub reason: String,
    /// Who must agree (from the discretion output when it was asked).
    pub who: Vec<Role>,
    /// The rule that says so.
    pub citation: String,
    /// Where it stands.
    #[serde(default)]
    pub status: Status,
    /// Decided on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<Date>,
    /// Days granted (at most those asked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_granted: Option<u32>,
}

fn err<T>(field: &'static str, message: Problem) -> Result<T, InputError> {
    Err(InputError::new(field, message))
}

/// A new request of `kind` for `days`, with who must agree according to the case's discretion `items`
/// (from `terugkeer_rules::assess`): refused when no such decision is open for the case, or when it asks
/// for more than the rule allows anyone to grant.
pub fn request(
    kind: DecisionKind,
    days: u32,
    requested_on: Date,
    reason: &str,
    items: &[Item<'_>],
    today: Date,
) -> Result<Request, InputError> {
    if days == 0 || days > 366 {
        return refuse("days", "problem-ask-days");
    }
    if requested_on > today {
        return refuse("requested_on", "problem-after-today");
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 1000 {
        return refuse("reason", "problem-give-reason");
    }
    let find = |name: &str| items.iter().find(|i| i.decision == name);
    let item = match kind {
        DecisionKind::TermExtension => {
            let Some(item) = find("term_extension") else {
                return refuse("kind", "problem-no-term-to-extend");
            };
            if let Some(max) = item.limits.max_days
                && days > max
            {
                return err(
                    "days",
                    Problem::new("problem-at-most-days")
                        .with("max", max)
                        .with("citation", item.citation),
                );
            }
            item
        }
        DecisionKind::StayExtension => {
            let Some(own) = find("stay_extension") else {
                return refuse("kind", "problem-no-stay-to-extend");
            };
            match own.limits.max_days {
                Some(max) if days > max => find("stay_extension_beyond").unwrap_or(own),
                _ => own,
            }
        }
        DecisionKind::Handreiking => return refuse("kind", "problem-handout-not-time"),
    };
    Ok(Request {
        kind,
        days,
        requested_on,
        reason: reason.to_owned(),
        who: item.who.clone(),
        citation: item.citation.to_owned(),
        status: Status::Pending,
        decided_on: None,
        days_granted: None,
    })
}

impl Request {
    /// The request decided on `on` (granting `days`, at most those asked; `None`: refused), and the decision
    /// record that goes into the file — the only thing that moves a deadline.
    pub fn decide(
        &self,
        on: Date,
        granted: Option<u32>,
        today: Date,
    ) -> Result<(Request, Record), InputError> {
        if self.status != Status::Pending {
            return err(
                "status",
                Problem::new("problem-request-already").with(
                    "state",
                    Arg::Word(format!("extension.status.{}", self.status.as_str())),
                ),
            );
        }
        if on < self.requested_on {
            return err(
                "on",
                Problem::new("problem-before-request").with("day", self.requested_on),
            );
        }
        if on > today {
            return refuse("on", "problem-after-today");
        }
        if let Some(g) = granted
            && (g == 0 || g > self.days)
        {
            return err(
                "days_granted",
                Problem::new("problem-grant-days").with("max", self.days),
            );
        }
        let mut next = self.clone();
        next.decided_on = Some(on);
        next.days_granted = granted;
        next.status = if granted.is_some() {
            Status::Approved
        } else {
            Status::Refused
        };
        let decision = Record::Decision {
            decision: self.kind,
            by: self.who.clone(),
            on,
            outcome: if granted.is_some() {
                DecisionOutcome::Granted
            } else {
                DecisionOutcome::Refused
            },
            days: granted,
        };
        Ok((next, decision))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use terugkeer_rules::facts::Facts;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// The discretion items of a VBL client whose departure term runs (2016 policy: 14 own days).
    fn with_items<T>(f: impl FnOnce(&[Item<'_>]) -> T) -> T {
        let policy = terugkeer_rules::policy::builtin().unwrap();
        let facts = Facts::from_json(
            r#"{"as_of": "2016-06-01", "asylum_rejected_on": "2016-05-02", "setting": "vbl",
                "vbl_since": "2016-05-20", "country": "AF"}"#,
        )
        .unwrap();
        let a = terugkeer_rules::assess(&facts, &policy, terugkeer_rules::Lang::Nl).unwrap();
        f(&a.discretion)
    }

    #[test]
    fn who_must_agree_follows_the_discretion_output() {
        let today = d("2016-06-01");
        with_items(|items| {
            let short = request(
                DecisionKind::StayExtension,
                10,
                today,
                "paspoort onderweg",
                items,
                today,
            )
            .unwrap();
            assert_eq!(short.who, vec![Role::Regievoerder, Role::Lto]);
            let long = request(
                DecisionKind::StayExtension,
                20,
                today,
                "paspoort onderweg",
                items,
                today,
            )
            .unwrap();
            assert_eq!(long.who, vec![Role::Rao]);
            let term = request(
                DecisionKind::TermExtension,
                14,
                today,
                "reis geboekt",
                items,
                today,
            )
            .unwrap();
            assert_eq!(term.who, vec![Role::Regievoerder]);
            assert_eq!(
                request(DecisionKind::TermExtension, 200, today, "x", items, today)
                    .unwrap_err()
                    .field,
                "days"
            );
            assert_eq!(
                request(DecisionKind::Handreiking, 5, today, "x", items, today)
                    .unwrap_err()
                    .field,
                "kind"
            );
            assert_eq!(
                request(DecisionKind::StayExtension, 5, today, " ", items, today)
                    .unwrap_err()
                    .field,
                "reason"
            );
        });
    }

    #[test]
    fn only_a_decision_moves_anything_and_only_once() {
        let today = d("2016-06-10");
        with_items(|items| {
            let r = request(
                DecisionKind::TermExtension,
                14,
                d("2016-06-01"),
                "reis geboekt",
                items,
                today,
            )
            .unwrap();
            let (approved, rec) = r.decide(d("2016-06-05"), Some(10), today).unwrap();
            assert_eq!(
                (approved.status, approved.days_granted),
                (Status::Approved, Some(10))
            );
            assert!(matches!(
                rec,
                Record::Decision {
                    outcome: DecisionOutcome::Granted,
                    days: Some(10),
                    ..
                }
            ));
            assert_eq!(
                approved.decide(d("2016-06-06"), None, today).unwrap_err().field,
                "status"
            );
            assert_eq!(r.decide(d("2016-05-30"), None, today).unwrap_err().field, "on");
            assert_eq!(
                r.decide(d("2016-06-05"), Some(15), today).unwrap_err().field,
                "days_granted"
            );
            let (refused, rec) = r.decide(d("2016-06-05"), None, today).unwrap();
            assert_eq!(refused.status, Status::Refused);
            assert!(matches!(
                rec,
                Record::Decision {
                    outcome: DecisionOutcome::Refused,
                    days: None,
                    ..
                }
            ));
        });
    }
}
