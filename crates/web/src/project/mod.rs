//! Projects and their reports: a coordinator sets up a project (funders, eligible costs, reporting periods,
//! conditions; the return subsidy's share checked against the policy); a coordinator or an auditor reads a
//! period's content and financial report — participants, registrations with DT&V, departures, monitoring
//! outcomes and the mean sustainability score, in-kind costs by category and per participant, the budget used —
//! on the page with SVG charts, as a typeset PDF with the same charts, and as an XLSX workbook. Participants are
//! numbered (1, 2, … in the order of their files), never named and never by the application's ids.
//!
//! In the XLSX, amounts are numbers in euros with a euro format (cents are exact in a double up to 2^53),
//! counts are numbers.

mod document;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use terugkeer_domain::project::{Funder, Funding, Period, Project, Report, report};
use terugkeer_domain::reintegration::Category as Outcome;
use terugkeer_rules::Date;
use terugkeer_rules::Problem;
use terugkeer_store::{Action, SessionInfo, StoreError, StoredProject};

use crate::export::chart::{BarChart, Unit};
use crate::kit::error::{ApiError, OrPage, PageError, forbidden, store_error};
use crate::kit::extract::{Caller, CsrfForm, Ctx, IdPath, WriteCaller, json_body};
use crate::kit::form::{FormData, euros_to_cents};
use crate::kit::i18n::Tr;
use crate::kit::render::render;
use crate::kit::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects", get(list).post(create))
        .route("/projects/{id}", get(show))
        .route("/projects/{id}/report.pdf", get(pdf))
        .route("/projects/{id}/report.xlsx", get(xlsx))
        .route("/api/v1/projects", get(api_list).post(api_create))
        .route("/api/v1/projects/{id}/report", get(api_report))
}

/// Which reporting period (`?period=`, counted from 1; default: the latest that has begun).
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// The period's number (1 = the first).
    #[serde(default)]
    pub period: Option<String>,
}

fn period_of(p: &Project, q: &PeriodQuery, today: Date) -> Result<(usize, Period), StoreError> {
    if p.periods.is_empty() {
        return Ok((
            0,
            Period {
                from: p.starts_on,
                to: p.ends_on,
            },
        ));
    }
    let n = match q.period.as_deref().map(str::trim) {
        None | Some("") => p.periods.iter().rposition(|x| x.from <= today).unwrap_or(0) + 1,
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| StoreError::refuse("period", "problem-not-period-number"))?,
    };
    match n.checked_sub(1).and_then(|i| p.periods.get(i)) {
        Some(x) => Ok((n, *x)),
        None => Err(StoreError::refuse("period", "problem-no-such-period")),
    }
}

/// One line of a report: section key, label (translated), value shown, and the number (count or cents) for
/// the spreadsheet.
struct Line {
    section: &'static str,
    label: String,
    shown: String,
    number: i64,
    cents: bool,
}

