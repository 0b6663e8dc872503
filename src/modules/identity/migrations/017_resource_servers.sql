-- Resource servers (RFC 8707 resource indicators): an agency's API that accepts people's
-- tokens issued by Tambo's provider. A client asks `resource=<identifier>` at /auth/authorize
-- (or PAR) and /auth/token; the access token's audience is then the identifier and it
-- carries only the scopes below that the person consented to (oidc/resources.ts,
-- docs/api-auth.md). Registered by platform administrators (audited).
CREATE TABLE identity.resource_server (
  id uuid PRIMARY KEY,
  -- The absolute https URI the client sends as `resource` and the token's `aud`.
  identifier text NOT NULL UNIQUE CHECK (identifier ~ '^https://[^#*\s]+$' AND length(identifier) <= 300),
  -- The agency that owns the API: its clients introspect the tokens and may ask for it.
  agency_code text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  -- What the API lets a client do in the person's name, shown on the consent page.
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
  scopes text[] NOT NULL CHECK (cardinality(scopes) BETWEEN 1 AND 20),
  -- Clients of other agencies allowed to ask for it (the owning agency's clients always may).
  client_ids text[] NOT NULL DEFAULT '{}',
  access_token_ttl integer NOT NULL DEFAULT 600 CHECK (access_token_ttl BETWEEN 60 AND 3600),
  -- opaque: checked by introspection; jwt: signed by the provider, checked offline (JWKS).
  token_format text NOT NULL DEFAULT 'opaque' CHECK (token_format IN ('opaque', 'jwt')),
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resource_server_agency ON identity.resource_server (agency_code);
