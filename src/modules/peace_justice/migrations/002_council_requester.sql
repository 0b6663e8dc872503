-- A community council as the requester of a mediation (docs/peace-justice.md): its spokesperson
-- (the councils' territory role `project_spokesperson` over the council) asks on its behalf; the case names
-- the council, and the spokesperson is the requesting party.
ALTER TABLE peace_justice.mediation ADD COLUMN requester_council text CHECK (requester_council ~ '^[A-Z0-9][A-Z0-9-]{0,63}$');
