//! One read for a page of the client list: the page's rows, the count of the matches (up to [`COUNT_CAP`]) when
//! the page does not tell it, and — when asked — the caller's session as it stands, in one statement
//! ([`page_sql`]). A name search's first page lists two parts, the family-name matches and then the given-name
//! matches, and reads both in the same statement.
//!
//! The list made up to five statements before (the session; the family-name page; its count; the given-name
//! page or count; its count), each a round trip and a turn of the pool, which put the coordinator's name search
//! on PostgreSQL at the 20 ms line at 100,000 clients (docs/performance.md). The counts stay conditional, as
//! they were: a page that is not full tells its own total, so the statement counts only when the page is full
//! (or empty past the first page) — both backends evaluate a scalar subquery under `CASE` only when its branch
//! is taken.

use sqlx::Row;

use crate::clients::{ListSql, bind_args, json_fns, page_json_sql, summaries_from_json, summary_columns};
use crate::{COUNT_CAP, ClientSummary, Page, SessionInfo, Store, StoreError, corrupt};

/// Rows matching `filter` (over the statement's binds) in `order` (` ORDER BY …`, ending in a unique column).
#[derive(Clone, Copy)]
pub(crate) struct Part<'a> {
    pub(crate) filter: &'a str,
    pub(crate) order: &'static str,
}

/// One page read: `first`'s rows `limit` from `offset`, and, on the first page only, `then`'s rows after them
/// when `first` does not fill the page (a name search's given-name matches after its family-name matches).
pub(crate) struct PageRead<'a> {
    pub(crate) first: Part<'a>,
    pub(crate) then: Option<Part<'a>>,
    pub(crate) limit: i64,
    pub(crate) offset: i64,
    /// The caller does not show the total (the export's pages): `first` is not counted.
    pub(crate) skip_total: bool,
}

impl PageRead<'_> {
    /// The second part, read only on the first page: its offset would depend on the first part's total (the
    /// caller reads further pages part by part).
    fn then(&self) -> Option<Part<'_>> {
        self.then.filter(|_| self.offset == 0)
    }
}

/// What the statement read.
struct PageRows {
    first: Vec<ClientSummary>,
    then: Vec<ClientSummary>,
    /// `first`'s matches up to [`COUNT_CAP`], if the page did not tell them.
    first_count: Option<i64>,
    /// `then`'s matches up to [`COUNT_CAP`], if needed for the total.
    then_count: Option<i64>,
}

impl PageRows {
    /// The page as the list shows it: `first`'s rows, then as many of `then`'s as fit, and the total up to
    /// [`COUNT_CAP`]. A first part that reaches the cap shows no second part (the list says "more than").
    fn page(self, r: &PageRead) -> Page<ClientSummary> {
        let len = self.first.len() as i64;
        if r.then().is_none() {
            return Page {
                total: self.first_count.unwrap_or(r.offset + len),
                items: self.first,
            };
        }
        let first_total = self.first_count.unwrap_or(len);
        if first_total >= COUNT_CAP {
            return Page {
                items: self.first,
                total: COUNT_CAP,
            };
        }
        let room = usize::try_from(r.limit - len).unwrap_or(0);
        let mut items = self.first;
        let then: Vec<ClientSummary> = self.then.into_iter().take(room).collect();
        let then_total = self.then_count.unwrap_or(then.len() as i64);
        items.extend(then);
        Page {
            items,
            total: (first_total + then_total).min(COUNT_CAP),
        }
    }
}

/// `(SELECT COUNT(*) …)` of the rows matching `filter`, up to [`COUNT_CAP`] (a scalar subquery).
pub(crate) fn count_sql(filter: &str) -> String {
    format!("(SELECT COUNT(*) FROM (SELECT 1 FROM client WHERE {filter} LIMIT {COUNT_CAP}) AS m)")
}

