//! DT&V's financial hand-outs (`terugkeer_domain::handout`): requested for a client by the NGO, signed in
//! turn by the partner users holding the functions of the policy's chain (or decided by Den Haag above the
//! regional maximum), each step under the row's version and in the audit trail. The NGO's caseworker sees
//! where a request stands; only DT&V signs.

use jiff::Timestamp;
use serde_json::json;
use terugkeer_domain::client::InputError;
use terugkeer_domain::handout::{Handout, Signature, Standing};
use terugkeer_rules::Date;
use terugkeer_rules::Problem;
use terugkeer_rules::facts::DecisionOutcome;
use terugkeer_rules::vocab::Role as DtvRole;

use crate::access::{Access, Action, Role};
use crate::audit::Event;
use crate::{Store, StoreError, corrupt, day_of, ts};

/// Who recorded a hand-out: the NGO for its client, or a DT&V regievoerder who agreed it with the client
/// directly (study: the yearly transparency report should show both).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The NGO asked it for its client.
    Ngo,
    /// A DT&V regievoerder agreed it with the client.
    Dtv,
}

impl Origin {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Ngo => "ngo",
            Origin::Dtv => "dtv",
        }
    }

    /// From a stored name (anything else is a corrupt row).
    fn parse(s: &str) -> Result<Origin, StoreError> {
        match s {
            "ngo" => Ok(Origin::Ngo),
            "dtv" => Ok(Origin::Dtv),
            _ => Err(corrupt(format!("hand-out origin {s:?}"))),
        }
    }

    /// Whose request a caller records: a partner user's is DT&V's, anyone else's the NGO's.
    fn of(a: &Access) -> Origin {
        if a.role == Role::Partner {
            Origin::Dtv
        } else {
            Origin::Ngo
        }
    }
}

/// A request as stored, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredHandout {
    /// Id.
    pub id: i64,
    /// Who recorded it.
    pub origin: Origin,
    /// The request and its signatures.
    pub handout: Handout,
    /// Version.
    pub version: i64,
    /// The chain and its status.
    pub standing: Standing,
}

/// The functions a partner user may hold.
pub const DTV_FUNCTIONS: [DtvRole; 4] = [
    DtvRole::Regievoerder,
    DtvRole::SeniorRegievoerder,
    DtvRole::Afdelingsmanager,
    DtvRole::DenHaag,
];

impl Store {
    pub(crate) fn stored_handout(
        &self,
        id: i64,
        origin: &str,
        data: &str,
        version: i64,
    ) -> Result<StoredHandout, StoreError> {
        let handout: Handout =
            serde_json::from_str(data).map_err(|e| corrupt(format!("hand-out {id}: {e}")))?;
        Ok(StoredHandout {
            id,
            origin: Origin::parse(origin)?,
            standing: handout.standing(self.policy()),
            handout,
            version,
        })
    }

    /// A client's hand-out requests, oldest first.
    pub async fn handouts(&self, a: &Access, client_id: i64) -> Result<Vec<StoredHandout>, StoreError> {
        self.may_see_and(a, client_id, Action::ReadCase).await?;
        let sql = "SELECT id, origin, data, version FROM handout WHERE client_id = $1 ORDER BY id";
        let rows: Vec<(i64, String, String, i64)> =
            on_pool!(self, p => sqlx::query_as(sql).bind(client_id).fetch_all(p).await?);
        rows.into_iter()
            .map(|(id, origin, data, version)| self.stored_handout(id, &origin, &data, version))
            .collect()
    }

