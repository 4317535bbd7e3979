//! Monitoring after return: the conversation at each moment (6 and 12 months after departure,
//! policy/monitoring.toml) recorded after the SVT monitoring framework 2015 (study Bijlage 3) — one of four
//! categories with success factors or reasons, the returnee's appreciation with motivation, what worked and
//! what did not, in person or by phone — and a **reintegration sustainability score** in the manner of IOM's
//! Reintegration Sustainability Survey (RSS): fifteen indicators, five in each of the economic, social and
//! psychosocial dimensions, each answered on a scale of 1 (worst) to 5 (best).
//!
//! Scoring (docs/monitoring.md lists every indicator): an answer `a` counts `(a − 1) × 250` per mille (1 → 0,
//! 5 → 1000); a dimension's score is the mean of its answered indicators, the composite the mean of the
//! dimensions that have one — each mean rounded half up to a whole per mille, in integers, so a score is the
//! same on every machine. IOM weighs its indicators by a principal-component analysis of its own survey
//! data; these equal weights are a documented simplification, so scores compare across projects and years
//! within terugkeer, not with IOM's published figures.

use serde::{Deserialize, Serialize};
use terugkeer_rules::Date;
use terugkeer_rules::problem::Problem;

use crate::client::InputError;

/// The SVT framework's four outcome categories (never a grade).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 1. The plan is fully realised; success factors were …
    FullyRealised,
    /// 2. Partly realised with good prospects; success factors were …
    PartlyGoodProspects,
    /// 3. Not realised because …, but good prospects because …
    NotRealisedGoodProspects,
    /// 4. Not realised because … and no good prospects because …
    NotRealisedNoProspects,
}

impl Category {
    /// Every category, in the framework's order.
    pub const ALL: [Category; 4] = [
        Category::FullyRealised,
        Category::PartlyGoodProspects,
        Category::NotRealisedGoodProspects,
        Category::NotRealisedNoProspects,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::FullyRealised => "fully_realised",
            Category::PartlyGoodProspects => "partly_good_prospects",
            Category::NotRealisedGoodProspects => "not_realised_good_prospects",
            Category::NotRealisedNoProspects => "not_realised_no_prospects",
        }
    }

    /// By stored name.
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Whether the plan was not realised (the framework then asks why, and about prospects).
    pub fn not_realised(self) -> bool {
        matches!(
            self,
            Category::NotRealisedGoodProspects | Category::NotRealisedNoProspects
        )
    }
}

/// The RSS's dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Income, work, debt, food, housing costs.
    Economic,
    /// Access to housing, health care, education, documents, safety services.
    Social,
    /// Belonging, networks, distress, safety, the wish to leave again.
    Psychosocial,
}

/// One indicator: its key, dimension and question (Dutch, English).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indicator {
    /// Stored key.
    pub key: &'static str,
    /// Its dimension.
    pub dimension: Dimension,
    /// The question, Dutch.
    pub nl: &'static str,
    /// The question, English.
    pub en: &'static str,
}

/// The fifteen indicators, after the RSS's themes (IOM, *Measuring sustainability of reintegration*, 2017).
pub const INDICATORS: [Indicator; 15] = [
    Indicator {
        key: "income_sources",
        dimension: Dimension::Economic,
        nl: "Heeft de teruggekeerde een vaste bron van inkomen?",
        en: "Does the returnee have a steady source of income?",
    },
    Indicator {
        key: "work",
        dimension: Dimension::Economic,
        nl: "Werkt de teruggekeerde (baan, eigen bedrijf, opleiding met uitzicht op werk)?",
        en: "Is the returnee working (job, own business, training leading to work)?",
    },
    Indicator {
        key: "debt",
        dimension: Dimension::Economic,
        nl: "Kan de teruggekeerde schulden aflossen zonder nieuwe aan te gaan?",
        en: "Can the returnee repay debts without new borrowing?",
    },
    Indicator {
        key: "food_security",
        dimension: Dimension::Economic,
        nl: "Heeft het huishouden genoeg te eten?",
        en: "Does the household have enough to eat?",
    },
    Indicator {
        key: "economic_satisfaction",
        dimension: Dimension::Economic,
        nl: "Hoe tevreden is de teruggekeerde over de eigen economische situatie?",
        en: "How satisfied is the returnee with their economic situation?",
    },
    Indicator {
        key: "housing",
        dimension: Dimension::Social,
        nl: "Heeft de teruggekeerde passende huisvesting?",
        en: "Does the returnee have adequate housing?",
    },
    Indicator {
        key: "health_care",
        dimension: Dimension::Social,
        nl: "Heeft de teruggekeerde toegang tot gezondheidszorg?",
        en: "Does the returnee have access to health care?",
    },
    Indicator {
        key: "education",
        dimension: Dimension::Social,
        nl: "Hebben de kinderen (of de teruggekeerde) toegang tot onderwijs?",
        en: "Do the children (or the returnee) have access to education?",
    },
    Indicator {
        key: "documents",
        dimension: Dimension::Social,
        nl: "Heeft de teruggekeerde de nodige identiteitsdocumenten?",
        en: "Does the returnee have the identity documents needed?",
    },
    Indicator {
        key: "public_services",
        dimension: Dimension::Social,
        nl: "Heeft de teruggekeerde toegang tot water, justitie en andere publieke voorzieningen?",
        en: "Does the returnee have access to water, justice and other public services?",
    },
    Indicator {
        key: "social_network",
        dimension: Dimension::Psychosocial,
        nl: "Heeft de teruggekeerde mensen om op terug te vallen?",
        en: "Does the returnee have people to rely on?",
    },
    Indicator {
        key: "participation",
        dimension: Dimension::Psychosocial,
        nl: "Neemt de teruggekeerde deel aan sociale activiteiten in de gemeenschap?",
        en: "Does the returnee take part in community activities?",
    },
    Indicator {
        key: "no_discrimination",
        dimension: Dimension::Psychosocial,
        nl: "Voelt de teruggekeerde zich geaccepteerd (geen discriminatie)?",
        en: "Does the returnee feel accepted (no discrimination)?",
    },
    Indicator {
        key: "wellbeing",
        dimension: Dimension::Psychosocial,
        nl: "Is de teruggekeerde vrij van ernstige psychische nood en voelt zich veilig?",
        en: "Is the returnee free of serious psychological distress and feeling safe?",
    },
    Indicator {
        key: "stay",
        dimension: Dimension::Psychosocial,
        nl: "Wil de teruggekeerde blijven (geen wens om opnieuw te vertrekken)?",
        en: "Does the returnee wish to stay (no wish to leave again)?",
    },
];

