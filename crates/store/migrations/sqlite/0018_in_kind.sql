-- The in-kind ledger of a participant's trajectory: planned and spent items in integer cents, each booking
-- checked against the cap of the policy in force when the trajectory started, inside the write transaction
-- (writers are serialised by the audit head), so two bookings cannot together pass the cap.
CREATE TABLE in_kind_item (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    client_id INTEGER NOT NULL REFERENCES client (id),
    status TEXT NOT NULL,
    category TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    cash INTEGER NOT NULL,
    on_date TEXT NOT NULL,
    data TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX in_kind_by_client ON in_kind_item (client_id, on_date, id);
