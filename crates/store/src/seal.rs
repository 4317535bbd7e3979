//! Special-category data sealed at rest: a client's criminal record, article 1F and medical impediment (GDPR
//! art. 9 and 10 data) are stored only encrypted (XChaCha20-Poly1305, a random 192-bit nonce per value), with
//! a key kept outside the database (a key file or `TERUGKEER_KEY`). The database holds the key's id (the start
//! of its SHA-256) and a sealed check value, so a wrong key is named as such at start-up instead of yielding
//! garbage, and a missing key is an error, never plaintext.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use data_encoding::{BASE64, HEXLOWER};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::StoreError;

/// The fields that are sealed.
pub const SEALED_FIELDS: [&str; 3] = ["criminal_record", "article_1f", "medical_impediment"];

/// Where a sealed value sits in a client's stored JSON.
const SEALED_KEY: &str = "_sealed";

/// A 256-bit key.
#[derive(Clone)]
pub struct Key {
    bytes: [u8; 32],
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Key({})", self.id())
    }
}

impl Key {
    /// A key from its text form: 64 hexadecimal digits (surrounding whitespace ignored).
    pub fn parse(text: &str) -> Result<Key, StoreError> {
        let bytes = HEXLOWER
            .decode(text.trim().to_ascii_lowercase().as_bytes())
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| StoreError::Key("a key is 64 hexadecimal digits (256 bits)".into()))?;
        Ok(Key { bytes })
    }

    /// A new random key.
    pub fn generate() -> Result<Key, StoreError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| StoreError::Key(e.to_string()))?;
        Ok(Key { bytes })
    }

    /// Its text form (keep it secret).
    pub fn to_text(&self) -> String {
        HEXLOWER.encode(&self.bytes)
    }

    /// Its id: the first 8 hex digits of its SHA-256, stored beside every value it sealed.
    pub fn id(&self) -> String {
        HEXLOWER.encode(&Sha256::digest(self.bytes)[..4])
    }

    /// A message authentication code of `message` under a key derived from this one for `purpose` (so that a
    /// code made for one use never serves another): HMAC-SHA256, hexadecimal.
    pub fn mac(&self, purpose: &str, message: &[u8]) -> String {
        use hmac::{Hmac, Mac};
        let derived = <Hmac<Sha256> as Mac>::new_from_slice(&self.bytes)
            .map(|m| m.chain_update(purpose.as_bytes()).finalize().into_bytes())
            .unwrap_or_default();
        <Hmac<Sha256> as Mac>::new_from_slice(&derived)
            .map(|m| HEXLOWER.encode(&m.chain_update(message).finalize().into_bytes()))
            .unwrap_or_default()
    }

    /// Seals `plain`: `v1:<key id>:<base64 of nonce and ciphertext>`.
    pub fn seal(&self, plain: &[u8]) -> Result<String, StoreError> {
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).map_err(|e| StoreError::Key(e.to_string()))?;
        let cipher = XChaCha20Poly1305::new((&self.bytes).into());
        let sealed = cipher
            .encrypt(XNonce::from_slice(&nonce), plain)
            .map_err(|_| StoreError::Key("encryption failed".into()))?;
        let mut out = nonce.to_vec();
        out.extend(sealed);
        Ok(format!("v1:{}:{}", self.id(), BASE64.encode(&out)))
    }

    /// Opens a value this key sealed; a value sealed by another key, or altered, is an error naming it.
    pub fn open(&self, sealed: &str) -> Result<Vec<u8>, StoreError> {
        let mut parts = sealed.splitn(3, ':');
        let (Some("v1"), Some(id), Some(body)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(StoreError::Corrupt("a sealed value is not in the v1 form".into()));
        };
        if id != self.id() {
            return Err(StoreError::Key(format!(
                "the data was sealed with key {id}, but the key given is {} (wrong key file or TERUGKEER_KEY?)",
                self.id()
            )));
        }
        let raw = BASE64
            .decode(body.as_bytes())
            .map_err(|_| StoreError::Corrupt("a sealed value is not base64".into()))?;
        if raw.len() < 24 {
            return Err(StoreError::Corrupt("a sealed value is too short".into()));
        }
        let cipher = XChaCha20Poly1305::new((&self.bytes).into());
        cipher
            .decrypt(XNonce::from_slice(&raw[..24]), &raw[24..])
            .map_err(|_| {
                StoreError::Key(format!(
                    "a value sealed with key {id} does not open: it was altered"
                ))
            })
    }
}

/// The free text of records sealed at rest: a contact's (or refusal's) notes and a closure's reason, where a
/// caseworker may write about health. Each non-empty value is stored as [`TEXT_MARK`] followed by its sealed form;
/// a value without the mark (written before sealing) is read as it is.
pub(crate) const SEALED_TEXT: [&str; 2] = ["notes", "reason"];

/// Marks a sealed text value (characters no form sends at the start of a note).
pub(crate) const TEXT_MARK: &str = "\u{27e6}sealed\u{27e7}";

