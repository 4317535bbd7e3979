//! The user's own account: changing the password (forced when someone else set it), and the second factor
//! (TOTP) — set up, switched off, and, for a coordinator, required of the organisation's coordinators and
//! partners. Until a forced change or a required second factor is done, every other page leads here.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use terugkeer_store::{Role, SessionInfo, StoreError};

use crate::i18n::Tr;
use crate::pages::{Ctx, render, store_error};
use crate::{AppState, auth, totp};

/// The shortest password anyone may choose (as `terugkeer user password`).
pub(crate) const MIN_PASSWORD: usize = 12;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/account", get(account))
        .route("/account/password", post(change_password))
        .route("/account/totp", post(enable_totp))
        .route("/account/totp/off", post(disable_totp))
        .route("/account/require-totp", post(require_totp))
}

#[derive(Template)]
#[template(path = "account.html")]
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
}

async fn account(State(st): State<AppState>, headers: HeaderMap) -> Response {
    match st.page_any(&headers).await {
        Ok(ctx) => show(&st, &ctx, StatusCode::OK, None).await,
        Err(r) => r,
    }
}

async fn show(st: &AppState, ctx: &Ctx, status: StatusCode, flash: Option<String>) -> Response {
    let user = match st.store.user(ctx.s.tenant(), ctx.s.user_id).await {
        Ok(Some(u)) => u,
        Ok(None) => return store_error(ctx, StoreError::NotFound),
        Err(e) => return store_error(ctx, e),
    };
    let org_requires = match st.store.requires_totp(ctx.s.tenant().id()).await {
        Ok(r) => r,
        Err(e) => return store_error(ctx, e),
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

async fn change_password(State(st): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let (ctx, form) = match st.form_any(&headers, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let t = ctx.t;
    let new = form.get("new_password");
    let refusal = match password_ok(&st, &ctx, form.get("current_password")).await {
        Err(e) => return store_error(&ctx, e),
        Ok(false) => Some(format!("current_password: {}", t.s("account.wrong_password"))),
        Ok(true) if new.chars().count() < MIN_PASSWORD => {
            Some(format!("new_password: {}", t.s("account.too_short")))
        }
        Ok(true) if new == form.get("current_password") => {
            Some(format!("new_password: {}", t.s("account.same_password")))
        }
        Ok(true) if new != form.get("repeat_password") => {
            Some(format!("repeat_password: {}", t.s("account.no_match")))
        }
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
    match st.store.change_password(ctx.s.user_id, &hash, &keep).await {
        Ok(()) => Redirect::to("/account?changed=1").into_response(),
        Err(e) => store_error(&ctx, e),
    }
}

async fn enable_totp(State(st): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let (ctx, form) = match st.form_any(&headers, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let secret = form.get("secret");
    let unix = st.now().as_second();
    let Some(step) = totp::matching_step(secret, form.get("code"), unix) else {
        let msg = format!("code: {}", ctx.t.s("account.wrong_code"));
        return show(&st, &ctx, StatusCode::UNPROCESSABLE_ENTITY, Some(msg)).await;
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

async fn disable_totp(State(st): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let (ctx, form) = match st.form_any(&headers, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let required = matches!(ctx.s.role, Role::Coordinator | Role::Partner)
        && st.store.requires_totp(ctx.s.tenant().id()).await.unwrap_or(true);
    let refusal = match password_ok(&st, &ctx, form.get("password")).await {
        Err(e) => return store_error(&ctx, e),
        Ok(false) => Some(format!("password: {}", ctx.t.s("account.wrong_password"))),
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

async fn require_totp(State(st): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let (ctx, form) = match st.form(&headers, &body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
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
