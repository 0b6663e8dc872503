// A NUL character in a path, a query or a JSON body is a clear 400 on every route, never a 500
// (PostgreSQL refuses NUL in text, so before this each route that passed one to SQL failed).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../helpers/app.ts';
import { buildHttpTestApp } from './fixtures.ts';

let t: TestApp;
before(async () => {
  t = await buildHttpTestApp();
  await t.app.tambo.seed();
});
after(async () => t.close());

// One address per kind of route that takes text from the path or the query, across modules.
const addresses = [
  '/tramites?q=licencia%00',
  '/tramites/certificado%00',
  '/api/v1/procedures?q=a%00b',
  '/api/v1/procedures/certificado%00',
  '/api/v1/tracking/TR-%00',
  '/seguimiento?codigo=TR-%00',
  '/instituciones?q=%00',
  '/api/v1/agencies/%00',
  '/api/v1/territories/%00',
  '/reportes?q=bache%00',
  '/api/v1/reports?status=%00',
  '/api/v1/reports/1%00',
  '/open311/v2/requests.json?service_code=%00',
  '/api/v1/open-data/reports.received%00',
  '/admin/feriados?anio=2026%00',
  '/no-existe%00',
  '/api/v1/procedures?q=a%00b&page=1',
];

describe('a NUL character', () => {
  it('in a path or a query gets 400 NUL_CHARACTER on every kind of route, never a 500', async () => {
    for (const url of addresses) {
      for (const accept of ['application/json', 'text/html']) {
        const response = await t.app.inject({ method: 'GET', url, headers: { accept } });
        assert.equal(response.statusCode, 400, `${url} (${accept}): ${response.body.slice(0, 200)}`);
        if (url.startsWith('/api/')) {
          assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', url);
          assert.equal((JSON.parse(response.body) as { code: string }).code, 'NUL_CHARACTER', url);
        }
      }
    }
  });

  it('in a JSON body that reaches the database gets 400 NUL_CHARACTER, and nothing is stored', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': 'nul-body-1' },
      payload: JSON.stringify({ categoryCode: 'agua', description: 'Fuga de agua\u0000 en la esquina', answers: { problema: 'fuga' }, lat: -16.5, lon: -68.15, territoryCode: 'BO-L-01-02' }),
    });
    assert.equal(response.statusCode, 400, response.body);
    assert.equal((JSON.parse(response.body) as { code: string }).code, 'NUL_CHARACTER', response.body);
    const listed = await t.app.inject({ method: 'GET', url: '/api/v1/reports?pageSize=100', headers: { accept: 'application/json' } });
    assert.doesNotMatch(listed.body, /Fuga de agua/, 'nothing of the refused report was stored');
  });
});
