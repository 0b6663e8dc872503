// SQL of the decreed holidays (platform.holiday). Logic and the cache are in holidays.ts.
import { sql } from 'kysely';
import type { Queryable } from '../db/index.ts';

export interface HolidayRow {
  country: string;
  date: string;
  name: string;
  decree: string;
  added_by: string;
  added_at: Date;
}

/** The decreed holidays of a country, by date; within [from, to] when given. */
export async function selectHolidays(db: Queryable, country: string, range: { from?: string; to?: string } = {}): Promise<HolidayRow[]> {
  const result = await sql<HolidayRow>`
    SELECT country, to_char(date, 'YYYY-MM-DD') AS date, name, decree, added_by, added_at
      FROM platform.holiday
     WHERE country = ${country}
       AND (${range.from ?? null}::date IS NULL OR date >= ${range.from ?? null}::date)
       AND (${range.to ?? null}::date IS NULL OR date <= ${range.to ?? null}::date)
     ORDER BY date`.execute(db);
  return result.rows;
}

/** Adds a decreed holiday; undefined when the country already has one on that date. */
export async function insertHoliday(db: Queryable, row: Omit<HolidayRow, 'added_at'>): Promise<HolidayRow | undefined> {
  const result = await sql<HolidayRow>`
    INSERT INTO platform.holiday (country, date, name, decree, added_by)
    VALUES (${row.country}, ${row.date}::date, ${row.name}, ${row.decree}, ${row.added_by})
    ON CONFLICT (country, date) DO NOTHING
    RETURNING country, to_char(date, 'YYYY-MM-DD') AS date, name, decree, added_by, added_at`.execute(db);
  return result.rows[0];
}
