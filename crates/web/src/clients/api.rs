//! The JSON API of the client's file, `/api/v1/clients`: clients, their records, and their assessment.
//!
//! Scripts authenticate with `Authorization: Bearer <token>` (`terugkeer token create`); a browser session
//! works too, with its anti-forgery token in `X-CSRF-Token` for writes. Errors are `{code, message,
//! field?}`; malformed JSON is a 400 and invalid values a 422 naming the field (a JSON path); a stale
//! version is a 409 carrying the current data; nothing is stored from a refused request.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use terugkeer_domain::{ClientInput, Record};
use terugkeer_rules::json::{Detail, write_assessment};
use terugkeer_rules::{Date, Lang};
use terugkeer_store::{ClientQuery, ClientSummary, SessionInfo, StoreError, StoredRecord};

use super::fields::precheck_record;
use crate::kit::error::ApiError;
use crate::kit::extract::{Caller, ClientPath, ItemPath, WriteCaller, json_value};
use crate::kit::form::from_json;
use crate::kit::state::AppState;

/// The API routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/clients", get(list_clients).post(create_client))
        .route("/api/v1/clients/{id}", get(get_client).put(update_client))
        .route("/api/v1/clients/{id}/close", axum::routing::post(close_client))
        .route("/api/v1/clients/{id}/reopen", axum::routing::post(reopen_client))
        .route("/api/v1/clients/{id}/records", get(list_records).post(add_record))
        .route(
            "/api/v1/clients/{id}/records/{record_id}",
            get(get_record).put(update_record),
        )
        .route("/api/v1/clients/{id}/assessment", get(assessment))
}

/// Reads a JSON body: 400 if it is not JSON, 422 naming the field if a value is wrong. The records in it
/// (the body itself, or under `records`, `record` or `closure`) are checked field by field first.
fn body<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let v = json_value(bytes)?;
    if v.is_object() {
        for key in ["record", "closure"] {
            if let Some(r) = v.get(key) {
                precheck_record(r, key)?;
            }
        }
        if let Some(list) = v.get("records").and_then(serde_json::Value::as_array) {
            for (i, r) in list.iter().enumerate() {
                precheck_record(r, &format!("records[{i}]"))?;
            }
        }
    }
    Ok(from_json(v)?)
}

/// Reads a body that is one record.
fn record_body(bytes: &[u8]) -> Result<Record, ApiError> {
    let v = json_value(bytes)?;
    precheck_record(&v, "")?;
    Ok(from_json(v)?)
}

/// A client's row in a list: identity and the summary the dashboard sorts by.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SummaryOut {
    /// Id.
    pub id: i64,
    /// Family name.
    pub family_name: String,
    /// Given names.
    pub given_names: String,
    /// Date of birth.
    pub date_of_birth: Option<String>,
    /// V-number.
    pub v_number: Option<String>,
    /// `open` or `closed`.
    pub status: String,
    /// Assigned caseworker (user id).
    pub assigned_to: Option<i64>,
    /// Current setting.
    pub setting: Option<String>,
    /// Stage: intake, appeal, departure_term, after_term, trajectory, closed.
    pub stage: String,
    /// Project of the latest trajectory.
    pub project: Option<String>,
    /// Eligible for a subsidised return project (null: undetermined).
    pub eligible: Option<bool>,
    /// The likely answer: the decision when there is one, else the public criteria's indication (null:
    /// neither).
    pub eligibility_indication: Option<bool>,
    /// Nearest deadline (or the latest passed one).
    pub next_deadline: Option<String>,
    /// Which deadline.
    pub next_deadline_kind: Option<String>,
}

