//! The whole assessment of one case: eligibility, deadlines, discretion, tipping point, money, monitoring and
//! warnings, each with its cited trace, and a receipt that lets a stored result be re-checked later.

use serde::Serialize;
use serde::ser::SerializeStruct;
use sha2::{Digest, Sha256};

use crate::date::Date;
use crate::deadlines::{self, Others, Term};
use crate::discretion::{self, Item};
use crate::eligibility::{self, Verdict};
use crate::facts::Facts;
use crate::messages::{M, Msg};
use crate::money::{self, Handreiking, InKind};
use crate::monitoring::{self, Monitoring};
use crate::policy::{Dated, NotInForce, ParamId as P, Policy, PolicyAt};
use crate::tipping_point::{self, TippingPoint};
use crate::trace::{DecidedBy, NoTrace, Node};
use crate::vocab::{Lang, Setting};

/// The engine's version, part of every receipt.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A warning: something to watch out for.
#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    /// Stable code (contract: `planned_departure_after_support_end`, `in_kind_over_limit`,
    /// `no_guidance_in_detention`, and more).
    pub code: &'static str,
    /// What it means.
    pub message: Msg,
}

/// What was assessed, under what, by what: enough to re-check a stored result.
#[derive(Debug, Clone, Serialize)]
pub struct Receipt<'p> {
    /// The engine version.
    pub engine_version: &'static str,
    /// SHA-256 of the policy files.
    pub policy_hash: &'p str,
    /// The policy version applied.
    pub policy_version: Date,
    /// The assessment date.
    pub as_of: Date,
    /// SHA-256 of the facts as parsed (canonical JSON).
    pub facts_hash: String,
}

/// The assessment of one case.
#[derive(Debug, Clone)]
pub struct Assessment<'p> {
    /// The assessment date.
    pub as_of: Date,
    /// The policy version applied.
    pub policy_version: Date,
    /// The subsidy scheme in force.
    pub scheme: Option<&'p str>,
    /// The eligibility verdict.
    pub eligibility: Verdict,
    /// One node per threshold, in contract order.
    pub checks: Vec<Node<'p>>,
    /// The departure term.
    pub term: Term,
    /// The other deadlines.
    pub others: Others,
    /// The deadline trace.
    pub deadline_trace: Vec<Node<'p>>,
    /// Open decisions.
    pub discretion: Vec<Item<'p>>,
    /// The tipping point.
    pub tipping_point: TippingPoint<'p>,
    /// The hand-out, if requested.
    pub handreiking: Option<Handreiking<'p>>,
    /// The in-kind limit.
    pub in_kind: InKind<'p>,
    /// Monitoring, after departure.
    pub monitoring: Option<Monitoring<'p>>,
    /// Warnings.
    pub warnings: Vec<Warning>,
    /// The trace of the tipping point, hand-out, in-kind limit and monitoring.
    pub trace: Vec<Node<'p>>,
    /// The receipt.
    pub receipt: Receipt<'p>,
    /// The language of the messages.
    pub lang: Lang,
}

/// The fast answer of the batch path: eligibility and the departure deadline, from the same rule code as
/// the full assessment, without any trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Core {
    /// Eligible, not, or undetermined.
    pub eligible: Option<bool>,
    /// The failed thresholds.
    pub failed: eligibility::Set,
    /// The last day of the departure term.
    pub departure_term_end: Option<Date>,
}

/// Eligibility and the departure deadline only, without trace.
#[inline]
pub fn core(f: &Facts, p: &PolicyAt<'_>) -> Core {
    let v = eligibility::evaluate(f, p, &mut NoTrace, Lang::Nl);
    let t = deadlines::term(f, p, &mut NoTrace, Lang::Nl);
    Core {
        eligible: v.eligible,
        failed: v.failed,
        departure_term_end: t.end,
    }
}

/// Assesses one case under the policy in force on its `as_of`.
pub fn assess<'p>(f: &'p Facts, policy: &'p Policy, lang: Lang) -> Result<Assessment<'p>, NotInForce> {
    let p = policy.at(f.as_of)?;
    Ok(assess_at(f, &p, lang))
}

