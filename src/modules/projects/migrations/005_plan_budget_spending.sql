-- E-government projects and their money (issue 25): the plan line a project serves (a line of
-- the observatory's plans model), its budget by year and source, and the spending recorded
-- against it, an append-only ledger like the transfers: a mistake is corrected by a new entry.
ALTER TABLE projects.project ADD COLUMN plan_line_id uuid;
CREATE INDEX project_plan_line_idx ON projects.project (plan_line_id) WHERE plan_line_id IS NOT NULL;

CREATE TABLE projects.budget_item (
  project_id uuid NOT NULL REFERENCES projects.project (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 120),
  amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
  PRIMARY KEY (project_id, year, source)
);

CREATE TABLE projects.spending (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  project_id uuid NOT NULL REFERENCES projects.project (id),
  kind text NOT NULL CHECK (kind IN ('payment', 'correction')),
  corrects_id uuid REFERENCES projects.spending (id),
  CHECK ((kind = 'correction') = (corrects_id IS NOT NULL)),
  amount_minor bigint NOT NULL CHECK (amount_minor <> 0 AND (kind = 'correction' OR amount_minor > 0)),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  value_date date NOT NULL,
  -- The budget source it is paid from (one of the project's budget items' sources).
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 120),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  agency_code text NOT NULL,
  client_id text,
  idempotency_key text,
  request_sha256 text,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX spending_project_idx ON projects.spending (project_id, seq);
CREATE UNIQUE INDEX spending_idempotency_idx ON projects.spending (client_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE FUNCTION projects.refuse_spending_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the spending ledger is append-only: % refused (a correction is a new entry)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER spending_append_only BEFORE UPDATE OR DELETE ON projects.spending
  FOR EACH ROW EXECUTE FUNCTION projects.refuse_spending_change();
CREATE TRIGGER spending_no_truncate BEFORE TRUNCATE ON projects.spending
  FOR EACH STATEMENT EXECUTE FUNCTION projects.refuse_spending_change();
