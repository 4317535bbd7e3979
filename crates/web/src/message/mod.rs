//! The conversation with DT&V on the client page and in the API (`terugkeer_store::StoredMessage`): the NGO
//! writes to DT&V with a legal basis and records what DT&V said by letter, e-mail or phone; the regievoerder
//! writes to the NGO. Each message shows who put it in and how; what came in is marked new until the
//! receiving side opens the file. The same under `/api/v1/clients/{id}/messages`.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use terugkeer_domain::message::{About, AboutKind, Kind, NewMessage, Source};
use terugkeer_domain::progress::Basis;
use terugkeer_rules::Date;
use terugkeer_store::{Role, SessionInfo, StoreError, StoredMessage};

use crate::kit::again::client_form_done;
use crate::kit::error::ApiError;
use crate::kit::extract::{Caller, ClientPath, CsrfForm, Ctx, WriteCaller, json_body};
use crate::kit::form::{FieldError, FormData};
use crate::kit::i18n::{Tr, moment};
use crate::kit::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/clients/{id}/messages", post(write)).route(
        "/api/v1/clients/{id}/messages",
        axum::routing::get(api_list).post(api_write),
    )
}

/// One message as the page shows it.
pub(crate) struct Line {
    /// Key of the side it came from (`message.from.ngo`, `message.from.dtv`).
    pub(crate) side: String,
    /// Key of the kind.
    pub(crate) kind: String,
    pub(crate) author: String,
    pub(crate) organisation: String,
    /// When it was written, in Dutch time.
    pub(crate) at: String,
    pub(crate) body: String,
    /// Key of the basis it went to DT&V on, or empty.
    pub(crate) basis: String,
    pub(crate) reason: String,
    /// For what the NGO recorded: "vastgelegd door … uit een brief van …".
    pub(crate) recorded: String,
    /// Unread by the reader's side until this view.
    pub(crate) new: bool,
    /// What on the file it is about, in words, and the page's section that holds it.
    pub(crate) about: Option<(String, &'static str)>,
}

/// The conversation section of the client page.
pub(crate) struct Section {
    pub(crate) lines: Vec<Line>,
    /// The caller may write here (the NGO on its client, DT&V's partner users on a registered trajectory).
    pub(crate) may_write: bool,
    /// The caller is the NGO: its message needs a basis, and it may record what DT&V said outside.
    pub(crate) ngo: bool,
    /// "2 nieuw", or empty.
    pub(crate) unread: String,
    /// The form to write to the other side, and the NGO's form to record what DT&V said outside.
    pub(crate) write: Form,
    pub(crate) record: Form,
}

/// One of the section's forms, with what was typed in it when it was refused.
pub(crate) struct Form {
    /// Open: it was refused.
    pub(crate) open: bool,
    /// The refused field and the message beside it.
    pub(crate) error: Option<(String, String)>,
    /// Value, key of the name, chosen.
    pub(crate) kinds: Vec<(&'static str, String, bool)>,
    pub(crate) bases: Vec<(&'static str, String, bool)>,
    pub(crate) sources: Vec<(&'static str, String, bool)>,
    /// The file's records a message can be about: stored value, words, chosen.
    pub(crate) subjects: Vec<(String, String, bool)>,
    pub(crate) body: String,
    pub(crate) reason: String,
    /// The day of the letter, e-mail or call (today unless typed).
    pub(crate) on: String,
}

impl Form {
    /// The message to show beside `field`, if it was the one refused.
    pub(crate) fn error_for(&self, field: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    fn of(
        failed: Option<(&FormData, &FieldError)>,
        subjects: &[(String, String)],
        today: Date,
        t: &Tr,
    ) -> Form {
        let typed = |name: &str| failed.map(|(v, _)| v.get(name).to_owned()).unwrap_or_default();
        let choices = |values: Vec<&'static str>, prefix: &str, name: &str| {
            let chosen = typed(name);
            values
                .into_iter()
                .map(|v| (v, format!("{prefix}.{v}"), v == chosen))
                .collect()
        };
        Form {
            open: failed.is_some(),
            error: failed.map(|(_, e)| (e.field.clone(), t.problem(&e.message))),
            kinds: choices(
                Kind::ALL.iter().map(|k| k.as_str()).collect(),
                "message.kind",
                "kind",
            ),
            bases: choices(Basis::ALL.iter().map(|b| b.as_str()).collect(), "basis", "basis"),
            sources: choices(
                Source::ALL.iter().map(|x| x.as_str()).collect(),
                "message.source",
                "recorded_from",
            ),
            subjects: {
                let chosen = typed("about");
                subjects
                    .iter()
                    .map(|(v, words)| (v.clone(), words.clone(), *v == chosen))
                    .collect()
            },
            body: typed("body"),
            reason: typed("reason"),
            on: failed.map_or_else(|| today.to_string(), |(v, _)| v.get("received_on").to_owned()),
        }
    }
}

impl Section {
    pub(crate) fn of(
        messages: &[StoredMessage],
        closed: bool,
        s: &SessionInfo,
        t: &Tr,
        today: Date,
        failed: Option<(&str, &FormData, &FieldError)>,
        subjects: &[(String, String)],
    ) -> Section {
        let partner = s.role == Role::Partner;
        let receives = s.role.message_side();
        let lines: Vec<Line> = messages
            .iter()
            .map(|m| Line {
                side: format!(
                    "message.from.{}",
                    if m.direction == "out" { "ngo" } else { "dtv" }
                ),
                kind: format!("message.kind.{}", m.kind.as_str()),
                author: m.author.clone(),
                organisation: m.organisation.clone(),
                at: moment(t, &m.at),
                body: m.body.clone(),
                basis: m
                    .basis
                    .as_deref()
                    .map(|b| format!("basis.{b}"))
                    .unwrap_or_default(),
                reason: m.reason.clone(),
                recorded: match (m.recorded_from, m.received_on) {
                    (Some(from), Some(on)) => t.f(
                        "message.recorded",
                        &[
                            ("organisation", m.organisation.clone().into()),
                            ("source", t.s(&format!("message.source.{}", from.as_str())).into()),
                            ("on", t.date(on).into()),
                        ],
                    ),
                    _ => String::new(),
                },
                new: m.read_at.is_none() && Some(m.direction) == receives,
                about: m.about.map(|a| {
                    let stored = a.to_stored();
                    let words = subjects.iter().find(|(v, _)| *v == stored).map_or_else(
                        || t.s(&format!("message.about.{}", a.kind.as_str())).to_owned(),
                        |(_, w)| w.clone(),
                    );
                    let anchor = match a.kind {
                        AboutKind::Report => "progress",
                        AboutKind::Verification => "verification",
                        AboutKind::Extension => "extensions",
                        AboutKind::Handout => "handouts",
                    };
                    (words, anchor)
                }),
            })
            .collect();
        let unread = lines.iter().filter(|l| l.new).count();
        let form_of = |name: &str| {
            failed
                .filter(|(form, _, _)| *form == name)
                .map(|(_, v, e)| (v, e))
        };
        Section {
            unread: if unread > 0 {
                t.f("message.unread", &[("count", unread.into())])
            } else {
                String::new()
            },
            lines,
            may_write: !closed && s.access.may(s.role.file_write()),
            ngo: !partner,
            write: Form::of(form_of("message"), subjects, today, t),
            record: Form::of(form_of("message_in"), subjects, today, t),
        }
    }
}

/// The message a form describes; a value that cannot be read is refused naming its field.
fn from_form(form: &FormData) -> Result<NewMessage, StoreError> {
    let kind =
        Kind::parse(form.get("kind")).ok_or_else(|| StoreError::refuse("kind", "problem-message-kind"))?;
    let basis = match form.get("basis") {
        "" => None,
        b => {
            Some(Basis::parse(b).ok_or_else(|| StoreError::refuse("basis", "problem-message-basis-needed"))?)
        }
    };
    let recorded_from = match form.get("recorded_from") {
        "" => None,
        x => Some(
            Source::parse(x)
                .ok_or_else(|| StoreError::refuse("recorded_from", "problem-message-source-needed"))?,
        ),
    };
    let received_on = match form.get("received_on") {
        "" => None,
        d => Some(Date::parse(d).map_err(|_| StoreError::refuse("received_on", "problem-give-date"))?),
    };
    let about = match form.get("about") {
        "" => None,
        x => Some(
            About::parse(x).ok_or_else(|| StoreError::refuse("about", "problem-message-about-unknown"))?,
        ),
    };
    Ok(NewMessage {
        about,
        kind,
        body: form.get("body").to_owned(),
        basis,
        reason: form.get("reason").to_owned(),
        recorded_from,
        received_on,
    })
}

/// A message from the client page: to DT&V (the NGO's form `message`), recorded from outside (`message_in`),
/// or to the NGO (a partner user's `message`).
async fn write(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    CsrfForm(form): CsrfForm,
) -> Response {
    let which = if form.get("form") == "message_in" {
        "message_in"
    } else {
        "message"
    };
    let done = async {
        let m = from_form(&form)?;
        // The recording form is the one that says how DT&V said it: its source cannot be left out silently.
        if which == "message_in" && m.recorded_from.is_none() {
            return Err(StoreError::refuse(
                "recorded_from",
                "problem-message-source-needed",
            ));
        }
        st.store
            .send_message(&ctx.s.access, id, &m, st.now())
            .await
            .map(|_| ())
    };
    client_form_done(&ctx, id, which, &form, done.await)
}

/// A message in the API.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct MessageOut {
    /// Id.
    pub id: i64,
    /// `out` (the NGO to DT&V) or `in` (DT&V to the NGO, written by DT&V or recorded by the NGO).
    pub direction: &'static str,
    /// `question`, `answer`, `departure_plan`, `avim_handover`, `progress_request`, `reminder` or `note`.
    pub kind: &'static str,
    /// The text.
    pub body: String,
    /// Who wrote or recorded it, and their organisation.
    pub author: String,
    /// The author's organisation.
    pub organisation: String,
    /// The basis it went to DT&V on (`out`).
    pub basis: Option<String>,
    /// The override's reason.
    pub reason: String,
    /// For what the NGO recorded from outside: `letter`, `email` or `phone`.
    pub recorded_from: Option<&'static str>,
    /// The day of that letter, e-mail or call (YYYY-MM-DD).
    pub received_on: Option<String>,
    /// When it was written (UTC).
    pub at: String,
    /// When the receiving side first opened it.
    pub read_at: Option<String>,
    /// The record of the file it is about.
    pub about: Option<About>,
}

impl From<StoredMessage> for MessageOut {
    fn from(m: StoredMessage) -> MessageOut {
        MessageOut {
            id: m.id,
            direction: m.direction,
            kind: m.kind.as_str(),
            body: m.body,
            author: m.author,
            organisation: m.organisation,
            basis: m.basis,
            reason: m.reason,
            recorded_from: m.recorded_from.map(Source::as_str),
            received_on: m.received_on.map(|d| d.to_string()),
            at: m.at,
            read_at: m.read_at,
            about: m.about,
        }
    }
}

/// A client's conversation with DT&V, oldest first. Reading it through the API does not mark it read: that is
/// what a person opening the file does.
#[utoipa::path(operation_id = "message_list", get, path = "/api/v1/clients/{id}/messages", tag = "exchange",
    params(("id" = i64, Path, description = "client id")),
    responses((status = 200, body = [MessageOut]), (status = 404, body = ApiError)))]
pub async fn api_list(
    State(st): State<AppState>,
    Caller(s): Caller,
    ClientPath(id): ClientPath,
) -> Result<Response, ApiError> {
    let list = st.store.messages(&s.access, id).await?;
    let mut r = axum::Json(list.into_iter().map(MessageOut::from).collect::<Vec<_>>()).into_response();
    r.extensions_mut().insert(s.access);
    Ok(r)
}

/// Writes a message: the NGO to DT&V (`basis` required), the NGO recording what DT&V said outside the
/// application (`recorded_from`, `received_on`), or a DT&V partner user to the NGO.
#[utoipa::path(operation_id = "message_write", post, path = "/api/v1/clients/{id}/messages", tag = "exchange",
    params(("id" = i64, Path, description = "client id")),
    request_body = NewMessage,
    responses((status = 201, body = MessageOut), (status = 422, body = ApiError), (status = 404, body = ApiError)))]
