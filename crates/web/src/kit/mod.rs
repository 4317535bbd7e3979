//! The kit every feature stands on, and which imports no feature: the shared state, the extractors that turn a
//! request into a caller, the error types, page rendering, the words of both languages, form machinery, the
//! security primitives (cookies, hashes, the anti-forgery token), the session memory and the audit of reads.
//!
//! A feature folder (`clients/`, `verification/`, …) imports from here and from the store, domain and rules
//! crates; the kit never imports a feature (`docs/architecture.md`).

pub(crate) mod again;
pub(crate) mod blocking;
pub(crate) mod document;
pub mod error;
pub mod extract;
pub mod form;
pub mod i18n;
pub mod render;
pub mod security;
pub(crate) mod sessions;
pub mod state;
pub(crate) mod trace;
pub(crate) mod trail;
