//! Who decides the country threshold and the others, tested apart from the code: DT&V's verdict on the
//! verification form, a loaded official country list, and the public criteria (OECD-DAC ∩ the EU visa
//! list) as an indication only — each on the day before, of and after every date the criteria change.
//! Expected values come from `../shared/research/country-lists.md`, not from the program.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use serde_json::{Value, json};
use terugkeer_rules::policy::{self, BUILTIN_FILES};
use terugkeer_rules::{Facts, Lang, assess};

static POLICY: std::sync::LazyLock<policy::Policy> =
    std::sync::LazyLock::new(|| policy::builtin().expect("built-in policy loads"));

fn run(p: &policy::Policy, facts: Value) -> Value {
    let f = Facts::from_value(facts).unwrap();
    serde_json::to_value(assess(&f, p, Lang::Nl).unwrap()).unwrap()
}

fn case(as_of: &str, country: &str) -> Value {
    let rejected = if as_of < "2019-02-01" {
        "2016-05-02"
    } else {
        "2019-02-01"
    };
    json!({"as_of": as_of, "country": country, "asylum_rejected_on": rejected, "setting": "elders"})
}

fn country_check(a: &Value) -> &Value {
    a["eligibility"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == "excluded_country")
        .unwrap()
}

/// (passed, indication) of the country check, and the verdict's indication.
fn country(as_of: &str, c: &str) -> (Value, Value, Value) {
    let a = run(&POLICY, case(as_of, c));
    let k = country_check(&a);
    (
        k["passed"].clone(),
        k["indication"].clone(),
        a["eligibility"]["indication"].clone(),
    )
}

