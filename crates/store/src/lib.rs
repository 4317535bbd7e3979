//! # terugkeer-store
//!
//! Case files on SQLite (the embedded default: one file, WAL, foreign keys on) or PostgreSQL, chosen by the
//! database URL, with **one** text for every query (`$n` placeholders, `RETURNING`, ISO-text dates) run on
//! whichever pool is open. Not `sqlx::Any`: it cannot read PostgreSQL's own types, and two concrete pools
//! keep each backend's types honest.
//!
//! Every query is scoped by organisation: the functions take a [`Tenant`], and a row of another
//! organisation is simply not found. Every mutable row carries a version; an update names the version it
//! changes, and a stale one is refused with the newer row ([`StoreError::Stale`]), never overwritten.
//! Time is a parameter (`now`), as everywhere in terugkeer.

#![deny(missing_docs)]

use std::str::FromStr;

use jiff::Timestamp;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use terugkeer_domain::client::InputError;
use terugkeer_domain::{Client, ClientInput, Record, duplicates};
use terugkeer_rules::{Date, Facts, FactsError};

/// The organisation every query is scoped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tenant(i64);

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
    /// The row does not exist in this organisation.
    #[error("not found")]
    NotFound,
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
    Db(#[from] sqlx::Error),
    /// Migrations failed.
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// An open database.
#[derive(Debug, Clone)]
pub enum Store {
    /// SQLite.
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Postgres(PgPool),
}

/// Runs the same body on whichever pool is open (the body is compiled once per backend).
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match $store {
            Store::Sqlite($pool) => $body,
            Store::Postgres($pool) => $body,
        }
    };
}

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
}

#[derive(sqlx::FromRow)]
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
    /// How many match in all.
    pub total: i64,
}

/// How to list clients.
#[derive(Debug, Clone, Default)]
pub struct ClientQuery {
    /// Part of a name or a V-number.
    pub search: Option<String>,
    /// `open` or `closed`.
    pub status: Option<String>,
    /// Page size (at most 200).
    pub limit: i64,
    /// Rows to skip.
    pub offset: i64,
}

fn ts(now: Timestamp) -> String {
    now.to_string()
}

impl ClientRow {
    fn into_client(self) -> Result<Client, StoreError> {
        let data: ClientInput =
            serde_json::from_str(&self.data).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(Client {
            id: self.id,
            organisation_id: self.organisation_id,
            data,
            status: self.status,
            version: self.version,
        })
    }
}

