//! Who is asking. Browsers hold a session cookie (a random 256-bit id; the database keeps only its SHA-256,
//! so a copied database holds no live session); scripts send `Authorization: Bearer <token>` (likewise
//! stored hashed, with an expiry and revocable). Passwords are argon2id PHC strings with the OWASP
//! parameters (19 MiB, 2 passes).
//!
//! Forms are protected twice against cross-site forgery: the session cookie is `SameSite=Strict`, and
//! every state-changing form carries the session's synchronizer token, checked before anything is read.
//! API writes with a session cookie need the same token in `X-CSRF-Token`; bearer tokens are not sent by
//! browsers on their own and need none.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::http::HeaderMap;
use sha2::{Digest, Sha256};
use terugkeer_store::SessionInfo;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "terugkeer_session";
/// The login form's anti-forgery cookie: the login form carries the same random value in a hidden field, and
/// a login whose field and cookie differ is refused before the password is tried. A page on another site can
/// post to `/login` but can neither read nor set this cookie, so it cannot log a victim's browser into an
/// account the attacker controls ("login CSRF"). Sent only to `/login`.
pub const LOGIN_COOKIE: &str = "terugkeer_login";
/// The language cookie's name (a preference, not a secret).
pub const LANG_COOKIE: &str = "terugkeer_lang";

/// What can go wrong hashing.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// The system's random source failed.
    #[error("random source: {0}")]
    Random(String),
    /// Hashing failed.
    #[error("password hashing: {0}")]
    Hash(String),
}

/// `n` random bytes, URL-safe base64 without padding.
pub fn random_token(n: usize) -> Result<String, AuthError> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| AuthError::Random(e.to_string()))?;
    Ok(b64url(&bytes))
}

fn b64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 2);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let idx = ((n >> (18 - 6 * i)) & 63) as usize;
            out.push(char::from(A.get(idx).copied().unwrap_or(b'A')));
        }
    }
    out
}

/// SHA-256 of a secret, hex: what the database keeps of session ids and API tokens.
pub fn secret_hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hashes a password (argon2id, random salt).
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Hash(e.to_string()))
}

/// Whether `password` matches the stored hash (false for a malformed hash).
pub fn verify_password(password: &str, stored: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), stored)
        .is_ok()
}

/// A cookie's value from the request.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The bearer token of the request, if any.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
}

/// The `Set-Cookie` value of a new session.
pub fn session_cookie(id: &str, secure: bool, max_age_secs: i64) -> String {
    format!(
        "{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that carries the login form's token (two hours: a form left open over lunch still
/// works).
pub fn login_cookie(token: &str, secure: bool) -> String {
    let max_age = if token.is_empty() { 0 } else { 7200 };
    format!(
        "{LOGIN_COOKIE}={token}; Path=/login; HttpOnly; SameSite=Strict; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Whether two secrets are equal and not empty (constant time in their content).
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    !a.is_empty() && a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The `Set-Cookie` value that ends the session in the browser.
pub fn clear_session_cookie(secure: bool) -> String {
    session_cookie("", secure, 0)
}

/// Whether the submitted synchronizer token is the session's (constant time).
pub fn csrf_ok(session: &SessionInfo, submitted: &str) -> bool {
    same_secret(&session.csrf, submitted)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn passwords_verify_and_wrong_ones_do_not() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("correct hors", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_url_safe() {
        let a = random_token(32).unwrap();
        let b = random_token(32).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
        assert_eq!(b64url(b"Man"), "TWFu");
        assert_eq!(b64url(b"Ma"), "TWE");
        assert_eq!(secret_hash("abc").len(), 64);
    }
}
