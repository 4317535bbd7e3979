//! The client's file: the caseworker's dashboard and the client list, the client form, the file's page (timeline,
//! forms for every fact, the assessment panel, the sections of the other features), its records, the actions on
//! it (close, assign, share, register with DT&V), the printable summary and the access-request export — and the
//! same for scripts under `/api/v1/clients`.
//!
//! Every page works without JavaScript; a failed form comes back with the values entered and the message beside
//! the field (422), a stale one with the newer data (409); a successful one redirects (303) so a reload never
//! posts twice.

mod actions;
pub(crate) mod api;
mod dashboard;
mod documents;
pub(crate) mod export;
pub(crate) mod fields;
mod form;
mod list;
pub(crate) mod page;
pub(crate) mod panel;
mod records;
mod remembered;
mod summary;

use axum::Router;
use axum::routing::{get, post};

use crate::kit::state::AppState;

/// The assessment panel of client `id` as the caller sees it (`None` when the file cannot be assessed),
/// for another feature's document (the verification form).
pub(crate) async fn panel_of(
    st: &AppState,
    ctx: &crate::kit::extract::Ctx,
    id: i64,
) -> Result<Option<panel::Panel>, terugkeer_store::StoreError> {
    Ok(page::load(st, ctx, id).await?.panel)
}

/// The routes of the client's file, pages and API.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/dashboard", get(dashboard::dashboard))
        .route("/clients", get(list::clients).post(form::create_client))
        .route("/clients/new", get(form::new_client))
        .route("/clients/{id}", get(page::client_page).post(form::update_client))
        .route("/clients/{id}/edit", get(form::edit_client))
        .route("/clients/{id}/summary", get(summary::summary))
        .route("/clients/{id}/export.json", get(summary::export_json))
        .route("/clients/{id}/export.pdf", get(summary::export_pdf))
        .route("/clients/{id}/summary.pdf", get(summary::summary_pdf))
        .route("/clients/{id}/records", post(records::add_record))
        .route("/clients/{id}/records/{rid}/edit", get(records::edit_record))
        .route("/clients/{id}/records/{rid}", post(records::update_record))
        .route("/clients/{id}/close", post(actions::close_client))
        .route("/clients/{id}/reopen", post(actions::reopen_client))
        .route("/clients/{id}/assign", post(actions::assign_client))
        .route("/clients/{id}/share", post(actions::share_client))
        .route("/clients/{id}/dtv", post(actions::register_with_dtv))
        .merge(api::routes())
        .merge(export::routes())
}
