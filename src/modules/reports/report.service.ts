// Use cases of reports: submit (idempotent, routed on arrival), support, the agency's
// actions, contest, moderation, escalation, statistics. Each change writes its audit entry,
// its timeline entry, its events and its statistics deltas in one transaction.
import { recordAudit, type ActorType } from '../../platform/audit/audit.ts';
import { addBusinessDays, localDate } from '../../platform/country/business-days.ts';
import { parseCalendarDate } from '../../platform/country/calendar.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { checkFile, safeFilename, sha256Hex, storeFile } from '../../platform/files/index.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { enqueueJob } from '../../platform/jobs/queue.ts';
import type { Deps } from '../../platform/module.ts';
import { getAgency } from '../agencies/index.ts';
import { getTerritoryWithAncestors } from '../territories/index.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import {
  findCategories,
  findCategory,
  findNearbyOpen,
  findOverdueToEscalate,
  findReportRow,
  findRoutingRules,
  findStatRows,
  findTimeline,
  findUpdates,
  hideTimelineEntry,
  insertEvidence,
  insertPhoto,
  insertReport,
  insertStatDeltas,
  insertSupport,
  insertTimelineEntry,
  searchReportRows,
  updateReport,
  insertDelivery,
  insertTimelineEntries,
  findAllRoutingRules,
  insertSubscription,
  deleteSubscription,
  findSubscriptionsOf,
  upsertWebhook,
  findWebhooks,
  type ReportChange,
  type Subscription,
} from './report.queries.ts';
import type { Category, NewReport, RoutingRule, Report, ReportActor, ReportFilters, ReportPrivate, ReportStats, ReportStatus, ReportUpdate, TimelineEntry, TimelineKind } from './report.types.ts';

export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const MAX_DESCRIPTION = 5000;
// Job names as the platform registers them: `<module>:<job>` (see module.ts).
export const DELIVER_JOB = 'reports:deliver';
export const DUE_JOB = 'reports:check_due';

type D = Pick<Deps, 'db' | 'country'>;

// ---------------------------------------------------------------------------------------
// Reading

export async function listCategories(db: Queryable): Promise<Category[]> {
  return findCategories(db);
}

export async function getCategory(deps: Pick<Deps, 'db'>, code: string): Promise<Category> {
  const category = await findCategory(deps.db, code);
  if (!category) throw new AppError('REPORT_CATEGORY_NOT_FOUND', { params: { code } });
  return category;
}

/** A report as the public sees it (undefined when missing or hidden by moderation). */
export async function findReport(db: Queryable, id: number | string): Promise<Report | undefined> {
  const numeric = typeof id === 'number' ? id : parseReportId(id);
  if (numeric === undefined) return undefined;
  const found = await findReportRow(db, numeric);
  return found && !found.report.isHidden ? found.report : undefined;
}

