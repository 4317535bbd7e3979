//! `terugkeer import`: an organisation's existing spreadsheet (CSV or XLSX) into its case files, through a
//! column-mapping file.
//!
//! - **Mapping** (TOML): `[columns]` maps a client field (`family_name`, `given_names`, `date_of_birth`,
//!   `v_number`, `nationality`, `country_of_return`, `languages`, `phone`, and the yes/no facts) to the
//!   sheet's column header; `[records]` may map `asylum_rejected_on` (a procedure event) and `caseworker`
//!   (a username to assign to); `[format] date = "dd-mm-yyyy"` (or `yyyy-mm-dd`, `dd/mm/yyyy`).
//! - **Dry run** (`--dry-run`): every row checked as the application checks a form; every problem listed as
//!   `row N, column "Header": message`; nothing written.
//! - **All or nothing**: without `--dry-run`, a file with any problem writes nothing; otherwise every new
//!   client goes in one transaction (each with its audit entry).
//! - **Re-import changes nothing**: a row whose V-number the organisation already has is skipped (and
//!   counted); rows without a V-number are always new, so a file without V-numbers should be imported once.
//!   Such a row whose filled-in cells differ from the stored client is named with its columns (never the
//!   values): a corrected sheet does not change the file without a word ([`report_differences`]).
//! - A progress bar on standard error (redrawn on a terminal, a line per tenth in a log) while the one
//!   transaction is written, 1,000 clients at a time.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use serde_json::{Map, Value};
use terugkeer_domain::ClientInput;
use terugkeer_domain::record::{ProcedureEventKind, Record};
use terugkeer_rules::Date;

use terugkeer_sheet::{Sheet, read_csv, read_xlsx};

use crate::{Failure, store_failure};

/// The mapping file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Client field → column header.
    pub columns: BTreeMap<String, String>,
    /// `asylum_rejected_on`, `caseworker` → column header.
    #[serde(default)]
    pub records: BTreeMap<String, String>,
    /// Formats.
    #[serde(default)]
    pub format: Format,
}

/// How the sheet writes things.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Format {
    /// `dd-mm-yyyy` (default), `yyyy-mm-dd` or `dd/mm/yyyy`.
    #[serde(default)]
    pub date: Option<String>,
}

const DATE_FIELDS: [&str; 2] = ["date_of_birth", "previously_supported_on"];
const BOOL_FIELDS: [&str; 7] = [
    "dublin_claimant",
    "criminal_record",
    "article_1f",
    "currently_participating",
    "medical_impediment",
    "deportable",
    "country_cooperates_with_forced_return",
];
const TEXT_FIELDS: [&str; 8] = [
    "family_name",
    "given_names",
    "v_number",
    "nationality",
    "country_of_return",
    "languages",
    "phone",
    "entry_ban",
];

/// One problem: row (1 = the header), column header, message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Row in the sheet (the header is row 1).
    pub row: usize,
    /// The column's header.
    pub column: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}, column {:?}: {}", self.row, self.column, self.message)
    }
}

fn date_in(raw: &str, format: &str) -> Option<Date> {
    let raw = raw.trim();
    // A date already in ISO form (an XLSX date cell) is taken as it is.
    if let Ok(d) = Date::parse(raw) {
        return Some(d);
    }
    let parts: Vec<&str> = raw.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else { return None };
    let iso = match format {
        "yyyy-mm-dd" => format!("{a}-{b:0>2}-{c:0>2}"),
        _ => format!("{c}-{b:0>2}-{a:0>2}"),
    };
    Date::parse(&iso).ok()
}

fn yes_no(raw: &str) -> Option<Option<bool>> {
    match raw.trim().to_lowercase().as_str() {
        "" | "onbekend" | "unknown" | "?" => Some(None),
        "ja" | "j" | "yes" | "y" | "true" | "1" => Some(Some(true)),
        "nee" | "n" | "no" | "false" | "0" => Some(Some(false)),
        _ => None,
    }
}

