//! Which deadlines bind the trajectory: the start and end of the departure term (with the Algemene
//! termijnenwet where the policy applies it), the end of reception, and the end of the Dutch part of an
//! in-kind trajectory.

use serde::Serialize;

use crate::date::Date;
use crate::facts::{DecisionKind, DecisionOutcome, Facts};
use crate::messages::{M, Msg};
use crate::policy::{Dated, ParamId as P, PolicyAt, Value};
use crate::trace::{FactValue as F, Few, Node, Outcome, Recorder, used};
use crate::vocab::{Lang, ProcedureType, Role, Setting};

/// The departure term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Term {
    /// The day the term starts running; `None` without a return decision, while a suspensive appeal is
    /// pending, or when suspension cannot be decided.
    pub start: Option<Date>,
    /// The last day departure is on time.
    pub end: Option<Date>,
    /// The end before the Algemene termijnenwet moved it (equal to `end` when it did not move).
    pub end_unadjusted: Option<Date>,
    /// Whether suspension by the appeal could not be decided (procedure type unknown from 2026-06-12).
    pub suspension_undetermined: bool,
    /// The extension applied (capped).
    pub extension_days: u32,
    /// Whether the extension asked for exceeded the cap.
    pub extension_capped: bool,
    /// The border track (from 2026-06-12): the rejection was taken in the asylum border procedure, so it is
    /// no return decision and the art. 62 term does not run; the return border procedure's dates apply.
    pub border: bool,
}

