//! The user's own account: changing the password (forced when someone else set it), and the second factor
//! (TOTP) — set up, switched off, and, for a coordinator, required of the organisation's coordinators and
//! partners. Until a forced change or a required second factor is done, every other page leads here.
//! Also the user's API tokens: made here with a role among those theirs may hand on (`Role::token_scopes`)
//! and a lifetime of at most 366 days, shown once, revoked here.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use terugkeer_store::{ApiToken, NewToken, Role, SessionInfo, StoreError};

use super::totp;
use crate::kit::error::store_error;
use crate::kit::extract::{AnyCtx, CsrfForm, Ctx};
use crate::kit::i18n::Tr;
use crate::kit::render::render;
use crate::kit::security as auth;
use crate::kit::state::AppState;

/// The shortest password anyone may choose (as `terugkeer user password`).
pub(crate) const MIN_PASSWORD: usize = 12;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/account", get(account))
        .route("/account/password", post(change_password))
        .route("/account/totp", post(enable_totp))
        .route("/account/totp/off", post(disable_totp))
        .route("/account/require-totp", post(require_totp))
        .route("/account/tokens", post(create_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
        .route("/account/calendar", post(new_calendar))
        .route("/account/calendar/off", post(revoke_calendar))
        .route("/calendar/{secret}", get(calendar_feed))
}

/// How long a token made here lives unless the user says otherwise, and at most.
const TOKEN_DAYS: i64 = 90;
const TOKEN_MAX_DAYS: i64 = 366;

#[derive(Template)]
#[template(path = "auth/account.html")]
struct AccountPage<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    flash: Option<String>,
    must_change: bool,
    needs_totp: bool,
    totp_on: bool,
    /// A fresh secret to set up with, and its otpauth address.
    setup: Option<(String, String)>,
    coordinator: bool,
    org_requires: bool,
    /// The user's tokens, newest first.
    tokens: Vec<TokenView>,
    /// The roles the user may give a token.
    scopes: &'static [Role],
    /// A token just made, shown this once.
    new_token: Option<String>,
    /// Whether a calendar address is live, and one just made (shown this once).
    calendar_on: bool,
    new_calendar: Option<String>,
    token_days: i64,
}

/// A token as the account page lists it.
struct TokenView {
    id: i64,
    name: String,
    /// Key of the role's name.
    role: &'static str,
    /// Days (Europe/Amsterdam) made and expiring.
    created: String,
    expires: String,
    /// Key of its status: active, revoked, expired.
    status: &'static str,
    active: bool,
}

impl TokenView {
    fn of(k: ApiToken, now: jiff::Timestamp) -> TokenView {
        let when = |s: &str| s.parse::<jiff::Timestamp>().ok();
        let day = |s: &str| when(s).map_or_else(|| s.to_owned(), |t| terugkeer_store::day_of(t).to_string());
        let status = if k.revoked_at.is_some() {
            "account.token_revoked"
        } else if when(&k.expires_at).is_none_or(|e| e <= now) {
            "account.token_expired"
        } else {
            "account.token_active"
        };
        TokenView {
            id: k.id,
            role: Role::parse(&k.role).map_or("account.token_role", Role::label_key),
            created: day(&k.created_at),
            expires: day(&k.expires_at),
            status,
            active: status == "account.token_active",
            name: k.name,
        }
    }
}

async fn account(State(st): State<AppState>, AnyCtx(ctx): AnyCtx) -> Response {
    show(&st, &ctx, StatusCode::OK, None).await
}

async fn show(st: &AppState, ctx: &Ctx, status: StatusCode, flash: Option<String>) -> Response {
    show_with(st, ctx, status, flash, None).await
}

/// What the account page shows once: a new token or a new calendar address.
enum Once {
    Token(String),
    Calendar(String),
}

