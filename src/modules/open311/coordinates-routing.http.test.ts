// Open311 clients send only coordinates: the request is placed in the deepest territory whose
// boundary contains the point (the demo boundaries), then routed by the usual rules, instead
// of landing in triage. The reports API and the report form take the same path.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';

let t: TestApp & { baseUrl: string };
before(async () => {
  t = await listenTestApp({ demo: true, env: { COUNTRY: 'bo' } });
});
after(async () => t.close());

async function postOpen311(fields: Record<string, string>): Promise<number> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/open311/v2/requests.json',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ api_key: 'demo-open311-key', ...fields }).toString(),
  });
  assert.equal(response.statusCode, 200, response.body);
  return Number((response.json() as Array<{ service_request_id: string }>)[0]!.service_request_id);
}

async function stored(id: number) {
  const report = await sql<{ territory_code: string | null; territory_path: string[]; agency_code: string | null }>`
    SELECT territory_code, territory_path, agency_code FROM reports.report WHERE id = ${id}`.execute(t.app.tambo.deps.db);
  const timeline = await sql<{ kind: string }>`SELECT kind FROM reports.report_event WHERE report_id = ${id} ORDER BY id`.execute(t.app.tambo.deps.db);
  return { ...report.rows[0]!, timeline: timeline.rows.map((r) => r.kind) };
}

describe('requests with only coordinates', () => {
  it('are placed in their territory and routed by its rules (Open311)', async () => {
    // Roads in La Paz go to GAMLP, in El Alto to GAMEA: rules of municipalities, no country-wide rule.
    const laPaz = await stored(await postOpen311({ service_code: 'vias', lat: '-16.499', long: '-68.134', description: 'Bache en la calle Comercio' }));
    assert.deepEqual(laPaz, { territory_code: 'BO-L-01-01', territory_path: ['BO-L', 'BO-L-01', 'BO-L-01-01'], agency_code: 'GAMLP', timeline: ['submitted', 'routed'] });
    const elAlto = await stored(await postOpen311({ service_code: 'vias', lat: '-16.5047', long: '-68.1633', description: 'Bache en la avenida Juan Pablo II' }));
    assert.equal(elAlto.territory_code, 'BO-L-01-02');
    assert.equal(elAlto.agency_code, 'GAMEA');
    // Water follows the department's rule (EPSAS for all of La Paz): the ancestors count too.
    const water = await stored(await postOpen311({ service_code: 'agua', lat: '-16.45', long: '-67.8', 'attribute[problema]': 'fuga' }));
    assert.deepEqual([water.territory_code, water.agency_code], ['BO-L-01-03', 'EPSAS']);
  });

  it('go to triage only where no boundary contains the point', async () => {
    const beni = await stored(await postOpen311({ service_code: 'vias', lat: '-14.83', long: '-64.9', description: 'Camino cortado' }));
    assert.deepEqual(beni, { territory_code: null, territory_path: [], agency_code: null, timeline: ['submitted', 'triaged'] });
  });

  it('keep the territory the client names (jurisdiction_id) over the coordinates', async () => {
    const named = await stored(await postOpen311({ service_code: 'vias', lat: '-16.499', long: '-68.134', jurisdiction_id: 'BO-L-01-02', description: 'Bache' }));
    assert.deepEqual([named.territory_code, named.agency_code], ['BO-L-01-02', 'GAMEA']);
  });

  it('are placed the same way through the reports API', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { categoryCode: 'residuos', description: 'Basura acumulada', lat: -16.51, lon: -68.125, isAnonymous: true },
    });
    assert.equal(response.statusCode, 201, response.body);
    const report = response.json() as { id: number; agencyCode: string };
    assert.equal(report.agencyCode, 'GAMLP');
    assert.equal((await stored(report.id)).territory_code, 'BO-L-01-01');
  });

  it('are placed the same way from the report form (no territory chosen, a point given)', async () => {
    const browser = new HttpSession();
    const form = await (await browser.request(`${t.baseUrl}/reportes/nuevo?categoria=vias`)).text();
    const body = new FormData();
    body.set('_csrf', /name="_csrf" value="([^"]+)"/.exec(form)![1]!);
    for (const [name, value] of Object.entries({ categoria: 'vias', descripcion: 'Bache en la avenida 6 de Marzo', lat: '-16.5047', lon: '-68.1633', clave: `form-${randomUUID()}` }))
      body.set(name, value);
    const sent = await browser.request(`${t.baseUrl}/reportes/nuevo/enviar`, { method: 'POST', body });
    assert.equal(sent.status, 303, await sent.clone().text());
    const id = Number(/\/reportes\/(\d+)/.exec(sent.headers.get('location') ?? '')?.[1]);
    const report = await stored(id);
    assert.deepEqual([report.territory_code, report.agency_code], ['BO-L-01-02', 'GAMEA']);
  });
});
