-- Coarser cells of the statistics engine (003_stats.sql): the hour cells of platform.stat
-- folded into day and month cells in a time zone (the country's), so that a read over a long
-- range adds a few cells per month instead of one per hour. `readStat` takes the coarsest grain
-- that covers the asked range exactly and hour cells only at its edges
-- (src/platform/stats/stats.queries.ts).
--
-- A day (month) cell holds the hour cells whose hour starts in that local day (month) of
-- `time_zone`, for the same figure, territory path, agency, free dimensions and bucket;
-- `period_start` is the instant of its local midnight. Only figures with a time dimension
-- have them (hour > '-infinity').
CREATE TABLE platform.stat_rollup (
  module text NOT NULL,
  name text NOT NULL,
  time_zone text NOT NULL,
  grain text NOT NULL CHECK (grain IN ('day', 'month')),
  period_start timestamptz NOT NULL,
  territory_path text[] NOT NULL DEFAULT '{}',
  agency text NOT NULL DEFAULT '',
  dims jsonb NOT NULL DEFAULT '{}',
  bucket integer NOT NULL DEFAULT -1,
  count bigint NOT NULL DEFAULT 0,
  sum numeric NOT NULL DEFAULT 0,
  PRIMARY KEY (module, name, time_zone, grain, period_start, territory_path, agency, dims, bucket)
);

-- The zones whose rollups are complete. The fold builds a zone's rollups from the hour cells
-- and registers it in the same transaction; from then on every fold keeps them. A read in a
-- zone not listed here adds hour cells, as before.
CREATE TABLE platform.stat_rollup_zone (
  time_zone text PRIMARY KEY,
  built_at timestamptz NOT NULL DEFAULT now()
);

-- The edges of a range: a figure's hour cells by time.
CREATE INDEX stat_figure_hour_idx ON platform.stat (module, name, hour);
