//! Retention: a closed file is anonymised once the period in force (`retention_months` in `policy/`, 12 now)
//! has passed after its last monitoring moment — for a departure, the last of the policy's monitoring months
//! after the departure day; otherwise the closing day. Anonymising removes what identifies the person (names,
//! date of birth, V-number, phone, languages, the sealed special categories, free text in the records,
//! household members' names and birth dates, shares) and keeps what reports count (organisation, status,
//! setting, stage, project, nationality, country of return, the kinds and dates of events, amounts). It is
//! recorded in the audit trail. The audit trail's own entries keep their content (see `docs/decisions.md`).

use jiff::Timestamp;
use serde_json::{Value, json};
use terugkeer_domain::{ClientInput, Record};
use terugkeer_rules::Date;
use terugkeer_rules::policy::ParamId;

use crate::audit::Event;
use crate::{Store, StoreError, corrupt, ts};

/// A closed file whose retention period has passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The client.
    pub client_id: i64,
    /// Their organisation.
    pub organisation_id: i64,
    /// How the case closed.
    pub outcome: String,
    /// The closing day.
    pub closed_on: Date,
    /// The last monitoring moment (the closing day without a departure).
    pub last_moment: Date,
    /// The day anonymisation became due.
    pub due: Date,
}

/// Record fields holding free text or what identifies a person (emptied), and dates that do (removed).
const PERSONAL: [&str; 5] = ["notes", "goals", "reason", "destination", "name"];
const PERSONAL_DATES: [&str; 1] = ["date_of_birth"];

/// The free text kept beside the records — a registration's note, a request's reason, a monitoring
/// conversation's answers in words, an in-kind item's supplier, receipt and note — emptied in the same way;
/// the coded parts (status, dates, categories, amounts, scores) stay for the counts reports need.
const BESIDE: [(&str, &[&str]); 4] = [
    ("verification", &["note"]),
    ("extension_request", &["reason"]),
    (
        "monitoring_visit",
        &[
            "factors",
            "prospects",
            "appreciation_motivation",
            "worked",
            "not_worked",
        ],
    ),
    ("in_kind_item", &["supplier", "receipt", "note"]),
];

/// Empties `keys` of a JSON object (text), leaving every other field.
fn emptied(data: &str, keys: &[&str]) -> Result<String, StoreError> {
    let mut v: Value = serde_json::from_str(data).map_err(corrupt)?;
    if let Value::Object(m) = &mut v {
        for k in keys {
            if m.contains_key(*k) {
                m.insert((*k).into(), Value::String(String::new()));
            }
        }
    }
    Ok(v.to_string())
}

/// The name an anonymised client is shown by.
const ANONYMOUS: &str = "Geanonimiseerd";

impl Store {
    /// The closed, not yet anonymised files whose retention period has passed on `today`: after
    /// `months` (else the policy's `retention_months` in force on `today`) from the last monitoring moment.
    pub async fn retention_due(&self, today: Date, months: Option<u32>) -> Result<Vec<Due>, StoreError> {
        let months = match months {
            Some(m) => m,
            None => self
                .policy
                .at(today)
                .ok()
                .and_then(|p| p.int(ParamId::RetentionMonths).value)
                .ok_or_else(|| StoreError::Policy(format!("no retention period in force on {today}")))?,
        };
        let sql = "SELECT c.id, c.organisation_id, r.data FROM client c JOIN record r ON r.client_id = c.id \
                   AND r.kind = 'closure' WHERE c.status = 'closed' AND c.anonymised_at IS NULL ORDER BY c.id";
        let rows: Vec<(i64, i64, String)> = on_pool!(self, p => sqlx::query_as(sql).fetch_all(p).await?);
        let mut out = Vec::new();
        for (client_id, organisation_id, data) in rows {
            let Record::Closure { outcome, on, .. } = serde_json::from_str(&data).map_err(corrupt)? else {
                continue;
            };
            let outcome = serde_json::to_value(outcome)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            // Monitoring follows a departure only, by the policy in force on the day of it.
            let last = if outcome == "departed" {
                self.policy
                    .at(on)
                    .ok()
                    .and_then(|p| {
                        p.months(ParamId::MonitoringMonths)
                            .value
                            .and_then(|m| m.iter().max().copied())
                    })
                    .map_or(on, |m| on.add_months(m as i32))
            } else {
                on
            };
            let due = last.add_months(months as i32);
            if due <= today {
                out.push(Due {
                    client_id,
                    organisation_id,
                    outcome,
                    closed_on: on,
                    last_moment: last,
                    due,
                });
            }
        }
        Ok(out)
    }

