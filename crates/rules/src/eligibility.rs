//! May this client join a subsidised return project? The thresholds (drempelvoorwaarden) of domain.md,
//! each evaluated in full (never stopping at the first failure), so the explanation can say why every one
//! passed, failed, or could not be decided.

use crate::date::Date;
use crate::facts::{DtvVerification, Facts};
use crate::messages::{M, Msg};
use crate::policy::{NO_RULE_IN_FORCE, ParamId as P, PolicyAt};
use crate::trace::{DecidedBy, FactValue as F, Few, Node, Outcome, Recorder, used};
use crate::vocab::{Country, EntryBan, Lang};

/// The eight thresholds, in the contract's order and with its ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    /// An ex-asylum seeker whose application was rejected.
    TargetGroup,
    /// No residence procedure (nor asylum appeal) pending.
    ProcedurePending,
    /// Country of origin not excluded (or, under the inclusion rule, included).
    ExcludedCountry,
    /// No criminal prosecution or antecedents.
    CriminalRecord,
    /// No heavy entry ban.
    HeavyEntryBan,
    /// Not excluded under article 1F.
    Article1f,
    /// Not supported by such a project in the look-back period.
    PreviousSupport,
    /// Not already participating.
    AlreadyParticipating,
}

impl Threshold {
    /// All thresholds in contract order.
    pub const ALL: [Threshold; 8] = [
        Threshold::TargetGroup,
        Threshold::ProcedurePending,
        Threshold::ExcludedCountry,
        Threshold::CriminalRecord,
        Threshold::HeavyEntryBan,
        Threshold::Article1f,
        Threshold::PreviousSupport,
        Threshold::AlreadyParticipating,
    ];

    /// The contract's id.
    pub fn id(self) -> &'static str {
        match self {
            Threshold::TargetGroup => "target_group",
            Threshold::ProcedurePending => "procedure_pending",
            Threshold::ExcludedCountry => "excluded_country",
            Threshold::CriminalRecord => "criminal_record",
            Threshold::HeavyEntryBan => "heavy_entry_ban",
            Threshold::Article1f => "article_1f",
            Threshold::PreviousSupport => "previous_support",
            Threshold::AlreadyParticipating => "already_participating",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl Verdict {
    /// Whose outcome this is: `dtv` once DT&V's answer to the verification form is an input, else
    /// `organisation` (the organisation's own indication).
    pub fn source(&self) -> &'static str {
        if self.verified { "dtv" } else { "organisation" }
    }
}

/// A set of thresholds as a bit mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Set(pub u8);

impl Set {
    /// Whether the set holds a threshold.
    pub fn contains(self, t: Threshold) -> bool {
        self.0 & t.bit() != 0
    }

