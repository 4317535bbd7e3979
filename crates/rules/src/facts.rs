//! The facts of one case, as the assess contract defines them (`shared/contract/assess.md`), parsed and
//! checked so that every later step can rely on them.
//!
//! Omitted fields take the contract's defaults (booleans false, numbers 0, dates null, `entry_ban` none,
//! `setting` elders). A boolean given explicitly as `null` is *unknown*: the thresholds that depend on it are
//! undetermined rather than decided on a guess. That is an extension of the contract, which never gives
//! `null` a meaning for booleans.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::eligibility::Threshold;
use crate::problem::Problem;
use crate::vocab::{Cents, Country, EntryBan, ProcedureType, Role, Setting};

/// The most days an extension may have, and the most all extensions of a case may add up to: far beyond any
/// legal term, and it keeps date arithmetic in range. Every edge that takes days (the API, forms, imports)
/// refuses more with the value named.
pub const MAX_EXTENSION_DAYS: u32 = 3650;

/// A fact that may be unknown (`None`).
pub type Known<T> = Option<T>;

/// An appeal against the asylum rejection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Appeal {
    /// When the appeal was lodged.
    pub lodged_on: Date,
    /// When it was finally rejected; `None` while it is pending.
    #[serde(default)]
    pub finally_rejected_on: Option<Date>,
}

/// Which discretionary decision a [`Decision`] records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DecisionKind {
    /// Extension of AZC or VBL stay (regievoerder with the LTO/LKO up to the own discretion; beyond, the RAO).
    StayExtension,
    /// Extension of the departure term (art. 62 lid 3/4 Vw, art. 6.3 VV).
    TermExtension,
    /// A financial hand-out (financiële handreiking): one record per signature or decision.
    Handreiking,
}

/// The outcome of a discretionary decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DecisionOutcome {
    /// Granted, agreed or signed.
    Granted,
    /// Refused.
    Refused,
}

/// A discretionary decision taken by someone on some day: an input, never something the engine invents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// What was decided.
    pub decision: DecisionKind,
    /// Who took part in it (for a hand-out: who signed).
    pub by: Vec<Role>,
    /// When.
    pub on: Date,
    /// Granted or refused.
    pub outcome: DecisionOutcome,
    /// For extensions: the number of days granted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
}

/// DT&V's verdict per threshold it checked on the verification form: `true` meets the threshold, `false`
/// fails it, absent not judged by DT&V (the engine decides that one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Verdicts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure_pending: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_country: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criminal_record: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heavy_entry_ban: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article_1f: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_support: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub already_participating: Option<bool>,
}

impl Verdicts {
    /// DT&V's verdict on one threshold.
    #[inline]
    pub fn get(&self, t: Threshold) -> Option<bool> {
        match t {
            Threshold::TargetGroup => self.target_group,
            Threshold::ProcedurePending => self.procedure_pending,
            Threshold::ExcludedCountry => self.excluded_country,
            Threshold::CriminalRecord => self.criminal_record,
            Threshold::HeavyEntryBan => self.heavy_entry_ban,
            Threshold::Article1f => self.article_1f,
            Threshold::PreviousSupport => self.previous_support,
            Threshold::AlreadyParticipating => self.already_participating,
        }
    }

    /// Sets DT&V's verdict on one threshold.
    pub fn set(&mut self, t: Threshold, v: Option<bool>) {
        let slot = match t {
            Threshold::TargetGroup => &mut self.target_group,
            Threshold::ProcedurePending => &mut self.procedure_pending,
            Threshold::ExcludedCountry => &mut self.excluded_country,
            Threshold::CriminalRecord => &mut self.criminal_record,
            Threshold::HeavyEntryBan => &mut self.heavy_entry_ban,
            Threshold::Article1f => &mut self.article_1f,
            Threshold::PreviousSupport => &mut self.previous_support,
            Threshold::AlreadyParticipating => &mut self.already_participating,
        };
        *slot = v;
    }
}

