// The platform publishes itself: every public statistic and openData declaration becomes a
// dataset of the organization "tambo", snapshotted by the job; a new version only when the
// published rows changed, with its provenance; never anything personal (suppressed cells).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { recordStat } from '../../platform/stats/stats.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { getJson, openDataTestApp } from './open-data.test-helpers.ts';
import { agencyDatasetInput, saveDataset } from './catalog.service.ts';
import { platformDatasetName, publishPlatformDatasets } from './publish.service.ts';

let t: TestApp;
before(async () => {
  t = await openDataTestApp();
});
after(async () => t.close());

it('publishes every public statistic as a dataset, versioned on change, with provenance', async () => {
  const deps = t.app.tambo.deps;
  const entries = deps.openData.entries;
  assert.ok(entries.some((e) => e.id === 'reports.received'));
  const search = (await getJson(t, '/api/3/action/package_search?fq=organization:tambo&rows=100')).body.result;
  assert.equal(search.count, entries.length);
  const name = platformDatasetName('reports.received');
  const before = (await getJson(t, `/api/3/action/package_show?id=${name}`)).body.result;
  assert.equal(before.version, '1.0');
  assert.match(before.extras.find((e: { key: string }) => e.key === 'provenance').value, /reports\.received/);
  assert.deepEqual(await publishPlatformDatasets(deps), { published: entries.length, changed: 0 }, 'nothing changed: no new version');

  // The figure as the reports module declares it (open data reads declarations, not modules).
  const received = t.app.tambo.modules.find((m) => m.name === 'reports')!.stats!.received!;
  for (let i = 0; i < 6; i++) await recordStat(deps.db, received, { territory: ['BO-L', 'BO-L-01', 'BO-L-01-01'], agency: 'GAMLP', category: 'baches' });
  await recordStat(deps.db, received, { territory: ['BO-C'], agency: 'GAMC', category: 'agua' });
  const outcome = await publishPlatformDatasets(deps);
  assert.equal(outcome.changed, 1);
  const after = (await getJson(t, `/api/3/action/package_show?id=${name}`)).body.result;
  assert.equal(after.version, '1.1');
  assert.equal(after.id, before.id);
  const csv = after.resources.find((r: { format: string }) => r.format === 'CSV');
  const rows = (await getJson(t, `/api/3/action/datastore_search?resource_id=${csv.id}&sort=count%20desc`)).body.result.records;
  assert.equal(rows.length, 2);
  assert.equal(rows[0].count, 6);
  assert.equal(rows[0].agency, 'GAMLP');
  assert.equal(rows[1].suppressed, true, 'a cell under 5 is suppressed');
  assert.equal(rows[1].count, null);
  const page = await t.app.inject({ url: `/datos/${name}`, headers: { accept: 'text/html' } });
  assert.match(page.body, /Historial de versiones/);
});

it('publishes a new dataset once when two processes save it at the same moment', async () => {
  const deps = t.app.tambo.deps;
  const organizationId = (await sql<{ id: string }>`SELECT id FROM open_data.organization WHERE name = 'tambo'`.execute(deps.db)).rows[0]!.id;
  const input = agencyDatasetInput({
    name: 'publicacion-simultanea',
    title: 'Publicación simultánea',
    notes: 'Dos procesos la publican a la vez.',
    organizationId,
    licenseId: 'cc-by',
    contactName: 'Tambo',
    contactEmail: 'datos.abiertos@tambo.gob.bo',
    provenance: 'Prueba',
  });
  // Each save in its own transaction, as two processes snapshotting at start: before the name's
  // lock, every one found no row and inserted, and all but one failed on the unique name.
  const saved = await Promise.all(Array.from({ length: 20 }, () => saveDataset(deps, input, [], { type: 'system' })));
  assert.deepEqual(saved.map((s) => s.outcome).sort(), ['created', ...Array(19).fill('unchanged')]);
  assert.equal(new Set(saved.map((s) => s.id)).size, 1);
  const audited = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM audit.entry WHERE action = 'open_data.dataset_created' AND subject_id = ${saved[0]!.id}`.execute(deps.db);
  assert.equal(audited.rows[0]!.n, 1);
});