impl From<ClientSummary> for SummaryOut {
    fn from(c: ClientSummary) -> SummaryOut {
        SummaryOut {
            id: c.id,
            family_name: c.family_name,
            given_names: c.given_names,
            date_of_birth: c.date_of_birth,
            v_number: c.v_number,
            status: c.status,
            assigned_to: c.assigned_to,
            setting: c.setting,
            stage: c.stage,
            project: c.project,
            eligible: match c.eligible {
                Some(1) => Some(true),
                Some(0) => Some(false),
                _ => None,
            },
            eligibility_indication: match c.eligible {
                Some(1 | 2) => Some(true),
                Some(0 | 3) => Some(false),
                _ => None,
            },
            next_deadline: c.next_deadline,
            next_deadline_kind: c.next_deadline_kind,
        }
    }
}

/// A page of clients.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ClientList {
    /// The clients.
    pub items: Vec<SummaryOut>,
    /// How many match, counted up to `total_cap`.
    pub total: i64,
    /// Counting stops here; a total equal to it means "at least".
    pub total_cap: i64,
}

/// List query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Start of a family name, given names or V-number.
    pub search: Option<String>,
    /// `open` or `closed`.
    pub status: Option<String>,
    /// Setting.
    pub setting: Option<String>,
    /// Stage.
    pub stage: Option<String>,
    /// Project.
    pub project: Option<String>,
    /// Assigned user id.
    pub assigned_to: Option<i64>,
    /// `name` (default) or `deadline` (overdue first, then nearest).
    pub sort: Option<String>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<i64>,
    /// Rows to skip.
    pub offset: Option<i64>,
}

/// Lists clients.
#[utoipa::path(get, path = "/api/v1/clients", tag = "clients", params(ListQuery),
    responses((status = 200, body = ClientList), (status = 401, body = ApiError), (status = 422, body = ApiError)))]
pub async fn list_clients(
    State(st): State<AppState>,
    Caller(s): Caller,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::invalid_parameter("query", e.body_text()))?;
    let by_deadline = match q.sort.as_deref() {
        None | Some("name") => false,
        Some("deadline") => true,
        Some(_) => return Err(ApiError::invalid_parameter("sort", "must be name or deadline")),
    };
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::invalid_parameter("limit", "must be 1 to 200"));
    }
    let page = st
        .store
        .list_clients(
            &s.access,
            &ClientQuery {
                search: q.search,
                status: q.status,
                setting: q.setting,
                stage: q.stage,
                project: q.project,
                assigned_to: q.assigned_to,
                by_deadline,
                skip_total: false,
                limit,
                offset: q.offset.unwrap_or(0).max(0),
            },
        )
        .await?;
    Ok(axum::Json(ClientList {
        items: page.items.into_iter().map(SummaryOut::from).collect(),
        total: page.total,
        total_cap: terugkeer_store::COUNT_CAP,
    })
    .into_response())
}

/// A client with its summary.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ClientOut {
    /// Id.
    pub id: i64,
    /// Version: send it back with an update.
    pub version: i64,
    /// `open` or `closed`.
    pub status: String,
    /// What was entered.
    pub client: ClientInput,
    /// The summary.
    pub summary: Option<SummaryOut>,
}

async fn client_out(st: &AppState, s: &SessionInfo, id: i64) -> Result<ClientOut, ApiError> {
    let (c, summary) = tokio::try_join!(
        st.store.client(&s.access, id),
        st.store.client_summary(&s.access, id)
    )?;
    let c = c.ok_or_else(ApiError::not_found)?;
    Ok(ClientOut {
        id: c.id,
        version: c.version,
        status: c.status,
        client: c.data,
        summary: summary.map(SummaryOut::from),
    })
}

/// A stale-update refusal carrying the client as it is now.
async fn stale_client(st: &AppState, s: &SessionInfo, id: i64, e: StoreError) -> ApiError {
    match client_out(st, s, id).await {
        Ok(now) => ApiError::from(e).with_current(serde_json::to_value(now).unwrap_or_default()),
        Err(read) => read,
    }
}