/// The report's lines, section by section. Participants are numbered 1..n in the order of their files, or
/// named where `names` holds their client's name (the printed report for a coordinator who asks for names).
fn lines(t: &Tr, p: &Project, r: &Report, names: &[(i64, String)]) -> Vec<Line> {
    let count = |section, label: String, n: usize| Line {
        section,
        label,
        shown: n.to_string(),
        number: n as i64,
        cents: false,
    };
    let money = |section, label: String, c: i64| Line {
        section,
        label,
        shown: t.money(c),
        number: c,
        cents: true,
    };
    let mut out = vec![
        count(
            "project.participants",
            t.s("project.active").into(),
            r.participants,
        ),
        count("project.participants", t.s("project.started").into(), r.started),
        count(
            "project.verification",
            t.s("project.sent").into(),
            r.verifications_sent,
        ),
        count("project.verification", t.s("project.verified").into(), r.verified),
        count("project.verification", t.s("project.refused").into(), r.refused),
    ];
    for (key, n) in ["opt.iom", "opt.ngo", "opt.own", "unknown"]
        .iter()
        .zip(r.departures)
    {
        out.push(count(
            "project.departures",
            format!("{} — {}", t.s("opt.departed"), t.s(key)),
            n,
        ));
    }
    for (outcome, n) in &r.other_closures {
        out.push(count(
            "project.departures",
            t.s(&format!("opt.{outcome}")).into(),
            *n,
        ));
    }
    for (c, n) in Outcome::ALL.iter().zip(r.monitoring) {
        out.push(count(
            "project.monitoring",
            t.s(&format!("monitoring.category.{}", c.as_str())).into(),
            n,
        ));
    }
    out.push(Line {
        section: "project.monitoring",
        label: t.s("project.mean_score").into(),
        shown: r
            .mean_score
            .map_or_else(|| "—".into(), |s| format!("{}.{:03}", s / 1000, s % 1000)),
        number: r.mean_score.map_or(0, i64::from),
        cents: false,
    });
    for (c, cents) in &r.costs {
        out.push(money(
            "project.costs",
            t.s(&format!("in_kind.category.{}", c.as_str())).into(),
            *cents,
        ));
    }
    out.push(money("project.costs", t.s("project.spent").into(), r.spent_cents));
    out.push(money("project.costs", t.s("in_kind.cash").into(), r.cash_cents));
    out.push(money(
        "project.costs",
        t.s("project.per_participant").into(),
        r.per_participant_cents,
    ));
    // Numbered in the order of the file's creation, never by the application's own ids.
    for (i, (client, cents)) in r.by_participant.iter().enumerate() {
        let label = match names.iter().find(|(id, _)| id == client) {
            Some((_, name)) => name.clone(),
            None => format!("{} {}", t.s("project.client"), i + 1),
        };
        out.push(money("project.by_participant", label, *cents));
    }
    out.push(money(
        "project.budget",
        t.s("project.eligible").into(),
        p.eligible_costs_cents,
    ));
    for f in &p.funders {
        out.push(money(
            "project.budget",
            t.s(&format!("project.funder.{}", f.funder.as_str())).into(),
            f.amount_cents,
        ));
    }
    out.push(money(
        "project.budget",
        t.s("project.spent_to_date").into(),
        r.spent_to_date_cents,
    ));
    out
}

/// The report's charts; the departures by month show every month of `period`, those without a departure
/// as 0.
fn charts(t: &Tr, p: &Project, period: Period, r: &Report) -> Vec<BarChart> {
    vec![
        BarChart {
            title: t.s("project.chart.budget").into(),
            bars: vec![
                (t.s("project.eligible").into(), p.eligible_costs_cents),
                (t.s("project.spent_to_date").into(), r.spent_to_date_cents),
            ],
            unit: Unit::Cents(t.lang),
        },
        BarChart {
            title: t.s("project.chart.departures").into(),
            bars: document::months(period)
                .into_iter()
                .map(|(key, first)| {
                    let n = r
                        .departures_by_month
                        .iter()
                        .find(|(m, _)| *m == key)
                        .map_or(0, |(_, n)| *n);
                    (t.month(first), n as i64)
                })
                .collect(),
            unit: Unit::Count,
        },
        BarChart {
            title: t.s("project.chart.monitoring").into(),
            bars: Outcome::ALL
                .iter()
                .zip(r.monitoring)
                .map(|(c, n)| {
                    (
                        t.s(&format!("monitoring.category.{}", c.as_str())).to_owned(),
                        n as i64,
                    )
                })
                .collect(),
            unit: Unit::Count,
        },
        BarChart {
            title: t.s("project.chart.costs").into(),
            bars: r
                .costs
                .iter()
                .map(|(c, v)| (t.s(&format!("in_kind.category.{}", c.as_str())).to_owned(), *v))
                .collect(),
            unit: Unit::Cents(t.lang),
        },
    ]
}

