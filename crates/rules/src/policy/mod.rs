//! Law as data: every number, list and switch the rules use, each value keyed by the date from which it
//! applies and carrying its own legal citation, source note and confidence mark.
//!
//! The model follows OpenFisca's parameters: only start dates are stored, so two values can never overlap;
//! a value applies from its `from` date until the next value's. Unlike OpenFisca, a citation is required on
//! every value (citations change by date too: art. 62 lid 3 Vw became lid 4 on 2025-07-01), a value may be
//! declared *unknown* (the data is not available: the rule then yields "undetermined", never a guess), and
//! a date before the first value is "no rule in force", never a default.
//!
//! The set of parameters is fixed here ([`ParamId`]): the code says *which* parameters exist and in which
//! unit; the files say *what* they are and since when. Loading lives in [`mod@load`]; it is pure (it takes file
//! names and texts), so the crate stays free of I/O.

pub mod holidays;
pub mod iso3166;
pub mod load;

use crate::date::Date;
use crate::vocab::{Cents, Country, ProcedureType, Role};

pub use load::{PolicyError, PolicyIssue, added_values, load};

/// The unit (and so the value type) of a parameter. A file that declares another unit is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Whole days.
    Days,
    /// Whole weeks.
    Weeks,
    /// Whole calendar years.
    Years,
    /// A count.
    Count,
    /// An amount in euros (at most two decimals), held as cents.
    Eur,
    /// A switch.
    Bool,
    /// A rule without a number: the value says whether it is in force; the citation is the point.
    Rule,
    /// A name or a choice from a closed list (see [`Spec::choices`]).
    Text,
    /// A list of ISO 3166-1 alpha-2 codes, optionally with the name used in the source.
    Countries,
    /// A list of calendar-month offsets.
    MonthsList,
    /// The public holidays of the Algemene termijnenwet.
    Holidays,
    /// A list of roles that must sign or decide.
    Roles,
    /// A list of asylum procedure types.
    Procedures,
}

impl Unit {
    /// The unit's name in policy files.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Days => "days",
            Unit::Weeks => "weeks",
            Unit::Years => "years",
            Unit::Count => "count",
            Unit::Eur => "eur",
            Unit::Bool => "bool",
            Unit::Rule => "rule",
            Unit::Text => "text",
            Unit::Countries => "countries",
            Unit::MonthsList => "months",
            Unit::Holidays => "holidays",
            Unit::Roles => "roles",
            Unit::Procedures => "procedures",
        }
    }
}

macro_rules! params {
    ($($id:ident = $key:literal : $unit:ident $([$($choice:literal),*])?;)*) => {
        /// Every parameter the rules read.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(missing_docs)]
        pub enum ParamId { $($id),* }

        /// The registry: key, unit and allowed choices of every parameter, in [`ParamId`] order.
        pub const SPECS: &[Spec] = &[
            $(Spec { id: ParamId::$id, key: $key, unit: Unit::$unit, choices: &[$($($choice),*)?] }),*
        ];
    };
}

