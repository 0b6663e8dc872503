-- Accent folding in search (docs/open-data.md, "Search"): "educacion" finds "Educación", as
-- people type without accents. PostgreSQL's unaccent (a trusted extension, shipped with the
-- server in the Debian packages and in the embedded PostgreSQL) folds the words of a text
-- search configuration; to_tsvector with a named configuration stays immutable, so the
-- generated search column and its index use it.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION open_data.folded (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION open_data.folded
  ALTER MAPPING FOR word, hword, hword_part WITH unaccent, simple;

ALTER TABLE open_data.dataset DROP COLUMN search;
ALTER TABLE open_data.dataset ADD COLUMN search tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('open_data.folded', coalesce(name, '') || ' ' || title), 'A')
  || setweight(to_tsvector('open_data.folded', open_data.words(tags)), 'B')
  || setweight(to_tsvector('open_data.folded', notes), 'C')
) STORED;
CREATE INDEX dataset_search_idx ON open_data.dataset USING gin (search);
