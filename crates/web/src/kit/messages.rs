//! Dutch for the validation and transition messages. The libraries (domain, store, forms) say what is wrong
//! in English, which the API returns as is (a script matches on `code` and `field`); a page in Dutch shows
//! the message translated here. Each entry is an English pattern with `{}` for the changing parts (a date, a
//! number, a state) and its Dutch; a captured word that is itself a state or step (`withdrawn`, `verified`)
//! is translated too. A message without an entry is shown in English rather than not at all — the test
//! below walks every refusal of the trajectory's state machines and fails on one that has no Dutch.

use terugkeer_rules::vocab::Lang;

/// English pattern → Dutch pattern, `{}` matched in order.
static MESSAGES: &[(&str, &str)] = &[
    // Forms and records.
    ("is required", "is verplicht"),
    ("is missing", "ontbreekt"),
    ("choose at least one", "kies er ten minste één"),
    ("unknown choice {}", "onbekende keuze {}"),
    ("is not a whole number", "is geen geheel getal"),
    ("is not an amount in euros", "is geen bedrag in euro"),
    ("must be yes, no or unknown", "moet ja, nee of onbekend zijn"),
    ("is not a date (YYYY-MM-DD): {}", "is geen datum (JJJJ-MM-DD): {}"),
    ("give a date (YYYY-MM-DD)", "geef een datum (JJJJ-MM-DD)"),
    ("lies before from", "ligt vóór de begindatum"),
    ("lies in the future", "ligt in de toekomst"),
    ("must not be negative", "mag niet negatief zijn"),
    ("must be more than 0", "moet meer dan 0 zijn"),
    ("names no one", "noemt niemand"),
    ("must be ten digits", "moet tien cijfers zijn"),
    ("is longer than {} characters", "is langer dan {} tekens"),
    ("contains control characters", "bevat stuurtekens"),
    (
        "may hold only digits, spaces, +, - and brackets",
        "mag alleen cijfers, spaties, +, - en haakjes bevatten",
    ),
    ("is after today", "ligt na vandaag"),
    ("{} is after today ({})", "{} ligt na vandaag ({})"),
    ("at most {} characters", "ten hoogste {} tekens"),
    ("{} is more than {} days", "{} is meer dan {} dagen"),
    ("is more than {}", "is meer dan {}"),
    // Closing a case.
    (
        "a case closes with a closure record",
        "een dossier sluit met een afsluiting",
    ),
    ("the case is already closed", "het dossier is al gesloten"),
    ("say where the client went", "zeg waarheen de cliënt vertrok"),
    (
        "say who organised the departure (IOM, the NGO, or the client's own means)",
        "zeg wie het vertrek organiseerde (IOM, de maatschappelijke organisatie of de cliënt zelf)",
    ),
    (
        "only a departure has someone who organised it",
        "alleen bij een vertrek hoort wie het organiseerde",
    ),
    (
        "no withdrawn registration with DT&V is on file (record the withdrawal first)",
        "er is geen ingetrokken aanmelding bij DT&V vastgelegd (leg eerst de intrekking vast)",
    ),
    (
        "a case is closed with the close action, which also marks the client closed",
        "een dossier sluit met de knop Afsluiten, die ook de cliënt als gesloten markeert",
    ),
    // Verification with DT&V.
    (
        "a {} registration cannot be {}",
        "een aanmelding die {} is, kan niet worden {}",
    ),
    (
        "{} is before the form was sent ({})",
        "{} ligt vóór het versturen van het formulier ({})",
    ),
    (
        "say to whom the form was sent",
        "zeg aan wie het formulier is gestuurd",
    ),
    (
        "say why it is withdrawn",
        "zeg waarom de aanmelding wordt ingetrokken",
    ),
    (
        "this client already has an open registration with DT&V",
        "deze cliënt heeft al een lopende aanmelding bij DT&V",
    ),
    ("choose a ground", "kies een grond"),
    (
        "is not a step of a registration",
        "is geen stap van een aanmelding",
    ),
    // Progress reports.
    (
        "an override of the legal basis needs a reason",
        "afwijken van de grondslag vraagt een reden",
    ),
    (
        "a sent report is not changed",
        "een verstuurde rapportage wordt niet gewijzigd",
    ),
    (
        "the case is closed: a report is no longer sent",
        "het dossier is gesloten: er gaat geen rapportage meer uit",
    ),
    (
        "say to whom it is sent (at most 200 characters)",
        "zeg aan wie het gaat (ten hoogste 200 tekens)",
    ),
    ("say to whom it is sent", "zeg aan wie het gaat"),
    ("choose the legal basis", "kies de grondslag"),
    // Extensions.
    ("ask for 1 to 366 days", "vraag 1 tot 366 dagen"),
    (
        "give the reason (at most 1,000 characters)",
        "geef de reden (ten hoogste 1.000 tekens)",
    ),
    (
        "no departure term runs for this case: there is nothing to extend",
        "voor deze cliënt loopt geen vertrektermijn: er is niets te verlengen",
    ),
    (
        "the client is not in state reception with a term: no stay to extend",
        "de cliënt zit niet in de opvang met een termijn: er is geen verblijf te verlengen",
    ),
    (
        "a hand-out is not a request for time",
        "een financiële handreiking is geen verzoek om tijd",
    ),
    ("at most {} days ({})", "ten hoogste {} dagen ({})"),
    ("the request was already {}", "het verzoek is al {}"),
    ("is before the request ({})", "ligt vóór het verzoek ({})"),
    ("grant 1 to {} days", "ken 1 tot {} dagen toe"),
    ("give a number of days", "geef een aantal dagen"),
    ("give the days granted", "geef de toegekende dagen"),
    ("choose granted or refused", "kies toegekend of afgewezen"),
    (
        "choose what to extend: term_extension or stay_extension",
        "kies wat verlengd wordt: vertrektermijn of verblijf",
    ),
    // Monitoring after return.
    (
        "no departure is on file: monitoring follows a departure",
        "er is geen vertrek vastgelegd: monitoring volgt op een vertrek",
    ),
    (
        "this moment's conversation is already recorded",
        "het gesprek van dit moment is al vastgelegd",
    ),
    (
        "is not a monitoring moment (the policy has {} months)",
        "is geen monitoringmoment (het beleid kent {} maanden)",
    ),
    ("is before the departure ({})", "ligt vóór het vertrek ({})"),
    (
        "name why the plan was not realised",
        "noem waarom het plan niet is gerealiseerd",
    ),
    ("name the success factors", "noem de succesfactoren"),
    (
        "say why there are or are not good prospects",
        "zeg waarom er wel of geen goede vooruitzichten zijn",
    ),
    (
        "give the returnee's motivation",
        "geef de toelichting van de teruggekeerde",
    ),
    ("{} is not an indicator", "{} is geen indicator"),
    ("{}: answer 1 to 5", "{}: antwoord 1 tot en met 5"),
    ("{}: answered twice", "{}: twee keer beantwoord"),
    ("is not a moment", "is geen moment"),
    ("choose a category", "kies een categorie"),
    ("is 1 to 5", "is 1 tot en met 5"),
    // The in-kind ledger.
    ("say who supplies it", "zeg wie het levert"),
    (
        "a spent item needs its receipt",
        "een bestede post heeft een bon nodig",
    ),
    ("say what it is for", "zeg waarvoor het is"),
    (
        "the cap depends on age: record the date of birth of everyone in the household",
        "het plafond hangt af van leeftijd: leg de geboortedatum vast van iedereen in het huishouden",
    ),
    (
        "no in-kind cap is known for the day the trajectory started",
        "voor de startdatum van het traject is geen plafond in natura bekend",
    ),
    (
        "over the in-kind cap of {} ({}): {} remains",
        "boven het plafond in natura van {} ({}): er is nog {} over",
    ),
    (
        "no cash cap is known for this trajectory ({})",
        "voor dit traject is geen plafond voor contant bekend ({})",
    ),
    (
        "over the cash cap of {} ({}): {} remains",
        "boven het plafond voor contant van {} ({}): er is nog {} over",
    ),
    (
        "the case is closed: its ledger is final",
        "het dossier is gesloten: de boekingen liggen vast",
    ),
    (
        "in-kind support belongs to a trajectory: record the trajectory first",
        "ondersteuning in natura hoort bij een traject: leg eerst het traject vast",
    ),
    (
        "a {} item is not changed",
        "een post die {} is, wordt niet gewijzigd",
    ),
    ("choose planned or spent", "kies gepland of besteed"),
    ("choose spend or cancel", "kies besteed of vervalt"),
    // Hand-outs.
    ("give the individual motivation", "geef de individuele motivatie"),
    (
        "no approval chain is known for the day it was asked",
        "voor de dag van de aanvraag is geen goedkeuringsketen bekend",
    ),
    ("the hand-out is already {}", "de handreiking is al {}"),
    (
        "a {} does not sign this hand-out: the chain is {} ({})",
        "een {} tekent deze handreiking niet: de keten is {} ({})",
    ),
    ("not yet: the {} signs first", "nog niet: eerst tekent de {}"),
    (
        "the case is closed: no hand-out is asked any more",
        "het dossier is gesloten: er wordt geen handreiking meer aangevraagd",
    ),
    ("choose a reason", "kies een reden"),
    ("choose a file", "kies een bestand"),
    ("choose csv, xlsx or json", "kies csv, xlsx of json"),
    (
        "more than {} clients match: narrow the filters",
        "meer dan {} cliënten voldoen: verfijn de selectie",
    ),
    ("is larger than 5 MB", "is groter dan 5 MB"),
    ("must be a PDF, JPEG or PNG", "moet een PDF, JPEG of PNG zijn"),
    (
        "name the receipts (at most 2000 characters)",
        "noem de bonnen (ten hoogste 2000 tekens)",
    ),
    (
        "receipts follow an approved hand-out",
        "bonnen horen bij een toegekende handreiking",
    ),
    ("is not a year", "is geen jaartal"),
    ("is already taken", "is al in gebruik"),
    // Projects.
    (
        "give the project's name (at most 200 characters)",
        "geef de naam van het project (ten hoogste 200 tekens)",
    ),
    ("lies before starts_on", "ligt vóór de begindatum"),
    (
        "every grant must be more than 0",
        "elke bijdrage moet meer dan 0 zijn",
    ),
    (
        "the grants together exceed the eligible costs",
        "de bijdragen samen zijn meer dan de subsidiabele kosten",
    ),
    (
        "{} – {} lies outside the project or is reversed",
        "{} – {} valt buiten het project of is omgekeerd",
    ),
    (
        "{} – {} overlaps or precedes the period before",
        "{} – {} overlapt of gaat vooraf aan de vorige periode",
    ),
    (
        "the return subsidy may cover at most {}% of the eligible costs ({})",
        "de terugkeersubsidie dekt ten hoogste {}% van de subsidiabele kosten ({})",
    ),
    (
        "the co-financing share is not known for this scheme; not checked ({})",
        "het cofinancieringspercentage van deze regeling is niet bekend; niet gecontroleerd ({})",
    ),
    (
        "one period a line: first and last day (YYYY-MM-DD YYYY-MM-DD)",
        "één periode per regel: eerste en laatste dag (JJJJ-MM-DD JJJJ-MM-DD)",
    ),
    ("is not a period number", "is geen periodenummer"),
    (
        "the project has no such period",
        "het project heeft zo'n periode niet",
    ),
];

