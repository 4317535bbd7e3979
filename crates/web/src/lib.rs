//! # terugkeer-web
//!
//! The application caseworkers use: server-rendered pages (askama; usable without JavaScript; Dutch by
//! default, English by choice) and the JSON API under `/api/v1` with its OpenAPI document at
//! `/api/openapi.json`, over the store. Both call the same store functions and the same rules; the
//! assessment panel of a page is read from the very JSON the API returns.
//!
//! Time comes in through [`AppState::clock`], so tests run on a fixed day and nothing here reads the clock.

#![deny(missing_docs)]

// The kit at the bottom (imports no feature), one folder per feature, the OpenAPI document on top.
pub mod kit;

mod admin;
mod attachment;
pub mod auth;
mod clients;
pub mod export;
mod extension;
mod handout;
mod in_kind;
mod listen;
mod message;
mod monitoring;
mod openapi;
mod policy;
mod progress;
mod project;
mod reports;
mod verification;

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub use auth::totp;
pub use kit::state::{AppState, Clock, lang_of};
pub use listen::Limits;

const CSS: &str = include_str!("../static/app.css");

async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
}

/// The whole application: pages, API, health check, static files, with the security headers, a 1 MiB
/// body limit and a 30-second timeout on every response. Nothing is kept by a browser's or a proxy's cache
/// (`no-store`: pages and API answers carry personal data) unless a handler says otherwise (the style sheet;
/// the calendar feed, which names no one).
pub fn router(state: AppState) -> Router {
    let headers: [(HeaderName, &'static str); 6] = [
        (header::CACHE_CONTROL, "no-store"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    let mut app = Router::new()
        .merge(auth::routes())
        .merge(clients::routes())
        .merge(admin::routes())
        .merge(reports::routes())
        .merge(openapi::routes())
        .merge(verification::routes())
        .merge(progress::routes())
        .merge(monitoring::routes())
        .merge(extension::routes())
        .merge(in_kind::routes())
        .merge(handout::routes())
        .merge(message::routes())
        .merge(project::routes())
        .merge(attachment::routes())
        .merge(policy::routes())
        .route("/static/app.css", get(css))
        .route("/healthz", get(healthz))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), show_again))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            kit::trail::peer_and_reads,
        ))
        .layer(axum::middleware::from_fn(kit::trace::request_span))
        .with_state(state)
        .layer(DefaultBodyLimit::max(1024 * 1024))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ));
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    app
}

/// Serves the application on a bound listener until the process ends, under the default connection limits
/// (with the state's trusted proxies exempt from the per-address cap).
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let limits = Limits {
        exempt: state.trusted_proxies.to_vec(),
        ..Limits::default()
    };
    serve_with(listener, state, limits).await
}

/// [`serve`] under the given connection limits.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    state: AppState,
    limits: Limits,
) -> std::io::Result<()> {
    listen::serve_router(listener, router(state), limits).await
}

/// The client page in place of a feature's placeholder (`kit::again`): the one place that knows both the
/// features and the page that shows them all.
async fn show_again(
    axum::extract::State(st): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let response = next.run(req).await;
    match response.extensions().get::<kit::again::ShowAgain>() {
        Some(again) => clients::page::show_again(&st, again.clone()).await,
        None => response,
    }
}

/// Unknown address.
async fn not_found(kit::extract::Lang(t): kit::extract::Lang) -> Response {
    kit::render::error_page(t, None, StatusCode::NOT_FOUND, t.s("error.not_found").into())
}

/// Health of the service.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` or `unavailable`.
    pub status: &'static str,
    /// `sqlite` or `postgres`.
    pub database: &'static str,
    /// The engine version.
    pub version: &'static str,
    /// SHA-256 of the policy in use.
    pub policy_hash: String,
}

