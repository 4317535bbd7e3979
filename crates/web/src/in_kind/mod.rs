//! The in-kind ledger on the client page and in the API: items planned, spent (with the amount paid and the
//! receipt) or cancelled, the household's cap from the policy in force when the trajectory started, what is
//! committed and what room remains. A booking over a cap is refused beside the form with the rule and the
//! room left; nothing is stored.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use terugkeer_domain::in_kind::{Category, Item, ItemStatus};
use terugkeer_rules::Date;
use terugkeer_store::{Action, Ledger, SessionInfo, StoreError, StoredItem};

use crate::kit::again::client_action_done;
use crate::kit::error::ApiError;
use crate::kit::extract::{Caller, ClientPath, CsrfForm, Ctx, ItemPath, WriteCaller, json_body};
use crate::kit::form::{FormData, euros_to_cents};
use crate::kit::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/clients/{id}/in-kind", post(book))
        .route("/clients/{id}/in-kind/{iid}", post(change))
        .route(
            "/api/v1/clients/{id}/in-kind",
            axum::routing::get(api_ledger).post(api_book),
        )
        .route(
            "/api/v1/clients/{id}/in-kind/{iid}",
            axum::routing::put(api_change),
        )
}

/// One line of the ledger as the page shows it.
pub(crate) struct Line {
    pub(crate) id: i64,
    pub(crate) version: i64,
    pub(crate) on: String,
    /// Key of the category.
    pub(crate) category: String,
    pub(crate) supplier: String,
    pub(crate) amount: String,
    /// The amount as a form value (`1250,50`).
    pub(crate) amount_value: String,
    pub(crate) cash: bool,
    /// Key of the status.
    pub(crate) status: String,
    pub(crate) receipt: String,
    pub(crate) note: String,
    pub(crate) planned: bool,
    /// Attached files: id and name.
    pub(crate) files: Vec<(i64, String)>,
}

/// The page's section.
pub(crate) struct Section {
    pub(crate) lines: Vec<Line>,
    /// Cap, committed, remaining, spent, cash committed, cash cap (formatted), or empty.
    pub(crate) cap: String,
    pub(crate) committed: String,
    pub(crate) remaining: String,
    pub(crate) spent: String,
    pub(crate) cash: String,
    pub(crate) cash_cap: String,
    pub(crate) citation: String,
    /// Adults and minors counted.
    pub(crate) persons: String,
    /// Why no cap can be told (a key), if so.
    pub(crate) unknown: String,
    /// A trajectory is on file.
    pub(crate) has_trajectory: bool,
    pub(crate) may_book: bool,
    pub(crate) categories: Vec<&'static str>,
}

impl Section {
    pub(crate) fn of(
        l: &Ledger,
        files: &[terugkeer_store::AttachmentInfo],
        closed: bool,
        s: &SessionInfo,
        t: &crate::kit::i18n::Tr,
    ) -> Section {
        let caps = l.caps.as_ref();
        let money = |c: Option<i64>| c.map(|c| t.money(c)).unwrap_or_default();
        Section {
            lines: l
                .items
                .iter()
                .map(|i| Line {
                    id: i.id,
                    version: i.version,
                    on: t.date(i.item.on),
                    category: format!("in_kind.category.{}", i.item.category.as_str()),
                    supplier: i.item.supplier.clone(),
                    amount: t.money(i.item.amount_cents),
                    amount_value: crate::kit::form::cents_to_euros(i.item.amount_cents),
                    cash: i.item.cash,
                    status: format!("in_kind.status.{}", i.item.status.as_str()),
                    receipt: i.item.receipt.clone(),
                    note: i.item.note.clone(),
                    planned: i.item.status == ItemStatus::Planned,
                    files: files
                        .iter()
                        .filter(|f| f.owner_kind == "in_kind_item" && f.owner_id == i.id)
                        .map(|f| (f.id, f.filename.clone()))
                        .collect(),
                })
                .collect(),
            cap: money(caps.and_then(|c| c.in_kind)),
            committed: t.money(l.totals.committed),
            remaining: money(
                caps.and_then(|c| c.in_kind)
                    .map(|c| (c - l.totals.committed).max(0)),
            ),
            spent: t.money(l.totals.spent),
            cash: t.money(l.totals.cash),
            cash_cap: money(caps.and_then(|c| c.cash)),
            citation: caps.map(|c| c.citation.clone()).unwrap_or_default(),
            persons: caps
                .map(|c| format!("{} + {}", c.adults, c.minors))
                .unwrap_or_default(),
            unknown: caps
                .and_then(|c| c.unknown)
                .map(|u| format!("in_kind.unknown.{u}"))
                .unwrap_or_default(),
            has_trajectory: caps.is_some(),
            may_book: caps.is_some() && !closed && s.access.may(Action::EditCase),
            categories: Category::ALL.iter().map(|c| c.as_str()).collect(),
        }
    }
}

