// The ranking's published formula: share of online procedures first, then how many are online,
// then the name; ties share a rank; entities without published procedures are not ranked.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { rankByOnline } from './ranking.ts';

it('ranks by share online, then online count, then name; ties share a rank; no procedures, no rank', () => {
  const { ranked, unranked } = rankByOnline([
    { code: 'A', name: 'Alfa', level: 'municipal', published: 4, online: 2 },
    { code: 'B', name: 'Beta', level: 'ministry', published: 2, online: 2 },
    { code: 'C', name: 'Chi', level: 'municipal', published: 1, online: 1 },
    { code: 'D', name: 'Delta', level: 'municipal', published: 8, online: 4 },
    { code: 'E', name: 'Eta', level: 'departmental', published: 0, online: 0 },
    { code: 'F', name: 'Fi', level: 'university', published: 3, online: 0 },
  ]);
  assert.deepEqual(
    ranked.map((e) => [e.code, e.rank, e.share]),
    [
      ['B', 1, 100],
      ['C', 2, 100],
      ['D', 3, 50],
      ['A', 4, 50],
      ['F', 5, 0],
    ],
  );
  assert.deepEqual(
    rankByOnline([
      { code: 'X', name: 'X', level: 'm', published: 2, online: 1 },
      { code: 'Y', name: 'Y', level: 'm', published: 2, online: 1 },
    ]).ranked.map((e) => e.rank),
    [1, 1],
  );
  assert.deepEqual(
    unranked.map((e) => e.code),
    ['E'],
  );
});
