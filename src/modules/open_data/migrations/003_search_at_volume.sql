-- package_search at volume (docs/open-data.md, "Search at volume").
--
-- Every facet value of a dataset in one text[] column, each prefixed with its field
-- ('organization:segip', 'groups:salud', 'tags:agua', 'res_format:CSV', 'license_id:cc-by'),
-- under one GIN index: an fq over several facets is one index condition, and the facet counts
-- are one pass over the matches. The column is kept by the write path itself (these triggers),
-- so every writer — the catalog service, the platform's snapshots, a bulk load — keeps it true.
ALTER TABLE open_data.dataset ADD COLUMN facets text[] NOT NULL DEFAULT '{}';

CREATE FUNCTION open_data.dataset_facets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.facets := ARRAY(
    SELECT DISTINCT v FROM (
      SELECT 'organization:' || o.name AS v FROM open_data.organization o WHERE o.id = NEW.organization_id
      UNION ALL SELECT 'license_id:' || NEW.license_id
      UNION ALL SELECT 'tags:' || t FROM unnest(NEW.tags) t
      UNION ALL SELECT 'groups:' || g FROM unnest(NEW.themes) g
      UNION ALL SELECT 'res_format:' || upper(r.format) FROM open_data.resource r WHERE r.dataset_id = NEW.id
    ) x ORDER BY v);
  RETURN NEW;
END $$;
CREATE TRIGGER dataset_facets BEFORE INSERT OR UPDATE ON open_data.dataset
  FOR EACH ROW EXECUTE FUNCTION open_data.dataset_facets();

-- A resource's format is a facet of its dataset: a statement that adds, changes or removes
-- resources refreshes their datasets' facets once per dataset.
CREATE FUNCTION open_data.resource_facets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE open_data.dataset d SET facets = '{}' WHERE d.id IN (SELECT dataset_id FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE open_data.dataset d SET facets = '{}' WHERE d.id IN (SELECT dataset_id FROM old_rows);
  ELSE
    UPDATE open_data.dataset d SET facets = '{}' WHERE d.id IN (SELECT dataset_id FROM new_rows UNION SELECT dataset_id FROM old_rows);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER resource_facets_insert AFTER INSERT ON open_data.resource
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION open_data.resource_facets();
CREATE TRIGGER resource_facets_update AFTER UPDATE ON open_data.resource
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION open_data.resource_facets();
CREATE TRIGGER resource_facets_delete AFTER DELETE ON open_data.resource
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION open_data.resource_facets();

UPDATE open_data.dataset SET facets = '{}';
CREATE INDEX dataset_facets_idx ON open_data.dataset USING gin (facets);

-- Paging by start at depth: the active datasets in each stable order the API pages by (the id
-- breaks ties in the sort's own direction), small enough for an index-only scan, and the
-- place a harvester's next page starts from (keyset: search.service.ts).
DROP INDEX open_data.dataset_modified_idx;
CREATE INDEX dataset_active_modified_idx ON open_data.dataset (metadata_modified, id) WHERE state = 'active';
CREATE INDEX dataset_active_created_idx ON open_data.dataset (metadata_created, id) WHERE state = 'active';
CREATE INDEX dataset_active_id_idx ON open_data.dataset (id) WHERE state = 'active';
