// SQL of reports, their photos and their timeline, on the generated table types.
import { type Selectable, sql } from 'kysely';
import { type AuditedInsert, auditedInsert, reserveIds, rowsInto } from '../../platform/db/audited-insert.ts';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { ReportEventRow, ReportRow, Tables } from './db.generated.ts';
import type { NewReport, Report, ReportFilters, ReportPrivate, ReportStatus, ReportUpdate, TimelineEntry, TimelineKind } from './report.types.ts';

// ---------------------------------------------------------------------------------------
// Reports

/** A file listed with its report or timeline entry (json_agg of the photo or evidence rows). */
type FileJson = { position: number; filename: string; media_type: string };
type ReportWithPhotos = Selectable<ReportRow> & { photos: FileJson[] | null };

export const reportCode = (id: number) => `R-${id}`;
export const photoUrl = (id: number, position: number) => `/reportes/${id}/fotos/${position}`;

function toReport(r: ReportWithPhotos, now: Date): Report {
  const isOpen = r.status === 'received' || r.status === 'in_progress';
  return {
    id: Number(r.id),
    code: reportCode(Number(r.id)),
    categoryCode: r.category_code,
    // A CHECK keeps `status` to ReportStatus; `answers` is written only by insertReportAudited from NewReport.answers.
    status: r.status as ReportStatus,
    description: r.description,
    answers: r.answers as Report['answers'],
    lat: r.lat,
    lon: r.lon,
    address: r.address,
    territoryCode: r.territory_code,
    territoryPath: r.territory_path,
    subjectAgencyCode: r.subject_agency_code,
    agencyCode: r.agency_code,
    agencyName: r.agency_name,
    isAnonymous: r.is_anonymous,
    onBehalfOf: r.on_behalf_of_name ? { territoryCode: r.on_behalf_of_territory, name: r.on_behalf_of_name } : null,
    source: r.source,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    dueAt: r.due_at,
    acceptedAt: r.accepted_at,
    firstResponseAt: r.first_response_at,
    resolvedAt: r.resolved_at,
    escalatedAt: r.escalated_at,
    isOverdue: isOpen && r.first_response_at === null && r.due_at < now,
    reopenedCount: r.reopened_count,
    supporterCount: r.supporter_count,
    duplicateOf: r.duplicate_of === null ? null : Number(r.duplicate_of),
    statusReason: r.status_reason,
    isHidden: r.hidden_at !== null,
    photos: (r.photos ?? []).map((p) => ({ url: photoUrl(Number(r.id), p.position), filename: p.filename, mediaType: p.media_type })),
  };
}

const toPrivate = (r: Selectable<ReportRow>): ReportPrivate => ({ reporterAccountId: r.reporter_account_id, contact: r.contact as ReportPrivate['contact'], hiddenReason: r.hidden_reason });

/** Every column of the report `r` with its photos, in position order. */
const reports = (db: Queryable) =>
  typed<Tables>(db)
    .selectFrom('reports.report as r')
    .selectAll('r')
    .select(
      sql<FileJson[] | null>`(SELECT json_agg(json_build_object('position', p.position, 'filename', p.filename, 'media_type', p.media_type) ORDER BY p.position)
                              FROM reports.photo p WHERE p.report_id = r.id)`.as('photos'),
    );

export interface InsertReport extends Omit<NewReport, 'photos' | 'isAnonymous'> {
  isAnonymous: boolean;
  territoryPath: string[];
  agencyCode: string | null;
  agencyName: string | null;
  reporterAccountId: string | null;
  onBehalfOfName: string | null;
  dueAt: Date;
  idempotencyScope: string | null;
  idempotencyKey: string | null;
  requestSha256: string | null;
  source: string;
}

/** Ids for a new report and its first timeline entries, reserved in this process (see reserveIds). */
export async function reserveReportIds(db: Queryable, timelineEntries: number): Promise<{ reportId: number; eventIds: number[] }> {
  const [[reportId], eventIds] = await Promise.all([reserveIds(db, 'reports.report'), reserveIds(db, 'reports.report_event', timelineEntries)]);
  return { reportId: reportId!, eventIds };
}

