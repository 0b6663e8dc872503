// The points rule with totals computed by hand.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseWeights, totals } from './points.ts';

it('reads the weights of a points need, refusing bad lines and weights that do not add up to 100', () => {
  assert.deepEqual(parseWeights('60', 'Calidad técnica: 25\nExperiencia: 15'), {
    priceWeight: 60,
    criteria: [
      { id: 'c1', name: 'Calidad técnica', weight: 25 },
      { id: 'c2', name: 'Experiencia', weight: 15 },
    ],
  });
  assert.deepEqual(parseWeights('60', 'Calidad: 30'), [{ field: 'priceWeight', messageKey: 'procurement.errors.weightsSum' }]);
  assert.deepEqual(parseWeights('60', 'Calidad treinta'), [{ field: 'criteria', messageKey: 'procurement.errors.criteria' }]);
  assert.deepEqual(parseWeights('100', ''), [{ field: 'criteria', messageKey: 'procurement.errors.criteria' }]);
  assert.deepEqual(parseWeights('sesenta', 'Calidad: 40'), [{ field: 'priceWeight', messageKey: 'procurement.errors.priceWeight' }]);
});

it('computes the totals: price weight × lowest ÷ price plus weight × score ÷ 100', () => {
  const weights = {
    priceWeight: 60,
    criteria: [
      { id: 'c1', name: 'Calidad', weight: 25 },
      { id: 'c2', name: 'Experiencia', weight: 15 },
    ],
  };
  const result = totals(weights, [
    // 60 × 20000/20000 = 60; 25 × 40/100 = 10; 15 × 20/100 = 3 → 73
    { id: 'a', amount: 20_000, scores: { c1: 40, c2: 20 } },
    // 60 × 20000/25000 = 48; 25 × 100/100 = 25; 15 × 100/100 = 15 → 88
    { id: 'b', amount: 25_000, scores: { c1: 100, c2: 100 } },
    // 60 × 20000/30000 = 40; 25 × 90/100 = 22.5; 15 × 50/100 = 7.5 → 70
    { id: 'c', amount: 30_000, scores: { c1: 90, c2: 50 } },
    // 60 × 20000/24000 = 50; 25 × 80/100 = 20; 15 × 33/100 = 4.95 → 74.95
    { id: 'd', amount: 24_000, scores: { c1: 80, c2: 33 } },
  ]);
  assert.deepEqual(Object.fromEntries(result), { a: 73, b: 88, c: 70, d: 74.95 });
});
