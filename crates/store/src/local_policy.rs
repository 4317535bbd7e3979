//! An organisation's own dated policy values (issue 25): versions a coordinator (or admin) adds, previews and
//! activates. The active version is added to the built-in policy for that organisation only
//! ([`Store::policy_of`]); activating, withdrawing or going back re-assesses the organisation's summaries in
//! the background, with progress ([`Store::job`]). A preview compares every open client's conclusions under
//! the policy in force and under the version, before anything changes.
//!
//! Jobs live in memory: one per organisation at a time; a restart forgets a preview (run it again) and
//! `serve` re-assesses at start-up whatever was computed under another policy.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use jiff::Timestamp;
use serde::Serialize;
use serde_json::json;
use terugkeer_domain::local_policy::Format;
use terugkeer_domain::{ClientInput, Record};
use terugkeer_rules::policy::PolicyError;
use terugkeer_rules::{Date, Lang, Policy};

use crate::access::{Access, Action};
use crate::audit::Event;
use crate::{Store, StoreError, corrupt, ts};

/// One version of an organisation's own values.
#[derive(Debug, Clone, Serialize)]
pub struct LocalPolicy {
    /// 1, 2, … per organisation.
    pub version: i64,
    /// The file it came from (or `geplakt` for pasted text).
    pub file_name: String,
    /// How it came.
    pub format: Format,
    /// The policy file the loader reads.
    pub body: String,
    /// The coordinator's note.
    pub note: String,
    /// `draft` (added, never active), `active`, or `retired` (was active).
    pub status: String,
    /// The combined policy's hash (what receipts carry while it is active).
    pub policy_hash: String,
    /// Who added it (display name).
    pub created_by: Option<String>,
    /// When.
    pub created_at: String,
    /// Who last activated it.
    pub activated_by: Option<String>,
    /// When.
    pub activated_at: Option<String>,
}

/// The name an organisation's version has among the policy files (and so in every value's `file`).
pub fn file_name(organisation: i64, version: i64) -> String {
    format!("organisatie-{organisation}-v{version}.toml")
}

/// One client whose conclusions move.
#[derive(Debug, Clone, Serialize)]
pub struct Moved {
    /// The client.
    pub client_id: i64,
    /// "Family, Given".
    pub name: String,
    /// (field, before, after).
    pub changes: Vec<(String, serde_json::Value, serde_json::Value)>,
}

/// What a version would change in the organisation's open caseload.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Impact {
    /// The day assessed.
    pub as_of: Option<Date>,
    /// Open clients assessed.
    pub clients: u64,
    /// Clients whose facts cannot be assessed (left out).
    pub unassessable: u64,
    /// Clients with a changed conclusion.
    pub moved: u64,
    /// Per field, how many clients it moved for.
    pub fields: BTreeMap<String, u64>,
    /// Eligibility before → after ("yes", "no", "probably yes", "probably no", "unknown"), with counts.
    pub eligibility: BTreeMap<String, u64>,
    /// The first moved clients, by id (at most [`MOVED_SHOWN`]).
    pub rows: Vec<Moved>,
    /// The policy hashes compared.
    pub before_hash: String,
    /// The version's combined hash.
    pub after_hash: String,
}

/// The most moved clients a preview lists by name.
pub const MOVED_SHOWN: usize = 200;

/// A background job of an organisation: a preview or a re-assessment.
#[derive(Debug, Clone, Serialize)]
pub struct Job {
    /// `preview` or `reassess`.
    pub kind: &'static str,
    /// The version concerned (0: the built-in policy alone).
    pub version: i64,
    /// Clients to go through.
    pub total: u64,
    /// Clients done.
    pub done: u64,
    /// When it began.
    pub started_at: String,
    /// Milliseconds it took, once finished.
    pub took_ms: Option<u64>,
    /// A preview's result.
    pub impact: Option<Impact>,
    /// Why it stopped, if it failed.
    pub error: Option<String>,
}

/// A finished job: milliseconds taken, and a preview's impact or why it failed.
type Finished = (u64, Result<Option<Impact>, String>);

