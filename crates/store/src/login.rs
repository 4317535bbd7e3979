//! What logging in needs beyond sessions: the record of attempts that throttling counts, password changes
//! (and the forced change of a password someone else set), and the second factor's secret and last used
//! time step (a code is good once).

use jiff::Timestamp;

use crate::access::{Access, Action, Role};
use crate::{Store, StoreError, ts};

impl Store {
    /// Failed logins since `since`: for the account (only those after its last successful login) and from
    /// the address (if known).
    pub async fn login_failures(
        &self,
        username: &str,
        address: Option<&str>,
        since: Timestamp,
    ) -> Result<(i64, i64), StoreError> {
        let account = "SELECT COUNT(*) FROM login_attempt WHERE username = $1 AND ok = 0 AND at > $2 \
                       AND at > COALESCE((SELECT MAX(at) FROM login_attempt WHERE username = $1 AND ok = 1), '')";
        let by_address = "SELECT COUNT(*) FROM login_attempt WHERE address = $1 AND ok = 0 AND at > $2";
        let since = ts(since);
        let a: i64 = on_pool!(self, p => sqlx::query_scalar(account).bind(username.trim()).bind(&since)
            .fetch_one(p).await?);
        let b: i64 = match address {
            Some(addr) => on_pool!(self, p => sqlx::query_scalar(by_address).bind(addr).bind(&since)
                .fetch_one(p).await?),
            None => 0,
        };
        Ok((a, b))
    }

    /// Records a login attempt.
    pub async fn record_login(
        &self,
        username: &str,
        address: Option<&str>,
        ok: bool,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let sql = "INSERT INTO login_attempt (at, username, address, ok) VALUES ($1, $2, $3, $4)";
        on_pool!(self, p => sqlx::query(sql).bind(ts(now)).bind(username.trim()).bind(address)
            .bind(i64::from(ok)).execute(p).await?.rows_affected());
        Ok(())
    }

    /// Sets a user's own new password (the forced change is then done), and ends their other sessions.
    pub async fn change_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep_session: &str,
    ) -> Result<(), StoreError> {
        let set = "UPDATE app_user SET password_hash = $1, must_change_password = 0 WHERE id = $2";
        let end = "DELETE FROM session WHERE user_id = $1 AND id_hash <> $2";
        on_pool!(self, p => {
            let mut tx = begin_write!(p);
            sqlx::query(set).bind(password_hash).bind(user_id).execute(&mut *tx).await?;
            sqlx::query(end).bind(user_id).bind(keep_session).execute(&mut *tx).await?;
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
