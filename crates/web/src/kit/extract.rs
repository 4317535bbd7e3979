//! Extractors: what a handler is given instead of a request to pick apart. A page handler names what it needs —
//! [`Ctx`] (the logged-in caller and the page's language), [`CsrfForm`] (a form whose anti-forgery token has
//! been checked), [`ClientPath`] and [`ItemPath`] (the ids in the address) — and an API handler [`Caller`] or
//! [`WriteCaller`] and [`JsonBody`]. Each refuses the request with the right answer before the handler runs: the
//! login page, the account page for a caller who must first change their password or set up a second factor, a
//! 403 for a forged form, a 404 for an id that is not a number.
//!
//! The ids are only parsed here; whether the caller may see the client is the store's to say, in the same
//! statement that reads it (every store call takes the caller's `Access`, and answers "not found" for a client
//! outside it). So a handler cannot forget the check, and no page pays a second round trip for it.

use std::net::IpAddr;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde::de::DeserializeOwned;
use terugkeer_store::SessionInfo;

use crate::kit::error::{ApiError, PageError};
use crate::kit::form::{FormData, from_json};
use crate::kit::i18n::Tr;
use crate::kit::security;
use crate::kit::state::{AppState, lang_of};
use crate::kit::trail::peer_of;

/// A logged-in page request: who asks (their session, with the request's address) and in which language.
#[derive(Clone)]
pub struct Ctx {
    /// The caller's session.
    pub(crate) s: SessionInfo,
    /// The page's language.
    pub(crate) t: Tr,
}

impl Ctx {
    /// The caller of a page, even one who must first change their password or set up a second factor (the
    /// account page and logging out); without a session, the login page.
    pub(crate) async fn any(st: &AppState, asker: &Asker) -> Result<Ctx, PageError> {
        let t = Tr {
            lang: lang_of(&asker.headers),
        };
        match st.caller(&asker.headers, asker.peer).await {
            Ok(Some((s, hash))) if !hash.is_empty() => Ok(Ctx { s, t }),
            Ok(_) => Err(PageError::redirect("/login")),
            Err(e) => Err(PageError::internal(t, None, e)),
        }
    }

    /// The caller of a page; a forced password change or a required second factor comes before anything else.
    pub(crate) async fn of(st: &AppState, asker: &Asker) -> Result<Ctx, PageError> {
        let ctx = Ctx::any(st, asker).await?;
        if ctx.s.must_change_password || ctx.s.needs_totp {
            return Err(PageError::redirect("/account"));
        }
        Ok(ctx)
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Ctx, PageError> {
        let ctx = Ctx::of(st, &Asker::of(parts)).await?;
        // For the extractors after it (the form's token, a 404 page with the caller's navigation).
        parts.extensions.insert(ctx.clone());
        Ok(ctx)
    }
}

/// The caller of a page, even one who must first change their password or set up a second factor.
pub struct AnyCtx(pub Ctx);

impl FromRequestParts<AppState> for AnyCtx {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<AnyCtx, PageError> {
        let ctx = Ctx::any(st, &Asker::of(parts)).await?;
        parts.extensions.insert(ctx.clone());
        Ok(AnyCtx(ctx))
    }
}

/// What identifies a caller before the session is looked up: the headers (cookies, bearer token, language)
/// and the address. For the pages that first try the session they remember and read it with their data in
/// one statement, falling back to `Ctx::of`.
pub struct Asker {
    /// The request's headers.
    pub(crate) headers: HeaderMap,
    /// The client's address (see `trail::Peer`).
    pub(crate) peer: Option<IpAddr>,
}

impl Asker {
    fn of(parts: &Parts) -> Asker {
        Asker {
            headers: parts.headers.clone(),
            peer: peer_of(&parts.extensions),
        }
    }

