//! # terugkeer-store
//!
//! Case files on SQLite (the embedded default: one file, WAL, foreign keys on) or PostgreSQL, chosen by the
//! database URL, with **one** text for every query (`$n` placeholders, `RETURNING`, ISO-text dates) run on
//! whichever pool is open. Not `sqlx::Any`: it cannot read PostgreSQL's own types, and two concrete pools
//! keep each backend's types honest.
//!
//! Every query is scoped: the functions that touch case data take an [`Access`] (organisation, user,
//! role; made only by the store) and write its row filter into their SQL, so a client of another
//! organisation, or one the caller's role may not see, is simply not found ([`access`]). Every mutable row carries a version; an update names the version it
//! changes, and a stale one is refused with the newer row ([`StoreError::Stale`]), never overwritten.
//! Time is a parameter (`now`), as everywhere in terugkeer.

#![deny(missing_docs)]

use std::str::FromStr;
use std::sync::Arc;

use jiff::Timestamp;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use terugkeer_domain::client::InputError;
use terugkeer_domain::{Client, ClientInput, Record};
use terugkeer_rules::{Date, FactsError, Policy, Problem};

/// The organisation every query is scoped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tenant(pub(crate) i64);

impl Tenant {
    /// The organisation's id.
    pub fn id(self) -> i64 {
        self.0
    }
}

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The URL names no supported database, or a SQLite file that does not exist (`migrate` creates it).
    #[error("database: {0}")]
    Url(String),
    /// The row does not exist, or the caller may not see it (the same answer: no existence leak).
    #[error("not found")]
    NotFound,
    /// The caller sees the row but their role may not do this to it.
    #[error("your role may not do this")]
    Forbidden,
    /// The update named an older version; `current` is the row as it is now.
    #[error("stale update: the record was changed meanwhile (now version {})", .current_version)]
    Stale {
        /// The version now stored.
        current_version: i64,
    },
    /// Input refused, naming the field.
    #[error("{0}")]
    Input(#[from] InputError),
    /// The stored facts cannot be assessed, naming the field.
    #[error("{0}")]
    Facts(#[from] FactsError),
    /// A stored value could not be read back (a defect or a hand-edited database).
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
    /// The database failed.
    #[error("database error: {0}")]
    Db(sqlx::Error),
    /// Migrations failed.
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The built-in policy failed to load (a build defect).
    #[error("policy: {0}")]
    Policy(String),
    /// An organisation's own policy values refused by the policy loader, every problem with its line.
    #[error("policy: {0}")]
    LocalPolicy(terugkeer_rules::policy::PolicyError),
    /// No key was given, and the data needs one (special categories are stored only sealed).
    #[error("no encryption key: give --key-file or TERUGKEER_KEY (special-category data is stored sealed)")]
    NoKey,
    /// The key is malformed, or not the one the data was sealed with.
    #[error("encryption key: {0}")]
    Key(String),
    /// A unique value (a username, say) is already taken.
    #[error("{field}: is already taken")]
    Taken {
        /// The field.
        field: &'static str,
    },
}

impl From<sqlx::Error> for StoreError {
    /// A database error, except text PostgreSQL cannot hold (a NUL character: SQLSTATE 22021 in text, 22P05 in JSON), which is the
    /// input's fault and is refused as input. The edges refuse NUL before it gets here, naming the field; this
    /// keeps a path they miss from answering "internal error" on PostgreSQL where SQLite would have stored it.
    fn from(e: sqlx::Error) -> StoreError {
        if let sqlx::Error::Database(d) = &e
            && matches!(d.code().as_deref(), Some("22021" | "22P05"))
        {
            return StoreError::refuse("text", "problem-nul-character");
        }
        StoreError::Db(e)
    }
}

impl StoreError {
    /// Input refused, naming `field` (what every check of a form or request field returns).
    pub fn input(field: &'static str, message: Problem) -> StoreError {
        StoreError::Input(InputError::new(field, message))
    }

    /// Input refused, naming `field`, for the message `id` without arguments.
    pub fn refuse(field: &'static str, id: &'static str) -> StoreError {
        StoreError::input(field, Problem::new(id))
    }
}

/// The open pool of either backend.
#[derive(Debug, Clone)]
pub enum Db {
    /// SQLite.
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Postgres(PgPool),
}

/// An open database, with the policy its summaries are computed under.
#[derive(Debug, Clone)]
pub struct Store {
    db: Db,
    policy: Arc<Policy>,
    /// Organisations' own policy values and their background jobs ([`local_policy`]).
    locals: Arc<local_policy::Locals>,
    /// The key that seals special-category data ([`seal`]); without one, such data can be neither written
    /// nor read.
    key: Option<Arc<seal::Key>>,
}

/// Runs the same body on whichever pool is open (the body is compiled once per backend).
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.db {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

const UPDATE_SUMMARY: &str = "UPDATE client SET family_key = $1, given_key = $2, setting = $3, stage = $4, \
     project = $5, eligible = $6, next_deadline = $7, next_deadline_kind = $8, summary_policy = $9, \
     deadline_sort = COALESCE($7, '9999-12-31'), report_from = $11, report_due = $12 WHERE id = $10";

/// Writes a client's summary columns inside transaction `$tx`.
macro_rules! write_summary {
    ($tx:ident, $c:expr, $id:expr) => {
        sqlx::query($crate::UPDATE_SUMMARY)
            .bind(&$c.family_key)
            .bind(&$c.given_key)
            .bind($c.setting)
            .bind($c.stage)
            .bind(&$c.project)
            .bind($c.eligible)
            .bind(&$c.next_deadline)
            .bind($c.next_deadline_kind)
            .bind(&$c.policy)
            .bind($id)
            .bind(&$c.report_from)
            .bind(&$c.report_due)
            .execute(&mut *$tx)
            .await?;
    };
}

/// Bound values per multi-row statement, under both backends' limits (SQLite 32,766; PostgreSQL 65,535).
const MAX_VALUES: usize = 30_000;
/// Rows per multi-row statement at most, whatever the width.
const MAX_ROWS: usize = 500;

/// How a backend numbers bound values in SQL text.
pub(crate) trait Placeholders: sqlx::Database {
    /// `$1, $2, …` (PostgreSQL) rather than `?` (SQLite: sqlx looks every `$N` up by name, a linear scan
    /// inside SQLite, which makes a statement of thousands of values quadratic to bind).
    const NUMBERED: bool;
}
impl Placeholders for sqlx::Sqlite {
    const NUMBERED: bool = false;
}
impl Placeholders for sqlx::Postgres {
    const NUMBERED: bool = true;
}

/// Whether transaction `_tx`'s backend numbers its placeholders.
pub(crate) fn numbered<DB: Placeholders>(_tx: &sqlx::Transaction<'_, DB>) -> bool {
    DB::NUMBERED
}

/// `head VALUES ($1, …), (…)` (or with `?`) for `rows` rows of `cols` values.
pub(crate) fn values_sql(head: &str, cols: usize, rows: usize, numbered: bool) -> String {
    let mut sql = String::with_capacity(head.len() + rows * cols * 6);
    sql.push_str(head);
    sql.push_str(" VALUES ");
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..cols {
            if c > 0 {
                sql.push_str(", ");
            }
            if numbered {
                sql.push('$');
                sql.push_str(&(r * cols + c + 1).to_string());
            } else {
                sql.push('?');
            }
        }
        sql.push(')');
    }
    sql
}

/// Rows per statement for a table of `cols` columns.
pub(crate) fn rows_per_statement(cols: usize) -> usize {
    (MAX_VALUES / cols.max(1)).clamp(1, MAX_ROWS)
}

/// Inserts `$rows` (a slice) with `$head` (`INSERT INTO table (columns)`, `$cols` of them) inside transaction
/// `$tx` in as few statements as the limits allow; `|$q, $r| …` binds one row's values to query `$q`. Bulk
/// writes pay the per-statement cost (a worker-thread hop on SQLite, a round trip on PostgreSQL) once per
/// few hundred rows instead of once per row.
macro_rules! insert_rows {
    ($tx:ident, $head:expr, $cols:expr, $rows:expr, |$q:ident, $r:ident| $bind:expr) => {
        for chunk in $rows.chunks($crate::rows_per_statement($cols)) {
            let sql = $crate::values_sql($head, $cols, chunk.len(), $crate::numbered(&$tx));
            let mut $q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for $r in chunk {
                $q = $bind;
            }
            $q.execute(&mut *$tx).await?;
        }
    };
}

/// Re-reads a client's file inside transaction `$tx` and rewrites its summary.
macro_rules! reload_summary {
    ($store:ident, $tx:ident, $id:expr, $now:expr) => {{
        // Only after the caller's write to this client succeeded, i.e. under their scope.
        let (org, data, status): (i64, String, String) =
            sqlx::query_as("SELECT organisation_id, data, status FROM client WHERE id = $1")
                .bind($id)
                .fetch_one(&mut *$tx)
                .await?;
        let recs: Vec<String> = sqlx::query_scalar("SELECT data FROM record WHERE client_id = $1")
            .bind($id)
            .fetch_all(&mut *$tx)
            .await?;
        let last_sent: Option<String> = sqlx::query_scalar(
            "SELECT MAX(period_start) FROM progress_report WHERE client_id = $1 AND status = 'sent'",
        )
        .bind($id)
        .fetch_one(&mut *$tx)
        .await?;
        let vers: Vec<String> = sqlx::query_scalar(
            "SELECT data FROM verification WHERE client_id = $1 AND status <> 'draft' ORDER BY id",
        )
        .bind($id)
        .fetch_all(&mut *$tx)
        .await?;
        let c = $store.cols_from_rows(org, &data, &status, &recs, last_sent.as_deref(), &vers, $now)?;
        write_summary!($tx, c, $id);
    }};
}

pub mod access;
#[macro_use]
mod audit;
pub mod attachment;
pub mod bulk;
mod calendar;
mod case_file;
mod clients;
mod dashboard;
mod extension;
mod handout;
mod in_kind;
mod list_page;
pub mod local_policy;
mod login;
mod message;
pub use login::LoginTry;
mod monitoring;
mod progress;
mod project;
mod records;
pub mod retention;
pub mod seal;
mod summary;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
mod users;
mod verification;

pub use access::{Access, Action, Role};
pub use attachment::{AttachmentInfo, name_for_type};
pub use audit::{AuditEntry, AuditReport, ChainHead, Checkpoint, Dedicated, Disclosure, Read, Seen};
pub use bulk::{History, NewCase, SentReport};
pub use case_file::CaseFile;
pub use dashboard::{Dashboard, DashboardQuery, Tally, UNREAD_LIST, WEEK_LIST, WeekDeadline};
pub use extension::StoredRequest;
pub use handout::{DTV_FUNCTIONS, Origin as HandoutOrigin, StoredHandout, TransparencyLine};
pub use in_kind::{Ledger, StoredItem, caps_of};
pub use message::StoredMessage;
pub use monitoring::{StoredVisit, departed_on};
pub use progress::{DueReport, Exchange, Report, Sending};
pub use project::StoredProject;
pub use users::{ApiToken, NewToken, PartnerUser, SessionInfo, Share, User};
pub use verification::{StoredVerification, VerificationLine};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// A client in a list.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClientSummary {
    /// Id.
    pub id: i64,
    /// Family name.
    pub family_name: String,
    /// Given names.
    pub given_names: String,
    /// Date of birth (ISO), if known.
    pub date_of_birth: Option<String>,
    /// V-number, if known.
    pub v_number: Option<String>,
    /// `open` or `closed`.
    pub status: String,
    /// The caseworker (user id) the client is assigned to.
    pub assigned_to: Option<i64>,
    /// The current setting (summary).
    pub setting: Option<String>,
    /// The stage of the case (summary, see `terugkeer_domain::summary::Stage`).
    pub stage: String,
    /// The project of the latest trajectory (summary).
    pub project: Option<String>,
    /// Eligible for a subsidised project: 1, 0, or unknown (summary).
    pub eligible: Option<i64>,
    /// The nearest deadline, ISO date (summary).
    pub next_deadline: Option<String>,
    /// Which deadline that is (summary).
    pub next_deadline_kind: Option<String>,
}

