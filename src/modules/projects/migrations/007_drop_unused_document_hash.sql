-- `projects.bank_entry.document_sha256` (002) was never written: an entry's supporting documents
-- are rows of their own in `projects.bank_entry_document` (006), any number per entry, each with
-- its type, size, name and who attached it. The column is dropped; should a database hold a value
-- in it (nothing in Tambo ever wrote one), the migration stops instead of losing it.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM projects.bank_entry WHERE document_sha256 IS NOT NULL) THEN
    RAISE EXCEPTION 'projects.bank_entry.document_sha256 holds values: attach them as projects.bank_entry_document rows first';
  END IF;
END $$;
ALTER TABLE projects.bank_entry DROP COLUMN document_sha256;
