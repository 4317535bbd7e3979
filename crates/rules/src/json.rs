//! A direct JSON writer for assessments: the same document as the `Serialize` implementations (a test
//! checks both give the same JSON value for thousands of cases), written straight into a byte buffer.
//!
//! Why: streaming a caseload, the output is most of the work — about 11 KB per case, most of it citations
//! and the policy values used. Citations are guaranteed free of characters that JSON must escape (the loader
//! refuses them) and each policy value's JSON is rendered once at load, so they are copied, not re-encoded.
//! Messages need no escaping either: their templates hold no character JSON escapes, and what they quote
//! comes from the facts (dates, numbers, codes, fixed names) or from policy text the loader keeps clean.
//! The property tests compare this writer with serde's for every generated case.

use std::fmt::Write as _;

use crate::assess::Assessment;
use crate::date::Date;
use crate::discretion::{Item, Limits};
use crate::eligibility::Set;
use crate::facts::Decision;
use crate::messages::Msg;
use crate::trace::{FactValue, Node, Outcome, PolicyRefs};
use crate::vocab::{Cents, Role};

/// How much of the assessment to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Every conclusion with its citation and reason, the warnings and the receipt: the assess contract's
    /// document. For caseloads.
    Outcomes,
    /// All of that plus the trace: per node the facts and policy values (`param@from`) used, the deadline and
    /// other traces, and `policy_used` (each value with its date, citation and confidence). This is what
    /// the `Serialize` implementations write.
    Trace,
}

