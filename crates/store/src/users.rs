//! Organisations, users, browser sessions and API tokens. Secrets never reach the database: a session id
//! and an API token are stored as their SHA-256 (the caller hashes), a password as its argon2id PHC string
//! (the web crate hashes). A session or token resolves to the user *and* the organisation, so every
//! handler starts from a [`Tenant`].

use jiff::Timestamp;
use terugkeer_domain::client::InputError;

use crate::{Store, StoreError, Tenant, taken, ts};

/// A user, as login needs it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct User {
    /// Id.
    pub id: i64,
    /// The organisation.
    pub organisation_id: i64,
    /// Login name.
    pub username: String,
    /// Shown name.
    pub display_name: String,
    /// Role (`caseworker`, `coordinator`; more in a later issue).
    pub role: String,
    /// argon2id PHC string; `None` for a user who cannot log in with a password.
    pub password_hash: Option<String>,
}

/// Who is asking: the user of a live session or token, with their organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    /// The user.
    pub user_id: i64,
    /// The organisation every query of this request is scoped to.
    pub tenant: Tenant,
    /// Login name.
    pub username: String,
    /// Shown name.
    pub display_name: String,
    /// Role.
    pub role: String,
    /// The session's anti-forgery token (empty for API tokens, which are not sent by browsers).
    pub csrf: String,
    /// The session's language (`nl`, `en`).
    pub lang: String,
}

/// An API token's record (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiToken {
    /// Id.
    pub id: i64,
    /// The user it acts as.
    pub user_id: i64,
    /// A name to recognise it by.
    pub name: String,
    /// Created.
    pub created_at: String,
    /// Expires.
    pub expires_at: String,
    /// Revoked, if it was.
    pub revoked_at: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    user_id: i64,
    organisation_id: i64,
    username: String,
    display_name: String,
    role: String,
    csrf: String,
    lang: String,
}

impl From<SessionRow> for SessionInfo {
    fn from(r: SessionRow) -> SessionInfo {
        SessionInfo {
            user_id: r.user_id,
            tenant: Tenant(r.organisation_id),
            username: r.username,
            display_name: r.display_name,
            role: r.role,
            csrf: r.csrf,
            lang: r.lang,
        }
    }
}

/// The roles this issue knows; the permission matrix of a later issue adds partner, auditor and admin.
pub const ROLES: [&str; 2] = ["caseworker", "coordinator"];