/// Applies `f` to each of a record's [`SEALED_TEXT`] string values.
fn each_text(
    json: &str,
    mut f: impl FnMut(&str) -> Result<Option<String>, StoreError>,
) -> Result<String, StoreError> {
    let mut v: Value = serde_json::from_str(json).map_err(crate::corrupt)?;
    if let Value::Object(m) = &mut v {
        for k in SEALED_TEXT {
            if let Some(Value::String(s)) = m.get(k)
                && let Some(next) = f(s)?
            {
                m.insert(k.to_owned(), Value::String(next));
            }
        }
    }
    serde_json::to_string(&v).map_err(crate::corrupt)
}

/// A record's JSON with its free text sealed.
pub(crate) fn seal_record(key: Option<&Key>, json: &str) -> Result<String, StoreError> {
    each_text(json, |s| {
        if s.is_empty() || s.starts_with(TEXT_MARK) {
            return Ok(None);
        }
        let key = key.ok_or(StoreError::NoKey)?;
        Ok(Some(format!("{TEXT_MARK}{}", key.seal(s.as_bytes())?)))
    })
}

/// A stored record's JSON with its free text opened.
pub(crate) fn open_record(key: Option<&Key>, json: &str) -> Result<String, StoreError> {
    if !json.contains(TEXT_MARK) {
        return Ok(json.to_owned());
    }
    each_text(json, |s| match s.strip_prefix(TEXT_MARK) {
        None => Ok(None),
        Some(sealed) => {
            let key = key.ok_or(StoreError::NoKey)?;
            let plain = key.open(sealed)?;
            Ok(Some(String::from_utf8(plain).map_err(crate::corrupt)?))
        }
    })
}

/// A stored record's JSON with its free text left out (empty), sealed or not: for a reader who may not see it.
pub(crate) fn without_text(json: &str) -> Result<String, StoreError> {
    each_text(json, |s| Ok((!s.is_empty()).then(String::new)))
}

/// A client's JSON with the special-category fields taken out and sealed under `_sealed`.
pub(crate) fn seal_client(key: Option<&Key>, mut data: Value) -> Result<String, StoreError> {
    if let Value::Object(m) = &mut data {
        let mut secret = Map::new();
        for f in SEALED_FIELDS {
            if let Some(v) = m.remove(f) {
                secret.insert(f.to_owned(), v);
            }
        }
        if !secret.is_empty() {
            let key = key.ok_or(StoreError::NoKey)?;
            let plain = serde_json::to_vec(&Value::Object(secret)).map_err(crate::corrupt)?;
            m.insert(SEALED_KEY.into(), Value::String(key.seal(&plain)?));
        }
    }
    serde_json::to_string(&data).map_err(crate::corrupt)
}

/// A client's stored JSON with the sealed fields opened and put back (a row written before sealing, without
/// `_sealed`, is read as it is).
pub(crate) fn open_client(key: Option<&Key>, stored: &str) -> Result<Value, StoreError> {
    let mut data: Value = serde_json::from_str(stored).map_err(crate::corrupt)?;
    if let Value::Object(m) = &mut data
        && let Some(sealed) = m.remove(SEALED_KEY)
    {
        let sealed = sealed
            .as_str()
            .ok_or_else(|| StoreError::Corrupt("_sealed is not text".into()))?;
        let key = key.ok_or(StoreError::NoKey)?;
        let secret: Value = serde_json::from_slice(&key.open(sealed)?).map_err(crate::corrupt)?;
        if let Value::Object(s) = secret {
            m.extend(s);
        }
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sealed_fields_leave_the_json_and_come_back() {
        let key = Key::generate().unwrap();
        let data = json!({"family_name": "A", "criminal_record": true, "article_1f": null, "phone": "1"});
        let stored = seal_client(Some(&key), data.clone()).unwrap();
        assert!(
            !stored.contains("criminal_record") && !stored.contains("article_1f"),
            "{stored}"
        );
        assert!(stored.contains("\"family_name\":\"A\""));
        assert_eq!(open_client(Some(&key), &stored).unwrap(), data);
        // Each sealing uses a new nonce.
        assert_ne!(stored, seal_client(Some(&key), data).unwrap());
    }

    #[test]
    fn a_wrong_missing_or_altered_key_is_an_error_not_garbage() {
        let key = Key::generate().unwrap();
        let other = Key::generate().unwrap();
        let stored = seal_client(Some(&key), json!({"criminal_record": false})).unwrap();
        let e = open_client(Some(&other), &stored).unwrap_err().to_string();
        assert!(e.contains(&key.id()) && e.contains(&other.id()), "{e}");
        assert!(matches!(open_client(None, &stored), Err(StoreError::NoKey)));
        assert!(matches!(
            seal_client(None, json!({"article_1f": true})),
            Err(StoreError::NoKey)
        ));
        // One character of the ciphertext changed: refused.
        let v: Value = serde_json::from_str(&stored).unwrap();
        let s = v["_sealed"].as_str().unwrap();
        let flipped = format!(
            "{}{}",
            &s[..s.len() - 2],
            if s.ends_with("A=") { "B=" } else { "A=" }
        );
        let altered = json!({ "_sealed": flipped }).to_string();
        assert!(open_client(Some(&key), &altered).is_err());
    }

    #[test]
    fn keys_parse_from_hex_only() {
        let key = Key::generate().unwrap();
        assert_eq!(
            Key::parse(&format!(" {}\n", key.to_text())).unwrap().id(),
            key.id()
        );
        assert!(Key::parse("abc").is_err());
        assert!(Key::parse(&"zz".repeat(32)).is_err());
    }
}
