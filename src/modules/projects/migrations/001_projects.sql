CREATE SCHEMA projects;

-- A public project (docs/projects.md): any project with a budget, an executing organisation,
-- milestones and spending. `kind` says where it comes from: a popular consultation, a plan,
-- a subnational government, or any other agency.
CREATE TABLE projects.project (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('consultation', 'plan', 'subnational', 'agency')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  -- Where it is: a territory of the tree (its path, top level first, for filters and totals)
  -- and, when known, a point; the communal circuit (a feature of the circuits layer) holding it.
  territory_code text NOT NULL,
  territory_path text[] NOT NULL,
  circuit_code text,
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  lon double precision CHECK (lon BETWEEN -180 AND 180),
  -- Who executes it: a territorial organisation (community council, commune) acting through
  -- its spokespeople's territory roles, or an agency.
  executor_territory_code text,
  executor_territory_path text[],
  executor_agency_code text,
  CHECK ((executor_territory_code IS NULL) <> (executor_agency_code IS NULL)),
  CHECK ((executor_territory_code IS NULL) = (executor_territory_path IS NULL)),
  budget_minor bigint NOT NULL CHECK (budget_minor >= 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status text NOT NULL DEFAULT 'approved' CHECK (status IN ('approved', 'in_progress', 'completed', 'suspended', 'cancelled')),
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  -- Where it came from, e.g. { consultationId, proposalId, votes } for a consultation's winner.
  source jsonb,
  source_key text UNIQUE,
  -- The agency whose system created it (null for a consultation's project): it may update it.
  created_by_agency text,
  -- Projects created by an agency's system: the client, its idempotency key and request fingerprint.
  client_id text,
  idempotency_key text,
  request_sha256 text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_territory_idx ON projects.project USING gin (territory_path);
CREATE INDEX project_created_idx ON projects.project (created_at DESC, id);
CREATE UNIQUE INDEX project_idempotency_idx ON projects.project (client_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Milestones, with the evidence of what was done.
CREATE TABLE projects.milestone (
  id uuid PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects.project (id),
  position integer NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  due_on date,
  done_on date,
  -- The evidence: a photo or PDF in the platform's file store (its SHA-256), public with the project.
  evidence_sha256 text CHECK (evidence_sha256 ~ '^[0-9a-f]{64}$'),
  evidence_note text CHECK (length(evidence_note) <= 1000),
  UNIQUE (project_id, position)
);

-- The communal banks register: a bank account that receives transfers for an organisation or territory.
CREATE TABLE projects.bank_account (
  id uuid PRIMARY KEY,
  bank_name text NOT NULL CHECK (length(bank_name) BETWEEN 1 AND 120),
  account_reference text NOT NULL UNIQUE CHECK (account_reference ~ '^[A-Z0-9-]{4,40}$'),
  holder_name text NOT NULL CHECK (length(holder_name) BETWEEN 1 AND 200),
  territory_code text NOT NULL,
  territory_path text[] NOT NULL,
  created_by_agency text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The transfer ledger: append-only. A deposit carries a positive amount; a correction is a new
-- entry naming the entry it corrects and carrying the signed difference, so every total is the
-- plain sum of the entries. Territory, path and circuit are copied from the project at entry.
CREATE TABLE projects.transfer (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  project_id uuid NOT NULL REFERENCES projects.project (id),
  bank_account_id uuid NOT NULL REFERENCES projects.bank_account (id),
  kind text NOT NULL CHECK (kind IN ('deposit', 'correction')),
  corrects_id uuid REFERENCES projects.transfer (id),
  CHECK ((kind = 'correction') = (corrects_id IS NOT NULL)),
  amount_minor bigint NOT NULL CHECK (amount_minor <> 0 AND (kind = 'correction' OR amount_minor > 0)),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  value_date date NOT NULL,
  reason text CHECK (length(reason) <= 500),
  CHECK (kind = 'deposit' OR reason IS NOT NULL),
  -- The supporting document (a bank slip, a resolution): a PDF or image in the platform's file store.
  document_sha256 text CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
  territory_code text NOT NULL,
  territory_path text[] NOT NULL,
  circuit_code text,
  agency_code text NOT NULL,
  client_id text,
  idempotency_key text,
  request_sha256 text,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX transfer_project_idx ON projects.transfer (project_id, seq);
CREATE INDEX transfer_territory_idx ON projects.transfer USING gin (territory_path);
CREATE INDEX transfer_circuit_idx ON projects.transfer (circuit_code) WHERE circuit_code IS NOT NULL;
CREATE UNIQUE INDEX transfer_idempotency_idx ON projects.transfer (client_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Append-only, whatever the code does: no UPDATE, DELETE or TRUNCATE (only a superuser who drops the trigger).
CREATE FUNCTION projects.refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the transfer ledger is append-only: % refused (a correction is a new entry)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER transfer_append_only BEFORE UPDATE OR DELETE ON projects.transfer
  FOR EACH ROW EXECUTE FUNCTION projects.refuse_ledger_change();
CREATE TRIGGER transfer_no_truncate BEFORE TRUNCATE ON projects.transfer
  FOR EACH STATEMENT EXECUTE FUNCTION projects.refuse_ledger_change();

-- Observations: a person's social-control report on a project, answered in public by the
-- executing organisation before `due_at`.
CREATE TABLE projects.observation (
  id uuid PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects.project (id),
  account_id uuid NOT NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  due_at timestamptz NOT NULL,
  answer text CHECK (length(answer) BETWEEN 1 AND 2000),
  answered_at timestamptz,
  answered_by uuid,
  CHECK ((answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX observation_project_idx ON projects.observation (project_id, created_at);
CREATE INDEX observation_account_idx ON projects.observation (account_id);
