//! The in-kind ledger of a client's trajectory (`terugkeer_domain::in_kind`): bookings and changes checked
//! against the household's cap of the policy in force when the trajectory started, inside the write
//! transaction — writers are serialised by the audit head, so two bookings made at once cannot together pass
//! the cap — each under its row's version and in the audit trail with old and new amounts.

use jiff::Timestamp;
use serde_json::json;
use terugkeer_domain::Record;
use terugkeer_domain::client::InputError;
use terugkeer_domain::in_kind::{self, Caps, Item, ItemStatus};
use terugkeer_rules::Problem;

use crate::access::{Access, Action};
use crate::audit::Event;
use crate::{Client, Store, StoreError, corrupt, day_of, ts};

/// An item as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredItem {
    /// Id.
    pub id: i64,
    /// The booking.
    pub item: Item,
    /// Version.
    pub version: i64,
}

/// A client's ledger with its caps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ledger {
    /// The items, by date.
    pub items: Vec<StoredItem>,
    /// The caps (`None`: no trajectory on file).
    pub caps: Option<Caps>,
    /// The totals.
    pub totals: in_kind::Totals,
}

fn from_rows(rows: Vec<(i64, String, i64)>) -> Result<Vec<StoredItem>, StoreError> {
    rows.into_iter()
        .map(|(id, data, version)| {
            let item = serde_json::from_str(&data).map_err(|e| corrupt(format!("in-kind item {id}: {e}")))?;
            Ok(StoredItem { id, item, version })
        })
        .collect()
}

/// The caps of a case file: from its trajectory's first day and the births of the client and the household
/// members on file (`None` without a trajectory).
pub fn caps_of(
    policy: &terugkeer_rules::Policy,
    born: Option<terugkeer_rules::Date>,
    records: &[Record],
) -> Option<Caps> {
    let started = records
        .iter()
        .filter_map(|r| match r {
            Record::Trajectory { on, .. } => Some(*on),
            _ => None,
        })
        .min()?;
    // The scheme of the latest trajectory (as the facts read it); its caps on the first one's day.
    let scheme = records
        .iter()
        .filter_map(|r| match r {
            Record::Trajectory { on, scheme, .. } => Some((*on, *scheme)),
            _ => None,
        })
        .max_by_key(|t| t.0)
        .and_then(|t| t.1)
        .unwrap_or_default();
    let mut births = vec![born];
    births.extend(records.iter().filter_map(|r| match r {
        Record::HouseholdMember { date_of_birth, .. } => Some(*date_of_birth),
        _ => None,
    }));
    Some(in_kind::caps_for(policy, scheme, started, &births))
}

/// The ledger of items read as rows `(id, data, version)`, with the caps of the case file.
pub(crate) fn ledger(
    policy: &terugkeer_rules::Policy,
    born: Option<terugkeer_rules::Date>,
    records: &[Record],
    rows: Vec<(i64, String, i64)>,
) -> Result<Ledger, StoreError> {
    let items = from_rows(rows)?;
    let totals = in_kind::totals(items.iter().map(|i| &i.item))
        .ok_or_else(|| corrupt("in-kind totals out of range"))?;
    Ok(Ledger {
        caps: caps_of(policy, born, records),
        items,
        totals,
    })
}

const SELECT_ITEMS: &str =
    "SELECT id, data, version FROM in_kind_item WHERE client_id = $1 ORDER BY on_date, id";

impl Store {
    /// A client's in-kind ledger, its caps and totals.
    pub async fn in_kind(&self, a: &Access, client_id: i64) -> Result<Ledger, StoreError> {
        let client = self.may_see_and(a, client_id, Action::ReadCase).await?;
        let records: Vec<Record> = self.plain_records(a, client_id).await?;
        self.ledger_of(&client, &records).await
    }

    /// The ledger of a client already read with its records, for a caller that has checked access.
    pub(crate) async fn ledger_of(&self, client: &Client, records: &[Record]) -> Result<Ledger, StoreError> {
        let rows: Vec<(i64, String, i64)> =
            on_pool!(self, p => sqlx::query_as(SELECT_ITEMS).bind(client.id).fetch_all(p).await?);
        ledger(
            &self.policy_of(client.organisation_id),
            client.data.date_of_birth,
            records,
            rows,
        )
    }

