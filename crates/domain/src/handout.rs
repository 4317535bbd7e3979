//! DT&V's financial hand-out (`financiële handreiking`, study section 6.3): asked for by the client for a
//! reason, negotiated, motivated individually, with receipts; up to the regional maximum signed by the
//! regievoerder, the senior regievoerder and the afdelingsmanager, above it decided by Den Haag (both from
//! the policy, `policy/discretie.toml`). The chain itself is the rules engine's (`terugkeer_rules::money::
//! chain`), so the assessment and the application never disagree about who must sign.
//!
//! Choices where the policy is silent, written down:
//! - **Signatures in the policy's order.** A chain is signed in turn: the senior regievoerder signs after the
//!   regievoerder, the afdelingsmanager last; a signature out of turn is refused naming who is awaited.
//! - **One refusal ends it.** A refusal by anyone in the chain refuses the hand-out; nothing is signed after.
//! - **The amount is fixed once signing starts.** A new amount is a new request (the chain may change).

use serde::{Deserialize, Serialize};
use terugkeer_rules::facts::{Decision, DecisionKind, DecisionOutcome};
use terugkeer_rules::vocab::{Cents, Role};
use terugkeer_rules::{Date, Policy};

use crate::client::{InputError, refuse};
use terugkeer_rules::problem::{Arg, Problem};

/// Why a hand-out is asked for (the reasons the study saw, and other).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The support scheme for the client's country just changed.
    SchemeChanged,
    /// Motivation when the client is not deportable.
    NotDeportable,
    /// Items that improve living conditions at home (e.g. a second-hand wheelchair).
    LivingConditions,
    /// Better starting conditions.
    StartingConditions,
    /// A special situation (e.g. a mother returns, her children are Dutch).
    SpecialSituation,
    /// Another reason (say which in the motivation).
    Other,
}

impl Reason {
    /// Every reason, in the order forms list them.
    pub const ALL: [Reason; 6] = [
        Reason::SchemeChanged,
        Reason::NotDeportable,
        Reason::LivingConditions,
        Reason::StartingConditions,
        Reason::SpecialSituation,
        Reason::Other,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::SchemeChanged => "scheme_changed",
            Reason::NotDeportable => "not_deportable",
            Reason::LivingConditions => "living_conditions",
            Reason::StartingConditions => "starting_conditions",
            Reason::SpecialSituation => "special_situation",
            Reason::Other => "other",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// One signature (or Den Haag's decision).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// In which capacity.
    pub role: Role,
    /// The partner user who recorded it.
    pub user_id: i64,
    /// Their name, as shown.
    pub name: String,
    /// When.
    pub on: Date,
    /// Agreed or refused.
    pub outcome: DecisionOutcome,
}

/// A request for a hand-out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handout {
    /// Why.
    pub reason: Reason,
    /// How much, in cents.
    pub amount_cents: i64,
    /// Asked on.
    pub requested_on: Date,
    /// The individual motivation.
    pub motivation: String,
    /// Notes of the negotiation.
    #[serde(default)]
    pub negotiation: String,
    /// Receipts (references), once paid.
    #[serde(default)]
    pub receipts: String,
    /// The signatures so far, in order.
    #[serde(default)]
    pub signatures: Vec<Signature>,
}

/// Longest free text.
pub const TEXT_MAX: usize = 2000;

fn err<T>(field: &'static str, message: Problem) -> Result<T, InputError> {
    Err(InputError::new(field, message))
}

/// The chain as stored for a request: from the policy in force on the day it was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// `regio` or `den_haag` (`None`: not known).
    pub decided_by: Option<&'static str>,
    /// Who must sign, in order.
    pub signatures: Vec<Role>,
    /// Who is awaited, in order.
    pub awaiting: Vec<Role>,
    /// `awaiting`, `approved`, `refused` or `undetermined`.
    pub status: &'static str,
    /// The rule.
    pub citation: String,
}

impl Handout {
    /// Checks a new request: a positive amount, a motivation, texts within bounds, not asked in the future.
    pub fn validate(&self, today: Date) -> Result<(), InputError> {
        if self.amount_cents <= 0 {
            return refuse("amount_cents", "problem-not-positive");
        }
        if self.motivation.trim().is_empty() {
            return refuse("motivation", "problem-give-motivation");
        }
        for (field, text) in [
            ("motivation", &self.motivation),
            ("negotiation", &self.negotiation),
            ("receipts", &self.receipts),
        ] {
            if text.chars().count() > TEXT_MAX {
                return err(
                    field,
                    Problem::new("problem-at-most-characters").with("max", TEXT_MAX),
                );
            }
        }
        if self.requested_on > today {
            return refuse("requested_on", "problem-after-today");
        }
        Ok(())
    }

    /// The signatures as the rules engine's decisions.
    fn decisions(&self) -> Vec<Decision> {
        self.signatures
            .iter()
            .map(|s| Decision {
                decision: DecisionKind::Handreiking,
                by: vec![s.role],
                on: s.on,
                outcome: s.outcome,
                days: None,
            })
            .collect()
    }

    /// Where it stands, by the policy in force on the day it was asked.
    pub fn standing(&self, policy: &Policy) -> Standing {
        let Ok(p) = policy.at(self.requested_on) else {
            return Standing {
                decided_by: None,
                signatures: Vec::new(),
                awaiting: Vec::new(),
                status: "undetermined",
                citation: String::new(),
            };
        };
        let decisions = self.decisions();
        let c = terugkeer_rules::money::chain(Cents(self.amount_cents), &decisions, &p);
        let citation = c.citation().to_owned();
        Standing {
            decided_by: c.decided_by,
            signatures: c.signatures,
            awaiting: c.awaiting,
            status: c.status,
            citation,
        }
    }

