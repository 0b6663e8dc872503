-- The statistics of reports move to the platform's statistics engine (the `stats` of
-- reports.stats.ts, in platform.stat): the figures are recomputed here from the reports
-- themselves (as rebuildReportStats does), then the module's own tables go. A figure's cell:
-- the report's territory path, agency ('' when none), hour of reception, and category.
-- response_hours bucket edges (hours), as RESPONSE_HOUR_EDGES in reports.stats.ts: each hour
-- to 72, every 6 hours to 168, each day to 720, each week from 840 to 8736.
WITH edges AS (
  SELECT array(SELECT e FROM (SELECT generate_series(1, 72) AS e UNION ALL SELECT generate_series(78, 168, 6)
                              UNION ALL SELECT generate_series(192, 720, 24) UNION ALL SELECT generate_series(840, 8736, 168)) x ORDER BY e) AS e
),
base AS (
  SELECT r.territory_path, coalesce(r.agency_code, '') AS agency, date_trunc('hour', r.created_at) AS hour,
         jsonb_build_object('category', r.category_code) AS dims, r.status, r.reopened_count,
         r.first_response_at <= r.due_at AS in_time,
         CASE WHEN r.first_response_at IS NOT NULL THEN greatest(extract(epoch FROM r.first_response_at - r.created_at) / 3600, 0)::float8 END AS hours
    FROM reports.report r
),
answered AS (
  SELECT b.*, (SELECT count(*) FROM unnest((SELECT e FROM edges)) AS edge WHERE b.hours >= edge)::int AS bucket
    FROM base b WHERE b.hours IS NOT NULL
)
INSERT INTO platform.stat (module, name, territory_path, agency, hour, dims, bucket, count, sum)
SELECT 'reports', 'received', territory_path, agency, hour, dims, -1, count(*), 0 FROM base GROUP BY territory_path, agency, hour, dims
UNION ALL
SELECT 'reports', 'resolved', territory_path, agency, hour, dims, -1, count(*), 0 FROM base WHERE status = 'resolved' GROUP BY territory_path, agency, hour, dims
UNION ALL
SELECT 'reports', 'reopened', territory_path, agency, hour, dims, -1, sum(reopened_count), 0 FROM base WHERE reopened_count > 0 GROUP BY territory_path, agency, hour, dims
UNION ALL
SELECT 'reports', 'answered_in_time', territory_path, agency, hour, dims, -1, count(*), 0 FROM answered WHERE in_time GROUP BY territory_path, agency, hour, dims
UNION ALL
SELECT 'reports', 'response_hours', territory_path, agency, hour, dims, bucket, count(*), sum(hours) FROM answered GROUP BY territory_path, agency, hour, dims, bucket;

DROP TABLE reports.stat_delta;
DROP TABLE reports.stat;
