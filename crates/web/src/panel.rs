//! The assessment panel of a client page, read from the very JSON the API returns for
//! `GET /api/v1/clients/{id}/assessment` (the assess contract, with its trace): the page and the API can
//! never disagree, and a "why" shows exactly the facts and policy values the rule used.

use serde_json::Value;
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

fn line(t: &Tr, n: &Value) -> Line {
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
    let label = match t.s(&key) {
        s if s == key => rule.clone(),
        s => s.to_owned(),
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
}

/// Reads the panel from the contract JSON.
pub fn from_json(v: &Value, t: &Tr) -> Panel {
    let elig = &v["eligibility"];
    let nodes = |v: &Value| -> Vec<Line> {
        v.as_array()
            .map(|a| a.iter().map(|n| line(t, n)).collect())
            .unwrap_or_default()
    };
    Panel {
        eligible: elig["eligible"].as_bool(),
        scheme: elig.get("scheme").map(text).unwrap_or_default(),
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
