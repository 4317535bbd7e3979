//! Who may decide what, within which limits. The engine never takes a discretionary decision: it says who
//! may take it and within which bounds, takes recorded decisions as facts (who, when, what), and until one
//! exists says whose decision is awaited.

use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::deadlines::Term;
use crate::facts::{Decision, DecisionKind, Facts};
use crate::messages::{M, Msg};
use crate::money::Handreiking;
use crate::policy::{Dated, ParamId as P, PolicyAt};
use crate::trace::{PoliciesUsed, PolicyRefs};
use crate::vocab::{Cents, Lang, Role, Setting};

/// Bounds on a decision, as far as the policy sets them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Limits {
    /// At most this many days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_days: Option<u32>,
    /// Only from this many days on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_days: Option<u32>,
    /// Up to and including this amount.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_eur")]
    pub max_eur: Option<Cents>,
    /// Only above this amount.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_eur")]
    pub above_eur: Option<Cents>,
}

fn ser_eur<S: serde::Serializer>(c: &Option<Cents>, s: S) -> Result<S::Ok, S::Error> {
    match c {
        Some(c) => s.serialize_f64(c.eur()),
        None => s.serialize_none(),
    }
}

/// One decision open in this case.
#[derive(Debug, Clone)]
pub struct Item<'p> {
    /// What is to be decided.
    pub decision: &'static str,
    /// Who decides (all of them).
    pub who: Vec<Role>,
    /// Within which bounds.
    pub limits: Limits,
    /// The citation.
    pub citation: &'p str,
    /// `open` (no decision recorded) or `decided`.
    pub status: &'static str,
    /// Whose decision is awaited while open.
    pub awaiting: Vec<Role>,
    /// The recorded decisions of this kind.
    pub decided: Vec<&'p Decision>,
    /// What it means, in words.
    pub explanation: Msg,
    /// Policy values used.
    pub policy: PolicyRefs<'p>,
}

impl Serialize for Item<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Discretion", 9)?;
        m.serialize_field("decision", self.decision)?;
        m.serialize_field("who", &self.who)?;
        m.serialize_field("limits", &self.limits)?;
        m.serialize_field("citation", self.citation)?;
        m.serialize_field("status", self.status)?;
        m.serialize_field("awaiting", &self.awaiting)?;
        m.serialize_field("decided", &self.decided)?;
        m.serialize_field("explanation", &self.explanation)?;
        m.serialize_field("policy", &PoliciesUsed(&self.policy))?;
        m.end()
    }
}

#[allow(clippy::too_many_arguments)] // one constructor for the five kinds of item; the call sites read as a table
fn item<'p>(
    f: &'p Facts,
    kind: Option<DecisionKind>,
    decision: &'static str,
    who: Vec<Role>,
    limits: Limits,
    cite: Option<&'p Dated>,
    extra: &[Option<&'p Dated>],
    explanation: Msg,
) -> Item<'p> {
    let decided: Vec<&Decision> = match kind {
        Some(k) => f.decisions.iter().filter(|d| d.decision == k).collect(),
        None => Vec::new(),
    };
    let status = if decided.is_empty() { "open" } else { "decided" };
    let awaiting = if decided.is_empty() {
        who.clone()
    } else {
        Vec::new()
    };
    let mut policy = PolicyRefs::new();
    for d in cite.into_iter().chain(extra.iter().flatten().copied()) {
        policy.push(d);
    }
    Item {
        decision,
        who,
        limits,
        citation: cite.map_or(crate::policy::NO_RULE_IN_FORCE, |d| d.citation.as_str()),
        status,
        awaiting,
        decided,
        explanation,
        policy,
    }
}

/// The decisions open in this case.
pub fn evaluate<'p>(
    f: &'p Facts,
    p: &PolicyAt<'p>,
    term: &Term,
    handreiking: Option<&Handreiking<'p>>,
    lang: Lang,
) -> Vec<Item<'p>> {
    let mut out = Vec::new();
    let active = f.departed_on.is_none() && f.setting != Setting::Bewaring;
    if active && term.start.is_some() {
        let max = p.int(P::TermExtensionMaxDays);
        let mut it = item(
            f,
            Some(DecisionKind::TermExtension),
            "term_extension",
            vec![Role::Regievoerder],
            Limits {
                max_days: max.value,
                ..Limits::default()
            },
            max.dated,
            &[],
            Msg::new(
                lang,
                M::DiscretionTermExtension {
                    max: max.value.unwrap_or(0),
                },
            ),
        );
        if f.term_extension_days > 0 {
            it.status = "decided";
            it.awaiting.clear();
        }
        out.push(it);
    }
    if active && f.setting.is_state_reception_with_term() {
        let own = p.int(P::StayExtensionOwnDiscretionDays);
        let body = p.text(P::LocalConsultationBody);
        let esc = p.text(P::EscalationBody);
        let own_days = own.value.unwrap_or(0);
        out.push(item(
            f,
            Some(DecisionKind::StayExtension),
            "stay_extension",
            vec![Role::Regievoerder, Role::Lto],
            Limits {
                max_days: own.value,
                ..Limits::default()
            },
            own.dated,
            &[body.dated],
            Msg::new(
                lang,
                M::DiscretionStayExtension {
                    days: own_days,
                    body: body.value.unwrap_or("LTO").to_owned(),
                    azc: f.setting == Setting::Azc,
                },
            ),
        ));
        let mut beyond = item(
            f,
            None,
            "stay_extension_beyond",
            vec![Role::Rao],
            Limits {
                min_days: own.value.map(|d| d + 1),
                ..Limits::default()
            },
            esc.dated,
            &[own.dated],
            Msg::new(
                lang,
                M::DiscretionBeyond {
                    days: own_days,
                    body: esc.value.unwrap_or("RAO").to_owned(),
                },
            ),
        );
        // The RAO's agreement shows as a stay-extension decision that it took part in.
        beyond.decided = f
            .decisions
            .iter()
            .filter(|d| d.decision == DecisionKind::StayExtension && d.by.contains(&Role::Rao))
            .collect();
        if !beyond.decided.is_empty() {
            beyond.status = "decided";
            beyond.awaiting.clear();
        }
        out.push(beyond);
    }
    if active
        && matches!(
            f.setting,
            Setting::Noodopvang | Setting::Elders | Setting::Gezinslocatie
        )
    {
        let rule = p.dated(P::OutsideReceptionTime);
        out.push(item(
            f,
            None,
            "guidance_time",
            vec![Role::Regievoerder],
            Limits::default(),
            rule,
            &[],
            Msg::new(
                lang,
                M::DiscretionGuidanceTime {
                    setting: f.setting.as_str(),
                },
            ),
        ));
    }
    if let Some(h) = handreiking {
        let max = p.money(P::HandreikingRegionalMax);
        let limits = match h.decided_by {
            Some("regio") => Limits {
                max_eur: max.value,
                ..Limits::default()
            },
            _ => Limits {
                above_eur: max.value,
                ..Limits::default()
            },
        };
        let mut it = item(
            f,
            Some(DecisionKind::Handreiking),
            "handreiking",
            h.signatures.clone(),
            limits,
            max.dated,
            &[p.dated(P::HandreikingRegionalSignatories)],
            h.reason.clone(),
        );
        it.citation = h.citation;
        it.awaiting.clone_from(&h.awaiting);
        it.status = if h.status == "awaiting" || h.status == "undetermined" {
            "open"
        } else {
            "decided"
        };
        out.push(it);
    }
    out
}
