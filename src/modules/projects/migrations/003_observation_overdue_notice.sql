-- An observation unanswered past its legal time is notified once to the people who manage its
-- project (the overdue-observation sweep): the mark that the notice went, and an index on what
-- the sweep looks for (unanswered, not yet notified, by due date).
ALTER TABLE projects.observation ADD COLUMN overdue_notified_at timestamptz;
CREATE INDEX observation_overdue_idx ON projects.observation (due_at, id) WHERE answer IS NULL AND overdue_notified_at IS NULL;
-- The officials' page filters unanswered observations by the projects a person manages.
CREATE INDEX observation_unanswered_idx ON projects.observation (due_at, id) WHERE answer IS NULL;
