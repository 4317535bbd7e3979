-- The conversation per client between the NGO and DT&V (issue 27 part 1). `direction` is the NGO's view, as in
-- the exchange ledger: `out` to DT&V, `in` from DT&V (written by a regievoerder, or recorded by the NGO from a
-- letter, e-mail or call: `recorded_from` and `received_on`). The text is sealed like a record's. `read_at`: when
-- the receiving side first opened it (what the NGO recorded itself is read when written). `about`: a record of the
-- same file the message is about (`report:12`, `verification:3`, `extension:5`, `handout:2`).
CREATE TABLE message (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    client_id INTEGER NOT NULL REFERENCES client (id),
    direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    author_id INTEGER REFERENCES app_user (id),
    author_name TEXT NOT NULL,
    author_organisation TEXT NOT NULL,
    basis TEXT,
    reason TEXT NOT NULL,
    recorded_from TEXT,
    received_on TEXT,
    about TEXT,
    created_at TEXT NOT NULL,
    read_at TEXT
);
CREATE INDEX message_by_client ON message (client_id, id);
CREATE INDEX message_unread ON message (client_id, direction) WHERE read_at IS NULL;