params! {
    DepartureTermDays = "departure_term_days": Days;
    TermStartRule = "term_start_rule": Rule;
    TermExtensionMaxDays = "term_extension_max_days": Days;
    AtwApplies = "atw_applies": Bool;
    AtwMaxTermDays = "atw_max_term_days": Days;
    AtwHolidays = "atw_holidays": Holidays;
    AppealSuspension = "appeal_suspension": Text ["always", "conditional"];
    NonSuspensiveProcedures = "non_suspensive_procedures": Procedures;
    ReceptionEndsWithTerm = "reception_ends_with_term": Rule;
    MedicalReception = "medical_reception": Rule;
    VblWeeks = "vbl_weeks": Weeks;
    SupportInNlWeeks = "support_in_nl_weeks": Weeks;
    SubsidyScheme = "subsidy_scheme": Text;
    ThresholdTargetGroup = "threshold_target_group": Rule;
    ThresholdProcedurePending = "threshold_procedure_pending": Rule;
    CountryRule = "country_rule": Text ["excluded_list", "inclusion_list"];
    ExcludedCountries = "excluded_countries": Countries;
    ExcludedCountriesDublinOnly = "excluded_countries_dublin_only": Countries;
    IncludedCountries = "included_countries": Countries;
    DacRecipients = "dac_recipients": Countries;
    VisaRequiredCountries = "visa_required_countries": Countries;
    VisaPassportExceptions = "visa_passport_exceptions": Countries;
    ThresholdCriminalRecord = "threshold_criminal_record": Rule;
    ThresholdHeavyEntryBan = "threshold_heavy_entry_ban": Rule;
    ThresholdArticle1f = "threshold_article_1f": Rule;
    PreviousSupportYears = "previous_support_years": Years;
    ThresholdAlreadyParticipating = "threshold_already_participating": Rule;
    StayExtensionOwnDiscretionDays = "stay_extension_own_discretion_days": Days;
    LocalConsultationBody = "local_consultation_body": Text;
    EscalationBody = "escalation_body": Text;
    OutsideReceptionTime = "outside_reception_time": Rule;
    TippingPointRefusals = "tipping_point_refusals": Count;
    DetentionNoGuidance = "detention_no_guidance": Rule;
    DetentionMaxMonths = "detention_max_months": Count;
    DetentionExtensionMonths = "detention_extension_months": Count;
    DepartureFit = "departure_fit": Rule;
    InKindMaxAdult = "in_kind_max_eur_adult": Eur;
    InKindMaxMinor = "in_kind_max_eur_minor": Eur;
    CashMax = "cash_max_eur": Eur;
    HandreikingRegionalMax = "handreiking_regional_max_eur": Eur;
    HandreikingRegionalSignatories = "handreiking_regional_signatories": Roles;
    MonitoringMonths = "monitoring_months": MonthsList;
    RetentionMonths = "retention_months": Count;
    VerificationAnswerWorkingDays = "verification_answer_working_days": Count;
    ProgressReportMonths = "progress_report_months": Count;
    SubsidyCofinancingMaxPct = "subsidy_cofinancing_max_pct": Count;
    DtvVerification = "dtv_verification": Rule;
    BorderRejectionNotReturnDecision = "border_rejection_not_return_decision": Rule;
    ReturnBorderProcedureWeeks = "return_border_procedure_weeks": Weeks;
    BorderVoluntaryDepartureMaxDays = "border_voluntary_departure_max_days": Days;
    IomAvrrInKindMaxAdult = "iom_avrr_in_kind_max_eur_adult": Eur;
    IomAvrrInKindMaxMinor = "iom_avrr_in_kind_max_eur_minor": Eur;
    IomAvrrPostArrival = "iom_avrr_post_arrival_eur": Eur;
    EurpInKindMaxAdult = "eurp_in_kind_max_eur_adult": Eur;
    EurpInKindMaxMinor = "eurp_in_kind_max_eur_minor": Eur;
    EurpPostArrival = "eurp_post_arrival_eur": Eur;
}

/// Number of parameters.
pub const PARAM_COUNT: usize = SPECS.len();

/// One entry of the registry.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// The parameter.
    pub id: ParamId,
    /// Its key in the policy files.
    pub key: &'static str,
    /// Its unit.
    pub unit: Unit,
    /// For [`Unit::Text`]: the allowed values (empty: any non-empty name).
    pub choices: &'static [&'static str],
}

impl ParamId {
    /// The registry entry.
    pub fn spec(self) -> &'static Spec {
        // SPECS is generated in ParamId order by the same macro, so the index always exists.
        &SPECS[self as usize]
    }

    /// The key in the policy files.
    pub fn key(self) -> &'static str {
        self.spec().key
    }

    /// Finds a parameter by key.
    pub fn from_key(key: &str) -> Option<ParamId> {
        SPECS.iter().find(|s| s.key == key).map(|s| s.id)
    }
}

/// How sure we are of a value (domain.md): checked in the rule's own text, from an official page, or not
/// verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Confidence {
    /// Verified in the text of the rule itself.
    V,
    /// From an official or reputable secondary page.
    S,
    /// Not verified: practice from the study, an inference, or an open question.
    U,
}

impl Confidence {
    /// The mark as written in domain.md.
    pub fn mark(self) -> &'static str {
        match self {
            Confidence::V => "[V]",
            Confidence::S => "[S]",
            Confidence::U => "[U]",
        }
    }
}

/// A set of countries with the names the source used.
#[derive(Debug, Clone, PartialEq)]
pub struct Countries {
    bits: [u64; 11],
    /// The entries in file order: code and, if given, the source's name.
    pub entries: Vec<(Country, Option<String>)>,
}

impl Countries {
    /// An empty set.
    pub fn new() -> Countries {
        Countries {
            bits: [0; 11],
            entries: Vec::new(),
        }
    }

    /// Adds a country; false if it was already there.
    pub fn insert(&mut self, c: Country, name: Option<String>) -> bool {
        let i = c.index();
        let (w, b) = (i / 64, i % 64);
        if self.bits[w] & (1 << b) != 0 {
            return false;
        }
        self.bits[w] |= 1 << b;
        self.entries.push((c, name));
        true
    }

