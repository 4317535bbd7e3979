-- The id of the key that seals special-category data, and a value sealed with it: a wrong key is refused at
-- start-up by name, never used to write or misread data.
CREATE TABLE key_check (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    key_id TEXT NOT NULL,
    sealed TEXT NOT NULL
);
