//! One read for the client page: the client (visibility checked by the caller's row filter) with — in the
//! same statement, as JSON arrays in subqueries — its records, shares, latest disclosures, the assignee's
//! and the DT&V regievoerder's names, and (for a role that may register with DT&V) the regievoerders to
//! choose from. Each query is a round trip and, on SQLite, a hand-off between the driver's worker thread and
//! the request's task; the page made ten of them before, then six, now one (perf showed the hand-offs as a
//! third of the server's time).

use jiff::Timestamp;
use serde::Deserialize;

use crate::access::Access;
use crate::audit::{Disclosure, Seen};
use crate::users::{PartnerUser, Share};
use crate::{ClientRow, RecordRow, Store, StoreError, StoredRecord, corrupt};
use terugkeer_domain::Client;

/// Everything the client page shows about one client.
#[derive(Debug, Clone)]
pub struct CaseFile {
    /// The client.
    pub client: Client,
    /// Their records, by date.
    pub records: Vec<StoredRecord>,
    /// The colleagues it is shared with.
    pub shares: Vec<Share>,
    /// The latest disclosures, newest first.
    pub history: Vec<Disclosure>,
    /// The assignee's shown name.
    pub assignee: Option<String>,
    /// The DT&V regievoerder the trajectory is registered with: name and organisation.
    pub partner: Option<(String, String)>,
    /// The regievoerders it could be registered with, if asked for.
    pub partners: Option<Vec<PartnerUser>>,
    /// Its registrations with DT&V, oldest first.
    pub verifications: Vec<crate::StoredVerification>,
    /// Its progress reports, newest period first.
    pub reports: Vec<crate::Report>,
    /// The period its open trajectory owes a report for next.
    pub next_report: Option<terugkeer_domain::progress::Period>,
    /// Its information-exchange ledger, newest first.
    pub exchanges: Vec<crate::Exchange>,
    /// Its monitoring conversations after return, by moment.
    pub visits: Vec<crate::StoredVisit>,
    /// Its requests for extra time, oldest first.
    pub extensions: Vec<crate::StoredRequest>,
    /// Its in-kind ledger with caps and totals.
    pub in_kind: crate::Ledger,
    /// Its requests for a financial hand-out, oldest first.
    pub handouts: Vec<crate::StoredHandout>,
    /// The files attached to its money records (without their bytes), oldest first.
    pub attachments: Vec<crate::AttachmentInfo>,
    /// Its conversation with DT&V, oldest first.
    pub messages: Vec<crate::StoredMessage>,
    /// That the caller saw it (for the record of the read).
    pub seen: Seen,
    /// The session the statement was asked to check ([`Store::case_file_in_session`]) as it stood when the file
    /// was read; `None` if it was not asked, or if that session no longer exists or has expired.
    pub session: Option<crate::SessionInfo>,
}

#[derive(sqlx::FromRow)]
struct CaseFileRow {
    #[sqlx(flatten)]
    client: ClientRow,
    records: String,
    shares: String,
    history: String,
    assignee: Option<String>,
    partner: Option<String>,
    partners: Option<String>,
    verifications: String,
    reports: String,
    exchanges: String,
    visits: String,
    extensions: String,
    in_kind: String,
    handouts: String,
    attachments: String,
    messages: String,
    session: Option<String>,
}

