//! A small PDF writer for text documents (an access request's export, printable lists, a project's report):
//! A4 pages, the standard Helvetica font (no font file to embed), lines wrapped to the page, and bar charts
//! (`super::chart`) drawn as vectors on the pages after the text.

/// Points per millimetre is irrelevant here: A4 in points, the margins, the font size and line height.
const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;
const SIZE: f32 = 9.5;
const LEADING: f32 = 13.0;
/// Characters per line: Helvetica at 9.5 pt averages about 5 pt a character.
const WRAP: usize = 96;

/// A text in WinAnsiEncoding for a PDF string literal: Latin-1 letters as their byte (WinAnsi agrees with
/// Latin-1 there), the rest as `?`; parentheses and backslashes escaped.
fn pdf_string(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() + 2);
    out.push(b'(');
    for c in s.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push(b'\\');
                out.push(c as u8);
            }
            ' '..='~' => out.push(c as u8),
            '\u{a0}'..='\u{ff}' => out.push(c as u32 as u8),
            '\u{2013}' | '\u{2014}' => out.push(b'-'),
            '\u{2019}' => out.push(b'\''),
            _ => out.push(b'?'),
        }
    }
    out.push(b')');
    out
}

/// Splits a line into pieces of at most [`WRAP`] characters, at spaces where it can.
fn wrap(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest: Vec<char> = line.chars().collect();
    while rest.len() > WRAP {
        let cut = rest[..WRAP]
            .iter()
            .rposition(|c| *c == ' ')
            .filter(|p| *p > 0)
            .unwrap_or(WRAP);
        out.push(rest[..cut].iter().collect());
        rest = rest[cut..].iter().skip_while(|c| **c == ' ').copied().collect();
    }
    out.push(rest.into_iter().collect());
    out
}

/// A PDF of `title` (bold, on every page) and `lines`, wrapped and paged.
pub fn text_document(title: &str, lines: &[String]) -> Vec<u8> {
    document(title, lines, &[])
}

/// A PDF of `title`, `lines` and then `charts`, as many to a page as fit.
pub fn document(title: &str, lines: &[String], charts: &[super::chart::BarChart]) -> Vec<u8> {
    let per_page = ((HEIGHT - 2.0 * MARGIN - 2.0 * LEADING) / LEADING) as usize;
    let wrapped: Vec<String> = lines.iter().flat_map(|l| wrap(l)).collect();
    let mut pages: Vec<(&[String], Vec<&super::chart::BarChart>)> = if wrapped.is_empty() {
        vec![(&[][..], Vec::new())]
    } else {
        wrapped.chunks(per_page).map(|c| (c, Vec::new())).collect()
    };
    // Charts on pages of their own after the text, top to bottom.
    let room = HEIGHT - 2.0 * MARGIN - 2.0 * LEADING;
    let mut used = room;
    for c in charts {
        if used + c.pdf_height() > room {
            pages.push((&[][..], Vec::new()));
            used = 0.0;
        }
        used += c.pdf_height();
        if let Some(last) = pages.last_mut() {
            last.1.push(c);
        }
    }
    let n = pages.len();
    // Objects: 1 catalog, 2 page tree, 3 font, 4 bold font, then per page a page and its content.
    let mut objects: Vec<Vec<u8>> = Vec::new();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes());
    objects
        .push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec());
    objects.push(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".to_vec(),
    );
    for (i, (page, page_charts)) in pages.iter().enumerate() {
        let mut content = Vec::new();
        content.extend(format!("BT /F2 12 Tf {MARGIN} {} Td ", HEIGHT - MARGIN).into_bytes());
        content.extend(pdf_string(title));
        content.extend(b" Tj ET\n");
        content.extend(
            format!(
                "BT /F1 {SIZE} Tf {LEADING} TL {MARGIN} {} Td\n",
                HEIGHT - MARGIN - 2.0 * LEADING
            )
            .into_bytes(),
        );
        for line in *page {
            content.extend(pdf_string(line));
            content.extend(b" Tj T*\n");
        }
        content.extend(b"ET\n");
        let mut top = HEIGHT - MARGIN - 2.0 * LEADING;
        for c in page_charts {
            content.extend(c.pdf_ops(MARGIN, top, pdf_string));
            top -= c.pdf_height();
        }
        content.extend(format!("BT /F1 8 Tf {} {} Td ", WIDTH - MARGIN - 40.0, MARGIN / 2.0).into_bytes());
        content.extend(pdf_string(&format!("{} / {n}", i + 1)));
        content.extend(b" Tj ET\n");
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {WIDTH} {HEIGHT}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                6 + 2 * i
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend(content);
        stream.extend(b"endstream");
        objects.push(stream);
    }
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        out.extend(o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .into_bytes(),
    );
    out
}

/// A JSON value as lines `path: value`, in document order (objects' keys as stored), for a readable PDF of
/// an export.
pub fn flatten(v: &serde_json::Value, path: &str, out: &mut Vec<String>) {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                flatten(v, &p, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                flatten(v, &format!("{path}[{}]", i + 1), out);
            }
        }
        Value::Array(_) => out.push(format!("{path}: -")),
        Value::Null => out.push(format!("{path}: -")),
        Value::String(s) => out.push(format!("{path}: {s}")),
        other => out.push(format!("{path}: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_and_latin() {
        assert_eq!(pdf_string("a(b)\\"), b"(a\\(b\\)\\\\)".to_vec());
        assert_eq!(pdf_string("cliënt"), b"(cli\xebnt)".to_vec());
        assert_eq!(pdf_string("€"), b"(?)".to_vec());
    }

    #[test]
    fn long_lines_wrap_at_spaces() {
        let line = "woord ".repeat(40);
        let parts = wrap(line.trim());
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|p| p.chars().count() <= WRAP));
        assert_eq!(parts.join(" "), line.trim());
    }

    #[test]
    fn the_cross_reference_table_points_at_the_objects() {
        let lines: Vec<String> = (0..130).map(|i| format!("regel {i}")).collect();
        let pdf = text_document("Titel", &lines);
        let find = |needle: &[u8]| pdf.windows(needle.len()).rposition(|w| w == needle).unwrap();
        let count = find(b"/Count 3");
        assert!(count > 0, "130 lines make three pages");
        let tail = std::str::from_utf8(&pdf[find(b"startxref\n") + 10..]).unwrap();
        let start: usize = tail.lines().next().unwrap().parse().unwrap();
        assert!(pdf[start..].starts_with(b"xref"));
        let table = std::str::from_utf8(&pdf[start..]).unwrap();
        for (i, line) in table.lines().skip(3).take(5).enumerate() {
            let at: usize = line[..10].parse().unwrap();
            assert!(
                pdf[at..].starts_with(format!("{} 0 obj", i + 1).as_bytes()),
                "object {}",
                i + 1
            );
        }
    }
}
