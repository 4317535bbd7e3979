//! What a change of policy moves: the conclusions of one assessment, field by field, so that two assessments
//! of the same facts under two policies can be compared (`terugkeer policy impact`, and an organisation's
//! preview of its own values before they take effect).

use serde_json::{Value, json};

use crate::assess::Assessment;
use crate::vocab::Cents;

/// One assessment's conclusions, named by their place in the contract's JSON.
pub fn conclusions(a: &Assessment<'_>) -> Vec<(&'static str, Value)> {
    let ids = |s: crate::eligibility::Set| s.iter().map(|t| t.id()).collect::<Vec<_>>();
    vec![
        ("eligibility.eligible", json!(a.eligibility.eligible)),
        ("eligibility.indication", json!(a.eligibility.indication)),
        ("eligibility.failed", json!(ids(a.eligibility.failed))),
        ("eligibility.undetermined", json!(ids(a.eligibility.undetermined))),
        ("deadlines.term_start", json!(a.term.start)),
        ("deadlines.departure_term_end", json!(a.term.end)),
        ("deadlines.reception_end", json!(a.others.reception_end)),
        ("deadlines.support_in_nl_end", json!(a.others.support_in_nl_end)),
        ("tipping_point.status", json!(a.tipping_point.status)),
        (
            "handreiking.decided_by",
            json!(a.handreiking.as_ref().and_then(|h| h.decided_by)),
        ),
        ("in_kind.cap_eur", json!(a.in_kind.cap.map(Cents::eur))),
        (
            "monitoring.first_due",
            json!(a.monitoring.as_ref().and_then(|m| m.first_due)),
        ),
        (
            "monitoring.second_due",
            json!(a.monitoring.as_ref().and_then(|m| m.second_due)),
        ),
    ]
}

/// The conclusions that differ between `before` and `after`: (field, before, after).
pub fn changes(before: &Assessment<'_>, after: &Assessment<'_>) -> Vec<(&'static str, Value, Value)> {
    conclusions(before)
        .into_iter()
        .zip(conclusions(after))
        .filter(|(b, a)| b.1 != a.1)
        .map(|((field, b), (_, a))| (field, b, a))
        .collect()
}
