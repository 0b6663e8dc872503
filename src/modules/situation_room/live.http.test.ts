// Live: a report filed through the API in one process reaches the room's Server-Sent Events
// stream served by another process of the same platform (the notification bus), and only the
// rooms of the territories it falls in.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, testConfig, type TestApp } from '../../../test/helpers/app.ts';
import { buildApp } from '../../app.ts';
import type { TamboApp } from '../../platform/http/app-types.ts';
import { seedReportCategories } from '../reports/index.ts';

/** Reads Server-Sent Events from a stream; `next` resolves with the next `changed` event's data. */
function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>).getReader();
  let buffer = '';
  return {
    async next(timeoutMs: number): Promise<Record<string, unknown>> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (/^event: changed$/m.test(block) && data) return JSON.parse(data) as Record<string, unknown>;
          continue;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('no event in time');
        const chunk = await Promise.race([reader.read(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no event in time')), left))]);
        if (chunk.done) throw new Error('the stream ended');
        buffer += chunk.value;
      }
    },
    cancel: () => reader.cancel(),
  };
}

describe('situation room live', () => {
  let writer: TestApp;
  let room: TamboApp;
  let base: string;
  before(async () => {
    writer = await buildTestApp();
    const { deps, modules } = writer.app.tambo;
    for (const name of ['territories', 'agencies']) await modules.find((m) => m.name === name)!.seed!(deps);
    await seedReportCategories(deps);
    await writer.drain();
    // A second process of the same platform, on the same database, serving the room.
    room = await buildApp(testConfig({ databaseUrl: writer.database.url }), { background: false, poolSize: 3 });
    await room.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(room.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await room.close();
    await writer.close();
  });

  const file = (territoryCode: string, description: string) =>
    writer.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { categoryCode: 'agua', description, answers: { problema: 'fuga' }, territoryCode },
    });

  it('streams a report filed in another process to the rooms of its territory within 5 s', async () => {
    const response = await fetch(`${base}/sala/BO-L-01/events`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const events = sseReader(response.body!);
    const national = sseReader((await fetch(`${base}/sala/events`)).body!);
    try {
      const before = await fetch(`${base}/sala/BO-L-01-02`).then((r) => r.text());
      assert.match(before, /data-room-figure="reports.received">0</);
      // First a report in Oruro, which the La Paz province's room must not hear; then one in El Alto.
      assert.equal((await file('BO-O-01-01', 'Fuga en Oruro')).statusCode, 201);
      const filed = await file('BO-L-01-02', 'Fuga de agua en El Alto');
      assert.equal(filed.statusCode, 201, filed.body);
      const started = Date.now();
      await writer.drain();
      const event = await events.next(5000);
      assert.deepEqual(event, { topic: 'reports.submitted', territory: 'BO-L-01-02' });
      assert.ok(Date.now() - started < 5000);
      assert.equal((await national.next(5000)).territory, 'BO-O-01-01', 'the national room hears every territory');
      // The other process's room already counts it (one report: a public count below 5 is withheld).
      const after = await fetch(`${base}/sala/BO-L-01-02`).then((r) => r.text());
      assert.match(after, /data-room-figure="reports.received">Reservado/);
    } finally {
      await events.cancel();
      await national.cancel();
    }
  });

  it('counts a report with coordinates in the features of the territory layers that contain it', async () => {
    const layer = JSON.parse(readFileSync(new URL('../territories/demo/layer-bo.json', import.meta.url), 'utf8')) as {
      features: Array<{ properties: { code: string; name: { es: string } }; geometry: { type: string; coordinates: number[][][] | number[][][][] } }>;
    };
    const feature = layer.features[0]!;
    const ring = (feature.geometry.type === 'Polygon' ? feature.geometry.coordinates[0] : (feature.geometry.coordinates as number[][][][])[0]![0]) as number[][];
    const [lon, lat] = [ring.reduce((a, p) => a + p[0]!, 0) / ring.length, ring.reduce((a, p) => a + p[1]!, 0) / ring.length];
    const filed = await writer.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { categoryCode: 'agua', description: 'Fuga junto al centro de salud', answers: { problema: 'fuga' }, lat, lon },
    });
    assert.equal(filed.statusCode, 201, filed.body);
    await writer.drain();
    const room = await fetch(`${base}/sala`).then((r) => r.text());
    const section = room.slice(room.indexOf('id="capa-redes-de-salud"'));
    assert.ok(room.includes('id="capa-redes-de-salud"'), 'the layer has its table');
    assert.match(section, new RegExp(`<th[^>]*>${feature.properties.name.es}</th><td[^>]*>Reservado`));
  });

  it('answers 404 for the stream of an unknown territory', async () => {
    assert.equal((await fetch(`${base}/sala/XX-1/events`)).status, 404);
  });
});
