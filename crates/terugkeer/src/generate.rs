//! Deterministic synthetic caseloads: the same seed gives the same cases, in any run, on any machine.
//! The mix is plausible, not statistics: enough variety to exercise every rule (appeals pending and
//! decided, every setting, Dublin claimants from the Dublin-only countries, extensions, hand-outs,
//! departures for monitoring).

use std::io::{BufWriter, Write};

use terugkeer_domain::handout::Reason;
use terugkeer_domain::progress::{self, Basis};
use terugkeer_rules::facts::{Appeal, DecisionKind};
use terugkeer_rules::policy::{ParamId, Policy};
use terugkeer_rules::vocab::{Cents, Country, EntryBan, ProcedureType, Setting};
use terugkeer_rules::{Date, Facts};
use terugkeer_store::{History, NewCase, SentReport};

use crate::Failure;

/// splitmix64: small, fast and fully determined by its seed.
pub struct Rng(u64);

impl Rng {
    /// A generator for a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: u32) -> u32 {
        (((self.next() >> 32) * u64::from(n.max(1))) >> 32) as u32
    }

    /// True with probability `pct` percent.
    fn pct(&mut self, pct: u32) -> bool {
        self.below(100) < pct
    }

    fn pick<T: Copy>(&mut self, weighted: &[(T, u32)]) -> T {
        let total: u32 = weighted.iter().map(|(_, w)| w).sum();
        let mut r = self.below(total);
        for (t, w) in weighted {
            if r < *w {
                return *t;
            }
            r -= w;
        }
        weighted[0].0
    }
}

const COUNTRIES: &[(&str, u32)] = &[
    ("AF", 10),
    ("SY", 8),
    ("ER", 8),
    ("IQ", 7),
    ("IR", 6),
    ("MA", 5),
    ("DZ", 5),
    ("NG", 5),
    ("GE", 4),
    ("AL", 4),
    ("MN", 3),
    ("RU", 3),
    ("SO", 4),
    ("SD", 3),
    ("ET", 3),
    ("GN", 3),
    ("TR", 3),
    ("UA", 2),
    ("XK", 2),
    ("PK", 3),
    ("BD", 2),
    ("EG", 2),
    ("LY", 2),
    ("YE", 2),
    ("CN", 2),
    ("CO", 1),
    ("VE", 1),
    ("RS", 1),
    ("BA", 1),
    ("MD", 1),
    ("TN", 2),
    ("CD", 2),
    ("CM", 1),
    ("LK", 1),
    ("IN", 1),
];

