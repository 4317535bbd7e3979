//! One read for the client page: the client (visibility checked once, by the caller's row filter), then —
//! on the same connection, without checking again — its records, shares, latest disclosures and the
//! assignee's name. The page made ten round trips to the database before (each a thread hand-off on SQLite),
//! a third of its time.

use crate::access::Access;
use crate::audit::Disclosure;
use crate::users::Share;
use crate::{RecordRow, Store, StoreError, StoredRecord};
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
}

impl Store {
    /// The client page's data, if the caller may see the client.
    pub async fn case_file(&self, a: &Access, id: i64, history: i64) -> Result<Option<CaseFile>, StoreError> {
        let Some(client) = self.client(a, id).await? else {
            return Ok(None);
        };
        let records_sql = "SELECT r.id, r.client_id, r.data, r.version FROM record r WHERE r.client_id = $1 \
                           ORDER BY r.on_date, r.id";
        let shares_sql = "SELECT s.user_id, u.display_name, s.shared_at FROM client_share s \
                          JOIN app_user u ON u.id = s.user_id WHERE s.client_id = $1 ORDER BY u.display_name";
        let history_sql = "SELECT l.at, COALESCE(u.display_name, '') AS who, COALESCE(o.name, '') AS organisation, \
                           l.address, l.action, l.detail FROM audit_log l \
                           LEFT JOIN app_user u ON u.id = l.user_id LEFT JOIN organisation o ON o.id = u.organisation_id \
                           WHERE l.client_id = $1 ORDER BY l.seq DESC LIMIT $2";
        let name_sql = "SELECT display_name FROM app_user WHERE id = $1";
        let (rows, shares, history, assignee) = on_pool!(self, p => {
            let mut c = p.acquire().await?;
            let rows: Vec<RecordRow> = sqlx::query_as(records_sql).bind(id).fetch_all(&mut *c).await?;
            let shares: Vec<Share> = sqlx::query_as(shares_sql).bind(id).fetch_all(&mut *c).await?;
            let history: Vec<Disclosure> = sqlx::query_as(history_sql).bind(id).bind(history.clamp(1, 1000))
                .fetch_all(&mut *c).await?;
            let assignee: Option<String> = match client.assigned_to {
                Some(u) => sqlx::query_scalar(name_sql).bind(u).fetch_optional(&mut *c).await?,
                None => None,
            };
            (rows, shares, history, assignee)
        });
        let records = rows
            .into_iter()
            .map(RecordRow::into_record)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(CaseFile {
            client,
            records,
            shares,
            history,
            assignee,
        }))
    }
}
