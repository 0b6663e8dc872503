// Business-day arithmetic on calendar dates ('YYYY-MM-DD') of a country: Monday to Friday,
// national holidays excluded. Dates are days in the profile's time zone; turn an instant into
// one with `localDate`. All functions are pure apart from a per-profile cache of holidays.
import { addDays, dayOfWeek, parseCalendarDate, yearOf } from './calendar.ts';
import type { CountryProfile } from './profile.ts';

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

/** Monday to Friday and not a national holiday. Throws RangeError on a malformed date. */
export function isBusinessDay(profile: CountryProfile, date: string): boolean {
  const weekday = dayOfWeek(date);
  if (weekday === 0 || weekday === 6) return false;
  return !holidayDates(profile, yearOf(date)).has(date);
}

/**
 * The date `n` business days after `startDate`, counting from the day after (so with
 * n = 1 a Friday gives the next Monday, unless that is a holiday). n = 0 gives `startDate`
 * itself; a negative n counts backwards from the day before.
 */
export function addBusinessDays(profile: CountryProfile, startDate: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`business days must be an integer: ${n}`);
  parseCalendarDate(startDate);
  const step = n < 0 ? -1 : 1;
  let date = startDate;
  for (let remaining = Math.abs(n); remaining > 0; ) {
    date = addDays(date, step);
    if (isBusinessDay(profile, date)) remaining -= 1;
  }
  return date;
}

/**
 * Business days after `from` up to and including `to`. When `to` is before `from`, minus
 * the business days from `to` (included) up to `from` (excluded), so that
 * `businessDaysBetween(p, d, addBusinessDays(p, d, n)) === n` for every n.
 */
export function businessDaysBetween(profile: CountryProfile, from: string, to: string): number {
  const start = parseCalendarDate(from);
  const end = parseCalendarDate(to);
  if (end >= start) return countBusinessDays(profile, addDays(from, 1), addDays(to, 1));
  return -countBusinessDays(profile, to, from);
}

/** Business days in [first, stop): `stop` excluded. */
function countBusinessDays(profile: CountryProfile, first: string, stop: string): number {
  let count = 0;
  for (let date = first; date < stop; date = addDays(date, 1)) {
    if (isBusinessDay(profile, date)) count += 1;
  }
  return count;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in the profile's time zone, 'YYYY-MM-DD'. */
export function localDate(profile: CountryProfile, instant: Date): string {
  let formatter = formatters.get(profile.timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: profile.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(profile.timeZone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}
