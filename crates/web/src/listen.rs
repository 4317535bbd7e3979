//! The connection side of the server: how many connections it holds, from one address and in all, and how
//! long a client may take to send a request's headers. `axum::serve` has neither a header-read timeout nor a
//! cap: 900 half-open connections (a "slowloris") were held for 45 seconds each while the server's memory
//! grew. Here every connection has a slot (the accept loop waits for a free one, so the kernel's backlog
//! queues the rest), one address holds at most a share of them (a trusted reverse proxy excepted), and hyper
//! closes a connection that has not sent a whole header within the timeout — also between requests of a
//! kept-alive connection.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// The connection limits.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Connections held at once, in all.
    pub max_connections: usize,
    /// Connections held at once from one address (not counted for a trusted proxy).
    pub per_address: usize,
    /// How long a client may take to send a request's headers, and to start the next request on a kept-alive
    /// connection.
    pub header_timeout: Duration,
    /// Addresses not held to `per_address` (reverse proxies: every user comes from them).
    pub exempt: Vec<IpAddr>,
}

impl Default for Limits {
    /// 1,024 connections, 128 from one address, 10 seconds for the headers: far above what a team of
    /// caseworkers and their scripts open, far below what the machine can hold.
    fn default() -> Limits {
        Limits {
            max_connections: 1024,
            per_address: 128,
            header_timeout: Duration::from_secs(10),
            exempt: Vec::new(),
        }
    }
}

/// Connections held per address.
#[derive(Default)]
struct PerAddress(Mutex<HashMap<IpAddr, usize>>);

/// One connection's place in [`PerAddress`], given back when the connection ends.
struct AddressSlot {
    table: Arc<PerAddress>,
    ip: IpAddr,
}

impl PerAddress {
    /// A slot for `ip`, or `None` when it holds `max` already.
    fn take(table: &Arc<PerAddress>, ip: IpAddr, max: usize) -> Option<AddressSlot> {
        let mut held = table.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = held.entry(ip).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(AddressSlot {
            table: table.clone(),
            ip,
        })
    }
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut held = self
            .table
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(n) = held.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                held.remove(&self.ip);
            }
        }
    }
}

/// Serves `app` on `listener` under `limits` until the process ends. Each request carries the peer's address
/// as `ConnectInfo<SocketAddr>`, as `axum::serve` with connect info gave it.
pub async fn serve_router(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: Limits,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let per_address = Arc::new(PerAddress::default());
    let limits = Arc::new(limits);
    loop {
        let permit = slots
            .clone()
            .acquire_owned()
            .await
            .map_err(std::io::Error::other)?;
        let (stream, peer) = match listener.accept().await {
            Ok(c) => c,
            Err(e) => {
                // Out of file descriptors or a connection reset before it was taken: not the server's end.
                tracing::warn!(error = %e, "accepting a connection failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let slot = if limits.exempt.contains(&peer.ip()) {
            None
        } else {
            match PerAddress::take(&per_address, peer.ip(), limits.per_address) {
                Some(s) => Some(s),
                None => {
                    tracing::warn!(peer = %peer.ip(), "too many connections from one address; closed");
                    continue;
                }
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let timeout = limits.header_timeout;
        tokio::spawn(async move {
            let _held = (permit, slot);
            let service =
                hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                    app.clone().oneshot(req)
                });
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(timeout)
                .serve_connection(TokioIo::new(stream), service);
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended");
            }
        });
    }
}
