// package_search at volume keeps CKAN's answers (docs/open-data.md, "Search at volume"): the
// facet column answers fq and facets exactly as a naive query over the tables does, the count
// is estimated only past the threshold and says so, and a harvester paging by start continues
// each page exactly where the last one ended while datasets are added before its position.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { getJson, type Json, openDataTestApp } from './open-data.test-helpers.ts';

let t: TestApp;
before(async () => {
  t = await openDataTestApp();
});
after(async () => t.close());

const db = () => t.app.tambo.deps.db;
const search = async (params: Record<string, string>): Promise<Json> => {
  const { status, body } = await getJson(t, `/api/3/action/package_search?${new URLSearchParams(params)}`);
  assert.equal(status, 200, JSON.stringify(body));
  return body.result;
};

/** The naive query: the tables joined, no facet column, no index in mind. */
async function naive(where: ReturnType<typeof sql>): Promise<{ names: string[]; facets: Record<string, Record<string, number>> }> {
  const rows = await sql<{ name: string; org: string; tags: string[]; themes: string[]; license_id: string; formats: string[] }>`
    SELECT d.name, o.name AS org, d.tags, d.themes, d.license_id,
           ARRAY(SELECT DISTINCT upper(r.format) FROM open_data.resource r WHERE r.dataset_id = d.id) AS formats
    FROM open_data.dataset d JOIN open_data.organization o ON o.id = d.organization_id
    WHERE d.state = 'active' AND ${where} ORDER BY d.name`.execute(db());
  const facets: Record<string, Record<string, number>> = { organization: {}, tags: {}, groups: {}, res_format: {}, license_id: {} };
  const add = (field: string, value: string) => {
    facets[field]![value] = (facets[field]![value] ?? 0) + 1;
  };
  for (const row of rows.rows) {
    add('organization', row.org);
    add('license_id', row.license_id);
    for (const tag of new Set(row.tags)) add('tags', tag);
    for (const theme of new Set(row.themes)) add('groups', theme);
    for (const format of row.formats) add('res_format', format);
  }
  return { names: rows.rows.map((row) => row.name), facets };
}

describe('fq and facets over the facet column', () => {
  it('finds with three facets (and OR, and a negation) exactly what the naive query finds, with the same facet counts', async () => {
    const common = await sql<{ tag: string; theme: string; org: string }>`
      SELECT (SELECT tag FROM open_data.dataset, unnest(tags) tag GROUP BY tag ORDER BY count(*) DESC, tag LIMIT 1) AS tag,
             (SELECT th FROM open_data.dataset, unnest(themes) th GROUP BY th ORDER BY count(*) DESC, th LIMIT 1) AS theme,
             (SELECT o.name FROM open_data.dataset d JOIN open_data.organization o ON o.id = d.organization_id GROUP BY o.name ORDER BY count(*) DESC, o.name LIMIT 1) AS org`.execute(db());
    const { tag, theme, org } = common.rows[0]!;
    const hasCsv = sql`EXISTS (SELECT 1 FROM open_data.resource r WHERE r.dataset_id = d.id AND upper(r.format) = 'CSV')`;
    const cases = [
      { fq: `res_format:CSV -groups:${theme} license_id:cc-by`, where: sql`${hasCsv} AND NOT ${theme} = ANY (d.themes) AND d.license_id = 'cc-by'` },
      { fq: `tags:${tag} organization:${org} res_format:csv`, where: sql`${tag} = ANY (d.tags) AND o.name = ${org} AND ${hasCsv}` },
      { fq: `organization:${org} OR (groups:${theme} -tags:${tag})`, where: sql`(o.name = ${org} OR (${theme} = ANY (d.themes) AND NOT ${tag} = ANY (d.tags)))` },
    ];
    for (const { fq, where } of cases) {
      const expected = await naive(where);
      assert.ok(expected.names.length > 0, `the case ${fq} finds something`);
      const result = await search({ fq, rows: '1000', sort: 'name asc', 'facet.field': JSON.stringify(['organization', 'tags', 'groups', 'res_format', 'license_id']), 'facet.limit': '1000' });
      assert.deepEqual(
        result.results.map((d: Json) => d.name),
        expected.names,
        fq,
      );
      assert.equal(result.count, expected.names.length);
      assert.equal(result.count_was_estimated, false);
      assert.deepEqual(result.facets, expected.facets, `facets of ${fq}`);
    }
  });

  it('keeps the facet column true on every write: new tags, a resource’s format, a dataset removed', async () => {
    const [one] = (await search({ fq: 'res_format:CSV', rows: '1', sort: 'name asc' })).results as Json[];
    await sql`UPDATE open_data.dataset SET tags = tags || ARRAY['etiqueta-nueva'] WHERE id = ${one!.id}`.execute(db());
    assert.deepEqual(
      (await search({ fq: 'tags:etiqueta-nueva' })).results.map((d: Json) => d.id),
      [one!.id],
    );
    await sql`UPDATE open_data.resource SET format = 'xlsx' WHERE dataset_id = ${one!.id}`.execute(db());
    const xlsx = await search({ fq: 'res_format:XLSX', 'facet.field': '["res_format"]' });
    assert.deepEqual(
      xlsx.results.map((d: Json) => d.id),
      [one!.id],
    );
    assert.deepEqual(xlsx.facets.res_format, { XLSX: 1 });
    await sql`DELETE FROM open_data.resource WHERE dataset_id = ${one!.id}`.execute(db());
    assert.equal((await search({ fq: 'res_format:XLSX' })).count, 0);
    assert.equal((await search({ fq: 'tags:etiqueta-nueva' })).count, 1, 'the other facets stay');
  });
});

