-- A caseworker's reports due (`Store::reports_due`): ORDER BY report_due, id LIMIT 20. Many trajectories share a
-- due day (a period ends on the first of a month), so with report_due last in the key PostgreSQL read and sorted
-- every due report of the caseload (91 rows, 11 days, for 20 shown). With id in the key the index gives the order,
-- and with the shown columns included the scan stops at the twentieth entry without visiting the table.
DROP INDEX client_report_due;
CREATE INDEX client_report_due ON client (organisation_id, assigned_to, status, report_due, id)
    INCLUDE (family_name, given_names, report_from);