#[derive(askama::Template)]
#[template(path = "project/projects.html")]
struct ListPage<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    /// (id, name, from, to, eligible).
    projects: Vec<(i64, String, String, String, String)>,
    may_create: bool,
    error: Option<String>,
    note: Option<String>,
}

#[derive(askama::Template)]
#[template(path = "project/project.html")]
struct ShowPage<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    id: i64,
    name: String,
    span: String,
    conditions: String,
    /// (number, from – to, chosen).
    periods: Vec<(usize, String, bool)>,
    period: usize,
    period_span: String,
    /// Whether the caller may print the report with participants' names.
    may_name: bool,
    /// (section key, rows of (label, shown)).
    sections: Vec<(&'static str, Vec<(String, String)>)>,
    charts: Vec<String>,
}

async fn list_page(
    st: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    error: Option<String>,
    note: Option<String>,
) -> Response {
    match st.store.projects(&ctx.s.access).await {
        Ok(list) => render(
            status,
            &ListPage {
                t: ctx.t,
                user: Some(&ctx.s),
                csrf: &ctx.s.csrf,
                projects: list
                    .into_iter()
                    .map(|p| {
                        (
                            p.id,
                            p.project.name,
                            ctx.t.date(p.project.starts_on),
                            ctx.t.date(p.project.ends_on),
                            ctx.t.money(p.project.eligible_costs_cents),
                        )
                    })
                    .collect(),
                may_create: ctx.s.access.may(Action::ManageProjects),
                error,
                note,
            },
        ),
        Err(e) => store_error(ctx, e),
    }
}

async fn list(State(st): State<AppState>, ctx: Ctx) -> Response {
    list_page(&st, &ctx, StatusCode::OK, None, None).await
}

/// A project from the form: money in euros as typed; periods one per line, `from to`.
fn project_of(form: &FormData) -> Result<Project, StoreError> {
    let date = |field: &'static str| {
        Date::parse(form.get(field)).map_err(|_| StoreError::refuse(field, "problem-give-date"))
    };
    let money = |field: &'static str| -> Result<i64, StoreError> {
        match form.get(field) {
            "" => Ok(0),
            v => euros_to_cents(v).ok_or_else(|| StoreError::refuse(field, "problem-not-euros")),
        }
    };
    let mut funders = Vec::new();
    for (field, funder) in [
        ("return_subsidy", Funder::ReturnSubsidy),
        ("amif", Funder::Amif),
        ("other", Funder::Other),
    ] {
        let c = money(field)?;
        if c > 0 {
            funders.push(Funding {
                funder,
                amount_cents: c,
            });
        }
    }
    let mut periods = Vec::new();
    for line in form
        .get("periods")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let mut parts = line.split_whitespace();
        let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(StoreError::refuse("periods", "problem-period-lines"));
        };
        let from = Date::parse(a).map_err(|_| StoreError::refuse("periods", "problem-period-lines"))?;
        let to = Date::parse(b).map_err(|_| StoreError::refuse("periods", "problem-period-lines"))?;
        periods.push(Period { from, to });
    }
    Ok(Project {
        name: form.get("name").to_owned(),
        starts_on: date("starts_on")?,
        ends_on: date("ends_on")?,
        eligible_costs_cents: money("eligible_costs")?,
        funders,
        periods,
        conditions: form.get("conditions").to_owned(),
    })
}

