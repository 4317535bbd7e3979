//! One span per request, and the request's id. Every request gets an id (`x-request-id` on the response, and
//! on the error page and in a JSON error, so a user can quote it); its span carries the method, the matched
//! route (`/clients/{id}`, never the address itself, so no id or search term of a client reaches the log),
//! the status and the duration. Log lines say what failed, never a name, a note or any special-category
//! value: the store's errors name fields, not contents.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// A random start for this process's ids, so ids from two servers (or two runs) do not collide.
static PREFIX: LazyLock<u32> = LazyLock::new(|| {
    let mut b = [0u8; 4];
    // Without randomness the ids are still unique within the process.
    let _ = getrandom::fill(&mut b);
    u32::from_le_bytes(b)
});
static NEXT: AtomicU64 = AtomicU64::new(1);

/// The id of the request being handled, if any (error pages and JSON errors show it).
pub(crate) fn request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// The middleware: an id and a span for the request, one line when it is answered.
pub(crate) async fn request_span(req: Request, next: Next) -> Response {
    let id = format!("{:08x}-{:x}", *PREFIX, NEXT.fetch_add(1, Ordering::Relaxed));
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("(no route)", |m| m.as_str())
        .to_owned();
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %req.method(),
        route = %route,
    );
    let start = Instant::now();
    let mut response = REQUEST_ID
        .scope(id.clone(), next.run(req))
        .instrument(span.clone())
        .await;
    let status = response.status().as_u16();
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| {
        // Target `request`: off by default (`--log info,request=warn`), on with `--log info`. A line per request
        // on the answering path cost the cheapest pages 10-15% of their throughput on two cores (the writer's
        // wake-up); a reverse proxy usually keeps the access log. Failures are always written.
        if status >= 500 {
            tracing::warn!(target: "request", status, ms, "answered");
        } else {
            tracing::info!(target: "request", status, ms, "answered");
        }
    });
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", v);
    }
    response
}
