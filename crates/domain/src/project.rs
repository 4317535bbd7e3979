//! A return project (e.g. "Met Opgeheven Hoofd") and its accounts: funders (the return subsidy — SVT, later
//! OZV — and AMIF), the eligible-cost budget, reporting periods and subsidy conditions; and the project's
//! content and financial report for a period, computed from its participants' files. Pure: the store gathers
//! the participants, the web renders the report (page, PDF, XLSX).
//!
//! A client is a participant of a project when their trajectory record names it (`project`), so the report
//! needs no second registration. Money is integer cents; the one division (in-kind per participant) rounds half
//! up to the cent, and the mean sustainability score (per mille) likewise — the only rounding in a report.

use serde::{Deserialize, Serialize};
use terugkeer_rules::policy::ParamId;
use terugkeer_rules::{Date, Policy};

use crate::client::{InputError, refuse};
use crate::in_kind::{Category, Item, ItemStatus};
use crate::record::{ClosureOutcome, DepartedWith};
use crate::reintegration::Category as Outcome;
use crate::verification::VerificationStatus;
use terugkeer_rules::problem::{Arg, Problem};

/// Who funds a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Funder {
    /// The return subsidy of the justice ministry (SVT until 2018, OZV since 2019).
    ReturnSubsidy,
    /// The EU Asylum, Migration and Integration Fund.
    Amif,
    /// The organisation's own means, gifts, other funds.
    Other,
}

impl Funder {
    /// Every funder, in the order forms list them.
    pub const ALL: [Funder; 3] = [Funder::ReturnSubsidy, Funder::Amif, Funder::Other];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Funder::ReturnSubsidy => "return_subsidy",
            Funder::Amif => "amif",
            Funder::Other => "other",
        }
    }
}

/// One funder's grant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Funding {
    /// Who.
    pub funder: Funder,
    /// How much, in cents.
    pub amount_cents: i64,
}

/// A reporting period (both days included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
}

impl Period {
    /// Whether `d` lies in the period.
    pub fn holds(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }
}

/// A project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// The name, as trajectories name it.
    pub name: String,
    /// First day.
    pub starts_on: Date,
    /// Last day.
    pub ends_on: Date,
    /// The eligible-cost budget, in cents.
    pub eligible_costs_cents: i64,
    /// The grants.
    pub funders: Vec<Funding>,
    /// The reporting periods, in order.
    pub periods: Vec<Period>,
    /// The subsidy conditions, in words.
    #[serde(default)]
    pub conditions: String,
}

/// The largest amount a project's budget or one grant may state: EUR 10 billion, a thousand times the largest
/// return programme's yearly budget — a bound against typing errors and overflow, not a rule of law.
pub const MAX_PROJECT_CENTS: i64 = 1_000_000_000_000;

fn err<T>(field: &'static str, message: Problem) -> Result<T, InputError> {
    Err(InputError::new(field, message))
}

