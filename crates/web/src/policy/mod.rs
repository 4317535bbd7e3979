//! The organisation's own policy values (issue 25): a coordinator or admin adds a version — a policy file, or a
//! sheet of values (CSV or XLSX; one row per value, one per country of a list) — pasted or uploaded; the policy
//! loader checks it (every problem by the row or line it is on, with what was typed kept); a preview shows
//! whose conclusions would move before anything changes; activating it (or going back to an earlier version,
//! or to the built-in policy alone) is audited and re-assesses the organisation's clients in the background,
//! with progress on this page. Every version can be downloaded as a policy folder that
//! `terugkeer assess --policy` reads.

use std::io::Write;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde_json::{Value as Json, json};
use terugkeer_domain::local_policy::{
    Converted, Format, MAX_BYTES, MAX_ROWS, RowProblem, from_sheet_partial,
};
use terugkeer_rules::Problem;
use terugkeer_rules::policy::{Dated, Value};
use terugkeer_store::local_policy::{Impact, Job, LocalPolicy, file_name};
use terugkeer_store::{Action, SessionInfo, StoreError};

use crate::kit::error::{ApiError, PageError, forbidden, store_error};
use crate::kit::extract::{Caller, CsrfForm, Ctx, IdPath, WriteCaller, json_body};
use crate::kit::i18n::{Tr, moment};
use crate::kit::render::render;
use crate::kit::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    let limit = DefaultBodyLimit::max(MAX_BYTES + 64 * 1024);
    Router::new()
        .route("/policy", get(page).post(add).layer(limit))
        .route("/policy/withdraw", post(withdraw))
        .route("/policy/{id}/preview", post(preview))
        .route("/policy/{id}/activate", post(activate))
        .route("/policy/{id}/policy.zip", get(export))
        .route("/api/v1/policy", get(api_list).post(api_add).layer(limit))
        .route("/api/v1/policy/withdraw", post(api_withdraw))
        .route("/api/v1/policy/{id}/preview", post(api_preview))
        .route("/api/v1/policy/{id}/activate", post(api_activate))
}

/// A sheet or file as the policy file it becomes (without the rows that could not be read) and the problems
/// of the rows left out.
fn convert(format: Format, bytes: &[u8]) -> Result<(Converted, Vec<RowProblem>), Vec<RowProblem>> {
    let unreadable = |detail: String| {
        vec![RowProblem {
            row: 0,
            problem: Problem::new("problem-local-policy-loader").with("detail", detail),
        }]
    };
    if bytes.len() > MAX_BYTES {
        return Err(vec![RowProblem {
            row: 0,
            problem: Problem::new("problem-too-large"),
        }]);
    }
    match format {
        Format::Toml => match std::str::from_utf8(bytes) {
            Ok(t) => Ok((Converted::toml(t), Vec::new())),
            Err(_) => Err(vec![RowProblem {
                row: 0,
                problem: Problem::new("problem-unreadable"),
            }]),
        },
        Format::Csv => {
            let sheet = terugkeer_sheet::read_csv(bytes).map_err(unreadable)?;
            Ok(from_sheet_partial(&sheet.header, &sheet.rows))
        }
        Format::Xlsx => {
            // A list of values: a few thousand rows, a few megabytes unpacked at most.
            let sheet = terugkeer_sheet::read_xlsx_within(bytes, 16 * 1024 * 1024, MAX_ROWS + 1)
                .map_err(unreadable)?;
            Ok(from_sheet_partial(&sheet.header, &sheet.rows))
        }
    }
}

/// The loader's problems, each on the sheet's row.
fn loader_problems(converted: &Converted, e: &terugkeer_rules::policy::PolicyError) -> Vec<RowProblem> {
    e.0.iter()
        .map(|i| RowProblem {
            row: if i.line == 0 { 0 } else { converted.row_of(i.line) },
            problem: Problem::new("problem-local-policy-loader").with("detail", i.message.clone()),
        })
        .collect()
}

