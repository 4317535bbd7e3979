//! The registration of a participant with DT&V through the verification form (verificatieformulier): its
//! states, the steps between them, and when DT&V's answer is due. Pure: the store keeps a [`Verification`],
//! the web shows it; every change goes through [`Verification::apply`], so an impossible step (verifying a
//! withdrawn registration, answering one that was never sent) is refused the same way everywhere.
//!
//! ```text
//! draft ──submit──▶ submitted ──verify──▶ verified
//!   │                  │  └──refuse──▶ refused (final)
//!   └──────withdraw────┴───────withdraw (also from verified)──▶ withdrawn (final)
//! ```
//!
//! Data minimisation (UAVG art. 33; domain.md, data protection): a refusal keeps DT&V's coded ground, never
//! the offence or the facts behind it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use terugkeer_rules::facts::{DtvVerification, Verdicts};
use terugkeer_rules::policy::{ParamId, Policy};
use terugkeer_rules::problem::{Arg, Problem};
use terugkeer_rules::{Date, Threshold};

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum VerificationStatus {
    /// Being prepared by the NGO; nothing sent.
    #[default]
    Draft,
    /// Sent to DT&V; the answer is due.
    Submitted,
    /// DT&V registered the client as a participant.
    Verified,
    /// DT&V refused (with a ground).
    Refused,
    /// Withdrawn — by DT&V (e.g. participation disrupts departure) or by the NGO.
    Withdrawn,
}

impl VerificationStatus {
    /// Every status, in the order of the workflow.
    pub const ALL: [VerificationStatus; 5] = [
        VerificationStatus::Draft,
        VerificationStatus::Submitted,
        VerificationStatus::Verified,
        VerificationStatus::Refused,
        VerificationStatus::Withdrawn,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            VerificationStatus::Draft => "draft",
            VerificationStatus::Submitted => "submitted",
            VerificationStatus::Verified => "verified",
            VerificationStatus::Refused => "refused",
            VerificationStatus::Withdrawn => "withdrawn",
        }
    }

    /// By stored name.
    pub fn parse(s: &str) -> Option<VerificationStatus> {
        VerificationStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// No step leads out of it: a new registration starts with a new draft.
    pub fn is_final(self) -> bool {
        matches!(self, VerificationStatus::Refused | VerificationStatus::Withdrawn)
    }
}

/// DT&V's ground for refusing (DT&V "Subsidierelatie"; domain.md, verification now), coded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RefusalGround {
    /// An entry ban of more than five years.
    HeavyEntryBan,
    /// A conviction DT&V counts (sexual offences, human trafficking or smuggling) — the ground only.
    Conviction,
    /// Takes or took part in an in-kind return project before.
    PriorParticipation,
    /// A nationality DT&V excludes.
    ExcludedNationality,
    /// Another ground (named in the note).
    Other,
}

impl RefusalGround {
    /// Every ground.
    pub const ALL: [RefusalGround; 5] = [
        RefusalGround::HeavyEntryBan,
        RefusalGround::Conviction,
        RefusalGround::PriorParticipation,
        RefusalGround::ExcludedNationality,
        RefusalGround::Other,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            RefusalGround::HeavyEntryBan => "heavy_entry_ban",
            RefusalGround::Conviction => "conviction",
            RefusalGround::PriorParticipation => "prior_participation",
            RefusalGround::ExcludedNationality => "excluded_nationality",
            RefusalGround::Other => "other",
        }
    }

    /// By stored name.
    pub fn parse(s: &str) -> Option<RefusalGround> {
        RefusalGround::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

/// One registration with DT&V, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Verification {
    /// Where it stands.
    pub status: VerificationStatus,
    /// Sent on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_on: Option<Date>,
    /// Sent to (the DT&V location or regievoerder).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub submitted_to: String,
    /// DT&V's answer (verified or refused), or the withdrawal, on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<Date>,
    /// The refusal's ground.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground: Option<RefusalGround>,
    /// The refusal's or withdrawal's explanation, in a few words (no offence details).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The day DT&V answered (verified or refused); a later withdrawal keeps it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_on: Option<Date>,
    /// Who answered for DT&V (the regievoerder), as recorded.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub answered_by: String,
    /// When the NGO recorded DT&V's answer (DT&V did not give it in the application): the NGO's name, so the
    /// page says "vastgelegd door …" and never presents it as DT&V's own entry. Empty when DT&V answered itself.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub recorded_by: String,
    /// How DT&V gave the answer the NGO recorded (letter, e-mail, phone), if said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_from: Option<crate::message::Source>,
    /// DT&V's verdict per threshold it checked: every ground of the verification met on a registration,
    /// the ground's threshold failed on a refusal. An input of the assessment.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub verdicts: Verdicts,
    /// The facts as they stood when DT&V answered (by the trace's names), so a later change can be named.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub seen: BTreeMap<String, serde_json::Value>,
}

