//! The actions on a client's file as a whole: closing it, assigning it, sharing it with a colleague, and
//! registering its trajectory with a DT&V regievoerder.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use terugkeer_rules::Problem;
use terugkeer_store::StoreError;

use super::fields;
use super::form::version_of;
use super::page::{show_client, show_failed};
use crate::kit::again::client_action_done;
use crate::kit::error::store_error;
use crate::kit::extract::{ClientPath, CsrfForm, Ctx};
use crate::kit::form::FieldError;
use crate::kit::state::AppState;

/// Closes the case with its closure record (how and why it ended).
pub(super) async fn close_client(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    CsrfForm(form): CsrfForm,
) -> Response {
    let closure = match fields::record_from_form("closure", &form) {
        Ok(r) => r,
        Err(e) => {
            return show_failed(&st, &ctx, id, "closure", &form, &e).await;
        }
    };
    if form.get("confirm") != "confirmed" {
        let e = FieldError::refuse("confirm", "problem-confirm-closing");
        return show_failed(&st, &ctx, id, "closure", &form, &e).await;
    }
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

/// Reopens a closed case (a coordinator's action), with the reason for the audit trail.
pub(super) async fn reopen_client(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    CsrfForm(form): CsrfForm,
) -> Response {
    let version = version_of(&form).unwrap_or(0);
    let done = st
        .store
        .reopen_client(&ctx.s.access, id, version, form.get("reason"), st.now())
        .await
        .map(|_| ());
    client_action_done(&ctx, id, done)
}

/// Assigns the client to a caseworker (a coordinator's action).
pub(super) async fn assign_client(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    CsrfForm(form): CsrfForm,
) -> Response {
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
                    Some(ctx.t.refusal(
                        "assigned_to",
                        &Problem::new("problem-unknown-choice").with("choice", v),
                    )),
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
    client_action_done(&ctx, id, done)
}

/// Shares the client with a colleague (`user_id`), or stops sharing (`stop=1`).
pub(super) async fn share_client(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    CsrfForm(form): CsrfForm,
) -> Response {
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
            message: Problem::new("problem-not-caseworker"),
        })),
        Err(e) => Err(e),
    };
    client_action_done(&ctx, id, done)
}

/// Registers the client's trajectory with a DT&V regievoerder (`partner_id`), or withdraws it (empty).
pub(super) async fn register_with_dtv(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    CsrfForm(form): CsrfForm,
) -> Response {
    let partner = match form.get("partner_id") {
        "" => Ok(None),
        v => v.parse::<i64>().map(Some).map_err(|_| {
            StoreError::Input(terugkeer_domain::client::InputError {
                field: "partner_id",
                message: Problem::new("problem-not-regievoerder"),
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
    client_action_done(&ctx, id, done)
}
