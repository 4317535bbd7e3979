//! The audit trail: who, when, from where, what, which fields — every change written in the transaction
//! of the change (so a change without its entry cannot exist), every read of a client's file written by
//! the web layer through [`Store::audit_read`]. Entries are hash-chained: each entry's SHA-256 covers its
//! content and the previous entry's hash, and `audit_head` holds the last sequence number and hash.
//! [`Store::verify_audit`] walks the chain and names the first entry that was edited, deleted, inserted or
//! moved. The database refuses UPDATE and DELETE on the log (triggers); the chain is what shows tampering
//! by someone who removed those.
//!
//! Special-category values (criminal record, article 1F, medical impediment) are not copied into the log:
//! an entry says such a field changed, not to what.

use jiff::Timestamp;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use sqlx::Connection as _;

use crate::access::Access;
use crate::{Store, StoreError, corrupt, ts};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Fields whose values stay out of the log (GDPR art. 9 and 10 data).
const SPECIAL: [&str; 3] = ["criminal_record", "article_1f", "medical_impediment"];
/// Free text of records — a contact's notes, a closure's reason, a plan's goals — may hold health or other
/// special-category information in the caseworker's words: the append-only log names such a field when it
/// changes but never keeps its words (the log cannot be anonymised later).
const FREE_TEXT: [&str; 3] = ["notes", "reason", "goals"];

/// An entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditEntry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// When (RFC 3339).
    pub at: String,
    /// The organisation of the data.
    pub organisation_id: i64,
    /// Who (none: the command line).
    pub user_id: Option<i64>,
    /// From where (the client's network address), if known.
    pub address: Option<String>,
    /// `read`, `create`, `update`, `add_record`, `update_record`, `close`, `assign`, `share`, `unshare`,
    /// `register_dtv`, `add_user`, `add_organisation`.
    pub action: String,
    /// `client`, `record`, `user`, `organisation`.
    pub entity: String,
    /// The entity's id.
    pub entity_id: Option<i64>,
    /// The client the entry is about, if any.
    pub client_id: Option<i64>,
    /// What: JSON (the fields with old and new values for a change, the page or export for a read).
    pub detail: String,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

