// Holidays declared by decree (/admin/feriados), for platform administrators: listed by year
// and added one at a time through the platform's `addHoliday` (audited, one per date). Every
// legal time limit (`dueAt`) counts them from the moment they are added.
import { addHoliday, type DecreedHoliday, listHolidays } from '../../../platform/country/holidays.ts';
import { AppError, isAppError } from '../../../platform/errors.ts';
import type { Deps } from '../../../platform/module.ts';
import { type DateParts, dateFromParts } from '../../../shared/validators.ts';
import { auditActor, type Staff } from '../admin.policy.ts';
import { requireClientAdmin } from './common.ts';

export type { DecreedHoliday } from '../../../platform/country/holidays.ts';

/** The decreed holidays of the configured country in one calendar year, by date. */
export async function listDecreedHolidays(deps: Pick<Deps, 'db' | 'country'>, staff: Staff, year: number): Promise<DecreedHoliday[]> {
  requireClientAdmin(staff);
  return listHolidays(deps.db, deps.country.code, { from: `${year}-01-01`, to: `${year}-12-31` });
}

export interface HolidayInput {
  /** As typed in the three boxes of the date. */
  date: DateParts;
  name: string;
  decree: string;
}

/**
 * Adds a decreed holiday of the configured country. VALIDATION_FAILED names the fields
 * (`date`, `name`, `decree`), also when the country already has one that day.
 */
export async function addDecreedHoliday(deps: Pick<Deps, 'db' | 'country'>, staff: Staff, input: HolidayInput): Promise<DecreedHoliday> {
  requireClientAdmin(staff);
  const date = dateFromParts(input.date) ?? '';
  try {
    return await deps.db
      .transaction()
      .execute((trx) => addHoliday(trx, { country: deps.country.code, date, name: input.name, decree: input.decree }, { actor: auditActor(staff), requestId: staff.requestId }));
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === 'HOLIDAY_EXISTS') throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'date', messageKey: 'identity.holidays.errors.exists' }] });
    // The date is typed in three boxes here: say so, rather than the platform's YYYY-MM-DD.
    if (error.code === 'VALIDATION_FAILED') {
      throw new AppError('VALIDATION_FAILED', { fields: error.fields.map((field) => (field.field === 'date' ? { field: 'date', messageKey: 'identity.holidays.errors.date' } : field)) });
    }
    throw error;
  }
}