/// The thresholds DT&V checks on the verification form, by its grounds for refusal (domain.md,
/// "Verification now"): a registration says each of them is met.
pub const DTV_CHECKS: [Threshold; 5] = [
    Threshold::ExcludedCountry,
    Threshold::CriminalRecord,
    Threshold::HeavyEntryBan,
    Threshold::PreviousSupport,
    Threshold::AlreadyParticipating,
];

impl RefusalGround {
    /// The threshold a refusal on this ground fails (none for "other").
    pub fn threshold(self) -> Option<Threshold> {
        match self {
            RefusalGround::HeavyEntryBan => Some(Threshold::HeavyEntryBan),
            RefusalGround::Conviction => Some(Threshold::CriminalRecord),
            RefusalGround::PriorParticipation => Some(Threshold::PreviousSupport),
            RefusalGround::ExcludedNationality => Some(Threshold::ExcludedCountry),
            RefusalGround::Other => None,
        }
    }
}

/// The registration whose answer counts, of a client's registrations oldest first: the latest DT&V answered
/// (one refused after an earlier verification replaces it; a draft or a waiting one does not).
pub fn latest_answered<'a>(
    list: impl DoubleEndedIterator<Item = &'a Verification>,
) -> Option<&'a Verification> {
    list.rev().find(|v| v.answered_on.is_some())
}

impl Verification {
    /// DT&V's answer as the assessment's input, once it answered on or before `as_of`.
    pub fn as_input(&self, as_of: Date) -> Option<DtvVerification> {
        let on = self.answered_on.filter(|d| *d <= as_of)?;
        Some(DtvVerification {
            decided_on: on,
            by: if self.answered_by.trim().is_empty() {
                "DT&V".to_owned()
            } else {
                self.answered_by.clone()
            },
            verdicts: self.verdicts,
            seen: self.seen.clone(),
        })
    }
}

/// A step in a registration's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Step {
    /// The NGO sends the form.
    Submit {
        /// On.
        on: Date,
        /// To whom (DT&V location or regievoerder).
        to: String,
    },
    /// DT&V registers the participant.
    Verify {
        /// On.
        on: Date,
        /// Who answered for DT&V (default: the user who records it).
        #[serde(default)]
        by: String,
        /// When the NGO records the answer: how DT&V gave it (letter, e-mail, phone).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        recorded_from: Option<crate::message::Source>,
    },
    /// DT&V refuses.
    Refuse {
        /// On.
        on: Date,
        /// Who answered for DT&V (default: the user who records it).
        #[serde(default)]
        by: String,
        /// The coded ground.
        ground: RefusalGround,
        /// A few words (never offence details).
        #[serde(default)]
        note: String,
        /// When the NGO records the answer: how DT&V gave it (letter, e-mail, phone).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        recorded_from: Option<crate::message::Source>,
    },
    /// DT&V or the NGO withdraws the registration.
    Withdraw {
        /// On.
        on: Date,
        /// Why (e.g. participation disrupts the departure).
        reason: String,
    },
}

impl Step {
    /// The step's stored name.
    pub fn name(&self) -> &'static str {
        match self {
            Step::Submit { .. } => "submit",
            Step::Verify { .. } => "verify",
            Step::Refuse { .. } => "refuse",
            Step::Withdraw { .. } => "withdraw",
        }
    }

    /// Whether it is DT&V's to take (a partner user may record only these).
    pub fn is_dtvs(&self) -> bool {
        !matches!(self, Step::Submit { .. })
    }

    fn on(&self) -> Date {
        match self {
            Step::Submit { on, .. }
            | Step::Verify { on, .. }
            | Step::Refuse { on, .. }
            | Step::Withdraw { on, .. } => *on,
        }
    }
}