impl Store {
    /// Creates an organisation.
    pub async fn create_organisation(&self, name: &str, now: Timestamp) -> Result<Tenant, StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(InputError {
                field: "name",
                message: "is required".into(),
            }
            .into());
        }
        let sql = "INSERT INTO organisation (name, created_at) VALUES ($1, $2) RETURNING id";
        let id: i64 = on_pool!(self, p => sqlx::query_scalar(sql).bind(name).bind(ts(now)).fetch_one(p).await
            .map_err(|e| taken(e, "organisation"))?);
        Ok(Tenant(id))
    }

    /// The organisation of this name, created if missing.
    pub async fn organisation_named(&self, name: &str, now: Timestamp) -> Result<Tenant, StoreError> {
        let sql = "SELECT id FROM organisation WHERE name = $1";
        let id: Option<i64> =
            on_pool!(self, p => sqlx::query_scalar(sql).bind(name.trim()).fetch_optional(p).await?);
        match id {
            Some(id) => Ok(Tenant(id)),
            None => self.create_organisation(name, now).await,
        }
    }

    /// The tenant of an organisation that exists.
    pub async fn tenant(&self, organisation_id: i64) -> Result<Tenant, StoreError> {
        let sql = "SELECT id FROM organisation WHERE id = $1";
        let id: Option<i64> =
            on_pool!(self, p => sqlx::query_scalar(sql).bind(organisation_id).fetch_optional(p).await?);
        id.map(Tenant).ok_or(StoreError::NotFound)
    }

    /// Creates a user of an organisation, with a password hash if given.
    pub async fn create_user(
        &self,
        t: Tenant,
        username: &str,
        display_name: &str,
        role: &str,
        password_hash: Option<&str>,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        let username = username.trim();
        let bad = |field, message: &str| {
            Err(StoreError::Input(InputError {
                field,
                message: message.into(),
            }))
        };
        if username.is_empty() || username.len() > 64 {
            return bad("username", "must be 1 to 64 characters");
        }
        if !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-@".contains(c))
        {
            return bad("username", "may hold only letters, digits and . _ - @");
        }
        if !ROLES.contains(&role) {
            return bad("role", "must be caseworker or coordinator");
        }
        let sql = "INSERT INTO app_user (organisation_id, username, display_name, role, created_at, password_hash) \
                   VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        let id: i64 = on_pool!(self, p => sqlx::query_scalar(sql)
            .bind(t.0).bind(username).bind(display_name.trim()).bind(role).bind(ts(now)).bind(password_hash)
            .fetch_one(p).await.map_err(|e| taken(e, "username"))?);
        Ok(id)
    }

    /// Sets a user's password hash.
    pub async fn set_password(&self, user_id: i64, password_hash: &str) -> Result<(), StoreError> {
        let sql = "UPDATE app_user SET password_hash = $1 WHERE id = $2";
        let n = on_pool!(self, p => sqlx::query(sql).bind(password_hash).bind(user_id).execute(p).await?
            .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// A user by login name (any organisation: login comes before the tenant is known).
    pub async fn user_by_username(&self, username: &str) -> Result<Option<User>, StoreError> {
        let sql = "SELECT id, organisation_id, username, display_name, role, password_hash FROM app_user \
                   WHERE username = $1";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(username.trim()).fetch_optional(p).await?))
    }

    /// One user of the organisation.
    pub async fn user(&self, t: Tenant, id: i64) -> Result<Option<User>, StoreError> {
        let sql = "SELECT id, organisation_id, username, display_name, role, password_hash FROM app_user \
                   WHERE organisation_id = $1 AND id = $2";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(t.0).bind(id).fetch_optional(p).await?))
    }

    /// The users of an organisation, by name.
    pub async fn users(&self, t: Tenant) -> Result<Vec<User>, StoreError> {
        let sql = "SELECT id, organisation_id, username, display_name, role, password_hash FROM app_user \
                   WHERE organisation_id = $1 ORDER BY display_name, id";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(t.0).fetch_all(p).await?))
    }

    /// Starts a browser session (stored by the hash of its id).
    pub async fn create_session(
        &self,
        user: &User,
        id_hash: &str,
        csrf: &str,
        lang: &str,
        now: Timestamp,
        expires: Timestamp,
    ) -> Result<(), StoreError> {
        let sql = "INSERT INTO session (id_hash, user_id, organisation_id, csrf, lang, created_at, expires_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7)";
        on_pool!(self, p => sqlx::query(sql).bind(id_hash).bind(user.id).bind(user.organisation_id).bind(csrf)
            .bind(lang).bind(ts(now)).bind(ts(expires)).execute(p).await?.rows_affected());
        Ok(())
    }

    /// The live session with this id hash, if it has not expired.
    pub async fn session(&self, id_hash: &str, now: Timestamp) -> Result<Option<SessionInfo>, StoreError> {
        let sql = "SELECT s.user_id, s.organisation_id, u.username, u.display_name, u.role, s.csrf, s.lang \
                   FROM session s JOIN app_user u ON u.id = s.user_id \
                   WHERE s.id_hash = $1 AND s.expires_at > $2";
        let row: Option<SessionRow> =
            on_pool!(self, p => sqlx::query_as(sql).bind(id_hash).bind(ts(now)).fetch_optional(p).await?);
        Ok(row.map(SessionInfo::from))
    }

    /// Changes a session's language.
    pub async fn set_session_lang(&self, id_hash: &str, lang: &str) -> Result<(), StoreError> {
        let sql = "UPDATE session SET lang = $1 WHERE id_hash = $2";
        on_pool!(self, p => sqlx::query(sql).bind(lang).bind(id_hash).execute(p).await?.rows_affected());
        Ok(())
    }

    /// Ends a session (logout), and every expired one with it.
    pub async fn end_session(&self, id_hash: &str, now: Timestamp) -> Result<(), StoreError> {
        let sql = "DELETE FROM session WHERE id_hash = $1 OR expires_at <= $2";
        on_pool!(self, p => sqlx::query(sql).bind(id_hash).bind(ts(now)).execute(p).await?.rows_affected());
        Ok(())
    }

    /// Stores a new API token (by its hash) for a user of the organisation.
    pub async fn create_token(
        &self,
        t: Tenant,
        user_id: i64,
        name: &str,
        token_hash: &str,
        now: Timestamp,
        expires: Timestamp,
    ) -> Result<i64, StoreError> {
        let sql = "INSERT INTO api_token (token_hash, user_id, organisation_id, name, created_at, expires_at) \
                   SELECT $1, id, organisation_id, $2, $3, $4 FROM app_user WHERE id = $5 AND organisation_id = $6 \
                   RETURNING id";
        let id: Option<i64> = on_pool!(self, p => sqlx::query_scalar(sql).bind(token_hash).bind(name.trim())
            .bind(ts(now)).bind(ts(expires)).bind(user_id).bind(t.0).fetch_optional(p).await?);
        id.ok_or(StoreError::NotFound)
    }

    /// The user an API token acts as, if it is live (not expired, not revoked).
    pub async fn token(&self, token_hash: &str, now: Timestamp) -> Result<Option<SessionInfo>, StoreError> {
        let sql = "SELECT k.user_id, k.organisation_id, u.username, u.display_name, u.role, '' AS csrf, 'nl' AS lang \
                   FROM api_token k JOIN app_user u ON u.id = k.user_id \
                   WHERE k.token_hash = $1 AND k.expires_at > $2 AND k.revoked_at IS NULL";
        let row: Option<SessionRow> =
            on_pool!(self, p => sqlx::query_as(sql).bind(token_hash).bind(ts(now)).fetch_optional(p).await?);
        Ok(row.map(SessionInfo::from))
    }

    /// Revokes a token of the organisation.
    pub async fn revoke_token(&self, t: Tenant, id: i64, now: Timestamp) -> Result<(), StoreError> {
        let sql = "UPDATE api_token SET revoked_at = $1 WHERE organisation_id = $2 AND id = $3 AND revoked_at IS NULL";
        let n = on_pool!(self, p => sqlx::query(sql).bind(ts(now)).bind(t.0).bind(id).execute(p).await?
            .rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
