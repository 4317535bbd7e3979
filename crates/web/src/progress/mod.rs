//! Monthly progress to DT&V and the information-exchange ledger in the browser: the client page's section
//! (the period owed and when, the draft to edit, sending with a legal basis, the reports sent and the
//! ledger of what went to DT&V and what came back) and the dashboard's reports due.

use crate::kit::again::client_action_done;
use crate::kit::error::ApiError;
use crate::kit::extract::{Caller, ClientPath, CsrfForm, Ctx, ItemPath, WriteCaller, json_body};
use crate::kit::i18n::Tr;
use crate::kit::state::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use terugkeer_domain::progress::{Basis, Period};
use terugkeer_rules::Date;
use terugkeer_rules::vocab::Lang;
use terugkeer_store::{Action, Exchange, Report, Sending, SessionInfo, StoreError};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clients/{id}/reports", post(draft))
        .route("/clients/{id}/reports/{rid}", post(save_or_send))
        .route("/api/v1/clients/{id}/reports", get(api_reports).post(api_draft))
        .route("/api/v1/clients/{id}/reports/{rid}", axum::routing::put(api_edit))
        .route("/api/v1/clients/{id}/reports/{rid}/send", post(api_send))
        .route("/api/v1/clients/{id}/exchanges", get(api_ledger))
}

/// The client page's progress section.
pub(crate) struct Section {
    /// The period owed: label, due day, overdue.
    pub(crate) next: Option<(String, String, bool)>,
    /// The draft being written: id, version, period label, text.
    pub(crate) draft: Option<(i64, i64, String, String)>,
    /// Whether the caller may write and send reports.
    pub(crate) may_write: bool,
    /// Sent reports: period, sent on, to, key of the basis, reason, text.
    pub(crate) sent: Vec<[String; 6]>,
    /// The ledger: on, key of the direction, counterpart, what, key of the basis (or empty), reason, by.
    pub(crate) ledger: Vec<[String; 7]>,
    /// The bases to choose from: value and key of the name.
    pub(crate) bases: Vec<(&'static str, String)>,
}

/// What went out or came in, as the ledger shows it: a report the application sent by its period (stored as
/// `progress report {period}`), anything a person typed as typed.
fn exchange_what(t: &Tr, what: &str) -> String {
    // The ledger keeps what went or came in fixed words ("progress report 2026-09", "verification form",
    // "verification: verify"); the page says it in the reader's language. Anything else stays as kept.
    let month = |m: &str| Date::parse(&format!("{m}-01")).map_or_else(|_| m.to_owned(), |d| t.month(d));
    if let Some(period) = what.strip_prefix("progress report ") {
        let period: Vec<String> = period.split(" – ").map(month).collect();
        return t.f(
            "exchange.progress_report",
            &[("period", period.join(" – ").into())],
        );
    }
    if what == "verification form" {
        return t.s("exchange.verification_form").to_owned();
    }
    if let Some(kind) = what.strip_prefix("message: ") {
        // "Vraag" inside a sentence: the first letter only, so "AVIM" keeps its capitals.
        let key = format!("message.kind.{kind}");
        let name = t.s(&key);
        let mut chars = name.chars();
        let word: String = chars
            .next()
            .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect());
        return t.f("exchange.message", &[("kind", word.into())]);
    }
    let key = match what.strip_prefix("verification: ") {
        Some("verify") => "exchange.verification_verify",
        Some("refuse") => "exchange.verification_refuse",
        Some("withdraw") => "exchange.verification_withdraw",
        _ => return what.to_owned(),
    };
    t.s(key).to_owned()
}

impl Section {
    pub(crate) fn of(
        reports: &[Report],
        next: Option<Period>,
        exchanges: &[Exchange],
        s: &SessionInfo,
        today: Date,
        t: &Tr,
    ) -> Section {
        let draft = reports
            .iter()
            .find(|r| r.status == "draft" && Some(r.period) == next)
            .map(|r| {
                (
                    r.id,
                    r.version,
                    t.months(r.period.start, r.period.end),
                    r.body.clone(),
                )
            });
        let basis_key = |b: &Option<String>| b.as_deref().map(|b| format!("basis.{b}")).unwrap_or_default();
        Section {
            next: next.map(|p| (t.months(p.start, p.end), t.date(p.end), p.end < today)),
            draft,
            may_write: s.access.may(Action::EditCase),
            sent: reports
                .iter()
                .filter(|r| r.status == "sent")
                .map(|r| {
                    [
                        t.months(r.period.start, r.period.end),
                        t.stored_date(r.sent_on.as_deref().unwrap_or_default()),
                        r.sent_to.clone().unwrap_or_default(),
                        basis_key(&r.basis),
                        r.reason.clone(),
                        r.body.clone(),
                    ]
                })
                .collect(),
            ledger: exchanges
                .iter()
                .map(|e| {
                    [
                        t.stored_date(&e.on_date),
                        format!("exchange.{}", e.direction),
                        e.counterpart.clone(),
                        exchange_what(t, &e.what),
                        basis_key(&e.basis),
                        e.reason.clone(),
                        e.by.clone(),
                    ]
                })
                .collect(),
            bases: Basis::ALL
                .iter()
                .map(|b| (b.as_str(), format!("basis.{}", b.as_str())))
                .collect(),
        }
    }
}