/// Computes the start and end of the departure term.
pub fn term<'p, R: Recorder<'p>>(f: &Facts, p: &PolicyAt<'p>, rec: &mut R, lang: Lang) -> Term {
    let start_rule = p.dated(P::TermStartRule);
    let mut suspension_undetermined = false;
    let mut susp_used: [Option<&'p Dated>; 2] = [None, None];

    // The outcome first; the words only when a trace is kept (the batch path builds no message).
    #[derive(Clone, Copy)]
    enum Why {
        NoDecision,
        FromRejection,
        FromFinal,
        Suspended,
        NotSuspended,
        Undetermined,
        Border,
    }
    // The border track, by the law in force on the day of the rejection.
    let border_rule = match (f.asylum_rejected_on, f.procedure_type) {
        (Some(on), Some(ProcedureType::Border)) => p
            .policy
            .param(P::BorderRejectionNotReturnDecision)
            .at(on.max(p.policy.start()))
            .filter(|d| matches!(d.value, Some(Value::Bool(true)))),
        _ => None,
    };
    let border = border_rule.is_some();
    let (start, why) = match (f.asylum_rejected_on, f.appeal) {
        (None, _) => (None, Why::NoDecision),
        (Some(_), _) if border => (None, Why::Border),
        (Some(on), None) => (Some(on), Why::FromRejection),
        (Some(on), Some(appeal)) => {
            // Whether an appeal suspends is governed by the law in force when the decision was taken; a
            // decision older than the policy is read under its first version.
            let day = on.max(p.policy.start());
            let mode = p.policy.param(P::AppealSuspension).at(day);
            let non_susp = p.policy.param(P::NonSuspensiveProcedures).at(day);
            susp_used = [mode, non_susp];
            let suspensive: Option<bool> = match mode.and_then(|d| d.value.as_ref()) {
                Some(Value::Text(t)) if t == "always" => Some(true),
                Some(Value::Text(_)) => match (f.procedure_type, non_susp.and_then(|d| d.value.as_ref())) {
                    (Some(pt), Some(Value::Procedures(list))) => Some(!list.contains(&pt)),
                    _ => None,
                },
                _ => None,
            };
            match (suspensive, appeal.finally_rejected_on) {
                (Some(true), Some(fin)) => (Some(fin), Why::FromFinal),
                (Some(true), None) => (None, Why::Suspended),
                (Some(false), _) => (Some(on), Why::NotSuspended),
                (None, _) => {
                    suspension_undetermined = true;
                    (None, Why::Undetermined)
                }
            }
        }
    };
    if R::ON {
        let on = f.asylum_rejected_on.unwrap_or(p.day);
        let msg = match why {
            Why::NoDecision => M::NoReturnDecision,
            Why::FromRejection => M::TermFromRejection { on },
            Why::FromFinal => M::TermFromFinalJudgment {
                on: start.unwrap_or(on),
            },
            Why::Suspended => M::TermSuspended {
                lodged_on: f.appeal.map_or(on, |a| a.lodged_on),
            },
            Why::NotSuspended => M::TermNotSuspended {
                on,
                procedure: f.procedure_type.map_or("?", ProcedureType::as_str),
            },
            Why::Undetermined => M::SuspensionUndetermined,
            Why::Border => M::BorderNoReturnDecision { on },
        };
        let rule = if border { border_rule } else { start_rule };
        let mut n = cited(lang, "term_start", rule, Outcome::Date(start), msg);
        n.facts
            .push(("asylum_rejected_on", F::Date(f.asylum_rejected_on)));
        if border {
            n.facts
                .push(("procedure_type", F::Text(ProcedureType::Border.as_str())));
        }
        if let Some(a) = f.appeal {
            n.facts.push(("appeal.lodged_on", F::Date(Some(a.lodged_on))));
            n.facts
                .push(("appeal.finally_rejected_on", F::Date(a.finally_rejected_on)));
            n.facts.push((
                "procedure_type",
                f.procedure_type.map_or(F::Bool(None), |t| F::Text(t.as_str())),
            ));
        }
        for d in susp_used {
            used(&mut n.policy, d);
        }
        rec.push(n);
    }

    let days = p.int(P::DepartureTermDays);
    let max_ext = p.int(P::TermExtensionMaxDays);
    let extension_days = match max_ext.value {
        Some(m) => f.term_extension_days.min(m),
        None => f.term_extension_days,
    };
    let extension_capped = extension_days < f.term_extension_days;
    let atw = p.flag(P::AtwApplies);
    let atw_max = p.int(P::AtwMaxTermDays);
    let holidays = p.holidays(P::AtwHolidays);

    let mut atw_applied = false;
    let (end, end_unadjusted) = match (start, days.value) {
        (None, _) | (Some(_), None) => (None, None),
        (Some(s), Some(d)) => {
            let raw = s.add_days(d as i32 + extension_days as i32);
            // The Atw reaches only the term set by statute: not one extended by decision (art. 6.3 VV is a
            // ministerial regulation, and a date set by decision is no statutory term; Atw art. 5).
            let statutory = extension_days == 0 && atw_max.value.is_some_and(|m| d <= m);
            match (atw.value, holidays.value) {
                (Some(true), Some(h)) if statutory => {
                    atw_applied = true;
                    (Some(h.next_working_day(raw)), Some(raw))
                }
                _ => (Some(raw), Some(raw)),
            }
        }
    };
    if R::ON {
        let msg = match (start, days.value, end, end_unadjusted) {
            (Some(s), Some(d), Some(end), Some(raw)) if atw_applied && end == raw => M::TermEndAtwNoShift {
                start: s,
                days: d,
                end,
            },
            (Some(s), Some(d), Some(end), Some(raw)) if atw_applied => M::TermEndAtwShift {
                start: s,
                days: d,
                raw,
                end,
            },
            (Some(s), Some(d), Some(end), _) => M::TermEnd {
                start: s,
                days: d,
                extension: extension_days,
                end,
            },
            (Some(_), None, ..) => M::NoRuleInForce,
            _ => M::NoTermEnd,
        };
        let mut n = cited(lang, "departure_term_end", days.dated, Outcome::Date(end), msg);
        n.facts
            .push(("term_extension_days", F::Int(f.term_extension_days)));
        used(&mut n.policy, max_ext.dated);
        if start.is_some() {
            used(&mut n.policy, atw.dated);
            if atw.value == Some(true) && extension_days == 0 {
                used(&mut n.policy, atw_max.dated);
                used(&mut n.policy, holidays.dated);
            }
        }
        rec.push(n);
    }

    Term {
        start,
        end,
        end_unadjusted,
        suspension_undetermined,
        extension_days,
        extension_capped,
        border,
    }
}

/// The other deadlines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Others {
    /// End of reception, where a term ends it.
    pub reception_end: Option<Date>,
    /// End of the Dutch part of an in-kind trajectory.
    pub support_in_nl_end: Option<Date>,
    /// Stay-extension days applied (only those decided by who may decide them).
    pub stay_extension_days: u32,
    /// Stay-extension decisions not applied because the wrong body took them (index into `decisions`).
    pub unauthorised_decisions: Vec<usize>,
    /// Border track: the last day of the return border procedure's window (at most 12 weeks).
    pub border_window_end: Option<Date>,
    /// Border track: the last day of the voluntary-departure period given in the return decision.
    pub voluntary_departure_end: Option<Date>,
    /// Border track: the period given exceeds the maximum in force (days given, maximum).
    pub voluntary_departure_over: Option<(u32, u32)>,
    /// Whether the planned departure fits the time the client has (study §5.4): `fits`,
    /// `needs_own_discretion` (only with the regievoerder's own extension of the AZC stay), `does_not_fit`,
    /// `unknown`, or `not_applicable` (no plan, departed, or detained).
    pub departure_fit: &'static str,
    /// The last day the planned departure is measured against (term or reception, extensions included).
    pub departure_limit: Option<Date>,
}