const rows = rowsInto<Tables>();

/**
 * A new report in one statement (the write pattern, src/platform/db/audited-insert.ts): the
 * report with its reserved id, its photos' rows, its first timeline entries, and the audit
 * entry, events and statistics the service gives; the report comes back from RETURNING. With
 * an idempotency key already used in the scope, nothing is written: the existing id and
 * request hash are returned instead.
 */
export async function insertReportAudited(
  db: Queryable,
  ids: { reportId: number; eventIds: number[] },
  r: InsertReport,
  photos: Array<{ position: number } & StoredFile>,
  timeline: Array<Omit<NewTimelineEntry, 'reportId'>>,
  consequences: Pick<AuditedInsert<Selectable<ReportRow>>, 'audit' | 'events' | 'stats'>,
): Promise<{ report: Report; isNew: true } | { id: number; isNew: false; requestSha256: string | null }> {
  const row = await auditedInsert(db, {
    insert: rows('reports.report', {
      id: ids.reportId,
      category_code: r.categoryCode,
      description: r.description,
      answers: (r.answers ?? {}) as ReportRow['answers'],
      lat: r.lat ?? null,
      lon: r.lon ?? null,
      address: r.address ?? null,
      territory_code: r.territoryCode ?? null,
      territory_path: r.territoryPath,
      subject_agency_code: r.subjectAgencyCode ?? null,
      agency_code: r.agencyCode,
      agency_name: r.agencyName,
      reporter_account_id: r.reporterAccountId,
      contact: (r.contact ?? null) as ReportRow['contact'],
      is_anonymous: r.isAnonymous,
      on_behalf_of_territory: r.onBehalfOfTerritory ?? null,
      on_behalf_of_name: r.onBehalfOfName,
      source: r.source,
      idempotency_scope: r.idempotencyScope,
      idempotency_key: r.idempotencyKey,
      request_sha256: r.requestSha256,
      due_at: r.dueAt,
    }),
    returning: sql<Selectable<ReportRow>>`*`,
    onConflictDoNothing: true,
    also: [
      ...(photos.length > 0
        ? [
            rows(
              'reports.photo',
              photos.map((p) => ({ report_id: ids.reportId, position: p.position, sha256: p.sha256, media_type: p.mediaType, filename: p.filename })),
            ),
          ]
        : []),
      rows(
        'reports.report_event',
        timeline.map((e, i) => ({ id: ids.eventIds[i]!, ...eventValues({ ...e, reportId: ids.reportId }) })),
      ),
    ],
    ...consequences,
  });
  if (row) return { report: toReport({ ...row, photos: photos.map((p) => ({ position: p.position, filename: p.filename, media_type: p.mediaType })) }, new Date()), isNew: true };
  const existing = await typed<Tables>(db)
    .selectFrom('reports.report')
    .select(['id', 'request_sha256'])
    .where('idempotency_scope', '=', r.idempotencyScope)
    .where('idempotency_key', '=', r.idempotencyKey)
    .executeTakeFirstOrThrow();
  return { id: Number(existing.id), isNew: false, requestSha256: existing.request_sha256 };
}

type StoredFile = { sha256: string; mediaType: string; filename: string };
const fileColumns = ['sha256', 'media_type', 'filename'] as const;
const toStoredFile = (row: { sha256: string; media_type: string; filename: string } | undefined): StoredFile | undefined =>
  row ? { sha256: row.sha256, mediaType: row.media_type, filename: row.filename } : undefined;

export async function findPhoto(db: Queryable, reportId: number, position: number): Promise<StoredFile | undefined> {
  const row = await typed<Tables>(db)
    .selectFrom('reports.photo as p')
    .innerJoin('reports.report as r', 'r.id', 'p.report_id')
    .select(fileColumns.map((c) => `p.${c}` as const))
    .where('p.report_id', '=', reportId)
    .where('p.position', '=', position)
    .where('r.hidden_at', 'is', null)
    .executeTakeFirst();
  return toStoredFile(row);
}

