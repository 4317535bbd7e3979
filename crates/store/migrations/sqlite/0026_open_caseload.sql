-- PostgreSQL's 0026 replaces client_counts with an index that gives the open caseload in deadline order, because
-- its generic plan switched to a sort after fresh statistics. SQLite keeps client_counts: its plan for the list
-- (client_caseload in order, status filtered) did not switch, and a recreated index loses its sqlite_stat1 row
-- until the next ANALYZE (see 0025). Kept as a step so that the two backends' migrations stay numbered alike.
SELECT 1;
