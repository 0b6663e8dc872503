// Workflows as data: validation of a definition, the default workflow and the pure state
// machine questions the cases module asks (what may this actor do in this state?).
import { workflowDefinitionSchema } from './form.schema.ts';
import type { DefinitionError, DefinitionResult, WorkflowActor, WorkflowDefinition, WorkflowState, WorkflowTransition } from './form.types.ts';
import { pointer, schemaErrors } from './schema-errors.ts';

function semanticErrors(workflow: WorkflowDefinition): DefinitionError[] {
  const errors: DefinitionError[] = [];
  const states = new Map<string, { state: WorkflowState; index: number }>();
  workflow.states.forEach((state, i) => {
    if (states.has(state.id)) errors.push({ path: pointer('', 'states', i, 'id'), message: `duplicate state id "${state.id}"` });
    else states.set(state.id, { state, index: i });
  });
  if (!states.has(workflow.initialState)) errors.push({ path: '/initialState', message: `no state has the id "${workflow.initialState}"` });
  const transitions = new Map<string, WorkflowTransition>();
  workflow.transitions.forEach((transition, i) => {
    const path = pointer('', 'transitions', i);
    if (transitions.has(transition.id)) errors.push({ path: pointer(path, 'id'), message: `duplicate transition id "${transition.id}"` });
    else transitions.set(transition.id, transition);
    transition.from.forEach((from, f) => {
      const entry = states.get(from);
      if (!entry) errors.push({ path: pointer(path, 'from', f), message: `no state has the id "${from}"` });
      else if (entry.state.final) errors.push({ path: pointer(path, 'from', f), message: `"${from}" is final: no transition may leave it` });
    });
    if (!states.has(transition.to)) errors.push({ path: pointer(path, 'to'), message: `no state has the id "${transition.to}"` });
    if (transition.roles && transition.actor !== 'official') errors.push({ path: pointer(path, 'roles'), message: 'roles apply to official transitions only' });
    if (transition.applicantEdits && transition.actor !== 'applicant') errors.push({ path: pointer(path, 'applicantEdits'), message: 'only an applicant transition can change the answers' });
    if (transition.tacit) {
      if (transition.actor !== 'system') errors.push({ path: pointer(path, 'tacit'), message: 'a tacit outcome is applied by the system: actor must be "system"' });
      const outcome = states.get(transition.to)?.state.outcome;
      const expected = transition.tacit === 'approval' ? 'approved' : 'rejected';
      if (states.has(transition.to) && outcome !== expected) errors.push({ path: pointer(path, 'to'), message: `a tacit ${transition.tacit} must lead to a state with outcome "${expected}"` });
    }
  });
  workflow.states.forEach((state, i) => {
    const path = pointer('', 'states', i);
    const leaving = workflow.transitions.filter((t) => t.from.includes(state.id));
    if (!state.final && leaving.length === 0) errors.push({ path, message: `"${state.id}" is not final but no transition leaves it` });
    const onExpiry = state.deadline?.onExpiry;
    if (onExpiry !== undefined) {
      const transition = transitions.get(onExpiry);
      if (!transition?.from.includes(state.id) || transition.actor !== 'system') {
        errors.push({ path: pointer(path, 'deadline', 'onExpiry'), message: `must name a system transition leaving "${state.id}"` });
      }
    }
  });
  if (!workflow.states.some((state) => state.final)) errors.push({ path: '/states', message: 'at least one state must be final' });
  if (errors.length > 0) return errors;
  const reached = new Set([workflow.initialState]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const transition of workflow.transitions) {
      if (!reached.has(transition.to) && transition.from.some((from) => reached.has(from))) {
        reached.add(transition.to);
        grew = true;
      }
    }
  }
  workflow.states.forEach((state, i) => {
    if (!reached.has(state.id)) errors.push({ path: pointer('', 'states', i), message: `"${state.id}" cannot be reached from the initial state` });
  });
  return errors;
}

/** Validates a workflow definition: `{ ok: true, definition }`, or every problem with its JSON pointer. */
export function validateWorkflowDefinition(value: unknown): DefinitionResult<WorkflowDefinition> {
  const structural = schemaErrors(workflowDefinitionSchema, value, '');
  if (structural.length > 0) return { ok: false, errors: structural };
  const workflow = value as WorkflowDefinition;
  const semantic = semanticErrors(workflow);
  return semantic.length > 0 ? { ok: false, errors: semantic } : { ok: true, definition: workflow };
}

