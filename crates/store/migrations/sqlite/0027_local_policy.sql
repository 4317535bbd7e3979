-- An organisation's own dated policy values (issue 25): each upload a version, checked by the policy loader
-- against the built-in policy; at most one active per organisation. `body` is the policy file the loader reads
-- (a sheet is stored as the file it became); `policy_hash` the combined policy's hash, as receipts carry it.
CREATE TABLE local_policy (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    version INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    format TEXT NOT NULL,
    body TEXT NOT NULL,
    note TEXT NOT NULL,
    status TEXT NOT NULL,
    policy_hash TEXT NOT NULL,
    created_by INTEGER,
    created_at TEXT NOT NULL,
    activated_by INTEGER,
    activated_at TEXT,
    UNIQUE (organisation_id, version)
);
CREATE UNIQUE INDEX local_policy_one_active ON local_policy (organisation_id) WHERE status = 'active';
