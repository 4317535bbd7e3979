//! ISO 3166-1 alpha-2 country codes (a standard, not law), plus `XK` for Kosovo, which the EU and the
//! Dutch authorities use although ISO has not assigned it. Taken from Debian's iso-codes 3166-1 list.

/// Every officially assigned ISO 3166-1 alpha-2 code, sorted, then `XK`.
pub const CODES: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA",
    "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV",
    "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU",
    "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES",
    "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM",
    "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE",
    "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM",
    "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY",
    "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT",
    "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU",
    "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA",
    "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM",
    "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL",
    "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE",
    "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW", "XK",
];

/// Whether `code` is an assigned alpha-2 code (or `XK`). Upper case only.
pub fn is_known(code: &str) -> bool {
    CODES.contains(&code)
}

/// Index 0..676 of a two-letter upper-case code, for bit sets of countries.
pub fn index(code: [u8; 2]) -> Option<usize> {
    let [a, b] = code;
    if a.is_ascii_uppercase() && b.is_ascii_uppercase() {
        Some(usize::from(a - b'A') * 26 + usize::from(b - b'A'))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn has_every_assigned_code_and_kosovo() {
        assert_eq!(super::CODES.len(), 249 + 1);
        for c in [
            "NL", "AF", "DM", "DO", "KP", "KR", "MK", "FM", "TL", "XK", "GL", "PS",
        ] {
            assert!(super::is_known(c), "{c}");
        }
        for c in ["UK", "EU", "TP", "YU", "nl", "N", "NLD"] {
            assert!(!super::is_known(c), "{c}");
        }
    }
}
