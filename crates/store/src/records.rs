//! The records of a client's case file: add, read, change (versioned), the closing record that closes the case,
//! and the facts the rules read from the file. Each change rewrites the client's summary in the same
//! transaction.

use jiff::Timestamp;
use terugkeer_domain::Record;
use terugkeer_domain::client::InputError;
use terugkeer_rules::Problem;
use terugkeer_rules::{Date, Facts};

use crate::access::{Access, Action};
use crate::audit::{Event, diff_json, masked};
use crate::{Client, RecordRow, Store, StoreError, StoredRecord, corrupt, ts};
use serde_json::json;

/// The columns of a [`RecordRow`], on table `r`.
const RECORD_COLUMNS: &str = "r.id, r.client_id, r.data, r.version";

impl Store {
    /// Adds a record to a client's file.
    pub async fn add_record(
        &self,
        a: &Access,
        client_id: i64,
        record: &Record,
        now: Timestamp,
    ) -> Result<StoredRecord, StoreError> {
        let client = self
            .may_see_and(a, client_id, Action::for_record_kind(record.kind()))
            .await?;
        record.validate()?;
        if matches!(record, Record::Trajectory { .. }) {
            self.refuse_in_detention(
                a,
                client_id,
                now,
                terugkeer_domain::detention::Guidance::Trajectory,
                "kind",
            )
            .await?;
        }
        if matches!(record, Record::Closure { .. }) {
            return Err(InputError {
                field: "kind",
                message: Problem::new("problem-close-with-action"),
            }
            .into());
        }
        // A file holds at most MAX_RECORDS (counted outside the write: two writers racing at the limit may
        // pass it by one each, which the bound survives).
        let held: i64 = on_pool!(self, p => sqlx::query_scalar("SELECT COUNT(*) FROM record WHERE client_id = $1")
            .bind(client_id).fetch_one(p).await?);
        if held >= terugkeer_domain::record::MAX_RECORDS {
            return Err(InputError {
                field: "kind",
                message: Problem::new("problem-file-full").with("max", terugkeer_domain::record::MAX_RECORDS),
            }
            .into());
        }
        let data = crate::seal::seal_record(
            self.key.as_deref(),
            &serde_json::to_string(record).map_err(corrupt)?,
        )?;
        // The record belongs to the client's organisation, whoever writes it (a partner is of DT&V's).
        let sql = "INSERT INTO record (organisation_id, client_id, kind, on_date, data, version, created_at, updated_at) \
                   VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING id";
        let id: i64 = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let id: i64 = sqlx::query_scalar(sql)
                .bind(client.organisation_id).bind(client_id).bind(record.kind())
                .bind(record.date().map(|d| d.to_string())).bind(&data).bind(ts(now)).fetch_one(&mut *tx).await?;
            reload_summary!(self, tx, client_id, now);
            let ev = Event {
                organisation_id: client.organisation_id,
                action: "add_record",
                entity: "record",
                entity_id: Some(id),
                client_id: Some(client_id),
                detail: json!({"record": masked(&serde_json::to_value(record).map_err(corrupt)?)}),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
            id
        });
        Ok(StoredRecord {
            id,
            client_id,
            record: record.clone(),
            version: 1,
        })
    }

    /// A client's records, by date (none if the caller may not see the client).
    pub async fn records(&self, a: &Access, client_id: i64) -> Result<Vec<StoredRecord>, StoreError> {
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM record r JOIN client ON client.id = r.client_id \
             WHERE r.client_id = $3 AND {} ORDER BY r.on_date, r.id",
            a.visible()
        );
        let (org, user) = a.binds();
        let rows: Vec<RecordRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(org).bind(user).bind(client_id).fetch_all(p).await?);
        rows.into_iter()
            .map(|r| r.into_record(self.key.as_deref(), a.may(crate::Action::ReadInternalText)))
            .collect()
    }

    /// One record of a client the caller may see.
    pub async fn record(&self, a: &Access, id: i64) -> Result<Option<StoredRecord>, StoreError> {
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM record r JOIN client ON client.id = r.client_id WHERE r.id = $3 AND {}",
            a.visible()
        );
        let (org, user) = a.binds();
        let row: Option<RecordRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(org).bind(user).bind(id).fetch_optional(p).await?);
        row.map(|r| r.into_record(self.key.as_deref(), a.may(crate::Action::ReadInternalText)))
            .transpose()
    }

    /// Updates a record if `expected_version` is still the stored one. A record keeps its kind, and a
    /// closure is changed only by closing.
    pub async fn update_record(
        &self,
        a: &Access,
        id: i64,
        expected_version: i64,
        record: &Record,
        now: Timestamp,
    ) -> Result<StoredRecord, StoreError> {
        let before = self.record(a, id).await?.ok_or(StoreError::NotFound)?;
        a.check(Action::for_record_kind(before.record.kind()))?;
        record.validate()?;
        if before.record.kind() != record.kind() {
            return Err(InputError {
                field: "kind",
                message: Problem::new("problem-record-kind-stays").with(
                    "kind",
                    terugkeer_rules::Arg::Word(format!("kind.{}", before.record.kind())),
                ),
            }
            .into());
        }
        let data = crate::seal::seal_record(
            self.key.as_deref(),
            &serde_json::to_string(record).map_err(corrupt)?,
        )?;
        let sql = "UPDATE record SET on_date = $1, data = $2, version = version + 1, updated_at = $3 \
                   WHERE id = $4 AND version = $5";
        let n = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let (old, org_id): (String, i64) = sqlx::query_as("SELECT data, organisation_id FROM record WHERE id = $1")
                .bind(id).fetch_one(&mut *tx).await?;
            let n = sqlx::query(sql)
                .bind(record.date().map(|d| d.to_string())).bind(&data).bind(ts(now))
                .bind(id).bind(expected_version).execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                reload_summary!(self, tx, before.client_id, now);
                let ev = Event {
                    organisation_id: org_id,
                    action: "update_record",
                    entity: "record",
                    entity_id: Some(id),
                    client_id: Some(before.client_id),
                    detail: diff_json(&old, &data)?,
                };
                audit!(tx, Some(a), now, ev);
            }
            tx.commit().await?;
            n
        });
        let current = self.record(a, id).await?.ok_or(StoreError::NotFound)?;
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
        a: &Access,
        id: i64,
        expected_version: i64,
        closure: &Record,
        now: Timestamp,
    ) -> Result<Client, StoreError> {
        let client = self.may_see_and(a, id, Action::CloseCase).await?;
        // Impossible closings are refused by name before anything is written (already closed, a day to come,
        // a departure without destination, "verification withdrawn" without a withdrawn registration).
        let latest = self
            .verifications(a, id)
            .await?
            .last()
            .map(|v| v.verification.status);
        terugkeer_domain::record::check_closure(
            closure,
            client.status == "closed",
            latest,
            crate::day_of(now),
        )?;
        closure.validate()?;
        let data = crate::seal::seal_record(
            self.key.as_deref(),
            &serde_json::to_string(closure).map_err(corrupt)?,
        )?;
        let close = "UPDATE client SET status = 'closed', version = version + 1, updated_at = $1 \
                     WHERE organisation_id = $2 AND id = $3 AND version = $4 AND status = 'open'";
        let t = crate::Tenant(client.organisation_id);
        let insert = "INSERT INTO record (organisation_id, client_id, kind, on_date, data, version, created_at, \
                      updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $6)";
        let closed = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let n = sqlx::query(close).bind(ts(now)).bind(t.0).bind(id).bind(expected_version)
                .execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                sqlx::query(insert).bind(t.0).bind(id).bind(closure.kind())
                    .bind(closure.date().map(|d| d.to_string())).bind(&data).bind(ts(now))
                    .execute(&mut *tx).await?;
                // What waits on the case ends with it: an extension request still pending is withdrawn on the
                // closing day (DT&V has nothing left to decide), in the same transaction.
                let pending: Vec<(i64, String)> = sqlx::query_as(
                    "SELECT id, data FROM extension_request WHERE organisation_id = $1 AND client_id = $2 AND status = 'pending'")
                    .bind(t.0).bind(id).fetch_all(&mut *tx).await?;
                let mut withdrawn = Vec::new();
                for (xid, xdata) in pending {
                    let mut x: terugkeer_domain::extension::Request = serde_json::from_str(&xdata)
                        .map_err(|e| corrupt(format!("extension request {xid}: {e}")))?;
                    x.status = terugkeer_domain::extension::Status::Withdrawn;
                    x.decided_on = closure.date();
                    sqlx::query("UPDATE extension_request SET status = 'withdrawn', data = $1, version = version + 1, \
                                 updated_at = $2 WHERE id = $3")
                        .bind(serde_json::to_string(&x).map_err(corrupt)?).bind(ts(now)).bind(xid)
                        .execute(&mut *tx).await?;
                    withdrawn.push(xid);
                }
                reload_summary!(self, tx, id, now);
                let ev = Event {
                    organisation_id: t.0,
                    action: "close",
                    entity: "client",
                    entity_id: Some(id),
                    client_id: Some(id),
                    detail: json!({
                        "closure": masked(&serde_json::to_value(closure).map_err(corrupt)?),
                        "withdrawn_extensions": withdrawn,
                    }),
                };
                audit!(tx, Some(a), now, ev);
                tx.commit().await?;
            } else {
                tx.rollback().await?;
            }
            n == 1
        });
        if !closed {
            return Err(self.refused(a, id).await);
        }
        self.client(a, id).await?.ok_or(StoreError::NotFound)
    }

    /// Reopens a closed case (a coordinator's action): the closure record is taken out of the file and the
    /// case is open again, with `reason` in the audit trail beside the closure it removed. An anonymised file
    /// cannot come back (its names are gone); extension requests withdrawn at the closing stay withdrawn.
    pub async fn reopen_client(
        &self,
        a: &Access,
        id: i64,
        expected_version: i64,
        reason: &str,
        now: Timestamp,
    ) -> Result<Client, StoreError> {
        let client = self.may_see_and(a, id, Action::ReopenCase).await?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::refuse("reason", "problem-required"));
        }
        if reason.chars().count() > 2000 {
            return Err(StoreError::input(
                "reason",
                Problem::new("problem-at-most-characters").with("max", 2000u32),
            ));
        }
        if client.status != "closed" {
            return Err(StoreError::refuse("status", "problem-not-closed"));
        }
        let t = crate::Tenant(client.organisation_id);
        let reopen = "UPDATE client SET status = 'open', version = version + 1, updated_at = $1 \
                      WHERE organisation_id = $2 AND id = $3 AND version = $4 AND status = 'closed' \
                      AND anonymised_at IS NULL";
        let closures =
            "SELECT data FROM record WHERE organisation_id = $1 AND client_id = $2 AND kind = 'closure'";
        let remove = "DELETE FROM record WHERE organisation_id = $1 AND client_id = $2 AND kind = 'closure'";
        let reopened = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let n = sqlx::query(reopen).bind(ts(now)).bind(t.0).bind(id).bind(expected_version)
                .execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                let removed: Vec<String> = sqlx::query_scalar(closures).bind(t.0).bind(id).fetch_all(&mut *tx).await?;
                let mut shown = Vec::new();
                for data in &removed {
                    let opened = crate::seal::open_record(self.key.as_deref(), data)?;
                    let v: serde_json::Value = serde_json::from_str(&opened).map_err(corrupt)?;
                    shown.push(masked(&v));
                }
                sqlx::query(remove).bind(t.0).bind(id).execute(&mut *tx).await?;
                reload_summary!(self, tx, id, now);
                let ev = Event {
                    organisation_id: t.0,
                    action: "reopen",
                    entity: "client",
                    entity_id: Some(id),
                    client_id: Some(id),
                    detail: json!({"reason": reason, "removed_closure": shown}),
                };
                audit!(tx, Some(a), now, ev);
                tx.commit().await?;
            } else {
                tx.rollback().await?;
            }
            n == 1
        });
        if !reopened {
            let now_client = self.client(a, id).await?.ok_or(StoreError::NotFound)?;
            if now_client.status == "closed" && now_client.version == expected_version {
                // Closed, current, and still not reopened: anonymised.
                return Err(StoreError::refuse("status", "problem-anonymised"));
            }
            return Err(self.refused(a, id).await);
        }
        self.client(a, id).await?.ok_or(StoreError::NotFound)
    }

    /// A client's records as the domain reads them, by date (the stored ids and versions left out).
    pub(crate) async fn plain_records(&self, a: &Access, client_id: i64) -> Result<Vec<Record>, StoreError> {
        Ok(self
            .records(a, client_id)
            .await?
            .into_iter()
            .map(|r| r.record)
            .collect())
    }

    /// Refuses `what` while the client is detained on the day of `now`: in detention the NGO only advocates
    /// (`terugkeer_domain::detention`). `field` is the input the refusal stands beside.
    pub(crate) async fn refuse_in_detention(
        &self,
        a: &Access,
        client_id: i64,
        now: Timestamp,
        what: terugkeer_domain::detention::Guidance,
        field: &'static str,
    ) -> Result<(), StoreError> {
        let records: Vec<Record> = self.plain_records(a, client_id).await?;
        terugkeer_domain::detention::refuse(&records, crate::day_of(now), what, field)?;
        Ok(())
    }

    /// The facts of a client's case on `as_of`, derived from the stored file (the rules' input).
    pub async fn facts(&self, a: &Access, client_id: i64, as_of: Date) -> Result<Facts, StoreError> {
        let client = self.client(a, client_id).await?.ok_or(StoreError::NotFound)?;
        let records: Vec<Record> = self.plain_records(a, client_id).await?;
        let mut facts = terugkeer_domain::facts::derive(&client.data, &records, as_of)?;
        let registrations = self.verifications(a, client_id).await?;
        facts.verification =
            terugkeer_domain::verification::latest_answered(registrations.iter().map(|v| &v.verification))
                .and_then(|v| v.as_input(as_of));
        let ledger = self.ledger_of(&client, &records).await?;
        Ok(terugkeer_domain::facts::with_ledger(
            facts,
            ledger.items.len(),
            &ledger.totals,
        ))
    }
}