/// The facts a threshold's check reads, by the names its trace uses: what `verification.seen` may hold.
pub const SEEN_FACTS: [&str; 10] = [
    "asylum_rejected_on",
    "other_procedure_pending",
    "appeal.finally_rejected_on",
    "country",
    "dublin_claimant",
    "criminal_record",
    "entry_ban",
    "article_1f",
    "previously_supported_on",
    "currently_participating",
];

/// Extension: DT&V's answer to the verification form, as an input. A threshold DT&V judged is decided by
/// DT&V (it checks its own files); the others stay the engine's. `seen` holds the facts as they stood when
/// DT&V answered (by the trace's fact names), so a later change DT&V did not see can be named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DtvVerification {
    /// The day DT&V answered.
    pub decided_on: Date,
    /// Who answered (the regievoerder), as recorded.
    pub by: String,
    /// The verdict per threshold.
    #[serde(default)]
    pub verdicts: Verdicts,
    /// The facts as they stood on `decided_on`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub seen: BTreeMap<String, serde_json::Value>,
}

/// The longest name kept for who answered a verification.
pub const VERIFIED_BY_MAX: usize = 200;

/// The facts of one case, validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Facts {
    /// The day of the assessment; selects the policy in force.
    pub as_of: Date,
    /// Country of origin / return.
    pub country: Country,
    /// Dublin claimant.
    pub dublin_claimant: Known<bool>,
    /// The IND rejection (the return decision); `None`: no rejected asylum claim.
    pub asylum_rejected_on: Option<Date>,
    /// The appeal against the rejection, if any.
    pub appeal: Option<Appeal>,
    /// Extension: the kind of asylum procedure (decides suspension from 2026-06-12); `None`: unknown.
    pub procedure_type: Known<ProcedureType>,
    /// A residence procedure is pending.
    pub other_procedure_pending: Known<bool>,
    /// Criminal prosecution or antecedents.
    pub criminal_record: Known<bool>,
    /// Entry ban.
    pub entry_ban: Known<EntryBan>,
    /// Excluded under article 1F.
    pub article_1f: Known<bool>,
    /// Last support by a subsidised return project.
    pub previously_supported_on: Option<Date>,
    /// Already in another subsidised project.
    pub currently_participating: Known<bool>,
    /// Where the client stays.
    pub setting: Setting,
    /// Start of the VBL measure.
    pub vbl_since: Option<Date>,
    /// Extension of the departure term granted, in days.
    pub term_extension_days: u32,
    /// Travel is medically irresponsible (art. 64 Vw).
    pub medical_impediment: Known<bool>,
    /// Demonstrably cooperates with departure.
    pub cooperating: Known<bool>,
    /// Times the client said they will not leave.
    pub refusals: u32,
    /// Forced return is possible.
    pub deportable: Known<bool>,
    /// The country of origin cooperates with forced return.
    pub country_cooperates_with_forced_return: Known<bool>,
    /// Has travel documents.
    pub has_travel_documents: Known<bool>,
    /// Planned departure.
    pub planned_departure_on: Option<Date>,
    /// In-kind support planned for this person.
    pub in_kind_eur: Cents,
    /// Extension: the cash part of the support.
    pub cash_eur: Cents,
    /// Extension: the person is a minor (selects the minor's cap under OZV 2023); `None`: unknown.
    pub minor: Known<bool>,
    /// A requested DT&V financial hand-out.
    pub handreiking_eur: Option<Cents>,
    /// Actual departure.
    pub departed_on: Option<Date>,
    /// Extension: discretionary decisions taken so far.
    pub decisions: Vec<Decision>,
    /// Extension: DT&V's answer to the verification form, if it answered.
    pub verification: Option<DtvVerification>,
    /// Extension: the return decision of the EU return border procedure (Regulation 2024/1349), its own
    /// dated fact: from 2026-06-12 a rejection in the asylum border procedure is no return decision.
    pub return_decision_on: Option<Date>,
    /// Extension: the period for voluntary departure given in that return decision, in days; `None`: not
    /// given or not known.
    pub voluntary_departure_days: Option<u32>,
    /// Extension: the support scheme of the trajectory's in-kind support; `None` is the NGO subsidy scheme
    /// (SVT/OZV), as before the extension.
    pub support_scheme: Option<crate::vocab::SupportScheme>,
    /// Extension: the day immigration detention (setting `bewaring`) began, if known. Only read while the
    /// setting is `bewaring`: it dates the detention regime's limits.
    pub detained_since: Option<Date>,
    /// Extension: the day the running return or empowerment trajectory started, if one runs. Detention
    /// suspends it (study §4.2.3); the assessment says so.
    pub trajectory_started_on: Option<Date>,
}