/// A stored record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRecord {
    /// Id.
    pub id: i64,
    /// The client.
    pub client_id: i64,
    /// The record.
    pub record: Record,
    /// Version.
    pub version: i64,
}

#[derive(sqlx::FromRow)]
struct ClientRow {
    id: i64,
    organisation_id: i64,
    data: String,
    status: String,
    version: i64,
    assigned_to: Option<i64>,
    partner_id: Option<i64>,
}

#[derive(sqlx::FromRow, serde::Deserialize)]
struct RecordRow {
    id: i64,
    client_id: i64,
    data: String,
    version: i64,
}

/// A page of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items.
    pub items: Vec<T>,
    /// How many match in all, counted up to [`COUNT_CAP`] (a list then says "more than").
    pub total: i64,
}

/// Lists count matches up to this many and then stop: counting 100,000 rows for every page would cost
/// more than the page itself.
pub const COUNT_CAP: i64 = 1000;

/// The most clients one export holds (they are assembled in memory; a larger one is refused, naming the
/// filters to narrow).
pub const EXPORT_MAX: usize = 100_000;

/// How to list clients.
#[derive(Debug, Clone, Default)]
pub struct ClientQuery {
    /// The start of a family name, of given names or of a V-number (case-insensitive). A prefix, not any
    /// part: it is what a caseworker types, and it runs on an index however large the caseload.
    pub search: Option<String>,
    /// `open` or `closed`.
    pub status: Option<String>,
    /// The current setting.
    pub setting: Option<String>,
    /// The stage.
    pub stage: Option<String>,
    /// The project.
    pub project: Option<String>,
    /// Only clients assigned to this user.
    pub assigned_to: Option<i64>,
    /// Sort by nearest deadline (overdue first) instead of by name.
    pub by_deadline: bool,
    /// Do not count the matches (the page's `total` is then only `offset + items`): for lists that do not
    /// show a total.
    pub skip_total: bool,
    /// Page size (at most 200).
    pub limit: i64,
    /// Rows to skip.
    pub offset: i64,
}

