//! The answer to an action posted from the client page: back to the page (303), or — when the action was
//! refused for a reason the caseworker can act on (a stale version, a refused value) — the client page again
//! with what went wrong at the top.
//!
//! The client page is built by the clients feature from every other feature's section, so a feature cannot
//! render it without importing the clients feature, which imports it back. Instead the feature answers with a
//! placeholder that carries [`ShowAgain`]; the layer at the top of the router (`lib.rs`) renders the client page
//! in its place. Features depend on the kit, the clients feature on the features, and only the top on both.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use terugkeer_store::StoreError;

use crate::kit::error::store_error;
use crate::kit::extract::Ctx;
use crate::kit::form::{FieldError, FormData};

/// The client page to render in place of a response, with a status and a message at the top.
#[derive(Clone)]
pub(crate) struct ShowAgain {
    /// Who asked.
    pub(crate) ctx: Ctx,
    /// The client.
    pub(crate) id: i64,
    /// The page's status.
    pub(crate) status: StatusCode,
    /// The message at the top.
    pub(crate) flash: Option<String>,
    /// The form that was refused: its kind (which of the page's forms), what was typed, and the error to show
    /// beside its field.
    pub(crate) failed: Option<(String, FormData, FieldError)>,
}

impl ShowAgain {
    /// The placeholder response that carries it.
    pub(crate) fn response(self) -> Response {
        let mut r = self.status.into_response();
        r.extensions_mut().insert(self);
        r
    }
}

/// See the module: `Ok` redirects to the client page; a stale version shows the page again (409), a refused
/// value shows it with the field and the message (422); anything else is the error page.
pub(crate) fn client_action_done(ctx: &Ctx, id: i64, done: Result<(), StoreError>) -> Response {
    let again = |status, flash| {
        ShowAgain {
            ctx: ctx.clone(),
            id,
            status,
            flash: Some(flash),
            failed: None,
        }
        .response()
    };
    match done {
        Ok(()) => Redirect::to(&format!("/clients/{id}")).into_response(),
        Err(StoreError::Stale { .. }) => again(StatusCode::CONFLICT, ctx.t.s("error.stale").into()),
        Err(StoreError::Input(i)) => again(
            StatusCode::UNPROCESSABLE_ENTITY,
            ctx.t.refusal(i.field, &i.message),
        ),
        Err(e) => store_error(ctx, e),
    }
}

/// As [`client_action_done`] for a form whose typed values the page keeps when it is refused: the page again
/// with form `kind` open, what was typed in it and the message beside the field.
pub(crate) fn client_form_done(
    ctx: &Ctx,
    id: i64,
    kind: &str,
    form: &FormData,
    done: Result<(), StoreError>,
) -> Response {
    match done {
        Err(StoreError::Input(i)) => ShowAgain {
            ctx: ctx.clone(),
            id,
            status: StatusCode::UNPROCESSABLE_ENTITY,
            flash: Some(ctx.t.s("error.fix").into()),
            failed: Some((kind.to_owned(), form.clone(), FieldError::new(i.field, i.message))),
        }
        .response(),
        other => client_action_done(ctx, id, other),
    }
}
