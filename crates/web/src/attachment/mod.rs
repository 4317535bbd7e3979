//! Receipts attached to in-kind items and hand-outs: uploaded from the client page (a multipart form with the
//! session's anti-forgery token) or by the API (the file as the body), downloaded as an attachment (never shown
//! inline, `nosniff`) — each read recorded in the audit trail like any read of the client's file.

use crate::kit::again::client_action_done;
use crate::kit::error::{ApiError, PageError, store_error};
use crate::kit::extract::{Caller, ClientPath, Ctx, ItemPath, WriteCaller};
use crate::kit::state::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use terugkeer_store::AttachmentInfo;
use terugkeer_store::attachment::{MAX_BYTES, Owner};

pub(crate) fn routes() -> Router<AppState> {
    // A little more than the largest file, for the form's other fields and the multipart framing.
    let limit = DefaultBodyLimit::max(MAX_BYTES + 64 * 1024);
    Router::new()
        .route(
            "/clients/{id}/in-kind/{iid}/receipt",
            post(upload_item).layer(limit),
        )
        .route(
            "/clients/{id}/handouts/{hid}/receipt",
            post(upload_handout).layer(limit),
        )
        .route("/clients/{id}/attachments/{aid}", get(download))
        .route(
            "/api/v1/clients/{id}/in-kind/{iid}/receipt",
            post(api_upload_item).layer(limit),
        )
        .route("/api/v1/clients/{id}/attachments", get(api_list))
        .route("/api/v1/clients/{id}/attachments/{aid}", get(api_download))
}

/// The multipart form's token and file, or why not.
async fn read_form(mut m: Multipart) -> Result<(String, String, Vec<u8>), String> {
    let (mut csrf, mut name, mut bytes) = (String::new(), String::new(), Vec::new());
    loop {
        let field = match m.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(format!("file: cannot be read ({e})")),
        };
        match field.name() {
            Some("csrf") => csrf = field.text().await.map_err(|e| format!("csrf: {e}"))?,
            Some("file") => {
                // The name is only shown back; control characters (NUL, which PostgreSQL cannot store, among
                // them) are dropped rather than refused.
                name = field
                    .file_name()
                    .unwrap_or("receipt")
                    .chars()
                    .filter(|c| !c.is_control())
                    .collect();
                bytes = field
                    .bytes()
                    .await
                    .map_err(|e| format!("file: cannot be read ({e})"))?
                    .to_vec();
            }
            _ => {}
        }
    }
    Ok((csrf, name, bytes))
}

/// A receipt or signed paper attached to an in-kind item or a hand-out (a multipart form: the anti-forgery token
/// is read from it before the file is stored).
async fn upload(st: AppState, ctx: Ctx, id: i64, owner: Owner, m: Multipart) -> Result<Response, PageError> {
    let (csrf, name, bytes) = read_form(m)
        .await
        .map_err(|e| PageError::page(ctx.t, Some(&ctx.s), StatusCode::BAD_REQUEST, e))?;
    crate::kit::error::multipart_csrf(&ctx, &csrf)?;
    let done = st
        .store
        .attach(&ctx.s.access, id, owner, &name, &bytes, st.now())
        .await
        .map(|_| ());
    Ok(client_action_done(&ctx, id, done))
}

async fn upload_item(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    ItemPath(iid): ItemPath,
    m: Multipart,
) -> Result<Response, PageError> {
    upload(st, ctx, id, Owner::InKindItem(iid), m).await
}

async fn upload_handout(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    ItemPath(hid): ItemPath,
    m: Multipart,
) -> Result<Response, PageError> {
    upload(st, ctx, id, Owner::Handout(hid), m).await
}

/// The file as a download: its stored type, a clean name, never rendered by the browser.
fn file_response(info: &AttachmentInfo, bytes: Vec<u8>) -> Response {
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&info.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    // Named from the type the bytes were recognised as, also for files stored before names were.
    let name = terugkeer_store::name_for_type(&info.filename, &info.content_type);
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

async fn download(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    ItemPath(aid): ItemPath,
) -> Response {
    match st.store.attachment(&ctx.s.access, id, aid).await {
        Ok((info, bytes)) => {
            let mut r = file_response(&info, bytes);
            r.extensions_mut().insert(ctx.s.access);
            r
        }
        Err(e) => store_error(&ctx, e),
    }
}

/// An attached file's description in the API.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct AttachmentOut {
    /// Id.
    pub id: i64,
    /// `in_kind_item` or `handout`.
    pub owner_kind: String,
    /// The item's or request's id.
    pub owner_id: i64,
    /// Name.
    pub filename: String,
    /// `application/pdf`, `image/jpeg` or `image/png`.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// SHA-256, hex.
    pub sha256: String,
}

impl From<AttachmentInfo> for AttachmentOut {
    fn from(a: AttachmentInfo) -> AttachmentOut {
        AttachmentOut {
            id: a.id,
            owner_kind: a.owner_kind,
            owner_id: a.owner_id,
            filename: a.filename,
            content_type: a.content_type,
            size: a.size,
            sha256: a.sha256,
        }
    }
}

/// The file's name for an upload by the API.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NameQuery {
    /// The file's name (default `receipt`).
    #[serde(default)]
    pub filename: Option<String>,
}

/// Attaches a receipt to an in-kind item: the file (PDF, JPEG or PNG, at most 5 MB) is the request body.
#[utoipa::path(operation_id = "attachment_upload_item", post, path = "/api/v1/clients/{id}/in-kind/{iid}/receipt", tag = "money",
    params(("id" = i64, Path, description = "client id"), ("iid" = i64, Path, description = "item id"), NameQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = AttachmentOut), (status = 422, body = ApiError), (status = 404, body = ApiError)))]
pub async fn api_upload_item(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
    ItemPath(iid): ItemPath,
    Query(q): Query<NameQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let info = st
        .store
        .attach(
            &s.access,
            id,
            Owner::InKindItem(iid),
            q.filename.as_deref().unwrap_or("receipt"),
            &body,
            st.now(),
        )
        .await?;
    Ok((StatusCode::CREATED, axum::Json(AttachmentOut::from(info))).into_response())
}

/// The files attached to a client's records.
#[utoipa::path(operation_id = "attachment_list", get, path = "/api/v1/clients/{id}/attachments", tag = "money",
    params(("id" = i64, Path, description = "client id")),
    responses((status = 200, body = [AttachmentOut]), (status = 404, body = ApiError)))]
pub async fn api_list(
    State(st): State<AppState>,
    Caller(s): Caller,
    ClientPath(id): ClientPath,
) -> Result<Response, ApiError> {
    let list = st.store.attachments(&s.access, id).await?;
    let mut r = axum::Json(list.into_iter().map(AttachmentOut::from).collect::<Vec<_>>()).into_response();
    r.extensions_mut().insert(s.access);
    Ok(r)
}

/// One attached file's bytes.
#[utoipa::path(operation_id = "attachment_download", get, path = "/api/v1/clients/{id}/attachments/{aid}", tag = "money",
    params(("id" = i64, Path, description = "client id"), ("aid" = i64, Path, description = "attachment id")),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 404, body = ApiError)))]
pub async fn api_download(
    State(st): State<AppState>,
    Caller(s): Caller,
    ClientPath(id): ClientPath,
    ItemPath(aid): ItemPath,
) -> Result<Response, ApiError> {
    let (info, bytes) = st.store.attachment(&s.access, id, aid).await?;
    let mut r = file_response(&info, bytes);
    r.extensions_mut().insert(s.access);
    Ok(r)
}
