-- Case files: organisations (tenants), users, clients and the dated records of their cases.
-- Dates are ISO text (YYYY-MM-DD), timestamps RFC 3339 text, money integer cents. Every mutable row has a version.
CREATE TABLE organisation (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE app_user (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE client (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    family_name TEXT NOT NULL,
    given_names TEXT NOT NULL,
    date_of_birth TEXT,
    v_number TEXT,
    data TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX client_by_name ON client (organisation_id, family_name);
CREATE INDEX client_by_v_number ON client (organisation_id, v_number);
CREATE INDEX client_by_birth ON client (organisation_id, date_of_birth);

CREATE TABLE record (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    client_id INTEGER NOT NULL REFERENCES client (id),
    kind TEXT NOT NULL,
    on_date TEXT,
    data TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX record_by_client ON record (organisation_id, client_id, on_date);