export function findWorkflowState(workflow: WorkflowDefinition, id: string): WorkflowState | undefined {
  return workflow.states.find((state) => state.id === id);
}

/** The transitions an actor may perform from a state (officials filtered by their roles). */
export function availableTransitions(workflow: WorkflowDefinition, stateId: string, actor: WorkflowActor, roles: readonly string[] = []): WorkflowTransition[] {
  return workflow.transitions.filter((t) => t.from.includes(stateId) && t.actor === actor && (actor !== 'official' || !t.roles || t.roles.some((role) => roles.includes(role))));
}

/** The transition `id` if it may be performed from `stateId` by that actor, else undefined. */
export function findTransition(workflow: WorkflowDefinition, stateId: string, id: string, actor: WorkflowActor, roles: readonly string[] = []): WorkflowTransition | undefined {
  return availableTransitions(workflow, stateId, actor, roles).find((t) => t.id === id);
}

/** The system transition applying the tacit outcome from a state, if the workflow has one. */
export function tacitTransition(workflow: WorkflowDefinition, stateId: string, outcome: 'approval' | 'denial'): WorkflowTransition | undefined {
  return workflow.transitions.find((t) => t.actor === 'system' && t.tacit === outcome && t.from.includes(stateId));
}

// Quechua (qu) drafts for the states a person sees, for the country team to review.
const text = (es: string, en: string, qu?: string) => (qu ? { es, en, qu } : { es, en });

/**
 * The default workflow: submitted → in review → observed (correction requested) →
 * resubmitted → in review → approved / rejected → completed, with the tacit outcomes. The
 * person has 10 business days to correct an observed case; past them the deadline job
 * applies `abandon` (the `onExpiry` of "observed"): the case is closed as rejected for lack
 * of correction (abandonment), and the person is told.
 */
export const defaultWorkflow: WorkflowDefinition = {
  version: 1,
  initialState: 'submitted',
  states: [
    { id: 'submitted', label: text('Presentado', 'Submitted', 'Apachisqa'), clock: 'running' },
    { id: 'in_review', label: text('En revisión', 'In review', 'Qhawarisqa kachkan'), clock: 'running' },
    { id: 'observed', label: text('Observado: corrección pedida', 'Observed: correction requested', 'Allichanapaq kutichisqa'), clock: 'paused', deadline: { businessDays: 10, onExpiry: 'abandon' } },
    { id: 'resubmitted', label: text('Corregido y presentado de nuevo', 'Corrected and resubmitted', 'Allichasqa, wakmanta apachisqa'), clock: 'running' },
    { id: 'approved', label: text('Aprobado', 'Approved', 'Chaskisqa'), clock: 'stopped', outcome: 'approved' },
    { id: 'rejected', label: text('Rechazado', 'Rejected', 'Mana chaskisqa'), clock: 'stopped', outcome: 'rejected' },
    { id: 'completed', label: text('Concluido', 'Completed', 'Tukusqa'), clock: 'stopped', final: true },
  ],
  transitions: [
    { id: 'take', from: ['submitted', 'resubmitted'], to: 'in_review', label: text('Tomar para revisión', 'Take for review'), actor: 'official' },
    {
      id: 'request_correction',
      from: ['in_review'],
      to: 'observed',
      label: text('Pedir corrección', 'Request a correction'),
      actor: 'official',
      reason: 'required',
    },
    { id: 'resubmit', from: ['observed'], to: 'resubmitted', label: text('Corregir y presentar', 'Correct and resubmit'), actor: 'applicant', applicantEdits: true },
    { id: 'approve', from: ['in_review'], to: 'approved', label: text('Aprobar', 'Approve'), actor: 'official', reason: 'required' },
    { id: 'reject', from: ['in_review'], to: 'rejected', label: text('Rechazar', 'Reject'), actor: 'official', reason: 'required' },
    { id: 'complete', from: ['approved', 'rejected'], to: 'completed', label: text('Concluir', 'Complete'), actor: 'official', reason: 'optional' },
    { id: 'tacit_approval', from: ['submitted', 'in_review', 'resubmitted'], to: 'approved', label: text('Aprobación tácita', 'Tacit approval'), actor: 'system', tacit: 'approval' },
    { id: 'tacit_denial', from: ['submitted', 'in_review', 'resubmitted'], to: 'rejected', label: text('Denegación tácita', 'Tacit denial'), actor: 'system', tacit: 'denial' },
    { id: 'abandon', from: ['observed'], to: 'rejected', label: text('Desistimiento: no corrigió en plazo', 'Abandoned: not corrected in time'), actor: 'system' },
  ],
};
