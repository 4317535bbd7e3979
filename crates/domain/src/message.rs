//! The conversation per client between the NGO and DT&V (issue 27 part 1; the study's central complaint:
//! information flowed one way). Either side writes — a question, an answer, a note on the departure plan, an
//! announced hand-over to the AVIM, a request for progress, a reminder — and where DT&V does not use the
//! application the NGO records what DT&V said by letter, e-mail or phone, with its source and day, so the file
//! still holds the whole exchange and shows who put each line in. What the NGO sends carries the legal basis of
//! the exchange ledger, as every transfer of personal data to DT&V does; every message is a line of that ledger.

use serde::{Deserialize, Serialize};
use terugkeer_rules::Date;
use terugkeer_rules::problem::Problem;

use crate::client::InputError;
use crate::progress::Basis;
use crate::record::NOTE_MAX;

/// What a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Kind {
    /// A question to the other side.
    Question,
    /// An answer to one.
    Answer,
    /// A note on the departure plan.
    DeparturePlan,
    /// An announced hand-over of the file to the AVIM (forced return).
    AvimHandover,
    /// A request for news on the client's progress.
    ProgressRequest,
    /// A reminder.
    Reminder,
    /// Anything else worth telling.
    Note,
}

impl Kind {
    /// Every kind, in the order a form offers them.
    pub const ALL: [Kind; 7] = [
        Kind::Question,
        Kind::Answer,
        Kind::DeparturePlan,
        Kind::AvimHandover,
        Kind::ProgressRequest,
        Kind::Reminder,
        Kind::Note,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Question => "question",
            Kind::Answer => "answer",
            Kind::DeparturePlan => "departure_plan",
            Kind::AvimHandover => "avim_handover",
            Kind::ProgressRequest => "progress_request",
            Kind::Reminder => "reminder",
            Kind::Note => "note",
        }
    }

    /// From a stored name.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How DT&V said something outside the application, as the NGO records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Source {
    /// A letter.
    Letter,
    /// An e-mail.
    Email,
    /// A telephone call.
    Phone,
}

impl Source {
    /// Every source.
    pub const ALL: [Source; 3] = [Source::Letter, Source::Email, Source::Phone];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Letter => "letter",
            Source::Email => "email",
            Source::Phone => "phone",
        }
    }

    /// From a stored name.
    pub fn parse(s: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What on the file a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AboutKind {
    /// A progress report.
    Report,
    /// A registration with DT&V (the verification).
    Verification,
    /// A request for extra time.
    Extension,
    /// A financial hand-out.
    Handout,
}

impl AboutKind {
    /// Every kind.
    pub const ALL: [AboutKind; 4] = [
        AboutKind::Report,
        AboutKind::Verification,
        AboutKind::Extension,
        AboutKind::Handout,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            AboutKind::Report => "report",
            AboutKind::Verification => "verification",
            AboutKind::Extension => "extension",
            AboutKind::Handout => "handout",
        }
    }

    /// From a stored name.
    pub fn parse(s: &str) -> Option<AboutKind> {
        AboutKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A record of the same file a message is about: a report, a registration, a request for time, a hand-out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct About {
    /// Which kind of record.
    pub kind: AboutKind,
    /// Its id.
    pub id: i64,
}

impl About {
    /// As stored: `report:12`.
    pub fn to_stored(self) -> String {
        format!("{}:{}", self.kind.as_str(), self.id)
    }

    /// From its stored form.
    pub fn parse(s: &str) -> Option<About> {
        let (kind, id) = s.split_once(':')?;
        Some(About {
            kind: AboutKind::parse(kind)?,
            id: id.parse().ok()?,
        })
    }
}

/// A message as written: by the NGO to DT&V (with a basis), by DT&V to the NGO, or recorded by the NGO from
/// DT&V's letter, e-mail or call (`recorded_from` and `received_on`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewMessage {
    /// What it is.
    pub kind: Kind,
    /// The text.
    pub body: String,
    /// The legal basis (the NGO's message to DT&V).
    #[serde(default)]
    pub basis: Option<Basis>,
    /// The reason, when the basis is an override.
    #[serde(default)]
    pub reason: String,
    /// For what DT&V said outside the application: how.
    #[serde(default)]
    pub recorded_from: Option<Source>,
    /// And on which day.
    #[serde(default)]
    pub received_on: Option<Date>,
    /// The record of the file it is about, if any.
    #[serde(default)]
    pub about: Option<About>,
}

impl NewMessage {
    /// Checks the text and, for a message recorded from outside, its source and day (not after `today`).
    pub fn validate(&self, today: Date) -> Result<(), InputError> {
        let body = self.body.trim();
        if body.is_empty() {
            return Err(InputError::new("body", Problem::new("problem-message-empty")));
        }
        if body.chars().count() > NOTE_MAX {
            return Err(InputError::new(
                "body",
                Problem::new("problem-at-most-characters").with("max", NOTE_MAX as u32),
            ));
        }
        match (self.recorded_from, self.received_on) {
            (Some(_), None) => Err(InputError::new("received_on", Problem::new("problem-give-date"))),
            (None, Some(_)) => Err(InputError::new(
                "recorded_from",
                Problem::new("problem-message-source-needed"),
            )),
            (Some(_), Some(d)) if d > today => Err(InputError::new(
                "received_on",
                Problem::new("problem-after-today"),
            )),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn message(body: &str) -> NewMessage {
        NewMessage {
            kind: Kind::Question,
            body: body.into(),
            basis: None,
            reason: String::new(),
            recorded_from: None,
            received_on: None,
            about: None,
        }
    }

    #[test]
    fn a_message_says_something_and_what_was_recorded_says_how_and_when() {
        let today = d("2026-11-29");
        assert!(
            message("Is het vertrek op 12 december nog haalbaar?")
                .validate(today)
                .is_ok()
        );
        assert_eq!(message("  ").validate(today).unwrap_err().field, "body");
        assert_eq!(
            message(&"x".repeat(NOTE_MAX + 1))
                .validate(today)
                .unwrap_err()
                .field,
            "body"
        );
        let mut letter = message("DT&V schrijft dat het vertrek is geboekt.");
        letter.recorded_from = Some(Source::Letter);
        assert_eq!(letter.validate(today).unwrap_err().field, "received_on");
        letter.received_on = Some(d("2026-11-30"));
        assert_eq!(letter.validate(today).unwrap_err().field, "received_on");
        letter.received_on = Some(d("2026-11-28"));
        assert!(letter.validate(today).is_ok());
        letter.recorded_from = None;
        assert_eq!(letter.validate(today).unwrap_err().field, "recorded_from");
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        let about = About {
            kind: AboutKind::Extension,
            id: 7,
        };
        assert_eq!(about.to_stored(), "extension:7");
        assert_eq!(About::parse("extension:7"), Some(about));
        assert_eq!(About::parse("extension:x"), None);
        assert_eq!(About::parse("letter:7"), None);
    }
}
