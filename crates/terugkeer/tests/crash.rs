//! The server killed with SIGKILL in the middle of a write load, on SQLite and on PostgreSQL: after a restart
//! every write it acknowledged (201) is there, no client is half-written (each has exactly the record it was
//! created with), and the audit chain is whole.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
// The test waits for its load to build up before the kill: a real pause, not a handler sleeping.
#![allow(clippy::disallowed_methods)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod common;
use common::scalar;

fn bin(data: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_terugkeer"));
    c.env("XDG_DATA_HOME", data)
        .env_remove("TERUGKEER_KEY")
        .env_remove("TERUGKEER_KEY_FILE")
        .env_remove("TERUGKEER_DB");
    c
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Starts `serve` on a free port; returns the child and the address.
fn serve(data: &std::path::Path, url: &str) -> (Child, String) {
    let mut child = bin(data)
        .args(["serve", "--db", url, "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("serve exited before listening").unwrap();
        if let Some(u) = line.strip_prefix("terugkeer listening on http://") {
            break u.trim().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, addr)
}

/// One HTTP/1.1 request on its own connection: status and body, or an error once the server is gone.
fn http(addr: &str, method: &str, path: &str, token: &str, body: &str) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut reply = String::new();
    s.read_to_string(&mut reply)?;
    let status = reply
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status line"))?;
    let body = reply.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_owned();
    Ok((status, body))
}

fn killed_mid_write(url: &str, data: &std::path::Path) {
    ok(bin(data).args(["migrate", "--db", url]).output().unwrap());
    ok(bin(data)
        .args(["generate", "--clients", "3", "--db", url, "--seed", "6"])
        .output()
        .unwrap());
    let token = ok(bin(data)
        .args(["token", "create", "--db", url, "--username", "caseworker-1-6"])
        .output()
        .unwrap())
    .trim()
    .to_owned();
    let (mut server, addr) = serve(data, url);
    let acknowledged = Arc::new(Mutex::new(Vec::<i64>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (addr, token, acknowledged, stop) =
                (addr.clone(), token.clone(), acknowledged.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    n += 1;
                    let body = format!(
                        r#"{{"client": {{"family_name": "Kill{w}x{n}", "given_names": "Test"}},
                            "records": [{{"kind": "procedure_event", "event": "asylum_rejected", "on": "2026-11-02"}}]}}"#
                    );
                    match http(&addr, "POST", "/api/v1/clients", &token, &body) {
                        Ok((201, reply)) => {
                            let v: serde_json::Value = serde_json::from_str(&reply).unwrap();
                            acknowledged.lock().unwrap().push(v["id"].as_i64().unwrap());
                        }
                        Ok((status, reply)) => panic!("{status}: {reply}"),
                        Err(_) => break, // the server is gone
                    }
                }
            })
        })
        .collect();
    // Let the load run until a fair number is acknowledged, then SIGKILL (Child::kill on Unix).
    let start = Instant::now();
    while acknowledged.lock().unwrap().len() < 40 && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    server.kill().unwrap();
    server.wait().unwrap();
    stop.store(true, Ordering::SeqCst);
    for w in writers {
        w.join().unwrap();
    }
    let acked = acknowledged.lock().unwrap().clone();
    assert!(acked.len() >= 40, "only {} writes acknowledged", acked.len());

    // Restarted: every acknowledged client is there with its record.
    let (mut server, addr) = serve(data, url);
    for id in &acked {
        let (status, body) =
            http(&addr, "GET", &format!("/api/v1/clients/{id}/records"), &token, "").unwrap();
        assert_eq!(status, 200, "client {id} acknowledged but not found: {body}");
        let records: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(records.as_array().map(Vec::len), Some(1), "client {id}: {body}");
    }
    server.kill().unwrap();
    server.wait().unwrap();
    // No half-written client: every one the load made has exactly its one record (acknowledged or not).
    let half = scalar(
        url,
        "SELECT COUNT(*) FROM client c WHERE c.family_name LIKE 'Kill%' AND \
         (SELECT COUNT(*) FROM record r WHERE r.client_id = c.id) <> 1",
    );
    assert_eq!(half, 0);
    assert!(scalar(url, "SELECT COUNT(*) FROM client WHERE family_name LIKE 'Kill%'") >= acked.len() as i64);
    let verify = bin(data).args(["audit", "verify", "--db", url]).output().unwrap();
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );
}

#[test]
fn sigkill_mid_write_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("terugkeer-e2e-crash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("crash.db").display());
    killed_mid_write(&url, &dir);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sigkill_mid_write_on_postgres() {
    let dir = std::env::temp_dir().join(format!("terugkeer-e2e-pgcrash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = common::pg_database("crash");
    killed_mid_write(&url, &dir);
    std::fs::remove_dir_all(&dir).unwrap();
}
