//! What is wrong with an input, as data: a message id of the message files (`crates/text/locales`) and its
//! arguments. The libraries never write the sentence themselves — the web and the command line render it in
//! the reader's language — so rewording a message cannot leave Dutch readers with English.

use std::fmt;

use crate::date::Date;

/// A refusal's message: which one, with what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The message id in the files (`problem-…`).
    pub id: &'static str,
    /// The named arguments, in the order the message was built.
    pub args: Vec<(&'static str, Arg)>,
}

/// One argument of a [`Problem`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text as the person typed or named it (a file name, a destination).
    Text(String),
    /// A whole number (plural rules choose by it).
    Number(i64),
    /// A day, written in the reader's form.
    Date(Date),
    /// An amount in euro cents, written in the reader's form.
    Cents(i64),
    /// A word of the interface by its key (a state, a role): translated before it is put in.
    Word(String),
    /// Words of the interface by their keys, translated and put in as a list.
    Words(Vec<String>),
}

impl Problem {
    /// The message `id` without arguments.
    pub fn new(id: &'static str) -> Problem {
        Problem { id, args: Vec::new() }
    }

    /// With the argument `name`.
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Problem {
        self.args.push((name, value.into()));
        self
    }

    /// The argument `name`, if given.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<Date> for Arg {
    fn from(d: Date) -> Arg {
        Arg::Date(d)
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(i32, i64, u32, u64, usize);

/// For logs and for the rare place without a reader's language (a panic message, a test's failure): the id
/// and the arguments, not a sentence.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)?;
        for (i, (name, arg)) in self.args.iter().enumerate() {
            f.write_str(if i == 0 { " (" } else { ", " })?;
            write!(f, "{name} = ")?;
            match arg {
                Arg::Text(s) | Arg::Word(s) => write!(f, "{s:?}")?,
                Arg::Number(n) | Arg::Cents(n) => write!(f, "{n}")?,
                Arg::Date(d) => write!(f, "{d}")?,
                Arg::Words(w) => write!(f, "{w:?}")?,
            }
        }
        if !self.args.is_empty() {
            f.write_str(")")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_kept_by_name() {
        let p = Problem::new("problem-longer-than")
            .with("max", 200u32)
            .with("text", "x");
        assert_eq!(p.arg("max"), Some(&Arg::Number(200)));
        assert_eq!(p.arg("nope"), None);
        assert_eq!(p.to_string(), "problem-longer-than (max = 200, text = \"x\")");
        assert_eq!(Problem::new("problem-required").to_string(), "problem-required");
    }
}
