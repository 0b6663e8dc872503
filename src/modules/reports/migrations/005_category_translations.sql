-- A category's name and description in the country's other languages:
-- {"_meta": {"status": "draft"}, "qu": {"name": …, "description": …}, …}. A text a language
-- lacks is shown in Spanish. Drafts until the country team reviews them.
ALTER TABLE reports.category ADD COLUMN translations jsonb NOT NULL DEFAULT '{}'
  CHECK (jsonb_typeof(translations) = 'object');
