-- Receipts and other proofs attached to an in-kind item or a hand-out: the file itself (PDF, JPEG or PNG, at
-- most 5 MB, checked by its first bytes), its name, type, size and SHA-256. Anonymisation deletes them.
CREATE TABLE attachment (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    client_id INTEGER NOT NULL REFERENCES client (id),
    owner_kind TEXT NOT NULL,
    owner_id INTEGER NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX attachment_by_owner ON attachment (client_id, owner_kind, owner_id);
