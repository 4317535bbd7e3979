//! Exports of the client list the caller may see — CSV, XLSX, JSON — with the list's filters and search. Every
//! export is written to the audit trail with the clients it disclosed (`Store::export_clients`). The files
//! themselves are written by `export::table`.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use terugkeer_store::{ClientQuery, SessionInfo, StoreError};

use super::api::SummaryOut;
use crate::export::table::{csv, xlsx};
use crate::kit::error::{ApiError, store_error};
use crate::kit::extract::{Caller, Ctx};
use crate::kit::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clients/export", get(page_export))
        .route("/api/v1/clients/export", get(api_export))
}

/// What to export: the format and the client list's filters.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `csv`, `xlsx` or `json`.
    #[serde(default)]
    pub format: Option<String>,
    /// Search (start of a name or V-number).
    #[serde(default)]
    pub q: Option<String>,
    /// `open` or `closed`.
    #[serde(default)]
    pub status: Option<String>,
    /// Setting.
    #[serde(default)]
    pub setting: Option<String>,
    /// Stage.
    #[serde(default)]
    pub stage: Option<String>,
    /// Project.
    #[serde(default)]
    pub project: Option<String>,
}

impl ExportQuery {
    fn client_query(&self) -> ClientQuery {
        let some = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        ClientQuery {
            search: some(&self.q),
            status: some(&self.status),
            setting: some(&self.setting),
            stage: some(&self.stage),
            project: some(&self.project),
            ..ClientQuery::default()
        }
    }
}

/// The export's file, or why not.
async fn export(st: &AppState, s: &SessionInfo, q: &ExportQuery) -> Result<Response, StoreError> {
    let format = q.format.as_deref().unwrap_or("csv");
    if !matches!(format, "csv" | "xlsx" | "json") {
        return Err(StoreError::refuse("format", "problem-choose-format"));
    }
    let rows = st
        .store
        .export_clients(&s.access, &q.client_query(), format, st.now())
        .await?;
    let day = st.today();
    // Writing up to the export's limit of rows is CPU work: off the threads that answer requests.
    let xlsx_format = format == "xlsx";
    let json_format = format == "json";
    let (ct, body): (&str, Vec<u8>) = crate::kit::blocking::run(move || {
        Ok::<_, StoreError>(if xlsx_format {
            (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                xlsx(&rows).map_err(|e| StoreError::Corrupt(format!("workbook: {e}")))?,
            )
        } else if json_format {
            let list: Vec<SummaryOut> = rows.into_iter().map(SummaryOut::from).collect();
            (
                "application/json",
                serde_json::to_vec(&list).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            )
        } else {
            ("text/csv; charset=utf-8", csv(&rows))
        })
    })
    .await
    .map_err(|e| StoreError::Corrupt(e.to_string()))??;
    let disposition = format!("attachment; filename=\"clients-{day}.{format}\"");
    let mut r = (StatusCode::OK, body).into_response();
    if let Ok(v) = header::HeaderValue::from_str(ct) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = header::HeaderValue::from_str(&disposition) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

/// The export from the client list's page.
async fn page_export(State(st): State<AppState>, ctx: Ctx, Query(q): Query<ExportQuery>) -> Response {
    match export(&st, &ctx.s, &q).await {
        Ok(r) => r,
        Err(e) => store_error(&ctx, e),
    }
}

/// Exports the clients the caller may see (with the list's filters) as CSV, XLSX or JSON; every export is
/// audited with the clients it disclosed.
#[utoipa::path(operation_id = "clients_export", get, path = "/api/v1/clients/export", tag = "clients", params(ExportQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn api_export(
    State(st): State<AppState>,
    Caller(s): Caller,
    Query(q): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    Ok(export(&st, &s, &q).await?)
}
