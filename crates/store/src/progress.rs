//! Monthly progress reports to DT&V and the client's information-exchange ledger. A report is drafted for
//! the trajectory's next period (composed from the period's records), edited, and sent with a legal basis;
//! sending writes the ledger entry and the audit entry in the same transaction, so nothing leaves without
//! both. The ledger also holds the verification form's sending and DT&V's answers (written by the
//! verification steps), so an NGO sees in one place what went to DT&V and what came back.

use jiff::Timestamp;
use serde_json::json;
use terugkeer_domain::client::InputError;
use terugkeer_domain::progress::{self, Basis, Period};
use terugkeer_rules::Problem;
use terugkeer_rules::policy::ParamId;
use terugkeer_rules::{Date, Lang};
use terugkeer_text::Tr;

use crate::access::{Access, Action};
use crate::audit::Event;
use crate::{Store, StoreError, corrupt, day_of, ts};

/// A progress report as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Id.
    pub id: i64,
    /// The client.
    pub client_id: i64,
    /// The period it covers.
    pub period: Period,
    /// `draft` or `sent`.
    pub status: String,
    /// The text.
    pub body: String,
    /// Sent on, to whom, on which basis (with the override's reason).
    pub sent_on: Option<String>,
    /// To whom.
    pub sent_to: Option<String>,
    /// The legal basis.
    pub basis: Option<String>,
    /// The override's reason.
    pub reason: String,
    /// Version.
    pub version: i64,
}

/// One line of the information-exchange ledger.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Deserialize)]
pub struct Exchange {
    /// Id.
    pub id: i64,
    /// On.
    pub on_date: String,
    /// `out` (to DT&V) or `in` (from DT&V).
    pub direction: String,
    /// With whom.
    pub counterpart: String,
    /// What.
    pub what: String,
    /// The legal basis (for `out`).
    pub basis: Option<String>,
    /// The override's reason.
    pub reason: String,
    /// Who recorded it.
    pub by: String,
}

/// A report due (or overdue) for one of the caller's clients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueReport {
    /// The client.
    pub client_id: i64,
    /// Family and given names.
    pub name: String,
    /// The period owed.
    pub period: Period,
}

/// How a report is sent.
#[derive(Debug, Clone)]
pub struct Sending<'a> {
    /// On.
    pub on: Date,
    /// To whom (DT&V location or regievoerder).
    pub to: &'a str,
    /// On which legal basis.
    pub basis: Basis,
    /// Why, for an override.
    pub reason: &'a str,
}

#[derive(sqlx::FromRow, serde::Deserialize)]
pub(crate) struct ReportRow {
    id: i64,
    client_id: i64,
    period_start: String,
    period_end: String,
    status: String,
    body: String,
    sent_on: Option<String>,
    sent_to: Option<String>,
    basis: Option<String>,
    reason: String,
    version: i64,
}

const REPORT_COLUMNS: &str =
    "id, client_id, period_start, period_end, status, body, sent_on, sent_to, basis, reason, version";

pub(crate) fn date(s: &str) -> Result<Date, StoreError> {
    Date::parse(s).map_err(|e| corrupt(format!("stored date {s:?}: {e}")))
}

impl TryFrom<ReportRow> for Report {
    type Error = StoreError;
    fn try_from(r: ReportRow) -> Result<Report, StoreError> {
        Ok(Report {
            id: r.id,
            client_id: r.client_id,
            period: Period {
                start: date(&r.period_start)?,
                end: date(&r.period_end)?,
            },
            status: r.status,
            body: r.body,
            sent_on: r.sent_on,
            sent_to: r.sent_to,
            basis: r.basis,
            reason: r.reason,
            version: r.version,
        })
    }
}

