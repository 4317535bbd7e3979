-- Authentication: login attempts (for throttling per account and per address), a forced password change,
-- the optional second factor (TOTP) and the organisation's rule that coordinators and partners must use it.
CREATE TABLE login_attempt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    username TEXT NOT NULL,
    address TEXT,
    ok INTEGER NOT NULL
);
CREATE INDEX login_attempt_by_username ON login_attempt (username, at);
CREATE INDEX login_attempt_by_address ON login_attempt (address, at);

ALTER TABLE app_user ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN totp_secret TEXT;
ALTER TABLE app_user ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisation ADD COLUMN require_totp INTEGER NOT NULL DEFAULT 0;
