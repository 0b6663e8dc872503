// datastore_search's total on a large resource: past `total_estimation_threshold` matching rows
// it is the planner's estimate, flagged `total_was_estimated` (no million-row count); below it,
// or with `null`, the exact count. A large table gets its columns indexed at load.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { findOrganization } from './catalog.queries.ts';
import { agencyDatasetInput, saveDataset } from './catalog.service.ts';
import { getJson, openDataTestApp } from './open-data.test-helpers.ts';
import { tabularResource } from './tabular.service.ts';

let t: TestApp;
let resourceId: string;
let table: string;
const ROWS = 12_000;

before(async () => {
  t = await openDataTestApp();
  const db = t.app.tambo.deps.db;
  const organization = (await findOrganization(db, 'segip'))!;
  const rows = Array.from({ length: ROWS }, (_, i) => [String(2000 + (i % 25)), i % 100 === 0 ? 'BO-P' : 'BO-L', String(i)]);
  const fields = [
    { id: 'anio', type: 'int' as const, label: 'Año', notes: '', unit: '' },
    { id: 'codigo', type: 'text' as const, label: 'Código', notes: '', unit: '' },
    { id: 'valor', type: 'numeric' as const, label: 'Valor', notes: '', unit: '' },
  ];
  await db.transaction().execute(async (trx) => {
    const resource = await tabularResource(trx, { name: 'Serie grande', description: '', fields, rows });
    table = resource.datastoreTable!;
    await saveDataset(
      { db: trx },
      agencyDatasetInput({
        name: 'serie-grande',
        title: 'Serie grande',
        notes: '',
        organizationId: organization.id,
        licenseId: 'cc-by',
        contactName: 'SEGIP',
        contactEmail: 'datos@segip.gob.bo',
        provenance: '',
      }),
      [resource],
      { type: 'system', id: 'test' },
    );
  });
  resourceId = (await getJson(t, '/api/3/action/package_show?id=serie-grande')).body.result.resources[0].id;
});
after(async () => t.close());

const search = (query: string) => getJson(t, `/api/3/action/datastore_search?resource_id=${resourceId}&limit=5&${query}`);

describe('datastore_search totals', () => {
  it('estimates past the threshold, counts below it or when asked, and refuses a bad threshold', async () => {
    const estimated = await search('total_estimation_threshold=1000&sort=anio%20desc');
    assert.equal(estimated.status, 200);
    assert.equal(estimated.body.result.total_was_estimated, true);
    assert.ok(Math.abs(estimated.body.result.total - ROWS) < ROWS * 0.2, String(estimated.body.result.total));
    assert.equal(estimated.body.result.records[0].anio, 2024, 'the page itself is exact');
    const counted = await search('');
    assert.deepEqual([counted.body.result.total, counted.body.result.total_was_estimated], [ROWS, false], 'under the default threshold: counted');
    const forced = await search('total_estimation_threshold=null');
    assert.deepEqual([forced.body.result.total, forced.body.result.total_was_estimated], [ROWS, false]);
    const few = await search(`total_estimation_threshold=1000&filters=${encodeURIComponent('{"codigo":"BO-P"}')}`);
    assert.deepEqual([few.body.result.total, few.body.result.total_was_estimated], [ROWS / 100, false], 'a filter matching few rows is counted');
    const bad = await search('total_estimation_threshold=-1');
    assert.equal(bad.status, 409);
    assert.equal(bad.body.error.__type, 'Validation Error');
  });

  it('indexes the columns of a large table at load', async () => {
    const indexes = await sql<{ indexdef: string }>`SELECT indexdef FROM pg_indexes WHERE schemaname = 'open_data' AND tablename = ${table}`.execute(t.app.tambo.deps.db);
    for (const column of ['anio', 'codigo', 'valor'])
      assert.ok(
        indexes.rows.some((r) => r.indexdef.includes(`(${column})`)),
        `an index on ${column}`,
      );
  });
});
