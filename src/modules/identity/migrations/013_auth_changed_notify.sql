-- Every process keeps checked portal sessions, access tokens and accounts for a few seconds
-- (AUTH_CACHE_SECONDS). A change that must take effect at once announces itself on the
-- notification bus (channel tambo_bus, src/platform/events/bus.ts) from the database itself,
-- so no writer can forget to: an account changed or deleted, a session ended (or its times
-- moved), an access token revoked, consumed or deleted before its expiry. The announcement
-- names only the account; every process drops what it keeps of that account when the change
-- commits.
CREATE FUNCTION identity.announce_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  account text;
BEGIN
  IF TG_TABLE_NAME = 'account' THEN
    account := OLD.id::text;
  ELSE
    account := OLD.account_id::text;
  END IF;
  IF account IS NOT NULL THEN
    PERFORM pg_notify('tambo_bus', json_build_object('topic', 'identity.auth_changed', 'payload', json_build_object('account', account))::text);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER account_changed AFTER UPDATE ON identity.account
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION identity.announce_auth_changed();
CREATE TRIGGER account_deleted AFTER DELETE ON identity.account
  FOR EACH ROW EXECUTE FUNCTION identity.announce_auth_changed();

-- Sliding last_seen_at forward (every check that misses the cache) announces nothing.
CREATE TRIGGER web_session_ended AFTER UPDATE ON identity.web_session
  FOR EACH ROW WHEN (
    OLD.revoked_at IS DISTINCT FROM NEW.revoked_at
    OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
    OR NEW.last_seen_at < OLD.last_seen_at
    OR OLD.account_id IS DISTINCT FROM NEW.account_id
  ) EXECUTE FUNCTION identity.announce_auth_changed();
CREATE TRIGGER web_session_deleted AFTER DELETE ON identity.web_session
  FOR EACH ROW EXECUTE FUNCTION identity.announce_auth_changed();

-- Access tokens: revoked (deleted, one or the whole grant) or changed; the periodic removal
-- of long-expired rows announces nothing.
CREATE TRIGGER access_token_revoked AFTER DELETE ON identity.oidc_model
  FOR EACH ROW WHEN (OLD.model = 'AccessToken' AND (OLD.expires_at IS NULL OR OLD.expires_at > now()))
  EXECUTE FUNCTION identity.announce_auth_changed();
CREATE TRIGGER access_token_changed AFTER UPDATE ON identity.oidc_model
  FOR EACH ROW WHEN (OLD.model = 'AccessToken' AND (OLD.payload IS DISTINCT FROM NEW.payload OR OLD.consumed_at IS DISTINCT FROM NEW.consumed_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at))
  EXECUTE FUNCTION identity.announce_auth_changed();
