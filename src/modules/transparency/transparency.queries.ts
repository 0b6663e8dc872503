// Every SQL statement on the transparency schema.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { AnswerFile, Appeal, Breach, BreachNotice, InformationRequest, RequestEvent, RequestFormat } from './transparency.types.ts';

interface RequestRow {
  id: string;
  code: string;
  agency_code: string;
  question: string;
  format: string;
  channel: string;
  account_id: string | null;
  filed_at: Date;
  due_at: Date;
  extensions: number;
  status: string;
  answer: string | null;
  sent_document: string | null;
  public_document: string | null;
  sent_file: AnswerFile | null;
  public_file: AnswerFile | null;
  refusal_ground: string | null;
  closed_at: Date | null;
  answered_in_time: boolean | null;
  appeal_until: Date | null;
}
const COLUMNS = sql`id, code, agency_code, question, format, channel, account_id, filed_at, due_at, extensions, status, answer, sent_document, public_document, sent_file, public_file, refusal_ground, closed_at, answered_in_time, appeal_until`;
const toRequest = (r: RequestRow): InformationRequest => ({
  id: r.id,
  code: r.code,
  agencyCode: r.agency_code,
  question: r.question,
  format: r.format as RequestFormat,
  channel: r.channel as InformationRequest['channel'],
  accountId: r.account_id,
  filedAt: r.filed_at,
  dueAt: r.due_at,
  extensions: r.extensions,
  status: r.status as InformationRequest['status'],
  answer: r.answer,
  sentDocument: r.sent_document,
  publicDocument: r.public_document,
  sentFile: r.sent_file,
  publicFile: r.public_file,
  refusalGround: r.refusal_ground,
  closedAt: r.closed_at,
  answeredInTime: r.answered_in_time,
  appealUntil: r.appeal_until,
});

export interface NewRequest {
  id: string;
  code: string;
  agencyCode: string;
  question: string;
  format: RequestFormat;
  channel: InformationRequest['channel'];
  accountId: string | null;
  email: string | null;
  requesterName: string | null;
  filedBy: string | null;
  filedAt: Date;
  dueAt: Date;
}

export async function insertRequest(db: Queryable, r: NewRequest): Promise<void> {
  await sql`INSERT INTO transparency.request (id, code, agency_code, question, format, channel, account_id, email, requester_name, filed_by, filed_at, due_at)
    VALUES (${r.id}, ${r.code}, ${r.agencyCode}, ${r.question}, ${r.format}, ${r.channel}, ${r.accountId}, ${r.email}, ${r.requesterName}, ${r.filedBy}, ${r.filedAt}, ${r.dueAt})`.execute(db);
  await insertEvent(db, r.id, { kind: 'filed', agencyCode: r.agencyCode, toAgencyCode: null, note: '', at: r.filedAt });
}

export async function insertEvent(db: Queryable, requestId: string, e: RequestEvent): Promise<void> {
  await sql`INSERT INTO transparency.request_event (request_id, kind, agency_code, to_agency_code, note, at) VALUES (${requestId}, ${e.kind}, ${e.agencyCode}, ${e.toAgencyCode}, ${e.note}, ${e.at})`.execute(
    db,
  );
}

export async function findRequest(db: Queryable, code: string, options: { forUpdate?: boolean } = {}): Promise<InformationRequest | undefined> {
  const { rows } = await sql<RequestRow>`SELECT ${COLUMNS} FROM transparency.request WHERE code = ${code} ${options.forUpdate ? sql`FOR UPDATE` : sql``}`.execute(db);
  return rows[0] ? toRequest(rows[0]) : undefined;
}

