//! # terugkeer-rules
//!
//! The rules engine of terugkeer: the facts of a case, the policy in force on a day, and the assessment —
//! eligibility for a subsidised return project, the deadlines that bind the trajectory, who may decide what,
//! the tipping point towards forced return, the money limits and the monitoring moments — each conclusion
//! with the rule it came from and that rule's legal citation.
//!
//! Pure by design: no I/O, no database, no async, no clock. Time enters as `as_of`; policy enters as text
//! (see [`fn@policy::load`]). Every number or list from law or policy lives in the `policy/` files, never here.

#![deny(missing_docs)]

pub mod assess;
pub mod date;
pub mod deadlines;
pub mod discretion;
pub mod eligibility;
pub mod explain;
pub mod facts;
pub mod impact;
pub mod json;
pub mod messages;
pub mod money;
pub mod monitoring;
pub mod policy;
pub mod problem;
pub mod tipping_point;
pub mod trace;
pub mod vocab;

pub use assess::{Assessment, Core, assess, assess_at, core};
pub use date::Date;
pub use eligibility::Threshold;
pub use facts::{Facts, FactsError};
pub use policy::{Policy, PolicyAt, PolicyError};
pub use problem::{Arg, Problem};
pub use vocab::Lang;