/// Generates one case.
pub fn case(r: &mut Rng, fixed_as_of: Option<Date>, span: (i32, i32)) -> Facts {
    let as_of = fixed_as_of
        .unwrap_or_else(|| Date::from_day_number(span.0 + r.below((span.1 - span.0 + 1) as u32) as i32));
    let before = |r: &mut Rng, max: u32| as_of.add_days(-(r.below(max) as i32));
    let country = r.pick(countries());
    let rejected = r.pct(90).then(|| before(r, 600));
    let appeal = match rejected {
        Some(rej) if r.pct(35) => {
            let lodged = rej.add_days(1 + r.below(28) as i32).min(as_of);
            let fin = lodged.add_days(30 + r.below(400) as i32);
            Some(Appeal {
                lodged_on: lodged,
                finally_rejected_on: (r.pct(60) && fin <= as_of).then_some(fin),
            })
        }
        _ => None,
    };
    let setting = r.pick(&[
        (Setting::Azc, 35),
        (Setting::Vbl, 10),
        (Setting::Gezinslocatie, 8),
        (Setting::Noodopvang, 20),
        (Setting::Elders, 22),
        (Setting::Bewaring, 5),
    ]);
    let floor = rejected.unwrap_or(as_of.add_days(-3650));
    let vbl_since = (setting == Setting::Vbl).then(|| before(r, 120).max(floor));
    let departed = r.pct(10).then(|| before(r, 400).max(floor));
    let planned = r.pct(30).then(|| as_of.add_days(r.below(180) as i32).max(floor));
    Facts {
        as_of,
        country,
        dublin_claimant: Some(r.pct(15)),
        asylum_rejected_on: rejected,
        appeal,
        procedure_type: r.pick(&[
            (Some(ProcedureType::Regular), 70),
            (Some(ProcedureType::Accelerated), 15),
            (Some(ProcedureType::Border), 5),
            (None, 10),
        ]),
        other_procedure_pending: Some(r.pct(5)),
        criminal_record: Some(r.pct(4)),
        entry_ban: Some(r.pick(&[(EntryBan::None, 80), (EntryBan::Light, 15), (EntryBan::Heavy, 5)])),
        article_1f: Some(r.pct(1)),
        previously_supported_on: r.pct(5).then(|| before(r, 3650)),
        currently_participating: Some(r.pct(3)),
        setting,
        vbl_since,
        term_extension_days: if r.pct(10) { 1 + r.below(120) } else { 0 },
        medical_impediment: Some(r.pct(3)),
        cooperating: Some(r.pct(60)),
        refusals: r.pick(&[(0, 50), (1, 20), (2, 15), (3, 10), (4, 5)]),
        deportable: Some(r.pct(40)),
        country_cooperates_with_forced_return: Some(r.pct(50)),
        has_travel_documents: Some(r.pct(30)),
        planned_departure_on: planned,
        in_kind_eur: if r.pct(40) {
            Cents(i64::from(r.below(300)) * 1000)
        } else {
            Cents(0)
        },
        cash_eur: Cents(0),
        minor: Some(r.pct(20)),
        handreiking_eur: r.pct(5).then(|| Cents(5000 + i64::from(r.below(146)) * 1000)),
        departed_on: departed,
        decisions: Vec::new(),
        verification: None,
        return_decision_on: None,
        voluntary_departure_days: None,
        support_scheme: None,
        detained_since: None,
        trajectory_started_on: None,
    }
}

/// The country mix as validated codes (every code in COUNTRIES is an assigned ISO code; a test checks it).
fn countries() -> &'static [(Country, u32)] {
    static LIST: std::sync::OnceLock<Vec<(Country, u32)>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        COUNTRIES
            .iter()
            .filter_map(|(c, w)| Some((Country::parse(c)?, *w)))
            .collect()
    })
}

/// The default span of `as_of` days: the built-in policy's start to 2026-11-29.
pub fn default_span() -> (i32, i32) {
    let a = Date::from_ymd(2016, 3, 23).map_or(0, Date::day_number);
    let b = Date::from_ymd(2026, 11, 29).map_or(0, Date::day_number);
    (a, b)
}

const GIVEN: &[&str] = &[
    "Ahmad", "Fatima", "Mohammed", "Aisha", "Yonas", "Selam", "Omar", "Mariam", "Tesfaye", "Hamid", "Zahra",
    "Ali", "Nadia", "Samir", "Hassan", "Leila", "Dawit", "Amina", "Reza", "Hodan", "Ibrahim", "Khadija",
    "Giorgi", "Nino",
];
const FAMILY: &[&str] = &[
    "Ahmadi",
    "Haile",
    "Mohammadi",
    "Tesfay",
    "Hosseini",
    "Abdi",
    "Karimi",
    "Gebremedhin",
    "Yusuf",
    "Rahimi",
    "Osman",
    "Bakr",
    "Warsame",
    "Noori",
    "Amiri",
    "Kidane",
    "Haidari",
    "Farah",
    "Beridze",
    "Tadesse",
];

