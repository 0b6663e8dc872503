-- Failed sign-ins with a login that matches no account are counted like a known account's
-- (under an HMAC of the login), so that the answers do not tell which logins exist.
ALTER TABLE identity.verification_attempt DROP CONSTRAINT verification_attempt_kind_check;
ALTER TABLE identity.verification_attempt ADD CONSTRAINT verification_attempt_kind_check CHECK (kind IN ('code_sent', 'code_failed', 'sign_in_failed'));
