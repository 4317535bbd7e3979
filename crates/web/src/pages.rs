//! The server-rendered pages: login, dashboard, client list, client page (timeline, forms for every fact,
//! assessment panel), client forms, record editing and the printable summary. Every page works without
//! JavaScript; a failed form comes back with the values entered and the message beside the field (422), a
//! stale one with the newer data (409); a successful one redirects (303) so a reload never posts twice.

// Helpers return `Result<_, Response>`: the error is the finished page, returned as is.
#![allow(clippy::result_large_err)]

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use terugkeer_domain::summary::Stage;
use terugkeer_domain::{Client, ClientInput, Record};
use terugkeer_store::{Action, ClientQuery, ClientSummary, Role, SessionInfo, StoreError, StoredRecord};

use crate::auth::{self, LANG_COOKIE};
use crate::forms::{self, CLIENT, FieldError, FieldView, FormData, Input, option_label};
use crate::i18n::Tr;
use crate::panel::{self, Panel};
use crate::{AppState, lang_of};

/// The page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/lang/{code}", get(set_lang))
        .route("/dashboard", get(dashboard))
        .route("/clients", get(clients).post(create_client))
        .route("/clients/new", get(new_client))
        .route("/clients/{id}", get(client_page).post(update_client))
        .route("/clients/{id}/edit", get(edit_client))
        .route("/clients/{id}/summary", get(summary))
        .route("/clients/{id}/export.json", get(export_json))
        .route("/clients/{id}/export.pdf", get(export_pdf))
        .route("/clients/{id}/records", post(add_record))
        .route("/clients/{id}/records/{rid}/edit", get(edit_record))
        .route("/clients/{id}/records/{rid}", post(update_record))
        .route("/clients/{id}/close", post(close_client))
        .route("/clients/{id}/assign", post(assign_client))
        .route("/clients/{id}/share", post(share_client))
        .route("/clients/{id}/dtv", post(register_with_dtv))
}

/// A logged-in page request.
pub(crate) struct Ctx {
    pub(crate) s: SessionInfo,
    pub(crate) t: Tr,
}

/// Room for a page as large as a client's: askama's own estimate is the template's literal text, a few
/// kilobytes, so a 40 KB page grew its buffer by doubling — copying it each time (a tenth of the client
/// page's copying on the profile). Reserving is cheap; the memory goes with the response.
const PAGE_CAPACITY: usize = 64 * 1024;

