//! Organisations, users, browser sessions and API tokens. Secrets never reach the database: a session id
//! and an API token are stored as their SHA-256 (the caller hashes), a password as its argon2id PHC string
//! (the web crate hashes). A session or token resolves to the user *and* the organisation, so every
//! handler starts from an [`Access`].

use jiff::Timestamp;
use terugkeer_domain::client::InputError;
use terugkeer_rules::Problem;

use crate::access::{Access, Action, Role};
use crate::audit::Event;
use crate::{Store, StoreError, Tenant, corrupt, taken, ts};
use serde_json::json;

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
    /// Role (see [`Role`]).
    pub role: String,
    /// argon2id PHC string; `None` for a user who cannot log in with a password.
    pub password_hash: Option<String>,
    /// The password was set by someone else and must be changed at the next login.
    #[sqlx(default)]
    pub must_change_password: bool,
    /// The second factor's shared secret (base32), if the user set one up.
    #[sqlx(default)]
    pub totp_secret: Option<String>,
}

/// Who is asking: the user of a live session or token, with their organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    /// The user.
    pub user_id: i64,
    /// What every query of this request is scoped to: organisation, user, role.
    pub access: Access,
    /// Login name.
    pub username: String,
    /// Shown name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// The session's anti-forgery token (empty for API tokens, which are not sent by browsers).
    pub csrf: String,
    /// The session's language (`nl`, `en`).
    pub lang: String,
    /// Must change their password before anything else.
    pub must_change_password: bool,
    /// Must set up a second factor before anything else (the organisation requires it for their role).
    pub needs_totp: bool,
    /// A partner's function at DT&V (`regievoerder`, `senior_regievoerder`, …; none: regievoerder), which
    /// says where in a hand-out's chain of signatures they stand.
    pub dtv_function: Option<String>,
}

/// What a new API token is (its secret only as a hash).
#[derive(Debug, Clone)]
pub struct NewToken<'a> {
    /// The user it acts as.
    pub user_id: i64,
    /// A name to recognise it by.
    pub name: &'a str,
    /// SHA-256 of the secret.
    pub token_hash: &'a str,
    /// The role it acts with (the user's own when `None`).
    pub role: Option<Role>,
    /// When it stops working.
    pub expires: Timestamp,
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
    /// The role it acts with.
    pub role: String,
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
    must_change_password: bool,
    needs_totp: bool,
    dtv_function: Option<String>,
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    #[sqlx(flatten)]
    session: SessionRow,
    user_role: String,
}

/// Whether a session's user must still set up a second factor (their organisation requires one for their role).
const NEEDS_TOTP: &str =
    "(o.require_totp <> 0 AND u.role IN ('coordinator', 'partner') AND u.totp_secret IS NULL)";

/// What a live session is — the session `hash` (a placeholder) not expired at `now` (another), with its user and
/// their organisation: one definition for [`Store::session`] and for the client page's statement, which checks
/// in the same read that the session it was built for still holds ([`session_json`]).
pub(crate) fn live_session(hash: &str, now: &str) -> String {
    format!(
        "FROM session s JOIN app_user u ON u.id = s.user_id JOIN organisation o ON o.id = u.organisation_id \
         WHERE s.id_hash = {hash} AND s.expires_at > {now}"
    )
}

/// A scalar subquery: the live session `hash` at `now` as a JSON array (text), or NULL — the fields of
/// [`Store::session`], its flags as 0 or 1. `arr` is the backend's JSON array function, `cast` its cast to text.
pub(crate) fn session_json(hash: &str, now: &str, arr: &str, cast: &str) -> String {
    format!(
        "(SELECT {arr}(s.user_id, s.organisation_id, u.username, u.display_name, u.role, s.csrf, s.lang, \
         CASE WHEN u.must_change_password <> 0 THEN 1 ELSE 0 END, CASE WHEN {NEEDS_TOTP} THEN 1 ELSE 0 END, \
         u.dtv_function){cast} {})",
        live_session(hash, now)
    )
}

/// [`Store::session`]'s statement, written once (every page request runs it).
static SESSION_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT s.user_id, s.organisation_id, u.username, u.display_name, u.role, s.csrf, s.lang, \
         u.must_change_password <> 0 AS must_change_password, {NEEDS_TOTP} AS needs_totp, u.dtv_function {}",
        live_session("$1", "$2")
    )
});

