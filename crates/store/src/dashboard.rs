//! One read for the dashboard: the open caseload's first page by deadline, its counts by setting and stage,
//! the reports due — and, when asked, the caller's session as it stands — in one statement (on SQLite one row of
//! JSON, on PostgreSQL the list's rows beside one row of the rest: [`dashboard_sql`]). The dashboard made four
//! statements before (the session, then the other three at once on three pooled connections); each costs a
//! round trip, the pool and, on SQLite, a hand-off between the driver's thread and the request's task, which at
//! 32 concurrent users put the caseworker's dashboard at the 20 ms line on PostgreSQL (docs/performance.md). The
//! parts are the SQL the separate reads run ([`Store::list_clients`], [`Store::caseload_counts`],
//! [`Store::reports_due`]), written once in `clients` and `progress`; a test holds them equal.

use jiff::Timestamp;
use terugkeer_rules::Date;

use crate::access::{Access, Action};
use crate::clients::{ListSql, counts_sql, open_caseload, page_json_sql, summaries_from_json};
use crate::progress::{DueReport, DueRow, due_reports, due_sql};
use crate::{ClientSummary, SessionInfo, Store, StoreError, corrupt};

/// What the dashboard asks for.
#[derive(Debug, Clone)]
pub struct DashboardQuery {
    /// Only this caseload (a caseworker's own); `None`: every open client the caller sees.
    pub assigned_to: Option<i64>,
    /// How many of the open clients, nearest deadline first (clamped to 1..=200).
    pub limit: i64,
    /// The reports due by this day (for `assigned_to`'s caseload; none without one), and at most how many.
    pub reports_due: Option<(Date, usize)>,
    /// Today: tells the overdue and the coming week's deadlines of the whole caseload, and lists the week's —
    /// not only those among the `limit` rows shown (issue 22). `None`: neither.
    pub today: Option<Date>,
}

/// How many of the coming week's deadlines the dashboard lists (one more is read, to know there are more).
pub const WEEK_LIST: usize = 50;

/// A count the dashboard shows: exact, or "more than `count`" when counting on would cost a walk over the
/// organisation's clients (100,000 on a large NGO) on every view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// The count, or the bound it exceeds.
    pub count: i64,
    /// Whether there are more than `count`.
    pub more: bool,
}

/// A deadline in the coming week.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct WeekDeadline {
    /// The client.
    pub client_id: i64,
    /// Family name.
    pub family_name: String,
    /// Given names.
    pub given_names: String,
    /// The day.
    pub on: String,
    /// Which deadline (`departure_term_end`, …).
    pub kind: Option<String>,
}

/// What the dashboard shows.
#[derive(Debug, Clone)]
pub struct Dashboard {
    /// The open clients, overdue first, then by nearest deadline, then those without one.
    pub clients: Vec<ClientSummary>,
    /// The open caseload by `(setting or "", stage, count)`, in that order.
    pub counts: Vec<(String, String, i64)>,
    /// The reports due, earliest first, if asked for.
    pub reports_due: Option<Vec<DueReport>>,
    /// With [`DashboardQuery::today`]: how many open clients' next deadline has passed, and how many falls in
    /// the coming seven days — of the whole caseload, not the rows shown (exact, or "more than" the list).
    pub tallies: Option<(Tally, Tally)>,
    /// With [`DashboardQuery::today`]: the coming seven days' deadlines, nearest first (at most [`WEEK_LIST`]).
    pub week: Vec<WeekDeadline>,
    /// The session the statement was asked to check, as it stood when the rest was read; `None` if not asked,
    /// ended or expired (as [`crate::CaseFile::session`]).
    pub session: Option<SessionInfo>,
    /// Clients of the caseload with messages the caller's side has not read: (id, family name, given names,
    /// count), waiting longest first, at most [`UNREAD_LIST`].
    pub unread: Vec<(i64, String, String, i64)>,
}

/// How many clients with unread messages the dashboard lists.
pub const UNREAD_LIST: usize = 10;

/// The parts other than the list, as JSON text: counts, reports due (NULL if not asked), session (NULL if not
/// asked or not live).
#[derive(sqlx::FromRow)]
struct Parts {
    counts: String,
    due: Option<String>,
    week: Option<String>,
    unread: Option<String>,
    session: Option<String>,
}

