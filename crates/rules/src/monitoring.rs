//! Monitoring after return: fixed moments in calendar months after departure (SVT framework 2015), a day
//! that does not exist in the target month clamped to its last day.

use serde::Serialize;

use crate::date::Date;
use crate::deadlines::cited;
use crate::facts::Facts;
use crate::messages::{M, Msg};
use crate::policy::{ParamId as P, PolicyAt};
use crate::trace::{FactValue as F, Outcome, Recorder};
use crate::vocab::Lang;

/// The monitoring moments of a returnee.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Monitoring<'p> {
    /// The first moment (6 months after departure in the built-in policy).
    pub first_due: Option<Date>,
    /// The second moment (12 months).
    pub second_due: Option<Date>,
    /// Every moment in the policy, in order.
    pub moments: Vec<Date>,
    /// The citation.
    pub citation: &'p str,
    /// Why.
    pub reason: Msg,
}

/// The moments, or `None` before departure.
pub fn evaluate<'p, R: Recorder<'p>>(
    f: &Facts,
    p: &PolicyAt<'p>,
    rec: &mut R,
    lang: Lang,
) -> Option<Monitoring<'p>> {
    let departed = f.departed_on?;
    let months = p.months(P::MonitoringMonths);
    let moments: Vec<Date> = months
        .value
        .unwrap_or(&[])
        .iter()
        .map(|m| departed.add_months(*m as i32))
        .collect();
    let m = match months.value {
        Some(list) => M::Monitoring {
            departed,
            months: list.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", "),
        },
        None => M::NoRuleInForce,
    };
    if R::ON {
        let mut n = cited(
            lang,
            "monitoring",
            months.dated,
            Outcome::Date(moments.first().copied()),
            m.clone(),
        );
        n.facts.push(("departed_on", F::Date(Some(departed))));
        rec.push(n);
    }
    Some(Monitoring {
        first_due: moments.first().copied(),
        second_due: moments.get(1).copied(),
        citation: months.citation(),
        reason: Msg::new(lang, m),
        moments,
    })
}