#[derive(Debug)]
pub(crate) struct JobSlot {
    kind: &'static str,
    version: i64,
    total: AtomicU64,
    done: AtomicU64,
    started: std::time::Instant,
    started_at: Timestamp,
    result: std::sync::Mutex<Option<Finished>>,
}

/// The per-organisation policies and jobs a store shares between its clones.
#[derive(Debug, Default)]
pub(crate) struct Locals {
    policies: std::sync::RwLock<BTreeMap<i64, Arc<Policy>>>,
    jobs: std::sync::Mutex<BTreeMap<i64, Arc<JobSlot>>>,
}

fn eligibility_word(a: &terugkeer_rules::Assessment<'_>) -> &'static str {
    match (a.eligibility.eligible, a.eligibility.indication) {
        (Some(true), _) => "yes",
        (Some(false), _) => "no",
        (None, Some(true)) => "probably yes",
        (None, Some(false)) => "probably no",
        (None, None) => "unknown",
    }
}

type Row = (i64, String, String, String);

/// The rows of one client in rows sorted by client id.
fn of_client(rows: &[(i64, String)], id: i64) -> &[(i64, String)] {
    let start = rows.partition_point(|(c, _)| *c < id);
    let end = rows.partition_point(|(c, _)| *c <= id);
    rows.get(start..end).unwrap_or_default()
}

impl Store {
    /// The policy an organisation's clients are assessed under: the built-in one with its active own values.
    pub fn policy_of(&self, organisation: i64) -> Arc<Policy> {
        self.locals
            .policies
            .read()
            .ok()
            .and_then(|m| m.get(&organisation).cloned())
            .unwrap_or_else(|| self.policy.clone())
    }

    /// Reads every organisation's active version into memory (after `migrate`). A version the built-in
    /// policy no longer accepts (a parameter renamed by an upgrade) is left out with its reason, so the
    /// organisation is assessed under the built-in policy until a coordinator fixes it.
    pub async fn load_local_policies(&self) -> Result<Vec<(i64, String)>, StoreError> {
        let sql = "SELECT organisation_id, version, body FROM local_policy WHERE status = 'active'";
        let rows: Vec<(i64, i64, String)> = on_pool!(self, p => sqlx::query_as(sql).fetch_all(p).await?);
        let mut map = BTreeMap::new();
        let mut refused = Vec::new();
        for (org, version, body) in rows {
            match self.policy.with_local(&file_name(org, version), &body) {
                Ok(p) => {
                    map.insert(org, Arc::new(p));
                }
                Err(e) => refused.push((org, e.to_string())),
            }
        }
        if let Ok(mut m) = self.locals.policies.write() {
            *m = map;
        }
        Ok(refused)
    }

    /// Checks a policy file against the built-in policy, as organisation `organisation`'s version `version`.
    pub fn check_local_policy(
        &self,
        organisation: i64,
        version: i64,
        body: &str,
    ) -> Result<Policy, PolicyError> {
        self.policy.with_local(&file_name(organisation, version), body)
    }

    /// The organisation's versions, newest first.
    pub async fn local_policies(&self, a: &Access) -> Result<Vec<LocalPolicy>, StoreError> {
        a.check(Action::ManagePolicy)?;
        let sql = "SELECT l.version, l.file_name, l.format, l.body, l.note, l.status, l.policy_hash, \
                   c.display_name, l.created_at, v.display_name, l.activated_at FROM local_policy l \
                   LEFT JOIN app_user c ON c.id = l.created_by LEFT JOIN app_user v ON v.id = l.activated_by \
                   WHERE l.organisation_id = $1 ORDER BY l.version DESC";
        type R = (
            i64,
            String,
            String,
            String,
            String,
            String,
            String,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<R> = on_pool!(self, p => sqlx::query_as(sql).bind(a.tenant.0).fetch_all(p).await?);
        rows.into_iter()
            .map(|r| {
                Ok(LocalPolicy {
                    version: r.0,
                    file_name: r.1,
                    format: Format::parse(&r.2)
                        .ok_or_else(|| corrupt(format!("local policy format {:?}", r.2)))?,
                    body: r.3,
                    note: r.4,
                    status: r.5,
                    policy_hash: r.6,
                    created_by: r.7,
                    created_at: r.8,
                    activated_by: r.9,
                    activated_at: r.10,
                })
            })
            .collect()
    }

    /// Adds a version (not active yet), after checking it with the policy loader. Returns its number.
    pub async fn add_local_policy(
        &self,
        a: &Access,
        file: &str,
        format: Format,
        body: &str,
        note: &str,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        a.check(Action::ManagePolicy)?;
        if body.len() > terugkeer_domain::local_policy::MAX_BYTES {
            return Err(StoreError::input(
                "body",
                terugkeer_rules::Problem::new("problem-too-large"),
            ));
        }
        if note.chars().count() > 2_000 {
            return Err(StoreError::input(
                "note",
                terugkeer_rules::Problem::new("problem-at-most-characters").with("max", 2_000u32),
            ));
        }
        let file: String = file.chars().filter(|c| !c.is_control()).take(200).collect();
        let org = a.tenant.0;
        let version = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let last: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM local_policy WHERE organisation_id = $1")
                .bind(org).fetch_one(&mut *tx).await?;
            let version = last.unwrap_or(0) + 1;
            let policy = self.check_local_policy(org, version, body).map_err(StoreError::LocalPolicy)?;
            sqlx::query("INSERT INTO local_policy (organisation_id, version, file_name, format, body, note, status, \
                         policy_hash, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $9)")
                .bind(org).bind(version).bind(&file).bind(format.as_str()).bind(body).bind(note.trim())
                .bind(policy.hash()).bind(a.user_id).bind(ts(now))
                .execute(&mut *tx).await?;
            let ev = Event {
                organisation_id: org,
                action: "add_local_policy",
                entity: "local_policy",
                entity_id: Some(version),
                client_id: None,
                detail: json!({"version": version, "file": file, "format": format.as_str(), "hash": policy.hash()}),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
            version
        });
        Ok(version)
    }

    /// Makes `version` the organisation's own values (or, with `None`, goes back to the built-in policy alone),
    /// audited; then re-assesses the organisation's summaries in the background ([`Store::job`]).
    pub async fn activate_local_policy(
        &self,
        a: &Access,
        version: Option<i64>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        a.check(Action::ManagePolicy)?;
        let org = a.tenant.0;
        let policy = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let previous: Option<i64> = sqlx::query_scalar(
                "SELECT version FROM local_policy WHERE organisation_id = $1 AND status = 'active'")
                .bind(org).fetch_optional(&mut *tx).await?;
            let policy = match version {
                Some(v) => {
                    let body: Option<String> = sqlx::query_scalar(
                        "SELECT body FROM local_policy WHERE organisation_id = $1 AND version = $2")
                        .bind(org).bind(v).fetch_optional(&mut *tx).await?;
                    let body = body.ok_or(StoreError::NotFound)?;
                    Some(Arc::new(self.check_local_policy(org, v, &body).map_err(StoreError::LocalPolicy)?))
                }
                None => None,
            };
            sqlx::query("UPDATE local_policy SET status = 'retired' WHERE organisation_id = $1 AND status = 'active'")
                .bind(org).execute(&mut *tx).await?;
            if let Some(v) = version {
                sqlx::query("UPDATE local_policy SET status = 'active', activated_by = $1, activated_at = $2 \
                             WHERE organisation_id = $3 AND version = $4")
                    .bind(a.user_id).bind(ts(now)).bind(org).bind(v).execute(&mut *tx).await?;
            }
            let hash = policy.as_ref().map_or_else(|| self.policy.hash().to_owned(), |p| p.hash().to_owned());
            let ev = Event {
                organisation_id: org,
                action: if version.is_some() { "activate_local_policy" } else { "withdraw_local_policy" },
                entity: "local_policy",
                entity_id: version,
                client_id: None,
                detail: json!({"version": version, "previous": previous, "hash": hash}),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
            policy
        });
        if let Ok(mut m) = self.locals.policies.write() {
            match policy {
                Some(p) => m.insert(org, p),
                None => m.remove(&org),
            };
        }
        self.start_job(org, "reassess", version.unwrap_or(0), None, now);
        Ok(())
    }

    /// Starts a preview of `version` against the organisation's open caseload on `as_of`, in the background.
    pub async fn preview_local_policy(
        &self,
        a: &Access,
        version: i64,
        as_of: Date,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        a.check(Action::ManagePolicy)?;
        let org = a.tenant.0;
        let body: Option<String> = on_pool!(self, p => sqlx::query_scalar(
            "SELECT body FROM local_policy WHERE organisation_id = $1 AND version = $2")
            .bind(org).bind(version).fetch_optional(p).await?);
        let body = body.ok_or(StoreError::NotFound)?;
        let after = Arc::new(
            self.check_local_policy(org, version, &body)
                .map_err(StoreError::LocalPolicy)?,
        );
        self.start_job(org, "preview", version, Some((after, as_of)), now);
        Ok(())
    }

    /// The organisation's current or last job, if any since the server started.
    pub fn job(&self, a: &Access) -> Option<Job> {
        if !a.may(Action::ManagePolicy) {
            return None;
        }
        let slot = self.locals.jobs.lock().ok()?.get(&a.tenant.0).cloned()?;
        let result = slot.result.lock().ok().and_then(|r| r.clone());
        let (took_ms, mut impact, error) = match result {
            None => (None, None, None),
            Some((ms, Ok(impact))) => (Some(ms), impact, None),
            Some((ms, Err(e))) => (Some(ms), None, Some(e)),
        };
        // Who moved is named only to a role that may read the clients (an administrator sees counts).
        if !a.may(Action::ReadCase)
            && let Some(i) = impact.as_mut()
        {
            i.rows.clear();
        }
        Some(Job {
            kind: slot.kind,
            version: slot.version,
            total: slot.total.load(Ordering::Relaxed),
            done: slot.done.load(Ordering::Relaxed),
            started_at: ts(slot.started_at),
            took_ms,
            impact,
            error,
        })
    }

    /// Runs `kind` for the organisation in a task of its own, replacing a finished job; a running one is left
    /// to finish (its result is what the page shows next), and this one waits for it.
    fn start_job(
        &self,
        org: i64,
        kind: &'static str,
        version: i64,
        preview: Option<(Arc<Policy>, Date)>,
        now: Timestamp,
    ) {
        let slot = Arc::new(JobSlot {
            kind,
            version,
            total: AtomicU64::new(0),
            done: AtomicU64::new(0),
            started: std::time::Instant::now(),
            started_at: now,
            result: std::sync::Mutex::new(None),
        });
        let previous = self
            .locals
            .jobs
            .lock()
            .ok()
            .and_then(|mut j| j.insert(org, slot.clone()));
        let store = self.clone();
        tokio::spawn(async move {
            // One job per organisation at a time: wait for the one this replaced.
            while let Some(p) = &previous {
                if p.result.lock().map(|r| r.is_some()).unwrap_or(true) {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            let outcome = match preview {
                Some((after, as_of)) => store
                    .impact(org, &after, as_of, &slot)
                    .await
                    .map(Some)
                    .map_err(|e| e.to_string()),
                None => store
                    .reassess_organisation(org, true, now, Some(&slot))
                    .await
                    .map(|_| None)
                    .map_err(|e| e.to_string()),
            };
            let ms = u64::try_from(slot.started.elapsed().as_millis()).unwrap_or(u64::MAX);
            if let Ok(mut r) = slot.result.lock() {
                *r = Some((ms, outcome));
            }
        });
    }

    /// Open clients of the organisation after `after`, 500 at a time: (id, data, status, "Family, Given").
    async fn open_batch(&self, org: i64, after: i64) -> Result<Vec<Row>, StoreError> {
        let sql = "SELECT id, data, status, family_name FROM client WHERE organisation_id = $1 AND id > $2 \
                   AND status <> 'closed' ORDER BY id LIMIT 500";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(org).bind(after).fetch_all(p).await?))
    }

    /// The records and the non-draft registrations with DT&V of the clients numbered `lo..=hi`, each sorted by
    /// client (for [`of_client`]).
    async fn files_between(
        &self,
        lo: i64,
        hi: i64,
    ) -> Result<(Vec<(i64, String)>, Vec<(i64, String)>), StoreError> {
        let recs = "SELECT client_id, data FROM record WHERE client_id >= $1 AND client_id <= $2 ORDER BY client_id, id";
        let ver = "SELECT client_id, data FROM verification WHERE client_id >= $1 AND client_id <= $2 \
                   AND status <> 'draft' ORDER BY client_id, id";
        let records = on_pool!(self, p => sqlx::query_as(recs).bind(lo).bind(hi).fetch_all(p).await?);
        let verifications = on_pool!(self, p => sqlx::query_as(ver).bind(lo).bind(hi).fetch_all(p).await?);
        Ok((records, verifications))
    }

    /// Every open client's conclusions under the organisation's policy and under `after`, compared.
    async fn impact(
        &self,
        org: i64,
        after: &Policy,
        as_of: Date,
        slot: &JobSlot,
    ) -> Result<Impact, StoreError> {
        let before = self.policy_of(org);
        let total: i64 = on_pool!(self, p => sqlx::query_scalar(
            "SELECT COUNT(*) FROM client WHERE organisation_id = $1 AND status <> 'closed'")
            .bind(org).fetch_one(p).await?);
        slot.total
            .store(u64::try_from(total).unwrap_or(0), Ordering::Relaxed);
        let mut impact = Impact {
            as_of: Some(as_of),
            before_hash: before.hash().to_owned(),
            after_hash: after.hash().to_owned(),
            ..Impact::default()
        };
        let mut last = 0i64;
        loop {
            let rows = self.open_batch(org, last).await?;
            let Some(l) = rows.last() else { break };
            last = l.0;
            let (lo, hi) = (rows[0].0, last);
            let (records, verifications) = self.files_between(lo, hi).await?;
            for (id, data, _, _) in &rows {
                let input: ClientInput = self.open_data(data)?;
                let mine: Vec<Record> = of_client(&records, *id)
                    .iter()
                    .map(|(_, d)| serde_json::from_str(d).map_err(corrupt))
                    .collect::<Result<_, _>>()?;
                let vs: Vec<String> = of_client(&verifications, *id)
                    .iter()
                    .map(|(_, d)| d.clone())
                    .collect();
                impact.clients += 1;
                slot.done.fetch_add(1, Ordering::Relaxed);
                let Ok(mut facts) = terugkeer_domain::facts::derive(&input, &mine, as_of) else {
                    impact.unassessable += 1;
                    continue;
                };
                facts.verification = crate::summary::latest_answered(&vs)?.and_then(|v| v.as_input(as_of));
                let (Ok(b), Ok(a)) = (
                    terugkeer_rules::assess(&facts, &before, Lang::Nl),
                    terugkeer_rules::assess(&facts, after, Lang::Nl),
                ) else {
                    impact.unassessable += 1;
                    continue;
                };
                let changes = terugkeer_rules::impact::changes(&b, &a);
                if changes.is_empty() {
                    continue;
                }
                impact.moved += 1;
                for (field, _, _) in &changes {
                    *impact.fields.entry((*field).to_owned()).or_default() += 1;
                }
                let (eb, ea) = (eligibility_word(&b), eligibility_word(&a));
                if eb != ea {
                    *impact.eligibility.entry(format!("{eb} → {ea}")).or_default() += 1;
                }
                if impact.rows.len() < MOVED_SHOWN {
                    impact.rows.push(Moved {
                        client_id: *id,
                        name: format!("{}, {}", input.family_name, input.given_names),
                        changes: changes
                            .into_iter()
                            .map(|(f, b, a)| (f.to_owned(), b, a))
                            .collect(),
                    });
                }
            }
            tokio::task::yield_now().await;
        }
        Ok(impact)
    }

    /// Recomputes the summaries of one organisation's clients under its policy (all of them when `all`, else
    /// those computed under another policy), in batches of one transaction each. Returns how many.
    pub(crate) async fn reassess_organisation(
        &self,
        org: i64,
        all: bool,
        now: Timestamp,
        slot: Option<&JobSlot>,
    ) -> Result<u64, StoreError> {
        let policy = self.policy_of(org);
        let hash = policy.hash().to_owned();
        if let Some(s) = slot {
            let total: i64 = on_pool!(self, p => sqlx::query_scalar(
                "SELECT COUNT(*) FROM client WHERE organisation_id = $1 AND ($2 OR summary_policy <> $3)")
                .bind(org).bind(all).bind(&hash).fetch_one(p).await?);
            s.total
                .store(u64::try_from(total).unwrap_or(0), Ordering::Relaxed);
        }
        let mut after = 0i64;
        let mut done = 0u64;
        loop {
            // With each client, the summary columns that are indexed (or fire the caseload count's trigger) as
            // they are now: a client whose new summary leaves them as they are gets the light update below.
            let batch = "SELECT id, data, status, family_key, given_key, setting, stage, project, next_deadline, \
                         report_from, report_due FROM client WHERE organisation_id = $4 AND id > $1 \
                         AND ($2 OR summary_policy <> $3) ORDER BY id LIMIT 500";
            let rows: Vec<BatchRow> = on_pool!(self, p => sqlx::query_as(batch)
                .bind(after).bind(all).bind(&hash).bind(org).fetch_all(p).await?);
            let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
                return Ok(done);
            };
            let (lo, hi) = (first.0, last.0);
            let (records, verifications) = self.files_between(lo, hi).await?;
            let sent = "SELECT client_id, MAX(period_start) FROM progress_report WHERE client_id >= $1 \
                        AND client_id <= $2 AND status = 'sent' GROUP BY client_id";
            let sent: std::collections::HashMap<i64, String> =
                on_pool!(self, p => sqlx::query_as::<_, (i64, String)>(sent).bind(lo).bind(hi).fetch_all(p).await?)
                    .into_iter()
                    .collect();
            let mut updates = Vec::with_capacity(rows.len());
            for row in &rows {
                let id = row.0;
                let mine: Vec<String> = of_client(&records, id).iter().map(|(_, d)| d.clone()).collect();
                let last = sent.get(&id).map(String::as_str);
                let vs: Vec<String> = of_client(&verifications, id)
                    .iter()
                    .map(|(_, d)| d.clone())
                    .collect();
                let c = self.cols_from_rows(org, &row.1, &row.2, &mine, last, &vs, now)?;
                let light = indexed_unchanged(row, &c);
                updates.push((id, c, light));
            }
            match &self.db {
                crate::Db::Sqlite(p) => {
                    // In-process: a statement per client costs microseconds.
                    let mut tx = begin_write!(p);
                    for (id, c, light) in &updates {
                        if *light {
                            sqlx::query(LIGHT_SUMMARY)
                                .bind(c.eligible)
                                .bind(c.next_deadline_kind)
                                .bind(&c.policy)
                                .bind(*id)
                                .execute(&mut *tx)
                                .await?;
                        } else {
                            write_summary!(tx, c, *id);
                        }
                    }
                    tx.commit().await?;
                }
                crate::Db::Postgres(p) => {
                    // Over the network a statement per client is a round trip each (100,000 of them took 20 s):
                    // one statement per kind of update and batch, its values as arrays.
                    let mut tx = begin_write!(p);
                    let (light, full): (Vec<_>, Vec<_>) = updates.iter().partition(|u| u.2);
                    if !light.is_empty() {
                        sqlx::query(LIGHT_SUMMARY_PG)
                            .bind(light.iter().map(|u| u.0).collect::<Vec<i64>>())
                            .bind(light.iter().map(|u| u.1.eligible).collect::<Vec<Option<i64>>>())
                            .bind(
                                light
                                    .iter()
                                    .map(|u| u.1.next_deadline_kind)
                                    .collect::<Vec<Option<&str>>>(),
                            )
                            .bind(light.iter().map(|u| u.1.policy.as_str()).collect::<Vec<&str>>())
                            .execute(&mut *tx)
                            .await?;
                    }
                    if !full.is_empty() {
                        let text = |f: fn(&crate::summary::Cols) -> Option<&str>| {
                            full.iter().map(|u| f(&u.1)).collect::<Vec<Option<&str>>>()
                        };
                        sqlx::query(FULL_SUMMARY_PG)
                            .bind(full.iter().map(|u| u.0).collect::<Vec<i64>>())
                            .bind(text(|c| Some(c.family_key.as_str())))
                            .bind(text(|c| Some(c.given_key.as_str())))
                            .bind(text(|c| c.setting))
                            .bind(text(|c| Some(c.stage)))
                            .bind(text(|c| c.project.as_deref()))
                            .bind(full.iter().map(|u| u.1.eligible).collect::<Vec<Option<i64>>>())
                            .bind(text(|c| c.next_deadline.as_deref()))
                            .bind(text(|c| c.next_deadline_kind))
                            .bind(text(|c| Some(c.policy.as_str())))
                            .bind(text(|c| c.report_from.as_deref()))
                            .bind(text(|c| c.report_due.as_deref()))
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                }
            }
            done += rows.len() as u64;
            if let Some(s) = slot {
                s.done.store(done, Ordering::Relaxed);
            }
            after = hi;
        }
    }
}