/// The one statement, `(text, binds)`; `session` is an id hash and the time (as stored) to check it at.
///
/// On SQLite it is one row: the list as a JSON array too (the driver hands each row from its worker thread
/// to the request's task separately, so fifty rows cost more than the query: see [`Store::list_clients`]). On
/// PostgreSQL the list comes as plain rows (`k` = 1) beside one row (`k` = 0) holding the other parts: its
/// `json_build_array` looks up each argument's type in the catalogue on every call, and for fifty rows of
/// thirteen columns that cost more than the three round trips it saved (perf: +0.25 ms of PostgreSQL's time
/// a request, the coordinator's dashboard 15% slower).
fn dashboard_sql(
    a: &Access,
    q: &DashboardQuery,
    session: Option<(&str, String)>,
    postgres: bool,
) -> (String, ListSql) {
    use crate::clients::Arg;
    let (agg, arr, cast) = crate::clients::json_fns(postgres);
    let mut sql = open_caseload(a, q.assigned_to);
    // One row more than the list shows: whether the overdue go on past the list is then known without a count.
    let (limit, order) = (q.limit.clamp(1, 200) + 1, " ORDER BY deadline_sort, id");
    let list_filter = sql.filter.clone();
    let counts = counts_sql(a, q.assigned_to, &mut sql);
    let due = match (q.assigned_to, q.reports_due) {
        (Some(who), Some((horizon, limit))) => format!(
            "(SELECT COALESCE({agg}({arr}(d.id, d.family_name, d.given_names, d.report_from, d.report_due) \
             ORDER BY d.report_due, d.id){cast}, '[]') FROM ({}) AS d)",
            due_sql(a, who, horizon, limit, &mut sql)
        ),
        _ => "NULL".to_owned(),
    };
    // The coming week's deadlines, on the deadline index (`deadline_sort` is the next deadline, or 9999-12-31
    // without one): a bounded range, read in the same statement (a second round trip cost a quarter of the
    // dashboard's time; counting the whole caseload, 100 ms at 100,000 clients).
    let week = match q.today {
        Some(today) => {
            let t = sql.param(Arg::Text(today.to_string()));
            let w = sql.param(Arg::Text(today.add_days(7).to_string()));
            format!(
                "(SELECT COALESCE({agg}({arr}(x.id, x.family_name, x.given_names, x.next_deadline, \
                 x.next_deadline_kind) ORDER BY x.deadline_sort, x.id){cast}, '[]') FROM (SELECT id, family_name, \
                 given_names, next_deadline, next_deadline_kind, deadline_sort FROM client WHERE {list_filter} \
                 AND deadline_sort >= {t} AND deadline_sort <= {w} ORDER BY deadline_sort, id LIMIT {}) AS x)",
                WEEK_LIST + 1
            )
        }
        None => "NULL".to_owned(),
    };
    // Messages the caller's side has not read, driven by the partial index of unread messages (few): `message`
    // is the only table the FROM names, so no planner can start from the caseload (SQLite did, and scanned
    // 100,000 clients per dashboard); each is checked against the caseload's filter with EXISTS and named by a
    // lookup per client. The NGO reads what came in, DT&V's users what the NGO sent.
    let unread = if let Some(side) = a.role.message_side() {
        format!(
            "(SELECT COALESCE({agg}({arr}(u.client_id, (SELECT n.family_name FROM client n WHERE n.id = u.client_id), \
             (SELECT n.given_names FROM client n WHERE n.id = u.client_id), u.n) ORDER BY u.first){cast}, '[]') \
             FROM (SELECT m.client_id, COUNT(*) AS n, MIN(m.id) AS first FROM message m \
             WHERE m.read_at IS NULL AND m.direction = '{side}' \
             AND EXISTS (SELECT 1 FROM client WHERE client.id = m.client_id AND {list_filter}) \
             GROUP BY m.client_id ORDER BY MIN(m.id) LIMIT {UNREAD_LIST}) AS u)"
        )
    } else {
        "NULL".to_owned()
    };
    let session = match session {
        Some((hash, now)) => {
            let hash = sql.param(Arg::Text(hash.to_owned()));
            let now = sql.param(Arg::Text(now));
            crate::users::session_json(&hash, &now, arr, cast)
        }
        None => "NULL".to_owned(),
    };
    let parts = format!(
        "(SELECT COALESCE({agg}({arr}(c.setting, c.stage, c.n) ORDER BY c.setting, c.stage){cast}, '[]') \
            FROM ({counts}) AS c) AS counts, {due} AS due, {week} AS week, {unread} AS unread, {session} AS session"
    );
    let text = if postgres {
        let nulls = "NULL, ".repeat(crate::clients::SUMMARY_COLUMNS);
        format!(
            "SELECT 1 AS k, l.*, NULL AS counts, NULL AS due, NULL AS week, NULL AS unread, NULL AS session FROM \
             (SELECT {}, deadline_sort FROM client WHERE {list_filter}{order} LIMIT {limit}) AS l \
             UNION ALL SELECT 0, {nulls}NULL, {parts}",
            crate::clients::summary_columns!()
        )
    } else {
        format!(
            "SELECT ({}) AS clients, {parts}",
            page_json_sql(&list_filter, order, limit, 0, false)
        )
    };
    (text, sql)
}

/// A week's deadline as the statement gives it: `[id, family name, given names, day, kind]`.
type WeekRow = (i64, String, String, Option<String>, Option<String>);

