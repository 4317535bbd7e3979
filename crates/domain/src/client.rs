//! A client: the person (or head of household) whose case the caseworker guides.

use serde::{Deserialize, Serialize};
use terugkeer_rules::Date;
use terugkeer_rules::problem::Problem;
use terugkeer_rules::vocab::{Country, EntryBan};

/// What a caseworker enters for a client: identity, contact and the facts that are not dated events.
/// Unknown facts are `None` (never false): the rules then say what cannot be decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientInput {
    /// Family name.
    pub family_name: String,
    /// Given names.
    #[serde(default)]
    pub given_names: String,
    /// Date of birth, if known.
    #[serde(default)]
    pub date_of_birth: Option<Date>,
    /// The IND's V-number (vreemdelingennummer), ten digits, if known.
    #[serde(default)]
    pub v_number: Option<String>,
    /// Nationality.
    #[serde(default)]
    pub nationality: Option<Country>,
    /// Country of return (the contract's `country`).
    #[serde(default)]
    pub country_of_return: Option<Country>,
    /// Languages spoken, comma-separated as entered.
    #[serde(default)]
    pub languages: String,
    /// Telephone number.
    #[serde(default)]
    pub phone: String,
    /// Dublin claimant.
    #[serde(default)]
    pub dublin_claimant: Option<bool>,
    /// Criminal prosecution or antecedents (prefer DT&V's verification outcome where the workflow allows).
    #[serde(default)]
    pub criminal_record: Option<bool>,
    /// Entry ban.
    #[serde(default)]
    pub entry_ban: Option<EntryBan>,
    /// Excluded under article 1F.
    #[serde(default)]
    pub article_1f: Option<bool>,
    /// Last support by a subsidised return project.
    #[serde(default)]
    pub previously_supported_on: Option<Date>,
    /// Already registered in another subsidised project.
    #[serde(default)]
    pub currently_participating: Option<bool>,
    /// Travel is medically irresponsible (art. 64 Vw).
    #[serde(default)]
    pub medical_impediment: Option<bool>,
    /// Forced return is possible.
    #[serde(default)]
    pub deportable: Option<bool>,
    /// The country of return cooperates with forced return.
    #[serde(default)]
    pub country_cooperates_with_forced_return: Option<bool>,
}

/// Why input is refused, naming the field: what is wrong is a [`Problem`] (a message id and its arguments),
/// rendered in the reader's language by the web and the command line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct InputError {
    /// The field.
    pub field: &'static str,
    /// What is wrong.
    pub message: Problem,
}

impl InputError {
    /// `field` is refused for `message`.
    pub fn new(field: &'static str, message: Problem) -> InputError {
        InputError { field, message }
    }
}

/// `field` is refused for the message `id` without arguments.
pub(crate) fn refuse<T>(field: &'static str, id: &'static str) -> Result<T, InputError> {
    Err(InputError::new(field, Problem::new(id)))
}

impl ClientInput {
    /// Checks what a form or an API call sent; trims text. The error names the first bad field.
    pub fn validate(mut self, today: Date) -> Result<ClientInput, InputError> {
        let err = refuse::<ClientInput>;
        self.family_name = self.family_name.trim().to_owned();
        self.given_names = self.given_names.trim().to_owned();
        self.languages = self.languages.trim().to_owned();
        self.phone = self.phone.trim().to_owned();
        if self.family_name.is_empty() {
            return err("family_name", "problem-required");
        }
        for (field, text, max) in [
            ("family_name", &self.family_name, 200),
            ("given_names", &self.given_names, 200),
            ("languages", &self.languages, 200),
            ("phone", &self.phone, 40),
        ] {
            if text.chars().count() > max {
                return Err(InputError::new(
                    field,
                    Problem::new("problem-longer-than").with("max", max),
                ));
            }
            if text.chars().any(char::is_control) {
                return err(field, "problem-control-characters");
            }
        }
        if let Some(v) = &mut self.v_number {
            *v = v.trim().replace(['.', ' '], "");
            if v.is_empty() {
                self.v_number = None;
            } else if v.len() != 10 || !v.bytes().all(|b| b.is_ascii_digit()) {
                return err("v_number", "problem-ten-digits");
            }
        }
        if let Some(d) = self.date_of_birth
            && d > today
        {
            return err("date_of_birth", "problem-in-the-future");
        }
        if !self.phone.is_empty()
            && !self
                .phone
                .chars()
                .all(|c| c.is_ascii_digit() || "+-() ".contains(c))
        {
            return err("phone", "problem-phone-characters");
        }
        Ok(self)
    }
}

/// A stored client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    /// Its id within the store.
    pub id: i64,
    /// The organisation it belongs to.
    pub organisation_id: i64,
    /// Its data.
    #[serde(flatten)]
    pub data: ClientInput,
    /// `open` or `closed`.
    pub status: String,
    /// Incremented by every change; an update must name the version it changes.
    pub version: i64,
    /// The caseworker (user id) the client is assigned to.
    #[serde(default)]
    pub assigned_to: Option<i64>,
    /// The DT&V regievoerder (user id) the trajectory is registered with, if it is.
    #[serde(default)]
    pub partner_id: Option<i64>,
}
