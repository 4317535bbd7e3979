//! The in-kind support of one participant's trajectory: a ledger of planned and spent items held against the
//! cap of the policy in force when the trajectory started (EUR 1500 per person in 2016; EUR 1800 per adult and
//! EUR 2800 per minor, of which at most EUR 300 cash, under the later OZV pages — `policy/geld.toml`).
//!
//! Money is integer cents throughout, never floating point. There is no rounding anywhere: an amount is
//! entered in whole cents (a third decimal is refused at the edge), sums are exact integer additions that
//! refuse to overflow, and every figure shown is the exact number of cents.
//!
//! Choices where the policy is silent, written down:
//! - **The household's budget.** The cap counts every person of the household on file — the client and each
//!   household member — with the adult's or the minor's cap by their age on the day the trajectory started
//!   (the policy speaks "per person", "per adult", "per minor"). A person whose age cannot be told counts only
//!   when both caps are equal; otherwise a booking is refused naming `date_of_birth`.
//! - **Cash** is the cash cap per adult of the household (the 2023 page: "per adult … of which at most EUR
//!   300 cash"). Where the policy does not know the cash cap (OZV 2019), a cash booking is refused rather than
//!   allowed on a guess.
//! - **Committed amount.** A planned item counts with its planned amount, a spent one with what was spent, a
//!   cancelled one not at all — so a plan cannot outrun the cap before anything is bought.

use serde::{Deserialize, Serialize};
use terugkeer_rules::policy::ParamId;
use terugkeer_rules::vocab::SupportScheme;
use terugkeer_rules::{Date, Policy};

use crate::client::{InputError, refuse};
use terugkeer_rules::problem::{Arg, Problem};

/// What an item is for (the study's examples of in-kind support: a business, housing, schooling, care).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Starting or running a small business (stock, tools, a market stall).
    Business,
    /// Rent, repairs, furniture.
    Housing,
    /// Training, school fees.
    Education,
    /// Medicines, treatment, aids (e.g. a wheelchair).
    Medical,
    /// Goods taken along, transport of goods.
    Travel,
    /// Anything else (say what in the note).
    Other,
}

impl Category {
    /// Every category, in the order forms list them.
    pub const ALL: [Category; 6] = [
        Category::Business,
        Category::Housing,
        Category::Education,
        Category::Medical,
        Category::Travel,
        Category::Other,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Business => "business",
            Category::Housing => "housing",
            Category::Education => "education",
            Category::Medical => "medical",
            Category::Travel => "travel",
            Category::Other => "other",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// Planned: counts with its amount.
    Planned,
    /// Bought or paid: counts with what was spent.
    Spent,
    /// Cancelled: counts no more (kept for the record).
    Cancelled,
}

impl ItemStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Planned => "planned",
            ItemStatus::Spent => "spent",
            ItemStatus::Cancelled => "cancelled",
        }
    }
}

/// One booking of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// What it is for.
    pub category: Category,
    /// Who supplies it (shop, school, landlord).
    pub supplier: String,
    /// Planned for, or bought on.
    pub on: Date,
    /// The amount in cents (planned, or spent once `status` is `spent`).
    pub amount_cents: i64,
    /// Paid in cash to the participant (capped separately).
    #[serde(default)]
    pub cash: bool,
    /// Where it stands.
    pub status: ItemStatus,
    /// The receipt's reference (number, or the name of the scan in the file); required once spent.
    #[serde(default)]
    pub receipt: String,
    /// A few words.
    #[serde(default)]
    pub note: String,
}

/// Longest free text of an item.
pub const TEXT_MAX: usize = 500;

/// The caps of one participant's trajectory, with the rule that sets them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caps {
    /// The in-kind cap for the household in cents (`None`: cannot be told — see `unknown`).
    pub in_kind: Option<i64>,
    /// The cash cap in cents (`None`: the policy does not know it).
    pub cash: Option<i64>,
    /// Adults and minors counted.
    pub adults: u32,
    /// Minors counted.
    pub minors: u32,
    /// Why the in-kind cap cannot be told, naming the missing fact.
    pub unknown: Option<&'static str>,
    /// The rule of the in-kind cap (the adult's; the minor's when only minors count).
    pub citation: String,
    /// The rule of the cash cap.
    pub cash_citation: String,
}

/// The caps for a household whose members were born on `births` (`None`: unknown), for a trajectory that
/// started on `started`, from the policy in force that day.
pub fn caps(policy: &Policy, started: Date, births: &[Option<Date>]) -> Caps {
    caps_for(policy, SupportScheme::Ozv, started, births)
}

