//! The dated records of a case file. Each is one row in the store (with its own version); the rules see
//! them only through [`crate::facts::derive`].

use serde::{Deserialize, Serialize};
use terugkeer_rules::Date;
use terugkeer_rules::facts::{DecisionKind, DecisionOutcome};
use terugkeer_rules::problem::Problem;
use terugkeer_rules::vocab::{ProcedureType, Role, Setting};

/// A procedure event: what happened in the asylum or another residence procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ProcedureEventKind {
    /// The IND rejected the asylum application: the return decision.
    AsylumRejected,
    /// An appeal against the rejection was lodged.
    AppealLodged,
    /// The appeal was finally rejected.
    AppealFinallyRejected,
    /// Another residence procedure started.
    OtherProcedureStarted,
    /// That procedure ended.
    OtherProcedureEnded,
    /// The return decision of the EU return border procedure (from 2026-06-12, after a rejection in the
    /// asylum border procedure), with the period for voluntary departure it gives.
    ReturnDecision,
}

/// Cooperation indicators of domain.md ("graadmeters").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Indicator {
    /// Arranging documents.
    ArrangingDocuments,
    /// Seeking contact (social media and the like).
    SeekingContact,
    /// Contacting church, mosque, diaspora organisations or acquaintances.
    ContactingCommunity,
    /// Contacting IOM.
    ContactingIom,
    /// An organisation reports that the client is serious.
    OrganisationReportsSerious,
}

/// The documents checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DocumentKind {
    /// Passport.
    Passport,
    /// Birth certificate.
    BirthCertificate,
    /// Laissez-passer.
    LaissezPasser,
}

/// Where a document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DocumentStatus {
    /// Requested.
    Requested,
    /// Received.
    Received,
}

/// How a case closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ClosureOutcome {
    /// Departed (with IOM or the NGO).
    Departed,
    /// Decided not to return.
    NotReturning,
    /// Handed over to the AVIM (forced return).
    HandedToAvim,
    /// Absconded.
    Absconded,
    /// Verification withdrawn.
    VerificationWithdrawn,
    /// Left state reception.
    LeftReception,
    /// Obtained residence.
    ObtainedResidence,
}

/// Who organised a departure (domain.md, workflow: "departure (with IOM or the NGO)"). Kept so that reports
/// can tell the NGO's own departures from IOM's, and both from a client who left on their own means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DepartedWith {
    /// IOM arranged the travel (the government-designated facilitator).
    Iom,
    /// The NGO arranged it.
    Ngo,
    /// The client travelled on their own means.
    Own,
}

/// The longest note, goals or reason of one record, in characters: some ten typed pages. A file's longer story
/// is several records; the limit keeps every page, document and export of a file bounded.
pub const NOTE_MAX: usize = 20_000;
/// The longest name, place, referral or project.
pub const NAME_MAX: usize = 200;
/// The longest one-word value typed as text (a contact's mode, a trajectory's kind).
pub const WORD_MAX: usize = 40;
/// The most records one file may hold: a weekly contact for twenty years is about a thousand. With
/// [`NOTE_MAX`] it bounds what reading a file can cost.
pub const MAX_RECORDS: i64 = 2_000;

