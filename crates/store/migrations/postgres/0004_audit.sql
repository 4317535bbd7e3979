-- The audit trail: every change (in the transaction of the change) and every read of a client's file,
-- append-only and hash-chained. Each entry's hash covers its content and the previous entry's hash;
-- audit_head holds the last sequence number and hash, and its row lock serialises appends (so the chain
-- never forks) and lets `terugkeer audit verify` notice entries cut from the end.
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    organisation_id BIGINT NOT NULL,
    user_id BIGINT,
    address TEXT,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    client_id BIGINT,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_by_client ON audit_log (client_id, seq);

CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Append-only for the application: changing or deleting an entry is refused by the database itself. (Whoever
-- owns the database can drop this trigger; the hash chain is what then shows the tampering.)
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
