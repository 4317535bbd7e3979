-- A caseworker's open caseload by deadline (the dashboard's list: organisation, assignee, status 'open', ORDER BY
-- deadline_sort, id LIMIT 50) had two indexes to choose from: client_caseload (the order, status filtered) and
-- client_counts (the filter, then a sort). Which one the generic plan took turned on the statistics: after
-- `reassess --all` and its VACUUM (ANALYZE) on the 100k benchmark it switched to client_counts and sorted the
-- caseload on every request — the caseworker dashboard 6,161 -> 4,499 and 5,611 -> 4,254 req/s in two
-- pairs. This index serves both the filter and the order, so no statistics make a sort cheaper; it replaces
-- client_counts (its key's prefix, with setting and stage carried for the counts of a filtered list).
DROP INDEX client_counts;
CREATE INDEX client_open_caseload ON client (organisation_id, assigned_to, status, deadline_sort, id)
  INCLUDE (setting, stage);