/// One record of a case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Record {
    /// A procedure event.
    ProcedureEvent {
        /// What happened.
        event: ProcedureEventKind,
        /// When.
        on: Date,
        /// For the rejection: the kind of procedure (decides suspension by appeal from 2026-06-12).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        procedure_type: Option<ProcedureType>,
        /// For the return border procedure's return decision: the days given for voluntary departure.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        voluntary_departure_days: Option<u32>,
    },
    /// A period in a setting.
    Stay {
        /// The setting.
        setting: Setting,
        /// From.
        from: Date,
        /// Until (inclusive), open while it lasts.
        #[serde(default)]
        to: Option<Date>,
    },
    /// A contact with the client.
    Contact {
        /// When.
        on: Date,
        /// In person, by phone, …
        mode: String,
        /// Notes.
        #[serde(default)]
        notes: String,
        /// Whether the client demonstrably cooperates, as the caseworker judged it at this contact.
        #[serde(default)]
        cooperating: Option<bool>,
        /// Indicators of cooperation seen.
        #[serde(default)]
        indicators: Vec<Indicator>,
    },
    /// A refusal: the client said they will not leave.
    Refusal {
        /// When.
        on: Date,
        /// Notes.
        #[serde(default)]
        notes: String,
    },
    /// A document of the checklist.
    Document {
        /// Which.
        document: DocumentKind,
        /// Where it stands.
        status: DocumentStatus,
        /// Since when.
        on: Date,
    },
    /// A referral to IOM or another organisation.
    Referral {
        /// To whom.
        to: String,
        /// When.
        on: Date,
        /// Notes.
        #[serde(default)]
        notes: String,
    },
    /// A household member.
    HouseholdMember {
        /// Name.
        name: String,
        /// Date of birth, if known.
        #[serde(default)]
        date_of_birth: Option<Date>,
    },
    /// A return or empowerment trajectory.
    Trajectory {
        /// `return` or `empowerment`.
        trajectory: String,
        /// The project, e.g. "Met Opgeheven Hoofd".
        project: String,
        /// Started on.
        on: Date,
        /// The plan of approach's goals.
        #[serde(default)]
        goals: String,
        /// Planned departure.
        #[serde(default)]
        planned_departure_on: Option<Date>,
        /// The support scheme of its in-kind support (`ozv`, `iom_avrr`, `eurp`); none: the NGO scheme.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scheme: Option<terugkeer_rules::vocab::SupportScheme>,
        /// In-kind budget, in cents.
        #[serde(default)]
        in_kind_cents: i64,
        /// Cash part, in cents.
        #[serde(default)]
        cash_cents: i64,
        /// A requested DT&V financial hand-out, in cents.
        #[serde(default)]
        handreiking_cents: Option<i64>,
    },
    /// A discretionary decision (extension, hand-out signature).
    Decision {
        /// What was decided.
        decision: DecisionKind,
        /// By whom.
        by: Vec<Role>,
        /// When.
        on: Date,
        /// Granted or refused.
        outcome: DecisionOutcome,
        /// For extensions: days.
        #[serde(default)]
        days: Option<u32>,
    },
    /// The closure of the case.
    Closure {
        /// How it closed.
        outcome: ClosureOutcome,
        /// When.
        on: Date,
        /// For a departure: the day and destination.
        #[serde(default)]
        destination: String,
        /// For a departure: who organised it. Required for new departures; closures stored before it
        /// existed read as `None`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        departed_with: Option<DepartedWith>,
        /// Why, in words.
        #[serde(default)]
        reason: String,
    },
}

/// The kind of a record, as stored.
pub type RecordKind = &'static str;

impl Record {
    /// The record's kind (the `kind` tag).
    pub fn kind(&self) -> RecordKind {
        match self {
            Record::ProcedureEvent { .. } => "procedure_event",
            Record::Stay { .. } => "stay",
            Record::Contact { .. } => "contact",
            Record::Refusal { .. } => "refusal",
            Record::Document { .. } => "document",
            Record::Referral { .. } => "referral",
            Record::HouseholdMember { .. } => "household_member",
            Record::Trajectory { .. } => "trajectory",
            Record::Decision { .. } => "decision",
            Record::Closure { .. } => "closure",
        }
    }

    /// The record's main date (for the timeline), if it has one.
    pub fn date(&self) -> Option<Date> {
        match self {
            Record::ProcedureEvent { on, .. }
            | Record::Contact { on, .. }
            | Record::Refusal { on, .. }
            | Record::Document { on, .. }
            | Record::Referral { on, .. }
            | Record::Trajectory { on, .. }
            | Record::Decision { on, .. }
            | Record::Closure { on, .. } => Some(*on),
            Record::Stay { from, .. } => Some(*from),
            Record::HouseholdMember { .. } => None,
        }
    }

    /// Its free texts with their field names and longest allowed lengths in characters ([`NOTE_MAX`] for
    /// notes, goals and reasons; [`NAME_MAX`] for names, places and projects; [`WORD_MAX`] for a mode).
    fn texts(&self) -> Vec<(&'static str, &str, usize)> {
        match self {
            Record::Contact { mode, notes, .. } => vec![("mode", mode, WORD_MAX), ("notes", notes, NOTE_MAX)],
            Record::Refusal { notes, .. } => vec![("notes", notes, NOTE_MAX)],
            Record::Referral { to, notes, .. } => vec![("to", to, NAME_MAX), ("notes", notes, NOTE_MAX)],
            Record::HouseholdMember { name, .. } => vec![("name", name, NAME_MAX)],
            Record::Trajectory {
                trajectory,
                project,
                goals,
                ..
            } => vec![
                ("trajectory", trajectory, WORD_MAX),
                ("project", project, NAME_MAX),
                ("goals", goals, NOTE_MAX),
            ],
            Record::Closure {
                destination, reason, ..
            } => vec![
                ("destination", destination, NAME_MAX),
                ("reason", reason, NOTE_MAX),
            ],
            Record::ProcedureEvent { .. }
            | Record::Stay { .. }
            | Record::Document { .. }
            | Record::Decision { .. } => Vec::new(),
        }
    }

