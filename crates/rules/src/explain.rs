//! The assessment as a caseworker reads it: a plain-text explanation in Dutch (default) or English, with
//! the citation beside every conclusion and, at the end, every policy value used with its date, citation
//! and confidence mark.

use std::fmt::Write;

use crate::assess::Assessment;
use crate::trace::Outcome;
use crate::vocab::Lang;

fn mark(p: Option<bool>) -> &'static str {
    match p {
        Some(true) => "[ok]",
        Some(false) => "[X] ",
        None => "[?] ",
    }
}

fn date_or(d: Option<crate::date::Date>, l: Lang) -> String {
    d.map_or_else(|| l.pick("geen", "none").to_owned(), |d| d.to_string())
}

/// Renders the explanation.
pub fn render(a: &Assessment<'_>) -> String {
    let l = a.lang;
    let mut s = String::with_capacity(4096);
    let _ = writeln!(
        s,
        "{} {} ({} {}{})",
        l.pick("Beoordeling per", "Assessment as of"),
        a.as_of,
        l.pick("beleid vanaf", "policy from"),
        a.policy_version,
        a.scheme.map(|x| format!(", {x}")).unwrap_or_default()
    );
    let verdict = match a.eligibility.eligible {
        Some(true) => l.pick(
            "JA, voldoet aan alle drempelvoorwaarden",
            "YES, meets every threshold",
        ),
        Some(false) => l.pick(
            "NEE, voldoet niet aan alle drempelvoorwaarden",
            "NO, does not meet every threshold",
        ),
        None => match a.eligibility.indication {
            Some(true) => l.pick(
                "ONBEPAALD, WAARSCHIJNLIJK JA: de openbare criteria wijzen erop; DT&V beslist",
                "UNDETERMINED, PROBABLY YES: the public criteria point that way; DT&V decides",
            ),
            Some(false) => l.pick(
                "ONBEPAALD, WAARSCHIJNLIJK NEE: de openbare criteria wijzen erop; DT&V beslist",
                "UNDETERMINED, PROBABLY NO: the public criteria point that way; DT&V decides",
            ),
            None => l.pick(
                "ONBEPAALD: een voorwaarde kan niet worden beslist",
                "UNDETERMINED: a threshold cannot be decided",
            ),
        },
    };
    let source = if a.eligibility.verified {
        l.pick(
            "DT&V heeft het verificatieformulier beantwoord",
            "DT&V has answered the verification form",
        )
    } else {
        l.pick(
            "eigen inschatting van de organisatie; DT&V heeft nog niet geantwoord",
            "the organisation's own indication; DT&V has not answered yet",
        )
    };
    let _ = writeln!(
        s,
        "\n{}: {verdict} ({source})",
        l.pick("Deelname aan een terugkeerproject", "Joining a return project")
    );
    for n in &a.checks {
        let m = match (n.passed(), n.indication) {
            (None, Some(true)) => "[~ok]",
            (None, Some(false)) => "[~X]",
            (p, _) => mark(p),
        };
        let _ = writeln!(
            s,
            "  {} {:<22} {}\n        {} {}",
            m,
            n.rule,
            n.reason,
            l.pick("bron:", "source:"),
            n.citation
        );
    }

    let _ = writeln!(s, "\n{}", l.pick("Termijnen", "Deadlines"));
    for n in &a.deadline_trace {
        let value = match n.outcome {
            Outcome::Date(d) => date_or(d, l),
            _ => String::new(),
        };
        let _ = writeln!(
            s,
            "  {:<20} {:<10}  {}\n        {} {}",
            n.rule,
            value,
            n.reason,
            l.pick("bron:", "source:"),
            n.citation
        );
    }

    let _ = writeln!(s, "\n{}", l.pick("Wie beslist wat", "Who decides what"));
    if a.discretion.is_empty() {
        let _ = writeln!(s, "  {}", l.pick("Geen beslissingen open.", "No decisions open."));
    }
    for d in &a.discretion {
        let who: Vec<&str> = d.who.iter().map(|r| r.as_str()).collect();
        let _ = writeln!(
            s,
            "  {} [{}] ({}): {}\n        {} {}",
            d.decision,
            who.join(" + "),
            d.status,
            d.explanation,
            l.pick("bron:", "source:"),
            d.citation
        );
        if !d.awaiting.is_empty() {
            let aw: Vec<&str> = d.awaiting.iter().map(|r| r.as_str()).collect();
            let _ = writeln!(
                s,
                "        {} {}",
                l.pick("wacht op:", "awaiting:"),
                aw.join(", ")
            );
        }
    }

    let tp = &a.tipping_point;
    let _ = writeln!(
        s,
        "\n{}: {}\n  {}\n        {} {}",
        l.pick(
            "Kantelpunt (drang naar dwang)",
            "Tipping point (persuasion to force)"
        ),
        tp.status,
        tp.reason,
        l.pick("bron:", "source:"),
        tp.citation
    );
    if let Some(h) = &a.handreiking {
        let _ = writeln!(
            s,
            "\n{}: {} ({})\n  {}\n        {} {}",
            l.pick("Financiële handreiking", "Financial hand-out"),
            h.amount,
            h.status,
            h.reason,
            l.pick("bron:", "source:"),
            h.citation
        );
        if !h.awaiting.is_empty() {
            let aw: Vec<&str> = h.awaiting.iter().map(|r| r.as_str()).collect();
            let _ = writeln!(
                s,
                "        {} {}",
                l.pick("wacht op handtekening van:", "awaiting signature of:"),
                aw.join(", ")
            );
        }
    }
    let ik = &a.in_kind;
    let _ = writeln!(
        s,
        "\n{}: {}\n        {} {}",
        l.pick("Ondersteuning in natura", "In-kind support"),
        ik.reason,
        l.pick("bron:", "source:"),
        ik.citation
    );
    if let Some(m) = &a.monitoring {
        let moments: Vec<String> = m.moments.iter().map(ToString::to_string).collect();
        let _ = writeln!(
            s,
            "\n{}: {}\n  {}\n        {} {}",
            l.pick("Monitoring", "Monitoring"),
            moments.join(", "),
            m.reason,
            l.pick("bron:", "source:"),
            m.citation
        );
    }
    let used = a.policy_used();

    if !a.warnings.is_empty() {
        let _ = writeln!(s, "\n{}", l.pick("Let op", "Watch out"));
        for w in &a.warnings {
            let _ = writeln!(s, "  ! {}: {}", w.code, w.message);
        }
    }

    let _ = writeln!(
        s,
        "\n{}",
        l.pick("Gebruikte beleidswaarden", "Policy values used")
    );
    for d in used {
        let v = d
            .value
            .as_ref()
            .map_or_else(|| l.pick("onbekend", "unknown").to_owned(), |v| v.display(l));
        let v = if v.chars().count() > 60 {
            format!("{}…", v.chars().take(60).collect::<String>())
        } else {
            v
        };
        let _ = writeln!(
            s,
            "  {} = {} ({} {}) {} {}",
            d.param.key(),
            v,
            l.pick("vanaf", "from"),
            d.from,
            d.confidence.mark(),
            d.citation
        );
    }
    let r = &a.receipt;
    let _ = writeln!(
        s,
        "\n{}: engine {} · policy {} · facts {}",
        l.pick("Bewijs", "Receipt"),
        r.engine_version,
        &r.policy_hash[..12.min(r.policy_hash.len())],
        &r.facts_hash[..12.min(r.facts_hash.len())]
    );
    s
}