impl Project {
    /// Checks a project: a name, a span, a budget, grants within it, periods inside the span in order without
    /// overlap, and the return subsidy's share of the eligible costs within the policy's maximum on the
    /// project's first day (50% under SVT, 2016; unknown under OZV — then not checked, and said so).
    pub fn validate(&self, policy: &Policy) -> Result<Option<Problem>, InputError> {
        if self.name.trim().is_empty() || self.name.chars().count() > 200 {
            return refuse("name", "problem-give-project-name");
        }
        if self.ends_on < self.starts_on {
            return refuse("ends_on", "problem-before-start");
        }
        if self.eligible_costs_cents <= 0 {
            return refuse("eligible_costs_cents", "problem-not-positive");
        }
        if self.eligible_costs_cents > MAX_PROJECT_CENTS {
            return err(
                "eligible_costs_cents",
                Problem::new("problem-more-than-amount").with("max", Arg::Cents(MAX_PROJECT_CENTS)),
            );
        }
        if self.conditions.chars().count() > 5000 {
            return err(
                "conditions",
                Problem::new("problem-at-most-characters").with("max", 5000u32),
            );
        }
        let mut total: i64 = 0;
        for f in &self.funders {
            if f.amount_cents <= 0 {
                return refuse("funders", "problem-grant-not-positive");
            }
            if f.amount_cents > MAX_PROJECT_CENTS {
                return err(
                    "funders",
                    Problem::new("problem-more-than-amount").with("max", Arg::Cents(MAX_PROJECT_CENTS)),
                );
            }
            total = total.checked_add(f.amount_cents).unwrap_or(i64::MAX);
        }
        if total > self.eligible_costs_cents {
            return refuse("funders", "problem-grants-exceed-costs");
        }
        let mut last: Option<Date> = None;
        for p in &self.periods {
            if p.to < p.from || p.from < self.starts_on || p.to > self.ends_on {
                return err(
                    "periods",
                    Problem::new("problem-period-outside")
                        .with("from", p.from)
                        .with("to", p.to),
                );
            }
            if last.is_some_and(|l| p.from <= l) {
                return err(
                    "periods",
                    Problem::new("problem-period-overlaps")
                        .with("from", p.from)
                        .with("to", p.to),
                );
            }
            last = Some(p.to);
        }
        let subsidy: i64 = self
            .funders
            .iter()
            .filter(|f| f.funder == Funder::ReturnSubsidy)
            .map(|f| f.amount_cents)
            // Saturating: two grants near i64::MAX once wrapped negative and passed the share rule.
            .fold(0i64, i64::saturating_add);
        let Ok(p) = policy.at(self.starts_on) else {
            return Ok(Some(Problem::new("problem-no-policy-on-start")));
        };
        let max = p.int(ParamId::SubsidyCofinancingMaxPct);
        match max.value {
            // subsidy / eligible <= pct / 100, in integers: subsidy * 100 <= pct * eligible.
            Some(pct)
                if i128::from(subsidy) * 100 > i128::from(pct) * i128::from(self.eligible_costs_cents) =>
            {
                err(
                    "funders",
                    Problem::new("problem-subsidy-share")
                        .with("pct", pct)
                        .with("citation", max.citation()),
                )
            }
            Some(_) => Ok(None),
            None => Ok(Some(
                Problem::new("problem-share-unknown").with("citation", max.citation()),
            )),
        }
    }
}

/// What the report needs of one participant's file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Participant {
    /// The client's number (the report names no one).
    pub client_id: i64,
    /// The trajectory's first day.
    pub started: Option<Date>,
    /// The closure: how and when, and who organised a departure.
    pub closed: Option<(ClosureOutcome, Date, Option<DepartedWith>)>,
    /// Registrations with DT&V: status, sent on, decided on.
    pub verifications: Vec<(VerificationStatus, Option<Date>, Option<Date>)>,
    /// Monitoring conversations: held on, category, overall score (per mille).
    pub visits: Vec<(Date, Outcome, Option<u32>)>,
    /// The in-kind ledger.
    pub items: Vec<Item>,
}

/// The project's report for one period.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// Participants active in the period (started by its end, not closed before its start).
    pub participants: usize,
    /// Of which started in the period.
    pub started: usize,
    /// Registrations sent to DT&V in the period.
    pub verifications_sent: usize,
    /// Verified by DT&V in the period.
    pub verified: usize,
    /// Refused by DT&V in the period.
    pub refused: usize,
    /// Departures in the period: with IOM, with the NGO, on own means, not said.
    pub departures: [usize; 4],
    /// Other closures in the period, by outcome (stored name), sorted.
    pub other_closures: Vec<(&'static str, usize)>,
    /// Departures per month (YYYY-MM) in the period.
    pub departures_by_month: Vec<(String, usize)>,
    /// Monitoring conversations held in the period, by category (the four, in order).
    pub monitoring: [usize; 4],
    /// The mean overall sustainability score of those conversations (per mille, half up), if any.
    pub mean_score: Option<u32>,
    /// In-kind spent in the period, by category (cents), in category order; only categories with spending.
    pub costs: Vec<(Category, i64)>,
    /// Of which cash.
    pub cash_cents: i64,
    /// In-kind spent in the period, in total.
    pub spent_cents: i64,
    /// Per participant active in the period (cents, half up).
    pub per_participant_cents: i64,
    /// In-kind per participant in the period: client number and cents spent (those with spending).
    pub by_participant: Vec<(i64, i64)>,
    /// Spent since the project began up to the period's end: the budget used.
    pub spent_to_date_cents: i64,
}

