//! `terugkeer assess`: one case (a JSON object), many (a JSON array), or a caseload as JSON lines, streamed
//! in constant memory: one line is read, assessed and written before the next is read.

use std::io::{BufRead, IsTerminal, Read, Write};

use crate::input::Lines;

use terugkeer_rules::policy::PolicyAt;
use terugkeer_rules::{Facts, Lang, Policy, assess_at, explain, json};

use crate::{Failure, Format};

/// Assesses the input and writes the results to standard output.
pub fn run(
    policy: &Policy,
    format: Option<Format>,
    lang: Lang,
    detail: json::Detail,
    input: &str,
) -> Result<(), Failure> {
    let stdout = std::io::stdout();
    let format = format.unwrap_or(if stdout.is_terminal() {
        Format::Text
    } else {
        Format::Json
    });
    let mut lines = Lines::open(input)?;
    let reader = lines.reader();
    let mut out = stdout.lock();
    let mut s = Session {
        policy,
        cache: Vec::new(),
        lang,
        format,
        out: &mut out,
        count: 0,
        buf: Vec::with_capacity(1 << 19),
        detail,
    };

    // Peek at the first non-blank byte: '[' is an array, anything else one object or JSON lines.
    let first = loop {
        let buf = reader.fill_buf()?;
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                let b = buf[i];
                reader.consume(i);
                break Some(b);
            }
            None if buf.is_empty() => break None,
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    };
    match first {
        None => {
            return Err(Failure::Invalid(
                "(input): empty: expected a JSON object, array or JSON lines".into(),
            ));
        }
        Some(b'[') => {
            let mut text = String::new();
            reader
                .read_to_string(&mut text)
                .map_err(|e| Failure::Invalid(format!("(input): {e}")))?;
            let cases: Vec<serde_json::Value> = serde_json::from_str(&text)
                .map_err(|e| Failure::Invalid(format!("(input): not a valid JSON array: {e}")))?;
            // Check every case before writing anything, so that a bad case leaves no partial output.
            let facts = cases
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    Facts::from_value(v)
                        .map_err(|e| Failure::Invalid(format!("[{i}].{}", crate::facts_refused(&e))))
                })
                .collect::<Result<Vec<_>, _>>()?;
            for (i, f) in facts.iter().enumerate() {
                check_in_force(policy, f).map_err(|m| Failure::Invalid(format!("[{i}].{m}")))?;
            }
            if s.format == Format::Json {
                s.buf.push(b'[');
            }
            for (i, f) in facts.iter().enumerate() {
                if i > 0 && s.format == Format::Json {
                    s.buf.extend_from_slice(b",\n");
                }
                s.one(f, false)
                    .map_err(|m| Failure::Invalid(format!("[{i}].{m}")))?;
            }
            if s.format == Format::Json {
                s.buf.extend_from_slice(b"]\n");
            }
        }
        Some(_) => {
            while let Some((lineno, text)) = lines.next_line()? {
                // A pretty-printed single object spans lines: if the first line is an unfinished JSON
                // value, read the whole input as one case.
                if s.count == 0 && is_unfinished(text) {
                    let whole = lines.rest_with_current()?;
                    let f = Facts::from_json_bytes(&whole)
                        .map_err(|e| Failure::Invalid(crate::facts_refused(&e)))?;
                    s.one(&f, true).map_err(Failure::Invalid)?;
                    break;
                }
                let f = Facts::from_json_bytes(text)
                    .map_err(|e| Failure::Invalid(format!("line {lineno}: {}", crate::facts_refused(&e))))?;
                s.one(&f, true)
                    .map_err(|m| Failure::Invalid(format!("line {lineno}: {m}")))?;
                s.flush_if_full()?;
            }
            if s.count == 0 {
                return Err(Failure::Invalid("(input): no case found".into()));
            }
        }
    }
    s.out.write_all(&s.buf)?;
    s.out.flush()?;
    Ok(())
}

fn is_unfinished(text: &[u8]) -> bool {
    match serde_json::from_slice::<serde::de::IgnoredAny>(text) {
        Ok(_) => false,
        Err(e) => e.is_eof(),
    }
}

fn check_in_force(policy: &Policy, f: &Facts) -> Result<(), String> {
    policy.at(f.as_of).map(|_| ()).map_err(|e| e.to_string())
}

struct Session<'a, W: Write> {
    policy: &'a Policy,
    cache: Vec<PolicyAt<'a>>,
    lang: Lang,
    format: Format,
    out: &'a mut W,
    count: u64,
    buf: Vec<u8>,
    detail: json::Detail,
}

impl<W: Write> Session<'_, W> {
    /// Output is gathered in one buffer and written in large pieces (one copy per case fewer than a
    /// BufWriter would make).
    fn flush_if_full(&mut self) -> Result<(), Failure> {
        if self.buf.len() >= 1 << 18 {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Assesses one case into the buffer. The error (an `as_of` before the policy) is the message only; the
    /// caller says which case.
    fn one(&mut self, f: &Facts, newline: bool) -> Result<(), String> {
        // The values in force change only at the policy's start dates: one resolution per version serves
        // every day of it.
        let p = match self.cache.iter().find_map(|p| p.moved_to(f.as_of)) {
            Some(p) => p,
            None => {
                let p = self.policy.at(f.as_of).map_err(|e| e.to_string())?;
                self.cache.push(p);
                p
            }
        };
        let a = assess_at(f, &p, self.lang);
        match self.format {
            Format::Json => {
                json::write_assessment(&a, self.detail, &mut self.buf);
                if newline {
                    self.buf.push(b'\n');
                }
            }
            Format::Text => {
                if self.count > 0 {
                    self.buf
                        .extend_from_slice(b"\n----------------------------------------\n\n");
                }
                self.buf.extend_from_slice(explain::render(&a).as_bytes());
            }
        }
        self.count += 1;
        Ok(())
    }
}
