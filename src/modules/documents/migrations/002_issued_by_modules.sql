-- Documents other modules issue through `issueDocument` (docs/signed-documents.md, "Issued
-- by other modules"): payment receipts and mailbox notices. `source_key` names what a
-- document is of (e.g. `payments:<id>`): one document per key, so a retried issuance
-- writes nothing.
ALTER TABLE documents.document DROP CONSTRAINT document_kind_check;
ALTER TABLE documents.document ADD CONSTRAINT document_kind_check CHECK (kind IN ('certificate', 'resolution', 'receipt', 'notice'));
ALTER TABLE documents.document ADD COLUMN source_key text CHECK (source_key IS NULL OR length(source_key) BETWEEN 1 AND 200);
CREATE UNIQUE INDEX document_of_source ON documents.document (source_key) WHERE source_key IS NOT NULL;
