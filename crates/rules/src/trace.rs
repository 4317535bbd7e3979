//! The trace: for every conclusion, the rule, its citation, the facts and the policy values (each with its
//! own date and citation) it used, and the outcome with a reason that can be read by people.
//!
//! Evaluators are generic over a [`Recorder`]. The full assessment records every node; the batch path uses
//! [`NoTrace`], whose `ON = false` lets the compiler remove all recording, so both paths run the very same
//! rule code (no second copy of a rule for speed).

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::date::Date;
use crate::messages::Msg;
use crate::policy::{Dated, Value};
use crate::vocab::{Cents, Country};

/// A fact as the trace shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FactValue {
    /// A yes/no fact; `None` is unknown.
    Bool(Option<bool>),
    /// A date; `None` is "none".
    Date(Option<Date>),
    /// A count or number of days.
    Int(u32),
    /// A choice.
    Text(&'static str),
    /// A country.
    Country(Country),
    /// An amount.
    Money(Cents),
}

impl Serialize for FactValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FactValue::Bool(b) => b.serialize(s),
            FactValue::Date(d) => d.serialize(s),
            FactValue::Int(n) => s.serialize_u32(*n),
            FactValue::Text(t) => s.serialize_str(t),
            FactValue::Country(c) => c.serialize(s),
            FactValue::Money(c) => s.serialize_f64(c.eur()),
        }
    }
}

/// A short list held inline: trace nodes use a handful of facts and policy values each, and a node per
/// rule per case would otherwise cost two allocations. Pushing past the capacity is a programming error:
/// it asserts in debug builds (every path runs in the tests) and drops the item in release builds.
#[derive(Debug, Clone, Copy)]
pub struct Few<T: Copy, const N: usize> {
    items: [Option<T>; N],
    len: usize,
}

impl<T: Copy, const N: usize> Few<T, N> {
    /// An empty list.
    pub const fn new() -> Self {
        Few {
            items: [None; N],
            len: 0,
        }
    }

    /// Adds an item.
    #[inline]
    pub fn push(&mut self, t: T) {
        debug_assert!(self.len < N, "Few<_, {N}> overflow");
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = Some(t);
            self.len += 1;
        }
    }

    /// The items in order.
    #[inline]
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.items.iter().flatten()
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl<T: Copy, const N: usize> Default for Few<T, N> {
    fn default() -> Self {
        Few::new()
    }
}

/// The facts a node used.
pub type FactsUsed = Few<(&'static str, FactValue), 6>;
/// The policy values a node used.
pub type PolicyRefs<'p> = Few<&'p Dated, 6>;

/// What a node concluded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    /// A threshold: passed, failed, or undetermined (`None`).
    Check(Option<bool>),
    /// A date, or none.
    Date(Option<Date>),
    /// A status or choice.
    Text(&'static str),
    /// Nothing beyond the reason.
    Note,
}

/// Who decided a check: the engine from the facts and the policy, or DT&V on the verification form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecidedBy {
    /// Derived by the rules from the organisation's facts: the organisation's own indication until DT&V
    /// has answered.
    #[default]
    Engine,
    /// DT&V's verdict on the verification form.
    Dtv,
}

impl DecidedBy {
    /// The contract's name.
    pub fn as_str(self) -> &'static str {
        match self {
            DecidedBy::Engine => "engine",
            DecidedBy::Dtv => "dtv",
        }
    }
}

/// One step of reasoning.
#[derive(Debug, Clone)]
pub struct Node<'p> {
    /// The rule's id (the contract's threshold ids for eligibility checks).
    pub rule: &'static str,
    /// The rule's citation as in force on the day.
    pub citation: &'p str,
    /// The conclusion.
    pub outcome: Outcome,
    /// Why, in words.
    pub reason: Msg,
    /// The facts used.
    pub facts: FactsUsed,
    /// The policy values used.
    pub policy: PolicyRefs<'p>,
    /// For checks: who decided it.
    pub decided_by: DecidedBy,
    /// For undetermined checks: the likely outcome by the public criteria (the country threshold), if any.
    pub indication: Option<bool>,
}

