//! Detention (issue 27 part 3), tested apart from the code against the study (§4.2.3: in *bewaring* the NGO may
//! only advocate) and art. 59 lid 5–6 Vw as `../shared/research/law-update-2026.md` gives it: return detention
//! lasts at most 6 months, extendable by at most 12 when the person does not cooperate or documents are missing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use serde_json::{Value, json};
use terugkeer_rules::{Facts, Lang, assess, policy};

static POLICY: std::sync::LazyLock<policy::Policy> =
    std::sync::LazyLock::new(|| policy::builtin().expect("built-in policy loads"));

fn run(facts: Value) -> Value {
    let f = Facts::from_value(facts).unwrap();
    serde_json::to_value(assess(&f, &POLICY, Lang::Nl).unwrap()).unwrap()
}

fn codes(a: &Value) -> Vec<String> {
    a["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_owned())
        .collect()
}

fn node<'a>(a: &'a Value, rule: &str) -> &'a Value {
    a["deadlines"]["trace"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {a}"))
}

/// A client rejected on 2026-01-05, on a trajectory since 2026-01-15, detained from 2026-03-10 (the setting on
/// `as_of` is what the case file says that day).
fn case(as_of: &str, setting: &str) -> Value {
    let mut f = json!({"as_of": as_of, "country": "MA", "asylum_rejected_on": "2026-01-05",
        "medical_impediment": false, "cooperating": true, "trajectory_started_on": "2026-01-15",
        "setting": setting});
    if setting == "bewaring" {
        f["detained_since"] = json!("2026-03-10");
    }
    if setting == "vbl" {
        f["vbl_since"] = json!("2026-05-21");
    }
    f
}

#[test]
fn detention_suspends_the_trajectory_from_its_first_day_to_its_last() {
    // The day before: in the AZC, the reception follows the term; nothing about detention.
    let before = run(case("2026-03-09", "azc"));
    assert!(
        !codes(&before).iter().any(|c| c.contains("detention")),
        "{before}"
    );
    assert_eq!(before["tipping_point"]["status"], "voluntary");

    // The first day and a day within: the detention regime, the trajectory suspended.
    for on in ["2026-03-10", "2026-05-20"] {
        let a = run(case(on, "bewaring"));
        let c = codes(&a);
        assert!(c.contains(&"no_guidance_in_detention".to_owned()), "{on}: {c:?}");
        assert!(
            c.contains(&"trajectory_suspended_in_detention".to_owned()),
            "{on}: {c:?}"
        );
        assert_eq!(a["tipping_point"]["status"], "detained");
        let d = &a["deadlines"];
        assert_eq!(d["reception_end"], Value::Null);
        assert_eq!(d["support_in_nl_end"], Value::Null);
        let reception = node(&a, "reception_end");
        let reason = reception["reason"].as_str().unwrap();
        // 6 months from 10 March 2026 is the 9th of September inclusive; 6 + 12 months the 9th of September 2027.
        assert!(reason.contains("tot 9 september 2026"), "{reason}");
        assert!(reason.contains("tot 9 september 2027"), "{reason}");
        assert!(!reason.contains("LVV-"), "{reason}");
        assert!(
            reception["citation"]
                .as_str()
                .unwrap()
                .starts_with("Art. 59 lid 5 Vw"),
            "{reception}"
        );
        // The Dutch part of the trajectory: not "the regievoerder gives the time needed" of the LVV, but the
        // detention rule.
        let support = node(&a, "support_in_nl_end");
        assert!(
            support["citation"].as_str().unwrap().contains("4.2.3"),
            "{support}"
        );
        assert!(
            !support["reason"]
                .as_str()
                .unwrap()
                .contains("de tijd die nodig is"),
            "{support}"
        );
        let warning = a["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["code"] == "trajectory_suspended_in_detention")
            .unwrap();
        let text = warning["message"].as_str().unwrap();
        assert!(
            text.contains("15 januari 2026") && text.contains("10 maart 2026"),
            "{text}"
        );
    }

    // Released: the file returns to the setting recorded then; no detention warning.
    let after = run(case("2026-05-21", "vbl"));
    assert!(!codes(&after).iter().any(|c| c.contains("detention")), "{after}");
    assert_ne!(after["tipping_point"]["status"], "detained");
}

#[test]
fn without_a_trajectory_there_is_nothing_to_suspend() {
    let mut f = case("2026-03-10", "bewaring");
    f.as_object_mut().unwrap().remove("trajectory_started_on");
    let a = run(f);
    let c = codes(&a);
    assert!(c.contains(&"no_guidance_in_detention".to_owned()));
    assert!(
        !c.contains(&"trajectory_suspended_in_detention".to_owned()),
        "{c:?}"
    );
}

#[test]
fn an_unknown_start_or_limit_stays_unknown() {
    // No first day: no dates are invented.
    let mut f = case("2026-03-10", "bewaring");
    f.as_object_mut().unwrap().remove("detained_since");
    let a = run(f);
    let reason = node(&a, "reception_end")["reason"].as_str().unwrap().to_owned();
    assert!(reason.contains("niet bekend"), "{reason}");
    assert!(!reason.contains("2026"), "{reason}");
    // Before the verified text's first day (2026-01-01) the limit itself is not known here.
    let old = run(
        json!({"as_of": "2025-12-31", "country": "MA", "setting": "bewaring",
        "detained_since": "2025-12-01"}),
    );
    let reason = node(&old, "reception_end")["reason"].as_str().unwrap().to_owned();
    assert!(reason.contains("niet bekend"), "{reason}");
}

#[test]
fn a_detention_cannot_begin_after_the_assessment_day() {
    let e = Facts::from_value(
        json!({"as_of": "2026-03-10", "country": "MA", "setting": "bewaring",
        "detained_since": "2026-03-11"}),
    )
    .unwrap_err();
    assert_eq!(e.field, "detained_since");
}