/// The conversation at one monitoring moment, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Visit {
    /// The moment: months after departure (6 or 12 in the built-in policy).
    pub months: u32,
    /// When the conversation was held.
    pub held_on: Date,
    /// In person (the framework's preference) or by phone.
    pub in_person: bool,
    /// The outcome category.
    pub category: Category,
    /// Success factors (categories 1, 2) or why the plan was not realised (3, 4).
    pub factors: String,
    /// For categories 3 and 4: why there are, or are not, good prospects.
    #[serde(default)]
    pub prospects: String,
    /// The returnee's appreciation of the project's and the organisation's contribution, 1–5.
    pub appreciation: u8,
    /// Its motivation.
    pub appreciation_motivation: String,
    /// What worked in the support.
    #[serde(default)]
    pub worked: String,
    /// What did not.
    #[serde(default)]
    pub not_worked: String,
    /// Answers to the indicators, 1–5, by key (unanswered ones left out).
    #[serde(default)]
    pub answers: Vec<(String, u8)>,
}

/// A score in per mille (0–1000), per dimension and overall; `None` where nothing was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Scores {
    /// Economic.
    pub economic: Option<u32>,
    /// Social.
    pub social: Option<u32>,
    /// Psychosocial.
    pub psychosocial: Option<u32>,
    /// The mean of the dimensions scored.
    pub composite: Option<u32>,
}

/// The mean of per-mille values rounded half up, `None` for none.
fn mean(values: &[u32]) -> Option<u32> {
    let n = u32::try_from(values.len()).ok().filter(|n| *n > 0)?;
    let sum: u32 = values.iter().sum();
    Some((2 * sum + n) / (2 * n))
}

impl Visit {
    /// The sustainability scores of its answers.
    pub fn scores(&self) -> Scores {
        let of = |d: Dimension| {
            let values: Vec<u32> = self
                .answers
                .iter()
                .filter(|(k, _)| INDICATORS.iter().any(|i| i.key == k && i.dimension == d))
                .map(|(_, a)| (u32::from(*a).saturating_sub(1)) * 250)
                .collect();
            mean(&values)
        };
        let (economic, social, psychosocial) = (
            of(Dimension::Economic),
            of(Dimension::Social),
            of(Dimension::Psychosocial),
        );
        let dims: Vec<u32> = [economic, social, psychosocial].into_iter().flatten().collect();
        Scores {
            economic,
            social,
            psychosocial,
            composite: mean(&dims),
        }
    }