/// The session read by [`session_json`].
pub(crate) fn session_from_json(json: &str) -> Result<SessionInfo, StoreError> {
    type Fields = (
        i64,
        i64,
        String,
        String,
        String,
        String,
        String,
        i64,
        i64,
        Option<String>,
    );
    let (user_id, organisation_id, username, display_name, role, csrf, lang, must, totp, dtv_function): Fields =
        serde_json::from_str(json).map_err(|e| corrupt(format!("session: {e}")))?;
    SessionInfo::try_from(SessionRow {
        user_id,
        organisation_id,
        username,
        display_name,
        role,
        csrf,
        lang,
        must_change_password: must != 0,
        needs_totp: totp != 0,
        dtv_function,
    })
}

impl TryFrom<SessionRow> for SessionInfo {
    type Error = StoreError;

    fn try_from(r: SessionRow) -> Result<SessionInfo, StoreError> {
        let role = Role::parse(&r.role).ok_or_else(|| corrupt(format!("unknown role {:?}", r.role)))?;
        Ok(SessionInfo {
            user_id: r.user_id,
            access: Access {
                tenant: Tenant(r.organisation_id),
                user_id: Some(r.user_id),
                role,
                address: None,
            },
            username: r.username,
            display_name: r.display_name,
            role,
            csrf: r.csrf,
            lang: r.lang,
            must_change_password: r.must_change_password,
            needs_totp: r.needs_totp,
            dtv_function: r.dtv_function,
        })
    }
}

impl SessionInfo {
    /// The organisation.
    pub fn tenant(&self) -> Tenant {
        self.access.tenant
    }
}

/// A DT&V regievoerder a trajectory can be registered with.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Deserialize)]
pub struct PartnerUser {
    /// The user.
    pub id: i64,
    /// Their name.
    pub display_name: String,
    /// Their organisation (the DT&V location).
    pub organisation: String,
}

/// The colleagues a client (`$1`) is shared with, by name.
pub(crate) const SHARES_SQL: &str = "SELECT s.user_id, u.display_name, s.shared_at FROM client_share s \
     JOIN app_user u ON u.id = s.user_id WHERE s.client_id = $1 ORDER BY u.display_name";

/// The columns of a [`User`], from `app_user`.
macro_rules! user_columns {
    () => {
        "SELECT id, organisation_id, username, display_name, role, password_hash, \
         must_change_password <> 0 AS must_change_password, totp_secret FROM app_user "
    };
}

/// A colleague a client is shared with.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Deserialize)]
pub struct Share {
    /// The colleague.
    pub user_id: i64,
    /// Their name.
    pub display_name: String,
    /// Since.
    pub shared_at: String,
}

impl Store {
    /// An organisation's name (for a document's letterhead); not found when there is none by that id.
    pub async fn organisation_name(&self, id: i64) -> Result<String, StoreError> {
        let name: Option<String> = on_pool!(self, p => sqlx::query_scalar("SELECT name FROM organisation WHERE id = $1")
            .bind(id).fetch_optional(p).await?);
        name.ok_or(StoreError::NotFound)
    }