    /// Records a request for a hand-out: the NGO's for its client, or — recorded by the DT&V regievoerder the
    /// trajectory is registered with — one she agreed with the client directly. Nothing signed yet: both go
    /// through the same chain.
    pub async fn request_handout(
        &self,
        a: &Access,
        client_id: i64,
        handout: &Handout,
        now: Timestamp,
    ) -> Result<StoredHandout, StoreError> {
        let origin = Origin::of(a);
        let client = self.may_see_and(a, client_id, a.role.file_write()).await?;
        if client.status == "closed" {
            return Err(InputError {
                field: "status",
                message: Problem::new("problem-closed-no-handout"),
            }
            .into());
        }
        self.refuse_in_detention(
            a,
            client_id,
            now,
            terugkeer_domain::detention::Guidance::Handout,
            "status",
        )
        .await?;
        handout.validate(day_of(now))?;
        let mut handout = handout.clone();
        handout.signatures.clear();
        let data = serde_json::to_string(&handout).map_err(corrupt)?;
        let status = handout.standing(&self.policy_of(a.tenant.0)).status;
        let country = client.data.country_of_return.map(|c| c.as_str().to_owned());
        let insert = "INSERT INTO handout (organisation_id, client_id, status, reason, country, amount_cents, \
                      requested_on, data, version, created_at, updated_at, origin) \
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9, $10) RETURNING id";
        let id = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let id: i64 = sqlx::query_scalar(insert).bind(client.organisation_id).bind(client_id).bind(status)
                .bind(handout.reason.as_str()).bind(&country).bind(handout.amount_cents)
                .bind(handout.requested_on.to_string()).bind(&data).bind(ts(now)).bind(origin.as_str())
                .fetch_one(&mut *tx).await?;
            let ev = Event {
                organisation_id: client.organisation_id,
                action: "request_handout",
                entity: "handout",
                entity_id: Some(id),
                client_id: Some(client_id),
                detail: json!({"amount_cents": handout.amount_cents, "reason": handout.reason.as_str(),
                               "origin": origin.as_str()}),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
            id
        });
        self.stored_handout(id, origin.as_str(), &data, 1)
    }

    /// Records the caller's signature (or refusal) on request `id`, in the DT&V function they hold: only a
    /// partner user, and only in the chain's turn.
    #[allow(clippy::too_many_arguments)]
    pub async fn sign_handout(
        &self,
        a: &Access,
        client_id: i64,
        id: i64,
        expected_version: i64,
        on: Date,
        outcome: DecisionOutcome,
        now: Timestamp,
    ) -> Result<StoredHandout, StoreError> {
        let client = self.may_see_and(a, client_id, Action::AddDecision).await?;
        // Only DT&V signs: the NGO sees where a request stands but cannot sign for DT&V.
        if a.role != Role::Partner {
            return Err(StoreError::Forbidden);
        }
        let user = a.user_id().ok_or(StoreError::Forbidden)?;
        let select = "SELECT data, version, origin FROM handout WHERE id = $1 AND client_id = $2";
        let update = "UPDATE handout SET status = $1, data = $2, version = version + 1, updated_at = $3 \
                      WHERE id = $4 AND version = $5";
        let who = "SELECT display_name, dtv_function FROM app_user WHERE id = $1";
        let (data, origin) = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let row: Option<(String, i64, String)> = sqlx::query_as(select).bind(id).bind(client_id).fetch_optional(&mut *tx).await?;
            let Some((data, version, origin)) = row else { return Err(StoreError::NotFound) };
            if version != expected_version {
                return Err(StoreError::Stale { current_version: version });
            }
            let (name, function): (String, Option<String>) = sqlx::query_as(who).bind(user).fetch_one(&mut *tx).await?;
            let role = match function.as_deref() {
                None => DtvRole::Regievoerder,
                Some(f) => DtvRole::parse(f).ok_or_else(|| corrupt(format!("dtv_function {f:?}")))?,
            };
            let old: Handout = serde_json::from_str(&data).map_err(|e| corrupt(format!("hand-out {id}: {e}")))?;
            let signature = Signature { role, user_id: user, name, on, outcome };
            let next = old.sign(signature, &self.policy_of(a.tenant.0), day_of(now))?;
            let status = next.standing(&self.policy_of(a.tenant.0)).status;
            let next_data = serde_json::to_string(&next).map_err(corrupt)?;
            sqlx::query(update).bind(status).bind(&next_data).bind(ts(now)).bind(id).bind(expected_version)
                .execute(&mut *tx).await?;
            let ev = Event {
                organisation_id: client.organisation_id,
                action: "sign_handout",
                entity: "handout",
                entity_id: Some(id),
                client_id: Some(client_id),
                detail: json!({"role": role.as_str(), "outcome": outcome, "status": status}),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
            (next_data, origin)
        });
        self.stored_handout(id, &origin, &data, expected_version + 1)
    }

    /// Records the receipts of an approved hand-out (the NGO, as the client hands them in): a reference per
    /// receipt, in words; refused before approval.
    pub async fn handout_receipts(
        &self,
        a: &Access,
        client_id: i64,
        id: i64,
        expected_version: i64,
        receipts: &str,
        now: Timestamp,
    ) -> Result<StoredHandout, StoreError> {
        // The NGO records the receipts its client hands in; a regievoerder those of a hand-out she recorded.
        let origin = Origin::of(a);
        let client = self.may_see_and(a, client_id, a.role.file_write()).await?;
        let receipts = receipts.trim();
        if receipts.is_empty() || receipts.chars().count() > terugkeer_domain::handout::TEXT_MAX {
            return Err(InputError {
                field: "receipts",
                message: Problem::new("problem-name-receipts"),
            }
            .into());
        }
        let select = "SELECT data, version, origin FROM handout WHERE id = $1 AND client_id = $2";
        let update = "UPDATE handout SET data = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4";
        let (data, stored_origin) = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let row: Option<(String, i64, String)> = sqlx::query_as(select).bind(id).bind(client_id).fetch_optional(&mut *tx).await?;
            let Some((data, version, stored_origin)) = row else { return Err(StoreError::NotFound) };
            if origin == Origin::Dtv && stored_origin != Origin::Dtv.as_str() {
                return Err(StoreError::Forbidden);
            }
            if version != expected_version {
                return Err(StoreError::Stale { current_version: version });
            }
            let mut h: Handout = serde_json::from_str(&data).map_err(|e| corrupt(format!("hand-out {id}: {e}")))?;
            if h.standing(&self.policy_of(a.tenant.0)).status != "approved" {
                return Err(InputError { field: "status", message: Problem::new("problem-receipts-follow-approval") }.into());
            }
            h.receipts = receipts.to_owned();
            let next = serde_json::to_string(&h).map_err(corrupt)?;
            sqlx::query(update).bind(&next).bind(ts(now)).bind(id).bind(expected_version).execute(&mut *tx).await?;
            let ev = Event {
                organisation_id: client.organisation_id,
                action: "handout_receipts",
                entity: "handout",
                entity_id: Some(id),
                client_id: Some(client_id),
                detail: json!({"receipts": "changed"}),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
            (next, stored_origin)
        });
        self.stored_handout(id, &stored_origin, &data, expected_version + 1)
    }

    /// Sets a partner user's DT&V function (an administrator, or a coordinator of the user's organisation).
    pub async fn set_dtv_function(
        &self,
        a: &Access,
        user_id: i64,
        function: DtvRole,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        if !matches!(a.role, Role::Admin | Role::Coordinator) {
            return Err(StoreError::Forbidden);
        }
        if !DTV_FUNCTIONS.contains(&function) {
            return Err(InputError {
                field: "dtv_function",
                message: Problem::new("problem-not-signing-function"),
            }
            .into());
        }
        // A coordinator only within their organisation; an administrator any partner user.
        let scope = if a.role == Role::Admin {
            "$3 = $3"
        } else {
            "organisation_id = $3"
        };
        let sql =
            format!("UPDATE app_user SET dtv_function = $1 WHERE id = $2 AND role = 'partner' AND {scope}");
        on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let n = sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(function.as_str()).bind(user_id)
                .bind(a.tenant.0).execute(&mut *tx).await?.rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound);
            }
            let ev = Event {
                organisation_id: a.tenant.0,
                action: "set_dtv_function",
                entity: "app_user",
                entity_id: Some(user_id),
                client_id: None,
                detail: json!({"dtv_function": function.as_str()}),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
        });
        Ok(())
    }
}

