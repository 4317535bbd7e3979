//! Reading policy files: TOML text in, a validated [`Policy`] out, or every problem found, each naming
//! file and line. Pure: the caller reads the files.
//!
//! A file holds one or more parameters:
//!
//! ```toml
//! [departure_term_days]
//! unit = "days"
//! description = { nl = "Vertrektermijn na een terugkeerbesluit", en = "Departure term after a return decision" }
//!
//! [[departure_term_days.values]]
//! from = 2016-03-23
//! value = 28
//! citation = "art. 62 lid 1 Vw 2000"
//! source = "Vw 2000, versie 2015-07-20 (BWBR0011823)"
//! confidence = "V"
//! ```
//!
//! Instead of `value`, `unknown = true` declares that the value in force from that date is not in the data
//! (the rules then answer "undetermined").
//!
//! A table with only `values` (no `unit`, no `description`) *adds* dated values to a parameter defined in
//! another file: an organisation's own values (the official country list when DT&V sends it, a changed
//! amount) on top of the built-in policy ([`super::Policy::with_local`]). An added value on the same date as a
//! defined one replaces it; the others take their place in date order. Its `file` names where it came from.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::holidays::{HolidayRule, Holidays, Rule};
use super::{Confidence, Countries, Dated, PARAM_COUNT, Param, ParamId, Policy, SPECS, Unit, Value};
use crate::date::Date;
use crate::vocab::{Cents, Country, ProcedureType, Role};

/// One problem in a policy folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyIssue {
    /// The file (or `policy` for problems of the folder as a whole).
    pub file: String,
    /// The line, 1-based; 0 when the problem has no line (a missing parameter).
    pub line: usize,
    /// What is wrong, naming the parameter and key.
    pub message: String,
}

impl fmt::Display for PolicyIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