pub(crate) fn render(status: StatusCode, page: &impl Template) -> Response {
    let mut html = String::with_capacity(PAGE_CAPACITY);
    match page.render_into(&mut html) {
        Ok(()) => (status, Html(html)).into_response(),
        Err(e) => {
            eprintln!("terugkeer: template error: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    message: String,
}

pub(crate) fn error_page(t: Tr, s: Option<&SessionInfo>, status: StatusCode, message: String) -> Response {
    let csrf = s.map(|s| s.csrf.as_str()).unwrap_or("");
    render(
        status,
        &ErrorPage {
            t,
            user: s,
            csrf,
            message,
        },
    )
}

/// A store failure as a page: not found is 404, a role's refusal 403, refused input 422 naming the field (in
/// the page's language); anything else is the machine's (500, logged).
pub(crate) fn store_error(ctx: &Ctx, e: StoreError) -> Response {
    match e {
        StoreError::Input(i) => error_page(
            ctx.t,
            Some(&ctx.s),
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{}: {}", i.field, ctx.t.message(&i.message)),
        ),
        StoreError::NotFound => error_page(
            ctx.t,
            Some(&ctx.s),
            StatusCode::NOT_FOUND,
            ctx.t.s("error.not_found").into(),
        ),
        StoreError::Forbidden => forbidden(ctx),
        other => {
            eprintln!("terugkeer: internal error: {other}");
            error_page(
                ctx.t,
                Some(&ctx.s),
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error".into(),
            )
        }
    }
}

/// The navigation of a role: only the pages it may use.
pub fn nav_links(role: &Role) -> &'static [(&'static str, &'static str)] {
    match *role {
        Role::Caseworker => &[
            ("/dashboard", "nav.dashboard"),
            ("/clients", "nav.clients"),
            ("/clients/new", "clients.new"),
            ("/verifications", "nav.verifications"),
        ],
        Role::Coordinator => &[
            ("/dashboard", "nav.dashboard"),
            ("/clients", "nav.clients"),
            ("/clients/new", "clients.new"),
            ("/verifications", "nav.verifications"),
            ("/reports", "nav.reports"),
            ("/reports/handouts", "nav.handouts"),
            ("/projects", "nav.projects"),
            ("/users", "nav.users"),
        ],
        Role::Partner => &[
            ("/dashboard", "nav.dashboard"),
            ("/clients", "nav.clients"),
            ("/verifications", "nav.verifications"),
            ("/reports/handouts", "nav.handouts"),
        ],
        Role::Auditor => &[("/reports", "nav.reports"), ("/reports/handouts", "nav.handouts")],
        Role::Admin => &[("/users", "nav.users")],
    }
}

/// A page or action the caller's role does not allow (on something they may see).
pub(crate) fn forbidden(ctx: &Ctx) -> Response {
    error_page(
        ctx.t,
        Some(&ctx.s),
        StatusCode::FORBIDDEN,
        ctx.t.s("error.forbidden").into(),
    )
}

/// Unknown address.
pub async fn not_found(headers: HeaderMap) -> Response {
    let t = Tr {
        lang: lang_of(&headers),
    };
    error_page(t, None, StatusCode::NOT_FOUND, t.s("error.not_found").into())
}

impl AppState {
    /// The logged-in caller of a page, or a redirect to the login page.
    pub(crate) async fn page(&self, headers: &HeaderMap) -> Result<Ctx, Response> {
        let ctx = self.page_any(headers).await?;
        // A forced password change or a required second factor comes before anything else.
        if ctx.s.must_change_password || ctx.s.needs_totp {
            return Err(Redirect::to("/account").into_response());
        }
        Ok(ctx)
    }

    /// The logged-in caller, even one who must first change their password or set up a second factor (the
    /// account page and logging out).
    pub(crate) async fn page_any(&self, headers: &HeaderMap) -> Result<Ctx, Response> {
        let t = Tr {
            lang: lang_of(headers),
        };
        match self.caller(headers).await {
            Ok(Some((s, hash))) if !hash.is_empty() => Ok(Ctx { s, t }),
            Ok(_) => Err(Redirect::to("/login").into_response()),
            Err(e) => {
                eprintln!("terugkeer: internal error: {e}");
                Err(error_page(
                    t,
                    None,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal error".into(),
                ))
            }
        }
    }

    /// A logged-in form post: the caller, the form, and its synchronizer token checked.
    pub(crate) async fn form(&self, headers: &HeaderMap, body: &[u8]) -> Result<(Ctx, FormData), Response> {
        let (ctx, form) = self.form_any(headers, body).await?;
        if ctx.s.must_change_password || ctx.s.needs_totp {
            return Err(Redirect::to("/account").into_response());
        }
        Ok((ctx, form))
    }

    /// A form post of a caller who may still have to change their password (see [`AppState::page_any`]).
    pub(crate) async fn form_any(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<(Ctx, FormData), Response> {
        let ctx = self.page_any(headers).await?;
        let form = match FormData::parse(body) {
            Ok(f) => f,
            Err(e) => {
                return Err(error_page(
                    ctx.t,
                    Some(&ctx.s),
                    StatusCode::BAD_REQUEST,
                    e.message,
                ));
            }
        };
        if !auth::csrf_ok(&ctx.s, form.get("csrf")) {
            return Err(error_page(
                ctx.t,
                Some(&ctx.s),
                StatusCode::FORBIDDEN,
                ctx.t.s("error.csrf").into(),
            ));
        }
        Ok((ctx, form))
    }
}

impl AppState {
    /// A logged-in page about the client with id `raw` (not found if it is not a number).
    pub(crate) async fn page_about(&self, headers: &HeaderMap, raw: &str) -> Result<(Ctx, i64), Response> {
        let ctx = self.page(headers).await?;
        let id = parse_id(&ctx, raw)?;
        Ok((ctx, id))
    }

    /// A logged-in, CSRF-checked form post about the client with id `raw`.
    pub(crate) async fn form_about(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        raw: &str,
    ) -> Result<(Ctx, FormData, i64), Response> {
        let (ctx, form) = self.form(headers, body).await?;
        let id = parse_id(&ctx, raw)?;
        Ok((ctx, form, id))
    }
}

async fn home(State(st): State<AppState>, headers: HeaderMap) -> Response {
    match st.page(&headers).await {
        Ok(_) => Redirect::to("/dashboard").into_response(),
        Err(r) => r,
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    error: Option<String>,
    username: String,
}

async fn login_form(headers: HeaderMap) -> Response {
    let t = Tr {
        lang: lang_of(&headers),
    };
    render(
        StatusCode::OK,
        &LoginPage {
            t,
            user: None,
            csrf: "",
            error: None,
            username: String::new(),
        },
    )
}

async fn login(State(st): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let t = Tr {
        lang: lang_of(&headers),
    };
    let form = FormData::parse(&body).unwrap_or_default();
    let username = form.get("username").to_owned();
    let address = crate::trail::peer_of(&headers).map(|ip| ip.to_string());
    let now = st.now();
    let refuse = |status, key: &str| {
        render(
            status,
            &LoginPage {
                t,
                user: None,
                csrf: "",
                error: Some(t.s(key).into()),
                username: username.clone(),
            },
        )
    };
    // Throttling: after 5 failures of one account (since its last success) or 20 from one address within
    // 15 minutes, no password is even tried until the window has passed.
    let window = now
        .checked_sub(jiff::SignedDuration::from_mins(THROTTLE_MINUTES))
        .unwrap_or(now);
    match st
        .store
        .login_failures(&username, address.as_deref(), window)
        .await
    {
        Ok((account, from)) if account >= MAX_ACCOUNT_FAILURES || from >= MAX_ADDRESS_FAILURES => {
            return refuse(StatusCode::TOO_MANY_REQUESTS, "error.throttled");
        }
        Ok(_) => {}
        Err(e) => {
            eprintln!("terugkeer: internal error: {e}");
            return error_page(
                t,
                None,
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error".into(),
            );
        }
    }
    let user = match st.store.user_by_username(&username).await {
        Ok(u) => u,
        Err(e) => {
            eprintln!("terugkeer: internal error: {e}");
            return error_page(
                t,
                None,
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error".into(),
            );
        }
    };
    // Verify against a fixed hash when the user is unknown, so both answers take the same time.
    const DUMMY: &str =
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2c5Ipv/5OKo5q2CJfsJ9wQ6VQJrdlqAbtdpRKqbJXDY";
    let ok = match &user {
        Some(u) => u
            .password_hash
            .as_deref()
            .is_some_and(|h| auth::verify_password(form.get("password"), h)),
        None => {
            auth::verify_password(form.get("password"), DUMMY);
            false
        }
    };
    // The second factor, for whoever set one up: a code of this step or a neighbour, not used before.
    let ok = match (&user, ok) {
        (Some(u), true) => match &u.totp_secret {
            None => true,
            Some(secret) => match totp_matches(&st, u.id, secret, form.get("code")).await {
                Ok(m) => m,
                Err(e) => {
                    eprintln!("terugkeer: internal error: {e}");
                    return error_page(
                        t,
                        None,
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "internal error".into(),
                    );
                }
            },
        },
        _ => false,
    };
    if let Err(e) = st
        .store
        .record_login(&username, address.as_deref(), ok, now)
        .await
    {
        eprintln!("terugkeer: internal error: {e}");
        return error_page(
            t,
            None,
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error".into(),
        );
    }
    let Some(user) = user.filter(|_| ok) else {
        return refuse(StatusCode::UNAUTHORIZED, "error.login");
    };
    let (id, csrf) = match (auth::random_token(32), auth::random_token(32)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("terugkeer: internal error: {e}");
            return error_page(
                t,
                None,
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error".into(),
            );
        }
    };
    let expires = now
        .checked_add(jiff::SignedDuration::from_hours(st.session_hours))
        .unwrap_or(now);
    if let Err(e) = st
        .store
        .create_session(&user, &auth::secret_hash(&id), &csrf, t.code(), now, expires)
        .await
    {
        eprintln!("terugkeer: internal error: {e}");
        return error_page(
            t,
            None,
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error".into(),
        );
    }
    let cookie = auth::session_cookie(&id, st.secure_cookies, st.session_hours * 3600);
    ([(header::SET_COOKIE, cookie)], Redirect::to("/dashboard")).into_response()
}

/// Login throttling: how many failed attempts, over how long a window.
const THROTTLE_MINUTES: i64 = 15;
const MAX_ACCOUNT_FAILURES: i64 = 5;
const MAX_ADDRESS_FAILURES: i64 = 20;

/// Whether `code` is the user's current second-factor code, claiming its time step.
async fn totp_matches(st: &AppState, user_id: i64, secret: &str, code: &str) -> Result<bool, StoreError> {
    match crate::totp::matching_step(secret, code, st.now().as_second()) {
        Some(step) => st.store.use_totp_step(user_id, step).await,
        None => Ok(false),
    }
}

async fn logout(State(st): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let (ctx, _) = match st.form_any(&headers, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let _ = ctx;
    if let Some(id) = auth::cookie(&headers, auth::SESSION_COOKIE) {
        let hash = auth::secret_hash(id);
        // The client page would find the session ended anyway (it checks in its own statement).
        st.sessions.forget(&hash);
        if let Err(e) = st.store.end_session(&hash, st.now()).await {
            eprintln!("terugkeer: internal error: {e}");
        }
    }
    (
        [(header::SET_COOKIE, auth::clear_session_cookie(st.secure_cookies))],
        Redirect::to("/login"),
    )
        .into_response()
}

async fn set_lang(Path(code): Path<String>, headers: HeaderMap) -> Response {
    let code = if code == "en" { "en" } else { "nl" };
    // Back to the page the user came from, if it was ours.
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.find("://").map(|i| &r[i + 3..]))
        .and_then(|r| r.find('/').map(|i| r[i..].to_owned()))
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/dashboard".into());
    (
        [(
            header::SET_COOKIE,
            format!("{LANG_COOKIE}={code}; Path=/; SameSite=Lax; Max-Age=31536000"),
        )],
        Redirect::to(&back),
    )
        .into_response()
}

/// A client in a list.
pub struct Row {
    id: i64,
    name: String,
    v_number: String,
    setting: String,
    stage: String,
    deadline: Option<String>,
    deadline_kind: String,
    overdue: bool,
    eligible: String,
    project: String,
    closed: bool,
}

fn row(t: &Tr, c: &ClientSummary, today: &str) -> Row {
    let overdue = c.status == "open" && c.next_deadline.as_deref().is_some_and(|d| d < today);
    Row {
        id: c.id,
        name: format!("{}, {}", c.family_name, c.given_names),
        v_number: c.v_number.clone().unwrap_or_default(),
        setting: c
            .setting
            .as_deref()
            .map(|s| option_label(t, s))
            .unwrap_or_default(),
        stage: t.s(&format!("stage.{}", c.stage)).to_owned(),
        deadline: c.next_deadline.clone(),
        deadline_kind: c
            .next_deadline_kind
            .as_deref()
            .map(|k| t.s(&format!("deadline.{k}")).to_owned())
            .unwrap_or_default(),
        overdue,
        eligible: match c.eligible {
            Some(1) => t.s("yes").into(),
            Some(_) => t.s("no").into(),
            None => t.s("unknown").into(),
        },
        project: c.project.clone().unwrap_or_default(),
        closed: c.status == "closed",
    }
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    all: bool,
    rows: Vec<Row>,
    by_setting: Vec<(String, i64)>,
    by_stage: Vec<(String, i64)>,
    /// A caseworker's reports to DT&V due within a week or overdue: client id, name, period, due, overdue.
    reports_due: Option<Vec<DueLine>>,
    /// "This week": how many deadlines have passed, and the rows whose deadline falls in the next seven days.
    overdue_count: usize,
    this_week: Vec<(i64, String, String, String)>,
    /// The caseload by setting as an SVG bar chart.
    setting_chart: String,
}

/// A report due on the dashboard: client id, name, period, due day, overdue.
type DueLine = (i64, String, String, String, bool);

/// A role without case data starts on its own page instead of the dashboard.
fn dashboard_elsewhere(ctx: &Ctx) -> Option<Response> {
    match ctx.s.role {
        Role::Auditor => Some(Redirect::to("/reports").into_response()),
        Role::Admin => Some(Redirect::to("/users").into_response()),
        Role::Caseworker | Role::Coordinator | Role::Partner => None,
    }
}

/// What the dashboard reads for the caller. A coordinator sees the organisation's caseload; a caseworker their
/// own (those shared with them are in the client list) and their reports due within a week; a DT&V
/// regievoerder the trajectories registered with them.
fn dashboard_query(st: &AppState, ctx: &Ctx) -> terugkeer_store::DashboardQuery {
    let mine = (ctx.s.role == Role::Caseworker).then_some(ctx.s.user_id);
    terugkeer_store::DashboardQuery {
        assigned_to: mine,
        limit: 50,
        reports_due: mine.map(|_| (st.today().add_days(7), 20)),
    }
}

/// The dashboard read with the remembered session ([`Remembered`]) in one statement.
async fn dashboard_remembered(
    st: &AppState,
    headers: &HeaderMap,
) -> Option<(Ctx, terugkeer_store::Dashboard)> {
    let r = Remembered::of(st, headers)?;
    if dashboard_elsewhere(&r.ctx).is_some() {
        return None;
    }
    let read = st
        .store
        .dashboard_in_session(&r.ctx.s.access, &dashboard_query(st, &r.ctx), Some(r.check(st)))
        .await
        .ok();
    let ctx = r.holds(st, read.as_ref().and_then(|d| d.session.as_ref()))?;
    Some((ctx, read?))
}

async fn dashboard(State(st): State<AppState>, headers: HeaderMap) -> Response {
    let (ctx, data) = match dashboard_remembered(&st, &headers).await {
        Some(x) => x,
        None => {
            let ctx = match st.page(&headers).await {
                Ok(c) => c,
                Err(r) => return r,
            };
            if let Some(r) = dashboard_elsewhere(&ctx) {
                return r;
            }
            match st
                .store
                .dashboard(&ctx.s.access, &dashboard_query(&st, &ctx))
                .await
            {
                Ok(d) => (ctx, d),
                Err(e) => return store_error(&ctx, e),
            }
        }
    };
    let all = ctx.s.role == Role::Coordinator;
    let today = st.today().to_string();
    // The list is sorted overdue first, then by the nearest deadline: this week's are among its first rows.
    let week_end = st.today().add_days(7).to_string();
    let t = ctx.t;
    let rows: Vec<Row> = data.clients.iter().map(|c| row(&t, c, &today)).collect();
    let mut by_setting: Vec<(String, i64)> = Vec::new();
    let mut by_stage: Vec<(String, i64)> = Vec::new();
    for (setting, stage, n) in &data.counts {
        let s = if setting.is_empty() {
            t.s("unknown").to_owned()
        } else {
            option_label(&t, setting)
        };
        match by_setting.iter_mut().find(|(l, _)| *l == s) {
            Some(e) => e.1 += n,
            None => by_setting.push((s, *n)),
        }
        let g = t.s(&format!("stage.{stage}")).to_owned();
        match by_stage.iter_mut().find(|(l, _)| *l == g) {
            Some(e) => e.1 += n,
            None => by_stage.push((g, *n)),
        }
    }
    by_setting.sort();
    let order = |l: &str| {
        Stage::ALL
            .iter()
            .position(|s| t.s(&format!("stage.{}", s.as_str())) == l)
    };
    by_stage.sort_by_key(|(l, _)| order(l));
    render(
        StatusCode::OK,
        &DashboardPage {
            t,
            user: Some(&ctx.s),
            csrf: &ctx.s.csrf,
            all,
            overdue_count: rows.iter().filter(|r| r.overdue).count(),
            this_week: rows
                .iter()
                .filter_map(|r| {
                    let d = r.deadline.as_deref()?;
                    (d >= today.as_str() && d <= week_end.as_str())
                        .then(|| (r.id, r.name.clone(), d.to_owned(), r.deadline_kind.clone()))
                })
                .collect(),
            rows,
            setting_chart: crate::chart::BarChart {
                title: t.s("dashboard.chart.setting").into(),
                bars: by_setting.clone(),
                unit: crate::chart::Unit::Count,
            }
            .svg(),
            by_setting,
            by_stage,
            reports_due: data.reports_due.map(|list| {
                list.into_iter()
                    .map(|d| {
                        let overdue = d.period.end < st.today();
                        (
                            d.client_id,
                            d.name,
                            d.period.label(),
                            d.period.end.to_string(),
                            overdue,
                        )
                    })
                    .collect()
            }),
        },
    )
}

/// The list's query string.
#[derive(Debug, Default, Deserialize, serde::Serialize, Clone)]
pub struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    setting: String,
    #[serde(default)]
    stage: String,
    #[serde(default)]
    project: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: u32,
}

const SETTINGS: &[&str] = &["azc", "vbl", "gezinslocatie", "noodopvang", "elders", "bewaring"];
const STAGES: &[&str] = &[
    "intake",
    "appeal",
    "departure_term",
    "after_term",
    "trajectory",
    "closed",
];
const FILTERS: &[forms::Field] = &[
    forms::Field {
        name: "setting",
        input: Input::Select(SETTINGS),
        required: false,
    },
    forms::Field {
        name: "stage",
        input: Input::Select(STAGES),
        required: false,
    },
    forms::Field {
        name: "project",
        input: Input::Text,
        required: false,
    },
    forms::Field {
        name: "status",
        input: Input::Select(&["open", "closed"]),
        required: false,
    },
];

#[derive(Template)]
#[template(path = "clients.html")]
struct ClientsPage<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    q: String,
    filters: Vec<FieldView>,
    shown: String,
    rows: Vec<Row>,
    prev: Option<String>,
    next: Option<String>,
    /// The export's address with the same filters (without the format).
    export: String,
}

const PAGE: i64 = 50;

/// The list's query from its query string (unknown filter values are ignored).
fn list_query(p: &ListParams) -> ClientQuery {
    let pick = |v: &str, allowed: &[&str]| Some(v.to_owned()).filter(|v| allowed.contains(&v.as_str()));
    ClientQuery {
        search: Some(p.q.clone()).filter(|s| !s.trim().is_empty()),
        status: pick(&p.status, &["open", "closed"]),
        setting: pick(&p.setting, SETTINGS),
        stage: pick(&p.stage, STAGES),
        project: Some(p.project.trim().to_owned()).filter(|s| !s.is_empty()),
        assigned_to: None,
        by_deadline: false,
        skip_total: false,
        limit: PAGE,
        offset: i64::from(p.page) * PAGE,
    }
}

/// The list read with the remembered session ([`Remembered`]) in one statement.
async fn clients_remembered(
    st: &AppState,
    headers: &HeaderMap,
    q: &ClientQuery,
) -> Option<(Ctx, terugkeer_store::Page<ClientSummary>)> {
    let r = Remembered::of(st, headers)?;
    let read = st
        .store
        .list_clients_in_session(&r.ctx.s.access, q, Some(r.check(st)))
        .await
        .ok();
    let ctx = r.holds(st, read.as_ref().and_then(|(_, s)| s.as_ref()))?;
    Some((ctx, read?.0))
}

async fn clients(State(st): State<AppState>, headers: HeaderMap, Query(p): Query<ListParams>) -> Response {
    let q = list_query(&p);
    let (ctx, page) = match clients_remembered(&st, &headers, &q).await {
        Some(x) => x,
        None => {
            let ctx = match st.page(&headers).await {
                Ok(c) => c,
                Err(r) => return r,
            };
            match st.store.list_clients(&ctx.s.access, &q).await {
                Ok(x) => (ctx, x),
                Err(e) => return store_error(&ctx, e),
            }
        }
    };
    let t = ctx.t;
    let today = st.today().to_string();
    let link = |n: u32| {
        let mut params = p.clone();
        params.page = n;
        format!(
            "/clients?{}",
            serde_urlencoded::to_string(&params).unwrap_or_default()
        )
    };
    let first = i64::from(p.page) * PAGE;
    let more = first + PAGE < page.total;
    let total = if page.total >= terugkeer_store::COUNT_CAP {
        format!("{}+", terugkeer_store::COUNT_CAP)
    } else {
        page.total.to_string()
    };
    let shown = if page.items.is_empty() {
        String::new()
    } else {
        format!(
            "{}–{} {} {total}",
            first + 1,
            first + page.items.len() as i64,
            t.s("page.of")
        )
    };
    let values = FormData(vec![
        ("setting".into(), p.setting.clone()),
        ("stage".into(), p.stage.clone()),
        ("project".into(), p.project.clone()),
        ("status".into(), p.status.clone()),
    ]);
    render(
        StatusCode::OK,
        &ClientsPage {
            t,
            user: Some(&ctx.s),
            csrf: &ctx.s.csrf,
            q: p.q.clone(),
            filters: forms::views(FILTERS, &values, None, &t, "filter", "filter"),
            shown,
            rows: page.items.iter().map(|c| row(&t, c, &today)).collect(),
            prev: (p.page > 0).then(|| link(p.page - 1)),
            next: more.then(|| link(p.page + 1)),
            export: format!(
                "/clients/export?{}",
                serde_urlencoded::to_string([
                    ("q", p.q.as_str()),
                    ("status", p.status.as_str()),
                    ("setting", p.setting.as_str()),
                    ("stage", p.stage.as_str()),
                    ("project", p.project.as_str()),
                ])
                .unwrap_or_default()
            ),
        },
    )
}

#[derive(Template)]
#[template(path = "client_form.html")]
struct ClientForm<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    heading: String,
    action: String,
    version: i64,
    fields: Vec<FieldView>,
    duplicates: Vec<(i64, String)>,
    stale: bool,
    has_error: bool,
}

