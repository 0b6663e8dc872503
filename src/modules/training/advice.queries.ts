// SQL of the advice requests (training.advice_request, advice_expert, advice_session).
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';

export type AdviceKind = 'technical' | 'legal';
export interface AdviceRequest {
  id: string;
  agencyCode: string;
  kind: AdviceKind;
  need: string;
  requestedAt: Date;
  dueOn: string;
  answer: string | null;
  answeredAt: Date | null;
}
interface Row {
  id: string;
  agency_code: string;
  kind: string;
  need: string;
  requested_at: Date;
  due_on: string;
  answer: string | null;
  answered_at: Date | null;
}
const toRequest = (r: Row): AdviceRequest => ({
  id: r.id,
  agencyCode: r.agency_code,
  kind: r.kind as AdviceKind,
  need: r.need,
  requestedAt: r.requested_at,
  dueOn: r.due_on,
  answer: r.answer,
  answeredAt: r.answered_at,
});
const COLUMNS = sql`id, agency_code, kind, need, requested_at, to_char(due_on, 'YYYY-MM-DD') AS due_on, answer, answered_at`;

export async function insertAdviceRequest(db: Queryable, r: { id: string; agencyCode: string; kind: AdviceKind; need: string; requestedBy: string; dueOn: string }): Promise<void> {
  await sql`INSERT INTO training.advice_request (id, agency_code, kind, need, requested_by, due_on)
    VALUES (${r.id}, ${r.agencyCode}, ${r.kind}, ${r.need}, ${r.requestedBy}, ${r.dueOn})`.execute(db);
}

export async function findAdviceRequest(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<AdviceRequest | undefined> {
  const { rows } = await sql<Row>`SELECT ${COLUMNS} FROM training.advice_request WHERE id = ${id} ${options.forUpdate ? sql`FOR UPDATE` : sql``}`.execute(db);
  return rows[0] ? toRequest(rows[0]) : undefined;
}

/** The requests of some entities (all of them when `agencies` is null), newest first. */
export async function listAdviceRequests(db: Queryable, agencies: string[] | null): Promise<AdviceRequest[]> {
  const { rows } = await sql<Row>`SELECT ${COLUMNS} FROM training.advice_request
    ${agencies ? sql`WHERE agency_code = ANY(${agencies})` : sql``} ORDER BY requested_at DESC LIMIT 200`.execute(db);
  return rows.map(toRequest);
}

/** True when the expert was not assigned yet. */
export async function insertAdviceExpert(db: Queryable, requestId: string, expertName: string, by: string): Promise<boolean> {
  const { rows } = await sql`INSERT INTO training.advice_expert (request_id, expert_name, assigned_by) VALUES (${requestId}, ${expertName}, ${by})
    ON CONFLICT DO NOTHING RETURNING request_id`.execute(db);
  return rows.length > 0;
}

export async function listAdviceExperts(db: Queryable, requestId: string): Promise<string[]> {
  const { rows } = await sql<{ expert_name: string }>`SELECT expert_name FROM training.advice_expert WHERE request_id = ${requestId} ORDER BY assigned_at, expert_name`.execute(db);
  return rows.map((r) => r.expert_name);
}

export async function insertAdviceSession(db: Queryable, s: { id: string; requestId: string; heldOn: string; notes: string; by: string }): Promise<void> {
  await sql`INSERT INTO training.advice_session (id, request_id, held_on, notes, recorded_by) VALUES (${s.id}, ${s.requestId}, ${s.heldOn}, ${s.notes}, ${s.by})`.execute(db);
}

export async function listAdviceSessions(db: Queryable, requestId: string): Promise<Array<{ heldOn: string; notes: string }>> {
  const { rows } = await sql<{ held_on: string; notes: string }>`
    SELECT to_char(held_on, 'YYYY-MM-DD') AS held_on, notes FROM training.advice_session WHERE request_id = ${requestId} ORDER BY held_on, recorded_at`.execute(db);
  return rows.map((r) => ({ heldOn: r.held_on, notes: r.notes }));
}

/** Answers a request once: the time of the answer, or undefined when it was answered already. */
export async function answerAdviceRequest(db: Queryable, id: string, answer: string, by: string): Promise<Date | undefined> {
  const { rows } = await sql<{ answered_at: Date }>`UPDATE training.advice_request SET answer = ${answer}, answered_by = ${by}, answered_at = now()
    WHERE id = ${id} AND answered_at IS NULL RETURNING answered_at`.execute(db);
  return rows[0]?.answered_at;
}