/// Every problem found while loading a policy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct PolicyError(pub Vec<PolicyIssue>);

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, issue) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{issue}")?;
        }
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParam {
    unit: Option<Spanned<String>>,
    description: Option<RawDescription>,
    values: Vec<Spanned<RawValue>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDescription {
    nl: String,
    en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawValue {
    from: Spanned<toml::value::Datetime>,
    value: Option<Spanned<toml::Value>>,
    unknown: Option<bool>,
    citation: Option<String>,
    source: Option<String>,
    confidence: Option<Spanned<String>>,
    note: Option<String>,
}

struct FileCtx<'a> {
    name: &'a str,
    text: &'a str,
    issues: &'a mut Vec<PolicyIssue>,
    /// Where each line break is: a line number in O(log n), so that a file of many problems (an organisation's
    /// upload can be a megabyte) costs no more than reading it.
    breaks: Vec<usize>,
}

impl<'a> FileCtx<'a> {
    fn new(name: &'a str, text: &'a str, issues: &'a mut Vec<PolicyIssue>) -> FileCtx<'a> {
        let breaks = text
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i)
            .collect();
        FileCtx {
            name,
            text,
            issues,
            breaks,
        }
    }

    fn line(&self, offset: usize) -> usize {
        self.breaks.partition_point(|&b| b < offset) + 1
    }

    fn issue(&mut self, offset: usize, message: String) {
        let line = self.line(offset);
        self.issues.push(PolicyIssue {
            file: self.name.to_owned(),
            line,
            message,
        });
    }
}

/// Loads and validates policy files given as `(file name, text)`. Every parameter of the registry must be
/// defined exactly once across the files; tables that only add values are merged after.
pub fn load(files: &[(&str, &str)]) -> Result<Policy, PolicyError> {
    load_with(files, files.len())
}

/// The dated values an organisation's file adds, read on their own (no built-in policy loaded): for showing a
/// stored version, which [`super::Policy::with_local`] checked when it was added. Problems of the values
/// themselves are still reported.
pub fn added_values(name: &str, text: &str) -> Result<Vec<Dated>, PolicyError> {
    let mut issues = Vec::new();
    let mut values = Vec::new();
    let mut ctx = FileCtx::new(name, text, &mut issues);
    match toml::from_str::<BTreeMap<Spanned<String>, RawParam>>(text) {
        Err(e) => ctx.issue(e.span().map_or(0, |s| s.start), e.message().trim().to_owned()),
        Ok(table) => {
            for (key, raw) in table {
                let at = key.span().start;
                match ParamId::from_key(key.get_ref()) {
                    None => ctx.issue(at, format!("unknown parameter `{}`", key.get_ref())),
                    Some(id) => {
                        values.extend(convert_values(&mut ctx, id, raw.values, at).unwrap_or_default())
                    }
                }
            }
        }
    }
    if issues.is_empty() {
        Ok(values)
    } else {
        Err(PolicyError(issues))
    }
}

/// [`load`], where the files from index `local_from` on may only add values (an organisation's own file):
/// a parameter is defined by the built-in policy, never by an organisation.
pub(crate) fn load_with(files: &[(&str, &str)], local_from: usize) -> Result<Policy, PolicyError> {
    let mut issues = Vec::new();
    let mut found: Vec<Option<Param>> = vec![None; PARAM_COUNT];
    let mut additions: Vec<(usize, usize, ParamId, Vec<Spanned<RawValue>>)> = Vec::new();

    for (index, (name, text)) in files.iter().enumerate() {
        let mut ctx = FileCtx::new(name, text, &mut issues);
        let table: BTreeMap<Spanned<String>, RawParam> = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                let at = e.span().map_or(0, |s| s.start);
                ctx.issue(at, e.message().trim().to_owned());
                continue;
            }
        };
        for (key, raw) in table {
            let at = key.span().start;
            let Some(id) = ParamId::from_key(key.get_ref()) else {
                ctx.issue(at, format!("unknown parameter `{}`", key.get_ref()));
                continue;
            };
            let (unit, description) = match (raw.unit, raw.description) {
                (None, None) => {
                    additions.push((index, at, id, raw.values));
                    continue;
                }
                _ if index >= local_from => {
                    ctx.issue(
                        at,
                        format!(
                            "{}: an organisation's file only adds dated values; `unit` and `description` \
                             come from the built-in policy",
                            id.key()
                        ),
                    );
                    continue;
                }
                (Some(u), Some(d)) => (u, d),
                (None, Some(_)) => {
                    ctx.issue(at, format!("{}: `unit` is missing", id.key()));
                    continue;
                }
                (Some(_), None) => {
                    ctx.issue(at, format!("{}: `description` is missing", id.key()));
                    continue;
                }
            };
            if let Some(prev) = &found[id as usize] {
                ctx.issue(
                    at,
                    format!("parameter `{}` is already defined in {}", id.key(), prev.file),
                );
                continue;
            }
            if let Some(param) = convert_param(&mut ctx, id, unit, description, raw.values) {
                found[id as usize] = Some(param);
            }
        }
    }

    for (index, at, id, raw) in additions {
        let (name, text) = files[index];
        let mut ctx = FileCtx::new(name, text, &mut issues);
        let Some(values) = convert_values(&mut ctx, id, raw, at) else {
            continue;
        };
        let Some(param) = found[id as usize].as_mut() else {
            ctx.issue(
                at,
                format!(
                    "values for `{}` are added, but no policy file defines the parameter",
                    id.key()
                ),
            );
            continue;
        };
        for v in values {
            match param.values.binary_search_by(|d| d.from.cmp(&v.from)) {
                Ok(i) => param.values[i] = v,
                Err(i) => param.values.insert(i, v),
            }
        }
    }
    let mut params = Vec::with_capacity(PARAM_COUNT);
    for (spec, p) in SPECS.iter().zip(found) {
        match p {
            Some(p) => params.push(p),
            None => issues.push(PolicyIssue {
                file: "policy".into(),
                line: 0,
                message: format!("missing parameter `{}` (unit {})", spec.key, spec.unit.as_str()),
            }),
        }
    }
    if !issues.is_empty() {
        return Err(PolicyError(issues));
    }

    let mut starts: Vec<Date> = params
        .iter()
        .flat_map(|p| p.values.iter().map(|v| v.from))
        .collect();
    starts.sort();
    starts.dedup();
    let Some(&start) = starts.first() else {
        return Err(PolicyError(vec![PolicyIssue {
            file: "policy".into(),
            line: 0,
            message: "no dated values".into(),
        }]));
    };

    let mut sorted: Vec<&(&str, &str)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut h = Sha256::new();
    for (name, text) in sorted {
        h.update(name.as_bytes());
        h.update([0]);
        h.update(text.as_bytes());
        h.update([0]);
    }
    let hash = hex(&h.finalize());
    let mut ordinal = 0usize;
    for p in &mut params {
        for d in &mut p.values {
            d.ordinal = ordinal;
            ordinal += 1;
            d.json = serde_json::to_string(&crate::trace::PolicyUsed(d)).unwrap_or_default();
            d.key_json = format!("\"{}\"", crate::trace::PolicyKey(d));
        }
    }
    Ok(Policy {
        params,
        start,
        hash,
        starts,
        sources: files
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect(),
        local_from,
    })
}