/** Accepts `123` or `R-123`. */
export function parseReportId(value: string): number | undefined {
  const match = /^(?:R-)?(\d{1,15})$/i.exec(value.trim());
  const n = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export async function getReport(deps: Pick<Deps, 'db'>, id: number): Promise<Report> {
  const report = await findReport(deps.db, id);
  if (!report) throw new AppError('REPORT_NOT_FOUND', { params: { id } });
  return report;
}

export async function searchReports(db: Queryable, filters: ReportFilters): Promise<Report[]> {
  return searchReportRows(db, { ...filters, includeHidden: false, limit: Math.min(Math.max(filters.limit, 1), 1000) });
}

export async function listReportUpdates(db: Queryable, filters: { since?: Date; until?: Date; limit: number }): Promise<ReportUpdate[]> {
  return findUpdates(db, { ...filters, limit: Math.min(Math.max(filters.limit, 1), 1000) });
}

export async function getTimeline(deps: Pick<Deps, 'db'>, reportId: number): Promise<TimelineEntry[]> {
  return findTimeline(deps.db, reportId);
}

/** Open reports of the category near the point, for "is it already reported?". */
export async function findPossibleDuplicates(deps: Pick<Deps, 'db'>, categoryCode: string, lat: number, lon: number): Promise<Array<Report & { distanceM: number }>> {
  const category = await findCategory(deps.db, categoryCode);
  if (!category) return [];
  return findNearbyOpen(deps.db, categoryCode, lat, lon, category.duplicateRadiusM);
}

// ---------------------------------------------------------------------------------------
// Submitting

const auditActor = (actor: ReportActor): { type: ActorType; id?: string | null } => ({ type: actor.type, id: actor.id ?? null });

function answerErrors(category: Category, answers: Record<string, string | string[]>): FieldError[] {
  const errors: FieldError[] = [];
  for (const q of category.questions) {
    const value = answers[q.code];
    const field = `/answers/${q.code}`;
    const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (q.required) errors.push({ field, messageKey: 'reports.errors.answerRequired', params: { question: q.description.es } });
      continue;
    }
    const values = Array.isArray(value) ? value : [value];
    if (q.datatype !== 'multivaluelist' && values.length > 1) errors.push({ field, messageKey: 'reports.errors.answerInvalid' });
    else if (values.some((v) => typeof v !== 'string' || v.length > 2000)) errors.push({ field, messageKey: 'reports.errors.answerInvalid' });
    else if (q.datatype === 'number' && !/^-?\d+(\.\d+)?$/.test(values[0]!)) errors.push({ field, messageKey: 'reports.errors.answerNumber' });
    else if (q.datatype === 'datetime' && Number.isNaN(Date.parse(values[0]!))) errors.push({ field, messageKey: 'reports.errors.answerDate' });
    else if ((q.datatype === 'singlevaluelist' || q.datatype === 'multivaluelist') && values.some((v) => !q.values.some((o) => o.key === v))) {
      errors.push({ field, messageKey: 'reports.errors.answerChoice' });
    }
  }
  for (const code of Object.keys(answers)) {
    if (!category.questions.some((q) => q.code === code)) errors.push({ field: `/answers/${code}`, messageKey: 'reports.errors.answerUnknown' });
  }
  return errors;
}

/** The end of the legal time: `days` business days after today, at the same time of day. */
export function legalDeadline(deps: Pick<Deps, 'country'>, from: Date, days: number): Date {
  const today = localDate(deps.country, from);
  const due = addBusinessDays(deps.country, today, days);
  return new Date(from.getTime() + (parseCalendarDate(due) - parseCalendarDate(today)));
}

/** The competent agency: the complaint's agency, or the rule of the deepest territory (or the country-wide rule). */
async function route(deps: Pick<Deps, 'db'>, category: Category, territoryPath: string[], subjectAgencyCode: string | null): Promise<{ code: string; name: string } | null> {
  if (category.isAgencyComplaint && subjectAgencyCode) {
    const agency = await getAgency(deps, subjectAgencyCode);
    return { code: agency.code, name: agency.name };
  }
  const rules = await findRoutingRules(deps.db, category.code, territoryPath);
  const depth = (code: string | null) => (code === null ? -1 : territoryPath.indexOf(code));
  const best = rules.sort((a, b) => depth(b.territoryCode) - depth(a.territoryCode))[0];
  if (!best) return null;
  const agency = await getAgency(deps, best.agencyCode);
  return { code: agency.code, name: agency.name };
}

export interface CreateReportOptions {
  /** A retried request with the same key (from the same actor) creates nothing and returns the first report; a different request with it is refused. */
  idempotencyKey?: string;
  actor: ReportActor;
  requestId?: string;
}

/** Checks a report before sending (every rule createReport applies); throws VALIDATION_FAILED with every problem. */
export async function checkReportDraft(deps: D, input: NewReport, actor: ReportActor): Promise<void> {
  await prepareReport(deps, input, actor);
}