/// States and steps that appear inside messages.
static WORDS: &[(&str, &str)] = &[
    ("draft", "concept"),
    ("submitted", "verstuurd"),
    ("verified", "geverifieerd"),
    ("refused", "geweigerd"),
    ("withdrawn", "ingetrokken"),
    ("pending", "in behandeling"),
    ("approved", "toegekend"),
    ("planned", "gepland"),
    ("spent", "besteed"),
    ("cancelled", "vervallen"),
    ("senior_regievoerder", "senior regievoerder"),
    ("den_haag", "Den Haag"),
];

/// Matches `message` against `pattern`, returning the parts that stand for `{}`.
fn captures<'m>(pattern: &str, message: &'m str) -> Option<Vec<&'m str>> {
    let mut parts = pattern.split("{}");
    let first = parts.next().unwrap_or("");
    let mut rest = message.strip_prefix(first)?;
    let literals: Vec<&str> = parts.collect();
    let mut caught = Vec::with_capacity(literals.len());
    for (i, lit) in literals.iter().enumerate() {
        let last = i + 1 == literals.len();
        let at = if last {
            // The last literal ends the message.
            if !rest.ends_with(lit) {
                return None;
            }
            rest.len() - lit.len()
        } else if lit.is_empty() {
            return None; // two placeholders side by side are ambiguous; no entry has them
        } else {
            rest.find(lit)?
        };
        caught.push(&rest[..at]);
        rest = &rest[at + lit.len()..];
    }
    if literals.is_empty() && !rest.is_empty() {
        return None;
    }
    Some(caught)
}