    /// Membership in constant time.
    #[inline]
    pub fn contains(&self, c: Country) -> bool {
        let i = c.index();
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }

    /// Number of countries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Default for Countries {
    fn default() -> Self {
        Countries::new()
    }
}

/// A parameter's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Days, weeks, years or a count.
    Int(u32),
    /// Euros, as cents.
    Money(Cents),
    /// A switch, or whether a rule is in force.
    Bool(bool),
    /// A name or choice.
    Text(String),
    /// Countries.
    Countries(Countries),
    /// Month offsets.
    Months(Vec<u32>),
    /// Public holidays.
    Holidays(holidays::Holidays),
    /// Roles.
    Roles(Vec<Role>),
    /// Procedure types.
    Procedures(Vec<ProcedureType>),
}

/// One dated value of a parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Dated {
    /// The parameter.
    pub param: ParamId,
    /// The day from which it applies.
    pub from: Date,
    /// The value; `None` when the policy declares it unknown (the data is not available).
    pub value: Option<Value>,
    /// The legal citation.
    pub citation: String,
    /// Where the value was found, with the confidence reasoning.
    pub source: String,
    /// The confidence mark.
    pub confidence: Confidence,
    /// An optional remark (e.g. a stale cross-reference in the law text).
    pub note: Option<String>,
    /// The file it came from.
    pub file: String,
    /// The line of its `from` key in that file.
    pub line: usize,
    /// This value as the JSON object of `policy_used`, rendered once at load (see `crate::json`).
    pub json: String,
    /// Its reference `"param@from"` as a JSON string, rendered once at load.
    pub key_json: String,
    /// Its position among all dated values of the policy (for sets of values used).
    pub ordinal: usize,
}

/// A parameter with its descriptions and dated values (ascending, no duplicate dates).
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Which parameter.
    pub id: ParamId,
    /// One-line description in Dutch.
    pub nl: String,
    /// One-line description in English.
    pub en: String,
    /// The file it is defined in.
    pub file: String,
    /// Its values by start date, ascending.
    pub values: Vec<Dated>,
}

impl Param {
    /// The value in force on `day`, if any.
    pub fn at(&self, day: Date) -> Option<&Dated> {
        let i = self.values.partition_point(|v| v.from <= day);
        i.checked_sub(1).and_then(|i| self.values.get(i))
    }
}

/// A loaded, validated policy.
#[derive(Debug, Clone)]
pub struct Policy {
    params: Vec<Param>,
    start: Date,
    hash: String,
    starts: Vec<Date>,
    /// The files it was loaded from (name, text), so an organisation's own values can be added to it.
    sources: std::sync::Arc<[(String, String)]>,
    /// The index of the first organisation's file in `sources` (their count when there is none).
    local_from: usize,
}

impl Policy {
    /// This policy with an organisation's own dated values added (`name`: the file name its values will cite;
    /// `text`: tables of `values` only, see [`load()`]). The file may not define parameters; any organisation
    /// file already added is replaced. The hash covers every file, so receipts carry the combined policy.
    pub fn with_local(&self, name: &str, text: &str) -> Result<Policy, PolicyError> {
        let mut files: Vec<(&str, &str)> = self.sources[..self.local_from]
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let local_from = files.len();
        files.push((name, text));
        load::load_with(&files, local_from)
    }

    /// The files this policy was read from, an organisation's own file last (for exporting as a folder that
    /// `terugkeer assess --policy` reads).
    pub fn sources(&self) -> &[(String, String)] {
        &self.sources
    }

    /// The policy without any organisation's own values.
    pub fn base(&self) -> Result<Policy, PolicyError> {
        let files: Vec<(&str, &str)> = self.sources[..self.local_from]
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        load(&files)
    }

    /// All parameters in registry order.
    pub fn params(&self) -> &[Param] {
        &self.params
    }

    /// One parameter.
    pub fn param(&self, id: ParamId) -> &Param {
        // `load` guarantees one Param per registry entry, in registry order.
        &self.params[id as usize]
    }

    /// The earliest date any value applies from; assessments before it are refused.
    pub fn start(&self) -> Date {
        self.start
    }

    /// SHA-256 (hex) of the policy files' names and texts: part of every assessment's receipt.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// Every distinct start date in the policy, ascending.
    pub fn start_dates(&self) -> &[Date] {
        &self.starts
    }

