-- Requests for extra time (departure term, stay in state reception) with who must agree; approving one writes
-- the decision record that moves the deadline, in the same transaction.
CREATE TABLE extension_request (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    client_id INTEGER NOT NULL REFERENCES client (id),
    status TEXT NOT NULL,
    data TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX extension_by_client ON extension_request (client_id, id);