/// A fictitious case file as of `today`: a client, the dated records of their case and the rest of its
/// history, in every setting and stage, on one consistent timeline — rejection, appeal, stay, contacts and
/// refusals before the end (the departure, or today); a trajectory after the rejection with its registration
/// at DT&V, monthly reports sent, in-kind items within the household's cap and perhaps a hand-out asked; extra
/// time asked and decided where a term runs; monitoring conversations at the policy's moments after a
/// departure. Names are common names; every V-number starts with 99 (the IND issues none such), so a generated
/// client can never be mistaken for a real one.
pub fn case_file(
    r: &mut Rng,
    today: Date,
    policy: &Policy,
) -> (
    terugkeer_domain::ClientInput,
    Vec<terugkeer_domain::Record>,
    History,
) {
    use terugkeer_domain::ClientInput;
    use terugkeer_domain::record::{ClosureOutcome, DepartedWith, DocumentKind, DocumentStatus, Record};
    let f = case(r, Some(today), default_span());
    let given = GIVEN[r.below(GIVEN.len() as u32) as usize];
    let family = FAMILY[r.below(FAMILY.len() as u32) as usize];
    let born = Date::from_day_number(today.day_number() - 365 * 16 - r.below(365 * 45) as i32);
    let client = ClientInput {
        family_name: family.to_owned(),
        given_names: given.to_owned(),
        date_of_birth: Some(born),
        v_number: Some(format!("99{:08}", r.below(100_000_000))),
        nationality: Some(f.country),
        country_of_return: Some(f.country),
        languages: String::new(),
        phone: String::new(),
        dublin_claimant: f.dublin_claimant,
        criminal_record: f.criminal_record,
        entry_ban: f.entry_ban,
        article_1f: f.article_1f,
        previously_supported_on: f.previously_supported_on,
        currently_participating: f.currently_participating,
        medical_impediment: f.medical_impediment,
        deportable: f.deportable,
        country_cooperates_with_forced_return: f.country_cooperates_with_forced_return,
    };
    // The last day the file moves: the departure, or today.
    let end = f.departed_on.unwrap_or(today);
    let floor = f.asylum_rejected_on.unwrap_or(end.add_days(-400)).min(end);
    let mut records = procedure_records(&f);
    let since = f
        .vbl_since
        .unwrap_or(floor.add_days(-(r.below(200) as i32)))
        .min(end);
    records.push(Record::Stay {
        setting: f.setting,
        from: since,
        to: None,
    });
    contacts(r, &f, end, &mut records);
    for k in 0..f.refusals {
        records.push(Record::Refusal {
            on: end.add_days(-(k as i32) * 7).max(floor),
            notes: String::new(),
        });
    }
    if f.has_travel_documents == Some(true) {
        records.push(Record::Document {
            document: DocumentKind::Passport,
            status: DocumentStatus::Received,
            on: end.add_days(-10).max(floor),
        });
    } else if r.pct(40) {
        records.push(Record::Document {
            document: DocumentKind::LaissezPasser,
            status: DocumentStatus::Requested,
            on: end.add_days(-20).max(floor),
        });
    }
    let mut history = History::default();
    if f.term_extension_days > 0 {
        extension(
            r,
            &client,
            &mut records,
            &mut history,
            f.term_extension_days,
            end,
            today,
            policy,
        );
    }
    if f.in_kind_eur.0 > 0 || f.planned_departure_on.is_some() || f.handreiking_eur.is_some() {
        let mut started = end.add_days(-20 - r.below(300) as i32).max(floor);
        // A detained client's trajectory began before the detention, which suspends it: the guidance, the
        // reports and the support stop the day before (study §4.2.3; no trajectory starts in detention).
        if f.setting == Setting::Bewaring {
            started = started.min(end.add_days(-1));
        }
        let detained = (f.setting == Setting::Bewaring).then(|| {
            let span = end.day_number() - started.day_number();
            started.add_days((span * 2 / 3).max(1))
        });
        trajectory(
            r,
            &f,
            &client,
            born,
            started,
            detained.map_or(end, |d| d.add_days(-1)),
            today,
            policy,
            &mut records,
            &mut history,
        );
        if let Some(from) = detained {
            for rec in records.iter_mut() {
                if let Record::Stay {
                    setting,
                    from: stay_from,
                    to,
                } = rec
                {
                    *setting = Setting::Azc;
                    *stay_from = (*stay_from).min(started);
                    *to = Some(from.add_days(-1));
                }
            }
            records.push(Record::Stay {
                setting: Setting::Bewaring,
                from,
                to: None,
            });
        }
    }
    if let Some(on) = f.departed_on {
        records.push(Record::Closure {
            outcome: ClosureOutcome::Departed,
            on,
            destination: String::new(),
            departed_with: Some(r.pick(&[
                (DepartedWith::Iom, 70),
                (DepartedWith::Ngo, 20),
                (DepartedWith::Own, 10),
            ])),
            reason: String::new(),
        });
        history.visits = visits(r, on, today, policy);
    }
    (client, records, history)
}