/// Starts (or reopens) the draft of the period owed, composed in the caller's language.
async fn draft(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    CsrfForm(_form): CsrfForm,
) -> Response {
    let done = st
        .store
        .draft_report(&ctx.s.access, id, st.now(), ctx.t.lang)
        .await
        .map(|_| ());
    client_action_done(&ctx, id, done)
}

/// Saves the draft's text (`action=save`) or sends it (`action=send`, with `on`, `to`, `basis`, `reason`).
async fn save_or_send(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    ItemPath(rid): ItemPath,
    CsrfForm(form): CsrfForm,
) -> Response {
    let version = form.get("version").parse::<i64>().unwrap_or(0);
    let a = &ctx.s.access;
    let bad = StoreError::refuse;
    let send = form.get("action") == "send";
    // What is sent is checked before anything is written: a refused send leaves the draft as it was.
    let sending = if send {
        let checked = (|| {
            let on = Date::parse(form.get("on").trim()).map_err(|_| bad("on", "problem-give-date"))?;
            let basis =
                Basis::parse(form.get("basis")).ok_or_else(|| bad("basis", "problem-choose-basis"))?;
            terugkeer_domain::progress::check_basis(basis, form.get("reason"))?;
            if form.get("to").trim().is_empty() {
                return Err(bad("to", "problem-say-recipient"));
            }
            Ok(Sending {
                on,
                to: form.get("to"),
                basis,
                reason: form.get("reason"),
            })
        })();
        match checked {
            Ok(s) => Some(s),
            Err(e) => return client_action_done(&ctx, id, Err(e)),
        }
    } else {
        None
    };
    let done = async {
        // The text is saved first: what is sent is what the caseworker last wrote.
        st.store
            .update_report(a, id, rid, version, form.get("body"), st.now())
            .await?;
        match &sending {
            Some(s) => st.store.send_report(a, id, rid, version + 1, s, st.now()).await,
            None => Ok(()),
        }
    };
    client_action_done(&ctx, id, done.await)
}

/// A progress report in the API.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ReportOut {
    /// Id.
    pub id: i64,
    /// The period: first and last day (the report is due on the last).
    pub period_start: String,
    /// Last day.
    pub period_end: String,
    /// `draft` or `sent`.
    pub status: String,
    /// The text.
    pub body: String,
    /// Sent on.
    pub sent_on: Option<String>,
    /// Sent to.
    pub sent_to: Option<String>,
    /// Legal basis.
    pub basis: Option<String>,
    /// An override's reason.
    pub reason: String,
    /// Version.
    pub version: i64,
}

fn report_out(r: Report) -> ReportOut {
    ReportOut {
        id: r.id,
        period_start: r.period.start.to_string(),
        period_end: r.period.end.to_string(),
        status: r.status,
        body: r.body,
        sent_on: r.sent_on,
        sent_to: r.sent_to,
        basis: r.basis,
        reason: r.reason,
        version: r.version,
    }
}

/// A draft's new text.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportText {
    /// The version read.
    pub version: i64,
    /// The text.
    pub body: String,
}

/// How a report is sent.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendReport {
    /// The version read.
    pub version: i64,
    /// Sent on (YYYY-MM-DD).
    #[schema(value_type = String)]
    pub on: Date,
    /// To whom.
    pub to: String,
    /// `subsidy_obligation`, `consent` or `override`.
    #[schema(value_type = String)]
    pub basis: Basis,
    /// Required for an override.
    #[serde(default)]
    pub reason: String,
}

