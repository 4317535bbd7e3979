-- The next progress report owed to DT&V, kept with the client's other summary columns: the period's first
-- and last day while a trajectory runs, NULL otherwise. The caseworker's dashboard then reads the reports due
-- as one index range instead of walking every trajectory of the caseload with two subqueries each (which
-- halved the dashboard's rate). An empty summary_policy makes the next start-up recompute every summary.
ALTER TABLE client ADD COLUMN report_from TEXT;
ALTER TABLE client ADD COLUMN report_due TEXT;
UPDATE client SET summary_policy = '';
DROP INDEX client_trajectories;
CREATE INDEX client_report_due ON client (organisation_id, assigned_to, status, report_due);