/// The asylum procedure's events of a case.
fn procedure_records(f: &Facts) -> Vec<terugkeer_domain::Record> {
    use terugkeer_domain::Record;
    use terugkeer_domain::record::ProcedureEventKind;
    let mut records = Vec::new();
    if let Some(on) = f.asylum_rejected_on {
        records.push(Record::ProcedureEvent {
            event: ProcedureEventKind::AsylumRejected,
            on,
            procedure_type: f.procedure_type,
            voluntary_departure_days: None,
        });
        // From 2026-06-12 a border-procedure rejection is followed by the return border procedure's own return
        // decision; the demo's gives 14 days for voluntary departure (the Regulation allows at most 15).
        let pact = Date::parse("2026-06-12").ok();
        let decided = on.add_days(2);
        if f.procedure_type == Some(terugkeer_rules::vocab::ProcedureType::Border)
            && pact.is_some_and(|p| on >= p)
            && decided <= f.as_of
        {
            records.push(Record::ProcedureEvent {
                event: ProcedureEventKind::ReturnDecision,
                on: decided,
                procedure_type: None,
                voluntary_departure_days: Some(14),
            });
        }
    }
    if let Some(a) = f.appeal {
        records.push(Record::ProcedureEvent {
            event: ProcedureEventKind::AppealLodged,
            on: a.lodged_on,
            procedure_type: None,
            voluntary_departure_days: None,
        });
        if let Some(fin) = a.finally_rejected_on {
            records.push(Record::ProcedureEvent {
                event: ProcedureEventKind::AppealFinallyRejected,
                on: fin,
                procedure_type: None,
                voluntary_departure_days: None,
            });
        }
    }
    records
}

/// Up to three conversations in the two months before `end`.
fn contacts(r: &mut Rng, f: &Facts, end: Date, records: &mut Vec<terugkeer_domain::Record>) {
    use terugkeer_domain::record::{Indicator, Record};
    for k in 0..r.below(4) {
        records.push(Record::Contact {
            on: end.add_days(-(r.below(60) as i32) - k as i32),
            mode: if r.pct(70) { "in_person" } else { "phone" }.into(),
            notes: String::new(),
            cooperating: f.cooperating,
            indicators: if f.cooperating == Some(true) {
                vec![Indicator::ArrangingDocuments, Indicator::ContactingIom]
            } else {
                vec![]
            },
        });
    }
}

/// Extra time asked a few weeks before `end`, where the case's assessment that day lets one be asked, and
/// decided (mostly granted) with its decision record — as the application does it.
#[allow(clippy::too_many_arguments)]
fn extension(
    r: &mut Rng,
    client: &terugkeer_domain::ClientInput,
    records: &mut Vec<terugkeer_domain::Record>,
    history: &mut History,
    days: u32,
    end: Date,
    today: Date,
    policy: &Policy,
) {
    let asked = end.add_days(-5 - r.below(20) as i32);
    let Ok(facts) = terugkeer_domain::facts::derive(client, records, asked) else {
        return;
    };
    let Ok(assessment) = terugkeer_rules::assess(&facts, policy, terugkeer_rules::Lang::Nl) else {
        return;
    };
    let Ok(request) = terugkeer_domain::extension::request(
        DecisionKind::TermExtension,
        days.min(28),
        asked,
        "Reisdocumenten aangevraagd; antwoord van de ambassade afwachten",
        &assessment.discretion,
        today,
    ) else {
        return;
    };
    let granted = r.pct(85).then_some(request.days);
    match request.decide(asked.add_days(r.below(5) as i32).min(today), granted, today) {
        Ok((decided, record)) => {
            records.push(record);
            history.extensions.push(decided);
        }
        Err(_) => history.extensions.push(request),
    }
}

/// Fictitious regievoerders who answer the demo's verification forms.
const REGIEVOERDERS: [&str; 4] = ["T. Fictief", "A. Proefpersoon", "M. Voorbeeld", "R. Testgeval"];

