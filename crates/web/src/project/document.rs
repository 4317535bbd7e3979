//! A project's report as a printed document (`terugkeer_documents::Kind::ProjectReport`): the sections of
//! figures as tables and the charts as bars whose labels wrap beside them (never cut), every month of the
//! period on the departures chart, participants by number in order (never the application's ids).

use serde_json::{Value, json};
use terugkeer_documents::Kind;
use terugkeer_domain::project::{Period, Project, Report};
use terugkeer_rules::Date;

use super::{charts, lines};
use crate::export::chart::BarChart;
use crate::kit::document::words;
use crate::kit::i18n::Tr;

/// Every month from `period`'s first to its last day, as `(YYYY-MM, first day)`.
pub(super) fn months(period: Period) -> Vec<(String, Date)> {
    let mut out = Vec::new();
    let (mut y, mut m, _) = period.from.ymd();
    let (ly, lm, _) = period.to.ymd();
    while (y, m) <= (ly, lm) {
        if let Ok(first) = Date::parse(&format!("{y:04}-{m:02}-01")) {
            out.push((format!("{y:04}-{m:02}"), first));
        }
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        if out.len() > 1200 {
            break;
        }
    }
    out
}

/// A chart as the template draws it: each bar's label, its length as a share of the longest, and the
/// figure written out.
fn chart(c: &BarChart) -> Value {
    json!({
        "title": c.title,
        "bars": c.bars.iter().map(|(label, v)| json!({
            "label": label,
            "share": c.share(*v),
            "shown": c.shown(*v),
        })).collect::<Vec<_>>(),
    })
}

/// The template's data for the report of `p` over `period`, participants named where `names` says.
pub(super) fn data(
    t: &Tr,
    organisation: &str,
    p: &Project,
    period: Period,
    r: &Report,
    names: &[(i64, String)],
    today: Date,
) -> Value {
    let mut sections: Vec<Value> = Vec::new();
    let mut current = "";
    for l in lines(t, p, r, names) {
        if l.section != current {
            current = l.section;
            sections.push(json!({"title": t.s(l.section), "rows": []}));
        }
        if let Some(rows) = sections.last_mut().and_then(|s| s["rows"].as_array_mut()) {
            rows.push(json!([l.label, l.shown]));
        }
    }
    let span = |a: Date, b: Date| format!("{} – {}", t.date(a), t.date(b));
    json!({
        "lang": t.code(),
        "title": t.s("doc.project.title"),
        "org": organisation,
        "made": t.f("doc.common.made", &[("on", t.date(today).into())]),
        "footer": format!("{} — {}", p.name, span(period.from, period.to)),
        "l": words(t, Kind::ProjectReport),
        "project": p.name,
        "facts": [
            [t.s("doc.project.runs"), span(p.starts_on, p.ends_on)],
            [t.s("doc.project.period"), span(period.from, period.to)],
        ],
        "conditions": p.conditions,
        "sections": sections,
        "charts": charts(t, p, period, r).iter().map(chart).collect::<Vec<_>>(),
    })
}
