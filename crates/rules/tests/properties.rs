//! Property tests, the temporal coverage test generated from the policy files, and the policy loader's
//! refusals.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use proptest::prelude::*;
use terugkeer_rules::facts::Appeal;
use terugkeer_rules::policy::{self, ParamId};
use terugkeer_rules::vocab::{Cents, Country, EntryBan, ProcedureType, Setting};
use terugkeer_rules::{Date, Facts, Lang, assess};

static POLICY: std::sync::LazyLock<policy::Policy> =
    std::sync::LazyLock::new(|| policy::builtin().expect("built-in policy loads"));

fn date_in(lo: &str, hi: &str) -> impl Strategy<Value = Date> {
    let (a, b) = (
        Date::parse(lo).unwrap().day_number(),
        Date::parse(hi).unwrap().day_number(),
    );
    (a..=b).prop_map(Date::from_day_number)
}

fn known_bool() -> impl Strategy<Value = Option<bool>> {
    prop_oneof![Just(None), any::<bool>().prop_map(Some)]
}

/// Facts, one case in four with DT&V's answer to the verification form (verdicts on some thresholds, and
/// what it saw, which may differ from the facts now).
fn facts() -> impl Strategy<Value = Facts> {
    (
        facts_plain(),
        prop::option::weighted(0.25, (any::<u8>(), any::<u8>(), 0i32..60, any::<bool>())),
    )
        .prop_map(|(mut f, v)| {
            if let Some((judged, met, back, saw_other)) = v {
                let mut verdicts = terugkeer_rules::facts::Verdicts::default();
                for (i, t) in terugkeer_rules::Threshold::ALL.into_iter().enumerate() {
                    if judged & (1 << i) != 0 {
                        verdicts.set(t, Some(met & (1 << i) != 0));
                    }
                }
                let mut seen = std::collections::BTreeMap::new();
                seen.insert(
                    "country".to_owned(),
                    serde_json::json!(if saw_other { "IQ" } else { f.country.as_str() }),
                );
                f.verification = Some(terugkeer_rules::facts::DtvVerification {
                    decided_on: f.as_of.add_days(-back),
                    by: "J. de Vries".into(),
                    verdicts,
                    seen,
                });
            }
            // Half the border-procedure cases also have the return border procedure's return decision.
            if f.procedure_type == Some(ProcedureType::Border)
                && let Some(rej) = f.asylum_rejected_on
                && spread(&f).is_multiple_of(2)
            {
                f.return_decision_on = Some(rej.add_days(3).min(f.as_of));
                f.voluntary_departure_days =
                    (!spread(&f).is_multiple_of(4)).then_some((spread(&f) % 20) as u32);
            }
            f
        })
}

/// A cheap, deterministic spread over a case's facts (varies the border-track inputs without a wider tuple).
fn spread(f: &Facts) -> u64 {
    let x = (i64::from(f.as_of.day_number()) * 31
        + i64::from(f.refusals) * 7
        + i64::from(f.term_extension_days)) as u64;
    x ^ (x >> 3)
}

