-- Self-registration and password reset: one-time codes sent by e-mail or SMS.

-- A code in flight. For a registration, `pending` holds what the person typed (the
-- password already hashed with argon2id) until the code proves the address is theirs; for a
-- password reset, `account_id` names the account (NULL when no account matched the login:
-- the row exists anyway so that the answer is the same either way). Codes are stored as an
-- HMAC (under the session secret, salted with the row id), never in clear.
CREATE TABLE identity.verification (
  id uuid PRIMARY KEY,
  purpose text NOT NULL CHECK (purpose IN ('registration', 'password_reset')),
  -- Where the code went (NULL when nothing could be sent).
  channel text CHECK (channel IN ('email', 'sms')),
  destination text,
  -- HMAC of the address (registration) or of the login typed (reset): the throttling key.
  address_key text NOT NULL,
  account_id uuid REFERENCES identity.account (id),
  pending jsonb,
  -- false when the code can never be right (the e-mail already has an account, or no
  -- account matched): the person sees the same pages, and a notice went out instead.
  is_deliverable boolean NOT NULL,
  code_hash text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  sends integer NOT NULL DEFAULT 1,
  last_sent_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX verification_expires_idx ON identity.verification (expires_at);

-- Codes sent and wrong codes typed, for throttling per address and per account. Keys are
-- HMACs: no address is stored here. Rows older than a day are deleted as new ones arrive.
CREATE TABLE identity.verification_attempt (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('code_sent', 'code_failed')),
  address_key text NOT NULL,
  account_id uuid,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX verification_attempt_address_idx ON identity.verification_attempt (address_key, kind, occurred_at);
CREATE INDEX verification_attempt_account_idx ON identity.verification_attempt (account_id, kind, occurred_at) WHERE account_id IS NOT NULL;
CREATE INDEX verification_attempt_time_idx ON identity.verification_attempt (occurred_at);

-- "Mi actividad" also shows when the account was created.
ALTER TABLE identity.activity DROP CONSTRAINT activity_kind_check;
ALTER TABLE identity.activity ADD CONSTRAINT activity_kind_check CHECK (kind IN ('sign_in', 'sign_in_failed', 'data_released', 'sign_out',
  'password_changed', 'level_raised', 'consent_granted', 'consent_revoked', 'session_revoked', 'account_created'));
