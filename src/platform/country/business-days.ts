// Business-day arithmetic on calendar dates ('YYYY-MM-DD') of a country: Monday to Friday,
// national holidays excluded, and the holidays decreed on top of them (`platform.holiday`,
// passed in as a set of dates: see holidays.ts). Dates are days in the profile's time zone;
// turn an instant into one with `localDate`. Pure apart from a per-profile cache of holidays.
// Deadlines (when a legal time falls due) are in deadlines.ts, on top of these.
import { addDays, dayOfWeek, parseCalendarDate, yearOf } from './calendar.ts';
import type { CountryProfile } from './profile.ts';
import { localDateTime } from './zoned.ts';

/** Dates ('YYYY-MM-DD') declared holidays by decree, beyond the profile's own rules. */
export type DecreedDates = ReadonlySet<string>;
const NONE: DecreedDates = new Set();

const holidayCache = new WeakMap<CountryProfile, Map<number, ReadonlySet<string>>>();

/** The set of holiday dates of a year, computed once per profile and year. */
function holidayDates(profile: CountryProfile, year: number): ReadonlySet<string> {
  let byYear = holidayCache.get(profile);
  if (!byYear) {
    byYear = new Map();
    holidayCache.set(profile, byYear);
  }
  let dates = byYear.get(year);
  if (!dates) {
    dates = new Set(profile.holidays(year).map((holiday) => holiday.date));
    byYear.set(year, dates);
  }
  return dates;
}

/** Monday to Friday, not a national holiday, not decreed one. Throws RangeError on a malformed date. */
export function isBusinessDay(profile: CountryProfile, date: string, decreed: DecreedDates = NONE): boolean {
  const weekday = dayOfWeek(date);
  if (weekday === 0 || weekday === 6) return false;
  return !holidayDates(profile, yearOf(date)).has(date) && !decreed.has(date);
}

/**
 * The date `n` business days after `startDate`, counting from the day after (so with
 * n = 1 a Friday gives the next Monday, unless that is a holiday). n = 0 gives `startDate`
 * itself; a negative n counts backwards from the day before.
 */
export function addBusinessDays(profile: CountryProfile, startDate: string, n: number, decreed: DecreedDates = NONE): string {
  if (!Number.isInteger(n)) throw new RangeError(`business days must be an integer: ${n}`);
  parseCalendarDate(startDate);
  const step = n < 0 ? -1 : 1;
  let date = startDate;
  for (let remaining = Math.abs(n); remaining > 0; ) {
    date = addDays(date, step);
    if (isBusinessDay(profile, date, decreed)) remaining -= 1;
  }
  return date;
}

/**
 * Business days after `from` up to and including `to`. When `to` is before `from`, minus
 * the business days from `to` (included) up to `from` (excluded), so that
 * `businessDaysBetween(p, d, addBusinessDays(p, d, n)) === n` for every n.
 */
export function businessDaysBetween(profile: CountryProfile, from: string, to: string, decreed: DecreedDates = NONE): number {
  const start = parseCalendarDate(from);
  const end = parseCalendarDate(to);
  if (end >= start) return countBusinessDays(profile, addDays(from, 1), addDays(to, 1), decreed);
  return -countBusinessDays(profile, to, from, decreed);
}

/** Business days in [first, stop): `stop` excluded. */
function countBusinessDays(profile: CountryProfile, first: string, stop: string, decreed: DecreedDates): number {
  let count = 0;
  for (let date = first; date < stop; date = addDays(date, 1)) {
    if (isBusinessDay(profile, date, decreed)) count += 1;
  }
  return count;
}

/** The calendar date of an instant in the profile's time zone, 'YYYY-MM-DD'. */
export function localDate(profile: CountryProfile, instant: Date): string {
  return localDateTime(profile.timeZone, instant).date;
}