/// Adds a version: converted, then checked by the store with the policy loader; the loader's lines mapped
/// back to the sheet's rows, and every problem of every row given at once. Starts its preview.
async fn add_version(
    st: &AppState,
    s: &SessionInfo,
    file: &str,
    format: Format,
    bytes: &[u8],
    note: &str,
) -> Result<i64, Vec<RowProblem>> {
    // Reading a sheet and writing it as a policy file is CPU work: off the async threads.
    let owned = bytes.to_vec();
    let (converted, mut problems) = tokio::task::spawn_blocking(move || convert(format, &owned))
        .await
        .map_err(|e| {
            vec![RowProblem {
                row: 0,
                problem: Problem::new("problem-local-policy-loader").with("detail", e.to_string()),
            }]
        })??;
    if !problems.is_empty() {
        // The rows that could be read are checked too, so that one round trip shows every problem.
        let org = s.access.tenant().id();
        if let Err(e) = st.store.check_local_policy(org, 0, &converted.toml) {
            problems.extend(loader_problems(&converted, &e));
        }
        problems.sort_by_key(|p| p.row);
        return Err(problems);
    }
    match st
        .store
        .add_local_policy(&s.access, file, format, &converted.toml, note, st.now())
        .await
    {
        Ok(v) => {
            // The preview starts at once: nothing is active before its impact has been seen.
            let _ = st
                .store
                .preview_local_policy(&s.access, v, st.today(), st.now())
                .await;
            Ok(v)
        }
        Err(StoreError::LocalPolicy(e)) => Err(loader_problems(&converted, &e)),
        Err(StoreError::Input(e)) => Err(vec![RowProblem {
            row: 0,
            problem: e.message,
        }]),
        Err(other) => Err(vec![RowProblem {
            row: 0,
            problem: Problem::new("problem-local-policy-loader").with("detail", other.to_string()),
        }]),
    }
}

/// The form as typed, for showing it again.
#[derive(Default)]
struct Typed {
    format: String,
    text: String,
    note: String,
    file: String,
}

#[derive(askama::Template)]
#[template(path = "policy/policy.html")]
struct PolicyPage<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    /// "Ingebouwd beleid" or "versie 3 (bestand.csv)".
    in_force: String,
    in_force_hash: String,
    active: Option<i64>,
    job: Option<JobView>,
    versions: Vec<VersionView>,
    typed: Typed,
    /// (row, message) of a refused version.
    problems: Vec<(String, String)>,
}

struct JobView {
    running: bool,
    title: String,
    progress: String,
    failed: Option<String>,
    impact: Option<ImpactView>,
    version: i64,
    may_activate: bool,
}

struct ImpactView {
    summary: String,
    eligibility: Vec<(String, u64)>,
    fields: Vec<(String, u64)>,
    /// (client id, name, changes in words).
    rows: Vec<(i64, String, Vec<String>)>,
    more: u64,
}

struct VersionView {
    version: i64,
    title: String,
    status: String,
    active: bool,
    created: String,
    activated: String,
    note: String,
    hash: String,
    /// (parameter, from, value, citation, confidence).
    values: Vec<(String, String, String, String, String)>,
}

/// A value of the policy as a caseworker reads it.
fn shown(t: &Tr, v: Option<&Value>) -> String {
    match v {
        None => t.s("policy.unknown").to_owned(),
        Some(Value::Money(c)) => t.money(c.0),
        Some(Value::Bool(b)) => t.s(if *b { "yes" } else { "no" }).to_owned(),
        Some(Value::Countries(c)) if c.is_empty() => t.s("policy.no_countries").to_owned(),
        Some(Value::Countries(c)) => {
            let names: Vec<String> = c
                .entries
                .iter()
                .take(12)
                .map(|(code, _)| t.country(code.as_str()).into_owned())
                .collect();
            let rest = c.len().saturating_sub(12);
            let list = names.join(", ");
            let mut out = t.f(
                "policy.countries",
                &[("n", c.len().into()), ("list", list.into())],
            );
            if rest > 0 {
                out.push_str(&t.f("policy.and_more", &[("n", rest.into())]));
            }
            out
        }
        Some(other) => other.display(t.lang),
    }
}

