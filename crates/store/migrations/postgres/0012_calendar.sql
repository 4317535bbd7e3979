-- A user's calendar feed: a secret address (kept as its SHA-256, like sessions and tokens) that calendar
-- programs read without logging in. Making a new one revokes the old.
CREATE TABLE calendar_feed (
    secret_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES app_user (id),
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX calendar_feed_by_user ON calendar_feed (user_id);
