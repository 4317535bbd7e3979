//! The verification form as a printed document (`terugkeer_documents::Kind::VerificationForm`): the data its
//! template lays out, in the caller's language.

use serde_json::{Value, json};
use terugkeer_domain::verification::Form;
use terugkeer_rules::Date;

use crate::clients::panel::Panel;
use crate::kit::form::option_label;
use crate::kit::i18n::Tr;

/// The template's data for `form`, with the thresholds of the client's assessment (`panel`) as the NGO's
/// answers, and `today` for the letterhead.
pub(super) fn data(t: &Tr, form: &Form, panel: Option<&Panel>, today: Date) -> Value {
    let day = |d: Option<Date>| d.map_or_else(|| t.s("unknown").to_owned(), |d| t.date(d));
    let text = |s: Option<&str>| {
        s.filter(|s| !s.is_empty())
            .map_or_else(|| t.s("unknown").to_owned(), str::to_owned)
    };
    let country = |c: &Option<String>| {
        c.as_deref()
            .map_or_else(|| t.s("unknown").to_owned(), |c| t.country(c).into_owned())
    };
    let p = &form.participant;
    let participant = [
        (t.s("client.family_name"), p.family_name.clone()),
        (t.s("client.given_names"), p.given_names.clone()),
        (t.s("client.date_of_birth"), day(p.date_of_birth)),
        (t.s("client.v_number"), text(p.v_number.as_deref())),
        (t.s("doc.common.nationality"), country(&p.nationality)),
        (t.s("doc.common.country_of_return"), country(&p.country_of_return)),
    ];
    let trajectory: Vec<(&str, String)> = match &form.trajectory {
        Some(tr) => vec![
            (t.s("doc.verification.kind"), option_label(t, &tr.kind)),
            (t.s("record.project"), text(Some(&tr.project))),
            (t.s("record.planned_departure_on"), day(tr.planned_departure_on)),
        ],
        None => vec![(
            t.s("doc.verification.kind"),
            t.s("doc.verification.no_trajectory").to_owned(),
        )],
    };
    let checks: Vec<Value> = panel
        .map(|p| p.checks.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|c| {
            json!({
                "label": c.label,
                "answer": t.s(&format!("check.{}", c.outcome)),
                "open": c.outcome == "undetermined",
                "reason": c.reason,
                "citation": c.citation,
            })
        })
        .collect();
    let open: Vec<&str> = panel
        .map(|p| p.checks.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|c| c.outcome == "undetermined")
        .map(|c| c.label.as_str())
        .collect();
    let status = t
        .s(&format!("verification.status.{}", form.status.as_str()))
        .to_owned();
    let mut intro = t.f(
        "doc.verification.intro",
        &[
            ("registration", form.registration.into()),
            ("status", status.into()),
            ("contact", form.contact.clone().into()),
        ],
    );
    if let Some(on) = form.submitted_on {
        intro.push(' ');
        intro.push_str(&t.f(
            "doc.verification.sent",
            &[
                ("on", t.date(on).into()),
                ("to", form.submitted_to.clone().into()),
            ],
        ));
    }
    json!({
        "lang": t.code(),
        "title": t.s("doc.verification.title"),
        "org": form.organisation,
        "made": t.f("doc.common.made", &[("on", t.date(today).into())]),
        "footer": t.f("doc.verification.footer", &[("registration", form.registration.into()), ("name", format!("{}, {}", p.family_name, p.given_names).into())]),
        "intro": intro,
        "l": crate::kit::document::words(t, terugkeer_documents::Kind::VerificationForm),
        "participant": participant,
        "household": form.household.iter().map(|(name, born)| (name.clone(), day(*born))).collect::<Vec<_>>(),
        "trajectory": trajectory,
        "checks": checks,
        "open": open,
    })
}
