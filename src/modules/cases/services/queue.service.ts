// Reading cases: the person's cases, the public lookup and the officials' queue with its clock.
import { AppError } from '../../../platform/errors.ts';
import { defaultWorkflow, findWorkflowState, type WorkflowDefinition } from '../../../platform/forms/index.ts';
import type { Deps } from '../../../platform/module.ts';
import { getRoles } from '../../identity/index.ts';
import { findCaseByCode, findCaseEvents, findCasesOfAccount, findQueueProcedures, findQueue } from '../case.queries.ts';
import { canPersonSee, isOfficialOf, officialAgencies } from '../case.policy.ts';
import type { Case, CaseEvent, Official, QueueFilter } from '../case.types.ts';
import { type DecreedDates, daysLeftUntil, decreedDates } from './legal-time.service.ts';
import { procedureOfCase, today, type OnlineProcedure } from './procedures.service.ts';

export async function listMyCases(deps: Pick<Deps, 'db'>, accountId: string): Promise<Case[]> {
  return findCasesOfAccount(deps.db, accountId);
}

export interface CaseView {
  case: Case;
  events: CaseEvent[];
  procedure: OnlineProcedure;
}

/** A case of the person: CASES_NOT_FOUND for anyone else's (no hint that it exists). */
export async function getCaseForPerson(deps: Pick<Deps, 'db' | 'country'>, accountId: string, code: string): Promise<CaseView> {
  const found = await findCaseByCode(deps.db, code);
  if (!found || !canPersonSee(accountId, found)) throw new AppError('CASES_NOT_FOUND');
  return { case: found, events: await findCaseEvents(deps.db, found.id, { includeInternal: false }), procedure: await procedureOfCase(deps, found) };
}

export async function getOfficial(deps: Pick<Deps, 'db'>, accountId: string): Promise<Official> {
  return { accountId, roles: await getRoles(deps, accountId) };
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

/** The official's queue; `procedureId` (one of `listQueueProcedures`) narrows it to one procedure. */
export async function listQueue(deps: Pick<Deps, 'db' | 'country'>, official: Official, filter: QueueFilter, procedureId?: string): Promise<Case[]> {
  const agencies = officialAgencies(official);
  if (agencies.length === 0) throw new AppError('FORBIDDEN');
  const open = [...new Set([...openStates(defaultWorkflow)])];
  return findQueue(deps.db, { agencyCodes: agencies, filter, accountId: official.accountId, today: today(deps), openStates: open, procedureId });
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

/** The queue with each case's business days left and the label of its state. */
export async function listQueueWithClock(
  deps: Pick<Deps, 'db' | 'country'>,
  official: Official,
  filter: QueueFilter,
  procedureId?: string,
): Promise<Array<{ case: Case; daysLeft: number | null; stateLabel: { es: string; en: string } }>> {
  const decreed = await decreedDates(deps);
  const now = new Date();
  return (await withWorkflows(deps, await listQueue(deps, official, filter, procedureId))).map(({ case: c, workflow }) => ({
    case: c,
    daysLeft: daysLeftOn(deps, decreed, c, workflow, now),
    stateLabel: findWorkflowState(workflow, c.state)?.label ?? { es: c.state, en: c.state },
  }));
}

/** The person's cases with the label of each one's state. */
export async function listMyCasesWithStatus(deps: Pick<Deps, 'db' | 'country'>, accountId: string): Promise<Array<{ case: Case; stateLabel: { es: string; en: string } }>> {
  return (await withWorkflows(deps, await listMyCases(deps, accountId))).map(({ case: c, workflow }) => ({
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