/// `a / b` rounded half up (`b` > 0, both non-negative).
pub fn div_half_up(a: i64, b: i64) -> i64 {
    if b <= 0 {
        return 0;
    }
    (a * 2 + b) / (b * 2)
}

/// The report for `period` over `participants`.
pub fn report(project: &Project, period: Period, participants: &[Participant]) -> Report {
    let mut r = Report::default();
    let mut months: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut other: std::collections::BTreeMap<&'static str, usize> = std::collections::BTreeMap::new();
    let mut costs: std::collections::BTreeMap<Category, i64> = std::collections::BTreeMap::new();
    let (mut score_sum, mut score_n) = (0u64, 0u64);
    for p in participants {
        let Some(started) = p.started else { continue };
        let closed_before = p.closed.is_some_and(|(_, on, _)| on < period.from);
        let active = started <= period.to && !closed_before;
        if active {
            r.participants += 1;
            if period.holds(started) {
                r.started += 1;
            }
        }
        for (status, sent, decided) in &p.verifications {
            if sent.is_some_and(|d| period.holds(d)) {
                r.verifications_sent += 1;
            }
            if decided.is_some_and(|d| period.holds(d)) {
                match status {
                    VerificationStatus::Verified => r.verified += 1,
                    VerificationStatus::Refused => r.refused += 1,
                    _ => {}
                }
            }
        }
        if let Some((outcome, on, with)) = p.closed
            && period.holds(on)
        {
            if outcome == ClosureOutcome::Departed {
                let i = match with {
                    Some(DepartedWith::Iom) => 0,
                    Some(DepartedWith::Ngo) => 1,
                    Some(DepartedWith::Own) => 2,
                    None => 3,
                };
                r.departures[i] += 1;
                let (y, m, _) = on.ymd();
                *months.entry(format!("{y:04}-{m:02}")).or_default() += 1;
            } else {
                *other.entry(closure_name(outcome)).or_default() += 1;
            }
        }
        for (held, category, score) in &p.visits {
            if period.holds(*held) {
                let i = Outcome::ALL.iter().position(|c| c == category).unwrap_or(0);
                r.monitoring[i] += 1;
                if let Some(s) = score {
                    score_sum += u64::from(*s);
                    score_n += 1;
                }
            }
        }
        let mut mine = 0i64;
        for item in p.items.iter().filter(|i| i.status == ItemStatus::Spent) {
            if item.on <= period.to && item.on >= project.starts_on {
                r.spent_to_date_cents += item.amount_cents;
            }
            if period.holds(item.on) {
                *costs.entry(item.category).or_default() += item.amount_cents;
                r.spent_cents += item.amount_cents;
                mine += item.amount_cents;
                if item.cash {
                    r.cash_cents += item.amount_cents;
                }
            }
        }
        if mine > 0 {
            r.by_participant.push((p.client_id, mine));
        }
    }
    r.by_participant.sort();
    r.departures_by_month = months.into_iter().collect();
    r.other_closures = other.into_iter().collect();
    r.costs = costs.into_iter().collect();
    r.mean_score = (score_n > 0).then(|| ((score_sum * 2 + score_n) / (score_n * 2)) as u32);
    r.per_participant_cents = div_half_up(r.spent_cents, r.participants as i64);
    r
}

