// Every SQL statement on the cases schema.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { Answers } from '../../platform/forms/index.ts';
import type { Case, CaseEvent, Draft, QueueFilter } from './case.types.ts';

interface CaseRow {
  id: string;
  tracking_code: string;
  account_id: string;
  procedure_id: string;
  version_id: string;
  procedure_name: string;
  agency_code: string;
  state: string;
  outcome: 'approved' | 'rejected' | null;
  answers: Answers;
  channel: 'online' | 'assisted';
  filed_by: string | null;
  assignee_id: string | null;
  submitted_at: Date;
  state_entered_at: Date;
  due_date: string;
  paused_on: string | null;
  decided_at: Date | null;
  is_escalated: boolean;
  satisfaction: number | null;
  satisfaction_comment: string | null;
  updated_at: Date;
}

const COLUMNS = sql.raw(`id, tracking_code, account_id, procedure_id, version_id, procedure_name, agency_code, state, outcome, answers, channel,
  filed_by, assignee_id, submitted_at, state_entered_at, to_char(due_date, 'YYYY-MM-DD') AS due_date, to_char(paused_on, 'YYYY-MM-DD') AS paused_on,
  decided_at, is_escalated, satisfaction, satisfaction_comment, updated_at`);

const toCase = (r: CaseRow): Case => ({
  id: r.id,
  trackingCode: r.tracking_code,
  accountId: r.account_id,
  procedureId: r.procedure_id,
  versionId: r.version_id,
  procedureName: r.procedure_name,
  agencyCode: r.agency_code,
  state: r.state,
  outcome: r.outcome,
  answers: r.answers,
  channel: r.channel,
  filedBy: r.filed_by,
  assigneeId: r.assignee_id,
  submittedAt: r.submitted_at,
  stateEnteredAt: r.state_entered_at,
  dueDate: r.due_date,
  pausedOn: r.paused_on,
  decidedAt: r.decided_at,
  isEscalated: r.is_escalated,
  satisfaction: r.satisfaction,
  satisfactionComment: r.satisfaction_comment,
  updatedAt: r.updated_at,
});

export type NewCase = Pick<Case, 'id' | 'trackingCode' | 'accountId' | 'procedureId' | 'versionId' | 'procedureName' | 'agencyCode' | 'state' | 'answers' | 'channel' | 'filedBy' | 'dueDate'>;

export async function insertCase(db: Queryable, c: NewCase): Promise<Case> {
  const result = await sql<CaseRow>`
    INSERT INTO cases.case (id, tracking_code, account_id, procedure_id, version_id, procedure_name, agency_code, state, answers, channel, filed_by, due_date)
    VALUES (${c.id}, ${c.trackingCode}, ${c.accountId}, ${c.procedureId}, ${c.versionId}, ${c.procedureName}, ${c.agencyCode}, ${c.state},
            ${JSON.stringify(c.answers)}::jsonb, ${c.channel}, ${c.filedBy}, ${c.dueDate})
    RETURNING ${COLUMNS}`.execute(db);
  return toCase(result.rows[0]!);
}

export async function findCaseByCode(db: Queryable, code: string, options: { forUpdate?: boolean } = {}): Promise<Case | undefined> {
  const lock = options.forUpdate ? sql` FOR UPDATE` : sql``;
  const result = await sql<CaseRow>`SELECT ${COLUMNS} FROM cases.case WHERE tracking_code = ${code}${lock}`.execute(db);
  return result.rows[0] ? toCase(result.rows[0]) : undefined;
}

export async function findCasesOfAccount(db: Queryable, accountId: string): Promise<Case[]> {
  const result = await sql<CaseRow>`SELECT ${COLUMNS} FROM cases.case WHERE account_id = ${accountId} ORDER BY submitted_at DESC LIMIT 200`.execute(db);
  return result.rows.map(toCase);
}

