//! The printable case summary, and the access-request export (art. 15 GDPR) as JSON and PDF.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::page::{Entry, client_facts, load, timeline};
use super::panel::Panel;
use crate::export::pdf;
use crate::kit::error::{OrPage, PageError};
use crate::kit::extract::{ClientPath, Ctx};
use crate::kit::i18n::Tr;
use crate::kit::render::render;
use crate::kit::state::AppState;

#[derive(Template)]
#[template(path = "clients/summary.html")]
struct SummaryPage {
    t: Tr,
    name: String,
    today: String,
    facts: Vec<(String, String)>,
    timeline: Vec<Entry>,
    panel: Option<Panel>,
    not_assessable: String,
}

/// The case summary to print: facts, timeline and assessment, without forms.
pub(super) async fn summary(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
) -> Result<Response, PageError> {
    let loaded = load(&st, &ctx, id).await.or_page(&ctx)?;
    let t = ctx.t;
    Ok(render(
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
    ))
}

/// An access request's export: everything stored about the client (GDPR art. 15), as JSON.
pub(super) async fn export_json(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
) -> Result<Response, PageError> {
    let v = st
        .store
        .access_request(&ctx.s.access, id, st.now())
        .await
        .or_page(&ctx)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"client-{id}.json\""),
            ),
        ],
        v.to_string(),
    )
        .into_response())
}

/// The same export as a PDF to hand to the client: the JSON's fields as readable lines.
pub(super) async fn export_pdf(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
) -> Result<Response, PageError> {
    let v = st
        .store
        .access_request(&ctx.s.access, id, st.now())
        .await
        .or_page(&ctx)?;
    let mut lines = Vec::new();
    pdf::flatten(&v, "", &mut lines);
    let title = format!("{} {id}", ctx.t.s("export.title"));
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"client-{id}.pdf\""),
            ),
        ],
        pdf::text_document(&title, &lines),
    )
        .into_response())
}