    /// Checks a visit held after a departure on `departed` against the policy's `moments` (months after
    /// departure) on `today`; trims text. The error names the field.
    pub fn validate(mut self, departed: Date, moments: &[u32], today: Date) -> Result<Visit, InputError> {
        let err = |field: &'static str, message: Problem| Err(InputError::new(field, message));
        let plain = |id: &'static str| Problem::new(id);
        if !moments.contains(&self.months) {
            let months = moments.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
            return err(
                "months",
                Problem::new("problem-not-a-moment").with("months", months),
            );
        }
        if self.held_on < departed {
            return err(
                "held_on",
                Problem::new("problem-before-departure").with("day", departed),
            );
        }
        if self.held_on > today {
            return err("held_on", plain("problem-after-today"));
        }
        for (field, text) in [
            ("factors", &mut self.factors),
            ("prospects", &mut self.prospects),
            ("appreciation_motivation", &mut self.appreciation_motivation),
            ("worked", &mut self.worked),
            ("not_worked", &mut self.not_worked),
        ] {
            *text = text.trim().to_owned();
            if text.chars().count() > 2000 {
                return err(
                    field,
                    Problem::new("problem-at-most-characters").with("max", 2000u32),
                );
            }
        }
        if self.factors.is_empty() {
            return err(
                "factors",
                plain(if self.category.not_realised() {
                    "problem-name-why-not-realised"
                } else {
                    "problem-name-success-factors"
                }),
            );
        }
        if self.category.not_realised() && self.prospects.is_empty() {
            return err("prospects", plain("problem-say-prospects"));
        }
        if !(1..=5).contains(&self.appreciation) {
            return err("appreciation", plain("problem-one-to-five"));
        }
        if self.appreciation_motivation.is_empty() {
            return err(
                "appreciation_motivation",
                plain("problem-give-returnee-motivation"),
            );
        }
        let mut seen = Vec::new();
        for (key, a) in &self.answers {
            if !INDICATORS.iter().any(|i| i.key == key) {
                return err(
                    "answers",
                    Problem::new("problem-not-an-indicator").with("key", key.as_str()),
                );
            }
            if !(1..=5).contains(a) {
                return err(
                    "answers",
                    Problem::new("problem-answer-one-to-five").with("key", key.as_str()),
                );
            }
            if seen.contains(&key) {
                return err(
                    "answers",
                    Problem::new("problem-answered-twice").with("key", key.as_str()),
                );
            }
            seen.push(key);
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn visit() -> Visit {
        Visit {
            months: 6,
            held_on: d("2027-05-10"),
            in_person: false,
            category: Category::PartlyGoodProspects,
            factors: "winkel draait".into(),
            prospects: String::new(),
            appreciation: 4,
            appreciation_motivation: "goede begeleiding".into(),
            worked: String::new(),
            not_worked: String::new(),
            answers: vec![],
        }
    }

    /// Scores computed by hand: economic (5, 3) → (1000 + 500) / 2 = 750; social (2) → 250; psychosocial
    /// (4, 4, 3) → (750 + 750 + 500) / 3 = 666.67 → 667; composite (750 + 250 + 667) / 3 = 555.67 → 556.
    #[test]
    fn scores_by_hand() {
        let mut v = visit();
        v.answers = [
            ("income_sources", 5),
            ("debt", 3),
            ("housing", 2),
            ("social_network", 4),
            ("wellbeing", 4),
            ("stay", 3),
        ]
        .iter()
        .map(|(k, a)| ((*k).to_owned(), *a))
        .collect();
        assert_eq!(
            v.scores(),
            Scores {
                economic: Some(750),
                social: Some(250),
                psychosocial: Some(667),
                composite: Some(556)
            }
        );
        v.answers.retain(|(k, _)| k == "housing");
        assert_eq!(
            v.scores(),
            Scores {
                economic: None,
                social: Some(250),
                psychosocial: None,
                composite: Some(250)
            }
        );
        v.answers.clear();
        assert_eq!(v.scores(), Scores::default());
        assert_eq!(
            INDICATORS
                .iter()
                .filter(|i| i.dimension == Dimension::Social)
                .count(),
            5
        );
    }

    #[test]
    fn a_visit_is_checked_field_by_field() {
        let (departed, today) = (d("2026-11-10"), d("2027-06-01"));
        assert!(visit().validate(departed, &[6, 12], today).is_ok());
        let field = |v: Visit| v.validate(departed, &[6, 12], today).unwrap_err().field;
        assert_eq!(field(Visit { months: 9, ..visit() }), "months");
        assert_eq!(
            field(Visit {
                held_on: d("2026-11-01"),
                ..visit()
            }),
            "held_on"
        );
        assert_eq!(
            field(Visit {
                held_on: d("2027-06-02"),
                ..visit()
            }),
            "held_on"
        );
        assert_eq!(
            field(Visit {
                factors: " ".into(),
                ..visit()
            }),
            "factors"
        );
        assert_eq!(
            field(Visit {
                category: Category::NotRealisedNoProspects,
                ..visit()
            }),
            "prospects"
        );
        assert_eq!(
            field(Visit {
                appreciation: 6,
                ..visit()
            }),
            "appreciation"
        );
        assert_eq!(
            field(Visit {
                appreciation_motivation: String::new(),
                ..visit()
            }),
            "appreciation_motivation"
        );
        assert_eq!(
            field(Visit {
                answers: vec![("luck".into(), 3)],
                ..visit()
            }),
            "answers"
        );
        assert_eq!(
            field(Visit {
                answers: vec![("debt".into(), 0)],
                ..visit()
            }),
            "answers"
        );
        assert_eq!(
            field(Visit {
                answers: vec![("debt".into(), 2), ("debt".into(), 3)],
                ..visit()
            }),
            "answers"
        );
    }
}