/// One row ready to store: the client, its records, and the caseworker's username if mapped.
#[derive(Debug, Clone)]
pub struct Row {
    /// The row in the sheet.
    pub line: usize,
    /// The client.
    pub input: ClientInput,
    /// Its records.
    pub records: Vec<Record>,
    /// The caseworker's username.
    pub caseworker: Option<String>,
}

/// Checks every row against the mapping, as the application checks a form; returns the rows that passed and
/// every problem (by row and column).
pub fn check(sheet: &Sheet, mapping: &Mapping, today: Date) -> (Vec<Row>, Vec<Problem>) {
    let mut problems = Vec::new();
    let format = mapping.format.date.as_deref().unwrap_or("dd-mm-yyyy");
    let col = |header: &str| {
        sheet
            .header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(header.trim()))
    };
    // The mapping itself: known fields, columns that exist.
    for (field, header) in mapping.columns.iter().chain(&mapping.records) {
        let known = DATE_FIELDS.contains(&field.as_str())
            || BOOL_FIELDS.contains(&field.as_str())
            || TEXT_FIELDS.contains(&field.as_str())
            || ["asylum_rejected_on", "caseworker"].contains(&field.as_str());
        if !known {
            problems.push(Problem {
                row: 1,
                column: header.clone(),
                message: format!("the mapping names an unknown field {field:?}"),
            });
        } else if col(header).is_none() {
            problems.push(Problem {
                row: 1,
                column: header.clone(),
                message: format!("no such column (mapped to {field})"),
            });
        }
    }
    if !problems.is_empty() {
        return (Vec::new(), problems);
    }
    let mut rows = Vec::new();
    for (i, cells) in sheet.rows.iter().enumerate() {
        let line = i + 2;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |header: &str| col(header).and_then(|c| cells.get(c)).map_or("", |s| s.trim());
        let mut obj = Map::new();
        let mut bad = false;
        // A NUL character cannot be stored by PostgreSQL; refused on both backends alike, naming the cell.
        for (c, text) in cells.iter().enumerate() {
            if text.contains('\0') {
                problems.push(Problem {
                    row: line,
                    column: sheet.header.get(c).cloned().unwrap_or_default(),
                    message: "contains a NUL character, which cannot be stored".to_owned(),
                });
                bad = true;
            }
        }
        for (field, header) in &mapping.columns {
            let raw = cell(header);
            let mut refuse = |message: String| {
                problems.push(Problem {
                    row: line,
                    column: header.clone(),
                    message,
                });
                bad = true;
            };
            if DATE_FIELDS.contains(&field.as_str()) {
                if raw.is_empty() {
                    continue;
                }
                match date_in(raw, format) {
                    Some(d) => {
                        obj.insert(field.clone(), Value::String(d.to_string()));
                    }
                    None => refuse(format!("{raw:?} is not a date ({format})")),
                }
            } else if BOOL_FIELDS.contains(&field.as_str()) {
                match yes_no(raw) {
                    Some(Some(b)) => {
                        obj.insert(field.clone(), Value::Bool(b));
                    }
                    Some(None) => {}
                    None => refuse(format!("{raw:?} is not ja, nee or empty")),
                }
            } else if !raw.is_empty() {
                let v = if field == "nationality" || field == "country_of_return" {
                    raw.to_uppercase()
                } else {
                    raw.to_owned()
                };
                obj.insert(field.clone(), Value::String(v));
            }
        }
        // A missing name is the validation's to name (family_name: is required), not the parser's.
        obj.entry("family_name")
            .or_insert_with(|| Value::String(String::new()));
        let input = match serde_json::from_value::<ClientInput>(Value::Object(obj)) {
            Ok(c) => c.validate(today),
            Err(e) => Err(terugkeer_domain::client::InputError::new(
                "row",
                terugkeer_rules::Problem::new("problem-json-value").with("detail", e.to_string()),
            )),
        };
        let input = match input {
            Ok(c) => Some(c),
            Err(e) => {
                let column = mapping
                    .columns
                    .get(e.field)
                    .cloned()
                    .unwrap_or_else(|| e.field.to_owned());
                problems.push(Problem {
                    row: line,
                    column,
                    message: terugkeer_text::Tr::english(&e.message),
                });
                None
            }
        };
        let mut records = Vec::new();
        if let Some(header) = mapping.records.get("asylum_rejected_on") {
            let raw = cell(header);
            if !raw.is_empty() {
                match date_in(raw, format) {
                    Some(on) if on <= today => records.push(Record::ProcedureEvent {
                        event: ProcedureEventKind::AsylumRejected,
                        on,
                        procedure_type: None,
                        voluntary_departure_days: None,
                    }),
                    Some(on) => {
                        problems.push(Problem {
                            row: line,
                            column: header.clone(),
                            message: format!("{on} lies in the future"),
                        });
                        bad = true;
                    }
                    None => {
                        problems.push(Problem {
                            row: line,
                            column: header.clone(),
                            message: format!("{raw:?} is not a date ({format})"),
                        });
                        bad = true;
                    }
                }
            }
        }
        let caseworker = mapping
            .records
            .get("caseworker")
            .map(|h| cell(h).to_owned())
            .filter(|s| !s.is_empty());
        if let (Some(input), false) = (input, bad) {
            rows.push(Row {
                line,
                input,
                records,
                caseworker,
            });
        }
    }
    // The same V-number twice in one file is a problem of the file.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let v_header = mapping.columns.get("v_number").cloned().unwrap_or_default();
    for r in &rows {
        if let Some(v) = &r.input.v_number
            && let Some(first) = seen.insert(v.clone(), r.line)
        {
            problems.push(Problem {
                row: r.line,
                column: v_header.clone(),
                message: format!("V-number {v} also in row {first}"),
            });
        }
    }
    (rows, problems)
}

