//! The connection side of the server: how many connections it holds, from one address and in all, and how
//! long a client may take to send a request's headers. `axum::serve` has neither a header-read timeout nor a
//! cap: 900 half-open connections (a "slowloris") were held for 45 seconds each while the server's memory
//! grew. Here every connection has a slot (the accept loop waits for a free one, so the kernel's backlog
//! queues the rest), one address holds at most a share of them (a trusted reverse proxy excepted), and a
//! connection that has not sent a whole request head within the timeout is closed — also when it idles
//! between requests of a kept-alive connection.
//!
//! The timeout is kept here, not by hyper's `header_read_timeout`: hyper arms and drops a timer for every
//! request, which cost 15–30 % of the throughput of the fast pages (measured side by side). Here a
//! connection notes when it began waiting for a head (two clock reads a request) and one coarse check per
//! connection, every quarter of the timeout, closes it once the wait is over.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::HttpBody;
use axum::extract::ConnectInfo;
use hyper_util::rt::TokioIo;
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

/// When a connection began waiting for a request head, in nanoseconds since the server's start, or
/// [`Waiting::BUSY`] while a request is handled or its answer written.
struct Waiting {
    since: AtomicU64,
    epoch: Instant,
}

impl Waiting {
    const BUSY: u64 = u64::MAX;

    fn now(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_nanos()).unwrap_or(Self::BUSY - 1)
    }

    fn start(&self) {
        self.since.store(self.now(), Ordering::Relaxed);
    }

    /// Whether the connection has waited for a head longer than `timeout`.
    fn overdue(&self, timeout: Duration) -> bool {
        let since = self.since.load(Ordering::Relaxed);
        since != Self::BUSY
            && self.now().saturating_sub(since) > u64::try_from(timeout.as_nanos()).unwrap_or(u64::MAX)
    }
}

/// Held by an answer's body: the connection is busy until hyper has written the body and dropped it; then
/// the wait for the next head begins.
struct Busy(Arc<Waiting>);

impl Busy {
    fn begin(waiting: &Arc<Waiting>) -> Busy {
        waiting.since.store(Waiting::BUSY, Ordering::Relaxed);
        Busy(waiting.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.start();
    }
}

/// An answer's body that keeps its connection [`Busy`] while it is written.
struct Watched<B> {
    inner: B,
    _busy: Busy,
}

impl<B: HttpBody + Unpin> HttpBody for Watched<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<hyper::body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.inner.size_hint()
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
            let waiting = Arc::new(Waiting {
                since: AtomicU64::new(0),
                epoch: Instant::now(),
            });
            let watch = waiting.clone();
            let service =
                hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                    let busy = Busy::begin(&waiting);
                    req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                    let answer = app.clone().oneshot(req);
                    async move {
                        let response = answer.await?;
                        Ok::<_, std::convert::Infallible>(
                            response.map(|inner| Watched { inner, _busy: busy }),
                        )
                    }
                });
            let conn = hyper::server::conn::http1::Builder::new()
                .header_read_timeout(None)
                .serve_connection(TokioIo::new(stream), service);
            let mut conn = std::pin::pin!(conn);
            let mut check = tokio::time::interval((timeout / 4).max(Duration::from_millis(10)));
            check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    biased;
                    ended = conn.as_mut() => {
                        if let Err(e) = ended {
                            tracing::debug!(error = %e, "connection ended");
                        }
                        break;
                    }
                    _ = check.tick() => {
                        if watch.overdue(timeout) {
                            // Dropping the connection closes the socket.
                            tracing::debug!(peer = %peer.ip(), "no request head within the timeout; closed");
                            break;
                        }
                    }
                }
            }
        });
    }
}
