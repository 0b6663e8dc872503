-- A plan's administrators add strategic lines by form: one line per title in a plan, so a
-- burst of identical submissions adds one (docs/observatory.md).
ALTER TABLE observatory.line ADD CONSTRAINT line_plan_title UNIQUE (plan_id, title);
