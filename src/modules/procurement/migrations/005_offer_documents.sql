-- Documents attached to a sealed offer (docs/procurement.md, "Documents of an offer"). Until the
-- opening act only the envelope exists: the file's name and bytes sealed together with the
-- tender's public key (as the price), the envelope's SHA-256 as the receipt, and a dedupe key (an
-- HMAC under the platform's secret, so a database reader cannot test a guessed file against it).
-- The opening act writes the name, the size, the file's SHA-256 and its bytes.
CREATE TABLE procurement.offer_document (
  id uuid PRIMARY KEY,
  offer_id uuid NOT NULL REFERENCES procurement.offer (id),
  tender_id uuid NOT NULL REFERENCES procurement.tender (id),
  sealed text NOT NULL,
  sealed_sha256 text NOT NULL CHECK (sealed_sha256 ~ '^[0-9a-f]{64}$'),
  dedupe text NOT NULL,
  attached_by uuid NOT NULL,
  attached_at timestamptz NOT NULL DEFAULT now(),
  filename text,
  size integer,
  sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea,
  UNIQUE (offer_id, dedupe)
);
CREATE INDEX offer_document_tender_idx ON procurement.offer_document (tender_id, attached_at);