async fn show_with(
    st: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    flash: Option<String>,
    once: Option<Once>,
) -> Response {
    let user = match st.store.user(ctx.s.tenant(), ctx.s.user_id).await {
        Ok(Some(u)) => u,
        Ok(None) => return store_error(ctx, StoreError::NotFound),
        Err(e) => return store_error(ctx, e),
    };
    let org_requires = match st.store.requires_totp(ctx.s.tenant().id()).await {
        Ok(r) => r,
        Err(e) => return store_error(ctx, e),
    };
    let now = st.now();
    let tokens = match st.store.tokens(ctx.s.tenant(), ctx.s.user_id).await {
        Ok(list) => list.into_iter().rev().map(|k| TokenView::of(k, now)).collect(),
        Err(e) => return store_error(ctx, e),
    };
    let calendar_on = match st.store.has_calendar_feed(&ctx.s.access).await {
        Ok(b) => b,
        Err(e) => return store_error(ctx, e),
    };
    let (new_token, new_calendar) = match once {
        Some(Once::Token(t)) => (Some(t), None),
        Some(Once::Calendar(c)) => (None, Some(c)),
        None => (None, None),
    };
    let totp_on = user.totp_secret.is_some();
    let setup = if totp_on {
        None
    } else {
        match totp::new_secret() {
            Ok(secret) => Some((totp::uri(&ctx.s.username, &secret), secret)),
            Err(e) => return store_error(ctx, StoreError::Corrupt(e.to_string())),
        }
    };
    render(
        status,
        &AccountPage {
            t: ctx.t,
            user: Some(&ctx.s),
            csrf: &ctx.s.csrf,
            flash,
            must_change: ctx.s.must_change_password,
            needs_totp: ctx.s.needs_totp,
            totp_on,
            setup,
            coordinator: ctx.s.role == Role::Coordinator,
            org_requires,
            tokens,
            scopes: ctx.s.role.token_scopes(),
            new_token,
            calendar_on,
            new_calendar,
            token_days: TOKEN_DAYS,
        },
    )
}

/// The stored password hash of the caller, checked against `password`.
async fn password_ok(st: &AppState, ctx: &Ctx, password: &str) -> Result<bool, StoreError> {
    let user = st.store.user(ctx.s.tenant(), ctx.s.user_id).await?;
    Ok(user
        .and_then(|u| u.password_hash)
        .is_some_and(|h| auth::verify_password(password, &h)))
}

async fn change_password(
    State(st): State<AppState>,
    AnyCtx(ctx): AnyCtx,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm,
) -> Response {
    let t = ctx.t;
    let new = form.get("new_password");
    let refusal = match password_ok(&st, &ctx, form.get("current_password")).await {
        Err(e) => return store_error(&ctx, e),
        Ok(false) => Some(format!(
            "{}: {}",
            t.field("current_password"),
            t.s("account.wrong_password")
        )),
        Ok(true) if new.chars().count() < MIN_PASSWORD => Some(format!(
            "{}: {}",
            t.field("new_password"),
            t.s("account.too_short")
        )),
        Ok(true) if new == form.get("current_password") => Some(format!(
            "{}: {}",
            t.field("new_password"),
            t.s("account.same_password")
        )),
        Ok(true) if new != form.get("repeat_password") => Some(format!(
            "{}: {}",
            t.field("repeat_password"),
            t.s("account.no_match")
        )),
        Ok(true) => None,
    };
    if let Some(msg) = refusal {
        return show(&st, &ctx, StatusCode::UNPROCESSABLE_ENTITY, Some(msg)).await;
    }
    let hash = match auth::hash_password(new) {
        Ok(h) => h,
        Err(e) => return store_error(&ctx, StoreError::Corrupt(e.to_string())),
    };
    let keep = auth::cookie(&headers, auth::SESSION_COOKIE)
        .map(auth::secret_hash)
        .unwrap_or_default();
    match st
        .store
        .change_password(ctx.s.user_id, &hash, &keep, st.now())
        .await
    {
        Ok(()) => Redirect::to("/account?changed=1").into_response(),
        Err(e) => store_error(&ctx, e),
    }
}

