-- PostgreSQL's 0025 carries the name keys in the caseload index. SQLite keeps its index: widened, it lost its
-- statistics (a dropped index takes its sqlite_stat1 row with it) and until the next ANALYZE SQLite walked the
-- whole organisation through it — a caseworker's name search 2,530 -> 138 req/s. Kept as a step so that the
-- two backends' migrations stay numbered alike.
SELECT 1;
