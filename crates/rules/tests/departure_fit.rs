//! The fit of the planned departure (issue 28 part 1), tested apart from the code against the study: §5.4 "als
//! deelname het vertrek verstoort, wordt de verificatie ingetrokken, tenzij de betrokken NGO het vertrek ook
//! binnen dezelfde termijn als de regievoerder kan verwezenlijken", and §7.2.5 / Bijlage 1: the regievoerder may
//! extend an AZC stay by up to two weeks herself, only if the departure falls within that time. Dates by hand:
//! a rejection on Monday 5 January 2026 gives a departure term (and AZC reception) until Monday 2 February 2026
//! (28 days, art. 62 Vw); a VBL measure from 10 January 2026 lasts 12 weeks, until 4 April 2026.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use serde_json::{Value, json};
use terugkeer_rules::{Facts, Lang, assess, policy};

static POLICY: std::sync::LazyLock<policy::Policy> =
    std::sync::LazyLock::new(|| policy::builtin().expect("built-in policy loads"));

fn run(facts: Value) -> Value {
    let f = Facts::from_value(facts).unwrap();
    serde_json::to_value(assess(&f, &POLICY, Lang::Nl).unwrap()).unwrap()
}

fn azc(planned: Option<&str>) -> Value {
    let mut f = json!({"as_of": "2026-01-20", "country": "MA", "asylum_rejected_on": "2026-01-05",
        "setting": "azc", "medical_impediment": false, "cooperating": true});
    if let Some(p) = planned {
        f["planned_departure_on"] = json!(p);
    }
    f
}

/// The fit's outcome and the warnings about it.
fn fit(a: &Value) -> (String, Vec<String>) {
    let node = a["deadlines"]["trace"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["rule"] == "departure_fit")
        .unwrap_or_else(|| panic!("no departure_fit in {a}"));
    let warnings = a["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_owned())
        .filter(|c| c.starts_with("departure_does") || c.starts_with("departure_needs"))
        .collect();
    (node["value"].as_str().unwrap().to_owned(), warnings)
}

#[test]
fn in_the_azc_the_departure_fits_the_term_or_the_regievoerder_s_two_weeks() {
    // The day before the end, the day itself: it fits, no warning.
    for day in ["2026-02-01", "2026-02-02"] {
        assert_eq!(fit(&run(azc(Some(day)))), ("fits".to_owned(), vec![]), "{day}");
    }
    // The day after, and fourteen days after: only with the regievoerder's own extension of the stay.
    for day in ["2026-02-03", "2026-02-16"] {
        assert_eq!(
            fit(&run(azc(Some(day)))),
            (
                "needs_own_discretion".to_owned(),
                vec!["departure_needs_own_discretion".to_owned()]
            ),
            "{day}"
        );
    }
    // Fifteen days after: beyond her room; DT&V may withdraw the verification.
    let a = run(azc(Some("2026-02-17")));
    // Said once: not also as "after the end of the departure term".
    assert!(
        !a["warnings"]
            .to_string()
            .contains("planned_departure_after_term_end"),
        "{}",
        a["warnings"]
    );
    assert_eq!(
        fit(&a),
        (
            "does_not_fit".to_owned(),
            vec!["departure_does_not_fit".to_owned()]
        )
    );
    let node = a["deadlines"]["trace"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["rule"] == "departure_fit")
        .unwrap();
    assert!(node["citation"].as_str().unwrap().contains("5.4"), "{node}");
    let reason = node["reason"].as_str().unwrap();
    assert!(
        reason.contains("17 februari 2026") && reason.contains("2 februari 2026"),
        "{reason}"
    );
}

#[test]
fn a_granted_extension_moves_the_limit_and_uses_up_the_room() {
    // Fourteen days of AZC stay granted by the regievoerder with the LTO: reception until 16 February.
    let mut f = azc(Some("2026-02-16"));
    f["decisions"] = json!([{"decision": "stay_extension", "by": ["regievoerder", "lto"], "on": "2026-01-15",
        "outcome": "granted", "days": 14}]);
    assert_eq!(fit(&run(f.clone())), ("fits".to_owned(), vec![]));
    // The room is used: a day later does not fit.
    f["planned_departure_on"] = json!("2026-02-17");
    assert_eq!(fit(&run(f)).0, "does_not_fit");
}

#[test]
fn the_vbl_gives_twelve_weeks_and_no_own_room() {
    let vbl = |planned: &str| {
        json!({"as_of": "2026-01-20", "country": "MA", "asylum_rejected_on": "2026-01-05", "setting": "vbl",
            "vbl_since": "2026-01-10", "planned_departure_on": planned})
    };
    assert_eq!(fit(&run(vbl("2026-04-04"))).0, "fits");
    assert_eq!(fit(&run(vbl("2026-04-05"))).0, "does_not_fit");
}

#[test]
fn without_a_plan_a_term_or_a_trajectory_there_is_nothing_to_fit() {
    assert_eq!(fit(&run(azc(None))), ("not_applicable".to_owned(), vec![]));
    // Outside state reception no statutory term binds.
    let open = json!({"as_of": "2026-01-20", "country": "MA", "asylum_rejected_on": "2026-01-05",
        "setting": "noodopvang", "planned_departure_on": "2026-09-01"});
    assert_eq!(fit(&run(open)).0, "fits");
    // No rejection yet: no term, so the fit is not known (and not assumed).
    let early = json!({"as_of": "2026-01-20", "country": "MA", "setting": "azc", "medical_impediment": false,
        "planned_departure_on": "2026-03-01"});
    assert_eq!(fit(&run(early)), ("unknown".to_owned(), vec![]));
    // Detained: no trajectory runs.
    let detained = json!({"as_of": "2026-01-20", "country": "MA", "asylum_rejected_on": "2026-01-05",
        "setting": "bewaring", "planned_departure_on": "2026-03-01"});
    assert_eq!(fit(&run(detained)).0, "not_applicable");
}
