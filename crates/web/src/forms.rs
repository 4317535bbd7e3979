//! HTML forms for every fact of a case file, described once as data: which fields a client and each kind
//! of record has, and how each is entered. The same description renders the form, reads it back into the
//! domain's types (through their own serde definitions and validation, so a form can never accept what the
//! API refuses) and fills it from a stored value for editing. Errors name the field, and the page shows
//! them beside it.
//!
//! Money is entered in euros (`1250` or `1250,50`) and stored in integer cents; a boolean fact that may be
//! unknown is a yes / no / unknown choice, never a checkbox (an unticked box would claim "no").

use serde_json::{Map, Value};
use terugkeer_domain::{ClientInput, Record};

use crate::i18n::Tr;

/// How a field is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// One line of text.
    Text,
    /// Several lines.
    Area,
    /// A date (`YYYY-MM-DD`).
    Date,
    /// An amount in euros, stored in cents.
    Money,
    /// A whole number.
    Number,
    /// Yes, no or unknown.
    Tri,
    /// One of these values.
    Select(&'static [&'static str]),
    /// Any of these values.
    Checks(&'static [&'static str]),
}

/// One field.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Its name, the same as in the JSON of the API.
    pub name: &'static str,
    /// How it is entered.
    pub input: Input,
    /// Whether it must be filled in.
    pub required: bool,
}

const fn f(name: &'static str, input: Input, required: bool) -> Field {
    Field {
        name,
        input,
        required,
    }
}

const SETTINGS: &[&str] = &["azc", "vbl", "gezinslocatie", "noodopvang", "elders", "bewaring"];
const ROLES: &[&str] = &[
    "regievoerder",
    "senior_regievoerder",
    "afdelingsmanager",
    "lto",
    "rao",
    "den_haag",
];

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
                    ]),
                    true,
                ),
                f("on", Input::Date, true),
                f(
                    "procedure_type",
                    Input::Select(&["regular", "accelerated", "border"]),
                    false,
                ),
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

/// A submitted form: every name with its values, in order.
#[derive(Debug, Clone, Default)]
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    /// Parses an `application/x-www-form-urlencoded` body.
    pub fn parse(body: &[u8]) -> Result<FormData, FieldError> {
        serde_urlencoded::from_bytes(body)
            .map(FormData)
            .map_err(|e| FieldError::new("form", format!("cannot be read: {e}")))
    }

    /// The first value of `name`, trimmed.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }
}

/// A refused field and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl FieldError {
    /// A new error.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Parses euros (`1250`, `1250,50`, `1.250,50`, `1250.50`) into cents.
