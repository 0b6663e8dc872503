-- The answer to a correction request carries the person's comment (the event's text) and documents:
-- each a stored file (platform.file) by its hash, with the name it was sent with.
ALTER TABLE cases.case_event ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]';
