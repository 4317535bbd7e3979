//! `terugkeer bench`: measures the rules engine on generated cases, one core (single thread). Generation
//! is timed apart and not counted. Cases are made and assessed in chunks, so memory stays flat whatever N.

use std::hint::black_box;
use std::time::{Duration, Instant};

use terugkeer_rules::{Date, Lang, assess_at, core};

use crate::Failure;
use crate::generate::{Rng, case, default_span};

/// What to measure.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Mode {
    /// Eligibility plus departure deadline, no trace, one as_of for the batch (2024-06-01).
    Batch,
    /// The full assessment with cited traces, one case at a time (as_of spread over ten years).
    Traced,
    /// The same, serialised to JSON (into memory).
    TracedJson,
}

const CHUNK: usize = 1024;

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Runs the benchmark and prints one line of figures.
pub fn run(n: u64, mode: Mode, seed: u64, as_of: Option<Date>) -> Result<(), Failure> {
    let policy = terugkeer_rules::policy::builtin().map_err(|e| Failure::Machine(e.to_string()))?;
    let mut r = Rng::new(seed);
    let span = default_span();
    let fixed = match mode {
        Mode::Batch => as_of.or(Date::from_ymd(2024, 6, 1)),
        _ => None,
    };
    let mut gen_time = Duration::ZERO;
    let mut run_time = Duration::ZERO;
    let (mut eligible, mut undetermined, mut deadline_sum, mut bytes, mut nodes) =
        (0u64, 0u64, 0i64, 0u64, 0u64);
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut buf: Vec<u8> = Vec::with_capacity(16 * 1024);
    let mut done = 0u64;
    while done < n {
        let k = CHUNK.min(usize::try_from(n - done).unwrap_or(CHUNK));
        let t = Instant::now();
        chunk.clear();
        chunk.extend((0..k).map(|_| case(&mut r, fixed, span)));
        gen_time += t.elapsed();
        let t = Instant::now();
        match mode {
            Mode::Batch => {
                let Some(day) = fixed else {
                    return Err(Failure::Machine("no batch date".into()));
                };
                let p = policy.at(day).map_err(|e| Failure::Machine(e.to_string()))?;
                for f in &chunk {
                    let c = core(black_box(f), &p);
                    match c.eligible {
                        Some(true) => eligible += 1,
                        None => undetermined += 1,
                        Some(false) => {}
                    }
                    deadline_sum += i64::from(c.departure_term_end.map_or(0, Date::day_number));
                }
            }
            Mode::Traced | Mode::TracedJson => {
                let mut cache: Option<terugkeer_rules::PolicyAt<'_>> = None;
                for f in &chunk {
                    let p = match cache {
                        Some(p) if p.day == f.as_of => p,
                        _ => {
                            let p = policy.at(f.as_of).map_err(|e| Failure::Machine(e.to_string()))?;
                            cache = Some(p);
                            p
                        }
                    };
                    let a = assess_at(black_box(f), &p, Lang::Nl);
                    match a.eligibility.eligible {
                        Some(true) => eligible += 1,
                        None => undetermined += 1,
                        Some(false) => {}
                    }
                    deadline_sum += i64::from(a.term.end.map_or(0, Date::day_number));
                    nodes += (a.checks.len() + a.deadline_trace.len() + a.trace.len()) as u64;
                    if matches!(mode, Mode::TracedJson) {
                        buf.clear();
                        terugkeer_rules::json::write_assessment(
                            &a,
                            terugkeer_rules::json::Detail::Trace,
                            &mut buf,
                        );
                        bytes += buf.len() as u64;
                    }
                    black_box(&a);
                }
            }
        }
        run_time += t.elapsed();
        done += k as u64;
    }
    let secs = run_time.as_secs_f64();
    let rate = if secs > 0.0 {
        n as f64 / secs
    } else {
        f64::INFINITY
    };
    let mode_name = match mode {
        Mode::Batch => "batch",
        Mode::Traced => "traced",
        Mode::TracedJson => "traced-json",
    };
    println!(
        "mode={mode_name} n={n} assess_s={secs:.4} cases_per_s={rate:.0} ns_per_case={:.1} gen_s={:.3} peak_rss_mib={:.1} eligible={eligible} undetermined={undetermined} deadline_day_sum={deadline_sum} trace_nodes={nodes} json_bytes={bytes}",
        secs * 1e9 / n.max(1) as f64,
        gen_time.as_secs_f64(),
        peak_rss_mib().unwrap_or(f64::NAN),
    );
    Ok(())
}