    /// The request signed by `signature`: refused when the chain is decided (or cannot be told), when the
    /// role is not in the chain, or when it is not that role's turn — naming who is awaited.
    pub fn sign(&self, signature: Signature, policy: &Policy, today: Date) -> Result<Handout, InputError> {
        if signature.on > today {
            return refuse("on", "problem-after-today");
        }
        if signature.on < self.requested_on {
            return err(
                "on",
                Problem::new("problem-before-request").with("day", self.requested_on),
            );
        }
        let standing = self.standing(policy);
        match standing.status {
            "awaiting" => {}
            "undetermined" => {
                return refuse("amount_cents", "problem-no-chain");
            }
            done => {
                return err(
                    "status",
                    Problem::new("problem-handout-already")
                        .with("state", Arg::Word(format!("handout.status.{done}"))),
                );
            }
        }
        if !standing.signatures.contains(&signature.role) {
            let who = standing
                .signatures
                .iter()
                .map(|r| format!("dtv.{}", r.as_str()))
                .collect();
            return err(
                "role",
                Problem::new("problem-does-not-sign")
                    .with("role", Arg::Word(format!("dtv.{}", signature.role.as_str())))
                    .with("chain", Arg::Words(who))
                    .with("citation", standing.citation),
            );
        }
        // "awaiting" names someone awaited; without one the chain cannot be told.
        let Some(next) = standing.awaiting.first().copied() else {
            return refuse("amount_cents", "problem-no-chain");
        };
        if next != signature.role {
            return err(
                "role",
                Problem::new("problem-signs-first").with("role", Arg::Word(format!("dtv.{}", next.as_str()))),
            );
        }
        let mut out = self.clone();
        out.signatures.push(signature);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn request(cents: i64) -> Handout {
        Handout {
            reason: Reason::LivingConditions,
            amount_cents: cents,
            requested_on: d("2026-11-02"),
            motivation: "tweedehands rolstoel".into(),
            negotiation: String::new(),
            receipts: String::new(),
            signatures: Vec::new(),
        }
    }

    fn by(role: Role, outcome: DecisionOutcome) -> Signature {
        Signature {
            role,
            user_id: 7,
            name: "R. Voerder".into(),
            on: d("2026-11-10"),
            outcome,
        }
    }

    /// EUR 500.00 is regional: three signatures in turn; a missing one blocks; a wrong role is refused.
    #[test]
    fn the_regional_chain_in_turn() {
        let p = terugkeer_rules::policy::builtin().unwrap();
        let today = d("2026-11-29");
        let h = request(50_000);
        let s = h.standing(&p);
        assert_eq!(s.decided_by, Some("regio"));
        assert_eq!(
            s.signatures,
            vec![
                Role::Regievoerder,
                Role::SeniorRegievoerder,
                Role::Afdelingsmanager
            ]
        );
        // The manager cannot sign before the others: blocked, naming who is awaited.
        let e = h
            .sign(by(Role::Afdelingsmanager, DecisionOutcome::Granted), &p, today)
            .unwrap_err();
        assert_eq!(e.field, "role");
        let said = terugkeer_text::Tr::english(&e.message);
        assert!(said.contains("regievoerder signs first"), "{said}");
        // Den Haag is not in a regional chain.
        let e = h
            .sign(by(Role::DenHaag, DecisionOutcome::Granted), &p, today)
            .unwrap_err();
        let said = terugkeer_text::Tr::english(&e.message);
        assert!(said.contains("does not sign"), "{said}");
        let h = h
            .sign(by(Role::Regievoerder, DecisionOutcome::Granted), &p, today)
            .unwrap();
        let h = h
            .sign(by(Role::SeniorRegievoerder, DecisionOutcome::Granted), &p, today)
            .unwrap();
        assert_eq!(
            h.standing(&p).status,
            "awaiting",
            "two of three signed: still blocked"
        );
        assert_eq!(h.standing(&p).awaiting, vec![Role::Afdelingsmanager]);
        let h = h
            .sign(by(Role::Afdelingsmanager, DecisionOutcome::Granted), &p, today)
            .unwrap();
        assert_eq!(h.standing(&p).status, "approved");
        assert_eq!(
            h.sign(by(Role::Regievoerder, DecisionOutcome::Granted), &p, today)
                .unwrap_err()
                .field,
            "status"
        );
    }

    /// EUR 500.01 goes to Den Haag, whose decision alone settles it; a refusal ends any chain.
    #[test]
    fn above_the_maximum_den_haag_decides() {
        let p = terugkeer_rules::policy::builtin().unwrap();
        let today = d("2026-11-29");
        let h = request(50_001);
        assert_eq!(h.standing(&p).decided_by, Some("den_haag"));
        assert!(
            h.sign(by(Role::Regievoerder, DecisionOutcome::Granted), &p, today)
                .is_err()
        );
        let refused = h
            .sign(by(Role::DenHaag, DecisionOutcome::Refused), &p, today)
            .unwrap();
        assert_eq!(refused.standing(&p).status, "refused");
        let small = request(100);
        let r = small
            .sign(by(Role::Regievoerder, DecisionOutcome::Refused), &p, today)
            .unwrap();
        assert_eq!(r.standing(&p).status, "refused");
    }

    #[test]
    fn requests_are_checked() {
        let today = d("2026-11-29");
        assert_eq!(request(0).validate(today).unwrap_err().field, "amount_cents");
        let mut h = request(100);
        h.motivation = " ".into();
        assert_eq!(h.validate(today).unwrap_err().field, "motivation");
        let mut h = request(100);
        h.requested_on = d("2026-12-01");
        assert_eq!(h.validate(today).unwrap_err().field, "requested_on");
        assert!(request(100).validate(today).is_ok());
    }
}
