// The agency's actions on a report, one function each: accept, reassign, reply, change status,
// merge into another report, add evidence. Each validates what needs no lock, then runs in
// `applyAction`: the report is locked, the official's competence checked, and the timeline
// entry, report change, statistics deltas, delivery, audit entry and event written in one
// transaction.
import { recordAudit } from '../../platform/audit/audit.ts';
import { localDate } from '../../platform/country/business-days.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { checkFile, type MediaType, safeFilename, storeFile } from '../../platform/files/index.ts';
import type { Deps } from '../../platform/module.ts';
import { getAgency } from '../agencies/index.ts';
import { findCategory } from './categories.queries.ts';
import { contestDeadline } from './contest.service.ts';
import { findReportRow, insertEvidence, insertSupport, insertTimelineEntry, type ReportChange, updateReport } from './report.queries.ts';
import { canActOn, MAX_DESCRIPTION, MAX_PHOTO_BYTES, OPEN, type Official } from './report.policy.ts';
import type { Report, ReportStatus, TimelineKind } from './report.types.ts';
import { hoursBetween, type ReportFigures, recordReportFigures } from './stats.service.ts';
import { scheduleDelivery } from './webhooks.service.ts';

type D = Pick<Deps, 'db' | 'country' | 'config'>;
type EvidenceFile = { bytes: Uint8Array; mediaType: MediaType; filename: string };

const fail = (field: string, messageKey: string): never => {
  throw new AppError('VALIDATION_FAILED', { fields: [{ field, messageKey }] });
};

/** What one action does to a locked report; `applyAction` writes it. */
interface Outcome {
  kind: TimelineKind;
  status?: ReportStatus | null;
  text?: string | null;
  change?: ReportChange;
  /** The action answers the reporter (the first answer is timed for the statistics). */
  isAnswer?: boolean;
  /** A resolved report taken up again by the agency itself: it no longer counts as resolved. */
  reopensResolved?: boolean;
  /** The agency now responsible (statistics follow it; its system receives the report). */
  reassignedTo?: { code: string; name: string };
  mergedInto?: number;
  evidence?: EvidenceFile[];
}

async function applyAction(
  deps: D,
  official: Official,
  reportId: number,
  requestId: string | undefined,
  decide: (report: Report, trx: Queryable, now: Date) => Outcome | Promise<Outcome>,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const found = await findReportRow(trx, reportId, { forUpdate: true });
    if (!found) throw new AppError('REPORT_NOT_FOUND', { params: { id: reportId } });
    const report = found.report;
    if (!canActOn(official, report)) throw new AppError('REPORT_FORBIDDEN');
    const now = new Date();
    const outcome = await decide(report, trx, now);
    const change: ReportChange = { ...outcome.change };
    const status = outcome.status ?? null;
    const text = outcome.text ?? null;
    const evidence = outcome.evidence ?? [];
    let figures: ReportFigures | undefined;
    if (outcome.isAnswer && !report.firstResponseAt) {
      change.firstResponseAt = now;
      figures = { answered: { hours: hoursBetween(report.createdAt, now), inTime: now <= report.dueAt } };
    }
    const agencyCode = change.agencyCode !== undefined ? change.agencyCode : report.agencyCode;
    const agencyName = change.agencyCode !== undefined ? (change.agencyName ?? null) : report.agencyName;
    const eventId = await insertTimelineEntry(trx, { reportId, kind: outcome.kind, status, text, agencyCode, agencyName, actorType: 'official', actorId: official.accountId });
    for (const [index, file] of evidence.entries()) {
      const stored = await storeFile(trx, file.bytes, file.mediaType);
      await insertEvidence(trx, eventId, index, { sha256: stored.sha256, mediaType: file.mediaType, filename: file.filename });
    }
    await updateReport(trx, reportId, change);
    if (figures) await recordReportFigures(trx, report, figures);
    if (change.status === 'resolved') await recordReportFigures(trx, report, { resolved: 1 });
    if (outcome.reopensResolved) await recordReportFigures(trx, report, { resolved: -1 });
    const target = outcome.reassignedTo;
    if (target) {
      // Statistics follow the agency now responsible.
      await recordReportFigures(trx, report, { received: -1 });
      await recordReportFigures(trx, { ...report, agencyCode: target.code }, { received: 1 });
      await scheduleDelivery(trx, deps.config.publicUrl, reportId, eventId, target.code);
    }
    await recordAudit(trx, {
      actor: { type: 'official', id: official.accountId },
      action: `reports.report_${outcome.kind}`,
      subject: { type: 'report', id: String(reportId) },
      data: { status, from: report.agencyCode, to: agencyCode, merge: outcome.mergedInto, files: evidence.length || undefined },
      requestId: requestId ?? null,
    });
    // The last day the reporter may contest a resolution (for their notice).
    const contestUntil =
      change.status === 'resolved' ? localDate(deps.country, await contestDeadline({ ...deps, db: trx }, now, (await findCategory(trx, report.categoryCode))?.contestDays ?? 0)) : null;
    await emitEvent(trx, `reports.${outcome.kind}`, {
      reportId,
      code: report.code,
      kind: outcome.kind,
      status: status ?? report.status,
      text,
      agencyCode,
      agencyName,
      reporterAccountId: found.private.reporterAccountId,
      contestUntil,
      path: `/reportes/${reportId}`,
    });
  });
}

