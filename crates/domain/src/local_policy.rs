//! An organisation's own dated policy values, as a coordinator hands them over: a policy file (TOML, tables of
//! `values` only — see `terugkeer_rules::policy::load`) or a sheet (CSV or XLSX, one row per value and one row
//! per country of a list). A sheet becomes the same TOML, written line by line so that every problem the
//! policy loader finds points back to the row it came from ([`Converted::row_of`]).
//!
//! The sheet's columns, by header (Dutch or English, any order): `parameter`, `vanaf`/`from`,
//! `waarde`/`value`, `naam`/`name` (a country's name), `bron`/`citation`, `vindplaats`/`source`,
//! `zekerheid`/`confidence`, `opmerking`/`note`. Rows with the same parameter and date form one value: for a
//! country list, one row per country; citation, source and confidence are taken from the first row that
//! has them. A value `onbekend`/`unknown` declares the value unknown from that date.

use std::collections::BTreeMap;

use terugkeer_rules::policy::{ParamId, Unit};
use terugkeer_rules::{Date, Problem};

/// The formats a coordinator may hand over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A policy file.
    Toml,
    /// A sheet as CSV.
    Csv,
    /// A sheet as XLSX.
    Xlsx,
}

impl Format {
    /// Its stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Toml => "toml",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    /// The format of a stored or typed name.
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "toml" => Some(Format::Toml),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// The most values (rows) a sheet may hold: every country twice over, and every parameter many times.
pub const MAX_ROWS: usize = 5_000;

/// The most bytes of a policy file or sheet as text.
pub const MAX_BYTES: usize = 1024 * 1024;

/// A sheet written as a policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// The policy file.
    pub toml: String,
    /// For each of its lines (0-based), the sheet row it came from (1 = the header).
    lines: Vec<usize>,
}

impl Converted {
    /// The sheet row of a line of the policy file (1-based, as the loader reports it); `line` itself when the
    /// text was a policy file to begin with.
    pub fn row_of(&self, line: usize) -> usize {
        line.checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .copied()
            .unwrap_or(line)
    }

    /// A policy file taken as it is (every line its own row).
    pub fn toml(text: &str) -> Converted {
        Converted {
            toml: text.to_owned(),
            lines: Vec::new(),
        }
    }
}

/// A problem on a row of the sheet (or a line of the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The row (1 = the header), or the line.
    pub row: usize,
    /// What is wrong.
    pub problem: Problem,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Col {
    Parameter,
    From,
    Value,
    Name,
    Citation,
    Source,
    Confidence,
    Note,
}

