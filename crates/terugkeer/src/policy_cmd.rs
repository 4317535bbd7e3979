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

/// Re-assesses a caseload (JSON lines) under two policies and prints, as JSON lines, every case whose
/// conclusions moved, with both receipts' policy hashes; a summary goes to standard error.
pub fn impact(base: &Policy, new: &Policy, input: &str, l: Lang) -> Result<(), Failure> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let (mut cases, mut moved) = (0u64, 0u64);
    let mut lines = crate::input::Lines::open(input)?;
    while let Some((lineno, text)) = lines.next_line()? {
        let f = terugkeer_rules::Facts::from_json_bytes(text)
            .map_err(|e| Failure::Invalid(format!("line {lineno}: {}", crate::facts_refused(&e))))?;
        let before = terugkeer_rules::assess(&f, base, l)
            .map_err(|e| Failure::Invalid(format!("line {lineno}: base policy: {e}")))?;
        let after = terugkeer_rules::assess(&f, new, l)
            .map_err(|e| Failure::Invalid(format!("line {lineno}: new policy: {e}")))?;
        cases += 1;
        let changes: Vec<serde_json::Value> = terugkeer_rules::impact::changes(&before, &after)
            .into_iter()
            .map(|(field, b, a)| serde_json::json!({"field": field, "before": b, "after": a}))
            .collect();
        if !changes.is_empty() {
            moved += 1;
            let row = serde_json::json!({
                "line": lineno,
                "facts_hash": before.receipt.facts_hash,
                "as_of": f.as_of,
                "before_policy": {"hash": base.hash(), "version": before.policy_version},
                "after_policy": {"hash": new.hash(), "version": after.policy_version},
                "changes": changes,
            });
            serde_json::to_writer(&mut out, &row).map_err(|e| Failure::Machine(e.to_string()))?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    eprintln!(
        "{cases} {}, {moved} {}",
        l.pick("zaken", "cases"),
        l.pick("met een andere uitkomst", "with a changed outcome")
    );
    Ok(())
}
