CREATE SCHEMA open311;

-- Keys that applications send as `api_key` when they POST service requests. Only the
-- SHA-256 of the key is kept; the key itself is shown once, when an administrator issues it.
CREATE TABLE open311.api_key (
  id uuid PRIMARY KEY,
  application text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  -- The first characters of the key, so an administrator can tell keys apart.
  key_prefix text NOT NULL,
  issued_by text,
  issued_at timestamptz NOT NULL DEFAULT now(),
  revoked_by text,
  revoked_at timestamptz
);