fn value_line(
    t: &Tr,
    d: &Dated,
    policy: &terugkeer_rules::Policy,
) -> (String, String, String, String, String) {
    let p = policy.param(d.param);
    (
        t.lang.pick(&p.nl, &p.en).to_owned(),
        t.date(d.from),
        shown(t, d.value.as_ref()),
        d.citation.clone(),
        t.s(match d.confidence.mark() {
            "V" => "policy.confidence.v",
            "S" => "policy.confidence.s",
            _ => "policy.confidence.u",
        })
        .to_owned(),
    )
}

/// A conclusion's value in words.
fn conclusion(t: &Tr, v: &Json) -> String {
    match v {
        Json::Null => t.s("policy.unknown").to_owned(),
        Json::Bool(b) => t.s(if *b { "yes" } else { "no" }).to_owned(),
        Json::String(s) => match terugkeer_rules::Date::parse(s) {
            Ok(d) => t.date(d),
            Err(_) => {
                let key = format!("policy.word.{s}");
                let w = t.s(&key);
                if w == key { s.clone() } else { w.to_owned() }
            }
        },
        Json::Number(n) => n
            .as_f64()
            .map_or_else(|| n.to_string(), |e| t.money((e * 100.0).round() as i64)),
        Json::Array(a) if a.is_empty() => t.s("policy.none").to_owned(),
        Json::Array(a) => a
            .iter()
            .map(|x| match x.as_str() {
                Some(id) => t.s(&format!("rule.{id}")).to_owned(),
                None => x.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        Json::Object(_) => v.to_string(),
    }
}

fn field_label(t: &Tr, field: &str) -> String {
    t.s(&format!("policy.field.{}", field.replace('.', "_")))
        .to_owned()
}

fn impact_view(t: &Tr, i: &Impact, names: bool) -> ImpactView {
    ImpactView {
        summary: t.f(
            "policy.impact.summary",
            &[
                ("clients", i.clients.into()),
                ("moved", i.moved.into()),
                ("day", i.as_of.map(|d| t.date(d)).unwrap_or_default().into()),
            ],
        ),
        eligibility: i
            .eligibility
            .iter()
            .map(|(k, n)| {
                let (b, a) = k.split_once(" → ").unwrap_or((k, k));
                let w = |x: &str| {
                    t.s(&format!("policy.eligible.{}", x.replace(' ', "_")))
                        .to_owned()
                };
                (format!("{} → {}", w(b), w(a)), *n)
            })
            .collect(),
        fields: i.fields.iter().map(|(f, n)| (field_label(t, f), *n)).collect(),
        rows: if names {
            i.rows
                .iter()
                .map(|m| {
                    (
                        m.client_id,
                        m.name.clone(),
                        m.changes
                            .iter()
                            .map(|(f, b, a)| {
                                format!(
                                    "{}: {} → {}",
                                    field_label(t, f),
                                    conclusion(t, b),
                                    conclusion(t, a)
                                )
                            })
                            .collect(),
                    )
                })
                .collect()
        } else {
            Vec::new()
        },
        more: i.moved.saturating_sub(i.rows.len() as u64),
    }
}

fn job_view(t: &Tr, j: &Job, names: bool, active: Option<i64>) -> JobView {
    let title = match (j.kind, j.version) {
        ("preview", v) => t.f("policy.job.preview", &[("version", v.into())]),
        (_, 0) => t.s("policy.job.back_to_builtin").to_owned(),
        (_, v) => t.f("policy.job.reassess", &[("version", v.into())]),
    };
    let progress = match j.took_ms {
        None => t.f(
            "policy.job.running",
            &[("done", j.done.into()), ("total", j.total.into())],
        ),
        Some(ms) => t.f(
            "policy.job.done",
            &[
                ("done", j.done.into()),
                (
                    "seconds",
                    format!("{:.1}", ms as f64 / 1000.0).replace('.', ",").into(),
                ),
            ],
        ),
    };
    JobView {
        running: j.took_ms.is_none(),
        title,
        progress,
        failed: j.error.clone(),
        impact: j.impact.as_ref().map(|i| impact_view(t, i, names)),
        version: j.version,
        may_activate: j.kind == "preview" && active != Some(j.version),
    }
}

fn status_word(t: &Tr, s: &str) -> String {
    t.s(&format!("policy.status.{s}")).to_owned()
}

fn versions_view(st: &AppState, t: &Tr, org: i64, list: &[LocalPolicy]) -> Vec<VersionView> {
    list.iter()
        .map(|v| {
            // Only this version's own values: no built-in policy loaded per version and page view.
            let base = st.store.policy();
            let values = terugkeer_rules::policy::added_values(&file_name(org, v.version), &v.body)
                .map(|ds| ds.iter().map(|d| value_line(t, d, base)).collect())
                .unwrap_or_default();
            VersionView {
                version: v.version,
                title: t.f(
                    "policy.version",
                    &[
                        ("version", v.version.into()),
                        ("file", v.file_name.clone().into()),
                    ],
                ),
                status: status_word(t, &v.status),
                active: v.status == "active",
                created: t.f(
                    "policy.created",
                    &[
                        ("at", moment(t, &v.created_at).into()),
                        (
                            "by",
                            v.created_by
                                .clone()
                                .unwrap_or_else(|| t.s("policy.by_system").to_owned())
                                .into(),
                        ),
                    ],
                ),
                activated: match (&v.activated_at, &v.activated_by) {
                    (Some(at), by) => t.f(
                        "policy.activated",
                        &[
                            ("at", moment(t, at).into()),
                            (
                                "by",
                                by.clone()
                                    .unwrap_or_else(|| t.s("policy.by_system").to_owned())
                                    .into(),
                            ),
                        ],
                    ),
                    _ => String::new(),
                },
                note: v.note.clone(),
                hash: v.policy_hash.chars().take(12).collect(),
                values,
            }
        })
        .collect()
}

async fn render_page(
    st: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    typed: Typed,
    problems: Vec<RowProblem>,
) -> Response {
    let a = &ctx.s.access;
    let list = match st.store.local_policies(a).await {
        Ok(l) => l,
        Err(e) => return store_error(ctx, e),
    };
    let org = a.tenant().id();
    let active = list.iter().find(|v| v.status == "active");
    let names = a.may(Action::ReadCase);
    let policy = st.store.policy_of(org);
    let t = &ctx.t;
    render(
        status,
        &PolicyPage {
            t: ctx.t,
            user: Some(&ctx.s),
            csrf: &ctx.s.csrf,
            in_force: match active {
                Some(v) => t.f(
                    "policy.version",
                    &[
                        ("version", v.version.into()),
                        ("file", v.file_name.clone().into()),
                    ],
                ),
                None => t.s("policy.builtin").to_owned(),
            },
            in_force_hash: policy.hash().chars().take(12).collect(),
            active: active.map(|v| v.version),
            job: st
                .store
                .job(a)
                .map(|j| job_view(t, &j, names, active.map(|v| v.version))),
            versions: versions_view(st, t, org, &list),
            typed,
            problems: problems
                .iter()
                .map(|p| {
                    (
                        if p.row == 0 {
                            String::new()
                        } else {
                            t.f("policy.row", &[("row", p.row.into())])
                        },
                        t.problem(&p.problem),
                    )
                })
                .collect(),
        },
    )
}

async fn page(State(st): State<AppState>, ctx: Ctx) -> Response {
    if !ctx.s.access.may(Action::ManagePolicy) {
        return forbidden(&ctx);
    }
    render_page(&st, &ctx, StatusCode::OK, Typed::default(), Vec::new()).await
}

/// The multipart form: token, format, pasted text, file, note.
async fn read_form(mut m: Multipart) -> Result<(String, Typed, Vec<u8>), String> {
    let mut csrf = String::new();
    let mut typed = Typed::default();
    let mut file = Vec::new();
    loop {
        let field = match m.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(e.to_string()),
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            typed.file = field
                .file_name()
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_control())
                .collect();
            file = field.bytes().await.map_err(|e| e.to_string())?.to_vec();
            continue;
        }
        let text = field.text().await.map_err(|e| e.to_string())?;
        match name.as_str() {
            "csrf" => csrf = text,
            "format" => typed.format = text,
            "text" => typed.text = text,
            "note" => typed.note = text,
            _ => {}
        }
    }
    Ok((csrf, typed, file))
}

