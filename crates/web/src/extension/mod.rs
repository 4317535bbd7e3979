//! Requests for extra time on the client page: asked with who must agree (from the rules engine), decided
//! once (approved with the days granted, or refused) by the NGO from DT&V's answer or by DT&V's partner user;
//! only an approval moves a deadline. The same through the API under `/api/v1/clients/{id}/extensions`.

use crate::kit::again::client_action_done;
use crate::kit::error::ApiError;
use crate::kit::extract::{Caller, ClientPath, CsrfForm, Ctx, ItemPath, WriteCaller, json_body};
use crate::kit::state::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use terugkeer_rules::Date;
use terugkeer_rules::facts::DecisionKind;
use terugkeer_store::{Action, SessionInfo, StoreError, StoredRequest};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clients/{id}/extensions", post(ask))
        .route("/clients/{id}/extensions/{eid}", post(decide))
        .route(
            "/api/v1/clients/{id}/extensions",
            axum::routing::get(api_list).post(api_ask),
        )
        .route("/api/v1/clients/{id}/extensions/{eid}/decision", post(api_decide))
}

/// One request as the client page shows it: id, version, key of the kind, days, asked on, who must agree,
/// key of the status, decided on, days granted, citation, whether the caller may decide it.
pub(crate) struct View {
    pub(crate) id: i64,
    pub(crate) version: i64,
    pub(crate) kind: String,
    pub(crate) days: u32,
    pub(crate) asked: String,
    pub(crate) who: String,
    pub(crate) status: String,
    pub(crate) decided: String,
    pub(crate) granted: String,
    pub(crate) citation: String,
    pub(crate) may_decide: bool,
}

impl View {
    pub(crate) fn of(r: &StoredRequest, s: &SessionInfo, t: &crate::kit::i18n::Tr) -> View {
        let q = &r.request;
        View {
            id: r.id,
            version: r.version,
            kind: format!("extension.kind.{}", kind_name(q.kind)),
            days: q.days,
            asked: t.date(q.requested_on),
            who: q.who.iter().map(|w| w.as_str()).collect::<Vec<_>>().join(" + "),
            status: format!("extension.status.{}", q.status.as_str()),
            decided: q.decided_on.map(|d| t.date(d)).unwrap_or_default(),
            granted: q.days_granted.map(|d| d.to_string()).unwrap_or_default(),
            citation: q.citation.clone(),
            may_decide: q.status == terugkeer_domain::extension::Status::Pending
                && s.access.may(Action::AddDecision),
        }
    }
}

fn kind_name(k: DecisionKind) -> &'static str {
    match k {
        DecisionKind::TermExtension => "term_extension",
        DecisionKind::StayExtension => "stay_extension",
        DecisionKind::Handreiking => "handreiking",
    }
}

/// What to extend, by its name in forms and the API.
fn kind_of(name: &str) -> Result<DecisionKind, StoreError> {
    match name {
        "term_extension" => Ok(DecisionKind::TermExtension),
        "stay_extension" => Ok(DecisionKind::StayExtension),
        _ => Err(StoreError::refuse("kind", "problem-choose-extension")),
    }
}

fn day(field: &'static str, raw: &str) -> Result<Date, StoreError> {
    Date::parse(raw.trim()).map_err(|_| StoreError::refuse(field, "problem-give-date"))
}

/// The days granted of an outcome (`None`: refused).
fn granted_of(outcome: &str, days_granted: Option<u32>) -> Result<Option<u32>, StoreError> {
    match outcome {
        "granted" => days_granted
            .map(Some)
            .ok_or_else(|| StoreError::refuse("days_granted", "problem-give-days-granted")),
        "refused" => Ok(None),
        _ => Err(StoreError::refuse("outcome", "problem-choose-granted-refused")),
    }
}

async fn ask(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    CsrfForm(form): CsrfForm,
) -> Response {
    let done = async {
        let kind = kind_of(form.get("kind"))?;
        let days = form
            .get("days")
            .trim()
            .parse::<u32>()
            .map_err(|_| StoreError::refuse("days", "problem-give-days"))?;
        let on = day("on", form.get("on"))?;
        st.store
            .request_extension(&ctx.s.access, id, kind, days, on, form.get("reason"), st.now())
            .await
            .map(|_| ())
    };
    client_action_done(&ctx, id, done.await)
}

