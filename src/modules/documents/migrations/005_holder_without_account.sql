-- A document may be issued to a person without an account (docs/signed-documents.md, "Holders
-- without an account"): a paper certificate for a learner at an Infocentro carries the name and
-- identity document the issuing module gives, and no account. Such a document is always issued
-- by another module (its source key), and, having no account, is in no one's "Mis documentos".
ALTER TABLE documents.document ALTER COLUMN account_id DROP NOT NULL;
ALTER TABLE documents.document ADD CONSTRAINT document_holder_check CHECK (account_id IS NOT NULL OR source_key IS NOT NULL);
