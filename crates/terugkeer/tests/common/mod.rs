//! Helpers shared by the binary's integration tests: a number read from either database, and a fresh
//! PostgreSQL database of the run (dropped by `.ci/run`'s clean-up by its `terugkeer_test_` prefix).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output};

fn checked(o: Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The PostgreSQL server of the tests (`TERUGKEER_TEST_PG`, else the machine's).
pub fn pg_base() -> String {
    std::env::var("TERUGKEER_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

/// A fresh, empty PostgreSQL database of this test run; its URL.
pub fn pg_database(name: &str) -> String {
    let db = format!("terugkeer_test_{name}_{}", std::process::id());
    let admin = format!("{}/postgres", pg_base());
    for sql in [
        format!("DROP DATABASE IF EXISTS {db}"),
        format!("CREATE DATABASE {db}"),
    ] {
        checked(
            Command::new("psql")
                .args([&admin, "-qc", &sql])
                .output()
                .expect("psql"),
        );
    }
    format!("{}/{db}", pg_base())
}

/// One number from a query: SQLite through Python's sqlite3, PostgreSQL through psql.
pub fn scalar(url: &str, sql: &str) -> i64 {
    let out = if let Some(path) = url.strip_prefix("sqlite://") {
        Command::new("python3")
            .args([
                "-c",
                "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])",
                path,
                sql,
            ])
            .output()
            .unwrap()
    } else {
        Command::new("psql").args([url, "-Atc", sql]).output().unwrap()
    };
    checked(out).trim().parse().unwrap()
}