prop_compose! {
    fn facts_plain()(
        as_of in date_in("2016-03-23", "2027-12-31"),
        back in 0i32..800, appeal_kind in 0u8..3, lodge in 0i32..40, decide in 0i32..500,
        country in prop::sample::select(vec!["AF", "SY", "MN", "RU", "AL", "XK", "ER", "DM", "DO"]),
        rejected in any::<bool>(), b1 in known_bool(), b2 in known_bool(), b3 in known_bool(), b4 in known_bool(),
        b5 in known_bool(), b6 in known_bool(), b7 in known_bool(), b8 in known_bool(), b9 in known_bool(),
        setting in prop::sample::select(vec![Setting::Azc, Setting::Vbl, Setting::Gezinslocatie, Setting::Noodopvang, Setting::Elders, Setting::Bewaring]),
        ext in prop_oneof![Just(0u32), 0u32..200], refusals in 0u32..6, cents in 0i64..400_000,
        hand in prop_oneof![Just(None), (1i64..200_000).prop_map(Some)],
        proc_ in prop::sample::select(vec![None, Some(ProcedureType::Regular), Some(ProcedureType::Accelerated), Some(ProcedureType::Border)]),
        prev in prop_oneof![Just(None), (0i32..4000).prop_map(Some)], departed in prop_oneof![Just(None), (0i32..400).prop_map(Some)],
        ban in prop::sample::select(vec![Some(EntryBan::None), Some(EntryBan::Light), Some(EntryBan::Heavy), None]),
    ) -> Facts {
        let rej = rejected.then(|| as_of.add_days(-back));
        let appeal = match (rej, appeal_kind) {
            (Some(r), 1) => Some(Appeal { lodged_on: r.add_days(lodge).min(as_of), finally_rejected_on: None }),
            (Some(r), 2) => {
                let l = r.add_days(lodge).min(as_of);
                Some(Appeal { lodged_on: l, finally_rejected_on: Some(l.add_days(decide).min(as_of)) })
            }
            _ => None,
        };
        let floor = rej.unwrap_or(as_of.add_days(-5000));
        Facts {
            as_of, country: Country::parse(country).unwrap(), dublin_claimant: b1, asylum_rejected_on: rej, appeal,
            procedure_type: proc_, other_procedure_pending: b2, criminal_record: b3, entry_ban: ban, article_1f: b4,
            previously_supported_on: prev.map(|p| as_of.add_days(-p)), currently_participating: b5, setting,
            vbl_since: (setting == Setting::Vbl).then(|| as_of.add_days(-(back / 4)).max(floor)),
            term_extension_days: ext, medical_impediment: b6, cooperating: b7, refusals, deportable: b8,
            country_cooperates_with_forced_return: b9, has_travel_documents: b1, planned_departure_on: None,
            in_kind_eur: Cents(cents), cash_eur: Cents(0), minor: b2, handreiking_eur: hand.map(Cents),
            departed_on: departed.map(|d| as_of.add_days(-d).max(floor)), decisions: Vec::new(),
            verification: None, return_decision_on: None, voluntary_departure_days: None, support_scheme: None, detained_since: None, trajectory_started_on: None,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn deadlines_never_precede_the_term_start_and_failed_matches_checks(f in facts()) {
        let p = &*POLICY;
        let a = assess(&f, p, Lang::Nl).unwrap();
        if let Some(start) = a.term.start {
            let end = a.term.end.unwrap();
            prop_assert!(end >= start.add_days(28));
            prop_assert!(a.term.end_unadjusted.unwrap() <= end);
            if let Some(s) = a.others.support_in_nl_end { prop_assert!(s > start); }
            if let Some(r) = a.others.reception_end && f.setting == Setting::Azc { prop_assert!(r >= end); }
            // The Atw shift lands on a working day and is minimal: no working day between raw and end.
            let raw = a.term.end_unadjusted.unwrap();
            if raw != end {
                let h = p.at(f.as_of).unwrap().holidays(ParamId::AtwHolidays).value.unwrap();
                prop_assert!(!h.is_non_working(end));
                let mut d = raw;
                while d < end { prop_assert!(h.is_non_working(d)); d = d.add_days(1); }
            }
        } else {
            prop_assert!(a.term.end.is_none());
        }
        let failed: Vec<&str> = a.checks.iter().filter(|c| c.passed() == Some(false)).map(|c| c.rule).collect();
        let listed: Vec<&str> = a.eligibility.failed.iter().map(|t| t.id()).collect();
        prop_assert_eq!(&failed, &listed);
        let undetermined = a.checks.iter().any(|c| c.passed().is_none());
        let expect = if !failed.is_empty() { Some(false) } else if undetermined { None } else { Some(true) };
        prop_assert_eq!(a.eligibility.eligible, expect);
        // The batch path answers exactly what the full assessment answers.
        let c = terugkeer_rules::core(&f, &p.at(f.as_of).unwrap());
        prop_assert_eq!(c.eligible, a.eligibility.eligible);
        prop_assert_eq!(c.departure_term_end, a.term.end);
        if let Some(m) = &a.monitoring { prop_assert!(m.first_due.unwrap() > f.departed_on.unwrap()); }
        // The direct JSON writer gives the same document as the Serialize implementations.
        let mut buf = Vec::new();
        terugkeer_rules::json::write_assessment(&a, terugkeer_rules::json::Detail::Trace, &mut buf);
        let direct: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        let mut full = serde_json::to_value(&a).unwrap();
        prop_assert_eq!(&direct, &full);
        // Without the trace: the same document less the trace keys.
        buf.clear();
        terugkeer_rules::json::write_assessment(&a, terugkeer_rules::json::Detail::Outcomes, &mut buf);
        let brief: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        strip_trace(&mut full);
        prop_assert_eq!(brief, full);
    }

    #[test]
    fn facts_survive_a_json_round_trip(f in facts()) {
        let json = serde_json::to_string(&f).unwrap();
        prop_assert_eq!(Facts::from_json(&json).unwrap(), f);
    }

    #[test]
    fn parsing_never_panics(s in ".{0,200}") {
        let _ = Facts::from_json(&s);
    }

    #[test]
    fn parsing_never_panics_on_near_valid_cases(
        key in prop::sample::select(vec!["as_of", "country", "appeal", "refusals", "in_kind_eur", "setting", "decisions", "vbl_since", "handreiking_eur"]),
        v in prop_oneof![Just("null".to_owned()), Just("-1".to_owned()), Just("1e400".to_owned()), Just("\"2016-02-30\"".to_owned()), Just("{}".to_owned()), Just("[]".to_owned()), ".{0,12}".prop_map(|s| format!("{s:?}"))],
    ) {
        let text = format!(r#"{{"as_of":"2016-06-01","country":"AF","{key}":{v}}}"#);
        if let Ok(f) = Facts::from_json(&text) {
            let _ = assess(&f, &POLICY, Lang::En).map(|a| serde_json::to_string(&a).unwrap());
        }
    }
}

/// Removes what only the trace holds: node facts and policy lists, the traces, the policy table.
fn strip_trace(v: &mut serde_json::Value) {
    let o = v.as_object_mut().unwrap();
    o.remove("trace");
    o.remove("policy_used");
    o["deadlines"].as_object_mut().unwrap().remove("trace");
    for c in o["eligibility"]["checks"].as_array_mut().unwrap() {
        let c = c.as_object_mut().unwrap();
        c.remove("facts");
        c.remove("policy");
    }
    for d in o["discretion"].as_array_mut().unwrap() {
        d.as_object_mut().unwrap().remove("policy");
    }
    o["tipping_point"].as_object_mut().unwrap().remove("policy");
    o["in_kind"].as_object_mut().unwrap().remove("policy");
}

/// For every start date in the policy files: the day before, of and after, every policy value an
/// assessment uses is the one in force on `as_of` (or, for appeal suspension, on the decision date), and
/// the version is the latest start date not after `as_of`. Generated from the policy, so a new dated value
/// is covered without a new test.
#[test]
fn temporal_coverage_around_every_start_date() {
    let p = policy::builtin().unwrap();
    let mut cases = 0;
    for &start in p.start_dates() {
        for as_of in [start.add_days(-1), start, start.add_days(1)] {
            if as_of < p.start() {
                let f = Facts::from_json(&format!(r#"{{"as_of":"{as_of}","country":"AF"}}"#)).unwrap();
                assert!(
                    assess(&f, &p, Lang::Nl).is_err(),
                    "{as_of} lies before the policy"
                );
                continue;
            }
            for (i, setting) in ["azc", "vbl", "noodopvang", "bewaring"].iter().enumerate() {
                let rej = as_of.add_days(-(i as i32) * 20);
                let json = format!(
                    r#"{{"as_of":"{as_of}","country":"MN","dublin_claimant":true,"asylum_rejected_on":"{rej}","setting":"{setting}","vbl_since":"{as_of}","handreiking_eur":400,"in_kind_eur":100,"cash_eur":10,"departed_on":"{as_of}","previously_supported_on":"{rej}","term_extension_days":{ext},"appeal":{{"lodged_on":"{rej}","finally_rejected_on":"{as_of}"}},"procedure_type":"regular"}}"#,
                    ext = i * 5
                );
                let f = Facts::from_json(&json).unwrap();
                let a = assess(&f, &p, Lang::Nl).unwrap();
                assert_eq!(Some(a.policy_version), p.version_at(as_of));
                assert!(a.policy_version <= as_of);
                for d in a.policy_used() {
                    let day = match d.param {
                        ParamId::AppealSuspension | ParamId::NonSuspensiveProcedures => rej.max(p.start()),
                        _ => as_of,
                    };
                    let in_force = p.param(d.param).at(day).unwrap();
                    assert!(
                        std::ptr::eq(d, in_force),
                        "{} on {as_of}: used {} but {} is in force",
                        d.param.key(),
                        d.from,
                        in_force.from
                    );
                }
                cases += 1;
            }
        }
    }
    assert!(cases >= 4 * 3 * (p.start_dates().len() - 1));
}

fn builtin_with(file: &str, edit: impl Fn(&str) -> String) -> Result<policy::Policy, policy::PolicyError> {
    let files: Vec<(String, String)> = policy::BUILTIN_FILES
        .iter()
        .map(|(n, t)| {
            (
                (*n).to_owned(),
                if *n == file { edit(t) } else { (*t).to_owned() },
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    policy::load(&refs)
}

fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn the_policy_loader_refuses_naming_file_and_line() {
    let vt = policy::BUILTIN_FILES
        .iter()
        .find(|(n, _)| *n == "vertrektermijn.toml")
        .unwrap()
        .1;
    let expect = |file: &str, edit: &dyn Fn(&str) -> String, line: usize, words: &str| {
        let e = builtin_with(file, edit).unwrap_err();
        let issue = &e.0[0];
        assert_eq!(issue.file, file, "{e}");
        assert_eq!(issue.line, line, "{e}");
        assert!(issue.message.contains(words), "{e} should say {words}");
    };
    // Unknown key inside a value.
    expect(
        "vertrektermijn.toml",
        &|t| t.replacen("value = 28\n", "value = 28\nvalu = 3\n", 1),
        line_of(vt, "value = 28") + 1,
        "unknown field",
    );
    // Unknown parameter.
    expect(
        "vertrektermijn.toml",
        &|t| {
            format!(
                "{t}\n[departure_term_dayz]\nunit = \"days\"\ndescription = {{ nl = \"x\", en = \"y\" }}\nvalues = []\n"
            )
        },
        vt.lines().count() + 2,
        "unknown parameter",
    );
    // Unordered and duplicate dates.
    expect(
        "vertrektermijn.toml",
        &|t| t.replacen("from = 2025-07-01", "from = 2015-07-01", 1),
        line_of(vt, "from = 2025-07-01"),
        "unordered",
    );
    expect(
        "vertrektermijn.toml",
        &|t| t.replacen("from = 2025-07-01", "from = 2016-03-23", 1),
        line_of(vt, "from = 2025-07-01"),
        "duplicate",
    );
    // Wrong unit.
    expect(
        "vertrektermijn.toml",
        &|t| t.replacen("unit = \"days\"", "unit = \"weeks\"", 1),
        line_of(vt, "unit = \"days\""),
        "unit must be \"days\"",
    );
    // Wrong value type for the unit.
    expect(
        "vertrektermijn.toml",
        &|t| t.replacen("value = 28\n", "value = \"28\"\n", 1),
        line_of(vt, "value = 28"),
        "whole number of days",
    );
    // Missing citation.
    expect(
        "vertrektermijn.toml",
        &|t| t.replacen("citation = \"art. 62 lid 1 Vw 2000\"\n", "", 1),
        line_of(vt, "[[departure_term_days.values]]"),
        "no citation",
    );
    // Unknown ISO code: the line of the code itself, not of the list.
    let landen = policy::BUILTIN_FILES
        .iter()
        .find(|(n, _)| *n == "landen.toml")
        .unwrap()
        .1;
    expect(
        "landen.toml",
        &|t| t.replacen("code = \"DM\"", "code = \"UK\"", 1),
        line_of(landen, "code = \"DM\""),
        "unknown ISO 3166-1",
    );
    // A number far beyond any term.
    expect(
        "vertrektermijn.toml",
        &|t| t.replacen("value = 28\n", "value = 4000000000\n", 1),
        line_of(vt, "value = 28"),
        "largest accepted",
    );
    // Bad TOML.
    expect(
        "vertrektermijn.toml",
        &|t| t.replacen("value = 28\n", "value = = 28\n", 1),
        line_of(vt, "value = 28"),
        "",
    );
    // A missing parameter names the parameter.
    let e = builtin_with("monitoring.toml", |_| String::new()).unwrap_err();
    assert!(
        e.0.iter()
            .any(|i| i.message.contains("missing parameter `monitoring_months`")),
        "{e}"
    );
}