/// Computes reception end and the end of the Dutch part of the trajectory.
pub fn others<'p, R: Recorder<'p>>(
    f: &Facts,
    p: &PolicyAt<'p>,
    term: &Term,
    rec: &mut R,
    lang: Lang,
) -> Others {
    let own = p.int(P::StayExtensionOwnDiscretionDays);
    let (stay_extension_days, unauthorised_decisions) = stay_extensions(f, own.value);
    let detention_extra = p.int(P::DetentionExtensionMonths);

    let (reception_end, msg, rule) = match f.setting {
        Setting::Azc => {
            let rule = p.dated(P::ReceptionEndsWithTerm);
            match (f.medical_impediment, term.end) {
                (Some(true), _) => (None, M::ReceptionMedical, p.dated(P::MedicalReception)),
                (None, _) => (
                    None,
                    M::Unknown {
                        fact: "medical_impediment",
                    },
                    p.dated(P::MedicalReception),
                ),
                (Some(false), Some(end)) => {
                    let e = end.add_days(stay_extension_days as i32);
                    (
                        Some(e),
                        M::ReceptionAzc {
                            end: e,
                            extension: stay_extension_days,
                        },
                        rule,
                    )
                }
                (Some(false), None) => (None, M::NoTermEnd, rule),
            }
        }
        Setting::Vbl => {
            let weeks = p.int(P::VblWeeks);
            match (f.vbl_since, weeks.value) {
                (Some(since), Some(w)) => {
                    let e = since.add_weeks(w as i32).add_days(stay_extension_days as i32);
                    (
                        Some(e),
                        M::ReceptionVbl {
                            since,
                            weeks: w,
                            extension: stay_extension_days,
                            end: e,
                        },
                        weeks.dated,
                    )
                }
                _ => (None, M::NoRuleInForce, weeks.dated),
            }
        }
        // Detention is no reception: its own regime binds (art. 59 Vw), not the LVV's open time.
        Setting::Bewaring => {
            let max = p.int(P::DetentionMaxMonths);
            let msg = match (f.detained_since, max.value, detention_extra.value) {
                (Some(since), Some(months), Some(extra)) => {
                    let end = since.add_months(months as i32).add_days(-1);
                    M::DetentionRegime {
                        since,
                        months,
                        end,
                        extra,
                        extended_end: since.add_months((months + extra) as i32).add_days(-1),
                    }
                }
                _ => M::DetentionRegimeUnknown,
            };
            (None, msg, max.dated)
        }
        s => (
            None,
            M::NoReceptionTerm { setting: s.as_str() },
            p.dated(P::OutsideReceptionTime),
        ),
    };
    if R::ON {
        let mut n = cited(lang, "reception_end", rule, Outcome::Date(reception_end), msg);
        n.facts.push(("setting", F::Text(f.setting.as_str())));
        match f.setting {
            Setting::Azc => n
                .facts
                .push(("medical_impediment", F::Bool(f.medical_impediment))),
            Setting::Vbl => n.facts.push(("vbl_since", F::Date(f.vbl_since))),
            _ => {}
        }
        if stay_extension_days > 0 {
            used(&mut n.policy, own.dated);
        }
        if f.setting == Setting::Bewaring {
            n.facts.push(("detained_since", F::Date(f.detained_since)));
            used(&mut n.policy, detention_extra.dated);
        }
        rec.push(n);
    }

    let weeks = p.int(P::SupportInNlWeeks);
    let (support_in_nl_end, msg) = match (f.setting.is_state_reception_with_term(), term.start, weeks.value) {
        _ if f.setting == Setting::Bewaring => (None, M::NoSupportInDetention),
        (false, _, _) => (
            None,
            M::NoSupportLimit {
                setting: f.setting.as_str(),
            },
        ),
        (true, None, _) => (None, M::NoTermEnd),
        (true, Some(_), None) => (None, M::NoRuleInForce),
        (true, Some(s), Some(w)) => {
            let e = s.add_weeks(w as i32);
            (
                Some(e),
                M::SupportEnd {
                    start: s,
                    weeks: w,
                    end: e,
                },
            )
        }
    };
    if R::ON {
        let rule = if f.setting == Setting::Bewaring {
            p.dated(P::DetentionNoGuidance)
        } else {
            weeks.dated
        };
        let mut n = cited(
            lang,
            "support_in_nl_end",
            rule,
            Outcome::Date(support_in_nl_end),
            msg,
        );
        n.facts.push(("setting", F::Text(f.setting.as_str())));
        rec.push(n);
    }
    let (departure_fit, departure_limit) = departure_fit(
        f,
        p,
        term,
        reception_end,
        stay_extension_days,
        own.value,
        rec,
        lang,
    );
    let (border_window_end, voluntary_departure_end, voluntary_departure_over) =
        border_track(f, p, term, rec, lang);
    Others {
        departure_fit,
        departure_limit,
        reception_end,
        support_in_nl_end,
        stay_extension_days,
        unauthorised_decisions,
        border_window_end,
        voluntary_departure_end,
        voluntary_departure_over,
    }
}