async fn add(State(st): State<AppState>, ctx: Ctx, m: Multipart) -> Result<Response, PageError> {
    if !ctx.s.access.may(Action::ManagePolicy) {
        return Ok(forbidden(&ctx));
    }
    let (csrf, typed, file) = read_form(m)
        .await
        .map_err(|e| PageError::page(ctx.t, Some(&ctx.s), StatusCode::BAD_REQUEST, e))?;
    crate::kit::error::multipart_csrf(&ctx, &csrf)?;
    let refuse = |id: &'static str| {
        vec![RowProblem {
            row: 0,
            problem: Problem::new(id),
        }]
    };
    // A file wins over pasted text; its format from its name when the form says nothing else.
    let (bytes, name) = if file.is_empty() {
        (typed.text.as_bytes().to_vec(), "geplakt".to_owned())
    } else {
        (file, typed.file.clone())
    };
    let by_name = Format::parse(name.rsplit('.').next().unwrap_or_default());
    let format = Format::parse(&typed.format).or(by_name);
    let outcome = match format {
        _ if bytes.iter().all(u8::is_ascii_whitespace) => Err(refuse("problem-local-policy-empty")),
        _ if typed.note.contains('\0') => Err(refuse("problem-nul-character")),
        None => Err(refuse("problem-local-policy-format")),
        Some(f) => add_version(&st, &ctx.s, &name, f, &bytes, &typed.note).await,
    };
    Ok(match outcome {
        Ok(_) => Redirect::to("/policy").into_response(),
        Err(problems) => render_page(&st, &ctx, StatusCode::UNPROCESSABLE_ENTITY, typed, problems).await,
    })
}

