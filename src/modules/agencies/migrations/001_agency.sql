CREATE SCHEMA agencies;

-- Public institutions: ministries, services, local governments, state companies.
CREATE TABLE agencies.agency (
  code text PRIMARY KEY,
  country text NOT NULL,
  name text NOT NULL,
  acronym text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('national', 'departmental', 'municipal', 'state_company', 'regulator', 'electoral', 'judicial')),
  -- The territory the agency serves (null: the whole country).
  territory_code text,
  mission text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agency_name_idx ON agencies.agency (country, name);