/// Lower-case hexadecimal of a digest.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(H[usize::from(b >> 4)]));
        s.push(char::from(H[usize::from(b & 15)]));
    }
    s
}

fn convert_param(
    ctx: &mut FileCtx<'_>,
    id: ParamId,
    unit: Spanned<String>,
    description: RawDescription,
    raw: Vec<Spanned<RawValue>>,
) -> Option<Param> {
    let spec = id.spec();
    let key = spec.key;
    let mut ok = true;
    if unit.get_ref() != spec.unit.as_str() {
        ctx.issue(
            unit.span().start,
            format!(
                "{key}: unit must be \"{}\", found \"{}\"",
                spec.unit.as_str(),
                unit.get_ref()
            ),
        );
        ok = false;
    }
    for (lang, d) in [("nl", &description.nl), ("en", &description.en)] {
        if d.trim().is_empty() || d.contains('\n') {
            ctx.issue(
                unit.span().start,
                format!("{key}: description.{lang} must be one non-empty line"),
            );
            ok = false;
        }
    }
    let values = convert_values(ctx, id, raw, unit.span().start);
    (ok && values.is_some()).then(|| Param {
        id,
        nl: description.nl,
        en: description.en,
        file: ctx.name.to_owned(),
        values: values.unwrap_or_default(),
    })
}

/// A parameter's dated values (ascending, no duplicate dates), or `None` after reporting every problem.
fn convert_values(
    ctx: &mut FileCtx<'_>,
    id: ParamId,
    raw: Vec<Spanned<RawValue>>,
    table_at: usize,
) -> Option<Vec<Dated>> {
    let spec = id.spec();
    let key = spec.key;
    let mut ok = true;
    if raw.is_empty() {
        ctx.issue(table_at, format!("{key}: no values"));
        ok = false;
    }
    let mut values: Vec<Dated> = Vec::with_capacity(raw.len());
    for v in raw {
        let at = v.span().start;
        let v = v.into_inner();
        let from_at = v.from.span().start;
        let line = ctx.line(from_at);
        let from = match to_date(v.from.get_ref()) {
            Some(d) => d,
            None => {
                ctx.issue(
                    from_at,
                    format!(
                        "{key}: from must be a date YYYY-MM-DD, found {}",
                        v.from.get_ref()
                    ),
                );
                ok = false;
                continue;
            }
        };
        if let Some(prev) = values.last()
            && from <= prev.from
        {
            let what = if from == prev.from {
                "duplicate"
            } else {
                "unordered"
            };
            ctx.issue(
                from_at,
                format!("{key}: {what} date {from}: values must be in ascending date order"),
            );
            ok = false;
        }
        let mut need = |field: &str, s: Option<String>, ctx: &mut FileCtx<'_>| -> String {
            match s {
                Some(s) if !s.trim().is_empty() => s,
                _ => {
                    ctx.issue(at, format!("{key}: value from {from} has no {field}"));
                    ok = false;
                    String::new()
                }
            }
        };
        let citation = need("citation", v.citation, ctx);
        let source = need("source", v.source, ctx);
        // Citations, names and notes are written into JSON output without escaping (they are on every line
        // of a caseload), so the characters JSON would have to escape are refused here.
        let unclean = |t: &str| t.chars().any(|c| c == '"' || c == '\\' || c.is_control());
        if unclean(&citation) || v.note.as_deref().is_some_and(unclean) {
            ctx.issue(
                at,
                format!(
                    "{key}: citation and note must not contain double quotes, backslashes or line breaks"
                ),
            );
            ok = false;
        }
        let confidence = match v.confidence.as_ref().map(|c| c.get_ref().as_str()) {
            Some("V") => Confidence::V,
            Some("S") => Confidence::S,
            Some("U") => Confidence::U,
            Some(other) => {
                let at = v.confidence.as_ref().map_or(at, |c| c.span().start);
                ctx.issue(
                    at,
                    format!("{key}: confidence must be \"V\", \"S\" or \"U\", found {other:?}"),
                );
                ok = false;
                Confidence::U
            }
            None => {
                ctx.issue(
                    at,
                    format!("{key}: value from {from} has no confidence mark (V, S or U)"),
                );
                ok = false;
                Confidence::U
            }
        };
        let value = match (v.value, v.unknown) {
            (Some(val), None | Some(false)) => {
                let vat = val.span().start;
                match convert_value(spec.unit, spec.choices, val.get_ref()) {
                    Ok(x) => Some(x),
                    Err(msg) => {
                        // In a list, the entry the message quotes, where it stands (a country list is
                        // long; its maintainer wants the line of the wrong code, not of the list).
                        let vat = msg
                            .split('"')
                            .nth(1)
                            .and_then(|q| {
                                let span = val.span();
                                ctx.text
                                    .get(span.clone())
                                    .and_then(|t| t.find(&format!("\"{q}\"")))
                                    .map(|i| span.start + i)
                            })
                            .unwrap_or(vat);
                        ctx.issue(vat, format!("{key}: {msg}"));
                        ok = false;
                        None
                    }
                }
            }
            (None, Some(true)) => None,
            (Some(_), Some(true)) => {
                ctx.issue(
                    at,
                    format!("{key}: value from {from} has both `value` and `unknown = true`"),
                );
                ok = false;
                None
            }
            (None, _) => {
                ctx.issue(
                    at,
                    format!("{key}: value from {from} needs `value` or `unknown = true`"),
                );
                ok = false;
                None
            }
        };
        values.push(Dated {
            param: id,
            from,
            value,
            citation,
            source,
            confidence,
            note: v.note,
            file: ctx.name.to_owned(),
            line,
            json: String::new(),
            key_json: String::new(),
            ordinal: 0,
        });
    }
    ok.then_some(values)
}

