-- The signing service's certificates (src/platform/signing, docs/signed-documents.md): the
-- demo PKI's root, issuing CA and timestamping authority, and one document-signing
-- certificate per agency (made on first use, or imported from PKCS#12). Private keys are
-- stored sealed (AES-256-GCM under the `signing-keys` purpose key, which is not in the
-- database); the root's key too, so that agencies added later get certificates.
CREATE TABLE platform.signing_certificate (
  id uuid PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('root', 'issuing', 'agency', 'tsa')),
  agency_code text CHECK ((role = 'agency') = (agency_code IS NOT NULL)),
  source text NOT NULL DEFAULT 'demo' CHECK (source IN ('demo', 'pkcs12')),
  subject text NOT NULL,
  serial text NOT NULL,
  certificate bytea NOT NULL,
  -- The chain above it (PEM certificates, issuer first), for imported certificates; the
  -- demo chain is the issuing CA's row.
  chain_pem text NOT NULL DEFAULT '',
  sealed_key text NOT NULL,
  not_before timestamptz NOT NULL,
  not_after timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- A replaced certificate stays (documents it signed still name it); only one is current.
  replaced_at timestamptz,
  revoked_at timestamptz,
  revocation_reason text
);
CREATE UNIQUE INDEX signing_certificate_current_authority ON platform.signing_certificate (role) WHERE replaced_at IS NULL AND role IN ('root', 'issuing', 'tsa');
CREATE UNIQUE INDEX signing_certificate_current_agency ON platform.signing_certificate (agency_code) WHERE replaced_at IS NULL AND role = 'agency';
CREATE UNIQUE INDEX signing_certificate_serial ON platform.signing_certificate (serial);