#[test]
fn the_public_criteria_indicate_but_never_decide() {
    // Afghanistan: DAC (2024-25 list) and Annex I.
    let (passed, ind, overall) = country("2026-12-04", "AF");
    assert_eq!((passed, ind, overall), (Value::Null, json!(true), json!(true)));
    let a = run(&POLICY, case("2026-12-04", "AF"));
    assert_eq!(
        a["eligibility"]["eligible"],
        Value::Null,
        "an indication is not a decision"
    );
    assert_eq!(a["eligibility"]["indicated"], json!(["excluded_country"]));
    assert_eq!(a["eligibility"]["source"], "organisation");
    let k = country_check(&a);
    assert_eq!(k["decided_by"], "engine");
    let reason = k["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("Op grond van de openbare criteria: AF staat op de OESO-DAC-lijst"),
        "{reason}"
    );
    assert!(reason.contains("DT&V's landenlijst beslist"), "{reason}");
    let used: Vec<&str> = k["policy"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(used.contains(&"dac_recipients@2026-01-01"), "{used:?}");
    assert!(used.contains(&"visa_required_countries@2025-02-03"), "{used:?}");
    // Russia: visa-required but not a DAC recipient. Georgia: DAC but visa-free.
    assert_eq!(country("2026-12-04", "RU").1, json!(false));
    assert_eq!(country("2026-12-04", "GE").1, json!(false));
    // A failed threshold elsewhere makes the indication false too.
    let mut f = case("2026-12-04", "AF");
    f["criminal_record"] = json!(true);
    assert_eq!(run(&POLICY, f)["eligibility"]["indication"], json!(false));
    // An unknown fact elsewhere leaves no overall indication.
    let mut f = case("2026-12-04", "AF");
    f["article_1f"] = Value::Null;
    assert_eq!(run(&POLICY, f)["eligibility"]["indication"], Value::Null);
}

#[test]
fn each_date_of_the_criteria_day_before_of_and_after() {
    // 2024-01-01: the DAC list for 2024-25 flows starts (before it, no indication); Kosovo leaves Annex I.
    assert_eq!(country("2023-12-31", "AF").1, Value::Null);
    assert_eq!(country("2023-12-31", "XK").1, Value::Null);
    assert_eq!(country("2024-01-01", "AF").1, json!(true));
    assert_eq!(country("2024-01-01", "XK").1, json!(false));
    assert_eq!(country("2024-01-02", "XK").1, json!(false));
    // 2025-02-03: Vanuatu into Annex I (Regulation 2025/11).
    assert_eq!(country("2025-02-02", "VU").1, json!(false));
    assert_eq!(country("2025-02-03", "VU").1, json!(true));
    assert_eq!(country("2025-02-04", "VU").1, json!(true));
    // 2026-01-01: Nauru graduates from the DAC list; never in Annex I, so false on both sides, but for a
    // different reason, and its passport footnote is named.
    let nauru = |d: &str| {
        let a = run(&POLICY, case(d, "NR"));
        country_check(&a)["reason"].as_str().unwrap().to_owned()
    };
    assert!(nauru("2025-12-31").contains("staat op de OESO-DAC-lijst maar heeft geen visumplicht"));
    assert!(nauru("2026-01-01").contains("staat niet op de OESO-DAC-lijst"));
    assert!(nauru("2026-01-02").contains("andere visumregel"));
    // 2026-03-06: Georgian official passports visa-required — the indication warns, it does not change.
    let georgia = |d: &str| {
        let a = run(&POLICY, case(d, "GE"));
        let k = country_check(&a);
        (
            k["indication"].clone(),
            k["reason"].as_str().unwrap().contains("andere visumregel"),
        )
    };
    assert_eq!(georgia("2026-03-05"), (json!(false), false));
    assert_eq!(georgia("2026-03-06"), (json!(false), true));
    assert_eq!(georgia("2026-03-07"), (json!(false), true));
    // The 2016 exclusion list is untouched: Afghanistan passes, decided, without an indication.
    let (passed, ind, _) = country("2016-06-01", "AF");
    assert_eq!((passed, ind), (json!(true), Value::Null));
}

/// The intersection from 2025-02-03 has 98 entries (country-lists.md §4); every one indicates "likely".
#[test]
fn the_intersection_has_98_countries() {
    let listed = "AF AM AO AZ BD BF BI BJ BO BT BW BY BZ CD CF CG CI CM CN CU CV DJ DO DZ EC EG ER ET FJ GA GH GM GN GQ GW GY HT ID IN IQ IR JM JO KE KG KH KM KP KZ LA LB LK LR LS LY MA MG ML MM MN MR MV MW MZ NA NE NG NP PG PH PK PS RW SD SL SN SO SR SS ST SY SZ TD TG TH TJ TM TN TR TZ UG UZ VN VU YE ZA ZM ZW";
    let codes: Vec<&str> = listed.split(' ').collect();
    assert_eq!(codes.len(), 98);
    for c in &codes {
        assert_eq!(country("2025-06-01", c).1, json!(true), "{c}");
    }
    // The six visa-required non-DAC states and a few visa-free DAC ones.
    for c in ["BH", "KW", "OM", "QA", "RU", "SA", "AL", "BR", "MD", "UA", "RS"] {
        assert_eq!(country("2025-06-01", c).1, json!(false), "{c}");
    }
}

/// A loaded official list decides; the criteria then play no part.
#[test]
fn a_loaded_official_list_decides() {
    let files: Vec<(String, String)> = BUILTIN_FILES
        .iter()
        .map(|(n, t)| {
            let mut t = (*t).to_owned();
            if *n == "landen.toml" {
                t.push_str(concat!(
                    "\n[[included_countries.values]]\nfrom = 2026-11-01\nvalue = [\"AF\", \"GE\"]\n",
                    "citation = \"Fictieve landenlijst (test)\"\nsource = \"test\"\nconfidence = \"U\"\n",
                    "\n[[excluded_countries.values]]\nfrom = 2026-11-01\nvalue = [\"GE\"]\n",
                    "citation = \"Fictieve uitsluiting (test)\"\nsource = \"test\"\nconfidence = \"U\"\n",
                ));
            }
            (n.to_string(), t)
        })
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let p = policy::load(&refs).unwrap();
    let check = |as_of: &str, c: &str| {
        let a = run(&p, case(as_of, c));
        let k = country_check(&a).clone();
        (
            k["passed"].clone(),
            k["indication"].clone(),
            a["eligibility"]["eligible"].clone(),
        )
    };
    // AF on the list, not excluded: decided, eligible.
    assert_eq!(check("2026-11-01", "AF"), (json!(true), Value::Null, json!(true)));
    // GE on the list but excluded; IQ not on it (although the criteria would say "likely").
    assert_eq!(
        check("2026-11-01", "GE"),
        (json!(false), Value::Null, json!(false))
    );
    assert_eq!(
        check("2026-11-01", "IQ"),
        (json!(false), Value::Null, json!(false))
    );
    // The day before the list, the criteria again.
    assert_eq!(check("2026-10-31", "IQ"), (Value::Null, json!(true), Value::Null));
}

fn verified(mut f: Value, verdicts: Value, seen: Value) -> Value {
    f["verification"] =
        json!({"decided_on": "2026-12-03", "by": "M. Jansen", "verdicts": verdicts, "seen": seen});
    f
}

#[test]
fn dtvs_verdict_decides_the_thresholds_it_judged() {
    // The organisation records a criminal record; DT&V (whose ground is narrower) finds the threshold met,
    // and finds Georgia's nationality acceptable although the criteria say "probably not".
    let mut f = case("2026-12-04", "GE");
    f["criminal_record"] = json!(true);
    let before = run(&POLICY, f.clone());
    assert_eq!(before["eligibility"]["eligible"], json!(false));
    assert_eq!(before["eligibility"]["source"], "organisation");
    let a = run(
        &POLICY,
        verified(
            f,
            json!({"excluded_country": true, "criminal_record": true}),
            json!({}),
        ),
    );
    let e = &a["eligibility"];
    assert_eq!(e["eligible"], json!(true));
    assert_eq!(e["source"], "dtv");
    assert_eq!(
        e["decided_by_dtv"],
        json!(["excluded_country", "criminal_record"])
    );
    let k = country_check(&a);
    assert_eq!(
        (
            k["passed"].clone(),
            k["decided_by"].clone(),
            k["indication"].clone()
        ),
        (json!(true), json!("dtv"), Value::Null)
    );
    assert_eq!(
        k["reason"],
        "Vastgesteld door DT&V (regievoerder M. Jansen, 3 december 2026): voldoet."
    );
    assert!(
        k["citation"].as_str().unwrap().contains("verificatieformulier"),
        "{}",
        k["citation"]
    );
    // Thresholds DT&V did not judge stay the engine's.
    let tg = &e["checks"][0];
    assert_eq!(
        (tg["rule"].clone(), tg["decided_by"].clone()),
        (json!("target_group"), json!("engine"))
    );
    // DT&V refusing on a threshold fails it, whatever the file says.
    let a = run(
        &POLICY,
        verified(
            case("2026-12-04", "AF"),
            json!({"heavy_entry_ban": false}),
            json!({}),
        ),
    );
    assert_eq!(a["eligibility"]["failed"], json!(["heavy_entry_ban"]));
    assert_eq!(a["eligibility"]["eligible"], json!(false));
}

#[test]
fn a_change_dtv_did_not_see_is_a_warning() {
    let codes = |a: &Value| -> Vec<String> {
        a["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let f = case("2026-12-04", "AF");
    let same = run(
        &POLICY,
        verified(
            f.clone(),
            json!({"excluded_country": true}),
            json!({"country": "AF"}),
        ),
    );
    assert!(!codes(&same).contains(&"changed_after_verification".to_owned()));
    let moved = run(
        &POLICY,
        verified(
            f.clone(),
            json!({"excluded_country": true}),
            json!({"country": "IQ"}),
        ),
    );
    assert!(
        codes(&moved).contains(&"changed_after_verification".to_owned()),
        "{:?}",
        codes(&moved)
    );
    let w = moved["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "changed_after_verification")
        .unwrap();
    assert!(
        w["message"]
            .as_str()
            .unwrap()
            .starts_with("Gewijzigd na verificatie"),
        "{w}"
    );
    assert!(
        !w["message"].as_str().unwrap().contains("excluded_country"),
        "no ids in the words: {w}"
    );
    // A changed fact under a threshold DT&V did not judge is no warning.
    let other = run(
        &POLICY,
        verified(f, json!({"criminal_record": true}), json!({"country": "IQ"})),
    );
    assert!(!codes(&other).contains(&"changed_after_verification".to_owned()));
}

#[test]
fn a_verification_input_is_checked() {
    let err = |v: Value| {
        let mut f = case("2026-12-04", "AF");
        f["verification"] = v;
        Facts::from_value(f).unwrap_err().field
    };
    assert_eq!(
        err(json!({"decided_on": "2026-12-05", "by": "x"})),
        "verification.decided_on"
    );
    assert_eq!(
        err(json!({"decided_on": "2026-12-01", "by": " "})),
        "verification.by"
    );
    assert_eq!(
        err(json!({"decided_on": "2026-12-01", "by": "x".repeat(201)})),
        "verification.by"
    );
    assert_eq!(
        err(json!({"decided_on": "2026-12-01", "by": "x", "seen": {"phone": "1"}})),
        "verification.seen.phone"
    );
    assert_eq!(
        err(json!({"decided_on": "2026-12-01", "by": "x", "seen": {"country": ["AF"]}})),
        "verification.seen.country"
    );
    assert!(
        err(json!({"decided_on": "2026-12-01", "by": "x", "verdicts": {"murder": true}}))
            .starts_with("verification")
    );
    // The facts hash: a case without the input keeps its hash; with it, the hash differs.
    let plain = Facts::from_value(case("2026-12-04", "AF")).unwrap();
    let with = Facts::from_value(verified(case("2026-12-04", "AF"), json!({}), json!({}))).unwrap();
    assert_ne!(
        terugkeer_rules::assess::facts_hash(&plain),
        terugkeer_rules::assess::facts_hash(&with)
    );
}

/// domain.md, "Tipping point": three refusals reach it by count; what stays open is named, nothing more.
#[test]
fn the_refusals_alone_reach_the_tipping_point() {
    let tp = |cooperating: Value, deportable: Value, refusals: u32| {
        let mut f = case("2026-12-04", "AF");
        f["cooperating"] = cooperating;
        f["deportable"] = deportable;
        f["refusals"] = json!(refusals);
        run(&POLICY, f)["tipping_point"].clone()
    };
    let t = tp(Value::Null, Value::Null, 3);
    assert_eq!(
        (t["status"].clone(), t["refusals_reached"].clone()),
        (json!("undetermined"), json!(true))
    );
    let r = t["reason"].as_str().unwrap();
    assert!(
        r.contains("het kantelpunt bereikt als de cliënt niet meewerkt"),
        "{r}"
    );
    assert!(r.contains("uitzetbaarheid, en die is onbekend"), "{r}");
    let t = tp(Value::Null, json!(true), 3);
    assert!(t["reason"].as_str().unwrap().contains("naar de AVIM"), "{t}");
    let t = tp(json!(false), Value::Null, 4);
    assert_eq!(
        (t["status"].clone(), t["refusals_reached"].clone()),
        (json!("undetermined"), json!(true))
    );
    assert!(
        t["reason"]
            .as_str()
            .unwrap()
            .contains("het kantelpunt is bereikt. Open is alleen het gevolg"),
        "{t}"
    );
    // Decided cases keep their status; two refusals do not reach it.
    assert_eq!(tp(json!(false), json!(true), 3)["status"], "forced_return");
    assert_eq!(tp(json!(false), json!(false), 3)["status"], "guidance_stops");
    let t = tp(Value::Null, Value::Null, 2);
    assert_eq!(
        (t["status"].clone(), t["refusals_reached"].clone()),
        (json!("voluntary"), json!(false))
    );
}
