//! The dashboard: where a caseworker, a coordinator or a DT&V regievoerder starts the day.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use terugkeer_domain::summary::Stage;
use terugkeer_store::{Role, SessionInfo};

use super::list::{Row, row};
use super::remembered::Remembered;
use crate::export::chart;
use crate::kit::error::{OrPage, PageError};
use crate::kit::extract::{Asker, Ctx};
use crate::kit::form::option_label;
use crate::kit::i18n::Tr;
use crate::kit::render::render;
use crate::kit::state::AppState;

#[derive(Template)]
#[template(path = "clients/dashboard.html")]
struct DashboardPage<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    all: bool,
    rows: Vec<Row>,
    by_setting: Vec<(String, i64)>,
    by_stage: Vec<(String, i64)>,
    /// A caseworker's reports to DT&V due within a week or overdue: client id, name, period, due, overdue.
    reports_due: Option<Vec<DueLine>>,
    /// "This week": how many deadlines have passed, and the rows whose deadline falls in the next seven days.
    overdue_count: i64,
    /// The overdue count in words ("67 verlopen", "meer dan 500 verlopen").
    overdue_words: String,
    this_week: Vec<WeekLine>,
    /// "More than 50 deadlines this week", when the list is cut.
    week_more: String,
    /// The caseload by setting as an SVG bar chart.
    setting_chart: String,
    /// Clients with messages from the other side not yet read: id, name, "2 nieuwe berichten".
    unread: Vec<(i64, String, String)>,
}

/// A report to DT&V due on a caseworker's dashboard.
struct DueLine {
    client_id: i64,
    name: String,
    /// The period it covers, in words.
    period: String,
    /// When it is due.
    due: String,
    overdue: bool,
}

/// A deadline in the coming week.
struct WeekLine {
    client_id: i64,
    name: String,
    /// The day, in words and as stored (for `<time>`).
    on: String,
    iso: String,
    /// Which deadline, in words.
    kind: String,
}

/// A role without case data starts on its own page instead of the dashboard.
fn dashboard_elsewhere(ctx: &Ctx) -> Option<Response> {
    match ctx.s.role {
        Role::Auditor => Some(Redirect::to("/reports").into_response()),
        Role::Admin => Some(Redirect::to("/users").into_response()),
        Role::Caseworker | Role::Coordinator | Role::Partner => None,
    }
}

/// What the dashboard reads for the caller. A coordinator sees the organisation's caseload; a caseworker their
/// own (those shared with them are in the client list) and their reports due within a week; a DT&V
/// regievoerder the trajectories registered with them.
fn dashboard_query(st: &AppState, ctx: &Ctx) -> terugkeer_store::DashboardQuery {
    let mine = (ctx.s.role == Role::Caseworker).then_some(ctx.s.user_id);
    terugkeer_store::DashboardQuery {
        assigned_to: mine,
        limit: 50,
        reports_due: mine.map(|_| (st.today().add_days(7), 20)),
        today: Some(st.today()),
    }
}

/// The dashboard read with the remembered session ([`Remembered`]) in one statement.
async fn dashboard_remembered(st: &AppState, asker: &Asker) -> Option<(Ctx, terugkeer_store::Dashboard)> {
    let r = Remembered::of(st, asker)?;
    if dashboard_elsewhere(&r.ctx).is_some() {
        return None;
    }
    let read = st
        .store
        .dashboard_in_session(&r.ctx.s.access, &dashboard_query(st, &r.ctx), Some(r.check(st)))
        .await
        .ok();
    let ctx = r.holds(st, read.as_ref().and_then(|d| d.session.as_ref()))?;
    Some((ctx, read?))
}

/// The dashboard: the caseload (overdue first, then by the nearest deadline), its counts by setting and stage,
/// this week's deadlines, and a caseworker's reports due.
pub(super) async fn dashboard(State(st): State<AppState>, asker: Asker) -> Result<Response, PageError> {
    let (ctx, data) = match dashboard_remembered(&st, &asker).await {
        Some(x) => x,
        None => {
            let ctx = Ctx::of(&st, &asker).await?;
            if let Some(r) = dashboard_elsewhere(&ctx) {
                return Ok(r);
            }
            let data = st
                .store
                .dashboard(&ctx.s.access, &dashboard_query(&st, &ctx))
                .await
                .or_page(&ctx)?;
            (ctx, data)
        }
    };
    let all = ctx.s.role == Role::Coordinator;
    let today = st.today().to_string();
    let t = ctx.t;
    let rows: Vec<Row> = data.clients.iter().map(|c| row(&t, c, &today)).collect();
    let mut by_setting: Vec<(String, i64)> = Vec::new();
    let mut by_stage: Vec<(String, i64)> = Vec::new();
    for (setting, stage, n) in &data.counts {
        let s = if setting.is_empty() {
            t.s("unknown").to_owned()
        } else {
            option_label(&t, setting)
        };
        match by_setting.iter_mut().find(|(l, _)| *l == s) {
            Some(e) => e.1 += n,
            None => by_setting.push((s, *n)),
        }
        let g = t.s(&format!("stage.{stage}")).to_owned();
        match by_stage.iter_mut().find(|(l, _)| *l == g) {
            Some(e) => e.1 += n,
            None => by_stage.push((g, *n)),
        }
    }
    by_setting.sort();
    let order = |l: &str| {
        Stage::ALL
            .iter()
            .position(|s| t.s(&format!("stage.{}", s.as_str())) == l)
    };
    by_stage.sort_by_key(|(l, _)| order(l));
    Ok(render(
        StatusCode::OK,
        &DashboardPage {
            t,
            user: Some(&ctx.s),
            csrf: &ctx.s.csrf,
            all,
            // Counted by the database over the whole caseload, not from the rows shown (issue 22).
            overdue_count: data.tallies.map_or(0, |(overdue, _)| overdue.count),
            overdue_words: match data.tallies {
                Some((o, _)) if o.more => t.f("dashboard.overdue_more", &[("count", o.count.into())]),
                Some((o, _)) => format!("{} {}", o.count, t.s("overdue")),
                None => String::new(),
            },
            this_week: data
                .week
                .iter()
                .map(|w| WeekLine {
                    client_id: w.client_id,
                    name: format!("{}, {}", w.family_name, w.given_names),
                    on: t.stored_date(&w.on),
                    iso: w.on.clone(),
                    kind: w
                        .kind
                        .as_deref()
                        .map(|k| t.s(&format!("deadline.{k}")).to_owned())
                        .unwrap_or_default(),
                })
                .collect(),
            unread: data
                .unread
                .iter()
                .map(|(id, family, given, n)| {
                    (
                        *id,
                        format!("{family}, {given}"),
                        t.f("message.unread", &[("count", (*n).into())]),
                    )
                })
                .collect(),
            week_more: match data.tallies {
                Some((_, week)) if week.more => t.f("dashboard.week_more", &[("count", week.count.into())]),
                _ => String::new(),
            },
            rows,
            setting_chart: chart::BarChart {
                title: t.s("dashboard.chart.setting").into(),
                bars: by_setting.clone(),
                unit: chart::Unit::Count,
            }
            .svg(),
            by_setting,
            by_stage,
            reports_due: data.reports_due.map(|list| {
                list.into_iter()
                    .map(|d| DueLine {
                        overdue: d.period.end < st.today(),
                        client_id: d.client_id,
                        name: d.name,
                        period: t.months(d.period.start, d.period.end),
                        due: t.date(d.period.end),
                    })
                    .collect()
            }),
        },
    ))
}