/// The border track's dates (Regulation 2024/1349, art. 4): the window of at most 12 weeks from the
/// rejection, and the voluntary-departure period as given in the return decision — unknown when not given,
/// never assumed. Both read under the policy in force on the day of the rejection.
#[allow(clippy::type_complexity)]
fn border_track<'p, R: Recorder<'p>>(
    f: &Facts,
    p: &PolicyAt<'p>,
    term: &Term,
    rec: &mut R,
    lang: Lang,
) -> (Option<Date>, Option<Date>, Option<(u32, u32)>) {
    let Some(rejected) = f.asylum_rejected_on.filter(|_| term.border) else {
        return (None, None, None);
    };
    let day = rejected.max(p.policy.start());
    let weeks_d = p.policy.param(P::ReturnBorderProcedureWeeks).at(day);
    let weeks = match weeks_d.and_then(|d| d.value.as_ref()) {
        Some(Value::Int(w)) => Some(*w),
        _ => None,
    };
    let max_d = p.policy.param(P::BorderVoluntaryDepartureMaxDays).at(day);
    let max = match max_d.and_then(|d| d.value.as_ref()) {
        Some(Value::Int(m)) => Some(*m),
        _ => None,
    };
    let window_end = weeks.map(|w| rejected.add_weeks(w as i32));
    let vd_end = match (f.return_decision_on, f.voluntary_departure_days) {
        (Some(on), Some(days)) => Some(on.add_days(days as i32)),
        _ => None,
    };
    let over = match (f.voluntary_departure_days, max) {
        (Some(days), Some(m)) if days > m => Some((days, m)),
        _ => None,
    };
    if R::ON {
        let msg = match (weeks, window_end) {
            (Some(w), Some(end)) => M::BorderWindow {
                rejected,
                weeks: w,
                end,
            },
            _ => M::NoRuleInForce,
        };
        let mut n = cited(
            lang,
            "return_border_window_end",
            weeks_d,
            Outcome::Date(window_end),
            msg,
        );
        n.facts.push(("asylum_rejected_on", F::Date(Some(rejected))));
        rec.push(n);
        let msg = match (f.return_decision_on, f.voluntary_departure_days, vd_end) {
            (Some(on), Some(days), Some(end)) => M::BorderVoluntaryDeparture { on, days, end },
            (None, _, _) => M::BorderNoReturnDecisionYet { max },
            (Some(on), _, _) => M::BorderNoVoluntaryDeparture { on },
        };
        let mut n = cited(lang, "voluntary_departure_end", max_d, Outcome::Date(vd_end), msg);
        n.facts
            .push(("return_decision_on", F::Date(f.return_decision_on)));
        n.facts.push((
            "voluntary_departure_days",
            f.voluntary_departure_days.map_or(F::Bool(None), F::Int),
        ));
        rec.push(n);
    }
    (window_end, vd_end, over)
}