async fn decide(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    ItemPath(eid): ItemPath,
    CsrfForm(form): CsrfForm,
) -> Response {
    let done = async {
        let on = day("on", form.get("on"))?;
        let days_granted = match form.get("days_granted").trim() {
            "" => None,
            raw => Some(
                raw.parse::<u32>()
                    .map_err(|_| StoreError::refuse("days_granted", "problem-give-days-granted"))?,
            ),
        };
        let granted = granted_of(form.get("outcome"), days_granted)?;
        let version = form.get("version").parse::<i64>().unwrap_or(0);
        st.store
            .decide_extension(&ctx.s.access, id, eid, version, on, granted, st.now())
            .await
            .map(|_| ())
    };
    client_action_done(&ctx, id, done.await)
}

/// A request for extra time in the API.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ExtensionOut {
    /// Id.
    pub id: i64,
    /// Version (give it back when deciding).
    pub version: i64,
    /// The request: kind, days, requested_on, reason, who (must agree), citation, status, decided_on,
    /// days_granted.
    #[schema(value_type = Object)]
    pub request: terugkeer_domain::extension::Request,
}

impl From<StoredRequest> for ExtensionOut {
    fn from(r: StoredRequest) -> ExtensionOut {
        ExtensionOut {
            id: r.id,
            version: r.version,
            request: r.request,
        }
    }
}

/// Asking for extra time.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AskIn {
    /// `term_extension` (the departure term) or `stay_extension` (the stay in state reception).
    pub kind: String,
    /// Days asked for.
    pub days: u32,
    /// Asked on (YYYY-MM-DD).
    pub on: String,
    /// Why.
    #[serde(default)]
    pub reason: String,
}

/// Deciding a request, from DT&V's answer (or by the partner user).
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecideIn {
    /// The request's version as read.
    pub version: i64,
    /// Decided on (YYYY-MM-DD).
    pub on: String,
    /// `granted` or `refused`.
    pub outcome: String,
    /// For `granted`: days granted, at most those asked.
    #[serde(default)]
    pub days_granted: Option<u32>,
}

use axum::http::StatusCode;
use axum::response::IntoResponse;

/// A client's requests for extra time, oldest first.
#[utoipa::path(operation_id = "extension_list", get, path = "/api/v1/clients/{id}/extensions", tag = "extensions",
    params(("id" = i64, Path, description = "client id")),
    responses((status = 200, body = [ExtensionOut]), (status = 404, body = ApiError)))]
pub async fn api_list(
    State(st): State<AppState>,
    Caller(s): Caller,
    ClientPath(id): ClientPath,
) -> Result<Response, ApiError> {
    let list = st.store.extensions(&s.access, id).await?;
    let mut r = axum::Json(list.into_iter().map(ExtensionOut::from).collect::<Vec<_>>()).into_response();
    r.extensions_mut().insert(s.access);
    Ok(r)
}

/// Asks for extra time: who must agree comes from the case's discretion output on the day asked; refused
/// (naming the field) when no such decision is open or the days exceed what the rule allows. Moves nothing.
#[utoipa::path(operation_id = "extension_ask", post, path = "/api/v1/clients/{id}/extensions", tag = "extensions",
    params(("id" = i64, Path, description = "client id")),
    request_body = AskIn,
    responses((status = 201, body = ExtensionOut), (status = 422, body = ApiError), (status = 404, body = ApiError)))]
pub async fn api_ask(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
    body: Bytes,
) -> Result<Response, ApiError> {
    let input: AskIn = json_body(&body)?;
    let kind = kind_of(&input.kind)?;
    let on = day("on", &input.on)?;
    let r = st
        .store
        .request_extension(&s.access, id, kind, input.days, on, &input.reason, st.now())
        .await?;
    Ok((StatusCode::CREATED, axum::Json(ExtensionOut::from(r))).into_response())
}

/// Decides a pending request once: an approval writes the decision that moves the deadline.
#[utoipa::path(operation_id = "extension_decide", post, path = "/api/v1/clients/{id}/extensions/{eid}/decision", tag = "extensions",
    params(("id" = i64, Path, description = "client id"), ("eid" = i64, Path, description = "request id")),
    request_body = DecideIn,
    responses((status = 200, body = ExtensionOut), (status = 409, body = ApiError), (status = 422, body = ApiError), (status = 404, body = ApiError)))]
pub async fn api_decide(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
    ItemPath(eid): ItemPath,
    body: Bytes,
) -> Result<Response, ApiError> {
    let input: DecideIn = json_body(&body)?;
    let on = day("on", &input.on)?;
    let granted = granted_of(&input.outcome, input.days_granted)?;
    let r = st
        .store
        .decide_extension(&s.access, id, eid, input.version, on, granted, st.now())
        .await?;
    Ok(axum::Json(ExtensionOut::from(r)).into_response())
}
