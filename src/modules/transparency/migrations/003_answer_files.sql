-- An answer's documents may be uploaded PDF files (the version sent, and its public version with
-- personal data removed), each a stored file (platform.file) by its hash with the name it was
-- uploaded with and its size: {"sha256", "filename", "size"}. The typed text versions stay optional beside them.
ALTER TABLE transparency.request
  ADD COLUMN sent_file jsonb CHECK (sent_file IS NULL OR jsonb_typeof(sent_file) = 'object'),
  ADD COLUMN public_file jsonb CHECK (public_file IS NULL OR jsonb_typeof(public_file) = 'object');
