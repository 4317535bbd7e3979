-- Monthly progress reports to DT&V, and the information-exchange ledger: what was shared with or received
-- from DT&V about a client, when, by whom, and on which legal basis.
CREATE TABLE progress_report (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    client_id INTEGER NOT NULL REFERENCES client (id),
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    status TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_on TEXT,
    sent_to TEXT,
    basis TEXT,
    reason TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (client_id, period_start)
);

CREATE TABLE exchange (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    client_id INTEGER NOT NULL REFERENCES client (id),
    on_date TEXT NOT NULL,
    direction TEXT NOT NULL,
    counterpart TEXT NOT NULL,
    what TEXT NOT NULL,
    basis TEXT,
    reason TEXT NOT NULL,
    user_id INTEGER REFERENCES app_user (id),
    created_at TEXT NOT NULL
);
CREATE INDEX exchange_by_client ON exchange (client_id, id);
