-- Boundaries of territorial units and layers of named polygons that are not a tree
-- (docs/territories.md). Geometries are GeoJSON Polygon or MultiPolygon ([longitude, latitude],
-- WGS 84) kept as jsonb; the bounding box beside each one is indexed (GiST on a box) for the
-- prefilter of a point-in-polygon search, whose exact test runs in the application.
ALTER TABLE territories.territory
  ADD COLUMN boundary jsonb,
  ADD COLUMN min_lon double precision,
  ADD COLUMN min_lat double precision,
  ADD COLUMN max_lon double precision,
  ADD COLUMN max_lat double precision,
  ADD COLUMN boundary_updated_at timestamptz,
  ADD CONSTRAINT territory_boundary_bbox CHECK (
    (boundary IS NULL AND min_lon IS NULL AND min_lat IS NULL AND max_lon IS NULL AND max_lat IS NULL)
    OR (boundary IS NOT NULL AND min_lon <= max_lon AND min_lat <= max_lat)
  ),
  ADD CONSTRAINT territory_boundary_type CHECK (boundary IS NULL OR boundary->>'type' IN ('Polygon', 'MultiPolygon'));

CREATE INDEX territory_bbox_idx ON territories.territory
  USING gist (box(point(min_lon, min_lat), point(max_lon, max_lat)))
  WHERE boundary IS NOT NULL;

-- A layer: named polygons for the modules that need them (communal circuits, cuadrantes de paz,
-- indigenous autonomies, a commune's social map); its features may overlap and nest freely.
CREATE TABLE territories.layer (
  code text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
  -- {"es": "…", "en": "…"}
  name jsonb NOT NULL,
  description jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE territories.layer_feature (
  layer_code text NOT NULL REFERENCES territories.layer (code) ON DELETE CASCADE,
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
  name jsonb NOT NULL,
  boundary jsonb NOT NULL CHECK (boundary->>'type' IN ('Polygon', 'MultiPolygon')),
  min_lon double precision NOT NULL,
  min_lat double precision NOT NULL,
  max_lon double precision NOT NULL,
  max_lat double precision NOT NULL,
  PRIMARY KEY (layer_code, code),
  CHECK (min_lon <= max_lon AND min_lat <= max_lat)
);
CREATE INDEX layer_feature_bbox_idx ON territories.layer_feature
  USING gist (box(point(min_lon, min_lat), point(max_lon, max_lat)));
