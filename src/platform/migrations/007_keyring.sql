-- The platform keyring (src/platform/keys/keyring.ts, docs/security.md): the signing keys
-- of the provider and of everything the platform signs (mailbox receipts, audit
-- checkpoints). A key is published from created_at (its not_before); signs_from is when it
-- became the signing key (null: staged, published but not signing); retired_at ends its
-- validity (not_after). A retired key is no longer in the provider's JWKS, but its public
-- part stays published at /api/v1/keys with its dates, so old signatures keep verifying.
CREATE TABLE platform.signing_key (
  kid text PRIMARY KEY,
  alg text NOT NULL DEFAULT 'RS256' CHECK (alg = 'RS256'),
  private_jwk jsonb NOT NULL,
  public_jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  signs_from timestamptz,
  retired_at timestamptz
);

-- The keys identity kept until now (identity.signing_key, no longer read) move here
-- unchanged: same kid, same key, so tokens and receipts signed before keep verifying. The
-- newest created_at signed there; signs_from = created_at keeps that order. The old rows
-- are deleted: private keys live in one place.
DO $$
BEGIN
  IF to_regclass('identity.signing_key') IS NOT NULL THEN
    INSERT INTO platform.signing_key (kid, private_jwk, public_jwk, created_at, signs_from, retired_at)
    SELECT kid, private_jwk, private_jwk - 'd' - 'p' - 'q' - 'dp' - 'dq' - 'qi', created_at, created_at, retired_at
      FROM identity.signing_key
    ON CONFLICT (kid) DO NOTHING;
    DELETE FROM identity.signing_key;
  END IF;
END
$$;

-- Signed checkpoints of the audit log's head (docs/audit-log.md): each a compact JWS by the
-- platform key over {position, hash, sealedAt, signedAt}; append-only like the entries.
CREATE TABLE audit.checkpoint (
  position bigint PRIMARY KEY,
  hash text NOT NULL,
  sealed_at timestamptz NOT NULL,
  signed_at timestamptz NOT NULL DEFAULT now(),
  kid text NOT NULL,
  jws text NOT NULL
);
CREATE INDEX checkpoint_signed_at ON audit.checkpoint (signed_at DESC, position DESC);

CREATE FUNCTION audit.guard_checkpoint() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit checkpoints are append-only: % is not allowed', TG_OP;
END;
$$;
CREATE TRIGGER checkpoint_append_only BEFORE UPDATE OR DELETE ON audit.checkpoint
  FOR EACH ROW EXECUTE FUNCTION audit.guard_checkpoint();
CREATE TRIGGER checkpoint_no_truncate BEFORE TRUNCATE ON audit.checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION audit.guard_checkpoint();