/// The SQL of one client's case file, for a backend's JSON functions: `agg(array, order)` aggregates rows
/// into a JSON array (text), `arr` builds one row's array. `$1`, `$2`: the row filter's binds, `$3`: the id,
/// `$4`, `$5`: a session's id hash (NULL: none) and now.
fn case_file_sql(a: &Access, history: i64, partners: bool, postgres: bool) -> String {
    let (agg_fn, arr, cast) = crate::clients::json_fns(postgres);
    let agg = |x: &str, order: &str| format!("COALESCE({agg_fn}({x} ORDER BY {order}){cast}, '[]')");
    let partners = if partners {
        format!(
            "(SELECT {} FROM app_user pu JOIN organisation po ON po.id = pu.organisation_id \
             WHERE pu.role = 'partner')",
            agg(
                &format!("{arr}(pu.id, pu.display_name, po.name)"),
                "po.name, pu.display_name, pu.id"
            )
        )
    } else {
        "NULL".to_owned()
    };
    // The history's LIMIT is written into the text (an integer clamped here): SQLite re-prepares a statement
    // whose LIMIT is bound on every execution. The newest entries are taken before the names are joined: a
    // client whose file is read often has tens of thousands of entries, and PostgreSQL's generic plan joined
    // and sorted all of them (61,206 entries: 48 ms) when the join came first. For the same reason the
    // ledger's names are looked up per line, not joined: a generic plan hashed every user for two lines.
    format!(
        "SELECT {client}, \
         (SELECT {records} FROM record r WHERE r.client_id = $3) AS records, \
         (SELECT {shares} FROM client_share s JOIN app_user su ON su.id = s.user_id WHERE s.client_id = $3) AS shares, \
         (SELECT {history} FROM (SELECT l.seq, l.at, COALESCE(hu.display_name, '') AS who, \
            COALESCE(ho.name, '') AS organisation, l.address, l.action, l.detail FROM \
            (SELECT seq, at, user_id, address, action, detail FROM audit_log WHERE client_id = $3 \
             ORDER BY seq DESC LIMIT {limit}) AS l \
            LEFT JOIN app_user hu ON hu.id = l.user_id LEFT JOIN organisation ho ON ho.id = hu.organisation_id) AS h) \
            AS history, \
         (SELECT au.display_name FROM app_user au WHERE au.id = client.assigned_to) AS assignee, \
         (SELECT {arr}(pu.display_name, po.name){cast} FROM app_user pu JOIN organisation po ON po.id = pu.organisation_id \
            WHERE pu.id = client.partner_id) AS partner, \
         {partners} AS partners, \
         (SELECT {verifications} FROM verification v WHERE v.client_id = $3) AS verifications, \
         (SELECT {reports} FROM progress_report pr WHERE pr.client_id = $3) AS reports, \
         (SELECT {exchanges} FROM exchange e WHERE e.client_id = $3) AS exchanges, \
         (SELECT {visits} FROM monitoring_visit mv WHERE mv.client_id = $3) AS visits, \
         (SELECT {extensions} FROM extension_request x WHERE x.client_id = $3) AS extensions, \
         (SELECT {in_kind} FROM in_kind_item k WHERE k.client_id = $3) AS in_kind, \
         (SELECT {handouts} FROM handout ho WHERE ho.client_id = $3) AS handouts, \
         (SELECT {attachments} FROM attachment at WHERE at.client_id = $3) AS attachments, \
         (SELECT {messages} FROM message m WHERE m.client_id = $3) AS messages, \
         {session} AS session \
         FROM client WHERE client.id = $3 AND {visible}",
        session = crate::users::session_json("$4", "$5", arr, cast),
        client = crate::clients::CLIENT_COLUMNS,
        records = agg(
            &format!("{arr}(r.id, r.client_id, r.data, r.version)"),
            "r.on_date, r.id"
        ),
        shares = agg(
            &format!("{arr}(s.user_id, su.display_name, s.shared_at)"),
            "su.display_name, s.user_id"
        ),
        history = agg(
            &format!("{arr}(h.at, h.who, h.organisation, h.address, h.action, h.detail)"),
            "h.seq DESC"
        ),
        verifications = agg(&format!("{arr}(v.id, v.client_id, v.data, v.version)"), "v.id"),
        visits = agg(&format!("{arr}(mv.id, mv.data)"), "mv.months"),
        extensions = agg(&format!("{arr}(x.id, x.data, x.version)"), "x.id"),
        in_kind = agg(&format!("{arr}(k.id, k.data, k.version)"), "k.on_date, k.id"),
        handouts = agg(&format!("{arr}(ho.id, ho.origin, ho.data, ho.version)"), "ho.id"),
        messages = agg(&format!("{arr}({})", crate::message::MESSAGE_COLUMNS), "m.id"),
        attachments = agg(
            &format!(
                "{arr}(at.id, at.owner_kind, at.owner_id, at.filename, at.content_type, at.size, at.sha256)"
            ),
            "at.id"
        ),
        reports = agg(
            &format!(
                "{arr}(pr.id, pr.client_id, pr.period_start, pr.period_end, pr.status, pr.body, pr.sent_on, \
                 pr.sent_to, pr.basis, pr.reason, pr.version)"
            ),
            "pr.period_start DESC"
        ),
        exchanges = agg(
            &format!(
                "{arr}(e.id, e.on_date, e.direction, e.counterpart, e.what, e.basis, e.reason, \
                 COALESCE((SELECT eu.display_name FROM app_user eu WHERE eu.id = e.user_id), ''))"
            ),
            "e.id DESC"
        ),
        limit = history.clamp(1, 1000),
        visible = a.visible(),
    )
}

fn from_json<T: for<'de> Deserialize<'de>>(what: &str, json: &str) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|e| corrupt(format!("case file {what}: {e}")))
}

