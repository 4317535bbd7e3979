//! Table tests for every rule and boundary. Expected values are worked out by hand from the cited rule and
//! a calendar, never copied from the program's output.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use serde_json::{Value, json};
use terugkeer_rules::policy::{self, ParamId};
use terugkeer_rules::{Date, Facts, Lang, Policy, assess};

fn policy() -> Policy {
    policy::builtin().expect("built-in policy loads")
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// Assesses facts given as JSON and returns the JSON output.
fn run_with(p: &Policy, facts: Value) -> Value {
    let f = Facts::from_json(&facts.to_string()).unwrap_or_else(|e| panic!("{e}: {facts}"));
    let a = assess(&f, p, Lang::En).unwrap();
    serde_json::to_value(&a).unwrap()
}

fn run(facts: Value) -> Value {
    run_with(&policy(), facts)
}

fn check<'a>(out: &'a Value, rule: &str) -> &'a Value {
    out["eligibility"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == rule)
        .unwrap()
}

fn warnings(out: &Value) -> Vec<String> {
    out["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_owned())
        .collect()
}

fn base() -> Value {
    json!({"as_of":"2016-06-01","country":"AF","asylum_rejected_on":"2016-05-02","setting":"azc","cooperating":true})
}

fn with(mut v: Value, extra: Value) -> Value {
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    v
}

#[test]
fn contract_example() {
    let out = run(base());
    assert_eq!(out["eligibility"]["eligible"], true);
    assert_eq!(out["eligibility"]["failed"], json!([]));
    assert_eq!(out["deadlines"]["term_start"], "2016-05-02");
    assert_eq!(out["deadlines"]["departure_term_end"], "2016-05-30");
    assert_eq!(out["deadlines"]["support_in_nl_end"], "2016-08-22");
    assert_eq!(out["deadlines"]["reception_end"], "2016-05-30");
    assert_eq!(out["tipping_point"]["status"], "voluntary");
    assert_eq!(out["policy_version"], "2016-03-23");
    assert_eq!(out["eligibility"]["checks"].as_array().unwrap().len(), 8);
    for c in out["eligibility"]["checks"].as_array().unwrap() {
        assert!(!c["citation"].as_str().unwrap().is_empty());
        assert!(!c["reason"].as_str().unwrap().is_empty());
    }
    assert_eq!(out["receipt"]["as_of"], "2016-06-01");
    assert_eq!(out["receipt"]["facts_hash"].as_str().unwrap().len(), 64);
}

#[test]
fn the_day_the_term_ends_is_still_on_time() {
    let on = run(with(base(), json!({"as_of":"2016-05-30"})));
    assert!(!warnings(&on).contains(&"departure_term_expired".to_owned()));
    let after = run(with(base(), json!({"as_of":"2016-05-31"})));
    assert!(warnings(&after).contains(&"departure_term_expired".to_owned()));
}

#[test]
fn appeal_pending_versus_finally_rejected() {
    let pending = run(with(base(), json!({"appeal":{"lodged_on":"2016-05-10"}})));
    assert_eq!(pending["deadlines"]["term_start"], Value::Null);
    assert_eq!(pending["deadlines"]["departure_term_end"], Value::Null);
    assert_eq!(check(&pending, "procedure_pending")["passed"], false);
    assert_eq!(pending["eligibility"]["eligible"], false);

    let decided = run(with(
        base(),
        json!({"as_of":"2016-09-01","appeal":{"lodged_on":"2016-05-10","finally_rejected_on":"2016-08-01"}}),
    ));
    assert_eq!(decided["deadlines"]["term_start"], "2016-08-01");
    // 2016-08-01 + 28 = 2016-08-29, a Monday.
    assert_eq!(decided["deadlines"]["departure_term_end"], "2016-08-29");
    assert_eq!(check(&decided, "procedure_pending")["passed"], true);
}

#[test]
fn five_years_exactly_still_excludes() {
    let exactly = run(with(base(), json!({"previously_supported_on":"2011-06-01"})));
    assert_eq!(check(&exactly, "previous_support")["passed"], false);
    assert_eq!(exactly["eligibility"]["failed"], json!(["previous_support"]));
    let day_before = run(with(base(), json!({"previously_supported_on":"2011-05-31"})));
    assert_eq!(check(&day_before, "previous_support")["passed"], true);
    // 29 February: five years before 2020-02-29 is 2015-02-28 (clamped).
    let leap = run(with(
        base(),
        json!({"as_of":"2020-02-29","previously_supported_on":"2015-02-28"}),
    ));
    assert_eq!(check(&leap, "previous_support")["passed"], false);
    let leap2 = run(with(
        base(),
        json!({"as_of":"2020-02-29","previously_supported_on":"2015-02-27"}),
    ));
    assert_eq!(check(&leap2, "previous_support")["passed"], true);
}

#[test]
fn handreiking_500_versus_500_01() {
    let at = run(with(base(), json!({"handreiking_eur":500})));
    assert_eq!(at["handreiking"]["decided_by"], "regio");
    assert_eq!(
        at["handreiking"]["signatures"],
        json!(["regievoerder", "senior_regievoerder", "afdelingsmanager"])
    );
    assert_eq!(at["handreiking"]["amount_eur"], 500.0);
    let above = run(with(base(), json!({"handreiking_eur":500.01})));
    assert_eq!(above["handreiking"]["decided_by"], "den_haag");
    assert_eq!(above["handreiking"]["signatures"], json!(["den_haag"]));
    assert_eq!(run(base())["handreiking"], Value::Null);
}

#[test]
fn handreiking_approval_chain() {
    let sig = |by: &str| json!({"decision":"handreiking","by":[by],"on":"2016-05-20","outcome":"granted"});
    let two = run(with(
        base(),
        json!({"handreiking_eur":300,"decisions":[sig("regievoerder"), sig("senior_regievoerder")]}),
    ));
    assert_eq!(two["handreiking"]["status"], "awaiting");
    assert_eq!(two["handreiking"]["awaiting"], json!(["afdelingsmanager"]));
    let all = run(with(
        base(),
        json!({"handreiking_eur":300,"decisions":[sig("regievoerder"), sig("senior_regievoerder"), sig("afdelingsmanager")]}),
    ));
    assert_eq!(all["handreiking"]["status"], "approved");
    let wrong = run(with(
        base(),
        json!({"handreiking_eur":300,"decisions":[sig("lto")]}),
    ));
    assert_eq!(wrong["handreiking"]["status"], "awaiting");
    assert!(warnings(&wrong).contains(&"signature_by_wrong_role".to_owned()));
    let den_haag_by_region = run(with(
        base(),
        json!({"handreiking_eur":800,"decisions":[sig("regievoerder")]}),
    ));
    assert_eq!(den_haag_by_region["handreiking"]["awaiting"], json!(["den_haag"]));
}

#[test]
fn in_kind_1500_versus_1500_01() {
    let at = run(with(base(), json!({"in_kind_eur":1500})));
    assert!(!warnings(&at).contains(&"in_kind_over_limit".to_owned()));
    assert_eq!(at["in_kind"]["within"], true);
    let over = run(with(base(), json!({"in_kind_eur":1500.01})));
    assert!(warnings(&over).contains(&"in_kind_over_limit".to_owned()));
    assert_eq!(over["in_kind"]["remaining_eur"], -0.01);
}

#[test]
fn in_kind_caps_under_ozv_2023() {
    let b = json!({"as_of":"2024-01-10","country":"AF","asylum_rejected_on":"2024-01-02","setting":"azc"});
    let adult = run(with(b.clone(), json!({"in_kind_eur":1800.01})));
    assert_eq!(adult["in_kind"]["cap_eur"], 1800.0);
    assert!(warnings(&adult).contains(&"in_kind_over_limit".to_owned()));
    let minor = run(with(b.clone(), json!({"in_kind_eur":2800,"minor":true})));
    assert_eq!(minor["in_kind"]["cap_eur"], 2800.0);
    assert_eq!(minor["in_kind"]["within"], true);
    let unknown_age = run(with(b.clone(), json!({"in_kind_eur":2000,"minor":null})));
    assert_eq!(unknown_age["in_kind"]["within"], Value::Null);
    let cash = run(with(b, json!({"cash_eur":300.01})));
    assert!(warnings(&cash).contains(&"cash_over_limit".to_owned()));
}

#[test]
fn monitoring_dates_clamp_to_month_end() {
    let out = run(with(
        base(),
        json!({"as_of":"2016-09-01","departed_on":"2016-08-31"}),
    ));
    assert_eq!(out["monitoring"]["first_due"], "2017-02-28");
    assert_eq!(out["monitoring"]["second_due"], "2017-08-31");
    let leap = run(with(
        base(),
        json!({"as_of":"2019-09-01","asylum_rejected_on":"2019-08-01","departed_on":"2019-08-31"}),
    ));
    assert_eq!(leap["monitoring"]["first_due"], "2020-02-29");
    let feb29 = run(with(
        base(),
        json!({"as_of":"2016-06-01","asylum_rejected_on":"2016-02-01","departed_on":"2016-02-29"}),
    ));
    assert_eq!(feb29["monitoring"]["first_due"], "2016-08-29");
    assert_eq!(feb29["monitoring"]["second_due"], "2017-02-28");
    assert_eq!(run(base())["monitoring"], Value::Null);
}

#[test]
fn algemene_termijnenwet_moves_a_statutory_term_off_weekends_and_holidays() {
    let end = |rej: &str, as_of: &str| {
        let out = run(with(base(), json!({"as_of":as_of,"asylum_rejected_on":rej})));
        (
            out["deadlines"]["departure_term_end"]
                .as_str()
                .unwrap()
                .to_owned(),
            out["deadlines"]["departure_term_end_unadjusted"]
                .as_str()
                .unwrap()
                .to_owned(),
        )
    };
    // 2016-04-30 is a Saturday: to Monday 2016-05-02.
    assert_eq!(
        end("2016-04-02", "2016-04-10"),
        ("2016-05-02".into(), "2016-04-30".into())
    );
    // 2016-05-05 is both Ascension Day and the fifth of May: to Friday 2016-05-06.
    assert_eq!(
        end("2016-04-07", "2016-04-10"),
        ("2016-05-06".into(), "2016-05-05".into())
    );
    // Good Friday 2025-04-18, then the weekend and Easter Monday: to Tuesday 2025-04-22.
    assert_eq!(
        end("2025-03-21", "2025-03-25"),
        ("2025-04-22".into(), "2025-04-18".into())
    );
    // Christmas 2026 (Fri, Sat) and Sunday: to Monday 2026-12-28.
    assert_eq!(
        end("2026-11-27", "2026-11-29"),
        ("2026-12-28".into(), "2026-12-25".into())
    );
    // King's Day 2017 (Thursday 27 April): to Friday 28 April.
    assert_eq!(
        end("2017-03-30", "2017-04-01"),
        ("2017-04-28".into(), "2017-04-27".into())
    );
    // A term extended by decision is not moved (Atw art. 5: no date set by decision).
    let ext = run(with(
        base(),
        json!({"as_of":"2016-04-10","asylum_rejected_on":"2016-04-02","term_extension_days":7}),
    ));
    assert_eq!(ext["deadlines"]["departure_term_end"], "2016-05-07");
    assert_eq!(ext["deadlines"]["atw_shifted"], false);
}

#[test]
fn extension_is_capped_at_90_days() {
    let out = run(with(
        base(),
        json!({"term_extension_days":120,"has_travel_documents":true}),
    ));
    // 2016-05-02 + 28 + 90 = 2016-08-28.
    assert_eq!(out["deadlines"]["departure_term_end"], "2016-08-28");
    assert!(warnings(&out).contains(&"term_extension_capped".to_owned()));
    let nodoc = run(with(
        base(),
        json!({"term_extension_days":10,"has_travel_documents":false}),
    ));
    assert!(warnings(&nodoc).contains(&"term_extension_without_documents".to_owned()));
}

#[test]
fn extension_citation_moves_from_lid_3_to_lid_4() {
    let cite = |as_of: &str| {
        let out =
            run(json!({"as_of":as_of,"country":"AF","asylum_rejected_on":"2025-06-20","setting":"azc"}));
        out["discretion"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["decision"] == "term_extension")
            .unwrap()["citation"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(cite("2025-06-30").contains("art. 62 lid 3 Vw"));
    assert!(cite("2025-07-01").contains("art. 62 lid 4 Vw"));
}

#[test]
fn lto_becomes_lko() {
    let explanation = |as_of: &str| {
        let out =
            run(json!({"as_of":as_of,"country":"AF","asylum_rejected_on":"2023-06-01","setting":"azc"}));
        out["discretion"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["decision"] == "stay_extension")
            .unwrap()["explanation"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(explanation("2023-06-30").contains("LTO"));
    assert!(explanation("2023-07-01").contains("LKO"));
}

#[test]
fn dublin_only_countries() {
    let mn = |dublin: Value| run(with(base(), json!({"country":"MN","dublin_claimant":dublin})));
    assert_eq!(check(&mn(json!(true)), "excluded_country")["passed"], false);
    assert_eq!(check(&mn(json!(false)), "excluded_country")["passed"], true);
    let unknown = mn(Value::Null);
    assert_eq!(check(&unknown, "excluded_country")["passed"], Value::Null);
    assert_eq!(unknown["eligibility"]["eligible"], Value::Null);
    assert_eq!(
        unknown["eligibility"]["undetermined"],
        json!(["excluded_country"])
    );
    let al = run(with(base(), json!({"country":"AL"})));
    assert_eq!(al["eligibility"]["failed"], json!(["excluded_country"]));
}

#[test]
fn inclusion_rule_without_list_is_undetermined() {
    let out =
        run(json!({"as_of":"2024-06-01","country":"AF","asylum_rejected_on":"2024-05-01","setting":"azc"}));
    assert_eq!(out["eligibility"]["eligible"], Value::Null);
    assert_eq!(out["eligibility"]["undetermined"], json!(["excluded_country"]));
    assert!(warnings(&out).contains(&"country_list_missing".to_owned()));
    // A failed threshold still decides: not eligible, whatever the country list.
    let failed = run(
        json!({"as_of":"2024-06-01","country":"AF","asylum_rejected_on":"2024-05-01","criminal_record":true}),
    );
    assert_eq!(failed["eligibility"]["eligible"], false);
    assert_eq!(failed["eligibility"]["failed"], json!(["criminal_record"]));
    // The day before the inclusion rule the 2016 list still decides.
    let before = run(json!({"as_of":"2018-12-31","country":"AF","asylum_rejected_on":"2018-12-01"}));
    assert_eq!(before["eligibility"]["eligible"], true);
}

#[test]
fn a_loaded_country_list_decides() {
    let mut files: Vec<(String, String)> = policy::BUILTIN_FILES
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
    files.push((
        "landenlijst-2024.toml".into(),
        String::new(), // replaced below
    ));
    // Replace the unknown lists from 2019 by a (test) list dated 2024-01-01.
    let landen = files.iter_mut().find(|(n, _)| n == "landen.toml").unwrap();
    landen.1.push_str(
        "\n[[included_countries.values]]\nfrom = 2024-01-01\nvalue = [\"AF\", \"ER\"]\ncitation = \"test list\"\nsource = \"test\"\nconfidence = \"U\"\n",
    );
    let excl = landen.1.find("[excluded_countries_dublin_only]").unwrap();
    landen.1.insert_str(
        excl,
        "[[excluded_countries.values]]\nfrom = 2024-01-01\nvalue = [\"ER\"]\ncitation = \"test abuse list\"\nsource = \"test\"\nconfidence = \"U\"\n\n",
    );
    files.pop();
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let p = policy::load(&refs).unwrap();
    let b = json!({"as_of":"2024-06-01","asylum_rejected_on":"2024-05-01"});
    assert_eq!(
        run_with(&p, with(b.clone(), json!({"country":"AF"})))["eligibility"]["eligible"],
        true
    );
    assert_eq!(
        run_with(&p, with(b.clone(), json!({"country":"ER"})))["eligibility"]["failed"],
        json!(["excluded_country"])
    );
    assert_eq!(
        run_with(&p, with(b, json!({"country":"SY"})))["eligibility"]["failed"],
        json!(["excluded_country"])
    );
    assert_ne!(p.hash(), policy().hash());
}

#[test]
fn appeal_suspension_is_conditional_from_2026_06_12() {
    let case = |rej: &str, proc_: Value| {
        run(
            json!({"as_of":"2026-07-01","country":"AF","asylum_rejected_on":rej,"appeal":{"lodged_on":rej},"procedure_type":proc_}),
        )
    };
    let accelerated = case("2026-06-15", json!("accelerated"));
    assert_eq!(accelerated["deadlines"]["term_start"], "2026-06-15");
    // A border-procedure rejection from 2026-06-12 is no return decision at all (art. 45 lid 3 Vw): no art. 62
    // term, appeal or not (tests/border.rs has the track itself).
    let border = case("2026-06-12", json!("border"));
    assert_eq!(border["deadlines"]["term_start"], Value::Null);
    assert_eq!(border["deadlines"]["track"], "border");
    let regular = case("2026-06-15", json!("regular"));
    assert_eq!(regular["deadlines"]["term_start"], Value::Null);
    let unknown = case("2026-06-15", Value::Null);
    assert_eq!(unknown["deadlines"]["term_start"], Value::Null);
    assert_eq!(unknown["deadlines"]["undetermined"], json!(["term_start"]));
    assert!(warnings(&unknown).contains(&"appeal_suspension_undetermined".to_owned()));
    // A decision taken the day before falls under the old law: the appeal suspends.
    let old = case("2026-06-11", json!("accelerated"));
    assert_eq!(old["deadlines"]["term_start"], Value::Null);
}

#[test]
fn tipping_point() {
    let tp = |extra: Value| {
        run(with(base(), extra))["tipping_point"]["status"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(tp(json!({"cooperating":true,"refusals":5})), "voluntary");
    assert_eq!(tp(json!({"cooperating":false,"refusals":2})), "voluntary");
    assert_eq!(
        tp(json!({"cooperating":false,"refusals":3,"deportable":true})),
        "forced_return"
    );
    assert_eq!(
        tp(json!({"cooperating":false,"refusals":3,"deportable":false})),
        "guidance_stops"
    );
    assert_eq!(
        tp(json!({"cooperating":false,"refusals":3,"deportable":null})),
        "undetermined"
    );
    assert_eq!(tp(json!({"setting":"bewaring"})), "detained");
    let near = run(with(base(), json!({"cooperating":false,"refusals":2})));
    assert_eq!(near["tipping_point"]["refusals_remaining"], 1);
    assert!(warnings(&near).contains(&"tipping_point_near".to_owned()));
    let det = run(with(base(), json!({"setting":"bewaring"})));
    assert!(warnings(&det).contains(&"no_guidance_in_detention".to_owned()));
    assert!(det["discretion"].as_array().unwrap().is_empty());
}

#[test]
fn reception_by_setting() {
    let med = run(with(base(), json!({"medical_impediment":true})));
    assert_eq!(med["deadlines"]["reception_end"], Value::Null);
    let vbl = run(with(base(), json!({"setting":"vbl","vbl_since":"2016-05-31"})));
    // 2016-05-31 + 12 weeks = 2016-08-23.
    assert_eq!(vbl["deadlines"]["reception_end"], "2016-08-23");
    assert_eq!(vbl["deadlines"]["support_in_nl_end"], "2016-08-22");
    let nood = run(with(base(), json!({"setting":"noodopvang"})));
    assert_eq!(nood["deadlines"]["reception_end"], Value::Null);
    assert_eq!(nood["deadlines"]["support_in_nl_end"], Value::Null);
    assert_eq!(nood["discretion"][0]["decision"], "term_extension");
    assert_eq!(nood["discretion"][1]["decision"], "guidance_time");
    let planned = run(with(base(), json!({"planned_departure_on":"2016-08-23"})));
    assert!(warnings(&planned).contains(&"planned_departure_after_support_end".to_owned()));
    let planned_ok = run(with(base(), json!({"planned_departure_on":"2016-08-22"})));
    assert!(!warnings(&planned_ok).contains(&"planned_departure_after_support_end".to_owned()));
}

#[test]
fn stay_extension_needs_the_right_body() {
    let ext = |days: u32, by: Value| {
        run(with(
            base(),
            json!({"decisions":[{"decision":"stay_extension","by":by,"on":"2016-05-25","outcome":"granted","days":days}]}),
        ))
    };
    // 14 days by regievoerder with the LTO: reception 2016-05-30 + 14 = 2016-06-13.
    assert_eq!(
        ext(14, json!(["regievoerder", "lto"]))["deadlines"]["reception_end"],
        "2016-06-13"
    );
    // 20 days needs the RAO.
    let bad = ext(20, json!(["regievoerder", "lto"]));
    assert_eq!(bad["deadlines"]["reception_end"], "2016-05-30");
    assert!(warnings(&bad).contains(&"decision_not_authorised".to_owned()));
    assert_eq!(
        ext(20, json!(["rao"]))["deadlines"]["reception_end"],
        "2016-06-19"
    );
    // Until a decision is recorded, whose decision is awaited is named.
    let open = run(base());
    let item = open["discretion"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["decision"] == "stay_extension")
        .unwrap()
        .clone();
    assert_eq!(item["status"], "open");
    assert_eq!(item["awaiting"], json!(["regievoerder", "lto"]));
    assert_eq!(item["limits"]["max_days"], 14);
}

#[test]
fn no_rejection_means_not_target_group_and_no_term() {
    let out = run(json!({"as_of":"2016-06-01","country":"AF"}));
    assert_eq!(out["eligibility"]["failed"], json!(["target_group"]));
    assert_eq!(out["deadlines"]["term_start"], Value::Null);
    assert_eq!(out["deadlines"]["departure_term_end"], Value::Null);
}

#[test]
fn every_threshold_is_recorded_even_when_several_fail() {
    let out = run(with(
        base(),
        json!({"country":"AL","criminal_record":true,"entry_ban":"heavy","article_1f":true,"currently_participating":true,"other_procedure_pending":true}),
    ));
    assert_eq!(
        out["eligibility"]["failed"],
        json!([
            "procedure_pending",
            "excluded_country",
            "criminal_record",
            "heavy_entry_ban",
            "article_1f",
            "already_participating"
        ])
    );
    assert_eq!(out["eligibility"]["checks"].as_array().unwrap().len(), 8);
    assert_eq!(check(&out, "target_group")["passed"], true);
}

#[test]
fn as_of_before_the_policy_is_refused() {
    let f = Facts::from_json(r#"{"as_of":"2016-03-22","country":"AF"}"#).unwrap();
    let e = assess(&f, &policy(), Lang::Nl).unwrap_err();
    assert!(e.to_string().starts_with("as_of:"), "{e}");
    let f = Facts::from_json(r#"{"as_of":"2016-03-23","country":"AF"}"#).unwrap();
    assert!(assess(&f, &policy(), Lang::Nl).is_ok());
}

#[test]
fn explanations_in_dutch_and_english() {
    let f = Facts::from_json(&base().to_string()).unwrap();
    let p = policy();
    let nl = terugkeer_rules::explain::render(&assess(&f, &p, Lang::Nl).unwrap());
    let en = terugkeer_rules::explain::render(&assess(&f, &p, Lang::En).unwrap());
    assert!(nl.contains("Deelname aan een terugkeerproject: JA"));
    assert!(nl.contains("art. 62 lid 1 Vw 2000"));
    assert!(en.contains("Joining a return project: YES"));
    assert!(en.contains("Policy values used"));
}

/// Bijlage 4 of the study, by the names the study uses, mapped by hand to ISO 3166-1 alpha-2.
#[test]
fn every_country_of_bijlage_4_maps_to_its_iso_code() {
    let expected: &[(&str, &str)] = &[
        ("ALBANIË", "AL"),
        ("ANDORRA", "AD"),
        ("ANTIGUA EN BARBUDA", "AG"),
        ("ARGENTINIË", "AR"),
        ("AUSTRALIË", "AU"),
        ("BAHAMA’S", "BS"),
        ("BARBADOS", "BB"),
        ("BELGIË", "BE"),
        ("BOSNIË EN HERZEGOVINA", "BA"),
        ("BRAZILIË", "BR"),
        ("BRUNEI", "BN"),
        ("BULGARIJE", "BG"),
        ("CANADA", "CA"),
        ("CHILI", "CL"),
        ("COLOMBIA", "CO"),
        ("COSTA RICA", "CR"),
        ("CYPRUS", "CY"),
        ("DENEMARKEN", "DK"),
        ("DOMINICA", "DM"),
        ("DUITSLAND", "DE"),
        ("EL SALVADOR", "SV"),
        ("ESTLAND", "EE"),
        ("FINLAND", "FI"),
        ("FRANKRIJK", "FR"),
        ("GEORGIË", "GE"),
        ("GRENADA", "GD"),
        ("GRIEKENLAND", "GR"),
        ("GROENLAND", "GL"),
        ("GUATEMALA", "GT"),
        ("HONDURAS", "HN"),
        ("HONG KONG", "HK"),
        ("HONGARIJE", "HU"),
        ("IERLAND", "IE"),
        ("IJSLAND", "IS"),
        ("ISRAËL", "IL"),
        ("ITALIË", "IT"),
        ("JAPAN", "JP"),
        ("KIRIBATI", "KI"),
        ("KOSOVO", "XK"),
        ("KROATIË", "HR"),
        ("LETLAND", "LV"),
        ("LIECHTENSTEIN", "LI"),
        ("LITOUWEN", "LT"),
        ("LUXEMBURG", "LU"),
        ("MACAU", "MO"),
        ("MACEDONIË", "MK"),
        ("MALEISIË", "MY"),
        ("MALTA", "MT"),
        ("MAURITIUS", "MU"),
        ("MEXICO", "MX"),
        ("MICRONESIË", "FM"),
        ("MOLDAVIË", "MD"),
        ("MONACO", "MC"),
        ("MONGOLIË (alleen Dublinclaimanten uitgesloten)", "MN"),
        ("MONTENEGRO", "ME"),
        ("NIEUW-ZEELAND", "NZ"),
        ("NOORWEGEN", "NO"),
        ("NICARAGUA", "NI"),
        ("OEKRAINE", "UA"),
        ("OOST-TIMOR", "TL"),
        ("OOSTENRIJK", "AT"),
        ("PALAU", "PW"),
        ("PANAMA", "PA"),
        ("PARAGUAY", "PY"),
        ("PERU", "PE"),
        ("POLEN", "PL"),
        ("PORTUGAL", "PT"),
        ("ROEMENIË", "RO"),
        ("RUSLAND (alleen Dublinclaimanten uitgesloten)", "RU"),
        ("SAINT KITTS EN NEVIS", "KN"),
        ("SAINT LUCIA", "LC"),
        ("SAINT VINCENT EN DE GRENADINES", "VC"),
        ("SALOMONSEILANDEN", "SB"),
        ("SAMOA", "WS"),
        ("SAN MARINO", "SM"),
        ("SEYCHELLEN", "SC"),
        ("SERVIË", "RS"),
        ("SINGAPORE", "SG"),
        ("SLOVENIË", "SI"),
        ("SLOWAKIJE", "SK"),
        ("SPANJE", "ES"),
        ("TAIWAN", "TW"),
        ("TONGA", "TO"),
        ("TRINIDAD EN TOBAGO", "TT"),
        ("TSJECHIË", "CZ"),
        ("TUVALU", "TV"),
        ("URUGUAY", "UY"),
        ("VANUATU", "VU"),
        ("VATICAANSTAD", "VA"),
        ("VERENIGDE ARABISCHE EMIRATEN", "AE"),
        ("VERENIGDE STATEN", "US"),
        ("VENEZUELA", "VE"),
        ("VERENIGD KONINKRIJK", "GB"),
        ("WIT-RUSLAND", "BY"),
        ("ZUID-KOREA", "KR"),
        ("ZWEDEN", "SE"),
        ("ZWITSERLAND", "CH"),
    ];
    // The study's list, verbatim, is the fixture: every name in it is mapped, and nothing else.
    let study: Vec<&str> = include_str!("fixtures/bijlage4.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mapped: Vec<&str> = expected.iter().map(|(n, _)| *n).collect();
    assert_eq!(study, mapped);

    let p = policy();
    let at = p.at(d("2016-03-23")).unwrap();
    let excluded = at.countries(ParamId::ExcludedCountries).value.unwrap();
    let dublin = at.countries(ParamId::ExcludedCountriesDublinOnly).value.unwrap();
    assert_eq!(excluded.len() + dublin.len(), expected.len());
    for (name, code) in expected {
        let c = terugkeer_rules::vocab::Country::parse(code).unwrap_or_else(|| panic!("{code} is not ISO"));
        if name.contains("Dublin") {
            assert!(dublin.contains(c) && !excluded.contains(c), "{name}");
        } else {
            assert!(excluded.contains(c) && !dublin.contains(c), "{name} → {code}");
        }
    }
    // The traps: the neighbour of each is not excluded.
    for (not, of) in [
        ("DO", "Dominica"),
        ("KP", "South Korea"),
        ("NL", "—"),
        ("AF", "—"),
        ("SY", "—"),
        ("ER", "—"),
    ] {
        let c = terugkeer_rules::vocab::Country::parse(not).unwrap();
        assert!(
            !excluded.contains(c) && !dublin.contains(c),
            "{not} must not be excluded (trap: {of})"
        );
    }
}
