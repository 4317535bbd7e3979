//! The server's connection limits over real sockets: a client that never finishes its headers is cut off
//! after the header timeout (also when it idles on a kept-alive connection), one address cannot hold more
//! than its share of connections, and when every connection is taken the next request waits for a free one
//! instead of the server taking on more — then is answered.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use terugkeer_web::{AppState, Limits, serve_with};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn server(limits: Limits) -> std::net::SocketAddr {
    let store = terugkeer_store::testing::sqlite().await.unwrap();
    // A fixed clock: nothing here reads the time of day.
    let state = AppState::new(
        store,
        Arc::new(|| jiff::Timestamp::from_second(1_795_000_000).unwrap()),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve_with(listener, state, limits));
    addr
}

/// A connection that sent half a request's headers.
async fn half_open(addr: std::net::SocketAddr) -> TcpStream {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    s
}

/// Whether the server closed the connection within `within` (read gives end of file or an error, with no
/// response).
async fn closed_within(s: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 512];
    match tokio::time::timeout(within, s.read(&mut buf)).await {
        Ok(Ok(0)) | Ok(Err(_)) => true,
        Ok(Ok(n)) => {
            // hyper may answer a timed-out header with 408 before closing: also a close.
            String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 408")
        }
        Err(_) => false,
    }
}

/// A whole `GET /healthz` on a new connection: the status line.
async fn health(addr: std::net::SocketAddr) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    String::from_utf8_lossy(&out)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_headers_are_cut_off_and_one_address_holds_its_share() {
    let addr = server(Limits {
        max_connections: 64,
        per_address: 4,
        header_timeout: Duration::from_secs(1),
        exempt: Vec::new(),
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(half_open(addr).await);
    }
    // The fifth from the same address is closed at once.
    let mut fifth = half_open(addr).await;
    assert!(
        closed_within(&mut fifth, Duration::from_millis(500)).await,
        "the fifth connection was kept"
    );
    // The four are still open half a second in ...
    tokio::time::sleep(Duration::from_millis(300)).await;
    // ... and closed once the header timeout (1 s) has passed.
    let start = Instant::now();
    for s in &mut held {
        assert!(
            closed_within(s, Duration::from_secs(5)).await,
            "a half-open connection was kept"
        );
    }
    assert!(start.elapsed() < Duration::from_secs(3), "{:?}", start.elapsed());
    // Their slots are free again: a whole request is answered.
    assert_eq!(health(addr).await, "HTTP/1.1 200 OK");
    // An idle kept-alive connection is closed after the same timeout.
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 4096];
    let n = s.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    assert!(
        closed_within(&mut s, Duration::from_secs(5)).await,
        "an idle connection was kept"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_every_connection_is_taken_the_next_waits_for_a_free_one() {
    let timeout = Duration::from_secs(1);
    let addr = server(Limits {
        max_connections: 3,
        per_address: 100,
        header_timeout: timeout,
        exempt: Vec::new(),
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(half_open(addr).await);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    // The fourth is not taken on while three are held: it is answered only after the half-open ones are cut
    // off (not at once, not never).
    let start = Instant::now();
    let status = tokio::time::timeout(Duration::from_secs(10), health(addr))
        .await
        .expect("never answered");
    let waited = start.elapsed();
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(
        waited >= timeout / 2,
        "answered after {waited:?}, while every connection was taken"
    );
    drop(held);
}