fn ts(now: Timestamp) -> String {
    now.to_string()
}

/// The day of `now` in Europe/Amsterdam (UTC if the time-zone database is missing): the day summaries
/// are computed for.
pub fn day_of(now: Timestamp) -> Date {
    let date = now
        .in_tz("Europe/Amsterdam")
        .map(|z| z.date())
        .unwrap_or_else(|_| jiff::tz::TimeZone::UTC.to_datetime(now).date());
    // Every instant jiff represents lies within the years Date supports; the fallback is never reached
    // in practice but keeps this total.
    Date::from_jiff(date).unwrap_or_else(|| Date::from_day_number(0))
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// Maps a unique-constraint violation to [`StoreError::Taken`] naming `field`.
fn taken(e: sqlx::Error, field: &'static str) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Taken { field },
        _ => StoreError::Db(e),
    }
}

impl RecordRow {
    /// The record, its free text opened with `key`.
    /// The record; with `internal` false, its NGO-internal free text ([`seal::SEALED_TEXT`]) stays closed and
    /// is given as empty (a reader without [`Action::ReadInternalText`]).
    fn into_record(self, key: Option<&seal::Key>, internal: bool) -> Result<StoredRecord, StoreError> {
        let data = if internal {
            seal::open_record(key, &self.data)?
        } else {
            seal::without_text(&self.data)?
        };
        let record: Record = serde_json::from_str(&data).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(StoredRecord {
            id: self.id,
            client_id: self.client_id,
            record,
            version: self.version,
        })
    }
}