    /// Checks a record's own consistency, naming the field: every free text within its length (so that one
    /// caseworker cannot make a file no page can show), then the rules of each kind.
    pub fn validate(&self) -> Result<(), crate::client::InputError> {
        let err = crate::client::refuse::<()>;
        for (field, text, max) in self.texts() {
            if text.chars().count() > max {
                return Err(crate::client::InputError::new(
                    field,
                    Problem::new("problem-longer-than").with("max", max),
                ));
            }
        }
        match self {
            Record::Stay {
                from, to: Some(to), ..
            } if to < from => err("to", "problem-before-from"),
            Record::Trajectory {
                in_kind_cents,
                cash_cents,
                ..
            } if *in_kind_cents < 0 || *cash_cents < 0 => err("in_kind_cents", "problem-negative"),
            Record::Trajectory {
                handreiking_cents: Some(h),
                ..
            } if *h <= 0 => err("handreiking_cents", "problem-not-positive"),
            Record::Decision { by, .. } if by.is_empty() => err("by", "problem-names-no-one"),
            Record::Decision { days: Some(d), .. } if *d > terugkeer_rules::facts::MAX_EXTENSION_DAYS => {
                Err(crate::client::InputError::new(
                    "days",
                    Problem::new("problem-days-more-than")
                        .with("days", *d)
                        .with("max", terugkeer_rules::facts::MAX_EXTENSION_DAYS),
                ))
            }
            Record::ProcedureEvent {
                voluntary_departure_days: Some(d),
                ..
            } if *d > terugkeer_rules::facts::MAX_EXTENSION_DAYS => Err(crate::client::InputError::new(
                "voluntary_departure_days",
                Problem::new("problem-days-more-than")
                    .with("days", *d)
                    .with("max", terugkeer_rules::facts::MAX_EXTENSION_DAYS),
            )),
            Record::ProcedureEvent {
                event,
                voluntary_departure_days: Some(_),
                ..
            } if *event != ProcedureEventKind::ReturnDecision => err(
                "voluntary_departure_days",
                "problem-only-return-decision-has-days",
            ),
            Record::Contact { mode, .. } if mode.trim().is_empty() => err("mode", "problem-required"),
            Record::Referral { to, .. } if to.trim().is_empty() => err("to", "problem-required"),
            _ => Ok(()),
        }
    }
}

