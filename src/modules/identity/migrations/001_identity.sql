CREATE SCHEMA identity;

-- One account per person (Ciudadanía Digital).
CREATE TABLE identity.account (
  id uuid PRIMARY KEY,
  country text NOT NULL,
  document_type text NOT NULL,
  document_number text NOT NULL,
  given_name text NOT NULL,
  family_name text NOT NULL,
  birth_date date,
  email text,
  email_verified_at timestamptz,
  phone text,
  phone_verified_at timestamptz,
  address text,
  territory_code text,
  -- bajo: self-registered; sustancial: identity verified in person or by a verified credential.
  -- alto is sustancial plus a second factor at sign-in, so it is a property of a session, not stored here.
  level text NOT NULL DEFAULT 'bajo' CHECK (level IN ('bajo', 'sustancial')),
  verified_at timestamptz,
  verified_by uuid,
  password_hash text,
  totp_secret text,
  totp_enabled_at timestamptz,
  failed_sign_ins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  is_platform_admin boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX account_document_idx ON identity.account (country, document_type, document_number);
CREATE UNIQUE INDEX account_email_idx ON identity.account (lower(email)) WHERE email IS NOT NULL;

-- Roles of officials in an agency.
CREATE TABLE identity.role_assignment (
  account_id uuid NOT NULL REFERENCES identity.account (id),
  agency_code text NOT NULL,
  role text NOT NULL CHECK (role IN ('case_handler', 'registrar', 'publisher', 'auditor', 'agency_admin')),
  granted_by uuid,
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, agency_code, role)
);

-- Storage of the OpenID Connect provider (sessions, grants, codes, tokens, interactions…).
CREATE TABLE identity.oidc_model (
  model text NOT NULL,
  id text NOT NULL,
  payload jsonb NOT NULL,
  grant_id text,
  user_code text,
  uid text,
  account_id text,
  expires_at timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX oidc_model_grant_idx ON identity.oidc_model (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oidc_model_uid_idx ON identity.oidc_model (uid) WHERE uid IS NOT NULL;
CREATE INDEX oidc_model_expires_idx ON identity.oidc_model (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX oidc_model_account_idx ON identity.oidc_model (account_id, model) WHERE account_id IS NOT NULL;

-- Agencies' systems that sign people in (registered by a platform administrator).
CREATE TABLE identity.client (
  client_id text PRIMARY KEY,
  client_secret text,
  name text NOT NULL,
  agency_code text,
  redirect_uris text[] NOT NULL,
  post_logout_redirect_uris text[] NOT NULL DEFAULT '{}',
  backchannel_logout_uri text,
  scopes text[] NOT NULL,
  minimum_level text NOT NULL DEFAULT 'bajo' CHECK (minimum_level IN ('bajo', 'sustancial', 'alto')),
  sector_identifier text,
  subject_type text NOT NULL DEFAULT 'public' CHECK (subject_type IN ('public', 'pairwise')),
  require_par boolean NOT NULL DEFAULT false,
  is_first_party boolean NOT NULL DEFAULT false,
  purpose text NOT NULL DEFAULT '',
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- What each person agreed to share with each client.
CREATE TABLE identity.consent (
  account_id uuid NOT NULL REFERENCES identity.account (id),
  client_id text NOT NULL REFERENCES identity.client (client_id),
  scopes text[] NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  PRIMARY KEY (account_id, client_id)
);

-- "Mi actividad": sign-ins and every release of data to a client.
CREATE TABLE identity.activity (
  id bigserial PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES identity.account (id),
  kind text NOT NULL CHECK (kind IN ('sign_in', 'sign_in_failed', 'data_released', 'sign_out', 'password_changed', 'level_raised', 'consent_granted', 'consent_revoked', 'session_revoked')),
  client_id text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activity_account_idx ON identity.activity (account_id, occurred_at DESC);

-- The portal's own web sessions (the portal is a client of the provider).
CREATE TABLE identity.web_session (
  id text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES identity.account (id),
  oidc_sid text,
  acr text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  user_agent text,
  revoked_at timestamptz
);
CREATE INDEX web_session_account_idx ON identity.web_session (account_id) WHERE revoked_at IS NULL;
CREATE INDEX web_session_sid_idx ON identity.web_session (oidc_sid) WHERE oidc_sid IS NOT NULL;

-- Signing keys of the provider; the newest active key signs, older ones still verify.
CREATE TABLE identity.signing_key (
  kid text PRIMARY KEY,
  private_jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);