export async function findQueue(db: Queryable, input: { agencyCodes: string[]; filter: QueueFilter; accountId: string; today: string; openStates: string[]; procedureId?: string }): Promise<Case[]> {
  const { filter } = input;
  const open = sql`state = ANY(${input.openStates})`;
  const where =
    filter === 'closed'
      ? sql`NOT (${open})`
      : filter === 'unassigned'
        ? sql`${open} AND assignee_id IS NULL`
        : filter === 'mine'
          ? sql`${open} AND assignee_id = ${input.accountId}`
          : filter === 'overdue'
            ? sql`${open} AND paused_on IS NULL AND due_date < ${input.today}`
            : open;
  const procedure = input.procedureId ? sql` AND procedure_id = ${input.procedureId}` : sql``;
  const result = await sql<CaseRow>`
    SELECT ${COLUMNS} FROM cases.case
     WHERE agency_code = ANY(${input.agencyCodes}) AND ${where}${procedure}
     ORDER BY due_date, submitted_at LIMIT 200`.execute(db);
  return result.rows.map(toCase);
}

/** The procedures the agencies have cases of (id and name), by name: the queue's procedure filter. */
export async function findQueueProcedures(db: Queryable, agencyCodes: string[]): Promise<Array<{ id: string; name: string }>> {
  const result = await sql<{ id: string; name: string }>`
    SELECT procedure_id AS id, max(procedure_name) AS name FROM cases.case WHERE agency_code = ANY(${agencyCodes})
     GROUP BY procedure_id ORDER BY 2, 1 LIMIT 500`.execute(db);
  return result.rows;
}

export async function findOpenCasesDue(db: Queryable, openStates: string[], today: string): Promise<Case[]> {
  const result = await sql<CaseRow>`
    SELECT ${COLUMNS} FROM cases.case WHERE state = ANY(${openStates}) AND paused_on IS NULL AND due_date < ${today}
     ORDER BY due_date LIMIT 1000`.execute(db);
  return result.rows.map(toCase);
}

/** The (procedure version, state) pairs of undecided cases: the deadline sweep looks up which states carry a deadline. */
export async function findOpenVersionStates(db: Queryable): Promise<Array<{ versionId: string; state: string }>> {
  const result = await sql<{ version_id: string; state: string }>`SELECT DISTINCT version_id, state FROM cases.case WHERE outcome IS NULL`.execute(db);
  return result.rows.map((r) => ({ versionId: r.version_id, state: r.state }));
}

/** Undecided cases in one of these (version, state) pairs, in that state since before `today`: candidates for a state deadline, whatever the clock. */
export async function findCasesInStatesSince(db: Queryable, pairs: Array<{ versionId: string; state: string }>, today: string): Promise<Case[]> {
  if (pairs.length === 0) return [];
  const result = await sql<CaseRow>`
    SELECT ${COLUMNS} FROM cases.case
     WHERE outcome IS NULL AND state_entered_at < ${today}::date
       AND (version_id, state) IN (SELECT * FROM unnest(${pairs.map((p) => p.versionId)}::uuid[], ${pairs.map((p) => p.state)}::text[]))
     ORDER BY state_entered_at LIMIT 1000`.execute(db);
  return result.rows.map(toCase);
}

export async function updateCase(
  db: Queryable,
  id: string,
  changes: Partial<Pick<Case, 'state' | 'outcome' | 'answers' | 'assigneeId' | 'dueDate' | 'pausedOn' | 'decidedAt' | 'isEscalated' | 'satisfaction' | 'satisfactionComment'>> & {
    stateChanged?: boolean;
  },
): Promise<void> {
  const sets = [sql`updated_at = now()`];
  if (changes.state !== undefined) sets.push(sql`state = ${changes.state}`);
  if (changes.stateChanged) sets.push(sql`state_entered_at = now()`);
  if (changes.outcome !== undefined) sets.push(sql`outcome = ${changes.outcome}`);
  if (changes.answers !== undefined) sets.push(sql`answers = ${JSON.stringify(changes.answers)}::jsonb`);
  if (changes.assigneeId !== undefined) sets.push(sql`assignee_id = ${changes.assigneeId}`);
  if (changes.dueDate !== undefined) sets.push(sql`due_date = ${changes.dueDate}`);
  if (changes.pausedOn !== undefined) sets.push(sql`paused_on = ${changes.pausedOn}`);
  if (changes.decidedAt !== undefined) sets.push(sql`decided_at = ${changes.decidedAt}`);
  if (changes.isEscalated !== undefined) sets.push(sql`is_escalated = ${changes.isEscalated}`);
  if (changes.satisfaction !== undefined) sets.push(sql`satisfaction = ${changes.satisfaction}`);
  if (changes.satisfactionComment !== undefined) sets.push(sql`satisfaction_comment = ${changes.satisfactionComment}`);
  await sql`UPDATE cases.case SET ${sql.join(sets)} WHERE id = ${id}`.execute(db);
}