/// A line of the information-exchange ledger.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ExchangeOut {
    /// On.
    pub on: String,
    /// `out` (to DT&V) or `in` (from DT&V).
    pub direction: String,
    /// With whom.
    pub counterpart: String,
    /// What.
    pub what: String,
    /// Legal basis of what went out.
    pub basis: Option<String>,
    /// An override's reason.
    pub reason: String,
    /// Recorded by.
    pub by: String,
}

use axum::http::StatusCode;
use axum::response::IntoResponse;

/// A client's progress reports, newest period first.
#[utoipa::path(operation_id = "progress_reports", get, path = "/api/v1/clients/{id}/reports", tag = "progress",
    params(("id" = i64, Path, description = "client id")),
    responses((status = 200, body = [ReportOut]), (status = 404, body = ApiError)))]
pub async fn api_reports(
    State(st): State<AppState>,
    Caller(s): Caller,
    ClientPath(id): ClientPath,
) -> Result<Response, ApiError> {
    let list = st.store.reports(&s.access, id).await?;
    let mut r = axum::Json(list.into_iter().map(report_out).collect::<Vec<_>>()).into_response();
    r.extensions_mut().insert(s.access);
    Ok(r)
}

/// The draft of the period owed (made, or the one being written).
#[utoipa::path(operation_id = "progress_draft", post, path = "/api/v1/clients/{id}/reports", tag = "progress",
    params(("id" = i64, Path, description = "client id")),
    responses((status = 201, body = ReportOut), (status = 422, body = ApiError)))]
pub async fn api_draft(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
) -> Result<Response, ApiError> {
    let lang = if s.lang == "en" { Lang::En } else { Lang::Nl };
    let r = st.store.draft_report(&s.access, id, st.now(), lang).await?;
    Ok((StatusCode::CREATED, axum::Json(report_out(r))).into_response())
}

/// Changes a draft's text.
#[utoipa::path(operation_id = "progress_edit", put, path = "/api/v1/clients/{id}/reports/{rid}", tag = "progress",
    params(("id" = i64, Path, description = "client id"), ("rid" = i64, Path, description = "report id")),
    request_body = ReportText,
    responses((status = 200, body = [ReportOut]), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn api_edit(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
    ItemPath(rid): ItemPath,
    body: Bytes,
) -> Result<Response, ApiError> {
    let input: ReportText = json_body(&body)?;
    st.store
        .update_report(&s.access, id, rid, input.version, &input.body, st.now())
        .await?;
    let list = st.store.reports(&s.access, id).await?;
    Ok(axum::Json(list.into_iter().map(report_out).collect::<Vec<_>>()).into_response())
}

/// Sends a draft with its legal basis; the ledger records it.
#[utoipa::path(operation_id = "progress_send", post, path = "/api/v1/clients/{id}/reports/{rid}/send", tag = "progress",
    params(("id" = i64, Path, description = "client id"), ("rid" = i64, Path, description = "report id")),
    request_body = SendReport,
    responses((status = 200, body = [ExchangeOut]), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn api_send(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
    ItemPath(rid): ItemPath,
    body: Bytes,
) -> Result<Response, ApiError> {
    let input: SendReport = json_body(&body)?;
    let sending = Sending {
        on: input.on,
        to: &input.to,
        basis: input.basis,
        reason: &input.reason,
    };
    st.store
        .send_report(&s.access, id, rid, input.version, &sending, st.now())
        .await?;
    api_ledger_of(&st, &s, id).await
}

async fn api_ledger_of(st: &AppState, s: &SessionInfo, id: i64) -> Result<Response, ApiError> {
    let list = st.store.exchanges(&s.access, id).await?;
    let out: Vec<ExchangeOut> = list
        .into_iter()
        .map(|e| ExchangeOut {
            on: e.on_date,
            direction: e.direction,
            counterpart: e.counterpart,
            what: e.what,
            basis: e.basis,
            reason: e.reason,
            by: e.by,
        })
        .collect();
    let mut r = axum::Json(out).into_response();
    r.extensions_mut().insert(s.access);
    Ok(r)
}

/// The client's information-exchange ledger: what went to DT&V and what came back, newest first.
#[utoipa::path(operation_id = "progress_ledger", get, path = "/api/v1/clients/{id}/exchanges", tag = "progress",
    params(("id" = i64, Path, description = "client id")),
    responses((status = 200, body = [ExchangeOut]), (status = 404, body = ApiError)))]
pub async fn api_ledger(
    State(st): State<AppState>,
    Caller(s): Caller,
    ClientPath(id): ClientPath,
) -> Result<Response, ApiError> {
    api_ledger_of(&st, &s, id).await
}
