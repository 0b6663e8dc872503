-- Once-only (issue #17): the values a form's fields took from a registry service through the
-- exchange, per application in progress (case_id null) and then per case. Each row names the
-- exchange message that supplied it (interop.message id and its X-Road-Id), or why none did:
-- the registry had no value (the person typed it) or the exchange refused (the refusal logged).
CREATE TABLE cases.prefill_read (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL,
  version_id uuid NOT NULL,
  -- Set, in the statement that writes the case, when the application is submitted.
  case_id uuid,
  field text NOT NULL,
  service text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('supplied', 'not_found', 'refused')),
  value jsonb,
  -- How the form names the source ("SERECI"): the service's source label at the time of the read.
  source_label text NOT NULL,
  message_id text,
  xroad_id text,
  read_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((outcome = 'supplied') = (value IS NOT NULL))
);
CREATE UNIQUE INDEX prefill_read_open_idx ON cases.prefill_read (account_id, version_id, field) WHERE case_id IS NULL;
CREATE INDEX prefill_read_case_idx ON cases.prefill_read (case_id) WHERE case_id IS NOT NULL;
