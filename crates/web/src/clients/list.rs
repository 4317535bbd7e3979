//! The client list: search by name or V-number, filters by setting, stage, project and status, pages.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use terugkeer_domain::summary::Stage;
use terugkeer_store::{ClientQuery, ClientSummary, SessionInfo};

use super::fields::SETTINGS;
use super::remembered::Remembered;
use crate::kit::error::{OrPage, PageError};
use crate::kit::extract::{Asker, Ctx};
use crate::kit::form::{self, FieldView, FormData, Input, option_label};
use crate::kit::i18n::Tr;
use crate::kit::render::render;
use crate::kit::state::AppState;

/// A client in a list.
pub(super) struct Row {
    pub(super) id: i64,
    pub(super) name: String,
    pub(super) v_number: String,
    pub(super) setting: String,
    pub(super) stage: String,
    pub(super) deadline: Option<String>,
    /// The same day in words.
    pub(super) deadline_words: String,
    pub(super) deadline_kind: String,
    pub(super) overdue: bool,
    pub(super) eligible: String,
    pub(super) project: String,
    pub(super) closed: bool,
}

/// A client's row as the lists show it, in the page's language.
pub(super) fn row(t: &Tr, c: &ClientSummary, today: &str) -> Row {
    let overdue = c.status == "open" && c.next_deadline.as_deref().is_some_and(|d| d < today);
    Row {
        id: c.id,
        name: format!("{}, {}", c.family_name, c.given_names),
        v_number: c.v_number.clone().unwrap_or_default(),
        setting: c
            .setting
            .as_deref()
            .map(|s| option_label(t, s))
            .unwrap_or_default(),
        stage: t.s(&format!("stage.{}", c.stage)).to_owned(),
        deadline: c.next_deadline.clone(),
        deadline_words: c
            .next_deadline
            .as_deref()
            .map(|d| t.stored_date(d))
            .unwrap_or_default(),
        deadline_kind: c
            .next_deadline_kind
            .as_deref()
            .map(|k| t.s(&format!("deadline.{k}")).to_owned())
            .unwrap_or_default(),
        overdue,
        eligible: match c.eligible {
            Some(1) => t.s("yes").into(),
            Some(0) => t.s("no").into(),
            Some(2) => t.s("probably_yes").into(),
            Some(3) => t.s("probably_no").into(),
            _ => t.s("unknown").into(),
        },
        project: c.project.clone().unwrap_or_default(),
        closed: c.status == "closed",
    }
}

/// The list's query string.
#[derive(Debug, Default, Deserialize, serde::Serialize, Clone)]
pub struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    setting: String,
    #[serde(default)]
    stage: String,
    #[serde(default)]
    project: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: u32,
}

const STAGES: &[&str] = &Stage::IDS;
const FILTERS: &[form::Field] = &[
    form::Field {
        name: "setting",
        input: Input::Select(SETTINGS),
        required: false,
    },
    form::Field {
        name: "stage",
        input: Input::Select(STAGES),
        required: false,
    },
    form::Field {
        name: "project",
        input: Input::Text,
        required: false,
    },
    form::Field {
        name: "status",
        input: Input::Select(&["open", "closed"]),
        required: false,
    },
];

#[derive(Template)]
#[template(path = "clients/clients.html")]
struct ClientsPage<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    q: String,
    filters: Vec<FieldView>,
    shown: String,
    rows: Vec<Row>,
    prev: Option<String>,
    next: Option<String>,
    /// The export's address with the same filters (without the format).
    export: String,
}

const PAGE: i64 = 50;

/// The list's query from its query string (unknown filter values are ignored).
fn list_query(p: &ListParams) -> ClientQuery {
    let pick = |v: &str, allowed: &[&str]| Some(v.to_owned()).filter(|v| allowed.contains(&v.as_str()));
    ClientQuery {
        search: Some(p.q.clone()).filter(|s| !s.trim().is_empty()),
        status: pick(&p.status, &["open", "closed"]),
        setting: pick(&p.setting, SETTINGS),
        stage: pick(&p.stage, STAGES),
        project: Some(p.project.trim().to_owned()).filter(|s| !s.is_empty()),
        assigned_to: None,
        by_deadline: false,
        skip_total: false,
        limit: PAGE,
        offset: i64::from(p.page) * PAGE,
    }
}

/// The list read with the remembered session ([`Remembered`]) in one statement.
async fn clients_remembered(
    st: &AppState,
    asker: &Asker,
    q: &ClientQuery,
) -> Option<(Ctx, terugkeer_store::Page<ClientSummary>)> {
    let r = Remembered::of(st, asker)?;
    let read = st
        .store
        .list_clients_in_session(&r.ctx.s.access, q, Some(r.check(st)))
        .await
        .ok();
    let ctx = r.holds(st, read.as_ref().and_then(|(_, s)| s.as_ref()))?;
    Some((ctx, read?.0))
}

/// The client list: search, filters, pages of 50, and the export with the same filters.
pub(super) async fn clients(
    State(st): State<AppState>,
    asker: Asker,
    Query(p): Query<ListParams>,
) -> Result<Response, PageError> {
    let q = list_query(&p);
    let (ctx, page) = match clients_remembered(&st, &asker, &q).await {
        Some(x) => x,
        None => {
            let ctx = Ctx::of(&st, &asker).await?;
            let page = st.store.list_clients(&ctx.s.access, &q).await.or_page(&ctx)?;
            (ctx, page)
        }
    };
    let t = ctx.t;
    let today = st.today().to_string();
    let link = |n: u32| {
        let mut params = p.clone();
        params.page = n;
        format!(
            "/clients?{}",
            serde_urlencoded::to_string(&params).unwrap_or_default()
        )
    };
    let first = i64::from(p.page) * PAGE;
    let more = first + PAGE < page.total;
    let total = if page.total >= terugkeer_store::COUNT_CAP {
        format!("{}+", terugkeer_store::COUNT_CAP)
    } else {
        page.total.to_string()
    };
    let shown = if page.items.is_empty() {
        String::new()
    } else {
        t.f(
            "page.range",
            &[
                ("first", (first + 1).into()),
                ("last", (first + page.items.len() as i64).into()),
                ("total", total.into()),
            ],
        )
    };
    let values = FormData(vec![
        ("setting".into(), p.setting.clone()),
        ("stage".into(), p.stage.clone()),
        ("project".into(), p.project.clone()),
        ("status".into(), p.status.clone()),
    ]);
    Ok(render(
        StatusCode::OK,
        &ClientsPage {
            t,
            user: Some(&ctx.s),
            csrf: &ctx.s.csrf,
            q: p.q.clone(),
            filters: form::views(FILTERS, &values, None, &t, "filter", "filter"),
            shown,
            rows: page.items.iter().map(|c| row(&t, c, &today)).collect(),
            prev: (p.page > 0).then(|| link(p.page - 1)),
            next: more.then(|| link(p.page + 1)),
            export: format!(
                "/clients/export?{}",
                serde_urlencoded::to_string([
                    ("q", p.q.as_str()),
                    ("status", p.status.as_str()),
                    ("setting", p.setting.as_str()),
                    ("stage", p.stage.as_str()),
                    ("project", p.project.as_str()),
                ])
                .unwrap_or_default()
            ),
        },
    ))
}