/// Assesses one case under an already resolved policy (which must be resolved on `f.as_of`; callers that
/// stream many cases keep the last resolution while `as_of` stays the same).
pub fn assess_at<'p>(f: &'p Facts, p: &PolicyAt<'p>, lang: Lang) -> Assessment<'p> {
    let mut checks = Vec::with_capacity(8);
    let eligibility = eligibility::evaluate(f, p, &mut checks, lang);
    let mut deadline_trace = Vec::with_capacity(4);
    let term = deadlines::term(f, p, &mut deadline_trace, lang);
    let others = deadlines::others(f, p, &term, &mut deadline_trace, lang);
    let mut trace: Vec<Node<'p>> = Vec::with_capacity(4);
    let tipping_point = tipping_point::evaluate(f, p, &mut trace, lang);
    let handreiking = money::handreiking(f, p, &mut trace, lang);
    let in_kind = money::in_kind(f, p, &mut trace, lang);
    let monitoring = monitoring::evaluate(f, p, &mut trace, lang);
    let discretion = discretion::evaluate(f, p, &term, handreiking.as_ref(), lang);
    let mut warnings = warnings(
        f,
        p,
        &eligibility,
        &term,
        &others,
        &tipping_point,
        handreiking.as_ref(),
        &in_kind,
        lang,
    );
    changed_after_verification(f, &checks, lang, &mut warnings);
    let receipt = Receipt {
        engine_version: ENGINE_VERSION,
        policy_hash: p.policy.hash(),
        policy_version: p.version,
        as_of: f.as_of,
        facts_hash: facts_hash(f),
    };
    Assessment {
        as_of: f.as_of,
        policy_version: p.version,
        scheme: p.text(P::SubsidyScheme).value,
        eligibility,
        checks,
        term,
        others,
        deadline_trace,
        discretion,
        tipping_point,
        handreiking,
        in_kind,
        monitoring,
        warnings,
        trace,
        receipt,
        lang,
    }
}

/// SHA-256 (hex) of the facts' canonical encoding: a fixed binary layout, field by field in the contract's
/// order (version byte 1; dates as day numbers, little-endian i32 behind a presence byte; booleans 0 false,
/// 1 true, 2 unknown; enums by index; amounts as cents, little-endian i64; decisions counted). Two inputs that
/// parse to the same facts hash alike, whatever their spelling, key order or whitespace.
pub fn facts_hash(f: &Facts) -> String {
    crate::policy::load::hex(&Sha256::digest(canonical(f)))
}

fn canonical(f: &Facts) -> Vec<u8> {
    let mut b: Vec<u8> = Vec::with_capacity(128);
    let date = |b: &mut Vec<u8>, d: Option<Date>| match d {
        Some(d) => {
            b.push(1);
            b.extend_from_slice(&d.day_number().to_le_bytes());
        }
        None => b.push(0),
    };
    let known = |b: &mut Vec<u8>, k: Option<bool>| {
        b.push(match k {
            Some(false) => 0,
            Some(true) => 1,
            None => 2,
        })
    };
    b.push(1);
    b.extend_from_slice(&f.as_of.day_number().to_le_bytes());
    b.extend_from_slice(&f.country.bytes());
    known(&mut b, f.dublin_claimant);
    date(&mut b, f.asylum_rejected_on);
    match f.appeal {
        Some(a) => {
            b.push(1);
            b.extend_from_slice(&a.lodged_on.day_number().to_le_bytes());
            date(&mut b, a.finally_rejected_on);
        }
        None => b.push(0),
    }
    b.push(f.procedure_type.map_or(0, |p| p as u8 + 1));
    known(&mut b, f.other_procedure_pending);
    known(&mut b, f.criminal_record);
    b.push(f.entry_ban.map_or(0, |e| e as u8 + 1));
    known(&mut b, f.article_1f);
    date(&mut b, f.previously_supported_on);
    known(&mut b, f.currently_participating);
    b.push(f.setting as u8);
    date(&mut b, f.vbl_since);
    b.extend_from_slice(&f.term_extension_days.to_le_bytes());
    known(&mut b, f.medical_impediment);
    known(&mut b, f.cooperating);
    b.extend_from_slice(&f.refusals.to_le_bytes());
    known(&mut b, f.deportable);
    known(&mut b, f.country_cooperates_with_forced_return);
    known(&mut b, f.has_travel_documents);
    date(&mut b, f.planned_departure_on);
    b.extend_from_slice(&f.in_kind_eur.0.to_le_bytes());
    b.extend_from_slice(&f.cash_eur.0.to_le_bytes());
    known(&mut b, f.minor);
    match f.handreiking_eur {
        Some(c) => {
            b.push(1);
            b.extend_from_slice(&c.0.to_le_bytes());
        }
        None => b.push(0),
    }
    date(&mut b, f.departed_on);
    b.extend_from_slice(&(f.decisions.len() as u32).to_le_bytes());
    for d in &f.decisions {
        b.push(d.decision as u8);
        b.push(d.by.len() as u8);
        b.extend(d.by.iter().map(|r| *r as u8));
        b.extend_from_slice(&d.on.day_number().to_le_bytes());
        b.push(d.outcome as u8);
        match d.days {
            Some(n) => {
                b.push(1);
                b.extend_from_slice(&n.to_le_bytes());
            }
            None => b.push(0),
        }
    }
    // Extensions, appended only when present so that every earlier case keeps its hash. The border track's
    // return decision and voluntary-departure period (marked by byte 3):
    if f.return_decision_on.is_some() || f.voluntary_departure_days.is_some() {
        b.push(3);
        date(&mut b, f.return_decision_on);
        match f.voluntary_departure_days {
            Some(n) => {
                b.push(1);
                b.extend_from_slice(&n.to_le_bytes());
            }
            None => b.push(0),
        }
    }
    // The support scheme, when one is named (byte 4).
    if let Some(scheme) = f.support_scheme {
        b.push(4);
        b.push(scheme as u8);
    }
    // DT&V's answer
    // (version byte 2 marks it), its day, who, each threshold's verdict, and the facts it saw.
    if let Some(v) = &f.verification {
        b.push(2);
        b.extend_from_slice(&v.decided_on.day_number().to_le_bytes());
        let by = v.by.trim().as_bytes();
        b.extend_from_slice(&(by.len() as u32).to_le_bytes());
        b.extend_from_slice(by);
        for t in crate::eligibility::Threshold::ALL {
            known(&mut b, v.verdicts.get(t));
        }
        let seen = serde_json::to_vec(&v.seen).unwrap_or_default();
        b.extend_from_slice(&(seen.len() as u32).to_le_bytes());
        b.extend_from_slice(&seen);
    }
    b
}

