CREATE SCHEMA enterprises;

-- Free basic tools for small and community enterprises (docs/enterprises.md): each economic unit
-- of the registries that uses them has a book. `last_receipt` is the unit's own receipt counter:
-- taken with UPDATE … RETURNING in the transaction that stores the sale, so a failed sale gives
-- its number back (the numbering has no gaps) and parallel sales wait for one another.
CREATE TABLE enterprises.book (
  unit_key text PRIMARY KEY CHECK (unit_key ~ '^[A-Za-z0-9-]{1,37}$'),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  last_receipt integer NOT NULL DEFAULT 0 CHECK (last_receipt >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION enterprises.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'enterprises.%: the cash book is append-only (record a correction instead)', TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;

-- The cash book: money in (sales, other income) and out (purchases, other expenses), and
-- corrections that name the entry they correct and carry the signed difference. `amount_minor`
-- is the signed effect on the cash: the balance is the plain sum, nothing stored twice.
CREATE TABLE enterprises.entry (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  unit_key text NOT NULL REFERENCES enterprises.book (unit_key),
  kind text NOT NULL CHECK (kind IN ('sale', 'purchase', 'income', 'expense', 'correction')),
  corrects_id uuid REFERENCES enterprises.entry (id),
  CHECK ((kind = 'correction') = (corrects_id IS NOT NULL)),
  amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
  CHECK (kind = 'correction' OR (kind IN ('sale', 'income')) = (amount_minor > 0)),
  value_date date NOT NULL,
  description text NOT NULL CHECK (length(description) BETWEEN 2 AND 500),
  -- The customer or supplier, as the person typed it (optional).
  counterpart text CHECK (length(counterpart) BETWEEN 1 AND 200),
  -- A sale's non-fiscal receipt: the unit's own numbering, 1, 2, 3 … without gaps.
  receipt_number integer CHECK (receipt_number > 0),
  CHECK (receipt_number IS NULL OR kind = 'sale'),
  UNIQUE (unit_key, receipt_number),
  recorded_by uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entry_unit_idx ON enterprises.entry (unit_key, seq);
CREATE INDEX entry_recorded_by_idx ON enterprises.entry (recorded_by);

CREATE TRIGGER entry_append_only BEFORE UPDATE OR DELETE ON enterprises.entry
  FOR EACH ROW EXECUTE FUNCTION enterprises.refuse_change();
CREATE TRIGGER entry_no_truncate BEFORE TRUNCATE ON enterprises.entry
  FOR EACH STATEMENT EXECUTE FUNCTION enterprises.refuse_change();

-- Fiscal invoicing: each request for a sale's invoice sent to the tax authority's online
-- authorisation (through the adapter) and its answer, authorised with a code or refused with a
-- reason. Append-only; at most one authorised invoice per sale.
CREATE TABLE enterprises.invoice (
  id uuid PRIMARY KEY,
  unit_key text NOT NULL REFERENCES enterprises.book (unit_key),
  entry_id uuid NOT NULL REFERENCES enterprises.entry (id),
  buyer_tax_id text NOT NULL CHECK (length(buyer_tax_id) BETWEEN 1 AND 20),
  buyer_name text NOT NULL CHECK (length(buyer_name) BETWEEN 1 AND 200),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  authority text NOT NULL,
  status text NOT NULL CHECK (status IN ('authorised', 'refused')),
  authorisation_code text CHECK (length(authorisation_code) BETWEEN 1 AND 100),
  refusal text CHECK (length(refusal) BETWEEN 1 AND 500),
  CHECK ((status = 'authorised') = (authorisation_code IS NOT NULL)),
  CHECK ((status = 'refused') = (refusal IS NOT NULL)),
  requested_by uuid NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX invoice_one_authorised ON enterprises.invoice (entry_id) WHERE status = 'authorised';
CREATE INDEX invoice_unit_idx ON enterprises.invoice (unit_key, requested_at);

CREATE TRIGGER invoice_append_only BEFORE UPDATE OR DELETE ON enterprises.invoice
  FOR EACH ROW EXECUTE FUNCTION enterprises.refuse_change();
