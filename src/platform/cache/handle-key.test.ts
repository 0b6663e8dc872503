// A cache key per database handle: one handle's entries never answer for another's.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { handleKey } from './handle-key.ts';

it('gives the same key for the same handle, and a different one for another handle', () => {
  const one = {};
  const other = {};
  assert.equal(handleKey(one, 'agua'), handleKey(one, 'agua'));
  assert.notEqual(handleKey(one, 'agua'), handleKey(other, 'agua'));
  assert.notEqual(handleKey(one, 'agua'), handleKey(one, 'luz'));
  assert.ok(handleKey(other, 'agua').endsWith(':agua'));
});
