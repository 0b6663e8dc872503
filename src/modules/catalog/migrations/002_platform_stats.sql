-- The statistics of procedures are the catalog's `stats` declarations (procedure.stats.ts),
-- kept by the platform's statistics engine (platform.stat) and recorded by the cases module
-- as applications are submitted, decided and rated; the cases module's migration
-- 002_procedure_stats.sql recomputes them from the cases. The table the cases module
-- used to overwrite goes.
DROP TABLE catalog.procedure_statistics;
