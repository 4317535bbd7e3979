//! The conversation per client between the NGO and DT&V (`terugkeer_domain::message`): messages both ways,
//! each a line of the exchange ledger in the same transaction, the text sealed at rest, read or unread per
//! side. The NGO writes to DT&V with a legal basis, and records what DT&V said outside the application with
//! its source and day; the regievoerder the trajectory is registered with (and those above her at the
//! location, who see it) writes to the NGO.

use jiff::Timestamp;
use serde_json::json;
use terugkeer_domain::client::InputError;
use terugkeer_domain::message::{About, AboutKind, Kind, NewMessage, Source};
use terugkeer_rules::{Date, Problem};

use crate::access::{Access, Action, Role};
use crate::audit::Event;
use crate::seal::TEXT_MARK;
use crate::{Store, StoreError, corrupt, day_of, ts};

/// A message as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMessage {
    /// Id.
    pub id: i64,
    /// `out` (the NGO to DT&V) or `in` (DT&V to the NGO).
    pub direction: &'static str,
    /// What it is.
    pub kind: Kind,
    /// The text.
    pub body: String,
    /// Who wrote or recorded it.
    pub author: String,
    /// Their organisation.
    pub organisation: String,
    /// The basis it went to DT&V on (`out`).
    pub basis: Option<String>,
    /// The override's reason.
    pub reason: String,
    /// For what the NGO recorded from outside: how DT&V said it, and when.
    pub recorded_from: Option<Source>,
    /// The day of that letter, e-mail or call.
    pub received_on: Option<Date>,
    /// When it was written (UTC, RFC 3339).
    pub at: String,
    /// When the receiving side first opened it.
    pub read_at: Option<String>,
    /// The record of the file it is about.
    pub about: Option<About>,
}

/// A message row: id, direction, kind, body, author, organisation, basis, reason, recorded_from, received_on,
/// created_at, read_at, about.
pub(crate) type MessageRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
);

/// The columns of a [`MessageRow`], on table `m`.
pub(crate) const MESSAGE_COLUMNS: &str = "m.id, m.direction, m.kind, m.body, m.author_name, m.author_organisation, \
     m.basis, m.reason, m.recorded_from, m.received_on, m.created_at, m.read_at, m.about";

impl Store {
    pub(crate) fn stored_message(&self, row: MessageRow) -> Result<StoredMessage, StoreError> {
        let (id, direction, kind, body, author, organisation, basis, reason, from, on, at, read_at, about) =
            row;
        let body = match body.strip_prefix(TEXT_MARK) {
            Some(sealed) => {
                let key = self.key.as_deref().ok_or(StoreError::NoKey)?;
                String::from_utf8(key.open(sealed)?).map_err(corrupt)?
            }
            None => body,
        };
        Ok(StoredMessage {
            id,
            direction: if direction == "out" { "out" } else { "in" },
            kind: Kind::parse(&kind).ok_or_else(|| corrupt(format!("message {id}: kind {kind:?}")))?,
            body,
            author,
            organisation,
            basis,
            reason,
            recorded_from: from
                .as_deref()
                .map(|s| Source::parse(s).ok_or_else(|| corrupt(format!("message {id}: source {s:?}"))))
                .transpose()?,
            received_on: on.as_deref().map(crate::progress::date).transpose()?,
            at,
            read_at,
            about: about
                .as_deref()
                .map(|s| About::parse(s).ok_or_else(|| corrupt(format!("message {id}: about {s:?}"))))
                .transpose()?,
        })
    }