/// Sets up the second factor with a secret and a code it makes. A secret under 160 bits is refused (an empty
/// one gave codes anyone could compute); replacing a secret already set needs the password and a current code of
/// the old one, so a stolen session cannot move the second factor to the thief's phone.
async fn enable_totp(State(st): State<AppState>, AnyCtx(ctx): AnyCtx, CsrfForm(form): CsrfForm) -> Response {
    let secret = form.get("secret");
    let unix = st.now().as_second();
    let refuse = |field: &str, key: &str| {
        let msg = format!("{field}: {}", ctx.t.s(key));
        show(&st, &ctx, StatusCode::UNPROCESSABLE_ENTITY, Some(msg))
    };
    if !totp::strong_enough(secret) {
        return refuse("secret", "account.weak_secret").await;
    }
    let current = match st.store.user(ctx.s.tenant(), ctx.s.user_id).await {
        Ok(u) => u.and_then(|u| u.totp_secret),
        Err(e) => return store_error(&ctx, e),
    };
    if let Some(old) = current {
        let password = match password_ok(&st, &ctx, form.get("password")).await {
            Ok(ok) => ok,
            Err(e) => return store_error(&ctx, e),
        };
        if !password || totp::matching_step(&old, form.get("current_code"), unix).is_none() {
            return refuse("current_code", "account.rekey_needs").await;
        }
    }
    let Some(step) = totp::matching_step(secret, form.get("code"), unix) else {
        return refuse("code", "account.wrong_code").await;
    };
    let done = async {
        st.store.set_totp(ctx.s.user_id, Some(secret)).await?;
        st.store.use_totp_step(ctx.s.user_id, step).await
    };
    match done.await {
        Ok(_) => Redirect::to("/account").into_response(),
        Err(e) => store_error(&ctx, e),
    }
}

async fn disable_totp(State(st): State<AppState>, AnyCtx(ctx): AnyCtx, CsrfForm(form): CsrfForm) -> Response {
    let required = matches!(ctx.s.role, Role::Coordinator | Role::Partner)
        && st.store.requires_totp(ctx.s.tenant().id()).await.unwrap_or(true);
    let refusal = match password_ok(&st, &ctx, form.get("password")).await {
        Err(e) => return store_error(&ctx, e),
        Ok(false) => Some(format!(
            "{}: {}",
            ctx.t.field("password"),
            ctx.t.s("account.wrong_password")
        )),
        Ok(true) if required => Some(ctx.t.s("account.totp_required").to_owned()),
        Ok(true) => None,
    };
    if let Some(msg) = refusal {
        return show(&st, &ctx, StatusCode::UNPROCESSABLE_ENTITY, Some(msg)).await;
    }
    match st.store.set_totp(ctx.s.user_id, None).await {
        Ok(()) => Redirect::to("/account").into_response(),
        Err(e) => store_error(&ctx, e),
    }
}

async fn require_totp(State(st): State<AppState>, ctx: Ctx, CsrfForm(form): CsrfForm) -> Response {
    let on = form.get("on") == "1";
    match st
        .store
        .set_requires_totp(&ctx.s.access, ctx.s.tenant().id(), on)
        .await
    {
        Ok(()) => Redirect::to("/account").into_response(),
        Err(e) => store_error(&ctx, e),
    }
}

