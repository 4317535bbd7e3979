//! The organisation's return projects (`terugkeer_domain::project`) and what a project's report is made of:
//! its participants' trajectories, closures, registrations with DT&V, monitoring conversations and in-kind
//! ledgers — read in five statements over the participants, never a name. A coordinator sets projects up; a
//! coordinator or an auditor reads them and their reports.

use jiff::Timestamp;
use serde_json::json;
use terugkeer_domain::Record;
use terugkeer_domain::project::{Participant, Project};
use terugkeer_domain::reintegration::Category;
use terugkeer_domain::verification::Verification;
use terugkeer_rules::Date;

use crate::access::{Access, Action};
use crate::audit::Event;
use crate::{Store, StoreError, corrupt, ts};

/// A project as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProject {
    /// Id.
    pub id: i64,
    /// The project.
    pub project: Project,
    /// Version.
    pub version: i64,
}

fn stored(id: i64, data: &str, version: i64) -> Result<StoredProject, StoreError> {
    let project = serde_json::from_str(data).map_err(|e| corrupt(format!("project {id}: {e}")))?;
    Ok(StoredProject { id, project, version })
}

fn day(s: &str) -> Result<Date, StoreError> {
    Date::parse(s).map_err(|e| corrupt(format!("stored date {s:?}: {e}")))
}

impl Store {
    /// The organisation's projects, by name.
    pub async fn projects(&self, a: &Access) -> Result<Vec<StoredProject>, StoreError> {
        a.check(Action::ReadAggregates)?;
        let sql = "SELECT id, data, version FROM project WHERE organisation_id = $1 ORDER BY name";
        let rows: Vec<(i64, String, i64)> =
            on_pool!(self, p => sqlx::query_as(sql).bind(a.tenant.0).fetch_all(p).await?);
        rows.iter().map(|(id, d, v)| stored(*id, d, *v)).collect()
    }

    /// One of the organisation's projects.
    pub async fn project(&self, a: &Access, id: i64) -> Result<StoredProject, StoreError> {
        a.check(Action::ReadAggregates)?;
        let sql = "SELECT id, data, version FROM project WHERE organisation_id = $1 AND id = $2";
        let row: Option<(i64, String, i64)> =
            on_pool!(self, p => sqlx::query_as(sql).bind(a.tenant.0).bind(id).fetch_optional(p).await?);
        let (id, data, version) = row.ok_or(StoreError::NotFound)?;
        stored(id, &data, version)
    }