fn client_form(
    ctx: &Ctx,
    status: StatusCode,
    client: Option<(i64, i64)>,
    values: &FormData,
    error: Option<&FieldError>,
    duplicates: Vec<(i64, String)>,
    stale: bool,
) -> Response {
    let (heading, action, version) = match client {
        Some((id, v)) => (ctx.t.s("edit.client").to_owned(), format!("/clients/{id}"), v),
        None => (ctx.t.s("clients.new").to_owned(), "/clients".to_owned(), 0),
    };
    render(
        status,
        &ClientForm {
            t: ctx.t,
            user: Some(&ctx.s),
            csrf: &ctx.s.csrf,
            heading,
            action,
            version,
            fields: forms::views(CLIENT, values, error, &ctx.t, "client", "client"),
            duplicates,
            stale,
            has_error: error.is_some(),
        },
    )
}

async fn new_client(State(st): State<AppState>, headers: HeaderMap) -> Response {
    match st.page(&headers).await {
        Ok(ctx) if !ctx.s.access.may(Action::CreateCase) => forbidden(&ctx),
        Ok(ctx) => client_form(
            &ctx,
            StatusCode::OK,
            None,
            &FormData::default(),
            None,
            vec![],
            false,
        ),
        Err(r) => r,
    }
}

fn client_values(c: &ClientInput) -> FormData {
    forms::values_of(CLIENT, &serde_json::to_value(c).unwrap_or_default())
}

