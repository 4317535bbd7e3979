//! Money rules: the in-kind limit per participant and the approval chain of DT&V's financial hand-out.
//! Amounts are integer cents throughout.

use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::deadlines::cited;
use crate::facts::{DecisionKind, DecisionOutcome, Facts};
use crate::messages::{M, Msg};
use crate::policy::{ParamId as P, PolicyAt};
use crate::trace::{FactValue as F, Outcome, PoliciesUsed, PolicyRefs, Recorder};
use crate::vocab::{Cents, Lang, Role, SupportScheme};

fn eur(c: Option<Cents>) -> Option<f64> {
    c.map(Cents::eur)
}

/// The in-kind limit for this participant.
#[derive(Debug, Clone)]
pub struct InKind<'p> {
    /// Planned in-kind support.
    pub amount: Cents,
    /// The cap in force for this person (adult or minor); `None` if it cannot be told.
    pub cap: Option<Cents>,
    /// Whether the plan stays within the cap.
    pub within: Option<bool>,
    /// Planned cash part.
    pub cash: Cents,
    /// The cash cap.
    pub cash_cap: Option<Cents>,
    /// Whether the cash part stays within its cap.
    pub cash_within: Option<bool>,
    /// The citation of the cap.
    pub citation: &'p str,
    /// Why.
    pub reason: Msg,
    /// Policy values used.
    pub policy: PolicyRefs<'p>,
    /// The support scheme whose caps apply (`ozv`, `iom_avrr`, `eurp`).
    pub scheme: SupportScheme,
    /// The scheme's support on arrival per person (IOM and EURP); `None` for the NGO scheme or when unknown.
    pub post_arrival: Option<Cents>,
}

impl Serialize for InKind<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("InKind", 10)?;
        m.serialize_field("amount_eur", &self.amount.eur())?;
        m.serialize_field("cap_eur", &eur(self.cap))?;
        m.serialize_field(
            "remaining_eur",
            &self.cap.map(|c| Cents(c.0 - self.amount.0).eur()),
        )?;
        m.serialize_field("within", &self.within)?;
        m.serialize_field("cash_eur", &self.cash.eur())?;
        m.serialize_field("cash_cap_eur", &eur(self.cash_cap))?;
        m.serialize_field("cash_within", &self.cash_within)?;
        m.serialize_field("citation", self.citation)?;
        m.serialize_field("reason", &self.reason)?;
        m.serialize_field("policy", &PoliciesUsed(&self.policy))?;
        m.serialize_field("scheme", self.scheme.as_str())?;
        m.serialize_field("post_arrival_eur", &eur(self.post_arrival))?;
        m.end()
    }
}