/// A new client.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateClient {
    /// The client.
    pub client: ClientInput,
    /// Records of the case file, saved with the client all-or-nothing.
    #[serde(default)]
    pub records: Vec<Record>,
    /// The caseworker (user id) to assign; default: the caller.
    #[serde(default)]
    pub assigned_to: Option<i64>,
    /// Save even when likely duplicates exist (they are returned with 409 otherwise).
    #[serde(default)]
    pub allow_duplicate: bool,
}

/// Creates a client, after checking for likely duplicates.
#[utoipa::path(post, path = "/api/v1/clients", tag = "clients", request_body = CreateClient,
    responses((status = 201, body = ClientOut), (status = 400, body = ApiError), (status = 409, description = "likely duplicate: `current` lists them", body = ApiError),
        (status = 422, body = ApiError)))]
pub async fn create_client(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let req: CreateClient = body(&bytes)?;
    let input = req
        .client
        .validate(st.today())
        .map_err(|e| ApiError::invalid(format!("client.{}", e.field), e.message))?;
    for (i, r) in req.records.iter().enumerate() {
        r.validate()
            .map_err(|e| ApiError::invalid(format!("records[{i}].{}", e.field), e.message))?;
        if matches!(r, Record::Closure { .. }) {
            return Err(ApiError::invalid_parameter(
                format!("records[{i}].kind"),
                "a case is closed with /close",
            ));
        }
    }
    if !req.allow_duplicate {
        let d = st.store.likely_duplicates(&s.access, &input).await?;
        if !d.is_empty() {
            let list: Vec<SummaryOut> = d.into_iter().map(SummaryOut::from).collect();
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "likely_duplicate",
                "this client may already exist; check `current`, then send allow_duplicate: true to save anyway",
            )
            .with_current(serde_json::to_value(list).unwrap_or_default()));
        }
    }
    let assigned = req.assigned_to.or(Some(s.user_id));
    let id = st
        .store
        .create_case(&s.access, &input, &req.records, assigned, st.now())
        .await?;
    let out = client_out(&st, &s, id).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/clients/{id}"))],
        axum::Json(out),
    )
        .into_response())
}

/// Reads a client.
#[utoipa::path(get, path = "/api/v1/clients/{id}", tag = "clients", params(("id" = i64, Path, description = "client id")),
    responses((status = 200, body = ClientOut), (status = 404, body = ApiError)))]
pub async fn get_client(
    State(st): State<AppState>,
    Caller(s): Caller,
    ClientPath(id): ClientPath,
) -> Result<Response, ApiError> {
    let mut response = axum::Json(client_out(&st, &s, id).await?).into_response();
    // Who read it, for the audit of reads around the router.
    response.extensions_mut().insert(s.access);
    Ok(response)
}

/// A change to a client.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateClient {
    /// The version read.
    pub version: i64,
    /// The client as it should be.
    pub client: ClientInput,
}