fn closure_name(o: ClosureOutcome) -> &'static str {
    match o {
        ClosureOutcome::Departed => "departed",
        ClosureOutcome::NotReturning => "not_returning",
        ClosureOutcome::HandedToAvim => "handed_to_avim",
        ClosureOutcome::Absconded => "absconded",
        ClosureOutcome::VerificationWithdrawn => "verification_withdrawn",
        ClosureOutcome::LeftReception => "left_reception",
        ClosureOutcome::ObtainedResidence => "obtained_residence",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn project(subsidy: i64, eligible: i64, start: &str) -> Project {
        Project {
            name: "Met Opgeheven Hoofd".into(),
            starts_on: d(start),
            ends_on: d("2027-12-31"),
            eligible_costs_cents: eligible,
            funders: vec![
                Funding {
                    funder: Funder::ReturnSubsidy,
                    amount_cents: subsidy,
                },
                Funding {
                    funder: Funder::Amif,
                    amount_cents: eligible - subsidy,
                },
            ],
            periods: vec![Period {
                from: d(start),
                to: d("2016-12-31").max(d(start)),
            }],
            conditions: String::new(),
        }
    }

    /// SVT (2016): at most 50% of the eligible costs, to the cent; under OZV the share is unknown: not checked,
    /// and said so.
    #[test]
    fn the_svt_share() {
        let p = terugkeer_rules::policy::builtin().unwrap();
        assert_eq!(
            project(5_000_000, 10_000_000, "2016-04-01").validate(&p),
            Ok(None)
        );
        let e = project(5_000_001, 10_000_000, "2016-04-01")
            .validate(&p)
            .unwrap_err();
        assert_eq!(e.field, "funders");
        assert!(
            terugkeer_text::Tr::english(&e.message).contains("at most 50%"),
            "{}",
            e.message
        );
        let mut ozv = project(9_000_000, 10_000_000, "2020-01-01");
        ozv.periods.clear();
        let note = ozv.validate(&p).unwrap().unwrap();
        assert!(terugkeer_text::Tr::english(&note).contains("not known"), "{note}");
        let mut over = project(5_000_000, 10_000_000, "2016-04-01");
        over.funders.push(Funding {
            funder: Funder::Other,
            amount_cents: 1,
        });
        assert_eq!(over.validate(&p).unwrap_err().field, "funders");
    }

    /// Two grants of i64::MAX once wrapped the subsidy's sum negative and passed the 50% rule; absurd amounts are
    /// refused by name, and sums never wrap.
    #[test]
    fn amounts_are_bounded_and_never_wrap() {
        let p = terugkeer_rules::policy::builtin().unwrap();
        let mut huge = project(5_000_000, 10_000_000, "2016-04-01");
        huge.eligible_costs_cents = i64::MAX;
        huge.funders = vec![
            Funding {
                funder: Funder::ReturnSubsidy,
                amount_cents: i64::MAX,
            },
            Funding {
                funder: Funder::ReturnSubsidy,
                amount_cents: i64::MAX,
            },
        ];
        let e = huge.validate(&p).unwrap_err();
        assert_eq!(e.field, "eligible_costs_cents");
        huge.eligible_costs_cents = MAX_PROJECT_CENTS;
        let e = huge.validate(&p).unwrap_err();
        assert_eq!(e.field, "funders");
        assert!(
            terugkeer_text::Tr::english(&e.message).contains("more than"),
            "{}",
            e.message
        );
        // Within the bound, the share rule still sees the true sum.
        huge.funders = vec![Funding {
            funder: Funder::ReturnSubsidy,
            amount_cents: MAX_PROJECT_CENTS / 2 + 1,
        }];
        let e = huge.validate(&p).unwrap_err();
        assert!(
            terugkeer_text::Tr::english(&e.message).contains("at most 50%"),
            "{}",
            e.message
        );
    }

    fn spent(cat: Category, cents: i64, on: &str, cash: bool) -> Item {
        Item {
            category: cat,
            supplier: "x".into(),
            on: d(on),
            amount_cents: cents,
            cash,
            status: ItemStatus::Spent,
            receipt: "r".into(),
            note: String::new(),
        }
    }

    /// A hand-computed fixture: three participants over the second half of 2016.
    #[test]
    fn a_period_by_hand() {
        let proj = project(5_000_000, 10_000_000, "2016-01-01");
        let period = Period {
            from: d("2016-07-01"),
            to: d("2016-12-31"),
        };
        let people = vec![
            // Started before, departed with IOM in August, verified in July; spent 1,000.00 + 250.50 cash in the
            // period and 300.00 before it.
            Participant {
                client_id: 1,
                started: Some(d("2016-05-01")),
                closed: Some((ClosureOutcome::Departed, d("2016-08-15"), Some(DepartedWith::Iom))),
                verifications: vec![(
                    VerificationStatus::Verified,
                    Some(d("2016-06-20")),
                    Some(d("2016-07-02")),
                )],
                visits: vec![],
                items: vec![
                    spent(Category::Business, 100_000, "2016-07-10", false),
                    spent(Category::Housing, 25_050, "2016-08-01", true),
                    spent(Category::Business, 30_000, "2016-06-01", false),
                ],
            },
            // Started in the period, absconded in November; sent to DT&V in September (no answer yet).
            Participant {
                client_id: 2,
                started: Some(d("2016-09-01")),
                closed: Some((ClosureOutcome::Absconded, d("2016-11-30"), None)),
                verifications: vec![(VerificationStatus::Submitted, Some(d("2016-09-05")), None)],
                visits: vec![],
                items: vec![spent(Category::Education, 49_950, "2016-10-01", false)],
            },
            // Closed before the period: not a participant of it; its monitoring in the period still counts.
            Participant {
                client_id: 3,
                started: Some(d("2015-10-01")),
                closed: Some((ClosureOutcome::Departed, d("2016-01-10"), Some(DepartedWith::Ngo))),
                verifications: vec![],
                visits: vec![
                    (d("2016-07-10"), Outcome::PartlyGoodProspects, Some(750)),
                    (d("2016-12-01"), Outcome::FullyRealised, Some(666)),
                ],
                items: vec![],
            },
        ];
        let r = report(&proj, period, &people);
        assert_eq!((r.participants, r.started), (2, 1));
        assert_eq!((r.verifications_sent, r.verified, r.refused), (1, 1, 0));
        assert_eq!(r.departures, [1, 0, 0, 0]);
        assert_eq!(r.departures_by_month, vec![("2016-08".to_owned(), 1)]);
        assert_eq!(r.other_closures, vec![("absconded", 1)]);
        assert_eq!(r.monitoring, [1, 1, 0, 0]);
        // (750 + 666) / 2 = 708.
        assert_eq!(r.mean_score, Some(708));
        // 1,000.00 + 250.50 + 499.50 = 1,750.00; per participant 875.00; cash 250.50.
        assert_eq!(r.spent_cents, 175_000);
        assert_eq!(r.per_participant_cents, 87_500);
        assert_eq!(r.cash_cents, 25_050);
        assert_eq!(
            r.costs,
            vec![
                (Category::Business, 100_000),
                (Category::Housing, 25_050),
                (Category::Education, 49_950)
            ]
        );
        assert_eq!(r.by_participant, vec![(1, 125_050), (2, 49_950)]);
        // Budget used to date includes June's 300.00.
        assert_eq!(r.spent_to_date_cents, 205_000);
    }

    #[test]
    fn halves_round_up() {
        assert_eq!(div_half_up(1, 2), 1);
        assert_eq!(div_half_up(1, 3), 0);
        assert_eq!(div_half_up(2, 3), 1);
        assert_eq!(div_half_up(100, 0), 0);
    }
}
