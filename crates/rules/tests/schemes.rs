//! Support schemes as separate dated policies (issue 25 part 5): the NGO scheme (SVT/OZV) as before when no
//! scheme is named, the EU programme EURP from its start (July 2022) with its own caps, and IOM's AVRR-NL whose
//! amounts have no known start date and so stay unknown. Expected amounts come from
//! `../shared/research/law-update-2026.md` §3 and `domain.md`, not from the program.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use serde_json::{Value, json};
use terugkeer_rules::policy::{self, BUILTIN_FILES};
use terugkeer_rules::{Facts, Lang, assess};

static POLICY: std::sync::LazyLock<policy::Policy> =
    std::sync::LazyLock::new(|| policy::builtin().expect("built-in policy loads"));

fn run(facts: Value) -> Value {
    let f = Facts::from_value(facts).unwrap();
    serde_json::to_value(assess(&f, &POLICY, Lang::Nl).unwrap()).unwrap()
}

fn case(as_of: &str, scheme: Option<&str>, minor: bool) -> Value {
    let mut f = json!({"as_of": as_of, "country": "AF", "asylum_rejected_on": "2022-01-10", "setting": "elders",
        "in_kind_eur": 1200, "minor": minor});
    if let Some(s) = scheme {
        f["support_scheme"] = json!(s);
    }
    f
}

#[test]
fn no_scheme_is_the_ngo_scheme_and_keeps_every_earlier_answer() {
    let plain = run(case("2024-01-10", None, false));
    let ozv = run(case("2024-01-10", Some("ozv"), false));
    // OZV 2023: EUR 1,800 per adult (geld.toml, from the DT&V page).
    assert_eq!(plain["in_kind"]["cap_eur"], json!(1800.0));
    assert_eq!(plain["in_kind"]["scheme"], "ozv");
    assert_eq!(plain["in_kind"]["post_arrival_eur"], Value::Null);
    for k in ["cap_eur", "within", "cash_cap_eur", "citation", "reason"] {
        assert_eq!(plain["in_kind"][k], ozv["in_kind"][k], "{k}");
    }
    // Naming the scheme is a new fact: its own hash; leaving it out keeps the old one.
    assert_ne!(plain["receipt"]["facts_hash"], ozv["receipt"]["facts_hash"]);
}

#[test]
fn eurp_from_its_start_with_its_own_caps() {
    // The day before EURP began: no rule in force.
    let before = run(case("2022-06-30", Some("eurp"), false));
    assert_eq!(before["in_kind"]["cap_eur"], Value::Null);
    assert_eq!(before["in_kind"]["within"], Value::Null);
    // From 1 July 2022: EUR 2,000 per adult, EUR 1,000 per minor in a family, EUR 615 on arrival.
    for day in ["2022-07-01", "2022-07-02", "2026-12-05"] {
        let adult = run(case(day, Some("eurp"), false));
        assert_eq!(adult["in_kind"]["cap_eur"], json!(2000.0), "{day}");
        assert_eq!(adult["in_kind"]["within"], json!(true), "{day}");
        assert_eq!(adult["in_kind"]["post_arrival_eur"], json!(615.0), "{day}");
        let minor = run(case(day, Some("eurp"), true));
        assert_eq!(minor["in_kind"]["cap_eur"], json!(1000.0), "{day}");
        assert_eq!(
            minor["in_kind"]["within"],
            json!(false),
            "1,200 exceeds a minor's 1,000 ({day})"
        );
    }
    // The NGO scheme on the same day has its own cap.
    assert_eq!(
        run(case("2022-07-01", None, false))["in_kind"]["cap_eur"],
        json!(1500.0)
    );
}

#[test]
fn iom_amounts_without_a_start_date_stay_unknown_and_say_so() {
    let a = run(case("2026-12-05", Some("iom_avrr"), false));
    assert_eq!(a["in_kind"]["cap_eur"], Value::Null);
    assert_eq!(a["in_kind"]["within"], Value::Null);
    assert_eq!(a["in_kind"]["post_arrival_eur"], Value::Null);
    let reason = a["in_kind"]["reason"].as_str().unwrap();
    assert!(
        reason.contains("IOM AVRR-NL") && reason.contains("Beleid"),
        "{reason}"
    );
    // A cash part has no cap under IOM's scheme: undetermined, with a warning.
    let mut f = case("2026-12-05", Some("iom_avrr"), false);
    f["cash_eur"] = json!(100);
    let a = run(f);
    assert_eq!(a["in_kind"]["cash_within"], Value::Null);
    // An organisation that knows the date adds the amount as its own value.
    let local = "[[iom_avrr_in_kind_max_eur_adult.values]]\nfrom = 2025-09-02\nvalue = 2000\n\
                 citation = \"IOM NL: EUR 2.000 per volwassene (datum bevestigd door IOM, fictief)\"\n\
                 source = \"Brief IOM (fictief)\"\nconfidence = \"S\"\n";
    let p = POLICY.with_local("org.toml", local).unwrap();
    let f = Facts::from_value(case("2025-09-02", Some("iom_avrr"), false)).unwrap();
    let a = serde_json::to_value(assess(&f, &p, Lang::Nl).unwrap()).unwrap();
    assert_eq!(a["in_kind"]["cap_eur"], json!(2000.0));
    let f = Facts::from_value(case("2025-09-01", Some("iom_avrr"), false)).unwrap();
    let a = serde_json::to_value(assess(&f, &p, Lang::Nl).unwrap()).unwrap();
    assert_eq!(a["in_kind"]["cap_eur"], Value::Null, "the day before its date");
}

#[test]
fn an_unknown_scheme_is_refused_naming_the_field() {
    let e = Facts::from_value(case("2024-01-10", Some("unhcr"), false)).unwrap_err();
    assert_eq!(e.field, "support_scheme");
    assert!(BUILTIN_FILES.iter().any(|(n, _)| *n == "regelingen.toml"));
}
