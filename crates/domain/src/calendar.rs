//! An iCalendar (RFC 5545) feed of a caseworker's dates: deadlines, reports due to DT&V, DT&V's answers
//! due. Pure: the store gathers the events, the web serves the text.
//!
//! The feed leaves the organisation (calendar programs such as Outlook and Google Calendar fetch it and
//! keep copies), so an event names no client: only the kind of date and the client's number, with the
//! address of the client page, which asks for a login.

use terugkeer_rules::Date;

/// One all-day event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable within the feed across fetches (a calendar program updates, rather than duplicates, it).
    pub uid: String,
    /// The day.
    pub on: Date,
    /// The title (no client names).
    pub summary: String,
    /// More, e.g. the rule and the address of the client page.
    pub description: String,
}

/// Escapes TEXT (RFC 5545 §3.3.11): backslash, semicolon, comma, newline.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character, ending with CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn day(d: Date) -> String {
    let (y, m, dd) = d.ymd();
    format!("{y:04}{m:02}{dd:02}")
}

/// The feed: a VCALENDAR named `name`, stamped `stamp` (UTC, `YYYYMMDDTHHMMSSZ`), with one all-day VEVENT
/// per event.
pub fn feed(name: &str, stamp: &str, events: &[Event]) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//terugkeer//terugkeer//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        fold(line, &mut out);
    }
    fold(&format!("X-WR-CALNAME:{}", text(name)), &mut out);
    for e in events {
        fold("BEGIN:VEVENT", &mut out);
        fold(&format!("UID:{}", text(&e.uid)), &mut out);
        fold(&format!("DTSTAMP:{stamp}"), &mut out);
        fold(&format!("DTSTART;VALUE=DATE:{}", day(e.on)), &mut out);
        fold(&format!("DTEND;VALUE=DATE:{}", day(e.on.add_days(1))), &mut out);
        fold(&format!("SUMMARY:{}", text(&e.summary)), &mut out);
        if !e.description.is_empty() {
            fold(&format!("DESCRIPTION:{}", text(&e.description)), &mut out);
        }
        fold("TRANSP:TRANSPARENT", &mut out);
        fold("END:VEVENT", &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn lines_are_escaped_folded_and_end_in_crlf() {
        let e = Event {
            uid: "deadline-7-2026-11-30@terugkeer".into(),
            on: Date::parse("2026-11-30").unwrap(),
            summary: "Vertrektermijn; eind, cliënt 7".into(),
            description: "é".repeat(60),
        };
        let f = feed("Anna", "20261129T080000Z", &[e]);
        assert!(f.starts_with("BEGIN:VCALENDAR\r\n") && f.ends_with("END:VCALENDAR\r\n"));
        assert!(f.contains("SUMMARY:Vertrektermijn\\; eind\\, cliënt 7\r\n"));
        assert!(f.contains("DTSTART;VALUE=DATE:20261130\r\nDTEND;VALUE=DATE:20261201\r\n"));
        for line in f.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert!(!f.replace("\r\n", "").contains('\n'), "only CRLF line ends");
        // Unfolded, the description is whole.
        let unfolded = f.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:{}\r\n", "é".repeat(60))));
    }
}