export async function listRequests(db: Queryable, filter: { agencyCodes?: string[]; status?: string; limit: number; offset?: number }): Promise<InformationRequest[]> {
  const where = [sql`true`];
  if (filter.agencyCodes) where.push(filter.agencyCodes.length ? sql`agency_code = ANY(${filter.agencyCodes}::text[])` : sql`false`);
  if (filter.status) where.push(sql`status = ${filter.status}`);
  const { rows } = await sql<RequestRow>`SELECT ${COLUMNS} FROM transparency.request WHERE ${sql.join(where, sql` AND `)}
    ORDER BY filed_at DESC, code LIMIT ${filter.limit} OFFSET ${filter.offset ?? 0}`.execute(db);
  return rows.map(toRequest);
}

/**
 * Earlier answered requests like the question (full text, accents folded, Spanish stems): those
 * sharing at least half of the question's words (and two), the most shared first.
 */
export async function findSimilarAnswered(db: Queryable, question: string, limit: number): Promise<InformationRequest[]> {
  const { rows } = await sql<RequestRow>`
    WITH q AS (SELECT tsvector_to_array(to_tsvector('transparency.folded', ${question})) AS words),
    candidates AS (
      SELECT r.*, (SELECT count(*) FROM unnest(q.words) AS w WHERE w = ANY (tsvector_to_array(r.search))) AS hits, cardinality(q.words) AS total
      FROM transparency.request r, q
      WHERE r.status = 'answered' AND cardinality(q.words) > 0
        AND r.search @@ array_to_string(ARRAY(SELECT quote_literal(w) FROM unnest(q.words) AS w), ' | ')::tsquery)
    SELECT ${COLUMNS} FROM candidates WHERE hits >= 2 AND hits * 2 >= total
    ORDER BY hits DESC, closed_at DESC LIMIT ${limit}`.execute(db);
  return rows.map(toRequest);
}

export async function listEvents(db: Queryable, requestId: string): Promise<RequestEvent[]> {
  const { rows } = await sql<{ kind: RequestEvent['kind']; agency_code: string; to_agency_code: string | null; note: string; at: Date }>`
    SELECT kind, agency_code, to_agency_code, note, at FROM transparency.request_event WHERE request_id = ${requestId} ORDER BY id`.execute(db);
  return rows.map((r) => ({ kind: r.kind, agencyCode: r.agency_code, toAgencyCode: r.to_agency_code, note: r.note, at: r.at }));
}

export async function updateRequest(
  db: Queryable,
  id: string,
  change: Partial<{
    agencyCode: string;
    dueAt: Date;
    extensions: number;
    status: InformationRequest['status'];
    answer: string | null;
    sentDocument: string | null;
    publicDocument: string | null;
    sentFile: AnswerFile | null;
    publicFile: AnswerFile | null;
    refusalGround: string | null;
    closedAt: Date | null;
    answeredInTime: boolean | null;
    appealUntil: Date | null;
  }>,
): Promise<void> {
  const columns: Record<string, string> = {
    agencyCode: 'agency_code',
    dueAt: 'due_at',
    extensions: 'extensions',
    status: 'status',
    answer: 'answer',
    sentDocument: 'sent_document',
    publicDocument: 'public_document',
    sentFile: 'sent_file',
    publicFile: 'public_file',
    refusalGround: 'refusal_ground',
    closedAt: 'closed_at',
    answeredInTime: 'answered_in_time',
    appealUntil: 'appeal_until',
  };
  const sets = Object.entries(change).map(([key, value]) => sql`${sql.ref(columns[key]!)} = ${key.endsWith('File') && value !== null ? JSON.stringify(value) : value}`);
  if (sets.length === 0) return;
  await sql`UPDATE transparency.request SET ${sql.join(sets, sql`, `)} WHERE id = ${id}`.execute(db);
}

interface AppealRow {
  request_id: string;
  reason: string;
  filed_at: Date;
  due_at: Date;
  outcome: Appeal['outcome'];
  resolution: string | null;
  resolved_at: Date | null;
}
export async function findAppeal(db: Queryable, requestId: string): Promise<Appeal | undefined> {
  const { rows } = await sql<AppealRow>`SELECT request_id, reason, filed_at, due_at, outcome, resolution, resolved_at FROM transparency.appeal WHERE request_id = ${requestId}`.execute(db);
  const r = rows[0];
  return r ? { requestId: r.request_id, reason: r.reason, filedAt: r.filed_at, dueAt: r.due_at, outcome: r.outcome, resolution: r.resolution, resolvedAt: r.resolved_at } : undefined;
}

