//! What every handler shares: the store, the clock, the server's settings and its memories (sessions last
//! found, the writer of the audit of reads).

use std::sync::Arc;

use jiff::Timestamp;
use terugkeer_rules::{Date, Lang};
use terugkeer_store::{SessionInfo, Store, day_of};

use crate::kit::{security, sessions, trail};

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
        peer: Option<std::net::IpAddr>,
    ) -> Result<Option<(SessionInfo, String)>, terugkeer_store::StoreError> {
        if let Some(id) = security::cookie(headers, security::SESSION_COOKIE).filter(|v| !v.is_empty()) {
            let hash = security::secret_hash(id);
            if let Some(mut s) = self.store.session(&hash, self.now()).await? {
                self.sessions.put(&hash, s.clone());
                s.access = s.access.from_address(peer);
                return Ok(Some((s, hash)));
            }
            self.sessions.forget(&hash);
        }
        if let Some(token) = security::bearer(headers) {
            let hash = security::secret_hash(token);
            if let Some(mut s) = self.store.token(&hash, self.now()).await? {
                s.access = s.access.from_address(peer);
                return Ok(Some((s, String::new())));
            }
        }
        Ok(None)
    }
}

/// The language of a request: the language cookie, else Dutch.
pub fn lang_of(headers: &axum::http::HeaderMap) -> Lang {
    match security::cookie(headers, security::LANG_COOKIE) {
        Some("en") => Lang::En,
        _ => Lang::Nl,
    }
}
