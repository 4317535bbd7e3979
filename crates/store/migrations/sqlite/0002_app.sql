-- The application: passwords, sessions and API tokens (only hashes of secrets are stored), the caseworker a
-- client is assigned to, and the summary the dashboard sorts and counts by (a cache of the rules' output,
-- rewritten with every change; see terugkeer_domain::summary).
ALTER TABLE app_user ADD COLUMN password_hash TEXT;

CREATE TABLE session (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    csrf TEXT NOT NULL,
    lang TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX session_by_user ON session (user_id);

CREATE TABLE api_token (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);

ALTER TABLE client ADD COLUMN assigned_to INTEGER REFERENCES app_user (id);
ALTER TABLE client ADD COLUMN family_key TEXT NOT NULL DEFAULT '';
ALTER TABLE client ADD COLUMN given_key TEXT NOT NULL DEFAULT '';
ALTER TABLE client ADD COLUMN setting TEXT;
ALTER TABLE client ADD COLUMN stage TEXT NOT NULL DEFAULT 'intake';
ALTER TABLE client ADD COLUMN project TEXT;
ALTER TABLE client ADD COLUMN eligible INTEGER;
ALTER TABLE client ADD COLUMN next_deadline TEXT;
ALTER TABLE client ADD COLUMN next_deadline_kind TEXT;
-- next_deadline, or '9999-12-31' when there is none: one column that sorts the dashboard on an index on both
-- backends (they put NULLs at opposite ends).
ALTER TABLE client ADD COLUMN deadline_sort TEXT NOT NULL DEFAULT '9999-12-31';
ALTER TABLE client ADD COLUMN summary_policy TEXT NOT NULL DEFAULT '';

CREATE INDEX client_by_deadline ON client (organisation_id, deadline_sort, id);
CREATE INDEX client_caseload ON client (organisation_id, assigned_to, deadline_sort, id);
CREATE INDEX client_by_family_key ON client (organisation_id, family_key, given_key, id);
CREATE INDEX client_by_given_key ON client (organisation_id, given_key, family_key, id);
CREATE INDEX client_counts ON client (organisation_id, assigned_to, status, setting, stage);
