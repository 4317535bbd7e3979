//! The Pact's border track (issue 25 part 4), tested apart from the code against
//! `../shared/research/law-update-2026.md` §2.1: from 2026-06-12 a rejection in the asylum border procedure is no
//! return decision (art. 45 lid 3 Vw); the return border procedure of Regulation 2024/1349 applies — at most 12
//! weeks, and a voluntary-departure period of at most 15 days *given in the return decision*.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use serde_json::{Value, json};
use terugkeer_rules::{Facts, Lang, assess, policy};

static POLICY: std::sync::LazyLock<policy::Policy> =
    std::sync::LazyLock::new(|| policy::builtin().expect("built-in policy loads"));

fn run(facts: Value) -> Value {
    let f = Facts::from_value(facts).unwrap();
    serde_json::to_value(assess(&f, &POLICY, Lang::Nl).unwrap()).unwrap()
}

fn rejected(on: &str, procedure: &str) -> Value {
    json!({"as_of": "2026-07-20", "country": "MA", "setting": "azc", "medical_impediment": false,
           "asylum_rejected_on": on, "procedure_type": procedure})
}

fn codes(a: &Value) -> Vec<String> {
    a["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_border_rejection_is_no_return_decision_from_2026_06_12() {
    // The day before: the regular track, 28 days (2026-06-11 + 28 = 2026-07-09, a Thursday).
    let before = run(rejected("2026-06-11", "border"));
    let d = &before["deadlines"];
    assert_eq!(
        (d["track"].clone(), d["term_start"].clone()),
        (json!("regular"), json!("2026-06-11"))
    );
    assert_eq!(d["departure_term_end"], "2026-07-09");
    assert_eq!(d["border_window_end"], Value::Null);
    // The day itself and the day after: no art. 62 term, no reception or support end tied to it.
    for (on, window_end) in [("2026-06-12", "2026-09-04"), ("2026-06-13", "2026-09-05")] {
        let a = run(rejected(on, "border"));
        let d = &a["deadlines"];
        assert_eq!(d["track"], "border", "{on}");
        assert_eq!(
            (
                d["term_start"].clone(),
                d["departure_term_end"].clone(),
                d["reception_end"].clone(),
                d["support_in_nl_end"].clone()
            ),
            (Value::Null, Value::Null, Value::Null, Value::Null),
            "{on}"
        );
        // 12 weeks = 84 days from the rejection.
        assert_eq!(d["border_window_end"], window_end, "{on}");
        // The period for voluntary departure is given in the return decision: unknown until recorded.
        assert_eq!(d["voluntary_departure_end"], Value::Null);
        assert_eq!(d["undetermined"], json!(["voluntary_departure_end"]));
        let start = d["trace"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["rule"] == "term_start")
            .unwrap();
        assert!(
            start["citation"]
                .as_str()
                .unwrap()
                .starts_with("art. 45 lid 3 Vw 2000"),
            "{start}"
        );
        assert!(
            start["reason"]
                .as_str()
                .unwrap()
                .contains("geen terugkeerbesluit"),
            "{start}"
        );
        assert!(!codes(&a).contains(&"departure_term_expired".to_owned()));
    }
    // Other procedures keep the regular track on the same day.
    for p in ["regular", "accelerated"] {
        assert_eq!(
            run(rejected("2026-06-12", p))["deadlines"]["track"],
            "regular",
            "{p}"
        );
    }
    // Unknown procedure type: the regular track (as before), nothing guessed about the border.
    let mut f = rejected("2026-06-12", "regular");
    f["procedure_type"] = Value::Null;
    assert_eq!(run(f)["deadlines"]["track"], "regular");
}

#[test]
fn the_voluntary_departure_period_as_given() {
    let mut f = rejected("2026-06-12", "border");
    f["return_decision_on"] = json!("2026-06-15");
    f["voluntary_departure_days"] = json!(15);
    let a = run(f.clone());
    assert_eq!(a["deadlines"]["voluntary_departure_end"], "2026-06-30");
    assert_eq!(a["deadlines"]["undetermined"], json!([]));
    assert!(
        codes(&a).contains(&"voluntary_departure_ended".to_owned()),
        "as_of 2026-07-20 is after 30 June"
    );
    assert!(!codes(&a).contains(&"voluntary_departure_over_max".to_owned()));
    // More than the 15 days the Regulation allows: kept as given, and named.
    f["voluntary_departure_days"] = json!(16);
    let a = run(f.clone());
    assert_eq!(a["deadlines"]["voluntary_departure_end"], "2026-07-01");
    assert!(codes(&a).contains(&"voluntary_departure_over_max".to_owned()));
    // A return decision without a period: unknown, never assumed to be 15 days.
    f.as_object_mut().unwrap().remove("voluntary_departure_days");
    let a = run(f.clone());
    assert_eq!(a["deadlines"]["voluntary_departure_end"], Value::Null);
    let vd = a["deadlines"]["trace"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["rule"] == "voluntary_departure_end")
        .unwrap();
    assert!(
        vd["reason"]
            .as_str()
            .unwrap()
            .contains("geen termijn voor vrijwillig vertrek"),
        "{vd}"
    );
    // Checked like every date: not after as_of, not before the rejection.
    f["return_decision_on"] = json!("2026-07-21");
    assert_eq!(
        Facts::from_value(f.clone()).unwrap_err().field,
        "return_decision_on"
    );
    f["return_decision_on"] = json!("2026-06-11");
    assert_eq!(Facts::from_value(f).unwrap_err().field, "return_decision_on");
}

/// The border-track inputs change the facts hash only when given: every earlier case keeps its receipt.
#[test]
fn the_new_inputs_leave_earlier_hashes_alone() {
    let plain = Facts::from_value(rejected("2026-06-12", "border")).unwrap();
    let mut f = rejected("2026-06-12", "border");
    f["return_decision_on"] = Value::Null;
    let with_null = Facts::from_value(f.clone()).unwrap();
    assert_eq!(
        terugkeer_rules::assess::facts_hash(&plain),
        terugkeer_rules::assess::facts_hash(&with_null)
    );
    f["return_decision_on"] = json!("2026-06-15");
    let with = Facts::from_value(f).unwrap();
    assert_ne!(
        terugkeer_rules::assess::facts_hash(&plain),
        terugkeer_rules::assess::facts_hash(&with)
    );
}
