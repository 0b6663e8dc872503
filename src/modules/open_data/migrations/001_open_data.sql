CREATE SCHEMA open_data;

-- Publishers: one organization per agency that publishes (CKAN's "organization"). The
-- agency's code is kept, not a reference: open data never reads another module's tables.
CREATE TABLE open_data.organization (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9_-]{1,99}$'),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  agency_code text UNIQUE,
  homepage text,
  created timestamptz NOT NULL DEFAULT now()
);

-- Themes (CKAN's "group"), each mapped to a term of the EU data-theme vocabulary for DCAT-AP.
CREATE TABLE open_data.theme (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9_-]{1,99}$'),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  eu_theme text NOT NULL CHECK (eu_theme ~ '^[A-Z]{4}$'),
  created timestamptz NOT NULL DEFAULT now()
);

-- array_to_string is only stable (its element output could depend on settings); for text[] it
-- is not, so the search column may use it through this immutable wrapper.
CREATE FUNCTION open_data.words(text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN array_to_string($1, ' ');

CREATE TABLE open_data.dataset (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9_-]{1,99}$'),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  notes text NOT NULL DEFAULT '',
  organization_id uuid NOT NULL REFERENCES open_data.organization (id),
  license_id text NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  themes text[] NOT NULL DEFAULT '{}',
  temporal_start date,
  temporal_end date,
  -- A territory code of the country (null: the whole country).
  spatial text,
  -- A term of the EU frequency vocabulary (ANNUAL, MONTHLY, DAILY, IRREG, UPDATE_CONT…).
  frequency text NOT NULL DEFAULT 'IRREG' CHECK (frequency ~ '^[A-Z_0-9]{3,20}$'),
  contact_name text NOT NULL,
  contact_email text NOT NULL,
  version text NOT NULL DEFAULT '1.0',
  -- Where the content comes from (the platform's own datasets name the declaration and the job).
  provenance text NOT NULL DEFAULT '',
  -- 'agency': published by a publisher; 'platform': a snapshot of a module's declaration.
  source text NOT NULL DEFAULT 'agency' CHECK (source IN ('agency', 'platform')),
  source_key text UNIQUE,
  content_hash text,
  state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'deleted')),
  metadata_created timestamptz NOT NULL DEFAULT now(),
  metadata_modified timestamptz NOT NULL DEFAULT now(),
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce(name, '') || ' ' || title), 'A')
    || setweight(to_tsvector('simple', open_data.words(tags)), 'B')
    || setweight(to_tsvector('simple', notes), 'C')
  ) STORED
);
CREATE INDEX dataset_search_idx ON open_data.dataset USING gin (search);
CREATE INDEX dataset_tags_idx ON open_data.dataset USING gin (tags);
CREATE INDEX dataset_themes_idx ON open_data.dataset USING gin (themes);
CREATE INDEX dataset_organization_idx ON open_data.dataset (organization_id, metadata_modified DESC);
-- The default sort and stable paging: newest change first, then the id.
CREATE INDEX dataset_modified_idx ON open_data.dataset (metadata_modified DESC, id);
CREATE INDEX dataset_license_idx ON open_data.dataset (license_id);

-- Every published version of a dataset's metadata (its history).
CREATE TABLE open_data.dataset_version (
  dataset_id uuid NOT NULL REFERENCES open_data.dataset (id),
  version text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  note text NOT NULL DEFAULT '',
  metadata jsonb NOT NULL,
  PRIMARY KEY (dataset_id, version)
);

-- Distributions: a file in the platform's store (by hash) or a link.
CREATE TABLE open_data.resource (
  id uuid PRIMARY KEY,
  dataset_id uuid NOT NULL REFERENCES open_data.dataset (id),
  position integer NOT NULL,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  format text NOT NULL,
  mimetype text,
  file_sha256 text CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  url text,
  size bigint,
  -- The data dictionary: [{ id, type, label, notes, unit }].
  dictionary jsonb NOT NULL DEFAULT '[]',
  -- The typed table of the open_data schema holding the rows (the DataStore), when loaded.
  datastore_table text CHECK (datastore_table ~ '^ds_[0-9a-f]{32}$'),
  datastore_rows bigint,
  created timestamptz NOT NULL DEFAULT now(),
  last_modified timestamptz NOT NULL DEFAULT now(),
  CHECK ((file_sha256 IS NULL) <> (url IS NULL)),
  UNIQUE (dataset_id, position)
);
CREATE INDEX resource_format_idx ON open_data.resource (format, dataset_id);
