//! A progress bar on standard error for long loads (a generated caseload, an import): redrawn in place at
//! most ten times a second on a terminal — done, total, rate and time left — and, when standard error is
//! not a terminal (a log, a pipe), one plain line per tenth so the log shows it moved without filling up.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Progress of one load.
pub struct Bar {
    label: &'static str,
    total: u64,
    done: u64,
    started: Instant,
    drawn: Option<Instant>,
    tenth: u64,
    mode: Mode,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Hidden,
    Terminal,
    Lines,
}

impl Bar {
    /// A bar for `total` units named `label`, drawn where standard error goes.
    pub fn new(label: &'static str, total: u64) -> Bar {
        let mode = if std::io::stderr().is_terminal() {
            Mode::Terminal
        } else {
            Mode::Lines
        };
        Bar::with_mode(label, total, mode)
    }

    /// A bar that shows nothing (the demo's small load).
    pub fn hidden() -> Bar {
        Bar::with_mode("", 0, Mode::Hidden)
    }

    fn with_mode(label: &'static str, total: u64, mode: Mode) -> Bar {
        Bar {
            label,
            total,
            done: 0,
            started: Instant::now(),
            drawn: None,
            tenth: 0,
            mode,
        }
    }

    /// `done` units are done.
    pub fn set(&mut self, done: u64) {
        self.done = done.min(self.total);
        match self.mode {
            Mode::Hidden => {}
            Mode::Terminal => {
                if self
                    .drawn
                    .is_none_or(|t| t.elapsed() >= Duration::from_millis(100))
                {
                    self.draw(false);
                }
            }
            Mode::Lines => {
                let tenth = (self.done * 10).checked_div(self.total).unwrap_or(10);
                if tenth > self.tenth {
                    self.tenth = tenth;
                    self.draw(false);
                }
            }
        }
    }

    /// The load is over: the last state, and a newline on a terminal.
    pub fn finish(&mut self) {
        if self.mode != Mode::Hidden {
            self.draw(true);
        }
    }

    fn draw(&mut self, last: bool) {
        self.drawn = Some(Instant::now());
        let line = self.line();
        let mut err = std::io::stderr().lock();
        // A lost progress line is not worth failing the load for.
        let _ = if self.mode == Mode::Terminal {
            write!(err, "\r{line}\x1b[K{}", if last { "\n" } else { "" })
        } else if last && self.tenth >= 10 {
            Ok(())
        } else {
            writeln!(err, "{line}")
        };
        let _ = err.flush();
    }

    /// `[#########...........]  45% 450,000 / 1,000,000 clients  12,345/s  0:44 left`
    fn line(&self) -> String {
        const WIDTH: u64 = 30;
        let filled = (self.done * WIDTH).checked_div(self.total).unwrap_or(WIDTH) as usize;
        let pct = (self.done * 100).checked_div(self.total).unwrap_or(100);
        let secs = self.started.elapsed().as_secs_f64();
        let rate = if secs > 0.0 { self.done as f64 / secs } else { 0.0 };
        let left = if rate > 0.0 {
            let s = ((self.total - self.done) as f64 / rate).round() as u64;
            format!("{}:{:02} left", s / 60, s % 60)
        } else {
            String::new()
        };
        format!(
            "[{}{}] {pct:>3}% {} / {} {}  {}/s  {left}",
            "#".repeat(filled),
            ".".repeat(WIDTH as usize - filled),
            thousands(self.done),
            thousands(self.total),
            self.label,
            thousands(rate as u64),
        )
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_shows_share_counts_and_rate() {
        let mut b = Bar::with_mode("clients", 1_000_000, Mode::Hidden);
        b.set(450_000);
        let line = b.line();
        assert!(line.starts_with("[#############................."), "{line}");
        assert!(line.contains(" 45% 450,000 / 1,000,000 clients"), "{line}");
        b.set(2_000_000);
        assert!(b.line().contains("100% 1,000,000 / 1,000,000"));
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(0), "0");
        // An empty load is whole, not a division by zero.
        assert!(
            Bar::with_mode("rows", 0, Mode::Hidden)
                .line()
                .contains("100% 0 / 0")
        );
    }
}