async fn preview(State(st): State<AppState>, ctx: Ctx, IdPath(v): IdPath, CsrfForm(_): CsrfForm) -> Response {
    match st
        .store
        .preview_local_policy(&ctx.s.access, v, st.today(), st.now())
        .await
    {
        Ok(()) => Redirect::to("/policy").into_response(),
        Err(e) => store_error(&ctx, e),
    }
}

async fn activate(
    State(st): State<AppState>,
    ctx: Ctx,
    IdPath(v): IdPath,
    CsrfForm(_): CsrfForm,
) -> Response {
    match st
        .store
        .activate_local_policy(&ctx.s.access, Some(v), st.now())
        .await
    {
        Ok(()) => Redirect::to("/policy").into_response(),
        Err(e) => store_error(&ctx, e),
    }
}

async fn withdraw(State(st): State<AppState>, ctx: Ctx, CsrfForm(_): CsrfForm) -> Response {
    match st
        .store
        .activate_local_policy(&ctx.s.access, None, st.now())
        .await
    {
        Ok(()) => Redirect::to("/policy").into_response(),
        Err(e) => store_error(&ctx, e),
    }
}

/// A policy folder as a zip: the built-in files and the organisation's version (0: none), with a README.
fn folder_zip(files: &[(String, String)], version: i64) -> Result<Vec<u8>, String> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let dir = format!("beleid-v{version}");
    for (name, text) in files {
        z.start_file(format!("{dir}/{name}"), opts)
            .map_err(|e| e.to_string())?;
        z.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    }
    z.start_file(format!("{dir}/LEESMIJ.txt"), opts)
        .map_err(|e| e.to_string())?;
    z.write_all(
        format!(
            "Beleidsmap: het ingebouwde beleid met de eigen waarden van de organisatie (versie {version}).\n\
             Gebruik: terugkeer assess --policy {dir} < zaken.jsonl\n"
        )
        .as_bytes(),
    )
    .map_err(|e| e.to_string())?;
    Ok(z.finish().map_err(|e| e.to_string())?.into_inner())
}

