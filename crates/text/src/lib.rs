//! # terugkeer-text
//!
//! The words people read, in Dutch (the default) and English, from Fluent files: `locales/{nl,en}/*.ftl`, one
//! file per feature of the web application and `problems.ftl` for every refusal the libraries give, compiled
//! into the binary. The libraries below (rules, domain, store) never write a sentence for a person: they return
//! a [`Problem`] — a message id and its arguments — and the web pages, the API and the command line render it
//! here, so rewording a message changes both languages or fails a test.
//!
//! Code asks by key (`t.s("nav.clients")`); the Fluent id is the key with `-` for `.` (`nav-clients`). A key
//! missing from the files shows as itself, and the tests catch it: every id in both languages, no id unused,
//! every key the templates and forms ask for present.
//!
//! Words without arguments are formatted once, when first asked for, into a table: a client page asks for
//! several hundred, and a hash lookup keeps that cheap. Messages with arguments (`t.f`: counts with plural
//! rules, ranges, dates) go through Fluent on each call.

#![deny(missing_docs)]

use std::sync::LazyLock;

pub use fluent_bundle::FluentValue;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use rustc_hash::FxHashMap;
use terugkeer_rules::{Arg, Date, Lang, Problem};

/// The words of one language, handed to every template as `t`.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    /// The language.
    pub lang: Lang,
}

impl Tr {
    /// A refusal of the libraries in this language: the message `problem.id` with its arguments, dates and
    /// amounts written as this language writes them, words of the interface (states, roles) translated.
    pub fn problem(&self, problem: &Problem) -> String {
        let args: Vec<(&str, FluentValue<'_>)> = problem
            .args
            .iter()
            .map(|(name, arg)| {
                let value: FluentValue<'_> = match arg {
                    Arg::Text(s) => s.clone().into(),
                    Arg::Number(n) => (*n).into(),
                    Arg::Date(d) => self.date(*d).into(),
                    Arg::Cents(c) => self.money(*c).into(),
                    Arg::Word(key) => self.s(key).to_owned().into(),
                    Arg::Words(keys) => keys
                        .iter()
                        .map(|k| self.s(k))
                        .collect::<Vec<_>>()
                        .join(", ")
                        .into(),
                };
                (*name, value)
            })
            .collect();
        self.f(problem.id, &args)
    }

    /// The label of a refused field, for a message beside a form or at the top of a page: the client's or
    /// the record's label (`client.country_of_return`), else the label of the field's last part
    /// (`decisions[0].days` → `days`), else a general word — never the field's internal name.
    pub fn field(&self, field: &str) -> String {
        let last = field
            .rsplit(['.', ']'])
            .find(|p| !p.is_empty())
            .unwrap_or(field)
            .trim_start_matches('[');
        for name in [field, last] {
            for prefix in ["field", "client", "record"] {
                let key = format!("{prefix}.{name}");
                let text = self.s(&key);
                if text != key {
                    return text.to_owned();
                }
            }
        }
        self.s("field.unnamed").to_owned()
    }

    /// A refusal for the top of a page: "Label: message".
    pub fn refusal(&self, field: &str, problem: &Problem) -> String {
        format!("{}: {}", self.field(field), self.problem(problem))
    }

    /// `problem` in English: what the API's `message` and the command line say.
    pub fn english(problem: &Problem) -> String {
        Tr { lang: Lang::En }.problem(problem)
    }

