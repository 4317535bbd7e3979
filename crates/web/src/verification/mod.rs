//! Registration with DT&V through the verification form, in the browser and the API: the client page's
//! section (each registration with its status, dates and the answer's due date, and the forms for the steps
//! the caller's role may take), the form itself as PDF and JSON, and the verification list of the
//! organisation's (or the partner's) clients.

mod document;

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use terugkeer_domain::client::InputError;
use terugkeer_domain::verification::{RefusalGround, Step, VerificationStatus};
use terugkeer_rules::Date;
use terugkeer_rules::Problem;
use terugkeer_store::{Action, SessionInfo, StoreError, StoredVerification};

use crate::kit::again::client_action_done;
use crate::kit::error::{ApiError, OrPage, PageError, store_error};
use crate::kit::extract::{Caller, ClientPath, CsrfForm, Ctx, ItemPath, WriteCaller};
use crate::kit::form::FormData;
use crate::kit::i18n::Tr;
use crate::kit::render::render;
use crate::kit::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/verifications", get(list_page))
        .route("/clients/{id}/verifications", post(create))
        .route("/clients/{id}/verifications/{vid}", post(step))
        .route("/clients/{id}/verifications/{vid}/form.json", get(form_json))
        .route("/clients/{id}/verifications/{vid}/form.pdf", get(form_pdf))
        .route("/api/v1/verifications", get(api_list))
        .route(
            "/api/v1/clients/{id}/verifications",
            get(api_client_list).post(api_create),
        )
        .route("/api/v1/clients/{id}/verifications/{vid}/steps", post(api_step))
}

/// One registration as the client page and the list show it.
pub(crate) struct View {
    pub(crate) id: i64,
    pub(crate) version: i64,
    /// Key of the status's name.
    pub(crate) status: String,
    pub(crate) submitted: String,
    pub(crate) to: String,
    /// The answer's due date and its citation, and whether it has passed.
    pub(crate) due: Option<(String, String, bool)>,
    pub(crate) decided: String,
    /// For an answer the NGO recorded: "vastgelegd door … uit brief van …"; empty when DT&V answered itself.
    pub(crate) recorded: String,
    /// The NGO records DT&V's answer: its form asks how DT&V gave it.
    pub(crate) ngo_records: bool,
    /// Key of the refusal ground's name.
    pub(crate) ground: Option<String>,
    pub(crate) note: String,
    /// Which step forms to show.
    pub(crate) can_submit: bool,
    pub(crate) can_answer: bool,
    pub(crate) can_withdraw: bool,
}

impl View {
    pub(crate) fn of(v: &StoredVerification, s: &SessionInfo, today: Date, t: &Tr) -> View {
        use VerificationStatus::*;
        let r = &v.verification;
        let (register, record) = (
            s.access.may(Action::RegisterWithDtv),
            s.access.may(Action::RecordVerification),
        );
        let day = |d: Option<Date>| d.map(|d| t.date(d)).unwrap_or_default();
        View {
            id: v.id,
            version: v.version,
            status: format!("verification.status.{}", r.status.as_str()),
            submitted: day(r.submitted_on),
            to: r.submitted_to.clone(),
            due: v
                .answer_due
                .as_ref()
                .map(|(d, cite)| (t.date(*d), cite.clone(), *d < today)),
            decided: day(r.decided_on),
            recorded: match (r.recorded_by.as_str(), r.recorded_from, r.decided_on) {
                ("", _, _) | (_, _, None) => String::new(),
                (org, Some(from), Some(on)) => t.f(
                    "message.recorded",
                    &[
                        ("organisation", org.to_owned().into()),
                        ("source", t.s(&format!("message.source.{}", from.as_str())).into()),
                        ("on", t.date(on).into()),
                    ],
                ),
                (org, None, Some(on)) => t.f(
                    "verification.recorded",
                    &[("organisation", org.to_owned().into()), ("on", t.date(on).into())],
                ),
            },
            ngo_records: s.role != terugkeer_store::Role::Partner,
            ground: r.ground.map(|g| format!("verification.ground.{}", g.as_str())),
            note: r.note.clone(),
            can_submit: register && r.status == Draft,
            can_answer: record && r.status == Submitted,
            can_withdraw: record && matches!(r.status, Draft | Submitted | Verified),
        }
    }
}

/// Whether a new registration may be started: the role may register and none is open.
pub(crate) fn may_start(list: &[StoredVerification], s: &SessionInfo) -> bool {
    s.access.may(Action::RegisterWithDtv) && list.iter().all(|v| v.verification.status.is_final())
}