/// A trajectory from `started`: the plan, its registration with DT&V, the reports sent, the in-kind ledger
/// and perhaps a hand-out asked.
#[allow(clippy::too_many_arguments)]
fn trajectory(
    r: &mut Rng,
    f: &Facts,
    client: &terugkeer_domain::ClientInput,
    born: Date,
    started: Date,
    end: Date,
    today: Date,
    policy: &Policy,
    records: &mut Vec<terugkeer_domain::Record>,
    history: &mut History,
) {
    use terugkeer_domain::Record;
    use terugkeer_domain::in_kind::{self, Category, Item, ItemStatus};
    use terugkeer_domain::verification::{Step, Verification};
    records.push(Record::Trajectory {
        trajectory: if r.pct(80) { "return" } else { "empowerment" }.into(),
        project: "Met Opgeheven Hoofd".into(),
        on: started,
        goals: "Kleine winkel starten; woonruimte regelen".into(),
        planned_departure_on: f.planned_departure_on.map(|d| d.max(started)),
        in_kind_cents: f.in_kind_eur.0,

        scheme: None,
        cash_cents: 0,
        handreiking_cents: f.handreiking_eur.map(|c| c.0),
    });
    // Registration: submitted within days of the start, mostly verified a few weeks later.
    if r.pct(85) {
        let mut v = Verification::default();
        let submitted = started.add_days(r.below(10) as i32);
        for step in [
            Step::Submit {
                on: submitted,
                to: "DT&V regievoerder".into(),
            },
            Step::Verify {
                on: submitted.add_days(5 + r.below(25) as i32),
                by: REGIEVOERDERS[r.below(REGIEVOERDERS.len() as u32) as usize].into(),
                recorded_from: None,
            },
        ] {
            if r.pct(90)
                && let Ok(next) = v.apply(&step, today)
            {
                v = next;
            }
        }
        if let Some(on) = v.answered_on {
            // What DT&V saw: the facts as they stood on the day it answered.
            if let Ok(then) = terugkeer_domain::facts::derive(client, records, on) {
                v.seen = terugkeer_domain::facts::seen_of(&then, policy);
            }
        }
        history.verification = Some(v);
    }
    // Reports: consecutive periods ended before `end`, sent a few days after, until one is not yet sent.
    let months = policy
        .at(started)
        .ok()
        .and_then(|p| p.int(ParamId::ProgressReportMonths).value);
    if let Some(months) = months {
        let mut last = None;
        loop {
            let period = progress::next_period(started, last, months);
            let sent_on = period.end.add_days(1 + r.below(7) as i32);
            if period.end >= end || sent_on > today || r.pct(5) {
                break;
            }
            history.reports.push(SentReport {
                period,
                sent_on,
                sent_to: "DT&V regievoerder".into(),
                basis: Basis::SubsidyObligation,
            });
            last = Some(period.start);
        }
    }
    // In kind: up to three items within the planned amount and the cap for one adult or minor.
    let cap = in_kind::caps(policy, started, &[Some(born)]).in_kind.unwrap_or(0);
    let mut room = f.in_kind_eur.0.min(cap);
    for _ in 0..1 + r.below(3) {
        let amount = (room / 2).max(room.min(5_000)) / 100 * 100;
        if amount <= 0 {
            break;
        }
        room -= amount;
        let on = started.add_days(r.below(60) as i32).min(end);
        let spent = on <= today && (end < today || r.pct(50));
        let category = r.pick(&[
            (Category::Business, 50),
            (Category::Housing, 25),
            (Category::Education, 10),
            (Category::Medical, 10),
            (Category::Travel, 5),
        ]);
        history.in_kind.push(Item {
            category,
            supplier: SUPPLIERS[r.below(SUPPLIERS.len() as u32) as usize].into(),
            on,
            amount_cents: amount,
            cash: false,
            status: if spent {
                ItemStatus::Spent
            } else {
                ItemStatus::Planned
            },
            receipt: if spent {
                format!("Factuur {}", 1000 + r.below(9000))
            } else {
                String::new()
            },
            note: String::new(),
        });
    }
    if let Some(cents) = f.handreiking_eur {
        // About one in four agreed by the regievoerder with the client directly (issue 27 part 2); chosen by the
        // amount, so the random sequence — and every other generated file — stays as it was.
        let by_dtv = (cents.0 / 1000) % 4 == 0;
        let list = if by_dtv {
            &mut history.handouts_by_dtv
        } else {
            &mut history.handouts
        };
        list.push(terugkeer_domain::handout::Handout {
            reason: r.pick(&[
                (Reason::StartingConditions, 40),
                (Reason::LivingConditions, 30),
                (Reason::SpecialSituation, 20),
                (Reason::NotDeportable, 10),
            ]),
            amount_cents: cents.0,
            requested_on: started.add_days(r.below(30) as i32).min(end),
            motivation: "Gezin met jonge kinderen; startkapitaal voor huur in het eerste halfjaar".into(),
            negotiation: String::new(),
            receipts: String::new(),
            signatures: Vec::new(),
        });
    }
}