    /// The text for `key`.
    ///
    /// A hash lookup rather than a binary search: a client page asks for several hundred words, and the
    /// search's string comparisons were a measurable share of its time (docs/performance.md).
    pub fn s<'a>(&self, key: &'a str) -> &'a str {
        match (self.lang, CATALOGUE.words.get(key)) {
            (Lang::En, Some((_, en))) => en,
            (_, Some((nl, _))) => nl,
            (_, None) => key,
        }
    }

    /// The message `key` with arguments (numbers select the plural form).
    pub fn f(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let bundle = &CATALOGUE.bundles[usize::from(self.lang == Lang::En)];
        let id = key.replace('.', "-");
        let Some(pattern) = bundle.get_message(&id).and_then(|m| m.value()) else {
            return key.to_owned();
        };
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            fargs.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(key, ?errors, "a message could not be formatted completely");
        }
        text.into_owned()
    }

    /// A day in words: "9 december 2026" (English: "9 December 2026"). Written here in the order of the
    /// `date` message (day, month, year in both languages; a test holds the two together), not through Fluent:
    /// a list page writes fifty of them, and a Fluent call each cost a third of the page's time.
    pub fn date(&self, d: Date) -> String {
        let (year, month, day) = d.ymd();
        format!("{day} {} {year}", self.month_name(month))
    }

    /// The name of month `month` (1–12).
    fn month_name(&self, month: u32) -> &'static str {
        MONTHS
            .get((month as usize).wrapping_sub(1))
            .map_or("", |k| self.s(k))
    }

    /// A day the store keeps as text (`2026-11-03`) in words; text that is not a day stays as it is.
    pub fn stored_date(&self, text: &str) -> String {
        Date::parse(text).map_or_else(|_| text.to_owned(), |d| self.date(d))
    }

    /// A month in words: "november 2026" (English: "November 2026").
    pub fn month(&self, d: Date) -> String {
        let (year, month, _) = d.ymd();
        format!("{} {year}", self.month_name(month))
    }

    /// The months from `start` to `end` in words: "november 2026", or "september 2026 – oktober 2026" when
    /// they differ (a reporting period of more than one month).
    pub fn months(&self, start: Date, end: Date) -> String {
        let (a, b) = (self.month(start), self.month(end));
        if a == b { a } else { format!("{a} – {b}") }
    }

    /// An amount in cents as people write it: "€ 1.250,50" in Dutch, "€1,250.50" in English.
    pub fn money(&self, cents: i64) -> String {
        terugkeer_rules::vocab::Written(terugkeer_rules::vocab::Cents(cents), self.lang).to_string()
    }

    /// A country's name by its ISO 3166-1 alpha-2 code ("SD" → "Soedan"); a code without a name as it is.
    pub fn country<'a>(&self, code: &'a str) -> std::borrow::Cow<'a, str> {
        let key = format!("country.{}", code.to_ascii_uppercase());
        match self.s(&key) {
            s if s == key => std::borrow::Cow::Borrowed(code),
            s => std::borrow::Cow::Owned(s.to_owned()),
        }
    }

    /// Every word whose key starts with `prefix.`, by the rest of its key (`family("doc.verification")` →
    /// `("title", "Verificatieformulier")`, …): the words of a printed document, handed to its template whole.
    pub fn family(&self, prefix: &str) -> Vec<(&'static str, &'static str)> {
        let words = &CATALOGUE.words;
        words
            .iter()
            .filter_map(|(key, (nl, en))| {
                let rest = key.strip_prefix(prefix)?.strip_prefix('.')?;
                Some((
                    rest,
                    if self.lang == Lang::En {
                        en.as_str()
                    } else {
                        nl.as_str()
                    },
                ))
            })
            .collect()
    }

    /// `nl` or `en`, for the `lang` attribute.
    pub fn code(&self) -> &'static str {
        match self.lang {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    /// Whether a key exists in both languages (tests).
    pub fn has(key: &str) -> bool {
        let id = key.replace('.', "-");
        CATALOGUE.bundles.iter().all(|b| b.has_message(&id))
    }
}

/// The months' keys, January first.
const MONTHS: [&str; 12] = [
    "month.1", "month.2", "month.3", "month.4", "month.5", "month.6", "month.7", "month.8", "month.9",
    "month.10", "month.11", "month.12",
];

/// The Fluent files of one language, by name.
macro_rules! locale {
    ($lang:literal: $($file:literal),* $(,)?) => {
        &[$(($file, include_str!(concat!("../locales/", $lang, "/", $file, ".ftl")))),*]
    };
}

/// The files of each language: Dutch first, then English.
pub const FILES: [&[(&str, &str)]; 2] = [
    locale!("nl": "kit", "auth", "clients", "verification", "progress", "monitoring", "extension",
        "in_kind", "handout", "message", "project", "policy", "reports", "admin", "documents", "countries", "problems"),
    locale!("en": "kit", "auth", "clients", "verification", "progress", "monitoring", "extension",
        "in_kind", "handout", "message", "project", "policy", "reports", "admin", "documents", "countries", "problems"),
];

/// Both languages' bundles and the words without arguments, formatted once.
struct Catalogue {
    bundles: [FluentBundle<FluentResource>; 2],
    /// key (with dots) → (Dutch, English).
    words: FxHashMap<String, (String, String)>,
}