    /// The thresholds in the set, in contract order.
    pub fn iter(self) -> impl Iterator<Item = Threshold> {
        Threshold::ALL
            .into_iter()
            .filter(move |t| self.contains(t.to_owned()))
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// The verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// Eligible (true), not (false), or undetermined (`None`: no threshold failed, but one could not be
    /// decided).
    pub eligible: Option<bool>,
    /// The failed thresholds.
    pub failed: Set,
    /// The thresholds that could not be decided.
    pub undetermined: Set,
    /// Of the undetermined thresholds, those the public criteria give a likely outcome for.
    pub indicated: Set,
    /// The likely verdict, counting those indications: `Some(false)` when a threshold failed or is likely
    /// to fail, `Some(true)` when every threshold passed or is likely to, `None` otherwise. Never a
    /// decision: `eligible` is.
    pub indication: Option<bool>,
    /// The thresholds DT&V decided on the verification form.
    pub by_dtv: Set,
    /// Whether DT&V's answer to the verification form was an input (else the outcome is the organisation's
    /// own indication).
    pub verified: bool,
}

struct Acc<'a, 'p, R> {
    p: &'a PolicyAt<'p>,
    v: Option<&'a DtvVerification>,
    rec: &'a mut R,
    lang: Lang,
    failed: u8,
    undetermined: u8,
    indicated: u8,
    likely_fail: u8,
    by_dtv: u8,
}

impl<'p, R: Recorder<'p>> Acc<'_, 'p, R> {
    /// Records one threshold. `rule` is the threshold's rule parameter: when no value is in force the
    /// threshold is undetermined; when it is declared not in force (false) it passes without being applied.
    /// DT&V's verdict on the threshold, when given, decides it. `indication` is the likely outcome by the
    /// public criteria, kept only while the threshold is undetermined.
    #[inline]
    fn check(
        &mut self,
        t: Threshold,
        rule: P,
        outcome: Option<bool>,
        indication: Option<bool>,
        build: impl FnOnce(&mut Node<'p>) -> M,
    ) {
        // A rule parameter says whether the threshold is in force; any other parameter (the country rule)
        // puts it in force by having a value.
        let dated = self.p.dated(rule);
        let in_force = match self.p.flag(rule).value {
            Some(b) => Some(b),
            None => dated.and_then(|d| d.value.as_ref()).map(|_| true),
        };
        let dtv = self.v.and_then(|v| v.verdicts.get(t));
        let outcome = match (dtv, in_force) {
            (Some(verdict), _) => Some(verdict),
            (None, Some(true)) => outcome,
            (None, Some(false)) => Some(true),
            (None, None) => None,
        };
        let indication = if outcome.is_none() { indication } else { None };
        match outcome {
            Some(false) => self.failed |= t.bit(),
            None => self.undetermined |= t.bit(),
            Some(true) => {}
        }
        if dtv.is_some() {
            self.by_dtv |= t.bit();
        }
        if let Some(likely) = indication {
            self.indicated |= t.bit();
            if !likely {
                self.likely_fail |= t.bit();
            }
        }
        if R::ON {
            let mut node = Node {
                rule: t.id(),
                citation: dated.map_or(NO_RULE_IN_FORCE, |d| d.citation.as_str()),
                outcome: Outcome::Check(outcome),
                reason: Msg::new(self.lang, M::NoRuleInForce),
                facts: Few::new(),
                policy: Few::new(),
                decided_by: DecidedBy::Engine,
                indication,
            };
            used(&mut node.policy, dated);
            let m = build(&mut node);
            node.reason = Msg::new(
                self.lang,
                match in_force {
                    Some(true) => m,
                    Some(false) => M::RuleNotInForce,
                    None => M::NoRuleInForce,
                },
            );
            if let (Some(passed), Some(v)) = (dtv, self.v) {
                // DT&V decided: its verification step is the rule; the threshold's own rule stays beside it.
                let step = self.p.dated(P::DtvVerification);
                node.citation = step.map_or(NO_RULE_IN_FORCE, |d| d.citation.as_str());
                node.decided_by = DecidedBy::Dtv;
                node.policy = Few::new();
                used(&mut node.policy, step);
                used(&mut node.policy, dated);
                node.reason = Msg::new(
                    self.lang,
                    M::DecidedByDtv {
                        passed,
                        on: v.decided_on,
                        by: v.by.trim().to_owned(),
                    },
                );
            }
            self.rec.push(node);
        }
    }
}

/// Evaluates every threshold.
pub fn evaluate<'p, R: Recorder<'p>>(f: &Facts, p: &PolicyAt<'p>, rec: &mut R, lang: Lang) -> Verdict {
    let mut a = Acc {
        p,
        v: f.verification.as_ref(),
        rec,
        lang,
        failed: 0,
        undetermined: 0,
        indicated: 0,
        likely_fail: 0,
        by_dtv: 0,
    };

    // 1. Target group: a rejected asylum application.
    a.check(
        Threshold::TargetGroup,
        P::ThresholdTargetGroup,
        Some(f.asylum_rejected_on.is_some()),
        None,
        |n| {
            n.facts
                .push(("asylum_rejected_on", F::Date(f.asylum_rejected_on)));
            match f.asylum_rejected_on {
                Some(on) => M::TargetGroupYes { on },
                None => M::TargetGroupNo,
            }
        },
    );

    // 2. No procedure pending: neither another residence procedure nor the asylum appeal itself.
    let appeal_pending = f.appeal.filter(|ap| ap.finally_rejected_on.is_none());
    let pending = if appeal_pending.is_some() {
        Some(false)
    } else {
        f.other_procedure_pending.map(|b| !b)
    };
    a.check(
        Threshold::ProcedurePending,
        P::ThresholdProcedurePending,
        pending,
        None,
        |n| {
            n.facts
                .push(("other_procedure_pending", F::Bool(f.other_procedure_pending)));
            n.facts.push((
                "appeal.finally_rejected_on",
                F::Date(f.appeal.and_then(|ap| ap.finally_rejected_on)),
            ));
            match (appeal_pending, f.other_procedure_pending) {
                (Some(ap), _) => M::AppealPending {
                    lodged_on: ap.lodged_on,
                },
                (None, Some(true)) => M::OtherProcedurePending,
                (None, Some(false)) => M::NoProcedurePending,
                (None, None) => M::Unknown {
                    fact: "other_procedure_pending",
                },
            }
        },
    );

    // 3. Country of origin.
    let (country_ok, country_why) = country(f, p);
    let indication = match country_why {
        Why::Criteria { likely, .. } => Some(likely),
        _ => None,
    };
    a.check(
        Threshold::ExcludedCountry,
        P::CountryRule,
        country_ok,
        indication,
        |n| {
            n.facts.push(("country", F::Country(f.country)));
            n.facts.push(("dublin_claimant", F::Bool(f.dublin_claimant)));
            for id in [
                P::ExcludedCountries,
                P::ExcludedCountriesDublinOnly,
                P::IncludedCountries,
            ] {
                let consult = match p.text(P::CountryRule).value {
                    Some("inclusion_list") => id != P::ExcludedCountriesDublinOnly,
                    _ => id != P::IncludedCountries,
                };
                if consult {
                    used(&mut n.policy, p.dated(id));
                }
            }
            if let Why::Criteria { .. } = country_why {
                for id in [
                    P::DacRecipients,
                    P::VisaRequiredCountries,
                    P::VisaPassportExceptions,
                ] {
                    used(&mut n.policy, p.dated(id));
                }
            }
            country_why.msg(f.country)
        },
    );

    // 4. Criminal record.
    a.check(
        Threshold::CriminalRecord,
        P::ThresholdCriminalRecord,
        f.criminal_record.map(|b| !b),
        None,
        |n| {
            n.facts.push(("criminal_record", F::Bool(f.criminal_record)));
            match f.criminal_record {
                Some(true) => M::CriminalRecordYes,
                Some(false) => M::CriminalRecordNo,
                None => M::Unknown {
                    fact: "criminal_record",
                },
            }
        },
    );

    // 5. Heavy entry ban.
    a.check(
        Threshold::HeavyEntryBan,
        P::ThresholdHeavyEntryBan,
        f.entry_ban.map(|b| b != EntryBan::Heavy),
        None,
        |n| {
            n.facts.push((
                "entry_ban",
                f.entry_ban.map_or(F::Bool(None), |b| F::Text(b.as_str())),
            ));
            match f.entry_ban {
                Some(EntryBan::Heavy) => M::HeavyEntryBan,
                Some(b) => M::NoHeavyEntryBan { ban: b.as_str() },
                None => M::Unknown { fact: "entry_ban" },
            }
        },
    );

    // 6. Article 1F.
    a.check(
        Threshold::Article1f,
        P::ThresholdArticle1f,
        f.article_1f.map(|b| !b),
        None,
        |n| {
            n.facts.push(("article_1f", F::Bool(f.article_1f)));
            match f.article_1f {
                Some(true) => M::Article1fYes,
                Some(false) => M::Article1fNo,
                None => M::Unknown { fact: "article_1f" },
            }
        },
    );

    // 7. Previous support within the look-back period ("in the last five years" = on or after as_of − 5 years).
    let years = p.int(P::PreviousSupportYears);
    // Only computed when there was earlier support: month arithmetic is the costliest step of the batch path.
    let cutoff: Option<Date> = match f.previously_supported_on {
        Some(_) => years.value.map(|y| p.day.add_years(-(y as i32))),
        None => None,
    };
    let prev_ok = match (f.previously_supported_on, cutoff) {
        (None, _) => Some(true),
        (Some(on), Some(c)) => Some(on < c),
        (Some(_), None) => None,
    };
    a.check(
        Threshold::PreviousSupport,
        P::PreviousSupportYears,
        prev_ok,
        None,
        |n| {
            n.facts
                .push(("previously_supported_on", F::Date(f.previously_supported_on)));
            match (f.previously_supported_on, cutoff) {
                (None, _) => M::NeverSupported,
                (Some(on), Some(cutoff)) if on >= cutoff => M::SupportedRecently { on, cutoff },
                (Some(on), Some(cutoff)) => M::SupportedLongAgo { on, cutoff },
                (Some(_), None) => M::NoRuleInForce,
            }
        },
    );

    // 8. Already participating.
    a.check(
        Threshold::AlreadyParticipating,
        P::ThresholdAlreadyParticipating,
        f.currently_participating.map(|b| !b),
        None,
        |n| {
            n.facts
                .push(("currently_participating", F::Bool(f.currently_participating)));
            match f.currently_participating {
                Some(true) => M::ParticipatingYes,
                Some(false) => M::ParticipatingNo,
                None => M::Unknown {
                    fact: "currently_participating",
                },
            }
        },
    );

    let eligible = if a.failed != 0 {
        Some(false)
    } else if a.undetermined != 0 {
        None
    } else {
        Some(true)
    };
    let indication = if a.failed != 0 || a.likely_fail != 0 {
        Some(false)
    } else if a.undetermined & !a.indicated == 0 {
        Some(true)
    } else {
        None
    };
    Verdict {
        eligible,
        failed: Set(a.failed),
        undetermined: Set(a.undetermined),
        indicated: Set(a.indicated),
        indication,
        by_dtv: Set(a.by_dtv),
        verified: f.verification.is_some(),
    }
}

/// The country threshold: under the 2016 rule, not on the exclusion list (nor, for a Dublin claimant, on the
/// Dublin-only list); under the inclusion rule, on the inclusion list and not excluded for abuse. A list
/// that the policy declares unknown makes the check undetermined.
fn country(f: &Facts, p: &PolicyAt<'_>) -> (Option<bool>, Why) {
    let c = f.country;
    match p.text(P::CountryRule).value {
        Some("excluded_list") => {
            let Some(excluded) = p.countries(P::ExcludedCountries).value else {
                return (None, Why::ListUnknown);
            };
            if excluded.contains(c) {
                return (Some(false), Why::Excluded);
            }
            match p.countries(P::ExcludedCountriesDublinOnly).value {
                Some(dublin) if dublin.contains(c) => match f.dublin_claimant {
                    Some(true) => (Some(false), Why::ExcludedForDublin),
                    Some(false) => (Some(true), Why::DublinOnlyNotDublin),
                    None => (None, Why::DublinUnknown),
                },
                Some(_) => (Some(true), Why::NotExcluded),
                None => (None, Why::ListUnknown),
            }
        }
        Some("inclusion_list") => {
            let abuse = p.countries(P::ExcludedCountries).value;
            let Some(included) = p.countries(P::IncludedCountries).value else {
                // No official list loaded: a nationality DT&V excludes still fails; otherwise the public
                // criteria (OECD-DAC and the EU visa list) give a likely outcome, never a decision.
                if abuse.is_some_and(|x| x.contains(c)) {
                    return (Some(false), Why::Excluded);
                }
                let dac = p.countries(P::DacRecipients).value;
                let visa = p.countries(P::VisaRequiredCountries).value;
                return match (dac, visa) {
                    (Some(dac), Some(visa)) => (
                        None,
                        Why::Criteria {
                            likely: dac.contains(c) && visa.contains(c),
                            developing: dac.contains(c),
                            passport_exception: p
                                .countries(P::VisaPassportExceptions)
                                .value
                                .is_some_and(|x| x.contains(c)),
                        },
                    ),
                    _ => (None, Why::ListUnknown),
                };
            };
            if !included.contains(c) {
                return (Some(false), Why::NotIncluded);
            }
            match abuse {
                Some(abuse) if abuse.contains(c) => (Some(false), Why::Excluded),
                Some(_) => (Some(true), Why::Included),
                None => (None, Why::ListUnknown),
            }
        }
        _ => (None, Why::NoRule),
    }
}

/// Why the country check came out as it did; a message only when a trace is kept (the batch path builds
/// none).
#[derive(Debug, Clone, Copy)]
enum Why {
    ListUnknown,
    Excluded,
    ExcludedForDublin,
    DublinOnlyNotDublin,
    DublinUnknown,
    NotExcluded,
    NotIncluded,
    Included,
    /// No official list: the public criteria's indication.
    Criteria {
        likely: bool,
        developing: bool,
        passport_exception: bool,
    },
    NoRule,
}

impl Why {
    fn msg(self, country: Country) -> M {
        match self {
            Why::ListUnknown => M::CountryListUnknown { country },
            Why::Excluded => M::CountryExcluded { country },
            Why::ExcludedForDublin => M::CountryExcludedForDublin { country },
            Why::DublinOnlyNotDublin => M::CountryDublinOnlyNotDublin { country },
            Why::DublinUnknown => M::Unknown {
                fact: "dublin_claimant",
            },
            Why::NotExcluded => M::CountryNotExcluded { country },
            Why::NotIncluded => M::CountryNotIncluded { country },
            Why::Included => M::CountryIncluded { country },
            Why::Criteria {
                likely,
                developing,
                passport_exception,
            } => M::CountryIndicated {
                country,
                likely,
                developing,
                passport_exception,
            },
            Why::NoRule => M::NoRuleInForce,
        }
    }
}
