-- A client's records of one kind, by date, from the index alone: the start of a trajectory (its reporting
-- periods) for every client of a caseload on the dashboard, without reading each record's row.
CREATE INDEX record_by_client_kind ON record (client_id, kind, on_date);
