// The room's map of points, from every module's `mapPoints` declaration: public reports and
// projects (and the social map's points) with coordinates drawn on the territory's map (each mark named by its <title>) and
// listed in a table beside it; a hidden report, a merged one, one of another department or one
// without coordinates never; at most MAP_POINTS per module.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { mapPointSources, roomPoints } from './points.service.ts';

describe("the room's map of reports and projects", () => {
  let t: TestApp;
  const ids: Record<string, number> = {};

  const fileReport = async (key: string, point: { lat: number; lon: number } | null, territoryCode?: string) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { 'idempotency-key': `points-${key}` },
      payload: { categoryCode: 'agua', description: `Fuga de agua ${key}`, answers: { problema: 'fuga' }, ...(point ?? {}), ...(territoryCode ? { territoryCode } : {}) },
    });
    assert.equal(response.statusCode, 201, response.body);
    ids[key] = response.json().id as number;
  };

  before(async () => {
    t = await buildTestApp({ demo: true });
    await fileReport('elalto', { lat: -16.5, lon: -68.2 });
    await fileReport('hidden', { lat: -16.45, lon: -68.2 });
    await fileReport('merged', { lat: -16.44, lon: -68.2 });
    await fileReport('oruro', { lat: -17.95, lon: -67.1 });
    await fileReport('nopoint', null, 'BO-L-01-02');
    await sql`UPDATE reports.report SET hidden_at = now(), hidden_reason = 'datos personales' WHERE id = ${ids.hidden}`.execute(t.app.tambo.deps.db);
    await sql`UPDATE reports.report SET duplicate_of = ${ids.elalto}, status = 'duplicate' WHERE id = ${ids.merged}`.execute(t.app.tambo.deps.db);
  });
  after(async () => t.close());

  const section = (html: string) => {
    const start = html.indexOf('id="puntos"');
    return start < 0 ? '' : html.slice(start, html.indexOf('</section>', start));
  };

  it('draws public reports and projects with a point on the map, each named, and lists them in a table with their pages', async () => {
    const response = await t.app.inject({ url: '/sala/BO-L-01' });
    assert.equal(response.statusCode, 200);
    const part = section(response.body);
    assert.match(part, /<svg[^>]*role="img"[^>]*id="mapa-puntos"/);
    assert.match(part, new RegExp(`<circle[^>]*><title>Reportes: ${ids.elalto} · [^<]*[Aa]gua[^<]*</title></circle>`));
    assert.match(part, /<rect[^>]*><title>Proyectos: [0-9a-f-]+ · Graderías y techo del mercado de Villa Fátima<\/title><\/rect>/);
    // The demo's social map of El Alto (cartography), the room's third mark.
    assert.match(part, /<path[^>]*class="room-point room-point--diamond"[^>]*><title>Cartografía social: [0-9a-f-]+ · Centro de salud Villa Ingenio<\/title><\/path>/);
    assert.match(part, new RegExp(`<a href="/reportes/${ids.elalto}" data-point="report:${ids.elalto}">`));
    assert.match(part, /<a href="\/proyectos\/[0-9a-f-]+" data-point="project:/);
    for (const other of ['hidden', 'merged', 'oruro', 'nopoint']) assert.doesNotMatch(part, new RegExp(`report:${ids[other]}"|Reportes: ${ids[other]} `), other);
  });

  it("shows the other department's report in its own room", async () => {
    assert.match(section((await t.app.inject({ url: '/sala/BO-O' })).body), new RegExp(`data-point="report:${ids.oruro}"`));
  });

  it('reads at most the bound from each declaring module, newest first', async () => {
    const { deps } = t.app.tambo;
    const points = await roomPoints(deps, mapPointSources(t.app.tambo.modules), { territory: 'BO-L-01', locale: 'es', map: undefined }, 1);
    assert.deepEqual(
      points.map((p) => p.kind),
      ['report', 'social_point', 'project'],
    );
    assert.equal(points[0]!.ref, String(ids.elalto));
    assert.equal(points[0]!.at, undefined);
  });
});
