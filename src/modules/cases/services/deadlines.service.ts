// Legal time: overdue escalation, tacit outcomes and state deadlines, swept by a job with the
// platform's one sweep pattern (`sweepDue`: one transaction per case, idempotent).
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import { isAppError } from '../../../platform/errors.ts';
import { emitEvent } from '../../../platform/events/outbox.ts';
import { defaultWorkflow, findWorkflowState, tacitTransition, type WorkflowDefinition } from '../../../platform/forms/index.ts';
import { sweepDue } from '../../../platform/jobs/sweep.ts';
import type { Deps } from '../../../platform/module.ts';
import { findVersionById } from '../../catalog/index.ts';
import { findCaseByCode, findCaseCodesInStatesSince, findOpenVersionStates, findOverdueCaseCodes, insertCaseEvent, updateCase } from '../case.queries.ts';
import { type DecreedDates, decreedDates, dueDateFrom, isPastDue } from './legal-time.service.ts';
import { definitionsOf, procedureOfCase, today } from './procedures.service.ts';
import { openStates } from './queue.service.ts';
import { applyTransition } from './transitions.service.ts';

/**
 * The deadline job (module `schedule`: hourly, so that every country's midnight and a
 * restart are covered) sweeps the cases past their legal time or state deadline.
 */
export const DEADLINE_JOB = 'apply_deadlines';

type Sweeper = Pick<Deps, 'db' | 'country' | 'log'>;

/**
 * Marks overdue cases escalated (the agency admin is told through an event) and applies the
 * tacit outcome where the procedure has one; then, for undecided cases in a state with a
 * deadline, applies the state's `onExpiry` system transition once the deadline has passed,
 * whether the legal clock is paused (the correction deadline of "observed": the case is
 * closed as abandoned) or running (a state the agency must leave in time). Each case is
 * handled in its own transaction; each transition is audited (`cases.case_transitioned`).
 * A time runs out at the end of its last day on the country's clock (docs/legal-time.md).
 */
export async function applyLegalDeadlines(deps: Sweeper, now: Date = new Date()): Promise<{ escalated: number; tacit: number; expired: number }> {
  const decreed = await decreedDates(deps);
  const counts = { escalated: 0, tacit: 0, expired: 0 };
  const on = today(deps, now);
  const open = openStates(defaultWorkflow);
  await sweepDue<string>({
    db: deps.db,
    now,
    selectDue: (db, _now, limit) => findOverdueCaseCodes(db, open, on, limit),
    handle: async (trx, code) => {
      const acted = await actOnOverdue(trx, deps, code, now);
      if (acted) counts[acted] += 1;
      return acted !== undefined;
    },
    onError: (code, error) => deps.log.error({ err: error, trackingCode: code }, 'cases: the legal deadline of a case could not be applied'),
  });
  // State deadlines apply whatever the clock: waiting on the person (the correction deadline
  // of "observed") or running (a state of the agency's own with a deadline and `onExpiry`).
  const withDeadline = await statesWithDeadline(deps);
  await sweepDue<string>({
    db: deps.db,
    now,
    selectDue: (db, _now, limit) => findCaseCodesInStatesSince(db, withDeadline, on, limit),
    handle: async (trx, code) => {
      const acted = await expireState(trx, deps, decreed, code, now);
      if (acted) counts.expired += 1;
      return acted;
    },
    onError: (code, error) => deps.log.error({ err: error, trackingCode: code }, 'cases: the state deadline of a case could not be applied'),
  });
  return counts;
}

/** An overdue case: its tacit outcome where the procedure has one from its state, otherwise escalated once. */
async function actOnOverdue(trx: Queryable, deps: Sweeper, code: string, now: Date): Promise<'tacit' | 'escalated' | undefined> {
  const c = await findCaseByCode(trx, code, { forUpdate: true, skipLocked: true });
  if (!c || c.pausedOn || c.outcome || !isPastDue(deps, c.dueDate, now)) return undefined;
  const procedure = await procedureOfCase(deps, c, trx);
  const outcome = procedure.ref.tacitOutcome;
  const transition = outcome === 'none' ? undefined : tacitTransition(procedure.workflow, c.state, outcome);
  if (transition) {
    await applyTransition(trx, deps, c, procedure, transition, { type: 'system' }, { now });
    return 'tacit';
  }
  if (c.isEscalated) return undefined;
  await updateCase(trx, c.id, { isEscalated: true });
  await insertCaseEvent(trx, c.id, { actorType: 'system', actorId: null, kind: 'escalation', action: 'escalate', fromState: null, toState: null, text: null, isInternal: true });
  await recordAudit(trx, { actor: { type: 'system' }, action: 'cases.case_escalated', subject: { type: 'case', id: c.id }, data: { dueDate: c.dueDate } });
  await emitEvent(trx, 'cases.overdue', { caseId: c.id, trackingCode: c.trackingCode, agencyCode: c.agencyCode, procedureName: c.procedureName, dueDate: c.dueDate });
  return 'escalated';
}

/** The (procedure version, state) pairs of undecided cases whose state has a deadline with `onExpiry`. */
async function statesWithDeadline(deps: Pick<Deps, 'db' | 'country'>): Promise<Array<{ versionId: string; state: string }>> {
  const withDeadline: Array<{ versionId: string; state: string }> = [];
  for (const pair of await findOpenVersionStates(deps.db)) {
    let workflow: WorkflowDefinition;
    try {
      workflow = definitionsOf(await findVersionById(deps.db, pair.versionId), deps).workflow;
    } catch (error) {
      // A version no longer processed online does not stop the sweep for the others.
      if (isAppError(error) && error.code === 'CASES_PROCEDURE_NOT_ONLINE') continue;
      throw error;
    }
    if (findWorkflowState(workflow, pair.state)?.deadline?.onExpiry) withDeadline.push(pair);
  }
  return withDeadline;
}

/** A case whose state's deadline (business days from entering it) has run out: the state's `onExpiry` transition. */
async function expireState(trx: Queryable, deps: Sweeper, decreed: DecreedDates, code: string, now: Date): Promise<boolean> {
  const c = await findCaseByCode(trx, code, { forUpdate: true, skipLocked: true });
  if (!c || c.outcome) return false;
  const procedure = await procedureOfCase(deps, c, trx);
  const deadline = findWorkflowState(procedure.workflow, c.state)?.deadline;
  if (!deadline?.onExpiry || !isPastDue(deps, dueDateFrom(deps, decreed, c.stateEnteredAt, deadline.businessDays), now)) return false;
  const transition = procedure.workflow.transitions.find((t) => t.id === deadline.onExpiry && t.actor === 'system' && t.from.includes(c.state));
  if (!transition) return false;
  await applyTransition(trx, deps, c, procedure, transition, { type: 'system' }, { now });
  return true;
}