fn column(header: &str) -> Option<Col> {
    Some(match header.trim().to_lowercase().as_str() {
        "parameter" => Col::Parameter,
        "vanaf" | "from" => Col::From,
        "waarde" | "value" | "code" => Col::Value,
        "naam" | "name" | "land" => Col::Name,
        "bron" | "citation" => Col::Citation,
        "vindplaats" | "source" => Col::Source,
        "zekerheid" | "confidence" => Col::Confidence,
        "opmerking" | "note" => Col::Note,
        _ => return None,
    })
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A date as a sheet may write it: `2026-11-01`, `1-11-2026`, `01/11/2026`, `1.11.2026`.
fn date(raw: &str) -> Option<Date> {
    let raw = raw.trim();
    if let Ok(d) = Date::parse(raw) {
        return Some(d);
    }
    let parts: Vec<&str> = raw.split(['-', '/', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    Date::parse(&format!("{y}-{m:0>2}-{d:0>2}")).ok()
}

/// An amount as a sheet may write it: `2000`, `1.250,50`, `1250.50`, `€ 1.250`.
fn amount(raw: &str) -> Option<String> {
    let t: String = raw
        .trim()
        .trim_start_matches('€')
        .trim_start_matches("EUR")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let t = if t.contains(',') {
        t.replace('.', "").replace(',', ".")
    } else if t.matches('.').count() == 1 && t.rsplit('.').next().is_some_and(|d| d.len() == 3) {
        // "1.250": a thousands point, as Dutch writes it.
        t.replace('.', "")
    } else {
        t
    };
    let ok = !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.matches('.').count() <= 1
        && !t.starts_with('.');
    ok.then_some(t)
}

/// A value cell written as TOML for `unit`, or the problem.
fn value(unit: Unit, raw: &str) -> Result<String, Problem> {
    let t = raw.trim();
    let wrong = || Problem::new("problem-local-policy-value").with("value", t);
    match unit {
        Unit::Days | Unit::Weeks | Unit::Years | Unit::Count => {
            t.parse::<u32>().map(|n| n.to_string()).map_err(|_| wrong())
        }
        Unit::Eur => amount(t).ok_or_else(wrong),
        Unit::Bool | Unit::Rule => match t.to_lowercase().as_str() {
            "ja" | "yes" | "true" | "waar" => Ok("true".into()),
            "nee" | "no" | "false" | "onwaar" => Ok("false".into()),
            _ => Err(wrong()),
        },
        Unit::Text => Ok(quoted(t)),
        Unit::MonthsList => {
            let months: Result<Vec<u32>, _> = t
                .split([',', ';', ' '])
                .filter(|s| !s.is_empty())
                .map(str::parse::<u32>)
                .collect();
            match months {
                Ok(m) if !m.is_empty() => Ok(format!(
                    "[{}]",
                    m.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
                )),
                _ => Err(wrong()),
            }
        }
        // Lists of structured entries: a policy file says them better than a sheet.
        Unit::Countries | Unit::Holidays | Unit::Roles | Unit::Procedures => {
            Err(Problem::new("problem-local-policy-use-toml"))
        }
    }
}

struct Group {
    param: ParamId,
    from: Date,
    first_row: usize,
    /// (row, cell) per row of the group.
    values: Vec<(usize, String, String)>,
    citation: Option<String>,
    source: Option<String>,
    confidence: Option<(usize, String)>,
    note: Option<String>,
}

/// A sheet (header and rows as text) written as a policy file, or every problem by row.
pub fn from_sheet(header: &[String], rows: &[Vec<String>]) -> Result<Converted, Vec<RowProblem>> {
    let (converted, problems) = from_sheet_partial(header, rows);
    if problems.is_empty() {
        Ok(converted)
    } else {
        Err(problems)
    }
}

/// A sheet written as a policy file without the rows (and values) that could not be read, and the problems of
/// those: the loader can then check the rest, and a person sees every problem at once.
pub fn from_sheet_partial(header: &[String], rows: &[Vec<String>]) -> (Converted, Vec<RowProblem>) {
    let mut problems = Vec::new();
    let cols: Vec<Option<Col>> = header.iter().map(|h| column(h)).collect();
    for need in [Col::Parameter, Col::From, Col::Value] {
        if !cols.contains(&Some(need)) {
            let name = match need {
                Col::Parameter => "parameter",
                Col::From => "vanaf",
                _ => "waarde",
            };
            problems.push(RowProblem {
                row: 1,
                problem: Problem::new("problem-local-policy-column").with("column", name),
            });
        }
    }
    if rows.len() > MAX_ROWS {
        problems.push(RowProblem {
            row: MAX_ROWS + 2,
            problem: Problem::new("problem-local-policy-rows").with("max", MAX_ROWS),
        });
    }
    let empty = Converted {
        toml: String::new(),
        lines: Vec::new(),
    };
    if !problems.is_empty() {
        return (empty, problems);
    }
    let cell = |r: &[String], c: Col| -> String {
        cols.iter()
            .position(|x| *x == Some(c))
            .and_then(|i| r.get(i))
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };
    let mut groups: Vec<Group> = Vec::new();
    let mut index: BTreeMap<(usize, Date), usize> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        let row = i + 2;
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let key = cell(r, Col::Parameter);
        let Some(param) = ParamId::from_key(&key) else {
            problems.push(RowProblem {
                row,
                problem: Problem::new("problem-local-policy-parameter").with("name", key),
            });
            continue;
        };
        let raw_from = cell(r, Col::From);
        let Some(from) = date(&raw_from) else {
            problems.push(RowProblem {
                row,
                problem: Problem::new("problem-local-policy-date").with("value", raw_from),
            });
            continue;
        };
        let g = *index.entry((param as usize, from)).or_insert_with(|| {
            groups.push(Group {
                param,
                from,
                first_row: row,
                values: Vec::new(),
                citation: None,
                source: None,
                confidence: None,
                note: None,
            });
            groups.len() - 1
        });
        let group = &mut groups[g];
        let fill = |slot: &mut Option<String>, v: String| {
            if slot.is_none() && !v.is_empty() {
                *slot = Some(v);
            }
        };
        fill(&mut group.citation, cell(r, Col::Citation));
        fill(&mut group.source, cell(r, Col::Source));
        fill(&mut group.note, cell(r, Col::Note));
        let conf = cell(r, Col::Confidence);
        if group.confidence.is_none() && !conf.is_empty() {
            group.confidence = Some((row, conf.to_uppercase()));
        }
        group.values.push((row, cell(r, Col::Value), cell(r, Col::Name)));
    }
    let mut out = empty;
    let line = |out: &mut Converted, row: usize, text: String| {
        out.toml.push_str(&text);
        out.toml.push('\n');
        out.lines.push(row);
    };
    for g in &groups {
        let key = g.param.key();
        let unit = g.param.spec().unit;
        let unknown =
            g.values.len() == 1 && matches!(g.values[0].1.to_lowercase().as_str(), "onbekend" | "unknown");
        // A single value is read before anything is written: a row that cannot be read is left out whole.
        let single = if unknown || unit == Unit::Countries {
            None
        } else if let Some((row, _, _)) = g.values.get(1) {
            problems.push(RowProblem {
                row: *row,
                problem: Problem::new("problem-local-policy-twice")
                    .with("name", key)
                    .with("from", g.from),
            });
            continue;
        } else {
            match value(unit, &g.values[0].1) {
                Ok(v) => Some(v),
                Err(p) => {
                    problems.push(RowProblem {
                        row: g.first_row,
                        problem: p,
                    });
                    continue;
                }
            }
        };
        line(&mut out, g.first_row, format!("[[{key}.values]]"));
        line(&mut out, g.first_row, format!("from = {}", g.from));
        if unknown {
            line(&mut out, g.first_row, "unknown = true".into());
        } else if let Some(v) = single {
            line(&mut out, g.first_row, format!("value = {v}"));
        } else {
            line(&mut out, g.first_row, "value = [".into());
            for (row, code, name) in &g.values {
                if code.is_empty() {
                    // An empty list: a header row for the date without countries.
                    continue;
                }
                let entry = if name.is_empty() {
                    format!("  {{ code = {} }},", quoted(&code.to_uppercase()))
                } else {
                    format!(
                        "  {{ code = {}, name = {} }},",
                        quoted(&code.to_uppercase()),
                        quoted(name)
                    )
                };
                line(&mut out, *row, entry);
            }
            line(&mut out, g.first_row, "]".into());
        }
        for (name, v) in [
            ("citation", &g.citation),
            ("source", &g.source),
            ("note", &g.note),
        ] {
            if let Some(v) = v {
                line(&mut out, g.first_row, format!("{name} = {}", quoted(v)));
            }
        }
        if let Some((row, c)) = &g.confidence {
            line(&mut out, *row, format!("confidence = {}", quoted(c)));
        }
        line(&mut out, g.first_row, String::new());
    }
    (out, problems)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn a_country_list_becomes_one_value_with_a_line_per_country() {
        let header = s(&[
            "parameter",
            "vanaf",
            "waarde",
            "naam",
            "bron",
            "vindplaats",
            "zekerheid",
        ]);
        let rows = vec![
            s(&[
                "included_countries",
                "1-11-2026",
                "af",
                "Afghanistan",
                "Lijst",
                "Brief",
                "s",
            ]),
            s(&["included_countries", "2026-11-01", "IQ", "Irak", "", "", ""]),
            s(&[
                "in_kind_max_eur_adult",
                "01-08-2023",
                "2.000,00",
                "",
                "Afspraak",
                "Besluit",
                "U",
            ]),
        ];
        let c = from_sheet(&header, &rows).unwrap();
        assert!(
            c.toml.contains("{ code = \"AF\", name = \"Afghanistan\" },"),
            "{}",
            c.toml
        );
        assert!(c.toml.contains("value = 2000.00"), "{}", c.toml);
        assert!(c.toml.contains("confidence = \"S\""), "{}", c.toml);
        // The line of Irak is row 3 of the sheet.
        let iraq = c.toml.lines().position(|l| l.contains("\"IQ\"")).unwrap() + 1;
        assert_eq!(c.row_of(iraq), 3);
        let policy = terugkeer_rules::policy::builtin().unwrap();
        let loaded = policy.with_local("org.toml", &c.toml).unwrap();
        assert_eq!(
            loaded
                .param(ParamId::IncludedCountries)
                .values
                .last()
                .unwrap()
                .file,
            "org.toml"
        );
        // A code the loader refuses points back to its row.
        let rows = vec![
            s(&[
                "included_countries",
                "2026-11-01",
                "AF",
                "",
                "Lijst",
                "Brief",
                "S",
            ]),
            s(&[
                "included_countries",
                "2026-11-01",
                "ZZ",
                "Nergensland",
                "",
                "",
                "",
            ]),
        ];
        let c = from_sheet(&header, &rows).unwrap();
        let e = policy.with_local("org.toml", &c.toml).unwrap_err();
        assert_eq!(e.0.len(), 1, "{e}");
        assert_eq!(c.row_of(e.0[0].line), 3, "{e}");
    }

    #[test]
    fn every_problem_names_its_row() {
        let header = s(&["parameter", "from", "value"]);
        let rows = vec![
            s(&["no_such", "2026-01-01", "1"]),
            s(&["vbl_weeks", "31-02-2026", "1"]),
            s(&["vbl_weeks", "2026-01-01", "twaalf"]),
        ];
        let e = from_sheet(&header, &rows).unwrap_err();
        let rows: Vec<(usize, &str)> = e.iter().map(|p| (p.row, p.problem.id)).collect();
        assert_eq!(
            rows,
            vec![
                (2, "problem-local-policy-parameter"),
                (3, "problem-local-policy-date"),
                (4, "problem-local-policy-value")
            ],
            "every row's problem at once"
        );
        let e = from_sheet(&header, &[s(&["vbl_weeks", "2026-01-01", "twaalf"])]).unwrap_err();
        assert_eq!((e[0].row, e[0].problem.id), (2, "problem-local-policy-value"));
        let e = from_sheet(&s(&["parameter", "waarde"]), &[]).unwrap_err();
        assert_eq!(
            e[0].problem.arg("column"),
            Some(&terugkeer_rules::problem::Arg::Text("vanaf".into()))
        );
    }

    #[test]
    fn amounts_as_people_write_them() {
        assert_eq!(amount("1.250,50").as_deref(), Some("1250.50"));
        assert_eq!(amount("€ 1.250").as_deref(), Some("1250"));
        assert_eq!(amount("1250.5").as_deref(), Some("1250.5"));
        assert_eq!(amount("-3"), None);
        assert_eq!(amount("abc"), None);
    }
}
