//! Monitoring after return: the conversation at each moment after a departure, recorded once per moment,
//! only for a client whose case closed with a departure, with its sustainability scores kept beside the form
//! for reports.

use jiff::Timestamp;
use serde_json::json;
use terugkeer_domain::Record;
use terugkeer_domain::client::InputError;
use terugkeer_domain::record::ClosureOutcome;
use terugkeer_domain::reintegration::{Scores, Visit};
use terugkeer_rules::Date;
use terugkeer_rules::Problem;
use terugkeer_rules::policy::ParamId;

use crate::access::{Access, Action};
use crate::audit::Event;
use crate::{Store, StoreError, StoredRecord, corrupt, day_of, taken, ts};

/// A recorded conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVisit {
    /// Id.
    pub id: i64,
    /// The form.
    pub visit: Visit,
    /// Its scores.
    pub scores: Scores,
}

/// The day of departure on file (the case closed with a departure), if any.
pub fn departed_on(records: &[StoredRecord]) -> Option<Date> {
    departed_in(records.iter().map(|r| &r.record))
}

/// The day of departure among `records` (stored or about to be), if any.
pub(crate) fn departed_in<'a>(records: impl IntoIterator<Item = &'a Record>) -> Option<Date> {
    records.into_iter().find_map(|r| match r {
        Record::Closure {
            outcome: ClosureOutcome::Departed,
            on,
            ..
        } => Some(*on),
        _ => None,
    })
}

/// Visits from their rows `(id, data)`.
fn visits_from_rows(rows: Vec<(i64, String)>) -> Result<Vec<StoredVisit>, StoreError> {
    rows.into_iter()
        .map(|(id, data)| {
            let visit: Visit =
                serde_json::from_str(&data).map_err(|e| corrupt(format!("visit {id}: {e}")))?;
            Ok(StoredVisit {
                id,
                scores: visit.scores(),
                visit,
            })
        })
        .collect()
}

impl Store {
    /// The monitoring moments (months after departure) of the policy in force on the day of departure.
    pub fn monitoring_moments(&self, departed: Date) -> Vec<u32> {
        self.policy()
            .at(departed)
            .ok()
            .and_then(|p| p.months(ParamId::MonitoringMonths).value.map(<[u32]>::to_vec))
            .unwrap_or_default()
    }

    /// Visits from the client page's JSON array of `[id, data]`.
    pub(crate) fn visits_from_json(&self, json: &str) -> Result<Vec<StoredVisit>, StoreError> {
        visits_from_rows(
            serde_json::from_str(json).map_err(|e| corrupt(format!("case file monitoring: {e}")))?,
        )
    }

    /// Records the conversation at one moment: refused before a departure is on file ("monitoring before
    /// departure"), for a moment the policy does not have, or a second time for the same moment.
    pub async fn record_visit(
        &self,
        a: &Access,
        client_id: i64,
        visit: Visit,
        now: Timestamp,
    ) -> Result<StoredVisit, StoreError> {
        let client = self.may_see_and(a, client_id, Action::EditCase).await?;
        let records = self.records(a, client_id).await?;
        let Some(departed) = departed_on(&records) else {
            return Err(InputError {
                field: "monitoring",
                message: Problem::new("problem-no-departure-for-monitoring"),
            }
            .into());
        };
        let visit = visit.validate(departed, &self.monitoring_moments(departed), day_of(now))?;
        let scores = visit.scores();
        let data = serde_json::to_string(&visit).map_err(corrupt)?;
        let insert = "INSERT INTO monitoring_visit (organisation_id, client_id, months, held_on, category, data, \
                      score_economic, score_social, score_psychosocial, score_composite, created_at) \
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
        let opt = |s: Option<u32>| s.map(i64::from);
        let id = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let id: i64 = sqlx::query_scalar(insert).bind(client.organisation_id).bind(client_id)
                .bind(i64::from(visit.months)).bind(visit.held_on.to_string()).bind(visit.category.as_str())
                .bind(&data).bind(opt(scores.economic)).bind(opt(scores.social)).bind(opt(scores.psychosocial))
                .bind(opt(scores.composite)).bind(ts(now))
                .fetch_one(&mut *tx).await.map_err(|e| match taken(e, "months") {
                    StoreError::Taken { .. } => StoreError::Input(InputError {
                        field: "months",
                        message: Problem::new("problem-moment-recorded"),
                    }),
                    other => other,
                })?;
            let ev = Event {
                organisation_id: client.organisation_id,
                action: "record_monitoring",
                entity: "monitoring_visit",
                entity_id: Some(id),
                client_id: Some(client_id),
                detail: json!({"months": visit.months, "category": visit.category.as_str(), "composite": scores.composite}),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
            id
        });
        Ok(StoredVisit { id, visit, scores })
    }

    /// A client's recorded conversations, by moment.
    pub async fn visits(&self, a: &Access, client_id: i64) -> Result<Vec<StoredVisit>, StoreError> {
        self.may_see_and(a, client_id, Action::ReadCase).await?;
        let sql = "SELECT id, data FROM monitoring_visit WHERE client_id = $1 ORDER BY months";
        let rows: Vec<(i64, String)> =
            on_pool!(self, p => sqlx::query_as(sql).bind(client_id).fetch_all(p).await?);
        visits_from_rows(rows)
    }
}
