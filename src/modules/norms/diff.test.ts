import assert from 'node:assert/strict';
import { it } from 'node:test';
import { diffWords } from './diff.ts';

it('finds the words removed and added, and rebuilds both texts from the runs', () => {
  const before = 'El consejo comunal rinde cuentas cada seis meses.';
  const after = 'El consejo comunal rinde cuentas en asamblea cada tres meses.';
  const runs = diffWords(before, after);
  assert.equal(
    runs
      .filter((r) => r.op !== 'added')
      .map((r) => r.text)
      .join(''),
    before,
  );
  assert.equal(
    runs
      .filter((r) => r.op !== 'removed')
      .map((r) => r.text)
      .join(''),
    after,
  );
  assert.deepEqual(
    runs.filter((r) => r.op === 'removed').map((r) => r.text.trim()),
    ['seis'],
  );
  assert.ok(runs.some((r) => r.op === 'added' && r.text.includes('asamblea')));
  assert.deepEqual(diffWords('', 'Nuevo.'), [{ op: 'added', text: 'Nuevo.' }]);
  assert.deepEqual(diffWords('Igual.', 'Igual.'), [{ op: 'same', text: 'Igual.' }]);
});