describe('the count', () => {
  it('is exact by default and at the threshold, estimated and flagged past it, as datastore_search does', async () => {
    const names = (await getJson(t, '/api/3/action/package_list')).body.result as string[];
    const exact = await search({ rows: '0' });
    assert.equal(exact.count, names.length);
    assert.equal(exact.count_was_estimated, false);
    const estimated = await search({ rows: '3', total_estimation_threshold: '0' });
    assert.equal(estimated.count_was_estimated, true);
    assert.ok(estimated.count > 0);
    assert.equal(estimated.results.length, 3, 'the page itself is exact');
    const counted = await search({ rows: '0', total_estimation_threshold: 'null' });
    assert.deepEqual([counted.count, counted.count_was_estimated], [names.length, false]);
    const bad = await getJson(t, '/api/3/action/package_search?total_estimation_threshold=many');
    assert.equal(bad.status, 409);
    assert.deepEqual(bad.body.error, { total_estimation_threshold: ['Invalid integer'], __type: 'Validation Error' });
  });
});

describe('harvester paging by start', () => {
  for (const sort of ['id asc', 'metadata_modified asc', 'metadata_modified desc']) {
    it(`continues page N at page N+1 exactly (sort=${sort}) while datasets are added before the position`, async () => {
      const org = (await sql<{ id: string }>`SELECT id FROM open_data.organization ORDER BY name LIMIT 1`.execute(db())).rows[0]!.id;
      const before = new Set<string>((await search({ rows: '1000', sort })).results.map((d: Json) => d.id));
      const rows = 6;
      const seen: string[] = [];
      const keys: string[] = [];
      for (let start = 0, page = 0; page < 100; start += rows, page++) {
        const result = await search({ rows: String(rows), start: String(start), sort });
        if (result.results.length === 0) break;
        for (const d of result.results as Json[]) {
          seen.push(d.id);
          keys.push(sort.startsWith('id') ? d.id : d.metadata_modified);
        }
        // Another publisher adds a dataset that sorts before every page served so far (the
        // smallest id, the oldest or newest change): with a plain offset the next page would
        // repeat the last dataset of this one.
        const n = String(page).padStart(4, '0');
        const id = sort.startsWith('id') ? `00000000-0000-4000-8000-00000000${n}` : crypto.randomUUID();
        const modified = sort === 'metadata_modified asc' ? `2001-01-01T00:00:${n.slice(2)}Z` : sort === 'metadata_modified desc' ? `2999-01-01T00:00:${n.slice(2)}Z` : '2020-01-01T00:00:00Z';
        await sql`
          INSERT INTO open_data.dataset (id, name, title, organization_id, license_id, contact_name, contact_email, metadata_created, metadata_modified)
          VALUES (${id}::uuid, ${`insertado-${sort.replace(/\W/g, '')}-${n}`}, 'Insertado', ${org}, 'cc-by', 'Prueba', 'prueba@example.org', ${modified}, ${modified})`.execute(db());
      }
      assert.equal(new Set(seen).size, seen.length, 'no dataset twice');
      assert.deepEqual(
        [...before].filter((id) => !seen.includes(id)),
        [],
        'none skipped',
      );
      const ordered = [...keys].sort();
      assert.deepEqual(keys, sort.endsWith('desc') ? ordered.reverse() : ordered, 'in the sort’s order');
      await sql`DELETE FROM open_data.dataset WHERE name LIKE 'insertado-%'`.execute(db());
    });
  }

  it('answers a start it has no cursor for by offset: the same page as the walk when nothing changed', async () => {
    const walk: string[] = [];
    for (let start = 0; start < 20; start += 5) walk.push(...(await search({ rows: '5', start: String(start), sort: 'name asc' })).results.map((d: Json) => d.name));
    const jump = await search({ rows: '4', start: '13', sort: 'name asc' });
    assert.deepEqual(
      jump.results.map((d: Json) => d.name),
      walk.slice(13, 17),
    );
  });
});
