// Wall-clock time in a country's time zone (IANA name), both ways: the local date and time of
// an instant, and the instant of a local date and time. Offsets come from the runtime's time
// zone data (Intl), so a zone that changed its offset (Caracas: −4:30 from 2007 to 2016) or
// that had daylight saving gives the offset in force at that instant.
import { addDays, parseCalendarDate } from './calendar.ts';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, found);
  }
  return found;
}

/** Milliseconds the zone's wall clock is ahead of UTC at an instant (−4 h → −14 400 000). */
export function zoneOffsetMs(timeZone: string, instant: Date): number {
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  const parts = formatter(timeZone).formatToParts(new Date(whole));
  const value = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'), value('second'));
  return wall - whole;
}

/** The local calendar date ('YYYY-MM-DD') and the milliseconds since local midnight of an instant. */
export function localDateTime(timeZone: string, instant: Date): { date: string; msOfDay: number } {
  const wall = instant.getTime() + zoneOffsetMs(timeZone, instant);
  const msOfDay = ((wall % DAY_MS) + DAY_MS) % DAY_MS;
  const day = new Date(wall - msOfDay);
  const date = `${String(day.getUTCFullYear()).padStart(4, '0')}-${String(day.getUTCMonth() + 1).padStart(2, '0')}-${String(day.getUTCDate()).padStart(2, '0')}`;
  return { date, msOfDay };
}

/**
 * The instant when the zone's wall clock shows `msOfDay` after midnight of `date`. A wall
 * time skipped by a forward clock change falls after the gap; a repeated one takes the first.
 */
export function instantAt(timeZone: string, date: string, msOfDay: number): Date {
  const wall = parseCalendarDate(date) + msOfDay;
  // The offset is one of those in force a day around `wall`: try both, keep those that show `wall`.
  const candidates = [...new Set([wall - zoneOffsetMs(timeZone, new Date(wall - DAY_MS)), wall - zoneOffsetMs(timeZone, new Date(wall + DAY_MS))])];
  const shown = candidates.filter((instant) => instant + zoneOffsetMs(timeZone, new Date(instant)) === wall);
  // Repeated wall time: the first instant. Skipped one: the gap's length later (the larger candidate).
  return new Date(shown.length > 0 ? Math.min(...shown) : Math.max(...candidates));
}

/** The last millisecond of a local date: 23:59:59.999 on the zone's wall clock. */
export function endOfLocalDay(timeZone: string, date: string): Date {
  return new Date(instantAt(timeZone, addDays(date, 1), 0).getTime() - 1);
}
