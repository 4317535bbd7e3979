//! The fields of a client and of each kind of record, described once as data: the same description renders
//! the form, reads it back into the domain's types (through their own serde definitions and validation, so a
//! form can never accept what the API refuses) and fills it from a stored value for editing.

use serde_json::Value;
use terugkeer_domain::{ClientInput, Record};
use terugkeer_rules::Problem;
use terugkeer_rules::vocab::{Role as DecisionRole, Setting};

use crate::kit::form::{Field, FieldError, FormData, Input, from_json, to_json};

const fn f(name: &'static str, input: Input, required: bool) -> Field {
    Field {
        name,
        input,
        required,
    }
}

/// The settings, from their one definition in the rules' vocabulary.
pub(crate) const SETTINGS: &[&str] = &Setting::IDS;
/// The roles of DT&V's decisions, likewise.
const ROLES: &[&str] = &DecisionRole::IDS;

/// The fields of a client.
pub const CLIENT: &[Field] = &[
    f("family_name", Input::Text, true),
    f("given_names", Input::Text, false),
    f("date_of_birth", Input::Date, false),
    f("v_number", Input::Text, false),
    f("nationality", Input::Text, false),
    f("country_of_return", Input::Text, false),
    f("languages", Input::Text, false),
    f("phone", Input::Text, false),
    f("dublin_claimant", Input::Tri, false),
    f("criminal_record", Input::Tri, false),
    f("entry_ban", Input::Select(&["none", "light", "heavy"]), false),
    f("article_1f", Input::Tri, false),
    f("previously_supported_on", Input::Date, false),
    f("currently_participating", Input::Tri, false),
    f("medical_impediment", Input::Tri, false),
    f("deportable", Input::Tri, false),
    f("country_cooperates_with_forced_return", Input::Tri, false),
];

/// The kinds of record a caseworker adds to a file (a closure comes through "close the case").
pub const RECORD_KINDS: &[&str] = &[
    "procedure_event",
    "stay",
    "contact",
    "refusal",
    "document",
    "referral",
    "household_member",
    "trajectory",
    "decision",
];

/// The fields of a kind of record.
pub fn record_fields(kind: &str) -> Option<&'static [Field]> {
    Some(match kind {
        "procedure_event" => {
            const F: &[Field] = &[
                f(
                    "event",
                    Input::Select(&[
                        "asylum_rejected",
                        "appeal_lodged",
                        "appeal_finally_rejected",
                        "other_procedure_started",
                        "other_procedure_ended",
                        "return_decision",
                    ]),
                    true,
                ),
                f("on", Input::Date, true),
                f(
                    "procedure_type",
                    Input::Select(&["regular", "accelerated", "border"]),
                    false,
                ),
                f("voluntary_departure_days", Input::Number, false),
            ];
            F
        }
        "stay" => {
            const F: &[Field] = &[
                f("setting", Input::Select(SETTINGS), true),
                f("from", Input::Date, true),
                f("to", Input::Date, false),
            ];
            F
        }
        "contact" => {
            const F: &[Field] = &[
                f("on", Input::Date, true),
                f(
                    "mode",
                    Input::Select(&["in_person", "phone", "video", "letter"]),
                    true,
                ),
                f("cooperating", Input::Tri, false),
                f(
                    "indicators",
                    Input::Checks(&[
                        "arranging_documents",
                        "seeking_contact",
                        "contacting_community",
                        "contacting_iom",
                        "organisation_reports_serious",
                    ]),
                    false,
                ),
                f("notes", Input::Area, false),
            ];
            F
        }
        "refusal" => {
            const F: &[Field] = &[f("on", Input::Date, true), f("notes", Input::Area, false)];
            F
        }
        "document" => {
            const F: &[Field] = &[
                f(
                    "document",
                    Input::Select(&["passport", "birth_certificate", "laissez_passer"]),
                    true,
                ),
                f("status", Input::Select(&["requested", "received"]), true),
                f("on", Input::Date, true),
            ];
            F
        }
        "referral" => {
            const F: &[Field] = &[
                f("to", Input::Text, true),
                f("on", Input::Date, true),
                f("notes", Input::Area, false),
            ];
            F
        }
        "household_member" => {
            const F: &[Field] = &[
                f("name", Input::Text, true),
                f("date_of_birth", Input::Date, false),
            ];
            F
        }
        "trajectory" => {
            const F: &[Field] = &[
                f("trajectory", Input::Select(&["return", "empowerment"]), true),
                f("project", Input::Text, true),
                f("on", Input::Date, true),
                f("goals", Input::Area, false),
                f("planned_departure_on", Input::Date, false),
                f("scheme", Input::Select(&["ozv", "iom_avrr", "eurp"]), false),
                f("in_kind_cents", Input::Money, false),
                f("cash_cents", Input::Money, false),
                f("handreiking_cents", Input::Money, false),
            ];
            F
        }
        "decision" => {
            const F: &[Field] = &[
                f(
                    "decision",
                    Input::Select(&["term_extension", "stay_extension", "handreiking"]),
                    true,
                ),
                f("by", Input::Checks(ROLES), true),
                f("on", Input::Date, true),
                f("outcome", Input::Select(&["granted", "refused"]), true),
                f("days", Input::Number, false),
            ];
            F
        }
        "closure" => CLOSURE,
        _ => return None,
    })
}

