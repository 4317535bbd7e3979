//! The assessment panel of a client page, read from the very JSON the API returns for
//! `GET /api/v1/clients/{id}/assessment` (the assess contract, with its trace): the page and the API can
//! never disagree, and a "why" shows exactly the facts and policy values the rule used.

use terugkeer_rules::json::{Detail, write_assessment};
use terugkeer_rules::{Facts, Lang, Policy};

use crate::i18n::Tr;

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
    /// The facts used, `name = value`.
    pub facts: Vec<String>,
    /// The policy values used, `param@from`.
    pub policy: Vec<String>,
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

/// The contract JSON (with trace) of an assessment.
pub fn contract_json(facts: &Facts, policy: &Policy, lang: Lang) -> Result<Vec<u8>, String> {
    let a = terugkeer_rules::assess(facts, policy, lang).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(8192);
    write_assessment(&a, Detail::Trace, &mut out);
    Ok(out)
}

/// Reads the panel from the contract JSON.
///
/// The document is read into borrowed, typed parts (strings stay in the buffer unless they carry an escape;
/// what the panel does not show — `policy_used`, money, monitoring — is skipped, not built): reading it into a
/// `serde_json::Value` first cost a tenth of the client page's time (docs/performance.md). A test reads
/// thousands of generated assessments both ways and compares.
pub fn from_json(bytes: &[u8], t: &Tr) -> Result<Panel, serde_json::Error> {
    let doc: doc::Doc<'_> = serde_json::from_slice(bytes)?;
    let nodes = |list: Vec<doc::Node<'_>>| list.into_iter().map(|n| n.line(t)).collect();
    Ok(Panel {
        eligible: doc.eligibility.eligible,
        scheme: doc
            .eligibility
            .scheme
            .map(|s| s.0.into_owned())
            .unwrap_or_default(),
        checks: nodes(doc.eligibility.checks),
        deadlines: nodes(doc.deadlines.trace),
        discretion: doc
            .discretion
            .into_iter()
            .map(|d| Discretion {
                decision: crate::forms::option_label(t, &d.decision.0),
                who: d.who.join(", "),
                status: d.status.0.into_owned(),
                awaiting: d.awaiting.join(", "),
                explanation: d.explanation.0.into_owned(),
                citation: d.citation.0.into_owned(),
            })
            .collect(),
        other: nodes(doc.trace),
        warnings: doc
            .warnings
            .into_iter()
            .map(|w| w.message.0.into_owned())
            .collect(),
        receipt: {
            let r = doc.receipt;
            [
                ("as_of", r.as_of),
                ("policy_version", r.policy_version),
                ("policy_hash", r.policy_hash),
                ("facts_hash", r.facts_hash),
                ("engine_version", r.engine_version),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.0.into_owned()))
            .collect()
        },
    })
}

/// The parts of the contract document the panel shows, borrowed from its bytes.
mod doc {
    use std::borrow::Cow;
    use std::fmt;

    use serde::Deserialize;
    use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

    use super::Line;
    use crate::i18n::Tr;

