//! The assessment panel of a client page: the same assessment `GET /api/v1/clients/{id}/assessment` returns
//! (the assess contract, with its trace), so a "why" shows exactly the facts and policy values the rule used.
//!
//! The panel is built from the rules' [`Assessment`] itself, each value in the text the API's JSON gives it
//! (facts through [`terugkeer_rules::json::fact_text`], the writer's own formatting). It used to be read back
//! from the API's JSON — one ~30 KB document written and parsed per page, a tenth of the client page's time
//! (docs/performance.md). That the two cannot disagree is now a test's to show: it reads the JSON of thousands
//! of generated assessments the way the page once did and compares.

use terugkeer_rules::trace::{Node, Outcome};
use terugkeer_rules::{Assessment, Date, Lang, Policy};

use crate::kit::i18n::Tr;

/// One conclusion with its reason, citation and trace.
#[derive(Debug, Clone)]
pub struct Line {
    /// Rule id.
    pub rule: String,
    /// The rule's name in the interface's language (the id when there is none).
    pub label: String,
    /// `passed`, `failed`, `undetermined`, or the value (a date, a status).
    pub outcome: String,
    /// CSS class: `ok`, `bad`, `unknown`, `info`.
    pub class: &'static str,
    /// Why, in words.
    pub reason: String,
    /// The citation.
    pub citation: String,
    /// The facts used: name and value as the API writes them.
    pub facts: Vec<(String, String)>,
    /// The policy values used: the parameter, the day its value took effect (`param@from` in the API), and
    /// the parameter's description in the interface's language (from the policy file).
    pub policy: Vec<(String, String, String)>,
}

impl Line {
    /// The facts as a person reads them: the fact's label and its value in words ("Asielaanvraag
    /// afgewezen op: 2 mei 2016", "onbekend" for what the file does not say).
    pub fn fact_views(&self, t: &Tr) -> Vec<(String, String)> {
        self.facts
            .iter()
            .map(|(name, value)| (label(t, "fact", name), fact_value(t, name, value)))
            .collect()
    }

    /// The policy values as a person reads them: the parameter's label and the day it took effect.
    pub fn policy_views(&self, t: &Tr) -> Vec<String> {
        self.policy
            .iter()
            .map(|(_, from, name)| {
                let from = Date::parse(from).map_or_else(|_| from.clone(), |d| t.date(d));
                t.f(
                    "assessment.policy_value",
                    &[("name", name.clone().into()), ("from", from.into())],
                )
            })
            .collect()
    }
}

/// The label `{family}.{name}`; for a name without one, the field's label (`Tr::field`).
fn label(t: &Tr, family: &str, name: &str) -> String {
    // A nested fact (`appeal.lodged_on`) has its label under one name (`fact.appeal_lodged_on`).
    let key = format!("{family}.{}", name.replace('.', "_"));
    match t.s(&key) {
        s if s == key => t.field(name),
        s => s.to_owned(),
    }
}

/// A fact's value in words: unknown, yes or no, a day, an amount, a code's label; anything else as written.
fn fact_value(t: &Tr, name: &str, value: &str) -> String {
    match value {
        "null" => t.s("unknown").to_owned(),
        "true" => t.s("yes").to_owned(),
        "false" => t.s("no").to_owned(),
        v => {
            if let Ok(d) = Date::parse(v) {
                t.date(d)
            } else if name.ends_with("_eur")
                && let Ok(eur) = v.parse::<f64>()
                && let Ok(c) = terugkeer_rules::vocab::Cents::from_eur(eur)
            {
                t.money(c.0)
            } else {
                value_label(t, v)
            }
        }
    }
}

/// A decision someone must take.
#[derive(Debug, Clone)]
pub struct Discretion {
    /// What.
    pub decision: String,
    /// Who decides.
    pub who: String,
    /// `open`, `decided`, …
    pub status: String,
    /// Whose decision is awaited.
    pub awaiting: String,
    /// Explanation.
    pub explanation: String,
    /// Citation.
    pub citation: String,
}

