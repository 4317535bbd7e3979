//! DT&V's financial hand-outs on the client page and in the API: the NGO records the client's request
//! (reason, amount, motivation, negotiation), or a regievoerder records one she agreed with the client
//! directly; DT&V's partner users sign it in turn in the function they hold
//! (or Den Haag decides above the regional maximum); the NGO's caseworker sees where it stands, who signed
//! and who is awaited.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use terugkeer_domain::handout::{Handout, Reason};
use terugkeer_rules::Date;
use terugkeer_rules::facts::DecisionOutcome;
use terugkeer_store::{Action, Role, SessionInfo, StoreError, StoredHandout};

use crate::kit::again::client_action_done;
use crate::kit::error::{ApiError, store_error};
use crate::kit::error::{OrPage, PageError};
use crate::kit::extract::{Caller, ClientPath, CsrfForm, Ctx, ItemPath, WriteCaller, json_body};
use crate::kit::form::euros_to_cents;
use crate::kit::i18n::Tr;
use crate::kit::render::render;
use crate::kit::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clients/{id}/handouts", post(ask))
        .route("/clients/{id}/handouts/{hid}", post(sign))
        .route("/clients/{id}/handouts/{hid}/receipts", post(receipts))
        .route(
            "/api/v1/clients/{id}/handouts",
            axum::routing::get(api_list).post(api_ask),
        )
        .route("/api/v1/clients/{id}/handouts/{hid}/signatures", post(api_sign))
        .route("/reports/handouts", axum::routing::get(transparency))
        .route("/reports/handouts.pdf", axum::routing::get(transparency_pdf))
        .route("/api/v1/reports/handouts", axum::routing::get(api_transparency))
}

/// A request as the page shows it.
pub(crate) struct View {
    pub(crate) id: i64,
    pub(crate) version: i64,
    /// Key of the reason.
    pub(crate) reason: String,
    pub(crate) amount: String,
    pub(crate) asked: String,
    pub(crate) motivation: String,
    pub(crate) negotiation: String,
    /// Key of the status.
    pub(crate) status: String,
    /// `regio` or `den_haag` as a key.
    pub(crate) decided_by: String,
    /// (function key, name, date, key of the outcome).
    pub(crate) signatures: Vec<(String, String, String, String)>,
    /// Function keys awaited, in order.
    pub(crate) awaiting: Vec<String>,
    pub(crate) citation: String,
    /// A partner user may record a signature now.
    pub(crate) may_sign: bool,
    pub(crate) receipts: String,
    /// The NGO may record the receipts (approved).
    pub(crate) may_add_receipts: bool,
    /// Attached files: id and name.
    pub(crate) files: Vec<(i64, String)>,
    /// Key of who recorded it.
    pub(crate) origin: String,
}

impl View {
    pub(crate) fn of(
        h: &StoredHandout,
        files: &[terugkeer_store::AttachmentInfo],
        s: &SessionInfo,
        t: &Tr,
    ) -> View {
        let q = &h.handout;
        View {
            id: h.id,
            version: h.version,
            reason: format!("handout.reason.{}", q.reason.as_str()),
            amount: t.money(q.amount_cents),
            asked: t.date(q.requested_on),
            motivation: q.motivation.clone(),
            negotiation: q.negotiation.clone(),
            status: format!("handout.status.{}", h.standing.status),
            decided_by: h
                .standing
                .decided_by
                .map(|d| format!("handout.by.{d}"))
                .unwrap_or_default(),
            signatures: q
                .signatures
                .iter()
                .map(|g| {
                    (
                        format!("dtv.{}", g.role.as_str()),
                        g.name.clone(),
                        t.date(g.on),
                        match g.outcome {
                            DecisionOutcome::Granted => "handout.signed".to_owned(),
                            DecisionOutcome::Refused => "handout.refused".to_owned(),
                        },
                    )
                })
                .collect(),
            awaiting: h
                .standing
                .awaiting
                .iter()
                .map(|r| format!("dtv.{}", r.as_str()))
                .collect(),
            citation: h.standing.citation.clone(),
            // The form only for the one whose signature is awaited next (the store refuses anyone else).
            may_sign: h.standing.status == "awaiting"
                && s.role == Role::Partner
                && h.standing.awaiting.first().map(|r| r.as_str())
                    == Some(s.dtv_function.as_deref().unwrap_or("regievoerder")),
            receipts: q.receipts.clone(),
            may_add_receipts: h.standing.status == "approved"
                && (s.access.may(Action::EditCase)
                    || (s.role == Role::Partner && h.origin == terugkeer_store::HandoutOrigin::Dtv)),
            origin: format!("handout.origin.{}", h.origin.as_str()),
            files: files
                .iter()
                .filter(|f| f.owner_kind == "handout" && f.owner_id == h.id)
                .map(|f| (f.id, f.filename.clone()))
                .collect(),
        }
    }
}

