-- The back-office editor of translations (issue #10, docs/portal.md#translation-editor): each
-- edit of a message's text in one language is a row; the latest per (language, key) wins over
-- the catalog file's draft in every process. History is kept: rows are never updated.
CREATE SCHEMA portal;
CREATE TABLE portal.message_edit (
  id uuid PRIMARY KEY,
  language text NOT NULL CHECK (language ~ '^[a-z]{2,3}$'),
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
  edited_by uuid NOT NULL,
  edited_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX message_edit_latest_idx ON portal.message_edit (language, key, id DESC);
