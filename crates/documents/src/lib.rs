//! # terugkeer-documents
//!
//! The documents terugkeer hands to people outside it — the verification form DT&V receives, the letter
//! answering a client's access request (art. 15 GDPR), the case summary for a hand-over, a project's report
//! and the hand-outs' transparency report — typeset as PDF by [typst](https://typst.app) used as a library.
//!
//! Each document is a template (`templates/<name>.typ`) beside its data: the caller hands a JSON value with
//! the words already in the reader's language (labels from the message files, dates and amounts written
//! out) and the template only lays them out. The data reaches the template as a file it reads with
//! `json(...)`, never as markup, so nothing a user typed can change the document's structure.
//!
//! The fonts ship inside the binary (`fonts/`, the Noto families under the SIL Open Font License, see
//! `fonts/OFL.txt`): Latin, Greek and Cyrillic, Arabic script, Ge'ez (Ethiopic), Georgian and Armenian —
//! the scripts our clients' names are written in. Nothing is fetched at run time and no system font is
//! read, so a document looks the same on every machine. typst shapes right-to-left text and Ge'ez itself.
//!
//! Rendering is synchronous and CPU-bound (tens of milliseconds for a two-page form); the web server runs
//! it on a bounded blocking pool. Every text in the data is clipped to [`TEXT_LIMIT`] characters so that a
//! file with a megabyte of notes still renders in bounded time; the JSON export beside each document keeps
//! the full text.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, Warned};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// The longest text a document prints of one field, in characters. Longer texts end in "[…]"; the
/// templates say that the machine-readable export holds them whole.
pub const TEXT_LIMIT: usize = 20_000;

/// The documents there are, one template each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The verification form an NGO sends DT&V (the subsidy scheme's verification step).
    VerificationForm,
    /// The letter answering a client's access request, with the data in an annex (art. 15 GDPR).
    AccessRequest,
    /// The printable case summary for a file's hand-over.
    CaseSummary,
    /// A project's report to its funder: content and finances, with charts.
    ProjectReport,
    /// The yearly transparency report of hand-outs (counts and amounts, never a name).
    Transparency,
}

impl Kind {
    /// Every document, for tests and benchmarks.
    pub const ALL: [Kind; 5] = [
        Kind::VerificationForm,
        Kind::AccessRequest,
        Kind::CaseSummary,
        Kind::ProjectReport,
        Kind::Transparency,
    ];

    /// The template's name: `templates/<name>.typ`, and the family of its words in the message files
    /// (`doc-<name>-…`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::VerificationForm => "verification",
            Kind::AccessRequest => "access",
            Kind::CaseSummary => "summary",
            Kind::ProjectReport => "project",
            Kind::Transparency => "transparency",
        }
    }

    /// The template's source.
    pub fn template(self) -> &'static str {
        match self {
            Kind::VerificationForm => include_str!("../templates/verification.typ"),
            Kind::AccessRequest => include_str!("../templates/access.typ"),
            Kind::CaseSummary => include_str!("../templates/summary.typ"),
            Kind::ProjectReport => include_str!("../templates/project.typ"),
            Kind::Transparency => include_str!("../templates/transparency.typ"),
        }
    }
}

/// The layout every template imports (`#import "common.typ": *`): page, letterhead, tables.
pub const COMMON: &str = include_str!("../templates/common.typ");

/// Why a document could not be made. Either is a fault of the program (a template and its data disagree),
/// never of what a user typed: the tests render every document.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The template did not compile or lay out with this data.
    #[error("document {kind}: {message}")]
    Template {
        /// The template's name.
        kind: &'static str,
        /// typst's diagnostics.
        message: String,
    },
    /// The PDF could not be written.
    #[error("document {kind}: pdf: {message}")]
    Pdf {
        /// The template's name.
        kind: &'static str,
        /// typst's diagnostics.
        message: String,
    },
}

impl DocumentError {
    /// A stable code for logs and the API.
    pub fn code(&self) -> &'static str {
        match self {
            DocumentError::Template { .. } => "document_template",
            DocumentError::Pdf { .. } => "document_pdf",
        }
    }
}

/// The embedded fonts, in the order of fallback the templates name them.
const FONT_FILES: [&[u8]; 11] = [
    include_bytes!("../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../fonts/NotoSans-Bold.ttf"),
    include_bytes!("../fonts/NotoSans-Italic.ttf"),
    include_bytes!("../fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../fonts/NotoSansArabic-Bold.ttf"),
    include_bytes!("../fonts/NotoSansEthiopic-Regular.ttf"),
    include_bytes!("../fonts/NotoSansEthiopic-Bold.ttf"),
    include_bytes!("../fonts/NotoSansGeorgian-Regular.ttf"),
    include_bytes!("../fonts/NotoSansGeorgian-Bold.ttf"),
    include_bytes!("../fonts/NotoSansArmenian-Regular.ttf"),
    include_bytes!("../fonts/NotoSansArmenian-Bold.ttf"),
];

/// The fonts, parsed once, and typst's book of them.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

/// typst's standard library, built once.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::builder().build()));

/// A file of the document's world by its path.
fn file_id(path: &str) -> Option<FileId> {
    let path = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, path).intern())
}

/// One document's world: its template as the main file, the common layout, and the data.
struct Doc {
    main: Source,
    common: Source,
    data: (FileId, Bytes),
}

impl World for Doc {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.common.id() {
            Ok(self.common.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data.0 {
            Ok(self.data.1.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    /// The documents write their own dates (in the reader's language and time zone); typst's clock is
    /// not used.
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

/// Clips every text in `value` to [`TEXT_LIMIT`] characters.
fn clip(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(s) => {
            if let Some((cut, _)) = s.char_indices().nth(TEXT_LIMIT) {
                s.truncate(cut);
                s.push_str(" […]");
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(clip),
        serde_json::Value::Object(map) => map.values_mut().for_each(clip),
        _ => {}
    }
}

/// The document `kind` for `data`, as PDF bytes.
pub fn render(kind: Kind, mut data: serde_json::Value) -> Result<Vec<u8>, DocumentError> {
    let name = kind.name();
    let fault = |message: String| DocumentError::Template { kind: name, message };
    let (Some(main), Some(common), Some(data_id)) = (
        file_id(&format!("/{name}.typ")),
        file_id("/common.typ"),
        file_id("/data.json"),
    ) else {
        return Err(fault("a path of the document's world is invalid".to_owned()));
    };
    clip(&mut data);
    let world = Doc {
        main: Source::new(main, kind.template().to_owned()),
        common: Source::new(common, COMMON.to_owned()),
        data: (data_id, Bytes::new(data.to_string().into_bytes())),
    };
    let Warned { output, .. } = typst::compile::<PagedDocument>(&world);
    let document = output.map_err(|errors| fault(diagnostics(&errors)))?;
    let pdf =
        typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).map_err(|errors| DocumentError::Pdf {
            kind: name,
            message: diagnostics(&errors),
        });
    // typst memoises layout across calls; documents differ every time, so keep the cache small.
    comemo::evict(10);
    pdf
}

/// typst's errors as one line.
fn diagnostics(errors: &[typst::diag::SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}