/// Appends the assessment as one line of JSON (no trailing newline).
pub fn write_assessment(a: &Assessment<'_>, detail: Detail, out: &mut Vec<u8>) {
    let mut w = W(out, detail == Detail::Trace);
    w.raw("{\"as_of\":");
    w.date(a.as_of);
    w.raw(",\"policy_version\":");
    w.date(a.policy_version);

    w.raw(",\"eligibility\":{\"eligible\":");
    w.opt_bool(a.eligibility.eligible);
    w.raw(",\"failed\":");
    w.ids(a.eligibility.failed);
    w.raw(",\"undetermined\":");
    w.ids(a.eligibility.undetermined);
    w.raw(",\"indication\":");
    w.opt_bool(a.eligibility.indication);
    w.raw(",\"indicated\":");
    w.ids(a.eligibility.indicated);
    w.raw(",\"decided_by_dtv\":");
    w.ids(a.eligibility.by_dtv);
    w.raw(",\"source\":");
    w.string(a.eligibility.source());
    w.raw(",\"scheme\":");
    match a.scheme {
        Some(s) => w.string(s),
        None => w.raw("null"),
    }
    w.raw(",\"checks\":");
    w.nodes(&a.checks);

    w.raw("},\"deadlines\":{\"term_start\":");
    w.opt_date(a.term.start);
    w.raw(",\"departure_term_end\":");
    w.opt_date(a.term.end);
    w.raw(",\"departure_term_end_unadjusted\":");
    w.opt_date(a.term.end_unadjusted);
    w.raw(",\"atw_shifted\":");
    w.bool(a.term.end != a.term.end_unadjusted);
    w.raw(",\"term_extension_days_applied\":");
    w.int(u64::from(a.term.extension_days));
    w.raw(",\"reception_end\":");
    w.opt_date(a.others.reception_end);
    w.raw(",\"support_in_nl_end\":");
    w.opt_date(a.others.support_in_nl_end);
    w.raw(",\"track\":");
    w.string(a.track());
    w.raw(",\"border_window_end\":");
    w.opt_date(a.others.border_window_end);
    w.raw(",\"voluntary_departure_end\":");
    w.opt_date(a.others.voluntary_departure_end);
    w.raw(",\"undetermined\":[");
    for (i, u) in a.undetermined_deadlines().into_iter().enumerate() {
        w.comma(i);
        w.string(u);
    }
    w.raw("]");
    if w.1 {
        w.raw(",\"trace\":");
        w.nodes(&a.deadline_trace);
    }

    w.raw("},\"discretion\":[");
    for (i, d) in a.discretion.iter().enumerate() {
        w.comma(i);
        w.item(d);
    }

    let tp = &a.tipping_point;
    w.raw("],\"tipping_point\":{\"status\":");
    w.string(tp.status);
    w.raw(",\"refusals\":");
    w.int(u64::from(tp.refusals));
    w.raw(",\"threshold\":");
    w.opt_int(tp.threshold);
    w.raw(",\"refusals_remaining\":");
    w.opt_int(tp.refusals_remaining);
    w.raw(",\"near\":");
    w.bool(tp.near);
    w.raw(",\"refusals_reached\":");
    w.bool(tp.refusals_reached);
    w.cite_reason(tp.citation, &tp.reason);
    w.policy(&tp.policy);

    w.raw("},\"handreiking\":");
    match &a.handreiking {
        None => w.raw("null"),
        Some(h) => {
            w.raw("{\"amount_eur\":");
            w.money(h.amount);
            w.raw(",\"decided_by\":");
            match h.decided_by {
                Some(s) => w.string(s),
                None => w.raw("null"),
            }
            for (k, list) in [
                ("signatures", &h.signatures),
                ("signed", &h.signed),
                ("awaiting", &h.awaiting),
                ("wrong_signers", &h.wrong_signers),
            ] {
                w.raw(",\"");
                w.raw(k);
                w.raw("\":");
                w.roles(list);
            }
            w.raw(",\"status\":");
            w.string(h.status);
            w.cite_reason(h.citation, &h.reason);
            w.raw("}");
        }
    }

    let ik = &a.in_kind;
    w.raw(",\"in_kind\":{\"amount_eur\":");
    w.money(ik.amount);
    w.raw(",\"cap_eur\":");
    w.opt_money(ik.cap);
    w.raw(",\"remaining_eur\":");
    w.opt_money(ik.cap.map(|c| Cents(c.0 - ik.amount.0)));
    w.raw(",\"within\":");
    w.opt_bool(ik.within);
    w.raw(",\"cash_eur\":");
    w.money(ik.cash);
    w.raw(",\"cash_cap_eur\":");
    w.opt_money(ik.cash_cap);
    w.raw(",\"cash_within\":");
    w.opt_bool(ik.cash_within);
    w.cite_reason(ik.citation, &ik.reason);
    w.policy(&ik.policy);
    w.raw(",\"scheme\":");
    w.string(ik.scheme.as_str());
    w.raw(",\"post_arrival_eur\":");
    w.opt_money(ik.post_arrival);

    w.raw("},\"monitoring\":");
    match &a.monitoring {
        None => w.raw("null"),
        Some(m) => {
            w.raw("{\"first_due\":");
            w.opt_date(m.first_due);
            w.raw(",\"second_due\":");
            w.opt_date(m.second_due);
            w.raw(",\"moments\":[");
            for (i, d) in m.moments.iter().enumerate() {
                w.comma(i);
                w.date(*d);
            }
            w.raw("]");
            w.cite_reason(m.citation, &m.reason);
            w.raw("}");
        }
    }

    w.raw(",\"warnings\":[");
    for (i, x) in a.warnings.iter().enumerate() {
        w.comma(i);
        w.raw("{\"code\":");
        w.string(x.code);
        w.raw(",\"message\":");
        w.msg(&x.message);
        w.raw("}");
    }
    w.raw("]");
    if w.1 {
        w.raw(",\"trace\":");
        w.nodes(&a.trace);
        w.raw(",\"policy_used\":[");
        for (i, d) in a.policy_used().iter().enumerate() {
            w.comma(i);
            w.raw(&d.json);
        }
        w.raw("]");
    }
    let r = &a.receipt;
    w.raw(",\"receipt\":{\"engine_version\":");
    w.string(r.engine_version);
    w.raw(",\"policy_hash\":");
    w.string(r.policy_hash);
    w.raw(",\"policy_version\":");
    w.date(r.policy_version);
    w.raw(",\"as_of\":");
    w.date(r.as_of);
    w.raw(",\"facts_hash\":");
    w.string(&r.facts_hash);
    w.raw("}}");
}