/// The week's deadlines from their JSON rows.
fn week_from(rows: Vec<WeekRow>) -> Vec<WeekDeadline> {
    rows.into_iter()
        .map(|(client_id, family_name, given_names, on, kind)| WeekDeadline {
            client_id,
            family_name,
            given_names,
            on: on.unwrap_or_default(),
            kind,
        })
        .collect()
}

impl Store {
    /// The dashboard's data for the caller (who must be allowed to read case files).
    pub async fn dashboard(&self, a: &Access, q: &DashboardQuery) -> Result<Dashboard, StoreError> {
        self.dashboard_in_session(a, q, None).await
    }

    /// [`Store::dashboard`], with — read in the same statement — the session `(id hash, now)` as it stands
    /// ([`Dashboard::session`]): the web layer keeps the page only if that is still the session it was built
    /// for (as [`Store::case_file_in_session`]).
    pub async fn dashboard_in_session(
        &self,
        a: &Access,
        q: &DashboardQuery,
        session: Option<(&str, Timestamp)>,
    ) -> Result<Dashboard, StoreError> {
        use sqlx::{FromRow, Row};
        a.check(Action::ReadCase)?;
        let postgres = matches!(self.db, crate::Db::Postgres(_));
        let session = session.map(|(hash, now)| (hash, crate::ts(now)));
        let (text, sql) = dashboard_sql(a, q, session, postgres);
        let args = sql.args;
        // A macro, not a closure: the query's type differs by backend.
        macro_rules! query {
            () => {
                crate::clients::bind_args!(sqlx::query(sqlx::AssertSqlSafe(text.clone())), &args)
            };
        }
        let (clients, parts) = match &self.db {
            crate::Db::Sqlite(p) => {
                let row = query!().fetch_one(p).await?;
                let clients: String = row.try_get("clients")?;
                (summaries_from_json(&clients)?, Parts::from_row(&row)?)
            }
            crate::Db::Postgres(p) => {
                let rows = query!().fetch_all(p).await?;
                let mut parts = None;
                let mut list = Vec::with_capacity(rows.len());
                for row in &rows {
                    if row.try_get::<i32, _>("k")? == 0 {
                        parts = Some(Parts::from_row(row)?);
                    } else {
                        let sort: String = row.try_get("deadline_sort")?;
                        list.push((sort, ClientSummary::from_row(row)?));
                    }
                }
                // Sorted here, not by the statement: an ORDER BY over the union made PostgreSQL copy and sort
                // the wide rows, which doubled the statement's cost (pgbench); the order is the list's.
                list.sort_by(|(a, x), (b, y)| (a, x.id).cmp(&(b, y.id)));
                let parts = parts.ok_or_else(|| corrupt("dashboard: no row of counts"))?;
                (list.into_iter().map(|(_, c)| c).collect(), parts)
            }
        };
        let due = match parts.due {
            Some(json) => {
                let rows: Vec<DueRow> = serde_json::from_str(&json)
                    .map_err(|e| corrupt(format!("dashboard reports due: {e}")))?;
                Some(due_reports(rows)?)
            }
            None => None,
        };
        // The list was read one row long: what it holds decides whether anything more must be read.
        let limit = usize::try_from(q.limit.clamp(1, 200)).unwrap_or(50);
        let mut clients = clients;
        let (tallies, week) = match q.today {
            Some(today) => {
                let t0 = today.to_string();
                let day = |c: &ClientSummary| c.next_deadline.clone();
                let overdue = clients.iter().filter(|c| day(c).is_some_and(|d| d < t0)).count();
                // Sorted by deadline: all read rows overdue means the overdue go on past the list.
                let overdue = Tally {
                    count: i64::try_from(overdue.min(limit)).unwrap_or(0),
                    more: overdue > limit,
                };
                let rows: Vec<WeekRow> = match parts.week.as_deref() {
                    Some(json) => {
                        serde_json::from_str(json).map_err(|e| corrupt(format!("dashboard week: {e}")))?
                    }
                    None => Vec::new(),
                };
                let mut week = week_from(rows);
                let more = week.len() > WEEK_LIST;
                week.truncate(WEEK_LIST);
                let coming = Tally {
                    count: i64::try_from(week.len()).unwrap_or(0),
                    more,
                };
                (Some((overdue, coming)), week)
            }
            None => (None, Vec::new()),
        };
        clients.truncate(limit);
        let unread = match parts.unread.as_deref() {
            Some(json) => {
                serde_json::from_str(json).map_err(|e| corrupt(format!("dashboard unread: {e}")))?
            }
            None => Vec::new(),
        };
        Ok(Dashboard {
            unread,
            tallies,
            week,
            clients,
            counts: serde_json::from_str(&parts.counts)
                .map_err(|e| corrupt(format!("dashboard counts: {e}")))?,
            reports_due: due,
            session: parts
                .session
                .as_deref()
                .map(crate::users::session_from_json)
                .transpose()?,
        })
    }
}
