-- Monitoring after return: one conversation per moment (months after departure), the form as JSON and its
-- reintegration sustainability scores (per mille) for reports.
CREATE TABLE monitoring_visit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    client_id INTEGER NOT NULL REFERENCES client (id),
    months INTEGER NOT NULL,
    held_on TEXT NOT NULL,
    category TEXT NOT NULL,
    data TEXT NOT NULL,
    score_economic INTEGER,
    score_social INTEGER,
    score_psychosocial INTEGER,
    score_composite INTEGER,
    created_at TEXT NOT NULL,
    UNIQUE (client_id, months)
);