/// For monitoring: 200 when the database answers, 503 when it does not. No authentication.
#[utoipa::path(get, path = "/healthz", tag = "service", security(()),
    responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn healthz(axum::extract::State(st): axum::extract::State<AppState>) -> Response {
    let ok = st.store.ping().await.is_ok();
    let body = Health {
        status: if ok { "ok" } else { "unavailable" },
        database: st.store.backend(),
        version: terugkeer_rules::assess::ENGINE_VERSION,
        policy_hash: st.store.policy().hash().to_owned(),
    };
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, axum::Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use crate::kit::i18n::Tr;

    /// Every source file and template under src/.
    fn sources() -> Vec<(std::path::PathBuf, String)> {
        let mut out = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "html" || e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    out.push((path, text));
                }
            }
        }
        out
    }

    /// The sources of the other crates: rules, domain, store, text and the command line.
    fn library_sources() -> Vec<(std::path::PathBuf, String)> {
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut out = Vec::new();
        for name in ["rules", "domain", "store", "text", "terugkeer"] {
            let mut dirs = vec![crates.join(name).join("src")];
            while let Some(dir) = dirs.pop() {
                for entry in std::fs::read_dir(&dir).unwrap() {
                    let path = entry.unwrap().path();
                    if path.is_dir() {
                        dirs.push(path);
                    } else if path.extension().is_some_and(|e| e == "rs") {
                        out.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
                    }
                }
            }
        }
        assert!(out.len() > 40, "found {} library sources", out.len());
        out
    }

    /// Every refusal a library or a form can give is in the message files, in both languages: a
    /// `"problem-…"` id written in code and missing from `problems.ftl` would show as its id.
    #[test]
    fn every_problem_in_code_has_words() {
        let mut missing = Vec::new();
        let mut seen = 0;
        for (path, text) in sources().into_iter().chain(library_sources()) {
            for part in text.split("\"problem-").skip(1) {
                let rest: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                    .collect();
                if !part[rest.len()..].starts_with('"') || rest.is_empty() {
                    continue;
                }
                seen += 1;
                let id = format!("problem-{rest}");
                if !Tr::has(&id) {
                    missing.push(format!("{}: {id}", path.display()));
                }
            }
        }
        assert!(seen > 100, "found {seen} problem ids in code");
        assert!(missing.is_empty(), "problem ids without words: {missing:?}");
    }

    /// A message nobody asks for is a word left behind by a change (or a key misspelt where it is asked for).
    /// A key is asked for by its literal (`"nav.clients"`) or as one of a family built in code
    /// (`format!("stage.{}", …)`, `"opt.{v}"`).
    #[test]
    fn every_message_id_is_used() {
        let mut all: String = sources().into_iter().map(|(_, t)| t).collect();
        // The libraries' refusals (`Problem::new("problem-…")`) and the keys they name as words (a role's
        // label, a state: `format!("dtv.{}", …)`).
        for (_, text) in library_sources() {
            all.push_str(&text);
        }
        // Families `kit::form::views` builds from its label prefix (`{prefix}.{field}`), and the labels
        // `Tr::field` looks up for a refused field.
        all.push_str(r#""client.{ "record.{ "filter.{ "field.{ "fact.{"#);
        // A printed document's words, read by its template as `l.<word>` (`kit::document::words`).
        for (key, _) in template_words() {
            all.push_str(&format!("\"{key}\""));
        }
        let unused: Vec<String> = crate::kit::i18n::ids(crate::kit::i18n::FILES[0])
            .into_iter()
            // A refusal is named by its Fluent id itself (`Problem::new("problem-required")`).
            .filter(|id| !all.contains(&format!("\"{id}\"")))
            .map(|id| id.replace('-', "."))
            .filter(|key| {
                let literal = format!("\"{key}\"");
                let family = key.rsplit_once('.').map(|(f, _)| format!("\"{f}.{{"));
                !all.contains(&literal) && !family.is_some_and(|f| all.contains(&f))
            })
            .collect();
        assert!(unused.is_empty(), "message ids nobody uses: {unused:?}");
    }

    /// Every word a document template reads (`l.title`), as its message key (`doc.verification.title`),
    /// with the template's name: a word of `common.typ` belongs to the `doc.common` family.
    fn template_words() -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        let templates = terugkeer_documents::Kind::ALL
            .iter()
            .map(|k| (k.name(), k.template()))
            .chain([("common", terugkeer_documents::COMMON)]);
        for (name, source) in templates {
            for part in source.split("l.").skip(1) {
                let word: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                if !word.is_empty() {
                    out.push((format!("doc.{name}.{word}"), name));
                }
            }
        }
        out
    }

    /// Every word a document template reads is in both languages' message files (a missing one would stop
    /// the document from being made at all: typst refuses a missing key).
    #[test]
    fn every_word_of_the_document_templates_exists() {
        let words = template_words();
        assert!(words.len() > 80, "found {} words in the templates", words.len());
        let missing: Vec<&String> = words
            .iter()
            .filter(|(key, name)| {
                // `common.typ` reads the common family; a document template may read both.
                let common = key.replacen(&format!("doc.{name}."), "doc.common.", 1);
                !Tr::has(key) && !Tr::has(&common)
            })
            .map(|(key, _)| key)
            .collect();
        assert!(
            missing.is_empty(),
            "words the templates read but the files lack: {missing:?}"
        );
    }

    #[test]
    fn every_key_used_by_templates_and_forms_exists() {
        // Every template of every feature: the `.html` files under src/.
        let templates: Vec<String> = sources()
            .into_iter()
            .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
            .map(|(_, t)| t)
            .collect();
        assert!(templates.len() >= 20, "found {} templates", templates.len());
        let mut missing = Vec::new();
        for t in templates {
            for part in t.split("t.s(\"").skip(1) {
                let key = part.split('"').next().unwrap_or_default();
                if !Tr::has(key) {
                    missing.push(key.to_owned());
                }
            }
        }
        // Keys built in code: every field label, record kind, stage and deadline kind.
        let fields = crate::clients::fields::CLIENT
            .iter()
            .map(|f| format!("client.{}", f.name));
        let kinds = crate::clients::fields::RECORD_KINDS
            .iter()
            .chain(&["closure"])
            .flat_map(|k| {
                let fs = crate::clients::fields::record_fields(k).unwrap_or_default();
                fs.iter()
                    .map(|f| format!("record.{}", f.name))
                    .chain([format!("kind.{k}")])
                    .collect::<Vec<_>>()
            });
        let stages = terugkeer_domain::summary::Stage::ALL
            .iter()
            .map(|s| format!("stage.{}", s.as_str()));
        let deadlines = [
            "departure_term_end",
            "reception_end",
            "support_in_nl_end",
            "planned_departure",
        ]
        .iter()
        .map(|k| format!("deadline.{k}"));
        for key in fields.chain(kinds).chain(stages).chain(deadlines) {
            if !Tr::has(&key) {
                missing.push(key);
            }
        }
        assert!(missing.is_empty(), "missing words: {missing:?}");
    }
}
