//! The client list as a spreadsheet: CSV and XLSX, one row per client.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and some read a leading tab or carriage
//! return the same way) as a formula: a name typed as `=HYPERLINK(…)` would become a link that leaks data. Such
//! a cell gets a leading apostrophe in the CSV and the XLSX (OWASP's advice), so it shows as text; the JSON
//! keeps the value as it is (it is data, not a sheet). The CSV is UTF-8 with a byte-order mark and `;` between
//! fields, as Dutch Excel opens it.

use terugkeer_store::ClientSummary;

/// A text cell a spreadsheet will not run as a formula.
pub fn neutral(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

const HEADER: [&str; 13] = [
    "id",
    "family_name",
    "given_names",
    "date_of_birth",
    "v_number",
    "status",
    "setting",
    "stage",
    "project",
    "eligible",
    "next_deadline",
    "next_deadline_kind",
    "eligibility_indication",
];

fn cells(c: &ClientSummary) -> [String; 13] {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        c.id.to_string(),
        c.family_name.clone(),
        c.given_names.clone(),
        o(&c.date_of_birth),
        o(&c.v_number),
        c.status.clone(),
        o(&c.setting),
        c.stage.clone(),
        o(&c.project),
        // 1 or 0 only when decided; the public criteria's indication is a column of its own.
        match c.eligible {
            Some(e @ (0 | 1)) => e.to_string(),
            _ => String::new(),
        },
        o(&c.next_deadline),
        o(&c.next_deadline_kind),
        match c.eligible {
            Some(1 | 2) => "1".to_owned(),
            Some(0 | 3) => "0".to_owned(),
            _ => String::new(),
        },
    ]
}

/// The CSV: a byte-order mark, `;`-separated, every field quoted when it holds `;`, `"` or a line break.
pub fn csv(rows: &[ClientSummary]) -> Vec<u8> {
    let field = |s: &str| {
        let s = neutral(s);
        if s.contains([';', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    };
    let mut out = String::from("\u{feff}");
    out.push_str(&HEADER.join(";"));
    out.push_str("\r\n");
    for c in rows {
        let line: Vec<String> = cells(c).iter().map(|s| field(s)).collect();
        out.push_str(&line.join(";"));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// The columns that hold a day (`date_of_birth`, `next_deadline`): dates in the XLSX.
const DATE_COLUMNS: [usize; 2] = [3, 10];

/// A day as a spreadsheet's date (a number with a date format), or `None` for a text that is not a day.
pub fn excel_date(text: &str) -> Option<rust_xlsxwriter::ExcelDateTime> {
    let d = terugkeer_rules::Date::parse(text).ok()?;
    let (y, m, day) = d.ymd();
    rust_xlsxwriter::ExcelDateTime::from_ymd(
        u16::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(day).ok()?,
    )
    .ok()
}

/// The date format of the workbooks: day, month, year as the Netherlands writes them.
pub fn date_format() -> rust_xlsxwriter::Format {
    rust_xlsxwriter::Format::new().set_num_format("dd-mm-yyyy")
}

/// The XLSX: one sheet, the same columns as the CSV, the id as a number and the days as dates.
pub fn xlsx(rows: &[ClientSummary]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("clients")?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let day = date_format();
    for (i, h) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, i as u16, *h, &bold)?;
    }
    for (r, c) in rows.iter().enumerate() {
        let row = r as u32 + 1;
        sheet.write_number(row, 0, c.id as f64)?;
        for (i, v) in cells(c).iter().enumerate().skip(1) {
            match excel_date(v).filter(|_| DATE_COLUMNS.contains(&i)) {
                Some(d) => sheet.write_datetime_with_format(row, i as u16, d, &day)?,
                None => sheet.write_string(row, i as u16, neutral(v))?,
            };
        }
    }
    sheet.set_column_width(3, 12)?;
    sheet.set_column_width(10, 12)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for bad in ["=1+2", "+31", "-5", "@SUM(A1)", "\tx", "\r=x"] {
            assert!(neutral(bad).starts_with('\''), "{bad:?}");
        }
        for fine in ["Haidari", "99 123", "'quoted", "a=b"] {
            assert_eq!(neutral(fine), fine);
        }
    }
}
