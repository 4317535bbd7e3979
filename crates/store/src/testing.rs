//! Fresh throw-away databases for tests, on both backends: a new SQLite file in the temp folder, or a new
//! database on the PostgreSQL server (`TERUGKEER_TEST_PG`, default postgres://postgres@127.0.0.1:5432;
//! `.ci/run` drops the `terugkeer_test_*` databases afterwards). A test that cannot reach PostgreSQL fails:
//! it does not skip.

use std::sync::atomic::{AtomicU32, Ordering};

use crate::{Db, Store, StoreError};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The key tests seal with (fixed, so a test can open a database another made).
pub fn test_key() -> Result<crate::seal::Key, StoreError> {
    crate::seal::Key::parse(&"7e".repeat(32))
}

/// A migrated, empty SQLite database in a new file, with [`test_key`].
pub async fn sqlite() -> Result<Store, StoreError> {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let path = std::env::temp_dir().join(format!("terugkeer-test-{}-{n}.db", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    let store = Store::connect(&format!("sqlite://{}", path.display()), true).await?;
    store.migrate().await?;
    store.with_key(test_key()?).await
}

/// A migrated, empty PostgreSQL database of its own, with [`test_key`].
pub async fn postgres() -> Result<Store, StoreError> {
    let base =
        std::env::var("TERUGKEER_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let name = format!("terugkeer_test_{}_{n}", std::process::id());
    let admin = Store::connect(&format!("{base}/postgres"), false).await?;
    if let Db::Postgres(p) = admin.db() {
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name}")))
            .execute(p)
            .await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(p)
            .await?;
        p.close().await;
    }
    let store = Store::connect(&format!("{base}/{name}"), false).await?;
    store.migrate().await?;
    store.with_key(test_key()?).await
}

/// The access of a user, as a live session gives it (a session is started for them): for tests that
/// act as one role or another.
pub async fn access_of(store: &Store, user_id: i64) -> Result<crate::Access, StoreError> {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let hash = format!("test-session-{}-{n}", std::process::id());
    let sql = "INSERT INTO session (id_hash, user_id, organisation_id, csrf, lang, created_at, expires_at) \
               SELECT $1, id, organisation_id, 'csrf', 'nl', '2000-01-01T00:00:00Z', '9999-01-01T00:00:00Z' \
               FROM app_user WHERE id = $2";
    on_pool!(store, p => sqlx::query(sql).bind(&hash).bind(user_id).execute(p).await?.rows_affected());
    let now = jiff::Timestamp::UNIX_EPOCH;
    let s = store.session(&hash, now).await?.ok_or(StoreError::NotFound)?;
    Ok(s.access)
}
