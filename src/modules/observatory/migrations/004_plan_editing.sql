-- The plan's administrators edit its structure (docs/observatory.md, "Administrators"): a line
-- or an indicator is retired, never deleted (its history, yearly values and targets stay). A
-- retired line leaves the sequence of positions (it takes a negative one, so the active lines
-- keep 1..n); a goal's title is unique in its line, so a burst of identical additions adds one.
ALTER TABLE observatory.line ADD COLUMN retired_at timestamptz;
ALTER TABLE observatory.indicator ADD COLUMN retired_at timestamptz;
ALTER TABLE observatory.goal ADD CONSTRAINT goal_line_title UNIQUE (line_id, title);
