-- Second factor (TOTP, RFC 6238). The key is kept encrypted (AES-256-GCM under a key derived
-- from the session secret) in account.totp_secret once confirmed; while the person enrols it
-- waits in totp_pending_secret. totp_last_step is the last time step accepted, so a code
-- works once. is_totp_exempt is set only by the demo seed (the demo official), which runs
-- only in demo mode: nobody else may skip the enrolment officials must do.
ALTER TABLE identity.account
  ADD COLUMN totp_pending_secret text,
  ADD COLUMN totp_last_step bigint,
  ADD COLUMN is_totp_exempt boolean NOT NULL DEFAULT false;

ALTER TABLE identity.activity DROP CONSTRAINT activity_kind_check;
ALTER TABLE identity.activity ADD CONSTRAINT activity_kind_check CHECK (kind IN ('sign_in', 'sign_in_failed', 'data_released', 'sign_out',
  'password_changed', 'level_raised', 'consent_granted', 'consent_revoked', 'session_revoked', 'account_created',
  'second_factor_enabled', 'second_factor_disabled'));
