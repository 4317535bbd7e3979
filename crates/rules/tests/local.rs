//! An organisation's own dated values on top of the built-in policy: the official country list when DT&V sends
//! it, a changed amount. The values are added by date (a same-date value replaces the built-in one), the file
//! may not define parameters, and the receipt carries the combined policy's hash.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use serde_json::{Value, json};
use terugkeer_rules::policy::{self, ParamId};
use terugkeer_rules::{Date, Facts, Lang, assess};

const LIST: &str = r#"
[[included_countries.values]]
from = 2026-11-01
value = [{ code = "AF", name = "Afghanistan" }, { code = "IQ", name = "Irak" }]
citation = "Landenlijst herintegratieondersteuning (fictief voorbeeld)"
source = "Brief DT&V aan de organisatie (fictief)"
confidence = "S"

[[excluded_countries.values]]
from = 2026-11-01
value = [{ code = "IQ", name = "Irak" }]
citation = "Nationaliteiten uitgesloten wegens misbruik (fictief voorbeeld)"
source = "Brief DT&V aan de organisatie (fictief)"
confidence = "S"

[[in_kind_max_eur_adult.values]]
from = 2023-08-01
value = 2000
citation = "Eigen afspraak (fictief)"
source = "Besluit coördinator (fictief)"
confidence = "U"
"#;

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn country_check(p: &policy::Policy, as_of: &str, c: &str) -> Value {
    let f = Facts::from_value(
        json!({"as_of": as_of, "country": c, "asylum_rejected_on": "2026-01-05",
        "setting": "elders"}),
    )
    .unwrap();
    let a = serde_json::to_value(assess(&f, p, Lang::Nl).unwrap()).unwrap();
    a["eligibility"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == "excluded_country")
        .unwrap()
        .clone()
}

#[test]
fn a_local_list_decides_from_its_date_and_not_before() {
    let base = policy::builtin().unwrap();
    let local = base.with_local("organisatie-1.toml", LIST).unwrap();
    // The day before: the built-in policy has no list; the public criteria only indicate.
    let before = country_check(&local, "2026-10-31", "AF");
    assert_eq!(before["passed"], Value::Null);
    assert_eq!(before["indication"], json!(true));
    // From its date: the list decides, both ways.
    let on = country_check(&local, "2026-11-01", "AF");
    assert_eq!(on["passed"], json!(true));
    assert_eq!(on["decided_by"], json!("engine"));
    let out = country_check(&local, "2026-11-02", "SY");
    assert_eq!(out["passed"], json!(false), "not on the list: fails");
    let abuse = country_check(&local, "2026-11-02", "IQ");
    assert_eq!(abuse["passed"], json!(false), "on the list but excluded: fails");
    // The built-in policy is unchanged.
    assert_eq!(country_check(&base, "2026-11-02", "SY")["passed"], Value::Null);
}

#[test]
fn a_same_date_value_replaces_the_builtin_one_and_says_where_it_came_from() {
    let base = policy::builtin().unwrap();
    let local = base.with_local("organisatie-1.toml", LIST).unwrap();
    let p = local.param(ParamId::InKindMaxAdult);
    assert_eq!(p.values.len(), base.param(ParamId::InKindMaxAdult).values.len());
    let d = p.at(day("2024-01-01")).unwrap();
    assert_eq!(
        d.value,
        Some(policy::Value::Money(terugkeer_rules::vocab::Cents(200_000)))
    );
    assert_eq!(d.file, "organisatie-1.toml");
    assert_eq!(d.confidence, policy::Confidence::U);
    // Earlier values stay the built-in ones.
    let old = p.at(day("2020-01-01")).unwrap();
    assert_eq!(
        old.value,
        Some(policy::Value::Money(terugkeer_rules::vocab::Cents(150_000)))
    );
    assert_ne!(old.file, "organisatie-1.toml");
}

#[test]
fn the_hash_covers_the_local_file_and_the_base_comes_back() {
    let base = policy::builtin().unwrap();
    let a = base.with_local("organisatie-1.toml", LIST).unwrap();
    let b = base.with_local("organisatie-1.toml", LIST).unwrap();
    assert_eq!(a.hash(), b.hash(), "the same files give the same hash");
    assert_ne!(a.hash(), base.hash());
    let c = base.with_local("organisatie-2.toml", LIST).unwrap();
    assert_ne!(a.hash(), c.hash(), "the file name is part of the hash");
    assert_eq!(a.base().unwrap().hash(), base.hash());
    // Adding to a policy that already has a local file replaces that file.
    let again = a.with_local("organisatie-1.toml", LIST).unwrap();
    assert_eq!(again.hash(), a.hash());
    assert_eq!(a.sources().last().unwrap().0, "organisatie-1.toml");
}

#[test]
fn a_local_file_cannot_define_parameters_and_every_problem_has_its_line() {
    let base = policy::builtin().unwrap();
    let text = "[departure_term_days]\nunit = \"days\"\ndescription = { nl = \"x\", en = \"x\" }\n\
                [[departure_term_days.values]]\nfrom = 2026-01-01\nvalue = 1\ncitation = \"c\"\nsource = \"s\"\n\
                confidence = \"V\"\n";
    let e = base.with_local("org.toml", text).unwrap_err();
    assert_eq!(e.0.len(), 1, "{e}");
    assert_eq!((e.0[0].file.as_str(), e.0[0].line), ("org.toml", 1));
    assert!(e.0[0].message.contains("only adds dated values"), "{e}");

    let text = "[[no_such_param.values]]\nfrom = 2026-01-01\nvalue = 1\n\n\
                [[vbl_weeks.values]]\nfrom = 2026-01-01\nvalue = \"twelve\"\ncitation = \"c\"\nsource = \"s\"\n\
                confidence = \"V\"\n\n\
                [[cash_max_eur.values]]\nfrom = 2026-01-01\nvalue = 1\ncitation = \"c\"\nsource = \"s\"\n\
                confidence = \"X\"\n";
    let e = base.with_local("org.toml", text).unwrap_err();
    let lines: Vec<usize> = e.0.iter().map(|i| i.line).collect();
    assert!(e.0.iter().any(|i| i.message.contains("unknown parameter")), "{e}");
    assert!(lines.contains(&1), "unknown parameter on line 1: {e}");
    assert!(lines.contains(&7), "the bad value on line 7: {e}");
    assert!(lines.contains(&17), "the bad confidence mark on line 17: {e}");
}

#[test]
fn a_folder_with_the_organisation_file_loads_as_the_same_policy() {
    let base = policy::builtin().unwrap();
    let local = base.with_local("organisatie-1.toml", LIST).unwrap();
    let files: Vec<(&str, &str)> = local
        .sources()
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let again = policy::load(&files).unwrap();
    assert_eq!(again.hash(), local.hash());
    assert_eq!(country_check(&again, "2026-11-02", "AF")["passed"], json!(true));
}