/** One report; `forUpdate` locks it (with `skipLocked`, a report another transaction holds is not found). */
export async function findReportRow(db: Queryable, id: number, options: { forUpdate?: boolean; skipLocked?: boolean } = {}): Promise<{ report: Report; private: ReportPrivate } | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  let query = reports(db).where('r.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('r');
  if (options.forUpdate && options.skipLocked) query = query.skipLocked();
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  return { report: toReport(row, new Date()), private: toPrivate(row) };
}

const OPEN_STATUSES: ReportStatus[] = ['received', 'in_progress'];

export async function searchReportRows(db: Queryable, f: ReportFilters & { reporterAccountId?: string; isTriage?: boolean; isOverdue?: boolean }): Promise<Report[]> {
  const rows = await reports(db)
    .where((eb) => {
      const where = [];
      if (!f.includeHidden) where.push(eb('r.hidden_at', 'is', null));
      if (f.ids) where.push(f.ids.length > 0 ? eb('r.id', 'in', f.ids) : eb.lit(false));
      if (f.categoryCodes?.length) where.push(eb('r.category_code', 'in', f.categoryCodes));
      if (f.status?.length) where.push(eb('r.status', 'in', f.status));
      if (f.startDate) where.push(eb('r.created_at', '>=', f.startDate));
      if (f.endDate) where.push(eb('r.created_at', '<=', f.endDate));
      if (f.territoryCode) where.push(sql<boolean>`r.territory_path @> ARRAY[${f.territoryCode}]::text[]`);
      if (f.agencyCode) where.push(eb('r.agency_code', '=', f.agencyCode));
      if (f.bbox) where.push(eb.and([eb('r.lat', '>=', f.bbox[0]), eb('r.lat', '<=', f.bbox[2]), eb('r.lon', '>=', f.bbox[1]), eb('r.lon', '<=', f.bbox[3])]));
      if (f.beforeId) where.push(eb('r.id', '<', f.beforeId));
      if (f.reporterAccountId) where.push(eb('r.reporter_account_id', '=', f.reporterAccountId));
      if (f.isTriage) where.push(eb.and([eb('r.agency_code', 'is', null), eb('r.status', 'in', OPEN_STATUSES)]));
      if (f.isOverdue) where.push(eb.and([eb('r.status', 'in', OPEN_STATUSES), eb('r.first_response_at', 'is', null), sql<boolean>`r.due_at < now()`]));
      return eb.and(where);
    })
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(f.limit)
    .execute();
  const now = new Date();
  return rows.map((row) => toReport(row, now));
}

/** Open reports of a category within `radiusM` metres (`platform.within_m`: a bounding box on `report_nearby_idx`, then the distance). Nearest first. */
export async function findNearbyOpen(db: Queryable, categoryCode: string, lat: number, lon: number, radiusM: number, limit = 5): Promise<Array<Report & { distanceM: number }>> {
  const rows = await reports(db)
    .select(sql<number>`platform.distance_m(r.lat, r.lon, ${lat}, ${lon})`.as('distance_m'))
    .where('r.category_code', '=', categoryCode)
    .where('r.status', 'in', OPEN_STATUSES)
    .where('r.lat', 'is not', null)
    .where(sql<boolean>`platform.within_m(r.lat, r.lon, ${lat}, ${lon}, ${radiusM})`)
    .where('r.hidden_at', 'is', null)
    .where('r.duplicate_of', 'is', null)
    .orderBy('distance_m')
    .limit(limit)
    .execute();
  const now = new Date();
  return rows.map((row) => ({ ...toReport(row, now), distanceM: Math.round(row.distance_m) }));
}

export interface ReportChange {
  status?: ReportStatus;
  statusReason?: string | null;
  agencyCode?: string | null;
  agencyName?: string | null;
  acceptedAt?: Date | null;
  firstResponseAt?: Date;
  resolvedAt?: Date | null;
  escalatedAt?: Date;
  isReopened?: boolean;
  duplicateOf?: number;
  hiddenReason?: string;
  dueAt?: Date;
}

