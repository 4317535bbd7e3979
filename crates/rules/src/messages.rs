//! What a caseworker reads: every reason and warning as a sentence in Dutch (default) or English.
//!
//! A [`Msg`] holds the data and the language and renders itself only when written (to JSON or text), so the
//! rules build no strings of their own.

use std::fmt;

use crate::date::Date;
use crate::vocab::{Cents, Country, Lang};

/// A message in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    /// Its language.
    pub lang: Lang,
    /// What it says.
    pub kind: M,
}

impl Msg {
    /// A message in `lang`.
    pub fn new(lang: Lang, kind: M) -> Msg {
        Msg { lang, kind }
    }
}

impl serde::Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Every message the rules can give.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum M {
    NoRuleInForce,
    RuleNotInForce,
    Unknown {
        fact: &'static str,
    },
    TargetGroupYes {
        on: Date,
    },
    TargetGroupNo,
    AppealPending {
        lodged_on: Date,
    },
    OtherProcedurePending,
    NoProcedurePending,
    CountryListUnknown {
        country: Country,
    },
    CountryExcluded {
        country: Country,
    },
    CountryExcludedForDublin {
        country: Country,
    },
    CountryDublinOnlyNotDublin {
        country: Country,
    },
    CountryNotExcluded {
        country: Country,
    },
    CountryNotIncluded {
        country: Country,
    },
    CountryIncluded {
        country: Country,
    },
    CountryIndicated {
        country: Country,
        likely: bool,
        developing: bool,
        passport_exception: bool,
    },
    WarnCountryIndicated,
    BorderNoReturnDecision {
        on: Date,
    },
    BorderWindow {
        rejected: Date,
        weeks: u32,
        end: Date,
    },
    BorderVoluntaryDeparture {
        on: Date,
        days: u32,
        end: Date,
    },
    WarnVoluntaryDepartureOver {
        days: u32,
        max: u32,
    },
    WarnVoluntaryDepartureEnded {
        end: Date,
    },
    BorderNoReturnDecisionYet {
        max: Option<u32>,
    },
    BorderNoVoluntaryDeparture {
        on: Date,
    },
    TippingCooperationUnknown {
        refusals: u32,
        threshold: u32,
        deportable: Option<bool>,
    },
    TippingConsequenceUnknown {
        refusals: u32,
        threshold: u32,
    },
    WarnChangedAfterVerification {
        threshold: &'static str,
        on: Date,
    },
    DecidedByDtv {
        passed: bool,
        on: Date,
        by: String,
    },
    CriminalRecordYes,
    CriminalRecordNo,
    HeavyEntryBan,
    NoHeavyEntryBan {
        ban: &'static str,
    },
    Article1fYes,
    Article1fNo,
    NeverSupported,
    SupportedRecently {
        on: Date,
        cutoff: Date,
    },
    SupportedLongAgo {
        on: Date,
        cutoff: Date,
    },
    ParticipatingYes,
    ParticipatingNo,
    NoReturnDecision,
    TermFromRejection {
        on: Date,
    },
    TermFromFinalJudgment {
        on: Date,
    },
    TermSuspended {
        lodged_on: Date,
    },
    TermNotSuspended {
        on: Date,
        procedure: &'static str,
    },
    SuspensionUndetermined,
    NoTermEnd,
    TermEnd {
        start: Date,
        days: u32,
        extension: u32,
        end: Date,
    },
    TermEndAtwNoShift {
        start: Date,
        days: u32,
        end: Date,
    },
    TermEndAtwShift {
        start: Date,
        days: u32,
        raw: Date,
        end: Date,
    },
    ReceptionMedical,
    ReceptionAzc {
        end: Date,
        extension: u32,
    },
    ReceptionVbl {
        since: Date,
        weeks: u32,
        extension: u32,
        end: Date,
    },
    NoReceptionTerm {
        setting: &'static str,
    },
    NoSupportLimit {
        setting: &'static str,
    },
    /// Setting `bewaring`: the detention regime's limits, from the day detention began.
    DetentionRegime {
        since: Date,
        months: u32,
        end: Date,
        extra: u32,
        extended_end: Date,
    },
    /// Setting `bewaring` when the day detention began or the limits of that day are not known.
    DetentionRegimeUnknown,
    /// Setting `bewaring`: no trajectory runs while the client is detained.
    NoSupportInDetention,
    /// The fit of the planned departure (study §5.4): it falls within the time the client has.
    Fits {
        planned: Date,
        end: Date,
    },
    /// It falls after that time, within the regievoerder's own room to extend the AZC stay.
    FitOwnDiscretion {
        planned: Date,
        end: Date,
        days: u32,
    },
    /// It falls after that time and beyond her own room.
    FitFails {
        planned: Date,
        end: Date,
    },
    /// No term binds in this setting.
    FitOpen {
        setting: &'static str,
    },
    /// The time the client has is not known.
    FitUnknown {
        planned: Date,
    },
    /// No planned departure recorded.
    FitNoPlan,
    /// The client has left.
    FitDeparted,
    /// The client is detained.
    FitDetained,
    /// A trajectory started on `started` is suspended by detention since `since` (or of an unknown day).
    WarnTrajectorySuspended {
        started: Date,
        since: Option<Date>,
    },
    /// The planned departure does not fit (study §5.4).
    WarnDepartureDoesNotFit {
        planned: Date,
        end: Date,
    },
    /// It fits only with the regievoerder's own extension of the AZC stay.
    WarnDepartureNeedsOwnDiscretion {
        planned: Date,
        end: Date,
    },
    SupportEnd {
        start: Date,
        weeks: u32,
        end: Date,
    },
    Detained,
    Cooperating,
    FewRefusals {
        refusals: u32,
        threshold: u32,
    },
    ForcedReturn {
        refusals: u32,
        threshold: u32,
    },
    GuidanceStops {
        refusals: u32,
        threshold: u32,
        state_reception: bool,
    },
    Monitoring {
        departed: Date,
        months: String,
    },
    InKindWithin {
        amount: Cents,
        cap: Cents,
    },
    SchemeAmountUnknown {
        scheme: &'static str,
    },
    InKindOver {
        amount: Cents,
        cap: Cents,
    },
    HandreikingRegio {
        amount: Cents,
        max: Cents,
    },
    HandreikingDenHaag {
        amount: Cents,
        max: Cents,
    },
    DiscretionTermExtension {
        max: u32,
    },
    DiscretionStayExtension {
        days: u32,
        body: String,
        azc: bool,
    },
    DiscretionBeyond {
        days: u32,
        body: String,
    },
    DiscretionGuidanceTime {
        setting: &'static str,
    },
    WarnPlannedAfterSupportEnd {
        planned: Date,
        end: Date,
    },
    WarnPlannedAfterTermEnd {
        planned: Date,
        end: Date,
    },
    WarnTermExpired {
        end: Date,
    },
    WarnReceptionEnded {
        end: Date,
    },
    WarnCashOver {
        cash: Cents,
        cap: Cents,
    },
    WarnCashCapUnknown {
        cash: Cents,
    },
    WarnTippingPointNear {
        remaining: Option<u32>,
        country_uncooperative: bool,
    },
    WarnExtensionCapped {
        asked: u32,
        max: u32,
    },
    WarnExtensionWithoutDocuments,
    WarnDecisionNotAuthorised {
        index: usize,
        days: u32,
    },
    WarnSignatureByWrongRole {
        role: &'static str,
    },
    WarnHandreikingDeportable,
    WarnStaleReference {
        note: String,
    },
}

