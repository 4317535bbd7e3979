//! What logging in needs beyond sessions: the record of attempts that throttling counts, password changes
//! (and the forced change of a password someone else set), and the second factor's secret and last used
//! time step (a code is good once).

use jiff::Timestamp;

use crate::access::{Access, Action, Role};
use crate::{Store, StoreError, ts};

/// Whether a password may be tried ([`Store::try_login`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginTry {
    /// Too many failures: refused without trying.
    Refused,
    /// Try it; the attempt (recorded as failed until it succeeds) has this id.
    Allowed(i64),
}

/// Revokes every live API token of user `$2` at `$1`.
pub(crate) const REVOKE_TOKENS: &str =
    "UPDATE api_token SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL";

impl Store {
    /// Asks to try a password: counts the failed logins since `since` — of the account (only those after its
    /// last successful login) and from the address (if known) — and, unless either has reached its limit,
    /// records this attempt as failed, all in one transaction that concurrent attempts on the same account or
    /// address wait for. So however many arrive at once, at most `limits` passwords are checked: each attempt
    /// counts as failed until [`Store::login_succeeded`] says otherwise. (Counting first and recording after
    /// the check let 40 concurrent wrong logins on one account check 29 passwords against a limit of 5.)
    pub async fn try_login(
        &self,
        username: &str,
        address: Option<&str>,
        since: Timestamp,
        now: Timestamp,
        limits: (i64, i64),
    ) -> Result<LoginTry, StoreError> {
        let account = "SELECT COUNT(*) FROM login_attempt WHERE username = $1 AND ok = 0 AND at > $2 \
                       AND at > COALESCE((SELECT MAX(at) FROM login_attempt WHERE username = $1 AND ok = 1), '')";
        let by_address = "SELECT COUNT(*) FROM login_attempt WHERE address = $1 AND ok = 0 AND at > $2";
        let insert =
            "INSERT INTO login_attempt (at, username, address, ok) VALUES ($1, $2, $3, 0) RETURNING id";
        // PostgreSQL: one transaction-scoped lock per account and per address, always in that order (no
        // cycle, so no deadlock). SQLite: the insert comes first, taking the database's write lock.
        let lock = "SELECT pg_advisory_xact_lock(hashtext($1))";
        let postgres = matches!(self.db, crate::Db::Postgres(_));
        let (username, since) = (username.trim(), ts(since));
        on_pool!(self, p => {
            let mut tx = p.begin().await?;
            if postgres {
                sqlx::query(lock).bind(format!("login account {username}")).execute(&mut *tx).await?;
                if let Some(addr) = address {
                    sqlx::query(lock).bind(format!("login address {addr}")).execute(&mut *tx).await?;
                }
            }
            let id: i64 = sqlx::query_scalar(insert).bind(ts(now)).bind(username).bind(address)
                .fetch_one(&mut *tx).await?;
            // This attempt is among the failures counted: refused when the others alone reach the limit.
            let a: i64 = sqlx::query_scalar(account).bind(username).bind(&since).fetch_one(&mut *tx).await?;
            let b: i64 = match address {
                Some(addr) => sqlx::query_scalar(by_address).bind(addr).bind(&since).fetch_one(&mut *tx).await?,
                None => 1,
            };
            if a > limits.0 || b > limits.1 {
                // Refused without a try: not recorded (as before), so waiting out the window is enough.
                tx.rollback().await?;
                return Ok(LoginTry::Refused);
            }
            tx.commit().await?;
            Ok(LoginTry::Allowed(id))
        })
    }

    /// The attempt `try_login` allowed was a success: it no longer counts as failed, and the account's count
    /// starts again.
    pub async fn login_succeeded(&self, attempt: i64) -> Result<(), StoreError> {
        let sql = "UPDATE login_attempt SET ok = 1 WHERE id = $1";
        on_pool!(self, p => sqlx::query(sql).bind(attempt).execute(p).await?.rows_affected());
        Ok(())
    }

    /// Sets a user's own new password (the forced change is then done), ends their other sessions and revokes
    /// their API tokens: a password changed because it leaked must not leave a door open (issue 24).
    pub async fn change_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep_session: &str,
        now: jiff::Timestamp,
    ) -> Result<(), StoreError> {
        let set = "UPDATE app_user SET password_hash = $1, must_change_password = 0 WHERE id = $2";
        let end = "DELETE FROM session WHERE user_id = $1 AND id_hash <> $2";
        on_pool!(self, p => {
            let mut tx = begin_write!(p);
            sqlx::query(set).bind(password_hash).bind(user_id).execute(&mut *tx).await?;
            sqlx::query(end).bind(user_id).bind(keep_session).execute(&mut *tx).await?;
            sqlx::query(REVOKE_TOKENS).bind(crate::ts(now)).bind(user_id).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Marks that the user must change their password at the next login (a password someone else set).
    pub async fn require_password_change(&self, user_id: i64) -> Result<(), StoreError> {
        let sql = "UPDATE app_user SET must_change_password = 1 WHERE id = $1";
        on_pool!(self, p => sqlx::query(sql).bind(user_id).execute(p).await?.rows_affected());
        Ok(())
    }

    /// Sets (or with `None` removes) a user's second-factor secret, stored sealed with the database's key.
    pub async fn set_totp(&self, user_id: i64, secret: Option<&str>) -> Result<(), StoreError> {
        let sealed = match secret {
            Some(s) => Some(self.key.as_deref().ok_or(StoreError::NoKey)?.seal(s.as_bytes())?),
            None => None,
        };
        let sql = "UPDATE app_user SET totp_secret = $1, totp_last_step = 0 WHERE id = $2";
        on_pool!(self, p => sqlx::query(sql).bind(sealed).bind(user_id).execute(p).await?.rows_affected());
        Ok(())
    }

    /// Claims time step `step` for the user's second factor: `false` if it (or a later one) was used
    /// already, so a code observed once cannot be replayed.
    pub async fn use_totp_step(&self, user_id: i64, step: i64) -> Result<bool, StoreError> {
        let sql = "UPDATE app_user SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1";
        let n =
            on_pool!(self, p => sqlx::query(sql).bind(step).bind(user_id).execute(p).await?.rows_affected());
        Ok(n == 1)
    }

    /// Whether the organisation requires a second factor of its coordinators and partners.
    pub async fn requires_totp(&self, organisation_id: i64) -> Result<bool, StoreError> {
        let sql = "SELECT require_totp <> 0 FROM organisation WHERE id = $1";
        let v: Option<bool> =
            on_pool!(self, p => sqlx::query_scalar(sql).bind(organisation_id).fetch_optional(p).await?);
        v.ok_or(StoreError::NotFound)
    }

    /// Sets whether the organisation requires a second factor of its coordinators and partners: its own
    /// coordinator or an administrator.
    pub async fn set_requires_totp(
        &self,
        a: &Access,
        organisation_id: i64,
        on: bool,
    ) -> Result<(), StoreError> {
        a.check(Action::ManageUsers)?;
        if a.role() != Role::Admin && a.tenant().id() != organisation_id {
            return Err(StoreError::NotFound);
        }
        let sql = "UPDATE organisation SET require_totp = $1 WHERE id = $2";
        let n = on_pool!(self, p => sqlx::query(sql).bind(i64::from(on)).bind(organisation_id).execute(p).await?
            .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
