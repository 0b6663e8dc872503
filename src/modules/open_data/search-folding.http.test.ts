// Accent folding in search: people type without accents ("poblacion", "cedulas") and find
// "Población" and "Cédulas", in CKAN's package_search and on /datos; accents typed still match.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../../../test/helpers/app.ts';
import { getJson, openDataTestApp } from './open-data.test-helpers.ts';

let t: TestApp;
before(async () => {
  t = await openDataTestApp();
});
after(async () => t.close());

const names = async (q: string) => {
  const { status, body } = await getJson(t, `/api/3/action/package_search?q=${encodeURIComponent(q)}&rows=100`);
  assert.equal(status, 200);
  return (body.result.results as Array<{ name: string; title: string }>).map((d) => d.title);
};

describe('accent folding', () => {
  it('package_search finds accented words typed without accents, and the other way round', async () => {
    const plain = await names('poblacion departamento');
    assert.ok(plain.includes('Población por departamento (Censo 2012)'), plain.join(' | '));
    assert.deepEqual(await names('Población departamento'), plain, 'the same datasets with the accent typed');
    const cedulas = await names('cedulas');
    assert.ok(cedulas.includes('Cédulas de identidad emitidas por departamento'), cedulas.join(' | '));
    assert.deepEqual(await names('CÉDULAS'), cedulas, 'case and accents fold alike');
  });

  it('the /datos search folds accents too', async () => {
    const response = await t.app.inject({ url: '/datos?q=cedulas', headers: { accept: 'text/html' } });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Cédulas de identidad emitidas por departamento/);
  });
});
