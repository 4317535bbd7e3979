//! Clients and the records of their case files: create (with the likely duplicates shown first), read,
//! versioned update, list, close; each change rewrites the client's summary in the same transaction.

use jiff::Timestamp;
use terugkeer_domain::client::InputError;
use terugkeer_domain::{Client, ClientInput, Record, duplicates};
use terugkeer_rules::Problem;

use crate::access::{Access, Action};
use crate::audit::Event;
use crate::list_page::{PageRead, Part};
use crate::summary::{key, prefix_end};
use crate::{COUNT_CAP, ClientQuery, ClientRow, ClientSummary, Page, Store, StoreError, corrupt, ts};
use serde_json::json;

/// The columns of a [`ClientRow`], on table `client`.
pub(crate) const CLIENT_COLUMNS: &str = "client.id, client.organisation_id, client.data, client.status, \
     client.version, client.assigned_to, client.partner_id";

/// The columns of a [`ClientSummary`].
macro_rules! summary_columns {
    () => {
        "id, family_name, given_names, date_of_birth, v_number, status, assigned_to, setting, stage, project, \
         eligible, next_deadline, next_deadline_kind"
    };
}

pub(crate) use summary_columns;

/// How many columns [`summary_columns!`] names (counted from its text, so the two cannot drift apart).
pub(crate) const SUMMARY_COLUMNS: usize = {
    let text = summary_columns!().as_bytes();
    let (mut i, mut n) = (0, 1);
    while i < text.len() {
        if text[i] == b',' {
            n += 1;
        }
        i += 1;
    }
    n
};

/// A bound value of a list query.
#[derive(Clone)]
pub(crate) enum Arg {
    Int(i64),
    Text(String),
}

/// A list query put together from constant fragments (only values are bound, never spliced), so that each
/// combination of filters has its own plan: `($1 IS NULL OR col = $1)` would keep both backends off the
/// indexes.
#[derive(Clone)]
pub(crate) struct ListSql {
    pub(crate) filter: String,
    pub(crate) args: Vec<Arg>,
}

impl ListSql {
    /// The rows `a` sees, within the caseload of `assigned_to` when given (`AND assigned_to = …`, with the
    /// visibility of rows in that caseload: [`Access::visible_in_caseload`]).
    pub(crate) fn new(a: &Access, assigned_to: Option<i64>) -> ListSql {
        let (org, user) = a.binds();
        let mut sql = ListSql {
            filter: a.visible_in_caseload(assigned_to).into(),
            args: vec![Arg::Int(org), Arg::Int(user)],
        };
        if let Some(u) = assigned_to {
            sql.eq("assigned_to", Arg::Int(u));
        }
        sql
    }

    /// No filter yet, only the row filter's binds (`$1`, `$2`: [`Access::binds`]), for a statement that writes
    /// its own.
    pub(crate) fn binds(a: &Access) -> ListSql {
        let (org, user) = a.binds();
        ListSql {
            filter: String::new(),
            args: vec![Arg::Int(org), Arg::Int(user)],
        }
    }

    /// Binds one more value: its placeholder.
    pub(crate) fn param(&mut self, a: Arg) -> String {
        self.args.push(a);
        format!("${}", self.args.len())
    }

    /// `AND <column> = value`; `column` is one of the constants below.
    pub(crate) fn eq(&mut self, column: &'static str, a: Arg) {
        let p = self.param(a);
        self.filter.push_str(&format!(" AND {column} = {p}"));
    }

    /// `AND (<a> in [lo, hi) OR <b> in [lo, hi) ...)`, or with `not`, none of them.
    fn ranges(&mut self, columns: &[&'static str], lo: &str, hi: &str, not: bool) {
        let any = self.range(columns, lo, hi);
        let not = if not { "NOT " } else { "" };
        self.filter.push_str(&format!(" AND {not}{any}"));
    }

    /// `(<a> in [lo, hi) OR <b> in [lo, hi) ...)` over unqualified columns, its bounds bound.
    fn range(&mut self, columns: &[&'static str], lo: &str, hi: &str) -> String {
        let lo = self.param(Arg::Text(lo.to_owned()));
        let hi = self.param(Arg::Text(hi.to_owned()));
        let parts: Vec<String> = columns
            .iter()
            .map(|c| format!("({c} >= {lo} AND {c} < {hi})"))
            .collect();
        format!("({})", parts.join(" OR "))
    }
}

/// Binds the arguments of a [`ListSql`] in order.
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut q = $query;
        for a in $args {
            q = match a {
                $crate::clients::Arg::Int(i) => q.bind(*i),
                $crate::clients::Arg::Text(s) => q.bind(s.clone()),
            };
        }
        q
    }};
}

