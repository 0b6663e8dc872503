CREATE SCHEMA documents;

-- What a procedure's documents say, as data (docs/signed-documents.md, "Templates"): the
-- document type's title and body, with {placeholders} filled at issuance ({holder},
-- {document}, {procedure}, {agency}, {tracking}, {date}). procedure_id NULL is the default
-- template of an outcome, used by every procedure without one of its own.
CREATE TABLE documents.template (
  id uuid PRIMARY KEY,
  procedure_id uuid,
  outcome text NOT NULL CHECK (outcome IN ('approved', 'rejected')),
  kind text NOT NULL CHECK (kind IN ('certificate', 'resolution')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX template_of_procedure ON documents.template (coalesce(procedure_id, '00000000-0000-0000-0000-000000000000'::uuid), outcome);

INSERT INTO documents.template (id, procedure_id, outcome, kind, title, body) VALUES
  ('019a0000-0000-7000-8000-000000000001', NULL, 'approved', 'certificate', 'Certificado: {procedure}',
   '{agency} certifica que el trámite «{procedure}» (expediente {tracking}), iniciado por {holder}, titular del documento {document}, fue aprobado el {date}.'),
  ('019a0000-0000-7000-8000-000000000002', NULL, 'rejected', 'resolution', 'Resolución: {procedure}',
   '{agency} resuelve denegar el trámite «{procedure}» (expediente {tracking}), iniciado por {holder}, titular del documento {document}, el {date}.');

CREATE SEQUENCE documents.document_number;

-- An issued, signed document. The PDF is in the platform's file store under its SHA-256;
-- its issuance is in the audit chain with that hash. The verification code is random (100
-- bits): it is the QR's address and never derived from anything else.
CREATE TABLE documents.document (
  id uuid PRIMARY KEY,
  number text NOT NULL UNIQUE,
  verification_code text NOT NULL UNIQUE CHECK (verification_code ~ '^[0-9A-Z]{20}$'),
  -- One document per case and outcome: a retried issuance writes nothing.
  case_id uuid,
  account_id uuid NOT NULL,
  agency_code text NOT NULL,
  agency_name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('certificate', 'resolution')),
  title text NOT NULL,
  holder_name text NOT NULL,
  holder_document text NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  issued_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revocation_reason text CHECK (revocation_reason IS NULL OR length(revocation_reason) BETWEEN 1 AND 1000),
  revoked_by uuid,
  CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))
);
CREATE UNIQUE INDEX document_of_case ON documents.document (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX document_of_account ON documents.document (account_id, issued_at DESC);
CREATE INDEX document_of_agency ON documents.document (agency_code, issued_at DESC);
CREATE INDEX document_by_hash ON documents.document (sha256);