/// A client of a re-assessment batch: id, data, status, then the summary columns an index holds or the caseload
/// count's trigger watches (family and given key, setting, stage, project, next deadline, report from and due).
type BatchRow = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The summary columns no index holds and no trigger watches. A policy change mostly moves only these (a
/// country list moves eligibility); writing them alone leaves eight indexes and the caseload counts alone,
/// which is most of a full update's cost.
const LIGHT_SUMMARY: &str =
    "UPDATE client SET eligible = $1, next_deadline_kind = $2, summary_policy = $3 WHERE id = $4";

/// [`LIGHT_SUMMARY`] for a whole batch on PostgreSQL: ids, eligibility, deadline kinds, policy hashes as arrays.
const LIGHT_SUMMARY_PG: &str = "UPDATE client AS c SET eligible = v.eligible, next_deadline_kind = v.kind, \
     summary_policy = v.policy FROM UNNEST($1::BIGINT[], $2::BIGINT[], $3::TEXT[], $4::TEXT[]) \
     AS v(id, eligible, kind, policy) WHERE c.id = v.id";

/// Every summary column (as `UPDATE_SUMMARY`) for a whole batch on PostgreSQL, the values as arrays.
const FULL_SUMMARY_PG: &str = "UPDATE client AS c SET family_key = v.family_key, given_key = v.given_key, \
     setting = v.setting, stage = v.stage, project = v.project, eligible = v.eligible, \
     next_deadline = v.next_deadline, next_deadline_kind = v.kind, summary_policy = v.policy, \
     deadline_sort = COALESCE(v.next_deadline, '9999-12-31'), report_from = v.report_from, \
     report_due = v.report_due \
     FROM UNNEST($1::BIGINT[], $2::TEXT[], $3::TEXT[], $4::TEXT[], $5::TEXT[], $6::TEXT[], $7::BIGINT[], \
     $8::TEXT[], $9::TEXT[], $10::TEXT[], $11::TEXT[], $12::TEXT[]) \
     AS v(id, family_key, given_key, setting, stage, project, eligible, next_deadline, kind, policy, \
     report_from, report_due) WHERE c.id = v.id";

/// Whether the new summary `c` leaves every indexed or watched column of `row` as it is.
fn indexed_unchanged(row: &BatchRow, c: &crate::summary::Cols) -> bool {
    row.3 == c.family_key
        && row.4 == c.given_key
        && row.5.as_deref() == c.setting
        && row.6 == c.stage
        && row.7 == c.project
        && row.8 == c.next_deadline
        && row.9 == c.report_from
        && row.10 == c.report_due
}
