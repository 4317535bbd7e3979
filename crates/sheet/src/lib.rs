//! # terugkeer-sheet
//!
//! Reading the spreadsheets people hand us — a client list to import, an organisation's own policy values —
//! as text cells: CSV (`;` or `,`) and XLSX, the latter checked for zip bombs and row counts before it is
//! parsed. No meaning is given to the cells here; the importers do that.

use terugkeer_rules::Date;

/// A sheet: the header and the rows, as text.
pub struct Sheet {
    /// Column headers.
    pub header: Vec<String>,
    /// Rows, as text cells.
    pub rows: Vec<Vec<String>>,
}

/// Reads a CSV (`;` or `,`, detected on the header line; a UTF-8 byte-order mark is dropped).
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let semis = first.iter().filter(|b| **b == b';').count();
    let commas = first.iter().filter(|b| **b == b',').count();
    let delimiter = if semis >= commas { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|e| format!("the header cannot be read: {e}"))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mut rows = Vec::new();
    for (i, r) in reader.records().enumerate() {
        let r = r.map_err(|e| format!("row {}: {e}", i + 2))?;
        rows.push(r.iter().map(str::to_owned).collect());
    }
    Ok(Sheet { header, rows })
}

/// A date from Excel's serial day number (the 1900 system: day 1 is 1900-01-01, with Excel's phantom
/// 1900-02-29, so serials from 61 on count from 1899-12-30).
fn excel_date(serial: f64) -> Option<Date> {
    if !(61.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Serial 25569 is 1970-01-01.
    Some(
        Date::parse("1970-01-01")
            .ok()?
            .add_days(serial.floor() as i32 - 25_569),
    )
}

/// The most bytes all parts of an XLSX may hold uncompressed: some 2 million rows of a client list. A
/// spreadsheet is a zip file, and a few megabytes can unpack to gigabytes (a "zip bomb"); the parser would
/// hold it all in memory. A larger list can come as CSV, which is read as it is.
pub const XLSX_MAX_BYTES: u64 = 512 * 1024 * 1024;

/// The most rows of a worksheet (the header included).
pub const XLSX_MAX_ROWS: usize = 2_000_001;

/// Checks an XLSX before it is parsed: unpacks every part into nothing, counting the bytes (the sizes a zip
/// declares can lie) and each worksheet's rows, and stops at the first limit passed with a clear error. Costs
/// one pass of decompression, bounded by [`XLSX_MAX_BYTES`].
pub fn guard_xlsx(bytes: &[u8]) -> Result<(), String> {
    guard(bytes, XLSX_MAX_BYTES, XLSX_MAX_ROWS)
}

fn guard(bytes: &[u8], max_bytes: u64, max_rows: usize) -> Result<(), String> {
    use std::io::Read;
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| format!("is not an XLSX file: {e}"))?;
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| format!("cannot be read: {e}"))?;
        let name = part
            .name()
            .map_err(|e| format!("cannot be read: {e}"))?
            .into_owned();
        let sheet = name.starts_with("xl/worksheets/") && name.ends_with(".xml");
        let mut rows = RowCounter::default();
        loop {
            let n = part.read(&mut buf).map_err(|e| format!("cannot be read: {e}"))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > max_bytes {
                return Err(format!(
                    "unpacks to more than {} MB; split it, or export it as CSV",
                    max_bytes / (1024 * 1024)
                ));
            }
            if sheet && rows.feed(&buf[..n]) > max_rows {
                return Err(format!("has more than {} rows; split it", max_rows - 1));
            }
        }
    }
    Ok(())
}

/// Counts a worksheet's `<row ` / `<row>` elements (with or without a namespace prefix) over the chunks it
/// arrives in: the last six bytes of a chunk are carried into the next, so an element split between two is
/// counted once.
#[derive(Default)]
struct RowCounter {
    carry: Vec<u8>,
    rows: usize,
}

impl RowCounter {
    /// Adds a chunk; the rows counted so far.
    fn feed(&mut self, chunk: &[u8]) -> usize {
        self.carry.extend_from_slice(chunk);
        let text = &self.carry;
        // A `row` is counted where it starts after the first byte (the previous chunk counted those) and
        // before the last five (the next chunk will see its end).
        let last = text.len().saturating_sub(5);
        self.rows += (1..last)
            .filter(|&i| {
                text[i..].starts_with(b"row")
                    && matches!(text.get(i + 3), Some(b' ' | b'>'))
                    && matches!(text[i - 1], b'<' | b':')
            })
            .count();
        let keep = self.carry.len().min(6);
        self.carry.drain(..self.carry.len() - keep);
        self.rows
    }
}