/// "Gewijzigd na verificatie": a threshold DT&V decided whose facts differ now from those DT&V saw (as
/// the caller recorded them in `verification.seen`). DT&V's verdict stands; the warning says it rests on
/// facts that have changed since.
fn changed_after_verification(f: &Facts, checks: &[Node<'_>], lang: Lang, w: &mut Vec<Warning>) {
    let Some(v) = &f.verification else { return };
    for n in checks.iter().filter(|n| n.decided_by == DecidedBy::Dtv) {
        let changed = n.facts.iter().any(|(k, now)| {
            v.seen
                .get(*k)
                .is_some_and(|then| serde_json::to_value(now).ok().as_ref() != Some(then))
        });
        if changed {
            w.push(Warning {
                code: "changed_after_verification",
                message: Msg::new(
                    lang,
                    M::WarnChangedAfterVerification {
                        threshold: n.rule,
                        on: v.decided_on,
                    },
                ),
            });
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn warnings(
    f: &Facts,
    p: &PolicyAt<'_>,
    v: &Verdict,
    term: &Term,
    others: &Others,
    tp: &TippingPoint<'_>,
    h: Option<&Handreiking<'_>>,
    ik: &InKind<'_>,
    lang: Lang,
) -> Vec<Warning> {
    let mut w = Vec::new();
    let mut push = |code: &'static str, m: M| {
        w.push(Warning {
            code,
            message: Msg::new(lang, m),
        })
    };
    let departed = f.departed_on.is_some();
    if f.setting == Setting::Bewaring {
        push("no_guidance_in_detention", M::Detained);
        if let Some(started) = f.trajectory_started_on.filter(|_| !departed) {
            push(
                "trajectory_suspended_in_detention",
                M::WarnTrajectorySuspended {
                    started,
                    since: f.detained_since,
                },
            );
        }
    }
    if let (Some(planned), Some(end)) = (f.planned_departure_on, others.support_in_nl_end)
        && planned > end
    {
        push(
            "planned_departure_after_support_end",
            M::WarnPlannedAfterSupportEnd { planned, end },
        );
    }
    // Said once: when the fit of the departure already warns (it measures against the term too), the plain
    // "after the term" would repeat it.
    let fit_warns = matches!(others.departure_fit, "does_not_fit" | "needs_own_discretion");
    if let (Some(planned), Some(end)) = (f.planned_departure_on, term.end)
        && planned > end
        && !departed
        && !fit_warns
    {
        push(
            "planned_departure_after_term_end",
            M::WarnPlannedAfterTermEnd { planned, end },
        );
    }
    if let Some(end) = term.end
        && f.as_of > end
        && !departed
    {
        push("departure_term_expired", M::WarnTermExpired { end });
    }
    if let (Some(planned), Some(end)) = (f.planned_departure_on, others.departure_limit) {
        match others.departure_fit {
            "does_not_fit" => push(
                "departure_does_not_fit",
                M::WarnDepartureDoesNotFit { planned, end },
            ),
            "needs_own_discretion" => push(
                "departure_needs_own_discretion",
                M::WarnDepartureNeedsOwnDiscretion { planned, end },
            ),
            _ => {}
        }
    }
    if let Some(end) = others.reception_end
        && f.as_of > end
        && !departed
    {
        push("reception_ended", M::WarnReceptionEnded { end });
    }
    if let (Some(cap), Some(false)) = (ik.cap, ik.within) {
        push(
            "in_kind_over_limit",
            M::InKindOver {
                amount: ik.amount,
                cap,
            },
        );
    }
    match (ik.cash_cap, ik.cash_within) {
        (Some(cap), Some(false)) => push("cash_over_limit", M::WarnCashOver { cash: ik.cash, cap }),
        (None, None) => push("cash_cap_unknown", M::WarnCashCapUnknown { cash: ik.cash }),
        _ => {}
    }
    if tp.near {
        push(
            "tipping_point_near",
            M::WarnTippingPointNear {
                remaining: tp.refusals_remaining,
                country_uncooperative: f.country_cooperates_with_forced_return == Some(false),
            },
        );
    }
    if term.extension_capped {
        let max = p.int(P::TermExtensionMaxDays).value.unwrap_or(0);
        push(
            "term_extension_capped",
            M::WarnExtensionCapped {
                asked: f.term_extension_days,
                max,
            },
        );
    }
    if f.term_extension_days > 0 && f.has_travel_documents == Some(false) {
        push(
            "term_extension_without_documents",
            M::WarnExtensionWithoutDocuments,
        );
    }
    if f.term_extension_days > 0
        && let Some(note) = p.dated(P::TermExtensionMaxDays).and_then(|d| d.note.clone())
    {
        push("stale_cross_reference", M::WarnStaleReference { note });
    }
    if term.suspension_undetermined {
        push("appeal_suspension_undetermined", M::SuspensionUndetermined);
    }
    if let Some((days, max)) = others.voluntary_departure_over {
        push(
            "voluntary_departure_over_max",
            M::WarnVoluntaryDepartureOver { days, max },
        );
    }
    if let Some(end) = others.voluntary_departure_end
        && f.as_of > end
        && !departed
    {
        push(
            "voluntary_departure_ended",
            M::WarnVoluntaryDepartureEnded { end },
        );
    }
    if v.undetermined.contains(eligibility::Threshold::ExcludedCountry) {
        push(
            "country_list_missing",
            if v.indicated.contains(eligibility::Threshold::ExcludedCountry) {
                M::WarnCountryIndicated
            } else {
                M::CountryListUnknown { country: f.country }
            },
        );
    }
    for &i in &others.unauthorised_decisions {
        let days = f.decisions.get(i).and_then(|d| d.days).unwrap_or(0);
        push(
            "decision_not_authorised",
            M::WarnDecisionNotAuthorised { index: i, days },
        );
    }
    if let Some(h) = h {
        for r in &h.wrong_signers {
            push(
                "signature_by_wrong_role",
                M::WarnSignatureByWrongRole { role: r.as_str() },
            );
        }
        if f.deportable == Some(true) {
            push("handreiking_unlikely_deportable", M::WarnHandreikingDeportable);
        }
    }
    w
}

impl<'p> Assessment<'p> {
    /// Every policy value the assessment used, each once, in order of first use.
    pub fn policy_used(&self) -> Vec<&'p Dated> {
        let mut out: Vec<&'p Dated> = Vec::with_capacity(32);
        // A bit set over the values' ordinals; a (rare) policy with more values than bits falls back to a scan.
        let mut seen = [0u64; 4];
        let nodes = self.checks.iter().chain(&self.deadline_trace).chain(&self.trace);
        let lists = nodes
            .map(|n| &n.policy)
            .chain(self.discretion.iter().map(|d| &d.policy));
        for list in lists {
            for &d in list.iter() {
                let (w, b) = (d.ordinal / 64, d.ordinal % 64);
                let new = match seen.get_mut(w) {
                    Some(word) if *word & (1 << b) != 0 => false,
                    Some(word) => {
                        *word |= 1 << b;
                        true
                    }
                    None => !out.iter().any(|u| std::ptr::eq(*u, d)),
                };
                if new {
                    out.push(d);
                }
            }
        }
        out
    }
}

struct PolicyTable<'p>(Vec<&'p Dated>);

impl Serialize for PolicyTable<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|d| crate::trace::PolicyUsed(d)))
    }
}

