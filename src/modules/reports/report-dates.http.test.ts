// The public list of reports filters by days as people type them (20/11/2026, 6-12-2026 or ISO),
// and an impossible day is a field error, never a 500.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createReport } from './index.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ demo: true });
});
after(async () => t.close());

it('accepts dd/mm/aaaa, d-m-aaaa and ISO days in the filters, and names the field of an impossible one', async () => {
  for (const [desde, hasta] of [
    ['20/11/2026', '6-12-2026'],
    ['2026-11-20', '06/12/2026'],
  ] as const) {
    const response = await t.app.inject({ url: `/reportes?desde=${encodeURIComponent(desde)}&hasta=${encodeURIComponent(hasta)}` });
    assert.equal(response.statusCode, 200, `${desde} – ${hasta}`);
    assert.doesNotMatch(response.body, /Escriba la fecha/);
  }
  const wrong = await t.app.inject({ url: `/reportes?desde=${encodeURIComponent('31/02/2026')}` });
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.body, /Escriba la fecha como día\/mes\/año, por ejemplo 20\/11\/2026/);
});

it("shows a report's coordinates in the language's notation: decimal commas in Spanish, points in English", async () => {
  const { report } = await createReport(
    t.app.tambo.deps,
    { categoryCode: 'agua', description: 'Fuga de agua en la esquina', answers: { problema: 'fuga' }, lat: -16.5, lon: -68.15, territoryCode: 'BO-L-01-02' },
    { actor: { type: 'anonymous' } },
  );
  const es = await t.app.inject({ url: `/reportes/${report.id}?lang=es` });
  assert.equal(es.statusCode, 200);
  assert.match(es.body, /-16,50000; -68,15000/);
  assert.doesNotMatch(es.body, /-16\.50000/);
  const en = await t.app.inject({ url: `/reportes/${report.id}?lang=en` });
  assert.match(en.body, /-16\.50000; -68\.15000/);
});
