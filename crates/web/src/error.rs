//! Errors of the JSON API: `{code, message, field?}` with a 4xx for anything the caller can fix, naming the
//! field; a 5xx only for a failure of the machine, whose detail goes to the log and not to the caller.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use terugkeer_store::StoreError;

use crate::forms::FieldError;

/// An API error.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApiError {
    #[serde(skip)]
    pub(crate) status: u16,
    /// Stable code: `invalid`, `not_found`, `stale`, `likely_duplicate`, `taken`, `unauthorized`,
    /// `forbidden`, `not_assessable`, `internal`.
    pub code: &'static str,
    /// What went wrong, in words.
    pub message: String,
    /// The field, when one is to blame (a JSON path such as `records[2].on`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For `stale`: the data as it is now; for `likely_duplicate`: the clients it may duplicate.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub current: Option<serde_json::Value>,
}

impl ApiError {
    /// A new error.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: status.as_u16(),
            code,
            message: message.into(),
            field: None,
            current: None,
        }
    }

    /// 422 naming a field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> ApiError {
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
        self.current = Some(current);
        self
    }

    /// 500, logging the detail.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        eprintln!("terugkeer: internal error: {detail}");
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
            StoreError::Facts(f) => ApiError {
                field: Some(f.field.clone()),
                ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "not_assessable", f.message)
            },
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