export async function updateReport(db: Queryable, id: number, c: ReportChange): Promise<void> {
  await typed<Tables>(db)
    .updateTable('reports.report')
    .set((eb) => ({
      updated_at: sql`now()`,
      ...(c.status !== undefined && { status: c.status }),
      ...(c.statusReason !== undefined && { status_reason: c.statusReason }),
      ...(c.agencyCode !== undefined && { agency_code: c.agencyCode, agency_name: c.agencyName ?? null }),
      ...(c.acceptedAt !== undefined && { accepted_at: c.acceptedAt }),
      // The first answer stays the first.
      ...(c.firstResponseAt !== undefined && { first_response_at: eb.fn.coalesce('first_response_at', eb.val(c.firstResponseAt)) }),
      ...(c.resolvedAt !== undefined && { resolved_at: c.resolvedAt }),
      ...(c.escalatedAt !== undefined && { escalated_at: c.escalatedAt }),
      ...(c.isReopened && { reopened_count: eb('reopened_count', '+', 1) }),
      ...(c.duplicateOf !== undefined && { duplicate_of: c.duplicateOf }),
      ...(c.hiddenReason !== undefined && { hidden_at: sql`now()`, hidden_reason: c.hiddenReason }),
      ...(c.dueAt !== undefined && { due_at: c.dueAt }),
    }))
    .where('id', '=', id)
    .execute();
}

/** Adds a "me too"; false when this supporter already supported the report. */
export async function insertSupport(db: Queryable, reportId: number, supporter: string): Promise<boolean> {
  const inserted = await typed<Tables>(db)
    .insertInto('reports.support')
    .values({ report_id: reportId, supporter })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) return false;
  await typed<Tables>(db)
    .updateTable('reports.report')
    .set((eb) => ({ supporter_count: eb('supporter_count', '+', 1) }))
    .where('id', '=', reportId)
    .execute();
  return true;
}

/** Open reports past their legal deadline at `now`, unanswered, not yet escalated: ids, oldest deadline first, no locks (on `report_due_idx`). */
export async function findOverdueToEscalate(db: Queryable, now: Date, limit: number): Promise<number[]> {
  const rows = await typed<Tables>(db)
    .selectFrom('reports.report')
    .select('id')
    .where('status', 'in', OPEN_STATUSES)
    .where('escalated_at', 'is', null)
    .where('due_at', '<', now)
    .where('first_response_at', 'is', null)
    .orderBy('due_at')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.id));
}

// ---------------------------------------------------------------------------------------
// Timeline

export const evidenceUrl = (reportId: number, eventId: number, position: number) => `/reportes/${reportId}/evidencias/${eventId}/${position}`;

type NewTimelineEntry = {
  reportId: number;
  kind: TimelineKind;
  status?: ReportStatus | null;
  text?: string | null;
  agencyCode?: string | null;
  agencyName?: string | null;
  actorType: string;
  actorId?: string | null;
};
const eventValues = (e: NewTimelineEntry) => ({
  report_id: e.reportId,
  kind: e.kind,
  status: e.status ?? null,
  public_text: e.text ?? null,
  agency_code: e.agencyCode ?? null,
  agency_name: e.agencyName ?? null,
  actor_type: e.actorType,
  actor_id: e.actorId ?? null,
});

