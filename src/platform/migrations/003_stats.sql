-- Module statistics (the `stats` declarations of docs/modules.md), kept incrementally.
-- Writers append one row to platform.stat_delta in their own transaction (no shared row is
-- updated on the request path); the platform job `platform:fold_stats` moves the deltas into
-- platform.stat; reads add the pending deltas to the totals, so they are exact.
--
-- A row is one cell: the module and figure, the territory path (top level first; '{}' when
-- the figure has no territory), the agency ('' when none), the hour in UTC ('-infinity' when
-- the figure has no time), the free dimensions as a JSON object, and the histogram bucket
-- (-1 for counts and sums; 0..n for a distribution: bucket i holds values below edge i, the
-- last one values at or above the last edge).
CREATE TABLE platform.stat (
  module text NOT NULL,
  name text NOT NULL,
  territory_path text[] NOT NULL DEFAULT '{}',
  agency text NOT NULL DEFAULT '',
  hour timestamptz NOT NULL DEFAULT '-infinity',
  dims jsonb NOT NULL DEFAULT '{}',
  bucket integer NOT NULL DEFAULT -1,
  count bigint NOT NULL DEFAULT 0,
  sum numeric NOT NULL DEFAULT 0,
  PRIMARY KEY (module, name, territory_path, agency, hour, dims, bucket)
);

CREATE TABLE platform.stat_delta (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  module text NOT NULL,
  name text NOT NULL,
  territory_path text[] NOT NULL DEFAULT '{}',
  agency text NOT NULL DEFAULT '',
  hour timestamptz NOT NULL DEFAULT '-infinity',
  dims jsonb NOT NULL DEFAULT '{}',
  bucket integer NOT NULL DEFAULT -1,
  count integer NOT NULL DEFAULT 0,
  sum numeric NOT NULL DEFAULT 0
);
CREATE INDEX stat_delta_figure_idx ON platform.stat_delta (module, name);
