//! Monitoring after return on the client page: the moments after departure with their due days, the form
//! for the next conversation (SVT framework and the sustainability indicators), and the conversations held
//! with their scores.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use terugkeer_domain::client::InputError;
use terugkeer_domain::reintegration::{Category, INDICATORS, Visit};
use terugkeer_rules::Date;
use terugkeer_rules::Problem;
use terugkeer_rules::vocab::Lang;
use terugkeer_store::{Action, SessionInfo, StoreError, StoredVisit};

use crate::kit::again::client_action_done;
use crate::kit::error::ApiError;
use crate::kit::extract::{Caller, ClientPath, CsrfForm, Ctx, WriteCaller, json_body};
use crate::kit::form::FormData;
use crate::kit::i18n::Tr;
use crate::kit::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clients/{id}/monitoring", post(record))
        .route(
            "/api/v1/clients/{id}/monitoring",
            axum::routing::get(api_visits).post(api_record),
        )
}

/// A moment: months after departure, due day, the conversation held (held on, key of the category, scores).
pub(crate) type Moment = (u32, String, Option<(String, String, String)>, bool);

/// The client page's monitoring section (shown once a departure is on file).
pub(crate) struct Section {
    pub(crate) departed: String,
    /// Each moment.
    pub(crate) moments: Vec<Moment>,
    /// The next moment without a conversation, if the caller may record it.
    pub(crate) next: Option<u32>,
    pub(crate) categories: Vec<(&'static str, String)>,
    /// Indicators: key and question in the page's language.
    pub(crate) indicators: Vec<(&'static str, &'static str)>,
}

/// A score (thousandths) with the language's decimal mark: "0,750" in Dutch, "0.750" in English.
fn per_mille(t: &Tr, v: Option<u32>) -> String {
    let mark = if t.lang == Lang::Nl { ',' } else { '.' };
    v.map_or_else(
        || "—".to_owned(),
        |v| format!("{}{mark}{:03}", v / 1000, v % 1000),
    )
}

impl Section {
    pub(crate) fn of(
        departed: Option<Date>,
        moments: &[u32],
        visits: &[StoredVisit],
        s: &SessionInfo,
        t: &Tr,
        today: Date,
    ) -> Option<Section> {
        let departed = departed?;
        let rows: Vec<Moment> = moments
            .iter()
            .map(|m| {
                let due = departed.add_months(i32::try_from(*m).unwrap_or(0));
                let held = visits.iter().find(|v| v.visit.months == *m).map(|v| {
                    let sc = v.scores;
                    (
                        t.date(v.visit.held_on),
                        format!("monitoring.category.{}", v.visit.category.as_str()),
                        format!(
                            "{} {} · {} {} · {} {} · {} {}",
                            t.s("monitoring.economic"),
                            per_mille(t, sc.economic),
                            t.s("monitoring.social"),
                            per_mille(t, sc.social),
                            t.s("monitoring.psychosocial"),
                            per_mille(t, sc.psychosocial),
                            t.s("monitoring.composite"),
                            per_mille(t, sc.composite)
                        ),
                    )
                });
                let overdue = held.is_none() && due < today;
                (*m, t.date(due), held, overdue)
            })
            .collect();
        let next = s
            .access
            .may(Action::EditCase)
            .then(|| rows.iter().find(|r| r.2.is_none()).map(|r| r.0))
            .flatten();
        Some(Section {
            departed: t.date(departed),
            moments: rows,
            next,
            categories: Category::ALL
                .iter()
                .map(|c| (c.as_str(), format!("monitoring.category.{}", c.as_str())))
                .collect(),
            indicators: INDICATORS
                .iter()
                .map(|i| (i.key, if t.lang == Lang::Nl { i.nl } else { i.en }))
                .collect(),
        })
    }
}

fn visit_of(form: &FormData) -> Result<Visit, InputError> {
    let bad = |field: &'static str, id: &'static str| InputError::new(field, Problem::new(id));
    let answers = INDICATORS
        .iter()
        .filter_map(|i| {
            let v = form.get(&format!("rss_{}", i.key));
            (!v.is_empty()).then(|| (i.key.to_owned(), v.parse::<u8>().unwrap_or(0)))
        })
        .collect();
    Ok(Visit {
        months: form
            .get("months")
            .parse()
            .map_err(|_| bad("months", "problem-not-moment"))?,
        held_on: Date::parse(form.get("held_on").trim()).map_err(|_| bad("held_on", "problem-give-date"))?,
        in_person: form.get("in_person") == "1",
        category: Category::parse(form.get("category"))
            .ok_or_else(|| bad("category", "problem-choose-category"))?,
        factors: form.get("factors").to_owned(),
        prospects: form.get("prospects").to_owned(),
        appreciation: form
            .get("appreciation")
            .parse()
            .map_err(|_| bad("appreciation", "problem-one-to-five"))?,
        appreciation_motivation: form.get("appreciation_motivation").to_owned(),
        worked: form.get("worked").to_owned(),
        not_worked: form.get("not_worked").to_owned(),
        answers,
    })
}

async fn record(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    CsrfForm(form): CsrfForm,
) -> Response {
    let done = match visit_of(&form) {
        Ok(v) => st
            .store
            .record_visit(&ctx.s.access, id, v, st.now())
            .await
            .map(|_| ()),
        Err(e) => Err(StoreError::Input(e)),
    };
    client_action_done(&ctx, id, done)
}

/// A monitoring conversation in the API, with its scores (per mille).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct VisitOut {
    /// Id.
    pub id: i64,
    /// The form as recorded.
    #[schema(value_type = Object)]
    pub visit: Visit,
    /// Economic, social, psychosocial and overall scores, 0–1000.
    #[schema(value_type = Object)]
    pub scores: terugkeer_domain::reintegration::Scores,
}

use axum::http::StatusCode;
use axum::response::IntoResponse;

/// A client's monitoring conversations after return.
#[utoipa::path(operation_id = "monitoring_visits", get, path = "/api/v1/clients/{id}/monitoring", tag = "monitoring",
    params(("id" = i64, Path, description = "client id")),
    responses((status = 200, body = [VisitOut]), (status = 404, body = ApiError)))]
pub async fn api_visits(
    State(st): State<AppState>,
    Caller(s): Caller,
    ClientPath(id): ClientPath,
) -> Result<Response, ApiError> {
    let list = st.store.visits(&s.access, id).await?;
    let out: Vec<VisitOut> = list
        .into_iter()
        .map(|v| VisitOut {
            id: v.id,
            visit: v.visit,
            scores: v.scores,
        })
        .collect();
    let mut r = axum::Json(out).into_response();
    r.extensions_mut().insert(s.access);
    Ok(r)
}

/// Records the conversation at one moment (after a departure; once per moment).
#[utoipa::path(operation_id = "monitoring_record", post, path = "/api/v1/clients/{id}/monitoring", tag = "monitoring",
    params(("id" = i64, Path, description = "client id")),
    request_body(content = Object, description = "months, held_on, in_person, category, factors, prospects, appreciation, appreciation_motivation, worked, not_worked, answers: [[indicator, 1–5]]"),
    responses((status = 201, body = VisitOut), (status = 422, body = ApiError)))]
pub async fn api_record(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
    body: Bytes,
) -> Result<Response, ApiError> {
    let visit: Visit = json_body(&body)?;
    let v = st.store.record_visit(&s.access, id, visit, st.now()).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(VisitOut {
            id: v.id,
            visit: v.visit,
            scores: v.scores,
        }),
    )
        .into_response())
}