async function prepareReport(deps: D, input: NewReport, actor: ReportActor) {
  const errors: FieldError[] = [];
  const category = await findCategory(deps.db, input.categoryCode);
  if (!category) throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/categoryCode', messageKey: 'reports.errors.category' }] });
  const description = (input.description ?? '').trim();
  if (description.length === 0) errors.push({ field: '/description', messageKey: 'reports.errors.descriptionRequired' });
  if (description.length > MAX_DESCRIPTION) errors.push({ field: '/description', messageKey: 'reports.errors.descriptionLong', params: { max: MAX_DESCRIPTION } });
  const answers = input.answers ?? {};
  errors.push(...answerErrors(category, answers));
  const hasPoint = typeof input.lat === 'number' && typeof input.lon === 'number';
  if ((input.lat == null) !== (input.lon == null)) errors.push({ field: '/lat', messageKey: 'reports.errors.point' });
  if (hasPoint && (Math.abs(input.lat!) > 90 || Math.abs(input.lon!) > 180)) errors.push({ field: '/lat', messageKey: 'reports.errors.point' });
  const address = input.address?.trim() || null;
  if (address && address.length > 500) errors.push({ field: '/address', messageKey: 'reports.errors.addressLong' });
  if (!hasPoint && !address && !input.territoryCode) errors.push({ field: '/territoryCode', messageKey: 'reports.errors.location' });
  let territoryPath: string[] = [];
  if (input.territoryCode) {
    try {
      territoryPath = (await getTerritoryWithAncestors(deps, input.territoryCode)).map((t) => t.code);
    } catch {
      errors.push({ field: '/territoryCode', messageKey: 'reports.errors.territory' });
    }
  }
  const isAnonymous = input.isAnonymous === true || actor.type === 'anonymous';
  if (isAnonymous && !category.anonymousAllowed) errors.push({ field: '/isAnonymous', messageKey: 'reports.errors.anonymousNotAllowed' });
  let subjectAgencyCode: string | null = null;
  if (category.isAgencyComplaint) {
    if (!input.subjectAgencyCode) errors.push({ field: '/subjectAgencyCode', messageKey: 'reports.errors.subjectAgency' });
    else {
      try {
        subjectAgencyCode = (await getAgency(deps, input.subjectAgencyCode)).code;
      } catch {
        errors.push({ field: '/subjectAgencyCode', messageKey: 'reports.errors.subjectAgency' });
      }
    }
  }
  let onBehalfOfName: string | null = null;
  if (input.onBehalfOfTerritory) {
    if (actor.type !== 'person' || isAnonymous) errors.push({ field: '/onBehalfOfTerritory', messageKey: 'reports.errors.onBehalfOf' });
    else {
      try {
        const path = await getTerritoryWithAncestors(deps, input.onBehalfOfTerritory);
        onBehalfOfName = path[path.length - 1]!.name;
      } catch {
        errors.push({ field: '/onBehalfOfTerritory', messageKey: 'reports.errors.onBehalfOf' });
      }
    }
  }
  const photos = (input.photos ?? []).filter((p) => p.bytes.byteLength > 0);
  if (photos.length > MAX_PHOTOS) errors.push({ field: '/photos', messageKey: 'reports.errors.photoCount', params: { max: MAX_PHOTOS } });
  const checked = photos.map((photo, index) => {
    const check = checkFile(photo.bytes, { maxBytes: MAX_PHOTO_BYTES, allowed: ['image/jpeg', 'image/png'] });
    if (!check.ok) errors.push({ field: `/photos/${index}`, messageKey: `reports.errors.photo.${check.reason}` });
    return check.ok ? { bytes: photo.bytes, mediaType: check.mediaType, filename: safeFilename(photo.filename, check.mediaType) } : undefined;
  });
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', { fields: errors });
  return { category, description, answers, hasPoint, address, territoryPath, isAnonymous, subjectAgencyCode, onBehalfOfName, checked, photos };
}

