//! The client page: who, the facts, the timeline with a form for every kind of record, the sections of the other
//! features (DT&V registration, reports, extensions, money, monitoring), the disclosure history and the
//! assessment panel — read in one statement, with the remembered session when there is one.

use askama::Template;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use terugkeer_domain::{Client, Record};
use terugkeer_rules::Problem;
use terugkeer_store::{Action, SessionInfo, StoreError, StoredRecord};

use super::fields::{self, CLIENT};
use super::form::client_values;
use super::panel::{self, Panel};
use super::remembered::Remembered;
use crate::kit::again::ShowAgain;
use crate::kit::error::{OrPage, PageError, store_error};
use crate::kit::extract::{Asker, Ctx};
use crate::kit::form::{self, FieldError, FieldView, FormData, Input, option_label};
use crate::kit::i18n::Tr;
use crate::kit::render::render;
use crate::kit::state::AppState;
use crate::kit::trail::EarlyRead;
use crate::{extension, handout, in_kind, message, monitoring, progress, verification};

/// An entry of the timeline.
pub(super) struct Entry {
    pub(super) id: i64,
    pub(super) date: String,
    pub(super) kind: String,
    pub(super) text: String,
    pub(super) editable: bool,
    /// The text is cut for the page ([`PAGE_TEXT`]); the record's own page holds it whole.
    pub(super) shortened: bool,
}

/// The most characters of one record the client page shows; a longer text ends in "…" with a link to the
/// record, so a file of long notes stays a page a browser opens at once.
const PAGE_TEXT: usize = 600;