/// A bundle of one language's files. A file that does not parse is logged and its good messages kept (the
/// tests fail on any error, so a release has none).
fn bundle(lang: &str, files: &[(&str, &str)]) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Words go into HTML and PDF as they are; the isolation marks around arguments would show as boxes.
    bundle.set_use_isolating(false);
    for (name, text) in files {
        let resource = FluentResource::try_new((*text).to_owned()).unwrap_or_else(|(r, errors)| {
            tracing::error!(lang, file = name, ?errors, "a message file does not parse");
            r
        });
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(lang, file = name, ?errors, "a message file repeats an id");
        }
    }
    bundle
}

/// Every message id of one language's files, in file order.
pub fn ids(files: &[(&str, &str)]) -> Vec<String> {
    let mut out = Vec::new();
    for (_, text) in files {
        let resource = match FluentResource::try_new((*text).to_owned()) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                out.push(m.id.name.to_owned());
            }
        }
    }
    out
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    let bundles = [bundle("nl", FILES[0]), bundle("en", FILES[1])];
    let plain = |b: &FluentBundle<FluentResource>, id: &str| {
        let pattern = b.get_message(id)?.value()?;
        let mut errors = Vec::new();
        let text = b.format_pattern(pattern, None, &mut errors);
        // A message that needs arguments is not a plain word.
        errors.is_empty().then(|| text.into_owned())
    };
    let mut words = FxHashMap::default();
    for id in ids(FILES[0]) {
        if let (Some(nl), Some(en)) = (plain(&bundles[0], &id), plain(&bundles[1], &id)) {
            words.insert(id.replace('-', "."), (nl, en));
        }
    }
    Catalogue { bundles, words }
});

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn both_languages_have_the_same_ids_each_once() {
        let (nl, en) = (ids(FILES[0]), ids(FILES[1]));
        for list in [&nl, &en] {
            let mut seen = std::collections::HashSet::new();
            for id in list.iter() {
                assert!(seen.insert(id), "{id} twice");
            }
        }
        let only = |a: &[String], b: &[String]| -> Vec<String> {
            a.iter().filter(|x| !b.contains(x)).cloned().collect()
        };
        assert_eq!(only(&nl, &en), Vec::<String>::new(), "in Dutch only");
        assert_eq!(only(&en, &nl), Vec::<String>::new(), "in English only");
        assert!(nl.len() > 500, "{} ids", nl.len());
    }

    #[test]
    fn every_file_parses() {
        for files in FILES {
            for (name, text) in files {
                if let Err((_, errors)) = FluentResource::try_new((*text).to_owned()) {
                    panic!("{name}.ftl: {errors:?}");
                }
            }
        }
    }

    #[test]
    fn arguments_dates_and_money() {
        let (nl, en) = (Tr { lang: Lang::Nl }, Tr { lang: Lang::En });
        let range = [
            ("first", "1".into()),
            ("last", "50".into()),
            ("total", "67".into()),
        ];
        assert_eq!(nl.f("page.range", &range), "1–50 van 67");
        assert_eq!(en.f("page.range", &range), "1–50 of 67");
        let d = Date::parse("2026-12-09").unwrap();
        assert_eq!(nl.date(d), "9 december 2026");
        assert_eq!(en.date(d), "9 December 2026");
        // `date` writes what the `date` message says, in both languages: a translation that changes the
        // order must change the code too.
        for t in [nl, en] {
            for day in ["2026-12-09", "2027-01-31", "2028-02-29"] {
                let d = Date::parse(day).unwrap();
                let (year, month, dd) = d.ymd();
                let by_fluent = t.f(
                    "date",
                    &[
                        ("day", dd.to_string().into()),
                        ("month", t.s(MONTHS[month as usize - 1]).to_owned().into()),
                        ("year", year.to_string().into()),
                    ],
                );
                assert_eq!(t.date(d), by_fluent);
            }
        }
        assert_eq!(nl.money(125_050), "€ 1.250,50");
        assert_eq!(en.money(125_050), "€1,250.50");
        assert_eq!(nl.money(5), "€ 0,05");
        assert_eq!(nl.money(-100_000_000), "-€ 1.000.000,00");
        assert_eq!(nl.s("no.such.key"), "no.such.key");
        assert_eq!(nl.f("no.such.key", &[]), "no.such.key");
    }

    #[test]
    fn lookup_falls_back_to_the_key() {
        let en = Tr { lang: Lang::En };
        let nl = Tr { lang: Lang::Nl };
        assert_eq!(en.s("nav.clients"), "Clients");
        assert_eq!(nl.s("nav.clients"), "Cliënten");
        assert_eq!(nl.s("no.such.key"), "no.such.key");
    }
}
