//! A user's calendar feed: a secret address (stored as its SHA-256) that calendar programs fetch without a
//! login, and the events it lists — the nearest deadline of each open client in the user's caseload, the
//! progress reports due, DT&V's answers due on sent verification forms, and the monitoring moments after
//! return (6 and 12 months in the built-in policy) whose conversation is not yet recorded. Making a new address revokes
//! the old one; every fetch is audited as the user's.

use jiff::Timestamp;
use serde_json::json;
use terugkeer_domain::calendar::Event;
use terugkeer_domain::record::{ClosureOutcome, Record};
use terugkeer_domain::verification::VerificationStatus;
use terugkeer_rules::Date;

use crate::Tenant;
use crate::access::{Access, Role};
use crate::audit::Event as AuditEvent;
use crate::{Store, StoreError, corrupt, ts};

/// The words of a deadline kind in the feed (Dutch: the feed has no session to take a language from).
fn deadline_words(kind: &str) -> &'static str {
    match kind {
        "departure_term_end" => "Einde vertrektermijn",
        "reception_end" => "Einde opvang",
        "support_in_nl_end" => "Einde ondersteuning in Nederland",
        "planned_departure" => "Gepland vertrek",
        _ => "Termijn",
    }
}

impl Store {
    /// The monitoring moments not yet held of the user's returnees (closed with a departure): the moments
    /// of the policy in force on the day of departure, less those whose conversation is recorded. A moment
    /// past its day stays in the feed until it is recorded, so a missed one is not forgotten.
    async fn monitoring_due(&self, a: &Access, user: i64) -> Result<Vec<Event>, StoreError> {
        let departures = format!(
            "SELECT client.id, record.data FROM client \
             JOIN record ON record.client_id = client.id AND record.kind = 'closure' \
             WHERE client.assigned_to = $3 AND client.status = 'closed' AND client.anonymised_at IS NULL \
             AND {} ORDER BY client.id LIMIT 1000",
            a.visible()
        );
        let held = format!(
            "SELECT v.client_id, v.months FROM monitoring_visit v JOIN client ON client.id = v.client_id \
             WHERE client.assigned_to = $3 AND client.status = 'closed' AND {}",
            a.visible()
        );
        let (b1, b2) = a.binds();
        // (closure rows of client and data; held moments of client and months)
        type Rows = (Vec<(i64, String)>, Vec<(i64, i64)>);
        let (rows, held): Rows = on_pool!(self, p => {
            let rows = sqlx::query_as(sqlx::AssertSqlSafe(departures.clone()))
                .bind(b1).bind(b2).bind(user).fetch_all(p).await?;
            let held = sqlx::query_as(sqlx::AssertSqlSafe(held.clone()))
                .bind(b1).bind(b2).bind(user).fetch_all(p).await?;
            (rows, held)
        });
        let held: std::collections::HashSet<(i64, i64)> = held.into_iter().collect();
        let mut events = Vec::new();
        for (client, data) in rows {
            let closure: Record =
                serde_json::from_str(&data).map_err(|e| corrupt(format!("closure of {client}: {e}")))?;
            let Record::Closure {
                outcome: ClosureOutcome::Departed,
                on: departed,
                ..
            } = closure
            else {
                continue;
            };
            for months in self.monitoring_moments(departed) {
                if held.contains(&(client, i64::from(months))) {
                    continue;
                }
                events.push(Event {
                    uid: format!("monitoring-{client}-{months}@terugkeer"),
                    on: departed.add_months(months as i32),
                    summary: format!("Monitoring {months} maanden na terugkeer — cliënt {client}"),
                    description: format!("/clients/{client}#monitoring"),
                });
            }
        }
        Ok(events)
    }

