-- Every process keeps clients and people's consents for a few seconds (AUTH_CACHE_SECONDS,
-- src/modules/identity/auth-cache.ts), so that a token check, a refresh and a sign-in do not
-- read them on every request. As in 013, the database announces every change on the
-- notification bus, so no writer can forget to:
-- - a consent changed (granted again, narrowed, revoked) or deleted: `identity.auth_changed`
--   with the account, like every other change of what a person's tokens may do;
-- - a client inserted, changed or deleted, or one of its client-credentials tokens revoked or
--   changed: `identity.client_changed` with the client id (a table that adds rights to
--   clients attaches `identity.announce_client_changed()` too).
CREATE TRIGGER consent_changed AFTER UPDATE ON identity.consent
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION identity.announce_auth_changed();
CREATE TRIGGER consent_deleted AFTER DELETE ON identity.consent
  FOR EACH ROW EXECUTE FUNCTION identity.announce_auth_changed();

CREATE FUNCTION identity.announce_client_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed record;
  client text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    changed := NEW;
  ELSE
    changed := OLD;
  END IF;
  IF TG_TABLE_NAME = 'oidc_model' THEN
    client := changed.payload->>'clientId';
  ELSE
    client := changed.client_id;
  END IF;
  IF client IS NOT NULL THEN
    PERFORM pg_notify('tambo_bus', json_build_object('topic', 'identity.client_changed', 'payload', json_build_object('client', client))::text);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER client_changed AFTER INSERT OR UPDATE OR DELETE ON identity.client
  FOR EACH ROW EXECUTE FUNCTION identity.announce_client_changed();

-- Client-credentials tokens (agencies' systems): revoked or changed before their expiry.
CREATE TRIGGER client_credentials_revoked AFTER DELETE ON identity.oidc_model
  FOR EACH ROW WHEN (OLD.model = 'ClientCredentials' AND (OLD.expires_at IS NULL OR OLD.expires_at > now()))
  EXECUTE FUNCTION identity.announce_client_changed();
CREATE TRIGGER client_credentials_changed AFTER UPDATE ON identity.oidc_model
  FOR EACH ROW WHEN (OLD.model = 'ClientCredentials' AND (OLD.payload IS DISTINCT FROM NEW.payload OR OLD.consumed_at IS DISTINCT FROM NEW.consumed_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at))
  EXECUTE FUNCTION identity.announce_client_changed();

-- Counting sign-in attempts (two updates of `failed_sign_ins` in every sign-in: the attempt
-- claimed, then cleared) changes nothing a kept session, token or account relies on: it no
-- longer makes every process forget the person's entries. A lock (`locked_until`) still does.
DROP TRIGGER account_changed ON identity.account;
CREATE TRIGGER account_changed AFTER UPDATE ON identity.account
  FOR EACH ROW WHEN ((to_jsonb(OLD) - 'failed_sign_ins') IS DISTINCT FROM (to_jsonb(NEW) - 'failed_sign_ins'))
  EXECUTE FUNCTION identity.announce_auth_changed();
