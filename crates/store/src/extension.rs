//! Requests for extra time: made with who must agree (from the rules engine's discretion output for the case
//! on the day asked), pending until decided, and decided once — approval or refusal writes the decision record
//! into the file in the same transaction, so a deadline moves only by an approved request.

use jiff::Timestamp;
use serde_json::json;
use terugkeer_domain::extension::{self, Request};
use terugkeer_rules::Date;
use terugkeer_rules::facts::DecisionKind;

use crate::access::{Access, Action};
use crate::audit::Event;
use crate::{Store, StoreError, corrupt, day_of, ts};

/// A request as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRequest {
    /// Id.
    pub id: i64,
    /// The request.
    pub request: Request,
    /// Version.
    pub version: i64,
}

/// Requests from the client page's JSON array of `[id, data, version]`.
pub(crate) fn from_json(json: &str) -> Result<Vec<StoredRequest>, StoreError> {
    from_rows(serde_json::from_str(json).map_err(|e| corrupt(format!("case file extensions: {e}")))?)
}

/// Requests from their rows `(id, data, version)`.
fn from_rows(rows: Vec<(i64, String, i64)>) -> Result<Vec<StoredRequest>, StoreError> {
    rows.into_iter()
        .map(|(id, data, version)| {
            let request = serde_json::from_str(&data).map_err(|e| corrupt(format!("extension {id}: {e}")))?;
            Ok(StoredRequest { id, request, version })
        })
        .collect()
}

impl Store {
    /// A client's requests for extra time, oldest first.
    pub async fn extensions(&self, a: &Access, client_id: i64) -> Result<Vec<StoredRequest>, StoreError> {
        self.may_see_and(a, client_id, Action::ReadCase).await?;
        let sql = "SELECT id, data, version FROM extension_request WHERE client_id = $1 ORDER BY id";
        let rows: Vec<(i64, String, i64)> =
            on_pool!(self, p => sqlx::query_as(sql).bind(client_id).fetch_all(p).await?);
        from_rows(rows)
    }

    /// Asks for `days` more of `kind` on `requested_on`, with who must agree taken from the case's
    /// discretion output that day; changes no deadline.
    #[allow(clippy::too_many_arguments)]
    pub async fn request_extension(
        &self,
        a: &Access,
        client_id: i64,
        kind: DecisionKind,
        days: u32,
        requested_on: Date,
        reason: &str,
        now: Timestamp,
    ) -> Result<StoredRequest, StoreError> {
        let client = self.may_see_and(a, client_id, Action::EditCase).await?;
        let facts = self.facts(a, client_id, requested_on).await?;
        let policy = self.policy_of(a.tenant.0);
        let assessment = terugkeer_rules::assess(&facts, &policy, terugkeer_rules::Lang::Nl)
            .map_err(|e| corrupt(format!("assessment: {e}")))?;
        let request = extension::request(
            kind,
            days,
            requested_on,
            reason,
            &assessment.discretion,
            day_of(now),
        )?;
        let data = serde_json::to_string(&request).map_err(corrupt)?;
        let insert = "INSERT INTO extension_request (organisation_id, client_id, status, data, version, created_at, \
                      updated_at) VALUES ($1, $2, 'pending', $3, 1, $4, $4) RETURNING id";
        let id = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let id: i64 = sqlx::query_scalar(insert).bind(client.organisation_id).bind(client_id).bind(&data)
                .bind(ts(now)).fetch_one(&mut *tx).await?;
            let ev = Event {
                organisation_id: client.organisation_id,
                action: "request_extension",
                entity: "extension_request",
                entity_id: Some(id),
                client_id: Some(client_id),
                detail: json!({"days": days, "who": request.who}),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
            id
        });
        Ok(StoredRequest {
            id,
            request,
            version: 1,
        })
    }

    /// Decides a pending request on `on`: `granted` days (at most those asked) or a refusal. Writes the
    /// decision record — by those who had to agree — and the summary in the same transaction.
    #[allow(clippy::too_many_arguments)]
    pub async fn decide_extension(
        &self,
        a: &Access,
        client_id: i64,
        id: i64,
        expected_version: i64,
        on: Date,
        granted: Option<u32>,
        now: Timestamp,
    ) -> Result<StoredRequest, StoreError> {
        let client = self.may_see_and(a, client_id, Action::AddDecision).await?;
        let select = "SELECT data, version FROM extension_request WHERE id = $1 AND client_id = $2";
        let update = "UPDATE extension_request SET status = $1, data = $2, version = version + 1, updated_at = $3 \
                      WHERE id = $4 AND version = $5";
        let insert = "INSERT INTO record (organisation_id, client_id, kind, on_date, data, version, created_at, updated_at) \
                      VALUES ($1, $2, 'decision', $3, $4, 1, $5, $5)";
        let stored = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let row: Option<(String, i64)> = sqlx::query_as(select).bind(id).bind(client_id).fetch_optional(&mut *tx).await?;
            let Some((data, version)) = row else { return Err(StoreError::NotFound) };
            if version != expected_version {
                return Err(StoreError::Stale { current_version: version });
            }
            let old: Request = serde_json::from_str(&data).map_err(|e| corrupt(format!("extension {id}: {e}")))?;
            let (next, decision) = old.decide(on, granted, day_of(now))?;
            let next_data = serde_json::to_string(&next).map_err(corrupt)?;
            sqlx::query(update).bind(next.status.as_str()).bind(&next_data).bind(ts(now)).bind(id)
                .bind(expected_version).execute(&mut *tx).await?;
            let record = serde_json::to_string(&decision).map_err(corrupt)?;
            sqlx::query(insert).bind(client.organisation_id).bind(client_id).bind(on.to_string()).bind(&record)
                .bind(ts(now)).execute(&mut *tx).await?;
            reload_summary!(self, tx, client_id, now);
            let ev = Event {
                organisation_id: client.organisation_id,
                action: "decide_extension",
                entity: "extension_request",
                entity_id: Some(id),
                client_id: Some(client_id),
                detail: json!({"status": next.status.as_str(), "days_granted": next.days_granted}),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
            StoredRequest { id, request: next, version: expected_version + 1 }
        });
        Ok(stored)
    }
}