    /// Books an item (`id` `None`) or changes one under `expected_version` — plans it, marks it spent with
    /// the amount paid and the receipt, cancels it — refused over a cap with the rule and the room left.
    pub async fn book_in_kind(
        &self,
        a: &Access,
        client_id: i64,
        change: Option<(i64, i64)>,
        item: &Item,
        now: Timestamp,
    ) -> Result<StoredItem, StoreError> {
        let client = self.may_see_and(a, client_id, Action::EditCase).await?;
        if client.status == "closed" {
            return Err(InputError {
                field: "status",
                message: Problem::new("problem-closed-ledger-final"),
            }
            .into());
        }
        let records: Vec<Record> = self.plain_records(a, client_id).await?;
        // In detention nothing new is booked; what was booked before may still be settled or cancelled.
        if change.is_none() {
            terugkeer_domain::detention::refuse(
                &records,
                day_of(now),
                terugkeer_domain::detention::Guidance::InKind,
                "status",
            )?;
        }
        let Some(caps) = caps_of(&self.policy_of(a.tenant.0), client.data.date_of_birth, &records) else {
            return Err(InputError {
                field: "trajectory",
                message: Problem::new("problem-in-kind-needs-trajectory"),
            }
            .into());
        };
        let today = day_of(now);
        in_kind::validate(item, today)?;
        let data = serde_json::to_string(item).map_err(corrupt)?;
        let insert = "INSERT INTO in_kind_item (organisation_id, client_id, status, category, amount_cents, cash, \
                      on_date, data, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9) \
                      RETURNING id";
        let update = "UPDATE in_kind_item SET status = $1, category = $2, amount_cents = $3, cash = $4, on_date = $5, \
                      data = $6, version = version + 1, updated_at = $7 WHERE id = $8 AND version = $9";
        let stored = on_pool!(self, p => {
            let mut tx = begin_write!(p);
            let rows: Vec<(i64, String, i64)> = sqlx::query_as(SELECT_ITEMS).bind(client_id).fetch_all(&mut *tx).await?;
            let all = from_rows(rows)?;
            let old = match change {
                Some((id, expected)) => {
                    let Some(old) = all.iter().find(|i| i.id == id) else { return Err(StoreError::NotFound) };
                    if old.version != expected {
                        return Err(StoreError::Stale { current_version: old.version });
                    }
                    if old.item.status != ItemStatus::Planned {
                        return Err(InputError {
                            field: "status",
                            message: Problem::new("problem-item-not-changed")
                                .with("state", terugkeer_rules::Arg::Word(format!("in_kind.status.{}", old.item.status.as_str()))),
                        }.into());
                    }
                    Some(old.clone())
                }
                None => None,
            };
            let others: Vec<Item> = all.iter().filter(|i| Some(i.id) != old.as_ref().map(|o| o.id))
                .map(|i| i.item.clone()).collect();
            in_kind::check_booking(item, &others, &caps, today)?;
            let id = match &old {
                None => sqlx::query_scalar(insert).bind(client.organisation_id).bind(client_id)
                    .bind(item.status.as_str()).bind(item.category.as_str()).bind(item.amount_cents)
                    .bind(i64::from(item.cash)).bind(item.on.to_string()).bind(&data).bind(ts(now))
                    .fetch_one(&mut *tx).await?,
                Some(o) => {
                    sqlx::query(update).bind(item.status.as_str()).bind(item.category.as_str())
                        .bind(item.amount_cents).bind(i64::from(item.cash)).bind(item.on.to_string()).bind(&data)
                        .bind(ts(now)).bind(o.id).bind(o.version).execute(&mut *tx).await?;
                    o.id
                }
            };
            let ev = Event {
                organisation_id: client.organisation_id,
                action: if old.is_none() { "book_in_kind" } else { "change_in_kind" },
                entity: "in_kind_item",
                entity_id: Some(id),
                client_id: Some(client_id),
                detail: json!({
                    "status": [old.as_ref().map(|o| o.item.status.as_str()), item.status.as_str()],
                    "amount_cents": [old.as_ref().map(|o| o.item.amount_cents), item.amount_cents],
                    "cash": item.cash,
                    "category": item.category.as_str(),
                }),
            };
            audit!(tx, Some(a), now, ev);
            tx.commit().await?;
            StoredItem { id, item: item.clone(), version: old.map_or(1, |o| o.version + 1) }
        });
        Ok(stored)
    }
}
