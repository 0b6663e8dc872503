-- "Mi actividad" also lists the roles an administrator granted to or revoked from the person
-- (detail: agencyCode, role), recorded in the same transaction as the change itself.
ALTER TABLE identity.activity DROP CONSTRAINT activity_kind_check;
ALTER TABLE identity.activity ADD CONSTRAINT activity_kind_check CHECK (kind IN ('sign_in', 'sign_in_failed', 'data_released', 'sign_out',
  'password_changed', 'level_raised', 'consent_granted', 'consent_revoked', 'session_revoked', 'account_created',
  'second_factor_enabled', 'second_factor_disabled', 'role_granted', 'role_revoked'));
