//! The summary columns of a client (setting, stage, project, eligibility, nearest deadline, search keys),
//! computed by `terugkeer_domain::summary` and written in the same transaction as the change that moved
//! them. [`Store::refresh_summaries`] rewrites them for every client computed under another policy.

use jiff::Timestamp;
use terugkeer_domain::summary::{Stage, eligibility_code, summarise};
use terugkeer_domain::verification::Verification;
use terugkeer_domain::{ClientInput, Record};
use terugkeer_rules::Date;

use crate::{Store, StoreError, corrupt, day_of};

/// The values of the summary columns.
#[derive(Debug, Clone)]
pub(crate) struct Cols {
    pub family_key: String,
    pub given_key: String,
    pub setting: Option<&'static str>,
    pub stage: &'static str,
    pub project: Option<String>,
    pub eligible: Option<i64>,
    pub next_deadline: Option<String>,
    pub next_deadline_kind: Option<&'static str>,
    pub policy: String,
    /// The next progress report's period (first and last day) while a trajectory runs.
    pub report_from: Option<String>,
    pub report_due: Option<String>,
}

/// The search key of a name: lowercase, single spaces.
pub(crate) fn key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The exclusive upper bound of the keys that start with `prefix` (byte order, as both backends compare
/// these columns).
pub(crate) fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

impl Store {
    pub(crate) fn summary_cols(
        &self,
        input: &ClientInput,
        records: &[Record],
        closed: bool,
        last_sent: Option<Date>,
        verification: Option<&Verification>,
        now: Timestamp,
    ) -> Cols {
        let s = summarise(input, records, closed, &self.policy, day_of(now), verification);
        // The report owed: only while a trajectory runs (as the dashboard and calendar count them).
        let report = (s.stage == Stage::Trajectory && !closed)
            .then(|| self.next_period_of_records(records, last_sent))
            .flatten();
        Cols {
            family_key: key(&input.family_name),
            given_key: key(&input.given_names),
            setting: s.setting.map(|s| s.as_str()),
            stage: s.stage.as_str(),
            project: s.project,
            eligible: eligibility_code(s.eligible, s.indication),
            next_deadline: s.next_deadline.map(|(d, _)| d.to_string()),
            next_deadline_kind: s.next_deadline.map(|(_, k)| k.as_str()),
            policy: self.policy.hash().to_owned(),
            report_from: report.map(|p| p.start.to_string()),
            report_due: report.map(|p| p.end.to_string()),
        }
    }

    /// Reads a client's file inside a transaction and computes its summary.
    pub(crate) fn cols_from_rows(
        &self,
        data: &str,
        status: &str,
        records: &[String],
        last_sent: Option<&str>,
        verifications: &[String],
        now: Timestamp,
    ) -> Result<Cols, StoreError> {
        let input: ClientInput = self.open_data(data)?;
        let records = records
            .iter()
            .map(|r| serde_json::from_str::<Record>(r))
            .collect::<Result<Vec<_>, _>>()
            .map_err(corrupt)?;
        let last_sent = last_sent
            .map(Date::parse)
            .transpose()
            .map_err(|e| corrupt(format!("sent report period: {e}")))?;
        let verification = latest_answered(verifications)?;
        Ok(self.summary_cols(
            &input,
            &records,
            status == "closed",
            last_sent,
            verification.as_ref(),
            now,
        ))
    }

    /// Recomputes the summary of every client computed under another policy than the store's (all of them
    /// when `all`), in batches of one transaction each. Returns how many were rewritten. `serve` runs it at
    /// start-up, so a new policy reorders the dashboard without a migration.
    pub async fn refresh_summaries(&self, all: bool, now: Timestamp) -> Result<u64, StoreError> {
        let hash = self.policy.hash().to_owned();
        let mut after = 0i64;
        let mut done = 0u64;
        loop {
            let batch = "SELECT id, data, status FROM client WHERE id > $1 AND ($2 OR summary_policy <> $3) \
                         ORDER BY id LIMIT 500";
            let rows: Vec<(i64, String, String)> = on_pool!(self, p => sqlx::query_as(batch)
                .bind(after).bind(all).bind(&hash).fetch_all(p).await?);
            let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
                return Ok(done);
            };
            let (lo, hi) = (first.0, last.0);
            let recs = "SELECT client_id, data FROM record WHERE client_id >= $1 AND client_id <= $2 ORDER BY client_id";
            let records: Vec<(i64, String)> =
                on_pool!(self, p => sqlx::query_as(recs).bind(lo).bind(hi).fetch_all(p).await?);
            let sent = "SELECT client_id, MAX(period_start) FROM progress_report WHERE client_id >= $1 \
                        AND client_id <= $2 AND status = 'sent' GROUP BY client_id";
            let sent: std::collections::HashMap<i64, String> =
                on_pool!(self, p => sqlx::query_as::<_, (i64, String)>(sent).bind(lo).bind(hi).fetch_all(p).await?)
                    .into_iter()
                    .collect();
            let ver = "SELECT client_id, data FROM verification WHERE client_id >= $1 AND client_id <= $2 \
                       AND status <> 'draft' ORDER BY client_id, id";
            let verifications: Vec<(i64, String)> =
                on_pool!(self, p => sqlx::query_as(ver).bind(lo).bind(hi).fetch_all(p).await?);
            let mut updates = Vec::with_capacity(rows.len());
            for (id, data, status) in &rows {
                let start = records.partition_point(|(c, _)| c < id);
                let end = records.partition_point(|(c, _)| c <= id);
                let mine: Vec<String> = records
                    .get(start..end)
                    .unwrap_or_default()
                    .iter()
                    .map(|(_, d)| d.clone())
                    .collect();
                let last = sent.get(id).map(String::as_str);
                let vs: Vec<String> = verifications
                    .iter()
                    .filter(|(c, _)| c == id)
                    .map(|(_, d)| d.clone())
                    .collect();
                updates.push((*id, self.cols_from_rows(data, status, &mine, last, &vs, now)?));
            }
            on_pool!(self, p => {
                let mut tx = begin_write!(p);
                for (id, c) in &updates {
                    write_summary!(tx, c, *id);
                }
                tx.commit().await?;
            });
            done += rows.len() as u64;
            after = hi;
        }
    }
}

/// The latest registration DT&V answered, of a client's registrations (stored data, oldest first).
pub(crate) fn latest_answered(data: &[String]) -> Result<Option<Verification>, StoreError> {
    let list = data
        .iter()
        .map(|d| serde_json::from_str(d).map_err(|e| corrupt(format!("verification: {e}"))))
        .collect::<Result<Vec<Verification>, _>>()?;
    Ok(terugkeer_domain::verification::latest_answered(list.iter()).cloned())
}