/// The refusal grounds for the form: value and key of the name.
pub(crate) fn grounds() -> Vec<(&'static str, String)> {
    RefusalGround::ALL
        .iter()
        .map(|g| (g.as_str(), format!("verification.ground.{}", g.as_str())))
        .collect()
}

async fn create(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    CsrfForm(_form): CsrfForm,
) -> Response {
    let done = st
        .store
        .create_verification(&ctx.s.access, id, st.now())
        .await
        .map(|_| ());
    client_action_done(&ctx, id, done)
}

/// A step from the client page's forms: `step` (submit, verify, refuse, withdraw), `on`, and `to`,
/// `ground`, `note` or `reason` as the step needs.
fn step_of(form: &FormData) -> Result<Step, InputError> {
    let bad = |field: &'static str, id: &'static str| InputError::new(field, Problem::new(id));
    let on = Date::parse(form.get("on").trim()).map_err(|_| bad("on", "problem-give-date"))?;
    // How DT&V gave the answer the NGO records (a partner user's form has no such field).
    let recorded_from = match form.get("recorded_from") {
        "" => None,
        x => Some(
            terugkeer_domain::message::Source::parse(x)
                .ok_or_else(|| bad("recorded_from", "problem-message-source-needed"))?,
        ),
    };
    Ok(match form.get("step") {
        "submit" => Step::Submit {
            on,
            to: form.get("to").to_owned(),
        },
        "verify" => Step::Verify {
            on,
            by: form.get("by").to_owned(),
            recorded_from,
        },
        "refuse" => Step::Refuse {
            on,
            by: form.get("by").to_owned(),
            ground: RefusalGround::parse(form.get("ground"))
                .ok_or_else(|| bad("ground", "problem-choose-ground"))?,
            note: form.get("note").to_owned(),
            recorded_from,
        },
        "withdraw" => Step::Withdraw {
            on,
            reason: form.get("reason").to_owned(),
        },
        _ => return Err(bad("step", "problem-not-a-step")),
    })
}

async fn step(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    ItemPath(vid): ItemPath,
    CsrfForm(form): CsrfForm,
) -> Response {
    let version = form.get("version").parse::<i64>().unwrap_or(0);
    let done = match step_of(&form) {
        Ok(step) => st
            .store
            .verification_step(&ctx.s.access, id, vid, version, &step, st.now())
            .await
            .map(|_| ()),
        Err(e) => Err(StoreError::Input(e)),
    };
    client_action_done(&ctx, id, done)
}

/// The form of registration `vid`, for the caller.
async fn form_of(
    st: &AppState,
    ctx: &Ctx,
    id: i64,
    vid: i64,
) -> Result<terugkeer_domain::verification::Form, PageError> {
    st.store
        .verification_form(&ctx.s.access, id, vid, &ctx.s.display_name)
        .await
        .or_page(ctx)
}

/// The verification form as JSON, for DT&V's systems.
async fn form_json(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    ItemPath(vid): ItemPath,
) -> Result<Response, PageError> {
    let form = form_of(&st, &ctx, id, vid).await?;
    let mut response = axum::Json(&form).into_response();
    response.extensions_mut().insert(ctx.s.access);
    Ok(response)
}

/// The verification form as PDF, to send to DT&V: the particulars, household and trajectory, the
/// thresholds as the organisation assessed them, and DT&V's part to fill in.
async fn form_pdf(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    ItemPath(vid): ItemPath,
) -> Result<Response, PageError> {
    let form = form_of(&st, &ctx, id, vid).await?;
    let panel = crate::clients::panel_of(&st, &ctx, id).await.or_page(&ctx)?;
    let data = document::data(&ctx.t, &form, panel.as_ref(), st.today());
    let name = format!("verificatieformulier-{}.pdf", form.registration);
    let mut response =
        crate::kit::document::pdf(&ctx, terugkeer_documents::Kind::VerificationForm, data, &name).await?;
    response.extensions_mut().insert(ctx.s.access);
    Ok(response)
}

/// The list's filter.
#[derive(Deserialize)]
pub struct ListQuery {
    /// A status (empty: all).
    #[serde(default)]
    status: String,
}

#[derive(Template)]
#[template(path = "verification/verifications.html")]
struct ListPage<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    status: String,
    statuses: Vec<(&'static str, String)>,
    lines: Vec<(i64, String, String, View)>,
}