pub async fn api_write(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
    body: Bytes,
) -> Result<Response, ApiError> {
    let m: NewMessage = json_body(&body)?;
    let stored = st.store.send_message(&s.access, id, &m, st.now()).await?;
    Ok((StatusCode::CREATED, axum::Json(MessageOut::from(stored))).into_response())
}

/// The records of a file a message can be about, as the form offers them: stored value and words.
pub(crate) fn subjects(
    t: &Tr,
    reports: &[terugkeer_store::Report],
    verifications: &[terugkeer_store::StoredVerification],
    extensions: &[terugkeer_store::StoredRequest],
    handouts: &[terugkeer_store::StoredHandout],
) -> Vec<(String, String)> {
    let value = |kind, id| About { kind, id }.to_stored();
    let mut out = Vec::new();
    for r in reports {
        out.push((
            value(AboutKind::Report, r.id),
            t.f(
                "message.about.report_of",
                &[("period", t.months(r.period.start, r.period.end).into())],
            ),
        ));
    }
    for v in verifications {
        let day = v.verification.submitted_on.map(|d| t.date(d)).unwrap_or_default();
        out.push((
            value(AboutKind::Verification, v.id),
            t.f("message.about.verification_of", &[("on", day.into())]),
        ));
    }
    for x in extensions {
        out.push((
            value(AboutKind::Extension, x.id),
            t.f(
                "message.about.extension_of",
                &[("on", t.date(x.request.requested_on).into())],
            ),
        ));
    }
    for h in handouts {
        out.push((
            value(AboutKind::Handout, h.id),
            t.f(
                "message.about.handout_of",
                &[
                    ("amount", t.money(h.handout.amount_cents).into()),
                    ("on", t.date(h.handout.requested_on).into()),
                ],
            ),
        ));
    }
    out
}