/// The reasons, for the form.
pub(crate) fn reasons() -> Vec<&'static str> {
    Reason::ALL.iter().map(|r| r.as_str()).collect()
}

/// Whether the caller may ask for a hand-out on this page.
pub(crate) fn may_ask(s: &SessionInfo, closed: bool) -> bool {
    // The NGO for its client; the regievoerder (who sees only trajectories registered with her) for one she
    // agreed with the client directly.
    !closed && s.access.may(s.role.file_write())
}

fn outcome_of(s: &str) -> Result<DecisionOutcome, StoreError> {
    match s {
        "granted" => Ok(DecisionOutcome::Granted),
        "refused" => Ok(DecisionOutcome::Refused),
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
        let handout = Handout {
            reason: Reason::parse(form.get("reason"))
                .ok_or_else(|| StoreError::refuse("reason", "problem-choose-reason"))?,
            amount_cents: euros_to_cents(form.get("amount"))
                .ok_or_else(|| StoreError::refuse("amount_cents", "problem-not-euros"))?,
            requested_on: Date::parse(form.get("on"))
                .map_err(|_| StoreError::refuse("on", "problem-give-date"))?,
            motivation: form.get("motivation").to_owned(),
            negotiation: form.get("negotiation").to_owned(),
            receipts: String::new(),
            signatures: Vec::new(),
        };
        st.store
            .request_handout(&ctx.s.access, id, &handout, st.now())
            .await
            .map(|_| ())
    };
    client_action_done(&ctx, id, done.await)
}

async fn sign(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    ItemPath(hid): ItemPath,
    CsrfForm(form): CsrfForm,
) -> Response {
    let done = async {
        let on = Date::parse(form.get("on")).map_err(|_| StoreError::refuse("on", "problem-give-date"))?;
        let outcome = outcome_of(form.get("outcome"))?;
        let version = form.get("version").parse::<i64>().unwrap_or(0);
        st.store
            .sign_handout(&ctx.s.access, id, hid, version, on, outcome, st.now())
            .await
            .map(|_| ())
    };
    client_action_done(&ctx, id, done.await)
}

async fn receipts(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    ItemPath(hid): ItemPath,
    CsrfForm(form): CsrfForm,
) -> Response {
    let done = async {
        let version = form.get("version").parse::<i64>().unwrap_or(0);
        st.store
            .handout_receipts(&ctx.s.access, id, hid, version, form.get("receipts"), st.now())
            .await
            .map(|_| ())
    };
    client_action_done(&ctx, id, done.await)
}

/// A hand-out request in the API.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct HandoutOut {
    /// Id.
    pub id: i64,
    /// Version (give it back when signing).
    pub version: i64,
    /// The request: reason, amount_cents, requested_on, motivation, negotiation, receipts, signatures.
    #[schema(value_type = Object)]
    pub handout: Handout,
    /// `awaiting`, `approved`, `refused` or `undetermined`.
    pub status: &'static str,
    /// `regio` or `den_haag`.
    pub decided_by: Option<&'static str>,
    /// Who must sign, in order.
    pub signatures_required: Vec<&'static str>,
    /// Who is awaited, in order.
    pub awaiting: Vec<&'static str>,
    /// The rule.
    pub citation: String,
    /// Who recorded it: `ngo` (the NGO for its client) or `dtv` (a regievoerder who agreed it with the client).
    pub origin: &'static str,
}

impl From<StoredHandout> for HandoutOut {
    fn from(h: StoredHandout) -> HandoutOut {
        HandoutOut {
            id: h.id,
            version: h.version,
            status: h.standing.status,
            decided_by: h.standing.decided_by,
            signatures_required: h.standing.signatures.iter().map(|r| r.as_str()).collect(),
            awaiting: h.standing.awaiting.iter().map(|r| r.as_str()).collect(),
            citation: h.standing.citation,
            origin: h.origin.as_str(),
            handout: h.handout,
        }
    }
}

/// A signature in the API (the function is the caller's, as held at DT&V).
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// The request's version as read.
    pub version: i64,
    /// Signed on (YYYY-MM-DD).
    pub on: String,
    /// `granted` or `refused`.
    pub outcome: String,
}

/// A client's hand-out requests with where each stands.
#[utoipa::path(operation_id = "handout_list", get, path = "/api/v1/clients/{id}/handouts", tag = "money",
    params(("id" = i64, Path, description = "client id")),
    responses((status = 200, body = [HandoutOut]), (status = 404, body = ApiError)))]
pub async fn api_list(
    State(st): State<AppState>,
    Caller(s): Caller,
    ClientPath(id): ClientPath,
) -> Result<Response, ApiError> {
    let list = st.store.handouts(&s.access, id).await?;
    let mut r = axum::Json(list.into_iter().map(HandoutOut::from).collect::<Vec<_>>()).into_response();
    r.extensions_mut().insert(s.access);
    Ok(r)
}

