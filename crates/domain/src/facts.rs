//! From a case file to the facts of the assess contract: the one place where stored records become
//! `terugkeer_rules::Facts`. Only what is dated on or before `as_of` counts (the case as it stood that day);
//! what the file does not say stays unknown.

use terugkeer_rules::facts::{Appeal, Decision, DecisionKind, DecisionOutcome, Facts};
use terugkeer_rules::vocab::{Cents, Setting};
use terugkeer_rules::{Date, FactsError};

use crate::client::ClientInput;
use crate::record::{ClosureOutcome, DocumentKind, DocumentStatus, ProcedureEventKind, Record};

/// The facts with the in-kind ledger's figures: once anything is booked, what is committed (planned and spent,
/// cash included, as the ledger weighs it against the cap) and of which cash replace the trajectory's planned
/// amounts — the panel and the ledger beside it then say the same. An empty ledger leaves the plan's figures.
pub fn with_ledger(mut facts: Facts, items: usize, totals: &crate::in_kind::Totals) -> Facts {
    if items > 0 {
        facts.in_kind_eur = Cents(totals.committed);
        facts.cash_eur = Cents(totals.cash);
    }
    facts
}

/// The facts the eligibility checks read, by the trace's names, as they stand: what DT&V's answer is
/// recorded as having seen, so that a later change can be named ("gewijzigd na verificatie").
pub fn seen_of(
    facts: &Facts,
    policy: &terugkeer_rules::Policy,
) -> std::collections::BTreeMap<String, serde_json::Value> {
    let mut plain = facts.clone();
    plain.verification = None;
    let Ok(a) = terugkeer_rules::assess(&plain, policy, terugkeer_rules::Lang::Nl) else {
        return Default::default();
    };
    a.checks
        .iter()
        .flat_map(|n| n.facts.iter())
        .filter_map(|(k, v)| Some(((*k).to_owned(), serde_json::to_value(v).ok()?)))
        .collect()
}

