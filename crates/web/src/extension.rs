//! Requests for extra time on the client page: asked with who must agree (from the rules engine), decided
//! once (approved with the days granted, or refused) by the NGO from DT&V's answer or by DT&V's partner user;
//! only an approval moves a deadline.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use terugkeer_domain::client::InputError;
use terugkeer_rules::Date;
use terugkeer_rules::facts::DecisionKind;
use terugkeer_store::{Action, SessionInfo, StoreError, StoredRequest};

use crate::AppState;
use crate::pages::{client_action_done, store_error};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clients/{id}/extensions", post(ask))
        .route("/clients/{id}/extensions/{eid}", post(decide))
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
    pub(crate) fn of(r: &StoredRequest, s: &SessionInfo) -> View {
        let q = &r.request;
        View {
            id: r.id,
            version: r.version,
            kind: format!("extension.kind.{}", kind_name(q.kind)),
            days: q.days,
            asked: q.requested_on.to_string(),
            who: q.who.iter().map(|w| w.as_str()).collect::<Vec<_>>().join(" + "),
            status: format!("extension.status.{}", q.status.as_str()),
            decided: q.decided_on.map(|d| d.to_string()).unwrap_or_default(),
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

fn bad(field: &'static str, message: &str) -> StoreError {
    StoreError::Input(InputError {
        field,
        message: message.to_owned(),
    })
}

async fn ask(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let (ctx, form, id) = match st.form_about(&headers, &body, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let done = async {
        let kind = match form.get("kind") {
            "term_extension" => DecisionKind::TermExtension,
            "stay_extension" => DecisionKind::StayExtension,
            _ => return Err(bad("kind", "choose what to extend")),
        };
        let days = form
            .get("days")
            .trim()
            .parse::<u32>()
            .map_err(|_| bad("days", "give a number of days"))?;
        let on = Date::parse(form.get("on").trim()).map_err(|_| bad("on", "give a date (YYYY-MM-DD)"))?;
        st.store
            .request_extension(&ctx.s.access, id, kind, days, on, form.get("reason"), st.now())
            .await
            .map(|_| ())
    };
    client_action_done(&st, &ctx, id, done.await).await
}

async fn decide(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((id, eid)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let (ctx, form, id) = match st.form_about(&headers, &body, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Ok(eid) = eid.parse::<i64>() else {
        return store_error(&ctx, StoreError::NotFound);
    };
    let done = async {
        let on = Date::parse(form.get("on").trim()).map_err(|_| bad("on", "give a date (YYYY-MM-DD)"))?;
        let granted = match form.get("outcome") {
            "granted" => Some(
                form.get("days_granted")
                    .trim()
                    .parse::<u32>()
                    .map_err(|_| bad("days_granted", "give the days granted"))?,
            ),
            "refused" => None,
            _ => return Err(bad("outcome", "choose granted or refused")),
        };
        let version = form.get("version").parse::<i64>().unwrap_or(0);
        st.store
            .decide_extension(&ctx.s.access, id, eid, version, on, granted, st.now())
            .await
            .map(|_| ())
    };
    client_action_done(&st, &ctx, id, done.await).await
}
