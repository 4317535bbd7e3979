//! The browser sessions this server last found, by the hash of their id. The two pages a caseworker opens most —
//! the client page and the dashboard — build their one statement from the session the cookie names here and keep
//! the page only if that statement, reading the session in the same snapshot, finds it unchanged
//! ([`terugkeer_store::Store::case_file_in_session`], [`terugkeer_store::Store::dashboard_in_session`];
//! `clients/remembered.rs`); otherwise they forget the session and take the ordinary way (look the session up,
//! then read). That saves the lookup's round trip without ever showing a page under a session that has ended,
//! expired or changed (role, organisation, a forced password change) — on this server or on another one sharing
//! the database. Nothing else trusts what is remembered here.

use std::collections::HashMap;
use std::sync::Mutex;

use terugkeer_store::SessionInfo;

/// Sessions remembered at most; past that the memory starts again (a busy server's live sessions are far fewer).
const MAX: usize = 10_000;

/// See the module.
#[derive(Default)]
pub(crate) struct Sessions(Mutex<HashMap<String, SessionInfo>>);

impl Sessions {
    /// The session last found under this id hash, as the store gave it (without the request's address).
    pub(crate) fn get(&self, hash: &str) -> Option<SessionInfo> {
        self.0.lock().ok()?.get(hash).cloned()
    }

    /// Remembers what the store just said about this session.
    pub(crate) fn put(&self, hash: &str, mut s: SessionInfo) {
        s.access = s.access.from_address(None);
        // A poisoned lock (a panic while held) only means nothing is remembered: the ordinary way still works.
        if let Ok(mut m) = self.0.lock() {
            if m.len() >= MAX && !m.contains_key(hash) {
                m.clear();
            }
            m.insert(hash.to_owned(), s);
        }
    }

    /// Forgets a session (ended, changed, or not found).
    pub(crate) fn forget(&self, hash: &str) {
        if let Ok(mut m) = self.0.lock() {
            m.remove(hash);
        }
    }
}