/// Evaluates the in-kind and cash caps of the trajectory's support scheme (the NGO scheme when none is named).
/// A person of unknown age gets a cap only when the adult's and the minor's caps are equal (as in 2016: per
/// person). Only the NGO scheme has a cash part of its own; under IOM's and the EU programme's schemes a cash
/// amount has no cap here (its support on arrival is reported beside it).
pub fn in_kind<'p, R: Recorder<'p>>(f: &Facts, p: &PolicyAt<'p>, rec: &mut R, lang: Lang) -> InKind<'p> {
    let scheme = f.support_scheme.unwrap_or_default();
    let (adult, minor, arrival) = match scheme {
        SupportScheme::Ozv => (P::InKindMaxAdult, P::InKindMaxMinor, None),
        SupportScheme::IomAvrr => (
            P::IomAvrrInKindMaxAdult,
            P::IomAvrrInKindMaxMinor,
            Some(P::IomAvrrPostArrival),
        ),
        SupportScheme::Eurp => (
            P::EurpInKindMaxAdult,
            P::EurpInKindMaxMinor,
            Some(P::EurpPostArrival),
        ),
    };
    let adult = p.money(adult);
    let minor = p.money(minor);
    let post_arrival = arrival.and_then(|a| p.money(a).value);
    let cash = match scheme {
        SupportScheme::Ozv => p.money(P::CashMax),
        _ => crate::policy::Read {
            value: None,
            dated: None,
            param: P::CashMax,
        },
    };
    let chosen = match f.minor {
        Some(true) => minor,
        Some(false) => adult,
        None if adult.value == minor.value => adult,
        None => crate::policy::Read { value: None, ..adult },
    };
    let within = chosen.value.map(|c| f.in_kind_eur <= c);
    let cash_within = if f.cash_eur.0 == 0 {
        Some(true)
    } else {
        cash.value.map(|c| f.cash_eur <= c)
    };
    let m = match (chosen.value, within) {
        (Some(cap), Some(true)) => M::InKindWithin {
            amount: f.in_kind_eur,
            cap,
        },
        (Some(cap), _) => M::InKindOver {
            amount: f.in_kind_eur,
            cap,
        },
        (None, _) if f.minor.is_none() && (scheme == SupportScheme::Ozv || adult.value != minor.value) => {
            M::Unknown { fact: "minor" }
        }
        // In force, but the amount is not in the data (IOM's amounts have no known start date).
        (None, _) if scheme != SupportScheme::Ozv && chosen.dated.is_some() => M::SchemeAmountUnknown {
            scheme: scheme.as_str(),
        },
        (None, _) => M::NoRuleInForce,
    };
    let mut policy = PolicyRefs::new();
    if R::ON {
        let mut n = cited(
            lang,
            "in_kind_limit",
            chosen.dated,
            Outcome::Check(within),
            m.clone(),
        );
        n.facts.push(("in_kind_eur", F::Money(f.in_kind_eur)));
        n.facts.push(("cash_eur", F::Money(f.cash_eur)));
        n.facts.push(("minor", F::Bool(f.minor)));
        if f.support_scheme.is_some() {
            n.facts.push(("support_scheme", F::Text(scheme.as_str())));
        }
        if f.cash_eur.0 > 0
            && let Some(d) = cash.dated
        {
            n.policy.push(d);
        }
        policy = n.policy;
        rec.push(n);
    }
    InKind {
        amount: f.in_kind_eur,
        cap: chosen.value,
        within,
        cash: f.cash_eur,
        cash_cap: cash.value,
        cash_within,
        citation: chosen.citation(),
        reason: Msg::new(lang, m),
        policy,
        scheme,
        post_arrival,
    }
}

/// A requested financial hand-out and where it stands in the approval chain.
#[derive(Debug, Clone)]
pub struct Handreiking<'p> {
    /// The amount asked.
    pub amount: Cents,
    /// `regio` or `den_haag`; `None` when the threshold is not known.
    pub decided_by: Option<&'static str>,
    /// Who must sign (or decide).
    pub signatures: Vec<Role>,
    /// Who has signed (from the recorded decisions).
    pub signed: Vec<Role>,
    /// Whose signature is still awaited.
    pub awaiting: Vec<Role>,
    /// Signatures by someone who is not in the chain (not counted).
    pub wrong_signers: Vec<Role>,
    /// `awaiting`, `approved`, `refused` or `undetermined`.
    pub status: &'static str,
    /// The citation.
    pub citation: &'p str,
    /// Why.
    pub reason: Msg,
}

impl Serialize for Handreiking<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Handreiking", 9)?;
        m.serialize_field("amount_eur", &self.amount.eur())?;
        m.serialize_field("decided_by", &self.decided_by)?;
        m.serialize_field("signatures", &self.signatures)?;
        m.serialize_field("signed", &self.signed)?;
        m.serialize_field("awaiting", &self.awaiting)?;
        m.serialize_field("wrong_signers", &self.wrong_signers)?;
        m.serialize_field("status", self.status)?;
        m.serialize_field("citation", self.citation)?;
        m.serialize_field("reason", &self.reason)?;
        m.end()
    }
}

/// Where a hand-out of `amount` stands in the approval chain of policy `p`, given the hand-out decisions
/// taken (`decisions` of other kinds are ignored): who must sign, who has, who is awaited, who signed without
/// being in the chain. One implementation for the assessment and for the application's hand-out requests.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain<'p> {
    /// `regio` or `den_haag`; `None` when the threshold is not known.
    pub decided_by: Option<&'static str>,
    /// Who must sign (or decide), in the policy's order.
    pub signatures: Vec<Role>,
    /// Who has signed.
    pub signed: Vec<Role>,
    /// Whose signature is still awaited, in order.
    pub awaiting: Vec<Role>,
    /// Signatures by someone not in the chain (not counted).
    pub wrong_signers: Vec<Role>,
    /// `awaiting`, `approved`, `refused` or `undetermined`.
    pub status: &'static str,
    /// The rule of the chain that applies.
    pub dated: Option<&'p crate::policy::Dated>,
    /// The regional maximum's rule (cited beside the chain's).
    pub max_dated: Option<&'p crate::policy::Dated>,
}

