//! The printable case summary, and the access-request export (art. 15 GDPR) as JSON and PDF.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::page::{Entry, Loaded, client_facts, load, timeline};
use super::panel::Panel;
use terugkeer_documents::Kind;
use terugkeer_store::Action;

use super::documents;
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

/// The language a document is asked for in (`?lang=en`); the page's language otherwise.
#[derive(serde::Deserialize)]
pub(super) struct DocumentLanguage {
    #[serde(default)]
    lang: String,
}

impl DocumentLanguage {
    fn of(&self, ctx: &Ctx) -> Tr {
        match self.lang.as_str() {
            "en" => Tr {
                lang: terugkeer_rules::Lang::En,
            },
            "nl" => Tr {
                lang: terugkeer_rules::Lang::Nl,
            },
            _ => ctx.t,
        }
    }
}

/// The file as the client page reads it, and its organisation's name for a document's letterhead.
async fn file_with_letterhead(st: &AppState, ctx: &Ctx, id: i64) -> Result<(Loaded, String), PageError> {
    let loaded = load(st, ctx, id).await.or_page(ctx)?;
    let organisation = st
        .store
        .organisation_name(loaded.client.organisation_id)
        .await
        .or_page(ctx)?;
    Ok((loaded, organisation))
}

/// The export as a letter to hand to the client (art. 15 GDPR): which data, for which purposes, on which
/// basis, from where, shared with whom, kept how long, the client's rights — and the data in annexes.
/// Dutch, or English with `?lang=en`.
pub(super) async fn export_pdf(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    Query(language): Query<DocumentLanguage>,
) -> Result<Response, PageError> {
    let (loaded, organisation) = file_with_letterhead(&st, &ctx, id).await?;
    // The export's own permission, after the file's visibility (a file the caller may not see is not found).
    // The read itself is in the audit trail like every read under /clients/{id} (kit::trail).
    if !ctx.s.access.may(Action::ExportCase) {
        return Err(PageError::forbidden(&ctx));
    }
    let today = st.today();
    let retention = st
        .store
        .policy()
        .at(today)
        .ok()
        .and_then(|p| p.int(terugkeer_rules::policy::ParamId::RetentionMonths).value)
        .map(i64::from);
    let t = language.of(&ctx);
    let data = documents::access_letter(&t, &loaded, &ctx.s, &organisation, today, retention);
    crate::kit::document::pdf(&ctx, Kind::AccessRequest, data, &format!("inzage-{id}.pdf")).await
}

/// The case summary as PDF, for a file's hand-over.
pub(super) async fn summary_pdf(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    Query(language): Query<DocumentLanguage>,
) -> Result<Response, PageError> {
    let (loaded, organisation) = file_with_letterhead(&st, &ctx, id).await?;
    let t = language.of(&ctx);
    let data = documents::case_summary(&t, &loaded, &ctx.s, &organisation, st.today());
    crate::kit::document::pdf(&ctx, Kind::CaseSummary, data, &format!("dossier-{id}.pdf")).await
}
