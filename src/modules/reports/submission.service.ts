// Submitting a report (validated, routed on arrival, idempotent by key, synchronous) and "me too".
// The report, its photos, timeline, audit entry, event and statistics are written in one transaction.
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { checkFile, safeFilename, sha256Hex, storeFile } from '../../platform/files/index.ts';
import { assertSameRequest, requestFingerprint } from '../../platform/idempotency/idempotency.ts';
import type { Deps } from '../../platform/module.ts';
import { getAgency } from '../agencies/index.ts';
import { getRoles, roleGrantsOf } from '../identity/index.ts';
import { getTerritoryWithAncestors } from '../territories/index.ts';
import { legalDeadline } from './escalation.service.ts';
import { getReport } from './reading.service.ts';
import { findReportRow, insertReportAudited, insertSupport, reserveReportIds } from './report.queries.ts';
import { auditActor, isStaffOfReportAgency, MAX_DESCRIPTION, MAX_PHOTO_BYTES, MAX_PHOTOS } from './report.policy.ts';
import type { Category, NewReport, Report, ReportActor } from './report.types.ts';
import { cachedCategory, placeByCoordinates, routeReport } from './routing.service.ts';
import { reportFigureRecords } from './stats.service.ts';

type D = Pick<Deps, 'db' | 'country' | 'config'>;

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
  const category = await cachedCategory(deps, input.categoryCode);
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

class Replayed extends Error {
  readonly result: { id: number; isNew: false; requestSha256: string | null };
  constructor(result: { id: number; isNew: false; requestSha256: string | null }) {
    super('replayed');
    this.result = result;
  }
}

/** Validates, routes and stores a report with its photos, synchronously: when this returns, the report is committed. */
export async function createReport(deps: D, input: NewReport, options: CreateReportOptions): Promise<{ report: Report; isNew: boolean }> {
  const { actor } = options;
  const prepared = await prepareReport(deps, input, actor);
  const { category, description, answers, hasPoint, address, isAnonymous, subjectAgencyCode, onBehalfOfName, checked, photos } = prepared;
  // Only coordinates: the territory whose boundary contains the point, then the usual rules.
  const placed = prepared.territoryPath.length === 0 && hasPoint ? await placeByCoordinates(deps, { lat: input.lat!, lon: input.lon! }) : null;
  const territoryPath = placed?.path ?? prepared.territoryPath;
  const territoryCode = placed?.code ?? (territoryPath.length ? input.territoryCode! : null);
  const agency = await routeReport(deps, category, territoryPath, subjectAgencyCode);
  const now = new Date();
  const dueAt = await legalDeadline(deps, now, category.legalResponseDays);
  const reporterAccountId = actor.type === 'person' && !isAnonymous ? actor.id : null;
  const idempotencyKey = options.idempotencyKey?.trim() || null;
  const idempotencyScope = idempotencyKey ? `${actor.type}:${actor.id ?? ''}` : null;
  // The key is kept on the report row (its unique index is the claim: the write stays one statement).
  const requestSha256 = idempotencyKey
    ? requestFingerprint({
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
      })
    : null;

  const insert = {
    categoryCode: category.code,
    description,
    answers,
    lat: hasPoint ? input.lat! : null,
    lon: hasPoint ? input.lon! : null,
    address,
    territoryCode,
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
  };
  // The write pattern: ids reserved in this process, then one statement writes the report, its
  // photos' rows, its timeline, the audit entry, the event and the statistics; a transaction is
  // opened only when photo files are stored with it. The agency's webhook is scheduled by the
  // `reports.submitted` handler (module.ts), a retried job like every reaction to an event.
  const ids = await reserveReportIds(deps.db, 2);
  const reportId = ids.reportId;
  const write = async (q: Queryable) => {
    const stored: Array<{ position: number; sha256: string; mediaType: string; filename: string }> = [];
    for (const [position, photo] of checked.entries()) {
      if (!photo) continue;
      const file = await storeFile(q, photo.bytes, photo.mediaType);
      stored.push({ position, sha256: file.sha256, mediaType: photo.mediaType, filename: photo.filename });
    }
    const result = await insertReportAudited(
      q,
      ids,
      insert,
      stored,
      [
        { kind: 'submitted', status: 'received', actorType: actor.type, actorId: actor.id ?? null },
        { kind: agency ? 'routed' : 'triaged', agencyCode: agency?.code ?? null, agencyName: agency?.name ?? null, actorType: 'system', actorId: 'routing' },
      ],
      {
        audit: {
          actor: auditActor(actor),
          action: 'reports.report_submitted',
          subject: { type: 'report', id: String(reportId) },
          data: {
            category: category.code,
            agency: agency?.code ?? null,
            territory: territoryCode,
            anonymous: isAnonymous,
            photos: photos.length,
            onBehalfOf: input.onBehalfOfTerritory ?? null,
          },
          requestId: options.requestId ?? null,
        },
        events: [
          {
            topic: 'reports.submitted',
            payload: {
              reportId,
              code: `R-${reportId}`,
              categoryCode: category.code,
              agencyCode: agency?.code ?? null,
              agencyName: agency?.name ?? null,
              territoryCode,
              territoryPath,
              lat: hasPoint ? input.lat! : null,
              lon: hasPoint ? input.lon! : null,
              reporterAccountId,
              dueAt: dueAt.toISOString(),
              path: `/reportes/${reportId}`,
            },
          },
        ],
        stats: reportFigureRecords({ territoryPath, agencyCode: agency?.code ?? null, categoryCode: category.code, createdAt: now }, { received: 1 }),
      },
    );
    // A retry with photos: the photo files stored for nothing are rolled back with the transaction.
    if (!result.isNew && stored.length > 0) throw new Replayed(result);
    return result;
  };
  const written = checked.some(Boolean)
    ? await deps.db
        .transaction()
        .execute(write)
        .catch((error: unknown) => {
          if (error instanceof Replayed) return error.result;
          throw error;
        })
    : await write(deps.db);
  if (written.isNew) return { report: written.report, isNew: true };
  // Reports stored before request hashes were kept (NULL) are replayed as before.
  // Only a request with a key meets an existing report (its own key's).
  if (requestSha256 !== null) assertSameRequest(written.requestSha256, requestSha256);
  const found = await findReportRow(deps.db, written.id);
  return { report: found!.report, isNew: false };
}

/**
 * "Me too": a person (or an anonymous browser) supports an open report instead of sending another.
 * Someone who holds a role at the report's agency may not (`REPORT_OWN_AGENCY`).
 */
export async function supportReport(deps: Pick<Deps, 'db'>, reportId: number, supporter: { actor: ReportActor; key: string }, requestId?: string): Promise<boolean> {
  const report = await getReport(deps, reportId);
  if (report.status !== 'received' && report.status !== 'in_progress') throw new AppError('REPORT_NOT_OPEN');
  if (supporter.actor.type === 'person' && supporter.actor.id && isStaffOfReportAgency(roleGrantsOf({ isPlatformAdmin: false }, await getRoles(deps, supporter.actor.id)), report))
    throw new AppError('REPORT_OWN_AGENCY');
  return deps.db.transaction().execute(async (trx) => {
    const added = await insertSupport(trx, reportId, supporter.key);
    if (!added) return false;
    await recordAudit(trx, { actor: auditActor(supporter.actor), action: 'reports.report_supported', subject: { type: 'report', id: String(reportId) }, requestId: requestId ?? null });
    await emitEvent(trx, 'reports.supported', { reportId, agencyCode: report.agencyCode });
    return true;
  });
}