/// An item from the booking form.
fn item_of(form: &FormData) -> Result<Item, StoreError> {
    let category = Category::parse(form.get("category"))
        .ok_or_else(|| StoreError::refuse("category", "problem-choose-category"))?;
    let on = Date::parse(form.get("on")).map_err(|_| StoreError::refuse("on", "problem-give-date"))?;
    let amount_cents = euros_to_cents(form.get("amount"))
        .ok_or_else(|| StoreError::refuse("amount_cents", "problem-not-euros"))?;
    let status = match form.get("status") {
        "" | "planned" => ItemStatus::Planned,
        "spent" => ItemStatus::Spent,
        _ => return Err(StoreError::refuse("status", "problem-choose-planned-spent")),
    };
    Ok(Item {
        category,
        supplier: form.get("supplier").to_owned(),
        on,
        amount_cents,
        cash: form.get("cash") == "1",
        status,
        receipt: form.get("receipt").to_owned(),
        note: form.get("note").to_owned(),
    })
}

async fn book(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    CsrfForm(form): CsrfForm,
) -> Response {
    let done = match item_of(&form) {
        Ok(item) => st
            .store
            .book_in_kind(&ctx.s.access, id, None, &item, st.now())
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    client_action_done(&ctx, id, done)
}

/// Marks a planned item spent (amount paid, day, receipt) or cancels it.
async fn change(
    State(st): State<AppState>,
    ctx: Ctx,
    ClientPath(id): ClientPath,
    ItemPath(iid): ItemPath,
    CsrfForm(form): CsrfForm,
) -> Response {
    let done = async {
        let version = form.get("version").parse::<i64>().unwrap_or(0);
        let ledger = st.store.in_kind(&ctx.s.access, id).await?;
        let old = ledger
            .items
            .into_iter()
            .find(|i| i.id == iid)
            .ok_or(StoreError::NotFound)?;
        let mut item = old.item;
        match form.get("action") {
            "spend" => {
                item.status = ItemStatus::Spent;
                item.amount_cents = euros_to_cents(form.get("amount"))
                    .ok_or_else(|| StoreError::refuse("amount_cents", "problem-not-euros"))?;
                item.on =
                    Date::parse(form.get("on")).map_err(|_| StoreError::refuse("on", "problem-give-date"))?;
                item.receipt = form.get("receipt").to_owned();
            }
            "cancel" => item.status = ItemStatus::Cancelled,
            _ => return Err(StoreError::refuse("action", "problem-choose-spend-cancel")),
        }
        st.store
            .book_in_kind(&ctx.s.access, id, Some((iid, version)), &item, st.now())
            .await
            .map(|_| ())
    };
    client_action_done(&ctx, id, done.await)
}

/// An item in the API.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ItemOut {
    /// Id.
    pub id: i64,
    /// Version (give it back when changing).
    pub version: i64,
    /// The item: category, supplier, on, amount_cents, cash, status (planned, spent, cancelled), receipt, note.
    #[schema(value_type = Object)]
    pub item: Item,
}

impl From<StoredItem> for ItemOut {
    fn from(i: StoredItem) -> ItemOut {
        ItemOut {
            id: i.id,
            version: i.version,
            item: i.item,
        }
    }
}

