// Legal time: when a time limit counted from an instant falls due. The one rule, written in
// docs/legal-time.md; every module that keeps a legal clock computes it here.
//
// - Business days: the day of the starting instant (the filing) never counts, whatever its
//   hour; then only business days count (Monday to Friday, not a national holiday of the
//   profile, not a holiday decreed in `platform.holiday`). The time falls due at the end of the
//   Nth business day: 23:59:59.999 on the country's clock (America/La_Paz, America/Caracas).
// - Business hours: the clock runs only in office hours (the profile's `officeHours`, e.g.
//   08:00–16:00) on business days. Started outside them, it starts at the next opening; a
//   time that ends exactly at closing falls due at closing that day.
// - Calendar days: like business days, but every day counts (the starting day still does not);
//   due at the end of the Nth day on the country's clock.
// - Hours: round the clock, every hour counts (incident handling).
//
// Every function takes the instant it counts from (or "now") as an argument: none reads the
// system clock, so tests inject the date.
import { addDays } from './calendar.ts';
import { addBusinessDays, businessDaysBetween, type DecreedDates, isBusinessDay, localDate } from './business-days.ts';
import type { CountryProfile } from './profile.ts';
import { endOfLocalDay, HOUR_MS, instantAt, localDateTime } from './zoned.ts';

/** How a time limit is counted. */
export type LegalClock = { businessDays: number } | { calendarDays: number } | { businessHours: number } | { hours: number };

const MINUTE_MS = 60_000;

function checkAmount(amount: number, what: string, integer: boolean): void {
  if (!Number.isFinite(amount) || amount < 0 || (integer && !Number.isInteger(amount))) throw new RangeError(`${what} must be ${integer ? 'a whole number' : 'a number'} ≥ 0: ${amount}`);
}

/** Office hours of the profile as milliseconds since local midnight. */
export function officeWindow(profile: CountryProfile): { opens: number; closes: number } {
  const read = (time: string): number => {
    const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
    if (!match) throw new RangeError(`office hours must be written HH:MM: ${JSON.stringify(time)}`);
    return (Number(match[1]) * 60 + Number(match[2])) * MINUTE_MS;
  };
  const window = { opens: read(profile.officeHours.opens), closes: read(profile.officeHours.closes) };
  if (window.opens >= window.closes) throw new RangeError(`office hours must open before they close: ${profile.officeHours.opens}–${profile.officeHours.closes}`);
  return window;
}

/** The next business day after `date`. */
function nextBusinessDay(profile: CountryProfile, date: string, decreed: DecreedDates): string {
  return addBusinessDays(profile, date, 1, decreed);
}

/** Where a business-hours clock started at `from` is running: a business day and a time within office hours. */
function clockPosition(profile: CountryProfile, decreed: DecreedDates, from: Date): { date: string; at: number } {
  const { opens, closes } = officeWindow(profile);
  const local = localDateTime(profile.timeZone, from);
  if (!isBusinessDay(profile, local.date, decreed) || local.msOfDay >= closes) return { date: nextBusinessDay(profile, local.date, decreed), at: opens };
  return { date: local.date, at: Math.max(local.msOfDay, opens) };
}

/** The instant after `ms` milliseconds of office time counted from `from`. */
function addOfficeTime(profile: CountryProfile, decreed: DecreedDates, from: Date, ms: number): Date {
  const { opens, closes } = officeWindow(profile);
  let { date, at } = clockPosition(profile, decreed, from);
  let remaining = ms;
  while (remaining > closes - at) {
    remaining -= closes - at;
    date = nextBusinessDay(profile, date, decreed);
    at = opens;
  }
  return instantAt(profile.timeZone, date, at + remaining);
}

/** Milliseconds of office time between two instants (0 when `to` is not after `from`). */
export function officeTimeBetween(profile: CountryProfile, decreed: DecreedDates, from: Date, to: Date): number {
  if (to <= from) return 0;
  const { opens, closes } = officeWindow(profile);
  const end = localDateTime(profile.timeZone, to);
  let { date, at } = clockPosition(profile, decreed, from);
  let total = 0;
  while (date < end.date) {
    total += closes - at;
    date = nextBusinessDay(profile, date, decreed);
    at = opens;
  }
  if (date === end.date) total += Math.max(0, Math.min(end.msOfDay, closes) - at);
  return total;
}

/**
 * When a time limit counted from `from` falls due (see the rule at the top of this file).
 * `decreed`: the country's decreed holidays (`decreedHolidays(db, country)`).
 *
 * Filing on Friday 2026-12-04 at 15:00 in La Paz with { businessDays: 3 } falls due on
 * Wednesday 2026-12-09 at 23:59:59.999 −04:00.
 */
export function dueAt(profile: CountryProfile, decreed: DecreedDates, from: Date, clock: LegalClock): Date {
  if ('businessDays' in clock) {
    checkAmount(clock.businessDays, 'business days', true);
    const start = localDate(profile, from);
    const last = clock.businessDays === 0 ? start : addBusinessDays(profile, start, clock.businessDays, decreed);
    return endOfLocalDay(profile.timeZone, last);
  }
  if ('calendarDays' in clock) {
    checkAmount(clock.calendarDays, 'calendar days', true);
    return endOfLocalDay(profile.timeZone, addDays(localDate(profile, from), clock.calendarDays));
  }
  if ('businessHours' in clock) {
    checkAmount(clock.businessHours, 'business hours', false);
    return addOfficeTime(profile, decreed, from, Math.round(clock.businessHours * HOUR_MS));
  }
  checkAmount(clock.hours, 'hours', false);
  return new Date(from.getTime() + Math.round(clock.hours * HOUR_MS));
}

/**
 * Business days left before a time falls due, seen at `now`: the business days after today
 * up to the due day. 0 on the due day itself (it is the last one); negative once past (−1 on
 * the first business day after it).
 */
export function businessDaysLeft(profile: CountryProfile, decreed: DecreedDates, due: Date, now: Date): number {
  return businessDaysBetween(profile, localDate(profile, now), localDate(profile, due), decreed);
}

/** What is left of a running time limit when its clock stops at `at`, in the clock's own unit. */
export function timeLeft(profile: CountryProfile, decreed: DecreedDates, due: Date, at: Date, kind: 'businessDays' | 'businessHours' | 'hours'): LegalClock {
  if (kind === 'businessDays') {
    // The day the clock stops has been used; the days after it, up to the due day, are left.
    return { businessDays: Math.max(0, businessDaysBetween(profile, localDate(profile, at), localDate(profile, due), decreed)) };
  }
  if (kind === 'businessHours') return { businessHours: officeTimeBetween(profile, decreed, at, due) / HOUR_MS };
  return { hours: Math.max(0, due.getTime() - at.getTime()) / HOUR_MS };
}

/**
 * The new due instant of a time limit paused at `pausedAt` (waiting for the person, for
 * instance) and resumed at `resumedAt`: what was left when it stopped, counted again from the
 * resumption by the same rule (so the day it resumes does not count, for business days).
 */
export function resumeDue(profile: CountryProfile, decreed: DecreedDates, paused: { due: Date; pausedAt: Date; resumedAt: Date; kind: 'businessDays' | 'businessHours' | 'hours' }): Date {
  return dueAt(profile, decreed, paused.resumedAt, timeLeft(profile, decreed, paused.due, paused.pausedAt, paused.kind));
}
