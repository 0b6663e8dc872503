-- "Mi actividad" also lists each read of the person's record in a public registry by someone
-- other than the person (the registries module; detail: registry, agencyCode, and the
-- exchange message's X-Road-Id when the read came through the exchange).
ALTER TABLE identity.activity DROP CONSTRAINT activity_kind_check;
ALTER TABLE identity.activity ADD CONSTRAINT activity_kind_check CHECK (kind IN ('sign_in', 'sign_in_failed', 'data_released', 'sign_out',
  'password_changed', 'level_raised', 'consent_granted', 'consent_revoked', 'session_revoked', 'account_created',
  'second_factor_enabled', 'second_factor_disabled', 'role_granted', 'role_revoked', 'registry_read'));
