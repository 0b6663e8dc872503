// The demo catalog is what issue #15 asks of it, read as a CKAN client reads it: at least 30
// datasets of at least 6 agencies plus the platform's own, realistic metadata (an open
// licence, a description, a contact, a frequency), and every tabular resource (one the
// DataStore holds) with its data dictionary: each column's id, type, meaning and unit, the
// dictionary naming exactly the columns datastore_search answers.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { TestApp } from '../../../test/helpers/app.ts';
import { getJson, type Json, openDataTestApp } from './open-data.test-helpers.ts';

let t: TestApp;
before(async () => {
  t = await openDataTestApp();
});
after(async () => t.close());

it('holds at least 30 datasets of at least 6 agencies plus the platform’s own, each tabular resource with its data dictionary', async () => {
  const { body } = await getJson(t, '/api/3/action/package_search?rows=1000');
  const datasets = body.result.results as Json[];
  const source = (d: Json) => d.extras.find((e: Json) => e.key === 'source')?.value;
  const agencies = datasets.filter((d) => source(d) === 'agency');
  assert.ok(agencies.length >= 30, `${agencies.length} agency datasets`);
  const publishers = new Set(agencies.map((d) => d.organization.name));
  assert.ok(publishers.size >= 6, `${publishers.size} agencies publish`);
  assert.ok(
    datasets.some((d) => source(d) === 'platform' && d.organization.name === 'tambo'),
    'the platform publishes its own figures',
  );
  let tabular = 0;
  for (const d of datasets) {
    assert.equal(d.isopen, true, `${d.name}: an open licence`);
    assert.ok(d.notes.length > 20, `${d.name}: a description`);
    assert.match(d.maintainer_email, /@/, `${d.name}: a contact`);
    assert.ok(
      d.extras.some((e: Json) => e.key === 'frequency'),
      `${d.name}: a frequency`,
    );
    for (const r of (d.resources as Json[]).filter((r) => r.datastore_active)) {
      tabular++;
      assert.ok(r.fields.length > 0, `${d.name}/${r.name}: a data dictionary`);
      for (const f of r.fields as Json[]) {
        assert.match(f.id, /^[a-z0-9_]+$/, `${d.name}: a column id`);
        assert.match(f.type, /^(int|numeric|date|bool|text)$/, `${d.name}.${f.id}: a type`);
        // The meaning: a label in words (not the column id again), or notes that say it.
        assert.ok(f.info.label && (f.info.label !== f.id || f.info.notes), `${d.name}.${f.id}: a label and its meaning`);
        assert.equal(typeof f.info.unit, 'string', `${d.name}.${f.id}: a unit (empty for a name or a code)`);
      }
      const search = (await getJson(t, `/api/3/action/datastore_search?resource_id=${r.id}&limit=1`)).body.result;
      assert.deepEqual(
        search.fields.map((f: Json) => f.id).filter((id: string) => id !== '_id'),
        r.fields.map((f: Json) => f.id),
        `${d.name}: the dictionary names the DataStore's columns`,
      );
    }
  }
  assert.ok(tabular >= 30, `${tabular} tabular resources`);
  // Numbers carry their unit: every numeric column of the agencies' data names one.
  const numeric = agencies.flatMap((d) => (d.resources as Json[]).flatMap((r) => (r.fields as Json[]).filter((f) => f.type === 'int' || f.type === 'numeric')));
  assert.ok(numeric.length > 0);
  const withoutUnit = numeric.filter((f) => !f.info.unit && !/^(anio|year|codigo|mes|dia)/.test(f.id));
  assert.deepEqual(
    withoutUnit.map((f) => f.id),
    [],
    'numeric columns without a unit',
  );
});