interface EventRow {
  id: string;
  occurred_at: Date;
  actor_type: CaseEvent['actorType'];
  actor_id: string | null;
  kind: CaseEvent['kind'];
  action: string;
  from_state: string | null;
  to_state: string | null;
  text: string | null;
  is_internal: boolean;
}

export async function insertCaseEvent(db: Queryable, caseId: string, e: Omit<CaseEvent, 'id' | 'occurredAt'>): Promise<void> {
  await sql`INSERT INTO cases.case_event (case_id, actor_type, actor_id, kind, action, from_state, to_state, text, is_internal)
            VALUES (${caseId}, ${e.actorType}, ${e.actorId}, ${e.kind}, ${e.action}, ${e.fromState}, ${e.toState}, ${e.text}, ${e.isInternal})`.execute(db);
}

export async function findCaseEvents(db: Queryable, caseId: string, options: { includeInternal: boolean }): Promise<CaseEvent[]> {
  const internal = options.includeInternal ? sql`` : sql` AND NOT is_internal`;
  const result = await sql<EventRow>`SELECT id::text, occurred_at, actor_type, actor_id, kind, action, from_state, to_state, text, is_internal
      FROM cases.case_event WHERE case_id = ${caseId}${internal} ORDER BY id`.execute(db);
  return result.rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    kind: r.kind,
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    text: r.text,
    isInternal: r.is_internal,
  }));
}

export async function findDraft(db: Queryable, accountId: string, versionId: string): Promise<Draft | undefined> {
  const result = await sql<{ id: string; account_id: string; version_id: string; answers: Answers; pending_fields: Draft['pendingFields']; updated_at: Date }>`
    SELECT id, account_id, version_id, answers, pending_fields, updated_at FROM cases.draft WHERE account_id = ${accountId} AND version_id = ${versionId}`.execute(db);
  const r = result.rows[0];
  return r ? { id: r.id, accountId: r.account_id, versionId: r.version_id, answers: r.answers, pendingFields: r.pending_fields, updatedAt: r.updated_at } : undefined;
}

export async function upsertDraft(db: Queryable, d: Pick<Draft, 'id' | 'accountId' | 'versionId' | 'answers' | 'pendingFields'>): Promise<void> {
  await sql`INSERT INTO cases.draft (id, account_id, version_id, answers, pending_fields)
            VALUES (${d.id}, ${d.accountId}, ${d.versionId}, ${JSON.stringify(d.answers)}::jsonb, ${JSON.stringify(d.pendingFields)}::jsonb)
            ON CONFLICT (account_id, version_id) DO UPDATE SET answers = EXCLUDED.answers, pending_fields = EXCLUDED.pending_fields, updated_at = now()`.execute(db);
}

export async function deleteDraft(db: Queryable, accountId: string, versionId: string): Promise<void> {
  await sql`DELETE FROM cases.draft WHERE account_id = ${accountId} AND version_id = ${versionId}`.execute(db);
}

/** What a case adds to its procedure's statistics (rebuilt from these). */
export interface CaseStatFacts {
  id: string;
  procedureId: string;
  agencyCode: string;
  submittedAt: Date;
  decidedAt: Date | null;
  dueDate: string;
  satisfaction: number | null;
}

/** The cases after `afterId`, in id order, with what their statistics are made of. */
export async function listCaseStatFacts(db: Queryable, afterId: string, limit: number): Promise<CaseStatFacts[]> {
  const { rows } = await sql<{ id: string; procedure_id: string; agency_code: string; submitted_at: Date; decided_at: Date | null; due_date: string; satisfaction: number | null }>`
    SELECT id, procedure_id, agency_code, submitted_at, decided_at, to_char(due_date, 'YYYY-MM-DD') AS due_date, satisfaction
      FROM cases.case WHERE id > ${afterId}::uuid ORDER BY id LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    procedureId: r.procedure_id,
    agencyCode: r.agency_code,
    submittedAt: r.submitted_at,
    decidedAt: r.decided_at,
    dueDate: r.due_date,
    satisfaction: r.satisfaction,
  }));
}
