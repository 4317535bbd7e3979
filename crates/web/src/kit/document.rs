//! Printed documents (`terugkeer_documents`: typst with embedded fonts) made off the threads that answer
//! requests. A document takes tens of milliseconds of one core, so it runs on the blocking pool under the
//! same per-core permits as password hashing ([`super::blocking`]), behind a bounded queue: when
//! [`QUEUE`] documents are already waiting or running, the next is refused at once with 503 and a message
//! to try again, and one that has not finished within [`LIMIT`] is answered with 503 as well (its work
//! still ends: the data's texts are clipped, so no document runs unbounded). Pages and `/healthz` never
//! wait for a document.

use std::sync::LazyLock;
use std::time::Duration;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use terugkeer_documents::Kind;
use tokio::sync::Semaphore;

use super::error::PageError;
use super::extract::Ctx;
use super::i18n::Tr;

/// How many documents may wait or run at once, over all users.
const QUEUE: usize = 16;

/// How long a request waits for its document.
const LIMIT: Duration = Duration::from_secs(30);

static SLOTS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(QUEUE));

/// The words of document `kind` in the caller's language (its family and the common one), as the `l`
/// object its template reads.
pub(crate) fn words(t: &Tr, kind: Kind) -> serde_json::Value {
    let mut l = serde_json::Map::new();
    for family in ["doc.common".to_owned(), format!("doc.{}", kind.name())] {
        for (k, v) in t.family(&family) {
            l.insert(k.to_owned(), v.into());
        }
    }
    serde_json::Value::Object(l)
}

/// Document `kind` made from `data` (which must hold `l`, see [`words`]), as a PDF download named
/// `filename`.
pub(crate) async fn pdf(
    ctx: &Ctx,
    kind: Kind,
    data: serde_json::Value,
    filename: &str,
) -> Result<Response, PageError> {
    let busy = || {
        PageError::page(
            ctx.t,
            Some(&ctx.s),
            StatusCode::SERVICE_UNAVAILABLE,
            ctx.t.s("error.busy").into(),
        )
    };
    let Ok(_slot) = SLOTS.try_acquire() else {
        tracing::warn!(document = kind.name(), "document queue full");
        return Err(busy());
    };
    let made = tokio::time::timeout(
        LIMIT,
        super::blocking::run(move || terugkeer_documents::render(kind, data)),
    )
    .await;
    let failed = |error: String| {
        tracing::error!(document = kind.name(), %error, "a document could not be made");
        PageError::page(
            ctx.t,
            Some(&ctx.s),
            StatusCode::INTERNAL_SERVER_ERROR,
            ctx.t.s("error.document").into(),
        )
    };
    match made {
        Ok(Ok(Ok(bytes))) => Ok((
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{filename}\""),
                ),
            ],
            bytes,
        )
            .into_response()),
        Ok(Ok(Err(e))) => Err(failed(format!("{}: {e}", e.code()))),
        Ok(Err(e)) => Err(failed(e.to_string())),
        Err(_) => {
            tracing::warn!(document = kind.name(), "document not made within the limit");
            Err(busy())
        }
    }
}
