//! How close the client is to forced return ("van drang naar dwang"): after repeated refusal by a client who
//! does not cooperate, a deportable client is handed to the AVIM; for one who is not deportable, guidance
//! stops (domain.md, "Tipping point").

use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::deadlines::cited;
use crate::facts::Facts;
use crate::messages::{M, Msg};
use crate::policy::{ParamId as P, PolicyAt};
use crate::trace::{FactValue as F, Node, Outcome, PoliciesUsed, PolicyRefs, Recorder};
use crate::vocab::{Lang, Setting};

/// Where the case stands.
#[derive(Debug, Clone)]
pub struct TippingPoint<'p> {
    /// `voluntary`, `forced_return`, `guidance_stops`, `detained`, or `undetermined` (a needed fact is
    /// unknown).
    pub status: &'static str,
    /// Refusals so far.
    pub refusals: u32,
    /// Refusals at which the tipping point is reached (from the policy).
    pub threshold: Option<u32>,
    /// Refusals left before the tipping point, for a client who does not cooperate.
    pub refusals_remaining: Option<u32>,
    /// Whether the study's warning applies: the client does not cooperate and is one refusal away, or the
    /// country does not cooperate with forced return (then the tipping point comes quickly).
    pub near: bool,
    /// Whether the refusals alone reach the tipping point's count (whatever is unknown about cooperation
    /// or deportability): then only who takes over is open, not whether the point is reached by count.
    pub refusals_reached: bool,
    /// The citation.
    pub citation: &'p str,
    /// Why.
    pub reason: Msg,
    /// The policy values used.
    pub policy: PolicyRefs<'p>,
}

impl Serialize for TippingPoint<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("TippingPoint", 7)?;
        m.serialize_field("status", self.status)?;
        m.serialize_field("refusals", &self.refusals)?;
        m.serialize_field("threshold", &self.threshold)?;
        m.serialize_field("refusals_remaining", &self.refusals_remaining)?;
        m.serialize_field("near", &self.near)?;
        m.serialize_field("refusals_reached", &self.refusals_reached)?;
        m.serialize_field("citation", self.citation)?;
        m.serialize_field("reason", &self.reason)?;
        m.serialize_field("policy", &PoliciesUsed(&self.policy))?;
        m.end()
    }
}

/// Evaluates the tipping point.
pub fn evaluate<'p, R: Recorder<'p>>(
    f: &Facts,
    p: &PolicyAt<'p>,
    rec: &mut R,
    lang: Lang,
) -> TippingPoint<'p> {
    let threshold = p.int(P::TippingPointRefusals);
    let detention = p.dated(P::DetentionNoGuidance);
    let not_cooperating = f.cooperating.map(|c| !c);
    let (status, m, cite) = if f.setting == Setting::Bewaring {
        ("detained", M::Detained, detention)
    } else {
        match (f.cooperating, threshold.value) {
            (Some(true), _) => ("voluntary", M::Cooperating, threshold.dated),
            (_, None) => ("undetermined", M::NoRuleInForce, threshold.dated),
            (_, Some(t)) if f.refusals < t => (
                "voluntary",
                M::FewRefusals {
                    refusals: f.refusals,
                    threshold: t,
                },
                threshold.dated,
            ),
            (None, Some(t)) => (
                "undetermined",
                M::TippingCooperationUnknown {
                    refusals: f.refusals,
                    threshold: t,
                    deportable: f.deportable,
                },
                threshold.dated,
            ),
            (Some(false), Some(t)) => match f.deportable {
                Some(true) => (
                    "forced_return",
                    M::ForcedReturn {
                        refusals: f.refusals,
                        threshold: t,
                    },
                    threshold.dated,
                ),
                Some(false) => (
                    "guidance_stops",
                    M::GuidanceStops {
                        refusals: f.refusals,
                        threshold: t,
                        state_reception: f.setting.is_state_reception_with_term(),
                    },
                    threshold.dated,
                ),
                None => (
                    "undetermined",
                    M::TippingConsequenceUnknown {
                        refusals: f.refusals,
                        threshold: t,
                    },
                    threshold.dated,
                ),
            },
        }
    };
    let refusals_remaining = match (not_cooperating, threshold.value) {
        (Some(true), Some(t)) => Some(t.saturating_sub(f.refusals)),
        _ => None,
    };
    let near = status == "voluntary"
        && not_cooperating == Some(true)
        && (refusals_remaining == Some(1) || f.country_cooperates_with_forced_return == Some(false));
    let mut policy = PolicyRefs::new();
    if R::ON {
        let mut n: Node<'p> = cited(lang, "tipping_point", cite, Outcome::Text(status), m.clone());
        n.facts.push(("setting", F::Text(f.setting.as_str())));
        n.facts.push(("cooperating", F::Bool(f.cooperating)));
        n.facts.push(("refusals", F::Int(f.refusals)));
        n.facts.push(("deportable", F::Bool(f.deportable)));
        n.facts.push((
            "country_cooperates_with_forced_return",
            F::Bool(f.country_cooperates_with_forced_return),
        ));
        policy = n.policy;
        rec.push(n);
    }
    TippingPoint {
        status,
        refusals: f.refusals,
        threshold: threshold.value,
        refusals_remaining,
        near,
        refusals_reached: f.setting != Setting::Bewaring && threshold.value.is_some_and(|t| f.refusals >= t),
        citation: cite.map_or(crate::policy::NO_RULE_IN_FORCE, |d| d.citation.as_str()),
        reason: Msg::new(lang, m),
        policy,
    }
}