struct Ids(eligibility::Set);

impl Serialize for Ids {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(eligibility::Threshold::id))
    }
}

struct EligibilityOut<'a, 'p>(&'a Assessment<'p>);

impl Serialize for EligibilityOut<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.0;
        let mut m = s.serialize_struct("Eligibility", 5)?;
        m.serialize_field("eligible", &a.eligibility.eligible)?;
        m.serialize_field("failed", &Ids(a.eligibility.failed))?;
        m.serialize_field("undetermined", &Ids(a.eligibility.undetermined))?;
        m.serialize_field("indication", &a.eligibility.indication)?;
        m.serialize_field("indicated", &Ids(a.eligibility.indicated))?;
        m.serialize_field("decided_by_dtv", &Ids(a.eligibility.by_dtv))?;
        m.serialize_field("source", a.eligibility.source())?;
        m.serialize_field("scheme", &a.scheme)?;
        m.serialize_field("checks", &a.checks)?;
        m.end()
    }
}

struct DeadlinesOut<'a, 'p>(&'a Assessment<'p>);

impl Serialize for DeadlinesOut<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.0;
        let mut m = s.serialize_struct("Deadlines", 9)?;
        m.serialize_field("term_start", &a.term.start)?;
        m.serialize_field("departure_term_end", &a.term.end)?;
        m.serialize_field("departure_term_end_unadjusted", &a.term.end_unadjusted)?;
        m.serialize_field("atw_shifted", &(a.term.end != a.term.end_unadjusted))?;
        m.serialize_field("term_extension_days_applied", &a.term.extension_days)?;
        m.serialize_field("reception_end", &a.others.reception_end)?;
        m.serialize_field("support_in_nl_end", &a.others.support_in_nl_end)?;
        m.serialize_field("track", a.track())?;
        m.serialize_field("border_window_end", &a.others.border_window_end)?;
        m.serialize_field("voluntary_departure_end", &a.others.voluntary_departure_end)?;
        m.serialize_field("undetermined", &a.undetermined_deadlines())?;
        m.serialize_field("trace", &a.deadline_trace)?;
        m.end()
    }
}

