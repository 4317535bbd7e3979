-- DT&V's financial hand-outs: a request per client with its reason, amount (integer cents) and the
-- signatures of the approval chain, each recorded by a partner user in their DT&V function. The country is
-- kept with the request for the yearly transparency report (counts and amounts, never names).
CREATE TABLE handout (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    client_id INTEGER NOT NULL REFERENCES client (id),
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    country TEXT,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    requested_on TEXT NOT NULL,
    data TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX handout_by_client ON handout (client_id, id);
CREATE INDEX handout_by_year ON handout (requested_on);
-- A partner user's function at DT&V, which decides which signature of a chain they may record
-- (regievoerder, senior_regievoerder, afdelingsmanager, den_haag); none: regievoerder.
ALTER TABLE app_user ADD COLUMN dtv_function TEXT;
