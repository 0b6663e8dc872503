-- A version's public text in the country's other languages (Quechua, Aymara, Guaraní…):
-- {"_meta": {"status": "draft"}, "qu": {"name": …, "summary": …, "result": …,
-- "resultValidity": …, "requirements": […], "steps": […], "commitments": […]}, …}.
-- A text a language lacks is shown in Spanish. Drafts until the country team reviews them,
-- as the message catalogs' drafts are.
ALTER TABLE catalog.procedure_version ADD COLUMN translations jsonb NOT NULL DEFAULT '{}'
  CHECK (jsonb_typeof(translations) = 'object');
