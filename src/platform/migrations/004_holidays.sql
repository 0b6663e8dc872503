-- Holidays declared by decree: a government may declare a national holiday (a bridge day, a
-- day of mourning, an election day) that no formula of the country profile knows. Business-day
-- arithmetic skips the profile's holidays and these (src/platform/country/holidays.ts).
-- Rows are only added, each audited; a decree that is revoked is a new row's business, not an
-- update (the table keeps what legal times were computed with).
CREATE TABLE platform.holiday (
  country text NOT NULL CHECK (country ~ '^[a-z]{2}$'),
  date date NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  decree text NOT NULL CHECK (length(btrim(decree)) BETWEEN 1 AND 200),
  added_by text NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (country, date)
);
