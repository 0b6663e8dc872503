-- Cartografía social (issue 18): the points a commune (any territory) keeps about itself on its
-- map: services, risks and productive units, entered by the territory's social mappers. A point
-- is edited in place and retired (kept, not shown); every change is audited.
-- A doubled submission adds one point: forms and the API claim their key (platform.idempotency_key).
CREATE SCHEMA cartography;

CREATE TABLE cartography.social_point (
  id uuid PRIMARY KEY,
  -- The territory the point belongs to (its path, top level first: the maps above show it too).
  territory_path text[] NOT NULL CHECK (cardinality(territory_path) > 0),
  kind text NOT NULL CHECK (kind IN ('service', 'risk', 'productive_unit')),
  subcategory text NOT NULL CHECK (subcategory ~ '^[a-z_]{1,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  added_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  retired_at timestamptz,
  retired_by uuid
);
CREATE INDEX social_point_path ON cartography.social_point USING gin (territory_path) WHERE retired_at IS NULL;
CREATE INDEX social_point_updated ON cartography.social_point (updated_at DESC) WHERE retired_at IS NULL;
