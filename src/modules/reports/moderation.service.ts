// Moderation: administrators hide a report or one timeline entry, with a reason.
import { recordAudit } from '../../platform/audit/audit.ts';
import { PLATFORM_ADMIN, requireRole } from '../../platform/contract/roles.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import type { Deps } from '../../platform/module.ts';
import { findReportRow, hideTimelineEntry, updateReport } from './report.queries.ts';
import type { Official } from './report.policy.ts';

/** Moderation: hides a report or one timeline entry, with a reason. Administrators only. */
export async function hideContent(deps: Pick<Deps, 'db'>, official: Official, target: { reportId: number; eventId?: number }, reason: string, requestId?: string): Promise<void> {
  requireRole(official.grants, { role: PLATFORM_ADMIN }, 'REPORT_FORBIDDEN');
  if (!reason.trim()) throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/reason', messageKey: 'reports.errors.reasonRequired' }] });
  await deps.db.transaction().execute(async (trx) => {
    const found = await findReportRow(trx, target.reportId, { forUpdate: true });
    if (!found) throw new AppError('REPORT_NOT_FOUND', { params: { id: target.reportId } });
    if (target.eventId !== undefined) {
      if (!(await hideTimelineEntry(trx, target.reportId, target.eventId, reason.trim()))) throw new AppError('REPORT_NOT_FOUND', { params: { id: target.reportId } });
    } else {
      if (found.report.isHidden) return;
      await updateReport(trx, target.reportId, { hiddenReason: reason.trim() });
    }
    await recordAudit(trx, {
      actor: { type: 'admin', id: official.accountId },
      action: 'reports.content_hidden',
      subject: { type: 'report', id: String(target.reportId) },
      data: { eventId: target.eventId ?? null, reason: reason.trim() },
      requestId: requestId ?? null,
    });
    await emitEvent(trx, 'reports.hidden', { reportId: target.reportId, eventId: target.eventId ?? null });
  });
}