/// The panel.
#[derive(Debug, Clone)]
pub struct Panel {
    /// Eligible: `Some(true)`, `Some(false)` or undetermined.
    pub eligible: Option<bool>,
    /// While undetermined: the likely answer by the public criteria.
    pub indication: Option<bool>,
    /// `organisation` (the organisation's own indication) or `dtv` (DT&V's answer is an input).
    pub source: String,
    /// The scheme in force.
    pub scheme: String,
    /// The thresholds.
    pub checks: Vec<Line>,
    /// The deadlines.
    pub deadlines: Vec<Line>,
    /// Open and decided discretion.
    pub discretion: Vec<Discretion>,
    /// The tipping point and the rest of the trace (money, monitoring).
    pub other: Vec<Line>,
    /// Warnings.
    pub warnings: Vec<String>,
    /// as_of, policy version, policy hash, facts hash.
    pub receipt: Vec<(String, String)>,
}

/// The panel of an assessment, in the interface's language (the messages are in the assessment's).
pub fn from_assessment(a: &Assessment<'_>, t: &Tr, policy: &Policy) -> Panel {
    let lines = |nodes: &[Node<'_>]| nodes.iter().map(|n| line(t, n, policy)).collect();
    let roles = |list: &[terugkeer_rules::vocab::Role]| {
        list.iter()
            .map(|r| crate::kit::form::option_label(t, r.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let r = &a.receipt;
    Panel {
        eligible: a.eligibility.eligible,
        indication: a.eligibility.indication,
        source: a.eligibility.source().to_owned(),
        scheme: a.scheme.unwrap_or_default().to_owned(),
        checks: lines(&a.checks),
        deadlines: lines(&a.deadline_trace),
        discretion: a
            .discretion
            .iter()
            .map(|d| Discretion {
                decision: crate::kit::form::option_label(t, d.decision),
                who: roles(&d.who),
                status: t.s(&format!("discretion.status.{}", d.status)).to_owned(),
                awaiting: roles(&d.awaiting),
                explanation: d.explanation.to_string(),
                citation: d.citation.to_owned(),
            })
            .collect(),
        other: lines(&a.trace),
        warnings: {
            let country = a.checks.iter().find_map(country_of);
            a.warnings
                .iter()
                .map(|w| country_named(t, &w.message.to_string(), country.as_ref().map(|c| c.as_str())))
                .collect()
        },
        receipt: [
            ("as_of", t.date(r.as_of)),
            ("policy_version", t.date(r.policy_version)),
            ("policy_hash", r.policy_hash.to_owned()),
            ("facts_hash", r.facts_hash.clone()),
            ("engine_version", r.engine_version.to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (t.s(&format!("receipt.{k}")).to_owned(), v))
        .collect(),
    }
}

/// The country a node read, if any.
fn country_of(n: &Node<'_>) -> Option<terugkeer_rules::vocab::Country> {
    n.facts.iter().find_map(|(k, v)| match v {
        terugkeer_rules::trace::FactValue::Country(c) if *k == "country" => Some(*c),
        _ => None,
    })
}

/// The rules' sentences name a country by its code (the rules crate holds no names); people read its name.
/// Only the code as a word of its own is replaced ("AF", not the "AF" in "AFGHANISTAN").
pub(crate) fn country_named(t: &Tr, text: &str, code: Option<&str>) -> String {
    let Some(code) = code else {
        return text.to_owned();
    };
    let name = t.country(code);
    if name == code {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(i) = rest.find(code) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + code.len()..].chars().next();
        let word = before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric());
        out.push_str(&rest[..i]);
        out.push_str(if word { &name } else { code });
        rest = &rest[i + code.len()..];
    }
    out.push_str(rest);
    out
}

/// A code (lower case and `_`) shows as its label; anything else as it is.
fn value_label(t: &Tr, s: &str) -> String {
    if s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        crate::kit::form::option_label(t, s)
    } else {
        s.to_owned()
    }
}

fn line(t: &Tr, n: &Node<'_>, policy: &Policy) -> Line {
    let (outcome, class) = match n.outcome {
        Outcome::Check(Some(true)) => ("passed".to_owned(), "ok"),
        Outcome::Check(Some(false)) => ("failed".to_owned(), "bad"),
        Outcome::Check(None) => match n.indication {
            Some(true) => ("likely".to_owned(), "likely"),
            Some(false) => ("likely_not".to_owned(), "unknown"),
            None => ("undetermined".to_owned(), "unknown"),
        },
        Outcome::Date(None) => ("—".to_owned(), "info"),
        Outcome::Date(Some(d)) => (t.date(d), "info"),
        Outcome::Text(s) => (value_label(t, s), "info"),
        Outcome::Note => (String::new(), "info"),
    };
    let key = format!("rule.{}", n.rule);
    let label = match t.s(&key) {
        s if s == key => n.rule.to_owned(),
        s => s.to_owned(),
    };
    // Listed by name, as a JSON object's keys are read (the last of a repeated name counts).
    let mut facts: Vec<(&str, String)> = Vec::with_capacity(n.facts.len());
    for &(k, v) in n.facts.iter() {
        let text = terugkeer_rules::json::fact_text(v);
        match facts.binary_search_by(|(name, _)| (*name).cmp(k)) {
            Ok(i) => {
                if let Some(slot) = facts.get_mut(i) {
                    slot.1 = text;
                }
            }
            Err(i) => facts.insert(i, (k, text)),
        }
    }
    Line {
        rule: n.rule.to_owned(),
        label,
        outcome,
        class,
        reason: country_named(
            t,
            &n.reason.to_string(),
            country_of(n).as_ref().map(|c| c.as_str()),
        ),
        citation: n.citation.to_owned(),
        facts: facts.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        policy: n
            .policy
            .iter()
            .map(|&d| {
                let p = policy.param(d.param);
                let name = if t.lang == Lang::En { &p.en } else { &p.nl };
                (d.param.key().to_owned(), d.from.to_string(), name.clone())
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use serde_json::{Value, json};

    use terugkeer_rules::policy::ParamId;
    use terugkeer_rules::{Facts, policy};

    use super::*;

    /// How this module once read the panel from the API's JSON, through a `serde_json::Value`: the reference
    /// the panel built from the assessment must agree with. (A null scheme shows nothing; the old reading
    /// showed "null".)
    fn reference(v: &Value, t: &Tr, policy: &terugkeer_rules::Policy) -> Panel {
        fn text(v: &Value) -> String {
            match v {
                Value::String(s) => s.clone(),
                Value::Null => "null".into(),
                other => other.to_string(),
            }
        }
        fn strings(v: Option<&Value>) -> Vec<String> {
            v.and_then(Value::as_array)
                .map(|a| a.iter().map(text).collect())
                .unwrap_or_default()
        }
        let line = |n: &Value| -> Line {
            let (outcome, class) = match (n.get("passed"), n.get("value")) {
                (Some(Value::Bool(true)), _) => ("passed".to_owned(), "ok"),
                (Some(Value::Bool(false)), _) => ("failed".to_owned(), "bad"),
                (Some(Value::Null), _) => match n.get("indication") {
                    Some(Value::Bool(true)) => ("likely".to_owned(), "likely"),
                    Some(Value::Bool(false)) => ("likely_not".to_owned(), "unknown"),
                    _ => ("undetermined".to_owned(), "unknown"),
                },
                (_, Some(Value::Null)) => ("—".to_owned(), "info"),
                (_, Some(Value::String(s))) if s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') => {
                    (crate::kit::form::option_label(t, s), "info")
                }
                (_, Some(Value::String(s))) if Date::parse(s).is_ok() => {
                    (Date::parse(s).map(|d| t.date(d)).unwrap(), "info")
                }
                (_, Some(v)) => (text(v), "info"),
                _ => (String::new(), "info"),
            };
            let rule = n.get("rule").map(text).unwrap_or_default();
            let key = format!("rule.{rule}");
            let label = if t.s(&key) == key {
                rule.clone()
            } else {
                t.s(&key).to_owned()
            };
            Line {
                rule,
                label,
                outcome,
                class,
                reason: country_named(
                    t,
                    &n.get("reason").map(text).unwrap_or_default(),
                    n.get("facts")
                        .and_then(|f| f.get("country"))
                        .and_then(Value::as_str),
                ),
                citation: n.get("citation").map(text).unwrap_or_default(),
                facts: n
                    .get("facts")
                    .and_then(Value::as_object)
                    .map(|m| m.iter().map(|(k, v)| (k.clone(), text(v))).collect())
                    .unwrap_or_default(),
                policy: strings(n.get("policy"))
                    .into_iter()
                    .map(|p| {
                        let (param, from) = p.split_once('@').unwrap();
                        let described = policy.param(ParamId::from_key(param).unwrap());
                        let name = if t.lang == Lang::En {
                            &described.en
                        } else {
                            &described.nl
                        };
                        (param.to_owned(), from.to_owned(), name.clone())
                    })
                    .collect(),
            }
        };
        let roles = |v: Option<&Value>| {
            strings(v)
                .iter()
                .map(|r| crate::kit::form::option_label(t, r))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let nodes = |v: &Value| -> Vec<Line> {
            v.as_array()
                .map(|a| a.iter().map(line).collect())
                .unwrap_or_default()
        };
        let elig = &v["eligibility"];
        Panel {
            eligible: elig["eligible"].as_bool(),
            indication: elig["indication"].as_bool(),
            source: text(&elig["source"]),
            scheme: elig
                .get("scheme")
                .filter(|s| !s.is_null())
                .map(text)
                .unwrap_or_default(),
            checks: nodes(&elig["checks"]),
            deadlines: nodes(&v["deadlines"]["trace"]),
            discretion: v["discretion"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|d| Discretion {
                            decision: crate::kit::form::option_label(t, &text(&d["decision"])),
                            who: roles(d.get("who")),
                            status: t
                                .s(&format!("discretion.status.{}", text(&d["status"])))
                                .to_owned(),
                            awaiting: roles(d.get("awaiting")),
                            explanation: text(&d["explanation"]),
                            citation: text(&d["citation"]),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            other: nodes(&v["trace"]),
            warnings: v["warnings"]
                .as_array()
                .map(|a| {
                    let country = v["eligibility"]["checks"]
                        .as_array()
                        .and_then(|c| c.iter().find_map(|n| n["facts"]["country"].as_str()));
                    a.iter()
                        .map(|w| country_named(t, &text(&w["message"]), country))
                        .collect()
                })
                .unwrap_or_default(),
            receipt: [
                "as_of",
                "policy_version",
                "policy_hash",
                "facts_hash",
                "engine_version",
            ]
            .iter()
            .map(|k| {
                let value = text(&v["receipt"][*k]);
                let value = Date::parse(&value).map_or(value, |d| t.date(d));
                (t.s(&format!("receipt.{k}")).to_owned(), value)
            })
            .collect(),
        }
    }

    /// The panel built from the assessment, and the panel read from the API's JSON of it.
    fn both(facts: &Facts, policy: &terugkeer_rules::Policy, lang: Lang) -> (Panel, Panel) {
        let t = Tr { lang };
        let a = terugkeer_rules::assess(facts, policy, lang).unwrap();
        let mut bytes = Vec::new();
        terugkeer_rules::json::write_assessment(&a, terugkeer_rules::json::Detail::Trace, &mut bytes);
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        (from_assessment(&a, &t, policy), reference(&value, &t, policy))
    }

    /// A small deterministic generator of cases across the eras, settings and unknowns.
    fn case(r: &mut u64) -> Value {
        let mut next = |n: u64| {
            *r = r
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (*r >> 33) % n
        };
        let as_of = [
            "2016-06-01",
            "2019-03-15",
            "2024-06-01",
            "2026-07-01",
            "2026-11-29",
        ][next(5) as usize];
        let year: i32 = as_of[..4].parse().unwrap();
        let month = 1 + (as_of[5..7].parse::<u64>().unwrap() - 1).saturating_sub(next(4));
        let earlier = |y: i32, m: u64| format!("{y}-{m:02}-{:02}", 1 + (m % 27));
        let rejected = earlier(year, month);
        let unknown = |k: u64| match k {
            0 => Value::Null,
            1 => json!(true),
            _ => json!(false),
        };
        let setting = ["azc", "vbl", "gezinslocatie", "noodopvang", "elders", "bewaring"][next(6) as usize];
        let country = ["AF", "SY", "MN", "RU", "AL", "XK", "ER", "DO"][next(8) as usize];
        let extension = [0, 0, 14, 90][next(4) as usize];
        let mut f = json!({
            "as_of": as_of,
            "country": country,
            "asylum_rejected_on": rejected,
            "setting": setting,
            "cooperating": unknown(next(3)),
            "dublin_claimant": unknown(next(3)),
            "criminal_record": unknown(next(4)),
            "deportable": unknown(next(3)),
            "has_travel_documents": unknown(next(3)),
            "medical_impediment": unknown(next(4)),
            "refusals": next(5),
            "term_extension_days": extension,
            "in_kind_eur": next(400_000) as f64 / 100.0,
        });
        if setting == "vbl" {
            f["vbl_since"] = json!(rejected);
        }
        if next(3) == 0 {
            f["appeal"] = json!({ "lodged_on": rejected });
        }
        if next(4) == 0 {
            f["handreiking_eur"] = json!(next(200_000) as f64 / 100.0);
        }
        if next(5) == 0 {
            f["departed_on"] = json!(as_of);
        }
        f
    }

    /// Every fact a "why" can name has its label in both languages, so a caseworker reads "Asielaanvraag
    /// afgewezen op", not `asylum_rejected_on`.
    #[test]
    fn every_fact_a_why_names_has_a_label() {
        let policy = policy::builtin().unwrap();
        let mut r = 7u64;
        let mut names = std::collections::BTreeSet::new();
        for _ in 0..1200 {
            let Ok(facts) = Facts::from_json(&case(&mut r).to_string()) else {
                continue;
            };
            let (p, _) = both(&facts, &policy, Lang::Nl);
            for l in p.checks.iter().chain(&p.deadlines).chain(&p.other) {
                names.extend(l.facts.iter().map(|(n, _)| n.clone()));
            }
        }
        assert!(names.len() > 15, "{names:?}");
        let missing: Vec<&String> = names
            .iter()
            .filter(|n| !Tr::has(&format!("fact.{}", n.replace('.', "_"))))
            .collect();
        assert!(missing.is_empty(), "facts without a label: {missing:?}");
    }

    /// A code as a word of its own becomes the country's name; inside a word it stays.
    #[test]
    fn countries_are_named_in_sentences() {
        let t = Tr { lang: Lang::Nl };
        assert_eq!(
            country_named(&t, "MA staat op de lijst; of DT&V MA uitsluit.", Some("MA")),
            "Marokko staat op de lijst; of DT&V Marokko uitsluit."
        );
        assert_eq!(country_named(&t, "MAROKKO (MA)", Some("MA")), "MAROKKO (Marokko)");
        assert_eq!(country_named(&t, "geen land", None), "geen land");
    }

    #[test]
    fn the_panel_says_what_the_api_says() {
        let policy = policy::builtin().unwrap();
        let mut r = 20161u64;
        let (mut compared, mut classes, mut money, mut discretion, mut warnings) =
            (0, std::collections::BTreeSet::new(), 0, 0, 0);
        for i in 0..1200 {
            let Ok(facts) = Facts::from_json(&case(&mut r).to_string()) else {
                continue;
            };
            let lang = if i % 2 == 0 { Lang::Nl } else { Lang::En };
            let (p, reference) = both(&facts, &policy, lang);
            assert_eq!(format!("{p:?}"), format!("{reference:?}"), "case {i}");
            for l in p.checks.iter().chain(&p.deadlines).chain(&p.other) {
                classes.insert(l.class);
                money += usize::from(l.facts.iter().any(|f| f.1.contains('.')));
            }
            discretion += usize::from(!p.discretion.is_empty());
            warnings += usize::from(!p.warnings.is_empty());
            compared += 1;
        }
        // The cases must reach what the panel distinguishes, or the comparison proves little.
        assert!(compared >= 600, "only {compared} cases were valid facts");
        assert_eq!(
            classes.into_iter().collect::<Vec<_>>(),
            ["bad", "info", "likely", "ok", "unknown"]
        );
        assert!(
            money > 0 && discretion > 0 && warnings > 0,
            "{money} {discretion} {warnings}"
        );
    }
}