async fn export(State(st): State<AppState>, ctx: Ctx, IdPath(v): IdPath) -> Response {
    let list = match st.store.local_policies(&ctx.s.access).await {
        Ok(l) => l,
        Err(e) => return store_error(&ctx, e),
    };
    let org = ctx.s.access.tenant().id();
    let Some(version) = list.iter().find(|x| x.version == v) else {
        return store_error(&ctx, StoreError::NotFound);
    };
    let policy = match st.store.check_local_policy(org, v, &version.body) {
        Ok(p) => p,
        Err(e) => return store_error(&ctx, StoreError::LocalPolicy(e)),
    };
    match folder_zip(policy.sources(), v) {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/zip".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"beleid-v{v}.zip\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => store_error(&ctx, StoreError::Corrupt(e)),
    }
}

// The API.

/// A version as the API gives it.
fn version_json(org: i64, v: &LocalPolicy) -> Json {
    json!({
        "version": v.version, "file_name": v.file_name, "format": v.format.as_str(), "note": v.note,
        "status": v.status, "policy_hash": v.policy_hash, "created_by": v.created_by, "created_at": v.created_at,
        "activated_by": v.activated_by, "activated_at": v.activated_at, "policy_file": file_name(org, v.version),
        "body": v.body,
    })
}

/// The organisation's versions, the one in force and the current or last job (a preview's impact included).
#[utoipa::path(operation_id = "policy_list", get, path = "/api/v1/policy", tag = "policy",
    responses((status = 200, description = "Versions, the policy in force and the current job")))]
pub(crate) async fn api_list(State(st): State<AppState>, Caller(s): Caller) -> Result<Response, ApiError> {
    let list = st.store.local_policies(&s.access).await?;
    let org = s.access.tenant().id();
    let policy = st.store.policy_of(org);
    Ok(axum::Json(json!({
        "in_force": {"version": list.iter().find(|v| v.status == "active").map(|v| v.version),
                     "policy_hash": policy.hash()},
        "versions": list.iter().map(|v| version_json(org, v)).collect::<Vec<_>>(),
        "job": st.store.job(&s.access),
    }))
    .into_response())
}

/// A new version: `format` (`toml`, `csv` or `xlsx`), `body` (the text; for XLSX `body_base64`), optional
/// `file_name` and `note`.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewVersion {
    /// `toml`, `csv` or `xlsx`.
    pub format: String,
    /// The policy file or CSV as text.
    #[serde(default)]
    pub body: Option<String>,
    /// An XLSX file, base64.
    #[serde(default)]
    pub body_base64: Option<String>,
    /// Where it came from.
    #[serde(default)]
    pub file_name: Option<String>,
    /// A note.
    #[serde(default)]
    pub note: Option<String>,
}

fn problems_error(problems: &[RowProblem]) -> ApiError {
    let lines: Vec<String> = problems
        .iter()
        .map(|p| {
            let m = Tr::english(&p.problem);
            if p.row == 0 {
                m
            } else {
                format!("row {}: {m}", p.row)
            }
        })
        .collect();
    let mut e = ApiError::invalid_parameter("body", lines.join("; "));
    e.message_id = problems.first().map(|p| p.problem.id);
    e
}

