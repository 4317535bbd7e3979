//! # terugkeer-web
//!
//! The application caseworkers use: server-rendered pages (askama; usable without JavaScript; Dutch by
//! default, English by choice) and the JSON API under `/api/v1` with its OpenAPI document at
//! `/api/openapi.json`, over the store. Both call the same store functions and the same rules; the
//! assessment panel of a page is read from the very JSON the API returns.
//!
//! Time comes in through [`AppState::clock`], so tests run on a fixed day and nothing here reads the clock.

#![deny(missing_docs)]

mod account;
mod admin;
pub mod api;
mod attachment;
pub mod auth;
pub mod chart;
pub mod error;
mod export;
mod extension;
pub mod forms;
mod handout;
pub mod i18n;
mod in_kind;
mod messages;
mod monitoring;
pub mod pages;
pub mod panel;
pub mod pdf;
mod progress;
mod project;
mod sessions;
pub mod totp;
mod trail;
mod verification;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use jiff::Timestamp;
use terugkeer_rules::{Date, Lang};
use terugkeer_store::{SessionInfo, Store, day_of};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

/// The source of "now".
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Now.
    pub clock: Clock,
    /// Mark cookies `Secure` (behind TLS).
    pub secure_cookies: bool,
    /// How long a browser session lives.
    pub session_hours: i64,
    /// Reverse proxies whose `X-Forwarded-For` is believed: a request from one of these addresses is
    /// recorded (audit trail, login throttling) with the address the proxy appended last. Any other
    /// connection's header is ignored, so a client cannot forge its address.
    pub trusted_proxies: Arc<Vec<std::net::IpAddr>>,
    /// The record of reads, started with the first one (inside the server's runtime).
    reads: Arc<std::sync::OnceLock<trail::ReadLog>>,
    /// The sessions last found (see [`sessions`]).
    pub(crate) sessions: Arc<sessions::Sessions>,
}

impl AppState {
    /// A state over `store` with `clock`; cookies not marked Secure (plain HTTP on localhost).
    pub fn new(store: Store, clock: Clock) -> AppState {
        AppState {
            store,
            clock,
            secure_cookies: false,
            session_hours: 12,
            trusted_proxies: Arc::default(),
            reads: Arc::default(),
            sessions: Arc::default(),
        }
    }

    /// The record of reads (see [`trail`]).
    pub(crate) fn read_log(&self) -> &trail::ReadLog {
        self.reads
            .get_or_init(|| trail::ReadLog::start(self.store.clone()))
    }

    /// Now.
    pub fn now(&self) -> Timestamp {
        (self.clock)()
    }

    /// Today in Europe/Amsterdam.
    pub fn today(&self) -> Date {
        day_of(self.now())
    }

    /// The live session or API token of a request: the session cookie first, then a bearer token. Returns
    /// who is asking and the session id's hash (empty for a token).
    pub async fn caller(
        &self,
        headers: &axum::http::HeaderMap,
    ) -> Result<Option<(SessionInfo, String)>, terugkeer_store::StoreError> {
        if let Some(id) = auth::cookie(headers, auth::SESSION_COOKIE).filter(|v| !v.is_empty()) {
            let hash = auth::secret_hash(id);
            if let Some(mut s) = self.store.session(&hash, self.now()).await? {
                self.sessions.put(&hash, s.clone());
                s.access = s.access.from_address(trail::peer_of(headers));
                return Ok(Some((s, hash)));
            }
            self.sessions.forget(&hash);
        }
        if let Some(token) = auth::bearer(headers) {
            let hash = auth::secret_hash(token);
            if let Some(mut s) = self.store.token(&hash, self.now()).await? {
                s.access = s.access.from_address(trail::peer_of(headers));
                return Ok(Some((s, String::new())));
            }
        }
        Ok(None)
    }
}

/// The language of a request: the language cookie, else Dutch.
pub fn lang_of(headers: &axum::http::HeaderMap) -> Lang {
    match auth::cookie(headers, auth::LANG_COOKIE) {
        Some("en") => Lang::En,
        _ => Lang::Nl,
    }
}

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
/// body limit and a 30-second timeout on every response.
pub fn router(state: AppState) -> Router {
    let headers: [(HeaderName, &'static str); 5] = [
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
        .merge(pages::routes())
        .merge(admin::routes())
        .merge(account::routes())
        .merge(api::routes())
        .merge(verification::routes())
        .merge(progress::routes())
        .merge(monitoring::routes())
        .merge(extension::routes())
        .merge(in_kind::routes())
        .merge(handout::routes())
        .merge(project::routes())
        .merge(attachment::routes())
        .merge(export::routes())
        .route("/static/app.css", get(css))
        .route("/healthz", get(api::healthz))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            trail::peer_and_reads,
        ))
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

/// Serves the application on a bound listener until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).await
}