macro_rules! t {
    ($f:expr, $l:expr, $nl:literal, $en:literal) => {
        match $l {
            Lang::Nl => write!($f, $nl),
            Lang::En => write!($f, $en),
        }
    };
}

/// A threshold's name for people (the contract's ids stay in JSON).
fn threshold_name(id: &str, l: Lang) -> &'static str {
    let (nl, en) = match id {
        "target_group" => ("doelgroep", "target group"),
        "procedure_pending" => ("geen lopende procedure", "no procedure pending"),
        "excluded_country" => ("land van herkomst", "country of origin"),
        "criminal_record" => ("geen strafblad", "no criminal record"),
        "heavy_entry_ban" => ("geen zwaar inreisverbod", "no heavy entry ban"),
        "article_1f" => ("geen artikel 1F", "no article 1F"),
        "previous_support" => ("niet eerder ondersteund", "not supported before"),
        _ => ("neemt niet al deel", "not already participating"),
    };
    l.pick(nl, en)
}

/// A day in a message: in words ("19 april 2025", "19 April 2025"), as the pages write days. The rules crate
/// is below the text crate's Fluent files, so the month names are here (docs/decisions.md).
struct Day(Date, Lang);

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const NL: [&str; 12] = [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ];
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let (year, month, day) = self.0.ymd();
        let names = match self.1 {
            Lang::Nl => &NL,
            Lang::En => &EN,
        };
        let month = names.get((month as usize).wrapping_sub(1)).unwrap_or(&"");
        write!(f, "{day} {month} {year}")
    }
}

fn fact_name(fact: &str, l: Lang) -> &str {
    match (fact, l) {
        ("other_procedure_pending", Lang::Nl) => "of er een andere procedure loopt",
        ("criminal_record", Lang::Nl) => "of er criminele antecedenten zijn",
        ("entry_ban", Lang::Nl) => "het inreisverbod",
        ("article_1f", Lang::Nl) => "of artikel 1F is tegengeworpen",
        ("currently_participating", Lang::Nl) => "of de cliënt al deelneemt",
        ("dublin_claimant", Lang::Nl) => "of de cliënt Dublinclaimant is",
        ("medical_impediment", Lang::Nl) => "of reizen medisch verantwoord is",
        ("cooperating", Lang::Nl) => "of de cliënt meewerkt",
        ("deportable", Lang::Nl) => "of de cliënt uitzetbaar is",
        ("minor", Lang::Nl) => {
            "of de cliënt minderjarig is (de bedragen voor volwassene en minderjarige verschillen)"
        }
        ("minor", Lang::En) => "whether the client is a minor (the adult's and the minor's caps differ)",
        (other, _) => other,
    }
}

