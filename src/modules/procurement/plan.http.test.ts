// The annual procurement plan over real HTTP: an entity's officer adds items (a burst of 20
// identical ones stores one; bad input is shown on its fields with what was typed); another
// agency's officer, or a form without its CSRF token, is refused; the plan is public with its
// total; each item is an OCDS process at its planning stage whose release validates.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { formsIn } from '../../../test/helpers/http-client.ts';
import type { Release } from './ocds.ts';
import { ocdsErrors } from './ocds-schemas.test-helpers.ts';
import { procurementTestApp } from './procurement.test-helpers.ts';

const { app, db, person, postDirect, json } = procurementTestApp();

it('an officer builds the entity’s annual plan; it is public and published as OCDS planning', async () => {
  const officer = await person('Planificadora', { agency: 'AGETIC' });
  const stranger = await person('Ajeno', { agency: 'SIN' });
  const year = new Date().getUTCFullYear() + 1;
  const url = `${app().baseUrl}/compras/plan/AGETIC`;
  const page = await (await officer.browser.request(url)).text();
  const index = formsIn(page).findIndex((f) => f.action.split('#')[0] === '/compras/plan/AGETIC');
  assert.notEqual(index, -1, 'the officer has the form');

  const bad = await officer.browser.submit(url, page, { year: '1999', quarter: '5', cpvCode: 'x', description: 'ab', estimatedAmount: '-3' }, index);
  assert.equal(bad.status, 422);
  const badHtml = await bad.text();
  for (const field of ['year', 'quarter', 'cpvCode', 'description', 'estimatedAmount']) assert.match(badHtml, new RegExp(`href="#campo-${field}"`), field);
  assert.match(badHtml, /value="ab"/, 'what was typed is kept');

  const item = { year: String(year), quarter: '2', cpvCode: '03211900-2', description: 'Quinua para el desayuno escolar', estimatedAmount: '120000,50' };
  const burst = await Promise.all(Array.from({ length: 20 }, () => officer.browser.submit(url, page, item, index)));
  assert.deepEqual([...new Set(burst.map((r) => r.status))], [303]);
  assert.equal((await officer.browser.submit(url, page, { ...item, quarter: '1', cpvCode: '03211300-6', description: 'Arroz', estimatedAmount: '9500' }, index)).status, 303);
  const rows = (await sql<{ ocid: string; quarter: number }>`SELECT ocid, quarter FROM procurement.plan_item WHERE agency_code = 'AGETIC' AND year = ${year} ORDER BY quarter`.execute(db())).rows;
  assert.deepEqual(
    rows.map((r) => r.quarter),
    [1, 2],
  );
  assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'procurement.plan_item_added'`.execute(db())).rows[0]!.n, 2);

  // Refused: another agency's officer; a form without its CSRF token.
  assert.equal((await postDirect(stranger.browser, '/compras/plan/AGETIC', item)).status, 403);
  const forged = await officer.browser.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...item, description: 'Sin ficha' }).toString(),
  });
  assert.equal(forged.status, 403);
  assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM procurement.plan_item WHERE agency_code = 'AGETIC'`.execute(db())).rows[0]!.n, 2);

  // Public, with its total; no form for anyone else.
  const publicPage = await (await fetch(`${url}?anio=${year}`)).text();
  assert.match(publicPage, /Quinua para el desayuno escolar/);
  assert.match(publicPage, /129[.,\s\u00a0]?500,50/, 'the estimated total');
  assert.equal(
    formsIn(publicPage).findIndex((f) => f.action.startsWith('/compras/plan/')),
    -1,
  );

  // OCDS: a planning release per item, valid, the tender planned.
  const releases = await json(`/api/v1/ocds/release-packages?ocid=${rows[1]!.ocid}`);
  const { links: _links, ...packageBody } = releases.body;
  assert.deepEqual(ocdsErrors('releasePackage', packageBody), []);
  const [release] = releases.body.releases as Array<Release & { tender: { status: string; value: { amount: number } } }>;
  assert.deepEqual(ocdsErrors('release', release), []);
  assert.deepEqual(release!.tag, ['planning']);
  assert.equal(release!.tender.status, 'planned');
  assert.equal(release!.tender.value.amount, 120000.5);
});
