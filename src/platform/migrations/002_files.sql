-- Stored files (attachments, photos, uploads), content-addressed: a file is kept once under
-- the SHA-256 of its bytes, in the same transaction as the record that points to it, so a
-- change and its files commit or vanish together.
CREATE TABLE platform.file (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  media_type text NOT NULL,
  size integer NOT NULL CHECK (size >= 0),
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