/// Sums the granted stay extensions that were decided by who may decide them: up to the regievoerder's own
/// discretion (cumulatively) the regievoerder with the local consultation (LTO/LKO); beyond it the RAO.
/// Whether the planned departure fits the time the client has (study §5.4: DT&V withdraws the verification when
/// participation disrupts the departure, unless the NGO can realise it within the same term). The limit is the
/// later of the departure term's end and the end of reception, granted extensions included; in the AZC the
/// regievoerder may extend the stay by her own discretion (up to two weeks) only if departure falls within that
/// time (§7.2.5). Outside state reception no statutory term binds the guidance.
#[allow(clippy::too_many_arguments)]
fn departure_fit<'p, R: Recorder<'p>>(
    f: &Facts,
    p: &PolicyAt<'p>,
    term: &Term,
    reception_end: Option<Date>,
    stay_extension_days: u32,
    own_days: Option<u32>,
    rec: &mut R,
    lang: Lang,
) -> (&'static str, Option<Date>) {
    let rule = p.dated(P::DepartureFit);
    let limit = match (term.end, reception_end) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let room = own_days.map(|own| own.saturating_sub(stay_extension_days));
    let (status, msg) = match f.planned_departure_on {
        _ if f.departed_on.is_some() => ("not_applicable", M::FitDeparted),
        _ if f.setting == Setting::Bewaring => ("not_applicable", M::FitDetained),
        None => ("not_applicable", M::FitNoPlan),
        Some(_) if !f.setting.is_state_reception_with_term() => (
            "fits",
            M::FitOpen {
                setting: f.setting.as_str(),
            },
        ),
        Some(planned) => match limit {
            None => ("unknown", M::FitUnknown { planned }),
            Some(end) if planned <= end => ("fits", M::Fits { planned, end }),
            Some(end) => match (f.setting, room) {
                (Setting::Azc, Some(days))
                    if days > 0 && planned <= reception_end.unwrap_or(end).add_days(days as i32) =>
                {
                    ("needs_own_discretion", M::FitOwnDiscretion { planned, end, days })
                }
                _ => ("does_not_fit", M::FitFails { planned, end }),
            },
        },
    };
    if R::ON {
        let mut n = cited(lang, "departure_fit", rule, Outcome::Text(status), msg);
        n.facts
            .push(("planned_departure_on", F::Date(f.planned_departure_on)));
        n.facts.push(("setting", F::Text(f.setting.as_str())));
        if status == "needs_own_discretion" {
            used(&mut n.policy, p.dated(P::StayExtensionOwnDiscretionDays));
        }
        rec.push(n);
    }
    (status, limit)
}

fn stay_extensions(f: &Facts, own_days: Option<u32>) -> (u32, Vec<usize>) {
    let mut total = 0u32;
    let mut bad = Vec::new();
    for (i, d) in f.decisions.iter().enumerate() {
        if d.decision != DecisionKind::StayExtension || d.outcome != DecisionOutcome::Granted {
            continue;
        }
        let days = d.days.unwrap_or(0);
        let after = total.saturating_add(days);
        let ok = match own_days {
            Some(own) if after <= own => d.by.contains(&Role::Regievoerder) && d.by.contains(&Role::Lto),
            Some(_) => d.by.contains(&Role::Rao),
            None => false,
        };
        if ok {
            total = after;
        } else {
            bad.push(i);
        }
    }
    (total, bad)
}

/// Builds a trace node citing a dated value (shared by the evaluators).
pub(crate) fn cited<'p>(
    lang: Lang,
    rule: &'static str,
    d: Option<&'p Dated>,
    outcome: Outcome,
    m: M,
) -> Node<'p> {
    let mut n = Node {
        rule,
        citation: d.map_or(crate::policy::NO_RULE_IN_FORCE, |d| d.citation.as_str()),
        outcome,
        reason: Msg::new(lang, m),
        facts: Few::new(),
        policy: Few::new(),
        decided_by: Default::default(),
        indication: None,
    };
    used(&mut n.policy, d);
    n
}
