// Reports by layer for reports filed before the layer existed: reports with points are filed
// over the API, a layer is imported afterwards, and its event rebuilds the figure from the
// public reports' points (a hidden one and one without a point left out): the counts per
// feature are right, the job rebuilds them on demand, and a second rebuild gives the same cells.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { enqueueJob } from '../../platform/jobs/queue.ts';
import { readStat } from '../../platform/stats/stats.ts';
import { seedReportCategories } from '../reports/index.ts';
import { importLayer } from '../territories/index.ts';
import { rebuildLayerCounts } from './layers.service.ts';
import { roomStats } from './room.stats.ts';

const ADMIN = { accountId: 'admin-1', grants: [{ role: 'platform_admin' }] };
const LAYER = 'circuitos-prueba';
const square = (west: number, south: number, east: number, north: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [west, south],
      [east, south],
      [east, north],
      [west, north],
      [west, south],
    ],
  ],
});
// Two overlapping features: a point in both counts in each.
const layer = {
  type: 'FeatureCollection',
  name: { es: 'Circuitos de prueba', en: 'Test circuits' },
  features: [
    { type: 'Feature', properties: { code: 'c1', name: { es: 'Circuito 1', en: 'Circuit 1' } }, geometry: square(-68.2, -16.5, -68.0, -16.3) },
    { type: 'Feature', properties: { code: 'c2', name: { es: 'Circuito 2', en: 'Circuit 2' } }, geometry: square(-68.1, -16.45, -67.9, -16.2) },
  ],
};

describe('reports by layer, rebuilt', () => {
  let t: TestApp;
  const deps = () => t.app.tambo.deps;
  before(async () => {
    t = await buildTestApp();
    const { modules } = t.app.tambo;
    for (const name of ['territories', 'agencies']) await modules.find((m) => m.name === name)!.seed!(deps());
    await seedReportCategories(deps());
    await t.drain();
  });
  after(async () => t.close());

  const file = async (point: { lat: number; lon: number } | null, description: string) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { categoryCode: 'agua', description, answers: { problema: 'fuga' }, territoryCode: 'BO-L-01-02', ...(point ?? {}) },
    });
    assert.equal(response.statusCode, 201, response.body);
    return (response.json() as { id: number }).id;
  };
  const counts = async () => {
    const rows = await readStat(deps().db, roomStats.reports_in_layer, { groupBy: ['layer', 'feature'] });
    return Object.fromEntries(rows.filter((r) => r.group.layer === LAYER).map((r) => [r.group.feature!, r.count]));
  };
  const cells = async () =>
    (
      await sql<{ cell: string }>`
        SELECT concat_ws('|', territory_path::text, agency, hour::text, dims::text, bucket, count, sum) AS cell
        FROM platform.stat WHERE module = 'situation_room' AND name = 'reports_in_layer' ORDER BY 1`.execute(deps().db)
    ).rows.map((r) => r.cell);

  it('counts the reports filed before the layer once it is imported, on demand, and the same twice', async () => {
    // Filed before the layer exists: the live handler finds no layer to count them in.
    await file({ lat: -16.4, lon: -68.15 }, 'Fuga en el circuito uno');
    await file({ lat: -16.35, lon: -68.15 }, 'Otra fuga en el circuito uno');
    await file({ lat: -16.4, lon: -68.05 }, 'Fuga donde se cruzan los circuitos');
    await file({ lat: -16.25, lon: -67.95 }, 'Fuga en el circuito dos');
    await file({ lat: -17.5, lon: -66.0 }, 'Fuga fuera de los circuitos');
    await file(null, 'Fuga sin coordenadas');
    const hidden = await file({ lat: -16.4, lon: -68.15 }, 'Un reporte que la moderación ocultó');
    await sql`UPDATE reports.report SET hidden_at = now() WHERE id = ${hidden}`.execute(deps().db);
    await t.drain();
    assert.deepEqual(await counts(), {}, 'nothing counted in a layer that did not exist');

    // The import emits territories.layer_imported; the room's handler rebuilds the figure.
    const imported = await importLayer(deps(), ADMIN, LAYER, layer);
    assert.equal(imported.changed, true);
    await t.drain();
    assert.deepEqual(await counts(), { c1: 3, c2: 2 }, 'per feature: the overlap in both, the hidden report and the far one nowhere');
    const first = await cells();
    assert.ok(first.length > 0);

    // On demand: the job recounts; the same reports give the same cells.
    await enqueueJob(deps().db, 'situation_room:rebuild_layer_counts', {});
    await t.drain();
    assert.deepEqual(await counts(), { c1: 3, c2: 2 });
    assert.deepEqual(await cells(), first, 'rebuilding twice gives the same cells');

    // A report filed now is counted live, and a rebuild keeps it once.
    await file({ lat: -16.25, lon: -67.95 }, 'Fuga nueva en el circuito dos');
    await t.drain();
    assert.deepEqual(await counts(), { c1: 3, c2: 3 });
    await Promise.all([rebuildLayerCounts(deps()), rebuildLayerCounts(deps())]);
    assert.deepEqual(await counts(), { c1: 3, c2: 3 }, 'two rebuilds at once take turns: nothing counted twice');

    // A report whose event is handled after a rebuild that read it: counted once, not twice.
    await file({ lat: -16.4, lon: -68.15 }, 'Fuga que la reconstrucción ve antes que su evento');
    await rebuildLayerCounts(deps());
    assert.deepEqual(await counts(), { c1: 4, c2: 3 });
    await t.drain();
    assert.deepEqual(await counts(), { c1: 4, c2: 3 }, 'the live handler skips a report the rebuild counted');

    // A second import of the same layer changes nothing: no event, no rebuild needed.
    assert.equal((await importLayer(deps(), ADMIN, LAYER, layer)).changed, false);
  });
});
