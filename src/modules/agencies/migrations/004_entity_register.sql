-- The register of public entities (issue #25, docs/entities.md): every agency gets its level
-- in the State's organisation (seed 001: central level — the organs, the ministries, the
-- decentralised entities and public companies —, control and defence bodies, autonomous
-- territorial entities by kind, public universities), its legal basis, a contact and its
-- e-government officer. `superior_code` (002) is the parent entity, `territory_code` its territory.
ALTER TABLE agencies.agency
  ADD COLUMN level text,
  ADD COLUMN legal_basis text NOT NULL DEFAULT '' CHECK (length(legal_basis) <= 600),
  ADD COLUMN contact_email text CHECK (contact_email IS NULL OR contact_email ~ '^[^@\s]+@[^@\s]+$'),
  ADD COLUMN contact_phone text CHECK (contact_phone IS NULL OR length(contact_phone) <= 40),
  ADD COLUMN egov_officer text CHECK (egov_officer IS NULL OR length(egov_officer) <= 200);

-- Agencies loaded before the register: a level from their kind (a ministry by its name).
UPDATE agencies.agency SET level = CASE
  WHEN kind = 'departmental' THEN 'departmental'
  WHEN kind = 'municipal' THEN 'municipal'
  WHEN kind = 'state_company' THEN 'public_company'
  WHEN kind IN ('electoral', 'judicial') THEN 'central_organ'
  WHEN name ILIKE 'Ministerio%' THEN 'ministry'
  ELSE 'decentralised' END;

ALTER TABLE agencies.agency
  ALTER COLUMN level SET NOT NULL,
  ADD CONSTRAINT agency_level_check CHECK (level IN (
    'central_organ', 'ministry', 'decentralised', 'public_company', 'control_defence',
    'departmental', 'regional', 'municipal', 'indigenous', 'university'));
CREATE INDEX agency_level_idx ON agencies.agency (country, level);

-- Versioned like territories (003 there): every change writes a new version with who made it
-- (the transaction's `tambo.actor`, set by agency.service.ts; 'system' when unset) and closes
-- the previous one; the current row stays in agencies.agency.
CREATE TABLE agencies.agency_version (
  code text NOT NULL REFERENCES agencies.agency (code),
  version integer NOT NULL CHECK (version >= 1),
  name text NOT NULL,
  acronym text NOT NULL,
  kind text NOT NULL,
  level text NOT NULL,
  superior_code text,
  territory_code text,
  legal_basis text NOT NULL,
  contact_email text,
  contact_phone text,
  egov_officer text,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz,
  actor text NOT NULL,
  PRIMARY KEY (code, version),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE UNIQUE INDEX agency_version_current ON agencies.agency_version (code) WHERE valid_to IS NULL;

CREATE FUNCTION agencies.record_agency_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  next_version integer;
BEGIN
  UPDATE agencies.agency_version SET valid_to = now() WHERE code = NEW.code AND valid_to IS NULL;
  SELECT coalesce(max(version), 0) + 1 INTO next_version FROM agencies.agency_version WHERE code = NEW.code;
  INSERT INTO agencies.agency_version (code, version, name, acronym, kind, level, superior_code, territory_code, legal_basis,
                                       contact_email, contact_phone, egov_officer, valid_from, actor)
  VALUES (NEW.code, next_version, NEW.name, NEW.acronym, NEW.kind, NEW.level, NEW.superior_code, NEW.territory_code, NEW.legal_basis,
          NEW.contact_email, NEW.contact_phone, NEW.egov_officer, now(),
          coalesce(nullif(current_setting('tambo.actor', true), ''), 'system'));
  RETURN NEW;
END $$;

CREATE TRIGGER agency_versioned AFTER INSERT OR UPDATE OF name, acronym, kind, level, superior_code, territory_code, legal_basis, contact_email, contact_phone, egov_officer
  ON agencies.agency FOR EACH ROW EXECUTE FUNCTION agencies.record_agency_version();

INSERT INTO agencies.agency_version (code, version, name, acronym, kind, level, superior_code, territory_code, legal_basis, contact_email, contact_phone, egov_officer, valid_from, actor)
SELECT code, 1, name, acronym, kind, level, superior_code, territory_code, legal_basis, contact_email, contact_phone, egov_officer, created_at, 'system' FROM agencies.agency;