pub(crate) use bind_args;

/// The columns of [`summary_columns!`] as one JSON array.
type SummaryTuple = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<i64>,
    Option<String>,
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
);

pub(crate) fn summaries_from_json(json: &str) -> Result<Vec<ClientSummary>, StoreError> {
    let rows: Vec<SummaryTuple> = serde_json::from_str(json).map_err(corrupt)?;
    Ok(rows
        .into_iter()
        .map(|r| ClientSummary {
            id: r.0,
            family_name: r.1,
            given_names: r.2,
            date_of_birth: r.3,
            v_number: r.4,
            status: r.5,
            assigned_to: r.6,
            setting: r.7,
            stage: r.8,
            project: r.9,
            eligible: r.10,
            next_deadline: r.11,
            next_deadline_kind: r.12,
        })
        .collect())
}

/// The open clients `a` sees, within the caseload of `assigned_to` when given: the dashboard's list and the
/// filter its counts take when they are not kept.
pub(crate) fn open_caseload(a: &Access, assigned_to: Option<i64>) -> ListSql {
    let mut sql = ListSql::new(a, assigned_to);
    sql.eq("status", Arg::Text("open".into()));
    sql
}

/// A `SELECT` of the caseload's counts by setting and stage — columns `setting` (or ''), `stage`, `n` — for the
/// open clients of `open` ([`open_caseload`] of the same `a` and `assigned_to`), binding what it needs there.
/// The organisation's counts, or one caseworker's own caseload, are kept by triggers (`caseload_count`); other
/// views (a partner's, a caseworker's shared clients) are small and counted.
pub(crate) fn counts_sql(a: &Access, assigned_to: Option<i64>, open: &mut ListSql) -> String {
    let kept = match (a.role(), assigned_to) {
        (crate::Role::Coordinator, _) => true,
        (crate::Role::Caseworker, Some(u)) => a.user_id() == Some(u),
        _ => false,
    };
    if kept {
        // Assignee -1 holds the organisation's totals, kept beside the per-assignee rows; $1 is the organisation.
        let p = open.param(Arg::Int(assigned_to.unwrap_or(-1)));
        format!(
            "SELECT setting, stage, CAST(SUM(n) AS BIGINT) AS n FROM caseload_count WHERE organisation_id = $1 \
             AND assigned_to = {p} AND status = 'open' GROUP BY setting, stage HAVING SUM(n) > 0"
        )
    } else {
        format!(
            "SELECT COALESCE(setting, '') AS setting, stage, COUNT(*) AS n FROM client WHERE {} \
             GROUP BY setting, stage",
            open.filter
        )
    }
}

/// A backend's JSON functions: `(aggregate, array, cast to text)` — PostgreSQL's `json_agg`,
/// `json_build_array`, `::text`; SQLite's `json_group_array`, `json_array` (already text).
pub(crate) fn json_fns(postgres: bool) -> (&'static str, &'static str, &'static str) {
    if postgres {
        ("json_agg", "json_build_array", "::text")
    } else {
        ("json_group_array", "json_array", "")
    }
}

/// A `SELECT` of one text column: the page of the clients matching `filter` in `order` (` ORDER BY …` over
/// the summary columns and the sort keys), `limit` from `offset` (clamped integers, written into the text), as a
/// JSON array of [`summary_columns!`] arrays (read by [`summaries_from_json`]).
pub(crate) fn page_json_sql(filter: &str, order: &str, limit: i64, offset: i64, postgres: bool) -> String {
    let (agg, arr, cast) = json_fns(postgres);
    let order_by = order.trim_start_matches(" ORDER BY ");
    format!(
        "SELECT COALESCE({agg}({arr}({}) ORDER BY {order_by}){cast}, '[]') FROM \
         (SELECT {}, deadline_sort, family_key, given_key FROM client WHERE {filter}{order} \
         LIMIT {limit} OFFSET {offset}) AS r",
        summary_columns!(),
        summary_columns!(),
    )
}

