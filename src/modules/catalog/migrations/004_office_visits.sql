-- Quality and simplification (issue #25, docs/entities.md): how many times a person must go to
-- an office for the procedure, per version. Null: not stated (read as 0 for an online
-- procedure, 1 otherwise). With steps, requirements, fee and time already in the version,
-- the simplification history compares version with version.
ALTER TABLE catalog.procedure_version ADD COLUMN office_visits integer CHECK (office_visits IS NULL OR office_visits BETWEEN 0 AND 50);