/// [`caps`] under a trajectory's support scheme: IOM's and the EU programme's caps per person, and no cash
/// part of their own (the NGO scheme's cash cap does not apply to them).
pub fn caps_for(policy: &Policy, scheme: SupportScheme, started: Date, births: &[Option<Date>]) -> Caps {
    let Ok(p) = policy.at(started) else {
        return Caps {
            in_kind: None,
            cash: None,
            adults: 0,
            minors: 0,
            unknown: Some("policy"),
            citation: String::new(),
            cash_citation: String::new(),
        };
    };
    let (adult, minor) = match scheme {
        SupportScheme::Ozv => (ParamId::InKindMaxAdult, ParamId::InKindMaxMinor),
        SupportScheme::IomAvrr => (ParamId::IomAvrrInKindMaxAdult, ParamId::IomAvrrInKindMaxMinor),
        SupportScheme::Eurp => (ParamId::EurpInKindMaxAdult, ParamId::EurpInKindMaxMinor),
    };
    let adult = p.money(adult);
    let minor = p.money(minor);
    let cash = match scheme {
        SupportScheme::Ozv => p.money(ParamId::CashMax),
        _ => terugkeer_rules::policy::Read {
            value: None,
            dated: None,
            param: ParamId::CashMax,
        },
    };
    let (mut adults, mut minors, mut unknown_age) = (0u32, 0u32, 0u32);
    for b in births {
        match b {
            Some(dob) if dob.add_years(18) > started => minors += 1,
            Some(_) => adults += 1,
            None => unknown_age += 1,
        }
    }
    // An unknown age counts only when it makes no difference.
    let same = adult.value.is_some() && adult.value == minor.value;
    let (adults, unknown) = if unknown_age > 0 && same {
        (adults + unknown_age, None)
    } else if unknown_age > 0 {
        (adults, Some("date_of_birth"))
    } else {
        (adults, None)
    };
    let total = |cap: Option<terugkeer_rules::vocab::Cents>, n: u32| -> Option<i64> {
        if n == 0 {
            Some(0)
        } else {
            cap.and_then(|c| c.0.checked_mul(i64::from(n)))
        }
    };
    let in_kind = match (unknown, total(adult.value, adults), total(minor.value, minors)) {
        (None, Some(a), Some(m)) => a.checked_add(m),
        _ => None,
    };
    let unknown = unknown.or(if in_kind.is_none() { Some("policy") } else { None });
    let citation = if adults == 0 && minors > 0 {
        minor.citation()
    } else {
        adult.citation()
    };
    Caps {
        in_kind,
        cash: total(cash.value, adults),
        adults,
        minors,
        unknown,
        citation: citation.to_owned(),
        cash_citation: cash.citation().to_owned(),
    }
}

/// What an item weighs against the cap now.
pub fn committed(item: &Item) -> i64 {
    match item.status {
        ItemStatus::Cancelled => 0,
        ItemStatus::Planned | ItemStatus::Spent => item.amount_cents,
    }
}

/// The ledger's totals: committed in kind (all non-cancelled items, cash included, since the cash part is
/// part of the support), committed in cash, and spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// Planned and spent, cents.
    pub committed: i64,
    /// Of which cash.
    pub cash: i64,
    /// Spent, cents.
    pub spent: i64,
}

/// Sums `items` exactly (`None` on overflow, which validation makes impossible in practice).
pub fn totals<'a>(items: impl IntoIterator<Item = &'a Item>) -> Option<Totals> {
    let mut t = Totals::default();
    for i in items {
        let c = committed(i);
        t.committed = t.committed.checked_add(c)?;
        if i.cash {
            t.cash = t.cash.checked_add(c)?;
        }
        if i.status == ItemStatus::Spent {
            t.spent = t.spent.checked_add(i.amount_cents)?;
        }
    }
    Some(t)
}

fn err<T>(field: &'static str, message: Problem) -> Result<T, InputError> {
    Err(InputError::new(field, message))
}

/// Euros for a message: `1.234,56` (exact, Dutch grouping as the forms accept).
pub fn euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    let whole = (c / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    format!("{sign}EUR {grouped},{:02}", c % 100)
}

