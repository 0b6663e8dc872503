-- Office hours as data (issue #10): each opening is a run of weekdays (0 = Sunday … 6 =
-- Saturday, `from` to `to` inclusive) with its opening and closing time ("07:30"), so pages
-- write the hours in every language from the message catalogs. `hours` stays as the agency
-- publishes it in Spanish, shown only for an office without a schedule.
ALTER TABLE agencies.office
  ADD COLUMN schedule jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(schedule) = 'array');
