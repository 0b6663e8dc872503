CREATE SCHEMA procurement;

-- A need an entity publishes (the feria a la inversa): one item, classified by CPV, with a
-- reference price, the conditions and the deadline for offers. The tender's public key seals
-- the offers; its private key is handed to the opening committee at publication and is never
-- stored (docs/procurement.md, "Sealed offers").
CREATE TABLE procurement.tender (
  id uuid PRIMARY KEY,
  ocid text NOT NULL UNIQUE,
  agency_code text NOT NULL,
  created_by uuid NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 3000),
  cpv_code text NOT NULL,
  quantity numeric NOT NULL CHECK (quantity > 0),
  unit text NOT NULL CHECK (length(unit) BETWEEN 1 AND 40),
  territory_code text NOT NULL,
  delivery_place text NOT NULL CHECK (length(delivery_place) BETWEEN 1 AND 300),
  delivery_date date NOT NULL,
  reference_amount numeric NOT NULL CHECK (reference_amount > 0),
  currency text NOT NULL,
  reserved text NOT NULL CHECK (reserved IN ('none', 'small', 'community')),
  rule text NOT NULL DEFAULT 'lowest_price' CHECK (rule IN ('lowest_price')),
  published_at timestamptz NOT NULL DEFAULT now(),
  deadline timestamptz NOT NULL,
  public_key text NOT NULL,
  opened_at timestamptz,
  opened_by uuid,
  awarded_offer_id uuid,
  standstill_ends_at timestamptz,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'awarded', 'unsuccessful', 'contracted')),
  CHECK (deadline > published_at)
);
CREATE INDEX tender_agency_idx ON procurement.tender (agency_code, published_at);
CREATE INDEX tender_cpv_idx ON procurement.tender (cpv_code);

-- An offer. Until the opening act only the sealed envelope exists (RSA-OAEP-wrapped AES-256-GCM
-- key, nonce, ciphertext; base64): the price and delivery date columns stay NULL, so no column reveals
-- an offer early. The receipt is the envelope's SHA-256 (hex) and an RFC 3161 timestamp token
-- over it (DER, base64).
CREATE TABLE procurement.offer (
  id uuid PRIMARY KEY,
  tender_id uuid NOT NULL REFERENCES procurement.tender (id),
  supplier_key text NOT NULL,
  supplier_name text NOT NULL,
  supplier_kind text NOT NULL CHECK (supplier_kind IN ('small', 'community', 'other')),
  submitted_by uuid NOT NULL,
  sealed text NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  timestamp_token text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  amount numeric,
  delivery_date date,
  outcome text CHECK (outcome IN ('winner', 'qualified', 'disqualified')),
  reason text,
  UNIQUE (tender_id, supplier_key)
);

-- Public questions during the tender, and the entity's answers.
CREATE TABLE procurement.question (
  id uuid PRIMARY KEY,
  tender_id uuid NOT NULL REFERENCES procurement.tender (id),
  asked_by uuid NOT NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 5 AND 2000),
  asked_at timestamptz NOT NULL DEFAULT now(),
  answer text CHECK (length(answer) <= 3000),
  answered_at timestamptz
);
CREATE INDEX question_tender_idx ON procurement.question (tender_id, asked_at);

-- A bidder's complaint against the award during the standstill, with its legal time to answer.
CREATE TABLE procurement.complaint (
  id uuid PRIMARY KEY,
  tender_id uuid NOT NULL REFERENCES procurement.tender (id),
  offer_id uuid NOT NULL REFERENCES procurement.offer (id),
  filed_by uuid NOT NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 10 AND 3000),
  filed_at timestamptz NOT NULL DEFAULT now(),
  due_at timestamptz NOT NULL,
  resolution text,
  resolved_at timestamptz
);

-- The contract: signed by the entity as a signed document, accepted by the supplier.
CREATE TABLE procurement.contract (
  id uuid PRIMARY KEY,
  tender_id uuid NOT NULL UNIQUE REFERENCES procurement.tender (id),
  offer_id uuid NOT NULL REFERENCES procurement.offer (id),
  amount numeric NOT NULL,
  document_number text NOT NULL,
  verification_code text NOT NULL,
  signed_at timestamptz NOT NULL DEFAULT now(),
  signed_by uuid NOT NULL,
  accepted_at timestamptz,
  accepted_by uuid
);

-- Deliveries and payments recorded against a contract.
CREATE TABLE procurement.transaction (
  id uuid PRIMARY KEY,
  contract_id uuid NOT NULL REFERENCES procurement.contract (id),
  kind text NOT NULL CHECK (kind IN ('delivery', 'payment')),
  amount numeric,
  on_date date NOT NULL,
  note text NOT NULL DEFAULT '',
  recorded_by uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

-- Every OCDS release as published, never changed: the packages page through them by date.
CREATE TABLE procurement.release (
  id text PRIMARY KEY,
  ocid text NOT NULL,
  date timestamptz NOT NULL,
  tag text[] NOT NULL,
  body jsonb NOT NULL
);
CREATE INDEX release_date_idx ON procurement.release (date, id);
CREATE INDEX release_ocid_idx ON procurement.release (ocid, date);