/// A step refused: the field it concerns, a stable code, and why (a message id with its arguments).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct StepError {
    /// The field (`step` for a step that is impossible in this state).
    pub field: &'static str,
    /// A stable code: `impossible`, `before_submission`, `in_future`, `required`, `too_long`.
    pub code: &'static str,
    /// What is wrong.
    pub message: Problem,
}

fn refuse(field: &'static str, code: &'static str, message: Problem) -> Result<Verification, StepError> {
    Err(StepError { field, code, message })
}

/// Longest free text kept with a registration: a few words, not a report.
pub const NOTE_MAX: usize = 500;

impl Verification {
    /// The registration after `step` taken on `today`'s knowledge, or why it cannot be taken. Nothing is
    /// changed on refusal (the caller keeps the old value).
    pub fn apply(&self, step: &Step, today: Date) -> Result<Verification, StepError> {
        use VerificationStatus::*;
        let on = step.on();
        if on > today {
            return refuse(
                "on",
                "in_future",
                Problem::new("problem-date-after-today")
                    .with("day", on)
                    .with("today", today),
            );
        }
        let allowed = matches!(
            (self.status, step),
            (Draft, Step::Submit { .. })
                | (Submitted, Step::Verify { .. } | Step::Refuse { .. })
                | (Draft | Submitted | Verified, Step::Withdraw { .. })
        );
        if !allowed {
            return refuse(
                "step",
                "impossible",
                Problem::new("problem-registration-cannot-be")
                    .with(
                        "state",
                        Arg::Word(format!("verification.status.{}", self.status.as_str())),
                    )
                    .with("step", Arg::Word(format!("verification.status.{}", past(step)))),
            );
        }
        if let Some(sent) = self.submitted_on
            && on < sent
        {
            return refuse(
                "on",
                "before_submission",
                Problem::new("problem-before-sent")
                    .with("day", on)
                    .with("sent", sent),
            );
        }
        let mut next = self.clone();
        match step {
            Step::Submit { on, to } => {
                let to = to.trim();
                if to.is_empty() {
                    return refuse("to", "required", Problem::new("problem-say-sent-to"));
                }
                if to.chars().count() > 200 {
                    return refuse(
                        "to",
                        "too_long",
                        Problem::new("problem-at-most-characters").with("max", 200u32),
                    );
                }
                next.status = Submitted;
                next.submitted_on = Some(*on);
                next.submitted_to = to.to_owned();
            }
            Step::Verify {
                on,
                by,
                recorded_from,
            } => {
                next.status = Verified;
                next.decided_on = Some(*on);
                next.answered_on = Some(*on);
                next.answered_by = bounded_name(by)?;
                next.recorded_from = *recorded_from;
                next.verdicts = Verdicts::default();
                for t in DTV_CHECKS {
                    next.verdicts.set(t, Some(true));
                }
            }
            Step::Refuse {
                on,
                by,
                ground,
                note,
                recorded_from,
            } => {
                next.status = Refused;
                next.recorded_from = *recorded_from;
                next.decided_on = Some(*on);
                next.ground = Some(*ground);
                next.note = bounded(note, "note")?;
                next.answered_on = Some(*on);
                next.answered_by = bounded_name(by)?;
                next.verdicts = Verdicts::default();
                if let Some(t) = ground.threshold() {
                    next.verdicts.set(t, Some(false));
                }
            }
            Step::Withdraw { on, reason } => {
                let reason = bounded(reason, "reason")?;
                if reason.is_empty() {
                    return refuse("reason", "required", Problem::new("problem-say-why-withdrawn"));
                }
                next.status = Withdrawn;
                next.decided_on = Some(*on);
                next.note = reason;
            }
        }
        Ok(next)
    }

    /// When DT&V's answer is due: `verification_answer_working_days` working days (no weekend, no holiday of
    /// the Algemene termijnenwet) after the day the form was sent, with the policy's citation — while the
    /// registration waits for an answer and the policy of the day it was sent knows the term.
    pub fn answer_due(&self, policy: &Policy) -> Option<(Date, String)> {
        if self.status != VerificationStatus::Submitted {
            return None;
        }
        let sent = self.submitted_on?;
        let at = policy.at(sent).ok()?;
        let term = at.int(ParamId::VerificationAnswerWorkingDays);
        let days = term.value?;
        let holidays = at.holidays(ParamId::AtwHolidays).value?;
        let mut d = sent;
        for _ in 0..days {
            d = holidays.next_working_day(d.add_days(1));
        }
        Some((d, term.citation().to_owned()))
    }
}

