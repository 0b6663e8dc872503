-- Social-production units (docs/projects.md, "Social-production units"): a unit is registered here
-- as such, optionally linked to its record in the economic-units registry (its NIT/RIF), with its
-- members' organs as registered, and its accounts are one account of the communal banks register:
-- its ledger (deposits, its own entries, observations) is that account's, append-only as it is.
CREATE TABLE projects.social_unit (
  key text PRIMARY KEY CHECK (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(key) <= 80),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  -- The unit's NIT/RIF in the economic-units registry (`unidades_economicas`), when it has one.
  registry_id text CHECK (length(registry_id) BETWEEN 3 AND 40),
  bank_account_id uuid NOT NULL UNIQUE REFERENCES projects.bank_account (id),
  -- Its organs as registered: [{ "name": "Asamblea de productores", "members": 14 }]; counts, never names.
  organs jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(organs) = 'array'),
  created_at timestamptz NOT NULL DEFAULT now()
);