async fn create(State(st): State<AppState>, ctx: Ctx, CsrfForm(form): CsrfForm) -> Response {
    if !ctx.s.access.may(Action::ManageProjects) {
        return forbidden(&ctx);
    }
    let saved = match project_of(&form) {
        Ok(p) => st.store.save_project(&ctx.s.access, None, &p, st.now()).await,
        Err(e) => Err(e),
    };
    match saved {
        Ok((p, None)) => Redirect::to(&format!("/projects/{}", p.id)).into_response(),
        Ok((_, Some(note))) => {
            list_page(&st, &ctx, StatusCode::CREATED, None, Some(ctx.t.problem(&note))).await
        }
        Err(StoreError::Input(e)) => {
            let msg = ctx.t.refusal(e.field, &e.message);
            list_page(&st, &ctx, StatusCode::UNPROCESSABLE_ENTITY, Some(msg), None).await
        }
        Err(StoreError::Taken { field }) => {
            let msg = ctx.t.refusal(field, &Problem::new("problem-taken"));
            list_page(&st, &ctx, StatusCode::UNPROCESSABLE_ENTITY, Some(msg), None).await
        }
        Err(e) => store_error(&ctx, e),
    }
}

/// The project, the chosen period and its report.
async fn load(
    st: &AppState,
    s: &SessionInfo,
    id: i64,
    q: &PeriodQuery,
) -> Result<(StoredProject, usize, Period, Report), StoreError> {
    let p = st.store.project(&s.access, id).await?;
    let (n, period) = period_of(&p.project, q, st.today())?;
    let people = st.store.project_participants(&s.access, &p.project.name).await?;
    let r = report(&p.project, period, &people);
    Ok((p, n, period, r))
}

/// The page's context with the project, period and report, or the response to give instead.
async fn page_and_report(
    st: &AppState,
    ctx: &Ctx,
    id: i64,
    q: &PeriodQuery,
) -> Result<(StoredProject, usize, Period, Report), PageError> {
    load(st, &ctx.s, id, q).await.or_page(ctx)
}

async fn show(
    State(st): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let (p, n, period, r) = page_and_report(&st, &ctx, id, &q).await?;
    let t = ctx.t;
    let mut sections: Vec<(&'static str, Vec<(String, String)>)> = Vec::new();
    for l in lines(&t, &p.project, &r, &[]) {
        match sections.last_mut() {
            Some((s, rows)) if *s == l.section => rows.push((l.label, l.shown)),
            _ => sections.push((l.section, vec![(l.label, l.shown)])),
        }
    }
    Ok(render(
        StatusCode::OK,
        &ShowPage {
            t,
            user: Some(&ctx.s),
            csrf: &ctx.s.csrf,
            id: p.id,
            name: p.project.name.clone(),
            span: format!("{} – {}", t.date(p.project.starts_on), t.date(p.project.ends_on)),
            conditions: p.project.conditions.clone(),
            periods: p
                .project
                .periods
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    (
                        i + 1,
                        format!("{} – {}", t.date(x.from), t.date(x.to)),
                        i + 1 == n,
                    )
                })
                .collect(),
            period: n,
            period_span: format!("{} – {}", t.date(period.from), t.date(period.to)),
            may_name: ctx.s.access.may(Action::ReadCase),
            sections,
            charts: charts(&t, &p.project, period, &r)
                .iter()
                .map(BarChart::svg)
                .collect(),
        },
    ))
}

/// The printed report's choices: the period, and whether participants are named (`names=1`).
#[derive(serde::Deserialize)]
struct PdfQuery {
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    names: Option<String>,
}

/// The report as PDF: the figures by section, the charts, for the funder. Participants are numbered; a
/// caller who may read the files (a coordinator) may ask for their names instead, for internal use.
async fn pdf(
    State(st): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath,
    Query(q): Query<PdfQuery>,
) -> Result<Response, PageError> {
    let (p, _, period, r) = page_and_report(&st, &ctx, id, &PeriodQuery { period: q.period }).await?;
    let mut names = Vec::new();
    if q.names.as_deref() == Some("1") {
        if !ctx.s.access.may(Action::ReadCase) {
            return Err(PageError::forbidden(&ctx));
        }
        for (client, _) in &r.by_participant {
            if let Some(c) = st.store.client(&ctx.s.access, *client).await.or_page(&ctx)? {
                names.push((
                    *client,
                    format!("{} {}", c.data.given_names, c.data.family_name)
                        .trim()
                        .to_owned(),
                ));
            }
        }
    }
    let organisation = st
        .store
        .organisation_name(ctx.s.access.tenant().id())
        .await
        .or_page(&ctx)?;
    let data = document::data(&ctx.t, &organisation, &p.project, period, &r, &names, st.today());
    crate::kit::document::pdf(
        &ctx,
        terugkeer_documents::Kind::ProjectReport,
        data,
        "projectrapportage.pdf",
    )
    .await
}

