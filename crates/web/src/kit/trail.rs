//! The web side of the audit trail: where a request came from, and a record of every successful read of
//! a client's file. Reads are recorded here, around the router, for every `GET` under `/clients/{id}` and
//! `/api/v1/clients/{id}` that answers 2xx — so a new page or resource about a client is audited without
//! its handler doing anything. Changes are recorded by the store, in the transaction of the change.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use terugkeer_store::{Read, Seen, Store};

use crate::kit::state::AppState;

/// The client's address as [`peer_and_reads`] found it, carried to the handlers as a request extension (a
/// client cannot send an extension, so it cannot be forged).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Peer(pub(crate) Option<IpAddr>);

/// The client's address as the handlers see it.
pub(crate) fn peer_of(extensions: &axum::http::Extensions) -> Option<IpAddr> {
    extensions.get::<Peer>().and_then(|p| p.0)
}

/// The last address of `X-Forwarded-For` (of the last such header), if it is one.
fn forwarded_for(headers: &axum::http::HeaderMap) -> Option<IpAddr> {
    let last = headers.get_all("x-forwarded-for").iter().next_back()?;
    last.to_str().ok()?.rsplit(',').next()?.trim().parse().ok()
}

/// The id of the client a path is about: `/clients/{id}…` or `/api/v1/clients/{id}…`.
fn client_of(path: &str) -> Option<i64> {
    let rest = path
        .strip_prefix("/api/v1/clients/")
        .or_else(|| path.strip_prefix("/clients/"))?;
    rest.split('/').next()?.parse().ok()
}

/// Puts the connection's address into [`Peer`], and writes an audit entry for a successful read of a
/// client's file. Behind a reverse proxy named by `--trusted-proxy`, the address the proxy saw
/// (`docs/deployment.md`).
pub(crate) async fn peer_and_reads(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    // Behind a trusted reverse proxy: the address it appended last to X-Forwarded-For (the one it saw).
    let ip = match ip {
        Some(proxy) if st.trusted_proxies.contains(&proxy) => forwarded_for(req.headers()).or(Some(proxy)),
        other => other,
    };
    req.extensions_mut().insert(Peer(ip));
    let read = (req.method() == Method::GET)
        .then(|| client_of(req.uri().path()))
        .flatten();
    let Some(client_id) = read else {
        return next.run(req).await;
    };
    let headers = req.headers().clone();
    let what = format!("GET {}", req.uri().path());
    let early = EarlyRead {
        client_id,
        what: what.clone(),
        ip,
        pending: Default::default(),
    };
    req.extensions_mut().insert(early.clone());
    let response = next.run(req).await;
    if let Some(pending) = early.take() {
        // The handler had the record of the read started (whatever the page's status then).
        if !pending.await.unwrap_or(false) {
            return axum::response::IntoResponse::into_response(crate::kit::error::ApiError::internal(
                "audit",
            ));
        }
        return response;
    }
    if response.status().is_success() {
        // The handler may say who read (saving a session lookup) — with the store's word that they saw the
        // client, saving a visibility check too; otherwise the session or token tells.
        let seen = response.extensions().get::<Seen>().copied();
        let known = seen
            .map(|s| s.access())
            .or_else(|| response.extensions().get::<terugkeer_store::Access>().copied());
        let caller = match known {
            Some(a) => Ok(Some(a)),
            None => st.caller(&headers, ip).await.map(|c| c.map(|(s, _)| s.access)),
        };
        let written = match caller {
            Ok(Some(access)) => {
                let read = Read {
                    seen: seen.map(|s| s.from_address(ip)),
                    access: access.from_address(ip),
                    client_id,
                    what,
                    at: st.now(),
                };
                st.read_log().record(read).await
            }
            Ok(None) => true,
            Err(e) => {
                tracing::error!(error = %e, "audit of a read failed");
                false
            }
        };
        if !written {
            // The page was already produced; a read that cannot be recorded must not pass unseen.
            return axum::response::IntoResponse::into_response(crate::kit::error::ApiError::internal(
                "audit",
            ));
        }
    }
    response
}