/// Updates a client; a stale version is refused with the current data.
#[utoipa::path(put, path = "/api/v1/clients/{id}", tag = "clients", request_body = UpdateClient, params(("id" = i64, Path, description = "client id")),
    responses((status = 200, body = ClientOut), (status = 404, body = ApiError), (status = 409, description = "stale: `current` is the client now", body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_client(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let req: UpdateClient = body(&bytes)?;
    let input = req
        .client
        .validate(st.today())
        .map_err(|e| ApiError::invalid(format!("client.{}", e.field), e.message))?;
    match st
        .store
        .update_client(&s.access, id, req.version, &input, st.now())
        .await
    {
        Ok(_) => Ok(axum::Json(client_out(&st, &s, id).await?).into_response()),
        Err(e @ StoreError::Stale { .. }) => Err(stale_client(&st, &s, id, e).await),
        Err(e) => Err(e.into()),
    }
}

/// Reopening a closed case (a coordinator's).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenClient {
    /// The version read.
    pub version: i64,
    /// Why (kept in the audit trail with the closure taken out of the file).
    pub reason: String,
}

/// Reopens a closed case that has not been anonymised: the closure leaves the file, the case is open again.
#[utoipa::path(post, path = "/api/v1/clients/{id}/reopen", tag = "clients", request_body = ReopenClient, params(("id" = i64, Path, description = "client id")),
    responses((status = 200, body = ClientOut), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn reopen_client(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let req: ReopenClient = body(&bytes)?;
    match st
        .store
        .reopen_client(&s.access, id, req.version, &req.reason, st.now())
        .await
    {
        Ok(_) => Ok(axum::Json(client_out(&st, &s, id).await?).into_response()),
        Err(e @ StoreError::Stale { .. }) => Err(stale_client(&st, &s, id, e).await),
        Err(e) => Err(e.into()),
    }
}

/// Closing a case.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseClient {
    /// The version read.
    pub version: i64,
    /// How it closed (a record of kind `closure`).
    pub closure: Record,
}

/// Closes a case: the closure record and the status, both or neither.
#[utoipa::path(post, path = "/api/v1/clients/{id}/close", tag = "clients", request_body = CloseClient, params(("id" = i64, Path, description = "client id")),
    responses((status = 200, body = ClientOut), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn close_client(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let req: CloseClient = body(&bytes)?;
    match st
        .store
        .close_client(&s.access, id, req.version, &req.closure, st.now())
        .await
    {
        Ok(_) => Ok(axum::Json(client_out(&st, &s, id).await?).into_response()),
        Err(e @ StoreError::Stale { .. }) => Err(stale_client(&st, &s, id, e).await),
        Err(StoreError::Input(i)) => Err(ApiError::invalid(format!("closure.{}", i.field), i.message)),
        Err(e) => Err(e.into()),
    }
}

/// A stored record.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RecordOut {
    /// Id.
    pub id: i64,
    /// The client.
    pub client_id: i64,
    /// Version: send it back with an update.
    pub version: i64,
    /// The record.
    pub record: Record,
}

impl From<StoredRecord> for RecordOut {
    fn from(r: StoredRecord) -> RecordOut {
        RecordOut {
            id: r.id,
            client_id: r.client_id,
            version: r.version,
            record: r.record,
        }
    }
}

/// A client's records, by date.
#[utoipa::path(get, path = "/api/v1/clients/{id}/records", tag = "records", params(("id" = i64, Path, description = "client id")),
    responses((status = 200, body = Vec<RecordOut>), (status = 404, body = ApiError)))]
pub async fn list_records(
    State(st): State<AppState>,
    Caller(s): Caller,
    ClientPath(id): ClientPath,
) -> Result<Response, ApiError> {
    if st.store.client(&s.access, id).await?.is_none() {
        return Err(ApiError::not_found());
    }
    let records: Vec<RecordOut> = st
        .store
        .records(&s.access, id)
        .await?
        .into_iter()
        .map(RecordOut::from)
        .collect();
    Ok(axum::Json(records).into_response())
}

/// Adds a record to a client's file.
#[utoipa::path(post, path = "/api/v1/clients/{id}/records", tag = "records", request_body = Record, params(("id" = i64, Path, description = "client id")),
    responses((status = 201, body = RecordOut), (status = 400, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn add_record(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let record = record_body(&bytes)?;
    let stored = st.store.add_record(&s.access, id, &record, st.now()).await?;
    let location = format!("/api/v1/clients/{id}/records/{}", stored.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        axum::Json(RecordOut::from(stored)),
    )
        .into_response())
}

async fn record_of(st: &AppState, s: &SessionInfo, id: i64, rid: i64) -> Result<StoredRecord, ApiError> {
    match st.store.record(&s.access, rid).await? {
        Some(r) if r.client_id == id => Ok(r),
        _ => Err(ApiError::not_found()),
    }
}

/// Reads a record.
#[utoipa::path(get, path = "/api/v1/clients/{id}/records/{record_id}", tag = "records",
    params(("id" = i64, Path, description = "client id"), ("record_id" = i64, Path, description = "record id")),
    responses((status = 200, body = RecordOut), (status = 404, body = ApiError)))]
