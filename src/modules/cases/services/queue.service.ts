// Reading cases: the person's cases, the public lookup and the officials' queue with its clock.
import { AppError } from '../../../platform/errors.ts';
import { defaultWorkflow, findWorkflowState, type WorkflowDefinition } from '../../../platform/forms/index.ts';
import type { Deps } from '../../../platform/module.ts';
import { getRoles } from '../../identity/index.ts';
import { decodeCursor, encodeCursor } from '../../../shared/cursor.ts';
import { countQueue, findCaseByCode, findCaseEvents, findCasesOfAccount, findQueueProcedures, findQueue, type CasePosition } from '../case.queries.ts';
import { canPersonSee, isOfficialOf, officialAgencies } from '../case.policy.ts';
import type { Case, CaseEvent, Official, QueueFilter } from '../case.types.ts';
import { type DecreedDates, daysLeftUntil, decreedDates } from './legal-time.service.ts';
import { procedureOfCase, today, type OnlineProcedure } from './procedures.service.ts';

/** The person's 200 newest cases (her page lists them all at once). */
export async function listMyCases(deps: Pick<Deps, 'db'>, accountId: string, unitKeys: string[] = []): Promise<Case[]> {
  return (await findCasesOfAccount(deps.db, accountId, { limit: 200 }, unitKeys)).cases;
}

/** Lists paged with an opaque cursor: 50 a page unless asked, at most 200. */
export const PAGE_SIZE = { default: 50, max: 200 } as const;

export interface PageRequest {
  limit?: number;
  /** The `next` of the previous page, as given. */
  cursor?: string;
  /** Where a bad cursor is reported (a query parameter's name). */
  cursorField?: string;
}

export interface Paged<T> {
  items: T[];
  /** The cursor of the next page; null on the last one. */
  next: string | null;
}

/** The position a cursor names (a 400 naming the field when it is not one of this list's). */
function positionOf(page: PageRequest, withDueDate: boolean): CasePosition | undefined {
  if (page.cursor === undefined) return undefined;
  const values = decodeCursor(page.cursor, withDueDate ? ['day', 'timestamp', 'uuid'] : ['timestamp', 'uuid']);
  if (!values) throw new AppError('VALIDATION_FAILED', { fields: [{ field: page.cursorField ?? 'cursor', messageKey: 'cases.errors.cursorInvalid' }] });
  return withDueDate ? { dueDate: values[0]!, submittedAt: values[1]!, id: values[2]! } : { submittedAt: values[0]!, id: values[1]! };
}

const limitOf = (page: PageRequest) => Math.min(Math.max(1, Math.trunc(page.limit ?? PAGE_SIZE.default)), PAGE_SIZE.max);

/**
 * The person's cases, newest first, a page at a time (keyset on submission time and id: a
 * walk yields every case once, and cases filed meanwhile come before the first page, not again).
 */
/** `unitKey`: instead, the cases of that unit (the caller checked that the person represents it now). */
export async function listMyCasesPage(deps: Pick<Deps, 'db'>, accountId: string, page: PageRequest, unitKey?: string): Promise<Paged<Case>> {
  const position = { limit: limitOf(page), after: positionOf(page, false) };
  const found = await findCasesOfAccount(deps.db, accountId, position, unitKey ? [unitKey] : [], unitKey !== undefined);
  return { items: found.cases, next: found.more ? encodeCursor([found.more.submittedAt, found.more.id]) : null };
}

export interface CaseView {
  case: Case;
  events: CaseEvent[];
  procedure: OnlineProcedure;
}

/** A case of the person: CASES_NOT_FOUND for anyone else's (no hint that it exists). */
/**
 * The answers of the case with this tracking code, for another module that acts on them without
 * showing them (payments prices a fee declared over them); undefined for an unknown case.
 */
export async function caseAnswers(deps: Pick<Deps, 'db'>, trackingCode: string): Promise<Record<string, unknown> | undefined> {
  return (await findCaseByCode(deps.db, trackingCode))?.answers;
}

/** `unitKeys`: the units the person represents now (a unit's case is theirs to see; `representedUnitKeys`). */
export async function getCaseForPerson(deps: Pick<Deps, 'db' | 'country'>, accountId: string, code: string, unitKeys: string[] = []): Promise<CaseView> {
  const found = await findCaseByCode(deps.db, code);
  if (!found || !canPersonSee(accountId, found, unitKeys)) throw new AppError('CASES_NOT_FOUND');
  return { case: found, events: await findCaseEvents(deps.db, found.id, { includeInternal: false }), procedure: await procedureOfCase(deps, found) };
}

export async function getOfficial(deps: Pick<Deps, 'db'>, accountId: string): Promise<Official> {
  return { accountId, roles: await getRoles(deps, accountId) };
}

/** The official as they act through the API for one agency: their roles there only. */
export async function getOfficialAt(deps: Pick<Deps, 'db'>, accountId: string, agencyCode: string): Promise<Official> {
  return { accountId, roles: (await getRoles(deps, accountId)).filter((r) => r.agencyCode === agencyCode) };
}

/** A case of one of the official's agencies: CASES_NOT_FOUND for any other. */
export async function getCaseForOfficial(deps: Pick<Deps, 'db' | 'country'>, official: Official, code: string): Promise<CaseView> {
  const found = await findCaseByCode(deps.db, code);
  if (!found || !isOfficialOf(official, found.agencyCode)) throw new AppError('CASES_NOT_FOUND');
  return { case: found, events: await findCaseEvents(deps.db, found.id, { includeInternal: true }), procedure: await procedureOfCase(deps, found) };
}

