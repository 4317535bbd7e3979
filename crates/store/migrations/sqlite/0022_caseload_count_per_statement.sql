-- PostgreSQL counts inserted clients per statement from this version on (see its 0022). SQLite keeps its
-- row-level trigger: it updates the count rows in place, without the versions that made PostgreSQL's bulk
-- import quadratic. Nothing changes here; the file keeps both backends at the same version.
SELECT 1;