    /// The policy version in force on `day`: the latest start date not after it.
    pub fn version_at(&self, day: Date) -> Option<Date> {
        let i = self.starts.partition_point(|d| *d <= day);
        i.checked_sub(1).and_then(|i| self.starts.get(i).copied())
    }

    /// Resolves every parameter on `day`. Errors if `day` lies before the policy's start.
    pub fn at(&self, day: Date) -> Result<PolicyAt<'_>, NotInForce> {
        let version = self.version_at(day).ok_or(NotInForce {
            day,
            start: self.start,
        })?;
        let mut slots = [None; PARAM_COUNT];
        let (mut ints, mut int_known, mut flags, mut flag_known) = ([0u32; PARAM_COUNT], 0u64, 0u64, 0u64);
        let mut values = [None; PARAM_COUNT];
        for (i, (slot, p)) in slots.iter_mut().zip(&self.params).enumerate() {
            *slot = p.at(day);
            values[i] = slot.and_then(|d| d.value.as_ref());
            match values[i] {
                Some(Value::Int(n)) => {
                    ints[i] = *n;
                    int_known |= 1 << i;
                }
                Some(Value::Bool(b)) => {
                    flags |= u64::from(*b) << i;
                    flag_known |= 1 << i;
                }
                _ => {}
            }
        }
        Ok(PolicyAt {
            day,
            version,
            slots,
            policy: self,
            values,
            ints,
            int_known,
            flags,
            flag_known,
        })
    }
}

/// An assessment date before the loaded policy begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("as_of: {day} lies before the start of the loaded policy ({start})")]
pub struct NotInForce {
    /// The date asked for.
    pub day: Date,
    /// The policy's first date.
    pub start: Date,
}

/// The policy in force on one day: each parameter's dated value, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct PolicyAt<'p> {
    /// The day.
    pub day: Date,
    /// The version (latest start date ≤ day).
    pub version: Date,
    slots: [Option<&'p Dated>; PARAM_COUNT],
    /// The whole policy, for the few rules that read a value on another day (the law governing a decision).
    pub policy: &'p Policy,
    // The numbers and switches in force, copied out of their records once, so that the rules read them
    // without following a pointer per case (the batch path reads a dozen per case).
    values: [Option<&'p Value>; PARAM_COUNT],
    ints: [u32; PARAM_COUNT],
    int_known: u64,
    flags: u64,
    flag_known: u64,
}

/// A value read from the policy together with its dated record, for the trace.
#[derive(Debug, Clone, Copy)]
pub struct Read<'p, T> {
    /// The value, or `None` when no value is in force or it is declared unknown.
    pub value: Option<T>,
    /// The dated record, if any value is in force.
    pub dated: Option<&'p Dated>,
    /// The parameter read.
    pub param: ParamId,
}

impl<'p, T> Read<'p, T> {
    /// The citation in force, or a marker that no rule is in force.
    pub fn citation(&self) -> &'p str {
        self.dated.map_or(NO_RULE_IN_FORCE, |d| d.citation.as_str())
    }
}

/// Citation text used when no value of a parameter is in force on the day asked.
pub const NO_RULE_IN_FORCE: &str = "(geen regel van kracht / no rule in force)";