pub fn euros_to_cents(s: &str) -> Option<i64> {
    let s = s.trim().trim_start_matches("€").trim();
    // A comma is the decimal mark (Dutch); dots before it group thousands. Without a comma, a dot followed by
    // exactly two digits at the end is a decimal mark (as an English user types it).
    let normal = if s.contains(',') {
        s.replace('.', "").replacen(',', ".", 1)
    } else if s.len() > 3 && s.as_bytes().get(s.len() - 3) == Some(&b'.') && s.matches('.').count() == 1 {
        s.to_owned()
    } else {
        s.replace('.', "")
    };
    let (whole, frac) = normal.split_once('.').unwrap_or((&normal, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || whole.len() > 12 {
        return None;
    }
    if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let cents: i64 = format!("{frac:0<2}").parse().ok()?;
    whole.parse::<i64>().ok()?.checked_mul(100)?.checked_add(cents)
}

/// Cents as euros for a form field: `1250` or `1250,50`.
pub fn cents_to_euros(c: i64) -> String {
    if c % 100 == 0 {
        format!("{}", c / 100)
    } else {
        format!("{},{:02}", c / 100, (c % 100).abs())
    }
}

/// Reads the fields of a form into a JSON object as the API would receive it.
pub fn to_json(fields: &[Field], form: &FormData) -> Result<Map<String, Value>, FieldError> {
    let mut out = Map::new();
    for fld in fields {
        let raw = form.get(fld.name);
        let value = match fld.input {
            Input::Checks(options) => {
                let values = form.all(fld.name);
                if let Some(bad) = values.iter().find(|v| !options.contains(&v.as_str())) {
                    return Err(FieldError::new(fld.name, format!("unknown choice {bad:?}")));
                }
                if values.is_empty() && fld.required {
                    return Err(FieldError::new(fld.name, "choose at least one"));
                }
                Value::Array(values.into_iter().map(Value::String).collect())
            }
            _ if raw.is_empty() => {
                if fld.required {
                    return Err(FieldError::new(fld.name, "is required"));
                }
                continue;
            }
            Input::Money => match euros_to_cents(raw) {
                Some(c) => Value::from(c),
                None => return Err(FieldError::new(fld.name, "is not an amount in euros")),
            },
            Input::Date => match terugkeer_rules::Date::parse(raw) {
                Ok(_) => Value::String(raw.to_owned()),
                Err(e) => {
                    return Err(FieldError::new(
                        fld.name,
                        format!("is not a date (YYYY-MM-DD): {e}"),
                    ));
                }
            },
            Input::Number => match raw.parse::<u32>() {
                Ok(n) => Value::from(n),
                Err(_) => return Err(FieldError::new(fld.name, "is not a whole number")),
            },
            Input::Tri => match raw {
                "yes" => Value::Bool(true),
                "no" => Value::Bool(false),
                "unknown" => Value::Null,
                _ => return Err(FieldError::new(fld.name, "must be yes, no or unknown")),
            },
            Input::Select(options) if !options.contains(&raw) => {
                return Err(FieldError::new(fld.name, format!("unknown choice {raw:?}")));
            }
            Input::Text if fld.name == "country_of_return" || fld.name == "nationality" => {
                Value::String(raw.to_uppercase())
            }
            _ => Value::String(raw.to_owned()),
        };
        out.insert(fld.name.to_owned(), value);
    }
    Ok(out)
}

/// Deserialises with the failing field named: the path for a wrong value, the field for a missing one.
pub fn from_json<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, FieldError> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        let path = e.path().to_string();
        let message = e.inner().to_string();
        let field = if path == "." || path.is_empty() {
            message
                .split('`')
                .nth(1)
                .map_or_else(|| "body".to_owned(), str::to_owned)
        } else {
            path
        };
        FieldError::new(field, message)
    })
}

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
    let obj = v
        .as_object()
        .ok_or_else(|| FieldError::new(if at.is_empty() { "body" } else { at }, "must be an object"))?;
    let kind = obj
        .get("kind")
        .and_then(Value::as_str)
        .ok_or_else(|| FieldError::new(name("kind"), "is required"))?;
    let fields =
        record_fields(kind).ok_or_else(|| FieldError::new(name("kind"), format!("unknown kind {kind:?}")))?;
    for (k, val) in obj {
        if k == "kind" {
            continue;
        }
        let Some(fld) = fields.iter().find(|f| f.name == k) else {
            return Err(FieldError::new(name(k), format!("is not a field of {kind}")));
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
                Input::Date => "must be a date (YYYY-MM-DD)".to_owned(),
                Input::Select(o) => format!("must be one of {}", o.join(", ")),
                Input::Checks(o) => format!("must be a list of {}", o.join(", ")),
                Input::Money => "must be a whole number of cents, 0 or more".to_owned(),
                Input::Number => "must be a whole number, 0 or more".to_owned(),
                Input::Tri => "must be true, false or null".to_owned(),
                Input::Text | Input::Area => "must be text".to_owned(),
            };
            return Err(FieldError::new(name(k), what));
        }
    }
    if let Some(missing) = fields.iter().find(|f| f.required && !obj.contains_key(f.name)) {
        return Err(FieldError::new(name(missing.name), "is required"));
    }
    Ok(())
}

