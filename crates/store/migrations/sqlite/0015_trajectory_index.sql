-- A caseload's open trajectories with their names from the index alone (the dashboard's reports due):
-- without it every open client's row was read to check its stage, which halved the dashboard's rate.
CREATE INDEX client_trajectories ON client (organisation_id, assigned_to, status, stage, family_name, given_names);
