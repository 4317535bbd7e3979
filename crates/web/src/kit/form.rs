//! HTML forms described once as data: how each field is entered, the submitted form, a refused field, and
//! the views a template renders (values kept, the error beside its field). The fields of a client and of each
//! kind of record are the clients feature's (`clients::fields`); this kit only knows how to show and read them.
//!
//! Money is entered in euros (`1250` or `1250,50`) and stored in integer cents; a boolean fact that may be
//! unknown is a yes / no / unknown choice, never a checkbox (an unticked box would claim "no").

use serde_json::{Map, Value};
use terugkeer_rules::Problem;

use crate::kit::i18n::Tr;

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

/// A submitted form: every name with its values, in order.
#[derive(Debug, Clone, Default)]
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    /// Parses an `application/x-www-form-urlencoded` body.
    /// A NUL character (`%00`) is refused naming its field: PostgreSQL cannot store one in text, and no one
    /// types it, so both backends refuse it here, the same way, before anything is read.
    pub fn parse(body: &[u8]) -> Result<FormData, FieldError> {
        let form: Vec<(String, String)> = serde_urlencoded::from_bytes(body).map_err(|e| {
            FieldError::new(
                "form",
                Problem::new("problem-form-unreadable").with("detail", e.to_string()),
            )
        })?;
        if let Some((k, _)) = form.iter().find(|(k, v)| k.contains('\0') || v.contains('\0')) {
            return Err(nul_in(k));
        }
        Ok(FormData(form))
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
    pub message: Problem,
}

impl FieldError {
    /// A new error.
    pub fn new(field: impl Into<String>, message: Problem) -> FieldError {
        FieldError {
            field: field.into(),
            message,
        }
    }

    /// `field` is refused for the message `id` without arguments.
    pub fn refuse(field: impl Into<String>, id: &'static str) -> FieldError {
        FieldError::new(field, Problem::new(id))
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
                    return Err(FieldError::new(
                        fld.name,
                        Problem::new("problem-unknown-choice").with("choice", bad.as_str()),
                    ));
                }
                if values.is_empty() && fld.required {
                    return Err(FieldError::refuse(fld.name, "problem-choose-one"));
                }
                Value::Array(values.into_iter().map(Value::String).collect())
            }
            _ if raw.is_empty() => {
                if fld.required {
                    return Err(FieldError::refuse(fld.name, "problem-required"));
                }
                continue;
            }
            Input::Money => match euros_to_cents(raw) {
                Some(c) => Value::from(c),
                None => return Err(FieldError::refuse(fld.name, "problem-not-euros")),
            },
            Input::Date => match terugkeer_rules::Date::parse(raw) {
                Ok(_) => Value::String(raw.to_owned()),
                Err(_) => return Err(FieldError::refuse(fld.name, "problem-give-date")),
            },
            Input::Number => match raw.parse::<u32>() {
                Ok(n) => Value::from(n),
                Err(_) => return Err(FieldError::refuse(fld.name, "problem-not-whole-number")),
            },
            Input::Tri => match raw {
                "yes" => Value::Bool(true),
                "no" => Value::Bool(false),
                "unknown" => Value::Null,
                _ => return Err(FieldError::refuse(fld.name, "problem-yes-no-unknown")),
            },
            Input::Select(options) if !options.contains(&raw) => {
                return Err(FieldError::new(
                    fld.name,
                    Problem::new("problem-unknown-choice").with("choice", raw),
                ));
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
        FieldError::new(
            field,
            Problem::new("problem-invalid-value").with("detail", message),
        )
    })
}

/// The field a NUL character was found in, refused.
pub fn nul_in(field: &str) -> FieldError {
    let field: String = field.chars().filter(|c| *c != '\0').take(100).collect();
    FieldError::new(field, Problem::new("problem-nul-character"))
}

/// The first string of a JSON value (or key) holding a NUL character (`\u0000`), by its path: refused by
/// [`nul_in`] before the value is read, on both backends alike (PostgreSQL cannot store NUL in text).
pub fn find_nul(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if s.contains('\0') => Some(String::new()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, x)| find_nul(x).map(|p| format!("[{i}]{}", dotted(&p)))),
        Value::Object(m) => m.iter().find_map(|(k, x)| {
            if k.contains('\0') {
                return Some(k.clone());
            }
            find_nul(x).map(|p| format!("{k}{}", dotted(&p)))
        }),
        _ => None,
    }
}

/// A sub-path joined to its parent (`a.b`, `a[0]`).
fn dotted(p: &str) -> String {
    if p.is_empty() || p.starts_with('[') {
        p.to_owned()
    } else {
        format!(".{p}")
    }
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

/// A value's label: `opt.VALUE` from the table, or the value itself.
pub fn option_label(t: &Tr, v: &str) -> String {
    // A value without words stays as it is, so the browser test's check for codes on Dutch pages finds it.
    let key = format!("opt.{v}");
    match t.s(&key) {
        s if s == key => v.to_owned(),
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
                .map(|e| t.problem(&e.message));
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
}
