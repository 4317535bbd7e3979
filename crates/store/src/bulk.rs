//! Bulk loading of whole case files — an import of an organisation's spreadsheets, a generated caseload of a
//! million clients — in one transaction per batch, with multi-row statements instead of one statement per
//! row (per-statement overhead dominated a row-at-a-time load: ~70 µs a statement on SQLite, a round trip on
//! PostgreSQL).
//!
//! Nothing is lost against the one-at-a-time path: every case file is checked with the same validation,
//! sealed with the same key, summarised with the same rules, and has its own audit entry ("create", with the
//! number of records and of each kind of history that came with it), chained in order. The ids are taken up
//! front under the write lock (SQLite: after the table's highest id and its AUTOINCREMENT counter;
//! PostgreSQL: from the identity sequence), so records and history rows can name their client without a
//! round trip per client.

use jiff::Timestamp;
use serde_json::json;
use terugkeer_domain::handout::Handout;
use terugkeer_domain::in_kind::{self, Item};
use terugkeer_domain::progress::{self, Basis, Period};
use terugkeer_domain::reintegration::Visit;
use terugkeer_domain::verification::Verification;
use terugkeer_domain::{ClientInput, Record, extension};
use terugkeer_rules::{Date, Problem};

use crate::access::{Access, Action};
use crate::audit::{Event, masked};
use crate::{Store, StoreError, corrupt, day_of, ts};

/// A progress report as sent (the period's draft composed from the file, as the page composes it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentReport {
    /// The period reported on.
    pub period: Period,
    /// Sent on.
    pub sent_on: Date,
    /// To whom.
    pub sent_to: String,
    /// The legal basis of the transfer.
    pub basis: Basis,
}

/// What a case file may bring beyond its records: the rows the application keeps beside them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// The registration with DT&V, in its state.
    pub verification: Option<Verification>,
    /// Requests for extra time (their decisions are records).
    pub extensions: Vec<extension::Request>,
    /// Progress reports sent.
    pub reports: Vec<SentReport>,
    /// Monitoring conversations after return.
    pub visits: Vec<Visit>,
    /// The in-kind ledger.
    pub in_kind: Vec<Item>,
    /// Requests for a hand-out the NGO made.
    pub handouts: Vec<Handout>,
    /// Hand-outs a DT&V regievoerder agreed with the client directly (origin `dtv`).
    pub handouts_by_dtv: Vec<Handout>,
}

impl History {
    fn is_empty(&self) -> bool {
        *self == History::default()
    }
}

/// One case file to load.
#[derive(Debug, Clone, Copy)]
pub struct NewCase<'a> {
    /// The client.
    pub client: &'a ClientInput,
    /// The dated records of the case.
    pub records: &'a [Record],
    /// The caseworker (ignored unless a user of the organisation; a caseworker loading gets their own).
    pub assigned_to: Option<i64>,
    /// The rows beside the records.
    pub history: Option<&'a History>,
}

/// Case files prepared and written at a time inside a load's transaction (bounds what is held prepared, and
/// how often progress is told).
pub const LOAD_CHUNK: usize = 1_000;

/// SQLite's page cache while a load of many chunks runs (256 MiB), and after (its default, 2 MB).
const BULK_CACHE: &str = "PRAGMA cache_size = -262144";
const NORMAL_CACHE: &str = "PRAGMA cache_size = -2000";

/// A record ready to be written: kind, date, sealed JSON.
type RecordRow = (&'static str, Option<String>, String);

/// A registration ready to be written: status, submitted, answer due, decided, JSON.
type VerificationRow = (String, Option<String>, Option<String>, Option<String>, String);

/// One case file, owned: what a chunk prepared on another thread needs.
#[derive(Debug, Clone)]
struct OwnedCase {
    client: ClientInput,
    records: Vec<Record>,
    assigned_to: Option<i64>,
    history: Option<History>,
}

impl From<&NewCase<'_>> for OwnedCase {
    fn from(c: &NewCase<'_>) -> OwnedCase {
        OwnedCase {
            client: c.client.clone(),
            records: c.records.to_vec(),
            assigned_to: c.assigned_to,
            history: c.history.cloned(),
        }
    }
}

