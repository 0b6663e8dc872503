// Every SQL statement on the cases schema (row types: db.generated.ts).
import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Answers } from '../../platform/forms/index.ts';
import type { Case, CaseEvent, Channel, Draft, QueueFilter } from './case.types.ts';
import type { CaseRow, Tables } from './db.generated.ts';

const caseColumns = [
  'id',
  'tracking_code',
  'account_id',
  'procedure_id',
  'version_id',
  'procedure_name',
  'agency_code',
  'state',
  'outcome',
  'answers',
  'channel',
  'filed_by',
  'assignee_id',
  'submitted_at',
  'state_entered_at',
  'decided_at',
  'is_escalated',
  'satisfaction',
  'satisfaction_comment',
  'updated_at',
] as const;
// Dates are read as the day they hold ('YYYY-MM-DD'), not as a Date at the process's midnight.
const dayColumns = [sql<string>`to_char(due_date, 'YYYY-MM-DD')`.as('due_date'), sql<string | null>`to_char(paused_on, 'YYYY-MM-DD')`.as('paused_on')] as const;
type CaseSelection = Pick<Selectable<CaseRow>, (typeof caseColumns)[number]> & { due_date: string; paused_on: string | null };

// The columns hold what this file writes: an outcome, a channel, the answers object.
const toCase = (r: CaseSelection): Case => ({
  id: r.id,
  trackingCode: r.tracking_code,
  accountId: r.account_id,
  procedureId: r.procedure_id,
  versionId: r.version_id,
  procedureName: r.procedure_name,
  agencyCode: r.agency_code,
  state: r.state,
  outcome: r.outcome as Case['outcome'],
  answers: r.answers as Answers,
  channel: r.channel as Channel,
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

/** A day ('YYYY-MM-DD') to compare a date column with. */
const day = (date: string) => sql<Date>`${date}::date`;
const selectCases = (db: Queryable) =>
  typed<Tables>(db)
    .selectFrom('cases.case')
    .select([...caseColumns, ...dayColumns]);
/** `column = ANY(values)`: an empty list matches nothing (where `IN ()` would be an error). */
const anyOf = (eb: ExpressionBuilder<Tables, 'cases.case'>, column: 'agency_code' | 'state', values: string[]) => eb(column, '=', eb.fn.any(eb.val(values)));

export type NewCase = Pick<Case, 'id' | 'trackingCode' | 'accountId' | 'procedureId' | 'versionId' | 'procedureName' | 'agencyCode' | 'state' | 'answers' | 'channel' | 'filedBy' | 'dueDate'>;

export async function insertCase(db: Queryable, c: NewCase): Promise<Case> {
  const row = await typed<Tables>(db)
    .insertInto('cases.case')
    .values({
      id: c.id,
      tracking_code: c.trackingCode,
      account_id: c.accountId,
      procedure_id: c.procedureId,
      version_id: c.versionId,
      procedure_name: c.procedureName,
      agency_code: c.agencyCode,
      state: c.state,
      answers: JSON.stringify(c.answers),
      channel: c.channel,
      filed_by: c.filedBy,
      due_date: c.dueDate,
    })
    .returning([...caseColumns, ...dayColumns])
    .executeTakeFirstOrThrow();
  return toCase(row);
}

/**
 * The case with this tracking code. `forUpdate` locks it for the caller's transaction;
 * with `skipLocked` too, a case another transaction holds is not waited for: undefined.
 */
export async function findCaseByCode(db: Queryable, code: string, options: { forUpdate?: boolean; skipLocked?: boolean } = {}): Promise<Case | undefined> {
  let query = selectCases(db).where('tracking_code', '=', code);
  if (options.forUpdate) query = query.forUpdate();
  if (options.forUpdate && options.skipLocked) query = query.skipLocked();
  const row = await query.executeTakeFirst();
  return row ? toCase(row) : undefined;
}

export async function findCasesOfAccount(db: Queryable, accountId: string): Promise<Case[]> {
  const rows = await selectCases(db).where('account_id', '=', accountId).orderBy('submitted_at', 'desc').limit(200).execute();
  return rows.map(toCase);
}

export async function findQueue(db: Queryable, input: { agencyCodes: string[]; filter: QueueFilter; accountId: string; today: string; openStates: string[]; procedureId?: string }): Promise<Case[]> {
  const { filter } = input;
  let query = selectCases(db).where((eb) => anyOf(eb, 'agency_code', input.agencyCodes));
  if (filter === 'closed') query = query.where((eb) => eb.not(anyOf(eb, 'state', input.openStates)));
  else query = query.where((eb) => anyOf(eb, 'state', input.openStates));
  if (filter === 'unassigned') query = query.where('assignee_id', 'is', null);
  if (filter === 'mine') query = query.where('assignee_id', '=', input.accountId);
  if (filter === 'overdue') query = query.where('paused_on', 'is', null).where('due_date', '<', day(input.today));
  if (input.procedureId) query = query.where('procedure_id', '=', input.procedureId);
  const rows = await query.orderBy('due_date').orderBy('submitted_at').limit(200).execute();
  return rows.map(toCase);
}

/** The procedures the agencies have cases of (id and name), by name: the queue's procedure filter. */
export async function findQueueProcedures(db: Queryable, agencyCodes: string[]): Promise<Array<{ id: string; name: string }>> {
  const rows = await typed<Tables>(db)
    .selectFrom('cases.case')
    .select((eb) => ['procedure_id as id', eb.fn.max('procedure_name').as('name')])
    .where((eb) => anyOf(eb, 'agency_code', agencyCodes))
    .groupBy('procedure_id')
    .orderBy('name')
    .orderBy('id')
    .limit(500)
    .execute();
  return rows;
}

/** Open cases whose legal time ran out before `today` (clock running), those not yet escalated first: tracking codes, at most `limit`. */
export async function findOverdueCaseCodes(db: Queryable, openStates: string[], today: string, limit: number): Promise<string[]> {
  const rows = await typed<Tables>(db)
    .selectFrom('cases.case')
    .select('tracking_code')
    .where((eb) => anyOf(eb, 'state', openStates))
    .where('paused_on', 'is', null)
    .where('due_date', '<', day(today))
    .orderBy('is_escalated')
    .orderBy('due_date')
    .orderBy('tracking_code')
    .limit(limit)
    .execute();
  return rows.map((r) => r.tracking_code);
}

/** The (procedure version, state) pairs of undecided cases: the deadline sweep looks up which states carry a deadline. */
export async function findOpenVersionStates(db: Queryable): Promise<Array<{ versionId: string; state: string }>> {
  const rows = await typed<Tables>(db).selectFrom('cases.case').select(['version_id', 'state']).distinct().where('outcome', 'is', null).execute();
  return rows.map((r) => ({ versionId: r.version_id, state: r.state }));
}

/** Undecided cases in one of these (version, state) pairs, in that state since before `today`: candidates for a state deadline, whatever the clock (tracking codes, at most `limit`). */
export async function findCaseCodesInStatesSince(db: Queryable, pairs: Array<{ versionId: string; state: string }>, today: string, limit: number): Promise<string[]> {
  if (pairs.length === 0) return [];
  // A row-value IN over two parallel arrays: no builder form for it.
  const result = await sql<Pick<Selectable<CaseRow>, 'tracking_code'>>`
    SELECT tracking_code FROM cases.case
     WHERE outcome IS NULL AND state_entered_at < ${today}::date
       AND (version_id, state) IN (SELECT * FROM unnest(${pairs.map((p) => p.versionId)}::uuid[], ${pairs.map((p) => p.state)}::text[]))
     ORDER BY state_entered_at, tracking_code LIMIT ${limit}`.execute(db);
  return result.rows.map((r) => r.tracking_code);
}

export async function updateCase(
  db: Queryable,
  id: string,
  changes: Partial<Pick<Case, 'state' | 'outcome' | 'answers' | 'assigneeId' | 'dueDate' | 'pausedOn' | 'decidedAt' | 'isEscalated' | 'satisfaction' | 'satisfactionComment'>> & {
    stateChanged?: boolean;
  },
): Promise<void> {
  await typed<Tables>(db)
    .updateTable('cases.case')
    .set({
      updated_at: sql<Date>`now()`,
      state: changes.state,
      state_entered_at: changes.stateChanged ? sql<Date>`now()` : undefined,
      outcome: changes.outcome,
      answers: changes.answers === undefined ? undefined : JSON.stringify(changes.answers),
      assignee_id: changes.assigneeId,
      due_date: changes.dueDate,
      paused_on: changes.pausedOn,
      decided_at: changes.decidedAt,
      is_escalated: changes.isEscalated,
      satisfaction: changes.satisfaction,
      satisfaction_comment: changes.satisfactionComment,
    })
    .where('id', '=', id)
    .execute();
}

export async function insertCaseEvent(db: Queryable, caseId: string, e: Omit<CaseEvent, 'id' | 'occurredAt'>): Promise<void> {
  await typed<Tables>(db)
    .insertInto('cases.case_event')
    .values({ case_id: caseId, actor_type: e.actorType, actor_id: e.actorId, kind: e.kind, action: e.action, from_state: e.fromState, to_state: e.toState, text: e.text, is_internal: e.isInternal })
    .execute();
}

export async function findCaseEvents(db: Queryable, caseId: string, options: { includeInternal: boolean }): Promise<CaseEvent[]> {
  let query = typed<Tables>(db)
    .selectFrom('cases.case_event')
    .select(['id', 'occurred_at', 'actor_type', 'actor_id', 'kind', 'action', 'from_state', 'to_state', 'text', 'is_internal'])
    .where('case_id', '=', caseId);
  if (!options.includeInternal) query = query.where('is_internal', '=', false);
  // The order things happened, the sequence breaking ties (events of one transaction share its time).
  const rows = await query.orderBy('occurred_at').orderBy('id').execute();
  // actor_type and kind hold what insertCaseEvent writes.
  return rows.map((r) => ({
    id: String(r.id),
    occurredAt: r.occurred_at,
    actorType: r.actor_type as CaseEvent['actorType'],
    actorId: r.actor_id,
    kind: r.kind as CaseEvent['kind'],
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    text: r.text,
    isInternal: r.is_internal,
  }));
}

export async function findDraft(db: Queryable, accountId: string, versionId: string): Promise<Draft | undefined> {
  const r = await typed<Tables>(db)
    .selectFrom('cases.draft')
    .select(['id', 'account_id', 'version_id', 'answers', 'pending_fields', 'updated_at'])
    .where('account_id', '=', accountId)
    .where('version_id', '=', versionId)
    .executeTakeFirst();
  return r
    ? { id: r.id, accountId: r.account_id, versionId: r.version_id, answers: r.answers as Answers, pendingFields: r.pending_fields as Draft['pendingFields'], updatedAt: r.updated_at }
    : undefined;
}

export async function upsertDraft(db: Queryable, d: Pick<Draft, 'id' | 'accountId' | 'versionId' | 'answers' | 'pendingFields'>): Promise<void> {
  await typed<Tables>(db)
    .insertInto('cases.draft')
    .values({ id: d.id, account_id: d.accountId, version_id: d.versionId, answers: JSON.stringify(d.answers), pending_fields: JSON.stringify(d.pendingFields) })
    .onConflict((oc) =>
      oc.columns(['account_id', 'version_id']).doUpdateSet((eb) => ({ answers: eb.ref('excluded.answers'), pending_fields: eb.ref('excluded.pending_fields'), updated_at: sql<Date>`now()` })),
    )
    .execute();
}

export async function deleteDraft(db: Queryable, accountId: string, versionId: string): Promise<void> {
  await typed<Tables>(db).deleteFrom('cases.draft').where('account_id', '=', accountId).where('version_id', '=', versionId).execute();
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