impl RecordRow {
    fn into_record(self) -> Result<StoredRecord, StoreError> {
        let record: Record =
            serde_json::from_str(&self.data).map_err(|e| StoreError::Corrupt(e.to_string()))?;
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
                .busy_timeout(std::time::Duration::from_secs(5));
            // An in-memory database lives in one connection.
            let max = if in_memory { 1 } else { 8 };
            let pool = SqlitePoolOptions::new()
                .max_connections(max)
                .connect_with(options)
                .await?;
            Ok(Store::Sqlite(pool))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Store::Postgres(
                PgPoolOptions::new().max_connections(16).connect(url).await?,
            ))
        } else {
            Err(StoreError::Url(format!(
                "unsupported URL {url:?}: use sqlite://PATH or postgres://…"
            )))
        }
    }

    /// Brings the database to the current schema.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(p) => SQLITE_MIGRATIONS.run(p).await?,
            Store::Postgres(p) => POSTGRES_MIGRATIONS.run(p).await?,
        }
        Ok(())
    }

    /// The columns of every table, `table.column type` sorted, with each backend's types mapped to one
    /// vocabulary: the schema-equivalence test compares the two backends with it.
    pub async fn schema(&self) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String, String, String, bool)> = match self {
            Store::Sqlite(p) => {
                sqlx::query_as(
                    "SELECT m.name, c.name, c.type, (c.\"notnull\" = 1 OR c.pk > 0) FROM sqlite_master m \
                     JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                     AND m.name NOT LIKE '_sqlx%'",
                )
                .fetch_all(p)
                .await?
            }
            Store::Postgres(p) => {
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
                    other => return format!("{t}.{c} {other}?"),
                };
                format!("{t}.{c} {ty}{}", if not_null { " not null" } else { "" })
            })
            .collect();
        out.sort();
        Ok(out)
    }

    /// Creates an organisation.
    pub async fn create_organisation(&self, name: &str, now: Timestamp) -> Result<Tenant, StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(InputError {
                field: "name",
                message: "is required".into(),
            }
            .into());
        }
        let sql = "INSERT INTO organisation (name, created_at) VALUES ($1, $2) RETURNING id";
        let id: i64 =
            on_pool!(self, p => sqlx::query_scalar(sql).bind(name).bind(ts(now)).fetch_one(p).await?);
        Ok(Tenant(id))
    }

    /// The tenant of an organisation that exists.
    pub async fn tenant(&self, organisation_id: i64) -> Result<Tenant, StoreError> {
        let sql = "SELECT id FROM organisation WHERE id = $1";
        let id: Option<i64> =
            on_pool!(self, p => sqlx::query_scalar(sql).bind(organisation_id).fetch_optional(p).await?);
        id.map(Tenant).ok_or(StoreError::NotFound)
    }

    /// Creates a user of an organisation.
    pub async fn create_user(
        &self,
        t: Tenant,
        username: &str,
        display_name: &str,
        role: &str,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        let sql = "INSERT INTO app_user (organisation_id, username, display_name, role, created_at) \
                   VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let id: i64 = on_pool!(self, p => sqlx::query_scalar(sql)
            .bind(t.0).bind(username.trim()).bind(display_name.trim()).bind(role).bind(ts(now))
            .fetch_one(p).await?);
        Ok(id)
    }

    /// Clients that are likely the same person: the same V-number, or the same date of birth and a name that
    /// matches allowing for spelling variants. Shown before a new client is saved.
    pub async fn likely_duplicates(
        &self,
        t: Tenant,
        input: &ClientInput,
    ) -> Result<Vec<ClientSummary>, StoreError> {
        let sql = "SELECT id, family_name, given_names, date_of_birth, v_number, status FROM client \
                   WHERE organisation_id = $1 AND (v_number = $2 OR date_of_birth = $3) ORDER BY id";
        let v = input.v_number.clone();
        let dob = input.date_of_birth.map(|d| d.to_string());
        let rows: Vec<ClientSummary> =
            on_pool!(self, p => sqlx::query_as(sql).bind(t.0).bind(&v).bind(&dob).fetch_all(p).await?);
        let name = format!("{} {}", input.given_names, input.family_name);
        Ok(rows
            .into_iter()
            .filter(|c| {
                (v.is_some() && c.v_number == v)
                    || duplicates::names_match(&name, &format!("{} {}", c.given_names, c.family_name))
            })
            .collect())
    }

    /// Saves a new client (validated by the caller with [`ClientInput::validate`]).
    pub async fn create_client(
        &self,
        t: Tenant,
        input: &ClientInput,
        now: Timestamp,
    ) -> Result<Client, StoreError> {
        let id = self.create_case(t, input, &[], now).await?;
        self.client(t, id).await?.ok_or(StoreError::NotFound)
    }

    /// Saves a client with the records of their case file in one transaction: all of it or nothing (for
    /// imports and generated caseloads). Returns the client's id.
    pub async fn create_case(
        &self,
        t: Tenant,
        input: &ClientInput,
        records: &[Record],
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        for r in records {
            r.validate()?;
        }
        let data = serde_json::to_string(input).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let rows = records
            .iter()
            .map(|r| serde_json::to_string(r).map(|json| (r.kind(), r.date().map(|d| d.to_string()), json)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let client_sql = "INSERT INTO client (organisation_id, family_name, given_names, date_of_birth, v_number, \
                          data, status, version, created_at, updated_at) \
                          VALUES ($1, $2, $3, $4, $5, $6, 'open', 1, $7, $7) RETURNING id";
        let record_sql = "INSERT INTO record (organisation_id, client_id, kind, on_date, data, version, created_at, \
                          updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $6)";
        let at = ts(now);
        let id = on_pool!(self, p => {
            let mut tx = p.begin().await?;
            let id: i64 = sqlx::query_scalar(client_sql)
                .bind(t.0).bind(&input.family_name).bind(&input.given_names)
                .bind(input.date_of_birth.map(|d| d.to_string())).bind(&input.v_number).bind(&data).bind(&at)
                .fetch_one(&mut *tx).await?;
            for (kind, on, json) in &rows {
                sqlx::query(record_sql).bind(t.0).bind(id).bind(*kind).bind(on).bind(json).bind(&at)
                    .execute(&mut *tx).await?;
            }
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    /// One client of the organisation.
    pub async fn client(&self, t: Tenant, id: i64) -> Result<Option<Client>, StoreError> {
        let sql = "SELECT id, organisation_id, data, status, version FROM client WHERE organisation_id = $1 AND id = $2";
        let row: Option<ClientRow> =
            on_pool!(self, p => sqlx::query_as(sql).bind(t.0).bind(id).fetch_optional(p).await?);
        row.map(ClientRow::into_client).transpose()
    }

    /// Updates a client if `expected_version` is still the stored one; otherwise refuses with the current
    /// version, changing nothing.
    pub async fn update_client(
        &self,
        t: Tenant,
        id: i64,
        expected_version: i64,
        input: &ClientInput,
        now: Timestamp,
    ) -> Result<Client, StoreError> {
        let data = serde_json::to_string(input).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let sql = "UPDATE client SET family_name = $1, given_names = $2, date_of_birth = $3, v_number = $4, \
                   data = $5, version = version + 1, updated_at = $6 \
                   WHERE organisation_id = $7 AND id = $8 AND version = $9";
        let n = on_pool!(self, p => sqlx::query(sql)
            .bind(&input.family_name).bind(&input.given_names).bind(input.date_of_birth.map(|d| d.to_string()))
            .bind(&input.v_number).bind(&data).bind(ts(now)).bind(t.0).bind(id).bind(expected_version)
            .execute(p).await?.rows_affected());
        let current = self.client(t, id).await?.ok_or(StoreError::NotFound)?;
        if n == 0 {
            return Err(StoreError::Stale {
                current_version: current.version,
            });
        }
        Ok(current)
    }

    /// Lists clients, searching name or V-number, newest first.
    pub async fn list_clients(&self, t: Tenant, q: &ClientQuery) -> Result<Page<ClientSummary>, StoreError> {
        let pattern = q
            .search
            .as_deref()
            .map(|s| format!("%{}%", s.trim().to_lowercase()));
        macro_rules! filter {
            () => {
                "organisation_id = $1 AND ($2 IS NULL OR LOWER(family_name) LIKE $2 OR LOWER(given_names) LIKE $2 \
                 OR v_number LIKE $2) AND ($3 IS NULL OR status = $3)"
            };
        }
        let list = concat!(
            "SELECT id, family_name, given_names, date_of_birth, v_number, status FROM client WHERE ",
            filter!(),
            " ORDER BY id DESC LIMIT $4 OFFSET $5"
        );
        let count = concat!("SELECT COUNT(*) FROM client WHERE ", filter!());
        let limit = q.limit.clamp(1, 200);
        let offset = q.offset.max(0);
        let (items, total): (Vec<ClientSummary>, i64) = on_pool!(self, p => (
            sqlx::query_as(list).bind(t.0).bind(&pattern).bind(&q.status).bind(limit).bind(offset).fetch_all(p).await?,
            sqlx::query_scalar(count).bind(t.0).bind(&pattern).bind(&q.status).fetch_one(p).await?,
        ));
        Ok(Page { items, total })
    }

    /// Adds a record to a client's file.
    pub async fn add_record(
        &self,
        t: Tenant,
        client_id: i64,
        record: &Record,
        now: Timestamp,
    ) -> Result<StoredRecord, StoreError> {
        record.validate()?;
        if self.client(t, client_id).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        let data = serde_json::to_string(record).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let sql = "INSERT INTO record (organisation_id, client_id, kind, on_date, data, version, created_at, updated_at) \
                   VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING id";
        let id: i64 = on_pool!(self, p => sqlx::query_scalar(sql)
            .bind(t.0).bind(client_id).bind(record.kind()).bind(record.date().map(|d| d.to_string()))
            .bind(&data).bind(ts(now)).fetch_one(p).await?);
        Ok(StoredRecord {
            id,
            client_id,
            record: record.clone(),
            version: 1,
        })
    }

    /// A client's records, by date.
    pub async fn records(&self, t: Tenant, client_id: i64) -> Result<Vec<StoredRecord>, StoreError> {
        let sql = "SELECT id, client_id, data, version FROM record WHERE organisation_id = $1 AND client_id = $2 \
                   ORDER BY on_date, id";
        let rows: Vec<RecordRow> =
            on_pool!(self, p => sqlx::query_as(sql).bind(t.0).bind(client_id).fetch_all(p).await?);
        rows.into_iter().map(RecordRow::into_record).collect()
    }

    /// Updates a record if `expected_version` is still the stored one.
    pub async fn update_record(
        &self,
        t: Tenant,
        id: i64,
        expected_version: i64,
        record: &Record,
        now: Timestamp,
    ) -> Result<StoredRecord, StoreError> {
        record.validate()?;
        let data = serde_json::to_string(record).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let sql = "UPDATE record SET kind = $1, on_date = $2, data = $3, version = version + 1, updated_at = $4 \
                   WHERE organisation_id = $5 AND id = $6 AND version = $7";
        let n = on_pool!(self, p => sqlx::query(sql)
            .bind(record.kind()).bind(record.date().map(|d| d.to_string())).bind(&data).bind(ts(now))
            .bind(t.0).bind(id).bind(expected_version).execute(p).await?.rows_affected());
        let sql = "SELECT id, client_id, data, version FROM record WHERE organisation_id = $1 AND id = $2";
        let row: Option<RecordRow> =
            on_pool!(self, p => sqlx::query_as(sql).bind(t.0).bind(id).fetch_optional(p).await?);
        let current = row.ok_or(StoreError::NotFound)?.into_record()?;
        if n == 0 {
            return Err(StoreError::Stale {
                current_version: current.version,
            });
        }
        Ok(current)
    }

    /// Closes a case: records how it closed and marks the client closed, both or neither (one transaction),
    /// if `expected_version` is still the client's.
    pub async fn close_client(
        &self,
        t: Tenant,
        id: i64,
        expected_version: i64,
        closure: &Record,
        now: Timestamp,
    ) -> Result<Client, StoreError> {
        if !matches!(closure, Record::Closure { .. }) {
            return Err(InputError {
                field: "kind",
                message: "a case closes with a closure record".into(),
            }
            .into());
        }
        closure.validate()?;
        let data = serde_json::to_string(closure).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let close = "UPDATE client SET status = 'closed', version = version + 1, updated_at = $1 \
                     WHERE organisation_id = $2 AND id = $3 AND version = $4 AND status = 'open'";
        let insert = "INSERT INTO record (organisation_id, client_id, kind, on_date, data, version, created_at, \
                      updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $6)";
        let closed = on_pool!(self, p => {
            let mut tx = p.begin().await?;
            let n = sqlx::query(close).bind(ts(now)).bind(t.0).bind(id).bind(expected_version)
                .execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                sqlx::query(insert).bind(t.0).bind(id).bind(closure.kind())
                    .bind(closure.date().map(|d| d.to_string())).bind(&data).bind(ts(now))
                    .execute(&mut *tx).await?;
                tx.commit().await?;
            } else {
                tx.rollback().await?;
            }
            n == 1
        });
        let current = self.client(t, id).await?.ok_or(StoreError::NotFound)?;
        if !closed {
            return Err(StoreError::Stale {
                current_version: current.version,
            });
        }
        Ok(current)
    }

    /// The facts of a client's case on `as_of`, derived from the stored file (the rules' input).
    pub async fn facts(&self, t: Tenant, client_id: i64, as_of: Date) -> Result<Facts, StoreError> {
        let client = self.client(t, client_id).await?.ok_or(StoreError::NotFound)?;
        let records: Vec<Record> = self
            .records(t, client_id)
            .await?
            .into_iter()
            .map(|r| r.record)
            .collect();
        Ok(terugkeer_domain::facts::derive(&client.data, &records, as_of)?)
    }
}
