-- Retention: when a closed file was anonymised (its names, dates of birth, numbers and free text removed; the
-- counts that reports need kept).
ALTER TABLE client ADD COLUMN anonymised_at TEXT;