impl Store {
    /// Clients that are likely the same person: the same V-number, or the same date of birth and a name that
    /// matches allowing for spelling variants. Shown before a new client is saved.
    pub async fn likely_duplicates(
        &self,
        a: &Access,
        input: &ClientInput,
    ) -> Result<Vec<ClientSummary>, StoreError> {
        // Only those the caller may see: a caseworker is not told of clients outside their caseload.
        let sql = format!(
            "SELECT {} FROM client WHERE {} AND (v_number = $3 OR date_of_birth = $4) ORDER BY id",
            summary_columns!(),
            a.visible()
        );
        let v = input.v_number.clone();
        let dob = input.date_of_birth.map(|d| d.to_string());
        let (org, user) = a.binds();
        let rows: Vec<ClientSummary> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(org).bind(user).bind(&v).bind(&dob).fetch_all(p).await?);
        let name = format!("{} {}", input.given_names, input.family_name);
        Ok(rows
            .into_iter()
            .filter(|c| {
                (v.is_some() && c.v_number == v)
                    || duplicates::names_match(&name, &format!("{} {}", c.given_names, c.family_name))
            })
            .collect())
    }

    /// Saves a new client (validated by the caller with [`ClientInput::validate`]); a caseworker's is
    /// assigned to them (else they could not see it), a coordinator's to no one.
    pub async fn create_client(
        &self,
        a: &Access,
        input: &ClientInput,
        now: Timestamp,
    ) -> Result<Client, StoreError> {
        let id = self.create_case(a, input, &[], None, now).await?;
        self.client(a, id).await?.ok_or(StoreError::NotFound)
    }

    /// Saves a client with the records of their case file in one transaction: all of it or nothing (for
    /// imports and generated caseloads), assigned to `assigned_to` if that user is of this organisation
    /// (a caseworker's own clients are always assigned to them). Returns the client's id.
    pub async fn create_case(
        &self,
        a: &Access,
        input: &ClientInput,
        records: &[Record],
        assigned_to: Option<i64>,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        let ids = self
            .create_cases(a, &[(input, records, assigned_to)], now)
            .await?;
        ids.first().copied().ok_or(StoreError::NotFound)
    }

    /// Saves several case files in one transaction, all or none (bulk loads: one commit instead of one per
    /// client). Returns their ids in order.
    pub async fn create_cases(
        &self,
        a: &Access,
        cases: &[(&ClientInput, &[Record], Option<i64>)],
        now: Timestamp,
    ) -> Result<Vec<i64>, StoreError> {
        let cases: Vec<crate::NewCase<'_>> = cases
            .iter()
            .map(|(client, records, assigned_to)| crate::NewCase {
                client,
                records,
                assigned_to: *assigned_to,
                history: None,
            })
            .collect();
        self.load_cases(a, &cases, now).await
    }

    /// One client the caller may see.
    pub async fn client(&self, a: &Access, id: i64) -> Result<Option<Client>, StoreError> {
        let sql = format!(
            "SELECT {CLIENT_COLUMNS} FROM client WHERE client.id = $3 AND {}",
            a.visible()
        );
        let (org, user) = a.binds();
        let row: Option<ClientRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(org).bind(user).bind(id).fetch_optional(p).await?);
        row.map(|r| self.decode_client(r)).transpose()
    }

    /// The summary of one client (its row in a list).
    pub async fn client_summary(&self, a: &Access, id: i64) -> Result<Option<ClientSummary>, StoreError> {
        let sql = format!(
            "SELECT {} FROM client WHERE client.id = $3 AND {}",
            summary_columns!(),
            a.visible()
        );
        let (org, user) = a.binds();
        Ok(
            on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(org).bind(user).bind(id).fetch_optional(p).await?),
        )
    }

    /// Refuses a stale or invisible change: [`StoreError::NotFound`] if the caller cannot see the client,
    /// else [`StoreError::Stale`] with its current version.
    pub(crate) async fn refused(&self, a: &Access, id: i64) -> StoreError {
        match self.client(a, id).await {
            Ok(Some(c)) => StoreError::Stale {
                current_version: c.version,
            },
            Ok(None) => StoreError::NotFound,
            Err(e) => e,
        }
    }

    /// Updates a client if `expected_version` is still the stored one; otherwise refuses with the current
    /// version, changing nothing.
    pub async fn update_client(
        &self,
        a: &Access,
        id: i64,
        expected_version: i64,
        input: &ClientInput,
        now: Timestamp,
    ) -> Result<Client, StoreError> {
        self.may_see_and(a, id, Action::EditCase).await?;
        let data = self.seal_data(input)?;
        let new_value = serde_json::to_value(input).map_err(corrupt)?;
        let sql = format!(
            "UPDATE client SET family_name = $3, given_names = $4, date_of_birth = $5, v_number = $6, \
             data = $7, version = version + 1, updated_at = $8 WHERE client.id = $9 AND version = $10 AND {}",
            a.visible()
        );
        let (org, user) = a.binds();
        let n = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let (old, org_id): (String, i64) = sqlx::query_as("SELECT data, organisation_id FROM client WHERE id = $1")
                .bind(id).fetch_one(&mut *tx).await?;
            let n = sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(org).bind(user)
                .bind(&input.family_name).bind(&input.given_names).bind(input.date_of_birth.map(|d| d.to_string()))
                .bind(&input.v_number).bind(&data).bind(ts(now)).bind(id).bind(expected_version)
                .execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                reload_summary!(self, tx, id, now);
                let ev = Event {
                    organisation_id: org_id,
                    action: "update",
                    entity: "client",
                    entity_id: Some(id),
                    client_id: Some(id),
                    detail: crate::audit::changes(&serde_json::to_value(self.open_data(&old)?).map_err(corrupt)?, &new_value),
                };
                audit!(tx, Some(a), now, ev);
            }
            tx.commit().await?;
            n
        });
        if n == 0 {
            return Err(self.refused(a, id).await);
        }
        self.client(a, id).await?.ok_or(StoreError::NotFound)
    }

    /// `Ok` if the caller sees client `id` and may do `action` to it; [`StoreError::NotFound`] if they do
    /// not see it (whatever the action), [`StoreError::Forbidden`] if they see it but may not.
    pub(crate) async fn may_see_and(
        &self,
        a: &Access,
        id: i64,
        action: Action,
    ) -> Result<Client, StoreError> {
        let c = self.client(a, id).await?.ok_or(StoreError::NotFound)?;
        a.check(action)?;
        Ok(c)
    }

    /// Assigns a client to a caseworker of the organisation (or to no one), if `expected_version` is still
    /// the stored one.
    pub async fn assign_client(
        &self,
        a: &Access,
        id: i64,
        expected_version: i64,
        user: Option<i64>,
        now: Timestamp,
    ) -> Result<Client, StoreError> {
        self.may_see_and(a, id, Action::AssignCase).await?;
        if let Some(u) = user
            && !self
                .user(a.tenant, u)
                .await?
                .is_some_and(|u| matches!(u.role.as_str(), "caseworker" | "coordinator"))
        {
            return Err(InputError {
                field: "assigned_to",
                message: Problem::new("problem-not-caseworker-or-coordinator"),
            }
            .into());
        }
        let sql = format!(
            "UPDATE client SET assigned_to = $3, version = version + 1, updated_at = $4 \
             WHERE client.id = $5 AND version = $6 AND {}",
            a.visible()
        );
        let (org, user_id) = a.binds();
        let n = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let (old, org_id): (Option<i64>, i64) =
                sqlx::query_as("SELECT assigned_to, organisation_id FROM client WHERE id = $1")
                    .bind(id).fetch_one(&mut *tx).await?;
            let n = sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(org).bind(user_id)
                .bind(user).bind(ts(now)).bind(id).bind(expected_version).execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                let ev = Event {
                    organisation_id: org_id,
                    action: "assign",
                    entity: "client",
                    entity_id: Some(id),
                    client_id: Some(id),
                    detail: json!({"changes": [{"field": "assigned_to", "old": old, "new": user}]}),
                };
                audit!(tx, Some(a), now, ev);
            }
            tx.commit().await?;
            n
        });
        if n == 0 {
            return Err(self.refused(a, id).await);
        }
        self.client(a, id).await?.ok_or(StoreError::NotFound)
    }

    /// Lists clients: by name, or by nearest deadline (overdue first, then the nearest, then those without
    /// one). Every query shape runs on an index; the total is counted up to [`COUNT_CAP`].
    pub async fn list_clients(&self, a: &Access, q: &ClientQuery) -> Result<Page<ClientSummary>, StoreError> {
        Ok(self.list_clients_in_session(a, q, None).await?.0)
    }

    /// [`Store::list_clients`], with — read in the same statement — the session `(id hash, now)` as it stands
    /// (`None` if not asked, ended or expired): the web layer keeps the page only if that is still the session it
    /// was built for (as [`Store::case_file_in_session`]). A page is one statement (`list_page`), except a name
    /// search's pages after the first, which read the family-name and the given-name matches one after the other.
    pub async fn list_clients_in_session(
        &self,
        a: &Access,
        q: &ClientQuery,
        session: Option<(&str, Timestamp)>,
    ) -> Result<(Page<ClientSummary>, Option<crate::SessionInfo>), StoreError> {
        a.check(Action::ReadCase)?;
        let mut sql = ListSql::new(a, q.assigned_to);
        for (column, value) in [
            ("status", &q.status),
            ("setting", &q.setting),
            ("stage", &q.stage),
            ("project", &q.project),
        ] {
            if let Some(v) = value {
                sql.eq(column, Arg::Text(v.clone()));
            }
        }
        let limit = q.limit.clamp(1, 200);
        let offset = q.offset.max(0);
        let by_name = " ORDER BY family_key, given_key, id";
        let order = if q.by_deadline {
            " ORDER BY deadline_sort, id"
        } else {
            by_name
        };
        let one = |order| PageRead {
            first: Part { filter: "", order },
            then: None,
            limit,
            offset,
            skip_total: q.skip_total,
        };
        let Some(s) = q.search.as_deref().map(key).filter(|s| !s.is_empty()) else {
            return self.page_of(&sql, &one(order), session).await;
        };
        let digits = s.replace(['.', ' '], "");
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            // Digits are a V-number: the matches in number order, which is the index's order, so a page reads
            // its own rows only. In name order a short prefix (1,000 matches among 1,000,000 clients) read
            // and sorted every match: 93 ms a request.
            sql.ranges(&["v_number"], &digits, &prefix_end(&digits), false);
            let order = if q.by_deadline {
                order
            } else {
                " ORDER BY v_number, id"
            };
            return self.page_of(&sql, &one(order), session).await;
        }
        let end = prefix_end(&s);
        // A caseworker's or a partner's visible set is their caseload (hundreds, not the organisation's
        // 100,000): one query over it with both name ranges costs less than two index walks that each
        // rebuild the set.
        let small = matches!(a.role(), crate::Role::Caseworker | crate::Role::Partner);
        if small && !q.by_deadline {
            let names = sql.range(&["family_key", "given_key"], &s, &end);
            // A caseworker's own set (caseload and shares) is narrowed to the matching names inside, where
            // PostgreSQL checks them in the caseload index (migration 0025 carries the name keys): otherwise it
            // fetched every client of the caseload to check the names (0.9 → 0.13 ms a search, 200 clients).
            if let Some(rest) = sql.filter.strip_prefix(a.visible())
                && q.assigned_to.is_none()
                && a.role() == crate::Role::Caseworker
            {
                sql.filter = format!("{}{rest}", a.visible_narrowed(&names));
            }
            sql.filter.push_str(&format!(" AND {names}"));
            return self.page_of(&sql, &one(order), session).await;
        }
        if q.by_deadline {
            sql.ranges(&["family_key", "given_key"], &s, &end, false);
            return self.page_of(&sql, &one(order), session).await;
        }
        // By name: the clients whose family name matches, in name order, then those whose given names match,
        // in given-name order. Each part walks its own index; one query with OR would sort every match.
        let base = std::mem::take(&mut sql.filter);
        let family_range = sql.range(&["family_key"], &s, &end);
        let family_filter = format!("{base} AND {family_range}");
        let family_binds = sql.args.len();
        let given_range = sql.range(&["given_key"], &s, &end);
        let given = ListSql {
            filter: format!("{base} AND {given_range} AND NOT {family_range}"),
            args: sql.args,
        };
        let given_order = " ORDER BY given_key, family_key, id";
        if offset == 0 {
            let read = PageRead {
                first: Part {
                    filter: &family_filter,
                    order: by_name,
                },
                then: Some(Part {
                    filter: &given.filter,
                    order: given_order,
                }),
                limit,
                offset,
                skip_total: false,
            };
            return self.read_page(&given, &read, session).await;
        }
        // The family part's binds are a prefix of the given part's: its statement alone binds only those
        // (PostgreSQL refuses a bind its text does not use).
        let family = ListSql {
            filter: family_filter,
            args: given.args.iter().take(family_binds).cloned().collect(),
        };
        let counted = |order| PageRead {
            skip_total: false,
            ..one(order)
        };
        let (first, found) = self.page_of(&family, &counted(by_name), session).await?;
        if first.total >= COUNT_CAP {
            return Ok((first, found));
        }
        let shown = first.items.len() as i64;
        let second = if shown < limit {
            let read = PageRead {
                limit: limit - shown,
                offset: (offset - first.total).max(0),
                ..counted(given_order)
            };
            self.page_of(&given, &read, None).await?.0
        } else {
            Page {
                items: Vec::new(),
                total: self.count_of(&given).await?,
            }
        };
        let mut items = first.items;
        items.extend(second.items);
        Ok((
            Page {
                items,
                total: (first.total + second.total).min(COUNT_CAP),
            },
            found,
        ))
    }

    /// Every client the caller may see that matches `q`'s filters and search (its page, order and limit
    /// ignored), in id order without a search and in the list's name order with one — at most [`EXPORT_MAX`](crate::EXPORT_MAX) —
    /// and the export written to the audit trail with its format, filters and the clients' ids: an export is a
    /// disclosure of each of them. More than [`EXPORT_MAX`](crate::EXPORT_MAX) is refused (narrow the filters) rather than cut.
    pub async fn export_clients(
        &self,
        a: &Access,
        q: &ClientQuery,
        format: &str,
        now: Timestamp,
    ) -> Result<Vec<ClientSummary>, StoreError> {
        a.check(Action::ReadCase)?;
        let mut out: Vec<ClientSummary> = Vec::new();
        let too_many = || {
            StoreError::input(
                "filters",
                Problem::new("problem-too-many-to-export").with("max", crate::EXPORT_MAX),
            )
        };
        if q.search.as_deref().is_none_or(|s| key(s).is_empty()) {
            // Keyset pages by id: each page one index range, however far in.
            let mut last = 0i64;
            loop {
                let mut sql = ListSql::new(a, q.assigned_to);
                for (column, value) in [
                    ("status", &q.status),
                    ("setting", &q.setting),
                    ("stage", &q.stage),
                    ("project", &q.project),
                ] {
                    if let Some(v) = value {
                        sql.eq(column, Arg::Text(v.clone()));
                    }
                }
                let p = sql.param(Arg::Int(last));
                sql.filter.push_str(&format!(" AND client.id > {p}"));
                let read = PageRead {
                    first: Part {
                        filter: "",
                        order: " ORDER BY id",
                    },
                    then: None,
                    limit: 1000,
                    offset: 0,
                    skip_total: true,
                };
                let (page, _) = self.page_of(&sql, &read, None).await?;
                let n = page.items.len();
                if let Some(l) = page.items.last() {
                    last = l.id;
                }
                out.extend(page.items);
                if out.len() > crate::EXPORT_MAX {
                    return Err(too_many());
                }
                if n < 1000 {
                    break;
                }
            }
        } else {
            let mut page_q = q.clone();
            page_q.limit = 200;
            page_q.skip_total = true;
            page_q.offset = 0;
            loop {
                let page = self.list_clients(a, &page_q).await?;
                let n = page.items.len();
                out.extend(page.items);
                if out.len() > crate::EXPORT_MAX {
                    return Err(too_many());
                }
                if n < 200 {
                    break;
                }
                page_q.offset += 200;
            }
        }
        let ids: Vec<i64> = out.iter().map(|c| c.id).collect();
        let ev = Event {
            organisation_id: a.tenant.0,
            action: "export",
            entity: "client",
            entity_id: None,
            client_id: None,
            detail: json!({
                "format": format,
                "filters": {"search": q.search, "status": q.status, "setting": q.setting, "stage": q.stage,
                            "project": q.project, "assigned_to": q.assigned_to},
                "count": ids.len(),
                "clients": ids,
            }),
        };
        self.audit_event(a, ev, now).await?;
        Ok(out)
    }

    /// The V-numbers already on file in the caller's organisation (an import skips their rows).
    pub async fn v_numbers(&self, a: &Access) -> Result<std::collections::HashSet<String>, StoreError> {
        a.check(Action::CreateCase)?;
        let sql = "SELECT v_number FROM client WHERE organisation_id = $1 AND v_number IS NOT NULL";
        let rows: Vec<String> =
            on_pool!(self, p => sqlx::query_scalar(sql).bind(a.tenant.0).fetch_all(p).await?);
        Ok(rows.into_iter().collect())
    }

    /// The clients of the caller's organisation with these V-numbers (an import compares its rows that are already
    /// on file with them), read 500 at a time; V-numbers not on file are left out. Not recorded as reads: the
    /// import names only the columns that differ, never a stored value.
    pub async fn clients_by_v_number(
        &self,
        a: &Access,
        v_numbers: &[String],
    ) -> Result<Vec<Client>, StoreError> {
        a.check(Action::CreateCase)?;
        let mut out = Vec::with_capacity(v_numbers.len());
        for chunk in v_numbers.chunks(500) {
            let mut sql = ListSql::new(a, None);
            let marks: Vec<String> = chunk.iter().map(|v| sql.param(Arg::Text(v.clone()))).collect();
            let text = format!(
                "SELECT {CLIENT_COLUMNS} FROM client WHERE {} AND client.v_number IN ({})",
                sql.filter,
                marks.join(", ")
            );
            let rows: Vec<ClientRow> = on_pool!(self, p =>
                bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(text.clone())), &sql.args).fetch_all(p).await?);
            for r in rows {
                out.push(self.decode_client(r)?);
            }
        }
        Ok(out)
    }

    /// How many rows a list query matches, up to [`COUNT_CAP`].
    async fn count_of(&self, sql: &ListSql) -> Result<i64, StoreError> {
        let count = format!("SELECT {}", crate::list_page::count_sql(&sql.filter));
        let args = sql.args.clone();
        Ok(on_pool!(self, p =>
            bind_args!(sqlx::query_scalar(sqlx::AssertSqlSafe(count.clone())), &args).fetch_one(p).await?))
    }

    /// One page of `sql`'s matches as `r` asks (its parts' filters taken from `sql`), with its count and
    /// `session` read in the same statement.
    async fn page_of(
        &self,
        sql: &ListSql,
        r: &PageRead<'_>,
        session: Option<(&str, Timestamp)>,
    ) -> Result<(Page<ClientSummary>, Option<crate::SessionInfo>), StoreError> {
        let read = PageRead {
            first: Part {
                filter: &sql.filter,
                order: r.first.order,
            },
            then: None,
            ..*r
        };
        self.read_page(sql, &read, session).await
    }

    /// Counts of the open clients the caller sees (or only those assigned to `assigned_to`) by setting
    /// and by stage: `(setting or "", stage, count)`.
    pub async fn caseload_counts(
        &self,
        a: &Access,
        assigned_to: Option<i64>,
    ) -> Result<Vec<(String, String, i64)>, StoreError> {
        a.check(Action::ReadCase)?;
        let mut sql = open_caseload(a, assigned_to);
        let text = format!("{} ORDER BY 1, 2", counts_sql(a, assigned_to, &mut sql));
        let args = sql.args;
        Ok(on_pool!(self, p =>
            bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(text.clone())), &args).fetch_all(p).await?))
    }

    /// Counts of the organisation's clients by status, setting, stage, project and eligibility, with no
    /// name: what an auditor (and a coordinator) may see. `(status, setting or "", stage, project or "",
    /// eligible or -1, count)`.
    pub async fn aggregates(&self, a: &Access) -> Result<Vec<Aggregate>, StoreError> {
        a.check(Action::ReadAggregates)?;
        let sql = "SELECT status, COALESCE(setting, ''), stage, COALESCE(project, ''), COALESCE(eligible, -1), \
                   COUNT(*) FROM client WHERE organisation_id = $1 \
                   GROUP BY status, setting, stage, project, eligible ORDER BY 1, 2, 3, 4, 5";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(a.tenant.0).fetch_all(p).await?))
    }
}

/// One group of [`Store::aggregates`]: status, setting, stage, project, eligibility (-1 unknown), count.
pub type Aggregate = (String, String, String, String, i64, i64);
