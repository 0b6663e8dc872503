-- Empresa digital (issue #17): a case can belong to an economic unit. A representative acting for
-- the unit files it (account_id stays the person who filed it); unit_key is the unit's NIT/RIF in
-- the registry of economic units. Every current representative of the unit sees the case, a
-- former one no longer does (checked against the registry on every read), nobody else does.
ALTER TABLE cases.case ADD COLUMN unit_key text;
CREATE INDEX case_unit_idx ON cases.case (unit_key, submitted_at DESC, id DESC) WHERE unit_key IS NOT NULL;