/// The verification form as DT&V receives it: only what DT&V needs to find the person and check the
/// thresholds itself (docs/verification.md lists each field and why). It holds no criminal, 1F or health
/// data, no phone number and no notes: DT&V checks those grounds in its own files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Form {
    /// Always `verificatieformulier`.
    pub form: &'static str,
    /// The registration's number at the NGO (to match DT&V's answer).
    pub registration: i64,
    /// Where it stands.
    pub status: VerificationStatus,
    /// Sent on and to, once sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submitted_on: Option<Date>,
    /// To whom.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub submitted_to: String,
    /// The organisation and its contact person.
    pub organisation: String,
    /// The caseworker (contact person).
    pub contact: String,
    /// The participant.
    pub participant: Participant,
    /// Household members who return with the participant (name, date of birth).
    pub household: Vec<(String, Option<Date>)>,
    /// The trajectory: kind, project, planned departure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trajectory: Option<FormTrajectory>,
}

/// Who the form is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Participant {
    /// Family name.
    pub family_name: String,
    /// Given names.
    pub given_names: String,
    /// Date of birth.
    pub date_of_birth: Option<Date>,
    /// V-number (DT&V's key to its file).
    pub v_number: Option<String>,
    /// Nationality (ISO 3166-1 alpha-2).
    pub nationality: Option<String>,
    /// Country of return.
    pub country_of_return: Option<String>,
}

/// The trajectory the registration is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormTrajectory {
    /// `return` or `empowerment`.
    pub kind: String,
    /// The project.
    pub project: String,
    /// Planned departure.
    pub planned_departure_on: Option<Date>,
}

impl Form {
    /// The form for registration `id` of `client`, from their records (household members and the latest
    /// trajectory), naming the organisation and the contact person.
    pub fn of(
        id: i64,
        v: &Verification,
        client: &crate::ClientInput,
        records: &[crate::Record],
        organisation: &str,
        contact: &str,
    ) -> Form {
        let household = records
            .iter()
            .filter_map(|r| match r {
                crate::Record::HouseholdMember { name, date_of_birth } => {
                    Some((name.clone(), *date_of_birth))
                }
                _ => None,
            })
            .collect();
        let trajectory = records.iter().rev().find_map(|r| match r {
            crate::Record::Trajectory {
                trajectory,
                project,
                planned_departure_on,
                ..
            } => Some(FormTrajectory {
                kind: trajectory.clone(),
                project: project.clone(),
                planned_departure_on: *planned_departure_on,
            }),
            _ => None,
        });
        Form {
            form: "verificatieformulier",
            registration: id,
            status: v.status,
            submitted_on: v.submitted_on,
            submitted_to: v.submitted_to.clone(),
            organisation: organisation.to_owned(),
            contact: contact.to_owned(),
            participant: Participant {
                family_name: client.family_name.clone(),
                given_names: client.given_names.clone(),
                date_of_birth: client.date_of_birth,
                v_number: client.v_number.clone(),
                nationality: client.nationality.map(|c| c.as_str().to_owned()),
                country_of_return: client.country_of_return.map(|c| c.as_str().to_owned()),
            },
            household,
            trajectory,
        }
    }
}

fn bounded(text: &str, field: &'static str) -> Result<String, StepError> {
    let t = text.trim();
    if t.chars().count() > NOTE_MAX {
        return Err(StepError {
            field,
            code: "too_long",
            message: Problem::new("problem-at-most-characters").with("max", NOTE_MAX),
        });
    }
    Ok(t.to_owned())
}

fn bounded_name(name: &str) -> Result<String, StepError> {
    let t = name.trim();
    if t.chars().count() > terugkeer_rules::facts::VERIFIED_BY_MAX || t.chars().any(char::is_control) {
        return Err(StepError {
            field: "by",
            code: "too_long",
            message: Problem::new("problem-at-most-characters")
                .with("max", terugkeer_rules::facts::VERIFIED_BY_MAX),
        });
    }
    Ok(t.to_owned())
}