/// One case file ready to be written: every value computed, nothing borrowed (prepared on a blocking thread
/// while the previous chunk is written).
struct Prepared {
    client: ClientInput,
    assigned_to: Option<i64>,
    /// The audit entry's detail without the assignee (known only under the write lock).
    detail: serde_json::Value,
    data: String,
    records: Vec<RecordRow>,
    cols: crate::summary::Cols,
    closed: bool,
    verification: Option<VerificationRow>,
    extensions: Vec<(&'static str, String)>,
    reports: Vec<(String, String, String, String, SentReport)>,
    visits: Vec<(Visit, String, terugkeer_domain::reintegration::Scores)>,
    in_kind: Vec<(Item, String)>,
    handouts: Vec<(Handout, &'static str, String, crate::handout::Origin)>,
}

impl Store {
    fn prepare(
        &self,
        org: i64,
        case: OwnedCase,
        today: Date,
        now: Timestamp,
    ) -> Result<Prepared, StoreError> {
        // A file arriving whole (an import, an API caller's case) holds no more records than one built a record
        // at a time may (`add_record` refuses the next one).
        if case.records.len() > usize::try_from(terugkeer_domain::record::MAX_RECORDS).unwrap_or(usize::MAX) {
            return Err(StoreError::input(
                "records",
                Problem::new("problem-file-full").with("max", terugkeer_domain::record::MAX_RECORDS),
            ));
        }
        for r in &case.records {
            r.validate()?;
        }
        let records = case
            .records
            .iter()
            .map(|r| {
                let json = serde_json::to_string(r).map_err(corrupt)?;
                let json = crate::seal::seal_record(self.key.as_deref(), &json)?;
                Ok::<_, StoreError>((r.kind(), r.date().map(|d| d.to_string()), json))
            })
            .collect::<Result<Vec<_>, _>>()?;
        // A file that arrives with its closure (an import, a generated history) is closed.
        let closed = case.records.iter().any(|r| matches!(r, Record::Closure { .. }));
        let h = case.history.clone().unwrap_or_default();
        let last_sent = h.reports.iter().map(|r| r.period.start).max();
        let mut detail = json!({
            "client": masked(&serde_json::to_value(&case.client).map_err(corrupt)?),
            "records": records.len(),
        });
        if !h.is_empty() {
            detail["history"] = json!({
                "verification": h.verification.as_ref().map(|v| v.status.as_str()),
                "extensions": h.extensions.len(), "reports": h.reports.len(), "visits": h.visits.len(),
                "in_kind": h.in_kind.len(), "handouts": h.handouts.len() + h.handouts_by_dtv.len(),
            });
        }
        let mut p = Prepared {
            data: self.seal_data(&case.client)?,
            cols: self.summary_cols(
                org,
                &case.client,
                &case.records,
                closed,
                last_sent,
                h.verification.as_ref().filter(|v| v.answered_on.is_some()),
                now,
            ),
            records,
            closed,
            detail,
            verification: None,
            extensions: Vec::new(),
            reports: Vec::new(),
            visits: Vec::new(),
            in_kind: Vec::new(),
            handouts: Vec::new(),
            client: case.client,
            assigned_to: case.assigned_to,
        };
        if let Some(v) = &h.verification {
            let due = v.answer_due(&self.policy_of(org)).map(|(d, _)| d.to_string());
            let day = |d: Option<Date>| d.map(|d| d.to_string());
            p.verification = Some((
                v.status.as_str().to_owned(),
                day(v.submitted_on),
                due,
                day(v.decided_on),
                text(v)?,
            ));
        }
        for x in &h.extensions {
            p.extensions.push((x.status.as_str(), text(x)?));
        }
        for r in h.reports {
            if r.sent_on > today || r.sent_on < r.period.start {
                return Err(StoreError::input(
                    "sent_on",
                    terugkeer_rules::Problem::new("problem-report-sent-on")
                        .with("period", r.period.label())
                        .with("day", r.sent_on),
                ));
            }
            let body = progress::compose(
                &case.records,
                &r.period,
                &crate::progress::Words(terugkeer_text::Tr {
                    lang: terugkeer_rules::Lang::Nl,
                }),
            );
            let what = format!("progress report {}", r.period.label());
            p.reports.push((
                r.period.start.to_string(),
                r.period.end.to_string(),
                body,
                what,
                r,
            ));
        }
        if !h.visits.is_empty() {
            let Some(departed) = crate::monitoring::departed_in(&case.records) else {
                return Err(StoreError::refuse(
                    "months",
                    "problem-monitoring-before-departure",
                ));
            };
            let moments = self.monitoring_moments(departed);
            for v in h.visits {
                let v = v.validate(departed, &moments, today)?;
                let json = text(&v)?;
                let scores = v.scores();
                p.visits.push((v, json, scores));
            }
        }
        for item in h.in_kind {
            in_kind::validate(&item, today)?;
            let json = text(&item)?;
            p.in_kind.push((item, json));
        }
        let origins = std::iter::repeat(crate::handout::Origin::Ngo)
            .zip(h.handouts)
            .chain(std::iter::repeat(crate::handout::Origin::Dtv).zip(h.handouts_by_dtv));
        for (origin, x) in origins {
            x.validate(today)?;
            let (status, json) = (x.standing(&self.policy_of(org)).status, text(&x)?);
            p.handouts.push((x, status, json, origin));
        }
        Ok(p)
    }

    /// Prepares a chunk: on a blocking thread when `ahead` (the chunk before it is being written meanwhile),
    /// here otherwise.
    fn prepare_chunk(
        &self,
        org: i64,
        chunk: &[NewCase<'_>],
        today: Date,
        now: Timestamp,
    ) -> tokio::task::JoinHandle<Result<Vec<Prepared>, StoreError>> {
        let store = self.clone();
        let owned: Vec<OwnedCase> = chunk.iter().map(OwnedCase::from).collect();
        tokio::task::spawn_blocking(move || {
            owned
                .into_iter()
                .map(|c| store.prepare(org, c, today, now))
                .collect()
        })
    }

    /// Saves case files — clients with their records and, optionally, the rest of their history — in one
    /// transaction, all or none. Returns their ids in order. See the module documentation for how.
    pub async fn load_cases(
        &self,
        a: &Access,
        cases: &[NewCase<'_>],
        now: Timestamp,
    ) -> Result<Vec<i64>, StoreError> {
        self.load_cases_with(a, cases, now, &mut |_| {}).await
    }

    /// [`Store::load_cases`], telling `progress` how many files are written so far (after every
    /// [`LOAD_CHUNK`]; still one transaction: a failure in the last chunk leaves nothing of the first).
    pub async fn load_cases_with(
        &self,
        a: &Access,
        cases: &[NewCase<'_>],
        now: Timestamp,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<Vec<i64>, StoreError> {
        a.check(Action::CreateCase)?;
        if cases.is_empty() {
            return Ok(Vec::new());
        }
        let t = a.tenant;
        let own = (a.role == crate::Role::Caseworker).then_some(a.user_id).flatten();
        let today = day_of(now);
        let at = ts(now);
        let postgres = self.backend() == "postgres";
        let all = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            // Who may hold a caseload here: a caseworker or coordinator of this organisation. Any other
            // `assigned_to` (another organisation's user, an unknown id, an auditor) is refused, not dropped.
            let users: std::collections::HashSet<i64> = sqlx::query_scalar::<_, i64>(
                "SELECT id FROM app_user WHERE organisation_id = $1 AND role IN ('caseworker', 'coordinator')")
                .bind(t.0).fetch_all(&mut *tx).await?.into_iter().collect();
            if cases.iter().any(|c| c.assigned_to.is_some_and(|u| !users.contains(&u))) {
                return Err(StoreError::refuse("assigned_to", "problem-not-caseworker-or-coordinator"));
            }
            // A load of many chunks in one transaction outgrows SQLite's page cache (2 MB): dirty pages are spilled
            // to the WAL mid-transaction and read back for the next insert. A larger cache for this connection
            // while it loads (given back below; a failed load leaves it with the connection until it closes).
            let big = !postgres && cases.len() > LOAD_CHUNK;
            if big {
                sqlx::query(BULK_CACHE).execute(&mut *tx).await?;
            }
            let mut all = Vec::with_capacity(cases.len());
            // With more than one chunk, the next is prepared on a blocking thread while this one is written (the
            // rules, JSON and sealing on one core, the database's inserts on the other); one chunk (a single
            // client from a form) is prepared here.
            let chunks: Vec<&[NewCase<'_>]> = cases.chunks(LOAD_CHUNK).collect();
            let mut ahead = (chunks.len() > 1).then(|| self.prepare_chunk(t.0, chunks[0], today, now));
            for (k, chunk) in chunks.iter().enumerate() {
                let prepared = match ahead.take() {
                    Some(handle) => handle.await.map_err(corrupt)??,
                    None => chunk
                        .iter()
                        .map(|c| self.prepare(t.0, OwnedCase::from(c), today, now))
                        .collect::<Result<Vec<_>, _>>()?,
                };
                if chunks.len() > 1 {
                    ahead = chunks.get(k + 1).map(|c| self.prepare_chunk(t.0, c, today, now));
                }
                let n = prepared.len();
                let count = i64::try_from(n).map_err(corrupt)?;
                let q = sqlx::query_scalar(next_ids_sql(postgres));
                let first: i64 = if postgres { q.bind(count) } else { q }.fetch_one(&mut *tx).await?;
                let ids: Vec<i64> = (first..).take(n).collect();
                let rows: Vec<(i64, &Prepared)> = ids.iter().copied().zip(prepared.iter()).collect();
                let assigned = |c: &Prepared| own.or(c.assigned_to.filter(|u| users.contains(u)));
                insert_rows!(tx, "INSERT INTO client (id, organisation_id, family_name, given_names, date_of_birth, v_number, \
                    data, status, version, created_at, updated_at, assigned_to, family_key, given_key, setting, stage, project, \
                    eligible, next_deadline, next_deadline_kind, summary_policy, deadline_sort, report_from, report_due)", 24, rows,
                    |q, r| { let (id, c) = r; q.bind(*id).bind(t.0).bind(&c.client.family_name).bind(&c.client.given_names)
                        .bind(c.client.date_of_birth.map(|d| d.to_string())).bind(&c.client.v_number).bind(&c.data)
                        .bind(if c.closed { "closed" } else { "open" }).bind(1_i64).bind(&at).bind(&at).bind(assigned(c))
                        .bind(&c.cols.family_key).bind(&c.cols.given_key).bind(c.cols.setting).bind(c.cols.stage)
                        .bind(&c.cols.project).bind(c.cols.eligible).bind(&c.cols.next_deadline).bind(c.cols.next_deadline_kind)
                        .bind(&c.cols.policy).bind(c.cols.next_deadline.as_deref().unwrap_or("9999-12-31"))
                        .bind(&c.cols.report_from).bind(&c.cols.report_due) });
                let recs: Vec<(i64, &RecordRow)> =
                    rows.iter().flat_map(|(id, c)| c.records.iter().map(move |r| (*id, r))).collect();
                insert_rows!(tx, "INSERT INTO record (organisation_id, client_id, kind, on_date, data, version, created_at, \
                    updated_at)", 8, recs,
                    |q, r| { let (id, (kind, on, json)) = r; q.bind(t.0).bind(*id).bind(*kind).bind(on).bind(json).bind(1_i64)
                        .bind(&at).bind(&at) });
                let vs: Vec<_> = rows.iter().filter_map(|(id, c)| c.verification.as_ref().map(|v| (*id, v))).collect();
                insert_rows!(tx, "INSERT INTO verification (organisation_id, client_id, status, submitted_on, answer_due, \
                    decided_on, data, version, created_at, updated_at)", 10, vs,
                    |q, r| { let (id, (status, sub, due, dec, data)) = r; q.bind(t.0).bind(*id).bind(status).bind(sub).bind(due)
                        .bind(dec).bind(data).bind(1_i64).bind(&at).bind(&at) });
                let xs: Vec<_> = rows.iter().flat_map(|(id, c)| c.extensions.iter().map(move |x| (*id, x))).collect();
                insert_rows!(tx, "INSERT INTO extension_request (organisation_id, client_id, status, data, version, created_at, \
                    updated_at)", 7, xs,
                    |q, r| { let (id, (status, data)) = r; q.bind(t.0).bind(*id).bind(*status).bind(data).bind(1_i64).bind(&at)
                        .bind(&at) });
                let rs: Vec<_> = rows.iter().flat_map(|(id, c)| c.reports.iter().map(move |x| (*id, x))).collect();
                insert_rows!(tx, "INSERT INTO progress_report (organisation_id, client_id, period_start, period_end, status, \
                    body, sent_on, sent_to, basis, reason, version, created_at, updated_at)", 13, rs,
                    |q, r| { let (id, (start, end, body, _, s)) = r; q.bind(t.0).bind(*id).bind(start).bind(end).bind("sent")
                        .bind(body).bind(s.sent_on.to_string()).bind(&s.sent_to).bind(s.basis.as_str()).bind("").bind(1_i64)
                        .bind(&at).bind(&at) });
                insert_rows!(tx, "INSERT INTO exchange (organisation_id, client_id, on_date, direction, counterpart, what, \
                    basis, reason, user_id, created_at)", 10, rs,
                    |q, r| { let (id, (_, _, _, what, s)) = r; q.bind(t.0).bind(*id).bind(s.sent_on.to_string()).bind("out")
                        .bind(&s.sent_to).bind(what).bind(s.basis.as_str()).bind("").bind(a.user_id()).bind(&at) });
                let ms: Vec<_> = rows.iter().flat_map(|(id, c)| c.visits.iter().map(move |x| (*id, x))).collect();
                let opt = |s: Option<u32>| s.map(i64::from);
                insert_rows!(tx, "INSERT INTO monitoring_visit (organisation_id, client_id, months, held_on, category, data, \
                    score_economic, score_social, score_psychosocial, score_composite, created_at)", 11, ms,
                    |q, r| { let (id, (v, data, s)) = r; q.bind(t.0).bind(*id).bind(i64::from(v.months))
                        .bind(v.held_on.to_string()).bind(v.category.as_str()).bind(data).bind(opt(s.economic))
                        .bind(opt(s.social)).bind(opt(s.psychosocial)).bind(opt(s.composite)).bind(&at) });
                let ks: Vec<_> = rows.iter().flat_map(|(id, c)| c.in_kind.iter().map(move |x| (*id, x))).collect();
                insert_rows!(tx, "INSERT INTO in_kind_item (organisation_id, client_id, status, category, amount_cents, cash, \
                    on_date, data, version, created_at, updated_at)", 11, ks,
                    |q, r| { let (id, (item, data)) = r; q.bind(t.0).bind(*id).bind(item.status.as_str())
                        .bind(item.category.as_str()).bind(item.amount_cents).bind(i64::from(item.cash))
                        .bind(item.on.to_string()).bind(data).bind(1_i64).bind(&at).bind(&at) });
                let hs: Vec<_> = rows.iter().flat_map(|(id, c)| {
                    let country = c.client.country_of_return.map(|c| c.as_str().to_owned());
                    c.handouts.iter().map(move |x| (*id, x, country.clone()))
                }).collect();
                insert_rows!(tx, "INSERT INTO handout (organisation_id, client_id, status, reason, country, amount_cents, \
                    requested_on, data, version, created_at, updated_at, origin)", 12, hs,
                    |q, r| { let (id, (h, status, data, origin), country) = r; q.bind(t.0).bind(*id).bind(*status)
                        .bind(h.reason.as_str()).bind(country).bind(h.amount_cents).bind(h.requested_on.to_string())
                        .bind(data).bind(1_i64).bind(&at).bind(&at).bind(origin.as_str()) });
                let events: Vec<Event> = rows.iter().map(|(id, c)| {
                    let mut detail = c.detail.clone();
                    detail["assigned_to"] = json!(assigned(c));
                    Event { organisation_id: t.0, action: "create", entity: "client", entity_id: Some(*id),
                        client_id: Some(*id), detail }
                }).collect();
                let (seq, prev): (i64, String) = sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                    .fetch_one(&mut *tx).await?;
                let entries = crate::audit::chain(events.iter().map(|e| (Some(a), e, now)), seq, prev);
                write_entries!(tx, entries);
                all.extend(ids);
                progress(all.len());
            }
            if big {
                sqlx::query(NORMAL_CACHE).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            all
        });
        Ok(all)
    }
}

/// The first of the ids a batch of `$1` takes under the write lock: after the highest ever given (SQLite's
/// AUTOINCREMENT counter, or the table's highest id if higher — SQLite moves the counter past explicit ids
/// itself), or the identity sequence moved on by `$1` at once (PostgreSQL).
fn next_ids_sql(postgres: bool) -> &'static str {
    if postgres {
        "SELECT setval(pg_get_serial_sequence('client', 'id'), nextval(pg_get_serial_sequence('client', 'id')) + $1 - 1) \
         - $1 + 1"
    } else {
        "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'client'), 0), \
         COALESCE((SELECT MAX(id) FROM client), 0)) + 1"
    }
}

/// A history row's stored JSON.
fn text<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(corrupt)
}
