-- PAdES B-LTA (docs/signed-documents.md, "Archive timestamps"): a scheduled job appends to an
-- issued PDF its validation data and a document timestamp before the timestamping
-- certificate of its newest timestamp expires. The document's identity stays the SHA-256 it
-- was issued with (documents.document.sha256, in the audit chain); each archived version is a
-- new file in the file store, chained to the one before it.

-- The expiry of the TSA certificate that made the document's newest timestamp (NULL: not read
-- from the file yet; the job reads it).
ALTER TABLE documents.document ADD COLUMN timestamp_expires_at timestamptz;
CREATE INDEX document_timestamp_expiry ON documents.document (timestamp_expires_at NULLS FIRST);

CREATE TABLE documents.archived_version (
  document_id uuid NOT NULL REFERENCES documents.document (id),
  -- 1 for the first archive timestamp, then 2, …: one version per round.
  round integer NOT NULL CHECK (round >= 1),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  -- The file it extends (the issued one for round 1): the original's bytes are a prefix of it.
  previous_sha256 text NOT NULL CHECK (previous_sha256 ~ '^[0-9a-f]{64}$'),
  archived_at timestamptz NOT NULL,
  tsa_serial text NOT NULL,
  timestamp_expires_at timestamptz NOT NULL,
  PRIMARY KEY (document_id, round)
);
CREATE UNIQUE INDEX archived_version_by_hash ON documents.archived_version (sha256);
