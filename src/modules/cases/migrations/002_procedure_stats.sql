-- The statistics of procedures move to the platform's statistics engine: the catalog's figures
-- (src/modules/catalog/procedure.stats.ts, module 'catalog' in platform.stat) are computed
-- here once from the cases, as rebuildProcedureStatistics does. A figure's cell: the case's
-- agency, the hour it was submitted, and its procedure id. "In time" compares the decision's
-- date with the due date as the recomputation job did (the database's date; the services use
-- the country's calendar from now on).
-- days_to_complete bucket edges (days), as DAYS_TO_COMPLETE_EDGES: each tenth to 1, each half
-- day to 30, each day to 90, each week from 97 to 363.
WITH edges AS (
  SELECT array(SELECT e FROM (SELECT generate_series(0.1, 1.0, 0.1) AS e UNION ALL SELECT generate_series(1.5, 30, 0.5)
                              UNION ALL SELECT generate_series(31, 90, 1) UNION ALL SELECT generate_series(97, 363, 7)) x ORDER BY e) AS e
),
base AS (
  SELECT c.agency_code AS agency, date_trunc('hour', c.submitted_at) AS hour, jsonb_build_object('procedure', c.procedure_id::text) AS dims,
         c.decided_at IS NOT NULL AND c.decided_at::date <= c.due_date AS in_time,
         CASE WHEN c.decided_at IS NOT NULL THEN greatest(extract(epoch FROM c.decided_at - c.submitted_at) / 86400, 0) END AS days, c.satisfaction
    FROM cases.case c
),
decided AS (
  SELECT b.*, (SELECT count(*) FROM unnest((SELECT e FROM edges)) AS edge WHERE b.days >= edge)::int AS bucket
    FROM base b WHERE b.days IS NOT NULL
)
INSERT INTO platform.stat (module, name, territory_path, agency, hour, dims, bucket, count, sum)
SELECT 'catalog', 'applications', '{}'::text[], agency, hour, dims, -1, count(*), 0 FROM base GROUP BY agency, hour, dims
UNION ALL
SELECT 'catalog', 'completed_in_time', '{}', agency, hour, dims, -1, count(*), 0 FROM base WHERE in_time GROUP BY agency, hour, dims
UNION ALL
SELECT 'catalog', 'days_to_complete', '{}', agency, hour, dims, bucket, count(*), sum(days) FROM decided GROUP BY agency, hour, dims, bucket
UNION ALL
SELECT 'catalog', 'satisfaction', '{}', agency, hour, dims, -1, count(*), sum(satisfaction) FROM base WHERE satisfaction IS NOT NULL GROUP BY agency, hour, dims;
