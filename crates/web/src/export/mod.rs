//! The documents the application writes for people and programs outside it — PDF, spreadsheets (CSV, XLSX)
//! and charts (SVG, and the same bars as PDF drawing) — one module per format, each a function from data to
//! bytes, with no request, session or store in sight. A feature gathers the data and names the document; the
//! format lives here.

pub mod chart;
pub mod pdf;
pub mod table;
