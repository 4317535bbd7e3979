-- A caseworker's reports due (`Store::reports_due`): ORDER BY report_due, id LIMIT 20. SQLite's index already
-- ends in the rowid (the id), so it gave the order; with the shown columns in it too, the statement reads the
-- index alone (PostgreSQL's twin of this migration explains what it fixed there).
DROP INDEX client_report_due;
CREATE INDEX client_report_due ON client (organisation_id, assigned_to, status, report_due, id, family_name,
    given_names, report_from);
