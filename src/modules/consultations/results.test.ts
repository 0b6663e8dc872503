// The result methods on small instances whose answers are worked out by hand (docs/consulta-popular.md).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { equalShares, greedyApproval, toPabulib } from './results.ts';

const ballots = (spec: Array<[number, string[]]>) => spec.flatMap(([n, choices]) => Array.from({ length: n }, () => choices));

describe('greedy approval within the budget', () => {
  it('funds in order of approvals and passes over a project that does not fit', () => {
    const projects = [
      { id: 'A', seq: 1, costMinor: 5 },
      { id: 'B', seq: 2, costMinor: 6 },
      { id: 'C', seq: 3, costMinor: 4 },
    ];
    const r = greedyApproval(
      projects,
      ballots([
        [1, ['A', 'B', 'C']],
        [1, ['A', 'B']],
        [1, ['A']],
      ]),
      10,
    );
    assert.deepEqual(r.funded, ['A', 'C']);
    assert.equal(r.leftMinor, 1);
    assert.deepEqual(
      [...r.votes],
      [
        ['A', 3],
        ['B', 2],
        ['C', 1],
      ],
    );
  });

  it('breaks ties by lower cost, then by the earlier proposal, and never funds a project nobody chose', () => {
    const projects = [
      { id: 'late', seq: 9, costMinor: 3 },
      { id: 'dear', seq: 1, costMinor: 4 },
      { id: 'early', seq: 2, costMinor: 3 },
      { id: 'none', seq: 3, costMinor: 1 },
    ];
    const r = greedyApproval(projects, ballots([[2, ['late', 'dear', 'early']]]), 6);
    assert.deepEqual(r.funded, ['early', 'late']);
  });
});

describe('method of equal shares', () => {
  it('gives the minority its share where greedy gives the majority everything', () => {
    // 100 voters, budget 100: 60 approve A and B, 40 approve C.
    const projects = [
      { id: 'A', seq: 1, costMinor: 50 },
      { id: 'B', seq: 2, costMinor: 50 },
      { id: 'C', seq: 3, costMinor: 40 },
    ];
    const cast = ballots([
      [60, ['A', 'B']],
      [40, ['C']],
    ]);
    assert.deepEqual(greedyApproval(projects, cast, 100).funded, ['A', 'B']);
    const mes = equalShares(projects, cast, 100);
    // Each voter holds 1. A asks 50/60 of its 60 supporters, C 40/40 = 1 of its 40: A, then
    // C; B is then unaffordable (60 × 1/6 = 10 < 50) and does not fit the 10 left.
    assert.deepEqual(mes.funded, ['A', 'C']);
    assert.equal(mes.leftMinor, 10);
  });

  it('completes greedily with what is left and breaks ρ ties by lower cost', () => {
    // 4 voters, budget 8 (2 each). X (cost 4) and Y (cost 2): both asked of the same 2 voters.
    const projects = [
      { id: 'X', seq: 1, costMinor: 4 },
      { id: 'Y', seq: 2, costMinor: 2 },
      { id: 'Z', seq: 3, costMinor: 3 },
    ];
    const cast = ballots([
      [2, ['X', 'Y']],
      [1, ['Z']],
      [1, []],
    ]);
    const mes = equalShares(projects, cast, 8);
    // Y: ρ = 1; X: ρ = 2; Z: one voter with 2 < 3, unaffordable. Y first, then X asks 2 of
    // voters holding 1: unaffordable. Completion: X (2 votes, cost 4 ≤ 6), then Z (3 ≤ 2? no).
    assert.deepEqual(mes.funded, ['Y', 'X']);
    assert.equal(mes.leftMinor, 2);
  });

  it('gives the same answer for identical ballots counted together (as results are read from the database)', () => {
    const projects = [
      { id: 'A', seq: 1, costMinor: 50 },
      { id: 'B', seq: 2, costMinor: 50 },
      { id: 'C', seq: 3, costMinor: 40 },
    ];
    const grouped = [
      { choices: ['A', 'B'], weight: 60 },
      { choices: ['C'], weight: 40 },
    ];
    assert.deepEqual(
      equalShares(projects, grouped, 100),
      equalShares(
        projects,
        ballots([
          [60, ['A', 'B']],
          [40, ['C']],
        ]),
        100,
      ),
    );
    assert.deepEqual(
      greedyApproval(projects, grouped, 100),
      greedyApproval(
        projects,
        ballots([
          [60, ['A', 'B']],
          [40, ['C']],
        ]),
        100,
      ),
    );
  });

  it('funds nothing without ballots', () => {
    assert.deepEqual(equalShares([{ id: 'A', seq: 1, costMinor: 1 }], [], 10).funded, []);
  });
});

describe('the Pabulib export', () => {
  it('writes META, PROJECTS and VOTES with project numbers', () => {
    const text = toPabulib({
      description: 'Consulta; prueba',
      country: 'Bolivia',
      unit: 'La Paz',
      instance: '2026',
      currency: 'BOB',
      budgetMinor: 100,
      rule: 'greedy',
      voteType: 'approval',
      minLength: 1,
      maxLength: 2,
      projects: [
        { number: 1, id: 'a', name: 'Plaza', costMinor: 60, votes: 2, selected: true },
        { number: 2, id: 'b', name: 'Posta', costMinor: 50, votes: 1, selected: false },
      ],
      ballots: [['b', 'a'], ['a']],
    });
    const lines = text.trimEnd().split('\n');
    assert.equal(lines[0], 'META');
    assert.ok(lines.includes('description;Consulta prueba'));
    assert.ok(lines.includes('num_votes;2') && lines.includes('budget;100') && lines.includes('vote_type;approval'));
    assert.deepEqual(lines.slice(lines.indexOf('PROJECTS')), ['PROJECTS', 'project_id;cost;votes;name;selected', '1;60;2;Plaza;1', '2;50;1;Posta;0', 'VOTES', 'voter_id;vote', '1;1,2', '2;1']);
  });
});