/// A ledger in the API: items, caps and totals, all in integer cents.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct LedgerOut {
    /// The items, by date.
    pub items: Vec<ItemOut>,
    /// The household's in-kind cap (null: no trajectory, or not known — see `cap_unknown`).
    pub cap_cents: Option<i64>,
    /// The cash cap.
    pub cash_cap_cents: Option<i64>,
    /// Why the cap cannot be told (`date_of_birth`, `policy`), if so.
    pub cap_unknown: Option<&'static str>,
    /// The rule of the cap.
    pub citation: Option<String>,
    /// Planned and spent.
    pub committed_cents: i64,
    /// Of which cash.
    pub cash_cents: i64,
    /// Spent.
    pub spent_cents: i64,
    /// Room left under the cap.
    pub remaining_cents: Option<i64>,
}

impl From<Ledger> for LedgerOut {
    fn from(l: Ledger) -> LedgerOut {
        let cap = l.caps.as_ref().and_then(|c| c.in_kind);
        LedgerOut {
            cap_cents: cap,
            cash_cap_cents: l.caps.as_ref().and_then(|c| c.cash),
            cap_unknown: l.caps.as_ref().and_then(|c| c.unknown),
            citation: l.caps.as_ref().map(|c| c.citation.clone()),
            committed_cents: l.totals.committed,
            cash_cents: l.totals.cash,
            spent_cents: l.totals.spent,
            remaining_cents: cap.map(|c| c - l.totals.committed),
            items: l.items.into_iter().map(ItemOut::from).collect(),
        }
    }
}

/// A change of an item in the API.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeItem {
    /// The version as read.
    pub version: i64,
    /// The item as it should be (a planned item may be changed, spent or cancelled; others are final).
    #[schema(value_type = Object)]
    pub item: Item,
}

/// A client's in-kind ledger with the household's cap and what remains.
#[utoipa::path(operation_id = "in_kind_ledger", get, path = "/api/v1/clients/{id}/in-kind", tag = "money",
    params(("id" = i64, Path, description = "client id")),
    responses((status = 200, body = LedgerOut), (status = 404, body = ApiError)))]
pub async fn api_ledger(
    State(st): State<AppState>,
    Caller(s): Caller,
    ClientPath(id): ClientPath,
) -> Result<Response, ApiError> {
    let ledger = st.store.in_kind(&s.access, id).await?;
    let mut r = axum::Json(LedgerOut::from(ledger)).into_response();
    r.extensions_mut().insert(s.access);
    Ok(r)
}

/// Books an item: refused (422, naming `amount_cents` or `cash`) over a cap, with the rule and the room left.
#[utoipa::path(operation_id = "in_kind_book", post, path = "/api/v1/clients/{id}/in-kind", tag = "money",
    params(("id" = i64, Path, description = "client id")),
    request_body(content = Object, description = "category, supplier, on, amount_cents, cash, status (planned or spent), receipt, note"),
    responses((status = 201, body = ItemOut), (status = 422, body = ApiError), (status = 404, body = ApiError)))]
pub async fn api_book(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
    body: Bytes,
) -> Result<Response, ApiError> {
    let item: Item = json_body(&body)?;
    let stored = st
        .store
        .book_in_kind(&s.access, id, None, &item, st.now())
        .await?;
    Ok((StatusCode::CREATED, axum::Json(ItemOut::from(stored))).into_response())
}

/// Changes a planned item (re-plans it, marks it spent, cancels it) under its version.
#[utoipa::path(operation_id = "in_kind_change", put, path = "/api/v1/clients/{id}/in-kind/{iid}", tag = "money",
    params(("id" = i64, Path, description = "client id"), ("iid" = i64, Path, description = "item id")),
    request_body = ChangeItem,
    responses((status = 200, body = ItemOut), (status = 409, body = ApiError), (status = 422, body = ApiError), (status = 404, body = ApiError)))]
pub async fn api_change(
    State(st): State<AppState>,
    WriteCaller(s): WriteCaller,
    ClientPath(id): ClientPath,
    ItemPath(iid): ItemPath,
    body: Bytes,
) -> Result<Response, ApiError> {
    let input: ChangeItem = json_body(&body)?;
    let stored = st
        .store
        .book_in_kind(&s.access, id, Some((iid, input.version)), &input.item, st.now())
        .await?;
    Ok(axum::Json(ItemOut::from(stored)).into_response())
}