/// Records a client's request for a hand-out: the NGO's for its client, or — by the regievoerder the trajectory
/// is registered with — one she agreed with the client directly (`origin` `dtv`).
#[utoipa::path(operation_id = "handout_ask", post, path = "/api/v1/clients/{id}/handouts", tag = "money",
    params(("id" = i64, Path, description = "client id")),
    request_body(content = Object, description = "reason, amount_cents, requested_on, motivation, negotiation"),
    responses((status = 201, body = HandoutOut), (status = 422, body = ApiError), (status = 404, body = ApiError)))]
pub async fn api_ask(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
    body: Bytes,
) -> Result<Response, ApiError> {
    let handout: Handout = json_body(&body)?;
    let h = st
        .store
        .request_handout(&s.access, id, &handout, st.now())
        .await?;
    Ok((StatusCode::CREATED, axum::Json(HandoutOut::from(h))).into_response())
}

/// Signs (or refuses) a request in the caller's DT&V function, in the chain's turn (partner users only).
#[utoipa::path(operation_id = "handout_sign", post, path = "/api/v1/clients/{id}/handouts/{hid}/signatures", tag = "money",
    params(("id" = i64, Path, description = "client id"), ("hid" = i64, Path, description = "request id")),
    request_body = SignIn,
    responses((status = 200, body = HandoutOut), (status = 403, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn api_sign(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
    ItemPath(hid): ItemPath,
    body: Bytes,
) -> Result<Response, ApiError> {
    let input: SignIn = json_body(&body)?;
    let on =
        Date::parse(&input.on).map_err(|_| ApiError::invalid_parameter("on", "give a date (YYYY-MM-DD)"))?;
    let outcome = outcome_of(&input.outcome)?;
    let h = st
        .store
        .sign_handout(&s.access, id, hid, input.version, on, outcome, st.now())
        .await?;
    Ok(axum::Json(HandoutOut::from(h)).into_response())
}

/// The year asked for (`?year=`), this year by default.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The year (YYYY).
    #[serde(default)]
    pub year: Option<String>,
}

fn year_of(q: &YearQuery, today: Date) -> Result<i32, StoreError> {
    match q.year.as_deref().map(str::trim) {
        None | Some("") => Ok(today.ymd().0),
        Some(y) => y
            .parse::<i32>()
            .map_err(|_| StoreError::refuse("year", "problem-not-a-year")),
    }
}

#[derive(askama::Template)]
#[template(path = "handout/transparency.html")]
struct TransparencyPage<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    year: i32,
    lines: Vec<Line>,
    /// Per origin, then all.
    totals: Vec<Total>,
}

/// A line of the transparency report as the page and the document show it.
struct Line {
    /// Key of who recorded them.
    origin: String,
    /// Key of the reason.
    reason: String,
    country: String,
    asked: i64,
    approved: i64,
    refused: i64,
    amount: String,
}

/// A total of the report: per origin (its key), or of all.
struct Total {
    /// `transparency.total.ngo`, `transparency.total.dtv` or `transparency.total`.
    label: String,
    asked: i64,
    approved: i64,
    refused: i64,
    amount: String,
}

/// The yearly transparency report of hand-outs (the study's recommendation to DT&V): counts and amounts by
/// reason and country, never a name.
pub(crate) async fn transparency(
    State(st): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(q): axum::extract::Query<YearQuery>,
) -> Response {
    let lines = match year_of(&q, st.today()) {
        Ok(year) => st
            .store
            .handout_transparency(&ctx.s.access, year)
            .await
            .map(|l| (year, l)),
        Err(e) => Err(e),
    };
    let (year, lines) = match lines {
        Ok(x) => x,
        Err(e) => return store_error(&ctx, e),
    };
    let (lines, totals) = transparency_rows(&ctx.t, lines);
    render(
        StatusCode::OK,
        &TransparencyPage {
            t: ctx.t,
            user: Some(&ctx.s),
            csrf: &ctx.s.csrf,
            year,
            lines,
            totals,
        },
    )
}

