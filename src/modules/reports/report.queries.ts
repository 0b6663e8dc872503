// Every SQL statement on the reports schema.
import { sql } from 'kysely';
import type { Database, Queryable } from '../../platform/db/index.ts';
import type { Category, CategoryQuestion, NewReport, Report, ReportFilters, ReportPrivate, ReportStatus, ReportUpdate, RoutingRule, TimelineEntry, TimelineKind } from './report.types.ts';

// ---------------------------------------------------------------------------------------
// Categories and routing

interface CategoryRow {
  code: string;
  name_es: string;
  name_en: string;
  description_es: string;
  description_en: string;
  questions: CategoryQuestion[];
  is_anonymous_allowed: boolean;
  is_agency_complaint: boolean;
  legal_response_days: number;
  contest_days: number;
  duplicate_radius_m: number;
}
const toCategory = (r: CategoryRow): Category => ({
  code: r.code,
  name: { es: r.name_es, en: r.name_en },
  description: { es: r.description_es, en: r.description_en },
  questions: [...r.questions].sort((a, b) => a.order - b.order),
  anonymousAllowed: r.is_anonymous_allowed,
  isAgencyComplaint: r.is_agency_complaint,
  legalResponseDays: r.legal_response_days,
  contestDays: r.contest_days,
  duplicateRadiusM: r.duplicate_radius_m,
});

export async function findCategories(db: Queryable): Promise<Category[]> {
  const result = await sql<CategoryRow>`SELECT * FROM reports.category WHERE is_active ORDER BY position, code`.execute(db);
  return result.rows.map(toCategory);
}

export async function findCategory(db: Queryable, code: string): Promise<Category | undefined> {
  const result = await sql<CategoryRow>`SELECT * FROM reports.category WHERE code = ${code} AND is_active`.execute(db);
  return result.rows[0] ? toCategory(result.rows[0]) : undefined;
}

