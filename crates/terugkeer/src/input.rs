//! Reading cases: a file or standard input, line by line in constant memory.

use std::io::{BufRead, BufReader, Read};

use crate::Failure;

/// A source of JSON lines.
pub struct Lines {
    reader: BufReader<Box<dyn Read>>,
    buf: Vec<u8>,
    lineno: usize,
}

impl Lines {
    /// Opens a file, or standard input for `-`.
    pub fn open(input: &str) -> Result<Lines, Failure> {
        let reader: Box<dyn Read> = if input == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            Box::new(
                std::fs::File::open(input)
                    .map_err(|e| Failure::Invalid(format!("input: cannot open {input}: {e}")))?,
            )
        };
        Ok(Lines {
            reader: BufReader::with_capacity(1 << 16, reader),
            buf: Vec::with_capacity(1024),
            lineno: 0,
        })
    }

    /// The reader, for callers that look ahead or read the rest at once.
    pub fn reader(&mut self) -> &mut BufReader<Box<dyn Read>> {
        &mut self.reader
    }

    /// The next non-blank line, trimmed, with its number, or `None` at the end.
    pub fn next_line(&mut self) -> Result<Option<(usize, &[u8])>, Failure> {
        loop {
            self.buf.clear();
            let n = self
                .reader
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| Failure::Invalid(format!("(input): {e}")))?;
            if n == 0 {
                return Ok(None);
            }
            self.lineno += 1;
            if !self.buf.trim_ascii().is_empty() {
                return Ok(Some((self.lineno, self.buf.trim_ascii())));
            }
        }
    }

    /// The last line read followed by the rest of the input.
    pub fn rest_with_current(&mut self) -> Result<Vec<u8>, Failure> {
        let mut whole = self.buf.clone();
        self.reader
            .read_to_end(&mut whole)
            .map_err(|e| Failure::Invalid(format!("(input): {e}")))?;
        Ok(whole)
    }
}