    #[derive(Deserialize)]
    pub(super) struct Doc<'a> {
        #[serde(borrow)]
        pub eligibility: Eligibility<'a>,
        #[serde(borrow)]
        pub deadlines: Deadlines<'a>,
        #[serde(borrow, default)]
        pub discretion: Vec<Item<'a>>,
        #[serde(borrow, default)]
        pub trace: Vec<Node<'a>>,
        #[serde(borrow, default)]
        pub warnings: Vec<Warning<'a>>,
        #[serde(borrow)]
        pub receipt: Receipt<'a>,
    }

    #[derive(Deserialize)]
    pub(super) struct Eligibility<'a> {
        #[serde(default)]
        pub eligible: Option<bool>,
        /// Absent or null: no scheme shown.
        #[serde(borrow, default)]
        pub scheme: Option<Text<'a>>,
        #[serde(borrow, default)]
        pub checks: Vec<Node<'a>>,
    }

    #[derive(Deserialize)]
    pub(super) struct Deadlines<'a> {
        #[serde(borrow, default)]
        pub trace: Vec<Node<'a>>,
    }

    #[derive(Deserialize)]
    pub(super) struct Item<'a> {
        #[serde(borrow, default)]
        pub decision: Text<'a>,
        #[serde(borrow, default)]
        pub who: Vec<Cow<'a, str>>,
        #[serde(borrow, default)]
        pub status: Text<'a>,
        #[serde(borrow, default)]
        pub awaiting: Vec<Cow<'a, str>>,
        #[serde(borrow, default)]
        pub explanation: Text<'a>,
        #[serde(borrow, default)]
        pub citation: Text<'a>,
    }

    #[derive(Deserialize)]
    pub(super) struct Warning<'a> {
        #[serde(borrow, default)]
        pub message: Text<'a>,
    }

    #[derive(Deserialize)]
    pub(super) struct Receipt<'a> {
        #[serde(borrow, default)]
        pub as_of: Text<'a>,
        #[serde(borrow, default)]
        pub policy_version: Text<'a>,
        #[serde(borrow, default)]
        pub policy_hash: Text<'a>,
        #[serde(borrow, default)]
        pub facts_hash: Text<'a>,
        #[serde(borrow, default)]
        pub engine_version: Text<'a>,
    }

    /// One trace node. `passed` is `Some(None)` when present and null (undetermined), `None` when absent (a
    /// node with a value, or a note).
    /// Absent `rule`, `reason` or `citation` show as nothing (an item's absent fields show as `null`).
    #[derive(Deserialize)]
    pub(super) struct Node<'a> {
        #[serde(borrow, default, deserialize_with = "present")]
        pub rule: Option<Text<'a>>,
        #[serde(default, deserialize_with = "present")]
        pub passed: Option<Option<bool>>,
        #[serde(borrow, default, deserialize_with = "present")]
        pub value: Option<Option<Text<'a>>>,
        #[serde(borrow, default, deserialize_with = "present")]
        pub reason: Option<Text<'a>>,
        #[serde(borrow, default, deserialize_with = "present")]
        pub citation: Option<Text<'a>>,
        #[serde(borrow, default)]
        pub facts: Facts<'a>,
        #[serde(borrow, default)]
        pub policy: Vec<Text<'a>>,
    }

    /// A field that is present (null included) reads as `Some`.
    fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
        T::deserialize(d).map(Some)
    }

    impl Node<'_> {
        pub fn line(self, t: &Tr) -> Line {
            let (outcome, class) = match (self.passed, self.value) {
                (Some(Some(true)), _) => ("passed".to_owned(), "ok"),
                (Some(Some(false)), _) => ("failed".to_owned(), "bad"),
                (Some(None), _) => ("undetermined".to_owned(), "unknown"),
                (_, Some(None)) => ("—".to_owned(), "info"),
                (_, Some(Some(Text(s)))) if s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') => {
                    (crate::forms::option_label(t, &s), "info")
                }
                (_, Some(Some(v))) => (v.0.into_owned(), "info"),
                (None, None) => (String::new(), "info"),
            };
            let text = |v: Option<Text<'_>>| v.map(|v| v.0.into_owned()).unwrap_or_default();
            let rule = text(self.rule);
            let key = format!("rule.{rule}");
            let label = match t.s(&key) {
                s if s == key => rule.clone(),
                s => s.to_owned(),
            };
            let mut facts = self.facts.0;
            // The page lists the facts by name, whatever order the rule wrote them in.
            facts.sort_by(|a, b| a.0.cmp(&b.0));
            facts.dedup_by(|later, earlier| {
                let same = later.0 == earlier.0;
                if same {
                    // As a JSON object would: the last value of a repeated name counts.
                    std::mem::swap(later, earlier);
                }
                same
            });
            Line {
                rule,
                label,
                outcome,
                class,
                reason: text(self.reason),
                citation: text(self.citation),
                facts: facts.into_iter().map(|(k, v)| format!("{k} = {}", v.0)).collect(),
                policy: self.policy.into_iter().map(|p| p.0.into_owned()).collect(),
            }
        }
    }

    /// A node's facts, in the order written.
    #[derive(Default)]
    pub(super) struct Facts<'a>(pub Vec<(Cow<'a, str>, Text<'a>)>);

    impl<'de: 'a, 'a> Deserialize<'de> for Facts<'a> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<'a>(std::marker::PhantomData<&'a ()>);
            impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
                type Value = Facts<'a>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an object of facts")
                }
                fn visit_map<M: MapAccess<'de>>(self, mut m: M) -> Result<Facts<'a>, M::Error> {
                    let mut list = Vec::with_capacity(m.size_hint().unwrap_or(4));
                    while let Some(k) = m.next_key::<CowStr<'a>>()? {
                        list.push((k.0, m.next_value::<Text<'a>>()?));
                    }
                    Ok(Facts(list))
                }
            }
            d.deserialize_map(V(std::marker::PhantomData))
        }
    }

    /// A string, borrowed when it holds no escape.
    struct CowStr<'a>(Cow<'a, str>);

    impl<'de: 'a, 'a> Deserialize<'de> for CowStr<'a> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<'a>(std::marker::PhantomData<&'a ()>);
            impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
                type Value = CowStr<'a>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a string")
                }
                fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<CowStr<'a>, E> {
                    Ok(CowStr(Cow::Borrowed(s)))
                }
                fn visit_str<E: de::Error>(self, s: &str) -> Result<CowStr<'a>, E> {
                    Ok(CowStr(Cow::Owned(s.to_owned())))
                }
            }
            d.deserialize_str(V(std::marker::PhantomData))
        }
    }

    /// Any JSON value as the page shows it: a string as itself, `null` as `null`, anything else as its JSON
    /// text (numbers as serde_json writes them). Absent: `null`.
    pub(super) struct Text<'a>(pub Cow<'a, str>);

    impl Default for Text<'_> {
        fn default() -> Self {
            Text(Cow::Borrowed("null"))
        }
    }

    impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<'a>(std::marker::PhantomData<&'a ()>);
            impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
                type Value = Text<'a>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a JSON value")
                }
                fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Text<'a>, E> {
                    Ok(Text(Cow::Borrowed(s)))
                }
                fn visit_str<E: de::Error>(self, s: &str) -> Result<Text<'a>, E> {
                    Ok(Text(Cow::Owned(s.to_owned())))
                }
                fn visit_unit<E: de::Error>(self) -> Result<Text<'a>, E> {
                    Ok(Text::default())
                }
                fn visit_none<E: de::Error>(self) -> Result<Text<'a>, E> {
                    Ok(Text::default())
                }
                fn visit_bool<E: de::Error>(self, b: bool) -> Result<Text<'a>, E> {
                    Ok(Text(Cow::Borrowed(if b { "true" } else { "false" })))
                }
                fn visit_u64<E: de::Error>(self, n: u64) -> Result<Text<'a>, E> {
                    Ok(Text(Cow::Owned(n.to_string())))
                }
                fn visit_i64<E: de::Error>(self, n: i64) -> Result<Text<'a>, E> {
                    Ok(Text(Cow::Owned(n.to_string())))
                }
                fn visit_f64<E: de::Error>(self, x: f64) -> Result<Text<'a>, E> {
                    Ok(Text(Cow::Owned(serde_json::Value::from(x).to_string())))
                }
                fn visit_seq<S: SeqAccess<'de>>(self, s: S) -> Result<Text<'a>, S::Error> {
                    let v = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(s))?;
                    Ok(Text(Cow::Owned(v.to_string())))
                }
                fn visit_map<M: MapAccess<'de>>(self, m: M) -> Result<Text<'a>, M::Error> {
                    let v = serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(m))?;
                    Ok(Text(Cow::Owned(v.to_string())))
                }
            }
            d.deserialize_any(V(std::marker::PhantomData))
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use serde_json::{Value, json};

    use terugkeer_rules::{Facts, Lang, policy};

    use super::*;

    /// The reading this module had before the typed one: through a `serde_json::Value`. Kept as the reference
    /// the typed reading must agree with (a null scheme shows nothing in both; the old reading showed "null").
    fn reference(v: &Value, t: &Tr) -> Panel {
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
                (Some(Value::Null), _) => ("undetermined".to_owned(), "unknown"),
                (_, Some(Value::Null)) => ("—".to_owned(), "info"),
                (_, Some(Value::String(s))) if s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') => {
                    (crate::forms::option_label(t, s), "info")
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
                reason: n.get("reason").map(text).unwrap_or_default(),
                citation: n.get("citation").map(text).unwrap_or_default(),
                facts: n
                    .get("facts")
                    .and_then(Value::as_object)
                    .map(|m| m.iter().map(|(k, v)| format!("{k} = {}", text(v))).collect())
                    .unwrap_or_default(),
                policy: strings(n.get("policy")),
            }
        };
        let nodes = |v: &Value| -> Vec<Line> {
            v.as_array()
                .map(|a| a.iter().map(line).collect())
                .unwrap_or_default()
        };
        let elig = &v["eligibility"];
        Panel {
            eligible: elig["eligible"].as_bool(),
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
                            decision: crate::forms::option_label(t, &text(&d["decision"])),
                            who: strings(d.get("who")).join(", "),
                            status: text(&d["status"]),
                            awaiting: strings(d.get("awaiting")).join(", "),
                            explanation: text(&d["explanation"]),
                            citation: text(&d["citation"]),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            other: nodes(&v["trace"]),
            warnings: v["warnings"]
                .as_array()
                .map(|a| a.iter().map(|w| text(&w["message"])).collect())
                .unwrap_or_default(),
            receipt: [
                "as_of",
                "policy_version",
                "policy_hash",
                "facts_hash",
                "engine_version",
            ]
            .iter()
            .map(|k| ((*k).to_owned(), text(&v["receipt"][*k])))
            .collect(),
        }
    }

    fn both(bytes: &[u8], t: &Tr) -> (String, String) {
        let typed = from_json(bytes, t).unwrap();
        let value: Value = serde_json::from_slice(bytes).unwrap();
        (format!("{typed:?}"), format!("{:?}", reference(&value, t)))
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

    #[test]
    fn the_typed_reading_agrees_with_the_value_reading() {
        let policy = policy::builtin().unwrap();
        let mut r = 20161u64;
        let (mut compared, mut classes, mut money, mut discretion, mut warnings) =
            (0, std::collections::BTreeSet::new(), 0, 0, 0);
        for i in 0..1200 {
            let Ok(facts) = Facts::from_json(&case(&mut r).to_string()) else {
                continue;
            };
            let lang = if i % 2 == 0 { Lang::Nl } else { Lang::En };
            let t = Tr { lang };
            let bytes = contract_json(&facts, &policy, lang).unwrap();
            let (typed, reference) = both(&bytes, &t);
            assert_eq!(typed, reference, "case {i}");
            let p = from_json(&bytes, &t).unwrap();
            for l in p.checks.iter().chain(&p.deadlines).chain(&p.other) {
                classes.insert(l.class);
                money += usize::from(l.facts.iter().any(|f| f.ends_with(".0") || f.contains('.')));
            }
            discretion += usize::from(!p.discretion.is_empty());
            warnings += usize::from(!p.warnings.is_empty());
            compared += 1;
        }
        // The cases must reach what the reading distinguishes, or the comparison proves little.
        assert!(compared >= 600, "only {compared} cases were valid facts");
        assert_eq!(
            classes.into_iter().collect::<Vec<_>>(),
            ["bad", "info", "ok", "unknown"]
        );
        assert!(
            money > 0 && discretion > 0 && warnings > 0,
            "{money} {discretion} {warnings}"
        );
    }

    #[test]
    fn escapes_numbers_repeats_and_absences_read_as_before() {
        // Written out by hand: a repeated fact name, escapes and non-ASCII need the raw text.
        let bytes: &[u8] = br#"{
            "eligibility": { "eligible": null, "scheme": null, "checks": [
                { "rule": "x", "passed": null, "reason": "a \"quoted\" \\ reason\n", "citation": "Art. 1",
                  "facts": { "z": 1.5, "a": [1, {"b": null}], "m": 12.0, "a": -3, "\u00e9": "\u00e9" },
                  "policy": ["p@2016-01-01", 7] },
                { "rule": "y", "value": "some_code" },
                { "rule": "z", "value": 42 },
                { "rule": "w", "reason": null }
            ] },
            "deadlines": { "trace": [ { "rule": "d", "value": null } ] },
            "discretion": [ { "decision": "return_extension", "who": ["rao"], "status": "open", "awaiting": [] } ],
            "warnings": [ { "code": "c", "message": "tab\there" } ],
            "receipt": { "as_of": "2026-11-29", "policy_hash": 5 }
        }"#;
        for lang in [Lang::Nl, Lang::En] {
            let (typed, reference) = both(bytes, &Tr { lang });
            assert_eq!(typed, reference);
        }
        let p = from_json(bytes, &Tr { lang: Lang::En }).unwrap();
        assert_eq!(p.scheme, "");
        assert_eq!(p.checks[0].reason, "a \"quoted\" \\ reason\n");
        assert_eq!(p.checks[0].facts, ["a = -3", "m = 12.0", "z = 1.5", "é = é"]);
        assert_eq!(p.checks[2].outcome, "42");
        assert_eq!(p.deadlines[0].outcome, "—");
        assert!(from_json(b"{\"eligibility\": 3}", &Tr { lang: Lang::En }).is_err());
    }
}