/** Inserts or updates a category; returns whether anything changed. */
export async function upsertCategory(db: Queryable, c: Category, position: number): Promise<boolean> {
  const result = await sql`
    INSERT INTO reports.category (code, name_es, name_en, description_es, description_en, questions, is_anonymous_allowed, is_agency_complaint, legal_response_days, contest_days, duplicate_radius_m, position)
    VALUES (${c.code}, ${c.name.es}, ${c.name.en}, ${c.description.es}, ${c.description.en}, ${JSON.stringify(c.questions)}::jsonb, ${c.anonymousAllowed}, ${c.isAgencyComplaint}, ${c.legalResponseDays}, ${c.contestDays}, ${c.duplicateRadiusM}, ${position})
    ON CONFLICT (code) DO UPDATE SET name_es = EXCLUDED.name_es, name_en = EXCLUDED.name_en, description_es = EXCLUDED.description_es,
      description_en = EXCLUDED.description_en, questions = EXCLUDED.questions, is_anonymous_allowed = EXCLUDED.is_anonymous_allowed,
      is_agency_complaint = EXCLUDED.is_agency_complaint, legal_response_days = EXCLUDED.legal_response_days, contest_days = EXCLUDED.contest_days,
      duplicate_radius_m = EXCLUDED.duplicate_radius_m, position = EXCLUDED.position
    WHERE (category.name_es, category.name_en, category.description_es, category.description_en, category.questions, category.is_anonymous_allowed, category.is_agency_complaint, category.legal_response_days, category.contest_days, category.duplicate_radius_m, category.position)
      IS DISTINCT FROM (EXCLUDED.name_es, EXCLUDED.name_en, EXCLUDED.description_es, EXCLUDED.description_en, EXCLUDED.questions, EXCLUDED.is_anonymous_allowed, EXCLUDED.is_agency_complaint, EXCLUDED.legal_response_days, EXCLUDED.contest_days, EXCLUDED.duplicate_radius_m, EXCLUDED.position)`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function upsertRoutingRule(db: Queryable, rule: RoutingRule): Promise<boolean> {
  const result = await sql`
    INSERT INTO reports.routing_rule (category_code, territory_code, agency_code) VALUES (${rule.categoryCode}, ${rule.territoryCode}, ${rule.agencyCode})
    ON CONFLICT (category_code, territory_code) DO UPDATE SET agency_code = EXCLUDED.agency_code WHERE routing_rule.agency_code <> EXCLUDED.agency_code`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Rules of a category for any of the territories (or for anywhere). */
export async function findRoutingRules(db: Queryable, categoryCode: string, territoryCodes: string[]): Promise<RoutingRule[]> {
  const result = await sql<{ category_code: string; territory_code: string | null; agency_code: string }>`
    SELECT category_code, territory_code, agency_code FROM reports.routing_rule
     WHERE category_code = ${categoryCode} AND (territory_code IS NULL OR territory_code = ANY(${territoryCodes}::text[]))`.execute(db);
  return result.rows.map((r) => ({ categoryCode: r.category_code, territoryCode: r.territory_code, agencyCode: r.agency_code }));
}

export async function findAllRoutingRules(db: Queryable): Promise<RoutingRule[]> {
  const result = await sql<{ category_code: string; territory_code: string | null; agency_code: string }>`
    SELECT category_code, territory_code, agency_code FROM reports.routing_rule ORDER BY category_code, territory_code NULLS FIRST`.execute(db);
  return result.rows.map((r) => ({ categoryCode: r.category_code, territoryCode: r.territory_code, agencyCode: r.agency_code }));
}

/** Changes what an administrator may edit on a category; returns whether anything changed. */
export async function updateCategorySettings(db: Queryable, code: string, v: { legalResponseDays: number; anonymousAllowed: boolean; contestDays: number }): Promise<boolean> {
  const result = await sql`
    UPDATE reports.category SET legal_response_days = ${v.legalResponseDays}, is_anonymous_allowed = ${v.anonymousAllowed}, contest_days = ${v.contestDays}
     WHERE code = ${code} AND is_active
       AND (legal_response_days, is_anonymous_allowed, contest_days) IS DISTINCT FROM (${v.legalResponseDays}::int, ${v.anonymousAllowed}::boolean, ${v.contestDays}::int)`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export interface RoutingRuleRow extends RoutingRule {
  id: number;
}

export async function findRoutingRuleRows(db: Queryable): Promise<RoutingRuleRow[]> {
  const result = await sql<{ id: string; category_code: string; territory_code: string | null; agency_code: string }>`
    SELECT id, category_code, territory_code, agency_code FROM reports.routing_rule ORDER BY category_code, territory_code NULLS FIRST`.execute(db);
  return result.rows.map((r) => ({ id: Number(r.id), categoryCode: r.category_code, territoryCode: r.territory_code, agencyCode: r.agency_code }));
}

/** Adds a rule; undefined when the category already has one for that territory. */
export async function insertRoutingRule(db: Queryable, rule: RoutingRule): Promise<number | undefined> {
  const result = await sql<{ id: string }>`
    INSERT INTO reports.routing_rule (category_code, territory_code, agency_code) VALUES (${rule.categoryCode}, ${rule.territoryCode}, ${rule.agencyCode})
    ON CONFLICT (category_code, territory_code) DO NOTHING RETURNING id`.execute(db);
  return result.rows[0] ? Number(result.rows[0].id) : undefined;
}

export async function deleteRoutingRule(db: Queryable, id: number): Promise<RoutingRule | undefined> {
  const result = await sql<{ category_code: string; territory_code: string | null; agency_code: string }>`
    DELETE FROM reports.routing_rule WHERE id = ${id} RETURNING category_code, territory_code, agency_code`.execute(db);
  const r = result.rows[0];
  return r ? { categoryCode: r.category_code, territoryCode: r.territory_code, agencyCode: r.agency_code } : undefined;
}

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

export async function findReportRow(db: Queryable, id: number, options: { forUpdate?: boolean } = {}): Promise<{ report: Report; private: ReportPrivate } | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const result = options.forUpdate
    ? await sql<ReportRow>`SELECT r.*, ${PHOTOS} FROM reports.report r WHERE r.id = ${id} FOR UPDATE`.execute(db)
    : await sql<ReportRow>`SELECT r.*, ${PHOTOS} FROM reports.report r WHERE r.id = ${id}`.execute(db);
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

/**
 * Open reports of a category within `radiusM` metres: a bounding box on the index, then the
 * haversine distance. Nearest first.
 */
export async function findNearbyOpen(db: Queryable, categoryCode: string, lat: number, lon: number, radiusM: number, limit = 5): Promise<Array<Report & { distanceM: number }>> {
  const dLat = radiusM / 111_320;
  const dLon = radiusM / (111_320 * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
  const result = await sql<ReportRow & { distance_m: number }>`
    SELECT * FROM (
      SELECT r.*, ${PHOTOS},
             2 * 6371000 * asin(sqrt(power(sin(radians(r.lat - ${lat}) / 2), 2)
               + cos(radians(${lat})) * cos(radians(r.lat)) * power(sin(radians(r.lon - ${lon}) / 2), 2))) AS distance_m
        FROM reports.report r
       WHERE r.category_code = ${categoryCode} AND r.status IN ('received', 'in_progress') AND r.lat IS NOT NULL
         AND r.lat BETWEEN ${lat - dLat} AND ${lat + dLat} AND r.lon BETWEEN ${lon - dLon} AND ${lon + dLon}
         AND r.hidden_at IS NULL AND r.duplicate_of IS NULL) near
     WHERE distance_m <= ${radiusM} ORDER BY distance_m LIMIT ${limit}`.execute(db);
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

/** Open reports past their legal deadline, not yet escalated. */
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

// ---------------------------------------------------------------------------------------
// Webhooks

export interface Webhook {
  agencyCode: string;
  url: string;
  secret: string;
  isActive: boolean;
}

export async function upsertWebhook(db: Queryable, w: Webhook): Promise<void> {
  await sql`INSERT INTO reports.agency_webhook (agency_code, url, secret, is_active) VALUES (${w.agencyCode}, ${w.url}, ${w.secret}, ${w.isActive})
            ON CONFLICT (agency_code) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret, is_active = EXCLUDED.is_active, updated_at = now()`.execute(db);
}

export async function findWebhook(db: Queryable, agencyCode: string): Promise<Webhook | undefined> {
  const result = await sql<{ agency_code: string; url: string; secret: string; is_active: boolean }>`
    SELECT agency_code, url, secret, is_active FROM reports.agency_webhook WHERE agency_code = ${agencyCode}`.execute(db);
  const r = result.rows[0];
  return r ? { agencyCode: r.agency_code, url: r.url, secret: r.secret, isActive: r.is_active } : undefined;
}

export async function findWebhooks(db: Queryable, agencyCodes: string[]): Promise<Webhook[]> {
  const result = await sql<{ agency_code: string; url: string; secret: string; is_active: boolean }>`
    SELECT agency_code, url, secret, is_active FROM reports.agency_webhook WHERE agency_code = ANY(${agencyCodes}::text[]) ORDER BY agency_code`.execute(db);
  return result.rows.map((r) => ({ agencyCode: r.agency_code, url: r.url, secret: r.secret, isActive: r.is_active }));
}

/** Creates the delivery of a timeline entry to an agency (once), when the agency has an active webhook; returns its id. */
export async function insertDelivery(db: Queryable, reportId: number, eventId: number, agencyCode: string): Promise<number | undefined> {
  const result = await sql<{ id: number }>`
    INSERT INTO reports.delivery (report_id, event_id, agency_code)
    SELECT ${reportId}, ${eventId}, w.agency_code FROM reports.agency_webhook w WHERE w.agency_code = ${agencyCode} AND w.is_active
    ON CONFLICT (event_id, agency_code) DO NOTHING RETURNING id`.execute(db);
  return result.rows[0] ? Number(result.rows[0].id) : undefined;
}

export interface Delivery {
  id: number;
  reportId: number;
  eventId: number;
  agencyCode: string;
  status: 'pending' | 'acknowledged';
  attempts: number;
  lastError: string | null;
}

export async function findDelivery(db: Queryable, id: number): Promise<Delivery | undefined> {
  const result = await sql<{ id: number; report_id: number; event_id: number; agency_code: string; status: 'pending' | 'acknowledged'; attempts: number; last_error: string | null }>`
    SELECT id, report_id, event_id, agency_code, status, attempts, last_error FROM reports.delivery WHERE id = ${id}`.execute(db);
  const r = result.rows[0];
  return r ? { id: Number(r.id), reportId: Number(r.report_id), eventId: Number(r.event_id), agencyCode: r.agency_code, status: r.status, attempts: r.attempts, lastError: r.last_error } : undefined;
}

export async function findDeliveries(db: Queryable, reportId: number): Promise<Delivery[]> {
  const result = await sql<{ id: number }>`SELECT id FROM reports.delivery WHERE report_id = ${reportId} ORDER BY id`.execute(db);
  const all = await Promise.all(result.rows.map((r) => findDelivery(db, Number(r.id))));
  return all.filter((d): d is Delivery => d !== undefined);
}

export async function markDeliveryAttempt(db: Queryable, id: number, outcome: { acknowledged: boolean; error?: string }): Promise<void> {
  await sql`UPDATE reports.delivery SET attempts = attempts + 1, last_error = ${outcome.error ?? null},
              status = CASE WHEN ${outcome.acknowledged} THEN 'acknowledged' ELSE status END,
              acknowledged_at = CASE WHEN ${outcome.acknowledged} THEN now() ELSE acknowledged_at END
             WHERE id = ${id}`.execute(db);
}

// ---------------------------------------------------------------------------------------
// Alerts

export async function insertSubscription(db: Queryable, s: { accountId: string; territoryCode?: string | null; lat?: number | null; lon?: number | null; radiusM?: number | null }): Promise<number> {
  const result = await sql<{ id: number }>`
    INSERT INTO reports.subscription (account_id, territory_code, lat, lon, radius_m) VALUES (${s.accountId}, ${s.territoryCode ?? null}, ${s.lat ?? null}, ${s.lon ?? null}, ${s.radiusM ?? null})
    RETURNING id`.execute(db);
  return Number(result.rows[0]!.id);
}

export async function deleteSubscription(db: Queryable, accountId: string, id: number): Promise<boolean> {
  const result = await sql`DELETE FROM reports.subscription WHERE id = ${id} AND account_id = ${accountId}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export interface Subscription {
  id: number;
  accountId: string;
  territoryCode: string | null;
  lat: number | null;
  lon: number | null;
  radiusM: number | null;
}

export async function findSubscriptionsOf(db: Queryable, accountId: string): Promise<Subscription[]> {
  const result = await sql<{ id: number; account_id: string; territory_code: string | null; lat: number | null; lon: number | null; radius_m: number | null }>`
    SELECT id, account_id, territory_code, lat, lon, radius_m FROM reports.subscription WHERE account_id = ${accountId} ORDER BY id`.execute(db);
  return result.rows.map((r) => ({ id: Number(r.id), accountId: r.account_id, territoryCode: r.territory_code, lat: r.lat, lon: r.lon, radiusM: r.radius_m }));
}

/** Subscriptions a report matches: its territory or an ancestor, or a circle around its point. */
export async function findMatchingSubscriptions(db: Queryable, territoryPath: string[], lat: number | null, lon: number | null): Promise<Subscription[]> {
  const result = await sql<{ id: number; account_id: string; territory_code: string | null; lat: number | null; lon: number | null; radius_m: number | null }>`
    SELECT id, account_id, territory_code, lat, lon, radius_m FROM reports.subscription
     WHERE territory_code = ANY(${territoryPath}::text[])
        OR (${lat}::float8 IS NOT NULL AND lat IS NOT NULL AND
            2 * 6371000 * asin(sqrt(power(sin(radians(lat - ${lat}::float8) / 2), 2)
              + cos(radians(${lat}::float8)) * cos(radians(lat)) * power(sin(radians(lon - ${lon}::float8) / 2), 2))) <= radius_m)`.execute(db);
  return result.rows.map((r) => ({ id: Number(r.id), accountId: r.account_id, territoryCode: r.territory_code, lat: r.lat, lon: r.lon, radiusM: r.radius_m }));
}

// ---------------------------------------------------------------------------------------
// Statistics

export interface StatDelta {
  received?: number;
  resolved?: number;
  answered?: number;
  answeredInTime?: number;
  reopened?: number;
  /** Hours to first answer (a histogram bucket); counters otherwise. */
  bucket?: number;
}

/** Appends one delta per scope (append-only: writers never wait on each other). */
export async function insertStatDeltas(db: Queryable, scopes: string[], d: StatDelta): Promise<void> {
  await sql`
    INSERT INTO reports.stat_delta (scope, bucket, received, resolved, answered, answered_in_time, reopened)
    SELECT s, ${d.bucket ?? -1}, ${d.received ?? 0}, ${d.resolved ?? 0}, ${d.answered ?? 0}, ${d.answeredInTime ?? 0}, ${d.reopened ?? 0}
      FROM unnest(${scopes}::text[]) AS s`.execute(db);
}

/** Folds pending deltas into the totals (one compactor at a time; others skip); returns how many it folded. */
export async function compactStats(db: Queryable): Promise<number> {
  return (db as Database).transaction().execute(async (trx) => {
    const lock = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(74174611) AS locked`.execute(trx);
    return lock.rows[0]?.locked ? foldStats(trx) : 0;
  });
}

async function foldStats(db: Queryable): Promise<number> {
  const result = await sql<{ n: number }>`
    WITH moved AS (DELETE FROM reports.stat_delta RETURNING *),
    folded AS (
      INSERT INTO reports.stat (scope, bucket, received, resolved, answered, answered_in_time, reopened)
      SELECT scope, bucket, sum(received), sum(resolved), sum(answered), sum(answered_in_time), sum(reopened) FROM moved GROUP BY scope, bucket
      ON CONFLICT (scope, bucket) DO UPDATE SET received = stat.received + EXCLUDED.received, resolved = stat.resolved + EXCLUDED.resolved,
        answered = stat.answered + EXCLUDED.answered, answered_in_time = stat.answered_in_time + EXCLUDED.answered_in_time,
        reopened = stat.reopened + EXCLUDED.reopened
      RETURNING 1)
    SELECT (SELECT count(*) FROM moved)::int AS n`.execute(db);
  return result.rows[0]?.n ?? 0;
}

export interface StatRow {
  bucket: number;
  received: number;
  resolved: number;
  answered: number;
  answered_in_time: number;
  reopened: number;
}

/** Asks for a compaction in a few seconds; many requests in that window make one job. */
export async function requestStatsCompaction(db: Queryable, jobName: string): Promise<void> {
  await sql`SELECT graphile_worker.add_job(${jobName}, '{}'::json, job_key => 'reports-stats-compaction', run_at => now() + interval '5 seconds',
            job_key_mode => 'preserve_run_at', max_attempts => 5)`.execute(db);
}

/** Totals plus pending deltas of one scope, by bucket. */
export async function findStatRows(db: Queryable, scope: string): Promise<StatRow[]> {
  const result = await sql<StatRow>`
    SELECT bucket, sum(received)::bigint AS received, sum(resolved)::bigint AS resolved, sum(answered)::bigint AS answered,
           sum(answered_in_time)::bigint AS answered_in_time, sum(reopened)::bigint AS reopened
      FROM (SELECT bucket, received, resolved, answered, answered_in_time, reopened FROM reports.stat WHERE scope = ${scope}
            UNION ALL
            SELECT bucket, received, resolved, answered, answered_in_time, reopened FROM reports.stat_delta WHERE scope = ${scope}) s
     GROUP BY bucket ORDER BY bucket`.execute(db);
  return result.rows.map((r) => ({
    bucket: r.bucket,
    received: Number(r.received),
    resolved: Number(r.resolved),
    answered: Number(r.answered),
    answered_in_time: Number(r.answered_in_time),
    reopened: Number(r.reopened),
  }));
}

/**
 * Recomputes every statistic from the reports themselves (repair, and after bulk loads).
 * Scopes: every territory on a report's path, its agency, and 'all'.
 */
export async function rebuildStats(db: Queryable): Promise<void> {
  await sql`DELETE FROM reports.stat_delta`.execute(db);
  await sql`DELETE FROM reports.stat`.execute(db);
  await sql`
    WITH base AS (
      SELECT r.territory_path, r.agency_code, r.reopened_count,
             (r.status = 'resolved')::int AS resolved,
             CASE WHEN r.first_response_at IS NULL THEN NULL ELSE least(floor(extract(epoch FROM r.first_response_at - r.created_at) / 3600), 8760)::int END AS bucket,
             (r.first_response_at <= r.due_at)::int AS in_time
        FROM reports.report r),
    scoped AS (
      SELECT 'all' AS scope, b.* FROM base b
      UNION ALL SELECT 'a:' || b.agency_code, b.* FROM base b WHERE b.agency_code IS NOT NULL
      UNION ALL SELECT 't:' || t, b.* FROM base b, unnest(b.territory_path) AS t)
    INSERT INTO reports.stat (scope, bucket, received, resolved, answered, answered_in_time, reopened)
    SELECT scope, -1, count(*), sum(resolved), 0, 0, sum(reopened_count) FROM scoped GROUP BY scope
    UNION ALL
    SELECT scope, bucket, 0, 0, count(*), sum(in_time), 0 FROM scoped WHERE bucket IS NOT NULL GROUP BY scope, bucket`.execute(db);
}