fn past(step: &Step) -> &'static str {
    match step {
        Step::Submit { .. } => "submitted",
        Step::Verify { .. } => "verified",
        Step::Refuse { .. } => "refused",
        Step::Withdraw { .. } => "withdrawn",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn policy() -> Policy {
        terugkeer_rules::policy::builtin().unwrap()
    }

    fn submit(on: &str) -> Step {
        Step::Submit {
            on: d(on),
            to: "DT&V Ter Apel".into(),
        }
    }

    fn verify(on: &str) -> Step {
        Step::Verify {
            on: d(on),
            by: String::new(),
            recorded_from: None,
        }
    }

    fn withdraw(on: &str) -> Step {
        Step::Withdraw {
            on: d(on),
            reason: "participation disrupts departure".into(),
        }
    }

    fn refuse_step(on: &str) -> Step {
        Step::Refuse {
            on: d(on),
            by: String::new(),
            ground: RefusalGround::HeavyEntryBan,
            note: String::new(),
            recorded_from: None,
        }
    }

    const TODAY: &str = "2026-11-29";

    /// Every step from every state: exactly the arrows of the module's diagram are allowed.
    #[test]
    fn every_step_from_every_state() {
        let today = d(TODAY);
        let state = |status| Verification {
            status,
            submitted_on: Some(d("2026-11-02")),
            submitted_to: "DT&V".into(),
            ..Verification::default()
        };
        let steps = [
            submit("2026-11-10"),
            verify("2026-11-10"),
            refuse_step("2026-11-10"),
            withdraw("2026-11-10"),
        ];
        use VerificationStatus::*;
        let expect = |from: VerificationStatus, step: &Step| -> Option<VerificationStatus> {
            match (from, step.name()) {
                (Draft, "submit") => Some(Submitted),
                (Submitted, "verify") => Some(Verified),
                (Submitted, "refuse") => Some(Refused),
                (Draft | Submitted | Verified, "withdraw") => Some(Withdrawn),
                _ => None,
            }
        };
        let mut allowed = 0;
        for from in VerificationStatus::ALL {
            for step in &steps {
                let got = state(from).apply(step, today);
                match expect(from, step) {
                    Some(to) => {
                        assert_eq!(got.unwrap().status, to, "{from:?} {}", step.name());
                        allowed += 1;
                    }
                    None => {
                        let e = got.unwrap_err();
                        assert_eq!(
                            (e.field, e.code),
                            ("step", "impossible"),
                            "{from:?} {}",
                            step.name()
                        );
                    }
                }
            }
        }
        assert_eq!(allowed, 6);
    }

    #[test]
    fn the_issue_s_examples_are_refused_with_a_message() {
        let today = d(TODAY);
        let withdrawn = Verification::default()
            .apply(&submit("2026-11-02"), today)
            .unwrap()
            .apply(&withdraw("2026-11-03"), today)
            .unwrap();
        let e = withdrawn.apply(&verify("2026-11-04"), today).unwrap_err();
        assert_eq!(
            (e.field, terugkeer_text::Tr::english(&e.message).as_str()),
            ("step", "a withdrawn registration cannot be verified")
        );
        let e = Verification::default()
            .apply(&verify("2026-11-04"), today)
            .unwrap_err();
        assert_eq!(
            (e.field, terugkeer_text::Tr::english(&e.message).as_str()),
            ("step", "a draft registration cannot be verified")
        );
    }

    #[test]
    fn dates_and_texts_are_checked() {
        let today = d(TODAY);
        let sent = Verification::default()
            .apply(&submit("2026-11-10"), today)
            .unwrap();
        assert_eq!(
            sent.apply(&verify("2026-11-09"), today).unwrap_err().code,
            "before_submission"
        );
        assert_eq!(
            sent.apply(&verify("2026-11-30"), today).unwrap_err().code,
            "in_future"
        );
        let nobody = Step::Submit {
            on: d("2026-11-10"),
            to: "  ".into(),
        };
        assert_eq!(
            Verification::default().apply(&nobody, today).unwrap_err().field,
            "to"
        );
        let silent = Step::Withdraw {
            on: d("2026-11-11"),
            reason: String::new(),
        };
        assert_eq!(sent.apply(&silent, today).unwrap_err().field, "reason");
        let long = Step::Refuse {
            on: d("2026-11-11"),
            by: String::new(),
            ground: RefusalGround::Other,
            note: "x".repeat(NOTE_MAX + 1),
            recorded_from: None,
        };
        assert_eq!(sent.apply(&long, today).unwrap_err().code, "too_long");
        let refused = sent.apply(&refuse_step("2026-11-12"), today).unwrap();
        assert_eq!(
            (refused.ground, refused.decided_on, refused.submitted_on),
            (
                Some(RefusalGround::HeavyEntryBan),
                Some(d("2026-11-12")),
                Some(d("2026-11-10"))
            )
        );
    }

    /// Five working days, counted by hand on the calendar: weekends and Atw holidays do not count.
    #[test]
    fn the_answer_is_due_five_working_days_after_sending() {
        let p = policy();
        let today = d("2026-12-31");
        let due = |sent: &str| {
            Verification::default()
                .apply(&submit(sent), today)
                .unwrap()
                .answer_due(&p)
                .map(|(d, _)| d.to_string())
        };
        // Monday 2026-11-23 → Mon 30 November.
        assert_eq!(due("2026-11-23").as_deref(), Some("2026-11-30"));
        // Friday 2026-11-27 → Mon 30, Tue 1, Wed 2, Thu 3, Fri 4 December.
        assert_eq!(due("2026-11-27").as_deref(), Some("2026-12-04"));
        // Tuesday 2026-12-22: Wed 23, Thu 24, (Fri 25 and Sat 26 Christmas, Sun 27) Mon 28, Tue 29, Wed 30.
        assert_eq!(due("2026-12-22").as_deref(), Some("2026-12-30"));
        // Before 2019 the policy knows no answer time: no deadline, not a guess.
        assert_eq!(due("2018-06-01"), None);
        // An answered registration has no answer due.
        let verified = Verification::default()
            .apply(&submit("2026-11-23"), today)
            .unwrap()
            .apply(&verify("2026-11-24"), today)
            .unwrap();
        assert_eq!(verified.answer_due(&p), None);
    }

    /// The form carries identity, country, household and trajectory — and none of the criminal, 1F, health
    /// or contact data the client's file holds.
    #[test]
    fn the_form_holds_only_what_dtv_needs() {
        let client = crate::ClientInput {
            family_name: "Haidari".into(),
            given_names: "Omid".into(),
            date_of_birth: Some(d("1990-01-02")),
            v_number: Some("1234567890".into()),
            nationality: terugkeer_rules::vocab::Country::parse("AF"),
            country_of_return: terugkeer_rules::vocab::Country::parse("AF"),
            phone: "0612345678".into(),
            criminal_record: Some(true),
            article_1f: Some(false),
            medical_impediment: Some(true),
            ..crate::ClientInput::default()
        };
        let records = vec![
            crate::Record::HouseholdMember {
                name: "Sara".into(),
                date_of_birth: Some(d("2015-05-05")),
            },
            crate::Record::Contact {
                on: d("2026-11-01"),
                mode: "phone".into(),
                notes: "private conversation".into(),
                cooperating: Some(true),
                indicators: Vec::new(),
            },
        ];
        let v = Verification::default()
            .apply(&submit("2026-11-23"), d(TODAY))
            .unwrap();
        let form = Form::of(7, &v, &client, &records, "Stichting Test", "Anna");
        let json = serde_json::to_value(&form).unwrap();
        assert_eq!(json["participant"]["v_number"], "1234567890");
        assert_eq!(json["participant"]["nationality"], "AF");
        assert_eq!(json["household"][0][0], "Sara");
        assert_eq!(json["submitted_to"], "DT&V Ter Apel");
        let text = json.to_string();
        for absent in [
            "criminal",
            "1f",
            "medical",
            "0612345678",
            "private conversation",
            "phone",
        ] {
            assert!(!text.to_lowercase().contains(absent), "{absent} in {text}");
        }
    }

    #[test]
    fn a_step_reads_as_json() {
        let s: Step =
            serde_json::from_str(r#"{"step": "refuse", "on": "2026-11-12", "ground": "conviction"}"#)
                .unwrap();
        assert_eq!(s.name(), "refuse");
        assert!(s.is_dtvs());
        assert!(
            serde_json::from_str::<Step>(r#"{"step": "refuse", "on": "2026-11-12", "ground": "murder"}"#)
                .is_err()
        );
    }
}