/// The monitoring conversations held at the policy's moments after a departure on `departed` (most of them:
/// some returnees cannot be reached).
fn visits(
    r: &mut Rng,
    departed: Date,
    today: Date,
    policy: &Policy,
) -> Vec<terugkeer_domain::reintegration::Visit> {
    use terugkeer_domain::reintegration::{Category, INDICATORS, Visit};
    let moments = policy
        .at(departed)
        .ok()
        .and_then(|p| p.months(ParamId::MonitoringMonths).value.map(<[u32]>::to_vec))
        .unwrap_or_default();
    let mut out = Vec::new();
    for months in moments {
        let held_on = departed.add_months(months as i32).add_days(r.below(21) as i32);
        if held_on > today || !r.pct(75) {
            continue;
        }
        let category = r.pick(&[
            (Category::FullyRealised, 35),
            (Category::PartlyGoodProspects, 35),
            (Category::NotRealisedGoodProspects, 20),
            (Category::NotRealisedNoProspects, 10),
        ]);
        let answers = INDICATORS
            .iter()
            .filter_map(|i| {
                // Not every indicator is answered.
                let answered = r.pct(80);
                let score = 1 + r.below(5) as u8;
                answered.then(|| (i.key.to_owned(), score))
            })
            .collect();
        out.push(Visit {
            months,
            held_on,
            in_person: r.pct(40),
            category,
            factors: if category.not_realised() {
                "Winkel gesloten na prijsstijgingen"
            } else {
                "Eigen inkomen uit de winkel; steun van familie"
            }
            .into(),
            prospects: if category.not_realised() {
                "Zoekt werk in de bouw".into()
            } else {
                String::new()
            },
            appreciation: 1 + r.below(5) as u8,
            appreciation_motivation: "Begeleiding bij de voorbereiding hielp".into(),
            worked: String::new(),
            not_worked: String::new(),
            answers,
        });
    }
    out
}

const SUPPLIERS: &[&str] = &[
    "IOM Kabul",
    "Groothandel Asmara",
    "Bouwmarkt Erbil",
    "Taalschool Tbilisi",
    "Kliniek Lagos",
    "Verhuurder Casablanca",
];

/// Writes `n` fictitious case files into organisation `t`, 10,000 to a transaction (written 1,000 at a time
/// while the next 1,000 are prepared), spread over `users` (round
/// robin, every tenth left unassigned so "assign" has work to show). Shows `progress` as it goes.
#[allow(clippy::too_many_arguments)]
pub async fn populate(
    store: &terugkeer_store::Store,
    t: terugkeer_store::Tenant,
    n: u64,
    seed: u64,
    today: Date,
    now: jiff::Timestamp,
    users: &[i64],
    progress: &mut crate::progress_bar::Bar,
) -> Result<(), terugkeer_store::StoreError> {
    const BATCH: u64 = 10_000;
    let mut r = Rng::new(seed);
    let policy = store.policy();
    let mut batch = Vec::with_capacity(BATCH as usize);
    for i in 0..n {
        let (client, records, history) = case_file(&mut r, today, policy);
        let assigned = if i % 10 == 9 || users.is_empty() {
            None
        } else {
            users.get((i as usize) % users.len()).copied()
        };
        batch.push((client, records, history, assigned));
        if batch.len() as u64 == BATCH || i + 1 == n {
            let cases: Vec<_> = batch
                .iter()
                .map(|(client, records, history, assigned_to)| NewCase {
                    client,
                    records,
                    assigned_to: *assigned_to,
                    history: Some(history),
                })
                .collect();
            let base = i + 1 - batch.len() as u64;
            store
                .load_cases_with(&store.org_access(t), &cases, now, &mut |done| {
                    progress.set(base + done as u64)
                })
                .await?;
            batch.clear();
        }
    }
    progress.finish();
    Ok(())
}

