-- Idempotency keys of API writes that keep none on their own rows (src/platform/idempotency):
-- a client retrying a POST with the same `Idempotency-Key` gets the resource the first request
-- created. The key is claimed in the transaction that creates the resource, so of any number of
-- parallel retries one creates and the others wait for it and replay it. `scope` separates
-- callers (e.g. `cases.submit:<account>`), `request_sha256` tells a retry from another request
-- sent with the same key (refused), `resource` names what was created (e.g. a tracking code).
CREATE TABLE platform.idempotency_key (
  scope text NOT NULL CHECK (length(scope) BETWEEN 1 AND 300),
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  request_sha256 text NOT NULL CHECK (request_sha256 ~ '^[0-9a-f]{64}$'),
  resource text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