/// `terugkeer import --db URL --organisation ID --mapping FILE [--dry-run] FILE`.
pub fn import(
    url: &str,
    organisation: i64,
    mapping: &Path,
    file: &Path,
    dry_run: bool,
) -> Result<(), Failure> {
    let mapping_text = std::fs::read_to_string(mapping)
        .map_err(|e| Failure::Invalid(format!("--mapping: {}: {e}", mapping.display())))?;
    let mapping: Mapping = toml::from_str(&mapping_text)
        .map_err(|e| Failure::Invalid(format!("--mapping: {}", e.to_string().replace('\n', " "))))?;
    let is_xlsx = file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let bytes = std::fs::read(file).map_err(|e| Failure::Invalid(format!("{}: {e}", file.display())))?;
    let sheet = if is_xlsx {
        read_xlsx(&bytes)
    } else {
        read_csv(&bytes)
    }
    .map_err(|e| Failure::Invalid(format!("{}: {e}", file.display())))?;
    let now = crate::clock::now();
    let today = terugkeer_store::day_of(now);
    let (rows, problems) = check(&sheet, &mapping, today);
    let rt = crate::current_thread()?;
    rt.block_on(async {
        let store = terugkeer_store::Store::connect(url, false)
            .await
            .map_err(store_failure)?;
        let store = crate::key_cmd::attach(store, !dry_run).await?;
        let t = store.tenant(organisation).await.map_err(|_| {
            Failure::Invalid(format!("--organisation: there is no organisation {organisation}"))
        })?;
        let a = store.org_access(t);
        // Caseworkers by username, and the V-numbers already on file (re-import changes nothing).
        let mut problems = problems;
        let users: HashMap<String, i64> = store
            .users(t)
            .await
            .map_err(store_failure)?
            .into_iter()
            .filter(|u| u.role == "caseworker" || u.role == "coordinator")
            .map(|u| (u.username, u.id))
            .collect();
        let known: HashSet<String> = store.v_numbers(&a).await.map_err(store_failure)?;
        let cw_header = mapping.records.get("caseworker").cloned().unwrap_or_default();
        let mut new = Vec::new();
        let mut skipped = 0usize;
        for r in &rows {
            if r.input.v_number.as_ref().is_some_and(|v| known.contains(v)) {
                skipped += 1;
                continue;
            }
            let assigned = match &r.caseworker {
                None => None,
                Some(name) => match users.get(name) {
                    Some(id) => Some(*id),
                    None => {
                        problems.push(Problem {
                            row: r.line,
                            column: cw_header.clone(),
                            message: format!("no caseworker {name:?} in this organisation"),
                        });
                        continue;
                    }
                },
            };
            new.push((r, assigned));
        }
        problems.sort_by_key(|p| p.row);
        for p in &problems {
            println!("{p}");
        }
        let differ = report_differences(&store, &a, &rows, &known, &mapping).await?;
        if dry_run || !problems.is_empty() {
            let verdict = if problems.is_empty() {
                "dry run: nothing written"
            } else {
                "nothing written: fix the problems above and import again"
            };
            println!(
                "{} rows: {} new, {} already on file (by V-number{}), {} problems — {verdict}",
                sheet.rows.len(),
                new.len(),
                skipped,
                differing(differ),
                problems.len()
            );
            return if problems.is_empty() {
                Ok(())
            } else {
                Err(Failure::Invalid(format!(
                    "{} problems in {}",
                    problems.len(),
                    file.display()
                )))
            };
        }
        let cases: Vec<terugkeer_store::NewCase<'_>> = new
            .iter()
            .map(|(r, assigned)| terugkeer_store::NewCase {
                client: &r.input,
                records: &r.records,
                assigned_to: *assigned,
                history: None,
            })
            .collect();
        let mut bar = crate::progress_bar::Bar::new("clients", cases.len() as u64);
        let ids = store
            .load_cases_with(&a, &cases, now, &mut |done| bar.set(done as u64))
            .await
            .map_err(store_failure)?;
        bar.finish();
        println!(
            "imported {} new clients; {} already on file (by V-number{}) left as they were",
            ids.len(),
            skipped,
            differing(differ)
        );
        if !ids.is_empty() {
            // The planner's statistics still describe the table before the load: after a first import into a
            // new database SQLite took the client table for one row and scanned all of it where an index
            // would do (a re-import's comparison of 1,000,000 rows ran for 518 s instead of seconds). As
            // `generate` and `reassess --all` do.
            let started = std::time::Instant::now();
            store.analyze().await.map_err(store_failure)?;
            println!("statistics refreshed in {:.1} s", started.elapsed().as_secs_f64());
        }
        Ok(())
    })
}