/** The public lookup by tracking code: the status only. */
export async function lookupStatus(
  deps: Pick<Deps, 'db' | 'country'>,
  code: string,
): Promise<{ trackingCode: string; procedureName: string; stateLabel: { es: string; en: string }; updatedAt: Date }> {
  const found = /^TR-[2-9A-Z]{4}-[2-9A-Z]{4}$/.test(code) ? await findCaseByCode(deps.db, code) : undefined;
  if (!found) throw new AppError('CASES_NOT_FOUND');
  const { workflow } = await procedureOfCase(deps, found);
  const state = findWorkflowState(workflow, found.state);
  return { trackingCode: found.trackingCode, procedureName: found.procedureName, stateLabel: state?.label ?? { es: found.state, en: found.state }, updatedAt: found.updatedAt };
}

export function openStates(workflow: WorkflowDefinition): string[] {
  return workflow.states.filter((s) => s.clock !== 'stopped').map((s) => s.id);
}

/** A page of the official's queue; `procedureId` (one of `listQueueProcedures`) narrows it to one procedure. */
export async function listQueue(deps: Pick<Deps, 'db' | 'country'>, official: Official, filter: QueueFilter, procedureId?: string, page: PageRequest = {}): Promise<Paged<Case>> {
  const agencies = officialAgencies(official);
  if (agencies.length === 0) throw new AppError('FORBIDDEN');
  const open = [...new Set([...openStates(defaultWorkflow)])];
  const found = await findQueue(
    deps.db,
    { agencyCodes: agencies, filter, accountId: official.accountId, today: today(deps), openStates: open, procedureId },
    { limit: limitOf(page), after: positionOf(page, true) },
  );
  return { items: found.cases, next: found.more ? encodeCursor([found.more.dueDate!, found.more.submittedAt, found.more.id]) : null };
}

/** Per agency where the person handles cases: open cases, unassigned, assigned to her, overdue (every agency, zeros included). Empty when she handles none. */
export async function queueCounts(deps: Pick<Deps, 'db' | 'country'>, accountId: string): Promise<Array<{ agencyCode: string; open: number; unassigned: number; mine: number; overdue: number }>> {
  const agencies = officialAgencies(await getOfficial(deps, accountId));
  if (agencies.length === 0) return [];
  const found = await countQueue(deps.db, { agencyCodes: agencies, accountId, today: today(deps), openStates: openStates(defaultWorkflow) });
  return agencies.map((agencyCode) => found.find((f) => f.agencyCode === agencyCode) ?? { agencyCode, open: 0, unassigned: 0, mine: 0, overdue: 0 });
}

/** The procedures of the official's agencies that have cases: the choices of the queue's procedure filter. */
export async function listQueueProcedures(deps: Pick<Deps, 'db'>, official: Official): Promise<Array<{ id: string; name: string }>> {
  return findQueueProcedures(deps.db, officialAgencies(official));
}

/** Each case with the workflow of its procedure version (one lookup per version). */
async function withWorkflows(deps: Pick<Deps, 'db' | 'country'>, cases: Case[]): Promise<Array<{ case: Case; workflow: WorkflowDefinition }>> {
  const workflows = new Map<string, WorkflowDefinition>();
  const out: Array<{ case: Case; workflow: WorkflowDefinition }> = [];
  for (const c of cases) {
    let workflow = workflows.get(c.versionId);
    if (!workflow) {
      workflow = (await procedureOfCase(deps, c)).workflow;
      workflows.set(c.versionId, workflow);
    }
    out.push({ case: c, workflow });
  }
  return out;
}

/** A page of the queue with each case's business days left and the label of its state. */
export async function listQueueWithClock(
  deps: Pick<Deps, 'db' | 'country'>,
  official: Official,
  filter: QueueFilter,
  procedureId?: string,
  page: PageRequest = {},
): Promise<Paged<{ case: Case; daysLeft: number | null; stateLabel: { es: string; en: string } }>> {
  const decreed = await decreedDates(deps);
  const now = new Date();
  const found = await listQueue(deps, official, filter, procedureId, page);
  const items = (await withWorkflows(deps, found.items)).map(({ case: c, workflow }) => ({
    case: c,
    daysLeft: daysLeftOn(deps, decreed, c, workflow, now),
    stateLabel: findWorkflowState(workflow, c.state)?.label ?? { es: c.state, en: c.state },
  }));
  return { items, next: found.next };
}

/** The person's cases with the label of each one's state. */
export async function listMyCasesWithStatus(deps: Pick<Deps, 'db' | 'country'>, accountId: string, unitKeys: string[] = []): Promise<Array<{ case: Case; stateLabel: { es: string; en: string } }>> {
  return (await withWorkflows(deps, await listMyCases(deps, accountId, unitKeys))).map(({ case: c, workflow }) => ({
    case: c,
    stateLabel: findWorkflowState(workflow, c.state)?.label ?? { es: c.state, en: c.state },
  }));
}

/** Business days left on the legal clock at `now` (negative when overdue), null once decided. */
export async function daysLeft(deps: Pick<Deps, 'db' | 'country'>, c: Case, workflow: WorkflowDefinition, now: Date = new Date()): Promise<number | null> {
  return daysLeftOn(deps, await decreedDates(deps), c, workflow, now);
}

function daysLeftOn(deps: Pick<Deps, 'country'>, decreed: DecreedDates, c: Case, workflow: WorkflowDefinition, now: Date): number | null {
  const state = findWorkflowState(workflow, c.state);
  if (!state || state.clock === 'stopped') return null;
  return daysLeftUntil(deps, decreed, c.dueDate, now);
}