impl AuditEntry {
    /// The hash of this entry's content after `prev`: SHA-256 over every field, each length-prefixed so that
    /// no two different entries give the same input.
    pub fn digest(&self, prev: &str) -> String {
        // `-` for none, `+value` for some: an empty value is not the absence of one.
        let opt = |v: Option<String>| v.map_or_else(|| "-".to_owned(), |v| format!("+{v}"));
        let num = |v: Option<i64>| opt(v.map(|v| v.to_string()));
        let mut h = Sha256::new();
        for part in [
            self.seq.to_string().as_str(),
            &self.at,
            &self.organisation_id.to_string(),
            &num(self.user_id),
            &opt(self.address.clone()),
            &self.action,
            &self.entity,
            &num(self.entity_id),
            &num(self.client_id),
            &self.detail,
            prev,
        ] {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// What an audited action writes, before the chain gives it a place.
pub(crate) struct Event {
    pub(crate) organisation_id: i64,
    pub(crate) action: &'static str,
    pub(crate) entity: &'static str,
    pub(crate) entity_id: Option<i64>,
    pub(crate) client_id: Option<i64>,
    pub(crate) detail: Value,
}

impl Event {
    /// The entry this event becomes as number `seq` after `prev`, by `a` at `now`.
    pub(crate) fn entry(&self, a: Option<&Access>, seq: i64, prev: String, now: Timestamp) -> AuditEntry {
        let mut e = AuditEntry {
            seq,
            at: ts(now),
            organisation_id: self.organisation_id,
            user_id: a.and_then(|a| a.user_id),
            address: a.and_then(|a| a.address).map(|ip| ip.to_string()),
            action: self.action.into(),
            entity: self.entity.into(),
            entity_id: self.entity_id,
            client_id: self.client_id,
            detail: self.detail.to_string(),
            prev_hash: prev,
            hash: String::new(),
        };
        e.hash = e.digest(&e.prev_hash);
        e
    }
}

/// Begins a write transaction on pool `$p` by taking the audit head's lock first. Every store transaction
/// writes; on SQLite a transaction that reads before its first write holds a read snapshot, and its first write
/// then fails at once ("database is locked", the busy timeout does not apply) if another writer committed
/// meanwhile — as a background summary refresh does. Writing first makes it wait its turn instead; on
/// PostgreSQL it orders all writers by the same row lock the audit chain needs anyway.
macro_rules! begin_write {
    ($p:ident) => {{
        let mut tx = $p.begin().await?;
        sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        tx
    }};
}

/// Appends event `$ev` by access `$a` (an `Option<&Access>`) at `$now` to the log, inside transaction `$tx`:
/// takes the next number and the previous hash from `audit_head` (its row lock serialises appenders),
/// writes the entry, moves the head.
macro_rules! audit {
    ($tx:ident, $a:expr, $now:expr, $ev:expr) => {{
        let (seq, prev): (i64, String) =
            sqlx::query_as("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
                .fetch_one(&mut *$tx)
                .await?;
        let ev = $ev;
        write_entries!(
            $tx,
            $crate::audit::chain(std::iter::once(($a, &ev, $now)), seq, prev)
        );
    }};
}

/// `events` (by whom, what, when) chained as entries after number `seq` with hash `prev`.
pub(crate) fn chain<'a>(
    events: impl Iterator<Item = (Option<&'a Access>, &'a Event, Timestamp)>,
    mut seq: i64,
    mut prev: String,
) -> Vec<AuditEntry> {
    events
        .map(|(a, ev, at)| {
            seq += 1;
            let e = ev.entry(a, seq, std::mem::take(&mut prev), at);
            prev = e.hash.clone();
            e
        })
        .collect()
}

/// Writes chained `$entries` (from [`chain`], after the head) inside transaction `$tx`, which holds the head's
/// lock, and moves the head to the last of them.
macro_rules! write_entries {
    ($tx:ident, $entries:expr) => {
        let entries: Vec<$crate::AuditEntry> = $entries;
        if let Some(last) = entries.last() {
            insert_rows!(
                $tx,
                "INSERT INTO audit_log (seq, at, organisation_id, user_id, address, action, entity, \
                entity_id, client_id, detail, prev_hash, hash)",
                12,
                entries,
                |q, e| q
                    .bind(e.seq)
                    .bind(&e.at)
                    .bind(e.organisation_id)
                    .bind(e.user_id)
                    .bind(&e.address)
                    .bind(&e.action)
                    .bind(&e.entity)
                    .bind(e.entity_id)
                    .bind(e.client_id)
                    .bind(&e.detail)
                    .bind(&e.prev_hash)
                    .bind(&e.hash)
            );
            sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
                .bind(last.seq)
                .bind(&last.hash)
                .execute(&mut *$tx)
                .await?;
        }
    };
}

/// A JSON value with the special-category fields replaced by a marker.
pub(crate) fn masked(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let v = if SPECIAL.contains(&k.as_str()) && !v.is_null() {
                        json!("[special category]")
                    } else if FREE_TEXT.contains(&k.as_str()) && v.as_str().is_some_and(|s| !s.is_empty()) {
                        json!("[free text]")
                    } else {
                        v.clone()
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The fields that differ between two JSON objects: `{"changes": [{"field", "old", "new"}]}`, special
/// categories named but not shown.
pub(crate) fn changes(old: &Value, new: &Value) -> Value {
    let empty = Map::new();
    let (o, n) = (
        old.as_object().unwrap_or(&empty),
        new.as_object().unwrap_or(&empty),
    );
    let mut keys: Vec<&String> = o.keys().chain(n.keys()).collect();
    keys.sort();
    keys.dedup();
    let list: Vec<Value> = keys
        .into_iter()
        .filter(|k| o.get(*k) != n.get(*k))
        .map(|k| {
            if SPECIAL.contains(&k.as_str()) {
                json!({"field": k, "special_category": true})
            } else if FREE_TEXT.contains(&k.as_str()) {
                json!({"field": k, "free_text": true})
            } else {
                json!({"field": k, "old": o.get(k).cloned().unwrap_or(Value::Null),
                       "new": n.get(k).cloned().unwrap_or(Value::Null)})
            }
        })
        .collect();
    json!({ "changes": list })
}

/// The outcome of [`Store::verify_audit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    /// Entries checked.
    pub entries: i64,
    /// The first bad entry's number and what is wrong with it; `None` if the chain is whole.
    pub first_bad: Option<(i64, String)>,
}

/// A read of a client's file, to be recorded.
#[derive(Debug, Clone)]
pub struct Read {
    /// The store's word that the reader saw this client, if the read came with it: then recording needs no
    /// second visibility check.
    pub seen: Option<Seen>,
    /// Who read it.
    pub access: Access,
    /// Whose file.
    pub client_id: i64,
    /// Which page, resource or export.
    pub what: String,
    /// When.
    pub at: Timestamp,
}

impl Read {
    /// The client's organisation, if the read comes with the store's word that this reader saw this client
    /// (then recording it needs no second visibility check).
    fn seen_organisation(&self) -> Option<i64> {
        self.seen
            .filter(|s| s.access == self.access && s.client_id == self.client_id)
            .map(|s| s.organisation_id)
    }
}

/// Made only by the store's own reads of a client's file ([`crate::CaseFile::seen`]): who saw which client,
/// of which organisation. Its fields cannot be set outside the store, so holding one proves the read passed
/// the row filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub(crate) access: Access,
    pub(crate) client_id: i64,
    pub(crate) organisation_id: i64,
}

impl Seen {
    /// Who saw it.
    pub fn access(&self) -> Access {
        self.access
    }

    /// The same, seen from `ip` (the web layer knows the address, the store's read does not).
    pub fn from_address(self, ip: Option<std::net::IpAddr>) -> Seen {
        Seen {
            access: self.access.from_address(ip),
            ..self
        }
    }
}

/// A client's (`$1`) latest disclosures, newest first, at most `limit` (written into the statement: SQLite
/// re-prepares a statement with a bound LIMIT whenever it is bound again). The entries are limited before the
/// names are joined, so that no plan joins a busy file's every entry.
pub(crate) fn history_sql(limit: i64) -> String {
    format!(
        "SELECT l.at, COALESCE(u.display_name, '') AS who, \
         COALESCE(o.name, '') AS organisation, l.address, l.action, l.detail FROM \
         (SELECT seq, at, user_id, address, action, detail FROM audit_log WHERE client_id = $1 \
          ORDER BY seq DESC LIMIT {limit}) AS l \
         LEFT JOIN app_user u ON u.id = l.user_id LEFT JOIN organisation o ON o.id = u.organisation_id \
         ORDER BY l.seq DESC"
    )
}

/// One line of a client's disclosure history.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Deserialize)]
pub struct Disclosure {
    /// When.
    pub at: String,
    /// Who (shown name), or empty for the command line.
    pub who: String,
    /// Their organisation.
    pub organisation: String,
    /// From where.
    pub address: Option<String>,
    /// What was done (see [`AuditEntry::action`]).
    pub action: String,
    /// The detail (JSON).
    pub detail: String,
}

/// The entry a read becomes, of a client of organisation `organisation_id`.
fn read_event(organisation_id: i64, r: &Read) -> Event {
    Event {
        organisation_id,
        action: "read",
        entity: "client",
        entity_id: Some(r.client_id),
        client_id: Some(r.client_id),
        detail: json!({ "what": r.what }),
    }
}

/// The body of [`Store::audit_reads`] on `$c` (a pool or a connection): see there. Evaluates to how many
/// were written and where the chain's head is after them (`None`: nothing written).
macro_rules! record_reads {
    ($c:ident, $reads:ident) => {{
        let reads = $reads;
        let p = $c;
        // The head's row lock is taken by the first statement (an UPDATE that changes nothing, returning the
        // head), as `begin_write!` does, saving that macro's separate round trip.
        let mut tx = p.begin().await?;
        let (seq, prev): (i64, String) =
            sqlx::query_as("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
                .fetch_one(&mut *tx)
                .await?;
        let mut events = Vec::with_capacity(reads.len());
        for r in reads {
            let found: Option<i64> = match r.seen_organisation() {
                Some(org) => Some(org),
                None => {
                    let sql = format!(
                        "SELECT client.organisation_id FROM client WHERE client.id = $3 AND {}",
                        r.access.visible()
                    );
                    let (org, user) = r.access.binds();
                    sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                        .bind(org)
                        .bind(user)
                        .bind(r.client_id)
                        .fetch_optional(&mut *tx)
                        .await?
                }
            };
            if let Some(organisation_id) = found {
                events.push((r, $crate::audit::read_event(organisation_id, r)));
            }
        }
        let entries = chain(
            events.iter().map(|(r, ev)| (Some(&r.access), ev, r.at)),
            seq,
            prev,
        );
        let head = entries.last().map(|e| (e.seq, e.hash.clone()));
        write_entries!(tx, entries);
        tx.commit().await?;
        (events.len(), head)
    }};
}

/// Where a writer of reads left the chain after its last batch: the head's number and hash, if it knows
/// them. The next batch is chained after it in one statement that moves the head only if it is still there
/// ([`Store::audit_reads_on`]).
#[derive(Debug, Clone, Default)]
pub struct ChainHead(Option<(i64, String)>);

/// A batch of reads chained after a known head, in one statement (PostgreSQL): the head moves only if it
/// is still where the writer left it — its row lock orders this against every other writer, and in READ
/// COMMITTED a head moved meanwhile fails the condition on the row's new version — and the entries are
/// inserted only if it moved, so the batch lands whole or not at all.
const APPEND_AFTER_HEAD: &str = "WITH head AS (UPDATE audit_head SET seq = $1, hash = $2 \
    WHERE id = 1 AND seq = $3 AND hash = $4 RETURNING id) \
    INSERT INTO audit_log (seq, at, organisation_id, user_id, address, action, entity, entity_id, client_id, \
    detail, prev_hash, hash) \
    SELECT * FROM unnest($5::BIGINT[], $6::TEXT[], $7::BIGINT[], $8::BIGINT[], $9::TEXT[], $10::TEXT[], \
    $11::TEXT[], $12::BIGINT[], $13::BIGINT[], $14::TEXT[], $15::TEXT[], $16::TEXT[]) \
    WHERE EXISTS (SELECT 1 FROM head)";

/// [`APPEND_AFTER_HEAD`] for `reads`, if every one comes with the store's word that it was seen (no
/// visibility check to make) and the writer knows the head. `None`: not written (the head moved, or it
/// could not be tried); the caller takes the head's lock and writes them the long way.
async fn append_after_head(
    c: &mut sqlx::PgConnection,
    reads: &[Read],
    head: &ChainHead,
) -> Result<Option<(usize, ChainHead)>, StoreError> {
    let Some((seq, prev)) = head.0.clone() else {
        return Ok(None);
    };
    let mut events = Vec::with_capacity(reads.len());
    for r in reads {
        let Some(org) = r.seen_organisation() else {
            return Ok(None);
        };
        events.push((r, read_event(org, r)));
    }
    let entries = chain(
        events.iter().map(|(r, ev)| (Some(&r.access), ev, r.at)),
        seq,
        prev.clone(),
    );
    let Some(last) = entries.last() else {
        return Ok(None);
    };
    let column = |f: fn(&AuditEntry) -> String| entries.iter().map(f).collect::<Vec<_>>();
    let number = |f: fn(&AuditEntry) -> Option<i64>| entries.iter().map(f).collect::<Vec<_>>();
    let written = sqlx::query(APPEND_AFTER_HEAD)
        .bind(last.seq)
        .bind(&last.hash)
        .bind(seq)
        .bind(&prev)
        .bind(entries.iter().map(|e| e.seq).collect::<Vec<_>>())
        .bind(column(|e| e.at.clone()))
        .bind(entries.iter().map(|e| e.organisation_id).collect::<Vec<_>>())
        .bind(number(|e| e.user_id))
        .bind(entries.iter().map(|e| e.address.clone()).collect::<Vec<_>>())
        .bind(column(|e| e.action.clone()))
        .bind(column(|e| e.entity.clone()))
        .bind(number(|e| e.entity_id))
        .bind(number(|e| e.client_id))
        .bind(column(|e| e.detail.clone()))
        .bind(column(|e| e.prev_hash.clone()))
        .bind(column(|e| e.hash.clone()))
        .execute(&mut *c)
        .await?
        .rows_affected();
    // One statement: every entry or none (the head had moved).
    if written == 0 {
        return Ok(None);
    }
    Ok(Some((
        entries.len(),
        ChainHead(Some((last.seq, last.hash.clone()))),
    )))
}

/// A database connection outside the pool ([`Store::dedicated`]).
pub enum Dedicated {
    /// SQLite.
    Sqlite(sqlx::SqliteConnection),
    /// PostgreSQL.
    Postgres(sqlx::PgConnection),
}

impl Store {
    /// Records that the caller saw client `client_id` (`what`: the page, the API resource or the export),
    /// if they may see it.
    pub async fn audit_read(
        &self,
        a: &Access,
        client_id: i64,
        what: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let read = Read {
            seen: None,
            access: *a,
            client_id,
            what: what.to_owned(),
            at: now,
        };
        self.audit_reads(std::slice::from_ref(&read)).await.map(|_| ())
    }

    /// Records several reads in one transaction (the web layer gathers the reads that arrive while the
    /// previous batch commits: one disk flush for all of them), taking the chain's head once and writing the
    /// entries in one statement. A read of a client its reader may not see is skipped. Returns how many were
    /// written.
    pub async fn audit_reads(&self, reads: &[Read]) -> Result<usize, StoreError> {
        Ok(on_pool!(self, p => record_reads!(p, reads)).0)
    }

    /// A connection of its own, outside the pool (which opens another in its place): for the web layer's
    /// writer of read records, which would otherwise queue for a pooled connection behind the very requests
    /// whose reads it records — measured, that wait was most of a batch's 4 ms and held the client page to
    /// ~2,000 requests/s.
    pub async fn dedicated(&self) -> Result<Dedicated, StoreError> {
        Ok(match &self.db {
            // An in-memory database lives in its pool's one connection: another would be another database.
            crate::Db::Sqlite(p) if p.options().get_max_connections() <= 1 => {
                return Err(StoreError::Url(
                    "an in-memory database has only one connection".into(),
                ));
            }
            crate::Db::Sqlite(p) => Dedicated::Sqlite(p.acquire().await?.detach()),
            crate::Db::Postgres(p) => Dedicated::Postgres(p.acquire().await?.detach()),
        })
    }

    /// [`Store::audit_reads`] on a [`Store::dedicated`] connection, after `head`: where this writer left the
    /// chain, which it moves. On PostgreSQL a batch whose every read comes with its [`Seen`] is written in one
    /// statement when the head is still there (one round trip instead of five: begin, lock, insert, move,
    /// commit — each a wait for the writer's turn on a busy machine, and every read of the batch waits for
    /// all of them); otherwise, and on SQLite (where a statement is no round trip), the head's lock is taken
    /// first.
    pub async fn audit_reads_on(
        &self,
        conn: &mut Dedicated,
        reads: &[Read],
        head: &mut ChainHead,
    ) -> Result<usize, StoreError> {
        let (n, after) = match conn {
            Dedicated::Sqlite(c) => record_reads!(c, reads),
            Dedicated::Postgres(c) => match append_after_head(c, reads, head).await? {
                Some((n, after)) => (n, after.0),
                None => record_reads!(c, reads),
            },
        };
        // Nothing written (every read skipped) leaves the head where it was, as far as this writer knows.
        if after.is_some() {
            *head = ChainHead(after);
        }
        Ok(n)
    }

    /// Who saw, received or changed this client's file, newest first (at most `limit` entries).
    pub async fn disclosures(
        &self,
        a: &Access,
        client_id: i64,
        limit: i64,
    ) -> Result<Vec<Disclosure>, StoreError> {
        if self.client(a, client_id).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        let sql = history_sql(limit.clamp(1, 1000));
        Ok(
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(client_id).fetch_all(p).await?),
        )
    }

    /// Everything stored about one client, for an access request (GDPR art. 15): the client with every
    /// field (special categories opened), the records, who it is shared with, the DT&V registration, and
    /// the full disclosure history. Only for those who may export it.
    pub async fn access_request(
        &self,
        a: &Access,
        client_id: i64,
        now: Timestamp,
    ) -> Result<Value, StoreError> {
        let client = self.may_see_and(a, client_id, crate::Action::ExportCase).await?;
        let records = self.records(a, client_id).await?;
        let shares = self.shares(a, client_id).await?;
        let history = self.disclosures(a, client_id, 100_000).await?;
        let partner = match client.partner_id {
            Some(pid) => self.partners().await?.into_iter().find(|p| p.id == pid),
            None => None,
        };
        Ok(json!({
            "generated_at": ts(now),
            "client": client,
            "records": records.iter().map(|r| json!({"id": r.id, "version": r.version, "record": r.record})).collect::<Vec<_>>(),
            "shared_with": shares.iter().map(|s| json!({"name": s.display_name, "since": s.shared_at})).collect::<Vec<_>>(),
            "dtv_registration": partner.map(|p| json!({"regievoerder": p.display_name, "organisation": p.organisation})),
            "disclosure_history": history.iter().map(|h| json!({
                "at": h.at, "who": h.who, "organisation": h.organisation, "address": h.address,
                "action": h.action, "detail": serde_json::from_str::<Value>(&h.detail).unwrap_or(Value::Null),
            })).collect::<Vec<_>>(),
        }))
    }

    /// Walks the whole chain and names the first entry that does not hold: a number out of sequence (an
    /// entry deleted or inserted), a previous hash that is not the previous entry's (inserted or moved), or
    /// a hash that does not match the content (edited); and a head that is not the last entry (entries cut
    /// from the end).
    pub async fn verify_audit(&self) -> Result<AuditReport, StoreError> {
        const PAGE: i64 = 10_000;
        let mut expected = 1;
        let mut prev = GENESIS.to_owned();
        let mut entries = 0;
        loop {
            let sql = "SELECT seq, at, organisation_id, user_id, address, action, entity, entity_id, client_id, \
                       detail, prev_hash, hash FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2";
            let rows: Vec<AuditEntry> =
                on_pool!(self, p => sqlx::query_as(sql).bind(expected).bind(PAGE).fetch_all(p).await?);
            let n = rows.len() as i64;
            for e in rows {
                entries += 1;
                let bad = if e.seq != expected {
                    Some((
                        expected,
                        format!("entry {expected} is missing: the next is {} (deleted?)", e.seq),
                    ))
                } else if e.prev_hash != prev {
                    Some((
                        e.seq,
                        format!(
                            "entry {} does not follow entry {} (inserted or moved?)",
                            e.seq,
                            e.seq - 1
                        ),
                    ))
                } else if e.digest(&e.prev_hash) != e.hash {
                    Some((
                        e.seq,
                        format!("entry {} does not match its hash (edited?)", e.seq),
                    ))
                } else {
                    None
                };
                if bad.is_some() {
                    return Ok(AuditReport {
                        entries,
                        first_bad: bad,
                    });
                }
                prev = e.hash;
                expected += 1;
            }
            if n < PAGE {
                break;
            }
        }
        let (head_seq, head_hash): (i64, String) = on_pool!(self, p => sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(p).await?);
        let last = expected - 1;
        let first_bad = if head_seq != last {
            Some((
                last + 1,
                format!(
                    "the log ends at entry {last}, but {head_seq} were written (entries cut from the end?)"
                ),
            ))
        } else if head_hash != prev {
            Some((
                last,
                format!("entry {last} is not the one last written (replaced?)"),
            ))
        } else {
            None
        };
        Ok(AuditReport { entries, first_bad })
    }
}

/// A point of the audit chain written down outside the database (issue 24 part 7): the head's number and hash
/// at a moment, with a code under the sealing key. A copy of the database alone cannot show that entries after a
/// checkpoint were cut off and the head rewritten — the chain is whole again — but the checkpoint still names an
/// entry that is gone, or a hash that is not the entry's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The head's entry number.
    pub seq: i64,
    /// That entry's hash.
    pub hash: String,
    /// When it was taken (RFC 3339).
    pub at: String,
    /// HMAC-SHA256 of the three under the sealing key.
    pub mac: String,
}

const CHECKPOINT_PURPOSE: &str = "terugkeer audit checkpoint v1";

impl Checkpoint {
    fn message(seq: i64, hash: &str, at: &str) -> String {
        format!("{seq}\n{hash}\n{at}")
    }

    /// Its line in a checkpoint file: `seq hash at mac`.
    pub fn line(&self) -> String {
        format!("{} {} {} {}", self.seq, self.hash, self.at, self.mac)
    }

    /// A line of a checkpoint file, or why not.
    pub fn parse(line: &str) -> Result<Checkpoint, String> {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [seq, hash, at, mac] = parts.as_slice() else {
            return Err("a checkpoint line is `seq hash time mac`".into());
        };
        Ok(Checkpoint {
            seq: seq
                .parse()
                .map_err(|_| format!("{seq:?} is not an entry number"))?,
            hash: (*hash).to_owned(),
            at: (*at).to_owned(),
            mac: (*mac).to_owned(),
        })
    }
}

impl Store {
    /// A checkpoint of the audit head now, coded with the sealing key (which the database does not hold).
    pub async fn audit_checkpoint(&self, now: Timestamp) -> Result<Checkpoint, StoreError> {
        let key = self.key.as_deref().ok_or(StoreError::NoKey)?;
        let (seq, hash): (i64, String) = on_pool!(self, p =>
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(p).await?);
        let at = ts(now);
        let mac = key.mac(
            CHECKPOINT_PURPOSE,
            Checkpoint::message(seq, &hash, &at).as_bytes(),
        );
        Ok(Checkpoint { seq, hash, at, mac })
    }

    /// Checks checkpoints against the log: each one's code under the sealing key (a forged or edited line), and
    /// that its entry is still there with its hash (entries cut from the end, or the chain rewritten after it).
    /// The first that does not hold, by its line (1-based), and why.
    pub async fn check_checkpoints(
        &self,
        points: &[Checkpoint],
    ) -> Result<Option<(usize, String)>, StoreError> {
        let key = self.key.as_deref().ok_or(StoreError::NoKey)?;
        for (i, c) in points.iter().enumerate() {
            let line = i + 1;
            let mac = key.mac(
                CHECKPOINT_PURPOSE,
                Checkpoint::message(c.seq, &c.hash, &c.at).as_bytes(),
            );
            if mac != c.mac {
                return Ok(Some((
                    line,
                    format!(
                        "checkpoint of entry {} is not one this key made (forged or edited)",
                        c.seq
                    ),
                )));
            }
            let hash: Option<String> = on_pool!(self, p => sqlx::query_scalar("SELECT hash FROM audit_log WHERE seq = $1")
                .bind(c.seq).fetch_optional(p).await?);
            match hash {
                None => {
                    return Ok(Some((
                        line,
                        format!(
                            "entry {} was written (checkpoint of {}) but is gone: entries cut from the end?",
                            c.seq, c.at
                        ),
                    )));
                }
                Some(h) if h != c.hash => {
                    return Ok(Some((
                        line,
                        format!(
                            "entry {} is not the one written by {} (the chain was rewritten after it?)",
                            c.seq, c.at
                        ),
                    )));
                }
                Some(_) => {}
            }
        }
        Ok(None)
    }
}

/// The detail of a changed JSON value (for the log), from its serialisations.
pub(crate) fn diff_json(old: &str, new: &str) -> Result<Value, StoreError> {
    let o: Value = serde_json::from_str(old).map_err(corrupt)?;
    let n: Value = serde_json::from_str(new).map_err(corrupt)?;
    Ok(changes(&o, &n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_categories_are_named_not_shown() {
        let old = json!({"family_name": "A", "criminal_record": false, "phone": "1"});
        let new = json!({"family_name": "B", "criminal_record": true, "phone": "1"});
        let c = changes(&old, &new);
        assert_eq!(
            c,
            json!({"changes": [
                {"field": "criminal_record", "special_category": true},
                {"field": "family_name", "old": "A", "new": "B"}
            ]})
        );
        assert_eq!(masked(&new)["criminal_record"], "[special category]");
        assert_eq!(masked(&new)["family_name"], "B");
    }

    #[test]
    fn every_field_moves_the_hash() {
        let e = AuditEntry {
            seq: 1,
            at: "2026-11-29T10:00:00Z".into(),
            organisation_id: 1,
            user_id: Some(2),
            address: None,
            action: "read".into(),
            entity: "client".into(),
            entity_id: Some(3),
            client_id: Some(3),
            detail: "{}".into(),
            prev_hash: GENESIS.into(),
            hash: String::new(),
        };
        let h = e.digest(GENESIS);
        assert_eq!(h.len(), 64);
        let variants = [
            AuditEntry { seq: 2, ..e.clone() },
            AuditEntry {
                user_id: None,
                ..e.clone()
            },
            AuditEntry {
                address: Some(String::new()),
                ..e.clone()
            },
            AuditEntry {
                client_id: Some(4),
                ..e.clone()
            },
            AuditEntry {
                detail: "{ }".into(),
                ..e.clone()
            },
            AuditEntry {
                action: "rea".into(),
                entity: "dclient".into(),
                ..e.clone()
            },
        ];
        for v in variants {
            assert_ne!(v.digest(GENESIS), h, "{v:?}");
        }
        assert_ne!(e.digest("1"), h);
    }
}