impl<'p> PolicyAt<'p> {
    /// The same resolution for another day of the same policy version (the values in force change only at
    /// start dates), or `None` if `day` falls in another version.
    pub fn moved_to(&self, day: Date) -> Option<PolicyAt<'p>> {
        (self.policy.version_at(day) == Some(self.version)).then_some(PolicyAt { day, ..*self })
    }

    /// The dated record of a parameter on this day.
    #[inline]
    pub fn dated(&self, id: ParamId) -> Option<&'p Dated> {
        self.slots[id as usize]
    }

    #[inline]
    fn read<T>(&self, id: ParamId, f: impl FnOnce(&'p Value) -> Option<T>) -> Read<'p, T> {
        Read {
            value: self.values[id as usize].and_then(f),
            dated: self.dated(id),
            param: id,
        }
    }

    /// An integer parameter (days, weeks, years, count).
    #[inline]
    pub fn int(&self, id: ParamId) -> Read<'p, u32> {
        let i = id as usize;
        let value = (self.int_known >> i & 1 == 1).then(|| self.ints[i]);
        Read {
            value,
            dated: self.dated(id),
            param: id,
        }
    }

    /// A money parameter.
    pub fn money(&self, id: ParamId) -> Read<'p, Cents> {
        self.read(id, |v| if let Value::Money(c) = v { Some(*c) } else { None })
    }

    /// A switch, or whether a rule is in force.
    #[inline]
    pub fn flag(&self, id: ParamId) -> Read<'p, bool> {
        let i = id as usize;
        let value = (self.flag_known >> i & 1 == 1).then(|| self.flags >> i & 1 == 1);
        Read {
            value,
            dated: self.dated(id),
            param: id,
        }
    }

    /// A text parameter.
    #[inline]
    pub fn text(&self, id: ParamId) -> Read<'p, &'p str> {
        self.read(id, |v| {
            if let Value::Text(t) = v {
                Some(t.as_str())
            } else {
                None
            }
        })
    }

    /// A country list.
    #[inline]
    pub fn countries(&self, id: ParamId) -> Read<'p, &'p Countries> {
        self.read(id, |v| {
            if let Value::Countries(c) = v {
                Some(c)
            } else {
                None
            }
        })
    }

    /// A list of month offsets.
    pub fn months(&self, id: ParamId) -> Read<'p, &'p [u32]> {
        self.read(id, |v| {
            if let Value::Months(m) = v {
                Some(m.as_slice())
            } else {
                None
            }
        })
    }

    /// The holiday calendar.
    #[inline]
    pub fn holidays(&self, id: ParamId) -> Read<'p, &'p holidays::Holidays> {
        self.read(id, |v| if let Value::Holidays(h) = v { Some(h) } else { None })
    }

    /// A list of roles.
    pub fn roles(&self, id: ParamId) -> Read<'p, &'p [Role]> {
        self.read(id, |v| {
            if let Value::Roles(r) = v {
                Some(r.as_slice())
            } else {
                None
            }
        })
    }

    /// A list of procedure types.
    pub fn procedures(&self, id: ParamId) -> Read<'p, &'p [ProcedureType]> {
        self.read(id, |v| {
            if let Value::Procedures(p) = v {
                Some(p.as_slice())
            } else {
                None
            }
        })
    }
}

impl Value {
    /// The value as people read it (policy show, explanations).
    pub fn display(&self, lang: crate::vocab::Lang) -> String {
        match self {
            Value::Int(n) => n.to_string(),
            Value::Money(c) => c.to_string(),
            Value::Bool(b) => lang
                .pick(if *b { "ja" } else { "nee" }, if *b { "yes" } else { "no" })
                .into(),
            Value::Text(t) => t.clone(),
            Value::Countries(c) => {
                let codes: Vec<&str> = c.entries.iter().map(|(c, _)| c.as_str()).collect();
                format!("[{}] ({})", codes.join(", "), c.len())
            }
            Value::Months(m) => format!("{m:?}"),
            Value::Holidays(h) => h
                .rules()
                .iter()
                .map(|r| lang.pick(&r.nl, &r.en).to_owned())
                .collect::<Vec<_>>()
                .join(", "),
            Value::Roles(r) => r.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "),
            Value::Procedures(p) => p.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", "),
        }
    }
}

/// The built-in policy files, embedded in the binary: `(file name, text)`.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    (
        "vertrektermijn.toml",
        include_str!("../../../../policy/vertrektermijn.toml"),
    ),
    (
        "feestdagen.toml",
        include_str!("../../../../policy/feestdagen.toml"),
    ),
    ("opvang.toml", include_str!("../../../../policy/opvang.toml")),
    (
        "drempelvoorwaarden.toml",
        include_str!("../../../../policy/drempelvoorwaarden.toml"),
    ),
    ("landen.toml", include_str!("../../../../policy/landen.toml")),
    (
        "landencriteria.toml",
        include_str!("../../../../policy/landencriteria.toml"),
    ),
    (
        "discretie.toml",
        include_str!("../../../../policy/discretie.toml"),
    ),
    ("geld.toml", include_str!("../../../../policy/geld.toml")),
    (
        "monitoring.toml",
        include_str!("../../../../policy/monitoring.toml"),
    ),
    (
        "bewaartermijn.toml",
        include_str!("../../../../policy/bewaartermijn.toml"),
    ),
    (
        "grensprocedure.toml",
        include_str!("../../../../policy/grensprocedure.toml"),
    ),
    (
        "verificatie.toml",
        include_str!("../../../../policy/verificatie.toml"),
    ),
    (
        "regelingen.toml",
        include_str!("../../../../policy/regelingen.toml"),
    ),
];

/// Loads the built-in policy. It is validated by the test suite, so failure here is a build defect;
/// the error is still returned, never panicked on.
pub fn builtin() -> Result<Policy, PolicyError> {
    load(BUILTIN_FILES)
}