/// Derives the facts of a case on `as_of`. Fails only when the file lacks what the contract requires (the
/// country of return) or holds dates the rules refuse (an appeal before the rejection), naming the field.
pub fn derive(client: &ClientInput, records: &[Record], as_of: Date) -> Result<Facts, FactsError> {
    let country = client.country_of_return.ok_or_else(|| {
        FactsError::new(
            "country_of_return",
            terugkeer_rules::Problem::new("problem-needed-for-assessment"),
        )
    })?;
    let known: Vec<&Record> = records
        .iter()
        .filter(|r| r.date().is_none_or(|d| d <= as_of))
        .collect();

    let mut rejected: Option<(Date, Option<terugkeer_rules::vocab::ProcedureType>)> = None;
    let mut lodged: Option<Date> = None;
    let mut finally: Option<Date> = None;
    let mut other_open = 0i32;
    let mut other_seen = false;
    let mut return_decision: Option<(Date, Option<u32>)> = None;
    let mut events: Vec<(
        Date,
        ProcedureEventKind,
        Option<terugkeer_rules::vocab::ProcedureType>,
        Option<u32>,
    )> = known
        .iter()
        .filter_map(|r| match r {
            Record::ProcedureEvent {
                event,
                on,
                procedure_type,
                voluntary_departure_days,
            } => Some((*on, *event, *procedure_type, *voluntary_departure_days)),
            _ => None,
        })
        .collect();
    events.sort_by_key(|e| e.0);
    for (on, event, pt, vd_days) in events {
        match event {
            // A later rejection (a new application, rejected) starts the story again.
            ProcedureEventKind::AsylumRejected => {
                rejected = Some((on, pt));
                lodged = None;
                finally = None;
                return_decision = None;
            }
            // The return border procedure's own return decision (the latest counts).
            ProcedureEventKind::ReturnDecision => return_decision = Some((on, vd_days)),
            ProcedureEventKind::AppealLodged => {
                lodged = Some(on);
                finally = None;
            }
            ProcedureEventKind::AppealFinallyRejected => finally = Some(on),
            ProcedureEventKind::OtherProcedureStarted => {
                other_open += 1;
                other_seen = true;
            }
            ProcedureEventKind::OtherProcedureEnded => {
                other_open = (other_open - 1).max(0);
                other_seen = true;
            }
        }
    }
    let appeal = match (rejected, lodged) {
        (Some(_), Some(l)) => Some(Appeal {
            lodged_on: l,
            finally_rejected_on: finally,
        }),
        _ => None,
    };
    let other_procedure_pending = if other_seen {
        Some(other_open > 0)
    } else {
        Some(false)
    };

    // The stay that covers as_of; without one the client is "elders" (no shelter known).
    let stay = crate::detention::current_stay(records, as_of);
    let (setting, vbl_since, detained_since) = match stay {
        Some((from, Setting::Vbl)) => (Setting::Vbl, Some(from), None),
        Some((from, Setting::Bewaring)) => (Setting::Bewaring, None, Some(from)),
        Some((_, s)) => (s, None, None),
        None => (Setting::Elders, None, None),
    };

    let cooperating = known
        .iter()
        .filter_map(|r| match r {
            Record::Contact {
                on,
                cooperating: Some(c),
                ..
            } => Some((*on, *c)),
            _ => None,
        })
        .max_by_key(|c| c.0)
        .map(|c| c.1);
    let refusals = known
        .iter()
        .filter(|r| matches!(r, Record::Refusal { .. }))
        .count() as u32;

    let has_documents = known.iter().any(|r| {
        matches!(
            r,
            Record::Document {
                document: DocumentKind::Passport | DocumentKind::LaissezPasser,
                status: DocumentStatus::Received,
                ..
            }
        )
    });
    let any_document = known.iter().any(|r| matches!(r, Record::Document { .. }));
    let has_travel_documents = if has_documents {
        Some(true)
    } else if any_document {
        Some(false)
    } else {
        None
    };

    let trajectory = known
        .iter()
        .filter_map(|r| match r {
            Record::Trajectory {
                on,
                planned_departure_on,
                in_kind_cents,
                cash_cents,
                handreiking_cents,
                scheme,
                ..
            } => Some((
                *on,
                *planned_departure_on,
                *in_kind_cents,
                *cash_cents,
                *handreiking_cents,
                *scheme,
            )),
            _ => None,
        })
        .max_by_key(|t| t.0);

    let decisions: Vec<Decision> = known
        .iter()
        .filter_map(|r| match r {
            Record::Decision {
                decision,
                by,
                on,
                outcome,
                days,
            } => Some(Decision {
                decision: *decision,
                by: by.clone(),
                on: *on,
                outcome: *outcome,
                days: *days,
            }),
            _ => None,
        })
        .collect();
    let term_extension_days: u32 = decisions
        .iter()
        .filter(|d| d.decision == DecisionKind::TermExtension && d.outcome == DecisionOutcome::Granted)
        .filter_map(|d| d.days)
        // Saturating: stored days are bounded (Record::validate), but a sum must never wrap past the bound the
        // rules then refuse by name.
        .fold(0u32, u32::saturating_add);

    let departed_on = known.iter().find_map(|r| match r {
        Record::Closure {
            outcome: ClosureOutcome::Departed,
            on,
            ..
        } => Some(*on),
        _ => None,
    });
    let minor = client.date_of_birth.map(|dob| dob.add_years(18) > as_of);

    let facts = Facts {
        as_of,
        country,
        dublin_claimant: client.dublin_claimant,
        asylum_rejected_on: rejected.map(|r| r.0),
        appeal,
        procedure_type: rejected.and_then(|r| r.1),
        other_procedure_pending,
        criminal_record: client.criminal_record,
        entry_ban: client.entry_ban,
        article_1f: client.article_1f,
        previously_supported_on: client.previously_supported_on.filter(|d| *d <= as_of),
        currently_participating: client.currently_participating,
        setting,
        vbl_since,
        term_extension_days,
        medical_impediment: client.medical_impediment,
        cooperating,
        refusals,
        deportable: client.deportable,
        country_cooperates_with_forced_return: client.country_cooperates_with_forced_return,
        has_travel_documents,
        planned_departure_on: trajectory.and_then(|t| t.1),
        in_kind_eur: Cents(trajectory.map_or(0, |t| t.2)),
        cash_eur: Cents(trajectory.map_or(0, |t| t.3)),
        minor,
        handreiking_eur: trajectory.and_then(|t| t.4).map(Cents),
        departed_on,
        decisions,
        verification: None,
        return_decision_on: return_decision.map(|r| r.0),
        voluntary_departure_days: return_decision.and_then(|r| r.1),
        support_scheme: trajectory.and_then(|t| t.5),
        detained_since,
        trajectory_started_on: trajectory.map(|t| t.0),
    };
    facts.check()?;
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use terugkeer_rules::vocab::{Country, Lang, ProcedureType, Role};

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn client() -> ClientInput {
        ClientInput {
            family_name: "Fictief".into(),
            country_of_return: Country::parse("AF"),
            date_of_birth: Some(d("1990-01-01")),
            dublin_claimant: Some(false),
            criminal_record: Some(false),
            entry_ban: Some(terugkeer_rules::vocab::EntryBan::None),
            article_1f: Some(false),
            currently_participating: Some(false),
            ..ClientInput::default()
        }
    }

    #[test]
    fn the_contract_example_from_records() {
        let records = vec![
            Record::ProcedureEvent {
                event: ProcedureEventKind::AsylumRejected,
                on: d("2016-05-02"),
                procedure_type: None,
                voluntary_departure_days: None,
            },
            Record::Stay {
                setting: Setting::Azc,
                from: d("2015-01-10"),
                to: None,
            },
            Record::Contact {
                on: d("2016-05-20"),
                mode: "in person".into(),
                notes: String::new(),
                cooperating: Some(true),
                indicators: vec![],
            },
        ];
        let f = derive(&client(), &records, d("2016-06-01")).unwrap();
        assert_eq!(f.asylum_rejected_on, Some(d("2016-05-02")));
        assert_eq!(f.setting, Setting::Azc);
        assert_eq!(f.cooperating, Some(true));
        assert_eq!(f.minor, Some(false));
        assert_eq!(f.has_travel_documents, None);
        let p = terugkeer_rules::policy::builtin().unwrap();
        let a = terugkeer_rules::assess(&f, &p, Lang::Nl).unwrap();
        assert_eq!(a.eligibility.eligible, Some(true));
        // What the file does not say stays unknown, and the rules say so.
        let unknown = ClientInput {
            criminal_record: None,
            ..client()
        };
        let f = derive(&unknown, &records, d("2016-06-01")).unwrap();
        let a = terugkeer_rules::assess(&f, &p, Lang::Nl).unwrap();
        assert_eq!(a.eligibility.eligible, None);
        assert_eq!(a.term.end, Some(d("2016-05-30")));
    }

    /// The return border procedure's return decision is its own event: it feeds the border track, from its
    /// day on, and a new rejection starts the story again.
    #[test]
    fn a_return_decision_feeds_the_border_track() {
        let event = |event, on: &str, pt, days| Record::ProcedureEvent {
            event,
            on: d(on),
            procedure_type: pt,
            voluntary_departure_days: days,
        };
        let mut records = vec![
            event(
                ProcedureEventKind::AsylumRejected,
                "2026-06-20",
                Some(ProcedureType::Border),
                None,
            ),
            event(ProcedureEventKind::ReturnDecision, "2026-06-22", None, Some(10)),
        ];
        let f = derive(&client(), &records, d("2026-07-01")).unwrap();
        assert_eq!(
            (f.return_decision_on, f.voluntary_departure_days),
            (Some(d("2026-06-22")), Some(10))
        );
        let p = terugkeer_rules::policy::builtin().unwrap();
        let a = terugkeer_rules::assess(&f, &p, Lang::Nl).unwrap();
        assert_eq!(a.others.voluntary_departure_end, Some(d("2026-07-02")));
        assert_eq!(a.term.start, None);
        // The day before the decision, it is not yet known.
        let f = derive(&client(), &records, d("2026-06-21")).unwrap();
        assert_eq!(f.return_decision_on, None);
        // A later rejection (a new application) forgets the old decision.
        records.push(event(
            ProcedureEventKind::AsylumRejected,
            "2026-06-25",
            Some(ProcedureType::Regular),
            None,
        ));
        let f = derive(&client(), &records, d("2026-07-01")).unwrap();
        assert_eq!((f.return_decision_on, f.voluntary_departure_days), (None, None));
    }

    #[test]
    fn appeals_stays_refusals_documents_and_closure() {
        let records = vec![
            Record::ProcedureEvent {
                event: ProcedureEventKind::AsylumRejected,
                on: d("2016-01-04"),
                procedure_type: Some(ProcedureType::Regular),
                voluntary_departure_days: None,
            },
            Record::ProcedureEvent {
                event: ProcedureEventKind::AppealLodged,
                on: d("2016-01-20"),
                procedure_type: None,
                voluntary_departure_days: None,
            },
            Record::ProcedureEvent {
                event: ProcedureEventKind::AppealFinallyRejected,
                on: d("2016-04-01"),
                procedure_type: None,
                voluntary_departure_days: None,
            },
            Record::Stay {
                setting: Setting::Azc,
                from: d("2015-06-01"),
                to: Some(d("2016-05-01")),
            },
            Record::Stay {
                setting: Setting::Vbl,
                from: d("2016-05-02"),
                to: None,
            },
            Record::Refusal {
                on: d("2016-04-10"),
                notes: String::new(),
            },
            Record::Refusal {
                on: d("2016-04-20"),
                notes: String::new(),
            },
            Record::Refusal {
                on: d("2016-07-01"),
                notes: "after as_of: not counted".into(),
            },
            Record::Document {
                document: DocumentKind::Passport,
                status: DocumentStatus::Requested,
                on: d("2016-04-15"),
            },
            Record::Decision {
                decision: DecisionKind::TermExtension,
                by: vec![Role::Regievoerder],
                on: d("2016-04-25"),
                outcome: DecisionOutcome::Granted,
                days: Some(10),
            },
            Record::Trajectory {
                trajectory: "return".into(),
                project: "Met Opgeheven Hoofd".into(),
                on: d("2016-04-05"),
                goals: String::new(),
                planned_departure_on: Some(d("2016-06-20")),
                in_kind_cents: 120_000,

                scheme: None,
                cash_cents: 0,
                handreiking_cents: Some(40_000),
            },
        ];
        let f = derive(&client(), &records, d("2016-06-01")).unwrap();
        assert_eq!(
            f.appeal,
            Some(Appeal {
                lodged_on: d("2016-01-20"),
                finally_rejected_on: Some(d("2016-04-01"))
            })
        );
        assert_eq!(f.setting, Setting::Vbl);
        assert_eq!(f.vbl_since, Some(d("2016-05-02")));
        assert_eq!(f.refusals, 2);
        assert_eq!(f.has_travel_documents, Some(false));
        assert_eq!(f.term_extension_days, 10);
        assert_eq!(f.in_kind_eur, Cents(120_000));
        assert_eq!(f.handreiking_eur, Some(Cents(40_000)));
        assert_eq!(f.planned_departure_on, Some(d("2016-06-20")));
        assert_eq!(f.cooperating, None, "no contact says so: unknown, not false");
        assert_eq!(f.departed_on, None);
        let closed = [
            records,
            vec![Record::Closure {
                outcome: ClosureOutcome::Departed,
                on: d("2016-06-15"),
                destination: "Kabul".into(),
                departed_with: Some(crate::record::DepartedWith::Iom),
                reason: String::new(),
            }],
        ]
        .concat();
        assert_eq!(
            derive(&client(), &closed, d("2016-07-01")).unwrap().departed_on,
            Some(d("2016-06-15"))
        );
    }

    #[test]
    fn missing_country_and_impossible_dates_name_the_field() {
        let mut c = client();
        c.country_of_return = None;
        assert_eq!(
            derive(&c, &[], d("2016-06-01")).unwrap_err().field,
            "country_of_return"
        );
        let bad = vec![
            Record::ProcedureEvent {
                event: ProcedureEventKind::AsylumRejected,
                on: d("2016-03-01"),
                procedure_type: None,
                voluntary_departure_days: None,
            },
            Record::ProcedureEvent {
                event: ProcedureEventKind::AppealLodged,
                on: d("2016-02-01"),
                procedure_type: None,
                voluntary_departure_days: None,
            },
        ];
        // The appeal before the rejection belongs to an earlier story: the later rejection resets it.
        assert_eq!(derive(&client(), &bad, d("2016-06-01")).unwrap().appeal, None);
        let minor = ClientInput {
            date_of_birth: Some(d("2000-06-02")),
            ..client()
        };
        assert_eq!(derive(&minor, &[], d("2018-06-01")).unwrap().minor, Some(true));
        assert_eq!(derive(&minor, &[], d("2018-06-02")).unwrap().minor, Some(false));
    }
}
