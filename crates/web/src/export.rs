//! Exports of the client list the caller may see — CSV, XLSX, JSON — with the list's filters and search. Every
//! export is written to the audit trail with the clients it disclosed (`Store::export_clients`).
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and some read a leading tab or carriage
//! return the same way) as a formula: a name typed as `=HYPERLINK(…)` would become a link that leaks data. Such
//! a cell gets a leading apostrophe in the CSV and the XLSX (OWASP's advice), so it shows as text; the JSON
//! keeps the value as it is (it is data, not a sheet). The CSV is UTF-8 with a byte-order mark and `;` between
//! fields, as Dutch Excel opens it.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use terugkeer_store::{ClientQuery, ClientSummary, SessionInfo, StoreError};

use crate::AppState;
use crate::api::caller;
use crate::error::ApiError;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clients/export", get(page_export))
        .route("/api/v1/clients/export", get(api_export))
}

/// What to export: the format and the client list's filters.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
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

/// A text cell a spreadsheet will not run as a formula.
pub fn neutral(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

const HEADER: [&str; 12] = [
    "id",
    "family_name",
    "given_names",
    "date_of_birth",
    "v_number",
    "status",
    "setting",
    "stage",
    "project",
    "eligible",
    "next_deadline",
    "next_deadline_kind",
];

fn cells(c: &ClientSummary) -> [String; 12] {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        c.id.to_string(),
        c.family_name.clone(),
        c.given_names.clone(),
        o(&c.date_of_birth),
        o(&c.v_number),
        c.status.clone(),
        o(&c.setting),
        c.stage.clone(),
        o(&c.project),
        c.eligible.map(|e| e.to_string()).unwrap_or_default(),
        o(&c.next_deadline),
        o(&c.next_deadline_kind),
    ]
}

/// The CSV: a byte-order mark, `;`-separated, every field quoted when it holds `;`, `"` or a line break.
pub fn csv(rows: &[ClientSummary]) -> Vec<u8> {
    let field = |s: &str| {
        let s = neutral(s);
        if s.contains([';', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    };
    let mut out = String::from("\u{feff}");
    out.push_str(&HEADER.join(";"));
    out.push_str("\r\n");
    for c in rows {
        let line: Vec<String> = cells(c).iter().map(|s| field(s)).collect();
        out.push_str(&line.join(";"));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn xlsx(rows: &[ClientSummary]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("clients")?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (i, h) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, i as u16, *h, &bold)?;
    }
    for (r, c) in rows.iter().enumerate() {
        let row = r as u32 + 1;
        sheet.write_number(row, 0, c.id as f64)?;
        for (i, v) in cells(c).iter().enumerate().skip(1) {
            sheet.write_string(row, i as u16, neutral(v))?;
        }
    }
    book.save_to_buffer()
}

/// The export's file, or why not.
async fn export(st: &AppState, s: &SessionInfo, q: &ExportQuery) -> Result<Response, StoreError> {
    let format = q.format.as_deref().unwrap_or("csv");
    if !matches!(format, "csv" | "xlsx" | "json") {
        return Err(StoreError::input("format", "choose csv, xlsx or json"));
    }
    let rows = st
        .store
        .export_clients(&s.access, &q.client_query(), format, st.now())
        .await?;
    let day = st.today();
    let (ct, body): (&str, Vec<u8>) = match format {
        "csv" => ("text/csv; charset=utf-8", csv(&rows)),
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            xlsx(&rows).map_err(|e| StoreError::Corrupt(format!("workbook: {e}")))?,
        ),
        _ => {
            let list: Vec<crate::api::SummaryOut> =
                rows.into_iter().map(crate::api::SummaryOut::from).collect();
            (
                "application/json",
                serde_json::to_vec(&list).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            )
        }
    };
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

async fn page_export(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<ExportQuery>,
) -> Response {
    let ctx = match st.page(&headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match export(&st, &ctx.s, &q).await {
        Ok(r) => r,
        Err(e) => crate::pages::store_error(&ctx, e),
    }
}

/// Exports the clients the caller may see (with the list's filters) as CSV, XLSX or JSON; every export is
/// audited with the clients it disclosed.
#[utoipa::path(get, path = "/api/v1/clients/export", tag = "clients", params(ExportQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn api_export(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let s = caller(&st, &headers, false).await?;
    Ok(export(&st, &s, &q).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for bad in ["=1+2", "+31", "-5", "@SUM(A1)", "\tx", "\r=x"] {
            assert!(neutral(bad).starts_with('\''), "{bad:?}");
        }
        for fine in ["Haidari", "99 123", "'quoted", "a=b"] {
            assert_eq!(neutral(fine), fine);
        }
    }
}