impl Msg {
    /// The text of a message that quotes nothing: written without formatting.
    pub fn fixed(&self) -> Option<&'static str> {
        let l = self.lang;
        match &self.kind {
            M::NoRuleInForce => Some(l.pick("Het geladen beleid bevat voor deze datum geen waarde voor deze regel: onbepaald.", "The loaded policy has no value for this rule on this date: undetermined.")),
            M::RuleNotInForce => Some(l.pick("Deze voorwaarde is op deze datum niet van kracht en wordt niet toegepast.", "This condition is not in force on this date and is not applied.")),
            M::TargetGroupNo => Some(l.pick("Er is geen afgewezen asielaanvraag: de cliënt hoort niet tot de doelgroep van ex-asielzoekers.", "There is no rejected asylum application: the client is not in the target group of former asylum seekers.")),
            M::OtherProcedurePending => Some(l.pick("Er loopt een procedure voor een verblijfsvergunning.", "A procedure for a residence permit is pending.")),
            M::NoProcedurePending => Some(l.pick("Er loopt geen procedure voor een verblijfsvergunning.", "No procedure for a residence permit is pending.")),
            M::CriminalRecordYes => Some(l.pick("Er is sprake van strafrechtelijke vervolging of criminele antecedenten.", "There is criminal prosecution or a criminal record.")),
            M::CriminalRecordNo => Some(l.pick("Geen strafrechtelijke vervolging of criminele antecedenten.", "No criminal prosecution or criminal record.")),
            M::HeavyEntryBan => Some(l.pick("De cliënt heeft een zwaar inreisverbod.", "The client has a heavy entry ban.")),
            M::Article1fYes => Some(l.pick("Artikel 1F Vluchtelingenverdrag is tegengeworpen.", "Article 1F of the Refugee Convention was applied.")),
            M::Article1fNo => Some(l.pick("Artikel 1F is niet tegengeworpen.", "Article 1F was not applied.")),
            M::NeverSupported => Some(l.pick("Niet eerder ondersteund door een gesubsidieerd terugkeerproject.", "Not supported by a subsidised return project before.")),
            M::ParticipatingYes => Some(l.pick("De cliënt neemt al deel aan een ander gesubsidieerd project.", "The client already participates in another subsidised project.")),
            M::ParticipatingNo => Some(l.pick("De cliënt neemt niet al deel aan een ander project.", "The client does not already participate in another project.")),
            M::NoReturnDecision => Some(l.pick("Er is geen terugkeerbesluit (geen afgewezen asielaanvraag): er loopt geen vertrektermijn.", "There is no return decision (no rejected asylum application): no departure term runs.")),
            M::SuspensionUndetermined => Some(l.pick("Of het beroep schorst hangt af van het proceduretype (art. 82 Vw, vanaf 2026-06-12), en dat is onbekend: het begin van de termijn is onbepaald.", "Whether the appeal suspends depends on the procedure type (art. 82 Vw, from 2026-06-12), which is unknown: the start of the term is undetermined.")),
            M::NoTermEnd => Some(l.pick("Zonder begin van de vertrektermijn is er geen einddatum.", "Without a start of the departure term there is no end date.")),
            M::ReceptionMedical => Some(l.pick("Reizen is medisch onverantwoord: de opvang loopt door zolang dat zo is (geen einddatum).", "Travel is medically irresponsible: reception continues while that lasts (no end date).")),
            M::Detained => Some(l.pick("De cliënt zit in vreemdelingenbewaring: gedwongen terugkeer. De ngo mag alleen belangen behartigen.", "The client is in immigration detention: forced return. The NGO may only advocate.")),
            M::Cooperating => Some(l.pick("De cliënt werkt aantoonbaar mee aan vertrek: zelfstandige terugkeer.", "The client demonstrably cooperates with departure: independent return.")),
            M::WarnExtensionWithoutDocuments => Some(l.pick("Verlenging van de vertrektermijn vraagt dat reisdocumenten er (binnenkort) zijn, en de cliënt heeft ze niet.", "Extending the departure term requires travel documents to be (soon) available, and the client has none.")),
            M::WarnCountryIndicated => Some(l.pick("DT&V's landenlijst herintegratieondersteuning is niet geladen: de landencheck is voorlopig een aanwijzing uit de openbare criteria. DT&V beslist met zijn antwoord op het verificatieformulier.", "DT&V's country list for reintegration support is not loaded: the country check is for now an indication from the public criteria. DT&V decides in its answer to the verification form.")),
            M::WarnHandreikingDeportable => Some(l.pick("De cliënt is uitzetbaar: een financiële handreiking is dan onwaarschijnlijk.", "The client is deportable: a financial hand-out is then unlikely.")),
            _ => None,
        }
    }
}