/// The message in `lang`: English as given; Dutch from the catalogue, or English when it has no entry.
pub fn translate(lang: Lang, message: &str) -> String {
    if lang == Lang::En {
        return message.to_owned();
    }
    for (en, nl) in MESSAGES {
        if let Some(parts) = captures(en, message) {
            let mut out = String::with_capacity(nl.len() + 16);
            let mut pieces = nl.split("{}");
            out.push_str(pieces.next().unwrap_or(""));
            for (piece, part) in pieces.zip(parts) {
                let word = WORDS.iter().find(|(e, _)| *e == part).map_or(part, |(_, n)| *n);
                out.push_str(word);
                out.push_str(piece);
            }
            return out;
        }
    }
    message.to_owned()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use terugkeer_domain::extension;
    use terugkeer_domain::record::{ClosureOutcome, Record, check_closure};
    use terugkeer_domain::verification::{RefusalGround, Step, Verification, VerificationStatus};
    use terugkeer_rules::Date;
    use terugkeer_rules::facts::DecisionKind;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn dutch(m: &str) -> String {
        let nl = translate(Lang::Nl, m);
        assert_ne!(nl, m, "no Dutch for {m:?}");
        nl
    }

    #[test]
    fn patterns_keep_their_placeholders() {
        for (en, nl) in MESSAGES {
            assert_eq!(en.matches("{}").count(), nl.matches("{}").count(), "{en}");
        }
    }

    #[test]
    fn changing_parts_are_carried_over_and_states_translated() {
        assert_eq!(
            dutch("2026-12-01 is after today (2026-11-29)"),
            "2026-12-01 ligt na vandaag (2026-11-29)"
        );
        assert_eq!(
            dutch("a withdrawn registration cannot be verified"),
            "een aanmelding die ingetrokken is, kan niet worden geverifieerd"
        );
        assert_eq!(
            dutch("at most 14 days (art. 4 Rvb)"),
            "ten hoogste 14 dagen (art. 4 Rvb)"
        );
        // A message that only starts like an entry is not taken for it.
        assert_eq!(translate(Lang::Nl, "is required today"), "is required today");
        assert_eq!(translate(Lang::En, "is required"), "is required");
    }

    /// Every refusal of the trajectory's transitions — closing, verification, extension, monitoring — has
    /// its Dutch.
    #[test]
    fn every_refused_transition_has_dutch() {
        let today = d("2026-11-29");
        let close = |outcome, on: &str, destination: &str, with| Record::Closure {
            outcome,
            on: d(on),
            destination: destination.into(),
            departed_with: with,
            reason: String::new(),
        };
        let iom = Some(terugkeer_domain::record::DepartedWith::Iom);
        let mut messages = Vec::new();
        for (r, closed, reg) in [
            (
                close(ClosureOutcome::Absconded, "2026-11-20", "", None),
                true,
                None,
            ),
            (
                close(ClosureOutcome::Absconded, "2026-12-20", "", None),
                false,
                None,
            ),
            (
                close(ClosureOutcome::Departed, "2026-11-20", "", iom),
                false,
                None,
            ),
            (
                close(ClosureOutcome::Departed, "2026-11-20", "Kabul", None),
                false,
                None,
            ),
            (
                close(ClosureOutcome::Absconded, "2026-11-20", "", iom),
                false,
                None,
            ),
            (
                close(ClosureOutcome::VerificationWithdrawn, "2026-11-20", "", None),
                false,
                None,
            ),
            (
                Record::Refusal {
                    on: today,
                    notes: String::new(),
                },
                false,
                Some(VerificationStatus::Verified),
            ),
        ] {
            messages.push(check_closure(&r, closed, reg, today).unwrap_err().message);
        }
        let draft = Verification::default();
        let sent = draft
            .apply(
                &Step::Submit {
                    on: d("2026-11-10"),
                    to: "DT&V".into(),
                },
                today,
            )
            .unwrap();
        for (v, step) in [
            (&draft, Step::Verify { on: d("2026-11-10") }),
            (&sent, Step::Verify { on: d("2026-11-01") }),
            (&sent, Step::Verify { on: d("2026-12-01") }),
            (
                &draft,
                Step::Submit {
                    on: d("2026-11-10"),
                    to: " ".into(),
                },
            ),
            (
                &draft,
                Step::Submit {
                    on: d("2026-11-10"),
                    to: "x".repeat(201),
                },
            ),
            (
                &sent,
                Step::Withdraw {
                    on: d("2026-11-12"),
                    reason: " ".into(),
                },
            ),
            (
                &sent,
                Step::Refuse {
                    on: d("2026-11-12"),
                    ground: RefusalGround::Other,
                    note: "x".repeat(600),
                },
            ),
        ] {
            messages.push(v.apply(&step, today).unwrap_err().message);
        }
        for (kind, days, on, reason) in [
            (DecisionKind::TermExtension, 0, "2026-11-20", "x"),
            (DecisionKind::TermExtension, 5, "2026-12-20", "x"),
            (DecisionKind::TermExtension, 5, "2026-11-20", " "),
            (DecisionKind::TermExtension, 5, "2026-11-20", "x"),
            (DecisionKind::StayExtension, 5, "2026-11-20", "x"),
            (DecisionKind::Handreiking, 5, "2026-11-20", "x"),
        ] {
            messages.push(
                extension::request(kind, days, d(on), reason, &[], today)
                    .unwrap_err()
                    .message,
            );
        }
        for m in messages {
            dutch(&m);
        }
    }
}
