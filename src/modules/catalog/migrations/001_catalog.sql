CREATE SCHEMA catalog;

-- Accent-insensitive Spanish search. Both extensions ship with PostgreSQL (contrib) and are
-- trusted, so a database owner may create them on managed services too.
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- Lower case without accents; immutable (the dictionary is named explicitly) so indexes may use it.
CREATE FUNCTION catalog.normalize(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN lower(public.unaccent('public.unaccent'::regdictionary, value));

-- array_to_string is only stable in general; for text[] it is immutable.
CREATE FUNCTION catalog.join_words(value text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN array_to_string(value, ' ');

-- Spanish stemming after removing accents: "información", "informacion" and "INFORMACIÓN" match.
CREATE TEXT SEARCH CONFIGURATION catalog.es (COPY = pg_catalog.spanish);
ALTER TEXT SEARCH CONFIGURATION catalog.es
  ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, spanish_stem;

-- A procedure (trámite) of an agency; its content lives in versions.
CREATE TABLE catalog.procedure (
  id uuid PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  agency_code text NOT NULL,
  -- draft: never published; published: its published version is public; retired: no longer offered.
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'retired')),
  published_version_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX procedure_agency_idx ON catalog.procedure (agency_code, status);

-- One version of a procedure's content. A published version never changes: editing a
-- published procedure creates a new draft version.
CREATE TABLE catalog.procedure_version (
  id uuid PRIMARY KEY,
  procedure_id uuid NOT NULL REFERENCES catalog.procedure (id),
  version integer NOT NULL CHECK (version > 0),
  -- draft → published → superseded (a later version was published) or retired.
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'superseded', 'retired')),
  name text NOT NULL,
  summary text NOT NULL,
  audiences text[] NOT NULL,
  topics text[] NOT NULL,
  life_events text[] NOT NULL DEFAULT '{}',
  requirements text[] NOT NULL DEFAULT '{}',
  legal_basis text[] NOT NULL DEFAULT '{}',
  fee_kind text NOT NULL CHECK (fee_kind IN ('free', 'fixed', 'formula')),
  fee_amount numeric(14, 2),
  fee_formula text,
  max_response_days integer NOT NULL CHECK (max_response_days > 0),
  tacit_outcome text NOT NULL CHECK (tacit_outcome IN ('approval', 'denial', 'none')),
  result text NOT NULL,
  result_validity text,
  is_online boolean NOT NULL DEFAULT false,
  offices jsonb NOT NULL DEFAULT '[]',
  steps text[] NOT NULL DEFAULT '{}',
  commitments text[] NOT NULL DEFAULT '{}',
  -- Form and workflow definitions (schema in src/platform/forms); null: not processed online.
  form jsonb,
  workflow jsonb,
  search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('catalog.es', name), 'A') ||
    setweight(to_tsvector('catalog.es', summary), 'B') ||
    setweight(to_tsvector('catalog.es', catalog.join_words(requirements) || ' ' || result), 'C')
  ) STORED,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  published_by text,
  UNIQUE (procedure_id, version)
);
CREATE UNIQUE INDEX procedure_version_one_draft_idx ON catalog.procedure_version (procedure_id) WHERE status = 'draft';
CREATE UNIQUE INDEX procedure_version_one_published_idx ON catalog.procedure_version (procedure_id) WHERE status = 'published';
CREATE INDEX procedure_version_search_idx ON catalog.procedure_version USING gin (search_vector) WHERE status = 'published';
CREATE INDEX procedure_version_name_trgm_idx ON catalog.procedure_version USING gin (catalog.normalize(name) public.gin_trgm_ops) WHERE status = 'published';
CREATE INDEX procedure_version_name_idx ON catalog.procedure_version (name) WHERE status = 'published';

ALTER TABLE catalog.procedure
  ADD CONSTRAINT procedure_published_version_fk FOREIGN KEY (published_version_id) REFERENCES catalog.procedure_version (id);

-- Every normalized word of the published catalog, to correct typos in searches.
CREATE TABLE catalog.search_word (
  word text PRIMARY KEY
);
CREATE INDEX search_word_trgm_idx ON catalog.search_word USING gin (word public.gin_trgm_ops);

-- Statistics per procedure, computed by the cases module and shown on the public page.
CREATE TABLE catalog.procedure_statistics (
  procedure_id uuid PRIMARY KEY REFERENCES catalog.procedure (id),
  applications integer NOT NULL CHECK (applications >= 0),
  completed integer NOT NULL CHECK (completed >= 0),
  median_days_to_complete numeric(10, 2),
  share_within_legal_time numeric(5, 4) CHECK (share_within_legal_time BETWEEN 0 AND 1),
  satisfaction_average numeric(4, 2),
  satisfaction_count integer NOT NULL DEFAULT 0 CHECK (satisfaction_count >= 0),
  computed_at timestamptz NOT NULL DEFAULT now()
);
