//! The interface's words: the `terugkeer-text` crate (Fluent files, shared with the command line), seen from
//! the web crate under its old name.

pub use terugkeer_text::{FILES, FluentValue, Tr, ids};
