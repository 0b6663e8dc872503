-- Advisories (docs/cgii.md#advisories): each entity's security contacts declare the products
-- and versions it runs; the centre's analysts publish advisories to every entity or to those
-- whose declared products match; the first read by an entity's contact is its read receipt.

-- A product an entity declares (name compared case-insensitively) and its versions ('' = any).
CREATE TABLE cgii.product (
  agency_code text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  versions text[] NOT NULL DEFAULT '{}',
  declared_by uuid NOT NULL,
  declared_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agency_code, name)
);
CREATE INDEX product_name_idx ON cgii.product (lower(name));

CREATE TABLE cgii.advisory (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 20000),
  actions text NOT NULL CHECK (length(actions) BETWEEN 1 AND 20000),
  -- [{ "name": "...", "versions": ["..."] }]: the affected products.
  products jsonb NOT NULL DEFAULT '[]',
  cve text[] NOT NULL DEFAULT '{}',
  severity text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
  tlp text NOT NULL CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red')),
  audience text NOT NULL CHECK (audience IN ('all', 'products')),
  author uuid NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX advisory_public_idx ON cgii.advisory (published_at DESC) WHERE tlp = 'clear';

-- The entities an advisory goes to (fixed when published), and each one's first read.
CREATE TABLE cgii.advisory_recipient (
  advisory_id uuid NOT NULL REFERENCES cgii.advisory (id),
  agency_code text NOT NULL,
  first_read_at timestamptz,
  first_read_by uuid,
  PRIMARY KEY (advisory_id, agency_code),
  CHECK ((first_read_at IS NULL) = (first_read_by IS NULL))
);
CREATE INDEX advisory_recipient_agency_idx ON cgii.advisory_recipient (agency_code);