fn describe(t: &Tr, r: &Record) -> String {
    let fields = fields::record_fields(r.kind()).unwrap_or_default();
    let value = serde_json::to_value(r).unwrap_or_default();
    let values = form::values_of(fields, &value);
    fields
        .iter()
        .filter(|f| !matches!(f.name, "on" | "from"))
        .filter_map(|f| {
            let vals = values.all(f.name);
            if vals.is_empty() {
                return None;
            }
            let shown: Vec<String> = vals
                .iter()
                .map(|v| match f.input {
                    Input::Select(_) | Input::Checks(_) => option_label(t, v),
                    Input::Tri => t.s(v).to_owned(),
                    Input::Money => form::euros_to_cents(v).map_or_else(|| v.clone(), |c| t.money(c)),
                    Input::Date => t.stored_date(v),
                    _ => v.clone(),
                })
                .collect();
            Some(format!(
                "{}: {}",
                t.s(&format!("record.{}", f.name)),
                shown.join(", ")
            ))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

pub(super) fn timeline(t: &Tr, records: &[StoredRecord]) -> Vec<Entry> {
    records
        .iter()
        .map(|r| Entry {
            id: r.id,
            date: r.record.date().map(|d| t.date(d)).unwrap_or_else(|| "—".into()),
            kind: t.s(&format!("kind.{}", r.record.kind())).to_owned(),
            text: describe(t, &r.record),
            editable: !matches!(r.record, Record::Closure { .. }),
            shortened: false,
        })
        .collect()
}

pub(super) fn client_facts(t: &Tr, c: &Client) -> Vec<(String, String)> {
    let values = client_values(&c.data);
    CLIENT
        .iter()
        .map(|f| {
            let v = values.get(f.name);
            let shown = match f.input {
                Input::Tri if v.is_empty() => t.s("unknown").to_owned(),
                Input::Tri => t.s(v).to_owned(),
                Input::Select(_) if !v.is_empty() => option_label(t, v),
                Input::Date => t.stored_date(v),
                _ if matches!(f.name, "nationality" | "country_of_return") => t.country(v).into_owned(),
                _ => v.to_owned(),
            };
            // The form's label says how to type a country ("(ISO-code)"); the file shows its name.
            let label = match f.name {
                "nationality" => t.s("doc.common.nationality").to_owned(),
                "country_of_return" => t.s("doc.common.country_of_return").to_owned(),
                name => t.s(&format!("client.{name}")).to_owned(),
            };
            (label, shown)
        })
        .collect()
}

/// One "add" form of the client page.
pub(super) struct AddForm {
    kind: &'static str,
    label: String,
    fields: Vec<FieldView>,
    open: bool,
}

#[derive(Template)]
#[template(path = "clients/client.html")]
struct ClientPage<'a> {
    t: Tr,
    user: Option<&'a SessionInfo>,
    csrf: &'a str,
    id: i64,
    name: String,
    closed: bool,
    version: i64,
    flash: Option<String>,
    facts: Vec<(String, String)>,
    may_edit: bool,
    may_close: bool,
    /// A coordinator may reopen a closed case.
    may_reopen: bool,
    may_export: bool,
    /// Whom the client can be assigned to; empty if the caller may not assign.
    users: Vec<(i64, String, bool)>,
    assigned_name: Option<String>,
    share: bool,
    shares: Vec<(i64, String)>,
    register: bool,
    partner_name: Option<String>,
    partners: Vec<(i64, String, bool)>,
    /// Registrations with DT&V, and whether a new one may start.
    verifications: Vec<verification::View>,
    may_start_verification: bool,
    grounds: Vec<(&'static str, String)>,
    /// How DT&V gave an answer the NGO records: value and key of the name.
    sources: Vec<(&'static str, String)>,
    progress: progress::Section,
    monitoring: Option<monitoring::Section>,
    extensions: Vec<extension::View>,
    may_ask_extension: bool,
    in_kind: in_kind::Section,
    handouts: Vec<handout::View>,
    may_ask_handout: bool,
    /// The conversation with DT&V.
    messages: message::Section,
    /// While the client is in detention: what that means for the file, in words.
    detained: Option<String>,
    handout_reasons: Vec<&'static str>,
    today: String,
    timeline: Vec<Entry>,
    /// (when, who, from where, what, detail) — newest first.
    history: Vec<HistoryLine>,
    add_forms: Vec<AddForm>,
    close_form: AddForm,
    /// What closing does, said above the confirmation: the file becomes read-only, pending extension requests
    /// are withdrawn.
    close_note: String,
    panel: Option<Panel>,
    not_assessable: String,
}

/// One line of the disclosure history.
pub(super) struct HistoryLine {
    /// When (Dutch time, to the minute).
    pub(super) when: String,
    /// Who, and their organisation.
    pub(super) who: String,
    /// From which address.
    pub(super) address: String,
    /// What was done, in words.
    pub(super) action: String,
    /// The fields or page concerned.
    pub(super) what: String,
}

/// One line of the disclosure history, in the page's language.
pub(super) fn disclosure_line(t: &Tr, d: &terugkeer_store::Disclosure) -> HistoryLine {
    let detail: serde_json::Value = serde_json::from_str(&d.detail).unwrap_or_default();
    let what = if let Some(w) = detail["what"].as_str() {
        w.to_owned()
    } else if let Some(list) = detail["changes"].as_array() {
        list.iter()
            .filter_map(|c| c["field"].as_str())
            .map(|f| t.field(f))
            .collect::<Vec<_>>()
            .join(", ")
    } else if let Some(kind) = detail["record"]["kind"].as_str() {
        t.s(&format!("kind.{kind}")).to_owned()
    } else if let Some(outcome) = detail["closure"]["outcome"].as_str() {
        option_label(t, outcome)
    } else {
        String::new()
    };
    let who = if d.who.is_empty() {
        t.s("audit.cli").to_owned()
    } else {
        format!("{} ({})", d.who, d.organisation)
    };
    HistoryLine {
        when: crate::kit::i18n::moment(t, &d.at),
        who,
        address: d.address.clone().unwrap_or_default(),
        action: t.s(&format!("audit.{}", d.action)).to_owned(),
        what,
    }
}

/// A failed form to show open, with its values and error.
pub(super) struct Failed<'a> {
    kind: &'a str,
    values: &'a FormData,
    error: &'a FieldError,
}

pub(super) struct Loaded {
    pub(super) client: Client,
    pub(super) records: Vec<StoredRecord>,
    pub(super) shares: Vec<terugkeer_store::Share>,
    pub(super) history: Vec<terugkeer_store::Disclosure>,
    pub(super) assignee: Option<String>,
    /// The regievoerder it is registered with: name and organisation.
    pub(super) partner: Option<(String, String)>,
    /// The regievoerders to register with (for a role that may).
    pub(super) partners: Vec<terugkeer_store::PartnerUser>,
    pub(super) verifications: Vec<terugkeer_store::StoredVerification>,
    pub(super) reports: Vec<terugkeer_store::Report>,
    pub(super) next_report: Option<terugkeer_domain::progress::Period>,
    pub(super) exchanges: Vec<terugkeer_store::Exchange>,
    pub(super) visits: Vec<terugkeer_store::StoredVisit>,
    pub(super) extensions: Vec<terugkeer_store::StoredRequest>,
    pub(super) in_kind: terugkeer_store::Ledger,
    pub(super) handouts: Vec<terugkeer_store::StoredHandout>,
    pub(super) attachments: Vec<terugkeer_store::AttachmentInfo>,
    pub(super) messages: Vec<terugkeer_store::StoredMessage>,
    /// The store's word that the caller saw it (the record of the read then skips a second check).
    pub(super) seen: terugkeer_store::Seen,
    pub(super) panel: Option<Panel>,
    pub(super) not_assessable: String,
}

/// The file as the page shows it; not found if the caller may not see it.
pub(super) async fn load(st: &AppState, ctx: &Ctx, id: i64) -> Result<Loaded, StoreError> {
    let register = ctx.s.access.may(Action::RegisterWithDtv);
    let file = st
        .store
        .case_file(&ctx.s.access, id, 30, register)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(loaded(st, ctx, file))
}

/// The client page's file read with the remembered session ([`Remembered`]); `None` (take the ordinary way) if
/// the session is not as remembered, the id is bad, or the client is not visible.
async fn load_remembered(st: &AppState, asker: &Asker, id: &str) -> Option<(Ctx, Loaded)> {
    let r = Remembered::of(st, asker)?;
    // A bad id is the ordinary way's to refuse.
    let id = id.parse::<i64>().ok()?;
    let register = r.ctx.s.access.may(Action::RegisterWithDtv);
    let read = st
        .store
        .case_file_in_session(&r.ctx.s.access, id, 30, register, Some(r.check(st)))
        .await
        .ok()
        .flatten();
    let ctx = r.holds(st, read.as_ref().and_then(|f| f.session.as_ref()))?;
    let file = read?;
    let page = loaded(st, &ctx, file);
    Some((ctx, page))
}

/// The page's view of a file: the assessment panel computed from its facts.
fn loaded(st: &AppState, ctx: &Ctx, file: terugkeer_store::CaseFile) -> Loaded {
    let (client, records) = (file.client, file.records);
    let plain: Vec<Record> = records.iter().map(|r| r.record.clone()).collect();
    // DT&V's latest answer to a verification form is an input: what it decided, it decided.
    let answer =
        terugkeer_domain::verification::latest_answered(file.verifications.iter().map(|v| &v.verification))
            .and_then(|v| v.as_input(st.today()));
    let derived = terugkeer_domain::facts::derive(&client.data, &plain, st.today()).map(|mut f| {
        f.verification = answer;
        terugkeer_domain::facts::with_ledger(f, file.in_kind.items.len(), &file.in_kind.totals)
    });
    // The organisation's policy: the built-in one with its own active values.
    let policy = st.store.policy_of(client.organisation_id);
    let (panel, not_assessable) = match derived {
        Ok(facts) => match terugkeer_rules::assess(&facts, &policy, ctx.t.lang) {
            Ok(a) => (Some(panel::from_assessment(&a, &ctx.t, &policy)), String::new()),
            Err(e) => (
                None,
                ctx.t.problem(
                    &Problem::new("problem-before-policy")
                        .with("day", e.day)
                        .with("start", e.start),
                ),
            ),
        },
        Err(e) => (None, ctx.t.refusal(&e.field, &e.message)),
    };
    Loaded {
        client,
        records,
        shares: file.shares,
        history: file.history,
        assignee: file.assignee,
        partner: file.partner,
        partners: file.partners.unwrap_or_default(),
        verifications: file.verifications,
        reports: file.reports,
        next_report: file.next_report,
        exchanges: file.exchanges,
        visits: file.visits,
        extensions: file.extensions,
        in_kind: file.in_kind,
        handouts: file.handouts,
        attachments: file.attachments,
        messages: file.messages,
        seen: file.seen,
        panel,
        not_assessable,
    }
}

/// The client page (with a failed form open, or a message at the top).
pub(super) async fn show_client(
    st: &AppState,
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    failed: Option<Failed<'_>>,
    flash: Option<String>,
) -> Response {
    match load(st, ctx, id).await {
        Ok(loaded) => client_response(st, ctx, loaded, status, failed, flash).await,
        Err(e) => store_error(ctx, e),
    }
}

/// The client page of a file already read.
async fn client_response(
    st: &AppState,
    ctx: &Ctx,
    loaded: Loaded,
    status: StatusCode,
    failed: Option<Failed<'_>>,
    flash: Option<String>,
) -> Response {
    let assigned = loaded.client.assigned_to;
    let a = &ctx.s.access;
    // What the caller's role may do here decides which forms the page shows; the store checks again.
    let may = |action| a.may(action);
    let (assign, share, register) = (
        may(Action::AssignCase),
        may(Action::ShareCase),
        may(Action::RegisterWithDtv),
    );
    // The organisation's users only for the coordinator's assign list; others see just the assignee's name
    // (an organisation may have hundreds of caseworkers: sharing asks for a colleague's username).
    let shares = if share { loaded.shares.clone() } else { Vec::new() };
    let users = if assign {
        match st.store.users(ctx.s.tenant()).await {
            Ok(u) => u,
            Err(e) => return store_error(ctx, e),
        }
    } else {
        Vec::new()
    };
    let partners = &loaded.partners;
    let history = &loaded.history;
    let t = ctx.t;
    let c = &loaded.client;
    let partner_name = loaded
        .partner
        .as_ref()
        .map(|(name, organisation)| format!("{name} ({organisation})"));
    let empty = FormData::default();
    let form_for = |kind: &'static str, fields: &[form::Field]| {
        let (values, error, open) = match &failed {
            Some(f) if f.kind == kind => (f.values, Some(f.error), true),
            _ => (&empty, None, false),
        };
        AddForm {
            kind,
            label: t.s(&format!("kind.{kind}")).to_owned(),
            fields: form::views(fields, values, error, &t, "record", kind),
            open,
        }
    };
    // In detention the NGO only advocates: the page offers no trajectory, registration, in-kind booking or
    // hand-out request (the store refuses them too) and says why.
    let detained =
        terugkeer_domain::detention::detained_since(loaded.records.iter().map(|r| &r.record), st.today());
    let add_forms = fields::RECORD_KINDS
        .iter()
        .filter(|k| may(Action::for_record_kind(k)))
        .filter(|k| detained.is_none() || **k != "trajectory")
        .filter_map(|k| fields::record_fields(k).map(|f| form_for(k, f)))
        .collect();
    let mut timeline = timeline(&t, &loaded.records);
    for (e, r) in timeline.iter_mut().zip(&loaded.records) {
        e.editable &= may(Action::for_record_kind(r.record.kind()));
        if e.editable
            && let Some((cut, _)) = e.text.char_indices().nth(PAGE_TEXT)
        {
            e.text.truncate(cut);
            e.text.push('…');
            e.shortened = true;
        }
    }
    // Who read it, for the audit of reads around the router (it would otherwise look the session up again).
    let mut response = render(
        status,
        &ClientPage {
            t,
            user: Some(&ctx.s),
            csrf: &ctx.s.csrf,
            id: c.id,
            name: format!("{}, {}", c.data.family_name, c.data.given_names),
            closed: c.status == "closed",
            version: c.version,
            flash,
            facts: client_facts(&t, c),
            may_edit: may(Action::EditCase),
            may_close: may(Action::CloseCase),
            may_reopen: may(Action::ReopenCase) && c.status == "closed",
            may_export: may(Action::ExportCase),
            users: if assign {
                users
                    .iter()
                    .filter(|u| matches!(u.role.as_str(), "caseworker" | "coordinator"))
                    .map(|u| (u.id, u.display_name.clone(), Some(u.id) == assigned))
                    .collect()
            } else {
                Vec::new()
            },
            assigned_name: loaded.assignee.clone(),
            share,
            shares: shares
                .iter()
                .map(|x| (x.user_id, x.display_name.clone()))
                .collect(),
            register,
            partner_name,
            partners: partners
                .iter()
                .map(|p| {
                    (
                        p.id,
                        format!("{} ({})", p.display_name, p.organisation),
                        Some(p.id) == c.partner_id,
                    )
                })
                .collect(),
            verifications: loaded
                .verifications
                .iter()
                .map(|v| verification::View::of(v, &ctx.s, st.today(), &t))
                .collect(),
            may_start_verification: verification::may_start(&loaded.verifications, &ctx.s)
                && detained.is_none(),
            grounds: verification::grounds(),
            sources: terugkeer_domain::message::Source::ALL
                .iter()
                .map(|x| (x.as_str(), format!("message.source.{}", x.as_str())))
                .collect(),
            progress: progress::Section::of(
                &loaded.reports,
                loaded.next_report,
                &loaded.exchanges,
                &ctx.s,
                st.today(),
                &t,
            ),
            extensions: loaded
                .extensions
                .iter()
                .map(|r| extension::View::of(r, &ctx.s, &t))
                .collect(),
            may_ask_extension: c.status != "closed" && may(Action::EditCase),
            in_kind: in_kind::Section::of(
                &loaded.in_kind,
                &loaded.attachments,
                c.status == "closed",
                &ctx.s,
                &t,
            ),
            handouts: loaded
                .handouts
                .iter()
                .map(|h| handout::View::of(h, &loaded.attachments, &ctx.s, &t))
                .collect(),
            may_ask_handout: handout::may_ask(&ctx.s, c.status == "closed") && detained.is_none(),
            messages: message::Section::of(
                &loaded.messages,
                c.status == "closed",
                &ctx.s,
                &t,
                st.today(),
                failed
                    .as_ref()
                    .filter(|f| matches!(f.kind, "message" | "message_in"))
                    .map(|f| (f.kind, f.values, f.error)),
                &message::subjects(
                    &t,
                    &loaded.reports,
                    &loaded.verifications,
                    &loaded.extensions,
                    &loaded.handouts,
                ),
            ),
            detained: detained
                .filter(|_| c.status != "closed")
                .map(|since| t.f("client.detained", &[("since", t.date(since).into())])),
            handout_reasons: handout::reasons(),
            monitoring: {
                let departed = terugkeer_store::departed_on(&loaded.records);
                let moments = departed
                    .map(|d| st.store.monitoring_moments(d))
                    .unwrap_or_default();
                monitoring::Section::of(departed, &moments, &loaded.visits, &ctx.s, &t, st.today())
            },
            today: st.today().to_string(),
            timeline,
            history: history.iter().map(|h| disclosure_line(&t, h)).collect(),
            add_forms,
            close_form: form_for(
                "closure",
                &fields::CLOSURE
                    .iter()
                    .chain(fields::CLOSE_CONFIRM)
                    .copied()
                    .collect::<Vec<_>>(),
            ),
            close_note: {
                let pending = loaded
                    .extensions
                    .iter()
                    .filter(|x| x.request.status == terugkeer_domain::extension::Status::Pending)
                    .count();
                let mut note = t.s("close.what_happens").to_owned();
                if pending > 0 {
                    note.push(' ');
                    note.push_str(&t.f("close.withdraws", &[("count", pending.into())]));
                }
                note
            },
            panel: loaded.panel,
            not_assessable: loaded.not_assessable,
        },
    );
    response.extensions_mut().insert(loaded.seen);
    response
}

/// The client page again with the failed form of `kind` open, its values and the error beside the field.
pub(super) async fn show_failed(
    st: &AppState,
    ctx: &Ctx,
    id: i64,
    kind: &str,
    form: &FormData,
    error: &FieldError,
) -> Response {
    let failed = Failed {
        kind,
        values: form,
        error,
    };
    let flash = Some(ctx.t.s("error.fix").into());
    show_client(st, ctx, id, StatusCode::UNPROCESSABLE_ENTITY, Some(failed), flash).await
}

/// The client page. It takes the id as text: a remembered session is tried first, and only the ordinary way
/// refuses a bad id (after the login check, as every other page).
pub(super) async fn client_page(
    State(st): State<AppState>,
    asker: Asker,
    Path(id): Path<String>,
    early: Option<Extension<EarlyRead>>,
) -> Result<Response, PageError> {
    let (ctx, loaded) = match load_remembered(&st, &asker, &id).await {
        Some(x) => x,
        None => {
            let ctx = Ctx::of(&st, &asker).await?;
            let id = id.parse().map_err(|_| PageError::not_found(&ctx))?;
            let loaded = load(&st, &ctx, id).await.or_page(&ctx)?;
            (ctx, loaded)
        }
    };
    // The record of the read is written while the page is built, not after: the reader waits for the
    // slower of the two instead of both.
    if let Some(Extension(early)) = early {
        early.start(&st, loaded.seen);
    }
    // Opening the file reads what the other side wrote: marked read for the reader's side (the page still
    // shows it as new this once). Only when there is something new, so the common view writes nothing.
    let side = ctx.s.role.message_side();
    if loaded
        .messages
        .iter()
        .any(|m| m.read_at.is_none() && Some(m.direction) == side)
    {
        st.store
            .mark_messages_read(&ctx.s.access, loaded.client.id, st.now())
            .await
            .or_page(&ctx)?;
    }
    Ok(client_response(&st, &ctx, loaded, StatusCode::OK, None, None).await)
}

/// The client page in place of the placeholder a feature answered with (`kit::again`).
pub(crate) async fn show_again(st: &AppState, again: ShowAgain) -> Response {
    let failed = again
        .failed
        .as_ref()
        .map(|(kind, values, error)| Failed { kind, values, error });
    show_client(
        st,
        &again.ctx,
        again.id,
        again.status,
        failed,
        again.flash.clone(),
    )
    .await
}
