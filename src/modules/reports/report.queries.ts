// SQL of reports, their photos and their timeline.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { NewReport, Report, ReportFilters, ReportPrivate, ReportStatus, ReportUpdate, TimelineEntry, TimelineKind } from './report.types.ts';

// ---------------------------------------------------------------------------------------
// Reports

interface ReportRow {
  id: number;
  category_code: string;
  status: ReportStatus;
  description: string;
  answers: Record<string, string | string[]>;
  lat: number | null;
  lon: number | null;
  address: string | null;
  territory_code: string | null;
  territory_path: string[];
  subject_agency_code: string | null;
  agency_code: string | null;
  agency_name: string | null;
  reporter_account_id: string | null;
  contact: ReportPrivate['contact'];
  is_anonymous: boolean;
  on_behalf_of_territory: string | null;
  on_behalf_of_name: string | null;
  source: string;
  created_at: Date;
  updated_at: Date;
  due_at: Date;
  accepted_at: Date | null;
  first_response_at: Date | null;
  resolved_at: Date | null;
  escalated_at: Date | null;
  reopened_count: number;
  supporter_count: number;
  duplicate_of: number | null;
  status_reason: string | null;
  hidden_at: Date | null;
  hidden_reason: string | null;
  photos?: Array<{ position: number; filename: string; media_type: string }> | null;
}

export const reportCode = (id: number) => `R-${id}`;
export const photoUrl = (id: number, position: number) => `/reportes/${id}/fotos/${position}`;

