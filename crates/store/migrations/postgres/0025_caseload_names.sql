-- A caseworker's name search (`Store::list_clients`) narrows their caseload to the matching names inside the
-- visibility set. With the name keys carried in the caseload index, PostgreSQL checks them there (an index-only
-- scan) instead of fetching each of the caseload's clients from the table: 0.9 -> 0.13 ms for 200 clients. The
-- key is unchanged, so the dashboard's list keeps its plan.
DROP INDEX client_caseload;
CREATE INDEX client_caseload ON client (organisation_id, assigned_to, deadline_sort, id) INCLUDE (family_key, given_key);