/** Validates, routes and stores a report with its photos, synchronously: when this returns, the report is committed. */
export async function createReport(deps: D, input: NewReport, options: CreateReportOptions): Promise<{ report: Report; isNew: boolean }> {
  const { actor } = options;
  const { category, description, answers, hasPoint, address, territoryPath, isAnonymous, subjectAgencyCode, onBehalfOfName, checked, photos } = await prepareReport(deps, input, actor);
  const agency = await route(deps, category, territoryPath, subjectAgencyCode);
  const now = new Date();
  const dueAt = legalDeadline(deps, now, category.legalResponseDays);
  const reporterAccountId = actor.type === 'person' && !isAnonymous ? actor.id : null;
  const idempotencyKey = options.idempotencyKey?.trim() || null;
  const idempotencyScope = idempotencyKey ? `${actor.type}:${actor.id ?? ''}` : null;
  const requestSha256 = idempotencyKey
    ? sha256Hex(
        canonicalJson({
          categoryCode: category.code,
          description,
          answers,
          lat: hasPoint ? input.lat : null,
          lon: hasPoint ? input.lon : null,
          address,
          territoryCode: input.territoryCode ?? null,
          subjectAgencyCode,
          contact: input.contact ?? null,
          isAnonymous,
          onBehalfOfTerritory: input.onBehalfOfTerritory ?? null,
          photos: checked.map((p) => (p ? sha256Hex(p.bytes) : null)),
        }),
      )
    : null;

  const id = await deps.db.transaction().execute(async (trx) => {
    const inserted = await insertReport(trx, {
      categoryCode: category.code,
      description,
      answers,
      lat: hasPoint ? input.lat! : null,
      lon: hasPoint ? input.lon! : null,
      address,
      territoryCode: territoryPath.length ? input.territoryCode! : null,
      territoryPath,
      subjectAgencyCode,
      agencyCode: agency?.code ?? null,
      agencyName: agency?.name ?? null,
      reporterAccountId,
      contact: input.contact ?? null,
      isAnonymous,
      onBehalfOfTerritory: onBehalfOfName ? input.onBehalfOfTerritory! : null,
      onBehalfOfName,
      source: input.source ?? 'web',
      idempotencyScope,
      idempotencyKey,
      requestSha256,
      dueAt,
    });
    if (!inserted.isNew) {
      // Reports stored before request hashes were kept (NULL) are replayed as before.
      if (inserted.requestSha256 !== null && inserted.requestSha256 !== requestSha256) throw new AppError('REPORT_IDEMPOTENCY_KEY_REUSED');
      return { id: inserted.id, isNew: false };
    }
    const reportId = inserted.id;
    for (const [index, photo] of checked.entries()) {
      if (!photo) continue;
      const stored = await storeFile(trx, photo.bytes, photo.mediaType);
      await insertPhoto(trx, reportId, index, { sha256: stored.sha256, mediaType: photo.mediaType, filename: photo.filename });
    }
    const [, routedEvent] = await insertTimelineEntries(trx, [
      { reportId, kind: 'submitted', status: 'received', actorType: actor.type, actorId: actor.id ?? null },
      { reportId, kind: agency ? 'routed' : 'triaged', agencyCode: agency?.code ?? null, agencyName: agency?.name ?? null, actorType: 'system', actorId: 'routing' },
    ]);
    await recordAudit(trx, {
      actor: auditActor(actor),
      action: 'reports.report_submitted',
      subject: { type: 'report', id: String(reportId) },
      data: {
        category: category.code,
        agency: agency?.code ?? null,
        territory: input.territoryCode ?? null,
        anonymous: isAnonymous,
        photos: photos.length,
        onBehalfOf: input.onBehalfOfTerritory ?? null,
      },
      requestId: options.requestId ?? null,
    });
    await emitEvent(trx, 'reports.submitted', {
      reportId,
      code: `R-${reportId}`,
      categoryCode: category.code,
      agencyCode: agency?.code ?? null,
      agencyName: agency?.name ?? null,
      territoryCode: input.territoryCode ?? null,
      territoryPath,
      lat: hasPoint ? input.lat! : null,
      lon: hasPoint ? input.lon! : null,
      reporterAccountId,
      dueAt: dueAt.toISOString(),
      path: `/reportes/${reportId}`,
    });
    await insertStatDeltas(trx, statScopes(territoryPath, agency?.code ?? null), { received: 1 });
    if (agency) await scheduleDelivery(trx, reportId, routedEvent!, agency.code);
    return { id: reportId, isNew: true };
  });
  const found = await findReportRow(deps.db, id.id);
  return { report: found!.report, isNew: id.isNew };
}

function statScopes(territoryPath: string[], agencyCode: string | null): string[] {
  return ['all', ...territoryPath.map((t) => `t:${t}`), ...(agencyCode ? [`a:${agencyCode}`] : [])];
}

/** Delivers a timeline entry to the agency's system when it has a webhook (a retried job). */
async function scheduleDelivery(trx: Queryable, reportId: number, eventId: number, agencyCode: string): Promise<void> {
  const deliveryId = await insertDelivery(trx, reportId, eventId, agencyCode);
  if (deliveryId) await enqueueJob(trx, DELIVER_JOB, { deliveryId }, { key: `report-delivery-${deliveryId}`, maxAttempts: 25 });
}