    /// A client's messages, oldest first.
    pub async fn messages(&self, a: &Access, client_id: i64) -> Result<Vec<StoredMessage>, StoreError> {
        self.may_see_and(a, client_id, Action::ReadCase).await?;
        let sql = format!("SELECT {MESSAGE_COLUMNS} FROM message m WHERE m.client_id = $1 ORDER BY m.id");
        let rows: Vec<MessageRow> =
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(client_id).fetch_all(p).await?);
        rows.into_iter().map(|r| self.stored_message(r)).collect()
    }

    /// Writes a message on a client's file, with its line in the exchange ledger: the NGO to DT&V (refused
    /// without a basis, or when no regievoerder is registered to read it), the NGO recording what DT&V said
    /// (its source and day), or a partner user to the NGO.
    pub async fn send_message(
        &self,
        a: &Access,
        client_id: i64,
        message: &NewMessage,
        now: Timestamp,
    ) -> Result<StoredMessage, StoreError> {
        let partner = a.role == Role::Partner;
        let client = self.may_see_and(a, client_id, a.role.file_write()).await?;
        let today = day_of(now);
        message.validate(today)?;
        if partner && message.recorded_from.is_some() {
            return Err(StoreError::refuse(
                "recorded_from",
                "problem-message-dtv-writes-itself",
            ));
        }
        let direction = if partner || message.recorded_from.is_some() {
            "in"
        } else {
            "out"
        };
        let user = a.user_id();
        let who = "SELECT u.display_name, o.name FROM app_user u JOIN organisation o ON o.id = u.organisation_id \
                   WHERE u.id = $1";
        let (author, organisation): (String, String) = match user {
            Some(u) => on_pool!(self, p => sqlx::query_as(who).bind(u).fetch_one(p).await?),
            None => return Err(StoreError::Forbidden),
        };
        // What goes to DT&V carries its basis; what comes in needs none.
        let (basis, reason) = if direction == "out" {
            let basis = message
                .basis
                .ok_or_else(|| StoreError::refuse("basis", "problem-message-basis-needed"))?;
            (
                Some(basis.as_str()),
                terugkeer_domain::progress::check_basis(basis, &message.reason)?,
            )
        } else {
            (None, String::new())
        };
        // The counterpart in the ledger: the registered regievoerder (the NGO's message goes to her) or the
        // writer's DT&V location; a message recorded from outside names DT&V as it came.
        let regievoerder: Option<(String, String)> = match client.partner_id {
            Some(pid) => on_pool!(self, p => sqlx::query_as(who).bind(pid).fetch_optional(p).await?),
            None => None,
        };
        let counterpart = match (direction, partner, &regievoerder) {
            ("out", _, Some((name, org))) => format!("{name} ({org})"),
            ("out", _, None) => {
                return Err(InputError {
                    field: "basis",
                    message: Problem::new("problem-message-no-regievoerder"),
                }
                .into());
            }
            (_, true, _) => organisation.clone(),
            (_, false, Some((_, org))) => org.clone(),
            (_, false, None) => "DT&V".to_owned(),
        };
        // What it is about must be a record of this file.
        if let Some(about) = message.about {
            let table = match about.kind {
                AboutKind::Report => "progress_report",
                AboutKind::Verification => "verification",
                AboutKind::Extension => "extension_request",
                AboutKind::Handout => "handout",
            };
            let sql = format!("SELECT COUNT(*) FROM {table} WHERE id = $1 AND client_id = $2");
            let n: i64 = on_pool!(self, p => sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone())).bind(about.id).bind(client_id).fetch_one(p).await?);
            if n == 0 {
                return Err(StoreError::refuse("about", "problem-message-about-unknown"));
            }
        }
        let body = message.body.trim();
        let sealed = format!(
            "{TEXT_MARK}{}",
            self.key
                .as_deref()
                .ok_or(StoreError::NoKey)?
                .seal(body.as_bytes())?
        );
        let from = message.recorded_from.map(Source::as_str);
        let received = message.received_on.map(|d| d.to_string());
        // What the NGO recorded itself it has read; a message to the other side waits for them.
        let read_at = (!partner && direction == "in").then(|| ts(now));
        let on = message.received_on.unwrap_or(today).to_string();
        let what = format!("message: {}", message.kind.as_str());
        let insert = "INSERT INTO message (organisation_id, client_id, direction, kind, body, author_id, author_name, \
                      author_organisation, basis, reason, recorded_from, received_on, created_at, read_at, about) \
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id";
        let id = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let id: i64 = sqlx::query_scalar(insert).bind(client.organisation_id).bind(client_id).bind(direction)
                .bind(message.kind.as_str()).bind(&sealed).bind(user).bind(&author).bind(&organisation)
                .bind(basis).bind(&reason).bind(from).bind(&received).bind(ts(now)).bind(&read_at)
                .bind(message.about.map(About::to_stored))
                .fetch_one(&mut *tx).await?;
            crate::progress::exchange!(tx, client.organisation_id, client_id, on.clone(), direction, counterpart.clone(), what.clone(),
                basis, reason.clone(), user, now);
            let ev = Event {
                organisation_id: client.organisation_id,
                action: "send_message",
                entity: "message",
                entity_id: Some(id),
                client_id: Some(client_id),
                detail: json!({"direction": direction, "kind": message.kind.as_str(), "basis": basis,
                               "recorded_from": from}),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
            id
        });
        Ok(StoredMessage {
            id,
            direction,
            kind: message.kind,
            body: body.to_owned(),
            author,
            organisation,
            basis: basis.map(str::to_owned),
            reason,
            recorded_from: message.recorded_from,
            received_on: message.received_on,
            at: ts(now),
            read_at,
            about: message.about,
        })
    }

    /// Marks the messages the caller's side received on a client's file as read (when someone of that side
    /// opens the file); the count of what was new.
    pub async fn mark_messages_read(
        &self,
        a: &Access,
        client_id: i64,
        now: Timestamp,
    ) -> Result<u64, StoreError> {
        self.may_see_and(a, client_id, Action::ReadCase).await?;
        let Some(side) = a.role.message_side() else {
            return Ok(0);
        };
        let sql =
            "UPDATE message SET read_at = $1 WHERE client_id = $2 AND direction = $3 AND read_at IS NULL";
        let done = on_pool!(self, p => sqlx::query(sql).bind(ts(now)).bind(client_id).bind(side).execute(p).await?.rows_affected());
        Ok(done)
    }
}
