//! Small closed vocabularies shared by facts, policy and results.

use serde::{Deserialize, Serialize};

/// Who can take (part in) a discretionary decision. The names are those of the assess contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    /// The DT&V official who holds the client in their caseload.
    Regievoerder,
    /// The regievoerder's senior.
    SeniorRegievoerder,
    /// DT&V's department manager.
    Afdelingsmanager,
    /// The local consultation (Lokaal Terugkeeroverleg, since about 2023 the Lokaal Ketenoverleg, LKO).
    Lto,
    /// The Regionaal Afstemmingsoverleg.
    Rao,
    /// DT&V's central management.
    DenHaag,
}

impl Role {
    /// Every role, in contract order.
    pub const ALL: [Role; 6] = [
        Role::Regievoerder,
        Role::SeniorRegievoerder,
        Role::Afdelingsmanager,
        Role::Lto,
        Role::Rao,
        Role::DenHaag,
    ];

    /// Every role's identifier, in contract order (for forms and filters; derived from [`Role::ALL`]).
    pub const IDS: [&'static str; 6] = {
        let mut ids = [""; 6];
        let mut i = 0;
        while i < 6 {
            ids[i] = Role::ALL[i].as_str();
            i += 1;
        }
        ids
    };

    /// The contract's identifier.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Regievoerder => "regievoerder",
            Role::SeniorRegievoerder => "senior_regievoerder",
            Role::Afdelingsmanager => "afdelingsmanager",
            Role::Lto => "lto",
            Role::Rao => "rao",
            Role::DenHaag => "den_haag",
        }
    }

    /// Parses the contract's identifier.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// The support scheme a trajectory's in-kind support comes from (issue 25): the amounts and conditions differ,
/// each a dated policy of its own. Not given means the NGO subsidy scheme (SVT, then OZV), as before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SupportScheme {
    /// The justice ministry's subsidy scheme for NGOs (SVT 2015–2016, OZV 2019 and 2023).
    #[default]
    Ozv,
    /// IOM's Assisted Voluntary Return and Reintegration programme in the Netherlands.
    IomAvrr,
    /// The EU Reintegration Programme run by Frontex.
    Eurp,
}

impl SupportScheme {
    /// Every scheme.
    pub const ALL: [SupportScheme; 3] = [SupportScheme::Ozv, SupportScheme::IomAvrr, SupportScheme::Eurp];

    /// The identifier used in facts and records.
    pub fn as_str(self) -> &'static str {
        match self {
            SupportScheme::Ozv => "ozv",
            SupportScheme::IomAvrr => "iom_avrr",
            SupportScheme::Eurp => "eurp",
        }
    }

    /// Parses the identifier.
    pub fn parse(s: &str) -> Option<SupportScheme> {
        SupportScheme::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// The kind of asylum procedure, which decides from 12 June 2026 whether an appeal suspends the return
/// decision (art. 82 Vw with art. 68 of the Asylum Procedure Regulation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ProcedureType {
    /// The regular asylum procedure.
    Regular,
    /// The accelerated procedure.
    Accelerated,
    /// The asylum border procedure.
    Border,
}

impl ProcedureType {
    /// The identifier used in facts and policy files.
    pub fn as_str(self) -> &'static str {
        match self {
            ProcedureType::Regular => "regular",
            ProcedureType::Accelerated => "accelerated",
            ProcedureType::Border => "border",
        }
    }

    /// Parses the identifier.
    pub fn parse(s: &str) -> Option<ProcedureType> {
        [
            ProcedureType::Regular,
            ProcedureType::Accelerated,
            ProcedureType::Border,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

/// Where the client stays; it decides the room for guidance (domain.md, "Where the client stays").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Setting {
    /// State reception in an asylum seekers' centre.
    Azc,
    /// Vrijheidsbeperkende locatie (art. 56 Vw measure).
    Vbl,
    /// Family location.
    Gezinslocatie,
    /// Municipal emergency shelter (since 2019 the LVV).
    Noodopvang,
    /// No shelter / irregular stay.
    #[default]
    Elders,
    /// Immigration detention.
    Bewaring,
}

impl Setting {
    /// Every setting, in contract order.
    pub const ALL: [Setting; 6] = [
        Setting::Azc,
        Setting::Vbl,
        Setting::Gezinslocatie,
        Setting::Noodopvang,
        Setting::Elders,
        Setting::Bewaring,
    ];

    /// Every setting's identifier, in contract order (for forms and filters; derived from [`Setting::ALL`]).
    pub const IDS: [&'static str; 6] = {
        let mut ids = [""; 6];
        let mut i = 0;
        while i < 6 {
            ids[i] = Setting::ALL[i].as_str();
            i += 1;
        }
        ids
    };

    /// The contract's identifier.
    pub const fn as_str(self) -> &'static str {
        match self {
            Setting::Azc => "azc",
            Setting::Vbl => "vbl",
            Setting::Gezinslocatie => "gezinslocatie",
            Setting::Noodopvang => "noodopvang",
            Setting::Elders => "elders",
            Setting::Bewaring => "bewaring",
        }
    }

    /// State reception with a statutory end (AZC, VBL).
    pub fn is_state_reception_with_term(self) -> bool {
        matches!(self, Setting::Azc | Setting::Vbl)
    }
}