pub async fn get_record(
    State(st): State<AppState>,
    Caller(s): Caller,
    ClientPath(id): ClientPath,
    ItemPath(rid): ItemPath,
) -> Result<Response, ApiError> {
    let r = record_of(&st, &s, id, rid).await?;
    Ok(axum::Json(RecordOut::from(r)).into_response())
}

/// A change to a record.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateRecord {
    /// The version read.
    pub version: i64,
    /// The record as it should be (of the same kind).
    pub record: Record,
}

/// Updates a record; a stale version is refused with the current record.
#[utoipa::path(put, path = "/api/v1/clients/{id}/records/{record_id}", tag = "records", request_body = UpdateRecord,
    params(("id" = i64, Path, description = "client id"), ("record_id" = i64, Path, description = "record id")),
    responses((status = 200, body = RecordOut), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_record(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
    ItemPath(rid): ItemPath,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let req: UpdateRecord = body(&bytes)?;
    let before = record_of(&st, &s, id, rid).await?;
    if matches!(before.record, Record::Closure { .. }) {
        return Err(ApiError::invalid_parameter(
            "record.kind",
            "a closure is not edited; the case stays closed",
        ));
    }
    match st
        .store
        .update_record(&s.access, rid, req.version, &req.record, st.now())
        .await
    {
        Ok(r) => Ok(axum::Json(RecordOut::from(r)).into_response()),
        Err(e @ StoreError::Stale { .. }) => {
            let now = record_of(&st, &s, id, rid).await?;
            Err(ApiError::from(e)
                .with_current(serde_json::to_value(RecordOut::from(now)).unwrap_or_default()))
        }
        Err(StoreError::Input(i)) => Err(ApiError::invalid(format!("record.{}", i.field), i.message)),
        Err(e) => Err(e.into()),
    }
}

/// Assessment query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssessQuery {
    /// The day to assess on (default: today). Only records dated on or before it count.
    pub as_of: Option<String>,
    /// `nl` (default) or `en`.
    pub lang: Option<String>,
    /// `trace` (default) or `outcomes`.
    pub detail: Option<String>,
}

/// The rules engine's assessment of the stored file: the assess contract's JSON.
#[utoipa::path(get, path = "/api/v1/clients/{id}/assessment", tag = "clients", params(("id" = i64, Path, description = "client id"), AssessQuery),
    responses((status = 200, description = "the assess contract's JSON (shared/contract/assess.md)", content_type = "application/json", body = Object),
        (status = 404, body = ApiError), (status = 422, description = "the file lacks what an assessment needs, naming the field", body = ApiError)))]
pub async fn assessment(
    State(st): State<AppState>,
    Caller(s): Caller,
    ClientPath(id): ClientPath,
    query: Result<Query<AssessQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::invalid_parameter("query", e.body_text()))?;
    let as_of = match q.as_of.as_deref() {
        None | Some("") => st.today(),
        Some(d) => Date::parse(d).map_err(|e| ApiError::invalid_parameter("as_of", e.to_string()))?,
    };
    let lang = match q.lang.as_deref() {
        None | Some("nl") => Lang::Nl,
        Some("en") => Lang::En,
        Some(_) => return Err(ApiError::invalid_parameter("lang", "must be nl or en")),
    };
    let detail = match q.detail.as_deref() {
        None | Some("trace") => Detail::Trace,
        Some("outcomes") => Detail::Outcomes,
        Some(_) => return Err(ApiError::invalid_parameter("detail", "must be trace or outcomes")),
    };
    let facts = st.store.facts(&s.access, id, as_of).await?;
    let policy = st.store.policy_of(s.access.tenant().id());
    let a = terugkeer_rules::assess(&facts, &policy, lang)
        .map_err(|e| ApiError::invalid_parameter("as_of", e.to_string()))?;
    let mut out = Vec::with_capacity(8192);
    write_assessment(&a, detail, &mut out);
    Ok(([(header::CONTENT_TYPE, "application/json")], out).into_response())
}
