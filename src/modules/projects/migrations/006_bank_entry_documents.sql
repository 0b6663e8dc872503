-- Supporting documents of a communal bank's own entries (docs/projects.md, "Communal banks"): a
-- receipt, an invoice, an assembly's minutes, attached by the bank's treasurer to an entry. The
-- file is in the platform's file store (content-addressed by its SHA-256); this row says which
-- entry of which bank it supports. Append-only like the ledger: a document is never replaced or
-- taken away; a wrong one stays and the right one is attached as a new document. The same file
-- attached twice to one entry is one document (the unique index is the claim of a burst).
CREATE TABLE projects.bank_entry_document (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  bank_account_id uuid NOT NULL REFERENCES projects.bank_account (id),
  entry_id uuid NOT NULL REFERENCES projects.bank_entry (id),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
  attached_by uuid NOT NULL,
  attached_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entry_id, sha256)
);
CREATE INDEX bank_entry_document_account_idx ON projects.bank_entry_document (bank_account_id, seq);
CREATE INDEX bank_entry_document_file_idx ON projects.bank_entry_document (sha256);

CREATE TRIGGER bank_entry_document_append_only BEFORE UPDATE OR DELETE ON projects.bank_entry_document
  FOR EACH ROW EXECUTE FUNCTION projects.refuse_ledger_change();
CREATE TRIGGER bank_entry_document_no_truncate BEFORE TRUNCATE ON projects.bank_entry_document
  FOR EACH STATEMENT EXECUTE FUNCTION projects.refuse_ledger_change();