function toReport(r: ReportRow, now: Date): Report {
  const isOpen = r.status === 'received' || r.status === 'in_progress';
  return {
    id: Number(r.id),
    code: reportCode(Number(r.id)),
    categoryCode: r.category_code,
    status: r.status,
    description: r.description,
    answers: r.answers,
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

const PHOTOS = sql`(SELECT json_agg(json_build_object('position', p.position, 'filename', p.filename, 'media_type', p.media_type) ORDER BY p.position)
                      FROM reports.photo p WHERE p.report_id = r.id) AS photos`;

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

/** Inserts a report; with an idempotency key already used in the scope, inserts nothing and returns the existing id and request hash. */
export async function insertReport(db: Queryable, r: InsertReport): Promise<{ id: number; isNew: boolean; requestSha256: string | null }> {
  const inserted = await sql<{ id: number }>`
    INSERT INTO reports.report (category_code, description, answers, lat, lon, address, territory_code, territory_path, subject_agency_code,
      agency_code, agency_name, reporter_account_id, contact, is_anonymous, on_behalf_of_territory, on_behalf_of_name, source,
      idempotency_scope, idempotency_key, request_sha256, due_at)
    VALUES (${r.categoryCode}, ${r.description}, ${JSON.stringify(r.answers ?? {})}::jsonb, ${r.lat ?? null}, ${r.lon ?? null}, ${r.address ?? null},
      ${r.territoryCode ?? null}, ${r.territoryPath}::text[], ${r.subjectAgencyCode ?? null}, ${r.agencyCode}, ${r.agencyName}, ${r.reporterAccountId},
      ${r.contact ? JSON.stringify(r.contact) : null}::jsonb, ${r.isAnonymous}, ${r.onBehalfOfTerritory ?? null}, ${r.onBehalfOfName}, ${r.source},
      ${r.idempotencyScope}, ${r.idempotencyKey}, ${r.requestSha256}, ${r.dueAt})
    ON CONFLICT (idempotency_scope, idempotency_key) DO NOTHING
    RETURNING id`.execute(db);
  if (inserted.rows[0]) return { id: Number(inserted.rows[0].id), isNew: true, requestSha256: r.requestSha256 };
  const existing = await sql<{ id: number; request_sha256: string | null }>`
    SELECT id, request_sha256 FROM reports.report WHERE idempotency_scope = ${r.idempotencyScope} AND idempotency_key = ${r.idempotencyKey}`.execute(db);
  return { id: Number(existing.rows[0]!.id), isNew: false, requestSha256: existing.rows[0]!.request_sha256 };
}

export async function insertPhoto(db: Queryable, reportId: number, position: number, photo: { sha256: string; mediaType: string; filename: string }): Promise<void> {
  await sql`INSERT INTO reports.photo (report_id, position, sha256, media_type, filename) VALUES (${reportId}, ${position}, ${photo.sha256}, ${photo.mediaType}, ${photo.filename})`.execute(db);
}

export async function findPhoto(db: Queryable, reportId: number, position: number): Promise<{ sha256: string; mediaType: string; filename: string } | undefined> {
  const result = await sql<{ sha256: string; media_type: string; filename: string }>`
    SELECT p.sha256, p.media_type, p.filename FROM reports.photo p JOIN reports.report r ON r.id = p.report_id
     WHERE p.report_id = ${reportId} AND p.position = ${position} AND r.hidden_at IS NULL`.execute(db);
  const row = result.rows[0];
  return row ? { sha256: row.sha256, mediaType: row.media_type, filename: row.filename } : undefined;
}

/** One report; `forUpdate` locks it (with `skipLocked`, a report another transaction holds is not found). */
export async function findReportRow(db: Queryable, id: number, options: { forUpdate?: boolean; skipLocked?: boolean } = {}): Promise<{ report: Report; private: ReportPrivate } | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const lock = options.forUpdate ? (options.skipLocked ? sql`FOR UPDATE SKIP LOCKED` : sql`FOR UPDATE`) : sql``;
  const result = await sql<ReportRow>`SELECT r.*, ${PHOTOS} FROM reports.report r WHERE r.id = ${id} ${lock}`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  return { report: toReport(row, new Date()), private: { reporterAccountId: row.reporter_account_id, contact: row.contact, hiddenReason: row.hidden_reason } };
}

export async function searchReportRows(db: Queryable, f: ReportFilters & { reporterAccountId?: string; isTriage?: boolean; isOverdue?: boolean }): Promise<Report[]> {
  const where = [sql`true`];
  if (!f.includeHidden) where.push(sql`r.hidden_at IS NULL`);
  if (f.ids) where.push(sql`r.id = ANY(${f.ids}::bigint[])`);
  if (f.categoryCodes?.length) where.push(sql`r.category_code = ANY(${f.categoryCodes}::text[])`);
  if (f.status?.length) where.push(sql`r.status = ANY(${f.status}::text[])`);
  if (f.startDate) where.push(sql`r.created_at >= ${f.startDate}`);
  if (f.endDate) where.push(sql`r.created_at <= ${f.endDate}`);
  if (f.territoryCode) where.push(sql`r.territory_path @> ARRAY[${f.territoryCode}]::text[]`);
  if (f.agencyCode) where.push(sql`r.agency_code = ${f.agencyCode}`);
  if (f.bbox) where.push(sql`r.lat BETWEEN ${f.bbox[0]} AND ${f.bbox[2]} AND r.lon BETWEEN ${f.bbox[1]} AND ${f.bbox[3]}`);
  if (f.beforeId) where.push(sql`r.id < ${f.beforeId}`);
  if (f.reporterAccountId) where.push(sql`r.reporter_account_id = ${f.reporterAccountId}`);
  if (f.isTriage) where.push(sql`r.agency_code IS NULL AND r.status IN ('received', 'in_progress')`);
  if (f.isOverdue) where.push(sql`r.status IN ('received', 'in_progress') AND r.first_response_at IS NULL AND r.due_at < now()`);
  const result = await sql<ReportRow>`
    SELECT r.*, ${PHOTOS} FROM reports.report r WHERE ${sql.join(where, sql` AND `)}
     ORDER BY r.created_at DESC, r.id DESC LIMIT ${f.limit}`.execute(db);
  const now = new Date();
  return result.rows.map((row) => toReport(row, now));
}

/** Open reports of a category within `radiusM` metres (`platform.within_m`: a bounding box on `report_nearby_idx`, then the distance). Nearest first. */
export async function findNearbyOpen(db: Queryable, categoryCode: string, lat: number, lon: number, radiusM: number, limit = 5): Promise<Array<Report & { distanceM: number }>> {
  const result = await sql<ReportRow & { distance_m: number }>`
    SELECT r.*, ${PHOTOS}, platform.distance_m(r.lat, r.lon, ${lat}, ${lon}) AS distance_m
      FROM reports.report r
     WHERE r.category_code = ${categoryCode} AND r.status IN ('received', 'in_progress') AND r.lat IS NOT NULL
       AND platform.within_m(r.lat, r.lon, ${lat}, ${lon}, ${radiusM})
       AND r.hidden_at IS NULL AND r.duplicate_of IS NULL
     ORDER BY distance_m LIMIT ${limit}`.execute(db);
  const now = new Date();
  return result.rows.map((row) => ({ ...toReport(row, now), distanceM: Math.round(row.distance_m) }));
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
  const sets = [sql`updated_at = now()`];
  if (c.status !== undefined) sets.push(sql`status = ${c.status}`);
  if (c.statusReason !== undefined) sets.push(sql`status_reason = ${c.statusReason}`);
  if (c.agencyCode !== undefined) sets.push(sql`agency_code = ${c.agencyCode}`, sql`agency_name = ${c.agencyName ?? null}`);
  if (c.acceptedAt !== undefined) sets.push(sql`accepted_at = ${c.acceptedAt}`);
  if (c.firstResponseAt !== undefined) sets.push(sql`first_response_at = coalesce(first_response_at, ${c.firstResponseAt})`);
  if (c.resolvedAt !== undefined) sets.push(sql`resolved_at = ${c.resolvedAt}`);
  if (c.escalatedAt !== undefined) sets.push(sql`escalated_at = ${c.escalatedAt}`);
  if (c.isReopened) sets.push(sql`reopened_count = reopened_count + 1`);
  if (c.duplicateOf !== undefined) sets.push(sql`duplicate_of = ${c.duplicateOf}`);
  if (c.hiddenReason !== undefined) sets.push(sql`hidden_at = now()`, sql`hidden_reason = ${c.hiddenReason}`);
  if (c.dueAt !== undefined) sets.push(sql`due_at = ${c.dueAt}`);
  await sql`UPDATE reports.report SET ${sql.join(sets, sql`, `)} WHERE id = ${id}`.execute(db);
}

/** Adds a "me too"; false when this supporter already supported the report. */
export async function insertSupport(db: Queryable, reportId: number, supporter: string): Promise<boolean> {
  const result = await sql`INSERT INTO reports.support (report_id, supporter) VALUES (${reportId}, ${supporter}) ON CONFLICT DO NOTHING`.execute(db);
  if (Number(result.numAffectedRows ?? 0) === 0) return false;
  await sql`UPDATE reports.report SET supporter_count = supporter_count + 1 WHERE id = ${reportId}`.execute(db);
  return true;
}

/** Open reports past their legal deadline at `now`, unanswered, not yet escalated: ids, oldest deadline first, no locks (on `report_due_idx`). */
export async function findOverdueToEscalate(db: Queryable, now: Date, limit: number): Promise<number[]> {
  const result = await sql<{ id: number }>`
    SELECT id FROM reports.report WHERE status IN ('received', 'in_progress') AND escalated_at IS NULL AND due_at < ${now}
       AND first_response_at IS NULL ORDER BY due_at LIMIT ${limit}`.execute(db);
  return result.rows.map((r) => Number(r.id));
}

// ---------------------------------------------------------------------------------------
// Timeline

interface EventRow {
  id: number;
  report_id: number;
  kind: TimelineKind;
  status: ReportStatus | null;
  public_text: string | null;
  agency_code: string | null;
  agency_name: string | null;
  created_at: Date;
  hidden_at: Date | null;
  files: Array<{ position: number; filename: string; media_type: string }> | null;
}

export const evidenceUrl = (reportId: number, eventId: number, position: number) => `/reportes/${reportId}/evidencias/${eventId}/${position}`;

export async function insertTimelineEntry(
  db: Queryable,
  e: { reportId: number; kind: TimelineKind; status?: ReportStatus | null; text?: string | null; agencyCode?: string | null; agencyName?: string | null; actorType: string; actorId?: string | null },
): Promise<number> {
  const result = await sql<{ id: number }>`
    INSERT INTO reports.report_event (report_id, kind, status, public_text, agency_code, agency_name, actor_type, actor_id)
    VALUES (${e.reportId}, ${e.kind}, ${e.status ?? null}, ${e.text ?? null}, ${e.agencyCode ?? null}, ${e.agencyName ?? null}, ${e.actorType}, ${e.actorId ?? null})
    RETURNING id`.execute(db);
  return Number(result.rows[0]!.id);
}

/** Inserts several timeline entries in one statement; returns their ids in order. */
export async function insertTimelineEntries(db: Queryable, entries: Array<Parameters<typeof insertTimelineEntry>[1]>): Promise<number[]> {
  const result = await sql<{ id: number }>`
    INSERT INTO reports.report_event (report_id, kind, status, public_text, agency_code, agency_name, actor_type, actor_id)
    VALUES ${sql.join(entries.map((e) => sql`(${e.reportId}, ${e.kind}, ${e.status ?? null}, ${e.text ?? null}, ${e.agencyCode ?? null}, ${e.agencyName ?? null}, ${e.actorType}, ${e.actorId ?? null})`))}
    RETURNING id`.execute(db);
  return result.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

export async function insertEvidence(db: Queryable, eventId: number, position: number, file: { sha256: string; mediaType: string; filename: string }): Promise<void> {
  await sql`INSERT INTO reports.evidence (event_id, position, sha256, media_type, filename) VALUES (${eventId}, ${position}, ${file.sha256}, ${file.mediaType}, ${file.filename})`.execute(db);
}

export async function findEvidence(db: Queryable, reportId: number, eventId: number, position: number): Promise<{ sha256: string; mediaType: string; filename: string } | undefined> {
  const result = await sql<{ sha256: string; media_type: string; filename: string }>`
    SELECT v.sha256, v.media_type, v.filename FROM reports.evidence v JOIN reports.report_event e ON e.id = v.event_id JOIN reports.report r ON r.id = e.report_id
     WHERE e.report_id = ${reportId} AND v.event_id = ${eventId} AND v.position = ${position} AND e.hidden_at IS NULL AND r.hidden_at IS NULL`.execute(db);
  const row = result.rows[0];
  return row ? { sha256: row.sha256, mediaType: row.media_type, filename: row.filename } : undefined;
}

export async function findTimeline(db: Queryable, reportId: number): Promise<TimelineEntry[]> {
  const result = await sql<EventRow>`
    SELECT e.id, e.report_id, e.kind, e.status, e.public_text, e.agency_code, e.agency_name, e.created_at, e.hidden_at,
           (SELECT json_agg(json_build_object('position', v.position, 'filename', v.filename, 'media_type', v.media_type) ORDER BY v.position)
              FROM reports.evidence v WHERE v.event_id = e.id) AS files
      FROM reports.report_event e WHERE e.report_id = ${reportId} ORDER BY e.id`.execute(db);
  return result.rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    status: r.status,
    text: r.hidden_at ? null : r.public_text,
    agencyCode: r.agency_code,
    agencyName: r.agency_name,
    at: r.created_at,
    isHidden: r.hidden_at !== null,
    files: r.hidden_at ? [] : (r.files ?? []).map((f) => ({ url: evidenceUrl(reportId, Number(r.id), f.position), filename: f.filename, mediaType: f.media_type })),
  }));
}