    /// Creates an organisation.
    pub async fn create_organisation(&self, name: &str, now: Timestamp) -> Result<Tenant, StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(InputError {
                field: "name",
                message: Problem::new("problem-required"),
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

    /// The tenant of an organisation that exists. The command line's (feature `operator`): the web finds a
    /// caller's tenant only through their session.
    #[cfg(any(test, feature = "operator"))]
    pub async fn tenant(&self, organisation_id: i64) -> Result<Tenant, StoreError> {
        self.tenant_of(organisation_id).await
    }

    /// [`Store::tenant`] for the store's own checked paths (an administrator's choice of organisation).
    pub(crate) async fn tenant_of(&self, organisation_id: i64) -> Result<Tenant, StoreError> {
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
        let bad = |field, id| Err(StoreError::refuse(field, id));
        if username.is_empty() || username.len() > 64 {
            return bad("username", "problem-one-to-64");
        }
        if !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-@".contains(c))
        {
            return bad("username", "problem-username-characters");
        }
        if Role::parse(role).is_none() {
            return bad("role", "problem-role-choice");
        }
        let sql = "INSERT INTO app_user (organisation_id, username, display_name, role, created_at, password_hash) \
                   VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        let id: i64 = on_pool!(self, p => sqlx::query_scalar(sql)
            .bind(t.0).bind(username).bind(display_name.trim()).bind(role).bind(ts(now)).bind(password_hash)
            .fetch_one(p).await.map_err(|e| taken(e, "username"))?);
        Ok(id)
    }

    /// Sets a user's password hash (the command line's reset) and revokes their API tokens, as a change of
    /// their own does.
    pub async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let sql = "UPDATE app_user SET password_hash = $1 WHERE id = $2";
        let n = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let n = sqlx::query(sql).bind(password_hash).bind(user_id).execute(&mut *tx).await?.rows_affected();
            sqlx::query(crate::login::REVOKE_TOKENS).bind(ts(now)).bind(user_id).execute(&mut *tx).await?;
            tx.commit().await?;
            n
        });
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// A user by login name (any organisation: login comes before the tenant is known).
    pub async fn user_by_username(&self, username: &str) -> Result<Option<User>, StoreError> {
        let sql = concat!(user_columns!(), "WHERE username = $1");
        let u: Option<User> =
            on_pool!(self, p => sqlx::query_as(sql).bind(username.trim()).fetch_optional(p).await?);
        u.map(|u| self.open_user(u)).transpose()
    }

    /// A user as read, with the second-factor secret opened (it is stored sealed, as the special categories).
    fn open_user(&self, mut u: User) -> Result<User, StoreError> {
        if let Some(sealed) = u.totp_secret.take() {
            let key = self.key.as_deref().ok_or(StoreError::NoKey)?;
            let plain = key.open(&sealed)?;
            u.totp_secret = Some(String::from_utf8(plain).map_err(corrupt)?);
        }
        Ok(u)
    }

    /// One user of the organisation.
    pub async fn user(&self, t: Tenant, id: i64) -> Result<Option<User>, StoreError> {
        let sql = concat!(user_columns!(), "WHERE organisation_id = $1 AND id = $2");
        let u: Option<User> =
            on_pool!(self, p => sqlx::query_as(sql).bind(t.0).bind(id).fetch_optional(p).await?);
        u.map(|u| self.open_user(u)).transpose()
    }

    /// The users of an organisation, by name.
    pub async fn users(&self, t: Tenant) -> Result<Vec<User>, StoreError> {
        let sql = concat!(
            user_columns!(),
            "WHERE organisation_id = $1 ORDER BY display_name, id"
        );
        let list: Vec<User> = on_pool!(self, p => sqlx::query_as(sql).bind(t.0).fetch_all(p).await?);
        list.into_iter().map(|u| self.open_user(u)).collect()
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
        let sql: &str = &SESSION_SQL;
        let row: Option<SessionRow> = on_pool!(self, p => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id_hash).bind(ts(now)).fetch_optional(p).await?);
        row.map(SessionInfo::try_from).transpose()
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

    /// Stores a new API token (by its hash), acting with `new.role` (the user's own when `None`), which must
    /// be one of the user's [`Role::token_scopes`]. `by` is who made it (`None`: the command line); the
    /// making is in the audit trail.
    pub async fn create_token(
        &self,
        t: Tenant,
        by: Option<&Access>,
        new: &NewToken<'_>,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        let user = self.user(t, new.user_id).await?.ok_or(StoreError::NotFound)?;
        let own = Role::parse(&user.role).ok_or_else(|| corrupt(format!("unknown role {:?}", user.role)))?;
        let role = new.role.unwrap_or(own);
        if !own.token_scopes().contains(&role) {
            return Err(StoreError::Input(InputError {
                field: "role",
                message: Problem::new("problem-token-role")
                    .with(
                        "own",
                        terugkeer_rules::Arg::Word(format!("role.{}", own.as_str())),
                    )
                    .with(
                        "role",
                        terugkeer_rules::Arg::Word(format!("role.{}", role.as_str())),
                    ),
            }));
        }
        let name = new.name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(StoreError::Input(InputError {
                field: "name",
                message: Problem::new("problem-token-name"),
            }));
        }
        if new.expires <= now {
            return Err(StoreError::Input(InputError {
                field: "expires",
                message: Problem::new("problem-token-expiry"),
            }));
        }
        let sql = "INSERT INTO api_token (token_hash, user_id, organisation_id, name, role, created_at, expires_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
        let id = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let id: i64 = sqlx::query_scalar(sql).bind(new.token_hash).bind(user.id).bind(t.0).bind(name)
                .bind(role.as_str()).bind(ts(now)).bind(ts(new.expires)).fetch_one(&mut *tx).await?;
            let ev = Event {
                organisation_id: t.0,
                action: "create_token",
                entity: "api_token",
                entity_id: Some(id),
                client_id: None,
                detail: json!({"user_id": user.id, "name": name, "role": role.as_str(), "expires_at": ts(new.expires)}),
            };
            audit!(tx, by, now, ev);
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    /// The user an API token acts as, with the token's role, if it is live (not expired, not revoked) and its
    /// role is still one its user's role may hand on.
    pub async fn token(&self, token_hash: &str, now: Timestamp) -> Result<Option<SessionInfo>, StoreError> {
        let sql = "SELECT k.user_id, k.organisation_id, u.username, u.display_name, k.role, '' AS csrf, 'nl' AS lang, \
                   FALSE AS must_change_password, FALSE AS needs_totp, u.dtv_function, u.role AS user_role \
                   FROM api_token k JOIN app_user u ON u.id = k.user_id \
                   WHERE k.token_hash = $1 AND k.expires_at > $2 AND k.revoked_at IS NULL";
        let row: Option<TokenRow> =
            on_pool!(self, p => sqlx::query_as(sql).bind(token_hash).bind(ts(now)).fetch_optional(p).await?);
        let Some(row) = row else { return Ok(None) };
        let user_role = Role::parse(&row.user_role)
            .ok_or_else(|| corrupt(format!("unknown role {:?}", row.user_role)))?;
        let info = SessionInfo::try_from(row.session)?;
        Ok(user_role.token_scopes().contains(&info.role).then_some(info))
    }

    /// A user's API tokens (never the tokens themselves).
    pub async fn tokens(&self, t: Tenant, user_id: i64) -> Result<Vec<ApiToken>, StoreError> {
        let sql = "SELECT id, user_id, name, role, created_at, expires_at, revoked_at FROM api_token \
                   WHERE organisation_id = $1 AND user_id = $2 ORDER BY id";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(t.0).bind(user_id).fetch_all(p).await?))
    }

    /// Revokes a token: the caller's own, or — for a coordinator or administrator, or the command line — any
    /// of the organisation's. Someone else's token answers `NotFound` (no existence leak). In the audit trail.
    pub async fn revoke_token(&self, a: &Access, id: i64, now: Timestamp) -> Result<(), StoreError> {
        let anyone = a.user_id.is_none() || matches!(a.role, Role::Coordinator | Role::Admin);
        let sql = "UPDATE api_token SET revoked_at = $1 WHERE organisation_id = $2 AND id = $3 \
                   AND revoked_at IS NULL AND ($4 OR user_id = $5) RETURNING user_id";
        on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let user: Option<i64> = sqlx::query_scalar(sql).bind(ts(now)).bind(a.tenant.0).bind(id)
                .bind(anyone).bind(a.user_id.unwrap_or(-1)).fetch_optional(&mut *tx).await?;
            let Some(user) = user else { return Err(StoreError::NotFound) };
            let ev = Event {
                organisation_id: a.tenant.0,
                action: "revoke_token",
                entity: "api_token",
                entity_id: Some(id),
                client_id: None,
                detail: json!({"user_id": user}),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
        });
        Ok(())
    }

    /// The command line's access to an organisation: all of its clients, as a coordinator has, and no
    /// user. Only for commands run by whoever holds the database (generate, demo, import): behind the feature
    /// `operator`, which the binary enables and the web crate does not — `cargo check -p terugkeer-web --lib`
    /// (in `.ci/run`) fails if a page or the API ever calls it.
    #[cfg(any(test, feature = "operator"))]
    pub fn org_access(&self, t: Tenant) -> Access {
        Access {
            tenant: t,
            user_id: None,
            role: Role::Coordinator,
            address: None,
        }
    }

    /// The colleagues a client is shared with.
    pub async fn shares(&self, a: &Access, client_id: i64) -> Result<Vec<Share>, StoreError> {
        if self.client(a, client_id).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        Ok(on_pool!(self, p => sqlx::query_as(SHARES_SQL).bind(client_id).fetch_all(p).await?))
    }

    /// Shares a client with a caseworker of the same organisation (`share`), or stops sharing.
    pub async fn share_client(
        &self,
        a: &Access,
        client_id: i64,
        user_id: i64,
        share: bool,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let client = self.may_see_and(a, client_id, Action::ShareCase).await?;
        let colleague = self.user(Tenant(client.organisation_id), user_id).await?;
        if colleague.is_none_or(|u| u.role != "caseworker") {
            return Err(InputError {
                field: "user_id",
                message: Problem::new("problem-not-caseworker"),
            }
            .into());
        }
        let insert = "INSERT INTO client_share (client_id, user_id, shared_by, shared_at) VALUES ($1, $2, $3, $4) \
                      ON CONFLICT (client_id, user_id) DO NOTHING";
        let delete = "DELETE FROM client_share WHERE client_id = $1 AND user_id = $2";
        let ev = Event {
            organisation_id: client.organisation_id,
            action: if share { "share" } else { "unshare" },
            entity: "client",
            entity_id: Some(client_id),
            client_id: Some(client_id),
            detail: json!({ "user_id": user_id }),
        };
        on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let n = if share {
                sqlx::query(insert).bind(client_id).bind(user_id).bind(a.user_id).bind(ts(now))
                    .execute(&mut *tx).await?.rows_affected()
            } else {
                sqlx::query(delete).bind(client_id).bind(user_id).execute(&mut *tx).await?.rows_affected()
            };
            if n == 1 {
                audit!(tx, Some(a), now, ev);
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// The DT&V regievoerders (users with the partner role, of any organisation) a trajectory can be
    /// registered with.
    pub async fn partners(&self) -> Result<Vec<PartnerUser>, StoreError> {
        let sql = "SELECT u.id, u.display_name, o.name AS organisation FROM app_user u \
                   JOIN organisation o ON o.id = u.organisation_id WHERE u.role = 'partner' \
                   ORDER BY o.name, u.display_name, u.id";
        Ok(on_pool!(self, p => sqlx::query_as(sql).fetch_all(p).await?))
    }

    /// Registers a client's trajectory with a DT&V regievoerder (who from then on sees the client), or
    /// withdraws the registration (`None`), if `expected_version` is still the client's.
    pub async fn register_with_dtv(
        &self,
        a: &Access,
        client_id: i64,
        expected_version: i64,
        partner: Option<i64>,
        now: Timestamp,
    ) -> Result<terugkeer_domain::Client, StoreError> {
        self.may_see_and(a, client_id, Action::RegisterWithDtv).await?;
        let partner_org: Option<i64> = match partner {
            None => None,
            Some(pid) => {
                let sql = "SELECT organisation_id FROM app_user WHERE id = $1 AND role = 'partner'";
                let org: Option<i64> =
                    on_pool!(self, p => sqlx::query_scalar(sql).bind(pid).fetch_optional(p).await?);
                Some(org.ok_or_else(|| InputError {
                    field: "partner_id",
                    message: Problem::new("problem-not-regievoerder"),
                })?)
            }
        };
        let sql = "UPDATE client SET partner_id = $1, dtv_organisation_id = $2, dtv_registered_at = $3, \
                   version = version + 1, updated_at = $4 WHERE id = $5 AND version = $6";
        let at = partner.map(|_| ts(now));
        let n = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let (old, org_id): (Option<i64>, i64) =
                sqlx::query_as("SELECT partner_id, organisation_id FROM client WHERE id = $1")
                    .bind(client_id).fetch_one(&mut *tx).await?;
            let n = sqlx::query(sql).bind(partner).bind(partner_org).bind(&at).bind(ts(now))
                .bind(client_id).bind(expected_version).execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                let ev = Event {
                    organisation_id: org_id,
                    action: "register_dtv",
                    entity: "client",
                    entity_id: Some(client_id),
                    client_id: Some(client_id),
                    detail: json!({"changes": [{"field": "partner_id", "old": old, "new": partner}]}),
                };
                audit!(tx, Some(a), now, ev);
            }
            tx.commit().await?;
            n
        });
        if n == 0 {
            return Err(self.refused(a, client_id).await);
        }
        self.client(a, client_id).await?.ok_or(StoreError::NotFound)
    }

    /// The users the caller may see with their organisation's name: a coordinator their organisation's,
    /// an administrator everyone's.
    pub async fn list_users(&self, a: &Access) -> Result<Vec<(User, String)>, StoreError> {
        a.check(Action::ReadUsers)?;
        #[derive(sqlx::FromRow)]
        struct Row {
            id: i64,
            organisation_id: i64,
            username: String,
            display_name: String,
            role: String,
            organisation: String,
        }
        let all = a.role == Role::Admin;
        let sql = "SELECT u.id, u.organisation_id, u.username, u.display_name, u.role, o.name AS organisation \
                   FROM app_user u JOIN organisation o ON o.id = u.organisation_id \
                   WHERE (o.id = $1 OR $2 = 1) ORDER BY o.name, u.display_name, u.id";
        let rows: Vec<Row> = on_pool!(self, p => sqlx::query_as(sql).bind(a.tenant.0).bind(i64::from(all))
            .fetch_all(p).await?);
        Ok(rows
            .into_iter()
            .map(|r| {
                let user = User {
                    id: r.id,
                    organisation_id: r.organisation_id,
                    username: r.username,
                    display_name: r.display_name,
                    role: r.role,
                    password_hash: None,
                    must_change_password: false,
                    totp_secret: None,
                };
                (user, r.organisation)
            })
            .collect())
    }

    /// The organisations the caller may add users to: an administrator all, a coordinator their own.
    pub async fn organisations(&self, a: &Access) -> Result<Vec<(i64, String)>, StoreError> {
        a.check(Action::ManageUsers)?;
        let all = a.role == Role::Admin;
        let sql = "SELECT id, name FROM organisation WHERE (id = $1 OR $2 = 1) ORDER BY name";
        Ok(on_pool!(self, p => sqlx::query_as(sql).bind(a.tenant.0).bind(i64::from(all)).fetch_all(p).await?))
    }

    /// Adds a user. A coordinator adds caseworkers, coordinators and auditors to their own organisation;
    /// an administrator anyone anywhere.
    #[allow(clippy::too_many_arguments)]
    pub async fn add_user(
        &self,
        a: &Access,
        organisation_id: i64,
        username: &str,
        display_name: &str,
        role: &str,
        password_hash: &str,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        a.check(Action::ManageUsers)?;
        if a.role != Role::Admin {
            if organisation_id != a.tenant.0 {
                return Err(StoreError::NotFound);
            }
            if !matches!(role, "caseworker" | "coordinator" | "auditor") {
                return Err(InputError {
                    field: "role",
                    message: Problem::new("problem-coordinator-adds"),
                }
                .into());
            }
        }
        let t = self.tenant_of(organisation_id).await.map_err(|e| match e {
            StoreError::NotFound => StoreError::Input(InputError {
                field: "organisation_id",
                message: Problem::new("problem-not-organisation"),
            }),
            other => other,
        })?;
        if display_name.trim().is_empty() {
            return Err(InputError {
                field: "display_name",
                message: Problem::new("problem-required"),
            }
            .into());
        }
        let id = self
            .create_user(t, username, display_name, role, Some(password_hash), now)
            .await?;
        // Someone else chose this password: the user replaces it at their first login.
        self.require_password_change(id).await?;
        let ev = Event {
            organisation_id: t.0,
            action: "add_user",
            entity: "user",
            entity_id: Some(id),
            client_id: None,
            detail: json!({ "username": username.trim(), "role": role }),
        };
        self.audit_event(a, ev, now).await?;
        Ok(id)
    }

    /// Writes one event to the log in a transaction of its own (for changes made by a single statement
    /// elsewhere: users and organisations).
    pub(crate) async fn audit_event(&self, a: &Access, ev: Event, now: Timestamp) -> Result<(), StoreError> {
        on_pool!(self, p => {
            let mut tx = begin_write!(p);
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
        });
        Ok(())
    }

    /// Adds an organisation (administrators only).
    pub async fn add_organisation(
        &self,
        a: &Access,
        name: &str,
        now: Timestamp,
    ) -> Result<Tenant, StoreError> {
        a.check(Action::ManageOrganisations)?;
        let t = self.create_organisation(name, now).await?;
        let ev = Event {
            organisation_id: t.0,
            action: "add_organisation",
            entity: "organisation",
            entity_id: Some(t.0),
            client_id: None,
            detail: json!({ "name": name.trim() }),
        };
        self.audit_event(a, ev, now).await?;
        Ok(t)
    }
}
