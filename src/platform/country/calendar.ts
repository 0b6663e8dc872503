// Calendar-date helpers shared by the country profiles and business-day arithmetic.
// A calendar date is a 'YYYY-MM-DD' string with no time zone: it names a day, not an
// instant. Arithmetic runs on UTC midnights so that no local offset or DST can shift a day.
import { isIsoDate } from '../../shared/validators.ts';
import type { Holiday, LocalizedText } from './profile.ts';

const DAY_MS = 86_400_000;

/** True when `value` is a real calendar date written 'YYYY-MM-DD' (the shared validator). */
export const isCalendarDate: (value: string) => boolean = isIsoDate;

/** Milliseconds since the epoch of the date's UTC midnight; throws on a malformed date. */
export function parseCalendarDate(value: string): number {
  if (!isCalendarDate(value)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  return Date.parse(`${value}T00:00:00Z`);
}

function formatUtcDate(date: Date): string {
  const y = String(date.getUTCFullYear()).padStart(4, '0');
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** 'YYYY-MM-DD' from year, month (1–12) and day. */
export function calendarDate(year: number, month: number, day: number): string {
  return formatUtcDate(new Date(Date.UTC(year, month - 1, day)));
}

/** The date `days` days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  return formatUtcDate(new Date(parseCalendarDate(date) + days * DAY_MS));
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(parseCalendarDate(date)).getUTCDay();
}

/** The year of a 'YYYY-MM-DD' date. */
export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/**
 * Easter Sunday of a Gregorian year, by the anonymous Gregorian algorithm
 * (Meeus/Jones/Butcher): valid for every year of the Gregorian calendar.
 */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return calendarDate(year, month, day);
}

/** A holiday on a date relative to Easter Sunday (e.g. −2 for Good Friday). */
export function easterRelative(year: number, offset: number, name: LocalizedText): Holiday {
  return { date: addDays(easterSunday(year), offset), name };
}

/** Carnival Monday and Tuesday: the two days before Ash Wednesday (Easter − 46). */
export function carnival(year: number): Holiday[] {
  return [easterRelative(year, -48, { es: 'Lunes de Carnaval', en: 'Carnival Monday' }), easterRelative(year, -47, { es: 'Martes de Carnaval', en: 'Carnival Tuesday' })];
}

/** Holidays sorted by date; holidays on the same date keep their given order. */
export function sortHolidays(holidays: Holiday[]): Holiday[] {
  return [...holidays].sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}