/// The workbook: one sheet with the title, the period's first and last day as dates, and per line its section,
/// label and figure — a count as a number, an amount as a number of euros with a euro format (so sums and
/// charts work in any spreadsheet), the mean score as a number with three decimals.
fn workbook(t: &Tr, p: &Project, period: Period, r: &Report) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use crate::export::table::{date_format, excel_date};
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(t.s("project.report"))?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let euro = rust_xlsxwriter::Format::new().set_num_format("[$€-413] #,##0.00;[$€-413] -#,##0.00");
    let day = date_format().set_align(rust_xlsxwriter::FormatAlign::Left);
    sheet.write_string_with_format(0, 0, format!("{} {}", t.s("project.report"), p.name), &bold)?;
    for (row, (label, d)) in [
        (1, (t.s("doc.project.from"), period.from)),
        (2, (t.s("doc.project.to"), period.to)),
    ] {
        sheet.write_string(row, 0, label)?;
        if let Some(x) = excel_date(&d.to_string()) {
            sheet.write_datetime_with_format(row, 1, x, &day)?;
        }
    }
    for (c, h) in ["project.section", "project.label", "project.number"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(4, c as u16, t.s(h), &bold)?;
    }
    for (i, l) in lines(t, p, r, &[]).iter().enumerate() {
        let row = 5 + i as u32;
        sheet.write_string(row, 0, t.s(l.section))?;
        // A label may start with '=' or '+' only if a user typed it so: written as text, never a formula.
        sheet.write_string(row, 1, crate::export::table::neutral(&l.label))?;
        if l.cents {
            sheet.write_number_with_format(row, 2, l.number as f64 / 100.0, &euro)?;
        } else if l.label == t.s("project.mean_score") {
            if l.number > 0 {
                let three = rust_xlsxwriter::Format::new().set_num_format("0.000");
                sheet.write_number_with_format(row, 2, l.number as f64 / 1000.0, &three)?;
            }
        } else {
            sheet.write_number(row, 2, l.number as f64)?;
        }
    }
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 42)?;
    sheet.set_column_width(2, 16)?;
    book.save_to_buffer()
}

async fn xlsx(
    State(st): State<AppState>,
    ctx: Ctx,
    IdPath(id): IdPath,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let (p, _, period, r) = page_and_report(&st, &ctx, id, &q).await?;
    let bytes = workbook(&ctx.t, &p.project, period, &r)
        .map_err(|e| PageError::store(&ctx, StoreError::Corrupt(format!("workbook: {e}"))))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"projectrapportage.xlsx\"",
            ),
        ],
        bytes,
    )
        .into_response())
}

/// A project in the API.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ProjectOut {
    /// Id.
    pub id: i64,
    /// Version.
    pub version: i64,
    /// The project: name, starts_on, ends_on, eligible_costs_cents, funders [{funder, amount_cents}], periods
    /// [{from, to}], conditions.
    #[schema(value_type = Object)]
    pub project: Project,
    /// A note from the policy check (e.g. a co-financing share the policy does not know), if any.
    pub note: Option<String>,
}

/// The organisation's projects.
#[utoipa::path(operation_id = "project_list", get, path = "/api/v1/projects", tag = "money",
    responses((status = 200, body = [ProjectOut]), (status = 403, body = ApiError)))]
