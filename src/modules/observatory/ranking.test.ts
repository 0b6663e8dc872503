// The ranking's published formula: the mean of the terms with data (online share, saving per
// procedure, commitments met, complaints answered in time), each bounded to 0–100; then online
// count, then name; ties share a rank; entities without published procedures are not ranked.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { compositeScore, type RankingInput, rankEntities } from './ranking.ts';

const entity = (code: string, published: number, online: number, more: Partial<RankingInput> = {}): RankingInput => ({
  code,
  name: code,
  level: 'municipal',
  published,
  online,
  savingPercent: 0,
  commitmentsMeasured: 0,
  commitmentsMet: 0,
  complaintsAnswered: 0,
  complaintsInTime: 0,
  ...more,
});

it('scores the mean of the terms with data, each bounded to 0–100', () => {
  assert.equal(compositeScore([50, 0, null, null]), 25);
  assert.equal(compositeScore([100, -40, 50, 150]), 62.5, 'a negative saving counts 0, nothing above 100');
  assert.equal(compositeScore([null]), 0);
});

it('ranks by score, then online count, then name; ties share a rank; no procedures, no rank', () => {
  const { ranked, unranked } = rankEntities([
    entity('A', 4, 2),
    entity('B', 2, 2),
    entity('C', 1, 1),
    entity('D', 8, 4),
    entity('E', 0, 0),
    entity('F', 3, 0, { savingPercent: 30, commitmentsMeasured: 2, commitmentsMet: 2, complaintsAnswered: 4, complaintsInTime: 3 }),
  ]);
  // Scores: B and C (100 + 0) / 2 = 50; D and A (50 + 0) / 2 = 25; F (0 + 30 + 100 + 75) / 4 = 51.25.
  assert.deepEqual(
    ranked.map((e) => [e.code, e.rank, e.score]),
    [
      ['F', 1, 51.25],
      ['B', 2, 50],
      ['C', 3, 50],
      ['D', 4, 25],
      ['A', 5, 25],
    ],
  );
  assert.deepEqual(ranked.map((e) => [e.commitments, e.complaints]).slice(0, 2), [
    [100, 75],
    [null, null],
  ]);
  assert.deepEqual(
    rankEntities([entity('X', 2, 1), entity('Y', 2, 1)]).ranked.map((e) => e.rank),
    [1, 1],
  );
  assert.deepEqual(
    unranked.map((e) => e.code),
    ['E'],
  );
});