    /// Makes `secret_hash` the user's calendar address, revoking any earlier one.
    pub async fn new_calendar_feed(
        &self,
        a: &Access,
        secret_hash: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let user = a.user_id().ok_or(StoreError::Forbidden)?;
        on_pool!(self, p => {
            let mut tx = begin_write!(p);
            sqlx::query("UPDATE calendar_feed SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
                .bind(ts(now)).bind(user).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO calendar_feed (secret_hash, user_id, created_at) VALUES ($1, $2, $3)")
                .bind(secret_hash).bind(user).bind(ts(now)).execute(&mut *tx).await?;
            let ev = AuditEvent {
                organisation_id: a.tenant.0,
                action: "new_calendar_feed",
                entity: "calendar_feed",
                entity_id: None,
                client_id: None,
                detail: json!({"user_id": user}),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
        });
        Ok(())
    }

    /// Whether the user has a live calendar address.
    pub async fn has_calendar_feed(&self, a: &Access) -> Result<bool, StoreError> {
        let sql = "SELECT COUNT(*) FROM calendar_feed WHERE user_id = $1 AND revoked_at IS NULL";
        let n: i64 =
            on_pool!(self, p => sqlx::query_scalar(sql).bind(a.user_id().unwrap_or(-1)).fetch_one(p).await?);
        Ok(n > 0)
    }

    /// Revokes the user's calendar address.
    pub async fn revoke_calendar_feed(&self, a: &Access, now: Timestamp) -> Result<(), StoreError> {
        let sql = "UPDATE calendar_feed SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL";
        on_pool!(self, p => sqlx::query(sql).bind(ts(now)).bind(a.user_id().unwrap_or(-1)).execute(p).await?.rows_affected());
        Ok(())
    }

    /// The events of the feed at `secret_hash` (`None`: no such live address), with the user's name, as seen
    /// on `today`.
    pub async fn calendar_events(
        &self,
        secret_hash: &str,
        today: Date,
        now: Timestamp,
    ) -> Result<Option<(String, Vec<Event>)>, StoreError> {
        let sql = "SELECT u.id, u.organisation_id, u.role, u.display_name FROM calendar_feed f \
                   JOIN app_user u ON u.id = f.user_id WHERE f.secret_hash = $1 AND f.revoked_at IS NULL";
        let row: Option<(i64, i64, String, String)> =
            on_pool!(self, p => sqlx::query_as(sql).bind(secret_hash).fetch_optional(p).await?);
        let Some((user, org, role, name)) = row else {
            return Ok(None);
        };
        let role = Role::parse(&role).ok_or_else(|| corrupt(format!("unknown role {role:?}")))?;
        if !matches!(role, Role::Caseworker | Role::Coordinator | Role::Partner) {
            return Ok(Some((name, Vec::new())));
        }
        let a = Access {
            tenant: Tenant(org),
            user_id: Some(user),
            role,
            address: None,
        };
        let mut events = Vec::new();
        // The caseload: assigned to the user (a partner: registered with them).
        let mine = if role == Role::Partner {
            "client.partner_id = $3"
        } else {
            "client.assigned_to = $3"
        };
        let deadlines = format!(
            "SELECT client.id, client.next_deadline, client.next_deadline_kind FROM client \
             WHERE {mine} AND client.status = 'open' AND client.next_deadline IS NOT NULL AND {} \
             ORDER BY client.deadline_sort LIMIT 1000",
            a.visible()
        );
        let (b1, b2) = a.binds();
        let rows: Vec<(i64, String, Option<String>)> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(deadlines.clone()))
            .bind(b1).bind(b2).bind(user).fetch_all(p).await?);
        for (client, on, kind) in rows {
            let on = Date::parse(&on).map_err(|e| corrupt(format!("next_deadline {on:?}: {e}")))?;
            let kind = kind.unwrap_or_default();
            events.push(Event {
                uid: format!("deadline-{client}-{kind}-{on}@terugkeer"),
                on,
                summary: format!("{} — cliënt {client}", deadline_words(&kind)),
                description: format!("/clients/{client}"),
            });
        }
        if role != Role::Partner {
            for due in self.reports_due(&a, user, today, 62, 1000).await? {
                events.push(Event {
                    uid: format!("report-{}-{}@terugkeer", due.client_id, due.period.start),
                    on: due.period.end,
                    summary: format!(
                        "Voortgangsrapportage {} aan DT&V — cliënt {}",
                        terugkeer_text::Tr {
                            lang: terugkeer_rules::Lang::Nl
                        }
                        .months(due.period.start, due.period.end),
                        due.client_id
                    ),
                    description: format!("/clients/{}#progress", due.client_id),
                });
            }
        }
        for line in self
            .verification_list(&a, Some(VerificationStatus::Submitted), 1000)
            .await?
        {
            if let Some((on, cite)) = &line.stored.answer_due {
                events.push(Event {
                    uid: format!("verification-{}@terugkeer", line.stored.id),
                    on: *on,
                    summary: format!(
                        "Antwoord DT&V op verificatieformulier — cliënt {}",
                        line.stored.client_id
                    ),
                    description: format!("{cite}\n/clients/{}#verification", line.stored.client_id),
                });
            }
        }
        if role != Role::Partner {
            events.extend(self.monitoring_due(&a, user).await?);
        }
        events.sort_by(|x, y| (x.on, &x.uid).cmp(&(y.on, &y.uid)));
        // A fetch is a disclosure of dates about these clients: recorded as the user's read of the feed.
        self.audit_event(
            &a,
            AuditEvent {
                organisation_id: org,
                action: "calendar_feed",
                entity: "calendar_feed",
                entity_id: None,
                client_id: None,
                detail: json!({"events": events.len()}),
            },
            now,
        )
        .await?;
        Ok(Some((name, events)))
    }
}
