-- The audit trail: every change (in the transaction of the change) and every read of a client's file,
-- append-only and hash-chained. Each entry's hash covers its content and the previous entry's hash;
-- audit_head holds the last sequence number and hash, and its row lock serialises appends (so the chain
-- never forks) and lets `terugkeer audit verify` notice entries cut from the end.
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    organisation_id INTEGER NOT NULL,
    user_id INTEGER,
    address TEXT,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    client_id INTEGER,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_by_client ON audit_log (client_id, seq);

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Append-only for the application: changing or deleting an entry is refused by the database itself. (Whoever
-- holds the database file can drop these triggers; the hash chain is what then shows the tampering.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
