//! The client form: a new client (with likely duplicates shown once for confirmation) and a client's
//! particulars changed (a stale version comes back with the newer data).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use terugkeer_domain::ClientInput;
use terugkeer_store::{Action, SessionInfo, StoreError};

use super::fields::{self, CLIENT};
use crate::kit::error::{OrPage, PageError};
use crate::kit::extract::{ClientPath, CsrfForm, Ctx};
use crate::kit::form::{self, FieldError, FieldView, FormData};
use crate::kit::i18n::Tr;
use crate::kit::render::render;
use crate::kit::state::AppState;

#[derive(Template)]
#[template(path = "clients/client_form.html")]
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
            fields: form::views(CLIENT, values, error, &ctx.t, "client", "client"),
            duplicates,
            stale,
            has_error: error.is_some(),
        },
    )
}

/// The empty form for a new client.
pub(super) async fn new_client(ctx: Ctx) -> Result<Response, PageError> {
    if !ctx.s.access.may(Action::CreateCase) {
        return Err(PageError::forbidden(&ctx));
    }
    Ok(client_form(
        &ctx,
        StatusCode::OK,
        None,
        &FormData::default(),
        None,
        vec![],
        false,
    ))
}

pub(super) fn client_values(c: &ClientInput) -> FormData {
    form::values_of(CLIENT, &serde_json::to_value(c).unwrap_or_default())
}

/// Reads and validates a client form.
fn read_client(st: &AppState, form: &FormData) -> Result<ClientInput, FieldError> {
    fields::client_from_form(form)?
        .validate(st.today())
        .map_err(|e| FieldError::new(e.field, e.message))
}

/// Saves a new client, after showing the likely duplicates once for confirmation.
pub(super) async fn create_client(
    State(st): State<AppState>,
    ctx: Ctx,
    CsrfForm(form): CsrfForm,
) -> Result<Response, PageError> {
    if !ctx.s.access.may(Action::CreateCase) {
        return Err(PageError::forbidden(&ctx));
    }
    let input = match read_client(&st, &form) {
        Ok(i) => i,
        Err(e) => {
            return Ok(client_form(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                &form,
                Some(&e),
                vec![],
                false,
            ));
        }
    };
    if form.get("confirm_duplicate") != "1" {
        let d = st
            .store
            .likely_duplicates(&ctx.s.access, &input)
            .await
            .or_page(&ctx)?;
        if !d.is_empty() {
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
            return Ok(client_form(
                &ctx,
                StatusCode::CONFLICT,
                None,
                &form,
                None,
                list,
                false,
            ));
        }
    }
    let id = st
        .store
        .create_case(&ctx.s.access, &input, &[], Some(ctx.s.user_id), st.now())
        .await
        .or_page(&ctx)?;
    Ok(Redirect::to(&format!("/clients/{id}")).into_response())
}

/// The form of a client's particulars, filled in.
pub(super) async fn edit_client(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
) -> Result<Response, PageError> {
    let c = st.store.client(&ctx.s.access, id).await.or_page(&ctx)?;
    let c = c.ok_or_else(|| PageError::not_found(&ctx))?;
    if !ctx.s.access.may(Action::EditCase) {
        return Err(PageError::forbidden(&ctx));
    }
    Ok(client_form(
        &ctx,
        StatusCode::OK,
        Some((id, c.version)),
        &client_values(&c.data),
        None,
        vec![],
        false,
    ))
}

pub(super) fn version_of(form: &FormData) -> Result<i64, FieldError> {
    form.get("version")
        .parse()
        .map_err(|_| FieldError::refuse("version", "problem-missing"))
}

/// Saves a client's particulars; a stale version shows the newer data to apply the change on.
pub(super) async fn update_client(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    CsrfForm(form): CsrfForm,
) -> Result<Response, PageError> {
    let version = version_of(&form).unwrap_or(0);
    let input = match read_client(&st, &form) {
        Ok(i) => i,
        Err(e) => {
            return Ok(client_form(
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((id, version)),
                &form,
                Some(&e),
                vec![],
                false,
            ));
        }
    };
    match st
        .store
        .update_client(&ctx.s.access, id, version, &input, st.now())
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/clients/{id}")).into_response()),
        Err(StoreError::Stale { .. }) => {
            // Show the newer data; the user re-enters the change on top of it.
            let c = st.store.client(&ctx.s.access, id).await.or_page(&ctx)?;
            let c = c.ok_or_else(|| PageError::not_found(&ctx))?;
            Ok(client_form(
                &ctx,
                StatusCode::CONFLICT,
                Some((id, c.version)),
                &client_values(&c.data),
                None,
                vec![],
                true,
            ))
        }
        Err(e) => Err(PageError::store(&ctx, e)),
    }
}
