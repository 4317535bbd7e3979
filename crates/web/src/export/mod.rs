//! The files the application writes for programs and spreadsheets outside it — spreadsheets (CSV, XLSX) and
//! charts (SVG) — one module per format, each a function from data to bytes, with no request, session or
//! store in sight. A feature gathers the data and names the file; the format lives here. Printed documents
//! (PDF) are the `terugkeer-documents` crate's: typst templates with embedded fonts, run through
//! `kit::document`.

pub mod chart;
pub mod table;