impl Store {
    /// The client page's data, if the caller may see the client: the latest `history` disclosures, and the
    /// regievoerders to register with if `partners`.
    pub async fn case_file(
        &self,
        a: &Access,
        id: i64,
        history: i64,
        partners: bool,
    ) -> Result<Option<CaseFile>, StoreError> {
        self.case_file_in_session(a, id, history, partners, None).await
    }

    /// [`Store::case_file`], with — read in the same statement — the session `(id hash, now)` as it stands
    /// ([`CaseFile::session`]). The web layer builds the page's statement from the session it last found for
    /// that cookie and keeps the result only if this says the session is still exactly that: one round trip
    /// instead of two, and no page read under a session that has since ended or changed.
    pub async fn case_file_in_session(
        &self,
        a: &Access,
        id: i64,
        history: i64,
        partners: bool,
        session: Option<(&str, Timestamp)>,
    ) -> Result<Option<CaseFile>, StoreError> {
        let postgres = matches!(self.db, crate::Db::Postgres(_));
        let sql = case_file_sql(a, history, partners, postgres);
        let (org, user) = a.binds();
        let (hash, now) = match session {
            Some((h, now)) => (Some(h), Some(crate::ts(now))),
            None => (None, None),
        };
        let row: Option<CaseFileRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(org).bind(user).bind(id).bind(hash).bind(now.as_deref()).fetch_optional(p).await?);
        let Some(row) = row else { return Ok(None) };
        let records: Vec<RecordRow> = from_json("records", &row.records)?;
        let records = records
            .into_iter()
            .map(|r| r.into_record(self.key.as_deref(), a.may(crate::Action::ReadInternalText)))
            .collect::<Result<Vec<_>, _>>()?;
        let client = self.decode_client(row.client)?;
        let verifications = self.verifications_from_json(&row.verifications)?;
        let reports: Vec<crate::progress::ReportRow> = from_json("reports", &row.reports)?;
        let reports = reports
            .into_iter()
            .map(crate::Report::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        let started = records
            .iter()
            .filter(|r| r.record.kind() == "trajectory")
            .filter_map(|r| r.record.date())
            .min();
        let plain: Vec<terugkeer_domain::Record> = records.iter().map(|r| r.record.clone()).collect();
        let next_report = if client.status == "closed" {
            None
        } else {
            self.next_period_of(started, &reports, &terugkeer_domain::detention::spans(&plain))
        };
        let in_kind = crate::in_kind::ledger(
            &self.policy_of(client.organisation_id),
            client.data.date_of_birth,
            &plain,
            from_json("in_kind", &row.in_kind)?,
        )?;
        let handouts: Vec<(i64, String, String, i64)> = from_json("handouts", &row.handouts)?;
        let handouts = handouts
            .into_iter()
            .map(|(id, origin, data, version)| self.stored_handout(id, &origin, &data, version))
            .collect::<Result<Vec<_>, _>>()?;
        let attachments: Vec<(i64, String, i64, String, String, i64, String)> =
            from_json("attachments", &row.attachments)?;
        let messages: Vec<crate::message::MessageRow> = from_json("messages", &row.messages)?;
        let messages = messages
            .into_iter()
            .map(|m| self.stored_message(m))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(CaseFile {
            in_kind,
            handouts,
            messages,
            attachments: attachments
                .into_iter()
                .map(
                    |(id, owner_kind, owner_id, filename, content_type, size, sha256)| {
                        crate::AttachmentInfo {
                            id,
                            owner_kind,
                            owner_id,
                            filename,
                            content_type,
                            size,
                            sha256,
                        }
                    },
                )
                .collect(),
            seen: Seen {
                access: *a,
                client_id: client.id,
                organisation_id: client.organisation_id,
            },
            client,
            records,
            verifications,
            reports,
            next_report,
            exchanges: from_json("exchanges", &row.exchanges)?,
            visits: self.visits_from_json(&row.visits)?,
            extensions: crate::extension::from_json(&row.extensions)?,
            shares: from_json("shares", &row.shares)?,
            history: from_json("history", &row.history)?,
            assignee: row.assignee,
            partner: row
                .partner
                .as_deref()
                .map(|j| from_json("partner", j))
                .transpose()?,
            partners: row
                .partners
                .as_deref()
                .map(|j| from_json("partners", j))
                .transpose()?,
            session: row
                .session
                .as_deref()
                .map(crate::users::session_from_json)
                .transpose()?,
        }))
    }
}
