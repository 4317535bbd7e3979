//! The users page: a coordinator's own organisation; an administrator's every organisation, and new
//! organisations. What each role may do is the store's
//! [`Action`](terugkeer_store::Action) matrix; these pages only show what it allows.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use terugkeer_rules::Problem;
use terugkeer_store::{Action, Role, SessionInfo, StoreError};

use crate::kit::error::{forbidden, store_error};
use crate::kit::extract::{CsrfForm, Ctx};
use crate::kit::i18n::Tr;
use crate::kit::render::render;
use crate::kit::security as auth;
use crate::kit::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/users", get(users).post(add_user))
        .route("/organisations", post(add_organisation))
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    admin: bool,
    flash: Option<String>,
    /// (name, username, role label, organisation).
    users: Vec<(String, String, String, String)>,
    organisations: Vec<(i64, String)>,
    roles: Vec<(&'static str, String)>,
    /// The DT&V functions a partner user may hold (which signatures of a hand-out they record).
    dtv_functions: Vec<&'static str>,
}

async fn users(State(st): State<AppState>, ctx: Ctx) -> Response {
    show_users(&st, &ctx, StatusCode::OK, None).await
}

async fn show_users(st: &AppState, ctx: &Ctx, status: StatusCode, flash: Option<String>) -> Response {
    let a = &ctx.s.access;
    if !a.may(Action::ReadUsers) {
        return forbidden(ctx);
    }
    let (list, orgs) = match tokio::try_join!(st.store.list_users(a), st.store.organisations(a)) {
        Ok(x) => x,
        Err(e) => return store_error(ctx, e),
    };
    let t = ctx.t;
    let admin = ctx.s.role == Role::Admin;
    let roles = Role::ALL
        .iter()
        .filter(|r| admin || matches!(r, Role::Caseworker | Role::Coordinator | Role::Auditor))
        .map(|r| (r.as_str(), t.s(r.label_key()).to_owned()))
        .collect();
    render(
        status,
        &UsersPage {
            t,
            user: Some(&ctx.s),
            csrf: &ctx.s.csrf,
            admin,
            flash,
            users: list
                .into_iter()
                .map(|(u, org)| {
                    let role = Role::parse(&u.role).map_or(u.role.clone(), |r| t.s(r.label_key()).to_owned());
                    (u.display_name, u.username, role, org)
                })
                .collect(),
            organisations: orgs,
            roles,
            dtv_functions: terugkeer_store::DTV_FUNCTIONS
                .iter()
                .map(|f| f.as_str())
                .collect(),
        },
    )
}

async fn add_user(State(st): State<AppState>, ctx: Ctx, CsrfForm(form): CsrfForm) -> Response {
    if !ctx.s.access.may(Action::ManageUsers) {
        return forbidden(&ctx);
    }
    let refuse = |field: &str, id: &'static str| Some(ctx.t.refusal(field, &Problem::new(id)));
    let password = form.get("password");
    let org = match form.get("organisation_id") {
        "" => Ok(ctx.s.tenant().id()),
        v => v.parse::<i64>(),
    };
    // A partner's DT&V function, checked before anything is stored.
    let function = match (form.get("role"), form.get("dtv_function")) {
        (_, "") => Ok(None),
        ("partner", f) => terugkeer_rules::vocab::Role::parse(f)
            .filter(|r| terugkeer_store::DTV_FUNCTIONS.contains(r))
            .map(Some)
            .ok_or(()),
        _ => Err(()),
    };
    let outcome = if password.chars().count() < crate::auth::account::MIN_PASSWORD {
        Err(refuse("password", "problem-password-too-short"))
    } else if function.is_err() {
        Err(refuse("dtv_function", "problem-dtv-function-only-partner"))
    } else if let Ok(org) = org {
        match auth::hash_password(password) {
            Ok(hash) => st
                .store
                .add_user(
                    &ctx.s.access,
                    org,
                    form.get("username"),
                    form.get("display_name"),
                    form.get("role"),
                    &hash,
                    st.now(),
                )
                .await
                .map_err(|e| match e {
                    StoreError::Input(i) => Some(ctx.t.refusal(i.field, &i.message)),
                    StoreError::Taken { field } => refuse(field, "problem-taken"),
                    StoreError::NotFound => refuse("organisation_id", "problem-not-organisation"),
                    other => {
                        tracing::error!(error = %other, "internal error");
                        None
                    }
                }),
            Err(e) => {
                tracing::error!(error = %e, "internal error");
                Err(None)
            }
        }
    } else {
        Err(refuse("organisation_id", "problem-not-organisation"))
    };
    let outcome = match (outcome, function) {
        (Ok(id), Ok(Some(f))) => st
            .store
            .set_dtv_function(&ctx.s.access, id, f, st.now())
            .await
            .map(|()| id)
            .map_err(|e| {
                tracing::error!(error = %e, "internal error");
                None
            }),
        (outcome, _) => outcome,
    };
    match outcome {
        Ok(_) => Redirect::to("/users").into_response(),
        Err(Some(msg)) => show_users(&st, &ctx, StatusCode::UNPROCESSABLE_ENTITY, Some(msg)).await,
        Err(None) => store_error(&ctx, StoreError::Corrupt("see the log".into())),
    }
}

async fn add_organisation(State(st): State<AppState>, ctx: Ctx, CsrfForm(form): CsrfForm) -> Response {
    match st
        .store
        .add_organisation(&ctx.s.access, form.get("name"), st.now())
        .await
    {
        Ok(_) => Redirect::to("/users").into_response(),
        Err(StoreError::Input(i)) => {
            let msg = Some(ctx.t.refusal(i.field, &i.message));
            show_users(&st, &ctx, StatusCode::UNPROCESSABLE_ENTITY, msg).await
        }
        Err(StoreError::Taken { field }) => {
            let msg = Some(ctx.t.refusal(field, &Problem::new("problem-taken")));
            show_users(&st, &ctx, StatusCode::UNPROCESSABLE_ENTITY, msg).await
        }
        Err(e) => store_error(&ctx, e),
    }
}