/// `terugkeer generate --clients N --db URL`: a fictitious caseload in a database, under the organisation
/// "Demo (fictief) SEED" (created when missing), with one caseworker `caseworker-K-SEED` (no password; set one
/// with `terugkeer user password`) per 200 clients, as a real caseload would be spread.
pub fn into_db(n: u64, seed: u64, url: &str, today: Date, now: jiff::Timestamp) -> Result<(), Failure> {
    let rt = crate::current_thread()?;
    rt.block_on(async {
        let store = terugkeer_store::Store::connect(url, false)
            .await
            .map_err(crate::store_failure)?;
        store.migrate().await.map_err(crate::store_failure)?;
        let store = crate::key_cmd::attach(store, true).await?;
        let t = store
            .organisation_named(&format!("Demo (fictief) {seed}"), now)
            .await
            .map_err(crate::store_failure)?;
        let existing = store.users(t).await.map_err(crate::store_failure)?;
        let mut users = Vec::new();
        for k in 1..=n.div_ceil(200).max(1) {
            let name = format!("caseworker-{k}-{seed}");
            let id = match existing.iter().find(|u| u.username == name) {
                Some(u) => u.id,
                None => store
                    .create_user(t, &name, &format!("Begeleider {k}"), "caseworker", None, now)
                    .await
                    .map_err(crate::store_failure)?,
            };
            users.push(id);
        }
        // And one coordinator, who sees the whole organisation (the benchmarks' organisation-wide lists).
        let coordinator = format!("coordinator-{seed}");
        if !existing.iter().any(|u| u.username == coordinator) {
            store
                .create_user(t, &coordinator, "Coördinator", "coordinator", None, now)
                .await
                .map_err(crate::store_failure)?;
        }
        let mut bar = crate::progress_bar::Bar::new("clients", n);
        populate(&store, t, n, seed, today, now, &users, &mut bar)
            .await
            .map_err(crate::store_failure)?;
        store.analyze().await.map_err(crate::store_failure)?;
        println!("{n} fictitious clients in organisation {} of {url}", t.id());
        Ok(())
    })
}

/// The facts as contract JSON, leaving out every field that has the contract's default (false, 0, null
/// dates, `"none"`, `"elders"`, no decisions), as a caseworker's export would. Unknown booleans stay, as
/// `null`: omitted would mean false.
pub fn minimal_json(f: &Facts) -> Result<serde_json::Value, serde_json::Error> {
    let mut v = serde_json::to_value(f)?;
    if let Some(map) = v.as_object_mut() {
        map.retain(|k, x| {
            let default = match x {
                serde_json::Value::Bool(false) => true,
                serde_json::Value::Null => !matches!(
                    k.as_str(),
                    "dublin_claimant"
                        | "other_procedure_pending"
                        | "criminal_record"
                        | "entry_ban"
                        | "article_1f"
                        | "currently_participating"
                        | "medical_impediment"
                        | "cooperating"
                        | "deportable"
                        | "country_cooperates_with_forced_return"
                        | "has_travel_documents"
                        | "minor"
                ),
                serde_json::Value::Number(n) => n.as_f64() == Some(0.0),
                serde_json::Value::String(s) => {
                    (k == "entry_ban" && s == "none") || (k == "setting" && s == "elders")
                }
                serde_json::Value::Array(a) => a.is_empty(),
                _ => false,
            };
            !default
        });
    }
    Ok(v)
}