impl Node<'_> {
    /// For checks: passed (`Some(true)`), failed, or undetermined (`None`).
    pub fn passed(&self) -> Option<bool> {
        match self.outcome {
            Outcome::Check(p) => p,
            _ => None,
        }
    }
}

/// Collects trace nodes, or not.
pub trait Recorder<'p> {
    /// Whether nodes are kept; evaluators build nodes only when true.
    const ON: bool;
    /// Keeps a node.
    fn push(&mut self, node: Node<'p>);
}

/// Keeps nothing: the batch path.
pub struct NoTrace;

impl<'p> Recorder<'p> for NoTrace {
    const ON: bool = false;
    #[inline]
    fn push(&mut self, _: Node<'p>) {}
}

impl<'p> Recorder<'p> for Vec<Node<'p>> {
    const ON: bool = true;
    #[inline]
    fn push(&mut self, node: Node<'p>) {
        Vec::push(self, node);
    }
}

struct Facts<'a>(&'a FactsUsed);

impl Serialize for Facts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0.iter() {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A policy value as the trace shows it: parameter, start date, value, citation, confidence.
pub struct PolicyUsed<'a>(pub &'a Dated);

impl Serialize for PolicyUsed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut m = s.serialize_struct("PolicyUsed", 5)?;
        m.serialize_field("param", d.param.key())?;
        m.serialize_field("from", &d.from)?;
        m.serialize_field("value", &ValueJson(d.value.as_ref()))?;
        m.serialize_field("citation", &d.citation)?;
        m.serialize_field("confidence", &d.confidence)?;
        m.end()
    }
}

/// A policy value in JSON: numbers as numbers, money in euros, lists summarised (a trace does not repeat a
/// country list of a hundred codes for every case; `terugkeer policy show` prints it whole).
pub struct ValueJson<'a>(pub Option<&'a Value>);

impl Serialize for ValueJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            None => s.serialize_str("unknown"),
            Some(Value::Int(n)) => s.serialize_u32(*n),
            Some(Value::Money(c)) => s.serialize_f64(c.eur()),
            Some(Value::Bool(b)) => s.serialize_bool(*b),
            Some(Value::Text(t)) => s.serialize_str(t),
            Some(Value::Countries(c)) => s.collect_str(&format_args!("{} countries", c.len())),
            Some(Value::Months(m)) => m.serialize(s),
            Some(Value::Holidays(h)) => s.collect_str(&format_args!("{} holidays", h.rules().len())),
            Some(Value::Roles(r)) => r.serialize(s),
            Some(Value::Procedures(p)) => p.serialize(s),
        }
    }
}

impl Serialize for Node<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Node", 6)?;
        m.serialize_field("rule", self.rule)?;
        match self.outcome {
            Outcome::Check(p) => {
                m.serialize_field("passed", &p)?;
                m.serialize_field("decided_by", self.decided_by.as_str())?;
                m.serialize_field("indication", &self.indication)?;
            }
            Outcome::Date(d) => m.serialize_field("value", &d)?,
            Outcome::Text(t) => m.serialize_field("value", t)?,
            Outcome::Note => m.skip_field("value")?,
        }
        m.serialize_field("citation", self.citation)?;
        m.serialize_field("reason", &self.reason)?;
        m.serialize_field("facts", &Facts(&self.facts))?;
        m.serialize_field("policy", &PoliciesUsed(&self.policy))?;
        m.end()
    }
}

/// Policy values as references `param@from`; each assessment lists the full values (with citations) once,
/// in `policy_used`, so a trace does not repeat long citations in every node.
pub struct PoliciesUsed<'a, 'p>(pub &'a PolicyRefs<'p>);

impl Serialize for PoliciesUsed<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|d| PolicyKey(d)))
    }
}

/// A policy value's reference: `param@from`.
pub struct PolicyKey<'a>(pub &'a Dated);

impl std::fmt::Display for PolicyKey<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}@{}", self.0.param.key(), self.0.from)
    }
}

impl Serialize for PolicyKey<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Pushes a dated value into a list of policy values used, if one was in force.
#[inline]
pub fn used<'p>(list: &mut PolicyRefs<'p>, d: Option<&'p Dated>) {
    if let Some(d) = d {
        list.push(d);
    }
}
