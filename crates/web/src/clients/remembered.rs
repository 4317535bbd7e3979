//! The caller as the session their cookie names was last found (see `kit::sessions`), for the three pages a
//! caseworker opens most — dashboard, list, client page — which read their data and that session in one
//! statement and keep the page only if the statement found the session unchanged ([`Remembered::holds`]);
//! otherwise they take the ordinary way ([`Ctx::of`]).

use terugkeer_store::SessionInfo;

use crate::kit::extract::{Asker, Ctx};
use crate::kit::security;
use crate::kit::state::AppState;

/// See the module.
pub(super) struct Remembered {
    pub(super) ctx: Ctx,
    hash: String,
    info: SessionInfo,
}

impl Remembered {
    /// `None` without a remembered session, or if it must first change its password or set up a second factor
    /// (the ordinary way redirects).
    pub(super) fn of(st: &AppState, asker: &Asker) -> Option<Remembered> {
        let cookie = security::cookie(&asker.headers, security::SESSION_COOKIE).filter(|v| !v.is_empty())?;
        let hash = security::secret_hash(cookie);
        let info = st.sessions.get(&hash)?;
        if info.must_change_password || info.needs_totp {
            return None;
        }
        let mut s = info.clone();
        s.access = s.access.from_address(asker.peer);
        Some(Remembered {
            ctx: Ctx { s, t: asker.tr() },
            hash,
            info,
        })
    }

    /// The session's id hash and the time to check it at, for the statement.
    pub(super) fn check(&self, st: &AppState) -> (&str, jiff::Timestamp) {
        (&self.hash, st.now())
    }

    /// The caller, if the statement read the session as remembered (`found`: `None` if it did not, failed, or
    /// found nothing); otherwise the session is forgotten and the page takes the ordinary way, which answers an
    /// ended, expired or changed session — and any error — as it always does.
    pub(super) fn holds(self, st: &AppState, found: Option<&SessionInfo>) -> Option<Ctx> {
        if found == Some(&self.info) {
            return Some(self.ctx);
        }
        st.sessions.forget(&self.hash);
        None
    }
}
