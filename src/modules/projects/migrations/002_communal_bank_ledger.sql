-- A communal bank's own ledger (docs/projects.md, "Communal banks"): what the bank does with the
-- money it received (the transfer ledger) — loans, payments, repayments — append-only like the
-- transfer ledger. `amount_minor` is the signed effect on the bank's balance: a loan or payment
-- goes out (negative), a repayment comes in (positive), a correction carries the signed difference
-- and names the entry it corrects. The balance is deposits plus these entries, nothing stored twice.
CREATE TABLE projects.bank_entry (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  bank_account_id uuid NOT NULL REFERENCES projects.bank_account (id),
  kind text NOT NULL CHECK (kind IN ('loan', 'payment', 'repayment', 'correction')),
  corrects_id uuid REFERENCES projects.bank_entry (id),
  CHECK ((kind = 'correction') = (corrects_id IS NOT NULL)),
  amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
  CHECK (kind = 'correction' OR (kind = 'repayment') = (amount_minor > 0)),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  value_date date NOT NULL,
  -- What a loan or payment is for (figures by purpose).
  purpose text CHECK (purpose IN ('production', 'food', 'housing', 'services', 'community', 'other')),
  description text NOT NULL CHECK (length(description) BETWEEN 2 AND 500),
  -- The supporting document (a receipt, an assembly's minutes) in the platform's file store.
  document_sha256 text CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
  recorded_by uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bank_entry_account_idx ON projects.bank_entry (bank_account_id, seq);

CREATE TRIGGER bank_entry_append_only BEFORE UPDATE OR DELETE ON projects.bank_entry
  FOR EACH ROW EXECUTE FUNCTION projects.refuse_ledger_change();
CREATE TRIGGER bank_entry_no_truncate BEFORE TRUNCATE ON projects.bank_entry
  FOR EACH STATEMENT EXECUTE FUNCTION projects.refuse_ledger_change();

-- Members' observations on an entry of a bank's accounts (contraloría social), answered in public
-- by the bank's treasurer. `entry` names a deposit (`transfer:<seq>`) or a bank entry (`entry:<seq>`).
CREATE TABLE projects.bank_observation (
  id uuid PRIMARY KEY,
  bank_account_id uuid NOT NULL REFERENCES projects.bank_account (id),
  entry text NOT NULL CHECK (entry ~ '^(transfer|entry):[0-9]+$'),
  account_id uuid NOT NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 10 AND 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  due_at timestamptz NOT NULL,
  answer text CHECK (length(answer) BETWEEN 2 AND 2000),
  answered_at timestamptz,
  answered_by uuid,
  CHECK ((answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX bank_observation_account_idx ON projects.bank_observation (bank_account_id, created_at);