type Reply = tokio::sync::oneshot::Sender<bool>;

/// A read the handler may have recorded as soon as it has read the file, before building the page — so that
/// the record's write and the page's rendering overlap. [`peer_and_reads`] gives every audited `GET` one;
/// when the handler started the record, the middleware waits for it instead of writing one itself.
#[derive(Clone)]
pub(crate) struct EarlyRead {
    client_id: i64,
    what: String,
    ip: Option<IpAddr>,
    pending: std::sync::Arc<std::sync::Mutex<Option<tokio::sync::oneshot::Receiver<bool>>>>,
}

impl EarlyRead {
    /// Queues the record of this read by whoever `seen` says saw the client. The record is written even if
    /// the page then fails to build (a read recorded that was not shown, never the reverse).
    pub(crate) fn start(&self, st: &AppState, seen: Seen) {
        // Poisoned only by a panic while holding it: then the middleware records the read after the page.
        let Ok(mut pending) = self.pending.lock() else {
            return;
        };
        let read = Read {
            seen: Some(seen.from_address(self.ip)),
            access: seen.access().from_address(self.ip),
            client_id: self.client_id,
            what: self.what.clone(),
            at: st.now(),
        };
        *pending = st.read_log().queue(read);
    }

    /// The record started by the handler, if it started one.
    fn take(&self) -> Option<tokio::sync::oneshot::Receiver<bool>> {
        self.pending.lock().ok()?.take()
    }
}

/// Group commit for the record of reads: requests queue their read and wait; one task writes whatever has
/// queued up in one transaction, on a connection of its own, then answers them all. A read is answered only
/// once its record is on disk, yet a burst of reads costs one flush, not one each (with SQLite's full sync,
/// one flush per read held the client page to ~770 requests/s; waiting for a pooled connection behind the
/// requests held it to ~2,000).
pub(crate) struct ReadLog {
    queue: tokio::sync::mpsc::UnboundedSender<(Read, Reply)>,
}

impl ReadLog {
    /// Starts the writing task (within the server's runtime); it ends when the log is dropped.
    pub(crate) fn start(store: Store) -> ReadLog {
        let (queue, mut rx) = tokio::sync::mpsc::unbounded_channel::<(Read, Reply)>();
        tokio::spawn(async move {
            let mut conn = None;
            let mut head = terugkeer_store::ChainHead::default();
            while let Some(first) = rx.recv().await {
                let mut reads = vec![first.0];
                let mut replies = vec![first.1];
                while reads.len() < 512 {
                    match rx.try_recv() {
                        Ok((r, reply)) => {
                            reads.push(r);
                            replies.push(reply);
                        }
                        Err(_) => break,
                    }
                }
                // The writer's own connection, made on first use and again after a failure (a restarted
                // PostgreSQL); without one, a pooled connection.
                if conn.is_none() {
                    conn = store.dedicated().await.ok();
                    head = terugkeer_store::ChainHead::default();
                }
                let written = match conn.as_mut() {
                    Some(c) => store.audit_reads_on(c, &reads, &mut head).await,
                    None => store.audit_reads(&reads).await,
                };
                let ok = match written {
                    Ok(_) => true,
                    Err(e) => {
                        tracing::error!(error = %e, "audit of reads failed");
                        conn = None;
                        false
                    }
                };
                for reply in replies {
                    // A request that gave up waiting (its connection closed) needs no answer.
                    let _ = reply.send(ok);
                }
            }
        });
        ReadLog { queue }
    }

    /// Queues a read and waits until it is written; `false` if it could not be.
    pub(crate) async fn record(&self, read: Read) -> bool {
        match self.queue(read) {
            Some(rx) => rx.await.unwrap_or(false),
            None => false,
        }
    }

    /// Queues a read; the receiver says whether it was written (`None`: the writer has stopped).
    pub(crate) fn queue(&self, read: Read) -> Option<tokio::sync::oneshot::Receiver<bool>> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.queue.send((read, tx)).ok()?;
        Some(rx)
    }
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
