//! The second factor: time-based one-time passwords (RFC 6238 over RFC 4226: HMAC-SHA1, 30-second steps,
//! 6 digits), as every authenticator app (FreeOTP, Google or Microsoft Authenticator) makes them. A code
//! is accepted one step early or late (clock drift), and each step once (the store remembers the last).

use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Seconds per step.
pub const STEP_SECONDS: i64 = 30;

/// The 6-digit code of `secret` for time step `step`.
pub fn code_at(secret: &[u8], step: i64) -> u32 {
    // Any key length is valid for HMAC, so this cannot fail; an empty secret gives a code nobody holds.
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else {
        return u32::MAX;
    };
    mac.update(&step.to_be_bytes());
    // HMAC-SHA1 gives 20 bytes; the offset is at most 15, so h[offset + 3] is at most h[18]: no index fails.
    let h = mac.finalize().into_bytes();
    let offset = usize::from(h[19] & 0x0f);
    let bin = (u32::from(h[offset]) & 0x7f) << 24
        | u32::from(h[offset + 1]) << 16
        | u32::from(h[offset + 2]) << 8
        | u32::from(h[offset + 3]);
    bin % 1_000_000
}

/// The step a code matches at Unix time `unix`, if any (the current step, one before or one after).
pub fn matching_step(secret_base32: &str, code: &str, unix: i64) -> Option<i64> {
    let secret = BASE32_NOPAD.decode(secret_base32.as_bytes()).ok()?;
    let code = code.trim().replace(' ', "");
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = unix.div_euclid(STEP_SECONDS);
    [now, now - 1, now + 1]
        .into_iter()
        .find(|s| format!("{:06}", code_at(&secret, *s)) == code)
}

/// Whether a base32 secret holds at least 160 bits (RFC 4226's recommendation, and what [`new_secret`] makes).
pub fn strong_enough(secret_base32: &str) -> bool {
    BASE32_NOPAD
        .decode(secret_base32.as_bytes())
        .is_ok_and(|s| s.len() >= 20)
}

/// A new random secret (160 bits, as RFC 4226 recommends), in base32.
pub fn new_secret() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes)?;
    Ok(BASE32_NOPAD.encode(&bytes))
}

/// The `otpauth://` address an authenticator app reads (typed in, or as a QR code by other means).
pub fn uri(account: &str, secret_base32: &str) -> String {
    let account: String = account
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!(
        "otpauth://totp/terugkeer:{account}?secret={secret_base32}&issuer=terugkeer&algorithm=SHA1&digits=6&period=30"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B (SHA-1 column), the last six digits.
    #[test]
    fn rfc_6238_vectors() {
        let secret = b"12345678901234567890";
        for (unix, code) in [
            (59, 287_082),
            (1_111_111_109, 81_804),
            (1_111_111_111, 50_471),
            (1_234_567_890, 5_924),
            (2_000_000_000, 279_037),
            (20_000_000_000, 353_130),
        ] {
            assert_eq!(code_at(secret, unix / STEP_SECONDS), code, "at {unix}");
        }
    }

    #[test]
    fn drift_of_one_step_and_no_more() {
        let secret = BASE32_NOPAD.encode(b"12345678901234567890");
        assert_eq!(matching_step(&secret, "287082", 59), Some(1));
        assert_eq!(matching_step(&secret, "287 082", 89), Some(1));
        assert_eq!(matching_step(&secret, "287082", 119), None);
        assert_eq!(matching_step(&secret, "28708", 59), None);
        assert_eq!(matching_step(&secret, "abcdef", 59), None);
        assert_eq!(matching_step("not base32!", "287082", 59), None);
    }

    #[test]
    fn secrets_are_new_and_addresses_escaped() {
        let a = new_secret().unwrap();
        assert_eq!(a.len(), 32);
        assert_ne!(a, new_secret().unwrap());
        assert!(uri("anna de boer", &a).starts_with("otpauth://totp/terugkeer:anna%20de%20boer?secret="));
    }
}