/// The summary's `", N of them with other values in the sheet, listed above"`, when some rows differ.
fn differing(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(", {n} of them with other values in the sheet, listed above")
    }
}

/// The rows already on file whose filled-in mapped cells say something else than the stored client: one line
/// each, naming the row, the V-number and the columns — never the values, stored or new (the file may hold
/// special-category data the person running the import may not see). An import creates and never overwrites, so a corrected sheet
/// would otherwise change nothing without a word; the caseworker changes the file in the application. Returns how
/// many rows differ.
async fn report_differences(
    store: &terugkeer_store::Store,
    a: &terugkeer_store::Access,
    rows: &[Row],
    known: &HashSet<String>,
    mapping: &Mapping,
) -> Result<usize, Failure> {
    let on_file: Vec<&Row> = rows
        .iter()
        .filter(|r| r.input.v_number.as_ref().is_some_and(|v| known.contains(v)))
        .collect();
    if on_file.is_empty() {
        return Ok(0);
    }
    let mut differ = 0;
    // A chunk at a time, so that a re-import of a million rows holds 500 stored clients, not a million.
    for chunk in on_file.chunks(500) {
        let wanted: Vec<String> = chunk.iter().filter_map(|r| r.input.v_number.clone()).collect();
        let stored = match store.clients_by_v_number(a, &wanted).await {
            Ok(clients) => clients,
            // A dry run may be made where the key is not (it writes nothing, and needs no key for new rows):
            // the rows on file are then not compared, and the output says so.
            Err(terugkeer_store::StoreError::NoKey) => {
                println!(
                    "rows already on file not compared with the stored clients: no encryption key (give \
                     --key-file or TERUGKEER_KEY to compare)"
                );
                return Ok(differ);
            }
            Err(e) => return Err(store_failure(e)),
        };
        let stored: HashMap<String, Value> = stored
            .into_iter()
            .filter_map(|c| {
                let v = c.data.v_number.clone()?;
                Some((v, serde_json::to_value(&c.data).ok()?))
            })
            .collect();
        for r in chunk {
            let (Some(v), Ok(sheet)) = (&r.input.v_number, serde_json::to_value(&r.input)) else {
                continue;
            };
            let Some(file) = stored.get(v) else { continue };
            let columns: Vec<String> = mapping
                .columns
                .iter()
                .filter(|(field, _)| {
                    // An empty cell says nothing (the file may have gained a phone number since the sheet).
                    let said = sheet
                        .get(field.as_str())
                        .filter(|v| !v.is_null() && v.as_str() != Some(""));
                    said.is_some() && said != file.get(field.as_str())
                })
                .map(|(_, header)| format!("{header:?}"))
                .collect();
            if !columns.is_empty() {
                differ += 1;
                let noun = if columns.len() == 1 { "column" } else { "columns" };
                println!(
                    "row {}: V-number {v} is on file with other values in {noun} {} — left as it is (an import \
                     never overwrites; change the file in the application)",
                    r.line,
                    columns.join(", ")
                );
            }
        }
    }
    Ok(differ)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn mapping() -> Mapping {
        toml::from_str(
            r#"
            [columns]
            family_name = "Achternaam"
            given_names = "Voornamen"
            date_of_birth = "Geboortedatum"
            v_number = "V-nummer"
            country_of_return = "Land"
            criminal_record = "Antecedenten"
            [records]
            asylum_rejected_on = "Afwijzing"
            [format]
            date = "dd-mm-yyyy"
            "#,
        )
        .unwrap()
    }

    #[test]
    fn every_problem_by_row_and_column() {
        let csv = "\u{feff}Achternaam;Voornamen;Geboortedatum;V-nummer;Land;Antecedenten;Afwijzing\n\
                   Haidari;Ali;01-02-1990;1234567890;af;nee;02-05-2016\n\
                   ;Zonder;01-02-1990;;IQ;;\n\
                   Karimi;Sara;31-02-1990;123;IR;misschien;morgen\n\
                   Dubbel;Een;01-01-1980;1234567890;SY;ja;\n";
        let sheet = read_csv(csv.as_bytes()).unwrap();
        let (rows, problems) = check(&sheet, &mapping(), Date::parse("2026-11-29").unwrap());
        let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            said.iter().any(|p| p.starts_with("row 3, column \"Achternaam\"")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|p| p.starts_with("row 4, column \"Geboortedatum\"")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|p| p.starts_with("row 4, column \"Antecedenten\"")),
            "{said:?}"
        );
        assert!(
            said.iter().any(|p| p.starts_with("row 4, column \"Afwijzing\"")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|p| p.starts_with("row 5, column \"V-nummer\"") && p.contains("row 2")),
            "{said:?}"
        );
        let first = &rows[0];
        assert_eq!(first.input.family_name, "Haidari");
        assert_eq!(
            first.input.date_of_birth,
            Some(Date::parse("1990-02-01").unwrap())
        );
        assert_eq!(first.input.criminal_record, Some(false));
        assert_eq!(first.records.len(), 1);
    }

    #[test]
    fn a_mapping_to_a_missing_column_or_field_is_refused() {
        let sheet = read_csv(b"Naam,Voornaam\nA,B\n").unwrap();
        let (_, problems) = check(&sheet, &mapping(), Date::parse("2026-11-29").unwrap());
        assert!(problems.iter().all(|p| p.row == 1));
        assert!(problems.iter().any(|p| p.column == "Achternaam"));
    }
}