    /// Anonymises the files in `due`, all in one transaction, each entered in the audit trail. Returns how
    /// many were anonymised (a file anonymised meanwhile is skipped).
    pub async fn anonymise(&self, due: &[Due], now: Timestamp) -> Result<usize, StoreError> {
        let mut done = 0;
        on_pool!(self, p => {
            let mut tx = begin_write!(p);
            for d in due {
                let data: Option<String> = sqlx::query_scalar(
                    "SELECT data FROM client WHERE id = $1 AND anonymised_at IS NULL")
                    .bind(d.client_id).fetch_optional(&mut *tx).await?;
                let Some(data) = data else { continue };
                let old = self.open_data(&data)?;
                let kept = ClientInput {
                    family_name: ANONYMOUS.into(),
                    nationality: old.nationality,
                    country_of_return: old.country_of_return,
                    ..ClientInput::default()
                };
                let sealed = self.seal_data(&kept)?;
                sqlx::query("UPDATE client SET family_name = $1, given_names = '', date_of_birth = NULL, \
                             v_number = NULL, data = $2, family_key = $3, given_key = '', anonymised_at = $4, \
                             version = version + 1, updated_at = $4 WHERE id = $5")
                    .bind(ANONYMOUS).bind(&sealed).bind(ANONYMOUS.to_lowercase()).bind(ts(now)).bind(d.client_id)
                    .execute(&mut *tx).await?;
                let records: Vec<(i64, String)> = sqlx::query_as("SELECT id, data FROM record WHERE client_id = $1")
                    .bind(d.client_id).fetch_all(&mut *tx).await?;
                for (rid, rdata) in records {
                    let mut v: Value = serde_json::from_str(&rdata).map_err(corrupt)?;
                    if let Value::Object(m) = &mut v {
                        for k in PERSONAL {
                            if m.contains_key(k) {
                                m.insert(k.into(), Value::String(String::new()));
                            }
                        }
                        for k in PERSONAL_DATES {
                            if m.contains_key(k) {
                                m.insert(k.into(), Value::Null);
                            }
                        }
                    }
                    sqlx::query("UPDATE record SET data = $1, version = version + 1, updated_at = $2 WHERE id = $3")
                        .bind(v.to_string()).bind(ts(now)).bind(rid).execute(&mut *tx).await?;
                }
                sqlx::query("DELETE FROM client_share WHERE client_id = $1").bind(d.client_id)
                    .execute(&mut *tx).await?;
                for (table, keys) in BESIDE {
                    let select = format!("SELECT id, data FROM {table} WHERE client_id = $1");
                    let rows: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(select))
                        .bind(d.client_id).fetch_all(&mut *tx).await?;
                    let update = format!("UPDATE {table} SET data = $1 WHERE id = $2");
                    for (id, data) in rows {
                        sqlx::query(sqlx::AssertSqlSafe(update.clone())).bind(emptied(&data, keys)?).bind(id)
                            .execute(&mut *tx).await?;
                    }
                }
                // Receipts are scans of the person's purchases: gone with the rest.
                sqlx::query("DELETE FROM attachment WHERE client_id = $1").bind(d.client_id)
                    .execute(&mut *tx).await?;
                // A report's text is all words about the person; its period, status and basis stay.
                sqlx::query("UPDATE progress_report SET body = '' WHERE client_id = $1").bind(d.client_id)
                    .execute(&mut *tx).await?;
                let ev = Event {
                    organisation_id: d.organisation_id,
                    action: "anonymise",
                    entity: "client",
                    entity_id: Some(d.client_id),
                    client_id: Some(d.client_id),
                    detail: json!({"closed_on": d.closed_on.to_string(), "last_moment": d.last_moment.to_string(),
                                   "due": d.due.to_string()}),
                };
                audit!(tx, None, now, ev);
                done += 1;
            }
            tx.commit().await?;
        });
        Ok(done)
    }
}
