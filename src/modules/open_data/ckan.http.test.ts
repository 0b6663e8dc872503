// CKAN's Action API as its real clients use it: the requests of ckanapi's RemoteCKAN (POST of
// a JSON body to /api/action/{name}, its error mapping by __type) and of ckanext-harvest's
// CKANHarvester (GET /api/3/action/package_search?rows=100&start=0&sort=id+asc&fq=…, paging
// by start until an empty page; organization_show/group_show by id), checked field by field.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../../../test/helpers/app.ts';
import { getJson, type Json, openDataTestApp } from './open-data.test-helpers.ts';

let t: TestApp;
before(async () => {
  t = await openDataTestApp();
});
after(async () => t.close());

/** ckanapi's RemoteCKAN.call_action: POST {address}/api/action/{name}, JSON body, its User-Agent. */
async function ckanapi(action: string, data: Record<string, unknown> = {}) {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/action/${action}`,
    headers: { 'content-type': 'application/json', 'user-agent': 'ckanapi/4.7 (+https://github.com/ckan/ckanapi)' },
    payload: JSON.stringify(data),
  });
  return { status: response.statusCode, body: JSON.parse(response.body) as Json };
}

/** ckanext-harvest's _search_for_datasets: every page of package_search sorted by id. */
async function harvest(fq?: string, rows = 100) {
  const params = new URLSearchParams({ rows: String(rows), start: '0', sort: 'id asc', ...(fq ? { fq } : {}) });
  const ids: string[] = [];
  const counts = new Set<number>();
  for (let page = 0; page < 50; page++) {
    const { status, body } = await getJson(t, `/api/3/action/package_search?${params}`);
    assert.equal(status, 200, JSON.stringify(body));
    counts.add(body.result.count);
    const results = body.result.results as Array<{ id: string }>;
    if (results.length === 0) break;
    ids.push(...results.map((r) => r.id));
    params.set('start', String(Number(params.get('start')) + rows));
  }
  return { ids, counts };
}

describe('the envelope and the addresses', () => {
  it('answers status_show at both prefixes, GET and POST, with CKAN’s envelope', async () => {
    for (const url of ['/api/3/action/status_show', '/api/action/status_show']) {
      const { status, body } = await getJson(t, url);
      assert.equal(status, 200);
      assert.deepEqual(Object.keys(body), ['help', 'success', 'result']);
      assert.equal(body.success, true);
      assert.match(body.help, /\/api\/3\/action\/help_show\?name=status_show$/);
      assert.equal(body.result.ckan_version, '2.10.4');
      assert.equal(body.result.locale_default, 'es');
    }
    const posted = await ckanapi('status_show');
    assert.equal(posted.status, 200);
    assert.equal(posted.body.result.site_title, 'Tambo');
  });

  it('answers errors as ckanapi maps them back (__type, message, status), never a 500', async () => {
    const missing = await ckanapi('package_show', { id: 'no-existe' });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body.error, { __type: 'Not Found Error', message: 'Not found' });
    assert.equal(missing.body.success, false);
    const noId = await ckanapi('package_show', {});
    assert.equal(noId.status, 409);
    assert.deepEqual(noId.body.error, { id: ['Missing value'], __type: 'Validation Error' });
    const badFq = await getJson(t, '/api/3/action/package_search?fq=owner:me');
    assert.equal(badFq.status, 400);
    assert.equal(badFq.body.error.__type, 'Search Query Error');
    assert.match(badFq.body.error.message, /^Search Query is invalid: undefined field owner/);
    for (const fq of ['organization:(a AND b)', 'tags:"x', 'metadata_modified:[yesterday TO *]', ')(', 'organization:a OR']) {
      const { status, body } = await getJson(t, `/api/3/action/package_search?fq=${encodeURIComponent(fq)}`);
      assert.equal(status, 400, fq);
      assert.equal(body.error.__type, 'Search Query Error', fq);
    }
    const badRows = await getJson(t, '/api/3/action/package_search?rows=diez');
    assert.equal(badRows.status, 409);
    assert.deepEqual(badRows.body.error, { rows: ['Invalid integer'], __type: 'Validation Error' });
    const badSort = await getJson(t, '/api/3/action/package_search?sort=popularity%20desc');
    assert.equal(badSort.body.error.__type, 'Search Query Error');
    const unknown = await getJson(t, '/api/3/action/package_create');
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body.error, { __type: 'Bad Request', message: 'Bad request - Action name not known: package_create' });
    const json = await t.app.inject({ method: 'POST', url: '/api/action/package_show', headers: { 'content-type': 'application/json' }, payload: '{"id": ' });
    assert.equal(json.statusCode, 400);
    assert.equal(JSON.parse(json.body).error.__type, 'Bad Request');
    const list = await t.app.inject({ method: 'POST', url: '/api/action/package_show', headers: { 'content-type': 'application/json' }, payload: '["x"]' });
    assert.equal(list.statusCode, 400);
  });

  it('ignores parameters it does not know, as CKAN does, and caps rows at 1000', async () => {
    const { status, body } = await getJson(t, '/api/3/action/package_search?rows=5000&include_private=true&ext_bbox=1,2,3,4&foo=bar');
    assert.equal(status, 200);
    assert.equal(body.result.results.length, body.result.count);
    assert.ok(body.result.count >= 30);
  });
});

describe('the harvester', () => {
  it('pages by start with a stable sort: every dataset once, none skipped, in id order', async () => {
    const names = (await ckanapi('package_list')).body.result as string[];
    const { ids, counts } = await harvest(undefined, 7);
    assert.equal(ids.length, names.length);
    assert.equal(new Set(ids).size, ids.length, 'no dataset twice');
    assert.deepEqual(ids, [...ids].sort(), 'sorted by id');
    assert.deepEqual([...counts], [names.length]);
  });

  it('filters by the organizations to include (OR) or exclude (-), by groups, and by changes since the last run', async () => {
    const include = await harvest('organization:segip OR organization:sereci');
    assert.equal(include.ids.length, 5);
    const shown = await Promise.all(include.ids.map(async (id) => (await ckanapi('package_show', { id })).body.result));
    assert.deepEqual([...new Set(shown.map((d) => d.organization.name))].sort(), ['segip', 'sereci']);
    const all = await harvest();
    const exclude = await harvest('-organization:segip -organization:sereci');
    assert.equal(exclude.ids.length, all.ids.length - 5);
    assert.equal(exclude.ids.filter((id) => include.ids.includes(id)).length, 0);
    const groups = await harvest('groups:energia');
    assert.ok(groups.ids.length >= 3);
    const future = await harvest('organization:segip metadata_modified:[2999-01-01T00:00:00.000000Z TO *]');
    assert.equal(future.ids.length, 0);
    const past = await harvest('organization:segip metadata_modified:[2020-01-01T00:00:00.000000Z TO *]');
    assert.equal(past.ids.length, 2);
  });

  it('finds by tag, format, licence and words, with facets that add up', async () => {
    const search = async (query: string) => (await getJson(t, `/api/3/action/package_search?${query}`)).body.result;
    assert.deepEqual(
      (await search('fq=tags:feriados')).results.map((d: { name: string }) => d.name),
      ['feriados-nacionales'],
    );
    const odbl = await search('fq=license_id:odc-odbl');
    assert.deepEqual(
      odbl.results.map((d: { license_id: string }) => d.license_id),
      ['odc-odbl', 'odc-odbl'],
    );
    const csv = await search('fq=res_format:CSV&rows=0');
    const json = await search('fq=res_format:JSON&rows=0');
    assert.ok(csv.count >= 30 && json.count >= 1);
    const words = await search('q=cédulas identidad');
    assert.equal(words.results[0].name, 'cedulas-emitidas');
    const fieldQ = await search('q=organization:segip&sort=name%20asc');
    assert.deepEqual(
      fieldQ.results.map((d: { name: string }) => d.name),
      ['cedulas-emitidas', 'licencias-de-conducir'],
    );
    const faceted = await search(`facet.field=${encodeURIComponent('["organization","license_id","res_format"]')}&rows=0`);
    const orgItems = faceted.search_facets.organization.items as Array<{ name: string; display_name: string; count: number }>;
    assert.equal(
      orgItems.reduce((sum, item) => sum + item.count, 0),
      faceted.count,
    );
    assert.equal(faceted.facets.organization.segip, 2);
    assert.equal(orgItems.find((i) => i.name === 'segip')?.display_name, 'Servicio General de Identificación Personal');
  });
});

describe('package_show, resource_show and the lists', () => {
  it('shows a dataset by name and by id, field by field', async () => {
    const byName = (await ckanapi('package_show', { id: 'feriados-nacionales' })).body.result;
    const byId = (await getJson(t, `/api/3/action/package_show?id=${byName.id}`)).body.result;
    assert.deepEqual(byId, byName);
    assert.match(byName.id, /^[0-9a-f-]{36}$/);
    assert.equal(byName.name, 'feriados-nacionales');
    assert.equal(byName.title, 'Feriados nacionales');
    assert.equal(byName.type, 'dataset');
    assert.equal(byName.state, 'active');
    assert.equal(byName.private, false);
    assert.equal(byName.license_id, 'cc-zero');
    assert.equal(byName.license_title, 'Creative Commons CCZero');
    assert.equal(byName.isopen, true);
    assert.equal(byName.version, '1.0');
    assert.match(byName.metadata_created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+$/);
    assert.equal(byName.organization.name, 'mintrab');
    assert.equal(byName.organization.is_organization, true);
    assert.equal(byName.owner_org, byName.organization.id);
    assert.deepEqual(
      byName.tags.map((tag: { name: string }) => tag.name),
      ['feriados', 'calendario', 'dias-habiles'],
    );
    assert.deepEqual(
      byName.groups.map((g: { name: string }) => g.name),
      ['gobierno', 'poblacion'],
    );
    assert.deepEqual(
      byName.extras.find((e: { key: string }) => e.key === 'frequency'),
      { key: 'frequency', value: 'ANNUAL' },
    );
    assert.equal(byName.num_resources, 1);
    const [resource] = byName.resources;
    assert.equal(resource.format, 'CSV');
    assert.equal(resource.mimetype, 'text/csv');
    assert.equal(resource.package_id, byName.id);
    assert.equal(resource.datastore_active, true);
    assert.equal(resource.url_type, 'upload');
    assert.match(resource.hash, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(
      resource.fields.map((f: { id: string; type: string }) => [f.id, f.type]),
      [
        ['fecha', 'date'],
        ['nombre', 'text'],
        ['nombre_en', 'text'],
        ['dia_semana', 'text'],
      ],
    );
    const shown = (await ckanapi('resource_show', { id: resource.id })).body.result;
    assert.deepEqual(shown, resource);
    const download = await t.app.inject({ url: new URL(resource.url).pathname });
    assert.equal(download.statusCode, 200);
    assert.match(download.headers['content-type'] as string, /^text\/csv/);
    assert.match(download.body, /^fecha,nombre,nombre_en,dia_semana\r\n2024-01-01,Año Nuevo,New Year's Day,lunes\r\n/);
    assert.equal((await ckanapi('resource_show', { id: '00000000-0000-0000-0000-000000000000' })).status, 404);
  });

  it('lists and shows organizations, groups, tags and licences as CKAN does', async () => {
    const orgs = (await ckanapi('organization_list')).body.result as string[];
    assert.ok(orgs.includes('segip') && orgs.includes('tambo'));
    assert.ok(orgs.length >= 7);
    const full = (await ckanapi('organization_list', { all_fields: true, sort: 'package_count desc' })).body.result;
    assert.ok(full[0].package_count >= full[1].package_count);
    const org = (await getJson(t, '/api/3/action/organization_show?id=segip')).body.result;
    assert.equal(org.title, 'Servicio General de Identificación Personal');
    assert.equal(org.package_count, 2);
    assert.equal(org.type, 'organization');
    const byId = (await getJson(t, `/api/3/action/organization_show?id=${org.id}&include_datasets=true`)).body.result;
    assert.deepEqual(
      byId.packages.map((p: { name: string }) => p.name),
      ['cedulas-emitidas', 'licencias-de-conducir'],
    );
    const groups = (await ckanapi('group_list')).body.result as string[];
    assert.ok(groups.includes('energia'));
    const group = (await getJson(t, '/api/3/action/group_show?id=energia')).body.result;
    assert.equal(group.is_organization, false);
    assert.ok(group.package_count >= 3);
    assert.equal((await getJson(t, '/api/3/action/group_show?id=nada')).status, 404);
    const tags = (await getJson(t, '/api/3/action/tag_list?query=agua')).body.result;
    assert.ok(tags.includes('agua'));
    const licenses = (await ckanapi('license_list')).body.result as Array<Record<string, unknown>>;
    assert.deepEqual(
      licenses.map((l) => l.id),
      ['notspecified', 'odc-pddl', 'odc-odbl', 'odc-by', 'cc-zero', 'cc-by', 'cc-by-sa', 'gfdl', 'other-open', 'other-pd', 'other-at', 'uk-ogl', 'cc-nc', 'other-nc', 'other-closed'],
    );
    assert.equal(licenses.find((l) => l.id === 'cc-by')?.title, 'Creative Commons Attribution');
  });
});

describe('the DataStore', () => {
  it('answers datastore_search with filters, sort, fields, limit, offset and the total; the dump gives the same rows', async () => {
    const dataset = (await ckanapi('package_show', { id: 'cedulas-emitidas' })).body.result;
    const id = dataset.resources[0].id;
    const { status, body } = await ckanapi('datastore_search', { resource_id: id, filters: { codigo: 'BO-L' }, sort: 'anio desc', fields: ['anio', 'cedulas'], limit: 3, offset: 1 });
    assert.equal(status, 200, JSON.stringify(body));
    const result = body.result;
    assert.equal(result.total, 7);
    assert.equal(result.total_was_estimated, false);
    assert.deepEqual(
      result.fields.map((f: { id: string; type: string }) => [f.id, f.type]),
      [
        ['anio', 'int'],
        ['cedulas', 'int'],
      ],
    );
    assert.deepEqual(
      result.records.map((r: { anio: number }) => r.anio),
      [2024, 2023, 2022],
    );
    assert.equal(result.records[0].cedulas, 378296);
    assert.equal(result._links.next, `/api/3/action/datastore_search?resource_id=${id}&limit=3&offset=4`);
    const q = (await getJson(t, `/api/3/action/datastore_search?resource_id=${id}&q=Pando&limit=100`)).body.result;
    assert.equal(q.total, 7);
    const bad = await ckanapi('datastore_search', { resource_id: id, filters: { poblacion: 1 } });
    assert.equal(bad.status, 409);
    assert.deepEqual(bad.body.error, { filters: ['field "poblacion" not in table'], __type: 'Validation Error' });
    assert.equal((await ckanapi('datastore_search', { resource_id: 'nada' })).status, 404);
    const csv = await t.app.inject({ url: `/datastore/dump/${id}?format=csv&filters=${encodeURIComponent('{"codigo":"BO-L"}')}&sort=anio%20desc&fields=anio,cedulas&limit=2` });
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.body, 'anio,cedulas\r\n2025,389645\r\n2024,378296\r\n');
    const json = JSON.parse((await t.app.inject({ url: `/datastore/dump/${id}?format=json&filters=${encodeURIComponent('{"codigo":"BO-L"}')}&sort=anio%20desc&fields=anio,cedulas&limit=2` })).body);
    assert.deepEqual(json.records, [
      [2025, 389645],
      [2024, 378296],
    ]);
  });
});

// The demo catalog is what issue #15 asks of it, read as a CKAN client reads it: at least 30
// datasets of at least 6 agencies plus the platform's own, realistic metadata (an open
// licence, a description, a contact, a frequency), and every tabular resource (one the
// DataStore holds) with its data dictionary: each column's id, type, meaning and unit, the
// dictionary naming exactly the columns datastore_search answers.
describe('the demo catalog', () => {
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
});
