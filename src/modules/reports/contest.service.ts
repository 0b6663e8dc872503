// The reporter contests a resolution within the category's period; the report reopens.
import { recordAudit } from '../../platform/audit/audit.ts';
import { localDate, addBusinessDays } from '../../platform/country/business-days.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import type { Deps } from '../../platform/module.ts';
import { findCategory } from './categories.queries.ts';
import { findReportRow, insertTimelineEntry, updateReport } from './report.queries.ts';
import { MAX_DESCRIPTION } from './report.policy.ts';
import { insertStatDeltas } from './stats.queries.ts';
import { statScopes } from './stats.service.ts';
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
    if (!isContestable(deps, report.resolvedAt, category?.contestDays ?? 0, new Date())) throw new AppError('REPORT_CONTEST_PERIOD_OVER');
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
    await insertStatDeltas(trx, statScopes(report.territoryPath, report.agencyCode), { resolved: -1, reopened: 1 });
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
export function isContestable(deps: Pick<Deps, 'country'>, resolvedAt: Date, contestDays: number, now: Date): boolean {
  return localDate(deps.country, now) <= contestDeadline(deps, resolvedAt, contestDays);
}

/** The last local date (YYYY-MM-DD) on which a report resolved at `resolvedAt` may be contested. */
export function contestDeadline(deps: Pick<Deps, 'country'>, resolvedAt: Date, contestDays: number): string {
  return addBusinessDays(deps.country, localDate(deps.country, resolvedAt), contestDays);
}