/// The fields of a closure.
pub const CLOSURE: &[Field] = &[
    f(
        "outcome",
        Input::Select(&[
            "departed",
            "not_returning",
            "handed_to_avim",
            "absconded",
            "verification_withdrawn",
            "left_reception",
            "obtained_residence",
        ]),
        true,
    ),
    f("on", Input::Date, true),
    f("destination", Input::Text, false),
    f("departed_with", Input::Select(&["iom", "ngo", "own"]), false),
    f("reason", Input::Area, false),
];

/// The closing form's last field: closing has no way back for a caseworker (a coordinator can reopen), so it
/// is confirmed, and the handler refuses a closing without it (issue 22).
pub const CLOSE_CONFIRM: &[Field] = &[f("confirm", Input::Checks(&["confirmed"]), true)];

/// Checks a record's JSON field by field before it is deserialised, so an error names the field (serde
/// cannot say which field of an internally tagged enum failed). `at` prefixes the field (`records[2]`).
pub fn precheck_record(v: &Value, at: &str) -> Result<(), FieldError> {
    let name = |f: &str| {
        if at.is_empty() {
            f.to_owned()
        } else {
            format!("{at}.{f}")
        }
    };
    let obj = v.as_object().ok_or_else(|| {
        FieldError::refuse(if at.is_empty() { "body" } else { at }, "problem-must-be-object")
    })?;
    let kind = obj
        .get("kind")
        .and_then(Value::as_str)
        .ok_or_else(|| FieldError::refuse(name("kind"), "problem-required"))?;
    let fields = record_fields(kind).ok_or_else(|| {
        FieldError::new(
            name("kind"),
            Problem::new("problem-unknown-kind").with("kind", kind),
        )
    })?;
    for (k, val) in obj {
        if k == "kind" {
            continue;
        }
        let Some(fld) = fields.iter().find(|f| f.name == k) else {
            return Err(FieldError::new(
                name(k),
                Problem::new("problem-not-a-field-of").with("kind", kind),
            ));
        };
        let ok = match (fld.input, val) {
            (_, Value::Null) => !fld.required,
            (Input::Date, Value::String(s)) => terugkeer_rules::Date::parse(s).is_ok(),
            (Input::Select(o), Value::String(s)) => o.contains(&s.as_str()) || fld.name == "mode",
            (Input::Checks(o), Value::Array(a)) => {
                a.iter().all(|x| x.as_str().is_some_and(|s| o.contains(&s)))
            }
            (Input::Money | Input::Number, Value::Number(n)) => n.as_i64().is_some_and(|i| i >= 0),
            (Input::Tri, Value::Bool(_)) => true,
            (Input::Text | Input::Area, Value::String(_)) => true,
            _ => false,
        };
        if !ok {
            let what = match fld.input {
                Input::Date => Problem::new("problem-must-be-date"),
                Input::Select(o) => Problem::new("problem-must-be-one-of").with("choices", o.join(", ")),
                Input::Checks(o) => Problem::new("problem-must-be-list-of").with("choices", o.join(", ")),
                Input::Money => Problem::new("problem-must-be-cents"),
                Input::Number => Problem::new("problem-must-be-whole-number"),
                Input::Tri => Problem::new("problem-must-be-true-false-null"),
                Input::Text | Input::Area => Problem::new("problem-must-be-text"),
            };
            return Err(FieldError::new(name(k), what));
        }
    }
    if let Some(missing) = fields.iter().find(|f| f.required && !obj.contains_key(f.name)) {
        return Err(FieldError::refuse(name(missing.name), "problem-required"));
    }
    Ok(())
}

