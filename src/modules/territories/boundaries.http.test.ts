// Boundaries and layers: the locate API over the demo boundaries and over fixture polygons
// (holes, shared edges, multipolygons), the import service (all or nothing, every problem
// named by feature, audited, administrators only), layers, and the public pages with their maps.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { importBoundaries, importLayer, locateInLayer, locateTerritory } from './index.ts';
import { seedTerritories } from './territory.service.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../test/fixtures/territories/${name}`, import.meta.url), 'utf8'));
const ADMIN = { accountId: 'admin-1', grants: [{ role: 'platform_admin' }] };
const CITIZEN = { accountId: 'citizen-1', grants: [] };

interface Located {
  territory: { code: string; name: string } | null;
  path: Array<{ code: string }>;
}

for (const country of ['bo', 've'] as const) {
  describe(`demo boundaries (${country})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp({ demo: true, env: { COUNTRY: country } });
    });
    after(async () => t.close());

    const locate = async (lat: number, long: number): Promise<Located> => {
      const response = await t.app.inject({ url: `/api/v1/territories/locate?lat=${lat}&long=${long}` });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as Located;
    };

    it('places the demo reports’ coordinates in their territories, deepest first', async () => {
      if (country === 'bo') {
        const elAlto = await locate(-16.5047, -68.1633);
        assert.equal(elAlto.territory?.code, 'BO-L-01-02');
        assert.deepEqual(
          elAlto.path.map((p) => p.code),
          ['BO-L', 'BO-L-01', 'BO-L-01-02'],
        );
        assert.equal((await locate(-16.499, -68.134)).territory?.code, 'BO-L-01-01');
        assert.equal((await locate(-17.97, -67.11)).territory?.code, 'BO-O-01-01');
        assert.equal((await locate(-19.5836, -65.7531)).territory?.code, 'BO-P-01-01');
        assert.equal((await locate(-16.4, -68.15)).territory?.code, 'BO-L-01-01', 'on the El Alto–La Paz edge: La Paz, east of it');
      } else {
        const bloques = await locate(10.509, -66.93);
        assert.equal(bloques.territory?.code, 'VE-A-01-01-01-03');
        assert.equal(bloques.path.length, 5);
        assert.equal((await locate(10.13, -64.68)).territory?.code, 'VE-B-01');
      }
      assert.deepEqual(await locate(60, 10), { territory: null, path: [] });
    });

    it('answers a missing or out-of-range point with a problem', async () => {
      for (const query of ['lat=91&long=0', 'lat=0', 'lat=x&long=1']) {
        const response = await t.app.inject({ url: `/api/v1/territories/locate?${query}`, headers: { 'accept-language': 'en' } });
        assert.equal(response.statusCode, 400, query);
        assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
        assert.equal(response.json().code, 'VALIDATION_FAILED');
      }
    });

    it('lists the demo layer and serves it as GeoJSON; a point lies in its features', async () => {
      const layers = (await t.app.inject({ url: '/api/v1/territories/layers' })).json() as { items: Array<{ code: string; featureCount: number; name: { es: string } }> };
      const code = country === 'bo' ? 'redes-de-salud' : 'cuadrantes-de-paz';
      // The territories module's own demo layer (other modules' seeds add theirs: the ve projects' communal circuits).
      const demo = layers.items.find((l) => l.code === code);
      assert.ok(demo, `${code} is listed: ${layers.items.map((l) => l.code).join(', ')}`);
      assert.equal(demo.featureCount, 3);
      const layer = await t.app.inject({ url: `/api/v1/territories/layers/${code}` });
      assert.equal(layer.statusCode, 200);
      assert.match(layer.headers['content-type'] as string, /^application\/geo\+json/);
      const collection = layer.json() as { type: string; features: Array<{ properties: { code: string }; geometry: { type: string } }> };
      assert.equal(collection.type, 'FeatureCollection');
      assert.equal(collection.features.length, 3);
      assert.ok(collection.features.every((f) => f.geometry.type === 'Polygon'));
      const point = country === 'bo' ? { lat: -16.45, long: -68.22 } : { lat: 10.509, long: -66.93 };
      const inside = await t.app.inject({ url: `/api/v1/territories/layers/${code}/locate?lat=${point.lat}&long=${point.long}` });
      const items = (inside.json() as { items: Array<{ code: string }> }).items.map((i) => i.code);
      // In Bolivia the point is in two overlapping networks: layers are not a tree.
      assert.deepEqual(items, country === 'bo' ? ['red-altiplano', 'red-norte'] : ['cuadrante-01']);
      const missing = await t.app.inject({ url: '/api/v1/territories/layers/no-such-layer' });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().code, 'TERRITORY_LAYER_NOT_FOUND');
    });

    it('serves a unit’s boundary as a GeoJSON Feature, null where none is loaded', async () => {
      const code = country === 'bo' ? 'BO-L-01-01' : 'VE-A-01';
      const feature = (await t.app.inject({ url: `/api/v1/territories/${code}/boundary` })).json() as { type: string; geometry: { type: string } | null };
      assert.equal(feature.type, 'Feature');
      assert.equal(feature.geometry?.type, 'Polygon');
      const none = (await t.app.inject({ url: `/api/v1/territories/${country === 'bo' ? 'BO-T' : 'VE-Z'}/boundary` })).json() as { geometry: unknown };
      assert.equal(none.geometry, null);
    });

    it('shows a unit with its children and an accessible SVG map, and the same in a table', async () => {
      const code = country === 'bo' ? 'BO-L-01' : 'VE-A-01-01-01';
      const response = await t.app.inject({ url: `/territorios/${code}` });
      assert.equal(response.statusCode, 200);
      const html = response.body;
      const svg = /<svg[^>]*>([\s\S]*?)<\/svg>/.exec(html);
      assert.ok(svg, 'an inline SVG map');
      assert.match(svg[0], /role="img"/);
      assert.match(svg[0], /aria-labelledby="mapa-territorio-title mapa-territorio-desc"/);
      assert.match(svg[1]!, /^<title id="mapa-territorio-title">/);
      assert.match(svg[1]!, /<desc id="mapa-territorio-desc">/);
      const paths = [...svg[1]!.matchAll(/<path [^>]*>(<title>[^<]+<\/title>)<\/path>/g)];
      const children = country === 'bo' ? 5 : 3;
      assert.equal(paths.length, children + 1, 'the unit and each child, each with a title');
      assert.ok(svg[0].length < 8000, `the map stays small (${svg[0].length} bytes)`);
      assert.match(html, /<table class="table">/);
      assert.equal([...html.matchAll(/<th scope="row"/g)].length, children);
      const index = await t.app.inject({ url: '/territorios?lang=en' });
      assert.equal(index.statusCode, 200);
      assert.match(index.body, /<h2>Layers<\/h2>/);
      const layer = await t.app.inject({ url: `/territorios/capas/${country === 'bo' ? 'redes-de-salud' : 'cuadrantes-de-paz'}` });
      assert.equal(layer.statusCode, 200);
      assert.match(layer.body, /id="mapa-capa"/);
      assert.equal((await t.app.inject({ url: '/territorios/XX-99' })).statusCode, 404);
      // The same map as a standalone SVG document, linked from the page.
      assert.match(html, new RegExp(`href="/territorios/${code}/mapa.svg"`));
      const standalone = await t.app.inject({ url: `/territorios/${code}/mapa.svg` });
      assert.equal(standalone.statusCode, 200);
      assert.match(standalone.headers['content-type'] as string, /^image\/svg\+xml/);
      assert.match(standalone.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* role="img"/);
      assert.equal([...standalone.body.matchAll(/<path /g)].length, children + 1);
      assert.equal((await t.app.inject({ url: `/territorios/${country === 'bo' ? 'BO-T' : 'VE-Z'}/mapa.svg` })).statusCode, 404, 'no boundary, no map');
    });
  });
}

describe('boundaries from fixtures', () => {
  let t: TestApp;
  const deps = () => t.app.tambo.deps;
  before(async () => {
    t = await buildTestApp();
    await seedTerritories(deps());
    await importBoundaries(deps(), ADMIN, fixture('la-paz.geojson'));
  });
  after(async () => t.close());

  const code = async (lat: number, long: number) => (await locateTerritory(deps(), { lat, long }))?.code ?? null;

  it('places a point in the deepest territory: holes, islands, multipolygons, shared edges and vertices', async () => {
    assert.equal(await code(-16.4, -68.0), 'BO-L-01-01');
    assert.equal(await code(-16.55, -68.05), 'BO-L-01-05', 'in La Paz’s hole: Achocalla');
    assert.equal(await code(-16.4, -68.15), 'BO-L-01-01', 'on the shared edge: the territory east of it');
    assert.equal(await code(-16.3, -68.15), 'BO-L-01', 'on the shared vertex at the top: the province north-east of it');
    assert.equal(await code(-16.1, -69.2), 'BO-L-04-01', 'Copacabana’s island polygon');
    assert.equal(await code(-16.5, -67.5), 'BO-L', 'in the department only');
    assert.equal(await code(-14, -60), null);
  });

  it('refuses a document with problems, naming every feature and what is wrong, and stores nothing', async () => {
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'territories.boundary_imported'`.execute(deps().db);
    await assert.rejects(
      importBoundaries(deps(), ADMIN, fixture('invalid.geojson')),
      (error: { code: string; fields: Array<{ field: string; messageKey: string; params?: Record<string, unknown> }> }) => {
        assert.equal(error.code, 'VALIDATION_FAILED');
        assert.deepEqual(
          error.fields.map((f) => [f.field, f.messageKey]),
          [
            ['/features/1/properties/code', 'territories.import.errors.unknownCode'],
            ['/features/2/geometry/coordinates/0', 'territories.import.errors.geometry.ring_open'],
            ['/features/3/geometry/coordinates/0', 'territories.import.errors.geometry.self_intersection'],
            ['/features/4/geometry/type', 'territories.import.errors.geometry.type'],
          ],
        );
        assert.deepEqual(error.fields[0]!.params, { feature: 2, code: 'XX-99' });
        assert.deepEqual(error.fields[1]!.params, { feature: 3, code: 'BO-L-01-02' });
        return true;
      },
    );
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'territories.boundary_imported'`.execute(deps().db);
    assert.equal(after.rows[0]!.n, before.rows[0]!.n);
    assert.equal(await code(-16.4, -68.0), 'BO-L-01-01', 'the earlier boundaries stand');
  });

  it('audits each stored boundary once; importing the same document again changes nothing', async () => {
    const entries = await sql<{ subject_id: string; actor_id: string }>`
      SELECT subject_id, actor_id FROM audit.entry WHERE action = 'territories.boundary_imported' ORDER BY subject_id`.execute(deps().db);
    assert.deepEqual(
      entries.rows.map((r) => r.subject_id),
      ['BO-L', 'BO-L-01', 'BO-L-01-01', 'BO-L-01-02', 'BO-L-01-05', 'BO-L-04-01'],
    );
    assert.ok(entries.rows.every((r) => r.actor_id === 'admin-1'));
    assert.deepEqual(await importBoundaries(deps(), ADMIN, fixture('la-paz.geojson')), { saved: 0, unchanged: 6 });
  });

  it('lets only platform administrators import', async () => {
    await assert.rejects(importBoundaries(deps(), CITIZEN, fixture('la-paz.geojson')), { code: 'FORBIDDEN' });
    await assert.rejects(importLayer(deps(), CITIZEN, 'circuitos', fixture('la-paz.geojson')), { code: 'FORBIDDEN' });
  });

  it('imports a layer whole (features may overlap), replaces it on a second import, and finds the features holding a point', async () => {
    const layer = {
      type: 'FeatureCollection',
      name: { es: 'Circuitos comunales', en: 'Communal circuits' },
      features: [
        {
          type: 'Feature',
          properties: { code: 'c1', name: { es: 'Circuito 1', en: 'Circuit 1' } },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [-68.2, -16.5],
                [-68.0, -16.5],
                [-68.0, -16.3],
                [-68.2, -16.3],
                [-68.2, -16.5],
              ],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { code: 'c2', name: 'Circuito 2' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [-68.1, -16.45],
                [-67.9, -16.45],
                [-67.9, -16.2],
                [-68.1, -16.2],
                [-68.1, -16.45],
              ],
            ],
          },
        },
      ],
    };
    const { changed } = await importLayer(deps(), ADMIN, 'circuitos', layer);
    assert.equal(changed, true);
    assert.deepEqual(
      (await locateInLayer(deps(), 'circuitos', { lat: -16.4, long: -68.05 })).map((f) => f.code),
      ['c1', 'c2'],
    );
    assert.equal((await importLayer(deps(), ADMIN, 'circuitos', layer)).changed, false);
    await importLayer(deps(), ADMIN, 'circuitos', { ...layer, features: layer.features.slice(1) });
    assert.deepEqual(
      (await locateInLayer(deps(), 'circuitos', { lat: -16.4, long: -68.05 })).map((f) => f.code),
      ['c2'],
    );
    await assert.rejects(importLayer(deps(), ADMIN, 'Bad Code', { ...layer, name: undefined }), (error: { fields: Array<{ field: string }> }) => {
      assert.deepEqual(
        error.fields.map((f) => f.field),
        ['/code', '/name'],
      );
      return true;
    });
    await assert.rejects(locateInLayer(deps(), 'nada', { lat: 0, long: 0 }), { code: 'TERRITORY_LAYER_NOT_FOUND' });
  });
});
