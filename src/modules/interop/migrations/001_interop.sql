-- The exchange (docs/interoperability.md): members are agencies (by code); a subsystem is an
-- OAuth client of the provider (client credentials) registered under its agency's code;
-- services published by a producer subsystem, access granted per service and endpoint, and
-- the message log sealed in signed, timestamped batches.
CREATE SCHEMA interop;

CREATE TABLE interop.subsystem (
  member_code text NOT NULL,
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{1,64}$'),
  client_id text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (member_code, code)
);

CREATE TABLE interop.service (
  id uuid PRIMARY KEY,
  member_code text NOT NULL,
  subsystem_code text NOT NULL,
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{1,64}$'),
  title text NOT NULL,
  base_url text NOT NULL,
  openapi jsonb NOT NULL,
  legal_basis text NOT NULL,
  classification text NOT NULL CHECK (classification IN ('public', 'internal', 'personal', 'sensitive')),
  conditions text NOT NULL DEFAULT '',
  source_label text NOT NULL DEFAULT '',
  published_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (member_code, subsystem_code, code),
  FOREIGN KEY (member_code, subsystem_code) REFERENCES interop.subsystem (member_code, code)
);

-- One row per granted endpoint: method '*' and path '/' grant the whole service; a path ends
-- in '*' for a prefix ('/persona/*').
CREATE TABLE interop.access_right (
  service_id uuid NOT NULL REFERENCES interop.service (id),
  client_member text NOT NULL,
  client_subsystem text NOT NULL,
  method text NOT NULL CHECK (method IN ('*', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE')),
  path text NOT NULL CHECK (path ~ '^/'),
  granted_by text NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (service_id, client_member, client_subsystem, method, path)
);

CREATE TABLE interop.batch (
  id uuid PRIMARY KEY,
  content bytea NOT NULL,
  signature bytea NOT NULL,
  timestamp_token bytea NOT NULL,
  sealed_at timestamptz NOT NULL DEFAULT now()
);

-- The message log: one row per call through the exchange (hashes, never bodies).
CREATE TABLE interop.message (
  id uuid PRIMARY KEY,
  xroad_id text NOT NULL,
  client_member text NOT NULL,
  client_subsystem text NOT NULL,
  service_id uuid NOT NULL REFERENCES interop.service (id),
  producer_member text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  user_id text,
  issue text,
  subject_account_id uuid,
  request_hash text NOT NULL,
  response_hash text,
  status integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  batch_id uuid REFERENCES interop.batch (id),
  UNIQUE (client_member, client_subsystem, xroad_id)
);
CREATE INDEX message_unsealed_idx ON interop.message (created_at) WHERE batch_id IS NULL;
CREATE INDEX message_subject_idx ON interop.message (subject_account_id, created_at) WHERE subject_account_id IS NOT NULL;