/** One appeal per request (the primary key): false when there was one already. */
export async function insertAppeal(db: Queryable, a: { requestId: string; reason: string; filedAt: Date; dueAt: Date }): Promise<boolean> {
  const result = await sql`INSERT INTO transparency.appeal (request_id, reason, filed_at, due_at) VALUES (${a.requestId}, ${a.reason}, ${a.filedAt}, ${a.dueAt}) ON CONFLICT DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Resolves once: false when it was already resolved. */
export async function resolveAppealRow(db: Queryable, requestId: string, outcome: 'upheld' | 'dismissed', resolution: string, at: Date): Promise<boolean> {
  const result = await sql`UPDATE transparency.appeal SET outcome = ${outcome}, resolution = ${resolution}, resolved_at = ${at} WHERE request_id = ${requestId} AND outcome IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function listPendingAppeals(db: Queryable, agencyCodes: string[]): Promise<Array<{ code: string; dueAt: Date }>> {
  const { rows } = await sql<{ code: string; due_at: Date }>`SELECT r.code, a.due_at FROM transparency.appeal a JOIN transparency.request r ON r.id = a.request_id
    WHERE a.outcome IS NULL AND r.agency_code = ANY(${agencyCodes}::text[]) ORDER BY a.due_at`.execute(db);
  return rows.map((r) => ({ code: r.code, dueAt: r.due_at }));
}

export interface AgencyRequestFigures {
  agencyCode: string;
  received: number;
  pending: number;
  answered: number;
  refused: number;
  inTime: number;
  transferred: number;
  medianDays: number | null;
}

/** The register's figures per entity: requests, outcomes, answers in legal time, median days to close. */
export async function requestFiguresByAgency(db: Queryable): Promise<AgencyRequestFigures[]> {
  const { rows } = await sql<{
    agency_code: string;
    received: string;
    pending: string;
    answered: string;
    refused: string;
    in_time: string;
    transferred: string;
    median_days: number | null;
  }>`SELECT agency_code, count(*) AS received, count(*) FILTER (WHERE status = 'pending') AS pending, count(*) FILTER (WHERE status = 'answered') AS answered,
      count(*) FILTER (WHERE status = 'refused') AS refused, count(*) FILTER (WHERE answered_in_time) AS in_time,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM transparency.request_event e WHERE e.request_id = r.id AND e.kind = 'transferred')) AS transferred,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - filed_at) / 86400) AS median_days
    FROM transparency.request r GROUP BY agency_code ORDER BY agency_code`.execute(db);
  return rows.map((r) => ({
    agencyCode: r.agency_code,
    received: Number(r.received),
    pending: Number(r.pending),
    answered: Number(r.answered),
    refused: Number(r.refused),
    inTime: Number(r.in_time),
    transferred: Number(r.transferred),
    medianDays: r.median_days === null ? null : Math.round(Number(r.median_days) * 10) / 10,
  }));
}

/** Entities that answered at least one request through the platform (the 001 goal's "digital mechanism"). */
export async function agenciesAnsweringOnline(db: Queryable): Promise<string[]> {
  const { rows } = await sql<{ agency_code: string }>`SELECT DISTINCT agency_code FROM transparency.request WHERE status <> 'pending' ORDER BY agency_code`.execute(db);
  return rows.map((r) => r.agency_code);
}

export async function listPublications(db: Queryable, agencyCode: string): Promise<Array<{ kind: string; period: string; url: string; publishedAt: Date }>> {
  const { rows } = await sql<{ kind: string; period: string; url: string; published_at: Date }>`
    SELECT kind, period, url, published_at FROM transparency.publication WHERE agency_code = ${agencyCode}`.execute(db);
  return rows.map((r) => ({ kind: r.kind, period: r.period, url: r.url, publishedAt: r.published_at }));
}

/** Once per entity, kind and period (the primary key): false when it was already published. */
export async function insertPublication(db: Queryable, p: { agencyCode: string; kind: string; period: string; url: string; publishedAt: Date; publishedBy: string }): Promise<boolean> {
  const result = await sql`INSERT INTO transparency.publication (agency_code, kind, period, url, published_at, published_by)
    VALUES (${p.agencyCode}, ${p.kind}, ${p.period}, ${p.url}, ${p.publishedAt}, ${p.publishedBy}) ON CONFLICT DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function upsertCompliance(db: Queryable, rows: Array<{ agencyCode: string; month: string; level: string; due: number; onTime: number; computedAt: Date }>): Promise<number> {
  if (rows.length === 0) return 0;
  const values = rows.map((r) => sql`(${r.agencyCode}, ${r.month}::date, ${r.level}, ${r.due}, ${r.onTime}, ${r.computedAt})`);
  const result = await sql`INSERT INTO transparency.compliance (agency_code, month, level, due, on_time, computed_at) VALUES ${sql.join(values)}
    ON CONFLICT (agency_code, month) DO UPDATE SET level = EXCLUDED.level, due = EXCLUDED.due, on_time = EXCLUDED.on_time, computed_at = EXCLUDED.computed_at
    WHERE (compliance.due, compliance.on_time, compliance.level) IS DISTINCT FROM (EXCLUDED.due, EXCLUDED.on_time, EXCLUDED.level)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export interface ComplianceRow {
  agencyCode: string;
  month: string;
  level: string;
  due: number;
  onTime: number;
}
export async function listCompliance(db: Queryable, filter: { agencyCode?: string; month?: string } = {}): Promise<ComplianceRow[]> {
  const where = [sql`true`];
  if (filter.agencyCode) where.push(sql`agency_code = ${filter.agencyCode}`);
  if (filter.month) where.push(sql`month = ${filter.month}::date`);
  const { rows } = await sql<{ agency_code: string; month: string; level: string; due: number; on_time: number }>`
    SELECT agency_code, to_char(month, 'YYYY-MM') AS month, level, due, on_time FROM transparency.compliance WHERE ${sql.join(where, sql` AND `)} ORDER BY month DESC, agency_code`.execute(db);
  return rows.map((r) => ({ agencyCode: r.agency_code, month: r.month, level: r.level, due: r.due, onTime: r.on_time }));
}

/**
 * Records a breach once per `sourceKey`: the id of the row this call inserted (`created`), or of
 * the one an earlier hand-over of the same source inserted.
 */
export async function insertBreach(
  db: Queryable,
  b: { id: string; agencyCode: string; description: string; occurredAt: Date; source: 'transparency' | 'cgii'; sourceKey: string | null },
): Promise<{ id: string; created: boolean }> {
  const { rows } = await sql<{ id: string }>`INSERT INTO transparency.breach (id, agency_code, description, occurred_at, source, source_key)
    VALUES (${b.id}, ${b.agencyCode}, ${b.description}, ${b.occurredAt}, ${b.source}, ${b.sourceKey}) ON CONFLICT DO NOTHING RETURNING id`.execute(db);
  if (rows[0]) return { id: rows[0].id, created: true };
  const earlier = await sql<{ id: string }>`SELECT id FROM transparency.breach WHERE source_key = ${b.sourceKey}`.execute(db);
  if (!earlier.rows[0]) throw new Error('a breach insert that conflicted has no earlier row of its source');
  return { id: earlier.rows[0].id, created: false };
}

export async function insertBreachNotices(
  db: Queryable,
  breachId: string,
  notices: Array<{ documentType: string; documentNumber: string; accountId: string | null; channel: 'mailbox' | 'post'; messageId: string | null }>,
): Promise<void> {
  if (notices.length === 0) return;
  const values = notices.map((n) => sql`(${breachId}, ${n.documentType}, ${n.documentNumber}, ${n.accountId}, ${n.channel}, ${n.messageId})`);
  await sql`INSERT INTO transparency.breach_notice (breach_id, document_type, document_number, account_id, channel, message_id) VALUES ${sql.join(values)} ON CONFLICT DO NOTHING`.execute(db);
}

/** "Mis datos": the requests a person filed, and the breach notices about them. */
export async function requestsOf(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await sql<Record<string, unknown>>`SELECT code, agency_code, question, status,
      to_char(filed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS filed_at FROM transparency.request WHERE account_id = ${accountId} ORDER BY filed_at`.execute(db);
  return rows;
}
export async function breachNoticesOf(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await sql<Record<string, unknown>>`SELECT b.agency_code, b.description, n.channel,
      to_char(b.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS occurred_at
    FROM transparency.breach_notice n JOIN transparency.breach b ON b.id = n.breach_id WHERE n.account_id = ${accountId} ORDER BY b.occurred_at`.execute(db);
  return rows;
}

/** The breaches of these entities (all when `agencyCodes` is null), newest first, with their notices. */
export async function findBreaches(db: Queryable, agencyCodes: string[] | null, limit = 100): Promise<Breach[]> {
  const where = agencyCodes === null ? sql`true` : agencyCodes.length === 0 ? sql`false` : sql`b.agency_code IN (${sql.join(agencyCodes)})`;
  const { rows } = await sql<{
    id: string;
    agency_code: string;
    description: string;
    occurred_at: Date;
    recorded_at: Date;
    source: Breach['source'];
    notices: Array<{ document_type: string; document_number: string; channel: BreachNotice['channel']; posted_at: string | null }>;
  }>`
    SELECT b.id, b.agency_code, b.description, b.occurred_at, b.recorded_at, b.source,
      coalesce((SELECT json_agg(json_build_object('document_type', n.document_type, 'document_number', n.document_number, 'channel', n.channel, 'posted_at', n.posted_at)
        ORDER BY n.channel DESC, n.posted_at NULLS FIRST, n.document_type, n.document_number)
        FROM transparency.breach_notice n WHERE n.breach_id = b.id), '[]'::json) AS notices
    FROM transparency.breach b WHERE ${where} ORDER BY b.occurred_at DESC, b.id LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    agencyCode: r.agency_code,
    description: r.description,
    occurredAt: r.occurred_at,
    recordedAt: r.recorded_at,
    source: r.source,
    notices: r.notices.map((n) => ({ documentType: n.document_type, documentNumber: n.document_number, channel: n.channel, postedAt: n.posted_at ? new Date(n.posted_at) : null })),
  }));
}

export async function findBreachAgency(db: Queryable, breachId: string): Promise<string | undefined> {
  const { rows } = await sql<{ agency_code: string }>`SELECT agency_code FROM transparency.breach WHERE id = ${breachId}`.execute(db);
  return rows[0]?.agency_code;
}

/** Records a notice by post as sent, once: false when there is no such notice by post or it was already recorded. */
export async function markNoticePosted(db: Queryable, breachId: string, notice: { documentType: string; documentNumber: string }, by: string): Promise<boolean> {
  const result = await sql`UPDATE transparency.breach_notice SET posted_at = now(), posted_by = ${by}
    WHERE breach_id = ${breachId} AND document_type = ${notice.documentType} AND document_number = ${notice.documentNumber} AND channel = 'post' AND posted_at IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Serialises the creation of one holding agency's correction procedure (two first filings at once make one). */
export async function lockCorrectionProcedure(trx: Queryable, slug: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`transparency.correction:${slug}`}))`.execute(trx);
}

/** The e-mail address of a request filed with only that (no account), else null. */
export async function requesterEmail(db: Queryable, requestId: string): Promise<string | null> {
  const { rows } = await sql<{ email: string | null }>`SELECT email FROM transparency.request WHERE id = ${requestId} AND channel = 'email'`.execute(db);
  return rows[0]?.email ?? null;
}
