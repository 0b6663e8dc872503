-- Open Badges 3.0 credentials (docs/training.md, "Open Badges"). The issuer's Ed25519 key,
-- one for the platform (its did:key is the issuer), the private key sealed at rest under the
-- keyring's `signing-keys` purpose; never replaced, so every badge issued keeps verifying.
CREATE TABLE training.badge_key (
  id smallint PRIMARY KEY CHECK (id = 1),
  private_sealed text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One badge per completed enrolment: the credential as issued (with its proof) and its entry in
-- the revocation status list (list 1, 131 072 entries); revoking sets the bit.
CREATE SEQUENCE training.badge_status_index MINVALUE 0 START 0 MAXVALUE 131071;
CREATE TABLE training.badge (
  enrolment_id uuid PRIMARY KEY REFERENCES training.enrolment (id),
  id uuid NOT NULL UNIQUE,
  status_index integer NOT NULL UNIQUE CHECK (status_index BETWEEN 0 AND 131071),
  credential jsonb NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_by uuid,
  revocation_reason text CHECK (length(revocation_reason) <= 500)
);
CREATE INDEX badge_revoked_idx ON training.badge (status_index) WHERE revoked_at IS NOT NULL;
