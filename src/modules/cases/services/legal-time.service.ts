// The legal clock of a case, on the platform's one rule (docs/legal-time.md): the time to
// decide is counted in business days from the submission (the day of filing does not count),
// with the holidays decreed in `platform.holiday`, and falls due at the end of the last day on
// the country's clock. A case keeps that last day (`due_date`) and the day its clock stopped
// (`paused_on`); each function takes the instant it counts from, so tests inject the clock.
import { type DecreedDates, localDate } from '../../../platform/country/business-days.ts';
import { businessDaysLeft, dueAt, resumeDue } from '../../../platform/country/deadlines.ts';
import { decreedHolidays } from '../../../platform/country/holidays.ts';
import { endOfLocalDay } from '../../../platform/country/zoned.ts';
import type { Deps } from '../../../platform/module.ts';

export type { DecreedDates };

/** The country's decreed holidays (cached by the platform for a minute). */
export function decreedDates(deps: Pick<Deps, 'db' | 'country'>): Promise<DecreedDates> {
  return decreedHolidays(deps.db, deps.country.code);
}

/** The last day (YYYY-MM-DD) of `businessDays` counted from `from` (a submission, a state entered). */
export function dueDateFrom(deps: Pick<Deps, 'country'>, decreed: DecreedDates, from: Date, businessDays: number): string {
  return localDate(deps.country, dueAt(deps.country, decreed, from, { businessDays }));
}

/** The instant a due day runs out: its end on the country's clock. */
export function dueInstant(deps: Pick<Deps, 'country'>, dueDate: string): Date {
  return endOfLocalDay(deps.country.timeZone, dueDate);
}

/** Whether the time that ends on `dueDate` has run out at `now`. */
export function isPastDue(deps: Pick<Deps, 'country'>, dueDate: string, now: Date): boolean {
  return dueInstant(deps, dueDate) < now;
}

/** Business days left at `now` up to the due day: 0 on the day itself, negative once past. */
export function daysLeftUntil(deps: Pick<Deps, 'country'>, decreed: DecreedDates, dueDate: string, now: Date): number {
  return businessDaysLeft(deps.country, decreed, dueInstant(deps, dueDate), now);
}

/** The new last day of a clock stopped on `pausedOn` and running again at `resumedAt`: the days left when it stopped, counted again. */
export function resumedDueDate(deps: Pick<Deps, 'country'>, decreed: DecreedDates, clock: { dueDate: string; pausedOn: string }, resumedAt: Date): string {
  const due = resumeDue(deps.country, decreed, { due: dueInstant(deps, clock.dueDate), pausedAt: dueInstant(deps, clock.pausedOn), resumedAt, kind: 'businessDays' });
  return localDate(deps.country, due);
}
