// The ballot rules (pure): approval counts, knapsack budget, choices of the voter's unit only.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ballotProblem, type Proposal } from './consultations.types.ts';

const proposal = (id: string, unitCode: string, costMinor: number, reviewStatus: Proposal['reviewStatus'] = 'viable'): Proposal => ({
  id,
  seq: 1,
  consultationId: 'c',
  unitCode,
  title: id,
  description: id,
  costMinor,
  lat: null,
  lon: null,
  executorTerritoryCode: unitCode,
  proposedByCouncil: null,
  reviewStatus,
  reviewReason: 'r',
  createdAt: new Date(0),
});
const unit = { code: 'U', layerCode: null, name: 'U', budgetMinor: 100 };
const proposals = [proposal('a', 'U', 60), proposal('b', 'U', 40), proposal('c', 'U', 30), proposal('x', 'OTHER', 10), proposal('n', 'U', 5, 'not_viable')];

it('approval: between min and max distinct viable proposals of the unit', () => {
  const rules = { ballotRule: 'approval' as const, approvalMin: 1, approvalMax: 2 };
  assert.equal(ballotProblem(rules, unit, proposals, ['a']), undefined);
  assert.equal(ballotProblem(rules, unit, proposals, ['a', 'b', 'c']), 'CONSULTATIONS_BALLOT_COUNT');
  assert.equal(ballotProblem(rules, unit, proposals, []), 'CONSULTATIONS_BALLOT_COUNT');
  assert.equal(ballotProblem(rules, unit, proposals, ['a', 'a']), 'CONSULTATIONS_BALLOT_INVALID');
  assert.equal(ballotProblem(rules, unit, proposals, ['x']), 'CONSULTATIONS_BALLOT_INVALID');
  assert.equal(ballotProblem(rules, unit, proposals, ['n']), 'CONSULTATIONS_BALLOT_INVALID');
});

it('knapsack: any non-empty set within the unit budget', () => {
  const rules = { ballotRule: 'knapsack' as const, approvalMin: 1, approvalMax: 1 };
  assert.equal(ballotProblem(rules, unit, proposals, ['a', 'b']), undefined);
  assert.equal(ballotProblem(rules, unit, proposals, ['a', 'b', 'c']), 'CONSULTATIONS_BALLOT_OVER_BUDGET');
  assert.equal(ballotProblem(rules, unit, proposals, []), 'CONSULTATIONS_BALLOT_COUNT');
});
