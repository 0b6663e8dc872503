import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Compile } from 'typebox/compile';
import { availableTransitions, defaultWorkflow, findTransition, tacitTransition, validateWorkflowDefinition, workflowDefinitionSchema } from './index.ts';

const clone = () => structuredClone(defaultWorkflow) as any;
function errorsOf(value: unknown) {
  const result = validateWorkflowDefinition(value);
  assert.equal(result.ok, false);
  return result.ok ? [] : result.errors;
}

test('the default workflow passes the published schema and has the required path', () => {
  assert.equal(Compile(workflowDefinitionSchema as never).Check(defaultWorkflow), true);
  const path = ['submitted', 'take', 'request_correction', 'resubmit', 'take', 'approve', 'complete'];
  let state = defaultWorkflow.initialState;
  const actors: Record<string, 'official' | 'applicant'> = { resubmit: 'applicant' };
  for (const action of path.slice(1)) {
    const transition = findTransition(defaultWorkflow, state, action, actors[action] ?? 'official');
    assert.ok(transition, `${action} from ${state}`);
    state = transition.to;
  }
  assert.equal(state, 'completed');
});

test('who may do what: actors and roles', () => {
  assert.deepEqual(availableTransitions(defaultWorkflow, 'observed', 'official'), []);
  assert.deepEqual(
    availableTransitions(defaultWorkflow, 'observed', 'applicant').map((t) => t.id),
    ['resubmit'],
  );
  const restricted = clone();
  restricted.transitions.find((t: any) => t.id === 'approve').roles = ['agency_admin'];
  assert.equal(findTransition(restricted, 'in_review', 'approve', 'official', ['case_handler']), undefined);
  assert.ok(findTransition(restricted, 'in_review', 'approve', 'official', ['agency_admin']));
  assert.equal(tacitTransition(defaultWorkflow, 'in_review', 'approval')!.to, 'approved');
  assert.equal(tacitTransition(defaultWorkflow, 'observed', 'approval'), undefined);
});

test('schema problems carry their path', () => {
  const bad = clone();
  bad.states[2].clock = 'frozen';
  bad.transitions[1].actor = 'robot';
  delete bad.transitions[0].label;
  assert.deepEqual(
    errorsOf(bad)
      .map((e) => e.path)
      .sort(),
    ['/states/2/clock', '/transitions/0/label', '/transitions/1/actor'],
  );
});

test('semantic problems: unknown states, final states left, unreachable states, misplaced tacit outcome', () => {
  const bad = clone();
  bad.transitions[0].to = 'reviewing';
  bad.transitions[5].from = ['approved', 'completed'];
  bad.transitions[6].actor = 'official';
  bad.states.push({ id: 'archived', label: { es: 'Archivado', en: 'Archived' }, clock: 'stopped', final: true });
  bad.initialState = 'start';
  const byPath = Object.fromEntries(errorsOf(bad).map((e) => [e.path, e.message]));
  assert.match(byPath['/initialState']!, /no state/);
  assert.match(byPath['/transitions/0/to']!, /no state has the id "reviewing"/);
  assert.match(byPath['/transitions/5/from/1']!, /final/);
  assert.match(byPath['/transitions/6/tacit']!, /system/);
  const unreachable = clone();
  unreachable.states.push({ id: 'archived', label: { es: 'Archivado', en: 'Archived' }, clock: 'stopped', final: true });
  assert.deepEqual(errorsOf(unreachable), [{ path: '/states/7', message: '"archived" cannot be reached from the initial state' }]);
  const stuck = clone();
  stuck.transitions = stuck.transitions.filter((t: any) => t.id !== 'complete');
  assert.deepEqual(
    errorsOf(stuck).map((e) => e.path),
    ['/states/4', '/states/5'],
  );
});