/// One line of the yearly transparency report of hand-outs: how many were asked and how many granted, with
/// their amounts, by reason, country and origin — never a name or a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransparencyLine {
    /// Who recorded them: the NGO, or DT&V agreeing directly with the client.
    pub origin: Origin,
    /// The reason (stored name).
    pub reason: String,
    /// The country of return (ISO code), if known.
    pub country: Option<String>,
    /// Requests asked in the year.
    pub asked: i64,
    /// Of which approved.
    pub approved: i64,
    /// Of which refused.
    pub refused: i64,
    /// The approved amount, cents.
    pub approved_cents: i64,
}

impl Store {
    /// The transparency report of the hand-outs asked in `year`: for a DT&V user, the hand-outs of the
    /// trajectories registered with their location; for every NGO role (caseworker, coordinator, auditor),
    /// those of their organisation's clients. Counts and amounts by reason, country and origin only — never a
    /// name — so every role that works with hand-outs may read it; the administrator reads no case data.
    pub async fn handout_transparency(
        &self,
        a: &Access,
        year: i32,
    ) -> Result<Vec<TransparencyLine>, StoreError> {
        if !(1990..=9998).contains(&year) {
            return Err(InputError {
                field: "year",
                message: Problem::new("problem-not-a-year"),
            }
            .into());
        }
        let scope = match a.role {
            Role::Partner => "h.client_id IN (SELECT c.id FROM client c WHERE c.dtv_organisation_id = $1)",
            Role::Caseworker | Role::Coordinator | Role::Auditor => "h.organisation_id = $1",
            Role::Admin => return Err(StoreError::Forbidden),
        };
        let sql = format!(
            "SELECT h.origin, h.reason, h.country, COUNT(*), \
             SUM(CASE WHEN h.status = 'approved' THEN 1 ELSE 0 END), \
             SUM(CASE WHEN h.status = 'refused' THEN 1 ELSE 0 END), \
             SUM(CASE WHEN h.status = 'approved' THEN h.amount_cents ELSE 0 END) \
             FROM handout h WHERE {scope} AND h.requested_on >= $2 AND h.requested_on < $3 \
             GROUP BY h.origin, h.reason, h.country ORDER BY h.origin DESC, h.reason, h.country"
        );
        let (from, to) = (format!("{year:04}-01-01"), format!("{:04}-01-01", year + 1));
        type Row = (String, String, Option<String>, i64, i64, i64, i64);
        let rows: Vec<Row> = match &self.db {
            crate::Db::Sqlite(p) => {
                sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                    .bind(a.tenant.0)
                    .bind(&from)
                    .bind(&to)
                    .fetch_all(p)
                    .await?
            }
            // PostgreSQL's SUM of BIGINT is NUMERIC: cast back (a year's hand-outs stay far below 2^63 cents).
            crate::Db::Postgres(p) => {
                sqlx::query_as(sqlx::AssertSqlSafe(
                    sql.replace("SUM(CASE", "CAST(SUM(CASE")
                        .replace(" ELSE 0 END)", " ELSE 0 END) AS BIGINT)"),
                ))
                .bind(a.tenant.0)
                .bind(&from)
                .bind(&to)
                .fetch_all(p)
                .await?
            }
        };
        rows.into_iter()
            .map(
                |(origin, reason, country, asked, approved, refused, approved_cents)| {
                    Ok(TransparencyLine {
                        origin: Origin::parse(&origin)?,
                        reason,
                        country,
                        asked,
                        approved,
                        refused,
                        approved_cents,
                    })
                },
            )
            .collect()
    }
}