impl<'p> Chain<'p> {
    /// The citation of the rule that applies.
    pub fn citation(&self) -> &'p str {
        self.dated
            .map_or(crate::policy::NO_RULE_IN_FORCE, |d| d.citation.as_str())
    }
}

fn chain_and_reason<'p, 'd>(
    amount: Cents,
    decisions: impl IntoIterator<Item = &'d crate::facts::Decision>,
    p: &PolicyAt<'p>,
) -> (Chain<'p>, M) {
    let max = p.money(P::HandreikingRegionalMax);
    let signers = p.roles(P::HandreikingRegionalSignatories);
    let (decided_by, signatures, m) = match (max.value, signers.value) {
        (Some(max), Some(s)) if amount <= max => {
            (Some("regio"), s.to_vec(), M::HandreikingRegio { amount, max })
        }
        (Some(max), _) if amount > max => (
            Some("den_haag"),
            vec![Role::DenHaag],
            M::HandreikingDenHaag { amount, max },
        ),
        _ => (None, Vec::new(), M::NoRuleInForce),
    };
    let mut signed: Vec<Role> = Vec::new();
    let mut wrong_signers: Vec<Role> = Vec::new();
    let mut refused = false;
    for d in decisions
        .into_iter()
        .filter(|d| d.decision == DecisionKind::Handreiking)
    {
        for r in &d.by {
            if !signatures.contains(r) {
                if !wrong_signers.contains(r) {
                    wrong_signers.push(*r);
                }
            } else if d.outcome == DecisionOutcome::Refused {
                refused = true;
            } else if !signed.contains(r) {
                signed.push(*r);
            }
        }
    }
    let awaiting: Vec<Role> = signatures
        .iter()
        .filter(|r| !signed.contains(r))
        .copied()
        .collect();
    let status = match (decided_by, refused, awaiting.is_empty()) {
        (None, _, _) => "undetermined",
        (Some(_), true, _) => "refused",
        (Some(_), false, true) => "approved",
        (Some(_), false, false) => "awaiting",
    };
    let dated = if decided_by == Some("regio") {
        signers.dated.or(max.dated)
    } else {
        max.dated
    };
    (
        Chain {
            decided_by,
            signatures,
            signed,
            awaiting,
            wrong_signers,
            status,
            dated,
            max_dated: max.dated,
        },
        m,
    )
}

/// The approval chain of a hand-out of `amount` under policy `p`, given the decisions taken.
pub fn chain<'p, 'd>(
    amount: Cents,
    decisions: impl IntoIterator<Item = &'d crate::facts::Decision>,
    p: &PolicyAt<'p>,
) -> Chain<'p> {
    chain_and_reason(amount, decisions, p).0
}

/// Evaluates the approval chain: up to and including the regional maximum the regional signatories sign;
/// above it Den Haag decides.
pub fn handreiking<'p, R: Recorder<'p>>(
    f: &Facts,
    p: &PolicyAt<'p>,
    rec: &mut R,
    lang: Lang,
) -> Option<Handreiking<'p>> {
    let amount = f.handreiking_eur?;
    let (
        Chain {
            decided_by,
            signatures,
            signed,
            awaiting,
            wrong_signers,
            status,
            dated: cite,
            max_dated,
        },
        m,
    ) = chain_and_reason(amount, &f.decisions, p);
    if R::ON {
        let mut n = cited(lang, "handreiking", cite, Outcome::Text(status), m.clone());
        n.facts.push(("handreiking_eur", F::Money(amount)));
        n.facts.push(("deportable", F::Bool(f.deportable)));
        if let Some(d) = max_dated
            && !n.policy.iter().any(|x| std::ptr::eq(*x, d))
        {
            n.policy.push(d);
        }
        rec.push(n);
    }
    Some(Handreiking {
        amount,
        decided_by,
        signatures,
        signed,
        awaiting,
        wrong_signers,
        status,
        citation: cite.map_or(crate::policy::NO_RULE_IN_FORCE, |d| d.citation.as_str()),
        reason: Msg::new(lang, m),
    })
}
