-- How long the platform keeps each issued document (its PDF in the file store and its row), fixed
-- when it is issued from the country profile's `documentRetentionYears`: a later change of the
-- profile never shortens what was promised. Documents issued before this migration get the
-- profiles' ten years from their issue date.
ALTER TABLE documents.document ADD COLUMN retain_until date;
UPDATE documents.document SET retain_until = ((issued_at AT TIME ZONE 'UTC')::date + interval '10 years')::date;
ALTER TABLE documents.document ALTER COLUMN retain_until SET NOT NULL;