/// The report's lines as the page and the document show them, and the totals: one per origin that occurs
/// (the NGO's requests, DT&V's own), then all.
fn transparency_rows(t: &Tr, lines: Vec<terugkeer_store::TransparencyLine>) -> (Vec<Line>, Vec<Total>) {
    use terugkeer_store::HandoutOrigin;
    // asked, approved, refused, cents: NGO, DT&V, all.
    let mut sums = [[0i64; 4]; 3];
    let rows = lines
        .into_iter()
        .map(|l| {
            let i = usize::from(l.origin == HandoutOrigin::Dtv);
            for k in [i, 2] {
                sums[k][0] += l.asked;
                sums[k][1] += l.approved;
                sums[k][2] += l.refused;
                sums[k][3] = sums[k][3].saturating_add(l.approved_cents);
            }
            Line {
                origin: format!("transparency.origin.{}", l.origin.as_str()),
                reason: format!("handout.reason.{}", l.reason),
                country: l
                    .country
                    .map_or_else(|| "—".into(), |c| t.country(&c).into_owned()),
                asked: l.asked,
                approved: l.approved,
                refused: l.refused,
                amount: t.money(l.approved_cents),
            }
        })
        .collect();
    let totals = [
        (0, "transparency.total.ngo"),
        (1, "transparency.total.dtv"),
        (2, "transparency.total"),
    ]
    .into_iter()
    .filter(|(k, _)| *k == 2 || sums[*k][0] > 0)
    .map(|(k, label)| Total {
        label: label.to_owned(),
        asked: sums[k][0],
        approved: sums[k][1],
        refused: sums[k][2],
        amount: t.money(sums[k][3]),
    })
    .collect();
    (rows, totals)
}

/// The transparency report as a printed document for a year: the same lines and totals as the page.
pub(crate) async fn transparency_pdf(
    State(st): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(q): axum::extract::Query<YearQuery>,
) -> Result<Response, PageError> {
    let year = year_of(&q, st.today()).or_page(&ctx)?;
    let lines = st
        .store
        .handout_transparency(&ctx.s.access, year)
        .await
        .or_page(&ctx)?;
    let organisation = st
        .store
        .organisation_name(ctx.s.access.tenant().id())
        .await
        .or_page(&ctx)?;
    let t = ctx.t;
    let (rows, totals) = transparency_rows(&t, lines);
    let head = [
        t.s("transparency.origin"),
        t.s("handout.reason"),
        t.s("transparency.country"),
        t.s("transparency.asked"),
        t.s("doc.transparency.approved"),
        t.s("doc.transparency.refused"),
        t.s("transparency.amount"),
    ];
    let mut body: Vec<[String; 7]> = rows
        .into_iter()
        .map(|l| {
            [
                t.s(&l.origin).to_owned(),
                t.s(&l.reason).to_owned(),
                l.country,
                l.asked.to_string(),
                l.approved.to_string(),
                l.refused.to_string(),
                l.amount,
            ]
        })
        .collect();
    let total_rows = totals.len();
    body.extend(totals.into_iter().map(|x| {
        [
            t.s(&x.label).to_owned(),
            String::new(),
            String::new(),
            x.asked.to_string(),
            x.approved.to_string(),
            x.refused.to_string(),
            x.amount,
        ]
    }));
    let data = serde_json::json!({
        "lang": t.code(),
        "title": t.f("doc.transparency.heading", &[("year", i64::from(year).into())]),
        "org": organisation,
        "made": t.f("doc.common.made", &[("on", t.date(st.today()).into())]),
        "footer": t.f("doc.transparency.heading", &[("year", i64::from(year).into())]),
        "l": crate::kit::document::words(&t, terugkeer_documents::Kind::Transparency),
        "head": head,
        "rows": body,
        "totals": total_rows,
    });
    crate::kit::document::pdf(
        &ctx,
        terugkeer_documents::Kind::Transparency,
        data,
        &format!("handgelden-{year}.pdf"),
    )
    .await
}

/// A line of the transparency report in the API.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct TransparencyOut {
    /// Who recorded these hand-outs: `ngo` (the NGO for its client) or `dtv` (a regievoerder, agreed directly
    /// with the client).
    pub origin: String,
    /// The reason.
    pub reason: String,
    /// The country of return (ISO code).
    pub country: Option<String>,
    /// Asked in the year.
    pub asked: i64,
    /// Approved.
    pub approved: i64,
    /// Refused.
    pub refused: i64,
    /// The approved amount in cents.
    pub approved_cents: i64,
}

/// The yearly transparency report of hand-outs: counts and amounts by origin, reason and country, never a
/// name.
#[utoipa::path(operation_id = "handout_transparency", get, path = "/api/v1/reports/handouts", tag = "money", params(YearQuery),
    responses((status = 200, body = [TransparencyOut]), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn api_transparency(
    State(st): State<AppState>,
    Caller(s): Caller,
    axum::extract::Query(q): axum::extract::Query<YearQuery>,
) -> Result<Response, ApiError> {
    let year = year_of(&q, st.today())?;
    let lines = st.store.handout_transparency(&s.access, year).await?;
    let out: Vec<TransparencyOut> = lines
        .into_iter()
        .map(|l| TransparencyOut {
            origin: l.origin.as_str().to_owned(),
            reason: l.reason,
            country: l.country,
            asked: l.asked,
            approved: l.approved,
            refused: l.refused,
            approved_cents: l.approved_cents,
        })
        .collect();
    Ok(axum::Json(out).into_response())
}
