//! `terugkeer backup` and `terugkeer restore`: an online, consistent copy of the database and its return into
//! a new place, each checked before it is called done.
//!
//! - **SQLite**: `VACUUM INTO` — one read transaction, so the copy is the database as of one moment while the
//!   server keeps serving; restored by copying the file to a new path (written beside it under a temporary name
//!   and renamed, so a half-copied file never carries the database's name).
//! - **PostgreSQL**: `pg_dump --format=custom` (one snapshot, while the server serves) and `pg_restore
//!   --single-transaction --exit-on-error` into an existing, empty database — all or nothing.
//!
//! Both check the result: the restored database is brought to the current schema and its audit chain verified
//! (`audit verify`), and a backup is read back (SQLite: opened and verified; PostgreSQL: `pg_restore --list`).
//! A backup holds special-category data sealed: restoring it needs the same key (`--key-file`), kept apart.

use std::path::Path;
use std::process::Command;

use crate::{Failure, store_failure};

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Machine(e.to_string()))
}

fn sqlite_path(url: &str) -> Option<&str> {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
}

/// Runs an external tool, failing with its own message.
fn tool(program: &str, args: &[&str]) -> Result<(), Failure> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| Failure::Machine(format!("{program}: {e} (is PostgreSQL's client installed?)")))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(Failure::Machine(format!(
            "{program} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

/// Verifies the audit chain of the database at `url`, returning how many entries it holds.
async fn verified(url: &str) -> Result<i64, Failure> {
    let store = terugkeer_store::Store::connect(url, false)
        .await
        .map_err(store_failure)?;
    store.migrate().await.map_err(store_failure)?;
    let report = store.verify_audit().await.map_err(store_failure)?;
    match report.first_bad {
        None => Ok(report.entries),
        Some((seq, why)) => Err(Failure::Found(format!(
            "the audit chain of {url} is broken at entry {seq}: {why}"
        ))),
    }
}

/// `terugkeer backup --db URL --out PATH`.
pub fn backup(url: &str, out: &Path) -> Result<(), Failure> {
    if out.exists() {
        return Err(Failure::Invalid(format!(
            "--out: {} exists; a backup never overwrites a file",
            out.display()
        )));
    }
    let out_str = out
        .to_str()
        .ok_or_else(|| Failure::Invalid("--out: the path is not UTF-8".into()))?;
    runtime()?.block_on(async {
        if sqlite_path(url).is_some() {
            let store = terugkeer_store::Store::connect(url, false)
                .await
                .map_err(store_failure)?;
            store.backup_sqlite_into(out_str).await.map_err(store_failure)?;
            let entries = verified(&format!("sqlite://{out_str}")).await?;
            println!("backup: {out_str} (SQLite, {entries} audit entries, chain intact)");
        } else {
            tool(
                "pg_dump",
                &["--format=custom", "--no-owner", "--file", out_str, url],
            )?;
            tool("pg_restore", &["--list", out_str])?;
            println!("backup: {out_str} (pg_dump custom format, readable by pg_restore)");
        }
        Ok(())
    })
}

/// `terugkeer restore --from PATH --db URL`.
pub fn restore(from: &Path, url: &str) -> Result<(), Failure> {
    let head =
        std::fs::read(from).map_err(|e| Failure::Invalid(format!("--from: {}: {e}", from.display())))?;
    let from_str = from
        .to_str()
        .ok_or_else(|| Failure::Invalid("--from: the path is not UTF-8".into()))?;
    runtime()?.block_on(async {
        if let Some(path) = sqlite_path(url) {
            if !head.starts_with(b"SQLite format 3\0") {
                return Err(Failure::Invalid(format!("--from: {from_str} is not a SQLite backup")));
            }
            let target = Path::new(path);
            if target.exists() {
                return Err(Failure::Invalid(format!(
                    "--db: {path} exists; restore into a new file (nothing was changed)"
                )));
            }
            let partial = target.with_extension("restoring");
            std::fs::copy(from, &partial).map_err(|e| Failure::Machine(format!("{}: {e}", partial.display())))?;
            std::fs::rename(&partial, target).map_err(|e| Failure::Machine(format!("{path}: {e}")))?;
        } else {
            if !head.starts_with(b"PGDMP") {
                return Err(Failure::Invalid(format!(
                    "--from: {from_str} is not a pg_dump custom-format backup"
                )));
            }
            let store = terugkeer_store::Store::connect(url, false)
                .await
                .map_err(store_failure)?;
            if store.table_count().await.map_err(store_failure)? > 0 {
                return Err(Failure::Invalid(
                    "--db: the database is not empty; restore into a new, empty database (nothing was changed)"
                        .into(),
                ));
            }
            drop(store);
            tool(
                "pg_restore",
                &["--no-owner", "--single-transaction", "--exit-on-error", "--dbname", url, from_str],
            )?;
        }
        let entries = verified(url).await?;
        println!("restored: {url} ({entries} audit entries, chain intact)");
        Ok(())
    })
}
