//! Logging in and out, the language switch, and the start page. Logging in checks the throttle (failures per
//! account and per address in a window), the password (against a fixed hash when the user is unknown, so both
//! answers take the same time) and the second factor for whoever set one up; then it starts a session.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use terugkeer_store::{LoginTry, SessionInfo, StoreError};

use crate::kit::blocking;
use crate::kit::error::PageError;
use crate::kit::extract::{AnyCtx, Asker, CsrfForm, Ctx, Lang};
use crate::kit::form::FormData;
use crate::kit::i18n::Tr;
use crate::kit::render::render;
use crate::kit::security::{self, LANG_COOKIE};
use crate::kit::state::AppState;

/// The start page: the dashboard for whoever is logged in (the extractor sends anyone else to log in).
pub(super) async fn home(_: Ctx) -> Response {
    Redirect::to("/dashboard").into_response()
}

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    error: Option<String>,
    username: String,
}

pub(super) async fn login_form(State(st): State<AppState>, Lang(t): Lang) -> Response {
    fresh_form(&st, t, StatusCode::OK, None, String::new())
}

/// The login form with a new anti-forgery token in its hidden field and in the login cookie.
fn fresh_form(st: &AppState, t: Tr, status: StatusCode, error: Option<String>, username: String) -> Response {
    let Ok(token) = security::random_token(32) else {
        return PageError::internal(t, None, "random source").into_response();
    };
    let page = render(
        status,
        &LoginPage {
            t,
            user: None,
            csrf: &token,
            error,
            username,
        },
    );
    (
        [(
            header::SET_COOKIE,
            security::login_cookie(&token, st.secure_cookies),
        )],
        page,
    )
        .into_response()
}

pub(super) async fn login(
    State(st): State<AppState>,
    asker: Asker,
    body: Bytes,
) -> Result<Response, PageError> {
    let t = asker.tr();
    let form = FormData::parse(&body).unwrap_or_default();
    let username = form.get("username").to_owned();
    // The form's token must be the one its cookie holds (login CSRF, `security::LOGIN_COOKIE`): checked before
    // anything is counted or tried, and answered with a new form, the username kept.
    let cookie = security::cookie(&asker.headers, security::LOGIN_COOKIE).unwrap_or_default();
    if !security::same_secret(cookie, form.get("csrf")) {
        let error = Some(t.s("error.login_expired").into());
        return Ok(fresh_form(&st, t, StatusCode::FORBIDDEN, error, username));
    }
    let token = form.get("csrf").to_owned();
    let address = asker.peer.map(|ip| ip.to_string());
    let internal = |e: StoreError| PageError::internal(t, None, e);
    let now = st.now();
    let refuse = |status, key: &str| {
        render(
            status,
            &LoginPage {
                t,
                user: None,
                csrf: &token,
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
    // The attempt is counted (as failed, until it succeeds) in the same transaction that checks the limits,
    // so concurrent attempts cannot all pass the check before any is recorded.
    let limits = (MAX_ACCOUNT_FAILURES, MAX_ADDRESS_FAILURES);
    let attempt = match st
        .store
        .try_login(&username, address.as_deref(), window, now, limits)
        .await
        .map_err(internal)?
    {
        LoginTry::Refused => return Ok(refuse(StatusCode::TOO_MANY_REQUESTS, "error.throttled")),
        LoginTry::Allowed(id) => id,
    };
    let user = st.store.user_by_username(&username).await.map_err(internal)?;
    // Verify against a fixed hash when the user is unknown, so both answers take the same time.
    const DUMMY: &str =
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2c5Ipv/5OKo5q2CJfsJ9wQ6VQJrdlqAbtdpRKqbJXDY";
    let stored = user
        .as_ref()
        .map_or(Some(DUMMY.to_owned()), |u| u.password_hash.clone());
    let password = form.get("password").to_owned();
    // Argon2 takes tens of milliseconds of CPU: on the blocking pool, a few at a time, never on the threads
    // that answer every other request.
    let matched = blocking::run(move || stored.is_some_and(|h| security::verify_password(&password, &h)))
        .await
        .map_err(|e| PageError::internal(t, None, e))?;
    let ok = user.is_some() && matched;
    // The second factor, for whoever set one up: a code of this step or a neighbour, not used before.
    let ok = match (&user, ok) {
        (Some(u), true) => match &u.totp_secret {
            None => true,
            Some(secret) => totp_matches(&st, u.id, secret, form.get("code"))
                .await
                .map_err(internal)?,
        },
        _ => false,
    };
    if ok {
        st.store.login_succeeded(attempt).await.map_err(internal)?;
    }
    let Some(user) = user.filter(|_| ok) else {
        return Ok(refuse(StatusCode::UNAUTHORIZED, "error.login"));
    };
    let random = || security::random_token(32).map_err(|e| PageError::internal(t, None, e));
    let (id, csrf) = (random()?, random()?);
    let expires = now
        .checked_add(jiff::SignedDuration::from_hours(st.session_hours))
        .unwrap_or(now);
    st.store
        .create_session(&user, &security::secret_hash(&id), &csrf, t.code(), now, expires)
        .await
        .map_err(internal)?;
    let cookie = security::session_cookie(&id, st.secure_cookies, st.session_hours * 3600);
    let done = security::login_cookie("", st.secure_cookies);
    Ok((
        AppendHeaders([(header::SET_COOKIE, cookie), (header::SET_COOKIE, done)]),
        Redirect::to("/dashboard"),
    )
        .into_response())
}

/// Login throttling: how many failed attempts, over how long a window.
const THROTTLE_MINUTES: i64 = 15;
const MAX_ACCOUNT_FAILURES: i64 = 5;
const MAX_ADDRESS_FAILURES: i64 = 20;

/// Whether `code` is the user's current second-factor code, claiming its time step.
async fn totp_matches(st: &AppState, user_id: i64, secret: &str, code: &str) -> Result<bool, StoreError> {
    match super::totp::matching_step(secret, code, st.now().as_second()) {
        Some(step) => st.store.use_totp_step(user_id, step).await,
        None => Ok(false),
    }
}

/// Ends the session (a form post with the session's token: a forged page cannot log anyone out).
pub(super) async fn logout(
    State(st): State<AppState>,
    _: AnyCtx,
    headers: HeaderMap,
    _: CsrfForm,
) -> Response {
    if let Some(id) = security::cookie(&headers, security::SESSION_COOKIE) {
        let hash = security::secret_hash(id);
        // The client page would find the session ended anyway (it checks in its own statement).
        st.sessions.forget(&hash);
        if let Err(e) = st.store.end_session(&hash, st.now()).await {
            tracing::error!(error = %e, "ending a session failed");
        }
    }
    (
        [(
            header::SET_COOKIE,
            security::clear_session_cookie(st.secure_cookies),
        )],
        Redirect::to("/login"),
    )
        .into_response()
}

/// Sets the language cookie and goes back to the page the user came from.
pub(super) async fn set_lang(Path(code): Path<String>, headers: HeaderMap) -> Response {
    let code = if code == "en" { "en" } else { "nl" };
    // Back to the page the user came from, if it was ours.
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.find("://").map(|i| &r[i + 3..]))
        .and_then(|r| r.find('/').map(|i| r[i..].to_owned()))
        // A path of this site only: not `//host` nor `/\host` (which browsers read as another host).
        .filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
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
