-- Offices where agencies attend people in person: the directory by territory (/oficinas) and
-- the places procedures name (a procedure's office entry carries the office's code).
CREATE TABLE agencies.office (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9]+(-[A-Z0-9]+)*$'),
  agency_code text NOT NULL REFERENCES agencies.agency (code),
  name text NOT NULL,
  -- The territory where the office is (a municipality, usually) and its path from the top
  -- level down (inclusive), kept so the directory groups and filters without a join.
  territory_code text NOT NULL,
  territory_path text[] NOT NULL CHECK (cardinality(territory_path) > 0 AND territory_path[cardinality(territory_path)] = territory_code),
  address text NOT NULL,
  hours text NOT NULL,
  phone text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX office_agency_idx ON agencies.office (agency_code);
CREATE INDEX office_territory_path_idx ON agencies.office USING gin (territory_path);
