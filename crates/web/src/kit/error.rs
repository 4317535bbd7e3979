//! The two ways a request fails. The JSON API answers `{code, message, field?}` ([`ApiError`]) with a 4xx for
//! anything the caller can fix, naming the field; a 5xx only for a failure of the machine, whose detail goes to
//! the log and not to the caller. A page answers with a page ([`PageError`]): the error page in the caller's
//! language, a redirect (to log in, or to finish the account first), or the form again with the message beside
//! its field — so a handler returns `Result<Response, PageError>` and uses `?`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use terugkeer_rules::Problem;
use terugkeer_store::{SessionInfo, StoreError};

use crate::kit::extract::Ctx;
use crate::kit::form::FieldError;
use crate::kit::i18n::Tr;
use crate::kit::render::error_page;

/// An API error.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApiError {
    #[serde(skip)]
    pub(crate) status: u16,
    /// Stable code: `invalid`, `not_found`, `stale`, `likely_duplicate`, `taken`, `unauthorized`,
    /// `forbidden`, `not_assessable`, `internal`.
    pub code: &'static str,
    /// What went wrong, in words (English).
    pub message: String,
    /// For a refused input (`invalid`, `not_assessable`): the message's id in the message files
    /// (`problem-required`), for a client that shows its own words or another language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<&'static str>,
    /// The field, when one is to blame (a JSON path such as `records[2].on`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For `stale`: the data as it is now; for `likely_duplicate`: the clients it may duplicate.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub current: Option<Box<serde_json::Value>>,
    /// The request's id, to quote when asking about the error (also in the `x-request-id` header).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl ApiError {
    /// A new error.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: status.as_u16(),
            code,
            message: message.into(),
            message_id: None,
            field: None,
            current: None,
            request_id: crate::kit::trace::request_id(),
        }
    }

    /// 422 naming a field, with the refusal in English and its message id.
    pub fn invalid(field: impl Into<String>, message: Problem) -> ApiError {
        ApiError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            field.into(),
            &message,
        )
    }

    fn refused(status: StatusCode, code: &'static str, field: String, message: &Problem) -> ApiError {
        ApiError {
            field: Some(field),
            message_id: Some(message.id),
            ..ApiError::new(status, code, Tr::english(message))
        }
    }

    /// 422 naming a parameter of the API itself (a query string's `limit`, `sort`): words that no page shows,
    /// in English as the rest of the API.
    pub fn invalid_parameter(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError {
            field: Some(field.into()),
            ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
        }
    }

    /// 404.
    pub fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", "not found")
    }

    /// 401.
    pub fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "log in, or send Authorization: Bearer <token>",
        )
    }

    /// With the current data attached.
    pub fn with_current(mut self, current: serde_json::Value) -> ApiError {
        self.current = Some(Box::new(current));
        self
    }

    /// 500, logging the detail.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        tracing::error!(error = %detail, "internal error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error; it has been logged",
        )
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> ApiError {
        ApiError::invalid(e.field, e.message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound => ApiError::not_found(),
            StoreError::Forbidden => ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "your role may not do this".to_owned(),
            ),
            StoreError::Stale { current_version } => ApiError::new(
                StatusCode::CONFLICT,
                "stale",
                format!(
                    "changed meanwhile: now version {current_version}; re-read and apply your change again"
                ),
            ),
            StoreError::Input(i) => ApiError::invalid(i.field, i.message),
            StoreError::Facts(f) => ApiError::refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                "not_assessable",
                f.field,
                &f.message,
            ),
            StoreError::Taken { field } => ApiError {
                field: Some(field.into()),
                ..ApiError::new(StatusCode::CONFLICT, "taken", format!("{field} is already taken"))
            },
            other => ApiError::internal(other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(self)).into_response()
    }
}

/// A page that could not be completed, as the response to show instead (boxed: a response is large, and
/// the happy path should not carry its size).
pub struct PageError(Box<Response>);

impl PageError {
    /// A redirect (303) to `to`.
    pub(crate) fn redirect(to: &str) -> PageError {
        PageError::from(axum::response::Redirect::to(to).into_response())
    }

    /// The error page with `message`, with the caller's navigation when there is a caller.
    pub(crate) fn page(t: Tr, s: Option<&SessionInfo>, status: StatusCode, message: String) -> PageError {
        PageError::from(error_page(t, s, status, message))
    }

    /// 404: the thing is not there, or not the caller's to see (the same answer, so nothing is revealed).
    pub(crate) fn not_found(ctx: &Ctx) -> PageError {
        PageError::page(
            ctx.t,
            Some(&ctx.s),
            StatusCode::NOT_FOUND,
            ctx.t.s("error.not_found").into(),
        )
    }

    /// 403: a page or action the caller's role does not allow (on something they may see).
    pub(crate) fn forbidden(ctx: &Ctx) -> PageError {
        PageError::page(
            ctx.t,
            Some(&ctx.s),
            StatusCode::FORBIDDEN,
            ctx.t.s("error.forbidden").into(),
        )
    }

    /// 500: the machine's failure; the detail goes to the log, not to the page.
    pub(crate) fn internal(t: Tr, s: Option<&SessionInfo>, detail: impl std::fmt::Display) -> PageError {
        tracing::error!(error = %detail, "internal error");
        PageError::page(t, s, StatusCode::INTERNAL_SERVER_ERROR, "internal error".into())
    }

    /// A store failure as a page: not found is 404, a role's refusal 403, refused input 422 naming the field
    /// (in the page's language); anything else is the machine's (500, logged).
    pub(crate) fn store(ctx: &Ctx, e: StoreError) -> PageError {
        match e {
            StoreError::Input(i) => PageError::page(
                ctx.t,
                Some(&ctx.s),
                StatusCode::UNPROCESSABLE_ENTITY,
                ctx.t.refusal(i.field, &i.message),
            ),
            StoreError::NotFound => PageError::not_found(ctx),
            StoreError::Forbidden => PageError::forbidden(ctx),
            other => PageError::internal(ctx.t, Some(&ctx.s), other),
        }
    }
}

impl From<Response> for PageError {
    fn from(r: Response) -> PageError {
        PageError(Box::new(r))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        *self.0
    }
}

/// A store result on a page: its value, or the page that says what went wrong ([`PageError::store`]).
pub(crate) trait OrPage<T> {
    /// See the trait.
    fn or_page(self, ctx: &Ctx) -> Result<T, PageError>;
}

impl<T> OrPage<T> for Result<T, StoreError> {
    fn or_page(self, ctx: &Ctx) -> Result<T, PageError> {
        self.map_err(|e| PageError::store(ctx, e))
    }
}

/// [`PageError::store`] as a response, for a handler that answers with a page in every case.
pub(crate) fn store_error(ctx: &Ctx, e: StoreError) -> Response {
    PageError::store(ctx, e).into_response()
}

/// A multipart form's anti-forgery token checked (a multipart body is read by its handler, not by
/// [`crate::kit::extract::CsrfForm`]): the error page when it does not match.
pub(crate) fn multipart_csrf(ctx: &Ctx, submitted: &str) -> Result<(), PageError> {
    if crate::kit::security::csrf_ok(&ctx.s, submitted) {
        Ok(())
    } else {
        Err(PageError::page(
            ctx.t,
            Some(&ctx.s),
            StatusCode::FORBIDDEN,
            ctx.t.s("error.csrf").into(),
        ))
    }
}

/// [`PageError::forbidden`] as a response.
pub(crate) fn forbidden(ctx: &Ctx) -> Response {
    PageError::forbidden(ctx).into_response()
}
