//! The web side of the audit trail: where a request came from, and a record of every successful read of
//! a client's file. Reads are recorded here, around the router, for every `GET` under `/clients/{id}` and
//! `/api/v1/clients/{id}` that answers 2xx — so a new page or resource about a client is audited without
//! its handler doing anything. Changes are recorded by the store, in the transaction of the change.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// The header that carries the peer's address from [`peer`] to the handlers; one sent by the client is
/// removed first, so it cannot be forged.
pub(crate) const PEER: HeaderName = HeaderName::from_static("x-terugkeer-peer");

/// The client's address as the handlers see it.
pub(crate) fn peer_of(headers: &axum::http::HeaderMap) -> Option<IpAddr> {
    headers.get(&PEER)?.to_str().ok()?.parse().ok()
}

/// The id of the client a path is about: `/clients/{id}…` or `/api/v1/clients/{id}…`.
fn client_of(path: &str) -> Option<i64> {
    let rest = path
        .strip_prefix("/api/v1/clients/")
        .or_else(|| path.strip_prefix("/clients/"))?;
    rest.split('/').next()?.parse().ok()
}

/// Puts the connection's address into [`PEER`], and writes an audit entry for a successful read of a
/// client's file. Behind a reverse proxy the address is the proxy's (see the deployment notes).
pub(crate) async fn peer_and_reads(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    req.headers_mut().remove(&PEER);
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    if let Some(v) = ip.and_then(|ip| HeaderValue::from_str(&ip.to_string()).ok()) {
        req.headers_mut().insert(PEER, v);
    }
    let read = (req.method() == Method::GET)
        .then(|| client_of(req.uri().path()))
        .flatten();
    let Some(client_id) = read else {
        return next.run(req).await;
    };
    let headers = req.headers().clone();
    let what = format!("GET {}", req.uri().path());
    let response = next.run(req).await;
    if response.status().is_success() {
        match st.caller(&headers).await {
            Ok(Some((s, _))) => {
                let a = s.access.from_address(ip);
                if let Err(e) = st.store.audit_read(&a, client_id, &what, st.now()).await {
                    // The page was already produced; a read that cannot be recorded must not pass unseen.
                    eprintln!("terugkeer: audit of a read failed: {e}");
                    return axum::response::IntoResponse::into_response(crate::error::ApiError::internal(
                        "audit",
                    ));
                }
            }
            Ok(None) => {}
            Err(e) => {
                eprintln!("terugkeer: audit of a read failed: {e}");
                return axum::response::IntoResponse::into_response(crate::error::ApiError::internal(
                    "audit",
                ));
            }
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_paths() {
        assert_eq!(client_of("/clients/12"), Some(12));
        assert_eq!(client_of("/clients/12/summary"), Some(12));
        assert_eq!(client_of("/api/v1/clients/7/assessment"), Some(7));
        assert_eq!(client_of("/clients/new"), None);
        assert_eq!(client_of("/clients"), None);
        assert_eq!(client_of("/api/v1/clients"), None);
    }
}