/// Reads a record of `kind` from a form.
pub fn record_from_form(kind: &str, form: &FormData) -> Result<Record, FieldError> {
    let fields = record_fields(kind).ok_or_else(|| FieldError::new("kind", "unknown kind of record"))?;
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

/// The values of a stored value's fields, as a form shows them.
pub fn values_of(fields: &[Field], value: &Value) -> FormData {
    let mut out = Vec::new();
    for fld in fields {
        let v = value.get(fld.name).unwrap_or(&Value::Null);
        match (fld.input, v) {
            (_, Value::Null) => {}
            (Input::Checks(_), Value::Array(items)) => {
                for i in items {
                    if let Some(s) = i.as_str() {
                        out.push((fld.name.to_owned(), s.to_owned()));
                    }
                }
            }
            (Input::Money, Value::Number(n)) => {
                out.push((fld.name.to_owned(), cents_to_euros(n.as_i64().unwrap_or(0))))
            }
            (Input::Tri, Value::Bool(b)) => {
                out.push((fld.name.to_owned(), if *b { "yes" } else { "no" }.to_owned()))
            }
            (_, Value::String(s)) => out.push((fld.name.to_owned(), s.clone())),
            (_, other) => out.push((fld.name.to_owned(), other.to_string())),
        }
    }
    FormData(out)
}

/// A field as a template renders it.
#[derive(Debug, Clone)]
pub struct FieldView {
    /// Name (and, prefixed, the element id).
    pub name: &'static str,
    /// The element id (unique on the page).
    pub id: String,
    /// Label.
    pub label: String,
    /// `text`, `area`, `date`, `money`, `number`, `tri`, `select`, `checks`.
    pub kind: &'static str,
    /// The current value.
    pub value: String,
    /// The chosen values (checks).
    pub chosen: Vec<String>,
    /// `(value, label)` choices (select, checks, tri).
    pub options: Vec<(String, String)>,
    /// Required.
    pub required: bool,
    /// The error to show beside it.
    pub error: Option<String>,
}

impl FieldView {
    /// Whether `v` is chosen (checks).
    pub fn is_chosen(&self, v: &str) -> bool {
        self.chosen.iter().any(|c| c == v)
    }
}

/// A value's label: `opt.VALUE` from the table, or the value with spaces.
pub fn option_label(t: &Tr, v: &str) -> String {
    let key = format!("opt.{v}");
    match t.s(&key) {
        s if s == key => v.replace('_', " "),
        s => s.to_owned(),
    }
}

/// The views of a form's fields, with values and the error beside its field. `label_prefix` is `client` or
/// `record`; `id_prefix` keeps ids unique when a page holds several forms.
pub fn views(
    fields: &[Field],
    values: &FormData,
    error: Option<&FieldError>,
    t: &Tr,
    label_prefix: &str,
    id_prefix: &str,
) -> Vec<FieldView> {
    fields
        .iter()
        .map(|fld| {
            let (kind, options): (&'static str, Vec<(String, String)>) = match fld.input {
                Input::Text => ("text", vec![]),
                Input::Area => ("area", vec![]),
                Input::Date => ("date", vec![]),
                Input::Money => ("money", vec![]),
                Input::Number => ("number", vec![]),
                Input::Tri => (
                    "tri",
                    [("unknown", "unknown"), ("yes", "yes"), ("no", "no")]
                        .iter()
                        .map(|(v, k)| ((*v).to_owned(), t.s(k).to_owned()))
                        .collect(),
                ),
                Input::Select(o) => (
                    "select",
                    o.iter().map(|v| ((*v).to_owned(), option_label(t, v))).collect(),
                ),
                Input::Checks(o) => (
                    "checks",
                    o.iter().map(|v| ((*v).to_owned(), option_label(t, v))).collect(),
                ),
            };
            let err = error
                .filter(|e| e.field == fld.name || e.field.starts_with(&format!("{}.", fld.name)))
                .map(|e| t.message(&e.message));
            FieldView {
                name: fld.name,
                id: format!("{id_prefix}-{}", fld.name),
                label: t.s(&format!("{label_prefix}.{}", fld.name)).to_owned(),
                kind,
                value: values.get(fld.name).to_owned(),
                chosen: values.all(fld.name),
                options,
                required: fld.required,
                error: err,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn euros_in_dutch_and_english_notation() {
        assert_eq!(euros_to_cents("1250"), Some(125_000));
        assert_eq!(euros_to_cents("1250,5"), Some(125_050));
        assert_eq!(euros_to_cents("1.250,50"), Some(125_050));
        assert_eq!(euros_to_cents("1250.50"), Some(125_050));
        assert_eq!(euros_to_cents("€ 500"), Some(50_000));
        assert_eq!(euros_to_cents("1.250"), Some(125_000));
        assert_eq!(euros_to_cents("12,345"), None);
        assert_eq!(euros_to_cents("-5"), None);
        assert_eq!(euros_to_cents("abc"), None);
        assert_eq!(euros_to_cents("9999999999999"), None);
        assert_eq!(cents_to_euros(125_050), "1250,50");
        assert_eq!(euros_to_cents(&cents_to_euros(125_050)), Some(125_050));
    }

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