/// A fact's value as the trace writes it, a string without its quotes (`true`, `null`, `2026-01-01`, `12.5`):
/// for a page that shows the trace without reading the JSON back. Facts' strings are codes and dates, which
/// JSON never escapes.
pub fn fact_text(v: FactValue) -> String {
    let mut out = Vec::with_capacity(12);
    W(&mut out, true).fact(v);
    let text = out
        .strip_prefix(b"\"")
        .and_then(|o| o.strip_suffix(b"\""))
        .unwrap_or(&out);
    String::from_utf8_lossy(text).into_owned()
}

/// The buffer, and whether the trace is written.
struct W<'a>(&'a mut Vec<u8>, bool);

impl W<'_> {
    /// The `policy` key of an item, with the trace only.
    fn policy(&mut self, list: &PolicyRefs<'_>) {
        if self.1 {
            self.raw(",\"policy\":");
            self.keys(list);
        }
    }

    #[inline]
    fn raw(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    #[inline]
    fn comma(&mut self, i: usize) {
        if i > 0 {
            self.0.push(b',');
        }
    }

    fn bool(&mut self, b: bool) {
        self.raw(if b { "true" } else { "false" });
    }

    fn opt_bool(&mut self, b: Option<bool>) {
        match b {
            Some(b) => self.bool(b),
            None => self.raw("null"),
        }
    }

    fn int(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.0.extend_from_slice(&digits[i..]);
    }

    fn opt_int(&mut self, n: Option<u32>) {
        match n {
            Some(n) => self.int(u64::from(n)),
            None => self.raw("null"),
        }
    }

    fn date(&mut self, d: Date) {
        self.0.push(b'"');
        self.0.extend_from_slice(&d.to_bytes());
        self.0.push(b'"');
    }

    fn opt_date(&mut self, d: Option<Date>) {
        match d {
            Some(d) => self.date(d),
            None => self.raw("null"),
        }
    }

    /// Euros as the shortest decimal with a point, as serde_json writes an f64 of whole cents.
    fn money(&mut self, c: Cents) {
        let sign = if c.0 < 0 { "-" } else { "" };
        let a = c.0.unsigned_abs();
        let (e, r) = (a / 100, a % 100);
        let _ = if r == 0 {
            write!(Raw(self.0), "{sign}{e}.0")
        } else if r % 10 == 0 {
            write!(Raw(self.0), "{sign}{e}.{}", r / 10)
        } else {
            write!(Raw(self.0), "{sign}{e}.{r:02}")
        };
    }

    fn opt_money(&mut self, c: Option<Cents>) {
        match c {
            Some(c) => self.money(c),
            None => self.raw("null"),
        }
    }

    /// A string known to need no escaping: identifiers, codes, and citations (checked at load).
    fn string(&mut self, s: &str) {
        debug_assert!(!s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20), "{s}");
        self.0.push(b'"');
        self.raw(s);
        self.0.push(b'"');
    }

    fn msg(&mut self, m: &Msg) {
        if let Some(text) = m.fixed() {
            self.string(text);
            return;
        }
        self.0.push(b'"');
        let start = self.0.len();
        let _ = write!(Raw(self.0), "{m}");
        // Should a message ever quote something unclean, escape it rather than break the document.
        // (A branch-free fold: the compiler vectorises it; messages are checked on every line.)
        let unclean = self.0[start..]
            .iter()
            .fold(false, |acc, &b| acc | (b == b'"') | (b == b'\\') | (b < 0x20));
        if unclean {
            let text = String::from_utf8_lossy(&self.0[start..]).into_owned();
            self.0.truncate(start);
            let _ = Esc(self.0).write_str(&text);
        }
        self.0.push(b'"');
    }

    fn cite_reason(&mut self, citation: &str, reason: &Msg) {
        self.raw(",\"citation\":");
        self.string(citation);
        self.raw(",\"reason\":");
        self.msg(reason);
    }

    fn ids(&mut self, s: Set) {
        self.0.push(b'[');
        for (i, t) in s.iter().enumerate() {
            self.comma(i);
            self.string(t.id());
        }
        self.0.push(b']');
    }

    fn roles(&mut self, roles: &[Role]) {
        self.0.push(b'[');
        for (i, r) in roles.iter().enumerate() {
            self.comma(i);
            self.string(r.as_str());
        }
        self.0.push(b']');
    }

    fn keys(&mut self, list: &PolicyRefs<'_>) {
        self.0.push(b'[');
        for (i, d) in list.iter().enumerate() {
            self.comma(i);
            self.raw(&d.key_json);
        }
        self.0.push(b']');
    }

    fn nodes(&mut self, nodes: &[Node<'_>]) {
        self.0.push(b'[');
        for (i, n) in nodes.iter().enumerate() {
            self.comma(i);
            self.raw("{\"rule\":");
            self.string(n.rule);
            match n.outcome {
                Outcome::Check(p) => {
                    self.raw(",\"passed\":");
                    self.opt_bool(p);
                    self.raw(",\"decided_by\":");
                    self.string(n.decided_by.as_str());
                    self.raw(",\"indication\":");
                    self.opt_bool(n.indication);
                }
                Outcome::Date(d) => {
                    self.raw(",\"value\":");
                    self.opt_date(d);
                }
                Outcome::Text(t) => {
                    self.raw(",\"value\":");
                    self.string(t);
                }
                Outcome::Note => {}
            }
            self.cite_reason(n.citation, &n.reason);
            if !self.1 {
                self.0.push(b'}');
                continue;
            }
            self.raw(",\"facts\":{");
            for (j, &(k, v)) in n.facts.iter().enumerate() {
                self.comma(j);
                self.string(k);
                self.0.push(b':');
                self.fact(v);
            }
            self.raw("},\"policy\":");
            self.keys(&n.policy);
            self.0.push(b'}');
        }
        self.0.push(b']');
    }

    fn fact(&mut self, v: FactValue) {
        match v {
            FactValue::Bool(b) => self.opt_bool(b),
            FactValue::Date(d) => self.opt_date(d),
            FactValue::Int(x) => self.int(u64::from(x)),
            FactValue::Text(t) => self.string(t),
            FactValue::Country(c) => self.string(c.as_str()),
            FactValue::Money(c) => self.money(c),
        }
    }

    fn limits(&mut self, l: &Limits) {
        self.0.push(b'{');
        let mut i = 0;
        for (k, v) in [("max_days", l.max_days), ("min_days", l.min_days)] {
            if let Some(v) = v {
                self.comma(i);
                i += 1;
                self.string(k);
                self.0.push(b':');
                self.int(u64::from(v));
            }
        }
        for (k, v) in [("max_eur", l.max_eur), ("above_eur", l.above_eur)] {
            if let Some(v) = v {
                self.comma(i);
                i += 1;
                self.string(k);
                self.0.push(b':');
                self.money(v);
            }
        }
        self.0.push(b'}');
    }

    fn decision(&mut self, d: &Decision) {
        // Decisions are rare; serde_json writes them exactly as the derived Serialize does.
        if serde_json::to_writer(&mut *self.0, d).is_err() {
            self.raw("null");
        }
    }

    fn item(&mut self, d: &Item<'_>) {
        self.raw("{\"decision\":");
        self.string(d.decision);
        self.raw(",\"who\":");
        self.roles(&d.who);
        self.raw(",\"limits\":");
        self.limits(&d.limits);
        self.raw(",\"citation\":");
        self.string(d.citation);
        self.raw(",\"status\":");
        self.string(d.status);
        self.raw(",\"awaiting\":");
        self.roles(&d.awaiting);
        self.raw(",\"decided\":[");
        for (i, x) in d.decided.iter().enumerate() {
            self.comma(i);
            self.decision(x);
        }
        self.raw("],\"explanation\":");
        self.msg(&d.explanation);
        self.policy(&d.policy);
        self.0.push(b'}');
    }
}

/// Writes formatted text into the buffer, escaping what JSON strings must escape.
struct Esc<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Esc<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let bytes = s.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let esc: &[u8] = match b {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0..=0x1f => {
                    self.0.extend_from_slice(&bytes[start..i]);
                    let _ = write!(Hex(self.0), "\\u{b:04x}");
                    start = i + 1;
                    continue;
                }
                _ => continue,
            };
            self.0.extend_from_slice(&bytes[start..i]);
            self.0.extend_from_slice(esc);
            start = i + 1;
        }
        self.0.extend_from_slice(&bytes[start..]);
        Ok(())
    }
}

/// Writes formatted text as it is.
struct Raw<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Raw<'_> {
    #[inline]
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

struct Hex<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Hex<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}