/// Reads the first worksheet of an XLSX file; dates become `yyyy-mm-dd`. The file is checked first
/// ([`guard_xlsx`]).
pub fn read_xlsx(bytes: &[u8]) -> Result<Sheet, String> {
    read_xlsx_within(bytes, XLSX_MAX_BYTES, XLSX_MAX_ROWS)
}

/// [`read_xlsx`] with tighter limits: the bytes all parts may unpack to, and the rows of a worksheet (the
/// header included). A short list (an organisation's policy values) needs far less than a client list.
pub fn read_xlsx_within(bytes: &[u8], max_bytes: u64, max_rows: usize) -> Result<Sheet, String> {
    use calamine::{Data, Reader};
    guard(bytes, max_bytes, max_rows)?;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| format!("cannot be read: {e}"))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| "has no worksheet".to_owned())?
        .map_err(|e| format!("cannot be read: {e}"))?;
    let text = |d: &Data| match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        Data::DateTime(dt) => {
            excel_date(dt.as_f64()).map_or_else(|| dt.as_f64().to_string(), |d| d.to_string())
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.chars().take(10).collect(),
        Data::Error(e) => format!("#{e:?}"),
    };
    let mut rows = range.rows();
    let header = rows
        .next()
        .ok_or_else(|| "is empty".to_owned())?
        .iter()
        .map(|c| text(c).trim().to_owned())
        .collect();
    Ok(Sheet {
        header,
        rows: rows.map(|r| r.iter().map(text).collect()).collect(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Rows are counted once however the sheet is cut into chunks, with or without a namespace prefix, and
    /// `<rowBreaks>` or a cell's text "row" is not a row.
    #[test]
    fn rows_are_counted_across_chunks() {
        let xml = b"<worksheet><sheetData><row r=\"1\"><c><v>row</v></c></row><x:row r=\"2\"/><row>\
            <c t=\"s\"><v>1</v></c></row></sheetData><rowBreaks count=\"0\"/></worksheet>";
        for size in [1, 2, 3, 5, 6, 7, 64, xml.len()] {
            let mut c = RowCounter::default();
            let mut n = 0;
            for chunk in xml.chunks(size) {
                n = c.feed(chunk);
            }
            assert_eq!(n, 3, "chunks of {size}");
        }
    }

    /// A small zip that unpacks past the limit (the declared sizes not trusted) and a sheet with too many
    /// rows are refused before any parsing, saying why; a file that is not a zip says so.
    #[test]
    fn zip_bombs_and_long_sheets_are_refused() {
        use std::io::Write;
        let write = |_name: &str, parts: &[(&str, Vec<u8>)]| {
            let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            for (part, bytes) in parts {
                z.start_file(*part, zip::write::SimpleFileOptions::default())
                    .unwrap();
                z.write_all(bytes).unwrap();
            }
            z.finish().unwrap().into_inner()
        };
        let bomb = write(
            "bomb.xlsx",
            &[("xl/sharedStrings.xml", vec![b'a'; 3 * 1024 * 1024])],
        );
        assert!(bomb.len() < 64 * 1024, "it is small packed");
        let e = guard(&bomb, 2 * 1024 * 1024, 10).unwrap_err();
        assert!(e.contains("more than 2 MB"), "{e}");
        let mut rows = b"<sheetData>".to_vec();
        for i in 0..12 {
            rows.extend(format!("<row r=\"{i}\"><c><v>1</v></c></row>").bytes());
        }
        rows.extend(b"</sheetData>");
        let long = write("long.xlsx", &[("xl/worksheets/sheet1.xml", rows)]);
        assert!(guard(&long, 1024 * 1024, 12).is_ok());
        let e = guard(&long, 1024 * 1024, 11).unwrap_err();
        assert!(e.contains("more than 10 rows"), "{e}");
        let not = b"Achternaam;Voornamen\n";
        assert!(guard_xlsx(not).unwrap_err().contains("is not an XLSX file"));
    }

    #[test]
    fn excel_serials() {
        assert_eq!(excel_date(45583.0), Some(Date::parse("2024-10-18").unwrap()));
        assert_eq!(excel_date(61.0), Some(Date::parse("1900-03-01").unwrap()));
        assert_eq!(excel_date(-1.0), None);
    }
}
