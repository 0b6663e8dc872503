// Holidays declared by decree (platform.holiday), on top of the profile's own holidays. A
// platform administrator adds them (audited); business-day arithmetic and deadlines take them
// as a set of dates, which `decreedHolidays` loads once and keeps for a minute per process
// (adding one forgets the cached set at once, here and, through the notification bus, in every
// other process when the transaction commits).
import type { AuditInput } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { CountryCode } from '../config.ts';
import type { Queryable } from '../db/index.ts';
import { AppError, type FieldError } from '../errors.ts';
import { isIsoDate } from '../../shared/validators.ts';
import type { DecreedDates } from './business-days.ts';
import { type NotificationBus, notify } from '../events/bus.ts';
import { type HolidayRow, insertHoliday, selectHolidays } from './holiday.queries.ts';

export interface DecreedHoliday {
  country: CountryCode;
  /** 'YYYY-MM-DD'. */
  date: string;
  /** As the decree names it (Spanish). */
  name: string;
  /** The decree's reference, e.g. "D.S. 5123 de 2 de diciembre de 2026". */
  decree: string;
  /** Who added it (the administrator's account id). */
  addedBy: string;
  addedAt: Date;
}

export interface NewHoliday {
  country: CountryCode;
  date: string;
  name: string;
  decree: string;
}

/** How long a process keeps the decreed dates before reading them again. */
export const DECREED_CACHE_MS = 60_000;
const TEXT_MAX = 200;

// Per database handle and country; a country's generation moves on when a holiday is added.
const cache = new WeakMap<Queryable, Map<string, { dates: DecreedDates; loadedAt: number; generation: number; epoch: number }>>();
const generations = new Map<string, number>();
/** Moves on when the bus reconnects (notifications may have been missed): every country is read again. */
let epoch = 0;

function toHoliday(row: HolidayRow): DecreedHoliday {
  return { country: row.country as CountryCode, date: row.date, name: row.name, decree: row.decree, addedBy: row.added_by, addedAt: row.added_at };
}

/** The decreed holidays of a country, by date; within [from, to] ('YYYY-MM-DD', both included) when given. */
export async function listHolidays(db: Queryable, country: CountryCode, range: { from?: string; to?: string } = {}): Promise<DecreedHoliday[]> {
  return (await selectHolidays(db, country, range)).map(toHoliday);
}

/**
 * Adds a holiday declared by decree, in the caller's transaction, with its audit entry
 * (`platform.holiday_added`). VALIDATION_FAILED names the fields (`date`, `name`, `decree`);
 * HOLIDAY_EXISTS when the country already has a decreed holiday that day.
 */
export async function addHoliday(trx: Queryable, holiday: NewHoliday, by: { actor: AuditInput['actor'] & { id: string }; requestId?: string }): Promise<DecreedHoliday> {
  const name = holiday.name.trim();
  const decree = holiday.decree.trim();
  const fields: FieldError[] = [];
  if (!isIsoDate(holiday.date)) fields.push({ field: 'date', messageKey: 'country.holiday.errors.date' });
  if (name.length === 0 || name.length > TEXT_MAX) fields.push({ field: 'name', messageKey: 'country.holiday.errors.name', params: { max: TEXT_MAX } });
  if (decree.length === 0 || decree.length > TEXT_MAX) fields.push({ field: 'decree', messageKey: 'country.holiday.errors.decree', params: { max: TEXT_MAX } });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const row = await insertHoliday(trx, { country: holiday.country, date: holiday.date, name, decree, added_by: by.actor.id });
  if (!row) throw new AppError('HOLIDAY_EXISTS', { params: { date: holiday.date } });
  await recordAudit(trx, {
    actor: by.actor,
    action: 'platform.holiday_added',
    subject: { type: 'holiday', id: `${holiday.country}:${holiday.date}` },
    data: { name, decree },
    requestId: by.requestId,
  });
  forgetDecreedHolidays(holiday.country);
  // Every other process forgets it too, when this transaction commits.
  await notify(trx, HOLIDAYS_TOPIC, { country: holiday.country });
  return toHoliday(row);
}

/**
 * The dates of a country's decreed holidays, for `isBusinessDay`, `addBusinessDays`, `dueAt`…
 * Read once and kept for DECREED_CACHE_MS per database handle.
 */
export async function decreedHolidays(db: Queryable, country: CountryCode, now: number = Date.now()): Promise<DecreedDates> {
  let byCountry = cache.get(db);
  if (!byCountry) {
    byCountry = new Map();
    cache.set(db, byCountry);
  }
  const current = generations.get(country) ?? 0;
  const cached = byCountry.get(country);
  if (cached && cached.generation === current && cached.epoch === epoch && now >= cached.loadedAt && now - cached.loadedAt < DECREED_CACHE_MS) return cached.dates;
  const dates: DecreedDates = new Set((await selectHolidays(db, country)).map((row) => row.date));
  byCountry.set(country, { dates, loadedAt: now, generation: current, epoch });
  return dates;
}

/** Forgets the cached decreed dates of a country in this process: the next read goes to the database. */
export function forgetDecreedHolidays(country: CountryCode): void {
  generations.set(country, (generations.get(country) ?? 0) + 1);
}

/** The bus topic that announces a new decreed holiday (payload: `{ country }`). */
export const HOLIDAYS_TOPIC = 'platform.holidays_changed';

/** Keeps this process's cache of decreed holidays true: forgets a country when another process adds one. */
export function subscribeHolidayCache(bus: NotificationBus): void {
  bus.subscribe(HOLIDAYS_TOPIC, {
    onNotify: (payload) => {
      if (typeof payload.country === 'string') forgetDecreedHolidays(payload.country as CountryCode);
    },
    resync: () => {
      epoch += 1;
    },
  });
}