/** The competent agency takes up a report it received. A report in the triage queue is first reassigned to an agency, which then accepts it. */
export async function acceptReport(deps: D, official: Official, reportId: number, requestId?: string): Promise<void> {
  await applyAction(deps, official, reportId, requestId, (report, _trx, now) => {
    if (report.status !== 'received' || report.agencyCode === null) throw new AppError('REPORT_INVALID_TRANSITION');
    return { kind: 'accepted', status: 'in_progress', change: { status: 'in_progress', acceptedAt: now } };
  });
}

/** Hands an open report to another agency, with a reason; it is received again there. */
export async function reassignReport(deps: D, official: Official, reportId: number, input: { agencyCode: string; reason: string }, requestId?: string): Promise<void> {
  if (!input.reason.trim()) fail('/reason', 'reports.errors.reasonRequired');
  let target: { code: string; name: string } | undefined;
  try {
    const agency = await getAgency(deps, input.agencyCode);
    target = { code: agency.code, name: agency.name };
  } catch {
    fail('/agencyCode', 'reports.errors.agency');
  }
  const to = target!;
  await applyAction(deps, official, reportId, requestId, (report) => {
    if (!OPEN.includes(report.status)) throw new AppError('REPORT_INVALID_TRANSITION');
    if (to.code === report.agencyCode) fail('/agencyCode', 'reports.errors.sameAgency');
    return {
      kind: 'reassigned',
      status: 'received',
      text: input.reason.trim(),
      change: { agencyCode: to.code, agencyName: to.name, acceptedAt: null, status: 'received' },
      reassignedTo: to,
    };
  });
}

/** A public answer to the reporter (and everyone). */
export async function replyToReport(deps: D, official: Official, reportId: number, text: string, requestId?: string): Promise<void> {
  if (!text.trim() || text.length > MAX_DESCRIPTION) fail('/text', 'reports.errors.replyRequired');
  await applyAction(deps, official, reportId, requestId, () => ({ kind: 'replied', text: text.trim(), isAnswer: true }));
}

/** Moves a report to in progress, resolved or rejected (a rejection needs a reason); a closed report may only be taken up again. */
export async function setReportStatus(deps: D, official: Official, reportId: number, input: { status: ReportStatus; reason?: string }, requestId?: string): Promise<void> {
  if (!['in_progress', 'resolved', 'rejected'].includes(input.status)) fail('/status', 'reports.errors.status');
  if (input.status === 'rejected' && !input.reason?.trim()) fail('/reason', 'reports.errors.reasonRequired');
  await applyAction(deps, official, reportId, requestId, (report, _trx, now) => {
    if (report.status === input.status || (!OPEN.includes(report.status) && input.status !== 'in_progress')) throw new AppError('REPORT_INVALID_TRANSITION');
    const text = input.reason?.trim() || null;
    const change: ReportChange = { status: input.status, statusReason: text };
    if (input.status === 'resolved') change.resolvedAt = now;
    if (report.status === 'resolved') change.resolvedAt = null;
    return { kind: 'status_changed', status: input.status, text, change, isAnswer: true, reopensResolved: report.status === 'resolved' };
  });
}

/** Closes an open report as a duplicate of another the official may act on; its reporter supports the other one. */
export async function mergeReport(deps: D, official: Official, reportId: number, intoReportId: number, requestId?: string): Promise<void> {
  await applyAction(deps, official, reportId, requestId, async (report, trx) => {
    if (!OPEN.includes(report.status)) throw new AppError('REPORT_INVALID_TRANSITION');
    const into = await findReportRow(trx, intoReportId);
    if (!into || into.report.id === report.id || into.report.isHidden || !canActOn(official, into.report) || into.report.duplicateOf !== null) fail('/intoReportId', 'reports.errors.mergeTarget');
    await insertSupport(trx, intoReportId, `report:${report.id}`);
    await insertTimelineEntry(trx, {
      reportId: intoReportId,
      kind: 'merged',
      text: `R-${report.id}`,
      agencyCode: report.agencyCode,
      agencyName: report.agencyName,
      actorType: 'official',
      actorId: official.accountId,
    });
    return { kind: 'merged', status: 'duplicate', text: `R-${intoReportId}`, change: { status: 'duplicate', duplicateOf: intoReportId }, mergedInto: intoReportId };
  });
}

/** Adds files (photos or PDF, checked by content) and an optional note to the timeline. */
export async function addReportEvidence(
  deps: D,
  official: Official,
  reportId: number,
  input: { text?: string; files: Array<{ bytes: Uint8Array; filename: string }> },
  requestId?: string,
): Promise<void> {
  const evidence = input.files
    .filter((f) => f.bytes.byteLength > 0)
    .map((file): EvidenceFile => {
      const check = checkFile(file.bytes, { maxBytes: MAX_PHOTO_BYTES, allowed: ['image/jpeg', 'image/png', 'application/pdf'] });
      if (!check.ok) return fail('/files', `reports.errors.evidence.${check.reason}`);
      return { bytes: file.bytes, mediaType: check.mediaType, filename: safeFilename(file.filename, check.mediaType) };
    });
  if (evidence.length === 0) fail('/files', 'reports.errors.evidenceRequired');
  await applyAction(deps, official, reportId, requestId, () => ({ kind: 'evidence', text: input.text?.trim() || null, evidence }));
}