/// The condition on the first part's row count (`len`) under which its total must be counted: the page is full,
/// or it is empty past the first page (the total then says how far the list goes).
fn first_counted(len: &str, r: &PageRead, limit: i64) -> Option<String> {
    if r.skip_total && r.then().is_none() {
        return None;
    }
    Some(if r.offset > 0 {
        format!("{len} IN ({limit}, 0)")
    } else {
        format!("{len} = {limit}")
    })
}

/// The one statement (its binds are `sql`'s, to which the session's are added).
///
/// PostgreSQL: the rows as plain rows (`k` 1 and 2 for the parts, `r` their place in their part's order) beside
/// one row (`k` 0) of the counts and the session — as the dashboard, whose JSON-built rows cost PostgreSQL more
/// than the round trips they saved. The place comes from `row_number()` in the part's own order, so the rows
/// are put back in the database's collation, not Rust's. SQLite: one row of JSON (its driver hands each row
/// over separately), its steps materialised so that no part is evaluated twice.
fn page_sql(r: &PageRead, session: Option<(&str, String)>, postgres: bool, sql: &mut ListSql) -> String {
    let (limit, offset) = (r.limit.clamp(0, 1000), r.offset.clamp(0, i64::from(i32::MAX)));
    let (_, arr, cast) = json_fns(postgres);
    let session = match session {
        Some((hash, now)) => {
            let hash = sql.param(crate::clients::Arg::Text(hash.to_owned()));
            let now = sql.param(crate::clients::Arg::Text(now));
            crate::users::session_json(&hash, &now, arr, cast)
        }
        None => "NULL".to_owned(),
    };
    let then = r.then();
    if postgres {
        let part = |p: &Part, limit_offset: String, guard: &str| {
            let order_by = p.order.trim_start_matches(" ORDER BY ");
            format!(
                "SELECT row_number() OVER (ORDER BY {order_by}) AS r, {} FROM client WHERE {}{guard}{} {limit_offset}",
                summary_columns!(),
                p.filter,
                p.order,
            )
        };
        // `n` holds the first part's row count and total, materialised: each is read more than once.
        let n1 = match first_counted("l.la", r, limit) {
            Some(cond) => format!("CASE WHEN {cond} THEN {} END", count_sql(r.first.filter)),
            None => "NULL".to_owned(),
        };
        let mut ctes = vec![
            format!(
                "a AS ({})",
                part(&r.first, format!("LIMIT {limit} OFFSET {offset}"), "")
            ),
            format!(
                "n AS MATERIALIZED (SELECT l.la, CAST({n1} AS BIGINT) AS n1 FROM (SELECT COUNT(*) AS la FROM a) AS l)"
            ),
        ];
        let (mut body, mut n2) = (String::new(), "CAST(NULL AS BIGINT)".to_owned());
        if let Some(t) = then {
            ctes.push(format!(
                "b AS ({})",
                part(
                    &t,
                    format!("LIMIT {limit}"),
                    &format!(" AND (SELECT la FROM n) < {limit}")
                )
            ));
            body = " UNION ALL SELECT 2, b.*, NULL, NULL, NULL FROM b".to_owned();
            n2 = format!(
                "CASE WHEN n.la + (SELECT COUNT(*) FROM b) >= {limit} AND COALESCE(n.n1, 0) < {COUNT_CAP} \
                 THEN {} END",
                count_sql(t.filter)
            );
        }
        let nulls = "NULL, ".repeat(crate::clients::SUMMARY_COLUMNS + 1);
        format!(
            "WITH {} SELECT 1 AS k, a.*, CAST(NULL AS BIGINT) AS n1, CAST(NULL AS BIGINT) AS n2, \
             CAST(NULL AS TEXT) AS session FROM a{body} UNION ALL SELECT 0, {nulls}n.n1, {n2}, {session} FROM n",
            ctes.join(", ")
        )
    } else {
        let page = |p: &Part, offset| page_json_sql(p.filter, p.order, limit, offset, false);
        let n1 = |len: &str| match first_counted(len, r, limit) {
            Some(cond) => format!("CASE WHEN {cond} THEN {} END", count_sql(r.first.filter)),
            None => "NULL".to_owned(),
        };
        let first = page(&r.first, offset);
        let Some(t) = then else {
            // One part: its length is read once, so one step.
            let n1 = n1("json_array_length(a)");
            return format!(
                "WITH p AS MATERIALIZED (SELECT ({first}) AS a) \
                 SELECT a, '[]' AS b, {n1} AS n1, NULL AS n2, {session} AS session FROM p"
            );
        };
        let b = format!("CASE WHEN la < {limit} THEN ({}) ELSE '[]' END", page(&t, 0));
        let n2 = format!(
            "CASE WHEN la + json_array_length(b) >= {limit} AND COALESCE(n1, 0) < {COUNT_CAP} THEN {} END",
            count_sql(t.filter)
        );
        format!(
            "WITH p AS MATERIALIZED (SELECT ({first}) AS a), \
             q AS MATERIALIZED (SELECT a, json_array_length(a) AS la FROM p), \
             s AS MATERIALIZED (SELECT a, la, {b} AS b, {} AS n1 FROM q) \
             SELECT a, b, n1, {n2} AS n2, {session} AS session FROM s",
            n1("la")
        )
    }
}

