//! `terugkeer policy show|check|diff`.

use std::io::Write;
use std::path::Path;

use terugkeer_rules::policy::Dated;
use terugkeer_rules::{Date, Lang, Policy};

use crate::Failure;

fn value(d: &Dated, l: Lang) -> String {
    d.value.as_ref().map_or_else(
        || {
            l.pick("onbekend (niet in deze gegevens)", "unknown (not in this data)")
                .to_owned()
        },
        |v| v.display(l),
    )
}

/// Prints every parameter in force on `day` with its value, start date, citation and confidence.
pub fn show(policy: &Policy, day: Date, l: Lang) -> Result<(), Failure> {
    let at = policy.at(day).map_err(|e| Failure::Invalid(e.to_string()))?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} {day} ({} {}; policy hash {})",
        l.pick("Beleid van kracht op", "Policy in force on"),
        l.pick("versie vanaf", "version from"),
        at.version,
        policy.hash()
    )?;
    for p in policy.params() {
        writeln!(out, "\n{} — {}", p.id.key(), l.pick(&p.nl, &p.en))?;
        match at.dated(p.id) {
            None => writeln!(
                out,
                "  {}",
                l.pick(
                    "geen regel van kracht op deze dag",
                    "no rule in force on this day"
                )
            )?,
            Some(d) => {
                writeln!(out, "  {}: {}", l.pick("waarde", "value"), value(d, l))?;
                writeln!(
                    out,
                    "  {}: {}   {} {}",
                    l.pick("vanaf", "from"),
                    d.from,
                    l.pick("zekerheid", "confidence"),
                    d.confidence.mark()
                )?;
                writeln!(out, "  {}: {}", l.pick("bron", "citation"), d.citation)?;
                writeln!(out, "  {}: {}", l.pick("gevonden in", "found in"), d.source)?;
                if let Some(n) = &d.note {
                    writeln!(out, "  {}: {n}", l.pick("let op", "note"))?;
                }
                writeln!(out, "  ({}:{})", d.file, d.line)?;
            }
        }
    }
    Ok(())
}

/// Validates a policy folder: prints a summary, or every problem (exit 2).
pub fn check(dir: &Path) -> Result<(), Failure> {
    let policy = crate::load_policy(Some(&dir.to_path_buf()))?;
    let values: usize = policy.params().iter().map(|p| p.values.len()).sum();
    let starts: Vec<String> = policy.start_dates().iter().map(ToString::to_string).collect();
    println!(
        "ok: {} parameters, {values} dated values, from {} (versions: {}), hash {}",
        policy.params().len(),
        policy.start(),
        starts.join(", "),
        policy.hash()
    );
    Ok(())
}

/// Prints what changed between two days: values and citations.
pub fn diff(policy: &Policy, from: Date, to: Date, l: Lang) -> Result<(), Failure> {
    let a = policy.at(from).map_err(|e| Failure::Invalid(e.to_string()))?;
    let b = policy.at(to).map_err(|e| Failure::Invalid(e.to_string()))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{} {from} → {to}", l.pick("Wijzigingen", "Changes"))?;
    let mut n = 0;
    for p in policy.params() {
        let (x, y) = (a.dated(p.id), b.dated(p.id));
        let same = match (x, y) {
            (Some(x), Some(y)) => x.value == y.value && x.citation == y.citation,
            (None, None) => true,
            _ => false,
        };
        if same {
            continue;
        }
        n += 1;
        writeln!(out, "\n{} — {}", p.id.key(), l.pick(&p.nl, &p.en))?;
        for (label, d) in [("-", x), ("+", y)] {
            match d {
                None => writeln!(
                    out,
                    "  {label} {}",
                    l.pick("geen regel van kracht", "no rule in force")
                )?,
                Some(d) => writeln!(
                    out,
                    "  {label} {} ({} {}, {}) {}",
                    value(d, l),
                    l.pick("vanaf", "from"),
                    d.from,
                    d.confidence.mark(),
                    d.citation
                )?,
            }
        }
    }
    if n == 0 {
        writeln!(out, "{}", l.pick("Geen wijzigingen.", "No changes."))?;
    }
    Ok(())
}