/// Whether a case may close with `closure` now: not when it is closed already, not on a day still to come,
/// a departure only with its destination, "verification withdrawn" only when the latest registration with
/// DT&V was withdrawn. The error names the field and says why; the caller changes nothing.
pub fn check_closure(
    closure: &Record,
    already_closed: bool,
    latest_registration: Option<crate::verification::VerificationStatus>,
    today: Date,
) -> Result<(), crate::client::InputError> {
    let err = crate::client::refuse::<()>;
    let Record::Closure {
        outcome,
        on,
        destination,
        departed_with,
        ..
    } = closure
    else {
        return err("kind", "problem-closure-record");
    };
    if already_closed {
        return err("status", "problem-already-closed");
    }
    if *on > today {
        return Err(crate::client::InputError::new(
            "on",
            Problem::new("problem-date-after-today")
                .with("day", *on)
                .with("today", today),
        ));
    }
    match outcome {
        ClosureOutcome::Departed if destination.trim().is_empty() => {
            err("destination", "problem-say-destination")
        }
        ClosureOutcome::Departed if departed_with.is_none() => {
            err("departed_with", "problem-say-departed-with")
        }
        _ if departed_with.is_some() && *outcome != ClosureOutcome::Departed => {
            err("departed_with", "problem-departed-with-only-departure")
        }
        ClosureOutcome::VerificationWithdrawn
            if latest_registration != Some(crate::verification::VerificationStatus::Withdrawn) =>
        {
            err("outcome", "problem-no-withdrawn-registration")
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod closure_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::verification::VerificationStatus;

    fn close(outcome: ClosureOutcome, on: &str, destination: &str) -> Record {
        Record::Closure {
            outcome,
            on: Date::parse(on).unwrap(),
            destination: destination.into(),
            departed_with: (outcome == ClosureOutcome::Departed).then_some(DepartedWith::Iom),
            reason: String::new(),
        }
    }

    /// Every outcome from an open case, and each refusal by name.
    #[test]
    fn closing_checks_each_outcome() {
        let today = Date::parse("2026-11-29").unwrap();
        let field = |r: &Record, closed, reg| check_closure(r, closed, reg, today).err().map(|e| e.field);
        for outcome in [
            ClosureOutcome::NotReturning,
            ClosureOutcome::HandedToAvim,
            ClosureOutcome::Absconded,
            ClosureOutcome::LeftReception,
            ClosureOutcome::ObtainedResidence,
        ] {
            assert_eq!(
                field(&close(outcome, "2026-11-20", ""), false, None),
                None,
                "{outcome:?}"
            );
            assert_eq!(
                field(&close(outcome, "2026-11-20", ""), true, None),
                Some("status")
            );
            assert_eq!(field(&close(outcome, "2026-11-30", ""), false, None), Some("on"));
        }
        let departed = close(ClosureOutcome::Departed, "2026-11-20", "Kabul");
        assert_eq!(field(&departed, false, None), None);
        assert_eq!(
            field(&close(ClosureOutcome::Departed, "2026-11-20", " "), false, None),
            Some("destination")
        );
        // Who organised it: required for a departure, refused for anything else.
        let mut unorganised = departed.clone();
        if let Record::Closure { departed_with, .. } = &mut unorganised {
            *departed_with = None;
        }
        assert_eq!(field(&unorganised, false, None), Some("departed_with"));
        let mut absconded_with_ngo = close(ClosureOutcome::Absconded, "2026-11-20", "");
        if let Record::Closure { departed_with, .. } = &mut absconded_with_ngo {
            *departed_with = Some(DepartedWith::Ngo);
        }
        assert_eq!(field(&absconded_with_ngo, false, None), Some("departed_with"));
        let withdrawn = close(ClosureOutcome::VerificationWithdrawn, "2026-11-20", "");
        assert_eq!(
            field(&withdrawn, false, Some(VerificationStatus::Withdrawn)),
            None
        );
        for other in [
            None,
            Some(VerificationStatus::Verified),
            Some(VerificationStatus::Submitted),
        ] {
            assert_eq!(field(&withdrawn, false, other), Some("outcome"));
        }
        let refusal = Record::Refusal {
            on: today,
            notes: String::new(),
        };
        assert_eq!(field(&refusal, false, None), Some("kind"));
    }
}

#[cfg(test)]
mod length_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Every free text of every record kind: at its limit accepted, one character over refused naming the
    /// field and the limit.
    #[test]
    fn every_free_text_has_its_limit() {
        let on = Date::parse("2026-11-02").unwrap();
        let make = |field: &str, text: String| -> Record {
            let mut v = match field {
                "notes" | "mode" => {
                    serde_json::json!({"kind": "contact", "on": on, "mode": "phone", "notes": ""})
                }
                "to" => serde_json::json!({"kind": "referral", "on": on, "to": "IOM"}),
                "name" => serde_json::json!({"kind": "household_member", "name": "A"}),
                "trajectory" | "project" | "goals" => {
                    serde_json::json!({"kind": "trajectory", "trajectory": "return", "project": "P", "on": on})
                }
                _ => serde_json::json!({"kind": "closure", "outcome": "absconded", "on": on}),
            };
            v[field] = text.into();
            serde_json::from_value(v).unwrap()
        };
        for (field, max) in [
            ("notes", NOTE_MAX),
            ("mode", WORD_MAX),
            ("to", NAME_MAX),
            ("name", NAME_MAX),
            ("trajectory", WORD_MAX),
            ("project", NAME_MAX),
            ("goals", NOTE_MAX),
            ("destination", NAME_MAX),
            ("reason", NOTE_MAX),
        ] {
            // "é" is one character and two bytes: the limit counts characters.
            assert!(
                make(field, "é".repeat(max)).validate().is_ok(),
                "{field} at {max}"
            );
            let e = make(field, "é".repeat(max + 1)).validate().unwrap_err();
            assert_eq!(e.field, field);
            assert_eq!(e.message.id, "problem-longer-than");
        }
    }
}
