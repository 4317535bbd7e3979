-- Roles beyond the NGO's own (partner, auditor, admin): a client shared with a colleague, and a client's
-- registration with DT&V (the location's organisation and the regievoerder), which is what a partner sees.
CREATE TABLE client_share (
    client_id INTEGER NOT NULL REFERENCES client (id),
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    shared_by INTEGER REFERENCES app_user (id),
    shared_at TEXT NOT NULL,
    PRIMARY KEY (client_id, user_id)
);
CREATE INDEX client_share_by_user ON client_share (user_id, client_id);

ALTER TABLE client ADD COLUMN dtv_organisation_id INTEGER REFERENCES organisation (id);
ALTER TABLE client ADD COLUMN partner_id INTEGER REFERENCES app_user (id);
ALTER TABLE client ADD COLUMN dtv_registered_at TEXT;
CREATE INDEX client_by_partner ON client (partner_id, deadline_sort, id);

-- client_id first: the visibility filter reaches records through their client, whatever the organisation
-- (a partner reads another organisation's file).
CREATE INDEX record_by_client_id ON record (client_id, on_date, id);