fn bounded(n: u32, max: u32, what: &str) -> Result<u32, String> {
    if n <= max {
        Ok(n)
    } else {
        Err(format!(
            "value {n} {what} is more than the largest accepted, {max}"
        ))
    }
}

fn to_date(d: &toml::value::Datetime) -> Option<Date> {
    match (d.date, d.time, d.offset) {
        (Some(date), None, None) => {
            Date::from_ymd(i32::from(date.year), u32::from(date.month), u32::from(date.day))
        }
        _ => None,
    }
}

fn convert_value(unit: Unit, choices: &[&str], v: &toml::Value) -> Result<Value, String> {
    use toml::Value as T;
    let int = |v: &T, what: &str| -> Result<u32, String> {
        match v {
            T::Integer(n) => u32::try_from(*n)
                .map_err(|_| format!("value must be a whole number of {what} ≥ 0, found {n}")),
            other => Err(format!(
                "value must be a whole number of {what}, found {}",
                other.type_str()
            )),
        }
    };
    let strings = |v: &T, what: &str| -> Result<Vec<String>, String> {
        match v {
            T::Array(a) => a
                .iter()
                .map(|x| match x {
                    T::String(s) => Ok(s.clone()),
                    other => Err(format!("{what} must be strings, found {}", other.type_str())),
                })
                .collect(),
            other => Err(format!(
                "value must be a list of {what}, found {}",
                other.type_str()
            )),
        }
    };
    Ok(match unit {
        // Bounds far beyond any legal term keep date arithmetic within range (a term of a century is a typo).
        Unit::Days => Value::Int(bounded(int(v, "days")?, 36_500, "days")?),
        Unit::Weeks => Value::Int(bounded(int(v, "weeks")?, 5_200, "weeks")?),
        Unit::Years => Value::Int(bounded(int(v, "years")?, 100, "years")?),
        Unit::Count => Value::Int(bounded(int(v, "times")?, 1_000, "times")?),
        Unit::Eur => {
            let eur = match v {
                T::Integer(n) => *n as f64,
                T::Float(f) => *f,
                other => {
                    return Err(format!(
                        "value must be an amount in euros, found {}",
                        other.type_str()
                    ));
                }
            };
            // A policy file is read by its maintainers, in English: the reason by its id.
            let c = Cents::from_eur(eur).map_err(|id| {
                match id {
                    "problem-not-finite" => "value must be a finite amount",
                    "problem-too-large" => "value is too large",
                    _ => "value has more than two decimals",
                }
                .to_owned()
            })?;
            if c.0 < 0 {
                return Err("value must not be negative".into());
            }
            Value::Money(c)
        }
        Unit::Bool | Unit::Rule => match v {
            T::Boolean(b) => Value::Bool(*b),
            other => return Err(format!("value must be true or false, found {}", other.type_str())),
        },
        Unit::Text => match v {
            T::String(s) if s.trim().is_empty() => return Err("value must not be empty".into()),
            T::String(s) if s.chars().any(|c| c == '"' || c == '\\' || c.is_control()) => {
                return Err("value must not contain double quotes, backslashes or line breaks".into());
            }
            T::String(s) if !choices.is_empty() && !choices.contains(&s.as_str()) => {
                return Err(format!("value must be one of {choices:?}, found {s:?}"));
            }
            T::String(s) => Value::Text(s.clone()),
            other => return Err(format!("value must be a string, found {}", other.type_str())),
        },
        Unit::Countries => {
            let T::Array(items) = v else {
                return Err(format!(
                    "value must be a list of country codes, found {}",
                    v.type_str()
                ));
            };
            let mut set = Countries::new();
            for item in items {
                let (code, name) = match item {
                    T::String(s) => (s.as_str(), None),
                    T::Table(t) => {
                        if let Some(k) = t.keys().find(|k| *k != "code" && *k != "name") {
                            return Err(format!("unknown key `{k}` in a country entry"));
                        }
                        let code = t
                            .get("code")
                            .and_then(T::as_str)
                            .ok_or("a country entry needs `code`")?;
                        (code, t.get("name").and_then(T::as_str).map(str::to_owned))
                    }
                    other => {
                        return Err(format!(
                            "country entries must be codes, found {}",
                            other.type_str()
                        ));
                    }
                };
                let c = Country::parse(code)
                    .ok_or_else(|| format!("unknown ISO 3166-1 alpha-2 country code {code:?}"))?;
                if !set.insert(c, name) {
                    return Err(format!("country {code} is listed twice"));
                }
            }
            Value::Countries(set)
        }
        Unit::MonthsList => {
            let T::Array(items) = v else {
                return Err(format!("value must be a list of months, found {}", v.type_str()));
            };
            let months = items
                .iter()
                .map(|x| int(x, "months"))
                .collect::<Result<Vec<_>, _>>()?;
            if months.windows(2).any(|w| w[0] >= w[1]) || months.first() == Some(&0) {
                return Err("months must be positive and ascending".into());
            }
            Value::Months(months)
        }
        Unit::Roles => {
            let roles = strings(v, "roles")?
                .iter()
                .map(|s| Role::parse(s).ok_or_else(|| format!("unknown role {s:?}")))
                .collect::<Result<Vec<_>, _>>()?;
            Value::Roles(roles)
        }
        Unit::Procedures => {
            let ps = strings(v, "procedure types")?
                .iter()
                .map(|s| ProcedureType::parse(s).ok_or_else(|| format!("unknown procedure type {s:?}")))
                .collect::<Result<Vec<_>, _>>()?;
            Value::Procedures(ps)
        }
        Unit::Holidays => {
            let T::Array(items) = v else {
                return Err(format!(
                    "value must be a list of holidays, found {}",
                    v.type_str()
                ));
            };
            let mut rules = Vec::new();
            for item in items {
                let T::Table(t) = item else {
                    return Err("each holiday must be a table { nl, en, date | easter }".into());
                };
                if let Some(k) = t
                    .keys()
                    .find(|k| !["nl", "en", "date", "easter", "if_sunday"].contains(&k.as_str()))
                {
                    return Err(format!("unknown key `{k}` in a holiday"));
                }
                let name = |k: &str| t.get(k).and_then(T::as_str).map(str::to_owned);
                let (Some(nl), Some(en)) = (name("nl"), name("en")) else {
                    return Err("each holiday needs `nl` and `en` names".into());
                };
                let rule = match (t.get("date"), t.get("easter")) {
                    (Some(T::String(md)), None) => {
                        let (m, d) = md
                            .split_once('-')
                            .ok_or_else(|| format!("{nl}: date must be MM-DD"))?;
                        let (Ok(month), Ok(day)) = (m.parse::<u32>(), d.parse::<u32>()) else {
                            return Err(format!("{nl}: date must be MM-DD, found {md:?}"));
                        };
                        if Date::from_ymd(2016, month, day).is_none() {
                            return Err(format!("{nl}: impossible date {md:?}"));
                        }
                        let if_sunday = match t.get("if_sunday") {
                            None => 0,
                            Some(T::Integer(n)) if (-6..=6).contains(n) => *n as i32,
                            Some(_) => return Err(format!("{nl}: if_sunday must be a shift of -6..6 days")),
                        };
                        Rule::Fixed {
                            month,
                            day,
                            if_sunday,
                        }
                    }
                    (None, Some(T::Integer(n))) if (-60..=60).contains(n) => Rule::Easter(*n as i32),
                    _ => {
                        return Err(format!(
                            "{nl}: give either date = \"MM-DD\" or easter = days (-60..60)"
                        ));
                    }
                };
                rules.push(HolidayRule { nl, en, rule });
            }
            Value::Holidays(Holidays::new(rules))
        }
    })
}
