// Service-charter commitments with targets: the editor's lines read and written back, bad targets
// named by line, and each target measured against the procedure's figures (met, not met, no data).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { commitmentLines, measureCommitments, parseCommitmentLines, targetProblem } from './commitments.ts';

it('reads a target at the end of a commitment line and writes it back the same', () => {
  const lines = ['Le respondemos en plazo | en plazo 90', 'Trato amable | Satisfacción 4,5', 'Resolvemos pronto | dias 10', 'Sin meta medible'];
  const parsed = parseCommitmentLines(lines);
  assert.deepEqual(parsed.commitments, ['Le respondemos en plazo', 'Trato amable', 'Resolvemos pronto', 'Sin meta medible']);
  assert.deepEqual(parsed.targets, [
    { commitment: 0, metric: 'in_time', target: 90 },
    { commitment: 1, metric: 'satisfaction', target: 4.5 },
    { commitment: 2, metric: 'median_days', target: 10 },
  ]);
  assert.deepEqual(parsed.bad, []);
  assert.equal(commitmentLines(parsed.commitments, parsed.targets), 'Le respondemos en plazo | en plazo 90\nTrato amable | satisfacción 4.5\nResolvemos pronto | días 10\nSin meta medible');
  assert.deepEqual(parseCommitmentLines(['Algo | rápido', '| en plazo 90', 'Bien | en plazo']).bad, [0, 1, 2]);
});

it('refuses a target out of its range or naming no commitment', () => {
  assert.equal(targetProblem({ commitment: 0, metric: 'in_time', target: 90 }, 1), false);
  assert.equal(targetProblem({ commitment: 0, metric: 'in_time', target: 101 }, 1), true);
  assert.equal(targetProblem({ commitment: 0, metric: 'satisfaction', target: 0.5 }, 1), true);
  assert.equal(targetProblem({ commitment: 1, metric: 'median_days', target: 10 }, 1), true);
});

it('measures each target against the figures: at least for time and satisfaction, at most for days', () => {
  const commitments = ['En plazo', 'Satisfacción', 'Días', 'Texto'];
  const targets = [
    { commitment: 0, metric: 'in_time' as const, target: 90 },
    { commitment: 1, metric: 'satisfaction' as const, target: 4 },
    { commitment: 2, metric: 'median_days' as const, target: 10 },
  ];
  const results = measureCommitments(commitments, targets, { shareWithinLegalTime: 0.925, satisfactionAverage: 3.8, medianDaysToComplete: 10 });
  assert.deepEqual(
    results.map((r) => [r.actual, r.met]),
    [
      [92.5, true],
      [3.8, false],
      [10, true],
      [null, null],
    ],
  );
  assert.deepEqual(
    measureCommitments(commitments, targets, undefined).map((r) => r.met),
    [null, null, null, null],
  );
});
