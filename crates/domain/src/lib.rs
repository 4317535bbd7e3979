//! # terugkeer-domain
//!
//! What a case file holds — a client and the dated records of their case — and the one function that turns
//! it into the facts the rules engine assesses ([`facts::derive`]). Pure: no I/O, no database; the store
//! crate keeps these values, the web crate shows them.

#![deny(missing_docs)]

pub mod calendar;
pub mod client;
pub mod detention;
pub mod duplicates;
pub mod extension;
pub mod facts;
pub mod handout;
pub mod in_kind;
pub mod local_policy;
pub mod message;
pub mod progress;
pub mod project;
pub mod record;
pub mod reintegration;
pub mod summary;
pub mod verification;

pub use client::{Client, ClientInput};
pub use record::{Record, RecordKind};
