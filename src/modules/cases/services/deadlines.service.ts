// Legal time: overdue escalation, tacit outcomes and state deadlines, swept by a job.
import { recordAudit } from '../../../platform/audit/audit.ts';
import { addBusinessDays, localDate } from '../../../platform/country/business-days.ts';
import { isAppError } from '../../../platform/errors.ts';
import { emitEvent } from '../../../platform/events/outbox.ts';
import { defaultWorkflow, findWorkflowState, tacitTransition, type WorkflowDefinition } from '../../../platform/forms/index.ts';
import type { Deps } from '../../../platform/module.ts';
import { findVersionById } from '../../catalog/index.ts';
import { findCaseByCode, findCasesInStatesSince, findOpenVersionStates, findOpenCasesDue, insertCaseEvent, updateCase } from '../case.queries.ts';
import { definitionsOf, procedureOfCase, today } from './procedures.service.ts';
import { applyTransition } from './transitions.service.ts';
import { openStates } from './queue.service.ts';

/**
 * The deadline job (module `schedule`: hourly, so that every country's midnight and a
 * restart are covered) sweeps the cases past their legal time or state deadline. It used to
 * be one job per case enqueued under a name no handler had (`cases.apply_deadlines` instead
 * of `cases:apply_deadlines`): it never ran, and it cost a statement per submission.
 */
export const DEADLINE_JOB = 'apply_deadlines';

/**
 * Marks overdue cases escalated (the agency admin is told through an event) and applies the
 * tacit outcome where the procedure has one; then, for undecided cases in a state with a
 * deadline, applies the state's `onExpiry` system transition once the deadline has passed,
 * whether the legal clock is paused (the correction deadline of "observed": the case is
 * closed as abandoned) or running (a state the agency must leave in time). Each transition
 * is audited (`cases.case_transitioned`) in its own transaction.
 */
export async function applyLegalDeadlines(deps: Pick<Deps, 'db' | 'country'>, on: string = today(deps)): Promise<{ escalated: number; tacit: number; expired: number }> {
  let escalated = 0;
  let tacit = 0;
  let expired = 0;
  const due = await findOpenCasesDue(deps.db, openStates(defaultWorkflow), on);
  for (const candidate of due) {
    await deps.db.transaction().execute(async (trx) => {
      const c = await findCaseByCode(trx, candidate.trackingCode, { forUpdate: true });
      if (!c || c.pausedOn || c.dueDate >= on) return;
      const procedure = await procedureOfCase(deps, c);
      const outcome = procedure.ref.tacitOutcome;
      const transition = outcome === 'none' ? undefined : tacitTransition(procedure.workflow, c.state, outcome);
      if (transition) {
        await applyTransition(trx, deps, c, procedure, transition, { type: 'system' }, {});
        tacit += 1;
      } else if (!c.isEscalated) {
        await updateCase(trx, c.id, { isEscalated: true });
        await insertCaseEvent(trx, c.id, { actorType: 'system', actorId: null, kind: 'escalation', action: 'escalate', fromState: null, toState: null, text: null, isInternal: true });
        await recordAudit(trx, { actor: { type: 'system' }, action: 'cases.case_escalated', subject: { type: 'case', id: c.id }, data: { dueDate: c.dueDate } });
        await emitEvent(trx, 'cases.overdue', { caseId: c.id, trackingCode: c.trackingCode, agencyCode: c.agencyCode, procedureName: c.procedureName, dueDate: c.dueDate });
        escalated += 1;
      }
    });
  }
  // State deadlines apply whatever the clock: waiting on the person (the correction deadline
  // of "observed") or running (a state of the agency's own with a deadline and `onExpiry`).
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
  for (const candidate of await findCasesInStatesSince(deps.db, withDeadline, on)) {
    await deps.db.transaction().execute(async (trx) => {
      const c = await findCaseByCode(trx, candidate.trackingCode, { forUpdate: true });
      if (!c || c.outcome || c.state !== candidate.state) return;
      const procedure = await procedureOfCase(deps, c);
      const deadline = findWorkflowState(procedure.workflow, c.state)?.deadline;
      if (!deadline?.onExpiry || addBusinessDays(deps.country, localDate(deps.country, c.stateEnteredAt), deadline.businessDays) >= on) return;
      const transition = procedure.workflow.transitions.find((t) => t.id === deadline.onExpiry && t.actor === 'system' && t.from.includes(c.state));
      if (!transition) return;
      await applyTransition(trx, deps, c, procedure, transition, { type: 'system' }, {});
      expired += 1;
    });
  }
  return { escalated, tacit, expired };
}
