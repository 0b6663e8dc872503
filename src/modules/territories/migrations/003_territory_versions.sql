-- Territories are versioned (issue #17, docs/registries.md): every change of a unit's name,
-- level, parent or capital flag writes a new version with who made it and why, and closes
-- the previous one; the current row stays in territories.territory, the history here, so a
-- unit can be read "as of" any instant. Who and why come from the transaction's settings
-- `tambo.actor` and `tambo.reason` (set by territory.service.ts; 'system' when unset), so
-- every writer — the seed, an import, an administrator — is versioned the same way.
CREATE TABLE territories.territory_version (
  code text NOT NULL REFERENCES territories.territory (code),
  version integer NOT NULL CHECK (version >= 1),
  level text NOT NULL,
  name text NOT NULL,
  parent_code text,
  path text[] NOT NULL,
  is_capital boolean NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz,
  actor text NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (code, version),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE UNIQUE INDEX territory_version_current ON territories.territory_version (code) WHERE valid_to IS NULL;

CREATE FUNCTION territories.record_territory_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  next_version integer;
BEGIN
  UPDATE territories.territory_version SET valid_to = now() WHERE code = NEW.code AND valid_to IS NULL;
  SELECT coalesce(max(version), 0) + 1 INTO next_version FROM territories.territory_version WHERE code = NEW.code;
  INSERT INTO territories.territory_version (code, version, level, name, parent_code, path, is_capital, valid_from, actor, reason)
  VALUES (NEW.code, next_version, NEW.level, NEW.name, NEW.parent_code, NEW.path, NEW.is_capital, now(),
          coalesce(nullif(current_setting('tambo.actor', true), ''), 'system'),
          coalesce(nullif(current_setting('tambo.reason', true), ''), 'unspecified'));
  RETURN NEW;
END $$;

CREATE TRIGGER territory_versioned AFTER INSERT OR UPDATE OF level, name, parent_code, path, is_capital ON territories.territory
  FOR EACH ROW EXECUTE FUNCTION territories.record_territory_version();

-- The units loaded before versioning: their first version, from when they were created.
INSERT INTO territories.territory_version (code, version, level, name, parent_code, path, is_capital, valid_from, actor, reason)
SELECT code, 1, level, name, parent_code, path, is_capital, created_at, 'system', 'loaded before versioning' FROM territories.territory;