impl Store {
    /// Reads one page of a list ([`PageRead`]) in one statement; `session` (an id hash and the time to check it
    /// at) is read in the same statement, as it stands.
    pub(crate) async fn read_page(
        &self,
        sql: &ListSql,
        r: &PageRead<'_>,
        session: Option<(&str, jiff::Timestamp)>,
    ) -> Result<(Page<ClientSummary>, Option<SessionInfo>), StoreError> {
        let postgres = matches!(self.db, crate::Db::Postgres(_));
        // Only the binds: the parts' filters are in `r`.
        let mut binds = ListSql {
            filter: String::new(),
            args: sql.args.clone(),
        };
        let text = page_sql(
            r,
            session.map(|(h, now)| (h, crate::ts(now))),
            postgres,
            &mut binds,
        );
        let args = binds.args;
        let (rows, session) = match &self.db {
            crate::Db::Sqlite(p) => {
                let row = bind_args!(sqlx::query(sqlx::AssertSqlSafe(text)), &args)
                    .fetch_one(p)
                    .await?;
                let then: String = row.try_get("b")?;
                let rows = PageRows {
                    first: summaries_from_json(&row.try_get::<String, _>("a")?)?,
                    then: summaries_from_json(&then)?,
                    first_count: row.try_get("n1")?,
                    then_count: row.try_get("n2")?,
                };
                (rows, row.try_get::<Option<String>, _>("session")?)
            }
            crate::Db::Postgres(p) => {
                use sqlx::FromRow;
                let rows = bind_args!(sqlx::query(sqlx::AssertSqlSafe(text)), &args)
                    .fetch_all(p)
                    .await?;
                let (mut first, mut then, mut trailer) = (Vec::new(), Vec::new(), None);
                for row in &rows {
                    let place: Option<i64> = row.try_get("r")?;
                    match row.try_get::<i32, _>("k")? {
                        0 => trailer = Some(row),
                        1 => first.push((place, ClientSummary::from_row(row)?)),
                        _ => then.push((place, ClientSummary::from_row(row)?)),
                    }
                }
                let trailer = trailer.ok_or_else(|| corrupt("list page: no row of counts"))?;
                // Put back in each part's order (the union's order is not promised).
                let ordered = |mut v: Vec<(Option<i64>, ClientSummary)>| {
                    v.sort_by_key(|(place, _)| *place);
                    v.into_iter().map(|(_, c)| c).collect()
                };
                let rows = PageRows {
                    first: ordered(first),
                    then: ordered(then),
                    first_count: trailer.try_get("n1")?,
                    then_count: trailer.try_get("n2")?,
                };
                (rows, trailer.try_get::<Option<String>, _>("session")?)
            }
        };
        let session = session
            .as_deref()
            .map(crate::users::session_from_json)
            .transpose()?;
        Ok((rows.page(r), session))
    }
}
