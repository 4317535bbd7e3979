//! Pages as HTML: rendering a template into a response, the error page, and the navigation of each role.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use terugkeer_store::{Role, SessionInfo};

use crate::kit::i18n::Tr;

/// Room for a page as large as a client's: askama's own estimate is the template's literal text, a few
/// kilobytes, so a 40 KB page grew its buffer by doubling — copying it each time (a tenth of the client
/// page's copying on the profile). Reserving is cheap; the memory goes with the response.
const PAGE_CAPACITY: usize = 64 * 1024;

/// A template as a page with `status`; a template that fails to render is the machine's error (500, logged).
pub(crate) fn render(status: StatusCode, page: &impl Template) -> Response {
    let mut html = String::with_capacity(PAGE_CAPACITY);
    match page.render_into(&mut html) {
        Ok(()) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template error");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "kit/error.html")]
struct ErrorPage<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    message: String,
    /// The request's id, to quote (`kit::trace`).
    request_id: Option<String>,
}

/// The error page: the message in the page's language, with the caller's navigation when there is a caller.
pub(crate) fn error_page(t: Tr, s: Option<&SessionInfo>, status: StatusCode, message: String) -> Response {
    let csrf = s.map(|s| s.csrf.as_str()).unwrap_or("");
    render(
        status,
        &ErrorPage {
            t,
            user: s,
            csrf,
            message,
            request_id: crate::kit::trace::request_id(),
        },
    )
}

/// The navigation of a role: only the pages it may use.
pub fn nav_links(role: &Role) -> &'static [(&'static str, &'static str)] {
    match *role {
        Role::Caseworker => &[
            ("/dashboard", "nav.dashboard"),
            ("/clients", "nav.clients"),
            ("/clients/new", "clients.new"),
            ("/verifications", "nav.verifications"),
            ("/reports/handouts", "nav.handouts"),
        ],
        Role::Coordinator => &[
            ("/dashboard", "nav.dashboard"),
            ("/clients", "nav.clients"),
            ("/clients/new", "clients.new"),
            ("/verifications", "nav.verifications"),
            ("/reports", "nav.reports"),
            ("/reports/handouts", "nav.handouts"),
            ("/projects", "nav.projects"),
            ("/policy", "nav.policy"),
            ("/users", "nav.users"),
        ],
        Role::Partner => &[
            ("/dashboard", "nav.dashboard"),
            ("/clients", "nav.clients"),
            ("/verifications", "nav.verifications"),
            ("/reports/handouts", "nav.handouts"),
        ],
        Role::Auditor => &[("/reports", "nav.reports"), ("/reports/handouts", "nav.handouts")],
        Role::Admin => &[("/users", "nav.users"), ("/policy", "nav.policy")],
    }
}