export async function insertTimelineEntry(db: Queryable, e: NewTimelineEntry): Promise<number> {
  const row = await typed<Tables>(db).insertInto('reports.report_event').values(eventValues(e)).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function insertEvidence(db: Queryable, eventId: number, position: number, file: StoredFile): Promise<void> {
  await typed<Tables>(db).insertInto('reports.evidence').values({ event_id: eventId, position, sha256: file.sha256, media_type: file.mediaType, filename: file.filename }).execute();
}

export async function findEvidence(db: Queryable, reportId: number, eventId: number, position: number): Promise<StoredFile | undefined> {
  const row = await typed<Tables>(db)
    .selectFrom('reports.evidence as v')
    .innerJoin('reports.report_event as e', 'e.id', 'v.event_id')
    .innerJoin('reports.report as r', 'r.id', 'e.report_id')
    .select(fileColumns.map((c) => `v.${c}` as const))
    .where('e.report_id', '=', reportId)
    .where('v.event_id', '=', eventId)
    .where('v.position', '=', position)
    .where('e.hidden_at', 'is', null)
    .where('r.hidden_at', 'is', null)
    .executeTakeFirst();
  return toStoredFile(row);
}

type TimelineRow = Pick<Selectable<ReportEventRow>, 'id' | 'kind' | 'status' | 'public_text' | 'agency_code' | 'agency_name' | 'created_at' | 'hidden_at'> & { files: FileJson[] | null };
// A CHECK keeps `kind` to TimelineKind and `status` to ReportStatus.
const toTimelineEntry = (reportId: number, r: TimelineRow): TimelineEntry => ({
  id: Number(r.id),
  kind: r.kind as TimelineKind,
  status: r.status as ReportStatus | null,
  text: r.hidden_at ? null : r.public_text,
  agencyCode: r.agency_code,
  agencyName: r.agency_name,
  at: r.created_at,
  isHidden: r.hidden_at !== null,
  files: r.hidden_at ? [] : (r.files ?? []).map((f) => ({ url: evidenceUrl(reportId, Number(r.id), f.position), filename: f.filename, mediaType: f.media_type })),
});

export async function findTimeline(db: Queryable, reportId: number): Promise<TimelineEntry[]> {
  const rows = await typed<Tables>(db)
    .selectFrom('reports.report_event as e')
    .select(['e.id', 'e.kind', 'e.status', 'e.public_text', 'e.agency_code', 'e.agency_name', 'e.created_at', 'e.hidden_at'])
    .select(
      sql<FileJson[] | null>`(SELECT json_agg(json_build_object('position', v.position, 'filename', v.filename, 'media_type', v.media_type) ORDER BY v.position)
                              FROM reports.evidence v WHERE v.event_id = e.id)`.as('files'),
    )
    .where('e.report_id', '=', reportId)
    .orderBy('e.id')
    .execute();
  return rows.map((r) => toTimelineEntry(reportId, r));
}

export async function hideTimelineEntry(db: Queryable, reportId: number, eventId: number, reason: string): Promise<boolean> {
  const result = await typed<Tables>(db)
    .updateTable('reports.report_event')
    .set({ hidden_at: sql`now()`, hidden_reason: reason })
    .where('id', '=', eventId)
    .where('report_id', '=', reportId)
    .where('hidden_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

const UPDATE_KINDS: TimelineKind[] = ['replied', 'status_changed', 'accepted', 'reassigned', 'merged'];

export async function findUpdates(db: Queryable, f: { since?: Date; until?: Date; limit: number }): Promise<ReportUpdate[]> {
  let query = typed<Tables>(db)
    .selectFrom('reports.report_event as e')
    .innerJoin('reports.report as r', 'r.id', 'e.report_id')
    .select(['e.id', 'e.report_id', 'e.kind', 'e.status', 'r.status as report_status', 'e.public_text', 'e.created_at', 'e.agency_code'])
    .where('e.kind', 'in', UPDATE_KINDS)
    .where('e.hidden_at', 'is', null)
    .where('r.hidden_at', 'is', null);
  if (f.since) query = query.where('e.created_at', '>=', f.since);
  if (f.until) query = query.where('e.created_at', '<=', f.until);
  const rows = await query.orderBy('e.created_at').orderBy('e.id').limit(f.limit).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    reportId: Number(r.report_id),
    kind: r.kind as TimelineKind,
    status: (r.status ?? r.report_status) as ReportStatus,
    text: r.public_text,
    at: r.created_at,
    agencyCode: r.agency_code,
  }));
}