/// Adds a version (checked by the policy loader; problems by row) and starts its preview. 201 with its number.
#[utoipa::path(operation_id = "policy_add", post, path = "/api/v1/policy", tag = "policy", request_body = NewVersion,
    responses((status = 201, description = "Added; its preview runs"), (status = 422, description = "Refused, by row")))]
pub(crate) async fn api_add(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    body: Bytes,
) -> Result<Response, ApiError> {
    let n: NewVersion = json_body(&body)?;
    let format = Format::parse(&n.format)
        .ok_or_else(|| ApiError::invalid("format", Problem::new("problem-local-policy-format")))?;
    let bytes = match (n.body, n.body_base64) {
        (Some(b), None) => b.into_bytes(),
        (None, Some(b)) => data_encoding::BASE64
            .decode(b.as_bytes())
            .map_err(|_| ApiError::invalid("body_base64", Problem::new("problem-unreadable")))?,
        _ => {
            return Err(ApiError::invalid(
                "body",
                Problem::new("problem-local-policy-empty"),
            ));
        }
    };
    if !s.access.may(Action::ManagePolicy) {
        return Err(StoreError::Forbidden.into());
    }
    let file = n.file_name.unwrap_or_else(|| format!("api.{}", format.as_str()));
    match add_version(
        &st,
        &s,
        &file,
        format,
        &bytes,
        n.note.as_deref().unwrap_or_default(),
    )
    .await
    {
        Ok(v) => Ok((StatusCode::CREATED, axum::Json(json!({"version": v}))).into_response()),
        Err(p) => Err(problems_error(&p)),
    }
}

/// Starts a preview of a version against the open caseload (see `GET /api/v1/policy` for its progress).
#[utoipa::path(operation_id = "policy_preview", post, path = "/api/v1/policy/{id}/preview", tag = "policy",
    params(("id" = i64, Path, description = "The version")),
    responses((status = 202, description = "Started")))]
pub(crate) async fn api_preview(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    IdPath(v): IdPath,
) -> Result<Response, ApiError> {
    st.store
        .preview_local_policy(&s.access, v, st.today(), st.now())
        .await?;
    Ok(StatusCode::ACCEPTED.into_response())
}

/// Makes a version the organisation's own values (also an earlier one: the way back); re-assessment runs in
/// the background.
#[utoipa::path(operation_id = "policy_activate", post, path = "/api/v1/policy/{id}/activate", tag = "policy",
    params(("id" = i64, Path, description = "The version")),
    responses((status = 202, description = "Active; re-assessment started")))]
pub(crate) async fn api_activate(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    IdPath(v): IdPath,
) -> Result<Response, ApiError> {
    st.store
        .activate_local_policy(&s.access, Some(v), st.now())
        .await?;
    Ok(StatusCode::ACCEPTED.into_response())
}

/// Back to the built-in policy alone; re-assessment runs in the background.
#[utoipa::path(operation_id = "policy_withdraw", post, path = "/api/v1/policy/withdraw", tag = "policy",
    responses((status = 202, description = "Withdrawn; re-assessment started")))]
pub(crate) async fn api_withdraw(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
) -> Result<Response, ApiError> {
    st.store.activate_local_policy(&s.access, None, st.now()).await?;
    Ok(StatusCode::ACCEPTED.into_response())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_folder_zip_holds_every_file_and_reads_back() {
        let files = vec![
            ("a.toml".to_owned(), "x = 1\n".to_owned()),
            ("organisatie-1-v2.toml".to_owned(), "y\n".to_owned()),
        ];
        let bytes = folder_zip(&files, 2).unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<String> = (0..z.len())
            .map(|i| z.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "beleid-v2/a.toml",
                "beleid-v2/organisatie-1-v2.toml",
                "beleid-v2/LEESMIJ.txt"
            ]
        );
    }
}