/// A fact that is malformed or impossible, naming the field. What is wrong is a [`Problem`]: the command
/// line and the web render it in the reader's language (`Display` gives the id, for logs).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FactsError {
    /// The field, as a path (`appeal.lodged_on`, `decisions[0].by`).
    pub field: String,
    /// What is wrong.
    pub message: Problem,
}

impl FactsError {
    /// `field` is refused for `message`.
    pub fn new(field: impl Into<String>, message: Problem) -> FactsError {
        FactsError {
            field: field.into(),
            message,
        }
    }

    fn plain(field: impl Into<String>, id: &'static str) -> FactsError {
        FactsError::new(field, Problem::new(id))
    }

    /// A JSON reader's own words (serde's), kept as the detail of `id`.
    fn detail(field: impl Into<String>, id: &'static str, detail: String) -> FactsError {
        FactsError::new(field, Problem::new(id).with("detail", detail))
    }
}

fn some_false() -> Option<bool> {
    Some(false)
}

fn default_entry_ban() -> Option<EntryBan> {
    Some(EntryBan::None)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFacts {
    as_of: Date,
    country: Country,
    #[serde(default = "some_false")]
    dublin_claimant: Option<bool>,
    #[serde(default)]
    asylum_rejected_on: Option<Date>,
    #[serde(default)]
    appeal: Option<Appeal>,
    #[serde(default)]
    procedure_type: Option<ProcedureType>,
    #[serde(default = "some_false")]
    other_procedure_pending: Option<bool>,
    #[serde(default = "some_false")]
    criminal_record: Option<bool>,
    #[serde(default = "default_entry_ban")]
    entry_ban: Option<EntryBan>,
    #[serde(default = "some_false")]
    article_1f: Option<bool>,
    #[serde(default)]
    previously_supported_on: Option<Date>,
    #[serde(default = "some_false")]
    currently_participating: Option<bool>,
    #[serde(default)]
    setting: Option<Setting>,
    #[serde(default)]
    vbl_since: Option<Date>,
    #[serde(default)]
    term_extension_days: Option<u32>,
    #[serde(default = "some_false")]
    medical_impediment: Option<bool>,
    #[serde(default = "some_false")]
    cooperating: Option<bool>,
    #[serde(default)]
    refusals: Option<u32>,
    #[serde(default = "some_false")]
    deportable: Option<bool>,
    #[serde(default = "some_false")]
    country_cooperates_with_forced_return: Option<bool>,
    #[serde(default = "some_false")]
    has_travel_documents: Option<bool>,
    #[serde(default)]
    planned_departure_on: Option<Date>,
    #[serde(default)]
    in_kind_eur: Option<f64>,
    #[serde(default)]
    cash_eur: Option<f64>,
    #[serde(default = "some_false")]
    minor: Option<bool>,
    #[serde(default)]
    handreiking_eur: Option<f64>,
    #[serde(default)]
    departed_on: Option<Date>,
    #[serde(default)]
    decisions: Option<Vec<Decision>>,
    #[serde(default)]
    verification: Option<DtvVerification>,
    #[serde(default)]
    return_decision_on: Option<Date>,
    #[serde(default)]
    voluntary_departure_days: Option<u32>,
    #[serde(default)]
    support_scheme: Option<crate::vocab::SupportScheme>,
    #[serde(default)]
    detained_since: Option<Date>,
    #[serde(default)]
    trajectory_started_on: Option<Date>,
}

impl Facts {
    /// Parses one case from JSON text and checks it. The error names the field.
    pub fn from_json(text: &str) -> Result<Facts, FactsError> {
        Facts::from_json_bytes(text.as_bytes())
    }

    /// Parses one case from JSON bytes (a line of a caseload), without first checking the whole line as
    /// UTF-8: serde_json checks the strings it reads.
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Facts, FactsError> {
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return Err(FactsError::plain("(input)", "problem-expected-object"));
        }
        match serde_json::from_slice::<RawFacts>(bytes) {
            Ok(raw) => Facts::from_raw(raw),
            Err(_) => match std::str::from_utf8(bytes) {
                Ok(text) => Err(describe_json_error(text)),
                Err(e) => Err(FactsError::detail("(input)", "problem-not-utf8", e.to_string())),
            },
        }
    }

    /// Parses one case from an already parsed JSON value (one element of an array).
    pub fn from_value(value: serde_json::Value) -> Result<Facts, FactsError> {
        if !value.is_object() {
            return Err(FactsError::plain("(input)", "problem-expected-object"));
        }
        match serde_path_to_error::deserialize::<_, RawFacts>(value) {
            Ok(raw) => Facts::from_raw(raw),
            Err(e) => Err(path_error(e.path().to_string(), e.inner().to_string())),
        }
    }

    fn from_raw(r: RawFacts) -> Result<Facts, FactsError> {
        let money = |field: &str, v: Option<f64>| -> Result<Cents, FactsError> {
            let Some(v) = v else { return Ok(Cents(0)) };
            let c = Cents::from_eur(v).map_err(|id| FactsError::plain(field, id))?;
            if c.0 < 0 {
                return Err(FactsError::plain(field, "problem-negative"));
            }
            Ok(c)
        };
        let in_kind_eur = money("in_kind_eur", r.in_kind_eur)?;
        let cash_eur = money("cash_eur", r.cash_eur)?;
        let handreiking_eur = match r.handreiking_eur {
            None => None,
            Some(v) => {
                let c = money("handreiking_eur", Some(v))?;
                if c.0 == 0 {
                    return Err(FactsError::plain(
                        "handreiking_eur",
                        "problem-not-positive-or-null",
                    ));
                }
                Some(c)
            }
        };
        let f = Facts {
            as_of: r.as_of,
            country: r.country,
            dublin_claimant: r.dublin_claimant,
            asylum_rejected_on: r.asylum_rejected_on,
            appeal: r.appeal,
            procedure_type: r.procedure_type,
            other_procedure_pending: r.other_procedure_pending,
            criminal_record: r.criminal_record,
            entry_ban: r.entry_ban,
            article_1f: r.article_1f,
            previously_supported_on: r.previously_supported_on,
            currently_participating: r.currently_participating,
            setting: r.setting.unwrap_or_default(),
            vbl_since: r.vbl_since,
            term_extension_days: r.term_extension_days.unwrap_or(0),
            medical_impediment: r.medical_impediment,
            cooperating: r.cooperating,
            refusals: r.refusals.unwrap_or(0),
            deportable: r.deportable,
            country_cooperates_with_forced_return: r.country_cooperates_with_forced_return,
            has_travel_documents: r.has_travel_documents,
            planned_departure_on: r.planned_departure_on,
            in_kind_eur,
            cash_eur,
            minor: r.minor,
            handreiking_eur,
            departed_on: r.departed_on,
            decisions: r.decisions.unwrap_or_default(),
            verification: r.verification,
            return_decision_on: r.return_decision_on,
            voluntary_departure_days: r.voluntary_departure_days,
            support_scheme: r.support_scheme,
            detained_since: r.detained_since,
            trajectory_started_on: r.trajectory_started_on,
        };
        f.check()?;
        Ok(f)
    }

    /// Checks the relations between dates: nothing recorded as happened lies after `as_of`, nothing lies
    /// before the asylum decision that cannot, and an appeal needs a decision to appeal against.
    pub fn check(&self) -> Result<(), FactsError> {
        let after_as_of = |field: &str, d: Option<Date>| -> Result<(), FactsError> {
            match d {
                Some(d) if d > self.as_of => Err(FactsError::new(
                    field,
                    Problem::new("problem-after-as-of")
                        .with("day", d)
                        .with("as_of", self.as_of),
                )),
                _ => Ok(()),
            }
        };
        after_as_of("asylum_rejected_on", self.asylum_rejected_on)?;
        after_as_of("previously_supported_on", self.previously_supported_on)?;
        after_as_of("vbl_since", self.vbl_since)?;
        after_as_of("detained_since", self.detained_since)?;
        after_as_of("trajectory_started_on", self.trajectory_started_on)?;
        after_as_of("departed_on", self.departed_on)?;
        if let Some(a) = self.appeal {
            after_as_of("appeal.lodged_on", Some(a.lodged_on))?;
            after_as_of("appeal.finally_rejected_on", a.finally_rejected_on)?;
        }
        let before_decision = |field: &str, d: Option<Date>| -> Result<(), FactsError> {
            match (d, self.asylum_rejected_on) {
                (Some(d), Some(r)) if d < r => Err(FactsError::new(
                    field,
                    Problem::new("problem-before-asylum-decision")
                        .with("day", d)
                        .with("decision", r),
                )),
                _ => Ok(()),
            }
        };
        match (self.appeal, self.asylum_rejected_on) {
            (Some(_), None) => {
                return Err(FactsError::plain("appeal", "problem-appeal-needs-decision"));
            }
            (Some(a), Some(_)) => {
                before_decision("appeal.lodged_on", Some(a.lodged_on))?;
                if let Some(f) = a.finally_rejected_on
                    && f < a.lodged_on
                {
                    return Err(FactsError::new(
                        "appeal.finally_rejected_on",
                        Problem::new("problem-before-appeal")
                            .with("day", f)
                            .with("lodged", a.lodged_on),
                    ));
                }
            }
            _ => {}
        }
        before_decision("vbl_since", self.vbl_since)?;
        after_as_of("return_decision_on", self.return_decision_on)?;
        before_decision("return_decision_on", self.return_decision_on)?;
        if let Some(days) = self.voluntary_departure_days.filter(|d| *d > MAX_EXTENSION_DAYS) {
            return Err(FactsError::new(
                "voluntary_departure_days",
                Problem::new("problem-days-more-than")
                    .with("days", days)
                    .with("max", MAX_EXTENSION_DAYS),
            ));
        }
        before_decision("planned_departure_on", self.planned_departure_on)?;
        before_decision("departed_on", self.departed_on)?;
        if self.term_extension_days > MAX_EXTENSION_DAYS {
            return Err(FactsError::new(
                "term_extension_days",
                Problem::new("problem-at-most").with("max", MAX_EXTENSION_DAYS),
            ));
        }
        if self.refusals > 1000 {
            return Err(FactsError::new(
                "refusals",
                Problem::new("problem-at-most").with("max", 1000u32),
            ));
        }
        if self.setting == Setting::Vbl && self.vbl_since.is_none() {
            return Err(FactsError::plain("vbl_since", "problem-vbl-since-required"));
        }
        if let Some(v) = &self.verification {
            after_as_of("verification.decided_on", Some(v.decided_on))?;
            let by = v.by.trim();
            if by.is_empty() {
                return Err(FactsError::plain("verification.by", "problem-names-no-one"));
            }
            if by.chars().count() > VERIFIED_BY_MAX || by.chars().any(char::is_control) {
                return Err(FactsError::new(
                    "verification.by",
                    Problem::new("problem-at-most-characters").with("max", VERIFIED_BY_MAX as u32),
                ));
            }
            if let Some(k) = v.seen.keys().find(|k| !SEEN_FACTS.contains(&k.as_str())) {
                return Err(FactsError::plain(
                    format!("verification.seen.{k}"),
                    "problem-unknown-field",
                ));
            }
            if let Some((k, _)) = v.seen.iter().find(|(_, x)| x.is_array() || x.is_object()) {
                return Err(FactsError::plain(
                    format!("verification.seen.{k}"),
                    "problem-expected-value",
                ));
            }
        }
        for (i, d) in self.decisions.iter().enumerate() {
            if d.by.is_empty() {
                return Err(FactsError::plain(
                    format!("decisions[{i}].by"),
                    "problem-names-no-one",
                ));
            }
            after_as_of(&format!("decisions[{i}].on"), Some(d.on))?;
            let needs_days = matches!(
                d.decision,
                DecisionKind::StayExtension | DecisionKind::TermExtension
            );
            if let Some(days) = d.days.filter(|d| *d > MAX_EXTENSION_DAYS) {
                return Err(FactsError::new(
                    format!("decisions[{i}].days"),
                    Problem::new("problem-days-more-than")
                        .with("days", days)
                        .with("max", MAX_EXTENSION_DAYS),
                ));
            }
            match (needs_days, d.days, d.outcome) {
                (true, None | Some(0), DecisionOutcome::Granted) => {
                    return Err(FactsError::plain(
                        format!("decisions[{i}].days"),
                        "problem-granted-needs-days",
                    ));
                }
                (false, Some(_), _) => {
                    return Err(FactsError::plain(
                        format!("decisions[{i}].days"),
                        "problem-only-extensions-have-days",
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

fn describe_json_error(text: &str) -> FactsError {
    let mut de = serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, RawFacts>(&mut de) {
        Ok(_) => match de.end() {
            Ok(()) => FactsError::plain("(input)", "problem-unreadable"),
            Err(e) => FactsError::detail("(input)", "problem-trailing-characters", e.to_string()),
        },
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if inner.is_syntax() || inner.is_eof() {
                FactsError::detail("(input)", "problem-not-json", inner.to_string())
            } else {
                path_error(path, inner.to_string())
            }
        }
    }
}

/// Turns serde's message into "field: message", naming an unknown or missing field itself.
fn path_error(path: String, message: String) -> FactsError {
    let message = strip_position(&message);
    for (marker, what) in [
        ("unknown field `", "problem-unknown-field"),
        ("missing field `", "problem-missing-field"),
    ] {
        if let Some(rest) = message.strip_prefix(marker)
            && let Some((name, _)) = rest.split_once('`')
        {
            let field = if path == "." || path.is_empty() {
                name.to_owned()
            } else if path == name || path.ends_with(&format!(".{name}")) {
                path
            } else {
                format!("{path}.{name}")
            };
            return FactsError::plain(field, what);
        }
    }
    let field = if path == "." || path.is_empty() {
        "(input)".to_owned()
    } else {
        path
    };
    FactsError::detail(field, "problem-json-value", message)
}

fn strip_position(m: &str) -> String {
    match m.rfind(" at line ") {
        Some(i) => m[..i].to_owned(),
        None => m.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(json: &str) -> FactsError {
        Facts::from_json(json).unwrap_err()
    }

    #[test]
    fn contract_defaults_apply_to_omitted_fields() {
        let f = Facts::from_json(r#"{"as_of":"2016-06-01","country":"AF"}"#).unwrap();
        assert_eq!(f.cooperating, Some(false));
        assert_eq!(f.setting, Setting::Elders);
        assert_eq!(f.entry_ban, Some(EntryBan::None));
        assert_eq!(f.refusals, 0);
        assert_eq!(f.in_kind_eur, Cents(0));
        assert_eq!(f.asylum_rejected_on, None);
    }

    #[test]
    fn explicit_null_booleans_are_unknown() {
        let f = Facts::from_json(r#"{"as_of":"2016-06-01","country":"AF","criminal_record":null}"#).unwrap();
        assert_eq!(f.criminal_record, None);
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(
            err(r#"{"as_of":"2016-06-01","country":"AF","colour":1}"#).field,
            "colour"
        );
        assert_eq!(err(r#"{"country":"AF"}"#).field, "as_of");
        assert_eq!(err(r#"{"as_of":"2016-02-30","country":"AF"}"#).field, "as_of");
        assert_eq!(err(r#"{"as_of":"2016-06-01","country":"ZZ"}"#).field, "country");
        assert_eq!(err(r#"{"as_of":"2016-06-01","country":"af"}"#).field, "country");
        assert_eq!(
            err(r#"{"as_of":"2016-06-01","country":"AF","refusals":-1}"#).field,
            "refusals"
        );
        assert_eq!(
            err(r#"{"as_of":"2016-06-01","country":"AF","cooperating":"yes"}"#).field,
            "cooperating"
        );
        assert_eq!(
            err(r#"{"as_of":"2016-06-01","country":"AF","setting":"hotel"}"#).field,
            "setting"
        );
        assert_eq!(
            err(r#"{"as_of":"2016-06-01","country":"AF","in_kind_eur":-5}"#).field,
            "in_kind_eur"
        );
        assert_eq!(
            err(r#"{"as_of":"2016-06-01","country":"AF","in_kind_eur":1.005}"#).field,
            "in_kind_eur"
        );
        assert_eq!(
            err(r#"{"as_of":"2016-06-01","country":"AF","handreiking_eur":0}"#).field,
            "handreiking_eur"
        );
        assert_eq!(
            err(r#"{"as_of":"2016-06-01","country":"AF","asylum_rejected_on":"2016-05-02","appeal":{"lodged_on":"2016-05-01"}}"#).field,
            "appeal.lodged_on"
        );
        assert_eq!(
            err(r#"{"as_of":"2016-06-01","country":"AF","asylum_rejected_on":"2016-05-02","appeal":{"lodged_on":"2016-05-03","x":1}}"#).field,
            "appeal.x"
        );
        assert_eq!(
            err(r#"{"as_of":"2016-06-01","country":"AF","appeal":{"lodged_on":"2016-05-03"}}"#).field,
            "appeal"
        );
        assert_eq!(
            err(r#"{"as_of":"2016-06-01","country":"AF","setting":"vbl"}"#).field,
            "vbl_since"
        );
        assert_eq!(
            err(r#"{"as_of":"2016-06-01","country":"AF","asylum_rejected_on":"2016-07-01"}"#).field,
            "asylum_rejected_on"
        );
        assert_eq!(
            err(r#"{"as_of":"2016-06-01","country":"AF","asylum_rejected_on":"2016-05-02","departed_on":"2016-05-01"}"#).field,
            "departed_on"
        );
        assert_eq!(
            err(r#"{"as_of":"2016-06-01","country":"AF","decisions":[{"decision":"stay_extension","by":["koning"],"on":"2016-05-01","outcome":"granted","days":3}]}"#).field,
            "decisions[0].by[0]"
        );
        assert_eq!(
            err(r#"{"as_of":"2016-06-01","country":"AF","term_extension_days":4000000000}"#).field,
            "term_extension_days"
        );
        assert_eq!(err("{").field, "(input)");
        assert_eq!(err("[1]").field, "(input)");
        assert_eq!(err(r#"{"as_of":"2016-06-01","country":"AF"} x"#).field, "(input)");
    }
}
