CREATE SCHEMA territories;

-- The State's territorial tree (country profile levels), one row per unit.
CREATE TABLE territories.territory (
  code text PRIMARY KEY,
  country text NOT NULL,
  level text NOT NULL,
  name text NOT NULL,
  parent_code text REFERENCES territories.territory (code),
  -- Codes from the top down to this unit, for subtree queries: {BO-L,BO-L-01,BO-L-01-01}.
  path text[] NOT NULL,
  is_capital boolean NOT NULL DEFAULT false,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX territory_parent_idx ON territories.territory (parent_code, name);
CREATE INDEX territory_path_idx ON territories.territory USING gin (path);
