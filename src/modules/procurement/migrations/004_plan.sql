-- The annual procurement plan of each entity (docs/procurement.md, "Annual plan"): what it expects
-- to buy in a year, by CPV code, with an estimated amount and the quarter. Public; each item is
-- also an OCDS contracting process at its planning stage. The same item twice (a burst, a retry)
-- is stored once.
CREATE TABLE procurement.plan_item (
  id uuid PRIMARY KEY,
  ocid text NOT NULL UNIQUE,
  agency_code text NOT NULL,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
  quarter smallint NOT NULL CHECK (quarter BETWEEN 1 AND 4),
  cpv_code text NOT NULL,
  description text NOT NULL CHECK (length(description) BETWEEN 3 AND 300),
  estimated_amount numeric NOT NULL CHECK (estimated_amount > 0),
  currency text NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_code, year, quarter, cpv_code, description)
);
