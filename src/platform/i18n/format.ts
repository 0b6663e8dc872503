// THE way to put a date, a time or a number on screen: in the country's time zone and the
// person's language ("6 de diciembre de 2026, 10:20"), never ISO and never UTC. Pages get one
// per request (`request.format`, `useView().format`); `<time datetime=…>` keeps the ISO value
// for machines. Spanish follows the country's notation (`es-BO`: 1.234,5); English writes
// "6 December 2026, 10:20" (24-hour clock, as the countries do). Languages Node's ICU does not
// know (Quechua, Aymara, Guaraní) follow the Spanish pattern of the country with month and day
// names given as data (from the catalogs), so a date never falls back to English.

export interface CalendarNames {
  /** Twelve month names, January first; a missing or empty one keeps the Spanish name. */
  months?: readonly string[];
  /** Seven weekday names, Sunday first. */
  weekdays?: readonly string[];
}

export interface FormatOptions {
  /** ISO 3166 alpha-2 of the country (`BO`): the Spanish notation. */
  region?: string;
  /** The country's IANA zone (`America/La_Paz`); UTC when absent (tests, scripts). */
  timeZone?: string;
  names?: CalendarNames;
}

export interface Formatter {
  /** "6 de diciembre de 2026, 10:20" in the country's zone. */
  dateTime: (instant: Date) => string;
  /** "6 de diciembre de 2026": an instant (in the country's zone) or a calendar date `YYYY-MM-DD` (as written). */
  date: (value: Date | string) => string;
  /** "6 dic 2026": the short form for tables and lists. */
  shortDate: (value: Date | string) => string;
  /** "domingo, 6 de diciembre de 2026". */
  longDate: (value: Date | string) => string;
  /** "10:20" on a 24-hour clock. */
  time: (instant: Date) => string;
  /** A number in the language's notation ("1.234,5" in Spanish). */
  number: (value: number, options?: Intl.NumberFormatOptions) => string;
}

/** The BCP 47 tag Intl formats with: `es-BO` for Spanish, `en-GB` for English, Spanish's for the others. */
export function intlTag(locale: string, region?: string): string {
  if (locale === 'en') return 'en-GB';
  return region ? `es-${region.toUpperCase()}` : 'es';
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date (`YYYY-MM-DD`) is a day, not an instant: it is formatted at noon UTC in UTC. */
function asInstant(value: Date | string, timeZone: string): { instant: Date; timeZone: string } {
  if (typeof value === 'string') {
    if (!CALENDAR_DATE.test(value)) return { instant: new Date(value), timeZone };
    return { instant: new Date(`${value}T12:00:00Z`), timeZone: 'UTC' };
  }
  return { instant: value, timeZone };
}

export function createFormatter(locale: string, options: FormatOptions = {}): Formatter {
  const tag = intlTag(locale, options.region);
  const zone = options.timeZone ?? 'UTC';
  const months = options.names?.months ?? [];
  const weekdays = options.names?.weekdays ?? [];
  const cache = new Map<string, Intl.DateTimeFormat>();
  const indexFormats = new Map<string, Intl.DateTimeFormat>();
  const dtf = (kind: string, timeZone: string, spec: Intl.DateTimeFormatOptions) => {
    const key = `${kind}|${timeZone}`;
    let found = cache.get(key);
    if (!found) {
      found = new Intl.DateTimeFormat(tag, { ...spec, timeZone });
      cache.set(key, found);
    }
    return found;
  };
  // Month and weekday names come from the data when given (the languages ICU does not know).
  const named = (format: Intl.DateTimeFormat, instant: Date, monthIndex: () => number, weekdayIndex: () => number) =>
    format
      .formatToParts(instant)
      .map((part) => {
        if (part.type === 'month' && months[monthIndex()]) return months[monthIndex()];
        if (part.type === 'weekday' && weekdays[weekdayIndex()]) return weekdays[weekdayIndex()];
        return part.value;
      })
      .join('');
  const indexes = (instant: Date, timeZone: string) => {
    let found = indexFormats.get(timeZone);
    if (!found) {
      found = new Intl.DateTimeFormat('en-US', { month: 'numeric', weekday: 'short', timeZone });
      indexFormats.set(timeZone, found);
    }
    const parts = found.formatToParts(instant);
    const monthIndex = () => Number(parts.find((p) => p.type === 'month')?.value) - 1;
    const weekdayIndex = () => WEEKDAYS.indexOf(parts.find((p) => p.type === 'weekday')?.value ?? '');
    return { monthIndex, weekdayIndex };
  };
  const dateWith = (kind: string, spec: Intl.DateTimeFormatOptions) => (value: Date | string) => {
    const { instant, timeZone } = asInstant(value, zone);
    const { monthIndex, weekdayIndex } = indexes(instant, timeZone);
    return named(dtf(kind, timeZone, spec), instant, monthIndex, weekdayIndex);
  };
  const date = dateWith('date', { year: 'numeric', month: 'long', day: 'numeric' });
  const time = (instant: Date) => dtf('time', zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
  const numberFormats = new Map<string, Intl.NumberFormat>();
  return {
    date,
    dateTime: (instant) => `${date(instant)}, ${time(instant)}`,
    shortDate: dateWith('short', { year: 'numeric', month: 'short', day: 'numeric' }),
    longDate: dateWith('long', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }),
    time,
    number: (value, spec) => {
      const key = JSON.stringify(spec ?? {});
      let found = numberFormats.get(key);
      if (!found) {
        found = new Intl.NumberFormat(tag, spec);
        numberFormats.set(key, found);
      }
      return found.format(value);
    },
  };
}

/**
 * A text people wrote (a reason, an error), made to end a sentence: trimmed, with a full stop
 * added unless it already ends with one (or `?`, `!`, `…`). Messages put no full stop after it,
 * so a reason typed with its own never shows two.
 */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed || /[.!?…]["'»”)]*$/.test(trimmed)) return trimmed;
  return `${trimmed}.`;
}