impl fmt::Display for Msg {
    #[allow(clippy::too_many_lines)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(text) = self.fixed() {
            return f.write_str(text);
        }
        let l = self.lang;
        match &self.kind {
            M::Unknown { fact } => {
                let name = fact_name(fact, l);
                t!(
                    f,
                    l,
                    "Onbekend: {name}. Zonder dit feit is deze voorwaarde onbepaald.",
                    "Unknown: {name}. Without this fact the condition is undetermined."
                )
            }
            M::TargetGroupYes { on } => {
                let on = Day(*on, l);
                t!(
                    f,
                    l,
                    "De asielaanvraag is afgewezen op {on}: de cliënt hoort tot de doelgroep.",
                    "The asylum application was rejected on {on}: the client belongs to the target group."
                )
            }
            M::AppealPending { lodged_on } => {
                let lodged_on = Day(*lodged_on, l);
                t!(
                    f,
                    l,
                    "Het beroep van {lodged_on} loopt nog: er loopt dus een procedure.",
                    "The appeal lodged on {lodged_on} is still pending, so a procedure is pending."
                )
            }
            M::CountryListUnknown { country } => t!(
                f,
                l,
                "De landenlijst die op deze datum geldt is niet geladen: of {country} in aanmerking komt is onbepaald. DT&V beslist met zijn antwoord op het verificatieformulier; de beheerder kan de landenlijst van DT&V als beleid laden.",
                "The country list in force on this date is not loaded: whether {country} qualifies is undetermined. DT&V decides in its answer to the verification form; the administrator can load DT&V's country list as policy."
            ),
            M::CountryIndicated {
                country,
                likely,
                developing,
                passport_exception,
            } => {
                match (likely, developing, l) {
                    (true, _, Lang::Nl) => write!(
                        f,
                        "Op grond van de openbare criteria: {country} staat op de OESO-DAC-lijst van ontwikkelingslanden en heeft een visumplicht voor Nederland (Verordening (EU) 2018/1806). DT&V's landenlijst beslist; of DT&V {country} uitsluit wegens misbruik is onbekend."
                    )?,
                    (true, _, Lang::En) => write!(
                        f,
                        "By the public criteria: {country} is on the OECD DAC list of developing countries and needs a visa for the Netherlands (Regulation (EU) 2018/1806). DT&V's country list decides; whether DT&V excludes {country} for abuse is unknown."
                    )?,
                    (false, false, Lang::Nl) => write!(
                        f,
                        "Op grond van de openbare criteria: {country} staat niet op de OESO-DAC-lijst van ontwikkelingslanden. DT&V's landenlijst beslist."
                    )?,
                    (false, false, Lang::En) => write!(
                        f,
                        "By the public criteria: {country} is not on the OECD DAC list of developing countries. DT&V's country list decides."
                    )?,
                    (false, true, Lang::Nl) => write!(
                        f,
                        "Op grond van de openbare criteria: {country} staat op de OESO-DAC-lijst maar heeft geen visumplicht voor Nederland (Verordening (EU) 2018/1806). DT&V's landenlijst beslist."
                    )?,
                    (false, true, Lang::En) => write!(
                        f,
                        "By the public criteria: {country} is on the OECD DAC list but needs no visa for the Netherlands (Regulation (EU) 2018/1806). DT&V's country list decides."
                    )?,
                }
                if *passport_exception {
                    t!(
                        f,
                        l,
                        " Let op: voor sommige paspoorten van {country} geldt een andere visumregel; het soort paspoort kan de uitkomst veranderen.",
                        " Note: for some passports of {country} another visa rule applies; the kind of passport can change the outcome."
                    )?;
                }
                Ok(())
            }
            M::WarnChangedAfterVerification { threshold, on } => {
                let on = Day(*on, l);
                let name = threshold_name(threshold, l);
                t!(
                    f,
                    l,
                    "Gewijzigd na verificatie: de gegevens voor de voorwaarde '{name}' zijn veranderd sinds DT&V op {on} oordeelde. DT&V heeft de wijziging niet gezien; meld haar bij de regievoerder.",
                    "Changed after verification: the facts for the condition '{name}' have changed since DT&V judged it on {on}. DT&V has not seen the change; tell the regievoerder."
                )
            }
            M::DecidedByDtv { passed, on, by } => {
                let on = Day(*on, l);
                match (passed, l) {
                    (true, Lang::Nl) => {
                        write!(f, "Vastgesteld door DT&V (regievoerder {by}, {on}): voldoet.")
                    }
                    (false, Lang::Nl) => write!(
                        f,
                        "Vastgesteld door DT&V (regievoerder {by}, {on}): voldoet niet."
                    ),
                    (true, Lang::En) => write!(f, "Established by DT&V (regievoerder {by}, {on}): met."),
                    (false, Lang::En) => write!(f, "Established by DT&V (regievoerder {by}, {on}): not met."),
                }
            }
            M::CountryExcluded { country } => t!(
                f,
                l,
                "{country} staat op de lijst van uitgesloten landen.",
                "{country} is on the list of excluded countries."
            ),
            M::CountryExcludedForDublin { country } => t!(
                f,
                l,
                "{country} is uitgesloten voor Dublinclaimanten, en de cliënt is Dublinclaimant.",
                "{country} is excluded for Dublin claimants, and the client is a Dublin claimant."
            ),
            M::CountryDublinOnlyNotDublin { country } => t!(
                f,
                l,
                "{country} is alleen uitgesloten voor Dublinclaimanten; de cliënt is geen Dublinclaimant.",
                "{country} is excluded only for Dublin claimants; the client is not a Dublin claimant."
            ),
            M::CountryNotExcluded { country } => t!(
                f,
                l,
                "{country} staat niet op de lijst van uitgesloten landen.",
                "{country} is not on the list of excluded countries."
            ),
            M::CountryNotIncluded { country } => t!(
                f,
                l,
                "{country} staat niet op de landenlijst herintegratieondersteuning.",
                "{country} is not on the country list for reintegration support."
            ),
            M::CountryIncluded { country } => t!(
                f,
                l,
                "{country} staat op de landenlijst herintegratieondersteuning en is niet uitgesloten.",
                "{country} is on the country list for reintegration support and not excluded."
            ),
            M::NoHeavyEntryBan { ban } => {
                let b = match (*ban, l) {
                    ("none", Lang::Nl) => "geen inreisverbod",
                    ("light", Lang::Nl) => "een licht inreisverbod",
                    ("none", Lang::En) => "no entry ban",
                    _ => "a light entry ban",
                };
                t!(
                    f,
                    l,
                    "Geen zwaar inreisverbod ({b}).",
                    "No heavy entry ban ({b})."
                )
            }
            M::SupportedRecently { on, cutoff } => {
                let on = Day(*on, l);
                let cutoff = Day(*cutoff, l);
                t!(
                    f,
                    l,
                    "Eerder ondersteund op {on}, op of na {cutoff}: binnen de uitsluitingstermijn.",
                    "Supported before on {on}, on or after {cutoff}: within the exclusion period."
                )
            }
            M::SupportedLongAgo { on, cutoff } => {
                let on = Day(*on, l);
                let cutoff = Day(*cutoff, l);
                t!(
                    f,
                    l,
                    "Eerder ondersteund op {on}, vóór {cutoff}: buiten de uitsluitingstermijn.",
                    "Supported before on {on}, before {cutoff}: outside the exclusion period."
                )
            }
            M::TermFromRejection { on } => {
                let on = Day(*on, l);
                t!(
                    f,
                    l,
                    "Zonder beroep begint de vertrektermijn direct na de afwijzing van {on}.",
                    "Without an appeal the departure term starts straight after the rejection of {on}."
                )
            }
            M::TermFromFinalJudgment { on } => {
                let on = Day(*on, l);
                t!(
                    f,
                    l,
                    "Het beroep schorste het terugkeerbesluit; de termijn begint na de einduitspraak van {on}.",
                    "The appeal suspended the return decision; the term starts after the final judgment of {on}."
                )
            }
            M::TermSuspended { lodged_on } => {
                let lodged_on = Day(*lodged_on, l);
                t!(
                    f,
                    l,
                    "Het beroep van {lodged_on} schorst het terugkeerbesluit: de vertrektermijn loopt nog niet.",
                    "The appeal of {lodged_on} suspends the return decision: the departure term does not run yet."
                )
            }
            M::TermNotSuspended { on, procedure } => {
                let on = Day(*on, l);
                t!(
                    f,
                    l,
                    "In deze procedure ({procedure}) schorst beroep niet: de termijn begint na de afwijzing van {on}.",
                    "In this procedure ({procedure}) an appeal does not suspend: the term starts after the rejection of {on}."
                )
            }
            M::TermEnd {
                start,
                days,
                extension,
                end,
            } => {
                let start = Day(*start, l);
                let end = Day(*end, l);
                t!(
                    f,
                    l,
                    "{start} + {days} dagen + {extension} dagen verlenging = {end}, de laatste dag om tijdig te vertrekken.",
                    "{start} + {days} days + {extension} days of extension = {end}, the last day to leave on time."
                )
            }
            M::TermEndAtwNoShift { start, days, end } => {
                let start = Day(*start, l);
                let end = Day(*end, l);
                t!(
                    f,
                    l,
                    "{start} + {days} dagen = {end}, een werkdag: de Algemene termijnenwet verschuift niets.",
                    "{start} + {days} days = {end}, a working day: the General Time Limits Act moves nothing."
                )
            }
            M::TermEndAtwShift {
                start,
                days,
                raw,
                end,
            } => {
                let start = Day(*start, l);
                let raw = Day(*raw, l);
                let end = Day(*end, l);
                t!(
                    f,
                    l,
                    "{start} + {days} dagen = {raw}, een zaterdag, zondag of feestdag; volgens de Algemene termijnenwet loopt de termijn door tot {end}. Beide data worden getoond: de toepassing van de Atw is een interpretatie.",
                    "{start} + {days} days = {raw}, a Saturday, Sunday or holiday; under the General Time Limits Act the term runs on to {end}. Both dates are shown: applying the Act is an interpretation."
                )
            }
            M::ReceptionAzc { end, extension } => {
                let end = Day(*end, l);
                t!(
                    f,
                    l,
                    "De AZC-opvang eindigt met de vertrektermijn ({extension} dagen toegekende verlenging van het verblijf): {end}.",
                    "AZC reception ends with the departure term ({extension} days of granted stay extension): {end}."
                )
            }
            M::ReceptionVbl {
                since,
                weeks,
                extension,
                end,
            } => {
                let since = Day(*since, l);
                let end = Day(*end, l);
                t!(
                    f,
                    l,
                    "VBL sinds {since}, in beginsel {weeks} weken, plus {extension} dagen toegekende verlenging: {end}.",
                    "VBL since {since}, in principle {weeks} weeks, plus {extension} days of granted extension: {end}."
                )
            }
            M::NoReceptionTerm { setting } => t!(
                f,
                l,
                "In setting {setting} eindigt geen opvang door een wettelijke termijn.",
                "In setting {setting} no reception ends by a statutory term."
            ),
            M::NoSupportLimit { setting } => t!(
                f,
                l,
                "In setting {setting} bindt geen wettelijke termijn het traject: de regievoerder geeft de tijd die nodig is zolang de cliënt meewerkt.",
                "In setting {setting} no statutory term binds the trajectory: the regievoerder gives the time needed while the client cooperates."
            ),
            M::DetentionRegime {
                since,
                months,
                end,
                extra,
                extended_end,
            } => {
                let since = Day(*since, l);
                let end = Day(*end, l);
                let extended_end = Day(*extended_end, l);
                t!(
                    f,
                    l,
                    "In bewaring gelden de regels van de vreemdelingenbewaring, niet die van de opvang of de LVV. Bewaring sinds {since} duurt ten hoogste {months} maanden (tot {end}); als de cliënt niet meewerkt of documenten ontbreken kan zij met ten hoogste {extra} maanden worden verlengd (tot {extended_end}).",
                    "In detention the rules of immigration detention apply, not those of reception or the LVV. Detention since {since} lasts at most {months} months (until {end}); when the client does not cooperate or documents are missing it may be extended by at most {extra} months (until {extended_end})."
                )
            }
            M::DetentionRegimeUnknown => t!(
                f,
                l,
                "In bewaring gelden de regels van de vreemdelingenbewaring, niet die van de opvang of de LVV. Hoe lang de bewaring ten hoogste duurt is niet te zeggen: de dag waarop zij begon of de grens die toen gold is niet bekend.",
                "In detention the rules of immigration detention apply, not those of reception or the LVV. How long detention may last cannot be said: the day it began or the limit in force then is not known."
            ),
            M::Fits { planned, end } => {
                let (planned, end) = (Day(*planned, l), Day(*end, l));
                t!(
                    f,
                    l,
                    "Het geplande vertrek ({planned}) valt binnen de tijd die de cliënt heeft (tot en met {end}): deelname verstoort het vertrek niet.",
                    "The planned departure ({planned}) falls within the time the client has (up to {end}): participation does not disrupt the departure."
                )
            }
            M::FitOwnDiscretion { planned, end, days } => {
                let (planned, end) = (Day(*planned, l), Day(*end, l));
                t!(
                    f,
                    l,
                    "Het geplande vertrek ({planned}) valt na {end}, maar binnen de {days} dagen die de regievoerder het AZC-verblijf zelf mag verlengen: alleen met dat besluit past het vertrek.",
                    "The planned departure ({planned}) falls after {end}, but within the {days} days by which the regievoerder may extend the AZC stay herself: it fits only with that decision."
                )
            }
            M::FitFails { planned, end } => {
                let (planned, end) = (Day(*planned, l), Day(*end, l));
                t!(
                    f,
                    l,
                    "Het geplande vertrek ({planned}) valt na de tijd die de cliënt heeft ({end}): DT&V kan de verificatie intrekken, tenzij de ngo het vertrek binnen die termijn verwezenlijkt of er verlenging komt.",
                    "The planned departure ({planned}) falls after the time the client has ({end}): DT&V may withdraw the verification unless the NGO realises the departure within that term or an extension is granted."
                )
            }
            M::FitOpen { setting } => t!(
                f,
                l,
                "In setting {setting} bindt geen wettelijke termijn het vertrek: het geplande vertrek past, zolang de cliënt meewerkt.",
                "In setting {setting} no statutory term binds the departure: the planned departure fits while the client cooperates."
            ),
            M::FitUnknown { planned } => {
                let planned = Day(*planned, l);
                t!(
                    f,
                    l,
                    "Of het geplande vertrek ({planned}) past is niet te zeggen: het einde van de vertrektermijn of de opvang is niet bekend.",
                    "Whether the planned departure ({planned}) fits cannot be said: the end of the departure term or of reception is not known."
                )
            }
            M::FitNoPlan => t!(
                f,
                l,
                "Er is geen gepland vertrek vastgelegd.",
                "No planned departure is recorded."
            ),
            M::FitDeparted => t!(f, l, "De cliënt is vertrokken.", "The client has left."),
            M::FitDetained => t!(
                f,
                l,
                "In bewaring loopt geen traject: er is geen vertrek van de ngo te toetsen.",
                "In detention no trajectory runs: there is no departure by the NGO to check."
            ),
            M::NoSupportInDetention => t!(
                f,
                l,
                "In bewaring begeleidt de ngo niet naar zelfstandig vertrek: er loopt geen traject, er is geen maandrapportage verschuldigd en er wordt geen ondersteuning in natura gepland. De ngo mag belangen behartigen.",
                "In detention the NGO does not guide towards independent return: no trajectory runs, no monthly report is owed and no in-kind support is planned. The NGO may advocate."
            ),
            M::WarnDepartureDoesNotFit { planned, end } => {
                let (planned, end) = (Day(*planned, l), Day(*end, l));
                t!(
                    f,
                    l,
                    "Het geplande vertrek ({planned}) valt na {end}: DT&V kan de verificatie intrekken omdat deelname het vertrek verstoort. Vraag verlenging aan of vervroeg het vertrek.",
                    "The planned departure ({planned}) falls after {end}: DT&V may withdraw the verification because participation disrupts the departure. Ask for an extension or bring the departure forward."
                )
            }
            M::WarnDepartureNeedsOwnDiscretion { planned, end } => {
                let (planned, end) = (Day(*planned, l), Day(*end, l));
                t!(
                    f,
                    l,
                    "Het geplande vertrek ({planned}) valt na {end}: het past alleen als de regievoerder het AZC-verblijf verlengt (eigen discretionaire ruimte, na overleg in het LTO). Vraag dat tijdig aan.",
                    "The planned departure ({planned}) falls after {end}: it fits only if the regievoerder extends the AZC stay (her own discretion, after consulting the LTO). Ask in time."
                )
            }
            M::WarnTrajectorySuspended { started, since } => {
                let started = Day(*started, l);
                match since {
                    Some(since) => {
                        let since = Day(*since, l);
                        t!(
                            f,
                            l,
                            "Het traject van {started} is opgeschort: de cliënt zit sinds {since} in bewaring. Het wordt niet beëindigd en loopt weer zodra de bewaring eindigt, in de setting die dan wordt vastgelegd.",
                            "The trajectory of {started} is suspended: the client has been in detention since {since}. It is not ended and runs again once detention ends, in the setting recorded then."
                        )
                    }
                    None => t!(
                        f,
                        l,
                        "Het traject van {started} is opgeschort: de cliënt zit in bewaring. Het wordt niet beëindigd en loopt weer zodra de bewaring eindigt, in de setting die dan wordt vastgelegd.",
                        "The trajectory of {started} is suspended: the client is in detention. It is not ended and runs again once detention ends, in the setting recorded then."
                    ),
                }
            }
            M::SupportEnd { start, weeks, end } => {
                let start = Day(*start, l);
                let end = Day(*end, l);
                t!(
                    f,
                    l,
                    "Het Nederlandse deel van het traject moet binnen {weeks} weken na {start} af zijn: uiterlijk {end}.",
                    "The Dutch part of the trajectory must be complete within {weeks} weeks of {start}: by {end}."
                )
            }
            M::FewRefusals { refusals, threshold } => t!(
                f,
                l,
                "{refusals} keer geweigerd, minder dan {threshold}: nog zelfstandige terugkeer.",
                "Refused {refusals} times, fewer than {threshold}: still independent return."
            ),
            M::BorderNoReturnDecision { on } => {
                let on = Day(*on, l);
                t!(
                    f,
                    l,
                    "De asielaanvraag is op {on} afgewezen in de grensprocedure: sinds 12 juni 2026 is dat geen terugkeerbesluit. De vertrektermijn van art. 62 Vw loopt niet; de terugkeergrensprocedure geldt.",
                    "The asylum application was rejected on {on} in the border procedure: since 12 June 2026 that is no return decision. The departure term of art. 62 Vw does not run; the return border procedure applies."
                )
            }
            M::BorderWindow { rejected, weeks, end } => {
                let (rejected, end) = (Day(*rejected, l), Day(*end, l));
                t!(
                    f,
                    l,
                    "Terugkeergrensprocedure: ten hoogste {weeks} weken vanaf de afwijzing van {rejected}, tot en met {end}. Lukt de terugkeer daarin niet, dan volgt de procedure van de Terugkeerrichtlijn.",
                    "Return border procedure: at most {weeks} weeks from the rejection of {rejected}, up to and including {end}. If return does not succeed within it, the Return Directive procedure follows."
                )
            }
            M::BorderVoluntaryDeparture { on, days, end } => {
                let (on, end) = (Day(*on, l), Day(*end, l));
                t!(
                    f,
                    l,
                    "Het terugkeerbesluit van {on} geeft {days} dagen voor vrijwillig vertrek: tot en met {end}.",
                    "The return decision of {on} gives {days} days for voluntary departure: up to and including {end}."
                )
            }
            M::BorderNoReturnDecisionYet { max } => {
                t!(
                    f,
                    l,
                    "Het terugkeerbesluit van de terugkeergrensprocedure is niet vastgelegd: het einde van de termijn voor vrijwillig vertrek is onbekend.",
                    "The return decision of the return border procedure is not recorded: the end of the period for voluntary departure is unknown."
                )?;
                match max {
                    Some(m) => t!(
                        f,
                        l,
                        " Het besluit geeft ten hoogste {m} dagen.",
                        " The decision gives at most {m} days."
                    ),
                    None => Ok(()),
                }
            }
            M::BorderNoVoluntaryDeparture { on } => {
                let on = Day(*on, l);
                t!(
                    f,
                    l,
                    "Bij het terugkeerbesluit van {on} is geen termijn voor vrijwillig vertrek vastgelegd: het einde is onbekend. Het besluit mag er geen geven bij onderduikrisico, een kennelijk ongegronde afwijzing of een veiligheidsrisico.",
                    "No period for voluntary departure is recorded with the return decision of {on}: its end is unknown. The decision may give none where there is a risk of absconding, a manifestly unfounded rejection or a security risk."
                )
            }
            M::WarnVoluntaryDepartureEnded { end } => {
                let end = Day(*end, l);
                t!(
                    f,
                    l,
                    "De termijn voor vrijwillig vertrek is verstreken op {end} en de cliënt is niet vertrokken.",
                    "The period for voluntary departure ended on {end} and the client has not left."
                )
            }
            M::WarnVoluntaryDepartureOver { days, max } => t!(
                f,
                l,
                "Het terugkeerbesluit geeft {days} dagen voor vrijwillig vertrek; in de terugkeergrensprocedure is dat ten hoogste {max} dagen. Controleer het besluit.",
                "The return decision gives {days} days for voluntary departure; in the return border procedure that is at most {max} days. Check the decision."
            ),
            M::TippingCooperationUnknown {
                refusals,
                threshold,
                deportable,
            } => {
                t!(
                    f,
                    l,
                    "{refusals} keer geweigerd (drempel {threshold}): door het aantal weigeringen is het kantelpunt bereikt als de cliënt niet meewerkt. Of hij aantoonbaar meewerkt is niet vastgelegd; leg dat vast. ",
                    "Refused {refusals} times (threshold {threshold}): by the number of refusals the tipping point is reached if the client does not cooperate. Whether he demonstrably cooperates is not recorded; record it. "
                )?;
                match (deportable, l) {
                    (Some(true), Lang::Nl) => write!(
                        f,
                        "Werkt hij niet mee, dan gaat het dossier naar de AVIM (uitzetbaar)."
                    ),
                    (Some(true), Lang::En) => {
                        write!(f, "If he does not, the file goes to the AVIM (deportable).")
                    }
                    (Some(false), Lang::Nl) => write!(
                        f,
                        "Werkt hij niet mee, dan stopt de begeleiding (niet uitzetbaar)."
                    ),
                    (Some(false), Lang::En) => write!(f, "If he does not, guidance stops (not deportable)."),
                    (None, Lang::Nl) => write!(
                        f,
                        "Of het dossier dan naar de AVIM gaat of de begeleiding stopt, hangt af van de uitzetbaarheid, en die is onbekend."
                    ),
                    (None, Lang::En) => write!(
                        f,
                        "Whether the file then goes to the AVIM or guidance stops depends on deportability, which is unknown."
                    ),
                }
            }
            M::TippingConsequenceUnknown { refusals, threshold } => t!(
                f,
                l,
                "{refusals} keer geweigerd (drempel {threshold}) en werkt niet mee: het kantelpunt is bereikt. Open is alleen het gevolg: overdracht aan de AVIM (uitzetbaar) of einde van de begeleiding (niet uitzetbaar); de uitzetbaarheid is onbekend.",
                "Refused {refusals} times (threshold {threshold}) and not cooperating: the tipping point is reached. Only the consequence is open: hand-over to the AVIM (deportable) or end of guidance (not deportable); deportability is unknown."
            ),
            M::ForcedReturn { refusals, threshold } => t!(
                f,
                l,
                "{refusals} keer geweigerd (drempel {threshold}), werkt niet mee en is uitzetbaar: overdracht aan de AVIM; na toetsing door de HOvJ mogelijk bewaring.",
                "Refused {refusals} times (threshold {threshold}), not cooperating and deportable: handed to the AVIM; after the HOvJ's assessment possibly detention."
            ),
            M::GuidanceStops {
                refusals,
                threshold,
                state_reception,
            } => {
                if *state_reception {
                    t!(
                        f,
                        l,
                        "{refusals} keer geweigerd (drempel {threshold}), werkt niet mee en is niet uitzetbaar: de begeleiding stopt en de cliënt verliest de opvang; de vertrekplicht blijft.",
                        "Refused {refusals} times (threshold {threshold}), not cooperating and not deportable: guidance stops and the client loses reception; the duty to leave remains."
                    )
                } else {
                    t!(
                        f,
                        l,
                        "{refusals} keer geweigerd (drempel {threshold}), werkt niet mee en is niet uitzetbaar: de begeleiding stopt; de vertrekplicht blijft.",
                        "Refused {refusals} times (threshold {threshold}), not cooperating and not deportable: guidance stops; the duty to leave remains."
                    )
                }
            }
            M::Monitoring { departed, months } => {
                let departed = Day(*departed, l);
                t!(
                    f,
                    l,
                    "Vertrokken op {departed}: monitoring {months} kalendermaanden na vertrek (een niet-bestaande dag wordt de laatste dag van de maand).",
                    "Departed on {departed}: monitoring {months} calendar months after departure (a day that does not exist becomes the month's last day)."
                )
            }
            M::InKindWithin { amount, cap } => {
                let amount = crate::vocab::Written(*amount, l);
                let cap = crate::vocab::Written(*cap, l);
                t!(
                    f,
                    l,
                    "{amount} in natura, binnen het maximum van {cap}.",
                    "{amount} in kind, within the cap of {cap}."
                )
            }
            M::SchemeAmountUnknown { scheme } => {
                let (nl, en) = match *scheme {
                    "iom_avrr" => ("IOM AVRR-NL", "IOM AVRR-NL"),
                    "eurp" => (
                        "het EU-programma EURP (Frontex)",
                        "the EU programme EURP (Frontex)",
                    ),
                    _ => ("de subsidieregeling", "the subsidy scheme"),
                };
                t!(
                    f,
                    l,
                    "Het maximum in natura van {nl} staat voor deze datum niet in de gegevens (zie de bron): onbepaald. Een coördinator kan het met datum toevoegen op de pagina Beleid.",
                    "The in-kind cap of {en} is not in the data for this date (see the source): undetermined. A coordinator can add it with its date on the Policy page."
                )
            }
            M::InKindOver { amount, cap } => {
                let amount = crate::vocab::Written(*amount, l);
                let cap = crate::vocab::Written(*cap, l);
                t!(
                    f,
                    l,
                    "{amount} in natura is meer dan het maximum van {cap}.",
                    "{amount} in kind exceeds the cap of {cap}."
                )
            }
            M::HandreikingRegio { amount, max } => {
                let amount = crate::vocab::Written(*amount, l);
                let max = crate::vocab::Written(*max, l);
                t!(
                    f,
                    l,
                    "{amount} is niet meer dan {max}: de regio beslist; regievoerder, senior regievoerder en afdelingsmanager tekenen.",
                    "{amount} is not more than {max}: the region decides; regievoerder, senior regievoerder and afdelingsmanager sign."
                )
            }
            M::HandreikingDenHaag { amount, max } => {
                let amount = crate::vocab::Written(*amount, l);
                let max = crate::vocab::Written(*max, l);
                t!(
                    f,
                    l,
                    "{amount} is meer dan {max}: Den Haag beslist.",
                    "{amount} is more than {max}: Den Haag decides."
                )
            }
            M::DiscretionTermExtension { max } => t!(
                f,
                l,
                "Verlenging van de vertrektermijn: ten hoogste {max} dagen, alleen als de cliënt ervoor zorgt dat de reisdocumenten er (binnenkort) zijn; persoonlijk aan te vragen.",
                "Extension of the departure term: at most {max} days, only if the client makes sure travel documents are (soon) available; requested in person."
            ),
            M::DiscretionStayExtension { days, body, azc } => {
                if *azc {
                    t!(
                        f,
                        l,
                        "Verlenging van het AZC-verblijf tot {days} dagen: eigen ruimte van de regievoerder, na overleg met de afdelingsmanager en met instemming van het {body}; alleen als het vertrek binnen die tijd valt.",
                        "Extension of AZC stay up to {days} days: the regievoerder's own discretion, after consulting the afdelingsmanager and with the agreement of the {body}; only if departure falls within that time."
                    )
                } else {
                    t!(
                        f,
                        l,
                        "VBL korter of tot {days} dagen langer: de regievoerder met instemming van het {body} (langer als vertrek gerealiseerd kan worden of in zicht is).",
                        "VBL shorter, or up to {days} days longer: the regievoerder with the agreement of the {body} (longer when departure can be realised or is in sight)."
                    )
                }
            }
            M::DiscretionBeyond { days, body } => t!(
                f,
                l,
                "Meer dan {days} dagen extra: via de signaallijst naar het {body}, dat moet instemmen.",
                "More than {days} extra days: via the signaallijst to the {body}, which must agree."
            ),
            M::DiscretionGuidanceTime { setting } => t!(
                f,
                l,
                "In setting {setting} geven de wettelijke termijnen de begeleiding geen grens: de regievoerder geeft de tijd die nodig is zolang de cliënt meewerkt.",
                "In setting {setting} the statutory terms set no limit to guidance: the regievoerder gives the time needed while the client cooperates."
            ),
            M::WarnPlannedAfterSupportEnd { planned, end } => {
                let planned = Day(*planned, l);
                let end = Day(*end, l);
                t!(
                    f,
                    l,
                    "Het geplande vertrek ({planned}) ligt na het einde van het Nederlandse deel van het traject ({end}).",
                    "The planned departure ({planned}) lies after the end of the Dutch part of the trajectory ({end})."
                )
            }
            M::WarnPlannedAfterTermEnd { planned, end } => {
                let planned = Day(*planned, l);
                let end = Day(*end, l);
                t!(
                    f,
                    l,
                    "Het geplande vertrek ({planned}) ligt na het einde van de vertrektermijn ({end}).",
                    "The planned departure ({planned}) lies after the end of the departure term ({end})."
                )
            }
            M::WarnTermExpired { end } => {
                let end = Day(*end, l);
                t!(
                    f,
                    l,
                    "De vertrektermijn is verstreken op {end} en de cliënt is niet vertrokken.",
                    "The departure term expired on {end} and the client has not left."
                )
            }
            M::WarnReceptionEnded { end } => {
                let end = Day(*end, l);
                t!(
                    f,
                    l,
                    "De opvang is geëindigd op {end}.",
                    "Reception ended on {end}."
                )
            }
            M::WarnCashOver { cash, cap } => {
                let cash = crate::vocab::Written(*cash, l);
                let cap = crate::vocab::Written(*cap, l);
                t!(
                    f,
                    l,
                    "{cash} contant is meer dan het maximum van {cap}.",
                    "{cash} in cash exceeds the cap of {cap}."
                )
            }
            M::WarnCashCapUnknown { cash } => {
                let cash = crate::vocab::Written(*cash, l);
                t!(
                    f,
                    l,
                    "{cash} contant gepland, maar het maximum voor contanten is op deze datum onbekend.",
                    "{cash} in cash planned, but the cash cap is unknown on this date."
                )
            }
            M::WarnTippingPointNear {
                remaining,
                country_uncooperative,
            } => match (remaining, country_uncooperative) {
                (_, true) => t!(
                    f,
                    l,
                    "De cliënt werkt niet mee en het land werkt niet mee aan gedwongen terugkeer: het kantelpunt komt snel.",
                    "The client does not cooperate and the country does not cooperate with forced return: the tipping point comes quickly."
                ),
                (Some(r), false) => t!(
                    f,
                    l,
                    "Nog {r} weigering tot het kantelpunt naar gedwongen terugkeer of einde van de begeleiding.",
                    "{r} more refusal until the tipping point towards forced return or the end of guidance."
                ),
                (None, false) => t!(f, l, "Het kantelpunt is nabij.", "The tipping point is near."),
            },
            M::WarnExtensionCapped { asked, max } => t!(
                f,
                l,
                "Een verlenging van {asked} dagen is meer dan de wettelijke {max}: gerekend met {max} dagen.",
                "An extension of {asked} days exceeds the statutory {max}: {max} days were used."
            ),
            M::WarnDecisionNotAuthorised { index, days } => t!(
                f,
                l,
                "Beslissing {index} ({days} dagen verlenging) is niet genomen door wie daarover beslist en telt niet mee.",
                "Decision {index} ({days} days of extension) was not taken by those who decide it and does not count."
            ),
            M::WarnSignatureByWrongRole { role } => t!(
                f,
                l,
                "Een handtekening van {role} hoort niet bij deze goedkeuringsketen en telt niet mee.",
                "A signature by {role} does not belong to this approval chain and does not count."
            ),
            M::WarnStaleReference { note } => f.write_str(note),
            // Every other variant has a fixed text, written above.
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn days_in_messages_are_written_out() {
        let on = Date::parse("2016-05-02").unwrap();
        let end = Date::parse("2025-12-31").unwrap();
        assert_eq!(
            Msg::new(Lang::Nl, M::TargetGroupYes { on }).to_string(),
            "De asielaanvraag is afgewezen op 2 mei 2016: de cliënt hoort tot de doelgroep."
        );
        assert_eq!(
            Msg::new(Lang::En, M::TargetGroupYes { on }).to_string(),
            "The asylum application was rejected on 2 May 2016: the client belongs to the target group."
        );
        let expired = Msg::new(Lang::Nl, M::WarnTermExpired { end }).to_string();
        assert!(expired.contains("31 december 2025"), "{expired}");
        assert!(!expired.contains("2025-12-31"), "{expired}");
    }

    #[test]
    fn amounts_in_messages_are_written_as_people_write_them() {
        let m = |l| {
            Msg::new(
                l,
                M::InKindWithin {
                    amount: Cents(125_050),
                    cap: Cents(150_000),
                },
            )
            .to_string()
        };
        assert_eq!(
            m(Lang::Nl),
            "€ 1.250,50 in natura, binnen het maximum van € 1.500,00."
        );
        assert_eq!(m(Lang::En), "€1,250.50 in kind, within the cap of €1,500.00.");
        let minus = Msg::new(Lang::Nl, M::WarnCashCapUnknown { cash: Cents(-5) }).to_string();
        assert!(minus.contains("-€ 0,05"), "{minus}");
    }
}
