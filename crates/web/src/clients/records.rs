//! The records of a file: adding one from the client page, and changing one on its own form.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use terugkeer_domain::Record;
use terugkeer_store::{Action, SessionInfo, StoreError, StoredRecord};

use super::fields;
use super::form::version_of;
use super::page::show_failed;
use crate::kit::error::{OrPage, PageError, store_error};
use crate::kit::extract::{ClientPath, CsrfForm, Ctx, ItemPath};
use crate::kit::form::{self, FieldError, FieldView, FormData};
use crate::kit::i18n::Tr;
use crate::kit::render::{error_page, render};
use crate::kit::state::AppState;

/// Adds a record of any kind but a closure to the file; a refused one comes back open with its values.
pub(super) async fn add_record(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    CsrfForm(form): CsrfForm,
) -> Response {
    let kind = form.get("kind").to_owned();
    let record = match fields::record_from_form(&kind, &form) {
        Ok(r) if kind != "closure" => r,
        Ok(_) => {
            let e = FieldError::refuse("kind", "problem-close-with-form");
            return error_page(
                ctx.t,
                Some(&ctx.s),
                StatusCode::UNPROCESSABLE_ENTITY,
                ctx.t.problem(&e.message),
            );
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

#[derive(Template)]
#[template(path = "clients/record_form.html")]
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
) -> Result<Response, PageError> {
    let client = st.store.client(&ctx.s.access, client_id).await.or_page(ctx)?;
    let client = client.ok_or_else(|| PageError::not_found(ctx))?;
    let kind = rec.record.kind();
    let fields = fields::record_fields(kind).unwrap_or_default();
    let stored = form::values_of(fields, &serde_json::to_value(&rec.record).unwrap_or_default());
    Ok(render(
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
            fields: form::views(fields, values.unwrap_or(&stored), error, &ctx.t, "record", "edit"),
            stale,
            has_error: error.is_some(),
        },
    ))
}

/// The record `rid` if it belongs to client `id` (else not found: ids of other files are not guessable
/// into this one).
async fn record_of(st: &AppState, ctx: &Ctx, id: i64, rid: i64) -> Result<StoredRecord, PageError> {
    match st.store.record(&ctx.s.access, rid).await.or_page(ctx)? {
        Some(r) if r.client_id == id && !matches!(r.record, Record::Closure { .. }) => {
            // Seen, but perhaps not the caller's to change (a partner and a caseworker's record).
            if ctx.s.access.may(Action::for_record_kind(r.record.kind())) {
                Ok(r)
            } else {
                Err(PageError::forbidden(ctx))
            }
        }
        _ => Err(PageError::not_found(ctx)),
    }
}

/// The form of one record, filled in.
pub(super) async fn edit_record(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    ItemPath(rid): ItemPath,
) -> Result<Response, PageError> {
    let rec = record_of(&st, &ctx, id, rid).await?;
    record_form(&st, &ctx, StatusCode::OK, id, &rec, None, None, false).await
}

/// Saves a changed record; a stale version shows the newer one, a refused value comes back beside its field.
pub(super) async fn update_record(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    ItemPath(rid): ItemPath,
    CsrfForm(form): CsrfForm,
) -> Result<Response, PageError> {
    let rec = record_of(&st, &ctx, id, rid).await?;
    let record = match fields::record_from_form(rec.record.kind(), &form) {
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
        Ok(_) => Ok(Redirect::to(&format!("/clients/{id}#timeline-title")).into_response()),
        Err(StoreError::Stale { .. }) => {
            let now = record_of(&st, &ctx, id, rid).await?;
            record_form(&st, &ctx, StatusCode::CONFLICT, id, &now, None, None, true).await
        }
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
        Err(e) => Err(PageError::store(&ctx, e)),
    }
}
