//! A client's registrations with DT&V (verification forms), kept as the domain's [`Verification`] and changed
//! only by [`Verification::apply`]'s steps, each under the row's version and in the audit trail. The NGO makes
//! drafts and sends them; DT&V's answer (verified, refused with a coded ground, withdrawn) is recorded by the
//! partner it was registered with or by the NGO from DT&V's letter. The verification list shows an
//! organisation (or a partner) its registrations with status and dates — the study's recommendation.

use jiff::Timestamp;
use serde_json::json;
use terugkeer_domain::client::InputError;
use terugkeer_domain::verification::{Step, Verification, VerificationStatus};
use terugkeer_rules::Date;
use terugkeer_rules::Problem;

use crate::access::{Access, Action};
use crate::audit::Event;
use crate::{Store, StoreError, corrupt, day_of, ts};

/// A registration as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVerification {
    /// Id.
    pub id: i64,
    /// The client.
    pub client_id: i64,
    /// Its state.
    pub verification: Verification,
    /// Version (a step names the version it was taken on).
    pub version: i64,
    /// When DT&V's answer is due, and the rule's citation (only while it waits for one).
    pub answer_due: Option<(Date, String)>,
}

/// A line of the verification list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationLine {
    /// The registration.
    pub stored: StoredVerification,
    /// The client's family and given names.
    pub name: String,
    /// The client's V-number.
    pub v_number: String,
}

/// A row of `verification` (from a query, or from the client page's JSON array of `[id, client_id, data,
/// version]`), with the client's names in the list.
#[derive(sqlx::FromRow, serde::Deserialize)]
struct Row {
    id: i64,
    client_id: i64,
    data: String,
    version: i64,
    #[sqlx(default)]
    #[serde(default)]
    family_name: Option<String>,
    #[sqlx(default)]
    #[serde(default)]
    given_names: Option<String>,
    #[sqlx(default)]
    #[serde(default)]
    v_number: Option<String>,
}

const COLUMNS: &str = "v.id, v.client_id, v.data, v.version";

impl Store {
    /// Registrations from the client page's JSON array.
    pub(crate) fn verifications_from_json(&self, json: &str) -> Result<Vec<StoredVerification>, StoreError> {
        let rows: Vec<Row> =
            serde_json::from_str(json).map_err(|e| corrupt(format!("case file verifications: {e}")))?;
        rows.iter().map(|r| self.stored(r)).collect()
    }

    fn stored(&self, r: &Row) -> Result<StoredVerification, StoreError> {
        let verification: Verification =
            serde_json::from_str(&r.data).map_err(|e| corrupt(format!("verification {}: {e}", r.id)))?;
        Ok(StoredVerification {
            id: r.id,
            client_id: r.client_id,
            answer_due: verification.answer_due(self.policy()),
            verification,
            version: r.version,
        })
    }