/// `terugkeer generate`: JSON lines on standard output.
pub fn run(n: u64, seed: u64, as_of: Option<Date>) -> Result<(), Failure> {
    let mut r = Rng::new(seed);
    let span = default_span();
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    for _ in 0..n {
        let f = case(&mut r, as_of, span);
        let v = minimal_json(&f).map_err(|e| Failure::Machine(e.to_string()))?;
        serde_json::to_writer(&mut out, &v).map_err(|e| Failure::Machine(e.to_string()))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_case_files_derive_valid_facts() {
        let today = Date::from_ymd(2026, 11, 29).unwrap();
        let mut r = Rng::new(3);
        let (mut eligible, mut suspended) = (0, 0);
        let policy = terugkeer_rules::policy::builtin().unwrap();
        for _ in 0..2000 {
            let (client, records, _) = case_file(&mut r, today, &policy);
            client.clone().validate(today).unwrap();
            for rec in &records {
                rec.validate().unwrap();
            }
            let f = terugkeer_domain::facts::derive(&client, &records, today).unwrap();
            let a = terugkeer_rules::assess(&f, &policy, terugkeer_rules::Lang::Nl).unwrap();
            eligible += usize::from(a.eligibility.eligible == Some(false));
            // No trajectory starts in detention: a detained client's began before it, and is suspended.
            if let (Some(since), Some(started)) = (f.detained_since, f.trajectory_started_on) {
                assert!(started < since, "trajectory {started} in detention since {since}");
                if f.departed_on.is_none() {
                    assert!(
                        a.warnings
                            .iter()
                            .any(|w| w.code == "trajectory_suspended_in_detention")
                    );
                    suspended += 1;
                }
            }
            assert!(client.v_number.as_deref().unwrap().starts_with("99"));
        }
        // Every stage: some not eligible (and, under the inclusion rule without a list, none decided eligible).
        assert!(eligible > 100);
        assert!(suspended > 0);
    }

    /// Generated histories pass every check the store makes on a loaded file (a bad one fails the batch), every
    /// kind of history occurs, and the same seed gives the same files.
    #[test]
    fn generated_histories_load_and_repeat() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let store = terugkeer_store::testing::sqlite().await.unwrap();
            let now: jiff::Timestamp = "2026-11-29T10:00:00Z".parse().unwrap();
            let t = store.create_organisation("Gen", now).await.unwrap();
            let today = Date::from_ymd(2026, 11, 29).unwrap();
            let mut bar = crate::progress_bar::Bar::hidden();
            populate(&store, t, 3000, 11, today, now, &[], &mut bar)
                .await
                .unwrap();
            let (mut a, mut b) = (Rng::new(11), Rng::new(11));
            let policy = store.policy();
            let mut kinds = [0usize; 7];
            for _ in 0..3000 {
                let x = case_file(&mut a, today, policy);
                assert_eq!(x, case_file(&mut b, today, policy));
                let h = &x.2;
                for (k, n) in [
                    usize::from(h.verification.is_some()),
                    h.extensions.len(),
                    h.reports.len(),
                    h.visits.len(),
                    h.in_kind.len(),
                    h.handouts.len(),
                    h.handouts_by_dtv.len(),
                ]
                .into_iter()
                .enumerate()
                {
                    kinds[k] += n;
                }
            }
            assert!(kinds.iter().all(|n| *n > 0), "{kinds:?}");
            assert_eq!(store.verify_audit().await.unwrap().entries, 3000);
        });
    }

    #[test]
    fn every_generated_case_is_valid_and_deterministic() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..20_000 {
            let f = case(&mut a, None, default_span());
            assert_eq!(f, case(&mut b, None, default_span()));
            f.check().unwrap();
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(Facts::from_json(&json).unwrap(), f);
            let minimal = minimal_json(&f).unwrap().to_string();
            assert_eq!(Facts::from_json(&minimal).unwrap(), f, "{minimal}");
            assert!(minimal.len() < json.len());
        }
        for (code, _) in COUNTRIES {
            assert!(Country::parse(code).is_some(), "{code}");
        }
    }
}
