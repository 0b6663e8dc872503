// Legal deadlines of reports: the due date of a new report, the per-report check at that date,
// and escalation of a report left without an answer.
import { recordAudit } from '../../platform/audit/audit.ts';
import { addBusinessDays, localDate } from '../../platform/country/business-days.ts';
import { parseCalendarDate } from '../../platform/country/calendar.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { enqueueJob } from '../../platform/jobs/queue.ts';
import type { Deps } from '../../platform/module.ts';
import { findOverdueToEscalate, findReportRow, insertTimelineEntry, updateReport } from './report.queries.ts';
import { OPEN } from './report.policy.ts';

// Job name as the platform registers it: `<module>:<job>` (see module.ts).
export const DUE_JOB = 'reports:check_due';

/** The end of the legal time: `days` business days after today, at the same time of day. */
export function legalDeadline(deps: Pick<Deps, 'country'>, from: Date, days: number): Date {
  const today = localDate(deps.country, from);
  const due = addBusinessDays(deps.country, today, days);
  return new Date(from.getTime() + (parseCalendarDate(due) - parseCalendarDate(today)));
}

/** Escalates a report past its legal deadline without an answer (idempotent). */
export async function escalateIfOverdue(deps: Pick<Deps, 'db'>, reportId: number, now = new Date()): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const found = await findReportRow(trx, reportId, { forUpdate: true });
    if (!found) return false;
    const r = found.report;
    if (!OPEN.includes(r.status) || r.escalatedAt || r.firstResponseAt || r.dueAt > now) return false;
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
  });
}

/** Schedules the deadline check of a report (from the `reports.submitted` event, off the request path). */
export async function scheduleDeadlineCheck(deps: Pick<Deps, 'db'>, reportId: number, dueAt: Date): Promise<void> {
  await enqueueJob(deps.db, DUE_JOB, { reportId }, { key: `report-due-${reportId}`, runAt: dueAt });
}

/** Escalates every overdue report (a safety net beside the per-report job). */
export async function escalateOverdueReports(deps: Pick<Deps, 'db'>, now = new Date()): Promise<number> {
  let count = 0;
  for (const id of await findOverdueToEscalate(deps.db, now, 500)) if (await escalateIfOverdue(deps, id, now)) count += 1;
  return count;
}