/// Appends a line to the information-exchange ledger inside transaction `$tx`.
macro_rules! exchange {
    ($tx:ident, $org:expr, $client:expr, $on:expr, $dir:expr, $counterpart:expr, $what:expr, $basis:expr, $reason:expr, $user:expr, $now:expr) => {
        sqlx::query(
            "INSERT INTO exchange (organisation_id, client_id, on_date, direction, counterpart, what, basis, reason, \
             user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind($org)
        .bind($client)
        .bind($on)
        .bind($dir)
        .bind($counterpart)
        .bind($what)
        .bind($basis)
        .bind($reason)
        .bind($user)
        .bind($crate::ts($now))
        .execute(&mut *$tx)
        .await?;
    };
}

/// A report due as [`due_sql`] selects it: client id, family name, given names, period start and end.
pub(crate) type DueRow = (i64, String, String, String, String);

/// A `SELECT` of the reports due by `horizon` for the open trajectories `a` sees that are assigned to
/// `assigned_to`, the earliest first, at most `limit` — columns as [`DueRow`] — binding what it needs in `args`
/// (whose `$1`, `$2` are the row filter's: [`crate::clients::ListSql::new`]). The summary keeps each open
/// trajectory's next period (`report_from`, `report_due`): one index range over the caseload, earliest first,
/// in the order and number shown. The limit is written into the statement, not bound: SQLite re-prepares a
/// statement whose plan read a bound LIMIT every time it is bound again (8% of the dashboard's samples were in
/// `sqlite3Reprepare`; perf, `scripts/profile-client-page.sh`).
pub(crate) fn due_sql(
    a: &Access,
    assigned_to: i64,
    horizon: Date,
    limit: usize,
    args: &mut crate::clients::ListSql,
) -> String {
    use crate::clients::Arg;
    let who = args.param(Arg::Int(assigned_to));
    let by = args.param(Arg::Text(horizon.to_string()));
    format!(
        "SELECT client.id, client.family_name, client.given_names, client.report_from, client.report_due \
         FROM client WHERE client.organisation_id = $1 AND client.assigned_to = {who} AND client.status = 'open' \
         AND client.report_due <= {by} AND {} ORDER BY client.report_due, client.id LIMIT {limit}",
        a.visible_in_caseload(Some(assigned_to))
    )
}

/// The reports [`due_sql`] selected.
pub(crate) fn due_reports(rows: Vec<DueRow>) -> Result<Vec<DueReport>, StoreError> {
    rows.into_iter()
        .map(|(client_id, family, given, from, end)| {
            Ok(DueReport {
                client_id,
                name: format!("{family}, {given}"),
                period: Period {
                    start: date(&from)?,
                    end: date(&end)?,
                },
            })
        })
        .collect()
}

impl Store {
    /// The cadence in months of a trajectory that started on `day` (the policy of its start decides its
    /// periods), if the policy knows it.
    fn cadence(&self, day: Date) -> Option<u32> {
        self.policy()
            .at(day)
            .ok()?
            .int(ParamId::ProgressReportMonths)
            .value
    }

    /// The next period owed by a client's open trajectory that started on `started`, given its reports and
    /// the client's detentions (no report falls due in one).
    pub(crate) fn next_period_of(
        &self,
        started: Option<Date>,
        reports: &[Report],
        detained: &[(Date, Option<Date>)],
    ) -> Option<Period> {
        let months = self.cadence(started?)?;
        let last = reports
            .iter()
            .filter(|r| r.status == "sent")
            .map(|r| r.period.start)
            .max();
        progress::next_owed(started?, last, months, detained)
    }

    /// The next period owed by the trajectory in `records` (its earliest start), given the start of the last
    /// period reported: what the summary column `report_due` keeps.
    pub(crate) fn next_period_of_records(
        &self,
        records: &[terugkeer_domain::Record],
        last_sent: Option<Date>,
    ) -> Option<Period> {
        let started = records
            .iter()
            .filter_map(|r| match r {
                terugkeer_domain::Record::Trajectory { on, .. } => Some(*on),
                _ => None,
            })
            .min()?;
        let months = self.cadence(started)?;
        progress::next_owed(
            started,
            last_sent,
            months,
            &terugkeer_domain::detention::spans(records),
        )
    }

    /// The period the client's trajectory owes a report for next (`None`: no trajectory, a closed case, no
    /// cadence in the policy, or a detention that has not ended).
    pub async fn next_report(&self, a: &Access, client_id: i64) -> Result<Option<Period>, StoreError> {
        let client = self.may_see_and(a, client_id, Action::ReadCase).await?;
        if client.status == "closed" {
            return Ok(None);
        }
        let sql = "SELECT MAX(period_start) FROM progress_report WHERE client_id = $1 AND status = 'sent'";
        let last: Option<String> =
            on_pool!(self, p => sqlx::query_scalar(sql).bind(client_id).fetch_one(p).await?);
        let last = last.as_deref().map(date).transpose()?;
        let records: Vec<terugkeer_domain::Record> = self.plain_records(a, client_id).await?;
        Ok(self.next_period_of_records(&records, last))
    }

    /// A client's reports, newest period first.
    pub async fn reports(&self, a: &Access, client_id: i64) -> Result<Vec<Report>, StoreError> {
        self.may_see_and(a, client_id, Action::ReadCase).await?;
        let sql = format!(
            "SELECT {REPORT_COLUMNS} FROM progress_report WHERE client_id = $1 ORDER BY period_start DESC"
        );
        let rows: Vec<ReportRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(client_id).fetch_all(p).await?);
        rows.into_iter().map(Report::try_from).collect()
    }

    /// The draft of the next period's report: the one being written, or a new one composed from the period's
    /// records. Refused for a closed case or one without a trajectory.
    pub async fn draft_report(
        &self,
        a: &Access,
        client_id: i64,
        now: Timestamp,
        lang: Lang,
    ) -> Result<Report, StoreError> {
        let client = self.may_see_and(a, client_id, Action::EditCase).await?;
        let Some(period) = self.next_report(a, client_id).await? else {
            let id = if client.status == "closed" {
                "problem-closed-no-reports-due"
            } else {
                "problem-no-trajectory-to-report"
            };
            return Err(StoreError::refuse("report", id));
        };
        let existing = format!(
            "SELECT {REPORT_COLUMNS} FROM progress_report WHERE client_id = $1 AND period_start = $2 AND status = 'draft'"
        );
        let start = period.start.to_string();
        let found: Option<ReportRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(existing.clone()))
            .bind(client_id).bind(&start).fetch_optional(p).await?);
        if let Some(r) = found {
            return Report::try_from(r);
        }
        let records: Vec<terugkeer_domain::Record> = self.plain_records(a, client_id).await?;
        let body = progress::compose(&records, &period, &Words(Tr { lang }));
        let insert = "INSERT INTO progress_report (organisation_id, client_id, period_start, period_end, status, body, \
                      reason, version, created_at, updated_at) VALUES ($1, $2, $3, $4, 'draft', $5, '', 1, $6, $6) RETURNING id";
        let id = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let id: i64 = sqlx::query_scalar(insert).bind(client.organisation_id).bind(client_id).bind(&start)
                .bind(period.end.to_string()).bind(&body).bind(ts(now)).fetch_one(&mut *tx).await?;
            let ev = Event {
                organisation_id: client.organisation_id,
                action: "draft_report",
                entity: "progress_report",
                entity_id: Some(id),
                client_id: Some(client_id),
                detail: json!({"period": period.label()}),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
            id
        });
        Ok(Report {
            id,
            client_id,
            period,
            status: "draft".into(),
            body,
            sent_on: None,
            sent_to: None,
            basis: None,
            reason: String::new(),
            version: 1,
        })
    }

    /// Changes a draft's text (a sent report is never changed).
    pub async fn update_report(
        &self,
        a: &Access,
        client_id: i64,
        id: i64,
        expected_version: i64,
        body: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let client = self.may_see_and(a, client_id, Action::EditCase).await?;
        if body.chars().count() > 20_000 {
            return Err(InputError {
                field: "body",
                message: Problem::new("problem-at-most-20000"),
            }
            .into());
        }
        self.report_change(
            a,
            client.organisation_id,
            client_id,
            id,
            expected_version,
            now,
            |tx_body| {
                tx_body.body = body.to_owned();
                Ok(())
            },
        )
        .await
    }

    /// Sends a draft: records when, to whom and on which basis, and writes the ledger line — refused for a
    /// closed case, or without a basis (an override without a reason).
    #[allow(clippy::too_many_arguments)]
    pub async fn send_report(
        &self,
        a: &Access,
        client_id: i64,
        id: i64,
        expected_version: i64,
        sending: &Sending<'_>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let client = self.may_see_and(a, client_id, Action::EditCase).await?;
        if client.status == "closed" {
            return Err(InputError {
                field: "report",
                message: Problem::new("problem-closed-no-report"),
            }
            .into());
        }
        let reason = progress::check_basis(sending.basis, sending.reason)?;
        let to = sending.to.trim();
        if to.is_empty() || to.chars().count() > 200 {
            return Err(InputError {
                field: "to",
                message: Problem::new("problem-say-recipient-bounded"),
            }
            .into());
        }
        if sending.on > day_of(now) {
            return Err(InputError {
                field: "on",
                message: Problem::new("problem-after-today"),
            }
            .into());
        }
        let (to, on, basis) = (to.to_owned(), sending.on, sending.basis);
        self.report_change(
            a,
            client.organisation_id,
            client_id,
            id,
            expected_version,
            now,
            move |r| {
                r.status = "sent".into();
                r.sent_on = Some(on.to_string());
                r.sent_to = Some(to.clone());
                r.basis = Some(basis.as_str().to_owned());
                r.reason = reason.clone();
                Ok(())
            },
        )
        .await
    }

    /// Applies `change` to draft `id` under its version, in one transaction with the audit entry (and, when it
    /// becomes sent, the ledger line).
    #[allow(clippy::too_many_arguments)]
    async fn report_change(
        &self,
        a: &Access,
        organisation_id: i64,
        client_id: i64,
        id: i64,
        expected_version: i64,
        now: Timestamp,
        change: impl Fn(&mut Report) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let select = format!("SELECT {REPORT_COLUMNS} FROM progress_report WHERE id = $1 AND client_id = $2");
        let update = "UPDATE progress_report SET status = $1, body = $2, sent_on = $3, sent_to = $4, basis = $5, \
                      reason = $6, version = version + 1, updated_at = $7 WHERE id = $8 AND version = $9";
        on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let row: Option<ReportRow> = sqlx::query_as(sqlx::AssertSqlSafe(select.clone())).bind(id).bind(client_id)
                .fetch_optional(&mut *tx).await?;
            let Some(row) = row else { return Err(StoreError::NotFound) };
            let old = Report::try_from(row)?;
            if old.version != expected_version {
                return Err(StoreError::Stale { current_version: old.version });
            }
            if old.status != "draft" {
                return Err(InputError { field: "report", message: Problem::new("problem-sent-report-unchanged") }.into());
            }
            let mut new = old.clone();
            change(&mut new)?;
            sqlx::query(update).bind(&new.status).bind(&new.body).bind(&new.sent_on).bind(&new.sent_to)
                .bind(&new.basis).bind(&new.reason).bind(ts(now)).bind(id).bind(expected_version)
                .execute(&mut *tx).await?;
            if new.status == "sent" {
                // The next report owed moves on (the dashboard's "reports due" reads it).
                reload_summary!(self, tx, client_id, now);
                let what = format!("progress report {}", new.period.label());
                exchange!(tx, organisation_id, client_id, new.sent_on.clone(), "out", new.sent_to.clone(), what,
                    new.basis.clone(), new.reason.clone(), a.user_id(), now);
            }
            let ev = Event {
                organisation_id,
                action: if new.status == "sent" { "send_report" } else { "edit_report" },
                entity: "progress_report",
                entity_id: Some(id),
                client_id: Some(client_id),
                detail: json!({"period": new.period.label(), "basis": new.basis, "to": new.sent_to}),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
        });
        Ok(())
    }

    /// The client's information-exchange ledger, newest first.
    pub async fn exchanges(&self, a: &Access, client_id: i64) -> Result<Vec<Exchange>, StoreError> {
        self.may_see_and(a, client_id, Action::ReadCase).await?;
        let sql = "SELECT e.id, e.on_date, e.direction, e.counterpart, e.what, e.basis, e.reason, \
                   COALESCE(u.display_name, '') AS by FROM exchange e LEFT JOIN app_user u ON u.id = e.user_id \
                   WHERE e.client_id = $1 ORDER BY e.id DESC";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(client_id).fetch_all(p).await?))
    }

    /// The reports due by `today` or within the next `ahead` days for the open trajectories the caller sees
    /// that are assigned to `assigned_to`, the earliest first (at most `limit`): what a caseworker's dashboard
    /// shows as due and overdue. Restricted to one caseload so it walks the assignee index, not the
    /// organisation.
    pub async fn reports_due(
        &self,
        a: &Access,
        assigned_to: i64,
        today: Date,
        ahead: i32,
        limit: usize,
    ) -> Result<Vec<DueReport>, StoreError> {
        a.check(Action::ReadCase)?;
        let mut sql = crate::clients::ListSql::binds(a);
        let text = due_sql(a, assigned_to, today.add_days(ahead), limit, &mut sql);
        let args = sql.args;
        let rows: Vec<DueRow> = on_pool!(self, p =>
            crate::clients::bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(text.clone())), &args).fetch_all(p).await?);
        due_reports(rows)
    }
}

pub(crate) use exchange;

/// The text crate's words for a draft the domain composes (a local type: neither trait nor `Tr` is the
/// store's own).
pub(crate) struct Words(pub(crate) Tr);

impl progress::Words for Words {
    fn word(&self, key: &str) -> Option<String> {
        Tr::has(key).then(|| self.0.s(key).to_owned())
    }
    fn day(&self, d: Date) -> String {
        self.0.date(d)
    }
    fn period(&self, p: &Period) -> String {
        self.0.months(p.start, p.end)
    }
}