    /// Creates a project (`change` `None`) or changes one under its version; checked against the policy
    /// (the return subsidy's share of the eligible costs). Returns it with the check's note, if any (e.g. a
    /// share the policy does not know).
    pub async fn save_project(
        &self,
        a: &Access,
        change: Option<(i64, i64)>,
        project: &Project,
        now: Timestamp,
    ) -> Result<(StoredProject, Option<terugkeer_rules::Problem>), StoreError> {
        a.check(Action::ManageProjects)?;
        let note = project.validate(&self.policy_of(a.tenant.0))?;
        let data = serde_json::to_string(project).map_err(corrupt)?;
        let name = project.name.trim().to_owned();
        let insert = "INSERT INTO project (organisation_id, name, data, version, created_at, updated_at) \
                      VALUES ($1, $2, $3, 1, $4, $4) RETURNING id";
        let update = "UPDATE project SET name = $1, data = $2, version = version + 1, updated_at = $3 \
                      WHERE organisation_id = $4 AND id = $5 AND version = $6";
        let current = "SELECT version FROM project WHERE organisation_id = $1 AND id = $2";
        let (id, version) = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let (id, version) = match change {
                None => {
                    let id: i64 = sqlx::query_scalar(insert).bind(a.tenant.0).bind(&name).bind(&data).bind(ts(now))
                        .fetch_one(&mut *tx).await.map_err(|e| crate::taken(e, "name"))?;
                    (id, 1)
                }
                Some((id, expected)) => {
                    let v: Option<i64> = sqlx::query_scalar(current).bind(a.tenant.0).bind(id)
                        .fetch_optional(&mut *tx).await?;
                    match v {
                        None => return Err(StoreError::NotFound),
                        Some(v) if v != expected => return Err(StoreError::Stale { current_version: v }),
                        Some(_) => {}
                    }
                    sqlx::query(update).bind(&name).bind(&data).bind(ts(now)).bind(a.tenant.0).bind(id).bind(expected)
                        .execute(&mut *tx).await.map_err(|e| crate::taken(e, "name"))?;
                    (id, expected + 1)
                }
            };
            let ev = Event {
                organisation_id: a.tenant.0,
                action: if change.is_none() { "create_project" } else { "change_project" },
                entity: "project",
                entity_id: Some(id),
                client_id: None,
                detail: json!({"name": name, "eligible_costs_cents": project.eligible_costs_cents,
                               "funders": project.funders.iter().map(|f| (f.funder.as_str(), f.amount_cents)).collect::<Vec<_>>()}),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
            (id, version)
        });
        Ok((
            StoredProject {
                id,
                project: project.clone(),
                version,
            },
            note,
        ))
    }

    /// What the report of project `name` is made of: every client of the organisation whose trajectory names
    /// it, with the facts the report counts (no names).
    pub async fn project_participants(&self, a: &Access, name: &str) -> Result<Vec<Participant>, StoreError> {
        a.check(Action::ReadAggregates)?;
        let of = "(SELECT id FROM client WHERE organisation_id = $1 AND project = $2)";
        let ids_sql = "SELECT id FROM client WHERE organisation_id = $1 AND project = $2 ORDER BY id";
        let records_sql = format!(
            "SELECT client_id, data FROM record WHERE client_id IN {of} AND kind IN ('trajectory', 'closure')"
        );
        let verifications_sql = format!("SELECT client_id, data FROM verification WHERE client_id IN {of}");
        let visits_sql = format!(
            "SELECT client_id, held_on, category, score_composite FROM monitoring_visit WHERE client_id IN {of}"
        );
        let items_sql = format!("SELECT client_id, data FROM in_kind_item WHERE client_id IN {of}");
        type Visit = (i64, String, String, Option<i64>);
        type Data = Vec<(i64, String)>;
        type Rows = (Vec<i64>, Data, Data, Vec<Visit>, Data);
        let (ids, records, verifications, visits, items): Rows = on_pool!(self, p => {
            let t = a.tenant.0;
            (
                sqlx::query_scalar(ids_sql).bind(t).bind(name).fetch_all(p).await?,
                sqlx::query_as(sqlx::AssertSqlSafe(records_sql.clone())).bind(t).bind(name).fetch_all(p).await?,
                sqlx::query_as(sqlx::AssertSqlSafe(verifications_sql.clone())).bind(t).bind(name).fetch_all(p).await?,
                sqlx::query_as(sqlx::AssertSqlSafe(visits_sql.clone())).bind(t).bind(name).fetch_all(p).await?,
                sqlx::query_as(sqlx::AssertSqlSafe(items_sql.clone())).bind(t).bind(name).fetch_all(p).await?,
            )
        });
        let mut out: Vec<Participant> = ids
            .iter()
            .map(|id| Participant {
                client_id: *id,
                ..Participant::default()
            })
            .collect();
        let at = |id: i64| ids.binary_search(&id).ok();
        for (client, data) in records {
            let Some(i) = at(client) else { continue };
            let r: Record = serde_json::from_str(&data).map_err(corrupt)?;
            let p = &mut out[i];
            match r {
                Record::Trajectory { on, .. } => p.started = Some(p.started.map_or(on, |s| s.min(on))),
                Record::Closure {
                    outcome,
                    on,
                    departed_with,
                    ..
                } => p.closed = Some((outcome, on, departed_with)),
                _ => {}
            }
        }
        for (client, data) in verifications {
            let Some(i) = at(client) else { continue };
            let v: Verification = serde_json::from_str(&data).map_err(corrupt)?;
            out[i]
                .verifications
                .push((v.status, v.submitted_on, v.decided_on));
        }
        for (client, held, category, score) in visits {
            let Some(i) = at(client) else { continue };
            let category = Category::parse(&category)
                .ok_or_else(|| corrupt(format!("monitoring category {category:?}")))?;
            let score = score.map(|s| u32::try_from(s).unwrap_or(0));
            out[i].visits.push((day(&held)?, category, score));
        }
        for (client, data) in items {
            let Some(i) = at(client) else { continue };
            out[i].items.push(serde_json::from_str(&data).map_err(corrupt)?);
        }
        Ok(out)
    }
}