/** "Me too": a person (or an anonymous browser) supports an open report instead of sending another. */
export async function supportReport(deps: Pick<Deps, 'db'>, reportId: number, supporter: { actor: ReportActor; key: string }, requestId?: string): Promise<boolean> {
  const report = await getReport(deps, reportId);
  if (report.status !== 'received' && report.status !== 'in_progress') throw new AppError('REPORT_NOT_OPEN');
  return deps.db.transaction().execute(async (trx) => {
    const added = await insertSupport(trx, reportId, supporter.key);
    if (!added) return false;
    await recordAudit(trx, { actor: auditActor(supporter.actor), action: 'reports.report_supported', subject: { type: 'report', id: String(reportId) }, requestId: requestId ?? null });
    await emitEvent(trx, 'reports.supported', { reportId, agencyCode: report.agencyCode });
    return true;
  });
}

// ---------------------------------------------------------------------------------------
// The agency's actions

/** Who acts for agencies: the agencies where the person holds a role, and platform administrators (triage, moderation). */
export interface Official {
  accountId: string;
  agencyCodes: string[];
  isPlatformAdmin: boolean;
}

export type AgencyAction =
  | { type: 'accept' }
  | { type: 'reassign'; agencyCode: string; reason: string }
  | { type: 'reply'; text: string }
  | { type: 'status'; status: ReportStatus; reason?: string }
  | { type: 'merge'; intoReportId: number }
  | { type: 'evidence'; text?: string; files: Array<{ bytes: Uint8Array; filename: string }> };

/** An official may act on a report routed to one of their agencies; administrators on the triage queue. */
export function canActOn(official: Official, report: Pick<Report, 'agencyCode'>): boolean {
  if (report.agencyCode === null) return official.isPlatformAdmin;
  return official.agencyCodes.includes(report.agencyCode);
}

const OPEN: ReportStatus[] = ['received', 'in_progress'];

