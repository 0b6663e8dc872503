// Every SQL statement on the cases schema (row types: db.generated.ts).
import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import { type AuditedInsert, auditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Answers, FileAnswer } from '../../platform/forms/index.ts';
import type { Case, CaseEvent, Channel, Draft, QueueFilter } from './case.types.ts';
import type { CaseRow, Tables } from './db.generated.ts';
import { linkPrefillReadsStatement } from './prefill.queries.ts';

const caseColumns = [
  'id',
  'tracking_code',
  'account_id',
  'unit_key',
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
  unitKey: r.unit_key,
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

export type NewCase = Pick<Case, 'id' | 'trackingCode' | 'accountId' | 'procedureId' | 'versionId' | 'procedureName' | 'agencyCode' | 'state' | 'answers' | 'channel' | 'filedBy' | 'dueDate'> &
  Partial<Pick<Case, 'unitKey'>>;

const rows = rowsInto<Tables>();

/**
 * A submission in one statement (the write pattern, src/platform/db/audited-insert.ts): the
 * case, its first history entry, the draft it replaces deleted, and the audit entry, events
 * and statistics the service gives; the case comes back from RETURNING.
 */
export async function insertSubmittedCase(
  db: Queryable,
  c: NewCase,
  history: Omit<CaseEvent, 'id' | 'occurredAt'>,
  consequences: Pick<AuditedInsert<CaseSelection>, 'audit' | 'events' | 'stats'>,
): Promise<Case> {
  const row = await auditedInsert(db, {
    insert: rows('cases.case', {
      id: c.id,
      tracking_code: c.trackingCode,
      account_id: c.accountId,
      unit_key: c.unitKey ?? null,
      procedure_id: c.procedureId,
      version_id: c.versionId,
      procedure_name: c.procedureName,
      agency_code: c.agencyCode,
      state: c.state,
      answers: c.answers as CaseRow['answers'],
      channel: c.channel,
      filed_by: c.filedBy,
      due_date: c.dueDate,
    }),
    returning: sql<CaseSelection>`${sql.join(caseColumns.map((column) => sql.ref(column)))}, to_char(due_date, 'YYYY-MM-DD') AS due_date, to_char(paused_on, 'YYYY-MM-DD') AS paused_on`,
    also: [
      rows('cases.case_event', {
        case_id: c.id,
        actor_type: history.actorType,
        actor_id: history.actorId,
        kind: history.kind,
        action: history.action,
        from_state: history.fromState,
        to_state: history.toState,
        text: history.text,
        is_internal: history.isInternal,
      }),
    ],
    // The draft goes; the registry values read for it (once-only prefill) now belong to the case.
    statements: [sql`DELETE FROM cases.draft WHERE account_id = ${c.accountId} AND version_id = ${c.versionId}`, linkPrefillReadsStatement(c.accountId, c.versionId, c.id)],
    ...consequences,
  });
  return toCase(row!);
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

/**
 * Where a page of a list stopped: the sort values of its last case, exactly as PostgreSQL holds
 * them (`submittedAt` is the timestamptz as text, microseconds included); `dueDate` for the queue.
 */
export interface CasePosition {
  submittedAt: string;
  id: string;
  dueDate?: string;
}

/** A page of cases (keyset: rows after `after` in the list's order) and the position of its last case when more follow. */
export interface CaseListPage {
  cases: Case[];
  more?: CasePosition;
}

const positionColumn = sql<string>`submitted_at::text`.as('submitted_key');

function pageOf(rows: Array<CaseSelection & { submitted_key: string }>, limit: number): CaseListPage {
  const cases = rows.slice(0, limit).map(toCase);
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { cases, more: last ? { submittedAt: last.submitted_key, id: last.id, dueDate: last.due_date } : undefined };
}

/**
 * The person's cases, newest first (then by id), `limit` at a time after `after`: her own (not
 * filed for a unit) and those of the units she represents now (`unitKeys`).
 */
export async function findCasesOfAccount(
  db: Queryable,
  accountId: string,
  page: { limit: number; after?: CasePosition } = { limit: 200 },
  unitKeys: string[] = [],
  unitsOnly = false,
): Promise<CaseListPage> {
  let query = selectCases(db)
    .select(positionColumn)
    .where((eb) => {
      const own = eb.and([eb('account_id', '=', accountId), eb('unit_key', 'is', null)]);
      const ofUnits = eb('unit_key', '=', eb.fn.any(eb.val(unitKeys)));
      // unitsOnly: the units' cases alone (the cases API's `?unit=`).
      if (unitsOnly) return ofUnits;
      return unitKeys.length > 0 ? eb.or([own, ofUnits]) : own;
    });
  if (page.after) query = query.where(sql<boolean>`(submitted_at, id) < (${page.after.submittedAt}::timestamptz, ${page.after.id}::uuid)`);
  const rows = await query
    .orderBy('submitted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  return pageOf(rows, page.limit);
}

/** The officials' queue, by due date, then submission, then id, `limit` at a time after `after` (which must carry `dueDate`). */
export async function findQueue(
  db: Queryable,
  input: { agencyCodes: string[]; filter: QueueFilter; accountId: string; today: string; openStates: string[]; procedureId?: string },
  page: { limit: number; after?: CasePosition } = { limit: 200 },
): Promise<CaseListPage> {
  const { filter } = input;
  let query = selectCases(db)
    .select(positionColumn)
    .where((eb) => anyOf(eb, 'agency_code', input.agencyCodes));
  if (filter === 'closed') query = query.where((eb) => eb.not(anyOf(eb, 'state', input.openStates)));
  else query = query.where((eb) => anyOf(eb, 'state', input.openStates));
  if (filter === 'unassigned') query = query.where('assignee_id', 'is', null);
  if (filter === 'mine') query = query.where('assignee_id', '=', input.accountId);
  if (filter === 'overdue') query = query.where('paused_on', 'is', null).where('due_date', '<', day(input.today));
  if (input.procedureId) query = query.where('procedure_id', '=', input.procedureId);
  const after = page.after;
  if (after?.dueDate) query = query.where(sql<boolean>`(due_date, submitted_at, id) > (${after.dueDate}::date, ${after.submittedAt}::timestamptz, ${after.id}::uuid)`);
  const rows = await query
    .orderBy('due_date')
    .orderBy('submitted_at')
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return pageOf(rows, page.limit);
}

/** How many open cases the agencies have, per agency: all, unassigned, the person's, and overdue (the queue's filters, counted in one statement). */
export async function countQueue(
  db: Queryable,
  input: { agencyCodes: string[]; accountId: string; today: string; openStates: string[] },
): Promise<Array<{ agencyCode: string; open: number; unassigned: number; mine: number; overdue: number }>> {
  const rows = await typed<Tables>(db)
    .selectFrom('cases.case')
    .select([
      'agency_code',
      sql<number>`count(*)::int`.as('open'),
      sql<number>`(count(*) FILTER (WHERE assignee_id IS NULL))::int`.as('unassigned'),
      sql<number>`(count(*) FILTER (WHERE assignee_id = ${input.accountId}))::int`.as('mine'),
      sql<number>`(count(*) FILTER (WHERE paused_on IS NULL AND due_date < ${day(input.today)}))::int`.as('overdue'),
    ])
    .where((eb) => anyOf(eb, 'agency_code', input.agencyCodes))
    .where((eb) => anyOf(eb, 'state', input.openStates))
    .groupBy('agency_code')
    .execute();
  return rows.map((r) => ({ agencyCode: r.agency_code, open: r.open, unassigned: r.unassigned, mine: r.mine, overdue: r.overdue }));
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
    .values({
      case_id: caseId,
      actor_type: e.actorType,
      actor_id: e.actorId,
      kind: e.kind,
      action: e.action,
      from_state: e.fromState,
      to_state: e.toState,
      text: e.text,
      is_internal: e.isInternal,
      attachments: JSON.stringify(e.attachments ?? []),
    })
    .execute();
}

export async function findCaseEvents(db: Queryable, caseId: string, options: { includeInternal: boolean }): Promise<CaseEvent[]> {
  let query = typed<Tables>(db)
    .selectFrom('cases.case_event')
    .select(['id', 'occurred_at', 'actor_type', 'actor_id', 'kind', 'action', 'from_state', 'to_state', 'text', 'is_internal', 'attachments'])
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
    attachments: r.attachments as unknown as FileAnswer[],
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

/**
 * The person's most recent case of the procedure still open (in one of `openStates`, undecided)
 * whose answers equal `answers` (jsonb equality: the order of keys does not matter).
 */
export async function findOpenCaseWithAnswers(db: Queryable, input: { accountId: string; procedureId: string; openStates: string[]; answers: Answers }): Promise<Case | undefined> {
  const row = await selectCases(db)
    .where('account_id', '=', input.accountId)
    .where('procedure_id', '=', input.procedureId)
    .where('outcome', 'is', null)
    .where((eb) => anyOf(eb, 'state', input.openStates))
    .where(sql<boolean>`answers = ${JSON.stringify(input.answers)}::jsonb`)
    .orderBy('submitted_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toCase(row) : undefined;
}

/** Undecided cases past their legal time (clock running), the longest overdue first, of one agency or all (on `case_undecided_due_idx`). */
export async function findOverdueCases(
  db: Queryable,
  query: { agency: string | null; openStates: string[]; today: string; limit: number },
): Promise<Array<{ trackingCode: string; procedureName: string; agencyCode: string; dueDate: string }>> {
  let select = typed<Tables>(db)
    .selectFrom('cases.case')
    .select(['tracking_code', 'procedure_name', 'agency_code', sql<string>`to_char(due_date, 'YYYY-MM-DD')`.as('due_date')])
    .where('outcome', 'is', null)
    .where('paused_on', 'is', null)
    .where((eb) => anyOf(eb, 'state', query.openStates))
    .where('due_date', '<', day(query.today));
  if (query.agency !== null) select = select.where('agency_code', '=', query.agency);
  const rows = await select.orderBy('due_date').orderBy('tracking_code').limit(query.limit).execute();
  return rows.map((r) => ({ trackingCode: r.tracking_code, procedureName: r.procedure_name, agencyCode: r.agency_code, dueDate: r.due_date }));
}
