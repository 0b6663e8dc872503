// Legal deadlines of reports (the one rule of docs/legal-time.md): the due instant of a new
// report, and the scheduled sweep that escalates the reports left without an answer past it.
import { recordAudit } from '../../platform/audit/audit.ts';
import { dueAt } from '../../platform/country/deadlines.ts';
import { decreedHolidays } from '../../platform/country/holidays.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { type SweepResult, sweepDue } from '../../platform/jobs/sweep.ts';
import type { Deps } from '../../platform/module.ts';
import { findOverdueToEscalate, findReportRow, insertTimelineEntry, updateReport } from './report.queries.ts';
import { OPEN } from './report.policy.ts';

/** The job of module.ts that runs the sweep, scheduled every 5 minutes (enqueued as `reports:escalate_overdue`). */
export const ESCALATION_JOB = 'escalate_overdue';

/**
 * The end of the legal time to answer a report filed at `from`: `days` business days after the
 * filing day (which does not count), due at 23:59:59.999 on the country's clock; national and
 * decreed holidays do not count.
 */
export async function legalDeadline(deps: Pick<Deps, 'db' | 'country'>, from: Date, days: number): Promise<Date> {
  return dueAt(deps.country, await decreedHolidays(deps.db, deps.country.code), from, { businessDays: days });
}

/** In `trx`: escalates the report if it is still open, unanswered, not escalated and past its due instant at `now`. */
async function escalateIfOverdue(trx: Queryable, reportId: number, now: Date): Promise<boolean> {
  const found = await findReportRow(trx, reportId, { forUpdate: true, skipLocked: true });
  if (!found) return false; // gone, or another process is escalating it
  const r = found.report;
  if (!OPEN.includes(r.status) || r.escalatedAt || r.firstResponseAt || r.dueAt >= now) return false;
  await updateReport(trx, reportId, { escalatedAt: now });
  await insertTimelineEntry(trx, { reportId, kind: 'escalated', agencyCode: r.agencyCode, agencyName: r.agencyName, actorType: 'system', actorId: 'deadline' });
  await recordAudit(trx, {
    actor: { type: 'system', id: 'deadline' },
    action: 'reports.report_escalated',
    subject: { type: 'report', id: String(reportId) },
    data: { agency: r.agencyCode, dueAt: r.dueAt.toISOString() },
  });
  await emitEvent(trx, 'reports.escalated', { reportId, code: r.code, agencyCode: r.agencyCode, dueAt: r.dueAt.toISOString(), path: `/reportes/${reportId}` });
  return true;
}

/**
 * Escalates every report past its due instant at `now` without an answer: the one sweep
 * (`sweepDue`), one transaction per report, idempotent (a second run finds nothing).
 */
export async function escalateOverdueReports(deps: Pick<Deps, 'db'>, now: Date, onError?: (reportId: number, error: unknown) => void): Promise<SweepResult<number>> {
  return sweepDue<number>({
    db: deps.db,
    now,
    batchSize: 100,
    selectDue: (db, at, limit) => findOverdueToEscalate(db, at, limit),
    handle: (trx, reportId, at) => escalateIfOverdue(trx, reportId, at),
    onError,
  });
}