/// Makes a token for the caller and shows it once (the page is not a redirect, so that a reload does not
/// show it again: the browser would ask before posting twice, and a second post makes a second token).
async fn create_token(State(st): State<AppState>, ctx: Ctx, CsrfForm(form): CsrfForm) -> Response {
    let t = ctx.t;
    let refuse = |msg: String| show(&st, &ctx, StatusCode::UNPROCESSABLE_ENTITY, Some(msg));
    let days = match form.get("days").trim().parse::<i64>() {
        Ok(d) if (1..=TOKEN_MAX_DAYS).contains(&d) => d,
        _ => {
            return refuse(format!(
                "{}: {}",
                t.field("days"),
                t.s("account.token_days_range")
            ))
            .await;
        }
    };
    let Some(role) = Role::parse(form.get("role")) else {
        return refuse(format!(
            "{}: {}",
            t.field("role"),
            t.s("account.token_role_invalid")
        ))
        .await;
    };
    let token = match auth::random_token(32) {
        Ok(k) => k,
        Err(e) => return store_error(&ctx, StoreError::Corrupt(e.to_string())),
    };
    let now = st.now();
    let Ok(expires) = now.checked_add(jiff::SignedDuration::from_hours(days * 24)) else {
        return refuse(format!(
            "{}: {}",
            t.field("days"),
            t.s("account.token_days_range")
        ))
        .await;
    };
    let hash = auth::secret_hash(&token);
    let new = NewToken {
        user_id: ctx.s.user_id,
        name: form.get("name"),
        token_hash: &hash,
        role: Some(role),
        expires,
    };
    match st
        .store
        .create_token(ctx.s.tenant(), Some(&ctx.s.access), &new, now)
        .await
    {
        Ok(_) => show_with(&st, &ctx, StatusCode::CREATED, None, Some(Once::Token(token))).await,
        Err(StoreError::Input(e)) => refuse(ctx.t.refusal(e.field, &e.message)).await,
        Err(e) => store_error(&ctx, e),
    }
}

async fn revoke_token(State(st): State<AppState>, ctx: Ctx, Path(id): Path<i64>, _: CsrfForm) -> Response {
    match st.store.revoke_token(&ctx.s.access, id, st.now()).await {
        Ok(()) => Redirect::to("/account").into_response(),
        Err(e) => store_error(&ctx, e),
    }
}

/// Makes a new calendar address (revoking the old) and shows it once, absolute, for a calendar program.
async fn new_calendar(State(st): State<AppState>, ctx: Ctx, headers: HeaderMap, _: CsrfForm) -> Response {
    let secret = match auth::random_token(32) {
        Ok(k) => k,
        Err(e) => return store_error(&ctx, StoreError::Corrupt(e.to_string())),
    };
    if let Err(e) = st
        .store
        .new_calendar_feed(&ctx.s.access, &auth::secret_hash(&secret), st.now())
        .await
    {
        return store_error(&ctx, e);
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if st.secure_cookies { "https" } else { "http" };
    let url = format!("{scheme}://{host}/calendar/{secret}.ics");
    show_with(&st, &ctx, StatusCode::CREATED, None, Some(Once::Calendar(url))).await
}

async fn revoke_calendar(State(st): State<AppState>, ctx: Ctx, _: CsrfForm) -> Response {
    match st.store.revoke_calendar_feed(&ctx.s.access, st.now()).await {
        Ok(()) => Redirect::to("/account").into_response(),
        Err(e) => store_error(&ctx, e),
    }
}

/// The calendar feed (iCalendar) at a secret address: no login (calendar programs have none), no client
/// names; unknown or revoked addresses are 404.
async fn calendar_feed(State(st): State<AppState>, Path(secret): Path<String>) -> Response {
    let secret = secret.strip_suffix(".ics").unwrap_or(&secret);
    let now = st.now();
    match st
        .store
        .calendar_events(&auth::secret_hash(secret), st.today(), now)
        .await
    {
        Ok(Some((name, events))) => {
            let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
            let body = terugkeer_domain::calendar::feed(&format!("terugkeer — {name}"), &stamp, &events);
            (
                [
                    (axum::http::header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                    (axum::http::header::CACHE_CONTROL, "private, max-age=900"),
                ],
                body,
            )
                .into_response()
        }
        Ok(None) => (StatusCode::NOT_FOUND, "not found").into_response(),
        Err(e) => crate::kit::error::ApiError::internal(e).into_response(),
    }
}
