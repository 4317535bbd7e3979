//! The reports overview: counts of the organisation's clients by status, setting, stage, project and
//! eligibility — never a name (auditors and coordinators).

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use terugkeer_store::SessionInfo;

use crate::kit::error::{OrPage, PageError};
use crate::kit::extract::Ctx;
use crate::kit::form::option_label;
use crate::kit::i18n::Tr;
use crate::kit::render::render;
use crate::kit::state::AppState;

/// The route of the overview.
pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/reports", get(reports))
}

#[derive(Template)]
#[template(path = "reports/reports.html")]
struct ReportsPage<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    total: i64,
    /// (heading, rows of (label, count)).
    tables: Vec<(String, Vec<(String, i64)>)>,
}

/// Adds `n` to the row labelled `label`.
fn tally(rows: &mut Vec<(String, i64)>, label: String, n: i64) {
    match rows.iter_mut().find(|(l, _)| *l == label) {
        Some(r) => r.1 += n,
        None => rows.push((label, n)),
    }
}

async fn reports(State(st): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    let groups = st.store.aggregates(&ctx.s.access).await.or_page(&ctx)?;
    let t = ctx.t;
    let unknown = || t.s("unknown").to_owned();
    let mut tables: Vec<(String, Vec<(String, i64)>)> = [
        "reports.by_status",
        "dashboard.by_setting",
        "dashboard.by_stage",
        "reports.by_project",
        "reports.by_eligibility",
    ]
    .iter()
    .map(|k| (t.s(k).to_owned(), Vec::new()))
    .collect();
    let mut total = 0;
    for (status, setting, stage, project, eligible, n) in groups {
        total += n;
        let labels = [
            t.s(&status).to_owned(),
            if setting.is_empty() {
                unknown()
            } else {
                option_label(&t, &setting)
            },
            t.s(&format!("stage.{stage}")).to_owned(),
            if project.is_empty() { unknown() } else { project },
            match eligible {
                1 => t.s("yes").to_owned(),
                0 => t.s("no").to_owned(),
                2 => t.s("probably_yes").to_owned(),
                3 => t.s("probably_no").to_owned(),
                _ => unknown(),
            },
        ];
        for ((_, rows), label) in tables.iter_mut().zip(labels) {
            tally(rows, label, n);
        }
    }
    for (_, rows) in &mut tables {
        rows.sort();
    }
    Ok(render(
        StatusCode::OK,
        &ReportsPage {
            t,
            user: Some(&ctx.s),
            csrf: &ctx.s.csrf,
            total,
            tables,
        },
    ))
}