export async function hideTimelineEntry(db: Queryable, reportId: number, eventId: number, reason: string): Promise<boolean> {
  const result = await sql`UPDATE reports.report_event SET hidden_at = now(), hidden_reason = ${reason} WHERE id = ${eventId} AND report_id = ${reportId} AND hidden_at IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function findUpdates(db: Queryable, f: { since?: Date; until?: Date; limit: number }): Promise<ReportUpdate[]> {
  const where = [sql`e.kind IN ('replied', 'status_changed', 'accepted', 'reassigned', 'merged')`, sql`e.hidden_at IS NULL`, sql`r.hidden_at IS NULL`];
  if (f.since) where.push(sql`e.created_at >= ${f.since}`);
  if (f.until) where.push(sql`e.created_at <= ${f.until}`);
  const result = await sql<{
    id: number;
    report_id: number;
    kind: TimelineKind;
    status: ReportStatus | null;
    report_status: ReportStatus;
    public_text: string | null;
    created_at: Date;
    agency_code: string | null;
  }>`
    SELECT e.id, e.report_id, e.kind, e.status, r.status AS report_status, e.public_text, e.created_at, e.agency_code
      FROM reports.report_event e JOIN reports.report r ON r.id = e.report_id
     WHERE ${sql.join(where, sql` AND `)} ORDER BY e.created_at, e.id LIMIT ${f.limit}`.execute(db);
  return result.rows.map((r) => ({
    id: Number(r.id),
    reportId: Number(r.report_id),
    kind: r.kind,
    status: r.status ?? r.report_status,
    text: r.public_text,
    at: r.created_at,
    agencyCode: r.agency_code,
  }));
}