/// Reads and validates a client form.
fn read_client(st: &AppState, form: &FormData) -> Result<ClientInput, FieldError> {
    forms::client_from_form(form)?
        .validate(st.today())
        .map_err(|e| FieldError::new(e.field, e.message))
}

async fn create_client(State(st): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let (ctx, form) = match st.form(&headers, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if !ctx.s.access.may(Action::CreateCase) {
        return forbidden(&ctx);
    }
    let input = match read_client(&st, &form) {
        Ok(i) => i,
        Err(e) => {
            return client_form(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                &form,
                Some(&e),
                vec![],
                false,
            );
        }
    };
    if form.get("confirm_duplicate") != "1" {
        match st.store.likely_duplicates(&ctx.s.access, &input).await {
            Ok(d) if !d.is_empty() => {
                let list = d
                    .iter()
                    .map(|c| {
                        let born = c.date_of_birth.clone().unwrap_or_default();
                        let v = c.v_number.clone().unwrap_or_default();
                        (
                            c.id,
                            format!("{}, {} · {born} · {v}", c.family_name, c.given_names),
                        )
                    })
                    .collect();
                return client_form(&ctx, StatusCode::CONFLICT, None, &form, None, list, false);
            }
            Ok(_) => {}
            Err(e) => return store_error(&ctx, e),
        }
    }
    match st
        .store
        .create_case(&ctx.s.access, &input, &[], Some(ctx.s.user_id), st.now())
        .await
    {
        Ok(id) => Redirect::to(&format!("/clients/{id}")).into_response(),
        Err(e) => store_error(&ctx, e),
    }
}

fn parse_id(ctx: &Ctx, raw: &str) -> Result<i64, Response> {
    raw.parse().map_err(|_| {
        error_page(
            ctx.t,
            Some(&ctx.s),
            StatusCode::NOT_FOUND,
            ctx.t.s("error.not_found").into(),
        )
    })
}

async fn edit_client(State(st): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let (ctx, id) = match st.page_about(&headers, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match st.store.client(&ctx.s.access, id).await {
        Ok(Some(_)) if !ctx.s.access.may(Action::EditCase) => forbidden(&ctx),
        Ok(Some(c)) => client_form(
            &ctx,
            StatusCode::OK,
            Some((id, c.version)),
            &client_values(&c.data),
            None,
            vec![],
            false,
        ),
        Ok(None) => store_error(&ctx, StoreError::NotFound),
        Err(e) => store_error(&ctx, e),
    }
}

fn version_of(form: &FormData) -> Result<i64, FieldError> {
    form.get("version")
        .parse()
        .map_err(|_| FieldError::new("version", "is missing"))
}

async fn update_client(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let (ctx, form, id) = match st.form_about(&headers, &body, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let version = version_of(&form).unwrap_or(0);
    let input = match read_client(&st, &form) {
        Ok(i) => i,
        Err(e) => {
            return client_form(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((id, version)),
                &form,
                Some(&e),
                vec![],
                false,
            );
        }
    };
    match st
        .store
        .update_client(&ctx.s.access, id, version, &input, st.now())
        .await
    {
        Ok(_) => Redirect::to(&format!("/clients/{id}")).into_response(),
        Err(StoreError::Stale { .. }) => match st.store.client(&ctx.s.access, id).await {
            // Show the newer data; the user re-enters the change on top of it.
            Ok(Some(c)) => client_form(
                &ctx,
                StatusCode::CONFLICT,
                Some((id, c.version)),
                &client_values(&c.data),
                None,
                vec![],
                true,
            ),
            Ok(None) => store_error(&ctx, StoreError::NotFound),
            Err(e) => store_error(&ctx, e),
        },
        Err(e) => store_error(&ctx, e),
    }
}

/// An entry of the timeline.
pub struct Entry {
    id: i64,
    date: String,
    kind: String,
    text: String,
    editable: bool,
}

fn describe(t: &Tr, r: &Record) -> String {
    let fields = forms::record_fields(r.kind()).unwrap_or_default();
    let value = serde_json::to_value(r).unwrap_or_default();
    let values = forms::values_of(fields, &value);
    fields
        .iter()
        .filter(|f| !matches!(f.name, "on" | "from"))
        .filter_map(|f| {
            let vals = values.all(f.name);
            if vals.is_empty() {
                return None;
            }
            let shown: Vec<String> = vals
                .iter()
                .map(|v| match f.input {
                    Input::Select(_) | Input::Checks(_) => option_label(t, v),
                    Input::Tri => t.s(v).to_owned(),
                    Input::Money => format!("EUR {v}"),
                    _ => v.clone(),
                })
                .collect();
            Some(format!(
                "{}: {}",
                t.s(&format!("record.{}", f.name)),
                shown.join(", ")
            ))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn timeline(t: &Tr, records: &[StoredRecord]) -> Vec<Entry> {
    records
        .iter()
        .map(|r| Entry {
            id: r.id,
            date: r
                .record
                .date()
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into()),
            kind: t.s(&format!("kind.{}", r.record.kind())).to_owned(),
            text: describe(t, &r.record),
            editable: !matches!(r.record, Record::Closure { .. }),
        })
        .collect()
}

fn client_facts(t: &Tr, c: &Client) -> Vec<(String, String)> {
    let values = client_values(&c.data);
    CLIENT
        .iter()
        .map(|f| {
            let v = values.get(f.name);
            let shown = match f.input {
                Input::Tri if v.is_empty() => t.s("unknown").to_owned(),
                Input::Tri => t.s(v).to_owned(),
                Input::Select(_) if !v.is_empty() => option_label(t, v),
                _ => v.to_owned(),
            };
            (t.s(&format!("client.{}", f.name)).to_owned(), shown)
        })
        .collect()
}

/// One "add" form of the client page.
pub struct AddForm {
    kind: &'static str,
    label: String,
    fields: Vec<FieldView>,
    open: bool,
}

#[derive(Template)]
#[template(path = "client.html")]
struct ClientPage<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    id: i64,
    name: String,
    closed: bool,
    version: i64,
    flash: Option<String>,
    facts: Vec<(String, String)>,
    may_edit: bool,
    may_close: bool,
    may_export: bool,
    /// Whom the client can be assigned to; empty if the caller may not assign.
    users: Vec<(i64, String, bool)>,
    assigned_name: Option<String>,
    share: bool,
    shares: Vec<(i64, String)>,
    register: bool,
    partner_name: Option<String>,
    partners: Vec<(i64, String, bool)>,
    /// Registrations with DT&V, and whether a new one may start.
    verifications: Vec<crate::verification::View>,
    may_start_verification: bool,
    grounds: Vec<(&'static str, String)>,
    progress: crate::progress::Section,
    monitoring: Option<crate::monitoring::Section>,
    extensions: Vec<crate::extension::View>,
    may_ask_extension: bool,
    in_kind: crate::in_kind::Section,
    handouts: Vec<crate::handout::View>,
    may_ask_handout: bool,
    handout_reasons: Vec<&'static str>,
    today: String,
    timeline: Vec<Entry>,
    /// (when, who, from where, what, detail) — newest first.
    history: Vec<[String; 5]>,
    add_forms: Vec<AddForm>,
    close_form: AddForm,
    panel: Option<Panel>,
    not_assessable: String,
}

#[derive(Template)]
#[template(path = "summary.html")]
struct SummaryPage {
    t: Tr,
    name: String,
    today: String,
    facts: Vec<(String, String)>,
    timeline: Vec<Entry>,
    panel: Option<Panel>,
    not_assessable: String,
}

/// One line of the disclosure history: when, who (and their organisation), from where, what, and the
/// fields or page concerned.
fn disclosure_line(t: &Tr, d: &terugkeer_store::Disclosure) -> [String; 5] {
    let detail: serde_json::Value = serde_json::from_str(&d.detail).unwrap_or_default();
    let what = if let Some(w) = detail["what"].as_str() {
        w.to_owned()
    } else if let Some(list) = detail["changes"].as_array() {
        list.iter()
            .filter_map(|c| c["field"].as_str())
            .collect::<Vec<_>>()
            .join(", ")
    } else if let Some(kind) = detail["record"]["kind"].as_str() {
        t.s(&format!("kind.{kind}")).to_owned()
    } else if let Some(outcome) = detail["closure"]["outcome"].as_str() {
        option_label(t, outcome)
    } else {
        String::new()
    };
    let who = if d.who.is_empty() {
        t.s("audit.cli").to_owned()
    } else {
        format!("{} ({})", d.who, d.organisation)
    };
    [
        d.at.get(..16).unwrap_or(&d.at).replace('T', " "),
        who,
        d.address.clone().unwrap_or_default(),
        t.s(&format!("audit.{}", d.action)).to_owned(),
        what,
    ]
}

/// A failed form to show open, with its values and error.
struct Failed<'a> {
    kind: &'a str,
    values: &'a FormData,
    error: &'a FieldError,
}

struct Loaded {
    client: Client,
    records: Vec<StoredRecord>,
    shares: Vec<terugkeer_store::Share>,
    history: Vec<terugkeer_store::Disclosure>,
    assignee: Option<String>,
    /// The regievoerder it is registered with: name and organisation.
    partner: Option<(String, String)>,
    /// The regievoerders to register with (for a role that may).
    partners: Vec<terugkeer_store::PartnerUser>,
    verifications: Vec<terugkeer_store::StoredVerification>,
    reports: Vec<terugkeer_store::Report>,
    next_report: Option<terugkeer_domain::progress::Period>,
    exchanges: Vec<terugkeer_store::Exchange>,
    visits: Vec<terugkeer_store::StoredVisit>,
    extensions: Vec<terugkeer_store::StoredRequest>,
    in_kind: terugkeer_store::Ledger,
    handouts: Vec<terugkeer_store::StoredHandout>,
    attachments: Vec<terugkeer_store::AttachmentInfo>,
    /// The store's word that the caller saw it (the record of the read then skips a second check).
    seen: terugkeer_store::Seen,
    panel: Option<Panel>,
    not_assessable: String,
}

async fn load(st: &AppState, ctx: &Ctx, id: i64) -> Result<Loaded, StoreError> {
    let register = ctx.s.access.may(Action::RegisterWithDtv);
    let file = st
        .store
        .case_file(&ctx.s.access, id, 30, register)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(loaded(st, ctx, file))
}

/// The caller as the session their cookie names was last found (see [`crate::sessions`]), for a page that reads
/// its data and that session in one statement and keeps the page only if the statement found the session
/// unchanged ([`Remembered::holds`]).
struct Remembered {
    ctx: Ctx,
    hash: String,
    info: terugkeer_store::SessionInfo,
}

impl Remembered {
    /// `None` without a remembered session, or if it must first change its password or set up a second factor
    /// (the ordinary way redirects).
    fn of(st: &AppState, headers: &HeaderMap) -> Option<Remembered> {
        let cookie = crate::auth::cookie(headers, crate::auth::SESSION_COOKIE).filter(|v| !v.is_empty())?;
        let hash = crate::auth::secret_hash(cookie);
        let info = st.sessions.get(&hash)?;
        if info.must_change_password || info.needs_totp {
            return None;
        }
        let mut s = info.clone();
        s.access = s.access.from_address(crate::trail::peer_of(headers));
        let t = Tr {
            lang: lang_of(headers),
        };
        Some(Remembered {
            ctx: Ctx { s, t },
            hash,
            info,
        })
    }

    /// The session's id hash and the time to check it at, for the statement.
    fn check(&self, st: &AppState) -> (&str, jiff::Timestamp) {
        (&self.hash, st.now())
    }

    /// The caller, if the statement read the session as remembered (`found`: `None` if it did not, failed, or
    /// found nothing); otherwise the session is forgotten and the page takes the ordinary way, which answers an
    /// ended, expired or changed session — and any error — as it always does.
    fn holds(self, st: &AppState, found: Option<&terugkeer_store::SessionInfo>) -> Option<Ctx> {
        if found == Some(&self.info) {
            return Some(self.ctx);
        }
        st.sessions.forget(&self.hash);
        None
    }
}

/// The client page's file read with the remembered session ([`Remembered`]); `None` (take the ordinary way) if
/// the session is not as remembered, the id is bad, or the client is not visible.
async fn load_remembered(st: &AppState, headers: &HeaderMap, id: &str) -> Option<(Ctx, Loaded)> {
    let r = Remembered::of(st, headers)?;
    // A bad id is the ordinary way's to refuse.
    let id = id.parse::<i64>().ok()?;
    let register = r.ctx.s.access.may(Action::RegisterWithDtv);
    let read = st
        .store
        .case_file_in_session(&r.ctx.s.access, id, 30, register, Some(r.check(st)))
        .await
        .ok()
        .flatten();
    let ctx = r.holds(st, read.as_ref().and_then(|f| f.session.as_ref()))?;
    let file = read?;
    let page = loaded(st, &ctx, file);
    Some((ctx, page))
}

/// The page's view of a file: the assessment panel computed from its facts.
fn loaded(st: &AppState, ctx: &Ctx, file: terugkeer_store::CaseFile) -> Loaded {
    let (client, records) = (file.client, file.records);
    let plain: Vec<Record> = records.iter().map(|r| r.record.clone()).collect();
    let (panel, not_assessable) = match terugkeer_domain::facts::derive(&client.data, &plain, st.today()) {
        Ok(facts) => match terugkeer_rules::assess(&facts, st.store.policy(), ctx.t.lang) {
            Ok(a) => (Some(panel::from_assessment(&a, &ctx.t)), String::new()),
            Err(e) => (None, e.to_string()),
        },
        Err(e) => (None, format!("{}: {}", e.field, e.message)),
    };
    Loaded {
        client,
        records,
        shares: file.shares,
        history: file.history,
        assignee: file.assignee,
        partner: file.partner,
        partners: file.partners.unwrap_or_default(),
        verifications: file.verifications,
        reports: file.reports,
        next_report: file.next_report,
        exchanges: file.exchanges,
        visits: file.visits,
        extensions: file.extensions,
        in_kind: file.in_kind,
        handouts: file.handouts,
        attachments: file.attachments,
        seen: file.seen,
        panel,
        not_assessable,
    }
}

async fn show_client(
    st: &AppState,
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    failed: Option<Failed<'_>>,
    flash: Option<String>,
) -> Response {
    match load(st, ctx, id).await {
        Ok(loaded) => client_response(st, ctx, loaded, status, failed, flash).await,
        Err(e) => store_error(ctx, e),
    }
}

/// The client page of a file already read.
async fn client_response(
    st: &AppState,
    ctx: &Ctx,
    loaded: Loaded,
    status: StatusCode,
    failed: Option<Failed<'_>>,
    flash: Option<String>,
) -> Response {
    let assigned = loaded.client.assigned_to;
    let a = &ctx.s.access;
    // What the caller's role may do here decides which forms the page shows; the store checks again.
    let may = |action| a.may(action);
    let (assign, share, register) = (
        may(Action::AssignCase),
        may(Action::ShareCase),
        may(Action::RegisterWithDtv),
    );
    // The organisation's users only for the coordinator's assign list; others see just the assignee's name
    // (an organisation may have hundreds of caseworkers: sharing asks for a colleague's username).
    let shares = if share { loaded.shares.clone() } else { Vec::new() };
    let users = if assign {
        match st.store.users(ctx.s.tenant()).await {
            Ok(u) => u,
            Err(e) => return store_error(ctx, e),
        }
    } else {
        Vec::new()
    };
    let partners = &loaded.partners;
    let history = &loaded.history;
    let t = ctx.t;
    let c = &loaded.client;
    let partner_name = loaded
        .partner
        .as_ref()
        .map(|(name, organisation)| format!("{name} ({organisation})"));
    let empty = FormData::default();
    let form_for = |kind: &'static str, fields: &[forms::Field]| {
        let (values, error, open) = match &failed {
            Some(f) if f.kind == kind => (f.values, Some(f.error), true),
            _ => (&empty, None, false),
        };
        AddForm {
            kind,
            label: t.s(&format!("kind.{kind}")).to_owned(),
            fields: forms::views(fields, values, error, &t, "record", kind),
            open,
        }
    };
    let add_forms = forms::RECORD_KINDS
        .iter()
        .filter(|k| may(Action::for_record_kind(k)))
        .filter_map(|k| forms::record_fields(k).map(|f| form_for(k, f)))
        .collect();
    let mut timeline = timeline(&t, &loaded.records);
    for (e, r) in timeline.iter_mut().zip(&loaded.records) {
        e.editable &= may(Action::for_record_kind(r.record.kind()));
    }
    // Who read it, for the audit of reads around the router (it would otherwise look the session up again).
    let mut response = render(
        status,
        &ClientPage {
            t,
            user: Some(&ctx.s),
            csrf: &ctx.s.csrf,
            id: c.id,
            name: format!("{}, {}", c.data.family_name, c.data.given_names),
            closed: c.status == "closed",
            version: c.version,
            flash,
            facts: client_facts(&t, c),
            may_edit: may(Action::EditCase),
            may_close: may(Action::CloseCase),
            may_export: may(Action::ExportCase),
            users: if assign {
                users
                    .iter()
                    .filter(|u| matches!(u.role.as_str(), "caseworker" | "coordinator"))
                    .map(|u| (u.id, u.display_name.clone(), Some(u.id) == assigned))
                    .collect()
            } else {
                Vec::new()
            },
            assigned_name: loaded.assignee.clone(),
            share,
            shares: shares
                .iter()
                .map(|x| (x.user_id, x.display_name.clone()))
                .collect(),
            register,
            partner_name,
            partners: partners
                .iter()
                .map(|p| {
                    (
                        p.id,
                        format!("{} ({})", p.display_name, p.organisation),
                        Some(p.id) == c.partner_id,
                    )
                })
                .collect(),
            verifications: loaded
                .verifications
                .iter()
                .map(|v| crate::verification::View::of(v, &ctx.s, st.today()))
                .collect(),
            may_start_verification: crate::verification::may_start(&loaded.verifications, &ctx.s),
            grounds: crate::verification::grounds(),
            progress: crate::progress::Section::of(
                &loaded.reports,
                loaded.next_report,
                &loaded.exchanges,
                &ctx.s,
                st.today(),
            ),
            extensions: loaded
                .extensions
                .iter()
                .map(|r| crate::extension::View::of(r, &ctx.s))
                .collect(),
            may_ask_extension: c.status != "closed" && may(Action::EditCase),
            in_kind: crate::in_kind::Section::of(
                &loaded.in_kind,
                &loaded.attachments,
                c.status == "closed",
                &ctx.s,
            ),
            handouts: loaded
                .handouts
                .iter()
                .map(|h| crate::handout::View::of(h, &loaded.attachments, &ctx.s))
                .collect(),
            may_ask_handout: crate::handout::may_ask(&ctx.s, c.status == "closed"),
            handout_reasons: crate::handout::reasons(),
            monitoring: {
                let departed = terugkeer_store::departed_on(&loaded.records);
                let moments = departed
                    .map(|d| st.store.monitoring_moments(d))
                    .unwrap_or_default();
                crate::monitoring::Section::of(departed, &moments, &loaded.visits, &ctx.s, &t)
            },
            today: st.today().to_string(),
            timeline,
            history: history.iter().map(|h| disclosure_line(&t, h)).collect(),
            add_forms,
            close_form: form_for("closure", forms::CLOSURE),
            panel: loaded.panel,
            not_assessable: loaded.not_assessable,
        },
    );
    response.extensions_mut().insert(loaded.seen);
    response
}

/// The client page again with the failed form of `kind` open, its values and the error beside the field.
async fn show_failed(
    st: &AppState,
    ctx: &Ctx,
    id: i64,
    kind: &str,
    form: &FormData,
    error: &FieldError,
) -> Response {
    let failed = Failed {
        kind,
        values: form,
        error,
    };
    let flash = Some(ctx.t.s("error.fix").into());
    show_client(st, ctx, id, StatusCode::UNPROCESSABLE_ENTITY, Some(failed), flash).await
}

async fn client_page(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    early: Option<Extension<crate::trail::EarlyRead>>,
) -> Response {
    let (ctx, loaded) = match load_remembered(&st, &headers, &id).await {
        Some(x) => x,
        None => {
            let ctx = match st.page(&headers).await {
                Ok(c) => c,
                Err(r) => return r,
            };
            let id = match parse_id(&ctx, &id) {
                Ok(id) => id,
                Err(r) => return r,
            };
            match load(&st, &ctx, id).await {
                Ok(x) => (ctx, x),
                Err(e) => return store_error(&ctx, e),
            }
        }
    };
    // The record of the read is written while the page is built, not after: the reader waits for the
    // slower of the two instead of both.
    if let Some(Extension(early)) = early {
        early.start(&st, loaded.seen);
    }
    client_response(&st, &ctx, loaded, StatusCode::OK, None, None).await
}

async fn summary(State(st): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let (ctx, id) = match st.page_about(&headers, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let loaded = match load(&st, &ctx, id).await {
        Ok(l) => l,
        Err(e) => return store_error(&ctx, e),
    };
    let t = ctx.t;
    render(
        StatusCode::OK,
        &SummaryPage {
            t,
            name: format!(
                "{}, {}",
                loaded.client.data.family_name, loaded.client.data.given_names
            ),
            today: st.today().to_string(),
            facts: client_facts(&t, &loaded.client),
            timeline: timeline(&t, &loaded.records),
            panel: loaded.panel,
            not_assessable: loaded.not_assessable,
        },
    )
}

/// An access request's export: everything stored about the client (GDPR art. 15), as JSON.
async fn export_json(State(st): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let (ctx, id) = match st.page_about(&headers, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match st.store.access_request(&ctx.s.access, id, st.now()).await {
        Ok(v) => (
            [
                (header::CONTENT_TYPE, "application/json".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"client-{id}.json\""),
                ),
            ],
            v.to_string(),
        )
            .into_response(),
        Err(e) => store_error(&ctx, e),
    }
}

/// The same export as a PDF to hand to the client: the JSON's fields as readable lines.
async fn export_pdf(State(st): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let (ctx, id) = match st.page_about(&headers, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let v = match st.store.access_request(&ctx.s.access, id, st.now()).await {
        Ok(v) => v,
        Err(e) => return store_error(&ctx, e),
    };
    let mut lines = Vec::new();
    crate::pdf::flatten(&v, "", &mut lines);
    let title = format!("{} {id}", ctx.t.s("export.title"));
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"client-{id}.pdf\""),
            ),
        ],
        crate::pdf::text_document(&title, &lines),
    )
        .into_response()
}

async fn add_record(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let (ctx, form, id) = match st.form_about(&headers, &body, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let kind = form.get("kind").to_owned();
    let record = match forms::record_from_form(&kind, &form) {
        Ok(r) if kind != "closure" => r,
        Ok(_) => {
            let e = FieldError::new("kind", "a case is closed with the close form");
            return error_page(ctx.t, Some(&ctx.s), StatusCode::UNPROCESSABLE_ENTITY, e.message);
        }
        Err(e) => {
            return show_failed(&st, &ctx, id, &kind, &form, &e).await;
        }
    };
    match st.store.add_record(&ctx.s.access, id, &record, st.now()).await {
        Ok(_) => Redirect::to(&format!("/clients/{id}#timeline-title")).into_response(),
        Err(StoreError::Input(i)) => {
            let e = FieldError::new(i.field, i.message);
            show_failed(&st, &ctx, id, &kind, &form, &e).await
        }
        Err(e) => store_error(&ctx, e),
    }
}

async fn close_client(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let (ctx, form, id) = match st.form_about(&headers, &body, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let closure = match forms::record_from_form("closure", &form) {
        Ok(r) => r,
        Err(e) => {
            return show_failed(&st, &ctx, id, "closure", &form, &e).await;
        }
    };
    let version = version_of(&form).unwrap_or(0);
    match st
        .store
        .close_client(&ctx.s.access, id, version, &closure, st.now())
        .await
    {
        Ok(_) => Redirect::to(&format!("/clients/{id}")).into_response(),
        Err(StoreError::Stale { .. }) => {
            show_client(
                &st,
                &ctx,
                id,
                StatusCode::CONFLICT,
                None,
                Some(ctx.t.s("error.stale").into()),
            )
            .await
        }
        // An impossible closing (already closed, a departure without destination, …): beside the field.
        Err(StoreError::Input(i)) => {
            let e = FieldError::new(i.field, i.message);
            show_failed(&st, &ctx, id, "closure", &form, &e).await
        }
        Err(e) => store_error(&ctx, e),
    }
}

async fn assign_client(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let (ctx, form, id) = match st.form_about(&headers, &body, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let user = match form.get("assigned_to") {
        "" => None,
        v => match v.parse() {
            Ok(u) => Some(u),
            Err(_) => {
                return show_client(
                    &st,
                    &ctx,
                    id,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    None,
                    Some("assigned_to: unknown user".into()),
                )
                .await;
            }
        },
    };
    let version = version_of(&form).unwrap_or(0);
    let done = st
        .store
        .assign_client(&ctx.s.access, id, version, user, st.now())
        .await
        .map(|_| ());
    client_action_done(&st, &ctx, id, done).await
}

/// The answer to an action on the client page: back to the page, or the page with what went wrong (a
/// stale version, a refused value).
pub(crate) async fn client_action_done(
    st: &AppState,
    ctx: &Ctx,
    id: i64,
    done: Result<(), StoreError>,
) -> Response {
    match done {
        Ok(()) => Redirect::to(&format!("/clients/{id}")).into_response(),
        Err(StoreError::Stale { .. }) => {
            show_client(
                st,
                ctx,
                id,
                StatusCode::CONFLICT,
                None,
                Some(ctx.t.s("error.stale").into()),
            )
            .await
        }
        Err(StoreError::Input(i)) => {
            show_client(
                st,
                ctx,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(format!("{}: {}", i.field, ctx.t.message(&i.message))),
            )
            .await
        }
        Err(e) => store_error(ctx, e),
    }
}

/// Shares the client with a colleague (`user_id`), or stops sharing (`stop=1`).
async fn share_client(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let (ctx, form, id) = match st.form_about(&headers, &body, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    // By id (the stop buttons) or by username (the share form); an unknown username gets the same answer as
    // one of another organisation, so the form tells nothing about other organisations' users.
    let user = match form.get("user_id").parse::<i64>() {
        Ok(u) => Ok(Some(u)),
        Err(_) => st
            .store
            .user_by_username(form.get("username"))
            .await
            .map(|u| u.map(|u| u.id)),
    };
    let done = match user {
        Ok(Some(user)) => {
            st.store
                .share_client(&ctx.s.access, id, user, form.get("stop") != "1", st.now())
                .await
        }
        Ok(None) => Err(StoreError::Input(terugkeer_domain::client::InputError {
            field: "user_id",
            message: "is not a caseworker of this organisation".into(),
        })),
        Err(e) => Err(e),
    };
    client_action_done(&st, &ctx, id, done).await
}

/// Registers the client's trajectory with a DT&V regievoerder (`partner_id`), or withdraws it (empty).
async fn register_with_dtv(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let (ctx, form, id) = match st.form_about(&headers, &body, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let partner = match form.get("partner_id") {
        "" => Ok(None),
        v => v.parse::<i64>().map(Some).map_err(|_| {
            StoreError::Input(terugkeer_domain::client::InputError {
                field: "partner_id",
                message: "is not a DT&V regievoerder".into(),
            })
        }),
    };
    let version = version_of(&form).unwrap_or(0);
    let done = match partner {
        Ok(p) => st
            .store
            .register_with_dtv(&ctx.s.access, id, version, p, st.now())
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    client_action_done(&st, &ctx, id, done).await
}

#[derive(Template)]
#[template(path = "record_form.html")]
struct RecordForm<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    client_id: i64,
    client_name: String,
    record_id: i64,
    kind_label: String,
    version: i64,
    fields: Vec<FieldView>,
    stale: bool,
    has_error: bool,
}

#[allow(clippy::too_many_arguments)]
async fn record_form(
    st: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    client_id: i64,
    rec: &StoredRecord,
    values: Option<&FormData>,
    error: Option<&FieldError>,
    stale: bool,
) -> Response {
    let client = match st.store.client(&ctx.s.access, client_id).await {
        Ok(Some(c)) => c,
        Ok(None) => return store_error(ctx, StoreError::NotFound),
        Err(e) => return store_error(ctx, e),
    };
    let kind = rec.record.kind();
    let fields = forms::record_fields(kind).unwrap_or_default();
    let stored = forms::values_of(fields, &serde_json::to_value(&rec.record).unwrap_or_default());
    render(
        status,
        &RecordForm {
            t: ctx.t,
            user: Some(&ctx.s),
            csrf: &ctx.s.csrf,
            client_id,
            client_name: format!("{}, {}", client.data.family_name, client.data.given_names),
            record_id: rec.id,
            kind_label: ctx.t.s(&format!("kind.{kind}")).to_owned(),
            version: rec.version,
            fields: forms::views(fields, values.unwrap_or(&stored), error, &ctx.t, "record", "edit"),
            stale,
            has_error: error.is_some(),
        },
    )
}

/// The record `rid` if it belongs to client `id` (else not found: ids of other files are not guessable
/// into this one).
async fn record_of(st: &AppState, ctx: &Ctx, id: i64, rid: i64) -> Result<StoredRecord, Response> {
    match st.store.record(&ctx.s.access, rid).await {
        Ok(Some(r)) if r.client_id == id && !matches!(r.record, Record::Closure { .. }) => {
            // Seen, but perhaps not the caller's to change (a partner and a caseworker's record).
            if ctx.s.access.may(Action::for_record_kind(r.record.kind())) {
                Ok(r)
            } else {
                Err(forbidden(ctx))
            }
        }
        Ok(_) => Err(store_error(ctx, StoreError::NotFound)),
        Err(e) => Err(store_error(ctx, e)),
    }
}

async fn edit_record(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((id, rid)): Path<(String, String)>,
) -> Response {
    let ctx = match st.page(&headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (id, rid) = match (parse_id(&ctx, &id), parse_id(&ctx, &rid)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    match record_of(&st, &ctx, id, rid).await {
        Ok(rec) => record_form(&st, &ctx, StatusCode::OK, id, &rec, None, None, false).await,
        Err(r) => r,
    }
}

async fn update_record(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path((id, rid)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let (ctx, form) = match st.form(&headers, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (id, rid) = match (parse_id(&ctx, &id), parse_id(&ctx, &rid)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let rec = match record_of(&st, &ctx, id, rid).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let record = match forms::record_from_form(rec.record.kind(), &form) {
        Ok(r) => r,
        Err(e) => {
            return record_form(
                &st,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                id,
                &rec,
                Some(&form),
                Some(&e),
                false,
            )
            .await;
        }
    };
    let version = version_of(&form).unwrap_or(0);
    match st
        .store
        .update_record(&ctx.s.access, rid, version, &record, st.now())
        .await
    {
        Ok(_) => Redirect::to(&format!("/clients/{id}#timeline-title")).into_response(),
        Err(StoreError::Stale { .. }) => match record_of(&st, &ctx, id, rid).await {
            Ok(now) => record_form(&st, &ctx, StatusCode::CONFLICT, id, &now, None, None, true).await,
            Err(r) => r,
        },
        Err(StoreError::Input(i)) => {
            let e = FieldError::new(i.field, i.message);
            record_form(
                &st,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                id,
                &rec,
                Some(&form),
                Some(&e),
                false,
            )
            .await
        }
        Err(e) => store_error(&ctx, e),
    }
}