impl Assessment<'_> {
    /// `regular`, or `border` (a rejection in the asylum border procedure from 2026-06-12).
    pub fn track(&self) -> &'static str {
        if self.term.border { "border" } else { "regular" }
    }

    /// The deadlines that could not be computed for want of a fact.
    pub fn undetermined_deadlines(&self) -> Vec<&'static str> {
        let mut u = Vec::new();
        if self.term.suspension_undetermined {
            u.push("term_start");
        }
        if self.term.border && self.others.voluntary_departure_end.is_none() {
            u.push("voluntary_departure_end");
        }
        u
    }
}

impl Serialize for Assessment<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Assessment", 14)?;
        m.serialize_field("as_of", &self.as_of)?;
        m.serialize_field("policy_version", &self.policy_version)?;
        m.serialize_field("eligibility", &EligibilityOut(self))?;
        m.serialize_field("deadlines", &DeadlinesOut(self))?;
        m.serialize_field("discretion", &self.discretion)?;
        m.serialize_field("tipping_point", &self.tipping_point)?;
        m.serialize_field("handreiking", &self.handreiking)?;
        m.serialize_field("in_kind", &self.in_kind)?;
        m.serialize_field("monitoring", &self.monitoring)?;
        m.serialize_field("warnings", &self.warnings)?;
        m.serialize_field("trace", &self.trace)?;
        m.serialize_field("policy_used", &PolicyTable(self.policy_used()))?;
        m.serialize_field("receipt", &self.receipt)?;
        m.end()
    }
}