/// Entry ban (inreisverbod).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EntryBan {
    /// No entry ban.
    #[default]
    None,
    /// A light entry ban.
    Light,
    /// A heavy entry ban (zwaar inreisverbod; today: more than five years).
    Heavy,
}

impl EntryBan {
    /// The contract's identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryBan::None => "none",
            EntryBan::Light => "light",
            EntryBan::Heavy => "heavy",
        }
    }
}

/// Output language for explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Dutch, the default: caseworkers work in Dutch.
    #[default]
    Nl,
    /// English.
    En,
}

impl Lang {
    /// Picks the text for this language.
    pub fn pick<'a>(self, nl: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}

/// A two-letter country code, validated against ISO 3166-1 (plus `XK`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

impl Country {
    /// A country from an upper-case ISO 3166-1 alpha-2 code.
    pub fn parse(code: &str) -> Option<Country> {
        if crate::policy::iso3166::is_known(code) {
            let b = code.as_bytes();
            Some(Country([b[0], b[1]]))
        } else {
            None
        }
    }

    /// The code's bytes.
    pub fn bytes(self) -> [u8; 2] {
        self.0
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        // Only ASCII upper-case letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// Index in 0..676 for country bit sets.
    pub fn index(self) -> usize {
        usize::from(self.0[0] - b'A') * 26 + usize::from(self.0[1] - b'A')
    }
}

impl std::fmt::Debug for Country {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for Country {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Country {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Country, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Country;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an upper-case ISO 3166-1 alpha-2 country code")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Country, E> {
                Country::parse(v)
                    .ok_or_else(|| E::custom(format!("unknown ISO 3166-1 alpha-2 country code {v:?}")))
            }
        }
        d.deserialize_str(V)
    }
}

/// Money in euro cents: never floating point in a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Cents(pub i64);

/// An amount as people write it in `Lang`: "€ 1.250,50" (English: "€1,250.50"). The one formatter: rule
/// reasons use it, and so does the text crate's `Tr::money` for the pages.
#[derive(Debug, Clone, Copy)]
pub struct Written(pub Cents, pub Lang);

impl std::fmt::Display for Written {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (group, mark, space) = match self.1 {
            Lang::Nl => ('.', ',', " "),
            Lang::En => (',', '.', ""),
        };
        let sign = if self.0.0 < 0 { "-" } else { "" };
        let c = self.0.0.unsigned_abs();
        let digits = (c / 100).to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(group);
            }
            grouped.push(ch);
        }
        write!(f, "{sign}€{space}{grouped}{mark}{:02}", c % 100)
    }
}

impl Cents {
    /// Converts a JSON/TOML number of euros to cents, refusing anything but a finite amount with at most
    /// two decimals. The check allows for the binary representation of decimals (500.01 is stored as
    /// 500.00999…): the amount must lie within a millionth of a cent of a whole cent. The error is a message
    /// id: `problem-not-finite`, `problem-too-large` or `problem-more-than-two-decimals`.
    pub fn from_eur(eur: f64) -> Result<Cents, &'static str> {
        if !eur.is_finite() {
            return Err("problem-not-finite");
        }
        if eur.abs() > 1e12 {
            return Err("problem-too-large");
        }
        let cents = (eur * 100.0).round();
        if (eur * 100.0 - cents).abs() > 1e-6 {
            return Err("problem-more-than-two-decimals");
        }
        // |cents| ≤ 1e14 fits an i64.
        Ok(Cents(cents as i64))
    }

    /// Euros as a number, for JSON output (exact for amounts below 2^53 cents).
    pub fn eur(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

impl Serialize for Cents {
    /// Euros as a number: the form of the contract's money fields.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.eur())
    }
}

impl std::fmt::Display for Cents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        if a.is_multiple_of(100) {
            write!(f, "EUR {sign}{}", a / 100)
        } else {
            write!(f, "EUR {sign}{}.{:02}", a / 100, a % 100)
        }
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Country {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[A-Z]{2}$"))
            .description(Some("ISO 3166-1 alpha-2 country code (XK for Kosovo)"))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Country {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_are_exact_at_the_boundaries() {
        assert_eq!(Cents::from_eur(500.0), Ok(Cents(50_000)));
        assert_eq!(Cents::from_eur(500.01), Ok(Cents(50_001)));
        assert_eq!(Cents::from_eur(1500.01), Ok(Cents(150_001)));
        assert_eq!(Cents::from_eur(0.29), Ok(Cents(29)));
        assert!(Cents::from_eur(500.005).is_err());
        assert!(Cents::from_eur(f64::NAN).is_err());
        assert!(Cents::from_eur(f64::INFINITY).is_err());
        assert_eq!(Cents(150_001).to_string(), "EUR 1500.01");
        assert_eq!(Cents(50_000).to_string(), "EUR 500");
    }

    #[test]
    fn countries_are_validated() {
        assert!(Country::parse("XK").is_some());
        assert!(Country::parse("xk").is_none());
        assert!(Country::parse("UK").is_none());
        assert_eq!(Country::parse("AF").map(|c| c.index()), Some(5));
    }
}