    /// The page's language.
    pub(crate) fn tr(&self) -> Tr {
        Tr {
            lang: lang_of(&self.headers),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Asker {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Asker, Self::Rejection> {
        Ok(Asker::of(parts))
    }
}

/// The page's language alone (pages without a caller: login, errors).
pub struct Lang(pub Tr);

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Lang, Self::Rejection> {
        Ok(Lang(Tr {
            lang: lang_of(&parts.headers),
        }))
    }
}

/// A posted form whose synchronizer token matched the caller's session (checked before anything in it is
/// read). Goes after [`Ctx`] or [`AnyCtx`] in a handler's arguments; without one it looks the caller up itself.
pub struct CsrfForm(pub FormData);

impl FromRequest<AppState> for CsrfForm {
    type Rejection = PageError;

    async fn from_request(req: Request, st: &AppState) -> Result<CsrfForm, PageError> {
        let (mut parts, body) = req.into_parts();
        let ctx = match parts.extensions.get::<Ctx>() {
            Some(c) => c.clone(),
            None => AnyCtx::from_request_parts(&mut parts, st).await?.0,
        };
        let bytes = Bytes::from_request(Request::from_parts(parts, body), st)
            .await
            .map_err(|r| PageError::from(r.into_response()))?;
        // A form that cannot be read is 400; one with a NUL character (which no keyboard types) is refused as
        // input, 422, naming the field by its label — on an error page: no form has seen it yet.
        let form = FormData::parse(&bytes).map_err(|e| {
            let (status, text) = if e.message.id == "problem-nul-character" {
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ctx.t.refusal(&e.field, &e.message),
                )
            } else {
                (StatusCode::BAD_REQUEST, ctx.t.problem(&e.message))
            };
            PageError::page(ctx.t, Some(&ctx.s), status, text)
        })?;
        if !security::csrf_ok(&ctx.s, form.get("csrf")) {
            return Err(PageError::page(
                ctx.t,
                Some(&ctx.s),
                StatusCode::FORBIDDEN,
                ctx.t.s("error.csrf").into(),
            ));
        }
        Ok(CsrfForm(form))
    }
}

/// 404 for an address whose id is not a number: JSON under `/api/`, else the error page (with the caller's
/// navigation when [`Ctx`] was extracted first).
fn no_such(parts: &Parts) -> PageError {
    if parts.uri.path().starts_with("/api/") {
        return PageError::from(ApiError::not_found().into_response());
    }
    match parts.extensions.get::<Ctx>() {
        Some(ctx) => PageError::not_found(ctx),
        None => {
            let t = Tr {
                lang: lang_of(&parts.headers),
            };
            PageError::page(t, None, StatusCode::NOT_FOUND, t.s("error.not_found").into())
        }
    }
}

/// The path parameter `name` (or, with `None`, the one that is not `id`) as a number.
async fn path_id<S: Send + Sync>(parts: &mut Parts, st: &S, name: Option<&str>) -> Result<i64, PageError> {
    let params = RawPathParams::from_request_parts(parts, st)
        .await
        .map_err(|_| no_such(parts))?;
    let raw = params
        .iter()
        .find(|(k, _)| match name {
            Some(n) => *k == n,
            None => *k != "id",
        })
        .map(|(_, v)| v);
    raw.and_then(|v| v.parse().ok()).ok_or_else(|| no_such(parts))
}

/// The client an address is about (`{id}`): the number only; the store decides, with the caller's access,
/// whether it is there for them.
pub struct ClientPath(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for ClientPath {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, st: &S) -> Result<ClientPath, PageError> {
        path_id(parts, st, Some("id")).await.map(ClientPath)
    }
}

/// The `{id}` of an address about something other than a client (a project).
pub struct IdPath(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for IdPath {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, st: &S) -> Result<IdPath, PageError> {
        path_id(parts, st, Some("id")).await.map(IdPath)
    }
}

/// The item of a client's file an address is about (`{rid}`, `{vid}`, … — the path's other parameter).
pub struct ItemPath(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for ItemPath {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, st: &S) -> Result<ItemPath, PageError> {
        path_id(parts, st, None).await.map(ItemPath)
    }
}

/// The caller of an API read: a session cookie or a bearer token; 401 without either.
pub struct Caller(pub SessionInfo);

/// The caller of an API write: as [`Caller`], and a session cookie must come with its anti-forgery token in
/// `X-CSRF-Token` (a bearer token is never sent by a browser on its own and needs none).
pub struct WriteCaller(pub SessionInfo);

async fn api_caller(parts: &Parts, st: &AppState, write: bool) -> Result<SessionInfo, ApiError> {
    match st.caller(&parts.headers, peer_of(&parts.extensions)).await {
        Ok(Some((s, session_hash))) => {
            // A session whose user must first change a temporary password or set up the second factor the
            // organisation requires reaches the account page only — the API included (issue 24). A token is
            // made on that page, so one exists only once both are done.
            if !session_hash.is_empty() && (s.must_change_password || s.needs_totp) {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "account_setup_required",
                    "finish the account page first: change the temporary password or set up two-step verification",
                ));
            }
            if write && !session_hash.is_empty() {
                let sent = parts
                    .headers
                    .get("x-csrf-token")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                if !security::csrf_ok(&s, sent) {
                    return Err(ApiError::new(
                        StatusCode::FORBIDDEN,
                        "forbidden",
                        "a write with a session cookie needs the X-CSRF-Token header",
                    ));
                }
            }
            Ok(s)
        }
        Ok(None) => Err(ApiError::unauthorized()),
        Err(e) => Err(ApiError::internal(e)),
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Caller, ApiError> {
        api_caller(parts, st, false).await.map(Caller)
    }
}

impl FromRequestParts<AppState> for WriteCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<WriteCaller, ApiError> {
        api_caller(parts, st, true).await.map(WriteCaller)
    }
}

/// A JSON body read into `T`: 400 if it is not JSON, 422 naming the failing field (a JSON path) if a value is
/// wrong.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, st: &S) -> Result<JsonBody<T>, ApiError> {
        let bytes = Bytes::from_request(req, st)
            .await
            .map_err(|r| ApiError::new(r.status(), "invalid", r.body_text()))?;
        json_body(&bytes).map(JsonBody)
    }
}

/// A body as JSON: 400 if it is not JSON.
pub(crate) fn json_value(bytes: &[u8]) -> Result<serde_json::Value, ApiError> {
    let v: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| ApiError {
        field: Some("body".into()),
        ..ApiError::new(StatusCode::BAD_REQUEST, "invalid_json", format!("not JSON: {e}"))
    })?;
    if let Some(path) = crate::kit::form::find_nul(&v) {
        return Err(crate::kit::form::nul_in(if path.is_empty() { "body" } else { &path }).into());
    }
    Ok(v)
}

/// Reads a JSON body into `T`, naming the failing field.
pub(crate) fn json_body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    Ok(from_json(json_value(bytes)?)?)
}