impl Store {
    /// Opens `sqlite://PATH` or `postgres://…`. A SQLite file that does not exist is created only when
    /// `create` is true (`terugkeer migrate`): a mistyped path must not silently start an empty database.
    pub async fn connect(url: &str, create: bool) -> Result<Store, StoreError> {
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            let in_memory = path == ":memory:";
            if !in_memory && !create && !std::path::Path::new(path).exists() {
                return Err(StoreError::Url(format!(
                    "no SQLite database at {path}; run `terugkeer migrate --db {url}` to create it"
                )));
            }
            let options = SqliteConnectOptions::from_str(&format!("sqlite:{path}"))?
                .create_if_missing(create || in_memory)
                .foreign_keys(true)
                .journal_mode(SqliteJournalMode::Wal)
                // Statement journals (a multi-row statement inside a transaction keeps one to undo just itself)
                // and sorts' temporary B-trees in memory, not in temporary files: an import spent 16% of its time
                // in the kernel writing the statement journal (perf, `scripts/bench-import.sh`). Both are small
                // and live for one statement.
                .pragma("temp_store", "memory")
                .busy_timeout(std::time::Duration::from_secs(5));
            // An in-memory database lives in one connection.
            let max = if in_memory { 1 } else { 8 };
            let pool = SqlitePoolOptions::new()
                .max_connections(max)
                .connect_with(options)
                .await?;
            Store::with_builtin_policy(Db::Sqlite(pool))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            // Generic plans: every statement here is built to one index-driven shape per combination of
            // filters, so re-planning it for each execution's values (PostgreSQL's custom plans) bought nothing
            // and cost ~1 ms on the client page's statement — most of its database time (`scripts/ab-pages.sh`
            // on 100,000 clients: 5–20% more requests per second on every page measured).
            let options =
                PgConnectOptions::from_str(url)?.options([("plan_cache_mode", "force_generic_plan")]);
            // Twice the cores, at least 4 and at most 16: more sessions than that only take turns on the
            // same cores (on 2 cores, 16 connections gave the client page 1,700 req/s and p99 34 ms, 4 gave
            // 2,170 and 26 ms).
            let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
            let max = u32::try_from(cores * 2).unwrap_or(16).clamp(4, 16);
            let pool = PgPoolOptions::new()
                .max_connections(max)
                .connect_with(options)
                .await?;
            Store::with_builtin_policy(Db::Postgres(pool))
        } else {
            Err(StoreError::Url(format!(
                "unsupported URL {url:?}: use sqlite://PATH or postgres://…"
            )))
        }
    }

    fn with_builtin_policy(db: Db) -> Result<Store, StoreError> {
        let policy = terugkeer_rules::policy::builtin().map_err(|e| StoreError::Policy(e.to_string()))?;
        Ok(Store {
            db,
            policy: Arc::new(policy),
            locals: Arc::default(),
            key: None,
        })
    }

    /// The same database, with the key that seals its special-category data. The first key given to a
    /// database is recorded by its id and a sealed check value; afterwards a different key is refused here,
    /// with both ids named (run after `migrate`).
    pub async fn with_key(mut self, key: seal::Key) -> Result<Store, StoreError> {
        let row: Option<(String, String)> = on_pool!(self, p =>
            sqlx::query_as("SELECT key_id, sealed FROM key_check WHERE id = 1").fetch_optional(p).await?);
        match row {
            Some((id, sealed)) => {
                if id != key.id() {
                    return Err(StoreError::Key(format!(
                        "this database's data is sealed with key {id}, but the key given is {} \
                         (wrong key file or TERUGKEER_KEY?)",
                        key.id()
                    )));
                }
                key.open(&sealed)?;
            }
            None => {
                let sealed = key.seal(b"terugkeer")?;
                let sql = "INSERT INTO key_check (id, key_id, sealed) VALUES (1, $1, $2)";
                on_pool!(self, p => sqlx::query(sql).bind(key.id()).bind(&sealed).execute(p).await?.rows_affected());
            }
        }
        self.key = Some(Arc::new(key));
        Ok(self)
    }

    /// The id of the key this database's data is sealed with, if one was ever given.
    pub async fn key_id(&self) -> Result<Option<String>, StoreError> {
        Ok(on_pool!(self, p =>
            sqlx::query_scalar("SELECT key_id FROM key_check WHERE id = 1").fetch_optional(p).await?))
    }

    /// Re-seals every client's special-category data with `new` (and seals what was stored before sealing
    /// existed), all in one transaction, and records `new` as the database's key. Returns the clients
    /// re-sealed.
    pub async fn rotate_key(self, new: seal::Key) -> Result<(Store, u64), StoreError> {
        let old = self.key.clone();
        let n = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, data FROM client ORDER BY id")
                .fetch_all(&mut *tx).await?;
            let mut n = 0u64;
            for (id, data) in &rows {
                let open = seal::open_client(old.as_deref(), data)?;
                let resealed = seal::seal_client(Some(&new), open)?;
                sqlx::query("UPDATE client SET data = $1 WHERE id = $2").bind(&resealed).bind(id)
                    .execute(&mut *tx).await?;
                n += 1;
            }
            // Records' free text, under the new key.
            let records: Vec<(i64, String)> = sqlx::query_as(
                "SELECT id, data FROM record WHERE data LIKE '%sealed%' ORDER BY id")
                .fetch_all(&mut *tx).await?;
            for (id, data) in &records {
                let open = seal::open_record(old.as_deref(), data)?;
                let resealed = seal::seal_record(Some(&new), &open)?;
                sqlx::query("UPDATE record SET data = $1 WHERE id = $2").bind(&resealed).bind(id)
                    .execute(&mut *tx).await?;
            }
            // Second-factor secrets are sealed with the same key.
            let secrets: Vec<(i64, String)> = sqlx::query_as(
                "SELECT id, totp_secret FROM app_user WHERE totp_secret IS NOT NULL ORDER BY id")
                .fetch_all(&mut *tx).await?;
            for (id, sealed) in &secrets {
                let plain = old.as_deref().ok_or(StoreError::NoKey)?.open(sealed)?;
                sqlx::query("UPDATE app_user SET totp_secret = $1 WHERE id = $2").bind(new.seal(&plain)?).bind(id)
                    .execute(&mut *tx).await?;
            }
            let check = new.seal(b"terugkeer")?;
            sqlx::query("DELETE FROM key_check").execute(&mut *tx).await?;
            sqlx::query("INSERT INTO key_check (id, key_id, sealed) VALUES (1, $1, $2)")
                .bind(new.id()).bind(&check).execute(&mut *tx).await?;
            tx.commit().await?;
            n
        });
        let mut store = self;
        store.key = Some(Arc::new(new));
        Ok((store, n))
    }

    /// A client's stored JSON, special categories opened.
    pub(crate) fn open_data(&self, stored: &str) -> Result<ClientInput, StoreError> {
        let v = seal::open_client(self.key.as_deref(), stored)?;
        serde_json::from_value(v).map_err(corrupt)
    }

    /// A client's JSON for storing, special categories sealed.
    pub(crate) fn seal_data(&self, input: &ClientInput) -> Result<String, StoreError> {
        let v = serde_json::to_value(input).map_err(corrupt)?;
        seal::seal_client(self.key.as_deref(), v)
    }

    fn decode_client(&self, row: ClientRow) -> Result<Client, StoreError> {
        Ok(Client {
            id: row.id,
            organisation_id: row.organisation_id,
            assigned_to: row.assigned_to,
            partner_id: row.partner_id,
            data: self.open_data(&row.data)?,
            status: row.status,
            version: row.version,
        })
    }

    /// The same database, with summaries computed under `policy` (a policy folder loaded with `--policy`).
    /// Organisations' own values are forgotten (they were added to the other policy): call
    /// [`Store::load_local_policies`] after.
    pub fn with_policy(mut self, policy: Arc<Policy>) -> Store {
        self.policy = policy;
        self.locals = Arc::default();
        self
    }

    /// The policy summaries are computed under.
    pub fn policy(&self) -> &Arc<Policy> {
        &self.policy
    }

    /// The pool (for tests and administration that need raw SQL).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        match self.db {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// Answers when the database does (for `/healthz`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        // BIGINT on both: PostgreSQL's plain `1` is an int4, which does not decode as i64 (every PostgreSQL
        // deployment answered 503 until this cast).
        let _: i64 = on_pool!(self, p => sqlx::query_scalar("SELECT CAST(1 AS BIGINT)").fetch_one(p).await?);
        Ok(())
    }

    /// Refreshes the planner's statistics (after a bulk load: without them PostgreSQL guesses one row per
    /// caseload and picks nested loops that cost 30 ms instead of 0.5), and on PostgreSQL vacuums.
    ///
    /// On SQLite only the per-index statistics (`sqlite_stat1`) are kept: with the value samples of
    /// `sqlite_stat4`, SQLite re-prepares a statement whenever a bound value that could sway its plan changes —
    /// that is, on nearly every request (another client id, another user) — and the client page spent a quarter
    /// of its time in the parser (perf, `scripts/profile-client-page.sh`). Without the samples: client page
    /// 1,830 → 3,518 req/s, p99 30.6 → 15.6 ms; caseworker's dashboard 2,204 → 3,108 req/s (`scripts/ab-pages.sh`
    /// on the 100,000-client benchmark database, 2026-11-29).
    pub async fn analyze(&self) -> Result<(), StoreError> {
        match &self.db {
            Db::Sqlite(p) => {
                let mut c = p.acquire().await?;
                sqlx::query("ANALYZE").execute(&mut *c).await?;
                let stat4: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat4'",
                )
                .fetch_one(&mut *c)
                .await?;
                if stat4 > 0 {
                    sqlx::query("DELETE FROM sqlite_stat4").execute(&mut *c).await?;
                }
                // Makes every connection reload the statistics.
                sqlx::query("ANALYZE sqlite_schema").execute(&mut *c).await?;
            }
            Db::Postgres(p) => {
                // With VACUUM the visibility map is set too, so that index-only scans (a name search's count)
                // read no table pages: a coordinator's name search over 100,000 clients went from 1,727 to
                // 2,742 req/s after a bulk load.
                sqlx::query("VACUUM (ANALYZE)").execute(p).await?;
            }
        }
        Ok(())
    }

    /// Writes a consistent copy of a SQLite database to `path` while it serves (`VACUUM INTO`: one read
    /// transaction, so the copy is the database as of one moment, compacted). Not for PostgreSQL (use
    /// `pg_dump`, which the command line runs).
    pub async fn backup_sqlite_into(&self, path: &str) -> Result<(), StoreError> {
        match &self.db {
            Db::Sqlite(p) => {
                sqlx::query("VACUUM INTO $1").bind(path).execute(p).await?;
                Ok(())
            }
            Db::Postgres(_) => Err(StoreError::Url(
                "VACUUM INTO is SQLite's; back PostgreSQL up with pg_dump".into(),
            )),
        }
    }

    /// How many tables of the application the database holds (0: an empty database to restore into).
    pub async fn table_count(&self) -> Result<i64, StoreError> {
        Ok(match &self.db {
            Db::Sqlite(p) => {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                )
                .fetch_one(p)
                .await?
            }
            Db::Postgres(p) => {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'",
                )
                .fetch_one(p)
                .await?
            }
        })
    }

    /// Brings the database to the current schema.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.db {
            Db::Sqlite(p) => SQLITE_MIGRATIONS.run(p).await?,
            Db::Postgres(p) => POSTGRES_MIGRATIONS.run(p).await?,
        }
        self.load_local_policies().await?;
        Ok(())
    }

    /// The columns of every table, `table.column type` sorted, with each backend's types mapped to one
    /// vocabulary: the schema-equivalence test compares the two backends with it.
    pub async fn schema(&self) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String, String, String, bool)> = match &self.db {
            Db::Sqlite(p) => {
                sqlx::query_as(
                    "SELECT m.name, c.name, c.type, (c.\"notnull\" = 1 OR c.pk > 0) FROM sqlite_master m \
                     JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                     AND m.name NOT LIKE '_sqlx%'",
                )
                .fetch_all(p)
                .await?
            }
            Db::Postgres(p) => {
                sqlx::query_as(
                    "SELECT table_name::text, column_name::text, data_type::text, is_nullable = 'NO' \
                     FROM information_schema.columns WHERE table_schema = current_schema() \
                     AND table_name NOT LIKE '_sqlx%'",
                )
                .fetch_all(p)
                .await?
            }
        };
        let mut out: Vec<String> = rows
            .into_iter()
            .map(|(t, c, ty, not_null)| {
                let ty = match ty.to_lowercase().as_str() {
                    "integer" | "bigint" => "int",
                    "text" => "text",
                    "blob" | "bytea" => "bytes",
                    other => return format!("{t}.{c} {other}?"),
                };
                format!("{t}.{c} {ty}{}", if not_null { " not null" } else { "" })
            })
            .collect();
        out.sort();
        Ok(out)
    }
}
