//! The client's printed documents: the letter answering an access request (art. 15 GDPR) with the data in
//! annexes, and the case summary for a file's hand-over — the data their templates
//! (`terugkeer_documents`) lay out, in the reader's language.

use serde_json::{Value, json};
use terugkeer_documents::Kind;
use terugkeer_rules::Date;

use super::page::{Loaded, client_facts, disclosure_line, timeline};
use crate::kit::document::words;
use crate::kit::i18n::Tr;

/// What both documents say of the client: the name, the facts as label/value rows, the timeline as
/// date/kind/text rows, the exchange ledger as rows, the history of reads and changes as rows.
struct Common {
    name: String,
    facts: Vec<(String, String)>,
    timeline: Vec<[String; 3]>,
    ledger: Vec<[String; 5]>,
    history: Vec<[String; 4]>,
}

fn common(t: &Tr, l: &Loaded, today: Date, s: &terugkeer_store::SessionInfo) -> Common {
    let section = crate::progress::Section::of(&l.reports, l.next_report, &l.exchanges, s, today, t);
    Common {
        name: format!("{} {}", l.client.data.given_names, l.client.data.family_name)
            .trim()
            .to_owned(),
        facts: client_facts(t, &l.client)
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .collect(),
        timeline: timeline(t, &l.records)
            .into_iter()
            .map(|e| [e.date, e.kind, e.text])
            .collect(),
        ledger: section
            .ledger
            .into_iter()
            .map(|[on, direction, counterpart, what, basis, reason, by]| {
                let mut basis = if basis.is_empty() {
                    String::new()
                } else {
                    t.s(&basis).to_owned()
                };
                if !reason.is_empty() {
                    basis = format!("{basis}: {reason}");
                }
                [
                    on,
                    format!("{} — {}", t.s(&direction), counterpart),
                    what,
                    basis,
                    by,
                ]
            })
            .collect(),
        history: l
            .history
            .iter()
            .map(|h| {
                let h = disclosure_line(t, h);
                // A read names the address read ("GET /clients/1/…"): nothing a client can read.
                let what = if h.what.is_empty() || h.what.contains('/') {
                    h.action
                } else {
                    format!("{}: {}", h.action, h.what)
                };
                [h.when, h.who, what, h.address]
            })
            .collect(),
    }
}

/// The access-request letter: to the client, from `organisation`, made `today`; `retention` the months a
/// closed file is kept (the policy in force), `contact` whom to ask.
pub(super) fn access_letter(
    t: &Tr,
    l: &Loaded,
    s: &terugkeer_store::SessionInfo,
    organisation: &str,
    today: Date,
    retention: Option<i64>,
) -> Value {
    let c = common(t, l, today, s);
    let contact = l.assignee.clone().unwrap_or_else(|| s.display_name.clone());
    let mut shared: Vec<String> = l.shares.iter().map(|x| x.display_name.clone()).collect();
    if let Some(a) = &l.assignee {
        shared.insert(0, a.clone());
    }
    let dtv = match &l.partner {
        Some((name, org)) => t.f(
            "doc.access.dtv_registered",
            &[
                ("name", name.clone().into()),
                ("organisation", org.clone().into()),
            ],
        ),
        None => t.s("doc.access.dtv_none").to_owned(),
    };
    let outgoing = l.exchanges.iter().filter(|e| e.direction == "out").count();
    let retention = match retention {
        Some(months) => t.f("doc.access.retention", &[("months", months.into())]),
        None => t.s("doc.access.retention_unknown").to_owned(),
    };
    json!({
        "lang": t.code(),
        "title": t.s("doc.access.title"),
        "org": organisation,
        "made": t.f("doc.common.made", &[("on", t.date(today).into())]),
        "footer": t.f("doc.access.footer", &[("name", c.name.clone().into())]),
        "l": words(t, Kind::AccessRequest),
        "to": c.name,
        "greeting": t.f("doc.access.greeting", &[("name", c.name.clone().into())]),
        "basis": t.f("doc.access.basis_text", &[("organisation", organisation.into())]),
        "shared": if shared.is_empty() {
            t.f("doc.access.shared_inside_none", &[("organisation", organisation.into())])
        } else {
            t.f("doc.access.shared_inside", &[("organisation", organisation.into()), ("names", shared.join(", ").into())])
        },
        "dtv": dtv,
        "exchanges": t.f("doc.access.exchanges", &[("count", (outgoing as i64).into())]),
        "retention": retention,
        "ask": t.f("doc.access.ask", &[("contact", contact.into()), ("organisation", organisation.into())]),
        "facts": c.facts,
        "timeline": c.timeline,
        "ledger": c.ledger,
        "history": c.history,
    })
}

/// The case summary for a hand-over: the facts, the assessment (eligibility, thresholds, deadlines,
/// warnings), the timeline and the exchange ledger.
pub(super) fn case_summary(
    t: &Tr,
    l: &Loaded,
    s: &terugkeer_store::SessionInfo,
    organisation: &str,
    today: Date,
) -> Value {
    let c = common(t, l, today, s);
    let (eligible, checks, deadlines, warnings) = match &l.panel {
        Some(p) => (
            t.s(match p.eligible {
                Some(true) => "assessment.eligible",
                Some(false) => "assessment.not_eligible",
                None => "assessment.undetermined",
            })
            .to_owned(),
            p.checks
                .iter()
                .map(|x| {
                    [
                        x.label.clone(),
                        t.s(&format!("check.{}", x.outcome)).to_owned(),
                        x.reason.clone(),
                        x.citation.clone(),
                    ]
                })
                .collect::<Vec<_>>(),
            p.deadlines
                .iter()
                .map(|x| {
                    [
                        x.label.clone(),
                        x.outcome.clone(),
                        x.reason.clone(),
                        x.citation.clone(),
                    ]
                })
                .collect::<Vec<_>>(),
            p.warnings.clone(),
        ),
        None => (l.not_assessable.clone(), Vec::new(), Vec::new(), Vec::new()),
    };
    let mut people = vec![(
        t.s("doc.summary.assignee").to_owned(),
        l.assignee
            .clone()
            .unwrap_or_else(|| t.s("doc.summary.nobody").to_owned()),
    )];
    if let Some((name, org)) = &l.partner {
        people.push((
            t.s("doc.summary.regievoerder").to_owned(),
            format!("{name} ({org})"),
        ));
    }
    json!({
        "lang": t.code(),
        "title": t.s("doc.summary.title"),
        "org": organisation,
        "made": t.f("doc.common.made", &[("on", t.date(today).into())]),
        "footer": t.f("doc.summary.footer", &[("name", c.name.clone().into())]),
        "l": words(t, Kind::CaseSummary),
        "name": c.name,
        "people": people,
        "facts": c.facts,
        "eligible": eligible,
        "checks": checks,
        "deadlines": deadlines,
        "warnings": warnings,
        "timeline": c.timeline,
        "ledger": c.ledger,
    })
}
