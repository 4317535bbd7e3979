-- A client's registrations with DT&V through the verification form: the state (terugkeer_domain::verification)
-- as JSON, with the columns the verification list filters and sorts by.
CREATE TABLE verification (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    client_id INTEGER NOT NULL REFERENCES client (id),
    status TEXT NOT NULL,
    submitted_on TEXT,
    answer_due TEXT,
    decided_on TEXT,
    data TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX verification_by_client ON verification (client_id, id);
CREATE INDEX verification_by_organisation ON verification (organisation_id, status, id);
