//! One read for the client page: the client (visibility checked once, by the caller's row filter), then —
//! on the same connection, without checking again — its records, shares, latest disclosures and the
//! assignee's name. The page made ten round trips to the database before (each a thread hand-off on SQLite),
//! a third of its time.

use crate::access::Access;
use crate::audit::{Disclosure, HISTORY_SQL};
use crate::users::{SHARES_SQL, Share};
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
        let name_sql = "SELECT display_name FROM app_user WHERE id = $1";
        let (rows, shares, history, assignee) = on_pool!(self, p => {
            let mut c = p.acquire().await?;
            let rows: Vec<RecordRow> = sqlx::query_as(records_sql).bind(id).fetch_all(&mut *c).await?;
            let shares: Vec<Share> = sqlx::query_as(SHARES_SQL).bind(id).fetch_all(&mut *c).await?;
            let history: Vec<Disclosure> = sqlx::query_as(HISTORY_SQL).bind(id).bind(history.clamp(1, 1000))
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
