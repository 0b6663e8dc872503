CREATE SCHEMA registries;

-- The general data model of public registries (docs/registries.md). A registry (personas,
-- unidades_economicas; territorios is a view over the territories module) is declared in code
-- with its version number, owner agency and field schema; its records live here. A record
-- is its key (the document number, the NIT/RIF) and a chain of versions: every change writes
-- a new version with who made it and why, and closes the previous one, so the record can be
-- read "as of" any instant. Deletion is a version too (`deleted`), never a removed row.
CREATE TABLE registries.record (
  id uuid PRIMARY KEY,
  registry text NOT NULL CHECK (registry ~ '^[a-z_]{1,40}$'),
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 40),
  current_version integer NOT NULL CHECK (current_version >= 1),
  deleted boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  modified_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (registry, key)
);
CREATE INDEX record_of_registry ON registries.record (registry, key) WHERE NOT deleted;

CREATE TABLE registries.record_version (
  record_id uuid NOT NULL REFERENCES registries.record (id),
  version integer NOT NULL CHECK (version >= 1),
  content jsonb NOT NULL CHECK (jsonb_typeof(content) = 'object'),
  deleted boolean NOT NULL DEFAULT false,
  valid_from timestamptz NOT NULL DEFAULT now(),
  valid_to timestamptz,
  actor_type text NOT NULL CHECK (actor_type IN ('official', 'system', 'person')),
  actor_id text NOT NULL,
  agency_code text,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  PRIMARY KEY (record_id, version),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE UNIQUE INDEX record_version_current ON registries.record_version (record_id) WHERE valid_to IS NULL;

-- Who read what: every read of a record by someone other than its subject (GovStack's
-- "personal data usage"). A read that came through the exchange keeps its X-Road headers.
CREATE TABLE registries.usage (
  id bigserial PRIMARY KEY,
  registry text NOT NULL,
  record_id uuid NOT NULL REFERENCES registries.record (id),
  record_key text NOT NULL,
  operation text NOT NULL CHECK (operation IN ('read', 'list', 'exists', 'read_value', 'history')),
  reader_type text NOT NULL CHECK (reader_type IN ('client', 'official')),
  reader_id text NOT NULL,
  reader_agency text,
  reader_name text,
  xroad_client text,
  xroad_id text,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX usage_of_record ON registries.usage (registry, record_key, occurred_at DESC);
CREATE INDEX usage_of_agency ON registries.usage (reader_agency, occurred_at DESC);

-- The legal representatives of economic units (persons by document number), for "act for"
-- (empresa digital): kept in step with the unit's current version.
CREATE TABLE registries.representative (
  unit_key text NOT NULL,
  document_number text NOT NULL,
  PRIMARY KEY (unit_key, document_number)
);
CREATE INDEX representative_of_person ON registries.representative (document_number);
