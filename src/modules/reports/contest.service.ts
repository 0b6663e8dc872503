// The reporter contests a resolution within the category's period; the report reopens.
import { recordAudit } from '../../platform/audit/audit.ts';
import { dueAt } from '../../platform/country/deadlines.ts';
import { decreedHolidays } from '../../platform/country/holidays.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import type { Deps } from '../../platform/module.ts';
import { findCategory } from './categories.queries.ts';
import { findReportRow, insertTimelineEntry, updateReport } from './report.queries.ts';
import { MAX_DESCRIPTION } from './report.policy.ts';
import { recordReportFigures } from './stats.service.ts';
import { scheduleDelivery } from './webhooks.service.ts';

type D = Pick<Deps, 'db' | 'country' | 'config'>;

/** The reporter contests a "resolved" within the category's period: the report reopens and the agency is told again. */
export async function contestReport(deps: D, accountId: string, reportId: number, reason: string, requestId?: string): Promise<void> {
  if (!reason.trim() || reason.length > MAX_DESCRIPTION) throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/reason', messageKey: 'reports.errors.reasonRequired' }] });
  await deps.db.transaction().execute(async (trx) => {
    const found = await findReportRow(trx, reportId, { forUpdate: true });
    if (!found || found.report.isHidden) throw new AppError('REPORT_NOT_FOUND', { params: { id: reportId } });
    if (found.private.reporterAccountId !== accountId) throw new AppError('REPORT_FORBIDDEN');
    const report = found.report;
    if (report.status !== 'resolved' || !report.resolvedAt) throw new AppError('REPORT_NOT_CONTESTABLE');
    const category = await findCategory(trx, report.categoryCode);
    if (!(await isContestable({ ...deps, db: trx }, report.resolvedAt, category?.contestDays ?? 0, new Date()))) throw new AppError('REPORT_CONTEST_PERIOD_OVER');
    const eventId = await insertTimelineEntry(trx, {
      reportId,
      kind: 'contested',
      status: 'in_progress',
      text: reason.trim(),
      agencyCode: report.agencyCode,
      agencyName: report.agencyName,
      actorType: 'person',
      actorId: accountId,
    });
    await updateReport(trx, reportId, { status: 'in_progress', resolvedAt: null, statusReason: null, isReopened: true });
    await recordReportFigures(trx, report, { resolved: -1, reopened: 1 });
    if (report.agencyCode) await scheduleDelivery(trx, deps.config.publicUrl, reportId, eventId, report.agencyCode);
    await recordAudit(trx, { actor: { type: 'person', id: accountId }, action: 'reports.report_contested', subject: { type: 'report', id: String(reportId) }, requestId: requestId ?? null });
    await emitEvent(trx, 'reports.reopened', {
      reportId,
      code: report.code,
      agencyCode: report.agencyCode,
      agencyName: report.agencyName,
      reporterAccountId: accountId,
      path: `/reportes/${reportId}`,
    });
  });
}

/** Whether a report resolved at `resolvedAt` may still be contested at `now`. */
export async function isContestable(deps: D, resolvedAt: Date, contestDays: number, now: Date): Promise<boolean> {
  return now <= (await contestDeadline(deps, resolvedAt, contestDays));
}

/**
 * When the period to contest a resolution given at `resolvedAt` falls due: `contestDays`
 * business days after the day of the resolution (which does not count), at 23:59:59.999 on the
 * country's clock; national and decreed holidays do not count (docs/legal-time.md).
 */
export async function contestDeadline(deps: D, resolvedAt: Date, contestDays: number): Promise<Date> {
  return dueAt(deps.country, await decreedHolidays(deps.db, deps.country.code), resolvedAt, { businessDays: contestDays });
}