export async function actOnReport(deps: D, official: Official, reportId: number, action: AgencyAction, requestId?: string): Promise<void> {
  const actor = { type: 'official' as const, id: official.accountId };
  const fail = (field: string, messageKey: string): never => {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field, messageKey }] });
  };
  // Validation that needs no lock.
  let target: { code: string; name: string } | undefined;
  if (action.type === 'reassign') {
    if (!action.reason.trim()) fail('/reason', 'reports.errors.reasonRequired');
    try {
      const agency = await getAgency(deps, action.agencyCode);
      target = { code: agency.code, name: agency.name };
    } catch {
      fail('/agencyCode', 'reports.errors.agency');
    }
  }
  if (action.type === 'reply' && (!action.text.trim() || action.text.length > MAX_DESCRIPTION)) fail('/text', 'reports.errors.replyRequired');
  if (action.type === 'status') {
    if (!['in_progress', 'resolved', 'rejected'].includes(action.status)) fail('/status', 'reports.errors.status');
    if (action.status === 'rejected' && !action.reason?.trim()) fail('/reason', 'reports.errors.reasonRequired');
  }
  const evidence =
    action.type === 'evidence'
      ? action.files
          .filter((f) => f.bytes.byteLength > 0)
          .map((file) => {
            const check = checkFile(file.bytes, { maxBytes: MAX_PHOTO_BYTES, allowed: ['image/jpeg', 'image/png', 'application/pdf'] });
            if (!check.ok) fail('/files', `reports.errors.evidence.${check.reason}`);
            return { bytes: file.bytes, mediaType: check.ok ? check.mediaType : ('image/png' as const), filename: check.ok ? safeFilename(file.filename, check.mediaType) : '' };
          })
      : [];
  if (action.type === 'evidence' && evidence.length === 0) fail('/files', 'reports.errors.evidenceRequired');

  await deps.db.transaction().execute(async (trx) => {
    const found = await findReportRow(trx, reportId, { forUpdate: true });
    if (!found) throw new AppError('REPORT_NOT_FOUND', { params: { id: reportId } });
    const report = found.report;
    if (!canActOn(official, report)) throw new AppError('REPORT_FORBIDDEN');
    const now = new Date();
    const change: ReportChange = {};
    let kind: TimelineKind;
    let status: ReportStatus | null = null;
    let text: string | null = null;
    let deltas: Parameters<typeof insertStatDeltas>[2] | undefined;
    let reopenedByAgency = false;
    const scopes = statScopes(report.territoryPath, report.agencyCode);
    const firstAnswer = () => {
      if (report.firstResponseAt) return;
      change.firstResponseAt = now;
      const hours = Math.min(Math.floor((now.getTime() - report.createdAt.getTime()) / 3_600_000), 8760);
      deltas = { answered: 1, answeredInTime: now <= report.dueAt ? 1 : 0, bucket: hours };
    };
    switch (action.type) {
      case 'accept':
        // A report in the triage queue is first reassigned to an agency, which then accepts it.
        if (report.status !== 'received' || report.agencyCode === null) throw new AppError('REPORT_INVALID_TRANSITION');
        kind = 'accepted';
        status = 'in_progress';
        change.status = 'in_progress';
        change.acceptedAt = now;
        break;
      case 'reassign':
        if (!OPEN.includes(report.status)) throw new AppError('REPORT_INVALID_TRANSITION');
        if (target!.code === report.agencyCode) fail('/agencyCode', 'reports.errors.sameAgency');
        kind = 'reassigned';
        text = action.reason.trim();
        change.agencyCode = target!.code;
        change.agencyName = target!.name;
        change.acceptedAt = null;
        change.status = 'received';
        status = 'received';
        break;
      case 'reply':
        kind = 'replied';
        text = action.text.trim();
        firstAnswer();
        break;
      case 'status': {
        if (report.status === action.status || (!OPEN.includes(report.status) && action.status !== 'in_progress')) throw new AppError('REPORT_INVALID_TRANSITION');
        kind = 'status_changed';
        status = action.status;
        text = action.reason?.trim() || null;
        change.status = action.status;
        change.statusReason = text;
        if (action.status === 'resolved') change.resolvedAt = now;
        if (report.status === 'resolved') {
          // The agency itself takes a resolved report up again: it no longer counts as resolved.
          change.resolvedAt = null;
          reopenedByAgency = true;
        }
        firstAnswer();
        break;
      }
      case 'merge': {
        if (!OPEN.includes(report.status)) throw new AppError('REPORT_INVALID_TRANSITION');
        const into = await findReportRow(trx, action.intoReportId);
        if (!into || into.report.id === report.id || into.report.isHidden || !canActOn(official, into.report) || into.report.duplicateOf !== null) fail('/intoReportId', 'reports.errors.mergeTarget');
        kind = 'merged';
        status = 'duplicate';
        text = `R-${action.intoReportId}`;
        change.status = 'duplicate';
        change.duplicateOf = action.intoReportId;
        await insertSupport(trx, action.intoReportId, `report:${report.id}`);
        await insertTimelineEntry(trx, {
          reportId: action.intoReportId,
          kind: 'merged',
          text: `R-${report.id}`,
          agencyCode: report.agencyCode,
          agencyName: report.agencyName,
          actorType: 'official',
          actorId: official.accountId,
        });
        break;
      }
      case 'evidence':
        kind = 'evidence';
        text = action.text?.trim() || null;
        break;
    }
    const agencyCode = change.agencyCode !== undefined ? change.agencyCode : report.agencyCode;
    const agencyName = change.agencyCode !== undefined ? (change.agencyName ?? null) : report.agencyName;
    const eventId = await insertTimelineEntry(trx, { reportId, kind, status, text, agencyCode, agencyName, actorType: 'official', actorId: official.accountId });
    for (const [index, file] of evidence.entries()) {
      const stored = await storeFile(trx, file.bytes, file.mediaType);
      await insertEvidence(trx, eventId, index, { sha256: stored.sha256, mediaType: file.mediaType, filename: file.filename });
    }
    await updateReport(trx, reportId, change);
    if (deltas) await insertStatDeltas(trx, scopes, deltas);
    if (change.status === 'resolved') await insertStatDeltas(trx, scopes, { resolved: 1 });
    if (reopenedByAgency) await insertStatDeltas(trx, scopes, { resolved: -1 });
    if (action.type === 'reassign') {
      // Statistics follow the agency now responsible.
      await insertStatDeltas(trx, report.agencyCode ? [`a:${report.agencyCode}`] : [], { received: -1 });
      await insertStatDeltas(trx, [`a:${target!.code}`], { received: 1 });
      await scheduleDelivery(trx, reportId, eventId, target!.code);
    }
    await recordAudit(trx, {
      actor,
      action: `reports.report_${kind}`,
      subject: { type: 'report', id: String(reportId) },
      data: { status, from: report.agencyCode, to: agencyCode, merge: action.type === 'merge' ? action.intoReportId : undefined, files: evidence.length || undefined },
      requestId: requestId ?? null,
    });
    // The last day the reporter may contest a resolution (for their notice).
    const contestUntil = change.status === 'resolved' ? contestDeadline(deps, now, (await findCategory(trx, report.categoryCode))?.contestDays ?? 0) : null;
    await emitEvent(trx, `reports.${kind}`, {
      reportId,
      code: report.code,
      kind,
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
    if (report.agencyCode) await scheduleDelivery(trx, reportId, eventId, report.agencyCode);
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

/** Moderation: hides a report or one timeline entry, with a reason. Administrators only. */
export async function hideContent(deps: Pick<Deps, 'db'>, official: Official, target: { reportId: number; eventId?: number }, reason: string, requestId?: string): Promise<void> {
  if (!official.isPlatformAdmin) throw new AppError('REPORT_FORBIDDEN');
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

// ---------------------------------------------------------------------------------------
// Reporter's and agency's views

export async function listMyReports(deps: Pick<Deps, 'db'>, accountId: string): Promise<Report[]> {
  return searchReportRows(deps.db, { reporterAccountId: accountId, includeHidden: true, limit: 200 });
}

/** A report with its private facts, for its reporter or an official who may act on it. */
export async function getReportForHandling(deps: Pick<Deps, 'db'>, reportId: number, who: { accountId: string; official?: Official }): Promise<{ report: Report; private: ReportPrivate }> {
  const found = await findReportRow(deps.db, reportId);
  if (!found) throw new AppError('REPORT_NOT_FOUND', { params: { id: reportId } });
  const isReporter = found.private.reporterAccountId === who.accountId;
  const isHandler = who.official ? canActOn(who.official, found.report) : false;
  if (!isReporter && !isHandler) throw new AppError('REPORT_FORBIDDEN');
  return found;
}

export async function listAgencyQueue(deps: Pick<Deps, 'db'>, official: Official, filter: { agencyCode: string; status?: ReportStatus[]; limit?: number }): Promise<Report[]> {
  if (!official.agencyCodes.includes(filter.agencyCode)) throw new AppError('REPORT_FORBIDDEN');
  return searchReportRows(deps.db, { agencyCode: filter.agencyCode, status: filter.status, includeHidden: true, limit: filter.limit ?? 100 });
}

export async function listTriageQueue(deps: Pick<Deps, 'db'>, limit = 100): Promise<Report[]> {
  return searchReportRows(deps.db, { isTriage: true, limit });
}

// ---------------------------------------------------------------------------------------
// Statistics

/** Statistics of a territory (`t:<code>`), an agency (`a:<code>`) or everything (`all`). */
export async function getReportStats(deps: Pick<Deps, 'db'>, scope: { territoryCode?: string; agencyCode?: string }): Promise<ReportStats> {
  const key = scope.territoryCode ? `t:${scope.territoryCode}` : scope.agencyCode ? `a:${scope.agencyCode}` : 'all';
  const rows = await findStatRows(deps.db, key);
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((total, r) => total + f(r), 0);
  const answered = sum((r) => r.answered);
  let median: number | null = null;
  if (answered > 0) {
    const half = answered / 2;
    let seen = 0;
    for (const r of rows.filter((row) => row.bucket >= 0)) {
      seen += r.answered;
      if (seen >= half) {
        median = r.bucket + 0.5;
        break;
      }
    }
  }
  const answeredInTime = sum((r) => r.answered_in_time);
  return {
    scope: key,
    received: sum((r) => r.received),
    resolved: sum((r) => r.resolved),
    answered,
    answeredInTime,
    reopened: sum((r) => r.reopened),
    medianResponseHours: median,
    shareInTime: answered > 0 ? answeredInTime / answered : null,
  };
}

// ---------------------------------------------------------------------------------------
// Alerts

export const MAX_ALERT_RADIUS_M = 20_000;

/** Subscribes a person to new reports in a territory (and below) or within a circle. */
export async function subscribeToReports(
  deps: Pick<Deps, 'db'>,
  accountId: string,
  target: { territoryCode: string } | { lat: number; lon: number; radiusM: number },
  requestId?: string,
): Promise<number> {
  if ('territoryCode' in target) {
    try {
      await getTerritoryWithAncestors(deps, target.territoryCode);
    } catch {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/territoryCode', messageKey: 'reports.errors.territory' }] });
    }
  } else {
    const fields: FieldError[] = [];
    if (!Number.isFinite(target.lat) || Math.abs(target.lat) > 90) fields.push({ field: '/lat', messageKey: 'reports.errors.point' });
    if (!Number.isFinite(target.lon) || Math.abs(target.lon) > 180) fields.push({ field: '/lon', messageKey: 'reports.errors.point' });
    if (!Number.isInteger(target.radiusM) || target.radiusM < 10 || target.radiusM > MAX_ALERT_RADIUS_M) fields.push({ field: '/radiusM', messageKey: 'reports.errors.radius' });
    if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
  }
  return deps.db.transaction().execute(async (trx) => {
    const id = await insertSubscription(trx, { accountId, ...target });
    await recordAudit(trx, { actor: { type: 'person', id: accountId }, action: 'reports.alert_subscribed', subject: { type: 'report_subscription', id: String(id) }, requestId: requestId ?? null });
    return id;
  });
}

export async function unsubscribeFromReports(deps: Pick<Deps, 'db'>, accountId: string, id: number, requestId?: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    if (!(await deleteSubscription(trx, accountId, id))) throw new AppError('NOT_FOUND');
    await recordAudit(trx, { actor: { type: 'person', id: accountId }, action: 'reports.alert_unsubscribed', subject: { type: 'report_subscription', id: String(id) }, requestId: requestId ?? null });
  });
}

export async function listSubscriptions(deps: Pick<Deps, 'db'>, accountId: string): Promise<Subscription[]> {
  return findSubscriptionsOf(deps.db, accountId);
}

/** A report with its private facts, for deciding what a viewer may do (never for rendering them). */
export async function findReportForViewer(deps: Pick<Deps, 'db'>, reportId: number): Promise<{ report: Report; private: ReportPrivate } | undefined> {
  const found = await findReportRow(deps.db, reportId);
  return found && !found.report.isHidden ? found : undefined;
}

// ---------------------------------------------------------------------------------------
// Agencies' webhooks

/** Sets where an agency's system receives its reports (agency administrators and platform administrators). */
export async function setAgencyWebhook(
  deps: Pick<Deps, 'db'>,
  who: Official & { roles?: Array<{ agencyCode: string; role: string }> },
  input: { agencyCode: string; url: string; secret: string; isActive: boolean },
  requestId?: string,
): Promise<void> {
  const isAgencyAdmin = (who.roles ?? []).some((r) => r.agencyCode === input.agencyCode && r.role === 'agency_admin');
  if (!who.isPlatformAdmin && !isAgencyAdmin) throw new AppError('REPORT_FORBIDDEN');
  const fields: FieldError[] = [];
  if (!/^https?:\/\/[^\s]+$/.test(input.url) || input.url.length > 500) fields.push({ field: '/url', messageKey: 'reports.errors.webhookUrl' });
  if (input.secret.length < 16 || input.secret.length > 200) fields.push({ field: '/secret', messageKey: 'reports.errors.webhookSecret' });
  if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
  await getAgency(deps, input.agencyCode);
  await deps.db.transaction().execute(async (trx) => {
    await upsertWebhook(trx, input);
    await recordAudit(trx, {
      actor: { type: who.isPlatformAdmin ? 'admin' : 'official', id: who.accountId },
      action: 'reports.webhook_saved',
      subject: { type: 'agency', id: input.agencyCode },
      data: { url: input.url, isActive: input.isActive },
      requestId: requestId ?? null,
    });
  });
}

/** The webhooks (without their secrets) of the agencies a person administers. */
export async function listAgencyWebhooks(deps: Pick<Deps, 'db'>, agencyCodes: string[]): Promise<Array<{ agencyCode: string; url: string; isActive: boolean }>> {
  return (await findWebhooks(deps.db, agencyCodes)).map((w) => ({ agencyCode: w.agencyCode, url: w.url, isActive: w.isActive }));
}

/** Every routing rule, for the public page that says who handles what. */
export async function listRoutingRules(deps: Pick<Deps, 'db'>): Promise<RoutingRule[]> {
  return findAllRoutingRules(deps.db);
}