    /// A client's registrations, oldest first (`NotFound` if the caller may not see the client).
    pub async fn verifications(
        &self,
        a: &Access,
        client_id: i64,
    ) -> Result<Vec<StoredVerification>, StoreError> {
        self.may_see_and(a, client_id, Action::ReadCase).await?;
        let sql = format!("SELECT {COLUMNS} FROM verification v WHERE v.client_id = $1 ORDER BY v.id");
        let rows: Vec<Row> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(client_id).fetch_all(p).await?);
        rows.iter().map(|r| self.stored(r)).collect()
    }

    /// Starts a registration (a draft) for a client, unless one is still open: a client has one
    /// registration at a time, and a new one only after a refusal or withdrawal.
    pub async fn create_verification(
        &self,
        a: &Access,
        client_id: i64,
        now: Timestamp,
    ) -> Result<StoredVerification, StoreError> {
        let client = self.may_see_and(a, client_id, Action::RegisterWithDtv).await?;
        self.refuse_in_detention(
            a,
            client_id,
            now,
            terugkeer_domain::detention::Guidance::Trajectory,
            "verification",
        )
        .await?;
        let data = serde_json::to_string(&Verification::default()).map_err(corrupt)?;
        let open = "SELECT COUNT(*) FROM verification WHERE client_id = $1 AND status IN ('draft', 'submitted', 'verified')";
        let insert = "INSERT INTO verification (organisation_id, client_id, status, data, version, created_at, updated_at) \
                      VALUES ($1, $2, 'draft', $3, 1, $4, $4) RETURNING id";
        let id = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let n: i64 = sqlx::query_scalar(open).bind(client_id).fetch_one(&mut *tx).await?;
            if n > 0 {
                return Err(InputError {
                    field: "verification",
                    message: Problem::new("problem-open-registration"),
                }
                .into());
            }
            let id: i64 = sqlx::query_scalar(insert).bind(client.organisation_id).bind(client_id).bind(&data)
                .bind(ts(now)).fetch_one(&mut *tx).await?;
            let ev = Event {
                organisation_id: client.organisation_id,
                action: "create_verification",
                entity: "verification",
                entity_id: Some(id),
                client_id: Some(client_id),
                detail: json!({"status": "draft"}),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
            id
        });
        Ok(StoredVerification {
            id,
            client_id,
            verification: Verification::default(),
            version: 1,
            answer_due: None,
        })
    }

    /// Takes `step` on registration `id` of the client, if `expected_version` is still the stored one and the
    /// step is possible from its state; otherwise changes nothing. Sending is the NGO's; DT&V's answer may be
    /// recorded by the partner it was registered with or by the NGO.
    pub async fn verification_step(
        &self,
        a: &Access,
        client_id: i64,
        id: i64,
        expected_version: i64,
        step: &Step,
        now: Timestamp,
    ) -> Result<StoredVerification, StoreError> {
        let action = if step.is_dtvs() {
            Action::RecordVerification
        } else {
            Action::RegisterWithDtv
        };
        let client = self.may_see_and(a, client_id, action).await?;
        // DT&V's answer records the facts as they stood, so a later change DT&V did not see can be named.
        let answer = matches!(step, Step::Verify { .. } | Step::Refuse { .. });
        let seen = if answer {
            match self.facts(a, client_id, day_of(now)).await {
                Ok(f) => terugkeer_domain::facts::seen_of(&f, &self.policy_of(a.tenant.0)),
                Err(_) => Default::default(),
            }
        } else {
            Default::default()
        };
        let current = "SELECT v.id, v.client_id, v.data, v.version FROM verification v WHERE v.id = $1 AND v.client_id = $2";
        let update = "UPDATE verification SET status = $1, submitted_on = $2, answer_due = $3, decided_on = $4, \
                      data = $5, version = version + 1, updated_at = $6 WHERE id = $7 AND version = $8";
        let today = day_of(now);
        let stored = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let row: Option<Row> = sqlx::query_as(current).bind(id).bind(client_id).fetch_optional(&mut *tx).await?;
            let Some(row) = row else { return Err(StoreError::NotFound) };
            let old = self.stored(&row)?;
            if old.version != expected_version {
                return Err(StoreError::Stale { current_version: old.version });
            }
            let mut next = old.verification.apply(step, today).map_err(|e| InputError { field: e.field, message: e.message })?;
            if answer {
                next.seen = seen.clone();
                // Who put the answer in: DT&V's own user, or the NGO recording what DT&V said elsewhere (then
                // the page says so, with the letter, e-mail or call it came in).
                if a.role == crate::Role::Partner {
                    next.recorded_by.clear();
                    next.recorded_from = None;
                } else {
                    let org: String = sqlx::query_scalar("SELECT name FROM organisation WHERE id = $1")
                        .bind(client.organisation_id).fetch_one(&mut *tx).await?;
                    next.recorded_by = org;
                }
                if next.answered_by.is_empty() {
                    let me: Option<String> = sqlx::query_scalar("SELECT display_name FROM app_user WHERE id = $1")
                        .bind(a.user_id()).fetch_optional(&mut *tx).await?;
                    next.answered_by = me.unwrap_or_default();
                }
            }
            let due = next.answer_due(&self.policy_of(a.tenant.0)).map(|(d, _)| d.to_string());
            let data = serde_json::to_string(&next).map_err(corrupt)?;
            sqlx::query(update).bind(next.status.as_str()).bind(next.submitted_on.map(|d| d.to_string()))
                .bind(&due).bind(next.decided_on.map(|d| d.to_string())).bind(&data).bind(ts(now))
                .bind(id).bind(expected_version).execute(&mut *tx).await?;
            let ev = Event {
                organisation_id: client.organisation_id,
                action: "verification_step",
                entity: "verification",
                entity_id: Some(id),
                client_id: Some(client_id),
                detail: json!({
                    "step": step.name(),
                    "changes": [{"field": "status", "old": old.verification.status.as_str(), "new": next.status.as_str()}],
                    "ground": next.ground.map(|g| g.as_str()),
                }),
            };
            audit!(tx, Some(a), now, ev);
            // The information-exchange ledger: the form went to DT&V, or DT&V's answer came back.
            let (direction, what, basis) = match step {
                Step::Submit { .. } => ("out", "verification form".to_owned(), Some("subsidy_obligation")),
                other => ("in", format!("verification: {}", other.name()), None),
            };
            let counterpart = if next.submitted_to.is_empty() { "DT&V".to_owned() } else { next.submitted_to.clone() };
            crate::progress::exchange!(tx, client.organisation_id, client_id, next.decided_on.or(next.submitted_on)
                .map(|d| d.to_string()), direction, counterpart, what, basis, next.note.clone(), a.user_id(), now);
            // DT&V's verdicts are an input of the assessment: the summary (eligibility) moves with them.
            reload_summary!(self, tx, client_id, now);
            tx.commit().await?;
            StoredVerification {
                id,
                client_id,
                answer_due: next.answer_due(&self.policy_of(a.tenant.0)),
                verification: next,
                version: expected_version + 1,
            }
        });
        Ok(stored)
    }

    /// The verification list: the registrations of the clients the caller sees (an NGO its own, a partner
    /// those registered with them), optionally of one status; waiting ones by answer date first, then the
    /// newest. At most `limit`.
    pub async fn verification_list(
        &self,
        a: &Access,
        status: Option<VerificationStatus>,
        limit: i64,
    ) -> Result<Vec<VerificationLine>, StoreError> {
        a.check(Action::ReadCase)?;
        let filter = if status.is_some() {
            " AND v.status = $3"
        } else {
            " AND $3 = ''"
        };
        let sql = format!(
            "SELECT {COLUMNS}, client.family_name, client.given_names, client.v_number FROM verification v \
             JOIN client ON client.id = v.client_id WHERE {}{filter} \
             ORDER BY (v.answer_due IS NULL), v.answer_due, v.id DESC LIMIT {}",
            a.visible(),
            limit.clamp(1, 1000)
        );
        let (org, user) = a.binds();
        let wanted = status.map_or("", VerificationStatus::as_str);
        let rows: Vec<Row> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(org).bind(user).bind(wanted).fetch_all(p).await?);
        rows.iter()
            .map(|r| {
                Ok(VerificationLine {
                    stored: self.stored(r)?,
                    name: format!(
                        "{}, {}",
                        r.family_name.as_deref().unwrap_or_default(),
                        r.given_names.as_deref().unwrap_or_default()
                    ),
                    v_number: r.v_number.clone().unwrap_or_default(),
                })
            })
            .collect()
    }
}

impl Store {
    /// The verification form of registration `id` of a client the caller sees: the client's identity and
    /// country, household and latest trajectory, the organisation and the contact person (the assignee, or
    /// the caller).
    pub async fn verification_form(
        &self,
        a: &Access,
        client_id: i64,
        id: i64,
        contact: &str,
    ) -> Result<terugkeer_domain::verification::Form, StoreError> {
        let file = self
            .case_file(a, client_id, 1, false)
            .await?
            .ok_or(StoreError::NotFound)?;
        let v = file
            .verifications
            .iter()
            .find(|v| v.id == id)
            .ok_or(StoreError::NotFound)?;
        let org: String = on_pool!(self, p => sqlx::query_scalar("SELECT name FROM organisation WHERE id = $1")
            .bind(file.client.organisation_id).fetch_one(p).await?);
        let records: Vec<terugkeer_domain::Record> = file.records.into_iter().map(|r| r.record).collect();
        let contact = file.assignee.as_deref().unwrap_or(contact);
        Ok(terugkeer_domain::verification::Form::of(
            id,
            &v.verification,
            &file.client.data,
            &records,
            &org,
            contact,
        ))
    }
}
