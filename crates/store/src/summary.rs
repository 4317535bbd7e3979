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
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn summary_cols(
        &self,
        organisation: i64,
        input: &ClientInput,
        records: &[Record],
        closed: bool,
        last_sent: Option<Date>,
        verification: Option<&Verification>,
        now: Timestamp,
    ) -> Cols {
        let policy = self.policy_of(organisation);
        let s = summarise(input, records, closed, &policy, day_of(now), verification);
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
            policy: policy.hash().to_owned(),
            report_from: report.map(|p| p.start.to_string()),
            report_due: report.map(|p| p.end.to_string()),
        }
    }

    /// Reads a client's file inside a transaction and computes its summary.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn cols_from_rows(
        &self,
        organisation: i64,
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
            organisation,
            &input,
            &records,
            status == "closed",
            last_sent,
            verification.as_ref(),
            now,
        ))
    }

    /// Recomputes the summary of every client computed under another policy than its organisation's (all of
    /// them when `all`), organisation by organisation, in batches of one transaction each. Returns how many were
    /// rewritten. `serve` runs it at start-up, so a new policy reorders the dashboard without a migration.
    pub async fn refresh_summaries(&self, all: bool, now: Timestamp) -> Result<u64, StoreError> {
        let orgs: Vec<i64> = on_pool!(self, p => sqlx::query_scalar("SELECT id FROM organisation ORDER BY id")
            .fetch_all(p).await?);
        let mut done = 0;
        for org in orgs {
            done += self.reassess_organisation(org, all, now, None).await?;
        }
        Ok(done)
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