/// The verification list: the registrations of the clients the caller sees, waiting ones by due date.
async fn list_page(State(st): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Response {
    let status = VerificationStatus::parse(&q.status);
    let lines = match st.store.verification_list(&ctx.s.access, status, 500).await {
        Ok(l) => l,
        Err(e) => return store_error(&ctx, e),
    };
    let today = st.today();
    render(
        StatusCode::OK,
        &ListPage {
            t: ctx.t,
            user: Some(&ctx.s),
            csrf: &ctx.s.csrf,
            status: status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
            statuses: VerificationStatus::ALL
                .iter()
                .map(|s| (s.as_str(), format!("verification.status.{}", s.as_str())))
                .collect(),
            lines: lines
                .into_iter()
                .map(|l| {
                    (
                        l.stored.client_id,
                        l.name,
                        l.v_number,
                        View::of(&l.stored, &ctx.s, today, &ctx.t),
                    )
                })
                .collect(),
        },
    )
}

/// A registration in the API.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct VerificationOut {
    /// Id.
    pub id: i64,
    /// The client.
    pub client_id: i64,
    /// Version (name it when taking a step).
    pub version: i64,
    /// Where it stands, with dates, ground and note.
    #[schema(value_type = Object)]
    pub verification: terugkeer_domain::verification::Verification,
    /// When DT&V's answer is due (while it waits), and the rule.
    pub answer_due: Option<String>,
    /// The rule's citation.
    pub answer_due_citation: Option<String>,
}

fn out(v: StoredVerification) -> VerificationOut {
    let (answer_due, answer_due_citation) = match v.answer_due {
        Some((d, c)) => (Some(d.to_string()), Some(c)),
        None => (None, None),
    };
    VerificationOut {
        id: v.id,
        client_id: v.client_id,
        version: v.version,
        verification: v.verification,
        answer_due,
        answer_due_citation,
    }
}

/// A step, with the version it is taken on.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StepIn {
    /// The registration's version as read.
    pub version: i64,
    /// The step: `{"step": "submit", "on": "2026-11-23", "to": "DT&V Ter Apel"}`, `verify`, `refuse` (with
    /// `ground`), `withdraw` (with `reason`).
    #[schema(value_type = Object)]
    pub step: Step,
}

/// The verification list (status filter: `?status=submitted`).
#[utoipa::path(operation_id = "verification_list", get, path = "/api/v1/verifications", tag = "verification",
    responses((status = 200, body = [VerificationOut])))]
pub async fn api_list(
    State(st): State<AppState>,
    Caller(s): Caller,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    let status = match q.status.as_str() {
        "" => None,
        v => Some(
            VerificationStatus::parse(v)
                .ok_or_else(|| ApiError::invalid_parameter("status", "is not a status"))?,
        ),
    };
    let lines = st.store.verification_list(&s.access, status, 1000).await?;
    Ok(axum::Json(lines.into_iter().map(|l| out(l.stored)).collect::<Vec<_>>()).into_response())
}

/// A client's registrations.
#[utoipa::path(operation_id = "verification_client_list", get, path = "/api/v1/clients/{id}/verifications", tag = "verification",
    params(("id" = i64, Path, description = "client id")),
    responses((status = 200, body = [VerificationOut]), (status = 404, body = ApiError)))]
pub async fn api_client_list(
    State(st): State<AppState>,
    Caller(s): Caller,
    ClientPath(id): ClientPath,
) -> Result<Response, ApiError> {
    let list = st.store.verifications(&s.access, id).await?;
    let mut response = axum::Json(list.into_iter().map(out).collect::<Vec<_>>()).into_response();
    response.extensions_mut().insert(s.access);
    Ok(response)
}

/// Starts a registration (a draft).
#[utoipa::path(operation_id = "verification_create", post, path = "/api/v1/clients/{id}/verifications", tag = "verification",
    params(("id" = i64, Path, description = "client id")),
    responses((status = 201, body = VerificationOut), (status = 422, body = ApiError), (status = 404, body = ApiError)))]
pub async fn api_create(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
) -> Result<Response, ApiError> {
    let v = st.store.create_verification(&s.access, id, st.now()).await?;
    Ok((StatusCode::CREATED, axum::Json(out(v))).into_response())
}

/// Takes a step on a registration.
#[utoipa::path(operation_id = "verification_step", post, path = "/api/v1/clients/{id}/verifications/{vid}/steps", tag = "verification",
    params(("id" = i64, Path, description = "client id"), ("vid" = i64, Path, description = "registration id")),
    request_body = StepIn,
    responses((status = 200, body = VerificationOut), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn api_step(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
    ItemPath(vid): ItemPath,
    body: Bytes,
) -> Result<Response, ApiError> {
    let input: StepIn = crate::kit::extract::json_body(&body)?;
    let v = st
        .store
        .verification_step(&s.access, id, vid, input.version, &input.step, st.now())
        .await?;
    Ok(axum::Json(out(v)).into_response())
}
