-- The normalized name (lower case, no accents) stored beside the name, so that matching part of
-- a name ("funciona", "pasap") reads it from the row instead of running unaccent on every
-- candidate row the trigram index returns (ADR 0005; measured in `npm run bench`).
ALTER TABLE catalog.procedure_version
  ADD COLUMN search_name text GENERATED ALWAYS AS (catalog.normalize(name)) STORED;
CREATE INDEX procedure_version_search_name_trgm_idx ON catalog.procedure_version USING gin (search_name public.gin_trgm_ops) WHERE status = 'published';
DROP INDEX catalog.procedure_version_name_trgm_idx;