/// Reads a record of `kind` from a form.
pub fn record_from_form(kind: &str, form: &FormData) -> Result<Record, FieldError> {
    let fields =
        record_fields(kind).ok_or_else(|| FieldError::refuse("kind", "problem-unknown-record-kind"))?;
    let mut map = to_json(fields, form)?;
    map.insert("kind".into(), Value::String(kind.to_owned()));
    let record: Record = from_json(Value::Object(map))?;
    record
        .validate()
        .map_err(|e| FieldError::new(e.field, e.message))?;
    Ok(record)
}

/// Reads a client from a form (validated by the caller, who knows today).
pub fn client_from_form(form: &FormData) -> Result<ClientInput, FieldError> {
    from_json(Value::Object(to_json(CLIENT, form)?))
}
#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::kit::form::{FormData, values_of};

    #[test]
    fn a_record_round_trips_through_its_form() {
        let form = FormData(vec![
            ("on".into(), "2026-11-20".into()),
            ("mode".into(), "phone".into()),
            ("cooperating".into(), "no".into()),
            ("indicators".into(), "contacting_iom".into()),
            ("indicators".into(), "seeking_contact".into()),
        ]);
        let r = record_from_form("contact", &form).unwrap();
        let back = values_of(
            record_fields("contact").unwrap(),
            &serde_json::to_value(&r).unwrap(),
        );
        assert_eq!(record_from_form("contact", &back).unwrap(), r);
    }

    #[test]
    fn errors_name_the_field() {
        let bad_date = FormData(vec![
            ("event".into(), "asylum_rejected".into()),
            ("on".into(), "2026-02-30".into()),
        ]);
        assert_eq!(
            record_from_form("procedure_event", &bad_date).unwrap_err().field,
            "on"
        );
        let missing = FormData(vec![("event".into(), "asylum_rejected".into())]);
        assert_eq!(
            record_from_form("procedure_event", &missing).unwrap_err().field,
            "on"
        );
        let bad_choice = FormData(vec![
            ("setting".into(), "hotel".into()),
            ("from".into(), "2026-01-01".into()),
        ]);
        assert_eq!(
            record_from_form("stay", &bad_choice).unwrap_err().field,
            "setting"
        );
        let backwards = FormData(vec![
            ("setting".into(), "azc".into()),
            ("from".into(), "2026-02-01".into()),
            ("to".into(), "2026-01-01".into()),
        ]);
        assert_eq!(record_from_form("stay", &backwards).unwrap_err().field, "to");
        let money = FormData(vec![
            ("trajectory".into(), "return".into()),
            ("project".into(), "Met Opgeheven Hoofd".into()),
            ("on".into(), "2026-01-01".into()),
            ("in_kind_cents".into(), "veel".into()),
        ]);
        assert_eq!(
            record_from_form("trajectory", &money).unwrap_err().field,
            "in_kind_cents"
        );
        let country = FormData(vec![
            ("family_name".into(), "X".into()),
            ("country_of_return".into(), "zz".into()),
        ]);
        assert_eq!(client_from_form(&country).unwrap_err().field, "country_of_return");
    }
}