/// Checks `item` on its own: a positive amount, texts within bounds, a receipt once spent, not in the
/// future unless planned.
pub fn validate(item: &Item, today: Date) -> Result<(), InputError> {
    if item.amount_cents <= 0 {
        return refuse("amount_cents", "problem-not-positive");
    }
    if item.supplier.trim().is_empty() {
        return refuse("supplier", "problem-say-supplier");
    }
    for (field, text) in [
        ("supplier", &item.supplier),
        ("receipt", &item.receipt),
        ("note", &item.note),
    ] {
        if text.chars().count() > TEXT_MAX {
            return err(
                field,
                Problem::new("problem-at-most-characters").with("max", TEXT_MAX),
            );
        }
    }
    if item.status == ItemStatus::Spent {
        if item.receipt.trim().is_empty() {
            return refuse("receipt", "problem-spent-needs-receipt");
        }
        if item.on > today {
            return refuse("on", "problem-after-today");
        }
    }
    if item.category == Category::Other && item.note.trim().is_empty() {
        return refuse("note", "problem-say-what-for");
    }
    Ok(())
}

/// Whether `item` may be booked beside `others` (the other items of the ledger, without the one it replaces)
/// under `caps`: refused over the in-kind cap or the cash cap, with the rule and the room that remains.
pub fn check_booking(item: &Item, others: &[Item], caps: &Caps, today: Date) -> Result<(), InputError> {
    validate(item, today)?;
    if committed(item) == 0 {
        return Ok(()); // cancelling never breaks a cap
    }
    let Some(before) = totals(others) else {
        return refuse("amount_cents", "problem-ledger-out-of-range");
    };
    let Some(cap) = caps.in_kind else {
        return match caps.unknown {
            Some("date_of_birth") => refuse("date_of_birth", "problem-cap-needs-birth-dates"),
            _ => refuse("amount_cents", "problem-no-in-kind-cap"),
        };
    };
    let after = before
        .committed
        .checked_add(item.amount_cents)
        .unwrap_or(i64::MAX);
    if after > cap {
        return err(
            "amount_cents",
            Problem::new("problem-over-in-kind-cap")
                .with("cap", Arg::Cents(cap))
                .with("citation", caps.citation.as_str())
                .with("remains", Arg::Cents((cap - before.committed).max(0))),
        );
    }
    if item.cash {
        let Some(cash_cap) = caps.cash else {
            return err(
                "cash",
                Problem::new("problem-no-cash-cap").with("citation", caps.cash_citation.as_str()),
            );
        };
        let cash_after = before.cash.checked_add(item.amount_cents).unwrap_or(i64::MAX);
        if cash_after > cash_cap {
            return err(
                "cash",
                Problem::new("problem-over-cash-cap")
                    .with("cap", Arg::Cents(cash_cap))
                    .with("citation", caps.cash_citation.as_str())
                    .with("remains", Arg::Cents((cash_cap - before.cash).max(0))),
            );
        }
    }
    Ok(())
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

    fn item(cents: i64, cash: bool) -> Item {
        Item {
            category: Category::Business,
            supplier: "Groothandel".into(),
            on: d("2026-11-01"),
            amount_cents: cents,
            cash,
            status: ItemStatus::Planned,
            receipt: String::new(),
            note: String::new(),
        }
    }

    /// 2016: EUR 1500 per person, nothing in cash. Exactly the cap is fine; one cent more is refused with the
    /// rule and the room left.
    #[test]
    fn the_2016_cap_to_the_cent() {
        let today = d("2026-11-29");
        let caps = caps(&policy(), d("2016-06-01"), &[Some(d("1980-01-01"))]);
        assert_eq!((caps.in_kind, caps.cash), (Some(150_000), Some(0)));
        assert!(caps.citation.contains("2.3.3.1"), "{}", caps.citation);
        let booked = vec![item(100_000, false)];
        assert!(check_booking(&item(50_000, false), &booked, &caps, today).is_ok());
        let e = check_booking(&item(50_001, false), &booked, &caps, today).unwrap_err();
        assert_eq!(e.field, "amount_cents");
        assert_eq!(e.message.id, "problem-over-in-kind-cap");
        assert_eq!(e.message.arg("cap"), Some(&Arg::Cents(150_000)));
        assert_eq!(e.message.arg("remains"), Some(&Arg::Cents(50_000)));
        let said = terugkeer_text::Tr {
            lang: terugkeer_rules::Lang::Nl,
        }
        .problem(&e.message);
        assert!(
            said.contains("€ 1.500,00") && said.contains("er is nog € 500,00 over"),
            "{said}"
        );
        // No cash at all in 2016.
        assert_eq!(
            check_booking(&item(1, true), &[], &caps, today)
                .unwrap_err()
                .field,
            "cash"
        );
        // A cancelled item frees its room.
        let mut cancelled = item(100_000, false);
        cancelled.status = ItemStatus::Cancelled;
        assert!(check_booking(&item(150_000, false), &[cancelled], &caps, today).is_ok());
    }

    /// 2023: an adult and a minor: 1800 + 2800 in kind, 300 cash (per adult).
    #[test]
    fn a_household_under_ozv_2023() {
        let today = d("2026-11-29");
        let caps = caps(
            &policy(),
            d("2026-10-01"),
            &[Some(d("1990-05-05")), Some(d("2015-02-02"))],
        );
        assert_eq!((caps.adults, caps.minors), (1, 1));
        assert_eq!((caps.in_kind, caps.cash), (Some(460_000), Some(30_000)));
        assert!(check_booking(&item(30_000, true), &[], &caps, today).is_ok());
        let e = check_booking(&item(30_001, true), &[], &caps, today).unwrap_err();
        assert_eq!(e.field, "cash");
        assert_eq!(e.message.arg("cap"), Some(&Arg::Cents(30_000)), "{}", e.message);
        let e = check_booking(&item(460_001, false), &[], &caps, today).unwrap_err();
        assert_eq!(e.message.arg("cap"), Some(&Arg::Cents(460_000)), "{}", e.message);
        // A minor turns adult on the 18th birthday: counted by age on the trajectory's first day.
        let turning = caps_for("2008-10-01", "2026-10-01");
        assert_eq!((turning.adults, turning.minors), (1, 0));
        let not_yet = caps_for("2008-10-02", "2026-10-01");
        assert_eq!((not_yet.adults, not_yet.minors), (0, 1));
    }

    fn caps_for(born: &str, started: &str) -> Caps {
        caps(&policy(), d(started), &[Some(d(born))])
    }

    /// The same household under EURP (2,000 per adult, 1,000 per minor in a family, no cash part of its own)
    /// and under IOM AVRR-NL (amounts without a known start date: unknown).
    #[test]
    fn a_household_under_the_other_schemes() {
        let family = [Some(d("1990-05-05")), Some(d("2015-02-02"))];
        let eurp = super::caps_for(&policy(), SupportScheme::Eurp, d("2026-10-01"), &family);
        assert_eq!(
            (eurp.in_kind, eurp.cash, eurp.unknown),
            (Some(300_000), None, None)
        );
        let before = super::caps_for(&policy(), SupportScheme::Eurp, d("2022-06-30"), &family);
        assert_eq!(
            (before.in_kind, before.unknown),
            (None, Some("policy")),
            "before EURP began"
        );
        let iom = super::caps_for(&policy(), SupportScheme::IomAvrr, d("2026-10-01"), &family);
        assert_eq!((iom.in_kind, iom.unknown), (None, Some("policy")));
        assert!(iom.citation.contains("IOM"), "{}", iom.citation);
    }

    /// An unknown age: counted in 2016 (same cap for all), refused later (adult and minor differ).
    #[test]
    fn unknown_ages() {
        let today = d("2026-11-29");
        let old = caps(&policy(), d("2016-06-01"), &[None, None]);
        assert_eq!(old.in_kind, Some(300_000));
        let new = caps(&policy(), d("2026-10-01"), &[Some(d("1990-01-01")), None]);
        assert_eq!(new.in_kind, None);
        assert_eq!(
            check_booking(&item(100, false), &[], &new, today)
                .unwrap_err()
                .field,
            "date_of_birth"
        );
    }

    #[test]
    fn items_are_checked_on_their_own() {
        let today = d("2026-11-29");
        let caps = caps(&policy(), d("2016-06-01"), &[Some(d("1980-01-01"))]);
        assert_eq!(
            check_booking(&item(0, false), &[], &caps, today)
                .unwrap_err()
                .field,
            "amount_cents"
        );
        let mut spent = item(100, false);
        spent.status = ItemStatus::Spent;
        assert_eq!(
            check_booking(&spent, &[], &caps, today).unwrap_err().field,
            "receipt"
        );
        spent.receipt = "bon 17".into();
        assert!(check_booking(&spent, &[], &caps, today).is_ok());
        spent.on = d("2026-12-01");
        assert_eq!(check_booking(&spent, &[], &caps, today).unwrap_err().field, "on");
        let mut other = item(100, false);
        other.category = Category::Other;
        assert_eq!(
            check_booking(&other, &[], &caps, today).unwrap_err().field,
            "note"
        );
    }

    #[test]
    fn euros_are_exact() {
        assert_eq!(euros(0), "EUR 0,00");
        assert_eq!(euros(5), "EUR 0,05");
        assert_eq!(euros(150_000), "EUR 1.500,00");
        assert_eq!(euros(123_456_789), "EUR 1.234.567,89");
        assert_eq!(euros(-250), "-EUR 2,50");
    }
}