pub async fn api_list(State(st): State<AppState>, Caller(s): Caller) -> Result<Response, ApiError> {
    let list = st.store.projects(&s.access).await?;
    let out: Vec<ProjectOut> = list
        .into_iter()
        .map(|p| ProjectOut {
            id: p.id,
            version: p.version,
            project: p.project,
            note: None,
        })
        .collect();
    Ok(axum::Json(out).into_response())
}

/// Sets up a project (a coordinator); the return subsidy's share is checked against the policy.
#[utoipa::path(operation_id = "project_create", post, path = "/api/v1/projects", tag = "money",
    request_body(content = Object, description = "name, starts_on, ends_on, eligible_costs_cents, funders, periods, conditions"),
    responses((status = 201, body = ProjectOut), (status = 422, body = ApiError), (status = 403, body = ApiError)))]
pub async fn api_create(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    body: Bytes,
) -> Result<Response, ApiError> {
    let project: Project = json_body(&body)?;
    let (p, note) = st.store.save_project(&s.access, None, &project, st.now()).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(ProjectOut {
            id: p.id,
            version: p.version,
            project: p.project,
            note: note.map(|n| Tr::english(&n)),
        }),
    )
        .into_response())
}

/// A period's report in the API (integer cents; participants by number only). Named `ProjectReport` in the
/// OpenAPI document: a progress report is `ReportOut` there.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ProjectReport)]
pub struct ReportOut {
    /// The period's number and days.
    pub period: usize,
    /// First day.
    pub from: String,
    /// Last day.
    pub to: String,
    /// Participants active in the period.
    pub participants: usize,
    /// Of which started in it.
    pub started: usize,
    /// Registrations sent, verified, refused in the period.
    pub verifications: [usize; 3],
    /// Departures with IOM, with the NGO, on own means, not said.
    pub departures: [usize; 4],
    /// Other closures by outcome.
    pub other_closures: Vec<(&'static str, usize)>,
    /// Departures per month.
    pub departures_by_month: Vec<(String, usize)>,
    /// Monitoring conversations by category (the four, in order).
    pub monitoring: [usize; 4],
    /// Mean overall sustainability score (per mille).
    pub mean_score: Option<u32>,
    /// In-kind spent by category (cents).
    pub costs: Vec<(&'static str, i64)>,
    /// Spent in the period, of which cash, per participant (cents).
    pub spent_cents: i64,
    /// Of which cash.
    pub cash_cents: i64,
    /// Per participant active in the period (half up).
    pub per_participant_cents: i64,
    /// Per participant: client number and cents.
    pub by_participant: Vec<(i64, i64)>,
    /// Spent since the project began.
    pub spent_to_date_cents: i64,
}

/// A project's report for a period.
#[utoipa::path(operation_id = "project_report", get, path = "/api/v1/projects/{id}/report", tag = "money",
    params(("id" = i64, Path, description = "project id"), PeriodQuery),
    responses((status = 200, body = ReportOut), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn api_report(
    State(st): State<AppState>,
    Caller(s): Caller,
    IdPath(id): IdPath,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, ApiError> {
    let (_, n, period, r) = load(&st, &s, id, &q).await?;
    Ok(axum::Json(ReportOut {
        period: n,
        from: period.from.to_string(),
        to: period.to.to_string(),
        participants: r.participants,
        started: r.started,
        verifications: [r.verifications_sent, r.verified, r.refused],
        departures: r.departures,
        other_closures: r.other_closures,
        departures_by_month: r.departures_by_month,
        monitoring: r.monitoring,
        mean_score: r.mean_score,
        costs: r.costs.iter().map(|(c, v)| (c.as_str(), *v)).collect(),
        spent_cents: r.spent_cents,
        cash_cents: r.cash_cents,
        per_participant_cents: r.per_participant_cents,
        by_participant: r.by_participant,
        spent_to_date_cents: r.spent_to_date_cents,
    })
    .into_response())
}
