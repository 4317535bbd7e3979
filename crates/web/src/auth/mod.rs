//! Signing in and the account: login, logout and the language switch (`login`), the user's own account —
//! password, second factor, API tokens, calendar address (`account`) — and the TOTP algorithm (`totp`). The
//! primitives they rest on (cookies, password and secret hashes, the anti-forgery token) are the kit's
//! (`kit::security`), re-exported here for the command line and the tests.

pub(crate) mod account;
mod login;
pub mod totp;

use axum::Router;
use axum::routing::{get, post};

pub use crate::kit::security::*;
use crate::kit::state::AppState;

/// The routes of signing in and of the account.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(login::home))
        .route("/login", get(login::login_form).post(login::login))
        .route("/logout", post(login::logout))
        .route("/lang/{code}", get(login::set_lang))
        .merge(account::routes())
}
